//! Checking one request file: read, parse with spans, find the operation,
//! validate, and locate every finding by line and column.
//!
//! This is the unit the `validate` command repeats for each file; it is pure
//! (bytes in, [`FileReport`] out), so files can be checked in parallel and
//! tested without touching the disk.

use std::path::Path;

use crate::doc::escape_pointer_token;
use crate::doc::span::merge_spans;
use crate::doc::{self, Document, Format, Limits, LineIndex, ProblemKind, Span, Value};
use crate::model::{Model, Operation};
use crate::report::diagnostic::{Code, Diagnostic, Severity};
use crate::report::{FileReport, Finding};
use crate::validate::{DEFAULT_FINDING_LIMIT, SENSITIVE_TOKEN, Validator};

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
    model.find_operation(&operation_candidate(path)?)
}

/// The operation name a file name suggests: the last dotted part of its
/// stem (`alice.update-user.json` → `update-user`).
#[must_use]
pub fn operation_candidate(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    stem.rsplit('.').next().filter(|c| !c.is_empty()).map(str::to_owned)
}

/// [`operation_hint`] when no service is chosen.
#[must_use]
pub fn operation_hint_any() -> String {
    "cannot tell which operation this file is for: name it OPERATION.json or NAME.OPERATION.yaml \
     (e.g. update-user.json, alice.update-user.yaml), or pass --operation"
        .to_owned()
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
///
/// At most [`DEFAULT_FINDING_LIMIT`] findings are kept; the rest are
/// counted into one closing `too-many-findings` note and still decide
/// [`FileReport::valid`].
#[must_use]
pub fn check_bytes(
    validator: &Validator<'_>,
    operation: &Operation,
    display_name: &str,
    bytes: &[u8],
    format: InputFormat,
    limits: &Limits,
) -> FileReport {
    check_owned(validator, operation, display_name, bytes.to_vec(), format, limits).0
}

/// [`check_bytes`] for bytes the caller owns: the document takes them as
/// its text instead of a copy (a large file is held once, not twice), and
/// they come back with the report, for snippets and fixes.
#[must_use]
pub fn check_owned(
    validator: &Validator<'_>,
    operation: &Operation,
    display_name: &str,
    bytes: Vec<u8>,
    format: InputFormat,
    limits: &Limits,
) -> (FileReport, Vec<u8>) {
    let model = validator.model();
    let mut report = FileReport::new(display_name, model.name(), Some(operation.cli_name.clone()));
    let format = format.resolve(&bytes);
    // The bytes are made a `String` first, which checks the UTF-8 once,
    // and parsed as that text; bytes that are not UTF-8 get the problem
    // `parse_bytes` would give them.
    let parsed = match String::from_utf8(bytes) {
        Ok(text) => match doc::parse_text_detached(&text, format, limits) {
            Ok(parsed) => Ok((parsed, text)),
            Err(problem) => Err((problem, text.into_bytes())),
        },
        Err(error) => {
            let bytes = error.into_bytes();
            Err((doc::unreadable(&bytes, limits), bytes))
        }
    };
    let bytes = match parsed {
        Err((problem, bytes)) => {
            // The text may not be UTF-8; locate against what decodes.
            let text = String::from_utf8_lossy(&bytes);
            let index = LineIndex::new(&text);
            // Without a tree, nobody can tell whether the bad text is part
            // of a sensitive value: where the operation has any, say where,
            // not what, and show no source line.
            let message = if validator.has_sensitive(operation) {
                report.hide_source = true;
                problem.redacted_message().to_owned()
            } else {
                problem.message.clone()
            };
            report.push(Finding::locate(&Diagnostic::new(Code::Syntax, "", problem.span, message), &index));
            bytes
        }
        Ok(((mut document, problems), text)) => {
            document.attach(text);
            report_document(validator, operation, &document, &problems, &mut report);
            document.into_source().into_bytes()
        }
    };
    if format == Format::Yaml && !report.diagnostics.is_empty() {
        suppress(&mut report, &bytes);
    }
    report.sort();
    report.truncate(DEFAULT_FINDING_LIMIT);
    (report, bytes)
}

/// The findings of a parsed document: its parse problems and the
/// validator's, located, with the sensitive spans.
fn report_document(
    validator: &Validator<'_>,
    operation: &Operation,
    document: &Document,
    problems: &[doc::Problem],
    report: &mut FileReport,
) {
    let outcome = validator.validate_with_sensitive(operation, document);
    report.sensitive = outcome.sensitive;
    report.dropped = outcome.dropped;
    if problems.is_empty() && outcome.diagnostics.is_empty() {
        // The common case: no line index needed.
        return;
    }
    let index = document.line_index();
    let mut masked = Vec::new();
    let ranges = merge_spans(&report.sensitive);
    // Values a duplicate key or a merge replaced are not walked, so
    // nobody can tell whether they hold secrets: where the operation
    // has sensitive members, their text is neither quoted nor shown.
    let guarded = !problems.is_empty() && validator.has_sensitive(operation);
    for problem in problems {
        let secret = |span: Span| overlaps(&ranges, span);
        let diagnostic = match &problem.kind {
            ProblemKind::DuplicateKey { key, previous, replaced, .. } => {
                let (pointer, secret_key) = pointer_of_key(document, problem.span, key, &ranges);
                // The value the repeated key replaced belongs to the
                // same member: secret when the kept one is.
                let kept_secret = document.pointer(&pointer).is_some_and(|id| secret(document.node(id).span));
                let hide = secret_key || kept_secret || secret(problem.span) || secret(*replaced);
                if hide {
                    masked.push(*replaced);
                    masked.push(*previous);
                    masked.push(problem.span);
                } else if guarded {
                    masked.push(*replaced);
                }
                let message =
                    if hide { problem.redacted_message().to_owned() } else { problem.message.clone() };
                let mut diagnostic = Diagnostic::new(Code::DuplicateKey, pointer, problem.span, message);
                // The CLI keeps the last value: removing the earlier
                // entry leaves the request as it was (safe), and
                // prints nothing (a secret removed is masked in
                // `--diff` like the rest). Not for merge keys (each
                // adds members), nor where an alias may point into
                // the removed value.
                if &**key != "<<" && !document.has_aliases() {
                    diagnostic.fix = super::fixes::entry_removal(document.source(), *previous, *replaced)
                        .map(crate::fix::Fix::safe_edit);
                }
                diagnostic
            }
            ProblemKind::Truncated { dropped } => {
                crate::report::tally(&mut report.dropped, Code::Syntax, *dropped);
                continue;
            }
            _ => {
                if guarded {
                    masked.push(problem.span);
                }
                let message = if secret(problem.span) || guarded {
                    problem.redacted_message().to_owned()
                } else {
                    problem.message.clone()
                };
                Diagnostic::new(Code::Syntax, String::new(), problem.span, message)
            }
        };
        report.push(Finding::locate(&diagnostic, &index));
    }
    if !masked.is_empty() {
        report.sensitive.extend(masked);
        report.sensitive.sort_unstable();
    }
    for diagnostic in outcome.diagnostics {
        report.push(Finding::locate(&diagnostic, &index));
    }
}

/// Drops the findings an inline comment suppresses: in YAML,
/// `# chime-shape: ignore[pattern]` (or `ignore[pattern, enum]`, or a bare
/// `ignore` for every code) at the end of a finding's line, or alone on the
/// line above it, as shellcheck and yamllint users expect. JSON has no
/// comments; its files use the configuration's `severity` or `exclude`.
fn suppress(report: &mut FileReport, bytes: &[u8]) {
    // Every suppression comment says `chime-shape:` (`suppression`): most
    // files have none, and are not read line by line.
    if memchr::memmem::find(bytes, b"chime-shape:").is_none() {
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    // (line, codes; empty for all) of every suppression comment.
    let mut rules: Vec<(u32, Vec<Code>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((comment, alone)) = yaml_comment(line) else { continue };
        let Some(codes) = suppression(comment) else { continue };
        let number = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        rules.push((if alone { number.saturating_add(1) } else { number }, codes));
    }
    if rules.is_empty() {
        return;
    }
    report.diagnostics.retain(|d| {
        !rules.iter().any(|(line, codes)| {
            *line == d.line && d.code != Code::Syntax && (codes.is_empty() || codes.contains(&d.code))
        })
    });
    report.valid = !report.diagnostics.iter().any(|d| d.severity == Severity::Error)
        && !report.dropped.iter().any(|(code, _)| code.default_severity() == Severity::Error);
}

/// The comment of a YAML line (after `#`, outside quotes, at the start or
/// after a blank), and whether it stands alone on its line.
fn yaml_comment(line: &str) -> Option<(&str, bool)> {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && previous.is_whitespace() => {
                let alone = line[..i].trim().is_empty();
                return Some((&line[i + 1..], alone));
            }
            _ => {}
        }
        previous = c;
    }
    None
}

/// The codes of a `chime-shape: ignore[...]` comment (empty: all).
fn suppression(comment: &str) -> Option<Vec<Code>> {
    let rest = comment.trim().strip_prefix("chime-shape:")?.trim_start();
    let rest = rest.strip_prefix("ignore")?;
    match rest.trim_start().strip_prefix('[') {
        Some(list) => {
            let list = list.split(']').next().unwrap_or("");
            // A list of no known code suppresses nothing, not everything.
            let codes: Vec<Code> = list.split(',').filter_map(|c| Code::parse(c.trim())).collect();
            (!codes.is_empty()).then_some(codes)
        }
        None if rest.trim().is_empty() => Some(Vec::new()),
        None => None,
    }
}

/// Whether `span` (an empty one counts as its first byte) overlaps one of
/// the sorted, disjoint `ranges`.
fn overlaps(ranges: &[Span], span: Span) -> bool {
    let end = span.end.max(span.start.saturating_add(1));
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges.get(i).is_some_and(|r| r.start < end)
}

/// A file whose operation cannot be told: one `operation` diagnostic.
#[must_use]
pub fn unknown_operation(model: &Model, display_name: &str, path: &Path) -> FileReport {
    unknown_operation_with(model.name(), display_name, &operation_hint(model, path))
}

/// A file whose operation cannot be told, for `service` (empty when none
/// was chosen), with `message`.
#[must_use]
pub fn unknown_operation_with(service: &str, display_name: &str, message: &str) -> FileReport {
    let mut report = FileReport::new(display_name, service, None);
    let diagnostic = Diagnostic::new(Code::Operation, "", Span::new(0, 0), message);
    report.push(Finding::locate(&diagnostic, &LineIndex::new("")));
    report
}

/// The JSON pointer of a duplicate key at `span`: the member it names in the
/// finished tree. A duplicate inside a value that a later duplicate replaced
/// has no member of its own; it points at the nearest object that holds its
/// place, so that every pointer resolves. A key that lies in a sensitive
/// range is written as [`SENSITIVE_TOKEN`]; the flag says whether one was.
fn pointer_of_key(document: &Document, span: Span, key: &str, sensitive: &[Span]) -> (String, bool) {
    let contains = |s: Span| s.start <= span.start && span.start < s.end.max(s.start + 1);
    let mut id = document.root();
    let mut pointer = String::new();
    let mut secret = false;
    let mut push_key = |pointer: &mut String, key: &str, key_span: Span| {
        pointer.push('/');
        if overlaps(sensitive, key_span) {
            secret = true;
            pointer.push_str(SENSITIVE_TOKEN);
        } else {
            pointer.push_str(&escape_pointer_token(key));
        }
    };
    loop {
        match document.value(id) {
            Value::Object(entries) => {
                if let Some(entry) = entries.iter().find(|e| contains(document.node(e.value).span)) {
                    push_key(&mut pointer, entry.key, entry.key_span);
                    id = entry.value;
                    continue;
                }
                if let Some(entry) = entries.iter().find(|e| e.key == key) {
                    push_key(&mut pointer, key, entry.key_span);
                }
                return (pointer, secret);
            }
            Value::Array(items) => {
                let Some((i, &item)) =
                    items.iter().enumerate().find(|(_, item)| contains(document.node(**item).span))
                else {
                    return (pointer, secret);
                };
                pointer.push('/');
                pointer.push_str(&i.to_string());
                id = item;
            }
            _ => return (pointer, secret),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    fn codes(yaml: &str) -> Vec<(u32, &'static str)> {
        let model = model::load_embedded("chime").ok();
        let Some(model) = model else { return Vec::new() };
        let validator = Validator::new(&model);
        let Ok(op) = model.operation("update-user") else { return Vec::new() };
        let report =
            check_bytes(&validator, op, "x.yaml", yaml.as_bytes(), InputFormat::Yaml, &Limits::DEFAULT);
        report.diagnostics.iter().map(|d| (d.line, d.code.as_str())).collect()
    }

    #[test]
    fn comments_suppress_findings_on_their_line_or_the_next() {
        let base = "AccountId: a\nUserId: u\nLicenseType: Platinum";
        assert_eq!(codes(&format!("{base}\n")), [(3, "enum")]);
        assert!(codes(&format!("{base}  # chime-shape: ignore[enum]\n")).is_empty());
        assert!(
            codes("AccountId: a\nUserId: u\n# chime-shape: ignore[pattern, enum]\nLicenseType: Platinum\n")
                .is_empty()
        );
        assert!(codes(&format!("{base} # chime-shape: ignore\n")).is_empty());
        // Another code, an unknown code, or a `#` inside quotes: no effect.
        assert_eq!(codes(&format!("{base} # chime-shape: ignore[pattern]\n")), [(3, "enum")]);
        assert_eq!(codes(&format!("{base} # chime-shape: ignore[enumm]\n")), [(3, "enum")]);
        assert_eq!(
            codes("AccountId: a\nUserId: u\nLicenseType: \"Plat # chime-shape: ignore\"\n"),
            [(3, "enum")]
        );
    }
}
