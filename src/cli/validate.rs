//! `chime-shape validate`: the command-line face of
//! [`chime_shape::validate::project::check_paths`] — options in, the report rendered
//! in the chosen format, the exit status out.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chime_shape::report::diagnostic::{Code, Severity};
use chime_shape::report::{self, FileReport, Report, TextOptions};
use chime_shape::validate::project::{self, Checked, Options, ProjectError};

use super::args::{Cli, FailLevel, OutputFormat, ValidateArgs};
use super::fixing::{self, Fixed};
use super::{Failure, load_config, print_error, print_note, print_warning, use_color};

/// `CLICOLOR_FORCE` set (and not `0`): the user wants terminal output,
/// snippets included, where there is no terminal (a CI log).
fn color_forced() -> bool {
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The codes named by `--warn`, `--select` or `--ignore`.
pub(crate) fn codes(flag: &str, names: &[String]) -> Result<Vec<Code>, Failure> {
    names
        .iter()
        .filter(|name| !name.is_empty())
        .map(|name| {
            Code::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                Failure::Usage(format!("{flag} {name}: no such code; the codes are {}", known.join(", ")))
            })
        })
        .collect()
}

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if args.report_schema {
        out.write_all(Report::schema().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = load_config(cli)?;
    let terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let show_source = show_source(args.format, args.show_source, args.no_show_source, terminal);
    let options = Options {
        service: cli.global.service.clone(),
        model: cli.global.model.clone(),
        operation: args.operation.clone(),
        stdin_name: args.stdin_filename.clone(),
        exclude: args.exclude.clone(),
        select: codes("--select", &args.select)?,
        ignore: codes("--ignore", &args.ignore)?,
        warn: codes("--warn", &args.warn)?,
        skip_unknown: args.skip_unknown,
        keep_sources: show_source,
        skip_notes: !args.verbose,
    };
    let run = |options: &Options| {
        project::check_paths(&args.files, config.as_ref(), options).map_err(|e| match e {
            ProjectError::Model(e) => Failure::from(e),
            ProjectError::Usage(message) => Failure::Usage(message),
        })
    };
    if fixing::wanted(&args.fixes) {
        let check = |keep: bool| run(&Options { keep_sources: keep || show_source, ..options.clone() });
        return match fixing::run(&args.fixes, &args.files, cli.global.quiet, out, check)? {
            Fixed::Done(code) => Ok(code),
            Fixed::Report(checked) => finish(cli, args, show_source, terminal, &checked, out),
        };
    }
    let checked = run(&options)?;
    if !args.files.is_empty()
        && checked.report.files.is_empty()
        && checked.report.unreadable.is_empty()
        && !cli.global.quiet
    {
        print_warning(
            "no file was checked: every file named was excluded or skipped, or a directory held no JSON or \
             YAML request file",
        );
    }
    let code = finish(cli, args, show_source, terminal, &checked, out);
    // The process ends with the report written: freeing every file's
    // findings one by one would only delay the exit.
    std::mem::forget(checked);
    code
}

/// Renders `checked` as `validate`'s arguments ask.
fn finish(
    cli: &Cli,
    args: &ValidateArgs,
    show_source: bool,
    terminal: bool,
    checked: &Checked,
    out: &mut impl Write,
) -> Result<ExitCode, Failure> {
    let rendering = Rendering {
        format: args.format,
        output_file: args.output_file.as_deref(),
        show_source,
        terminal,
        statistics: args.statistics,
        fail_level: args.fail_level,
        verbose: args.verbose,
    };
    emit(cli, &rendering, checked, out)
}

/// How a report is written: what `validate` and `lint` share.
pub(crate) struct Rendering<'a> {
    pub format: OutputFormat,
    pub output_file: Option<&'a Path>,
    pub show_source: bool,
    pub terminal: bool,
    pub statistics: bool,
    pub fail_level: FailLevel,
    pub verbose: bool,
}

/// Whether snippets are shown: text format, not turned off, and a
/// terminal, `--show-source` or `CLICOLOR_FORCE`.
pub(crate) fn show_source(format: OutputFormat, on: bool, off: bool, terminal: bool) -> bool {
    format == OutputFormat::Text && !off && (on || terminal || color_forced())
}

/// Prints the unreadable files (and, verbose, the notes), renders the
/// report, writes it, and returns the exit status.
pub(crate) fn emit(
    cli: &Cli,
    rendering: &Rendering<'_>,
    checked: &Checked,
    out: &mut impl Write,
) -> Result<ExitCode, Failure> {
    let report = &checked.report;
    for error in &report.unreadable {
        print_error(&error.message);
    }
    if rendering.verbose {
        for note in &checked.notes {
            print_note(note);
        }
    }
    // A JSON report to standard output is written as it is rendered.
    let streamed = rendering.format == OutputFormat::Json && rendering.output_file.is_none();
    let mut text = match rendering.format {
        OutputFormat::Json if streamed => String::new(),
        OutputFormat::Json => report.to_json(),
        OutputFormat::Sarif => report::sarif(report, env!("CARGO_PKG_VERSION")),
        OutputFormat::Github => report::github(report),
        OutputFormat::Text => {
            let options = TextOptions {
                color: rendering.output_file.is_none() && use_color(cli.global.color, rendering.terminal),
                snippets: rendering.show_source,
                quiet: cli.global.quiet,
            };
            let source = |i: usize| {
                checked
                    .sources
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            };
            report::text(report, options, &source)
        }
    };
    if rendering.statistics {
        let statistics = report::statistics(report);
        if rendering.format == OutputFormat::Text && rendering.output_file.is_none() {
            text.push_str(&statistics);
        } else {
            super::write_stderr(&statistics);
        }
    }
    let verdict = exit_code(&report.files, !report.unreadable.is_empty(), rendering.fail_level);
    match rendering.output_file {
        Some(path) => {
            std::fs::write(path, text.as_bytes())
                .map_err(|e| Failure::Usage(format!("cannot write the report to {}: {e}", path.display())))?;
        }
        // The verdict survives a failed write: under `set -o pipefail` an
        // invalid document must not pass because the reader went away.
        None => {
            let written = if streamed { report.write_json(out) } else { out.write_all(text.as_bytes()) };
            written.and_then(|()| out.flush()).map_err(|error| Failure::Write { error, verdict })?;
        }
    }
    Ok(ExitCode::from(verdict))
}

/// 2 when a file could not be read, else 1 when a file has findings at the
/// fail level (counting those past the per-file limit), else 0.
fn exit_code(files: &[FileReport], unreadable: bool, fail_level: FailLevel) -> u8 {
    if unreadable {
        return 2;
    }
    // `valid` already counts errors past the per-file limit, under the
    // levels in force; at the warning level any finding left fails.
    let failing = files.iter().any(|f| match fail_level {
        FailLevel::Error => !f.valid,
        FailLevel::Warning => {
            !f.valid || !f.dropped.is_empty() || f.diagnostics.iter().any(|d| d.severity >= Severity::Warning)
        }
    });
    u8::from(failing)
}
