//! The open documents and what the server knows of them, without the
//! transport: every request of the protocol as a method, so that the
//! benchmark and the unit tests drive it directly.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeActionKind, CodeActionOrCommand, CompletionItem, Diagnostic, DiagnosticSeverity, Hover,
    HoverContents, MarkupContent, MarkupKind, Position, PublishDiagnosticsParams, Range,
    TextDocumentContentChangeEvent, Uri,
};

use crate::doc::Format;
use crate::guard::sanitize;
use crate::validate::file::InputFormat;

use super::actions;
use super::check::{self, Analysis, SOURCE};
use super::completion::{self, Target};
use super::hover;
use super::lines::{self, Encoding, LineMap};
use super::uri;
use super::workspace::{Options, Plan, Workspace};

/// An open document.
#[derive(Debug)]
struct Document {
    path: Option<PathBuf>,
    language: String,
    version: i32,
    text: String,
    /// Bumped at every change; the analysis records the one it saw.
    revision: u64,
    analysis: Option<(u64, Plan, Analysis)>,
}

/// The state of a language server session.
#[derive(Debug)]
pub struct Session {
    workspace: Workspace,
    encoding: Encoding,
    snippets: bool,
    documents: HashMap<Uri, Document>,
}

impl Session {
    /// A session with the command line's options, counting positions in
    /// UTF-16 until [`Session::set_client`] says otherwise.
    #[must_use]
    pub fn new(options: Options) -> Session {
        Session {
            workspace: Workspace::new(options),
            encoding: Encoding::Utf16,
            snippets: false,
            documents: HashMap::new(),
        }
    }

    /// What the client negotiated: how it counts positions, and whether it
    /// takes snippets in completions.
    pub fn set_client(&mut self, encoding: Encoding, snippets: bool) {
        self.encoding = encoding;
        self.snippets = snippets;
    }

    /// The position encoding in force.
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// `textDocument/didOpen`.
    pub fn open(&mut self, uri: Uri, language: &str, version: i32, text: String) {
        let path = uri::to_path(&uri);
        let document =
            Document { path, language: language.to_owned(), version, text, revision: 0, analysis: None };
        self.documents.insert(uri, document);
    }

    /// `textDocument/didChange`: the changes applied in order. Whether the
    /// document is open.
    pub fn change(&mut self, uri: &Uri, version: i32, changes: Vec<TextDocumentContentChangeEvent>) -> bool {
        let encoding = self.encoding;
        let Some(document) = self.documents.get_mut(uri) else { return false };
        for change in changes {
            // Memory stays bounded whatever a client sends: a change that
            // could take the text past twice the size the checks take is
            // not applied (the text then lags the client's until it sends
            // the whole text again, smaller).
            let cap = crate::doc::Limits::DEFAULT.max_bytes.saturating_mul(2);
            if document.text.len().saturating_add(change.text.len()) > cap {
                continue;
            }
            lines::apply_change(&mut document.text, encoding, change.range, &change.text);
        }
        document.version = version;
        document.revision += 1;
        true
    }

    /// `textDocument/didClose`.
    pub fn close(&mut self, uri: &Uri) {
        self.documents.remove(uri);
    }

    /// Whether `uri` is open.
    #[must_use]
    pub fn is_open(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// The open documents.
    #[must_use]
    pub fn uris(&self) -> Vec<Uri> {
        self.documents.keys().cloned().collect()
    }

    /// The text of an open document.
    #[must_use]
    pub fn text(&self, uri: &Uri) -> Option<&str> {
        self.documents.get(uri).map(|d| d.text.as_str())
    }

    /// Forgets the configurations read and every analysis: a
    /// `.chime-shape.yaml` changed.
    pub fn reload_configuration(&mut self) {
        self.workspace.reload();
        for document in self.documents.values_mut() {
            document.analysis = None;
        }
    }

    /// Checks the document if it changed since its last check.
    fn analyse(&mut self, uri: &Uri) -> Option<&mut Document> {
        let encoding = self.encoding;
        let document = self.documents.get_mut(uri)?;
        let fresh = document.analysis.as_ref().is_some_and(|(revision, _, _)| *revision == document.revision);
        if !fresh {
            let path = document.path.as_deref();
            let plan = self.workspace.plan(path, &document.language, &document.text);
            let map = LineMap::new(&document.text, encoding);
            let analysis = check::analyse(&mut self.workspace, &plan, path, &document.text, &map);
            document.analysis = Some((document.revision, plan, analysis));
        }
        Some(document)
    }

    /// The diagnostics of a document, checked now if it changed.
    pub fn diagnostics(&mut self, uri: &Uri) -> Option<PublishDiagnosticsParams> {
        let document = self.analyse(uri)?;
        let diagnostics =
            document.analysis.as_ref().map(|(_, _, a)| a.diagnostics.clone()).unwrap_or_default();
        Some(PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version: Some(document.version) })
    }

    /// The problems of every configuration read that cannot be used, as
    /// diagnostics of the configuration file, and the files of those that
    /// can (whose earlier problems are to be cleared).
    pub fn configuration_diagnostics(&self) -> Vec<PublishDiagnosticsParams> {
        let mut out = Vec::new();
        let errors: Vec<_> = self.workspace.config_errors().collect();
        for path in self.workspace.config_paths() {
            let Some(uri) = absolute(path).as_deref().and_then(uri::from_path) else { continue };
            let problems = errors.iter().filter(|e| e.path == path).flat_map(|e| e.problems.iter());
            let text = self
                .documents
                .get(&uri)
                .map(|d| d.text.clone())
                .or_else(|| std::fs::read_to_string(path).ok())
                .unwrap_or_default();
            let map = LineMap::new(&text, self.encoding);
            let diagnostics = problems
                .map(|(line, column, message)| {
                    let at = map.position_of_column(&text, *line, *column);
                    Diagnostic {
                        range: Range { start: at, end: at },
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some(SOURCE.to_owned()),
                        message: sanitize::escape_multiline(message).into_owned(),
                        ..Diagnostic::default()
                    }
                })
                .collect();
            out.push(PublishDiagnosticsParams { uri, diagnostics, version: None });
        }
        out
    }

    /// `textDocument/hover`.
    pub fn hover(&mut self, uri: &Uri, position: Position) -> Option<Hover> {
        let encoding = self.encoding;
        let document = self.analyse(uri)?;
        // A document over the size the checks take is not read again for
        // a hover (its check says why it is not checked).
        if document.text.len() > crate::doc::Limits::DEFAULT.max_bytes {
            return None;
        }
        let map = LineMap::new(&document.text, encoding);
        let offset = map.offset(&document.text, position);
        let (_, plan, _) = document.analysis.as_ref()?;
        let plan = plan.clone();
        let text = document.text.clone();
        let (markdown, span) = match &plan {
            Plan::Request(request) => {
                let entry = self.workspace.entry(request.model)?;
                let operation = entry.model.find_operation(&request.operation)?;
                let format = request.format.resolve(text.as_bytes());
                modeline_hover(entry.model, operation, &text, format, offset)
                    .or_else(|| hover::request(entry.model, operation, &text, format, offset))?
            }
            #[cfg(feature = "lint")]
            Plan::Script { kind, .. } => self.script_hover(*kind, &text, offset)?,
            _ => return None,
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
            range: Some(map.range(&text, span.start, span.end)),
        })
    }

    /// The hover of an option or operation of an `aws` command.
    #[cfg(feature = "lint")]
    fn script_hover(
        &mut self,
        kind: crate::script::host::Kind,
        text: &str,
        offset: usize,
    ) -> Option<(String, crate::doc::Span)> {
        use crate::cliargs::argument_table;
        use crate::lint::{Head, head, read_commands};

        let commands = read_commands(kind, text).ok()?;
        let command = commands
            .iter()
            .find(|c| c.words.iter().any(|w| w.span.start <= offset && offset <= w.span.end))?;
        let index = command.words.iter().position(|w| w.span.start <= offset && offset <= w.span.end)?;
        let word = command.words.get(index)?;
        let span =
            crate::doc::Span::new(u32::try_from(word.span.start).ok()?, u32::try_from(word.span.end).ok()?);
        let Head::Call { service, operation_word, .. } = head(command) else { return None };
        let model = self.embedded_model(&service)?;
        let operation = model.find_operation(command.words.get(operation_word)?.value.as_deref()?)?;
        if index == operation_word {
            return Some((hover::operation_markdown(model, operation), span));
        }
        let value = word.value.as_deref()?;
        let option = value.split('=').next().unwrap_or(value);
        let table = argument_table(model, operation);
        let spec = table.iter().find(|s| s.option == option)?;
        Some((hover::member_markdown(model, spec.member, Some(&spec.member.name), spec.required), span))
    }

    /// An embedded service's model, with its documentation, loaded once.
    fn embedded_model(&mut self, service: &str) -> Option<&'static crate::model::Model> {
        if !crate::model::EMBEDDED.iter().any(|m| m.name == service) {
            return None;
        }
        let source = crate::validate::project::ModelSource::Embedded(service.to_owned());
        let index = self.workspace.model(&source).ok()?;
        self.workspace.entry(index).map(|e| e.model)
    }

    /// `textDocument/completion`.
    pub fn completion(&mut self, uri: &Uri, position: Position) -> Vec<CompletionItem> {
        let encoding = self.encoding;
        let snippets = self.snippets;
        let Some(document) = self.analyse(uri) else { return Vec::new() };
        if document.text.len() > crate::doc::Limits::DEFAULT.max_bytes {
            return Vec::new();
        }
        let text = document.text.clone();
        let language = document.language.clone();
        let plan = document.analysis.as_ref().map(|(_, plan, _)| plan.clone());
        let map = LineMap::new(&text, encoding);
        let offset = map.offset(&text, position);
        let target = Target { text: &text, map: &map, snippets };
        match plan {
            Some(Plan::Request(request)) => {
                let Some(entry) = self.workspace.entry(request.model) else { return Vec::new() };
                let model = entry.model;
                let Some(operation) = model.find_operation(&request.operation) else { return Vec::new() };
                let format = request.format.resolve(text.as_bytes());
                let mut model_of = |service: &str| self.embedded_model(service);
                completion::request(&target, (model, operation), format, offset, &mut model_of)
            }
            #[cfg(feature = "lint")]
            Some(Plan::Script { kind, .. }) => {
                let mut model_of = |service: &str| self.embedded_model(service);
                completion::script(&target, kind, offset, &mut model_of)
            }
            // A YAML document that is no request yet: the modeline makes it one.
            _ if is_yaml(&language, uri) => {
                let mut model_of = |service: &str| self.embedded_model(service);
                completion::request_without_operation(&target, offset, &mut model_of)
            }
            _ => Vec::new(),
        }
    }

    /// `textDocument/codeAction`.
    pub fn code_actions(
        &mut self,
        uri: &Uri,
        range: Range,
        only: Option<&[CodeActionKind]>,
    ) -> Vec<CodeActionOrCommand> {
        let encoding = self.encoding;
        let Some(document) = self.analyse(uri) else { return Vec::new() };
        let Some((_, _, analysis)) = &document.analysis else { return Vec::new() };
        let map = LineMap::new(&document.text, encoding);
        actions::actions(uri, &document.text, &map, analysis, range, only)
    }
}

/// Whether a document is YAML, by its language or its name.
fn is_yaml(language: &str, uri: &Uri) -> bool {
    language == "yaml" || uri::to_path(uri).is_some_and(|p| InputFormat::from_path(&p) == InputFormat::Yaml)
}

/// The hover of the modeline's operation.
fn modeline_hover(
    model: &crate::model::Model,
    operation: &crate::model::Operation,
    text: &str,
    format: Format,
    offset: usize,
) -> Option<(String, crate::doc::Span)> {
    if format != Format::Yaml {
        return None;
    }
    let modeline = super::modeline::parse(text)?;
    let (_, span) = modeline.operation?;
    let inside = span.start as usize <= offset && offset <= span.end as usize;
    inside.then(|| (hover::operation_markdown(model, operation), span))
}

/// `path` made absolute against the working directory.
fn absolute(path: &Path) -> Option<PathBuf> {
    if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        std::env::current_dir().ok().map(|d| d.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::workspace::ConfigChoice;

    fn session(uri: &Uri, language: &str, text: &str) -> Session {
        let mut session = Session::new(Options {
            service: Some("chime".to_owned()),
            config: ConfigChoice::Off,
            ..Options::default()
        });
        session.open(uri.clone(), language, 1, text.to_owned());
        session
    }

    #[test]
    fn a_change_is_checked_at_the_next_request() {
        let uri: Uri = "file:///x/numbers.batch-update-phone-number.json".parse().unwrap();
        let text = "{\"UpdatePhoneNumberRequestItems\": [\n  {\"PhoneNumberId\": \"1\", \"ProductType\": \"BusinessCalling\"}\n]}\n";
        let mut session = session(&uri, "json", text);
        assert!(session.diagnostics(&uri).unwrap().diagnostics.is_empty());
        let at = text.lines().nth(1).unwrap().find("Calling").unwrap() as u32 + 6;
        let range = Range {
            start: Position { line: 1, character: at },
            end: Position { line: 1, character: at + 1 },
        };
        let change =
            TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: "X".to_owned() };
        assert!(session.change(&uri, 2, vec![change]));
        assert!(session.text(&uri).unwrap().contains("BusinessCallinX"));
        let published = session.diagnostics(&uri).unwrap();
        assert_eq!(published.version, Some(2));
        assert_eq!(published.diagnostics.len(), 1, "{published:?}");
    }
}
