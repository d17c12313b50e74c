//! Document and validation benchmarks:
//!
//! * `doc/parse_json`, `doc/parse_yaml`: the span-keeping parsers on a 2.6 KB request
//!   (`chime-sdk-media-pipelines create-media-capture-pipeline`, six levels deep, from
//!   `tests/corpus/`) and on a generated 10 MB one (`chime batch-update-phone-number`
//!   with ~70,000 items);
//! * `validate`: `Validator::validate` alone (document parsed beforehand) on a small valid
//!   request, a small request with six findings of five kinds, and the 10 MB request;
//! * `check_bytes`: what `chime-shape validate` does per file (decode, parse, validate,
//!   locate findings by line and column), for the small documents in JSON and YAML and
//!   for the 10 MB one.
//!
//! The validator is built once per benchmark and reused, as the CLI reuses it across
//! files, so pattern compilation is paid in the warm-up only; `validate/first-use`
//! measures a fresh validator (compiling the patterns the document needs) instead.
//!
//! `cargo bench --bench validate` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use chime_shape::doc::{self, Document, Limits};
use chime_shape::model::{self, Model};
use chime_shape::validate::Validator;
use chime_shape::validate::file::{self, InputFormat};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MEDIUM_JSON: &str =
    include_str!("../tests/corpus/chime-sdk-media-pipelines/create-media-capture-pipeline/valid.json");
const MEDIUM_YAML: &str =
    include_str!("../tests/corpus/chime-sdk-media-pipelines/create-media-capture-pipeline/valid.yaml");
const SMALL_VALID_JSON: &str = include_str!("../tests/corpus/chime/update-user/valid.json");
const SMALL_VALID_YAML: &str = include_str!("../tests/corpus/chime/update-user/valid.yaml");
/// `chime update-user` with six findings: pattern (x2), enum, type (x2), unknown member
/// (with a "did you mean" suggestion).
const SMALL_INVALID_JSON: &str = r#"{
    "AccountId": " ",
    "UserId": " ",
    "LicenseType": "Gold",
    "UserType": 3,
    "AlexaForBusinessMetadata": {
        "IsAlexaForBusinessEnabled": "yes",
        "AlexaForBusinesRoomArn": "arn:aws:a4b:us-east-1:111122223333:room/example"
    }
}
"#;
const SMALL_INVALID_YAML: &str = "AccountId: ' '
UserId: ' '
LicenseType: Gold
UserType: 3
AlexaForBusinessMetadata:
  IsAlexaForBusinessEnabled: 'yes'
  AlexaForBusinesRoomArn: arn:aws:a4b:us-east-1:111122223333:room/example
";

const PRODUCT_TYPES: [&str; 3] = ["BusinessCalling", "VoiceConnector", "SipMediaApplicationDialIn"];

/// A valid `chime batch-update-phone-number` request of at least `bytes` bytes, laid
/// out as `json.dumps(indent=4)` would (what `scripts/bench-compare` generates too).
fn large_json(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    s.push_str("{\n    \"UpdatePhoneNumberRequestItems\": [\n");
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
        .expect("write to String");
        i += 1;
    }
    s.push_str("\n    ]\n}\n");
    s
}

/// The same request as block-style YAML.
fn large_yaml(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    s.push_str("UpdatePhoneNumberRequestItems:\n");
    let mut i = 0usize;
    while s.len() < bytes {
        write!(
            s,
            "- PhoneNumberId: '+1206{:07}'\n  ProductType: {}\n  CallingName: Caller {}\n",
            i % 10_000_000,
            PRODUCT_TYPES[i % 3],
            i % 100_000
        )
        .expect("write to String");
        i += 1;
    }
    s
}

const TEN_MB: usize = 10 * 1024 * 1024;

fn parse_json(text: &str) -> Document {
    let (document, problems) = doc::parse_json(text, &Limits::DEFAULT).expect("benchmark document parses");
    assert!(problems.is_empty(), "benchmark document has problems: {problems:?}");
    document
}

fn parse_yaml(text: &str) -> Document {
    let (document, problems) = doc::parse_yaml(text, &Limits::DEFAULT).expect("benchmark document parses");
    assert!(problems.is_empty(), "benchmark document has problems: {problems:?}");
    document
}

fn bytes(n: usize) -> Throughput {
    Throughput::Bytes(u64::try_from(n).expect("size fits u64"))
}

fn parse_small(c: &mut Criterion) {
    let mut group = c.benchmark_group("doc");
    group.throughput(bytes(MEDIUM_JSON.len()));
    group.bench_function("parse_json/2.6KB", |b| {
        b.iter(|| doc::parse_json(black_box(MEDIUM_JSON), &Limits::DEFAULT));
    });
    group.throughput(bytes(MEDIUM_YAML.len()));
    group.bench_function("parse_yaml/1.9KB", |b| {
        b.iter(|| doc::parse_yaml(black_box(MEDIUM_YAML), &Limits::DEFAULT));
    });
    group.finish();
}

fn parse_large(c: &mut Criterion) {
    let json = large_json(TEN_MB);
    let yaml = large_yaml(TEN_MB);
    parse_json(&json);
    parse_yaml(&yaml);
    let mut group = c.benchmark_group("doc");
    group.throughput(bytes(json.len()));
    group.bench_function("parse_json/10MB", |b| {
        b.iter(|| doc::parse_json(black_box(&json), &Limits::DEFAULT))
    });
    group.throughput(bytes(yaml.len()));
    group.bench_function("parse_yaml/10MB", |b| {
        b.iter(|| doc::parse_yaml(black_box(&yaml), &Limits::DEFAULT))
    });
    group.finish();
}

fn validate_small(c: &mut Criterion) {
    let model: Model = model::load_embedded("chime").expect("embedded model loads");
    let op = model.operation("update-user").expect("operation exists");
    let validator = Validator::new(&model);
    let valid = parse_json(SMALL_VALID_JSON);
    let invalid = parse_json(SMALL_INVALID_JSON);
    assert!(validator.validate(op, &valid).is_empty(), "valid document has findings");
    assert_eq!(validator.validate(op, &invalid).len(), 6, "invalid document: six findings");

    let mut group = c.benchmark_group("validate");
    group.bench_function("small-valid", |b| b.iter(|| validator.validate(op, black_box(&valid))));
    group.bench_function("small-invalid", |b| b.iter(|| validator.validate(op, black_box(&invalid))));
    group.bench_function("first-use/small-valid", |b| {
        b.iter(|| Validator::new(&model).validate(op, black_box(&valid)));
    });
    group.finish();

    let limits = Limits::DEFAULT;
    let mut group = c.benchmark_group("check_bytes");
    for (name, text, format) in [
        ("small-valid.json", SMALL_VALID_JSON, InputFormat::Json),
        ("small-valid.yaml", SMALL_VALID_YAML, InputFormat::Yaml),
        ("small-invalid.json", SMALL_INVALID_JSON, InputFormat::Json),
        ("small-invalid.yaml", SMALL_INVALID_YAML, InputFormat::Yaml),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| file::check_bytes(&validator, op, name, black_box(text.as_bytes()), format, &limits));
        });
    }
    group.finish();
}

fn validate_large(c: &mut Criterion) {
    let model: Model = model::load_embedded("chime").expect("embedded model loads");
    let op = model.operation("batch-update-phone-number").expect("operation exists");
    let validator = Validator::new(&model);
    let json = large_json(TEN_MB);
    let document = parse_json(&json);
    let findings = validator.validate(op, &document);
    assert!(findings.is_empty(), "10 MB document has findings: {:?}", findings.first());

    let mut group = c.benchmark_group("validate");
    group.throughput(bytes(json.len()));
    group.bench_function("10MB", |b| b.iter(|| validator.validate(op, black_box(&document))));
    group.finish();

    let limits = Limits::DEFAULT;
    let mut group = c.benchmark_group("check_bytes");
    group.throughput(bytes(json.len()));
    group.bench_function("10MB.json", |b| {
        b.iter(|| {
            file::check_bytes(
                &validator,
                op,
                "large.json",
                black_box(json.as_bytes()),
                InputFormat::Json,
                &limits,
            )
        });
    });
    group.finish();
}

criterion_group! {
    name = small;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = parse_small, validate_small
}
criterion_group! {
    name = large;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = parse_large, validate_large
}
criterion_main!(small, large);
