//! `chime-shape validate`: files in, findings out, exit status 0/1/2.
//!
//! Each file's service and operation come from, in order: the command line
//! (`--service`/`--model`, `--operation`), the configuration's `files`
//! rules, the configuration's default service or model, and the file name.
//! Files are read and checked in parallel; the report keeps their order.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use chime_shape::check::{self, InputFormat};
use chime_shape::config::{Config, Level};
use chime_shape::diagnostic::{Code, Severity};
use chime_shape::doc::Limits;
use chime_shape::model::Model;
use chime_shape::report::{self, FileReport, Report, TextOptions, Unreadable};
use chime_shape::validate::Validator;

use super::args::{Cli, FailLevel, OutputFormat, ValidateArgs};
use super::{Failure, ModelKey, load_config, print_error, print_warning, use_color};

/// Below this many files, threads cost more than they save.
const PARALLEL_FROM: usize = 16;

/// One input: a path, or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

/// A file ready to check: where it came from and what it is for.
struct Job<'a> {
    input: &'a Input,
    display: String,
    name_path: PathBuf,
    model: usize,
    operation: Option<String>,
}

/// Expands directories into their JSON and YAML files (sorted, recursively,
/// not following symbolic links to directories, so loops cannot occur).
fn collect(paths: &[PathBuf], config: Option<&Config>, errors: &mut Vec<Unreadable>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, errors, &|p| config.is_none_or(|c| !c.is_excluded(p)) && is_document(p));
        } else if config.is_none_or(|c| !c.is_excluded(path)) {
            inputs.push(Input::File(path.clone()));
        }
    }
    inputs
}

fn is_document(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("json" | "yaml" | "yml")
    )
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<Unreadable>, wanted: &dyn Fn(&Path) -> bool) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let file = dir.display().to_string();
            errors.push(Unreadable { message: format!("cannot read directory {file}: {e}"), file });
            return;
        }
    };
    // Sorted by file name (bytes), which is cheaper than comparing whole
    // paths component by component; the type comes from the directory entry,
    // so only symbolic links cost a `stat`.
    let mut found: Vec<(std::ffi::OsString, Option<std::fs::FileType>)> =
        entries.filter_map(Result::ok).map(|e| (e.file_name(), e.file_type().ok())).collect();
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, file_type) in found {
        let path = dir.join(&name);
        let file_type = match file_type {
            Some(t) => t,
            None => match std::fs::symlink_metadata(&path) {
                Ok(meta) => meta.file_type(),
                Err(_) => continue,
            },
        };
        if file_type.is_dir() {
            if name == ".git" {
                continue;
            }
            walk(&path, inputs, errors, wanted);
        } else if wanted(&path) && (file_type.is_file() || file_type.is_symlink() && path.is_file()) {
            inputs.push(Input::File(path));
        }
    }
}

/// Reads at most one byte more than the size limit: enough for the parser
/// to report the file as too large, without holding a huge file in memory.
/// `size_hint` (a regular file's length) sizes the buffer, so that a small
/// file takes one `read` and one more to see its end.
fn read_limited(reader: impl Read, limits: &Limits, size_hint: u64) -> std::io::Result<Vec<u8>> {
    let cap = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX).saturating_add(1);
    let capacity = usize::try_from(size_hint.min(cap).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The bytes of one input, or why they cannot be read.
fn read_input(input: &Input, limits: &Limits) -> Result<Vec<u8>, String> {
    match input {
        Input::Stdin => {
            read_limited(std::io::stdin(), limits, 0).map_err(|e| format!("cannot read standard input: {e}"))
        }
        // A regular file only: a FIFO would block, a device never end.
        Input::File(path) => chime_shape::fsread::open_regular(path)
            .and_then(|(f, size)| read_limited(f, limits, size))
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
    }
}

/// The levels in force: the configuration's, then `--warn`.
fn levels(args: &ValidateArgs, config: Option<&Config>) -> Result<Vec<(Code, Level)>, Failure> {
    let mut levels: Vec<(Code, Level)> = config.map(|c| c.severity.clone()).unwrap_or_default();
    for code in &args.warn {
        match Code::parse(code) {
            Some(code) => levels.push((code, Level::Report(Severity::Warning))),
            None => {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "--warn {code}: no such code; the codes are {}",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(levels)
}

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    if args.report_schema {
        out.write_all(Report::schema().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = load_config(cli)?;
    let config = config.as_ref();
    let levels = levels(args, config)?;
    let limits = Limits::DEFAULT;

    let mut unreadable: Vec<Unreadable> = Vec::new();
    let inputs = if args.files.is_empty() {
        let Some(config) = config.filter(|c| !c.include.is_empty()) else {
            return Err(Failure::Usage(
                "no files to validate: name files or directories, or list `include` globs in .chime-shape.yaml"
                    .into(),
            ));
        };
        let mut inputs = Vec::new();
        let root = config.root.clone();
        walk(&root, &mut inputs, &mut unreadable, &|p| {
            p.strip_prefix(&root).is_ok_and(|relative| config.is_included(relative))
        });
        // Report paths relative to the working directory, as a user would
        // have typed them.
        let cwd = std::env::current_dir().unwrap_or_default();
        inputs
            .into_iter()
            .map(|input| match input {
                Input::File(path) => {
                    Input::File(path.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(path))
                }
                other => other,
            })
            .collect()
    } else {
        collect(&args.files, config, &mut unreadable)
    };

    // Decide each file's model and operation; the files are read later, in
    // parallel with their checks.
    let mut keys: Vec<ModelKey> = Vec::new();
    let mut jobs = Vec::new();
    for input in &inputs {
        let (display, name_path) = match input {
            Input::Stdin => {
                let name = args.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
                (name.clone(), PathBuf::from(name))
            }
            Input::File(path) => (path.display().to_string(), path.clone()),
        };
        let rule = config.and_then(|c| c.rule_for(&name_path));
        let key = ModelKey::choose(cli, config, rule.and_then(|r| r.service.as_deref()));
        let model = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.push(key);
            keys.len() - 1
        });
        let operation = args.operation.clone().or_else(|| rule.and_then(|r| r.operation.clone()));
        jobs.push(Job { input, display, name_path, model, operation });
    }

    let models: Vec<Model> = keys.iter().map(|key| key.load(false)).collect::<Result<_, _>>()?;
    // An operation named on the command line must exist.
    if let Some(name) = &args.operation {
        for model in &models {
            model.operation(name)?;
        }
    }
    let validators: Vec<Validator<'_>> = models.iter().map(Validator::new).collect();
    let terminal = std::io::stdout().is_terminal();
    // Sources are kept only for the snippets of text output on a terminal,
    // and only of files with findings.
    let keep_source = args.format == OutputFormat::Text && terminal;
    let check_one = |job: &Job<'_>| -> Result<(FileReport, Option<Vec<u8>>), Unreadable> {
        let bytes = read_input(job.input, &limits)
            .map_err(|message| Unreadable { file: job.display.clone(), message })?;
        let validator = &validators[job.model];
        let model = validator.model();
        let operation = match &job.operation {
            Some(name) => model.operation(name).ok(),
            None => check::operation_from_file_name(model, &job.name_path),
        };
        let mut file_report = match operation {
            Some(op) => check::check_bytes(
                validator,
                op,
                &job.display,
                &bytes,
                InputFormat::from_path(&job.name_path),
                &limits,
            ),
            None => check::unknown_operation(model, &job.display, &job.name_path),
        };
        check::apply_levels(&mut file_report, &levels);
        let keep = keep_source && !file_report.diagnostics.is_empty();
        Ok((file_report, keep.then_some(bytes)))
    };
    let results: Vec<_> = if jobs.len() >= PARALLEL_FROM {
        jobs.par_iter().map(check_one).collect()
    } else {
        jobs.iter().map(check_one).collect()
    };
    let mut files = Vec::with_capacity(results.len());
    // Sources by position in the report: two inputs may share a name.
    let mut sources: Vec<Option<Vec<u8>>> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((file, source)) => {
                files.push(file);
                sources.push(source);
            }
            Err(error) => unreadable.push(error),
        }
    }

    for error in &unreadable {
        print_error(&error.message);
    }
    let named_files = !args.files.is_empty();
    let report = Report::new(files)
        .with_config(config.map(|c| c.path.display().to_string()))
        .with_unreadable(unreadable);
    if named_files && report.files.is_empty() && report.unreadable.is_empty() && !cli.global.quiet {
        print_warning(
            "no file was checked: every file named was excluded by the configuration, or a directory held no \
             JSON or YAML file",
        );
    }
    let text = match args.format {
        OutputFormat::Json => report.to_json(),
        OutputFormat::Sarif => report::sarif(&report, env!("CARGO_PKG_VERSION")),
        OutputFormat::Github => report::github(&report),
        OutputFormat::Text => {
            let options = TextOptions {
                color: use_color(cli.global.color, terminal),
                snippets: terminal,
                quiet: cli.global.quiet,
            };
            let source = |i: usize| {
                sources.get(i).and_then(Option::as_ref).map(|b| String::from_utf8_lossy(b).into_owned())
            };
            report::text(&report, options, &source)
        }
    };
    let verdict = exit_code(&report.files, !report.unreadable.is_empty(), args.fail_level);
    // The verdict survives a failed write: under `set -o pipefail` an
    // invalid document must not pass because the reader went away.
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| Failure::Write { error, verdict })?;
    Ok(ExitCode::from(verdict))
}

/// 2 when a file could not be read, else 1 when a file has findings at the
/// fail level, else 0.
fn exit_code(files: &[FileReport], unreadable: bool, fail_level: FailLevel) -> u8 {
    if unreadable {
        return 2;
    }
    let threshold = match fail_level {
        FailLevel::Error => Severity::Error,
        FailLevel::Warning => Severity::Warning,
    };
    let failing = files.iter().any(|f| {
        !f.valid && threshold == Severity::Error
            || f.diagnostics.iter().any(|d| d.severity >= threshold)
            || f.dropped.iter().any(|(code, _)| code.default_severity() >= threshold)
    });
    u8::from(failing)
}
