//! The command-line layer: parse arguments, call the library, print, and
//! map outcomes to exit codes (0 ok, 1 invalid input, 2 usage, file or
//! model errors and internal failures).

mod args;
mod parse;
mod rules;
mod schema;
mod validate;

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use chime_shape::config::{self, Config};
use chime_shape::model::{self, EMBEDDED, Model, ModelError};
use chime_shape::project::ModelSource;
use chime_shape::skeleton::{self, Mode};
use chime_shape::{describe, sanitize};

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
    /// Output could not be written. `verdict` is the exit code the command
    /// had reached about its input (0 valid, 1 invalid) before the write
    /// failed: a reader that stopped early (`| head -1`, a closed pipe)
    /// exits with the verdict, so an invalid input never turns into 0;
    /// any other write error (a full disk, a closed descriptor) exits 2.
    Write {
        /// The write error.
        error: std::io::Error,
        /// The exit code the command would have had.
        verdict: u8,
    },
}

impl Failure {
    /// The exit code, printing what has not been printed yet.
    fn report(self) -> ExitCode {
        match self {
            Failure::Exit(code) => ExitCode::from(code),
            Failure::Usage(message) => {
                print_error(&message);
                ExitCode::from(2)
            }
            Failure::Write { error, verdict } if error.kind() == std::io::ErrorKind::BrokenPipe => {
                ExitCode::from(verdict)
            }
            Failure::Write { error, .. } => {
                print_error(&format!("cannot write output: {error}"));
                ExitCode::from(2)
            }
        }
    }
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

/// A write error of a command that has no verdict (yet): verdict 0. A
/// command that knows its input is invalid builds [`Failure::Write`] with
/// its verdict instead.
impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Write { error, verdict: 0 }
    }
}

/// Prints `chime-shape: error: MESSAGE` on standard error.
///
/// The one way the command line reports errors: `message` may hold
/// untrusted text (file names, values), so it is escaped with
/// [`sanitize::escape_multiline`] (lines are kept; control characters and
/// workflow-command line starts are not); and a full or closed standard
/// error is ignored, because there is nowhere left to report it and
/// `eprintln!` would panic (exit 101) instead of exiting with the code the
/// input deserves.
pub(crate) fn print_error(message: &str) {
    print_stderr_line("error", message);
}

/// Prints `chime-shape: note: MESSAGE` on standard error, as
/// [`print_error`] does.
pub(crate) fn print_note(message: &str) {
    print_stderr_line("note", message);
}

/// Prints `chime-shape: warning: MESSAGE` on standard error, as
/// [`print_error`] does.
pub(crate) fn print_warning(message: &str) {
    print_stderr_line("warning", message);
}

/// Writes `text` to standard error as it is, ignoring write errors. For
/// lines the caller has already made safe (escaped each untrusted part)
/// and may have coloured.
pub(crate) fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

fn print_stderr_line(level: &str, message: &str) {
    write_stderr(&format!("chime-shape: {level}: {}\n", sanitize::escape_multiline(message)));
}

/// Standard output, or the knowledge that descriptor 1 was closed
/// (`>&-`). Before `main`, Rust's runtime reopens a closed standard
/// descriptor as `/dev/null` (so that a file opened later cannot take its
/// number), after which every write "succeeds": a command whose output
/// went nowhere would exit 0.
enum Output {
    Open(std::io::StdoutLock<'static>),
    Closed,
}

impl Output {
    fn new() -> Output {
        if stdout_was_closed() { Output::Closed } else { Output::Open(std::io::stdout().lock()) }
    }

    fn closed_error() -> std::io::Error {
        std::io::Error::other("standard output is closed")
    }
}

/// Whether descriptor 1 is closed, or is the `/dev/null` Rust's runtime
/// put there for a closed one: opened read-write, which no shell
/// redirection (`>/dev/null` opens it write-only) and no
/// `Stdio::null()` does. Linux only (it reads `/proc/self`); elsewhere
/// only a descriptor that is really closed is recognised.
fn stdout_was_closed() -> bool {
    if std::io::stdout().as_fd().try_clone_to_owned().is_err() {
        return true;
    }
    if std::fs::read_link("/proc/self/fd/1").ok().as_deref() != Some(std::path::Path::new("/dev/null")) {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else { return false };
    info.lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        // O_ACCMODE == 3, O_RDWR == 2.
        .is_some_and(|flags| flags & 3 == 2)
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Open(out) => out.write(buf),
            Output::Closed if buf.is_empty() => Ok(0),
            Output::Closed => Err(Output::closed_error()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Open(out) => out.flush(),
            Output::Closed => Ok(()),
        }
    }
}

/// Handles what `Cli::try_parse` refused or answered itself: `--help` and
/// `--version` go to standard output (exit 0, or 2 when that write
/// fails); usage errors go to standard error, escaped (they quote the
/// command line), exit 2. clap's own `exit()` would panic on a failed
/// write.
fn clap_outcome(error: &clap::Error) -> ExitCode {
    if error.use_stderr() {
        let color =
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let rendered = error.render();
        if color {
            // clap's styling is kept only when the message (which quotes
            // the command line) needs no escaping.
            let plain = rendered.to_string();
            if sanitize::escape_multiline(&plain) == plain {
                write_stderr(&rendered.ansi().to_string());
                return ExitCode::from(2);
            }
        }
        write_stderr(&sanitize::escape_multiline(&rendered.to_string()));
        return ExitCode::from(2);
    }
    let rendered = error.render();
    let text = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    let mut out = Output::new();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => Failure::Write { error, verdict: 0 }.report(),
    }
}

/// Runs the command line and returns the process exit code. A panic is
/// caught and reported as an internal error (exit 2) rather than a crash.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_outcome(&error),
    };
    match std::panic::catch_unwind(|| run(&cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(failure)) => failure.report(),
        Err(_) => {
            print_error("internal error (this is a bug; please report it with the command line)");
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

/// Loads the model the global options select ([`ModelSource::chosen`],
/// else `chime`). The configuration is read only when no flag decides.
pub(crate) fn load_model(cli: &Cli, docs: bool) -> Result<Model, Failure> {
    let config =
        if cli.global.model.is_none() && cli.global.service.is_none() { load_config(cli)? } else { None };
    let source =
        ModelSource::chosen(cli.global.model.as_deref(), cli.global.service.as_deref(), config.as_ref())
            .unwrap_or_else(|| ModelSource::Embedded("chime".to_owned()));
    Ok(source.load(docs)?)
}

fn run(cli: &Cli) -> Result<ExitCode, Failure> {
    let mut out = Output::new();
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
            let text = skeleton::try_render(&model, op, mode).map_err(|e| Failure::Usage(e.to_string()))?;
            out.write_all(text.as_bytes())?;
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
            let (page, truncated) = describe::describe_page(&model, op, style);
            out.write_all(page.as_bytes())?;
            if truncated {
                // Printed, but incomplete: not a success.
                print_error("the page was cut short: the model makes it grow exponentially");
                return Ok(ExitCode::from(2));
            }
        }
        Command::Schema(schema_args) => return schema::run(cli, schema_args, &mut out),
        Command::Rules => rules::list(&mut out)?,
        Command::Explain { code } => rules::explain(code, &mut out)?,
        Command::Completions { shell } => {
            // Generated into memory first: clap_complete unwraps its write
            // errors, which would panic on a full disk or a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "chime-shape", &mut script);
            out.write_all(&script)?;
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            out.write_all(&page)?;
        }
        Command::Validate(validate_args) => return validate::run(cli, validate_args, &mut out),
        Command::Parse(parse_args) => return parse::run(cli, parse_args, &mut out),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
