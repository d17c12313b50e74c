//! The `--format text` rendering: one line per finding, as compilers write
//! them, then a summary line; on a terminal, optionally, the source line
//! with a caret under the finding.

use std::fmt::Write as _;

use crate::diagnostic::Severity;
use crate::doc::Span;

use super::Report;

/// How the text is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours.
    pub color: bool,
    /// Show the source line and a caret under each finding (needs the
    /// sources: pass them to [`text`]).
    pub snippets: bool,
    /// Leave out the summary line.
    pub quiet: bool,
}

/// Renders `report`. `source(file)` returns a file's text for snippets.
#[must_use]
pub fn text(report: &Report, options: TextOptions, source: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let paint = |code: &str, text: &str| {
        if options.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    };
    for file in &report.files {
        let snippets = options.snippets && !file.diagnostics.is_empty();
        let text = if snippets { source(&file.file).map(|s| mask(&s, &file.sensitive)) } else { None };
        for d in &file.diagnostics {
            let level = match d.severity {
                Severity::Error => paint("1;31", &format!("error[{}]", d.code)),
                Severity::Warning => paint("1;33", &format!("warning[{}]", d.code)),
            };
            let location = paint("1", &format!("{}:{}:{}", file.file, d.line, d.column));
            let _ = write!(out, "{location}: {level}: {}", d.message);
            if !d.path.is_empty() {
                let _ = write!(out, " (at {})", d.path);
            }
            out.push('\n');
            if let Some(text) = &text
                && let Some(line) = text.lines().nth(d.line.saturating_sub(1) as usize)
            {
                let number = d.line.to_string();
                let gutter = " ".repeat(number.len());
                let caret_len =
                    if d.end_line == d.line { d.end_column.saturating_sub(d.column).max(1) } else { 1 };
                let shown: String = line.chars().take(200).collect();
                let _ = writeln!(out, "{gutter} {}", paint("1;34", "|"));
                let _ = writeln!(out, "{} {} {shown}", paint("1;34", &number), paint("1;34", "|"));
                let pad = " ".repeat(d.column.saturating_sub(1) as usize);
                let carets = "^".repeat(caret_len.min(200) as usize);
                let color = if d.severity == Severity::Error { "1;31" } else { "1;33" };
                let _ = writeln!(out, "{gutter} {} {pad}{}", paint("1;34", "|"), paint(color, &carets));
            }
        }
    }
    if !options.quiet {
        let s = &report.summary;
        let noun = if s.files == 1 { "file" } else { "files" };
        let _ = writeln!(
            out,
            "{} {noun} checked: {} valid, {} invalid ({} {}, {} {})",
            s.files,
            s.valid,
            s.invalid,
            s.errors,
            if s.errors == 1 { "error" } else { "errors" },
            s.warnings,
            if s.warnings == 1 { "warning" } else { "warnings" },
        );
    }
    out
}

/// `source` with every character inside `spans` (and on a character
/// boundary) replaced by `*`, line breaks kept: columns stay where they were,
/// and no sensitive value reaches the screen through a snippet.
fn mask(source: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return source.to_owned();
    }
    // Disjoint, sorted ranges (a sensitive structure may hold sensitive members).
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    let mut ranges: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match ranges.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => ranges.push(span),
        }
    }
    let mut out = String::with_capacity(source.len());
    let mut ranges = ranges.iter().peekable();
    for (at, c) in source.char_indices() {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        while ranges.next_if(|r| r.end <= at).is_some() {}
        let inside = ranges.peek().is_some_and(|r| r.start <= at);
        out.push(if inside && c != '\n' && c != '\r' { '*' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};
    use crate::doc::LineIndex;
    use crate::report::{FileReport, Finding};

    #[test]
    fn snippets_put_a_caret_under_the_value() {
        let source = "AccountId: a\nLicenseType: Platinum\n";
        let mut file = FileReport::new("bob.yaml", "chime", Some("update-user".into()));
        let d = Diagnostic::new(
            Code::Enum,
            "/LicenseType",
            Span::new(26, 34),
            "\"Platinum\" is not one of Basic",
        );
        file.push(Finding::locate(&d, &LineIndex::new(source)));
        let report = Report::new(vec![file]);
        let options = TextOptions { color: false, snippets: true, quiet: true };
        let text = text(&report, options, &|_| Some(source.to_owned()));
        assert_eq!(
            text,
            "bob.yaml:2:14: error[enum]: \"Platinum\" is not one of Basic (at /LicenseType)\n  |\n2 | LicenseType: Platinum\n  |              ^^^^^^^^\n"
        );
        let coloured =
            super::text(&report, TextOptions { color: true, ..options }, &|_| Some(source.to_owned()));
        assert!(coloured.contains("\x1b[1;31m^^^^^^^^\x1b[0m"));
    }

    /// A snippet never shows a sensitive value, neither the one a finding
    /// is about nor another on the same line; the caret stays in place.
    #[test]
    fn snippets_mask_sensitive_values() {
        let source = "{\"UserId\": \"u\", \"Phone\": \"SECRET\", \"Pin\": \"é1\", \"Oops\": 1}\n";
        let phone = Span::new(25, 33);
        let pin = Span::new(42, 47);
        let mut file = FileReport::new("a.json", "chime", Some("x".into()));
        let d = Diagnostic::new(Code::Unknown, "/Oops", Span::new(49, 55), "unknown member");
        file.push(Finding::locate(&d, &LineIndex::new(source)));
        file.sensitive = vec![pin, phone, Span::new(26, 28)];
        let report = Report::new(vec![file]);
        let options = TextOptions { color: false, snippets: true, quiet: true };
        let text = text(&report, options, &|_| Some(source.to_owned()));
        assert!(!text.contains("SECRET") && !text.contains("é1"), "{text}");
        assert!(text.contains("\"Phone\": ********, \"Pin\": ****, \"Oops\""), "{text}");
        let caret_line = text.lines().last().unwrap_or_default();
        assert_eq!(caret_line.find('^'), text.lines().nth(2).and_then(|l| l.find("\"Oops\"")), "{text}");
    }
}
