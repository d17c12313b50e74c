//! A sample of the AWS CLI's own documentation examples, every service and
//! every class of `scripts/cli-examples-agreement` (plain, CLI service
//! names, pagination, streaming output files, renamed and customised
//! arguments, commands that are no operation), replayed through the steps
//! of `chime-shape --model … parse --no-validate aws …`: each must give the
//! parameters AWS CLI 1.45.11 handed botocore (key order included), or be
//! refused where the CLI refused. The cases and the CLI's captures are in
//! `tests/data/cli-examples.jsonl`; the models they need, trimmed to the
//! operations used, in `tests/data/cli-examples-models/` (both written by
//! `scripts/cli-examples-agreement --sample … --models …`). Cases recorded
//! as disagreeing (`"agree": false`) are the README's listed differences:
//! they may start agreeing, never the other way round.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::Path;

use chime_shape::awscli;
use chime_shape::cliargs::{self, SystemEnvironment};
use chime_shape::model::Model;
use chime_shape::python::value::Value;

/// What `parse` makes of a case: the parameters, or the exit status.
fn ours(
    models: &mut HashMap<String, Option<Model>>,
    root: &Path,
    case: &serde_json::Value,
) -> Result<Value, u8> {
    let args: Vec<String> =
        case["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
    let line = cliargs::split_aws_line("aws", &args).map_err(|_| 2u8)?.ok_or(2u8)?;
    if awscli::not_an_operation(&line.service, &line.operation).is_some() {
        return Err(2);
    }
    let name = case["model"].as_str().ok_or(2u8)?;
    let model = models
        .entry(name.to_owned())
        .or_insert_with(|| {
            Model::from_path(
                &root.join("tests/data/cli-examples-models").join(name).join("service-2.json.gz"),
            )
            .ok()
        })
        .as_ref()
        .ok_or(2u8)?;
    if !awscli::cli_service_names(model).contains(&line.service) {
        return Err(2);
    }
    let operation = model.operation(&line.operation).map_err(|_| 2u8)?;
    let words: Vec<Option<String>> = line.args.iter().cloned().map(Some).collect();
    let checked = cliargs::check_arguments(model, operation, &words, false, &SystemEnvironment);
    if !checked.unsupported.is_empty() {
        return Err(2);
    }
    checked.outcome.map(|r| r.cli_parameters()).map_err(|e| e.exit_code())
}

/// The script's encoding of a Python value: dicts as `[key, value]` pairs
/// (order kept), lists as `{"$list": …}`.
fn encode(value: &Value) -> serde_json::Value {
    match value {
        Value::Map(entries) => {
            serde_json::Value::Array(entries.iter().map(|(k, v)| serde_json::json!([k, encode(v)])).collect())
        }
        Value::List(items) => serde_json::json!({ "$list": items.iter().map(encode).collect::<Vec<_>>() }),
        other => other.to_json(),
    }
}

#[test]
fn documentation_examples_give_the_cli_s_parameters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/data/cli-examples.jsonl")).unwrap();
    let mut models = HashMap::new();
    let (mut agree, mut recorded) = (0, 0);
    let mut classes: HashMap<String, usize> = HashMap::new();
    let mut regressions = Vec::new();
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let class = case["class"].as_str().unwrap().to_owned();
        *classes.entry(class.clone()).or_default() += 1;
        let result = ours(&mut models, root, &case);
        let cli = &case["cli"];
        let same = match (&result, cli.get("params")) {
            _ if class == "not-an-operation" => result == Err(2),
            (Ok(value), Some(params)) => encode(value) == *params,
            (Err(_), None) => true,
            _ => false,
        };
        let expected = case["agree"].as_bool().unwrap();
        recorded += usize::from(expected);
        agree += usize::from(same);
        if expected && !same {
            regressions.push(format!(
                "{} [{class}] {}\n  cli:  {cli}\n  ours: {}",
                case["id"],
                case["args"],
                match &result {
                    Ok(v) => encode(v).to_string(),
                    Err(code) => format!("exit {code}"),
                }
            ));
        }
    }
    assert!(
        regressions.is_empty(),
        "{} cases no longer agree:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    for class in [
        "plain",
        "pagination",
        "streaming-output",
        "customised-argument",
        "renamed-argument",
        "not-an-operation",
    ] {
        assert!(classes.get(class).is_some_and(|n| *n >= 5), "too few {class} cases: {classes:?}");
    }
    assert!(
        agree >= recorded && agree > 200,
        "{agree} of {} agree ({recorded} recorded)",
        text.lines().count()
    );
}

/// The embedded paginators are the files `models/manifest.json` records,
/// byte for byte as the botocore wheel ships them.
#[test]
fn embedded_paginators_match_the_manifest() {
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("models/manifest.json")).unwrap()).unwrap();
    for entry in manifest["services"].as_array().unwrap() {
        let path = root.join("models").join(entry["paginators_path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let sum: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sum, entry["paginators_sha256"].as_str().unwrap(), "{}", path.display());
        let service = entry["service"].as_str().unwrap();
        chime_shape::model::embedded_paginators(service).unwrap();
    }
}
