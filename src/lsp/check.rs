//! A document checked as the command checks a file, and its findings as
//! the protocol's diagnostics.
//!
//! The findings are the command's own: a request document goes through
//! [`file::check_bytes`] and the configuration's severities
//! ([`crate::report::Levels::apply`]), exactly as `validate` sends each file; a script
//! through `lint`'s steps (read the commands, load the services' models,
//! [`crate::lint::check_commands`]). Only the positions change: byte
//! offsets become the client's line/character pairs ([`LineMap`]).

use std::path::Path;

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

use crate::doc::{Limits, LineIndex, Span};
use crate::guard::sanitize;
use crate::report::diagnostic::{Code, Severity};
use crate::report::{FileReport, Finding};
use crate::validate::file;

use super::lines::LineMap;
use super::workspace::{Plan, Workspace};

/// The name diagnostics carry as their `source`.
pub const SOURCE: &str = "chime-shape";

/// What a check found in one revision of a document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The command's findings, after the configuration's severities.
    pub findings: Vec<Finding>,
    /// Byte ranges of sensitive values: never quoted, never fixed.
    pub sensitive: Vec<Span>,
    /// Whether the document has a syntax error (then nothing is fixed, as
    /// with `--fix`).
    pub syntax: bool,
    /// What is published: one diagnostic per finding, in the same order,
    /// then problems that are no finding (a script too complex to read, a
    /// model file that does not load).
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks `text` as `plan` says.
pub(crate) fn analyse(
    workspace: &mut Workspace,
    plan: &Plan,
    path: Option<&Path>,
    text: &str,
    map: &LineMap,
) -> Analysis {
    let display = path.map_or_else(|| "-".to_owned(), |p| p.display().to_string());
    let (report, problems): (FileReport, Vec<(Span, String)>) = match plan {
        Plan::Nothing => return Analysis::default(),
        Plan::Request(request) => {
            let Some(entry) = workspace.entry(request.model) else { return Analysis::default() };
            let Some(operation) = entry.model.find_operation(&request.operation) else {
                return Analysis::default();
            };
            let mut report = file::check_bytes(
                &entry.validator,
                operation,
                &display,
                text.as_bytes(),
                request.format,
                &Limits::DEFAULT,
            );
            request.levels.apply(&mut report);
            (report, Vec::new())
        }
        Plan::Unknown { message, span, levels } => {
            let mut report = FileReport::new(&display, "", None);
            let diagnostic =
                crate::report::diagnostic::Diagnostic::new(Code::Operation, "", *span, message.as_str());
            report.push(Finding::locate(&diagnostic, &LineIndex::new(text)));
            levels.apply(&mut report);
            (report, Vec::new())
        }
        #[cfg(feature = "lint")]
        Plan::Script { kind, config } => {
            let model = workspace.options.model.clone();
            match path {
                Some(path) => script(*kind, config.as_deref(), model, path, text),
                None => return Analysis::default(),
            }
        }
    };
    let syntax = report.diagnostics.iter().any(|d| d.code == Code::Syntax);
    let mut diagnostics: Vec<Diagnostic> =
        report.diagnostics.iter().map(|f| diagnostic(f, map, text)).collect();
    for (span, message) in problems {
        diagnostics.push(Diagnostic {
            range: map.range(text, span.start, span.end),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.to_owned()),
            message: sanitize::escape_multiline(&message).into_owned(),
            ..Diagnostic::default()
        });
    }
    Analysis { findings: report.diagnostics, sensitive: report.sensitive, syntax, diagnostics }
}

/// A finding as a diagnostic: code, severity and message as the command
/// reports them, at the finding's bytes (the `too-many-findings` note,
/// which has none, where the command places it).
#[must_use]
pub fn diagnostic(finding: &Finding, map: &LineMap, text: &str) -> Diagnostic {
    let range = if finding.code == Code::TooManyFindings {
        let at = map.position_of_column(text, finding.line, finding.column);
        lsp_types::Range { start: at, end: at }
    } else {
        map.range(text, finding.offset, finding.offset.saturating_add(finding.length))
    };
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    };
    // Escaped as the text report escapes: editors in a terminal show it.
    let message = sanitize::escape_multiline(&finding.message).into_owned();
    Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.code.as_str().to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// A script's `aws` commands checked as `lint` checks a file it is given:
/// the report, and the problems that stop the check (each with where).
#[cfg(feature = "lint")]
fn script(
    kind: crate::script::host::Kind,
    config: Option<&crate::validate::config::Config>,
    model: Option<std::path::PathBuf>,
    path: &Path,
    text: &str,
) -> (FileReport, Vec<(Span, String)>) {
    use std::collections::BTreeSet;

    use crate::lint::{Head, LintContext, ModelSearch, Services, check_commands, head, read_commands};
    use crate::report::Levels;
    use crate::script::ScriptError;
    use crate::validate::Validator;

    let display = path.display().to_string();
    let mut report = FileReport::new(&display, "", None);
    let commands = match read_commands(kind, text) {
        Ok(commands) => commands,
        // A YAML file that does not parse is not checked (a Helm template,
        // or a workflow being typed), as `lint` counts it.
        Err(ScriptError::TooComplex { .. }) if kind == crate::script::host::Kind::Yaml => {
            return (report, Vec::new());
        }
        Err(ScriptError::TooComplex { offset, message }) => {
            let at = u32::try_from(offset).unwrap_or(u32::MAX);
            return (report, vec![(Span::empty(at), message)]);
        }
        Err(error) => return (report, vec![(Span::empty(0), error.to_string())]),
    };
    let needed: BTreeSet<String> = commands
        .iter()
        .filter_map(|c| match head(c) {
            Head::Call { service, .. } => Some(service),
            _ => None,
        })
        .collect();
    let mut search = ModelSearch { files: model.into_iter().collect(), data_dirs: Vec::new() };
    if let Some(config) = config {
        search.files.extend(config.models.iter().map(|m| config.root.join(m)));
    }
    let services = match Services::load(&needed, &search) {
        Ok(services) => services,
        Err(error) => return (report, vec![(Span::empty(0), error.to_string())]),
    };
    let validators: Vec<(&str, Validator<'_>)> =
        services.iter().map(|(s, m)| (s, Validator::new(m))).collect();
    let context =
        LintContext { services: &services, validators: &validators, root: repository_root(config, path) };
    let linted = check_commands(&context, path, text, &commands);
    for finding in linted.findings {
        report.push(finding);
    }
    // As `lint` does: a fix is kept only if the edited text, read again,
    // gives exactly the words intended (a `"` inside a YAML scalar, say).
    if report.diagnostics.iter().any(|d| d.fix.is_some()) {
        crate::lint::verify_fixes(kind, text, &commands, &mut report.diagnostics);
    }
    report.sensitive = linted.sensitive;
    report.truncate(crate::validate::DEFAULT_FINDING_LIMIT);
    let configured = config.map(|c| c.severity.as_slice()).unwrap_or_default();
    Levels::new(configured, &[], &[], &[]).apply(&mut report);
    (report, Vec::new())
}

/// Where relative `file://` paths are also looked for, as `lint` finds
/// it: the configuration's folder, else the nearest folder holding `.git`
/// (from the script's folder: an editor's working directory says nothing),
/// else the script's folder.
#[cfg(feature = "lint")]
fn repository_root(config: Option<&crate::validate::config::Config>, path: &Path) -> std::path::PathBuf {
    if let Some(config) = config {
        return config.root.clone();
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    dir.ancestors().find(|d| d.join(".git").exists()).unwrap_or(dir).to_path_buf()
}
