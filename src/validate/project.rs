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
use std::sync::{Mutex, OnceLock};

use crate::doc::Limits;
use crate::guard::fsread::{open_listed_regular, open_regular, read_at_most};
use crate::model::{self, EMBEDDED, LoadOptions, Model, ModelError, Operation, closest_names};
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
enum Plan<'p> {
    /// Check it: the model (and its index among the run's models) and
    /// operation.
    Check { index: usize, model: &'p Model, op: &'p Operation },
    /// Report that its operation cannot be told (or is ambiguous).
    Unknown { service: String, message: String },
    /// Skip it (a walked file whose operation cannot be told).
    Skip,
}

/// A checked file and, when kept, its bytes.
type Done = (FileReport, Option<Vec<u8>>);

/// A file to check.
struct Job {
    input: Input,
    /// Found by a directory walk, which saw a regular file.
    listed: bool,
    display: String,
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

    /// The file's name, when it is a walked file's (whose name is told
    /// from its path's bytes).
    fn walked_name(&self) -> Option<&str> {
        match &self.input {
            Input::File(path) if self.listed => file_name_of(path).to_str(),
            _ => None,
        }
    }

    /// The format its name implies.
    fn format(&self) -> InputFormat {
        match self.walked_name() {
            Some(name) => format_of_name(name),
            None => InputFormat::from_path(self.name_path()),
        }
    }

    /// The operation its name names, if any.
    fn operation_candidate(&self) -> Option<String> {
        match self.walked_name() {
            Some(name) => candidate_of_name(name),
            None => file::operation_candidate(self.name_path()),
        }
    }

    /// The path its place in the report is sorted by.
    fn sort_path(&self) -> &Path {
        match &self.input {
            Input::File(path) => path,
            Input::Stdin => Path::new(""),
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
    let mut inputs = if paths.is_empty() {
        let Some(config) = config.filter(|c| !c.include.is_empty()) else {
            return Err(ProjectError::Usage(
                "no files to validate: name files or directories, or list `include` globs in .chime-shape.yaml"
                    .into(),
            ));
        };
        let mut inputs = Inputs::new(&[], Some(config), &exclude, options.skip_unknown);
        inputs.walking = Some((0, Walking::new(&config.root, None, None)));
        inputs
    } else {
        Inputs::new(paths, config, &exclude, options.skip_unknown)
    };

    let planner = Planner::new(config, options)?;
    let configured = config.map(|c| c.severity.as_slice()).unwrap_or_default();
    let levels = Levels::new(configured, &options.warn, &options.ignore, &options.select);
    let validators: Vec<OnceLock<Validator<'_>>> = planner.models.iter().map(|_| OnceLock::new()).collect();
    let operations: Operations<'_> = planner.models.iter().map(|_| Mutex::default()).collect();
    // Plan and check one input: on the threads of the pool, while the
    // walk goes on.
    let check_one = |(segment, found, relative): Input3| -> Outcome {
        let display = match &found.input {
            Input::Stdin => options.stdin_name.clone().unwrap_or_else(|| "-".to_owned()),
            Input::File(path) => display(path),
        };
        let job = Job { input: found.input, listed: found.walked, display };
        let skip = found.walked || options.skip_unknown;
        let mut notes = Vec::new();
        let wanted = (!options.skip_notes).then_some(&mut notes);
        let plan = planner.plan(&job, relative.as_deref(), skip, wanted, &operations);
        let result = match plan {
            Plan::Skip => None,
            Plan::Unknown { service, message } => {
                let mut report = file::unknown_operation_with(&service, &job.display, &message);
                levels.apply(&mut report);
                Some(Ok((report, None)))
            }
            Plan::Check { index, model, op } => match read_found(&job.input, job.listed, &limits) {
                Err(message) => Some(Err(Unreadable { file: job.display.clone(), message })),
                Ok(bytes) => {
                    let validator = validators[index].get_or_init(|| Validator::new(model));
                    let (mut report, bytes) =
                        file::check_owned(validator, op, &job.display, bytes, job.format(), &limits);
                    levels.apply(&mut report);
                    let keep = options.keep_sources && !report.diagnostics.is_empty();
                    Some(Ok((report, keep.then_some(bytes))))
                }
            },
        };
        Outcome { segment, job, notes, result }
    };
    let mut batches = run_all(&mut inputs, &check_one);
    // Back in input order: arguments in turn, each walk's files in the
    // order of a sorted walk. An order of places is sorted, not the
    // outcomes (a few hundred bytes each).
    let order: Vec<(usize, usize)> = {
        let mut keys: Vec<(usize, &Path, usize, usize)> = batches
            .iter()
            .enumerate()
            .flat_map(|(b, batch)| {
                batch
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, o)| o.as_ref().map(|o| (o.segment, o.job.sort_path(), b, i)))
            })
            .collect();
        keys.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| walk_order(x.1, y.1)));
        keys.into_iter().map(|(_, _, b, i)| (b, i)).collect()
    };

    let mut unreadable = inputs.unreadable;
    let mut files = Vec::with_capacity(order.len());
    let mut sources = Vec::with_capacity(order.len());
    let mut skipped = Vec::new();
    let mut notes = Vec::new();
    for (b, i) in order {
        let Some(outcome) = batches[b][i].take() else { continue };
        notes.extend(outcome.notes);
        match outcome.result {
            Some(Ok((report, source))) => {
                files.push(report);
                sources.push(source);
            }
            Some(Err(error)) => unreadable.push(error),
            None => skipped.push(outcome.job.display),
        }
    }
    let report = Report::new(files)
        .with_config(config.map(|c| display(&c.path)))
        .with_unreadable(unreadable)
        .with_skipped(skipped);
    Ok(Checked { report, sources, notes })
}

/// What [`Inputs`] gives: the argument, the input, and (walked, with a
/// configuration) its path relative to the configuration's root.
type Input3 = (usize, Found, Option<PathBuf>);

/// One input planned and checked.
struct Outcome {
    /// The argument it came from.
    segment: usize,
    job: Job,
    /// What `--verbose` says about it.
    notes: Vec<String>,
    /// Its report (and kept bytes), why it cannot be read, or `None` when
    /// it is skipped.
    result: Option<Result<Done, Unreadable>>,
}

/// Inputs taken from `inputs` before a pool of threads is worth starting,
/// and then how many each task of the pool plans and checks.
#[cfg(feature = "parallel")]
const BATCH: usize = PARALLEL_FROM;

/// Checks every input `inputs` gives; the walk runs on this thread while
/// the pool's threads check what it has found so far. The outcomes come in
/// batches, in no particular order.
#[cfg(feature = "parallel")]
fn run_all(inputs: &mut Inputs<'_>, check: &(dyn Fn(Input3) -> Outcome + Sync)) -> Vec<Vec<Option<Outcome>>> {
    let first: Vec<Input3> = inputs.by_ref().take(PARALLEL_FROM).collect();
    if first.len() < PARALLEL_FROM {
        return vec![first.into_iter().map(|input| Some(check(input))).collect()];
    }
    let done = Mutex::new(Vec::new());
    rayon::in_place_scope(|scope| {
        let done = &done;
        let mut batch = first;
        loop {
            let last = batch.len() < BATCH;
            if !batch.is_empty() {
                let taken = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                scope.spawn(move |_| {
                    let outcomes: Vec<Option<Outcome>> =
                        taken.into_iter().map(|input| Some(check(input))).collect();
                    done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(outcomes);
                });
            }
            if last {
                break;
            }
            batch.extend(inputs.by_ref().take(BATCH));
        }
    });
    done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Checks every input `inputs` gives, in turn.
#[cfg(not(feature = "parallel"))]
fn run_all(inputs: &mut Inputs<'_>, check: &dyn Fn(Input3) -> Outcome) -> Vec<Vec<Option<Outcome>>> {
    vec![inputs.map(|input| Some(check(input))).collect()]
}

/// The inputs `paths` name, as `collect` finds them, one at a time and
/// each with the index of the argument that named it; a directory walk
/// gives its files in the order the directory lists them (sort them by
/// [`walk_order`]). What cannot be read is in `unreadable` when done.
struct Inputs<'a> {
    paths: std::iter::Enumerate<std::slice::Iter<'a, PathBuf>>,
    config: Option<&'a Config>,
    exclude: &'a globset::GlobSet,
    skip_unknown: bool,
    /// The walk under way, and the argument it is for.
    walking: Option<(usize, Walking)>,
    unreadable: Vec<Unreadable>,
}

/// A directory walk under way (unsorted).
struct Walking {
    walk: ignore::Walk,
    dir: PathBuf,
    /// Only files this matches (a glob the shell did not expand).
    glob: Option<globset::GlobMatcher>,
    /// The glob as given, reported when nothing matches it.
    pattern: Option<String>,
    /// Files given so far.
    given: usize,
    /// Each error with the path it is about (the walk's root when it
    /// names none), to list them in the order a sorted walk met them.
    errors: Vec<(PathBuf, Unreadable)>,
}

impl Walking {
    fn new(dir: &Path, glob: Option<globset::GlobMatcher>, pattern: Option<String>) -> Walking {
        Walking {
            walk: walker(dir, false),
            dir: dir.to_path_buf(),
            glob,
            pattern,
            given: 0,
            errors: Vec::new(),
        }
    }
}

impl<'a> Inputs<'a> {
    fn new(
        paths: &'a [PathBuf],
        config: Option<&'a Config>,
        exclude: &'a globset::GlobSet,
        skip_unknown: bool,
    ) -> Inputs<'a> {
        Inputs {
            paths: paths.iter().enumerate(),
            config,
            exclude,
            skip_unknown,
            walking: None,
            unreadable: Vec::new(),
        }
    }

    /// Whether the walk takes the file at `path`, named `name`: a JSON or
    /// YAML name, not the configuration, that the glob (when given) and
    /// the configuration's `include` (when it has one) match and no
    /// exclusion does; with its path relative to the configuration's root.
    /// As [`takes`] with `validate`'s choice, the path made relative once
    /// and the name not looked for again.
    fn takes_walked(
        config: Option<&Config>,
        exclude: &globset::GlobSet,
        path: &Path,
        name: &std::ffi::OsStr,
        glob: Option<&globset::GlobMatcher>,
    ) -> Option<Option<PathBuf>> {
        let document = name.to_str().is_some_and(|n| format_of_name(n) != InputFormat::Detect);
        if !document
            || config::FILE_NAMES.iter().any(|c| name == *c)
            || config.is_some_and(|c| c.path.file_name() == Some(name) && c.is_self(path))
            || (!exclude.is_empty() && exclude.is_match(plain(path)))
            || glob.is_some_and(|g| !g.is_match(plain(path)))
        {
            return None;
        }
        let Some(config) = config else { return Some(None) };
        let relative = config.relative_path(path);
        let excluded = relative.as_deref().is_some_and(|r| config.is_excluded_relative(r));
        let included =
            config.include.is_empty() || relative.as_deref().is_some_and(|r| config.is_included(r));
        (!excluded && included).then_some(relative)
    }

    /// The next file of the walk under way, if any.
    fn next_walked(&mut self) -> Option<Input3> {
        let (segment, walking) = self.walking.as_mut()?;
        for entry in walking.walk.by_ref() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = error_path(&e).unwrap_or(&walking.dir).to_path_buf();
                    let file = walking.dir.display().to_string();
                    let message = format!("cannot read directory {file}: {e}");
                    walking.errors.push((at, Unreadable { message, file }));
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let glob = walking.glob.as_ref();
            if let Some(relative) =
                Self::takes_walked(self.config, self.exclude, path, file_name_of(path), glob)
            {
                walking.given += 1;
                let found = Found { input: Input::File(entry.into_path()), walked: true };
                return Some((*segment, found, relative));
            }
        }
        let (_, mut walking) = self.walking.take()?;
        walking.errors.sort_by(|(a, _), (b, _)| walk_order(a, b));
        self.unreadable.extend(walking.errors.into_iter().map(|(_, e)| e));
        if let Some(file) = walking.pattern
            && walking.given == 0
        {
            self.unreadable.push(Unreadable { message: format!("no file matches {file}"), file });
        }
        None
    }
}

impl Iterator for Inputs<'_> {
    /// The argument, the input, and (walked, with a configuration) its
    /// path relative to the configuration's root.
    type Item = Input3;

    fn next(&mut self) -> Option<Input3> {
        loop {
            if self.walking.is_some() {
                match self.next_walked() {
                    Some(found) => return Some(found),
                    None => continue,
                }
            }
            let (segment, path) = self.paths.next()?;
            let config = self.config;
            if path.as_os_str() == "-" {
                return Some((segment, Found { input: Input::Stdin, walked: false }, None));
            } else if path.is_dir() {
                self.walking = Some((segment, Walking::new(path, None, None)));
            } else if !path.exists() && is_glob(path) {
                let pattern = path.display().to_string();
                match glob_root(path) {
                    Ok((root, matcher)) => {
                        self.walking = Some((segment, Walking::new(&root, Some(matcher), Some(pattern))));
                    }
                    Err(error) => {
                        self.unreadable.push(error);
                        self.unreadable.push(Unreadable {
                            message: format!("no file matches {pattern}"),
                            file: pattern,
                        });
                    }
                }
            } else if excluded(path, config, self.exclude) || is_configuration(path, config) {
            } else if self.skip_unknown && config.is_some_and(|c| !c.include.is_empty() && !included(c, path))
            {
                // The hooks hand over every JSON and YAML file; the
                // configuration says which are requests.
            } else {
                return Some((segment, Found { input: Input::File(path.clone()), walked: false }, None));
            }
        }
    }
}

/// The last component of a path a walk gave for a file (never `.` or
/// `..`, never ending in `/`): the bytes after the last `/`.
#[cfg(unix)]
fn file_name_of(path: &Path) -> &std::ffi::OsStr {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let start = memchr::memrchr(b'/', bytes).map_or(0, |i| i + 1);
    std::ffi::OsStr::from_bytes(&bytes[start..])
}

/// The last component of a path a walk gave for a file.
#[cfg(not(unix))]
fn file_name_of(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or(path.as_os_str())
}

/// [`InputFormat::from_path`] of a file name that is not `..`: the
/// extension is what follows the last `.`, unless that `.` starts the
/// name.
fn format_of_name(name: &str) -> InputFormat {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => {
            if extension.eq_ignore_ascii_case("json") {
                InputFormat::Json
            } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
                InputFormat::Yaml
            } else {
                InputFormat::Detect
            }
        }
        _ => InputFormat::Detect,
    }
}

/// [`file::operation_candidate`] of a file name that is not `..`: the
/// last dotted part of its stem.
fn candidate_of_name(name: &str) -> Option<String> {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    stem.rsplit('.').next().filter(|c| !c.is_empty()).map(str::to_owned)
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
    let path = plain(path);
    // UTF-8 checked at once (nearly every name is), not chunk by chunk.
    path.to_str().map_or_else(|| path.to_string_lossy().into_owned(), str::to_owned)
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

/// Whether `path` is named like the tool's own configuration.
fn is_configuration(path: &Path, config: Option<&Config>) -> bool {
    path.file_name().is_some_and(|n| config::FILE_NAMES.iter().any(|c| n == *c))
        || config.is_some_and(|c| c.is_self(path))
}

/// The inputs `paths` name: files as they are, directories walked, globs
/// the shell did not expand expanded, `-` for standard input; for `lint`
/// (`validate` takes them one at a time from [`Inputs`]).
#[cfg(feature = "lint")]
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
#[cfg(feature = "lint")]
fn expand(
    pattern: &Path,
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    found: &mut Vec<Found>,
    unreadable: &mut Vec<Unreadable>,
    wanted: &dyn Fn(&Path) -> bool,
) {
    match glob_root(pattern) {
        Ok((root, matcher)) => walk(&root, config, exclude, found, unreadable, Some(&matcher), wanted),
        Err(error) => unreadable.push(error),
    }
}

/// Where to walk from for a glob (its longest literal directory), and the
/// glob compiled; or why it is no glob.
fn glob_root(pattern: &Path) -> Result<(PathBuf, globset::GlobMatcher), Unreadable> {
    let text = plain(pattern).to_string_lossy();
    let text = text.as_ref();
    let matcher = match globset::GlobBuilder::new(text).literal_separator(true).build() {
        Ok(glob) => glob.compile_matcher(),
        Err(e) => {
            return Err(Unreadable { file: text.to_owned(), message: format!("invalid glob {text}: {e}") });
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
    Ok((root, matcher))
}

/// Walks `dir` as ripgrep would (`.gitignore`, `.ignore`, `.git/info/exclude`
/// and hidden files honoured, symbolic links not followed, sorted by name),
/// taking the files `wanted` takes (for `validate`: JSON and YAML files
/// that the configuration's `include`, when it has one, matches) that
/// `glob` (when given) matches and no exclusion does.
#[cfg(feature = "lint")]
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
#[cfg(feature = "lint")]
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
    let first_found = found.len();
    // Each error with the path it is about (the walk's root when it names
    // none), to list them in the order a sorted walk met them.
    let mut errors: Vec<(PathBuf, Unreadable)> = Vec::new();
    for entry in walker(dir, hidden) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = error_path(&e).unwrap_or(dir).to_path_buf();
                let file = dir.display().to_string();
                errors.push((at, Unreadable { message: format!("cannot read directory {file}: {e}"), file }));
                continue;
            }
        };
        if entry.file_type().is_some_and(|t| t.is_file())
            && takes(entry.path(), config, exclude, glob, wanted)
        {
            found.push(Found { input: Input::File(entry.into_path()), walked: true });
        }
    }
    found[first_found..].sort_by(|a, b| match (&a.input, &b.input) {
        (Input::File(a), Input::File(b)) => walk_order(a, b),
        _ => std::cmp::Ordering::Equal,
    });
    errors.sort_by(|(a, _), (b, _)| walk_order(a, b));
    unreadable.extend(errors.into_iter().map(|(_, e)| e));
}

/// A walk of `dir` as ripgrep's (hidden files and folders too when
/// `hidden`, never `.git`), unsorted.
fn walker(dir: &Path, hidden: bool) -> ignore::Walk {
    ignore::WalkBuilder::new(dir).hidden(!hidden).filter_entry(|entry| entry.file_name() != ".git").build()
}

/// Whether a walk takes the file at `path`: `glob` (when given) matches
/// it, it is not the configuration, no exclusion matches it, and `wanted`
/// takes it.
#[cfg(feature = "lint")]
fn takes(
    path: &Path,
    config: Option<&Config>,
    exclude: &globset::GlobSet,
    glob: Option<&globset::GlobMatcher>,
    wanted: &dyn Fn(&Path) -> bool,
) -> bool {
    glob.is_none_or(|g| g.is_match(plain(path)))
        && !is_configuration(path, config)
        && !excluded(path, config, exclude)
        && wanted(path)
}

/// The order of a sorted depth-first walk: component by component, each
/// compared as bytes; the same as comparing the paths' bytes with `/`
/// below every other byte (a name holds neither `/` nor NUL).
#[cfg(unix)]
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    use std::os::unix::ffi::OsStrExt;
    let key = |c: u8| if c == b'/' { 0 } else { c };
    let (a, b) = (a.as_os_str().as_bytes(), b.as_os_str().as_bytes());
    // The first difference decides; paths of one directory share a long
    // prefix, passed over eight bytes at a time.
    let shorter = a.len().min(b.len());
    let mut at = 0;
    while at + 8 <= shorter && a[at..at + 8] == b[at..at + 8] {
        at += 8;
    }
    while at < shorter && a[at] == b[at] {
        at += 1;
    }
    match (a.get(at), b.get(at)) {
        (Some(&x), Some(&y)) => key(x).cmp(&key(y)),
        _ => a.len().cmp(&b.len()),
    }
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

/// Operation names whose [`Planner::services_with`] answer is kept.
const BY_OPERATION_LIMIT: usize = 1024;

/// [`Planner::services_with`]'s answer: the model's index, the operation's
/// CLI name, and the name it is found by at once (its API name; the CLI
/// name is found by a second, normalised, lookup); or why none.
type ServicesWith = Result<(usize, String, Option<String>), String>;

/// Decides each file's model and operation, loading each model once; shared
/// by the threads that plan and check files.
struct Planner<'a> {
    config: Option<&'a Config>,
    options: &'a Options,
    /// The model every file uses unless a `files` rule names a service.
    chosen: Option<usize>,
    /// Every model a file may use: the chosen one, each embedded service,
    /// each service a `files` rule names.
    sources: Vec<ModelSource>,
    /// Per source, the model or why it cannot be loaded, when first asked.
    models: Vec<OnceLock<Result<Model, String>>>,
    /// [`Planner::services_with`]'s answer per operation name: a batch has
    /// many files of few operations, and each answer looks the name up in
    /// every embedded service (a fifth of a 2000-file batch's instructions).
    by_operation: Mutex<HashMap<String, ServicesWith>>,
}

impl<'a> Planner<'a> {
    fn new(config: Option<&'a Config>, options: &'a Options) -> Result<Planner<'a>, ProjectError> {
        let chosen = ModelSource::chosen(options.model.as_deref(), options.service.as_deref(), config);
        let mut sources: Vec<ModelSource> = chosen.iter().cloned().collect();
        let rules = config.map(|c| c.files.as_slice()).unwrap_or_default();
        let services =
            EMBEDDED.iter().map(|e| e.name).chain(rules.iter().filter_map(|r| r.service.as_deref()));
        for service in services {
            if !sources.iter().any(|s| matches!(s, ModelSource::Embedded(n) if n == service)) {
                sources.push(ModelSource::Embedded(service.to_owned()));
            }
        }
        let models = sources.iter().map(|_| OnceLock::new()).collect();
        let planner = Planner {
            config,
            options,
            chosen: chosen.is_some().then_some(0),
            sources,
            models,
            by_operation: Mutex::new(HashMap::new()),
        };
        // An operation named on the command line must exist: in the chosen
        // model, or in exactly one embedded service.
        if let Some(name) = &options.operation {
            match planner.chosen {
                Some(index) => {
                    let model = planner.sources[index].load(false)?;
                    model.operation(name).map_err(|e| ProjectError::Usage(e.to_string()))?;
                    let _ = planner.models[index].set(Ok(model));
                }
                None => {
                    planner.services_with(name).map_err(ProjectError::Usage)?;
                }
            }
        }
        Ok(planner)
    }

    /// The model at `index`, loading it the first time; or why it cannot
    /// be loaded.
    fn model(&self, index: usize) -> Result<&Model, &str> {
        self.models[index]
            .get_or_init(|| self.sources[index].load(false).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The model at `index`, if it is loaded.
    fn loaded(&self, index: usize) -> Option<&Model> {
        self.models.get(index)?.get()?.as_ref().ok()
    }

    /// The index of embedded service `name` among the sources.
    fn embedded(&self, name: &str) -> Option<usize> {
        self.sources.iter().position(|s| matches!(s, ModelSource::Embedded(n) if n == name))
    }

    /// The embedded service that has operation `name`, or a message that
    /// lists those that have it (several) or the closest names (none).
    fn services_with(&self, name: &str) -> Result<(usize, String), String> {
        let mut found = Vec::new();
        let mut near = Vec::new();
        let mut indexes = Vec::new();
        for embedded in EMBEDDED {
            let Some(index) = self.embedded(embedded.name) else { continue };
            let Ok(model) = self.model(index) else { continue };
            indexes.push((index, embedded.name));
            if let Some(op) = model.find_operation(name) {
                found.push((index, embedded.name, op.cli_name.clone()));
            }
        }
        if found.is_empty() {
            // Only now the suggestions: they cost an edit distance against
            // every operation name of every service.
            for &(index, service) in &indexes {
                if let Some(Err(unknown)) = self.loaded(index).map(|m| m.operation(name)) {
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
    fn services_with_cached(&self, name: String) -> ServicesWith {
        let cache = || self.by_operation.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(answer) = cache().get(&name) {
            return answer.clone();
        }
        // Not under the lock: the first answer loads every embedded model.
        let answer = self.services_with(&name).map(|(index, operation)| {
            // The operation as the check finds it: by the CLI name, as
            // before; its API name finds the same one directly.
            let found = self.loaded(index).and_then(|m| m.find_operation(&operation)).map(|o| o.name.clone());
            (index, operation, found)
        });
        let mut cache = cache();
        // Bounded: a directory of a million names that are no operation
        // must not keep a message for each.
        if cache.len() < BY_OPERATION_LIMIT {
            cache.insert(name, answer.clone());
        }
        answer
    }

    /// The plan for one file; `notes`, when wanted, gets what `--verbose`
    /// says about it. A skipped file's reason is only written for a note.
    fn plan<'p>(
        &'p self,
        job: &Job,
        relative: Option<&Path>,
        skip: bool,
        notes: Option<&mut Vec<String>>,
        ops: &Operations<'p>,
    ) -> Plan<'p> {
        let (name_path, display) = (job.name_path(), job.display.as_str());
        let rule = self.config.and_then(|c| match relative {
            // A walked file's path, made relative to the root once.
            Some(relative) => c.rule_for_relative(relative),
            None => c.rule_for(name_path),
        });
        let source = match rule.and_then(|r| r.service.as_deref()) {
            Some(service) if self.options.service.is_none() && self.options.model.is_none() => {
                self.embedded(service)
            }
            _ => self.chosen,
        };
        let named = self.options.operation.clone().or_else(|| rule.and_then(|r| r.operation.clone()));
        let skipping = skip && named.is_none();
        let candidate = named.or_else(|| job.operation_candidate());
        match source {
            Some(index) => match self.model(index) {
                Err(e) => Plan::Unknown { service: String::new(), message: e.to_owned() },
                Ok(model) => match candidate.as_deref().and_then(|c| found_in(ops, index, model, c)) {
                    Some(op) => Plan::Check { index, model, op },
                    None if skipping => skipped(notes, display, || file::operation_hint(model, name_path)),
                    None => Plan::Unknown {
                        service: model.name().to_owned(),
                        message: file::operation_hint(model, name_path),
                    },
                },
            },
            None => match candidate {
                None if skipping => skipped(notes, display, file::operation_hint_any),
                None => Plan::Unknown { service: String::new(), message: file::operation_hint_any() },
                Some(candidate) => match self.services_with_cached(candidate) {
                    Ok((index, operation, found)) => {
                        let Some(model) = self.loaded(index) else { return Plan::Skip };
                        if let Some(notes) = notes {
                            notes.push(format!(
                                "{display}: {operation} of {} (the only embedded service with that operation)",
                                model.name()
                            ));
                        }
                        match found.and_then(|found| model.find_operation(&found)) {
                            Some(op) => Plan::Check { index, model, op },
                            None => Plan::Skip,
                        }
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

/// Per model, the operation each name a file gave finds (`None`: none):
/// a batch has many files of few operations, and a CLI name is found by a
/// second, normalised, lookup.
type Operations<'p> = Vec<Mutex<HashMap<String, Option<&'p Operation>>>>;

/// `model.find_operation(name)`, asked once per name (up to
/// [`BY_OPERATION_LIMIT`] names a model).
fn found_in<'p>(ops: &Operations<'p>, index: usize, model: &'p Model, name: &str) -> Option<&'p Operation> {
    let Some(cache) = ops.get(index) else { return model.find_operation(name) };
    let lock = || cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&op) = lock().get(name) {
        return op;
    }
    let op = model.find_operation(name);
    let mut cache = lock();
    if cache.len() < BY_OPERATION_LIMIT {
        cache.insert(name.to_owned(), op);
    }
    op
}

/// [`Plan::Skip`], noting why when notes are wanted.
fn skipped<'p>(notes: Option<&mut Vec<String>>, display: &str, reason: impl FnOnce() -> String) -> Plan<'p> {
    if let Some(notes) = notes {
        notes.push(format!("{display}: skipped: {}", reason()));
    }
    Plan::Skip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walked_name_is_read_as_its_path_is() {
        let names = [
            "a.json",
            "a.JSON",
            "a.Yml",
            "b.c.yaml",
            ".json",
            ".a.json",
            "a.",
            "a",
            "a..json",
            "x.update-user.json",
            "x..json",
            "..json",
            "a.b.",
            "é.yaml",
            "a.jsonx",
            "up date.yml",
            "a.b.c",
            "...",
            "a.json.bak",
        ];
        for dir in ["", "d/", "./d/e/", "/abs/"] {
            for name in names {
                let path = PathBuf::from(format!("{dir}{name}"));
                if path.file_name().is_none() {
                    continue;
                }
                assert_eq!(file_name_of(&path), path.file_name().unwrap(), "{path:?}");
                assert_eq!(format_of_name(name), InputFormat::from_path(&path), "{path:?}");
                assert_eq!(candidate_of_name(name), file::operation_candidate(&path), "{path:?}");
            }
        }
    }

    #[test]
    fn walk_order_is_the_order_of_components() {
        let paths =
            ["a/b", "a-b", "a/b/c", "a.b/c", "a", "ab", "a/", "a/bc", "a0/b", "a/b-c", "a/b/c/d", "a/b0"];
        for x in paths {
            for y in paths {
                let (x, y) = (Path::new(x), Path::new(y));
                if x.components().eq(y.components()) {
                    continue;
                }
                assert_eq!(walk_order(x, y), x.components().cmp(y.components()), "{x:?} {y:?}");
            }
        }
    }
}
