//! Never panic: patterns glued together from syntax fragments (valid, invalid, Java, Annex B),
//! compiled, matched and rewritten. A deterministic generator keeps the test reproducible; the
//! module must answer every one with a value, not a panic, and no engine may panic either.

use crate::pattern::{ErrorKind, MatchError, Pattern, to_ecma262};

const TOKENS: &[&str] = &[
    "a",
    "b",
    "é",
    "😀",
    " ",
    "-",
    ",",
    "\\d",
    "\\w",
    "\\s",
    "\\S",
    "\\W",
    ".",
    "^",
    "$",
    "|",
    "(",
    ")",
    "(?:",
    "(?=",
    "(?!",
    "(?<=",
    "(?<!",
    "(?<n>",
    "(?>",
    "[",
    "]",
    "[^",
    "*",
    "+",
    "?",
    "*?",
    "++",
    "{2}",
    "{1,3}",
    "{,2}",
    "{3,}",
    "{",
    "}",
    "\\1",
    "\\2",
    "\\k<n>",
    "\\b",
    "\\B",
    "\\p{L}",
    "\\P{N}",
    "\\p{Alnum}",
    "\\p{Alpha}",
    "\\pL",
    "\\p{Bogus}",
    "\\:",
    "\\-",
    "\\_",
    "\\0",
    "\\07",
    "\\012",
    "\\x41",
    "\\x{1F600}",
    "\\u0041",
    "\\uD83D\\uDE00",
    "\\uD800",
    "\\u{10FFFF}",
    "\\u10000",
    "&&",
    "(?i)",
    "(?s)",
    "(?m)",
    "(?i:",
    "\\A",
    "\\z",
    "\\Z",
    "\\\\",
    "\\",
    "\\cJ",
    "\\c",
    "\\q",
    "a-z",
    "z-a",
    "\\w-.",
    "[]",
    "[^]",
    "\\/",
    "/",
];

fn next(state: &mut u64) -> u64 {
    // xorshift64*
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

#[test]
fn random_patterns_never_panic() {
    let haystacks = ["", "a", "ab1 é", "aaaa", "\n", "A_b-9", "😀z", "-:,_"];
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let (mut compiled, mut rejected, mut rewritten) = (0, 0, 0);
    for _ in 0..20_000 {
        let len = 1 + next(&mut state) % 12;
        let source: String = (0..len)
            .map(|_| TOKENS[usize::try_from(next(&mut state) % TOKENS.len() as u64).unwrap()])
            .collect();
        let outcome = std::panic::catch_unwind(|| {
            let ecma = to_ecma262(&source);
            match Pattern::compile(&source) {
                Ok(p) => {
                    for h in haystacks {
                        match p.is_match(h) {
                            Ok(_) | Err(MatchError::BacktrackLimitExceeded { .. }) => {}
                            Err(e) => panic!("{source:?} on {h:?}: {e}"),
                        }
                    }
                    (true, ecma.is_some())
                }
                Err(e) => {
                    assert_ne!(e.kind(), ErrorKind::Internal, "{source:?}: {e}");
                    (false, ecma.is_some())
                }
            }
        });
        let Ok((ok, has_ecma)) = outcome else { panic!("panic on {source:?}") };
        if ok {
            compiled += 1;
        } else {
            rejected += 1;
        }
        if has_ecma {
            rewritten += 1;
        }
    }
    eprintln!("fuzz: {compiled} compiled, {rejected} rejected, {rewritten} with an ECMA-262 rewrite");
    assert!(compiled > 1000 && rejected > 1000);
}

/// Writes random compiled patterns with the Rust answers on fixed probes to `$FUZZ_OUT`
/// (JSON lines) for `tests/tools/fuzz_oracle.mjs` to check against node.
#[test]
#[ignore = "investigation tool: set FUZZ_OUT and run tests/tools/fuzz_oracle.mjs"]
fn write_fuzz_corpus() {
    let Ok(path) = std::env::var("FUZZ_OUT") else {
        return;
    };
    let haystacks = [
        "",
        "a",
        "b",
        "ab",
        "ba",
        "aa",
        "aaaa",
        "abab",
        "ab1 é",
        "A_b-9",
        "😀",
        "😀z",
        "-:,_",
        "\n",
        "a\nb",
        " ",
        "\u{a0}",
        "é",
        "ÉA",
        "12",
        "٣",
        "a-b",
        "a b",
        "AB",
        "z",
        "/",
        "\\",
        "a:b",
        "\u{7}",
        "\u{1f600}a",
        "x😀x",
    ];
    let mut state = 0x1234_5678_9ABC_DEF1_u64;
    let mut out = String::new();
    let mut n = 0;
    while n < 30_000 {
        let len = 1 + next(&mut state) % 10;
        let source: String = (0..len)
            .map(|_| TOKENS[usize::try_from(next(&mut state) % TOKENS.len() as u64).unwrap()])
            .collect();
        let Ok(p) = Pattern::compile(&source) else {
            continue;
        };
        let Some(ecma) = to_ecma262(&source) else {
            continue;
        };
        let answers: Vec<serde_json::Value> =
            haystacks.iter().filter_map(|h| p.is_match(h).ok().map(|b| serde_json::json!([h, b]))).collect();
        out.push_str(
            &serde_json::json!({"p": source, "ecma": ecma, "rust": answers, "translated": p.translated()})
                .to_string(),
        );
        out.push('\n');
        n += 1;
    }
    std::fs::write(path, out).unwrap();
}
