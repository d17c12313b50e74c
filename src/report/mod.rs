//! Findings and their renderings.
//!
//! What a finding is: its code, severity and level ([`diagnostic`]), located
//! by line and column ([`Finding`]), gathered per file ([`FileReport`]) and
//! per run ([`Report`]). How it is shown: compiler-style text ([`text`]),
//! the JSON report ([`Report::to_json`], its schema derived with schemars),
//! SARIF 2.1.0 for code scanning ([`sarif`]), GitHub workflow annotations
//! ([`github`]) and counts by code ([`statistics`]); every colour comes from
//! [`style`]. A new output format is one more file here.

pub mod diagnostic;
mod github;
mod levels;
mod sarif;
mod statistics;
pub mod style;
mod text;

use serde::Serialize;

use crate::doc::{LineIndex, Span};
use crate::report::diagnostic::{Code, Diagnostic, Severity};

pub use github::github;
pub use levels::Levels;
pub use sarif::sarif;
pub use statistics::statistics;
pub use text::{TextOptions, finding_line, mask_bytes, text};

/// Adds `count` findings of `code` to a per-code tally of findings past
/// the per-file limit ([`FileReport::dropped`]).
pub fn tally(dropped: &mut Vec<(Code, usize)>, code: Code, count: usize) {
    match dropped.iter_mut().find(|(c, _)| *c == code) {
        Some((_, n)) => *n = n.saturating_add(count),
        None => dropped.push((code, count)),
    }
}

/// One finding, located by line and column (1-based; columns count
/// characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The kind of finding: one of the codes `chime-shape rules` lists (and
    /// `chime-shape explain CODE` explains).
    pub code: Code,
    /// RFC 6901 pointer to the value (`""` for the document root).
    pub path: String,
    /// Line of the value (of the key for `unknown` and `duplicate-key`; of
    /// the object for `required`).
    #[cfg_attr(feature = "report-schema", schemars(range(min = 1)))]
    pub line: u32,
    /// Column of the same place.
    #[cfg_attr(feature = "report-schema", schemars(range(min = 1)))]
    pub column: u32,
    /// Line where the located text ends.
    #[cfg_attr(feature = "report-schema", schemars(range(min = 1)))]
    pub end_line: u32,
    /// Column just after the located text.
    #[cfg_attr(feature = "report-schema", schemars(range(min = 1)))]
    pub end_column: u32,
    /// What is wrong. Never contains the value of a sensitive member.
    pub message: String,
    /// `lint`: the command the finding is about (`aws chime update-user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The edit that mends the finding (`validate --fix` applies the safe
    /// ones; `--unsafe-fixes` the others too). Byte offsets into the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::fix::Fix>,
    /// Byte offset of the located text (for renderers that show source).
    #[serde(skip)]
    pub offset: u32,
    /// Byte length of the located text.
    #[serde(skip)]
    pub length: u32,
}

impl Finding {
    /// Locates a diagnostic in a document's text.
    #[must_use]
    pub fn locate(diagnostic: &Diagnostic, index: &LineIndex) -> Finding {
        let start = index.position(diagnostic.span.start);
        let end = index.position(diagnostic.span.end.max(diagnostic.span.start));
        Finding {
            severity: diagnostic.severity,
            code: diagnostic.code,
            path: diagnostic.pointer.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: diagnostic.message.clone(),
            command: None,
            fix: diagnostic.fix.clone(),
            offset: diagnostic.span.start,
            length: diagnostic.span.end.saturating_sub(diagnostic.span.start),
        }
    }
}

/// The results for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct FileReport {
    /// The path as given on the command line (`-` for standard input).
    pub file: String,
    /// The service of the model used.
    pub service: String,
    /// The operation (CLI name), when it could be told.
    pub operation: Option<String>,
    /// No error-severity findings.
    pub valid: bool,
    /// The findings, in document order.
    pub diagnostics: Vec<Finding>,
    /// Byte ranges of the values of sensitive members in the file, sorted:
    /// masked wherever source text is shown.
    #[serde(skip)]
    #[cfg_attr(feature = "report-schema", schemars(skip))]
    pub sensitive: Vec<Span>,
    /// Findings past the per-file limit, by code: counted in the closing
    /// `too-many-findings` note, not kept.
    #[serde(skip)]
    #[cfg_attr(feature = "report-schema", schemars(skip))]
    pub dropped: Vec<(Code, usize)>,
    /// Show no source text of this file (a syntax error that may lie in a
    /// sensitive value).
    #[serde(skip)]
    #[cfg_attr(feature = "report-schema", schemars(skip))]
    pub hide_source: bool,
}

impl FileReport {
    /// An empty (valid) report.
    #[must_use]
    pub fn new(file: &str, service: &str, operation: Option<String>) -> FileReport {
        FileReport {
            file: file.to_owned(),
            service: service.to_owned(),
            operation,
            valid: true,
            diagnostics: Vec::new(),
            sensitive: Vec::new(),
            dropped: Vec::new(),
            hide_source: false,
        }
    }

    /// Keeps the first `limit` findings, counts the rest into
    /// [`FileReport::dropped`], and closes the list with a
    /// `too-many-findings` note when anything was dropped.
    pub fn truncate(&mut self, limit: usize) {
        for finding in self.diagnostics.drain(limit.min(self.diagnostics.len())..) {
            if finding.code == Code::TooManyFindings {
                continue;
            }
            tally(&mut self.dropped, finding.code, 1);
        }
        self.note_dropped();
    }

    /// Replaces the `too-many-findings` note with one that counts
    /// [`FileReport::dropped`] (none when nothing was dropped).
    pub fn note_dropped(&mut self) {
        self.diagnostics.retain(|d| d.code != Code::TooManyFindings);
        let total: usize = self.dropped.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return;
        }
        let mut by_code: Vec<String> = self.dropped.iter().map(|(code, n)| format!("{n} {code}")).collect();
        by_code.sort();
        let (line, column) = self.diagnostics.last().map_or((1, 1), |d| (d.line, d.column));
        self.diagnostics.push(Finding {
            severity: Code::TooManyFindings.default_severity(),
            code: Code::TooManyFindings,
            path: String::new(),
            line,
            column,
            end_line: line,
            end_column: column,
            command: None,
            fix: None,
            message: format!(
                "{total} more findings not shown ({}); only the first {} of a file are kept",
                by_code.join(", "),
                self.diagnostics.len()
            ),
            offset: 0,
            length: 0,
        });
    }

    /// Adds a finding.
    pub fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Error {
            self.valid = false;
        }
        self.diagnostics.push(finding);
    }

    /// Orders findings by position (stable: equal positions keep the
    /// validator's order).
    pub fn sort(&mut self) {
        self.diagnostics.sort_by_key(|d| (d.line, d.column));
    }
}

/// Totals over all files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files without errors.
    pub valid: usize,
    /// Files with at least one error.
    pub invalid: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Findings past the per-file limit: counted, not listed (errors and
    /// warnings among them are also in `errors` and `warnings`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_shown: usize,
    /// Inputs that could not be read (listed in `unreadable`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unreadable: usize,
    /// Files skipped because their operation cannot be told (listed in
    /// `skipped`): found by a directory walk, or handed over by a hook.
    /// For `lint`: the `aws` commands not checked (no model for the
    /// service, or a service or operation known only at run time).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// `lint`: the `aws` commands checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commands: Option<usize>,
}

/// An input that could not be read: it has no findings, and the run fails
/// (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Unreadable {
    /// The path as given (or found by a directory walk).
    pub file: String,
    /// Why it could not be read.
    pub message: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// From this many files, a report is written in chunks on the pool's
/// threads.
#[cfg(feature = "parallel")]
const PARALLEL_FILES: usize = 64;
/// Files of a report written as one chunk.
#[cfg(feature = "parallel")]
const CHUNK_FILES: usize = 32;

/// Files of a report as elements of its top-level `files` array, each
/// after `,` and a line break: as serde_json writes them, indented by four.
#[cfg(feature = "parallel")]
fn json_chunk(files: &[FileReport]) -> Option<String> {
    let mut out = String::new();
    let mut one = Vec::new();
    for file in files {
        one.clear();
        serde_json::to_writer_pretty(&mut one, file).ok()?;
        let one = std::str::from_utf8(&one).ok()?;
        out.push_str(",\n    ");
        let mut lines = one.split('\n');
        out.push_str(lines.next().unwrap_or_default());
        for line in lines {
            out.push_str("\n    ");
            out.push_str(line);
        }
    }
    Some(out)
}

/// The version of the `--format json` report ([`Report::version`]).
pub const REPORT_VERSION: u32 = 1;

/// The `--format json` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// The version of this report's format: 1. It changes only when a
    /// field changes meaning or goes away; fields may be added.
    pub version: u32,
    /// The configuration file in force, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// One entry per file, in the order given.
    pub files: Vec<FileReport>,
    /// Inputs that could not be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// Files skipped: their operation cannot be told, and they were found
    /// by a directory walk or handed over by a hook (`--skip-unknown`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Totals.
    pub summary: Summary,
}

impl Report {
    /// A report of `files`, with totals.
    #[must_use]
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = Summary { files: files.len(), ..Summary::default() };
        for file in &files {
            if file.valid {
                summary.valid += 1;
            } else {
                summary.invalid += 1;
            }
            for d in &file.diagnostics {
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Note => {}
                }
            }
            for &(code, n) in &file.dropped {
                summary.not_shown += n;
                match code.default_severity() {
                    Severity::Error => summary.errors += n,
                    Severity::Warning => summary.warnings += n,
                    Severity::Note => {}
                }
            }
        }
        Report {
            version: REPORT_VERSION,
            config: None,
            files,
            unreadable: Vec::new(),
            skipped: Vec::new(),
            summary,
        }
    }

    /// This report, naming the configuration file in force.
    #[must_use]
    pub fn with_config(mut self, config: Option<String>) -> Report {
        self.config = config;
        self
    }

    /// This report, counting the `aws` commands `lint` checked.
    #[must_use]
    pub fn with_commands(mut self, commands: usize) -> Report {
        self.summary.commands = Some(commands);
        self
    }

    /// This report, listing the files skipped.
    #[must_use]
    pub fn with_skipped(mut self, skipped: Vec<String>) -> Report {
        self.summary.skipped = skipped.len();
        self.skipped = skipped;
        self
    }

    /// This report, listing the inputs that could not be read.
    #[must_use]
    pub fn with_unreadable(mut self, unreadable: Vec<Unreadable>) -> Report {
        self.summary.unreadable = unreadable.len();
        self.unreadable = unreadable;
        self
    }

    /// The report as pretty JSON (two-space indentation), newline-terminated.
    #[must_use]
    pub fn to_json(&self) -> String {
        #[cfg(feature = "parallel")]
        if self.files.len() >= PARALLEL_FILES
            && let Some(text) = self.to_json_in_parts()
        {
            return text;
        }
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned());
        text.push('\n');
        text
    }

    /// [`Report::to_json`] with the files written in chunks on the pool's
    /// threads (writing them is what is left of a batch after the checks),
    /// into the rest of the report written without them: the same text.
    #[cfg(feature = "parallel")]
    fn to_json_in_parts(&self) -> Option<String> {
        use rayon::prelude::*;
        let (rest, at) = self.json_without_files()?;
        let parts: Vec<Option<String>> = self.files.par_chunks(CHUNK_FILES).map(json_chunk).collect();
        let size = parts.iter().flatten().map(String::len).sum::<usize>();
        let mut text = String::with_capacity(rest.len() + size + 8);
        text.push_str(&rest[..at]);
        text.push('[');
        let mut first = true;
        for part in parts {
            let part = part?;
            // The first element follows `[` on a line of its own.
            text.push_str(if first { &part[1..] } else { &part });
            first = false;
        }
        text.push_str(&rest[at..]);
        text.push('\n');
        Some(text)
    }

    /// The report without its files, and where the files array goes in
    /// it: its `[]` replaced by the line break and `]` that close a
    /// non-empty array, the elements and `[` go at the place returned.
    #[cfg(feature = "parallel")]
    fn json_without_files(&self) -> Option<(String, usize)> {
        let rest = Report {
            version: self.version,
            config: self.config.clone(),
            files: Vec::new(),
            unreadable: self.unreadable.clone(),
            skipped: self.skipped.clone(),
            summary: self.summary,
        };
        let mut rest = serde_json::to_string_pretty(&rest).ok()?;
        // The top-level key's line: a string's quotes and line breaks are
        // escaped, and deeper keys are indented further.
        const EMPTY: &str = "\n  \"files\": []";
        let at = rest.find(EMPTY)? + EMPTY.len() - 2;
        rest.replace_range(at..at + 2, "\n  ]");
        Some((rest, at))
    }

    /// Writes [`Report::to_json`]'s text to `out`. A batch's files are
    /// written in chunks on the pool's threads, each written out as soon
    /// as those before it are: the output overlaps the rendering.
    ///
    /// # Errors
    ///
    /// The first error writing to `out`.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        #[cfg(feature = "parallel")]
        if self.files.len() >= PARALLEL_FILES
            && let Some((rest, at)) = self.json_without_files()
        {
            return self.write_json_streamed(out, &rest, at);
        }
        out.write_all(self.to_json().as_bytes())
    }

    #[cfg(feature = "parallel")]
    fn write_json_streamed(
        &self,
        out: &mut dyn std::io::Write,
        rest: &str,
        at: usize,
    ) -> std::io::Result<()> {
        let chunks = self.files.len().div_ceil(CHUNK_FILES);
        let (sender, parts) = std::sync::mpsc::channel::<(usize, Option<String>)>();
        rayon::in_place_scope(|scope| {
            for (i, files) in self.files.chunks(CHUNK_FILES).enumerate() {
                let sender = sender.clone();
                scope.spawn(move |_| {
                    let _ = sender.send((i, json_chunk(files)));
                });
            }
            drop(sender);
            let mut written = out.write_all(&rest.as_bytes()[..at]).and_then(|()| out.write_all(b"["));
            // Parts come as they are done; each is written once those
            // before it are.
            let mut pending: Vec<Option<String>> = (0..chunks).map(|_| None).collect();
            let mut next = 0;
            for (i, part) in parts {
                let Some(part) = part else {
                    written = written.and(Err(std::io::Error::other("cannot write the JSON report")));
                    continue;
                };
                if let Some(slot) = pending.get_mut(i) {
                    *slot = Some(part);
                }
                while let Some(part) = pending.get_mut(next).and_then(Option::take) {
                    if written.is_ok() {
                        // The first element follows `[` on a line of its own.
                        let text = if next == 0 { &part[1..] } else { part.as_str() };
                        written = out.write_all(text.as_bytes());
                    }
                    next += 1;
                }
            }
            written.and_then(|()| out.write_all(&rest.as_bytes()[at..])).and_then(|()| out.write_all(b"\n"))
        })
    }

    #[cfg(feature = "report-schema")]
    /// The JSON Schema (draft 2020-12) of [`Report`], for consumers of
    /// `--format json`.
    #[must_use]
    pub fn schema() -> String {
        let schema = schemars::schema_for!(Report);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".to_owned());
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_batch_in_json_is_written_as_serde_json_writes_it() {
        let report = super::text::tests::batch();
        let mut whole = serde_json::to_string_pretty(&report).unwrap();
        whole.push('\n');
        assert_eq!(report.to_json(), whole);
        let mut written = Vec::new();
        report.write_json(&mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), whole);
    }
}
