//! One file's `aws` commands checked: the same argument engine as `parse`
//! ([`cliargs::check_arguments`]), the same validator, every finding
//! placed on the word of the script that causes it, with its fix where
//! there is one right edit of the word (`mend.rs`).

use std::path::{Path, PathBuf};

use crate::cliargs::{self, ArgError, Checked, Environment, Origin, ParsedRequest, Secrecy};
use crate::doc::{LineIndex, Span};
use crate::guard::fsread;
use crate::model::{Model, Operation, closest_names};
use crate::report::Finding;
use crate::report::diagnostic::{Code, Diagnostic};
use crate::script::Word;
use crate::validate::Validator;

use super::head::{Head, head};
use super::mend::{self, Mender};
use super::place;
use super::{Command, Services};

/// What a run's commands are checked with.
#[derive(Debug)]
pub struct LintContext<'a> {
    /// The models of the services the files name.
    pub services: &'a Services,
    /// One validator per model of `services`, by service name.
    pub validators: &'a [(&'a str, Validator<'a>)],
    /// The repository root: relative `file://` paths not found next to the
    /// script are looked for here.
    pub root: PathBuf,
}

/// The findings of one file.
#[derive(Debug, Default)]
pub struct Linted {
    /// The findings, in file order.
    pub findings: Vec<Finding>,
    /// Byte ranges of words that hold (or may hold) a sensitive value:
    /// masked wherever the script's text is shown.
    pub sensitive: Vec<Span>,
    /// Commands not checked, each as `LINE:COLUMN: aws SERVICE …: why`.
    pub skipped: Vec<String>,
    /// Commands checked.
    pub checked: usize,
}

/// Checks `commands`, found in `text` (the file at `path`).
#[must_use]
pub fn check_commands(context: &LintContext<'_>, path: &Path, text: &str, commands: &[Command]) -> Linted {
    let index = LineIndex::new(text);
    let script_dir = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let script_dir = if script_dir.as_os_str().is_empty() { PathBuf::from(".") } else { script_dir };
    let env = ScriptEnvironment::new(script_dir, &context.root);
    let check = |commands: &[Command]| {
        let mut linted = Linted::default();
        for command in commands {
            let mut one =
                One { index: &index, text, command, env: &env, linted: &mut linted, name: String::new() };
            one.check(context);
        }
        linted
    };
    // A long script's commands on all cores, in runs long enough to be
    // worth a thread.
    let runs: Vec<&[Command]> = commands.chunks(256).collect();
    let parts = crate::parallel::map(&runs, |run| check(run));
    let mut linted = Linted::default();
    for part in parts {
        linted.findings.extend(part.findings);
        linted.sensitive.extend(part.sensitive);
        linted.skipped.extend(part.skipped);
        linted.checked += part.checked;
    }
    linted.findings.sort_by_key(|f| (f.line, f.column));
    linted.sensitive.sort();
    linted
}

/// The state of checking one command.
struct One<'a> {
    index: &'a LineIndex,
    /// The file's text: fixes are edits of it.
    text: &'a str,
    command: &'a Command,
    env: &'a ScriptEnvironment,
    linted: &'a mut Linted,
    /// `aws SERVICE OPERATION`, for findings.
    name: String,
}

impl One<'_> {
    fn check(&mut self, context: &LintContext<'_>) {
        let (service, operation_word, args) = match head(self.command) {
            Head::NotAnOperation => return,
            Head::Unknown(why) => {
                self.skip(&format!("aws …: {why}"));
                return;
            }
            Head::Call { service, operation_word, args, .. } => (service, operation_word, args),
        };
        let Some(operation_name) = self.word(operation_word).and_then(|w| w.value.clone()) else { return };
        self.name = format!("aws {service} {operation_name}");
        let (Some(model), Some(validator)) = (
            context.services.get(&service),
            context.validators.iter().find(|(s, _)| *s == service).map(|(_, v)| v),
        ) else {
            let why = context.services.failure(&service).map_or_else(
                || {
                    "no model for this service (name one with --model or `models:` in .chime-shape.yaml)"
                        .to_owned()
                },
                |e| format!("its model could not be loaded: {e}"),
            );
            self.skip(&format!("{}: {why}", self.name));
            return;
        };
        self.linted.checked += 1;
        let Some(operation) = model.operations().find(|o| o.cli_name == operation_name) else {
            self.unknown_operation(model, &service, &operation_name, operation_word);
            return;
        };
        self.check_call(model, validator, operation, &args, operation_word);
    }

    fn word(&self, i: usize) -> Option<&Word> {
        self.command.words.get(i)
    }

    fn skip(&mut self, what: &str) {
        let at = self.index.position(offset32(self.command.aws.span.start));
        self.linted.skipped.push(format!("{}:{}: {what}", at.line, at.column));
    }

    fn unknown_operation(&mut self, model: &Model, service: &str, name: &str, word: usize) {
        let names = model.operations().map(|o| o.cli_name.as_str());
        let message = match model.find_operation(name) {
            // `UpdateUser`: the model's name, not the CLI's.
            Some(op) => {
                format!("`aws {service}` has no operation `{name}`; the AWS CLI spells it `{}`", op.cli_name)
            }
            None => {
                let mut message = format!("`aws {service}` has no operation `{name}`");
                if let Some(best) = closest_names(name, names).into_iter().next() {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
                message
            }
        };
        let span = self.word(word).map_or(0..0, |w| w.span.clone());
        self.push(Code::UnknownOperation, "", span, message);
    }

    fn check_call(
        &mut self,
        model: &Model,
        validator: &Validator<'_>,
        operation: &Operation,
        args: &[usize],
        operation_word: usize,
    ) {
        // The words the operation's parser reads, in its order; a
        // `file://` value whose file is not found becomes unknown (with a
        // note), so that the rest is still checked.
        let command = self.command;
        let words: Vec<&Word> = args.iter().filter_map(|&i| command.words.get(i)).collect();
        let mut values: Vec<Option<String>> = Vec::with_capacity(words.len());
        for word in &words {
            let value = match &word.value {
                Some(v) if self.env.missing_file(v) => {
                    let path = v.split_once("://").map_or(v.as_str(), |(_, p)| p).to_owned();
                    self.push(
                        Code::FileNotFound,
                        "",
                        word.span.clone(),
                        format!(
                            "{} is not found next to the script or at the repository root (files outside the \
                             repository are not read); its content is not checked",
                            crate::guard::sanitize::clip(&path, 200)
                        ),
                    );
                    None
                }
                other => other.clone(),
            };
            values.push(value);
        }
        // `xargs aws … --option`: what xargs appends is a word (or more)
        // known only at run time.
        if self.command.open {
            values.push(None);
        }
        let checked = cliargs::check_arguments(model, operation, &values, self.command.open, self.env);
        let masked = self.linted.sensitive.len();
        self.mask(model, operation, &words);
        let sensitive = self.linted.sensitive.get(masked..).unwrap_or_default().to_vec();
        self.repeated(&words, &checked);
        let operation_span = command.words.get(operation_word).map_or(0..0, |w| w.span.clone());
        let mender = Mender {
            model,
            operation,
            validator,
            env: self.env,
            file: self.text,
            words: &words,
            values: &values,
            open: self.command.open,
            sensitive: &sensitive,
            budget: std::cell::Cell::new(mend::RECHECK_BYTES),
        };
        match &checked.outcome {
            Err(ArgError::SkeletonRequested { .. }) => {}
            Err(error) => {
                let (code, span) = place::error(error, &words, &checked, operation_span);
                let mut finding = self.finding(code, "", span, error.to_string());
                if code == Code::UnknownOption {
                    finding.fix = mender.option_fix(error, &checked);
                }
                self.add(finding);
            }
            Ok(request) => self.validate(&mender, request, &checked, operation_span),
        }
    }

    fn validate(
        &mut self,
        mender: &Mender<'_>,
        request: &ParsedRequest,
        checked: &Checked,
        operation_span: std::ops::Range<usize>,
    ) {
        let Some(document) = request.params.to_document() else { return };
        let input = request.input_document.as_ref().and_then(cliargs::InputSource::parse);
        let found = mender.validator.validate(mender.operation, &document);
        for d in &found {
            if forgiven(d, checked) {
                continue;
            }
            let span = place::diagnostic(d, request, checked, mender.words)
                .unwrap_or_else(|| operation_span.clone());
            let mut message = d.message.clone();
            // A finding inside a --cli-input-json file: say where in it.
            if let Some(input) = &input
                && request.input_document.as_ref().is_some_and(|i| i.path.is_some())
                && matches!(origin_of(d, request), Some(Origin::InputDocument))
            {
                let at = cliargs::locate(d, request, Some(input));
                message.push_str(&format!(" (in {})", crate::guard::sanitize::clip(&at, 200)));
            }
            let mut finding = self.finding(d.code, &d.pointer, span, message);
            finding.severity = d.severity;
            if d.fix.is_some() {
                finding.fix = mender.value_fix(d, &document, request, checked, &found);
            }
            self.add(finding);
        }
    }

    /// Options given more than once: the CLI keeps the last without a word.
    fn repeated(&mut self, words: &[&Word], checked: &Checked) {
        for (placed, message) in checked.repeated() {
            let span = words.get(placed.index).map_or(0..0, |w| w.span.clone());
            self.push(Code::RepeatedOption, &format!("/{}", placed.member), span, message);
        }
    }

    /// Masks the words that hold, or may hold, a sensitive value: the
    /// values of options whose text may (see [`Secrecy`]), and the words
    /// after an option the operation does not have, which may be values of
    /// a misspelt sensitive option. Read from the words alone, not from
    /// the parse, so that it holds whatever the parse stopped at.
    fn mask(&mut self, model: &Model, operation: &Operation, words: &[&Word]) {
        let table = cliargs::argument_table(model, operation);
        let mut current: Option<Secrecy> = None;
        for word in words {
            let Some(value) = word.value.as_deref() else {
                current = None;
                continue;
            };
            if value.starts_with("--") {
                let (name, inline) = match value.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (value, None),
                };
                let secrecy = option_secrecy(model, operation, &table, name);
                if let (Some(inline), Some(secrecy)) = (inline, &secrecy)
                    && secrecy.hides(inline)
                {
                    // The value after `=`, not the option's name: the name
                    // is no secret (an unknown option's message shows it),
                    // and a fix may rename it.
                    let start = word.source_offset(value.len() - inline.len()).max(word.span.start);
                    self.linted.sensitive.push(span32(&(start..word.span.end)));
                }
                current = secrecy;
                continue;
            }
            if current.as_ref().is_some_and(|s| s.hides(value)) {
                self.linted.sensitive.push(span32(&word.span));
            }
        }
    }

    fn finding(&self, code: Code, pointer: &str, span: std::ops::Range<usize>, message: String) -> Finding {
        let start = self.index.position(offset32(span.start));
        let end = self.index.position(offset32(span.end.max(span.start)));
        Finding {
            severity: code.default_severity(),
            code,
            path: pointer.to_owned(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message,
            command: Some(self.name.clone()),
            fix: None,
            offset: offset32(span.start),
            length: offset32(span.end.saturating_sub(span.start)),
        }
    }

    fn push(&mut self, code: Code, pointer: &str, span: std::ops::Range<usize>, message: String) {
        let finding = self.finding(code, pointer, span, message);
        self.add(finding);
    }

    fn add(&mut self, finding: Finding) {
        self.linted.findings.push(finding);
    }
}

/// What may be quoted of the values of the option spelt `name`: the
/// option's own secrecy (a unique prefix counts, as argparse takes it),
/// the input document's for `--cli-input-json/yaml`, nothing to hide for
/// the CLI's global options, and everything to hide for an option the
/// operation does not have.
fn option_secrecy(
    model: &Model,
    operation: &Operation,
    table: &[cliargs::ArgSpec<'_>],
    name: &str,
) -> Option<Secrecy> {
    if let Some(spec) = table.iter().find(|s| s.option == name) {
        return Some(Secrecy::of(model, spec.member));
    }
    if name.starts_with("--cli-input-") {
        return Some(Secrecy::of_input(model, operation));
    }
    if cliargs::GLOBAL_OPTIONS.iter().any(|(g, _)| *g == name) || name == "--generate-cli-skeleton" {
        return None;
    }
    let mut prefixed = table.iter().filter(|s| name.len() > 2 && s.option.starts_with(name));
    match (prefixed.next(), prefixed.next()) {
        (Some(spec), None) => Some(Secrecy::of(model, spec.member)),
        _ => Some(Secrecy::always()),
    }
}

/// A finding the request cannot be blamed for: a member missing because
/// its value is known only at run time, or any top-level member when the
/// input document is, or when words known only at run time may add
/// options.
fn forgiven(d: &Diagnostic, checked: &Checked) -> bool {
    if d.code != Code::Required || !d.pointer.is_empty() {
        return false;
    }
    checked.unknown_input
        || checked.open
        || checked.unknown_members.iter().any(|m| d.message == format!("missing required member \"{m}\""))
}

/// Where the top-level member a diagnostic is about came from.
fn origin_of<'r>(d: &Diagnostic, request: &'r ParsedRequest) -> Option<&'r Origin> {
    let first = d.pointer.split('/').nth(1).and_then(crate::doc::unescape_pointer_token)?;
    request.origins.iter().find(|(k, _)| *k == first).map(|(_, o)| o)
}

fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

fn span32(range: &std::ops::Range<usize>) -> Span {
    Span::new(offset32(range.start), offset32(range.end))
}

/// Files and variables as a script sees them: relative `file://` paths are
/// looked for next to the script, then at the repository root; no
/// environment variable is known (the script's are not ours). Only files
/// inside the script's folder or the repository are read, symbolic links
/// resolved: a script is
/// untrusted input, and `file:///proc/self/environ` or
/// `file://../../.aws/credentials` must not put the linting machine's
/// secrets into a report.
#[derive(Debug)]
struct ScriptEnvironment {
    dirs: [PathBuf; 2],
    /// The folders files may be read from, resolved: the script's and the
    /// repository root.
    allowed: Vec<PathBuf>,
}

impl ScriptEnvironment {
    fn new(script_dir: PathBuf, root: &Path) -> ScriptEnvironment {
        let allowed =
            [script_dir.as_path(), root].iter().filter_map(|d| std::fs::canonicalize(d).ok()).collect();
        ScriptEnvironment { allowed, dirs: [script_dir, root.to_path_buf()] }
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let inside = |p: &Path| {
            std::fs::canonicalize(p).ok().filter(|real| self.allowed.iter().any(|a| real.starts_with(a)))
        };
        if path.is_absolute() {
            return inside(path);
        }
        self.dirs.iter().find_map(|d| inside(&d.join(path)))
    }

    /// `file://PATH` or `fileb://PATH` whose file is not found (inside the
    /// repository).
    fn missing_file(&self, value: &str) -> bool {
        let path = value.strip_prefix("file://").or_else(|| value.strip_prefix("fileb://"));
        path.is_some_and(|p| self.resolve(Path::new(p)).is_none())
    }
}

impl Environment for ScriptEnvironment {
    fn read_file(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.resolve(path) {
            Some(found) => fsread::read_regular(&found, fsread::MAX_PARAMETER_FILE_BYTES),
            None => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not found")),
        }
    }

    fn var(&self, _name: &str) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::lint::{ModelSearch, Services};
    use crate::script::{Invocation, OffsetMap};

    /// The command in `line`, split at spaces; `$…` words are unknown.
    fn command(line: &str) -> Command {
        let mut words = Vec::new();
        let mut at = 0;
        for part in line.split(' ') {
            let word = if part.starts_with('$') {
                Word { span: at..at + part.len(), value: None, map: OffsetMap::new() }
            } else {
                Word::literal(part, at)
            };
            words.push(word);
            at += part.len() + 1;
        }
        let aws = words.remove(0);
        Invocation { aws, words, open: false }
    }

    fn lint(line: &str) -> Vec<(Code, u32, String)> {
        let needed: BTreeSet<String> = ["chime".to_owned()].into();
        let services = Services::load(&needed, &ModelSearch::default()).unwrap_or_default();
        let validators: Vec<(&str, Validator<'_>)> =
            services.iter().map(|(s, m)| (s, Validator::new(m))).collect();
        let context = LintContext { services: &services, validators: &validators, root: PathBuf::from(".") };
        let linted = check_commands(&context, Path::new("x.sh"), line, &[command(line)]);
        linted.findings.into_iter().map(|f| (f.code, f.column, f.message)).collect()
    }

    fn codes(line: &str) -> Vec<(Code, u32)> {
        lint(line).into_iter().map(|(c, col, _)| (c, col)).collect()
    }

    #[test]
    fn a_valid_command_has_no_findings() {
        assert_eq!(codes("aws chime update-user --account-id a --user-id u --license-type Pro"), []);
    }

    #[test]
    fn findings_point_at_the_word() {
        let line = "aws chime update-user --account-id a --user-id u --license-type Platinum";
        assert_eq!(codes(line), [(Code::Enum, 65)]);
        assert_eq!(codes("aws chime update-usr --account-id a"), [(Code::UnknownOperation, 11)]);
        let found = lint("aws chime UpdateUser");
        assert!(found[0].2.contains("`update-user`"), "{found:?}");
        assert_eq!(
            codes("aws chime update-user --account-id a --licence-type Pro"),
            [(Code::UnknownOption, 38)]
        );
        assert_eq!(codes("aws chime update-user --account-id a"), [(Code::MissingOption, 11)]);
    }

    #[test]
    fn unknown_values_are_not_checked_but_options_are() {
        assert_eq!(lint("aws chime update-user --account-id $A --user-id $U --license-type $T"), []);
        assert_eq!(
            codes("aws chime update-user --account-id $A --license-type $T"),
            [(Code::MissingOption, 11)]
        );
        assert_eq!(codes("aws chime update-user --account-id a $REST"), []);
        assert_eq!(
            codes("aws chime update-user --account-id a $REST --lisence-type x"),
            [(Code::UnknownOption, 44)]
        );
    }

    #[test]
    fn repeated_options_warn_at_the_second() {
        let found = codes("aws chime update-user --account-id a --user-id u --user-id v");
        assert_eq!(found, [(Code::RepeatedOption, 50)]);
    }

    #[test]
    fn shorthand_errors_point_at_the_character() {
        // `--membership-item-list` of batch-create-room-membership.
        let line = "aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list MemberId=1,Role=";
        let found = lint(line);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::Enum);
        let line = "aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list MemberId=1,Role=Boss";
        assert_eq!(codes(line), [(Code::Enum, 106)]);
        let line = "aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list MemberId=[1";
        assert_eq!(codes(line)[0].0, Code::Shorthand);
    }

    #[test]
    fn other_services_are_skipped() {
        let needed = BTreeSet::new();
        let services = Services::load(&needed, &ModelSearch::default()).unwrap_or_default();
        let context = LintContext { services: &services, validators: &[], root: PathBuf::from(".") };
        let line = "aws ec2 describe-instances";
        let linted = check_commands(&context, Path::new("x.sh"), line, &[command(line)]);
        assert!(linted.findings.is_empty());
        assert_eq!(linted.skipped.len(), 1, "{:?}", linted.skipped);
    }
}
