//! The `--format text` rendering: one line per finding, as compilers write
//! them, then a summary line; on a terminal, optionally, the source line
//! with a caret under the finding.
//!
//! Everything that comes from a file — its name, values quoted in
//! messages, pointers, source lines — passes through [`crate::guard::sanitize`],
//! so no control character or forged line reaches the terminal or a CI log.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::doc::{LineIndex, Span};
use crate::guard::sanitize::{escape, guard_line_start};
use crate::report::diagnostic::{Code, Severity};

use super::{FileReport, Finding, Report, style};

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

/// Characters of a source line shown in a snippet.
const SNIPPET_CHARS: usize = 200;
/// When the finding lies further right than this, the snippet starts
/// this many characters before it instead of at the line's start.
const SNIPPET_LEAD: usize = 60;

/// Renders `report`. `source(i)` returns the text of `report.files[i]` for
/// snippets: by position, not name, since two inputs may share a name
/// (`-` with `--stdin-filename`, or two names that are not UTF-8).
#[must_use]
pub fn text(
    report: &Report,
    options: TextOptions,
    source: &(dyn Fn(usize) -> Option<String> + Sync),
) -> String {
    let mut out = files_text(&report.files, options, source);
    summary(&mut out, report, options);
    out
}

/// The lines of `files`: a batch's files in chunks on the pool's threads
/// (the rendering is what is left after the checks), joined in order.
fn files_text(
    files: &[FileReport],
    options: TextOptions,
    source: &(dyn Fn(usize) -> Option<String> + Sync),
) -> String {
    #[cfg(feature = "parallel")]
    if files.len() >= super::PARALLEL_FILES {
        use rayon::prelude::*;
        let parts: Vec<String> = files
            .par_chunks(super::CHUNK_FILES)
            .enumerate()
            .map(|(chunk, files)| {
                let mut out = String::new();
                write_files(&mut out, files, chunk * super::CHUNK_FILES, options, source);
                out
            })
            .collect();
        let mut out = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 256);
        for part in parts {
            out.push_str(&part);
        }
        return out;
    }
    let mut out = String::new();
    write_files(&mut out, files, 0, options, source);
    out
}

/// The lines of `files`, the first of which is the report's file `first`.
fn write_files(
    out: &mut String,
    files: &[FileReport],
    first: usize,
    options: TextOptions,
    source: &(dyn Fn(usize) -> Option<String> + Sync),
) {
    let paint = |style: &str, text: &str| style::paint(options.color, style, text);
    let (mut location, mut line) = (String::new(), String::new());
    for (i, file) in files.iter().enumerate() {
        let i = first + i;
        let snippets = options.snippets && !file.diagnostics.is_empty() && !file.hide_source;
        let text = if snippets { source(i).map(|s| mask(&s, &file.sensitive)) } else { None };
        let index = text.as_deref().map(LineIndex::new);
        let name = escape(&file.file);
        for d in &file.diagnostics {
            // Into buffers kept across findings: a batch writes thousands
            // of lines, and each took half a dozen strings.
            location.clear();
            start_paint(&mut location, options.color, style::BOLD);
            let _ = write!(location, "{name}:{}:{}", d.line, d.column);
            end_paint(&mut location, options.color);
            line.clear();
            write_finding_line(&mut line, &location, d.severity, d.code, &d.message, &d.path, options.color);
            out.push_str(&guard_line_start(&line));
            // As ruff marks them: `--fix` (or, unsafe, `--unsafe-fixes`)
            // would clear this finding.
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(crate::fix::Applicability::Safe) => out.push_str(" [*]"),
                Some(crate::fix::Applicability::Unsafe) => out.push_str(" [*unsafe]"),
                None => {}
            }
            out.push('\n');
            if let (Some(text), Some(index)) = (&text, &index)
                && let Some(source_line) = index.line_text(text, d.line)
            {
                snippet(out, source_line, d, &paint);
            }
        }
    }
}

/// The summary line, unless `quiet`.
fn summary(out: &mut String, report: &Report, options: TextOptions) {
    if !options.quiet {
        let s = &report.summary;
        let noun = if s.files == 1 { "file" } else { "files" };
        if let Some(commands) = s.commands {
            let _ = write!(out, "{commands} aws {} in ", if commands == 1 { "command" } else { "commands" });
        }
        let _ = write!(
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
        let fixable = report
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == crate::fix::Applicability::Safe))
            .count();
        if fixable > 0 {
            let _ = write!(out, "; {fixable} fixable with --fix ([*])");
        }
        if s.not_shown > 0 {
            let _ = write!(out, "; {} not shown", s.not_shown);
        }
        if s.unreadable > 0 {
            let _ = write!(out, "; {} unreadable", s.unreadable);
        }
        if s.skipped > 0 && s.commands.is_some() {
            let _ = write!(out, "; {} not checked (--verbose lists them)", s.skipped);
        } else if s.skipped > 0 {
            let _ = write!(out, "; {} skipped (operation unknown)", s.skipped);
        }
        if let Some(config) = &report.config {
            let _ = write!(out, "; configuration {}", escape(config));
        }
        out.push('\n');
    }
}

/// One finding as compilers write it, `LOCATION: severity[code]: message
/// (at /pointer)`, with the label coloured when `color`: the line of the
/// text report and of `parse`. `location` is already escaped (and styled,
/// if the caller wants it so); the message and pointer are escaped here,
/// and the line cannot start a CI workflow command.
#[must_use]
pub fn finding_line(
    location: &str,
    severity: Severity,
    code: Code,
    message: &str,
    pointer: &str,
    color: bool,
) -> String {
    let mut line = String::new();
    write_finding_line(&mut line, location, severity, code, message, pointer, color);
    guard_line_start(&line).into_owned()
}

/// [`finding_line`] written into `line`, before [`guard_line_start`].
fn write_finding_line(
    line: &mut String,
    location: &str,
    severity: Severity,
    code: Code,
    message: &str,
    pointer: &str,
    color: bool,
) {
    line.push_str(location);
    line.push_str(": ");
    start_paint(line, color, style::severity(severity));
    line.push_str(severity.as_str());
    line.push('[');
    line.push_str(code.as_str());
    line.push(']');
    end_paint(line, color);
    line.push_str(": ");
    line.push_str(&escape(message));
    if !pointer.is_empty() {
        line.push_str(" (at ");
        line.push_str(&escape(pointer));
        line.push(')');
    }
}

/// What [`style::paint`] writes before the text.
fn start_paint(out: &mut String, color: bool, style: &str) {
    if color {
        out.push_str(style);
    }
}

/// What [`style::paint`] writes after the text.
fn end_paint(out: &mut String, color: bool) {
    if color {
        out.push_str(style::RESET);
    }
}

/// The gutter, the (escaped, possibly windowed) source line and the carets.
/// The caret's padding follows what is shown, never the raw column: a
/// finding at column 5,000,000 costs a window of the line, not 5 MB of
/// spaces.
fn snippet(out: &mut String, source_line: &str, d: &Finding, paint: &dyn Fn(&str, &str) -> String) {
    let column = d.column.saturating_sub(1) as usize;
    let skip = if column > SNIPPET_LEAD * 2 { column - SNIPPET_LEAD } else { 0 };
    let mut chars = source_line.chars().skip(skip);
    let before: String = chars.by_ref().take(column - skip).collect();
    let wanted = if d.end_line == d.line { d.end_column.saturating_sub(d.column).max(1) as usize } else { 1 };
    let room = SNIPPET_CHARS.saturating_sub(column - skip);
    let marked: String = chars.by_ref().take(wanted.min(room.max(1))).collect();
    let after: String = chars.by_ref().take(room.saturating_sub(wanted)).collect();
    let lead = if skip > 0 { "…" } else { "" };
    let trail = if chars.next().is_some() { "…" } else { "" };
    let before = visible(&before);
    let marked = visible(&marked);
    let pad = " ".repeat(lead.chars().count() + before.chars().count());
    let carets = "^".repeat(marked.chars().count().max(1));
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint(style::BLUE, "|");
    let _ = writeln!(out, "{gutter} {bar}");
    let _ = writeln!(
        out,
        "{} {bar} {lead}{before}{marked}{}{trail}",
        paint(style::BLUE, &number),
        visible(&after)
    );
    let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(style::severity(d.severity), &carets));
}

/// Source text as shown in a snippet: escaped, tabs kept as one space so
/// that carets line up.
fn visible(text: &str) -> Cow<'_, str> {
    if text.contains('\t') { Cow::Owned(escape(&text.replace('\t', " ")).into_owned()) } else { escape(text) }
}

/// `source` with every character inside `spans` (and on a character
/// boundary) replaced by `*`, line breaks kept: columns stay where they were,
/// and no sensitive value reaches the screen through a snippet.
fn mask(source: &str, spans: &[Span]) -> String {
    masked(source, spans, |_| 1)
}

/// `source` with every byte of every character inside `spans` replaced by
/// `*`, line breaks kept: byte offsets stay where they were, so edits
/// computed on the source apply to the masked text too (`--diff`).
#[must_use]
pub fn mask_bytes(source: &str, spans: &[Span]) -> String {
    masked(source, spans, char::len_utf8)
}

/// `source` with each character inside `spans` (line breaks aside)
/// replaced by `width(c)` asterisks.
fn masked(source: &str, spans: &[Span], width: fn(char) -> usize) -> String {
    if spans.is_empty() {
        return source.to_owned();
    }
    let ranges = crate::doc::span::merge_spans(spans);
    let mut out = String::with_capacity(source.len());
    let mut ranges = ranges.iter().peekable();
    for (at, c) in source.char_indices() {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        while ranges.next_if(|r| r.end <= at).is_some() {}
        let inside = ranges.peek().is_some_and(|r| r.start <= at);
        if inside && c != '\n' && c != '\r' {
            out.extend(std::iter::repeat_n('*', width(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::doc::LineIndex;
    use crate::report::diagnostic::{Code, Diagnostic};
    use crate::report::{FileReport, Finding};

    /// A batch's report, with findings whose text needs escaping and
    /// guarding, and files with none.
    pub(crate) fn batch() -> Report {
        let source = "AccountId: a\nLicenseType: Platinum\n";
        let files = (0..150)
            .map(|i| {
                let name =
                    if i % 7 == 0 { format!("::a\n\\\"files\": []\t{i}.json") } else { format!("{i}.yaml") };
                let mut file = FileReport::new(&name, "chime", Some("update-user".into()));
                for k in 0..i % 4 {
                    let message = format!("\"Plat\u{1b}[31m##[inum\" {k} is not one of Basic é\n");
                    let d = Diagnostic::new(Code::Enum, "/License~1Type", Span::new(26, 34), &message);
                    file.push(Finding::locate(&d, &LineIndex::new(source)));
                }
                file
            })
            .collect();
        Report::new(files).with_skipped(vec!["x\n  \"files\": []".into()]).with_config(Some("c\"".into()))
    }

    #[test]
    fn a_batch_is_written_as_one_file_after_another() {
        let report = batch();
        let source = "AccountId: a\nLicenseType: Platinum\n";
        for (color, snippets) in [(false, false), (true, true)] {
            let options = TextOptions { color, snippets, quiet: false };
            let sources = |i: usize| i.is_multiple_of(3).then(|| source.to_owned());
            let mut one_by_one = String::new();
            write_files(&mut one_by_one, &report.files, 0, options, &sources);
            summary(&mut one_by_one, &report, options);
            assert_eq!(text(&report, options, &sources), one_by_one);
        }
    }

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

    /// A finding far along one long line costs a window of the line, not
    /// `column` spaces of padding; the caret stays under the finding.
    #[test]
    fn long_lines_are_windowed() {
        let source = format!("{{\"A\": \"{}\", \"Oops\": 1}}\n", "x".repeat(5_000_000));
        let at = u32::try_from(source.find("\"Oops\"").unwrap_or(0)).unwrap_or(0);
        let mut file = FileReport::new("a.json", "chime", Some("x".into()));
        let d = Diagnostic::new(Code::Unknown, "/Oops", Span::new(at, at + 6), "unknown member");
        file.push(Finding::locate(&d, &LineIndex::new(&source)));
        let report = Report::new(vec![file]);
        let options = TextOptions { color: false, snippets: true, quiet: true };
        let text = text(&report, options, &|_| Some(source.clone()));
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].find("\"Oops\"").unwrap_or(0);
        let caret = lines[3].find('^').unwrap_or(usize::MAX);
        // Both lines are ASCII after the "…" (3 bytes, 1 column).
        assert_eq!(lines[2][..shown].chars().count(), lines[3][..caret].chars().count(), "{text}");
        assert!(lines[3].ends_with("^^^^^^"), "{text}");
    }

    /// Control characters in a snippet are shown escaped, and the caret
    /// follows the escaped text.
    #[test]
    fn snippets_escape_control_characters() {
        let source = "{\"A\": \"\u{1b}]0;x\u{7}\", \"Oops\": 1}\n";
        let at = u32::try_from(source.find("\"Oops\"").unwrap_or(0)).unwrap_or(0);
        let mut file = FileReport::new("a\u{1b}[2J.json", "chime", Some("x".into()));
        let d = Diagnostic::new(Code::Unknown, "/Oops", Span::new(at, at + 6), "unknown \u{1b} member");
        file.push(Finding::locate(&d, &LineIndex::new(source)));
        let report = Report::new(vec![file]);
        let options = TextOptions { color: false, snippets: true, quiet: true };
        let text = text(&report, options, &|_| Some(source.to_owned()));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2].find("\"Oops\""), lines[3].find('^'), "{text}");
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
