//! The command-line layer: parse arguments, call the library, print, and
//! map outcomes to exit codes (0 ok, 1 invalid input, 2 usage, file or
//! model errors and internal failures).

mod args;
mod parse;
mod validate;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use chime_shape::config::{self, Config};
use chime_shape::model::{self, EMBEDDED, LoadOptions, Model, ModelError};
use chime_shape::skeleton::{self, Mode};
use chime_shape::{describe, schema};

use args::{Cli, ColorChoice, Command, SkeletonMode};

/// Whether to colour output: `--color always|never`, or on a terminal
/// when `NO_COLOR` is unset or empty (<https://no-color.org>).
pub(crate) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The terminal's width, for wrapping (at most 100 columns, for reading).
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0).min(100))
}

/// `--version`: the crate version and where the embedded models come from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (embedded models: botocore ",
    include_str!("../../models/BOTOCORE_VERSION"),
    ")"
);

/// A failure that ends the command, with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Usage, file or model problems: exit 2.
    Usage(String),
    /// A message already printed; exit with this code.
    Exit(u8),
    /// Output could not be written (other than a closed pipe): exit 2.
    Io(std::io::Error),
}

impl From<ModelError> for Failure {
    fn from(e: ModelError) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<model::UnknownOperation> for Failure {
    fn from(e: model::UnknownOperation) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Runs the command line and returns the process exit code. A panic is
/// caught and reported as an internal error (exit 2) rather than a crash.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| run(&cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(Failure::Io(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Err(Failure::Io(e))) => {
            eprintln!("chime-shape: cannot write output: {e}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Exit(code))) => ExitCode::from(code),
        Ok(Err(Failure::Usage(message))) => {
            eprintln!("chime-shape: error: {message}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("chime-shape: internal error (this is a bug; please report it with the command line)");
            ExitCode::from(2)
        }
    }
}

/// Leaves a model to the operating system instead of freeing it piece by
/// piece: the process is about to end, and dropping the shape graph is a
/// tenth of a skeleton command's work.
fn exit_without_drop(model: Model) {
    std::mem::forget(model);
}

/// The configuration in force: `--config`, else the nearest
/// `.chime-shape.yaml` above the working directory, unless `--no-config`.
pub(crate) fn load_config(cli: &Cli) -> Result<Option<Config>, Failure> {
    if cli.global.no_config {
        return Ok(None);
    }
    let path = match &cli.global.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir().ok().and_then(|dir| {
            // Shown relative to the working directory when it is below it.
            config::discover(&dir)
                .map(|p| p.strip_prefix(&dir).map(std::path::Path::to_path_buf).unwrap_or(p))
        }),
    };
    path.map(|p| Config::load(&p).map_err(|e| Failure::Usage(format!("invalid configuration\n{e}"))))
        .transpose()
}

/// Which model to load: an embedded service or a model file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ModelKey {
    Embedded(String),
    File(PathBuf),
}

impl ModelKey {
    /// The one order of precedence: `--model`, `--service`, the service of
    /// a configuration `files` rule (`rule_service`), the configuration's
    /// `model`, then its `service`, else `chime`.
    pub(crate) fn choose(cli: &Cli, config: Option<&Config>, rule_service: Option<&str>) -> ModelKey {
        if let Some(path) = &cli.global.model {
            ModelKey::File(path.clone())
        } else if let Some(service) = &cli.global.service {
            ModelKey::Embedded(service.clone())
        } else if let Some(service) = rule_service {
            ModelKey::Embedded(service.to_owned())
        } else if let Some(path) = config.and_then(Config::model_path) {
            ModelKey::File(path)
        } else {
            ModelKey::Embedded(config.and_then(|c| c.service.clone()).unwrap_or_else(|| "chime".to_owned()))
        }
    }

    /// Loads the model; documentation is read only when `docs` (it is most
    /// of a model's text).
    pub(crate) fn load(&self, docs: bool) -> Result<Model, ModelError> {
        let options = LoadOptions { documentation: docs };
        match self {
            ModelKey::Embedded(name) => model::load_embedded_with(name, options),
            ModelKey::File(path) => Model::from_path_with(path, options),
        }
    }
}

/// Loads the model the global options select ([`ModelKey::choose`]). The
/// configuration is read only when no flag decides.
pub(crate) fn load_model(cli: &Cli, docs: bool) -> Result<Model, Failure> {
    let config =
        if cli.global.model.is_none() && cli.global.service.is_none() { load_config(cli)? } else { None };
    Ok(ModelKey::choose(cli, config.as_ref(), None).load(docs)?)
}

fn run(cli: &Cli) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match &cli.command {
        Command::Services => {
            let width = EMBEDDED.iter().map(|m| m.name.len()).max().unwrap_or(0);
            for m in EMBEDDED {
                writeln!(out, "{:width$}  {}  {:>3} operations", m.name, m.api_version, m.operations)?;
            }
        }
        Command::Operations => {
            let model = load_model(cli, false)?;
            for op in model.operations() {
                writeln!(out, "{}", op.cli_name)?;
            }
            exit_without_drop(model);
        }
        Command::Skeleton { mode, operation } => {
            let model = load_model(cli, *mode == SkeletonMode::YamlInput)?;
            let op = model.operation(operation)?;
            let mode = match mode {
                SkeletonMode::Input => Mode::Input,
                SkeletonMode::YamlInput => Mode::YamlInput,
                SkeletonMode::Output => Mode::Output,
            };
            out.write_all(skeleton::render(&model, op, mode).as_bytes())?;
            exit_without_drop(model);
        }
        Command::Describe { operation } => {
            let model = load_model(cli, true)?;
            let op = model.operation(operation)?;
            let terminal = std::io::stdout().is_terminal();
            let style = describe::Style {
                width: terminal.then(terminal_width).flatten(),
                color: use_color(cli.global.color, terminal),
            };
            out.write_all(describe::describe(&model, op, style).as_bytes())?;
        }
        Command::Schema { output, operation } => {
            let model = load_model(cli, true)?;
            let op = model.operation(operation)?;
            let side = if *output { schema::Side::Output } else { schema::Side::Input };
            let value = schema::operation_schema(&model, op, side);
            let mut text = serde_json::to_string_pretty(&value).map_err(|e| Failure::Usage(e.to_string()))?;
            text.push('\n');
            out.write_all(text.as_bytes())?;
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "chime-shape", &mut out);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
        }
        Command::Validate(validate_args) => return validate::run(cli, validate_args, &mut out),
        Command::Parse(parse_args) => return parse::run(cli, parse_args, &mut out),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
