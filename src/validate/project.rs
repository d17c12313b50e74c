//! A repository's request files, checked as `chime-shape validate` checks
//! them: one call from paths (files, directories, globs, `-`) to a
//! [`Report`].
//!
//! This is the command's whole pipeline, as library code the command line
//! (and, later, `lint` and the language server) share:
//! 1. **collect** — directories are walked the way ripgrep walks them
//!    (`.gitignore`, `.ignore`, hidden files; the `ignore` crate), taking
//!    JSON and YAML files, never the tool's own configuration, only what the
//!    configuration's `include` matches when it has one, nothing `exclude`
//!    or `--exclude` matches; a glob the shell did not expand is expanded;
//! 2. **plan** — each file's service and operation: the command line, then
//!    the configuration's `files` rules and default service or model, then
//!    the file name; with no service given anywhere, the one embedded
//!    service that has the operation;
//! 3. **check** — read (bounded, regular files only), parse with spans,
//!    validate, apply severities — in parallel, in input order.
//!
//! A file whose operation cannot be told is skipped — counted, not an
//! error — when a directory walk found it or [`Options::skip_unknown`] is
//! set (the pre-commit hooks pass every JSON and YAML file of a commit);
//! a file named on its own gets an `operation` finding.
//!
//! ```
//! use chime_shape::validate::project::{Options, check_paths};
//!
//! let dir = std::env::temp_dir().join(format!("chime-shape-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("requests"))?;
//! std::fs::write(dir.join("requests/bob.update-user.yaml"), "AccountId: a1\nUserId: bob\nLicenseType: Platinum\n")?;
//! std::fs::write(dir.join("package.json"), "{\"name\": \"app\"}")?;
//!
//! // No configuration, no service: update-user is only in `chime`.
//! let checked = check_paths(&[dir.clone()], None, &Options::default())?;
//! let report = &checked.report;
//! assert_eq!(report.files.len(), 1);
//! assert_eq!(report.files[0].service, "chime");
//! assert_eq!(report.files[0].diagnostics[0].code.as_str(), "enum");
//! assert_eq!(report.skipped.len(), 1); // package.json: not a request
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::doc::Limits;
use crate::guard::fsread::{open_listed_regular, open_regular, read_at_most};
use crate::model::{self, EMBEDDED, LoadOptions, Model, ModelError, closest_names};
use crate::report::Levels;
use crate::report::diagnostic::Code;
use crate::report::{FileReport, Report, Unreadable};
use crate::validate::Validator;
use crate::validate::config::{self, Config};
use crate::validate::file::{self, InputFormat};

/// Below this many files, threads cost more than they save.
#[cfg(feature = "parallel")]
const PARALLEL_FROM: usize = 16;

/// Where a model comes from: an embedded service or a model file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ModelSource {
    /// One of [`EMBEDDED`], by name.
    Embedded(String),
    /// A botocore `service-2.json[.gz]`.
    File(PathBuf),
}

impl ModelSource {
    /// Loads the model; documentation only when `documentation` (it is
    /// most of a model's text and only `describe` and `schema` show it).
    ///
    /// # Errors
    ///
    /// [`ModelError`] for an unknown service or a bad model file.
    pub fn load(&self, documentation: bool) -> Result<Model, ModelError> {
        let options = LoadOptions { documentation };
        match self {
            ModelSource::Embedded(name) => model::load_embedded_with(name, options),
            ModelSource::File(path) => Model::from_path_with(path, options),
        }
    }

    /// The source the command line and configuration choose for every file
    /// (before `files` rules): `model`, then `service`, then the
    /// configuration's `model` and `service`; `None` when nothing does.
    #[must_use]
    pub fn chosen(
        model: Option<&Path>,
        service: Option<&str>,
        config: Option<&Config>,
    ) -> Option<ModelSource> {
        if let Some(path) = model {
            Some(ModelSource::File(path.to_path_buf()))
        } else if let Some(service) = service {
            Some(ModelSource::Embedded(service.to_owned()))
        } else if let Some(path) = config.and_then(Config::model_path) {
            Some(ModelSource::File(path))
        } else {
            config.and_then(|c| c.service.clone()).map(ModelSource::Embedded)
        }
    }
}

/// How to check: what the command line says.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--service`.
    pub service: Option<String>,
    /// `--model`.
    pub model: Option<PathBuf>,
    /// `--operation`: every file is for this operation.
    pub operation: Option<String>,
    /// The name standard input is reported as (and whose file name tells
    /// the operation); `-` when `None`.
    pub stdin_name: Option<String>,
    /// `--exclude`: globs of files never checked, matched against the path
    /// as found (and, relative to the configuration's directory, as the
    /// configuration's `exclude` is).
    pub exclude: Vec<String>,
    /// `--select`: report only these codes (all when empty).
    pub select: Vec<Code>,
    /// `--ignore`: never report these codes.
    pub ignore: Vec<Code>,
    /// `--warn`: report these codes as warnings.
    pub warn: Vec<Code>,
    /// Skip named files whose operation cannot be told, as walked ones are.
    pub skip_unknown: bool,
    /// Keep the bytes of files with findings, for snippets.
    pub keep_sources: bool,
    /// Leave [`Checked::notes`] empty: they are a string per file, and
    /// only `--verbose` shows them.
    pub skip_notes: bool,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// No model: unknown service, unreadable or bad model file.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Anything else the user must change: an unknown `--operation`, a bad
    /// `--exclude` glob, nothing to check.
    #[error("{0}")]
    Usage(String),
}

/// What a run found.
#[derive(Debug)]
pub struct Checked {
    /// The report, files in input order.
    pub report: Report,
    /// Per file of the report, its bytes when [`Options::keep_sources`] and
    /// it has findings.
    pub sources: Vec<Option<Vec<u8>>>,
    /// What `--verbose` shows: which service a file was taken for when no
    /// service was given, and which files were skipped and why.
    pub notes: Vec<String>,
}

/// One input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

/// An input and how it was reached.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) input: Input,
    /// By a directory walk or a glob, rather than by name.
    pub(crate) walked: bool,
}

/// What to do with one file.
enum Plan {
    /// Check it: the model (an index into the run's models) and operation.
    Check { model: usize, operation: String },
    /// Report that its operation cannot be told (or is ambiguous).
    Unknown { service: String, message: String },
    /// Skip it (a walked file whose operation cannot be told).
    Skip,
}

/// A checked file and, when kept, its bytes.
type Done = (FileReport, Option<Vec<u8>>);

/// A file ready to check.
struct Job {
    input: Input,
    /// Found by a directory walk, which saw a regular file.
    listed: bool,
    display: String,
    plan: Plan,
}

impl Job {
    /// The path whose name tells the format and operation: the file's, or
    /// for standard input the name it is reported as.
    fn name_path(&self) -> &Path {
        match &self.input {
            Input::File(path) => path,
            Input::Stdin => Path::new(&self.display),
        }
    }
}

/// Checks `paths` as `chime-shape validate` does; with no paths, the files
/// the configuration's `include` names.
///
/// # Errors
///
/// [`ProjectError`] when the run cannot start: an unknown `--operation`,
/// a model that cannot be loaded, nothing to check. Files that cannot be
/// read are not errors: they are listed in [`Report::unreadable`].
pub fn check_paths(
    paths: &[PathBuf],
    config: Option<&Config>,
    options: &Options,
) -> Result<Checked, ProjectError> {
    let limits = Limits::DEFAULT;
    let exclude = exclude_set(&options.exclude)?;
    let wanted =
        |path: &Path| is_document(path) && config.is_none_or(|c| c.include.is_empty() || included(c, path));
    let mut unreadable = Vec::new();
    let found = if paths.is_empty() {
        let Some(config) = config.filter(|c| !c.include.is_empty()) else {
            return Err(ProjectError::Usage(
                "no files to validate: name files or directories, or list `include` globs in .chime-shape.yaml"
                    .into(),
            ));
        };
        let mut found = Vec::new();
        walk(&config.root, Some(config), &exclude, &mut found, &mut unreadable, None, &wanted);
        found
    } else {
        collect(paths, config, &exclude, options.skip_unknown, &mut unreadable, &wanted)
    };

    let mut planner = Planner::new(config, options)?;
    let mut notes = Vec::new();
    let jobs: Vec<Job> = found
        .into_iter()
        .map(|found| {
            let display = match &found.input {
                Input::Stdin => options.stdin_name.clone().unwrap_or_else(|| "-".to_owned()),
                Input::File(path) => display(path),
            };
            let mut job = Job { input: found.input, listed: found.walked, display, plan: Plan::Skip };
            let skip = found.walked || options.skip_unknown;
            let notes = (!options.skip_notes).then_some(&mut notes);
            job.plan = planner.plan(job.name_path(), skip, &job.display, notes);
            Ok(job)
        })
        .collect::<Result<_, ProjectError>>()?;

    let configured = config.map(|c| c.severity.as_slice()).unwrap_or_default();
    let levels = Levels::new(configured, &options.warn, &options.ignore, &options.select);
    let validators: Vec<Validator<'_>> = planner.models.iter().map(|(_, m)| Validator::new(m)).collect();
    let check_one = |job: &Job| -> Option<Result<Done, Unreadable>> {
        let (model, operation) = match &job.plan {
            Plan::Skip => return None,
            Plan::Unknown { service, message } => {
                let mut report = file::unknown_operation_with(service, &job.display, message);
                levels.apply(&mut report);
                return Some(Ok((report, None)));
            }
            Plan::Check { model, operation } => (*model, operation),
        };
        let bytes = match read_found(&job.input, job.listed, &limits) {
            Ok(bytes) => bytes,
            Err(message) => return Some(Err(Unreadable { file: job.display.clone(), message })),
        };
        let validator = &validators[model];
        let op = validator.model().find_operation(operation)?;
        let format = InputFormat::from_path(job.name_path());
        let (mut report, bytes) = file::check_owned(validator, op, &job.display, bytes, format, &limits);
        levels.apply(&mut report);
        let keep = options.keep_sources && !report.diagnostics.is_empty();
        Some(Ok((report, keep.then_some(bytes))))
    };
    #[cfg(feature = "parallel")]
    let results: Vec<_> = if jobs.len() >= PARALLEL_FROM {
        jobs.par_iter().map(check_one).collect()
    } else {
        jobs.iter().map(check_one).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let results: Vec<_> = jobs.iter().map(check_one).collect();

    let mut files = Vec::with_capacity(results.len());
    let mut sources = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Some(Ok((report, source))) => {
                files.push(report);
                sources.push(source);
            }
            Some(Err(error)) => unreadable.push(error),
            None => skipped.push(job.display.clone()),
        }
    }
    let report = Report::new(files)
        .with_config(config.map(|c| display(&c.path)))
        .with_unreadable(unreadable)
        .with_skipped(skipped);
    Ok(Checked { report, sources, notes })
}

/// A path without its leading `./` components: how reports show it and
/// globs match it, so that a file reads the same whether it was named,
/// walked or globbed.
fn plain(path: &Path) -> &Path {
    let mut rest = path;
    while let Ok(stripped) = rest.strip_prefix(".") {
        if stripped.as_os_str().is_empty() {
            break;
        }
        rest = stripped;
    }
    rest
}

/// [`plain`], as reports show it.
pub(crate) fn display(path: &Path) -> String {
    // The same text as `display()`, without the formatting machinery (a
    // batch names every file).
    plain(path).to_string_lossy().into_owned()
}

/// The characters that make an argument a glob.
const GLOB_CHARS: [char; 4] = ['*', '?', '[', '{'];

pub(crate) fn exclude_set(globs: &[String]) -> Result<globset::GlobSet, ProjectError> {
    let mut builder = globset::GlobSetBuilder::new();
    for glob in globs {
        let glob = globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| ProjectError::Usage(format!("--exclude {glob}: {e}")))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| ProjectError::Usage(format!("--exclude: {e}")))
}

/// Whether `--exclude` or the configuration's `exclude` matches `path`.
fn excluded(path: &Path, config: Option<&Config>, exclude: &globset::GlobSet) -> bool {
    exclude.is_match(plain(path)) || config.is_some_and(|c| c.is_excluded(path))
}

/// Whether the name is one a request document can have.
fn is_document(path: &Path) -> bool {
    InputFormat::from_path(path) != InputFormat::Detect
}

/// Whether `path` is named like the tool's own configuration.
fn is_configuration(path: &Path, config: Option<&Config>) -> bool {
    path.file_name().is_some_and(|n| config::FILE_NAMES.iter().any(|c| n == *c))
        || config.is_some_and(|c| c.is_self(path))
}

/// The inputs `paths` name: files as they are, directories walked, globs
/// the shell did not expand expanded, `-` for standard input.
pub(crate) fn collect(
    paths: &[PathBuf],
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    skip_unknown: bool,
    unreadable: &mut Vec<Unreadable>,
    wanted: &dyn Fn(&Path) -> bool,
) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Found { input: Input::Stdin, walked: false });
        } else if path.is_dir() {
            walk(path, config, exclude, &mut found, unreadable, None, wanted);
        } else if !path.exists() && is_glob(path) {
            let before = found.len();
            expand(path, config, exclude, &mut found, unreadable, wanted);
            if found.len() == before {
                let file = path.display().to_string();
                unreadable.push(Unreadable { message: format!("no file matches {file}"), file });
            }
        } else if excluded(path, config, exclude) || is_configuration(path, config) {
            continue;
        } else if skip_unknown && config.is_some_and(|c| !c.include.is_empty() && !included(c, path)) {
            // The hooks hand over every JSON and YAML file; the
            // configuration says which are requests.
            continue;
        } else {
            found.push(Found { input: Input::File(path.clone()), walked: false });
        }
    }
    found
}

fn included(config: &Config, path: &Path) -> bool {
    config.relative_path(path).is_some_and(|relative| config.is_included(&relative))
}

fn is_glob(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.contains(GLOB_CHARS))
}

/// Expands a glob such as `requests/**/*.json` by walking from its longest
/// literal directory.
fn expand(
    pattern: &Path,
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    found: &mut Vec<Found>,
    unreadable: &mut Vec<Unreadable>,
    wanted: &dyn Fn(&Path) -> bool,
) {
    let text = plain(pattern).to_string_lossy();
    let text = text.as_ref();
    let matcher = match globset::GlobBuilder::new(text).literal_separator(true).build() {
        Ok(glob) => glob.compile_matcher(),
        Err(e) => {
            unreadable
                .push(Unreadable { file: text.to_owned(), message: format!("invalid glob {text}: {e}") });
            return;
        }
    };
    let mut base = PathBuf::new();
    for component in Path::new(text).components() {
        let part = component.as_os_str().to_str().unwrap_or("*");
        if part.contains(GLOB_CHARS) {
            break;
        }
        base.push(part);
    }
    let root = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
    walk(&root, config, exclude, found, unreadable, Some(&matcher), wanted);
}

/// Walks `dir` as ripgrep would (`.gitignore`, `.ignore`, `.git/info/exclude`
/// and hidden files honoured, symbolic links not followed, sorted by name),
/// taking the files `wanted` takes (for `validate`: JSON and YAML files
/// that the configuration's `include`, when it has one, matches) that
/// `glob` (when given) matches and no exclusion does.
pub(crate) fn walk(
    dir: &Path,
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    found: &mut Vec<Found>,
    unreadable: &mut Vec<Unreadable>,
    glob: Option<&globset::GlobMatcher>,
    wanted: &dyn Fn(&Path) -> bool,
) {
    walk_with(dir, config, exclude, found, unreadable, glob, wanted, false);
}

/// [`walk`], entering hidden files and folders when `hidden` (`lint`:
/// `.github/workflows`, `.gitlab-ci.yml`), though never `.git` itself.
#[allow(clippy::too_many_arguments)]
pub(crate) fn walk_with(
    dir: &Path,
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    found: &mut Vec<Found>,
    unreadable: &mut Vec<Unreadable>,
    glob: Option<&globset::GlobMatcher>,
    wanted: &dyn Fn(&Path) -> bool,
    hidden: bool,
) {
    // Walked unsorted and sorted once at the end: `sort_by_file_name`
    // asks walkdir for both entries' names at every comparison, and a
    // name is found by parsing the path from its end (over half the
    // walk's instructions for a directory of 2000 files). A depth-first
    // walk that visits each directory's entries by name yields its paths
    // in the order of their components, which is the order of their bytes
    // with the separator below every other byte (`walk_order`).
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(!hidden)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let first_found = found.len();
    // Each error with the path it is about (the walk's root when it names
    // none), to list them in the order a sorted walk met them.
    let mut errors: Vec<(PathBuf, Unreadable)> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = error_path(&e).unwrap_or(dir).to_path_buf();
                let file = dir.display().to_string();
                errors.push((at, Unreadable { message: format!("cannot read directory {file}: {e}"), file }));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let stripped = plain(path);
        let take = glob.is_none_or(|g| g.is_match(stripped))
            && !is_configuration(path, config)
            && !excluded(path, config, exclude)
            && wanted(path);
        if take {
            found.push(Found { input: Input::File(path.to_path_buf()), walked: true });
        }
    }
    found[first_found..].sort_by(|a, b| match (&a.input, &b.input) {
        (Input::File(a), Input::File(b)) => walk_order(a, b),
        _ => std::cmp::Ordering::Equal,
    });
    errors.sort_by(|(a, _), (b, _)| walk_order(a, b));
    unreadable.extend(errors.into_iter().map(|(_, e)| e));
}

/// The order of a sorted depth-first walk: component by component, each
/// compared as bytes; the same as comparing the paths' bytes with `/`
/// below every other byte (a name holds neither `/` nor NUL).
#[cfg(unix)]
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    use std::os::unix::ffi::OsStrExt;
    let key = |&c: &u8| if c == b'/' { 0 } else { c };
    let (a, b) = (a.as_os_str().as_bytes(), b.as_os_str().as_bytes());
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    a[common..].iter().map(key).cmp(b[common..].iter().map(key))
}

/// The order of a sorted depth-first walk: component by component.
#[cfg(not(unix))]
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    a.cmp(b)
}

/// The path a walk error is about, if it names one.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

/// The bytes of one input, or why they cannot be read; `listed` for a
/// file found by a directory walk, whose listing already said it is a
/// regular file.
fn read_found(input: &Input, listed: bool, limits: &Limits) -> Result<Vec<u8>, String> {
    // One byte more than the limit: enough for the parser to report the
    // document as too large, without holding a huge file.
    let limit = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX).saturating_add(1);
    match input {
        Input::Stdin => {
            read_at_most(std::io::stdin(), limit, 0).map_err(|e| format!("cannot read standard input: {e}"))
        }
        // A regular file only: a FIFO would block, a device never end.
        Input::File(path) => if listed { open_listed_regular(path) } else { open_regular(path) }
            .and_then(|(f, size)| read_at_most(f, limit, size))
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
    }
}

/// Decides each file's model and operation, loading each model once.
struct Planner<'a> {
    config: Option<&'a Config>,
    options: &'a Options,
    /// The source every file uses unless a `files` rule names a service.
    chosen: Option<ModelSource>,
    models: Vec<(ModelSource, Model)>,
    /// [`Planner::services_with`]'s answer per operation name: a batch has
    /// many files of few operations, and each answer looks the name up in
    /// every embedded service (a fifth of a 2000-file batch's instructions).
    by_operation: HashMap<String, Result<(usize, String), String>>,
}

impl<'a> Planner<'a> {
    fn new(config: Option<&'a Config>, options: &'a Options) -> Result<Planner<'a>, ProjectError> {
        let chosen = ModelSource::chosen(options.model.as_deref(), options.service.as_deref(), config);
        let mut planner =
            Planner { config, options, chosen, models: Vec::new(), by_operation: HashMap::new() };
        // An operation named on the command line must exist: in the chosen
        // model, or in exactly one embedded service.
        if let Some(name) = &options.operation {
            match planner.chosen.clone() {
                Some(source) => {
                    let index = planner.model(&source)?;
                    planner.models[index]
                        .1
                        .operation(name)
                        .map_err(|e| ProjectError::Usage(e.to_string()))?;
                }
                None => {
                    planner.services_with(name).map_err(ProjectError::Usage)?;
                }
            }
        }
        Ok(planner)
    }

    /// The index of `source`'s model, loading it the first time.
    fn model(&mut self, source: &ModelSource) -> Result<usize, ModelError> {
        if let Some(i) = self.models.iter().position(|(s, _)| s == source) {
            return Ok(i);
        }
        let model = source.load(false)?;
        self.models.push((source.clone(), model));
        Ok(self.models.len() - 1)
    }

    /// The embedded service that has operation `name`, or a message that
    /// lists those that have it (several) or the closest names (none).
    fn services_with(&mut self, name: &str) -> Result<(usize, String), String> {
        let mut found = Vec::new();
        let mut near = Vec::new();
        let mut indexes = Vec::new();
        for embedded in EMBEDDED {
            let Ok(index) = self.model(&ModelSource::Embedded(embedded.name.to_owned())) else { continue };
            indexes.push((index, embedded.name));
            if let Some(op) = self.models[index].1.find_operation(name) {
                found.push((index, embedded.name, op.cli_name.clone()));
            }
        }
        if found.is_empty() {
            // Only now the suggestions: they cost an edit distance against
            // every operation name of every service.
            for &(index, service) in &indexes {
                if let Err(unknown) = self.models[index].1.operation(name) {
                    near.extend(unknown.suggestions.into_iter().take(2).map(|s| (s, service)));
                }
            }
        }
        match found.as_slice() {
            [(index, _, op)] => Ok((*index, op.clone())),
            [] => {
                let names: Vec<&str> = near.iter().map(|(s, _)| s.as_str()).collect();
                let best = closest_names(name, names);
                let mut message = format!("no embedded service has an operation `{name}`");
                if let Some(best) = best.first()
                    && let Some((_, service)) = near.iter().find(|(s, _)| s == best)
                {
                    message.push_str(&format!("; did you mean `{best}` (service {service})?"));
                }
                Err(message)
            }
            several => {
                let services: Vec<&str> = several.iter().map(|(_, s, _)| *s).collect();
                Err(format!(
                    "`{name}` is an operation of several services ({}): choose one with --service, or with a \
                     `files` rule (glob, service) in .chime-shape.yaml",
                    services.join(", ")
                ))
            }
        }
    }

    /// [`Planner::services_with`], asked once per operation name.
    fn services_with_cached(&mut self, name: String) -> Result<(usize, String), String> {
        if let Some(answer) = self.by_operation.get(&name) {
            return answer.clone();
        }
        let answer = self.services_with(&name);
        self.by_operation.insert(name, answer.clone());
        answer
    }

    /// The plan for one file; `notes`, when wanted, gets what `--verbose`
    /// says about it. A skipped file's reason is only written for a note.
    fn plan(&mut self, name_path: &Path, skip: bool, display: &str, notes: Option<&mut Vec<String>>) -> Plan {
        let rule = self.config.and_then(|c| c.rule_for(name_path));
        let source = match rule.and_then(|r| r.service.as_deref()) {
            Some(service) if self.options.service.is_none() && self.options.model.is_none() => {
                Some(ModelSource::Embedded(service.to_owned()))
            }
            _ => self.chosen.clone(),
        };
        let named = self.options.operation.clone().or_else(|| rule.and_then(|r| r.operation.clone()));
        let skipping = skip && named.is_none();
        let candidate = named.or_else(|| file::operation_candidate(name_path));
        match source {
            Some(source) => match self.model(&source) {
                Err(e) => Plan::Unknown { service: String::new(), message: e.to_string() },
                Ok(index) => {
                    let model = &self.models[index].1;
                    match candidate.as_deref().and_then(|c| model.find_operation(c)) {
                        Some(op) => Plan::Check { model: index, operation: op.cli_name.clone() },
                        None if skipping => {
                            skipped(notes, display, || file::operation_hint(model, name_path))
                        }
                        None => Plan::Unknown {
                            service: model.name().to_owned(),
                            message: file::operation_hint(model, name_path),
                        },
                    }
                }
            },
            None => match candidate {
                None if skipping => skipped(notes, display, file::operation_hint_any),
                None => Plan::Unknown { service: String::new(), message: file::operation_hint_any() },
                Some(candidate) => match self.services_with_cached(candidate) {
                    Ok((index, operation)) => {
                        if let Some(notes) = notes {
                            notes.push(format!(
                                "{display}: {operation} of {} (the only embedded service with that operation)",
                                self.models[index].1.name()
                            ));
                        }
                        Plan::Check { model: index, operation }
                    }
                    Err(message) => {
                        let reason = || format!("{}; {message}", file::operation_hint_any());
                        if skipping {
                            skipped(notes, display, reason)
                        } else {
                            Plan::Unknown { service: String::new(), message: reason() }
                        }
                    }
                },
            },
        }
    }
}

/// [`Plan::Skip`], noting why when notes are wanted.
fn skipped(notes: Option<&mut Vec<String>>, display: &str, reason: impl FnOnce() -> String) -> Plan {
    if let Some(notes) = notes {
        notes.push(format!("{display}: skipped: {}", reason()));
    }
    Plan::Skip
}
