//! Checking one request file: read, parse with spans, find the operation,
//! validate, and locate every finding by line and column.
//!
//! This is the unit the `validate` command repeats for each file; it is pure
//! (bytes in, [`FileReport`] out), so files can be checked in parallel and
//! tested without touching the disk.

use std::path::Path;

use crate::config::Level;
use crate::diagnostic::{Code, Diagnostic, Severity, escape_pointer_token};
use crate::doc::{self, Document, Format, Limits, LineIndex, ProblemKind, Span, Value};
use crate::model::{Model, Operation};
use crate::report::{FileReport, Finding};
use crate::validate::Validator;

/// How a file's content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
    /// JSON if the first non-blank character is `{` or `[`, else YAML.
    Detect,
}

impl InputFormat {
    /// The format a file name implies: `.json`, `.yaml`/`.yml`, else detect.
    #[must_use]
    pub fn from_path(path: &Path) -> InputFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => InputFormat::Json,
            Some("yaml" | "yml") => InputFormat::Yaml,
            _ => InputFormat::Detect,
        }
    }

    /// The format to parse `bytes` as: detection looks at the first
    /// character after an optional BOM and whitespace (`{` or `[` is JSON,
    /// anything else YAML).
    #[must_use]
    pub fn resolve(self, bytes: &[u8]) -> Format {
        match self {
            InputFormat::Json => Format::Json,
            InputFormat::Yaml => Format::Yaml,
            InputFormat::Detect => {
                let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                match text.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'{' | b'[') => Format::Json,
                    _ => Format::Yaml,
                }
            }
        }
    }
}

/// The operation a file is for, from its name: `update-user.json`,
/// `UpdateUser.yaml`, `alice.update-user.json` (the last dotted part before
/// the extension).
#[must_use]
pub fn operation_from_file_name<'m>(model: &'m Model, path: &Path) -> Option<&'m Operation> {
    let stem = path.file_stem()?.to_str()?;
    let candidate = stem.rsplit('.').next()?;
    model.operation(candidate).ok()
}

/// The message of the `operation` diagnostic for a file whose name does not
/// say its operation.
#[must_use]
pub fn operation_hint(model: &Model, path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let candidate = stem.rsplit('.').next().unwrap_or(stem);
    let mut message = format!(
        "cannot tell which {} operation this file is for: name it OPERATION.json or NAME.OPERATION.yaml \
         (e.g. update-user.json, alice.update-user.yaml), or pass --operation",
        model.name()
    );
    if let Err(unknown) = model.operation(candidate)
        && let Some(best) = unknown.suggestions.first()
    {
        message.push_str(&format!("; `{candidate}` is no operation, did you mean `{best}`?"));
    }
    message
}

/// Parses `bytes` and validates them as the input of `operation`.
#[must_use]
pub fn check_bytes(
    validator: &Validator<'_>,
    operation: &Operation,
    display_name: &str,
    bytes: &[u8],
    format: InputFormat,
    limits: &Limits,
) -> FileReport {
    let model = validator.model();
    let mut report = FileReport::new(display_name, model.name(), Some(operation.cli_name.clone()));
    let format = format.resolve(bytes);
    match doc::parse_bytes(bytes, format, limits) {
        Err(problem) => {
            // The text may not be UTF-8; locate against what decodes.
            let text = String::from_utf8_lossy(bytes);
            let index = LineIndex::new(&text);
            let code = Code::Syntax;
            let message = problem.message.clone();
            report.push(Finding::locate(&Diagnostic::new(code, "", problem.span, message), &index));
        }
        Ok((document, problems)) => {
            let (diagnostics, sensitive) = validator.validate_with_sensitive(operation, &document);
            report.sensitive = sensitive;
            if problems.is_empty() && diagnostics.is_empty() {
                // The common case: no line index needed.
                return report;
            }
            let index = document.line_index();
            for problem in &problems {
                let (code, pointer) = match problem.kind {
                    ProblemKind::DuplicateKey { ref key, .. } => {
                        (Code::DuplicateKey, pointer_of_key(&document, problem.span, key))
                    }
                    _ => (Code::Syntax, String::new()),
                };
                let diagnostic = Diagnostic::new(code, pointer, problem.span, problem.message.clone());
                report.push(Finding::locate(&diagnostic, &index));
            }
            for diagnostic in diagnostics {
                report.push(Finding::locate(&diagnostic, &index));
            }
        }
    }
    report.sort();
    report
}

/// A file whose operation cannot be told: one `operation` diagnostic.
#[must_use]
pub fn unknown_operation(model: &Model, display_name: &str, path: &Path) -> FileReport {
    let mut report = FileReport::new(display_name, model.name(), None);
    let diagnostic = Diagnostic::new(Code::Operation, "", Span::new(0, 0), operation_hint(model, path));
    report.push(Finding::locate(&diagnostic, &LineIndex::new("")));
    report
}

/// The JSON pointer of a duplicate key at `span`: the member it names in the
/// finished tree. A duplicate inside a value that a later duplicate replaced
/// has no member of its own; it points at the nearest object that holds its
/// place, so that every pointer resolves.
fn pointer_of_key(document: &Document, span: Span, key: &str) -> String {
    let contains = |s: Span| s.start <= span.start && span.start < s.end.max(s.start + 1);
    let mut id = document.root();
    let mut pointer = String::new();
    loop {
        match &document.node(id).value {
            Value::Object(entries) => {
                if let Some(entry) = entries.iter().find(|e| contains(document.node(e.value).span)) {
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&entry.key));
                    id = entry.value;
                    continue;
                }
                if entries.iter().any(|e| e.key == key) {
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(key));
                }
                return pointer;
            }
            Value::Array(items) => {
                let Some((i, &item)) =
                    items.iter().enumerate().find(|(_, item)| contains(document.node(**item).span))
                else {
                    return pointer;
                };
                pointer.push('/');
                pointer.push_str(&i.to_string());
                id = item;
            }
            _ => return pointer,
        }
    }
}

/// Applies configured levels to a report: a code set `off` is dropped, a
/// code set to a severity takes it. Validity is recomputed.
pub fn apply_levels(report: &mut FileReport, levels: &[(Code, Level)]) {
    report.diagnostics.retain(|d| !levels.iter().any(|(c, l)| *c == d.code && *l == Level::Off));
    for finding in &mut report.diagnostics {
        if let Some((_, Level::Report(severity))) = levels.iter().rev().find(|(c, _)| *c == finding.code) {
            finding.severity = *severity;
        }
    }
    report.valid = !report.diagnostics.iter().any(|d| d.severity == Severity::Error);
}
