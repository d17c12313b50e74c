//! `chime-shape lint`: the command-line face of
//! [`chime_shape::lint::lint_paths`], rendered and judged as `validate`
//! renders and judges its report, and fixed as `validate` fixes files.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chime_shape::lint::{LintOptions, lint_paths};
use chime_shape::validate::project::ProjectError;

use super::args::{Cli, LintArgs};
use super::fixing::{self, Fixed};
use super::validate::{Rendering, codes, emit, show_source};
use super::{Failure, load_config, print_note, print_warning};

pub(crate) fn run(cli: &Cli, args: &LintArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if cli.global.service.is_some() {
        return Err(Failure::Usage(
            "lint takes the service from each `aws SERVICE OPERATION` line; --service does not apply".into(),
        ));
    }
    let config = load_config(cli)?;
    let terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let options = LintOptions {
        models: cli.global.model.iter().cloned().collect(),
        aws_models: args.aws_models,
        exclude: args.exclude.clone(),
        select: codes("--select", &args.select)?,
        ignore: codes("--ignore", &args.ignore)?,
        warn: codes("--warn", &args.warn)?,
        stdin_name: args.stdin_filename.clone(),
        keep_sources: show_source(args.format, args.show_source, args.no_show_source, terminal),
    };
    let run = |options: &LintOptions| {
        lint_paths(&args.files, config.as_ref(), options).map_err(|e| match e {
            ProjectError::Model(e) => Failure::from(e),
            ProjectError::Usage(message) => Failure::Usage(message),
        })
    };
    let checked = if fixing::wanted(&args.fixes) {
        let check =
            |keep: bool| run(&LintOptions { keep_sources: keep || options.keep_sources, ..options.clone() });
        match fixing::run(&args.fixes, &args.files, cli.global.quiet, out, check)? {
            Fixed::Done(code) => return Ok(code),
            Fixed::Report(checked) => *checked,
        }
    } else {
        run(&options)?
    };
    if args.verbose {
        for skipped in &checked.report.skipped {
            print_note(&format!("not checked: {skipped}"));
        }
    }
    if !args.files.is_empty()
        && checked.report.files.is_empty()
        && checked.report.unreadable.is_empty()
        && !cli.global.quiet
    {
        print_warning(
            "no file was read: every file named was excluded, or none is a shell script, Makefile, YAML, \
             Dockerfile or Markdown file",
        );
    }
    let rendering = Rendering {
        format: args.format,
        output_file: args.output_file.as_deref(),
        show_source: options.keep_sources,
        terminal,
        statistics: args.statistics,
        fail_level: args.fail_level,
        verbose: args.verbose,
    };
    emit(cli, &rendering, &checked, out)
}
