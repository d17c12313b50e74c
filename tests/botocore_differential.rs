//! Differential test against the installed botocore: for every operation of
//! every service model it ships (18,000+ operations in 1.43.11), our CLI name
//! and our `input` and `output` skeletons must equal (by sha256) what the AWS CLI's own
//! code produces (`scripts/botocore-skeletons`).
//!
//! Needs `python3` with botocore; without it the test says so and passes,
//! unless `CHIME_SHAPE_REQUIRE_BOTOCORE=1` (set by `.ci/run`) makes the
//! oracle mandatory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr, clippy::print_stdout)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use chime_shape::model::Model;
use chime_shape::skeleton::{Mode, render};
use sha2::{Digest, Sha256};

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_installed_botocore_service_matches_botocore() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let out = dir.join("botocore-skeletons.jsonl");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/botocore-skeletons");
    let status = Command::new("python3").arg(&script).arg(&out).status();
    let required = std::env::var("CHIME_SHAPE_REQUIRE_BOTOCORE").is_ok_and(|v| v == "1");
    match status {
        Ok(s) if s.success() => {}
        other => {
            assert!(!required, "botocore oracle unavailable: {other:?}");
            eprintln!("skipped: python3 with botocore is not available ({other:?})");
            return;
        }
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let mut models: HashMap<String, Model> = HashMap::new();
    let mut failures = Vec::new();
    let mut operations = 0;
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = case["path"].as_str().unwrap().to_owned();
        let model = models
            .entry(path.clone())
            .or_insert_with(|| Model::from_path(std::path::Path::new(&path)).unwrap());
        assert_eq!(model.name(), case["service"].as_str().unwrap(), "service name of {path}");
        let api_name = case["operation"].as_str().unwrap();
        let op = model.operation(api_name).unwrap();
        operations += 1;
        if op.cli_name != case["cli_name"].as_str().unwrap() {
            failures.push(format!(
                "{} {api_name}: cli name {} != {}",
                model.name(),
                op.cli_name,
                case["cli_name"]
            ));
        }
        for (mode, key) in [(Mode::Input, "input"), (Mode::Output, "output")] {
            if sha256(&render(model, op, mode)) != case[key].as_str().unwrap() {
                failures.push(format!(
                    "{} {}: {key} skeleton differs (see `scripts/botocore-skeletons --full`)",
                    model.name(),
                    op.cli_name
                ));
            }
        }
    }
    assert!(operations > 18_000, "only {operations} operations compared");
    assert!(models.len() > 400, "only {} models compared", models.len());
    assert!(
        failures.is_empty(),
        "{} of {operations} operations differ:\n{}",
        failures.len(),
        failures.iter().take(50).cloned().collect::<Vec<_>>().join("\n")
    );
    eprintln!("{operations} operations of {} services identical to botocore", models.len());
}
