//! `lint` over paths: files named, folders walked as `validate` walks them
//! (the same `.gitignore` rules and exclusions), each file's commands read
//! on its own core, the models of the services named loaded once, then
//! every command checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::doc::LineIndex;
use crate::guard::fsread;
use crate::report::diagnostic::Code;
use crate::report::{FileReport, Levels, Report, Unreadable};
use crate::script::ScriptError;
use crate::script::host::{self, Kind};
use crate::validate::Validator;
use crate::validate::config::Config;
use crate::validate::project::{self, Checked, Input, ProjectError};

use super::check::{LintContext, check_commands};
use super::head::{Head, head};
use super::{Command, MAX_SCRIPT_BYTES, ModelSearch, Services, read_commands, verify_fixes};

/// What `lint` is asked to do beyond the paths.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Model files for services other than the embedded ones (`--model`,
    /// the configuration's `models`).
    pub models: Vec<PathBuf>,
    /// Also look for models where the AWS CLI does (`--aws-models`).
    pub aws_models: bool,
    /// `--exclude`.
    pub exclude: Vec<String>,
    /// `--select`.
    pub select: Vec<Code>,
    /// `--ignore`.
    pub ignore: Vec<Code>,
    /// `--warn`.
    pub warn: Vec<Code>,
    /// The name standard input is reported as, and whose name tells its
    /// kind (a shell script when it tells none).
    pub stdin_name: Option<String>,
    /// Keep the bytes of files with findings, for snippets.
    pub keep_sources: bool,
}

/// What reading one input gave.
enum Outcome {
    /// Its commands.
    Read(Read),
    /// Not a file `lint` reads.
    NotAScript,
    /// A YAML file that does not parse (a Helm template, a test fixture):
    /// its commands are not checked, and the summary says so.
    NotYaml(String),
}

/// A file read, with its commands.
struct Read {
    display: String,
    path: PathBuf,
    kind: Kind,
    text: String,
    /// The file is not UTF-8: `text` has U+FFFD where its bytes were, so
    /// edits of `text` are not edits of the file, and nothing is fixed.
    lossy: bool,
    commands: Vec<Command>,
}

/// Lints `paths` (a shell script, Makefile, YAML, Dockerfile or Markdown
/// file, a folder, a glob, `-`); with none, the configuration's folder or
/// the working directory.
///
/// # Errors
///
/// [`ProjectError`] when the run cannot start: a bad `--exclude` glob, a
/// named model file that cannot be loaded.
pub fn lint_paths(
    paths: &[PathBuf],
    config: Option<&Config>,
    options: &LintOptions,
) -> Result<Checked, ProjectError> {
    let exclude = project::exclude_set(&options.exclude)?;
    let mut unreadable = Vec::new();
    let wanted = |path: &Path| config.is_none_or(|c| c.is_linted(path)) && script_kind(path).is_some();
    let found = if paths.is_empty() {
        let root = config.map_or_else(|| PathBuf::from("."), |c| c.root.clone());
        let mut found = Vec::new();
        project::walk_with(&root, config, &exclude, &mut found, &mut unreadable, None, &wanted, true);
        found
    } else {
        let mut found = Vec::new();
        for path in paths {
            // Folders are walked with their hidden files (CI configuration
            // lives in `.github/`, `.gitlab-ci.yml`); the rest as `validate`
            // takes them.
            if path.is_dir() {
                project::walk_with(path, config, &exclude, &mut found, &mut unreadable, None, &wanted, true);
            } else {
                found.extend(project::collect(
                    std::slice::from_ref(path),
                    config,
                    &exclude,
                    false,
                    &mut unreadable,
                    &wanted,
                ));
            }
        }
        found
    };

    // 1. Each file's commands.
    let read_one = |input: &Input| -> Result<Outcome, Unreadable> {
        let (display, path, kind) = match input {
            Input::Stdin => {
                let name = options.stdin_name.clone().unwrap_or_else(|| "-".to_owned());
                let kind = host::kind_of(Path::new(&name), b"").unwrap_or(Kind::Shell);
                (name.clone(), PathBuf::from(name), Some(kind))
            }
            Input::File(path) => (project::display(path), path.clone(), None),
        };
        let bytes = read(input).map_err(|message| Unreadable { file: display.clone(), message })?;
        let Some(kind) = kind.or_else(|| host::kind_of(&path, head_of(&bytes))) else {
            return Ok(Outcome::NotAScript);
        };
        if memchr::memchr(0, &bytes).is_some() {
            return Err(Unreadable {
                message: format!("{display}: not a text file (it holds NUL bytes)"),
                file: display,
            });
        }
        // A Latin-1 comment does not stop a shell, nor should it stop the
        // check: bytes that are not UTF-8 become U+FFFD, one column each,
        // so lines and columns stay those of the file.
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        match read_commands(kind, &text) {
            Ok(commands) => Ok(Outcome::Read(Read { display, path, kind, text, lossy, commands })),
            Err(ScriptError::TooComplex { offset, message }) => {
                let at = LineIndex::new(&text).position(u32::try_from(offset).unwrap_or(u32::MAX));
                let place = format!("{display}:{}:{}", at.line, at.column);
                if kind == Kind::Yaml {
                    return Ok(Outcome::NotYaml(format!(
                        "{place}: not valid YAML ({message}); its commands are not checked"
                    )));
                }
                Err(Unreadable { file: display, message: format!("{place}: {message}") })
            }
            Err(e) => Err(Unreadable { message: format!("{display}: {e}"), file: display }),
        }
    };
    let inputs: Vec<&Input> = found.iter().map(|f| &f.input).collect();
    let results = crate::parallel::map(&inputs, |i| read_one(i));
    let mut files = Vec::new();
    let mut skipped_files = Vec::new();
    let mut not_yaml = Vec::new();
    for (input, result) in inputs.iter().zip(results) {
        match result {
            Ok(Outcome::Read(read)) => files.push(read),
            Ok(Outcome::NotAScript) => {
                if let Input::File(path) = input {
                    let name = project::display(path);
                    // Named, not found by a walk: say so in the summary.
                    if found.iter().any(|f| !f.walked && f.input == **input) {
                        not_yaml.push(format!(
                            "{name}: not a shell script, Makefile, YAML, Dockerfile or Markdown file by its name \
                             or #! line; not read"
                        ));
                    }
                    skipped_files.push(name);
                }
            }
            Ok(Outcome::NotYaml(why)) => not_yaml.push(why),
            Err(e) => unreadable.push(e),
        }
    }

    // 2. The models of the services named.
    let needed: BTreeSet<String> = files
        .iter()
        .flat_map(|f| f.commands.iter())
        .filter_map(|c| match head(c) {
            Head::Call { service, .. } => Some(service),
            _ => None,
        })
        .collect();
    let mut search = ModelSearch { files: options.models.clone(), data_dirs: Vec::new() };
    if let Some(config) = config {
        search.files.extend(config.models.iter().map(|m| config.root.join(m)));
    }
    if options.aws_models {
        search.data_dirs = ModelSearch::aws_cli_data_dirs();
    }
    let services = Services::load(&needed, &search).map_err(ProjectError::Model)?;
    let validators: Vec<(&str, Validator<'_>)> =
        services.iter().map(|(s, m)| (s, Validator::new(m))).collect();
    let context = LintContext { services: &services, validators: &validators, root: repository_root(config) };

    // 3. Every command checked.
    let configured = config.map(|c| c.severity.as_slice()).unwrap_or_default();
    let levels = Levels::new(configured, &options.warn, &options.ignore, &options.select);
    let check_one = |read: &Read| {
        let linted = check_commands(&context, &read.path, &read.text, &read.commands);
        let mut report = FileReport::new(&read.display, "", None);
        for finding in linted.findings {
            report.push(finding);
        }
        report.sensitive = linted.sensitive;
        report.truncate(crate::validate::DEFAULT_FINDING_LIMIT);
        levels.apply(&mut report);
        if read.lossy {
            report.diagnostics.iter_mut().for_each(|d| d.fix = None);
        } else if report.diagnostics.iter().any(|d| d.fix.is_some()) {
            verify_fixes(read.kind, &read.text, &read.commands, &mut report.diagnostics);
        }
        let skipped: Vec<String> = linted.skipped.iter().map(|s| format!("{}:{s}", read.display)).collect();
        let keep = options.keep_sources && !report.diagnostics.is_empty();
        (report, keep.then(|| read.text.clone().into_bytes()), skipped, linted.checked)
    };
    let checked = crate::parallel::map(&files, check_one);

    let mut reports = Vec::with_capacity(checked.len());
    let mut sources = Vec::with_capacity(checked.len());
    let mut skipped = not_yaml;
    let mut commands = 0;
    for (report, source, not_checked, count) in checked {
        reports.push(report);
        sources.push(source);
        skipped.extend(not_checked);
        commands += count;
    }
    let notes = skipped_files
        .iter()
        .map(|f| format!("{f}: not a script, Makefile, YAML, Dockerfile or Markdown file"))
        .collect();
    let report = Report::new(reports)
        .with_config(config.map(|c| project::display(&c.path)))
        .with_unreadable(unreadable)
        .with_skipped(skipped)
        .with_commands(commands);
    Ok(Checked { report, sources, notes })
}

/// The kind of a file found by a walk: by name, or, for a file without an
/// extension, by its `#!` line.
fn script_kind(path: &Path) -> Option<Kind> {
    if let Some(kind) = host::kind_of(path, b"") {
        return Some(kind);
    }
    if path.extension().is_some() {
        return None;
    }
    let (file, size) = fsread::open_regular(path).ok()?;
    let head = fsread::read_at_most(file, 128, size.min(128)).ok()?;
    host::kind_of(path, &head)
}

/// The first line of `bytes`, for the `#!` test.
fn head_of(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().take(256).position(|&b| b == b'\n').unwrap_or(bytes.len().min(256));
    bytes.get(..end).unwrap_or_default()
}

/// The bytes of a script, at most [`MAX_SCRIPT_BYTES`].
fn read(input: &Input) -> Result<Vec<u8>, String> {
    let bytes = match input {
        Input::Stdin => fsread::read_at_most(std::io::stdin(), MAX_SCRIPT_BYTES + 1, 0)
            .map_err(|e| format!("cannot read standard input: {e}"))?,
        Input::File(path) => fsread::open_regular(path)
            .and_then(|(f, size)| fsread::read_at_most(f, MAX_SCRIPT_BYTES + 1, size))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    };
    if bytes.len() as u64 > MAX_SCRIPT_BYTES {
        return Err(format!(
            "the file is larger than {} MiB; scripts that large are not read",
            MAX_SCRIPT_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// Where relative `file://` paths are also looked for: the
/// configuration's folder, else the nearest folder up from the working
/// directory that holds `.git`, else the working directory.
fn repository_root(config: Option<&Config>) -> PathBuf {
    if let Some(config) = config {
        return config.root.clone();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors().find(|d| d.join(".git").exists()).map_or(cwd.clone(), Path::to_path_buf)
}
