//! Every skeleton of the six embedded services, and of the other botocore
//! services under `tests/data/models/`, compared byte for byte with the
//! reference CLI's output committed in `tests/golden/` (see its README for
//! how each file was produced).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chime_shape::model::{EMBEDDED, LoadOptions, Model};
use chime_shape::skeleton::{Mode, render};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn extension(mode: Mode) -> &'static str {
    match mode {
        Mode::YamlInput => "yaml",
        Mode::Input | Mode::Output => "json",
    }
}

/// Compares every operation of `model` with `dir/<op>.<ext>`; returns the
/// number compared and appends the mismatches to `report`.
fn compare(model: &Model, dir: &Path, mode: Mode, report: &mut String) -> usize {
    let mut compared = 0;
    for op in model.operations() {
        let path = dir.join(format!("{}.{}", op.cli_name, extension(mode)));
        let Ok(expected) = std::fs::read_to_string(&path) else {
            let _ = writeln!(report, "missing golden {}", path.display());
            continue;
        };
        compared += 1;
        let actual = render(model, op, mode);
        if actual != expected {
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, e)| a != e)
                .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
            let _ = writeln!(
                report,
                "{} {} {}: differs at line {}\n  ours:   {:?}\n  golden: {:?}",
                model.name(),
                op.cli_name,
                mode.as_str(),
                line + 1,
                actual.lines().nth(line),
                expected.lines().nth(line),
            );
        }
    }
    compared
}

#[test]
fn embedded_services_match_the_reference_cli_in_all_three_modes() {
    let mut report = String::new();
    for mode in [Mode::Input, Mode::YamlInput, Mode::Output] {
        let mut total = 0;
        for embedded in EMBEDDED {
            // Both embedded texts: the botocore file, and the one without
            // documentation that the CLI loads for `input` and `output`
            // (`yaml-input` shows the documentation).
            let variants: &[bool] = if mode == Mode::YamlInput { &[true] } else { &[true, false] };
            for &documentation in variants {
                let model = embedded.load_with(LoadOptions { documentation }).unwrap();
                let dir = root().join("tests/golden").join(mode.as_str()).join(embedded.name);
                total += compare(&model, &dir, mode, &mut report);
            }
        }
        let expected = if mode == Mode::YamlInput { 286 } else { 2 * 286 };
        assert_eq!(total, expected, "{} goldens compared for {}\n{report}", total, mode.as_str());
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn other_botocore_services_match_the_reference_cli() {
    let models = root().join("tests/data/models");
    let mut report = String::new();
    let mut services = 0;
    for entry in std::fs::read_dir(&models).unwrap() {
        let service_dir = entry.unwrap().path();
        let model = Model::from_path(&service_dir.join("service-2.json.gz")).unwrap();
        let golden = root().join("tests/golden/models").join(model.name());
        for mode in [Mode::Input, Mode::Output] {
            let compared = compare(&model, &golden.join(mode.as_str()), mode, &mut report);
            assert_eq!(compared, model.operations().len(), "{}: {}", model.name(), mode.as_str());
        }
        services += 1;
    }
    assert!(services >= 4, "expected the dynamodb, lambda, bedrock-runtime and iot-data models");
    assert!(report.is_empty(), "{report}");
}
