//! ANSI styles: the one place escape sequences are written. Every coloured
//! output (the text report, `parse`'s findings, `describe` pages) takes
//! its styles from here, so a finding looks the same wherever it is shown.

use super::diagnostic::Severity;

/// Bold: locations, headings.
pub const BOLD: &str = "\x1b[1m";
/// Bold red: errors.
pub const RED: &str = "\x1b[1;31m";
/// Bold yellow: warnings.
pub const YELLOW: &str = "\x1b[1;33m";
/// Bold blue: the gutter of a source snippet.
pub const BLUE: &str = "\x1b[1;34m";
/// Bold cyan: notes, option names.
pub const CYAN: &str = "\x1b[1;36m";
/// Dim: code fences.
pub const DIM: &str = "\x1b[2m";
/// Back to plain text.
pub const RESET: &str = "\x1b[0m";

/// The style of a severity's label (`error[...]`).
#[must_use]
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Note => CYAN,
    }
}

/// `text` in `style` when `on`, else `text` as it is.
#[must_use]
pub fn paint(on: bool, style: &str, text: &str) -> String {
    if on { format!("{style}{text}{RESET}") } else { text.to_owned() }
}
