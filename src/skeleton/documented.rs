//! botocore's documented examples: the `examples-1.json` that botocore
//! ships beside some services' `service-2.json`, whose request inputs
//! `skeleton --example` prefers to made-up values when they are valid.
//!
//! The Chime family's files are empty in botocore 1.43.11 (`"examples":
//! {}`), so only a model given with `--model` next to its examples file
//! gets them; nothing is embedded.

use std::path::Path;

use crate::guard::fsread;

/// An examples file larger than this is not read (botocore's largest is
/// well under 1 MB).
const MAX_EXAMPLES_BYTES: u64 = 16 * 1024 * 1024;

/// The request inputs documented for `operation` (its API name) in the
/// `examples-1.json` beside `model_file`, in the file's order; empty when
/// there is no such file, it does not parse, or it documents none.
#[must_use]
pub fn inputs(model_file: &Path, operation: &str) -> Vec<serde_json::Value> {
    let Some(dir) = model_file.parent() else { return Vec::new() };
    let Ok(bytes) = fsread::read_regular(&dir.join("examples-1.json"), MAX_EXAMPLES_BYTES) else {
        return Vec::new();
    };
    let Ok(file) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return Vec::new() };
    file.get("examples")
        .and_then(|examples| examples.get(operation))
        .and_then(serde_json::Value::as_array)
        .map(|list| list.iter().filter_map(|e| e.get("input")).filter(|i| i.is_object()).cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_inputs_of_one_operation() {
        let dir = std::env::temp_dir().join(format!("chime-shape-examples-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("examples-1.json"),
            r#"{"version": "1.0", "examples": {"GetItem": [{"input": {"TableName": "Music"}}, {"output": {}}]}}"#,
        )
        .unwrap();
        let model = dir.join("service-2.json");
        assert_eq!(inputs(&model, "GetItem"), [serde_json::json!({"TableName": "Music"})]);
        assert!(inputs(&model, "PutItem").is_empty());
        assert!(inputs(&dir.join("nowhere").join("service-2.json"), "GetItem").is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
