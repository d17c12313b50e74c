//! The exported JSON Schemas, checked by an independent validator (the
//! `jsonschema` crate): every input and output schema of the 286 operations
//! compiles under draft 2020-12 (which validates it against the
//! meta-schema first), and on the fixture corpus the schema agrees with
//! `validate` for every code JSON Schema can express.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::Path;

use chime_shape::model::{EMBEDDED, Model, load_embedded};
use chime_shape::schema::{Side, operation_schema};

fn compile(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

#[test]
fn every_schema_compiles() {
    let mut count = 0;
    for embedded in EMBEDDED {
        let model = embedded.load().unwrap();
        for op in model.operations() {
            for side in [Side::Input, Side::Output] {
                let schema = operation_schema(&model, op, side);
                assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
                let _ = compile(&schema);
                count += 1;
            }
        }
    }
    assert_eq!(count, 572);
}

/// Whether JSON Schema can express the defect, by defect id. It cannot
/// express syntax errors and duplicate keys (a JSON parser has dealt with
/// them before a schema sees the document), nor which strings are
/// timestamps (the schema allows any string or number there).
fn expressible(defect: &str) -> bool {
    !(defect.starts_with("syntax")
        || defect.starts_with("duplicate-key")
        || defect.starts_with("type-timestamp"))
}

#[test]
fn the_schema_agrees_with_validate_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).unwrap()).unwrap();
    let mut models: HashMap<String, Model> = HashMap::new();
    let mut disagreements = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for entry in index["operations"].as_array().unwrap() {
        let service = entry["service"].as_str().unwrap();
        let model = models.entry(service.to_owned()).or_insert_with(|| load_embedded(service).unwrap());
        let op = model.operation(entry["cli_name"].as_str().unwrap()).unwrap();
        let validator = compile(&operation_schema(model, op, Side::Input));
        let dir = root.join(entry["dir"].as_str().unwrap());
        let load = |name: &str| -> serde_json::Value {
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap()
        };
        for name in entry["valid"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let document = load(name);
            if let Some(error) = validator.iter_errors(&document).next() {
                disagreements.push(format!("{}/{name}: valid, but the schema says {error}", dir.display()));
            }
            valid += 1;
        }
        for name in entry["defects"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            if !expressible(name) {
                continue;
            }
            if validator.is_valid(&load(name)) {
                disagreements.push(format!("{}/{name}: invalid, but the schema accepts it", dir.display()));
            }
            invalid += 1;
        }
    }
    assert!(valid > 280 && invalid > 2000, "{valid} valid, {invalid} invalid");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}
