//! GitHub Actions workflow commands (`::error file=...::message`): each
//! finding becomes an annotation on the pull request's diff.

use std::fmt::Write as _;

use crate::guard::sanitize::escape;
use crate::report::diagnostic::Severity;

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
                Severity::Note => "notice",
            };
            // Control characters other than the line breaks escape_data
            // encodes would reach the log raw.
            let mut message = escape(&d.message).into_owned();
            if !d.path.is_empty() {
                let _ = write!(message, " (at {})", d.path);
            }
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&escape(&file.file)),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                escape_property(&format!("chime-shape {}", d.code)),
                escape_data(&message),
            );
        }
    }
    for input in &report.unreadable {
        let _ = writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&escape(&input.file)),
            escape_property("chime-shape unreadable"),
            escape_data(&escape(&input.message)),
        );
    }
    out
}
