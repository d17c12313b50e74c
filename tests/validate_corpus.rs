//! The fixture corpus (`tests/corpus/`, written by `scripts/gen-corpus` from
//! the models and checked there against botocore's ParamValidator): for every
//! operation of the six services, valid documents must give no error, and
//! each document with exactly one defect must give exactly that finding —
//! right code, right JSON pointer, right line and column — in both its JSON
//! and its YAML form, and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::Path;

use chime_shape::doc::Limits;
use chime_shape::model::{Model, load_embedded};
use chime_shape::report::diagnostic::{Code, Severity};
use chime_shape::validate::file::{InputFormat, check_bytes};
use chime_shape::validate::{Validator, pointer_matches};

#[test]
fn corpus_documents_get_exactly_their_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).unwrap()).unwrap();
    let mut models: HashMap<String, Model> = HashMap::new();
    let mut failures = Vec::new();
    let (mut valid_checked, mut defects_checked) = (0, 0);
    let mut codes_seen: HashMap<String, usize> = HashMap::new();
    for entry in index["operations"].as_array().unwrap() {
        let service = entry["service"].as_str().unwrap();
        let model = models.entry(service.to_owned()).or_insert_with(|| load_embedded(service).unwrap());
        let validator = Validator::new(model);
        let op = model.operation(entry["cli_name"].as_str().unwrap()).unwrap();
        let dir = root.join(entry["dir"].as_str().unwrap());
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        for format in ["json", "yaml"] {
            let input_format = if format == "json" { InputFormat::Json } else { InputFormat::Yaml };
            let check = |name: &str| {
                let bytes = std::fs::read(dir.join(format!("{name}.{format}"))).unwrap();
                check_bytes(&validator, op, name, &bytes, input_format, &Limits::DEFAULT)
            };
            for valid in entry["valid"].as_array().unwrap() {
                let name = valid.as_str().unwrap();
                let report = check(name);
                valid_checked += 1;
                let errors: Vec<_> =
                    report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
                if !errors.is_empty() {
                    failures
                        .push(format!("{} {name}.{format}: expected valid, got {errors:?}", dir.display()));
                }
            }
            for defect in entry["defects"].as_array().unwrap() {
                let name = defect.as_str().unwrap();
                let want = &expected[name];
                let report = check(name);
                defects_checked += 1;
                // The voice ClientRequestId pattern is not valid ECMA-262: its
                // warning may accompany any document that sets it.
                let findings: Vec<_> =
                    report.diagnostics.iter().filter(|d| d.code != Code::PatternUnchecked).collect();
                let position = &want[format];
                let matches = findings.len() == 1
                    && findings[0].code.as_str() == want["code"]
                    && pointer_matches(&findings[0].path, want["pointer"].as_str().unwrap_or_default())
                    && u64::from(findings[0].line) == position["line"]
                    && u64::from(findings[0].column) == position["column"];
                if matches {
                    *codes_seen.entry(format!("{}/{format}", want["code"].as_str().unwrap())).or_default() +=
                        1;
                } else {
                    failures.push(format!(
                        "{}/{name}.{format}: expected {} at {} {}:{}, got {:?}",
                        dir.display(),
                        want["code"],
                        want["pointer"],
                        position["line"],
                        position["column"],
                        findings
                            .iter()
                            .map(|d| (d.code, &d.path, d.line, d.column, &d.message))
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(valid_checked >= 600, "{valid_checked} valid documents");
    assert!(defects_checked >= 5000, "{defects_checked} defect documents");
    // Every wrong document is named, one line each: a failure here must
    // say which case, however many there are.
    assert!(
        failures.is_empty(),
        "{} of {} documents wrong:\n{}",
        failures.len(),
        valid_checked + defects_checked,
        failures.join("\n")
    );
    for code in [
        "syntax",
        "duplicate-key",
        "required",
        "unknown",
        "type",
        "enum",
        "length",
        "items",
        "range",
        "pattern",
    ] {
        for format in ["json", "yaml"] {
            assert!(
                codes_seen.get(&format!("{code}/{format}")).copied().unwrap_or(0) > 10,
                "{code} {format}"
            );
        }
    }
}
