//! Replays the differential cases recorded from the real AWS CLI parser
//! (`scripts/gen-shorthand-cases` → `tests/data/shorthand_differential.jsonl.gz`) and requires
//! agreement on every one: the tree, the values handed to the paramfile loader, and for errors
//! the kind, character index, expected and received tokens and the rendered message.

#[path = "../../../tests/oracles/shorthand.rs"]
mod oracle;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/shorthand_differential.jsonl.gz");

#[test]
fn agrees_with_the_aws_cli_on_every_recorded_case() {
    let cases = oracle::read_cases(std::path::Path::new(CASES));
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| oracle::check(case).map(|p| format!("{:?}: {p}", case["input"].as_str().unwrap())))
        .collect();
    let total = cases.len();
    assert!(total >= 5000, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases disagree:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}
