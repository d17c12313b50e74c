//! SARIF 2.1.0, the format GitHub code scanning and other tools ingest.
//!
//! Only the parts needed are written (a run, the tool with one rule per
//! code, results with a physical location), as plain serde structures; the
//! output is tested against the SARIF 2.1.0 JSON schema.

use serde::Serialize;
use serde_json::json;

use crate::report::diagnostic::{Code, Severity};

use super::Report;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sarif {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<serde_json::Value>,
}

/// Renders `report` as a SARIF 2.1.0 log. File paths become relative URIs
/// (`%SRCROOT%` base), as code scanning expects.
#[must_use]
pub fn sarif(report: &Report, tool_version: &str) -> String {
    let rules: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": code.as_str(),
                "shortDescription": {"text": code.description()},
                "defaultConfiguration": {"level": level(code.default_severity())},
                "helpUri": "https://github.com/chime-shape/chime-shape#error-codes",
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        for d in &file.diagnostics {
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut region = json!({
                "startLine": d.line.max(1),
                "startColumn": d.column.max(1),
            });
            if d.end_line >= d.line && (d.end_line, d.end_column) > (d.line, d.column) {
                region["endLine"] = json!(d.end_line);
                region["endColumn"] = json!(d.end_column);
            }
            let mut message = d.message.clone();
            if !d.path.is_empty() {
                message.push_str(&format!(" (at {})", d.path));
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.file), "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }],
            });
            // SARIF 2.1.0 §3.55: the fix as byte replacements of the file.
            if let Some(fix) = &d.fix {
                let replacements: Vec<serde_json::Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end.saturating_sub(e.start)},
                            "insertedContent": {"text": e.replacement},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": format!("{} fix", match fix.applicability {
                        crate::fix::Applicability::Safe => "safe",
                        crate::fix::Applicability::Unsafe => "unsafe",
                    })},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.file), "uriBaseId": "%SRCROOT%"},
                        "replacements": replacements,
                    }],
                }]);
            }
            results.push(result);
        }
    }
    // The run itself: inputs that could not be read, and the configuration
    // in force.
    let notifications: Vec<serde_json::Value> = report
        .unreadable
        .iter()
        .map(|input| {
            json!({
                "level": "error",
                "message": {"text": input.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&input.file), "uriBaseId": "%SRCROOT%"}
                }}],
            })
        })
        .collect();
    let mut invocation = json!({
        "executionSuccessful": report.unreadable.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    if let Some(config) = &report.config {
        invocation["properties"] = json!({"configuration": config});
    }
    let run = json!({
        "tool": {"driver": {
            "name": "chime-shape",
            "version": tool_version,
            "informationUri": "https://github.com/chime-shape/chime-shape",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": results,
    });
    let log =
        Sarif { schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: vec![run] };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A path as a relative URI reference: forward slashes, percent-encoding
/// of characters URIs do not allow, no leading `./`.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
