//! The project configuration file, `.chime-shape.yaml`.
//!
//! A repository with many request files keeps, next to them, the things the
//! command line would otherwise repeat: the default service or model file,
//! which files are requests (`include`/`exclude`), which operation a file is
//! for when its name does not say (`files`), and how serious each finding
//! is (`severity`). The file is found by walking up from the working
//! directory; command-line flags override it.
//!
//! ```yaml
//! service: chime                    # or: model: models/chime.json.gz
//! include: ["requests/**/*.json", "requests/**/*.yaml"]
//! exclude: ["requests/drafts/**"]
//! severity:
//!   pattern: warning                # error, warning or off
//! files:
//!   - glob: "meetings/*.json"
//!     service: chime-sdk-meetings
//!     operation: create-meeting
//! ```
//!
//! The file is itself validated, with `file:line:column` messages that name
//! the key and suggest the closest valid one.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::doc::{self, Document, Entries, Limits, LineIndex, NodeId, Span, Value};
use crate::guard::fsread;
use crate::model::{EMBEDDED, closest_names};
use crate::report::Levels;
use crate::report::diagnostic::Code;

/// The names the file may have, in the order they are looked for.
pub const FILE_NAMES: [&str; 2] = [".chime-shape.yaml", ".chime-shape.yml"];

pub use crate::report::diagnostic::Level;

/// A `files` entry: files matching `glob` are for this service/operation.
#[derive(Debug, Clone)]
pub struct FileRule {
    /// The glob as written (relative to the configuration's directory).
    pub glob: String,
    /// The compiled glob, for [`Config::files_set`].
    compiled: Glob,
    /// The service, if the rule names one.
    pub service: Option<String>,
    /// The operation, if the rule names one.
    pub operation: Option<String>,
    /// Where the rule is written, for messages.
    pub line: u32,
}

/// A loaded configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The directory globs and paths are relative to.
    pub root: PathBuf,
    /// `service`: the default embedded service.
    pub service: Option<String>,
    /// `model`: a botocore model file to use instead (relative to `root`).
    pub model: Option<PathBuf>,
    /// `include`: which files are request documents, when none are named.
    pub include: Vec<String>,
    include_set: GlobSet,
    /// `exclude`: files never checked, even when named.
    pub exclude: Vec<String>,
    exclude_set: GlobSet,
    /// `severity`: per-code levels.
    pub severity: Vec<(Code, Level)>,
    /// `files`: operation (and service) by glob, first match wins.
    pub files: Vec<FileRule>,
    /// The globs of `files`, in order, as one set.
    files_set: GlobSet,
    /// `models`: botocore model files (relative to `root`) for services
    /// other than the embedded ones, which `lint` checks commands of.
    pub models: Vec<PathBuf>,
    /// `lint.include`: which files `lint` reads when none are named (all
    /// the kinds it knows when empty).
    pub lint_include: Vec<String>,
    lint_include_set: GlobSet,
    /// `lint.exclude`: files `lint` never reads (besides `exclude`).
    pub lint_exclude: Vec<String>,
    lint_exclude_set: GlobSet,
    /// The working directory and the absolute root, resolved once at load:
    /// asking the system for the working directory per file and rule was a
    /// quarter of a large batch's system time.
    cwd: Option<PathBuf>,
    absolute_root: Option<PathBuf>,
    /// The working directory relative to `root`, when it lies inside it: a
    /// relative path of plain names is then found under the root by one
    /// join, without normalising (a batch asks this several times a file).
    cwd_in_root: Option<PathBuf>,
    /// `path`, absolute and normalised, for [`Config::is_self`].
    absolute_path: Option<PathBuf>,
}

/// A configuration file that cannot be used, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.render())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// `(line, column, message)` for each problem.
    pub problems: Vec<(u32, u32, String)>,
}

impl ConfigError {
    fn render(&self) -> String {
        self.problems
            .iter()
            // One line a problem: a message quotes the file's text (keys,
            // globs), which may hold line breaks and control characters.
            .map(|(line, column, message)| {
                format!(
                    "{}:{line}:{column}: {}",
                    self.path.display(),
                    crate::guard::sanitize::escape(message)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The configuration file that applies to `start` (a directory): the
/// nearest one in it or above it, up to the repository root.
///
/// The repository root is the nearest ancestor (or `start` itself) that
/// holds a `.git` entry, a directory or (in a worktree or submodule) a
/// file; it is the last directory searched, as ruff, taplo and pre-commit
/// stop there. Without the stop, a `.chime-shape.yaml` in a parent of the
/// checkout (a shared home or build directory, written by someone else)
/// could exclude every file or turn every finding off without the
/// repository saying so. Outside any repository only `start` itself is
/// searched: there is no boundary that says which parent is trusted, and a
/// configuration elsewhere can still be named with `--config`.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    let last = start.ancestors().find(|dir| dir.join(".git").symlink_metadata().is_ok()).unwrap_or(start);
    let mut searched = Vec::new();
    for dir in start.ancestors() {
        searched.push(dir);
        if dir == last {
            break;
        }
    }
    searched
        .into_iter()
        .flat_map(|dir| FILE_NAMES.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}

const KEYS: [&str; 8] = ["service", "model", "include", "exclude", "severity", "files", "models", "lint"];
const RULE_KEYS: [&str; 3] = ["glob", "service", "operation"];

/// Collects problems while reading the file.
struct Reader<'a> {
    document: &'a Document,
    index: LineIndex,
    problems: Vec<(u32, u32, String)>,
}

impl<'a> Reader<'a> {
    fn problem(&mut self, span: Span, message: String) {
        let p = self.index.position(span.start);
        self.problems.push((p.line, p.column, message));
    }

    /// The entries of the mapping at `id`; else a problem `"{what}, not <type>"`.
    /// The entries borrow the document, not the reader, so problems can be
    /// added while walking them.
    fn mapping(&mut self, id: NodeId, what: &str) -> Option<Entries<'a>> {
        let node = self.document.node(id);
        match self.document.value(id) {
            Value::Object(entries) => Some(entries),
            other => {
                self.problem(node.span, format!("{what}, not {}", other.type_name()));
                None
            }
        }
    }

    /// The items of the list at `id`; else a problem `"{what}, not <type>"`.
    fn list(&mut self, id: NodeId, what: &str) -> Option<&'a [NodeId]> {
        let node = self.document.node(id);
        match self.document.value(id) {
            Value::Array(items) => Some(items),
            other => {
                self.problem(node.span, format!("{what}, not {}", other.type_name()));
                None
            }
        }
    }

    fn string(&mut self, id: NodeId, what: &str) -> Option<String> {
        match self.document.value(id) {
            Value::String(s) => Some(s.to_owned()),
            other => {
                let found = other.type_name();
                self.problem(self.document.node(id).span, format!("{what} must be a string, not {found}"));
                None
            }
        }
    }

    fn strings(&mut self, id: NodeId, what: &str) -> Vec<(String, Span)> {
        let node = self.document.node(id);
        if let Value::String(s) = self.document.value(id) {
            return vec![(s.to_owned(), node.span)];
        }
        let items = self.list(id, &format!("{what} must be a list of globs")).unwrap_or_default();
        items.iter().filter_map(|&i| self.string(i, what).map(|s| (s, self.document.node(i).span))).collect()
    }

    fn unknown_key(&mut self, key: &str, span: Span, valid: &[&str]) {
        let mut message = format!("unknown key \"{key}\"");
        if let Some(best) = closest_names(key, valid.iter().copied()).first() {
            message.push_str(&format!("; did you mean \"{best}\"?"));
        }
        message.push_str(&format!(" (valid keys: {})", valid.join(", ")));
        self.problem(span, message);
    }

    fn glob(&mut self, text: &str, span: Span) -> Option<Glob> {
        match Glob::new(text) {
            Ok(glob) => Some(glob),
            Err(e) => {
                self.problem(span, format!("invalid glob \"{text}\": {}", e.kind()));
                None
            }
        }
    }

    fn service(&mut self, id: NodeId) -> Option<String> {
        let name = self.string(id, "service")?;
        if EMBEDDED.iter().any(|m| m.name == name) {
            return Some(name);
        }
        let mut message = format!("unknown service \"{name}\"");
        if let Some(best) = closest_names(&name, EMBEDDED.iter().map(|m| m.name)).first() {
            message.push_str(&format!("; did you mean \"{best}\"?"));
        }
        message.push_str("; use `model:` for other botocore models");
        self.problem(self.document.node(id).span, message);
        None
    }
}

impl Config {
    /// Reads and checks a configuration file.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] listing every problem, each with line and column.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let fail = |message: String| ConfigError { path: path.to_owned(), problems: vec![(1, 1, message)] };
        // Only a regular file, and at most MAX_CONFIG_BYTES: `--config
        // /dev/zero` would otherwise read forever and a FIFO block forever.
        let bytes = fsread::read_regular(path, fsread::MAX_CONFIG_BYTES)
            .map_err(|e| fail(format!("cannot read the configuration: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| fail("cannot read the configuration: it is not UTF-8 text".to_owned()))?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
        let (document, problems) = doc::parse_yaml(&text, &Limits::DEFAULT).map_err(|p| {
            let pos = LineIndex::new(&text).position(p.span.start);
            ConfigError { path: path.to_owned(), problems: vec![(pos.line, pos.column, p.message)] }
        })?;
        let mut reader = Reader { document: &document, index: document.line_index(), problems: Vec::new() };
        for p in &problems {
            reader.problem(p.span, p.message.clone());
        }
        let mut config = Config {
            path: path.to_owned(),
            root,
            service: None,
            model: None,
            include: Vec::new(),
            include_set: GlobSet::empty(),
            exclude: Vec::new(),
            exclude_set: GlobSet::empty(),
            severity: Vec::new(),
            files: Vec::new(),
            files_set: GlobSet::empty(),
            models: Vec::new(),
            lint_include: Vec::new(),
            lint_include_set: GlobSet::empty(),
            lint_exclude: Vec::new(),
            lint_exclude_set: GlobSet::empty(),
            cwd: None,
            absolute_root: None,
            cwd_in_root: None,
            absolute_path: None,
        };
        config.cwd = std::env::current_dir().ok();
        config.absolute_root = absolute(&config.root, config.cwd.as_deref());
        config.absolute_path = absolute(&config.path, config.cwd.as_deref());
        config.cwd_in_root = match (&config.cwd, &config.absolute_root) {
            (Some(cwd), Some(root)) => normalize(cwd).strip_prefix(root).ok().map(Path::to_path_buf),
            _ => None,
        };
        let root_node = document.root();
        let entries = match document.value(root_node) {
            Value::Null => Entries::default(),
            _ => reader.mapping(root_node, "the configuration must be a mapping").unwrap_or_default(),
        };
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        for entry in entries {
            match entry.key {
                "service" => config.service = reader.service(entry.value),
                "model" => config.model = reader.string(entry.value, "model").map(PathBuf::from),
                "include" | "exclude" => {
                    let globs = reader.strings(entry.value, entry.key);
                    for (text, span) in globs {
                        if let Some(glob) = reader.glob(&text, span) {
                            if entry.key == "include" {
                                include.add(glob);
                                config.include.push(text);
                            } else {
                                exclude.add(glob);
                                config.exclude.push(text);
                            }
                        }
                    }
                }
                "severity" => config.severity = read_severity(&mut reader, entry.value),
                "files" => {
                    config.files = read_rules(&mut reader, entry.value);
                    let mut set = GlobSetBuilder::new();
                    for rule in &config.files {
                        set.add(rule.compiled.clone());
                    }
                    config.files_set = set.build().unwrap_or_else(|_| GlobSet::empty());
                }
                "models" => {
                    config.models = reader
                        .strings(entry.value, "models")
                        .into_iter()
                        .map(|(m, _)| PathBuf::from(m))
                        .collect();
                }
                "lint" => {
                    let entries =
                        reader.mapping(entry.value, "lint must be a mapping of include and exclude globs");
                    for lint in entries.unwrap_or_default() {
                        if lint.key != "include" && lint.key != "exclude" {
                            reader.unknown_key(lint.key, lint.key_span, &["include", "exclude"]);
                            continue;
                        }
                        let mut set = GlobSetBuilder::new();
                        let mut texts = Vec::new();
                        for (text, span) in reader.strings(lint.value, &format!("lint.{}", lint.key)) {
                            if let Some(glob) = reader.glob(&text, span) {
                                set.add(glob);
                                texts.push(text);
                            }
                        }
                        let set = set.build().unwrap_or_else(|_| GlobSet::empty());
                        if lint.key == "include" {
                            (config.lint_include, config.lint_include_set) = (texts, set);
                        } else {
                            (config.lint_exclude, config.lint_exclude_set) = (texts, set);
                        }
                    }
                }
                other => reader.unknown_key(other, entry.key_span, &KEYS),
            }
        }
        if config.service.is_some() && config.model.is_some() {
            reader.problems.push((1, 1, "give either `service` or `model`, not both".to_owned()));
        }
        config.include_set = include.build().unwrap_or_else(|_| GlobSet::empty());
        config.exclude_set = exclude.build().unwrap_or_else(|_| GlobSet::empty());
        if reader.problems.is_empty() {
            Ok(config)
        } else {
            reader.problems.sort();
            Err(ConfigError { path: path.to_owned(), problems: reader.problems })
        }
    }

    /// `path` relative to the configuration's directory, if it lies under it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        if let Some(base) = &self.cwd_in_root
            && path.is_relative()
        {
            let mut joined = base.clone();
            let plain = path.components().all(|c| match c {
                std::path::Component::CurDir => true,
                std::path::Component::Normal(name) => {
                    joined.push(name);
                    true
                }
                _ => false,
            });
            if plain {
                return Some(joined);
            }
        }
        let absolute = absolute(path, self.cwd.as_deref())?;
        absolute.strip_prefix(self.absolute_root.as_deref()?).ok().map(Path::to_path_buf)
    }

    /// `path` relative to the configuration's directory, if it lies under
    /// it (for matching `include`).
    #[must_use]
    pub fn relative_path(&self, path: &Path) -> Option<PathBuf> {
        self.relative(path)
    }

    /// Whether `path` is the configuration file itself (never a request).
    #[must_use]
    pub fn is_self(&self, path: &Path) -> bool {
        // Most files are told apart by name, without making paths absolute.
        path.file_name() == self.path.file_name()
            && self.absolute_path.is_some()
            && absolute(path, self.cwd.as_deref()) == self.absolute_path
    }

    /// Whether `exclude` matches `path`.
    #[must_use]
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|p| self.is_excluded_relative(&p))
    }

    /// Whether `exclude` matches a path already made relative to the root
    /// ([`Config::relative_path`]).
    #[must_use]
    pub fn is_excluded_relative(&self, relative: &Path) -> bool {
        self.exclude_set.is_match(relative)
    }

    /// Whether `lint` reads `path` when walking: `lint.include` (when set)
    /// matches it and `lint.exclude` does not.
    #[must_use]
    pub fn is_linted(&self, path: &Path) -> bool {
        let Some(relative) = self.relative(path) else { return self.lint_include.is_empty() };
        (self.lint_include.is_empty() || self.lint_include_set.is_match(&relative))
            && !self.lint_exclude_set.is_match(&relative)
    }

    /// Whether `include` matches `path` (relative to the root).
    #[must_use]
    pub fn is_included(&self, relative: &Path) -> bool {
        self.include_set.is_match(relative) && !self.exclude_set.is_match(relative)
    }

    /// The first `files` rule matching `path`.
    #[must_use]
    pub fn rule_for(&self, path: &Path) -> Option<&FileRule> {
        if self.files.is_empty() {
            return None;
        }
        self.rule_for_relative(&self.relative(path)?)
    }

    /// The first `files` rule matching a path already made relative to the
    /// root ([`Config::relative_path`]).
    #[must_use]
    pub fn rule_for_relative(&self, relative: &Path) -> Option<&FileRule> {
        if self.files.is_empty() {
            return None;
        }
        // One pass of the combined set, not one match per rule: a
        // repository may have a rule per operation (hundreds), and every
        // file was matched against each in turn.
        let first = *self.files_set.matches(relative).first()?;
        self.files.get(first)
    }

    /// The level configured for `code`, if any.
    #[must_use]
    pub fn level(&self, code: Code) -> Option<Level> {
        self.severity.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }

    /// The model path, resolved against the configuration's directory.
    #[must_use]
    pub fn model_path(&self) -> Option<PathBuf> {
        self.model.as_ref().map(|m| if m.is_absolute() { m.clone() } else { self.root.join(m) })
    }
}

/// `path` made absolute against `cwd`, lexically normalised.
fn absolute(path: &Path, cwd: Option<&Path>) -> Option<PathBuf> {
    let joined = if path.is_absolute() { path.to_path_buf() } else { cwd?.join(path) };
    Some(normalize(&joined))
}

/// Removes `.` and resolves `..` lexically (no symlink resolution, so the
/// path stays as the user wrote it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn read_severity(reader: &mut Reader<'_>, id: NodeId) -> Vec<(Code, Level)> {
    let what = "severity must be a mapping of codes to error, warning or off";
    let entries = reader.mapping(id, what).unwrap_or_default();
    let mut out = Vec::new();
    for entry in entries {
        let Some(code) = Code::parse(entry.key) else {
            let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let mut message = format!("unknown code \"{}\"", entry.key);
            if let Some(best) = closest_names(entry.key, codes.iter().copied()).first() {
                message.push_str(&format!("; did you mean \"{best}\"?"));
            }
            message.push_str(&format!(" (codes: {})", codes.join(", ")));
            reader.problem(entry.key_span, message);
            continue;
        };
        let Some(text) = reader.string(entry.value, "a severity") else { continue };
        let Some(level) = Levels::parse_level(&text) else {
            let span = reader.document.node(entry.value).span;
            reader.problem(span, format!("severity \"{text}\" must be error, warning or off"));
            continue;
        };
        out.push((code, level));
    }
    out
}

fn read_rules(reader: &mut Reader<'_>, id: NodeId) -> Vec<FileRule> {
    let items =
        reader.list(id, "files must be a list of {glob, service, operation} entries").unwrap_or_default();
    let mut rules = Vec::new();
    for &item in items {
        let span = reader.document.node(item).span;
        let Some(entries) = reader.document.entries(item) else {
            reader.problem(
                span,
                "each files entry must be a mapping with glob and operation or service".into(),
            );
            continue;
        };
        let (mut glob, mut service, mut operation) = (None, None, None);
        for entry in entries {
            match entry.key {
                "glob" => {
                    if let Some(text) = reader.string(entry.value, "glob") {
                        let span = reader.document.node(entry.value).span;
                        glob = reader.glob(&text, span).map(|g| (text, g));
                    }
                }
                "service" => service = reader.service(entry.value),
                "operation" => operation = reader.string(entry.value, "operation"),
                other => reader.unknown_key(other, entry.key_span, &RULE_KEYS),
            }
        }
        let line = reader.index.position(span.start).line;
        match glob {
            Some((text, glob)) => {
                if service.is_none() && operation.is_none() {
                    reader.problem(
                        span,
                        format!("the files entry for \"{text}\" sets neither service nor operation"),
                    );
                }
                rules.push(FileRule { glob: text, compiled: glob, service, operation, line });
            }
            None if !reader.problems.iter().any(|(l, _, _)| *l == line) => {
                reader.problem(span, "a files entry needs a glob".into());
            }
            None => {}
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // One file per call: tests run in parallel, and two texts sharing a
        // file would race (one test reading the other's, or a half-written one).
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("chime-shape-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.yaml", N.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let base = std::env::temp_dir().join(format!("chime-shape-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let repo = base.join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("a/b")).unwrap();
        std::fs::write(base.join(".chime-shape.yaml"), "service: chime\n").unwrap();
        assert_eq!(discover(&repo.join("a/b")), None);
        std::fs::write(repo.join(".chime-shape.yml"), "service: chime\n").unwrap();
        assert_eq!(discover(&repo.join("a/b")), Some(repo.join(".chime-shape.yml")));
        // Outside a repository: the start directory only.
        std::fs::create_dir_all(base.join("plain/sub")).unwrap();
        if !base.ancestors().any(|d| d.join(".git").exists()) {
            assert_eq!(discover(&base.join("plain/sub")), None);
        }
        assert_eq!(discover(&base), Some(base.join(".chime-shape.yaml")));
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let err = Config::load(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(err.starts_with("/dev/zero:1:1: cannot read the configuration"), "{err}");
    }

    #[test]
    fn reads_a_full_configuration() {
        let config = load(
            "service: chime-sdk-meetings\ninclude: [\"requests/**/*.json\"]\nexclude: drafts/**\n\
             severity:\n  pattern: warning\n  enum: off\nfiles:\n  - glob: \"m/*.json\"\n    operation: create-meeting\n",
        )
        .unwrap();
        assert_eq!(config.service.as_deref(), Some("chime-sdk-meetings"));
        assert_eq!(
            config.level(Code::Pattern),
            Some(Level::Report(crate::report::diagnostic::Severity::Warning))
        );
        assert_eq!(config.level(Code::Enum), Some(Level::Off));
        assert!(config.is_included(Path::new("requests/a/b.json")));
        assert!(!config.is_included(Path::new("drafts/b.json")));
        assert_eq!(config.files[0].operation.as_deref(), Some("create-meeting"));
    }

    #[test]
    fn reports_every_problem_with_its_position() {
        let err = load("servce: chime\nseverity:\n  enumm: warning\n  type: loud\nfiles:\n  - glob: \"[\"\n    operation: x\n  - operation: y\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains(":1:1: unknown key \"servce\"; did you mean \"service\"?"), "{text}");
        assert!(text.contains(":3:3: unknown code \"enumm\"; did you mean \"enum\"?"), "{text}");
        assert!(text.contains(":4:9: severity \"loud\" must be error, warning or off"), "{text}");
        assert!(text.contains(":6:11: invalid glob \"[\""), "{text}");
        assert!(text.contains(":8:5: a files entry needs a glob"), "{text}");
        let err = load("service: [1\n").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        let err = load("service: chime-sdk-voyce\n").unwrap_err().to_string();
        assert!(err.contains("did you mean \"chime-sdk-voice\""), "{err}");
    }
}
