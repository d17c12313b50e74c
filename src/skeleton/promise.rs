//! The promise of `--example` (issue 18): `skeleton input OP --example |
//! validate --operation OP -` exits 0, for every operation of every embedded
//! model and of the other models the tests keep, in JSON and YAML, full and
//! `--required-only`. Checked through the library, as `validate` checks a
//! file ([`check_bytes`]), so that it runs in seconds.

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

use std::path::PathBuf;

use crate::doc::Limits;
use crate::model::{EMBEDDED, Model};
use crate::validate::Validator;
use crate::validate::file::{InputFormat, check_bytes};

use super::example::Options;
use super::{Mode, render_example};

/// Checks every operation of `model`; returns (documents checked, the
/// failures, the warnings given).
fn check_model(model: &Model) -> (usize, Vec<String>, Vec<String>) {
    let validator = Validator::new(model);
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut warned = Vec::new();
    for op in model.operations() {
        for (mode, format) in [(Mode::Input, InputFormat::Json), (Mode::YamlInput, InputFormat::Yaml)] {
            for required_only in [false, true] {
                let options = Options { example: true, required_only };
                let (text, warnings) = render_example(model, op, mode, options);
                warned
                    .extend(warnings.iter().map(|w| format!("{} {}: {}", op.cli_name, w.pointer, w.message)));
                let report =
                    check_bytes(&validator, op, "example", text.as_bytes(), format, &Limits::DEFAULT);
                checked += 1;
                let errors: Vec<String> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::report::diagnostic::Severity::Error)
                    .map(|d| format!("{} {}", d.path, d.message))
                    .collect();
                if !report.valid {
                    failures.push(format!(
                        "{} {} {} required_only={required_only}: {errors:?} (warnings: {warnings:?})",
                        model.name(),
                        op.cli_name,
                        mode.as_str()
                    ));
                }
            }
        }
    }
    (checked, failures, warned)
}

#[test]
fn every_embedded_operation_example_validates() {
    let mut total = 0;
    let mut all = Vec::new();
    for embedded in EMBEDDED {
        let model = embedded.load().unwrap();
        let (checked, failures, warned) = check_model(&model);
        // The one pattern of the Chime models that cannot be checked
        // (`^[-_a-zA-Z0-9]*${2,64}$`, a quantifier on `$`) is said so; no
        // other warning.
        for w in &warned {
            assert!(w.contains("cannot be checked") && w.contains("${2,64}"), "{}: {w}", embedded.name);
        }
        total += checked;
        all.extend(failures);
    }
    assert!(all.is_empty(), "{} of {total} failed:\n{}", all.len(), all.join("\n"));
    // 286 operations × 2 formats × (full, required-only).
    assert_eq!(total, 286 * 4);
}

#[test]
fn every_operation_of_other_models_example_validates() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/models");
    let mut total = 0;
    let mut all = Vec::new();
    for service in ["dynamodb", "lambda", "bedrock-runtime", "iot-data"] {
        let model = Model::from_path(&dir.join(service).join("service-2.json.gz")).unwrap();
        let (checked, failures, _) = check_model(&model);
        total += checked;
        all.extend(failures);
    }
    assert!(all.is_empty(), "{} of {total} failed:\n{}", all.len(), all.join("\n"));
}

/// Every model of the installed botocore (when there is one): run with
/// `cargo test --lib skeleton::promise -- --ignored --nocapture`.
#[test]
#[ignore = "minutes: every operation of every installed botocore model"]
fn every_installed_botocore_operation_example_validates() {
    let Ok(out) = std::process::Command::new("python3")
        .args(["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"])
        .output()
    else {
        return;
    };
    let data = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("data");
    let Ok(services) = std::fs::read_dir(&data) else { return };
    let mut paths: Vec<PathBuf> = services
        .flatten()
        .filter_map(|s| {
            let mut versions: Vec<PathBuf> =
                std::fs::read_dir(s.path()).ok()?.flatten().map(|v| v.path()).collect();
            versions.sort();
            versions.last().map(|v| v.join("service-2.json.gz")).filter(|p| p.is_file())
        })
        .collect();
    paths.sort();
    let (mut total, mut failed, mut warned) = (0, 0, 0);
    for path in &paths {
        let Ok(model) = Model::from_path(path) else { continue };
        let (checked, failures, warnings) = check_model(&model);
        total += checked;
        warned += warnings.len();
        for w in warnings {
            eprintln!("warning: {} {w}", model.name());
        }
        failed += failures.len();
        for f in failures {
            eprintln!("{f}");
        }
    }
    eprintln!("{} models, {total} documents, {failed} failed, {warned} warnings", paths.len());
}
