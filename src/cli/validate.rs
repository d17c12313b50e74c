//! `chime-shape validate`: files in, findings out, exit status 0/1/2.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chime_shape::check::{self, InputFormat};
use chime_shape::diagnostic::{Code, Severity};
use chime_shape::doc::Limits;
use chime_shape::report::{self, FileReport, Report, TextOptions};
use chime_shape::validate::Validator;

use super::args::{Cli, FailLevel, OutputFormat, ValidateArgs};
use super::{Failure, load_model, use_color};

/// One input: a path, or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

/// Expands directories into their JSON and YAML files (sorted, recursively,
/// not following symbolic links to directories, so loops cannot occur).
fn collect(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, errors);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(format!("cannot read directory {}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if meta.is_dir() {
            walk(&path, inputs, errors);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
            Some("json" | "yaml" | "yml")
        ) && path.is_file()
        {
            inputs.push(Input::File(path));
        }
    }
}

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if args.report_schema {
        out.write_all(Report::schema().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut warn = Vec::new();
    for code in &args.warn {
        match Code::parse(code) {
            Some(code) => warn.push(code),
            None => {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "--warn {code}: no such code; the codes are {}",
                    known.join(", ")
                )));
            }
        }
    }
    let model = load_model(cli)?;
    let fixed = match &args.operation {
        Some(name) => Some(model.operation(name)?),
        None => None,
    };
    let validator = Validator::new(&model);
    let limits = Limits::DEFAULT;

    let mut unreadable = Vec::new();
    let inputs = collect(&args.files, &mut unreadable);
    let mut files = Vec::new();
    for input in &inputs {
        let (display, name_path, bytes) = match input {
            Input::Stdin => {
                let mut bytes = Vec::new();
                if let Err(e) = read_limited(std::io::stdin(), &limits, &mut bytes) {
                    unreadable.push(format!("cannot read standard input: {e}"));
                    continue;
                }
                let name = args.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
                (name.clone(), PathBuf::from(name), bytes)
            }
            Input::File(path) => match std::fs::File::open(path).and_then(|f| {
                let mut bytes = Vec::new();
                read_limited(f, &limits, &mut bytes).map(|()| bytes)
            }) {
                Ok(bytes) => (path.display().to_string(), path.clone(), bytes),
                Err(e) => {
                    unreadable.push(format!("cannot read {}: {e}", path.display()));
                    continue;
                }
            },
        };
        let operation = fixed.or_else(|| check::operation_from_file_name(&model, &name_path));
        let mut file_report = match operation {
            Some(op) => check::check_bytes(
                &validator,
                op,
                &display,
                &bytes,
                InputFormat::from_path(&name_path),
                &limits,
            ),
            None => check::unknown_operation(&model, &display, &name_path),
        };
        check::downgrade(&mut file_report, &warn);
        files.push(file_report);
    }

    for message in &unreadable {
        eprintln!("chime-shape: error: {message}");
    }
    let report = Report::new(files);
    let text = match args.format {
        OutputFormat::Json => report.to_json(),
        OutputFormat::Sarif => report::sarif(&report, env!("CARGO_PKG_VERSION")),
        OutputFormat::Github => report::github(&report),
        OutputFormat::Text => {
            let terminal = std::io::stdout().is_terminal();
            let options = TextOptions {
                color: use_color(cli.global.color, terminal),
                snippets: terminal,
                quiet: args.quiet,
            };
            let source = |file: &str| std::fs::read_to_string(file).ok();
            report::text(&report, options, &source)
        }
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::from(exit_code(&report.files, !unreadable.is_empty(), args.fail_level)))
}

/// Reads at most one byte more than the size limit: enough for the parser
/// to report the file as too large, without holding a huge file in memory.
fn read_limited(reader: impl Read, limits: &Limits, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    let cap = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(bytes).map(|_| ())
}

/// 2 when a file could not be read, else 1 when a file has findings at the
/// fail level, else 0.
fn exit_code(files: &[FileReport], unreadable: bool, fail_level: FailLevel) -> u8 {
    if unreadable {
        return 2;
    }
    let failing = files.iter().flat_map(|f| &f.diagnostics).any(|d| match fail_level {
        FailLevel::Error => d.severity == Severity::Error,
        FailLevel::Warning => true,
    });
    u8::from(failing)
}
