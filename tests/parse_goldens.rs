//! 1,235 AWS CLI argument lists across the six services, replayed through
//! `cliargs::parse_arguments`: each must give the parameters the installed
//! AWS CLI (1.45.11) passed to botocore, or an error where the CLI refused
//! (`tests/data/parse-cases.jsonl`, captured by `scripts/gen-parse-cases`
//! with a `calling-command` handler; the notes are in
//! `tests/data/parse-cases.md`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chime_shape::cliargs::{self, Environment};
use chime_shape::doc::Limits;
use chime_shape::model::{Model, load_embedded};

#[path = "oracles/python.rs"]
mod python;

/// Files from `tests/data/parse-cases-files/`, environment from the case.
struct CaseEnv {
    dir: PathBuf,
    vars: HashMap<String, Option<String>>,
}

impl Environment for CaseEnv {
    fn read_file(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(if path.is_absolute() { path.to_path_buf() } else { self.dir.join(path) })
    }
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned().flatten()
    }
}

/// Cases where chime-shape deliberately differs from AWS CLI v1, by kind
/// prefix, with the reason (also in the README).
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "json-nan",
        "NaN and Infinity are not JSON; chime-shape refuses them where Python's json.loads takes them",
    ),
    ("cli-input-json-nan", "the same, in --cli-input-json"),
    (
        "argparse-global-option-bad-choice",
        "global options (--output yaml, valid in v2) are accepted and ignored, not checked",
    ),
];

#[test]
fn argument_lists_give_the_cli_s_parameters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = root.join("tests/data/parse-cases-files");
    let text = std::fs::read_to_string(root.join("tests/data/parse-cases.jsonl")).unwrap();
    let mut models: HashMap<String, Model> = HashMap::new();
    let (mut agree, mut deviations) = (0, 0);
    let mut failures = Vec::new();
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap();
        let kind = case["kind"].as_str().unwrap();
        let service = case["service"].as_str().unwrap();
        let model = models.entry(service.to_owned()).or_insert_with(|| load_embedded(service).unwrap());
        let args: Vec<String> =
            case["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
        let absolute = files.display().to_string();
        let vars = case["env"]
            .as_object()
            .map(|env| {
                env.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map(|s| s.replace("@FILES@", &absolute))))
                    .collect()
            })
            .unwrap_or_default();
        let env = CaseEnv { dir: files.clone(), vars };
        let ours = match model.operation(&args[0]) {
            Ok(op) => cliargs::parse_arguments(model, op, &args[1..], &env)
                .map(|r| r.cli_parameters())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let expected = &case["result"];
        let (exact, _) = chime_shape::doc::parse_json(line, &Limits::DEFAULT).unwrap();
        let params = exact.pointer("/result/params");
        let same = match (params, &ours) {
            (Some(params), Ok(value)) => python::decode(&exact, params) == *value,
            (None, Err(_)) => true,
            _ => false,
        };
        if same {
            agree += 1;
        } else if DEVIATIONS.iter().any(|(prefix, _)| kind.starts_with(prefix)) {
            deviations += 1;
        } else {
            failures.push(format!(
                "{id} [{kind}] {args:?}\n  cli:  {}\n  ours: {}",
                expected,
                match &ours {
                    Ok(v) => v.to_json().to_string(),
                    Err(e) => format!("error: {e}"),
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ ({agree} agree, {deviations} documented deviations):\n{}",
        failures.len(),
        text.lines().count(),
        failures.join("\n")
    );
    assert!(agree > 1150, "{agree}");
    assert!(deviations < 30, "{deviations}");
}
