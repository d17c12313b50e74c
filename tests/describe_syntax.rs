//! The "Shorthand Syntax", "Syntax" and "JSON Syntax" examples of every
//! top-level argument of the 286 embedded operations, against the AWS CLI's
//! own documentation code (`tests/golden/syntax-blocks.jsonl`, written by
//! `scripts/gen-syntax-blocks`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chime_shape::describe::syntax_blocks;
use chime_shape::model::{ShapeKind, load_embedded, xform_name};

#[test]
fn every_argument_has_the_cli_s_syntax_blocks() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/syntax-blocks.jsonl"))
            .unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut models = std::collections::HashMap::new();
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let service = case["service"].as_str().unwrap();
        let model = models.entry(service.to_owned()).or_insert_with(|| load_embedded(service).unwrap());
        let op = model.operation(case["operation"].as_str().unwrap()).unwrap();
        let input = op.input.as_ref().unwrap();
        let ShapeKind::Structure(s) = &model.shape(input.target).kind else { panic!() };
        let member = s
            .members
            .iter()
            .find(|m| format!("--{}", xform_name(&m.name, '-')) == case["option"].as_str().unwrap())
            .unwrap();
        let blocks = syntax_blocks(model, member);
        for (key, ours) in
            [("shorthand", &blocks.shorthand), ("syntax", &blocks.syntax), ("json", &blocks.json)]
        {
            let expected = case[key].as_str();
            if ours.as_deref() != expected {
                wrong.push(format!(
                    "{service} {} {}: {key}\n  ours: {ours:?}\n  cli:  {expected:?}",
                    case["operation"], case["option"]
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 700, "{checked}");
    assert!(wrong.is_empty(), "{} of {checked} differ:\n{}", wrong.len(), wrong.join("\n"));
}
