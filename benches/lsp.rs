//! The language server's cost per keystroke, without the transport:
//!
//! * `lsp/change+diagnostics`: an incremental change to a 1 MB request document (an
//!   enum value made wrong, then right again, alternately), then its diagnostics — the
//!   whole check the server runs when typing pauses: apply the edit, find the
//!   operation, parse, validate, convert the findings to UTF-16 positions. JSON and
//!   YAML (`chime batch-update-phone-number`, about 7,000 items). Goal: 50 ms.
//! * `lsp/hover`, `lsp/completion`: the requests at the end of the same documents.
//!
//! `cargo bench --bench lsp` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;

use chime_shape::lsp::{ConfigChoice, Options, Session};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

const PRODUCT_TYPES: [&str; 3] = ["BusinessCalling", "VoiceConnector", "SipMediaApplicationDialIn"];

const ONE_MB: usize = 1024 * 1024;

/// A valid `chime batch-update-phone-number` request of at least `bytes`
/// bytes, as `json.dumps(indent=4)` lays it out (as `benches/validate.rs`).
fn large_json(bytes: usize) -> String {
    let mut s = String::from("{\n    \"UpdatePhoneNumberRequestItems\": [\n");
    let mut i = 0usize;
    while s.len() < bytes {
        if i > 0 {
            s.push_str(",\n");
        }
        write!(
            s,
            "        {{\n            \"PhoneNumberId\": \"+1206{:07}\",\n            \"ProductType\": \"{}\",\n            \"CallingName\": \"Caller {}\"\n        }}",
            i % 10_000_000,
            PRODUCT_TYPES[i % 3],
            i % 100_000
        )
        .unwrap();
        i += 1;
    }
    s.push_str("\n    ]\n}\n");
    s
}

/// The same request as block-style YAML.
fn large_yaml(bytes: usize) -> String {
    let mut s = String::from("UpdatePhoneNumberRequestItems:\n");
    let mut i = 0usize;
    while s.len() < bytes {
        write!(
            s,
            "- PhoneNumberId: '+1206{:07}'\n  ProductType: {}\n  CallingName: Caller {}\n",
            i % 10_000_000,
            PRODUCT_TYPES[i % 3],
            i % 100_000
        )
        .unwrap();
        i += 1;
    }
    s
}

/// The position of the first `BusinessCalling` on the last third of `text`.
fn target(text: &str) -> Position {
    let at = text[text.len() * 2 / 3..].find("BusinessCalling").unwrap() + text.len() * 2 / 3;
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    Position { line: u32::try_from(line).unwrap(), character: u32::try_from(column).unwrap() }
}

/// A session for `chime` (`batch-update-phone-number` is also an operation of
/// `chime-sdk-voice`, so the file name alone does not tell).
fn session(uri: &Uri, language: &str, text: &str) -> Session {
    let mut session = Session::new(Options {
        service: Some("chime".to_owned()),
        config: ConfigChoice::Off,
        ..Options::default()
    });
    session.open(uri.clone(), language, 1, text.to_owned());
    assert!(session.diagnostics(uri).unwrap().diagnostics.is_empty(), "the document is valid");
    session
}

fn change_and_diagnostics(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    for (language, text) in [("json", large_json(ONE_MB)), ("yaml", large_yaml(ONE_MB))] {
        let uri: Uri = format!("file:///bench/numbers.batch-update-phone-number.{language}").parse().unwrap();
        let mut session = session(&uri, language, &text);
        let at = target(&text);
        // `BusinessCalling` → `BusinessCallinX` → `BusinessCalling` …: one
        // finding every other change.
        let last = Position { line: at.line, character: at.character + 14 };
        let mut version = 1;
        group.throughput(Throughput::Bytes(u64::try_from(text.len()).unwrap()));
        group.bench_function(format!("change+diagnostics/{language}-1MB"), |b| {
            b.iter(|| {
                version += 1;
                let letter = if version % 2 == 0 { "X" } else { "g" };
                let change = TextDocumentContentChangeEvent {
                    range: Some(Range {
                        start: last,
                        end: Position { line: last.line, character: last.character + 1 },
                    }),
                    range_length: None,
                    text: letter.to_owned(),
                };
                assert!(session.change(&uri, version, vec![change]));
                let published = session.diagnostics(&uri).unwrap();
                assert_eq!(published.diagnostics.len(), usize::from(version % 2 == 0));
                black_box(published)
            });
        });
        let end = Position { line: at.line, character: at.character + 2 };
        group.bench_function(format!("hover/{language}-1MB"), |b| {
            b.iter(|| black_box(session.hover(&uri, end)));
        });
        group.bench_function(format!("completion/{language}-1MB"), |b| {
            b.iter(|| black_box(session.completion(&uri, end)));
        });
    }
    group.finish();
}

criterion_group!(benches, change_and_diagnostics);
criterion_main!(benches);
