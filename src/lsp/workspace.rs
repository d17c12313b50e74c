//! What a document is, decided the way `validate` decides it: the
//! configuration that applies, the model and operation of a request
//! document, or the kind of script that holds `aws` commands.
//!
//! The order is the command's ([`crate::validate::project`]): the
//! modeline (the editor's `--service` / `--operation`), then the
//! configuration's `files` rules and default service or model, then the
//! file name; with no service given anywhere, the one embedded service that
//! has the operation. An open document is checked as `chime-shape validate
//! --skip-unknown FILE` checks a file, which is what the pre-commit hook
//! does: a file the configuration excludes, or leaves out of its `include`,
//! and a file whose operation cannot be told are not request documents (a
//! `package.json` or a workflow gets no `operation` error), unless a
//! modeline or a `files` rule says they are.
//!
//! Models are loaded once per source, with their documentation (hover shows
//! it), and kept for the life of the server together with their
//! validators (compiled patterns are cached in them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::doc::Span;
use crate::model::{EMBEDDED, Model, closest_names};
use crate::report::Levels;
use crate::validate::Validator;
use crate::validate::config::{self, Config, ConfigError};
use crate::validate::file::{self, InputFormat};
use crate::validate::project::ModelSource;

use super::modeline::{self, Modeline};

/// Where the configuration comes from: what `--config` and `--no-config`
/// say to the command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `.chime-shape.yaml` at or above each document's folder,
    /// up to its repository's root.
    #[default]
    Discover,
    /// This file, for every document (`--config`).
    File(PathBuf),
    /// None (`--no-config`).
    Off,
}

/// What the command line of `chime-shape lsp` says.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--service`: the model of every request document.
    pub service: Option<String>,
    /// `--model`: a botocore model file, instead of an embedded one.
    pub model: Option<PathBuf>,
    /// `--config` / `--no-config`.
    pub config: ConfigChoice,
}

/// A loaded model and its validator.
#[derive(Debug)]
pub(crate) struct Entry {
    pub model: &'static Model,
    pub validator: Validator<'static>,
}

/// A request document's check.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// Index of the model in [`Workspace::entry`].
    pub model: usize,
    /// The operation's CLI name.
    pub operation: String,
    pub format: InputFormat,
    pub levels: Levels,
}

/// What a document is.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// A request document.
    Request(Request),
    /// A request document whose named operation (modeline, `files` rule)
    /// or model cannot be had: one `operation` finding at `span`.
    Unknown { message: String, span: Span, levels: Levels },
    /// A file with `aws` commands (feature `lint`).
    #[cfg(feature = "lint")]
    Script { kind: crate::script::host::Kind, config: Option<Rc<Config>> },
    /// Nothing chime-shape checks.
    Nothing,
}

/// What tells a model file changed: its length and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileStamp { len: meta.len(), modified: meta.modified().ok() })
    }
}

/// The configurations and models of a session.
#[derive(Debug)]
pub(crate) struct Workspace {
    pub options: Options,
    /// Configurations read, by path; a bad one with its problems.
    configs: HashMap<PathBuf, Result<Rc<Config>, ConfigError>>,
    /// Models loaded (or not), by source; a model file with its length and
    /// modification time when read, to tell when it changed.
    models: Vec<(ModelSource, Option<FileStamp>, Result<usize, String>)>,
    entries: Vec<Entry>,
}

impl Workspace {
    pub fn new(options: Options) -> Workspace {
        Workspace { options, configs: HashMap::new(), models: Vec::new(), entries: Vec::new() }
    }

    /// Forgets every configuration read, so the next check reads them
    /// again (one was edited), and every model that failed to load or whose
    /// file changed since it was read. Embedded models stay.
    pub fn reload(&mut self) {
        self.configs.clear();
        self.models.retain(|(source, stamp, loaded)| {
            loaded.is_ok()
                && match source {
                    ModelSource::Embedded(_) => true,
                    ModelSource::File(path) => *stamp == FileStamp::of(path),
                }
        });
    }

    /// The configurations that could not be used, with their problems.
    pub fn config_errors(&self) -> impl Iterator<Item = &ConfigError> {
        self.configs.values().filter_map(|c| c.as_ref().err())
    }

    /// The paths of every configuration read.
    pub fn config_paths(&self) -> impl Iterator<Item = &Path> {
        self.configs.keys().map(PathBuf::as_path)
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    /// The configuration that applies to the document at `path`.
    pub fn config_for(&mut self, path: Option<&Path>) -> Option<Rc<Config>> {
        let found = match &self.options.config {
            ConfigChoice::Off => return None,
            ConfigChoice::File(file) => file.clone(),
            ConfigChoice::Discover => config::discover(path?.parent()?)?,
        };
        let loaded = self.configs.entry(found.clone()).or_insert_with(|| Config::load(&found).map(Rc::new));
        loaded.as_ref().ok().cloned()
    }

    /// The index of `source`'s model, loading it the first time.
    ///
    /// Models are leaked: a validator borrows its model, and both live as
    /// long as the server. There is one per source used (at most the six
    /// embedded services and the model files named), never one per check.
    pub fn model(&mut self, source: &ModelSource) -> Result<usize, String> {
        if let Some((_, _, loaded)) = self.models.iter().find(|(s, _, _)| s == source) {
            return loaded.clone();
        }
        let stamp = match source {
            ModelSource::File(path) => FileStamp::of(path),
            ModelSource::Embedded(_) => None,
        };
        let loaded = source.load(true).map_err(|e| e.to_string()).map(|model| {
            let model: &'static Model = Box::leak(Box::new(model));
            self.entries.push(Entry { model, validator: Validator::new(model) });
            self.entries.len() - 1
        });
        self.models.push((source.clone(), stamp, loaded.clone()));
        loaded
    }

    /// The embedded service that has operation `name`, as `validate` finds
    /// it when no service is given; else why not (none or several have it).
    pub fn services_with(&mut self, name: &str) -> Result<(usize, String), String> {
        let mut found = Vec::new();
        for embedded in EMBEDDED {
            let Ok(index) = self.model(&ModelSource::Embedded(embedded.name.to_owned())) else { continue };
            if let Some(op) = self.entries.get(index).and_then(|e| e.model.find_operation(name)) {
                found.push((index, embedded.name, op.cli_name.clone()));
            }
        }
        match found.as_slice() {
            [(index, _, op)] => Ok((*index, op.clone())),
            [] => {
                let names: Vec<String> = self
                    .entries
                    .iter()
                    .flat_map(|e| e.model.operations().map(|o| o.cli_name.clone()))
                    .collect();
                let mut message = format!("no embedded service has an operation `{name}`");
                if let Some(best) = closest_names(name, names.iter().map(String::as_str)).first() {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
                Err(message)
            }
            several => {
                let services: Vec<&str> = several.iter().map(|(_, s, _)| *s).collect();
                Err(format!(
                    "`{name}` is an operation of several services ({}): choose one with `service=` in the \
                     modeline, or with a `files` rule (glob, service) in .chime-shape.yaml",
                    services.join(", ")
                ))
            }
        }
    }

    /// What the document at `path` (none for an unsaved buffer), of the
    /// client's `language` and with this `text`, is.
    pub fn plan(&mut self, path: Option<&Path>, language: &str, text: &str) -> Plan {
        let shared = self.config_for(path);
        let config = shared.as_deref();
        if let Some(path) = path {
            let own = path.file_name().is_some_and(|n| config::FILE_NAMES.iter().any(|c| n == *c));
            if own || config.is_some_and(|c| c.is_self(path) || c.is_excluded(path)) {
                return Plan::Nothing;
            }
        }
        let levels = Levels::new(config.map(|c| c.severity.as_slice()).unwrap_or_default(), &[], &[], &[]);
        if let Some(format) = request_format(path, language) {
            let modeline = if format == InputFormat::Yaml { modeline::parse(text) } else { None };
            let left_out = path.is_some_and(|p| {
                config.is_some_and(|c| {
                    !c.include.is_empty() && !c.relative_path(p).is_some_and(|r| c.is_included(&r))
                })
            });
            if (modeline.is_some() || !left_out)
                && let Some(plan) = self.plan_request(path, config, modeline.as_ref(), format, &levels)
            {
                return plan;
            }
        }
        self.plan_script(path, language, text, shared)
    }

    /// A request document's model and operation; `None` when the file does
    /// not say (a walk would skip it).
    fn plan_request(
        &mut self,
        path: Option<&Path>,
        config: Option<&Config>,
        modeline: Option<&Modeline>,
        format: InputFormat,
        levels: &Levels,
    ) -> Option<Plan> {
        let unknown =
            |message: String, span: Span| Some(Plan::Unknown { message, span, levels: levels.clone() });
        let rule = path.and_then(|p| config.and_then(|c| c.rule_for(p)));
        let chosen =
            || ModelSource::chosen(self.options.model.as_deref(), self.options.service.as_deref(), config);
        let source =
            match (modeline.and_then(|m| m.service.as_ref()), rule.and_then(|r| r.service.as_deref())) {
                (Some((service, span)), _) => {
                    if !EMBEDDED.iter().any(|m| m.name == service) {
                        let known: Vec<&str> = EMBEDDED.iter().map(|m| m.name).collect();
                        let mut message = format!("unknown service `{service}`");
                        if let Some(best) = closest_names(service, known.iter().copied()).first() {
                            message.push_str(&format!("; did you mean `{best}`?"));
                        }
                        message.push_str(&format!(" (the embedded services are {})", known.join(", ")));
                        return unknown(message, *span);
                    }
                    Some(ModelSource::Embedded(service.clone()))
                }
                (None, Some(service)) if self.options.service.is_none() && self.options.model.is_none() => {
                    Some(ModelSource::Embedded(service.to_owned()))
                }
                _ => chosen(),
            };
        let named = modeline
            .and_then(|m| m.operation.clone())
            .or_else(|| rule.and_then(|r| r.operation.clone()).map(|o| (o, Span::empty(0))));
        let from_name = named.is_none();
        let (candidate, span) = match named {
            Some((name, span)) => (Some(name), span),
            None => (path.and_then(file::operation_candidate), Span::empty(0)),
        };
        match source {
            Some(source) => {
                let index = match self.model(&source) {
                    Ok(index) => index,
                    Err(message) => return unknown(message, span),
                };
                let model = self.entries.get(index)?.model;
                match candidate.as_deref().and_then(|c| model.find_operation(c)) {
                    Some(op) => Some(Plan::Request(Request {
                        model: index,
                        operation: op.cli_name.clone(),
                        format,
                        levels: levels.clone(),
                    })),
                    None if from_name => None,
                    None => {
                        let name = candidate.unwrap_or_default();
                        let message = match model.operation(&name) {
                            Err(e) if modeline.is_some() => e.to_string(),
                            _ => file::operation_hint(model, path.unwrap_or(Path::new(""))),
                        };
                        unknown(message, span)
                    }
                }
            }
            None => {
                let candidate = candidate?;
                match self.services_with(&candidate) {
                    Ok((model, operation)) => {
                        Some(Plan::Request(Request { model, operation, format, levels: levels.clone() }))
                    }
                    Err(_) if from_name => None,
                    Err(message) => unknown(message, span),
                }
            }
        }
    }

    #[cfg(feature = "lint")]
    fn plan_script(
        &mut self,
        path: Option<&Path>,
        language: &str,
        text: &str,
        config: Option<Rc<Config>>,
    ) -> Plan {
        use crate::script::host::{self, Kind};
        // Only files on disk: a script's `file://` values are looked up
        // next to it.
        let Some(path) = path else { return Plan::Nothing };
        let head = text.as_bytes().get(..text.len().min(256)).unwrap_or_default();
        let kind = host::kind_of(path, head).or(match language {
            "shellscript" | "sh" | "bash" | "zsh" => Some(Kind::Shell),
            "makefile" | "make" => Some(Kind::Makefile),
            "dockerfile" => Some(Kind::Dockerfile),
            "markdown" => Some(Kind::Markdown),
            "yaml" => Some(Kind::Yaml),
            _ => None,
        });
        match kind {
            Some(kind) => Plan::Script { kind, config },
            None => Plan::Nothing,
        }
    }

    #[cfg(not(feature = "lint"))]
    fn plan_script(&mut self, _: Option<&Path>, _: &str, _: &str, _: Option<Rc<Config>>) -> Plan {
        Plan::Nothing
    }
}

/// The format of a request document: by the file's extension, as
/// `validate` reads it, else (an unsaved buffer, a file named otherwise)
/// by the client's language; `None` for other files.
fn request_format(path: Option<&Path>, language: &str) -> Option<InputFormat> {
    match path.map(InputFormat::from_path) {
        Some(format @ (InputFormat::Json | InputFormat::Yaml)) => Some(format),
        _ => match language {
            "yaml" => Some(InputFormat::Yaml),
            "json" | "jsonc" => Some(InputFormat::Json),
            _ => None,
        },
    }
}
