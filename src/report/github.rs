//! GitHub Actions workflow commands (`::error file=...::message`): each
//! finding becomes an annotation on the pull request's diff.

use std::fmt::Write as _;

use crate::diagnostic::Severity;

use super::Report;

/// Escapes a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders `report` as workflow commands, one per finding.
#[must_use]
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for d in &file.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if !d.path.is_empty() {
                let _ = write!(message, " (at {})", d.path);
            }
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.file),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                escape_property(&format!("chime-shape {}", d.code)),
                escape_data(&message),
            );
        }
    }
    out
}
