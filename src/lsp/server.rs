//! The server loop: the protocol's lifecycle (`initialize`, `shutdown`,
//! `exit`), dispatch of each message to the [`Session`], and the debounce
//! that checks a document once typing pauses rather than at every key: a
//! pause as long as the document's last check took, at least [`DEBOUNCE`],
//! so diagnostics come as soon as the editor goes quiet, and checking
//! never takes more than about half the time while someone types.
//!
//! It is one thread, synchronous: a message is handled to the end before
//! the next is read, so requests always see the latest text. Whatever a
//! message holds, the loop goes on: params that do not parse get an error
//! response (requests) or a log line (notifications), an unknown method
//! `MethodNotFound`, and a panic in a handler — a bug — is caught, logged
//! and answered as an internal error. Logs name methods and documents,
//! never their text.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, CompletionOptions,
    CompletionParams, CompletionResponse, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, LogMessageParams, MessageType, PublishDiagnosticsParams,
    Registration, RegistrationParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;

use crate::guard::sanitize;
use crate::validate::config::FILE_NAMES;

use super::actions::fix_all_kind;
use super::lines::Encoding;
use super::session::Session;
use super::transport::{self, describe};
use super::workspace::Options;

/// The shortest pause after a change before the document is checked: long
/// enough to take the changes an editor sends together (a paste, a
/// replace-all, keys typed faster than the messages are read) in one check,
/// short enough that diagnostics feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// The longest pause, however long the document's checks take.
const MAX_PAUSE: Duration = Duration::from_millis(500);

/// Runs the server over standard input and output until `exit` or the end
/// of the input; returns the process's exit status (0 after `shutdown`, 1
/// for an `exit` without one, as the protocol says).
#[must_use]
pub fn run_stdio(options: Options) -> u8 {
    let (connection, io) = transport::stdio();
    let status = serve(&connection, options);
    drop(connection);
    io.join();
    status
}

/// Serves one client over `connection`; the exit status.
#[must_use]
pub fn serve(connection: &Connection, options: Options) -> u8 {
    let mut server = Server {
        connection,
        session: Session::new(options),
        initialized: false,
        shutdown: false,
        watch_registration: false,
        pending: HashMap::new(),
        costs: HashMap::new(),
        published_config: HashMap::new(),
    };
    loop {
        let received = match server.pending.values().min().copied() {
            Some(deadline) => match connection.receiver.recv_deadline(deadline) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match connection.receiver.recv() {
                Ok(message) => Some(message),
                Err(_) => break,
            },
        };
        if let Some(message) = received {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| server.handle(message)));
            match outcome {
                Ok(Some(status)) => return status,
                Ok(None) => {}
                Err(_) => {
                    server.log(MessageType::ERROR, "chime-shape: internal error (this is a bug); going on")
                }
            }
        }
        let flushed = std::panic::catch_unwind(AssertUnwindSafe(|| server.flush_due()));
        if flushed.is_err() {
            server.pending.clear();
            server.log(
                MessageType::ERROR,
                "chime-shape: internal error while checking (this is a bug); going on",
            );
        }
    }
    // The client went away without `exit`: a clean end if it had asked
    // for `shutdown` (or never started a session).
    if server.shutdown || !server.initialized { 0 } else { 1 }
}

struct Server<'a> {
    connection: &'a Connection,
    session: Session,
    initialized: bool,
    shutdown: bool,
    /// The client registers file watchers on request.
    watch_registration: bool,
    /// Documents changed and not yet checked, with when to check them.
    pending: HashMap<Uri, Instant>,
    /// How long each open document's last check took: the pause after
    /// its next change.
    costs: HashMap<Uri, Duration>,
    /// The configuration diagnostics last published, by file.
    published_config: HashMap<Uri, Vec<lsp_types::Diagnostic>>,
}

impl Server<'_> {
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.to_owned(), params)));
    }

    fn log(&self, typ: MessageType, message: &str) {
        let message = sanitize::escape_multiline(message).into_owned();
        self.notify("window/logMessage", LogMessageParams { typ, message });
    }

    fn respond(&self, id: RequestId, result: impl serde::Serialize) {
        let result = serde_json::to_value(result).unwrap_or(serde_json::Value::Null);
        self.send(Message::Response(Response { id, result: Some(result), error: None }));
    }

    fn fail(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            sanitize::escape(message).into_owned(),
        )));
    }

    /// Handles one message; the exit status when it ends the session.
    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => return self.notification(notification),
            // Answers to what the server asked (the watcher registration).
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if !self.initialized {
            if method == "initialize" {
                self.initialize(id, params);
            } else {
                self.fail(id, ErrorCode::ServerNotInitialized, "the server is not initialized");
            }
            return;
        }
        if self.shutdown {
            self.fail(id, ErrorCode::InvalidRequest, "the server is shutting down");
            return;
        }
        match method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.respond(id, ());
            }
            "initialize" => self.fail(id, ErrorCode::InvalidRequest, "the server is already initialized"),
            "textDocument/hover" => {
                let Some(params) = self.params::<HoverParams>(&id, &method, params) else { return };
                let at = params.text_document_position_params;
                let hover = self.session.hover(&at.text_document.uri, at.position);
                self.respond(id, hover);
            }
            "textDocument/completion" => {
                let Some(params) = self.params::<CompletionParams>(&id, &method, params) else { return };
                let at = params.text_document_position;
                let items = self.session.completion(&at.text_document.uri, at.position);
                self.respond(id, CompletionResponse::Array(items));
            }
            "textDocument/codeAction" => {
                let Some(params) = self.params::<CodeActionParams>(&id, &method, params) else { return };
                let only = params.context.only.as_deref();
                let actions = self.session.code_actions(&params.text_document.uri, params.range, only);
                self.respond(id, actions);
            }
            _ => self.fail(id, ErrorCode::MethodNotFound, &format!("unknown method {method}")),
        }
    }

    /// A request's params, or an `InvalidParams` answer.
    fn params<T: DeserializeOwned>(
        &self,
        id: &RequestId,
        method: &str,
        params: serde_json::Value,
    ) -> Option<T> {
        match serde_json::from_value(params) {
            Ok(params) => Some(params),
            Err(error) => {
                let message = format!("invalid params of {method}: {}", describe(&error));
                self.fail(id.clone(), ErrorCode::InvalidParams, &message);
                None
            }
        }
    }

    fn initialize(&mut self, id: RequestId, params: serde_json::Value) {
        // A client whose capabilities do not parse still gets a server,
        // with the protocol's defaults.
        let params: Option<InitializeParams> = match serde_json::from_value(params) {
            Ok(params) => Some(params),
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    &format!(
                        "chime-shape: initialize params not understood ({}); using defaults",
                        describe(&error)
                    ),
                );
                None
            }
        };
        let capabilities = params.as_ref().map(|p| &p.capabilities);
        let offered =
            capabilities.and_then(|c| c.general.as_ref()).and_then(|g| g.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        let snippets = capabilities
            .and_then(|c| c.text_document.as_ref())
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        self.watch_registration = capabilities
            .and_then(|c| c.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files)
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.session.set_client(encoding, snippets);
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(["\"", ":", "=", "-"].map(str::to_owned).to_vec()),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
                    ..CodeActionOptions::default()
                })),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "chime-shape".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        self.initialized = true;
        self.respond(id, result);
    }

    fn notification(&mut self, notification: Notification) -> Option<u8> {
        let Notification { method, params } = notification;
        if method == "exit" {
            return Some(if self.shutdown { 0 } else { 1 });
        }
        // After `shutdown` only `exit` counts (LSP 3.17).
        if !self.initialized || self.shutdown {
            return None;
        }
        match method.as_str() {
            "initialized" => self.register_watchers(),
            "textDocument/didOpen" => {
                let params: DidOpenTextDocumentParams = self.note_params(&method, params)?;
                let document = params.text_document;
                let uri = document.uri.clone();
                self.session.open(document.uri, &document.language_id, document.version, document.text);
                self.pending.remove(&uri);
                self.publish(&uri);
            }
            "textDocument/didChange" => {
                let params: DidChangeTextDocumentParams = self.note_params(&method, params)?;
                let uri = params.text_document.uri;
                if self.session.change(&uri, params.text_document.version, params.content_changes) {
                    let pause = self.costs.get(&uri).copied().unwrap_or_default().clamp(DEBOUNCE, MAX_PAUSE);
                    self.pending.insert(uri, Instant::now() + pause);
                }
            }
            "textDocument/didSave" => {
                let params: DidSaveTextDocumentParams = self.note_params(&method, params)?;
                if is_configuration(&params.text_document.uri) {
                    self.reconfigure();
                }
            }
            "textDocument/didClose" => {
                let params: DidCloseTextDocumentParams = self.note_params(&method, params)?;
                let uri = params.text_document.uri;
                self.session.close(&uri);
                self.pending.remove(&uri);
                self.costs.remove(&uri);
                if !is_configuration(&uri) {
                    self.notify(
                        "textDocument/publishDiagnostics",
                        PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None },
                    );
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let params: DidChangeWatchedFilesParams = self.note_params(&method, params)?;
                if params.changes.iter().any(|c| is_configuration(&c.uri)) {
                    self.reconfigure();
                }
            }
            // Cancellation, tracing, settings: nothing to do.
            _ => {}
        }
        None
    }

    /// A notification's params, or a log line saying they were ignored.
    fn note_params<T: DeserializeOwned>(&self, method: &str, params: serde_json::Value) -> Option<T> {
        match serde_json::from_value(params) {
            Ok(params) => Some(params),
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    &format!("chime-shape: {method} ignored: {}", describe(&error)),
                );
                None
            }
        }
    }

    /// Asks the client to report changes of the configuration files, when
    /// it can be asked.
    fn register_watchers(&self) {
        if !self.watch_registration {
            return;
        }
        let watchers = FILE_NAMES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "chime-shape-configuration".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        let params = RegistrationParams { registrations: vec![registration] };
        self.send(Message::Request(Request::new(
            RequestId::from("chime-shape-register-watchers".to_owned()),
            "client/registerCapability".to_owned(),
            params,
        )));
    }

    /// A configuration changed: every open document is checked again.
    fn reconfigure(&mut self) {
        self.session.reload_configuration();
        self.pending.clear();
        for uri in self.session.uris() {
            self.publish(&uri);
        }
        self.log(MessageType::INFO, "chime-shape: configuration changed; open documents checked again");
    }

    /// Checks the documents whose pause is over.
    fn flush_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> =
            self.pending.iter().filter(|(_, at)| **at <= now).map(|(uri, _)| uri.clone()).collect();
        for uri in due {
            self.pending.remove(&uri);
            if is_configuration(&uri) {
                // Read from disk: the edit takes effect when it is saved.
                self.reconfigure();
            } else {
                self.publish(&uri);
            }
        }
    }

    /// Checks a document and publishes its diagnostics, then those of the
    /// configurations that changed.
    fn publish(&mut self, uri: &Uri) {
        let started = Instant::now();
        let diagnostics = self.session.diagnostics(uri);
        if self.session.is_open(uri) {
            self.costs.insert(uri.clone(), started.elapsed());
        }
        if let Some(params) = diagnostics
            && !is_configuration(uri)
        {
            self.notify("textDocument/publishDiagnostics", params);
        }
        for params in self.session.configuration_diagnostics() {
            let before = self.published_config.get(&params.uri);
            let changed = before.map_or(!params.diagnostics.is_empty(), |b| *b != params.diagnostics);
            if changed {
                self.published_config.insert(params.uri.clone(), params.diagnostics.clone());
                self.notify("textDocument/publishDiagnostics", params);
            }
        }
    }
}

/// Whether `uri` names a configuration file.
fn is_configuration(uri: &Uri) -> bool {
    let text = uri.as_str();
    FILE_NAMES.iter().any(|name| text.ends_with(&format!("/{name}")))
}
