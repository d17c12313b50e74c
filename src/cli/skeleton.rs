//! `chime-shape skeleton`: the AWS CLI's skeletons, and request skeletons
//! filled with example values, an argument list's values or a response's
//! members (issue 18).
//!
//! Exit status: 0 when the skeleton is printed (warnings and notes
//! allowed: a value the skeleton cannot make valid, a response value the
//! request would refuse — a skeleton is a draft to edit); 1 when an
//! argument's value is invalid, as `parse` exits; 2 for usage errors and
//! unreadable files or models.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chime_shape::cliargs::{self, InputSource, SystemEnvironment};
use chime_shape::doc::{Document, Limits};
use chime_shape::guard::{fsread, sanitize};
use chime_shape::model::{Member, Model, Operation};
use chime_shape::python::value::Value;
use chime_shape::report::{self, diagnostic::Code, diagnostic::Severity};
use chime_shape::skeleton::{self, Mode, example, fill};
use chime_shape::validate::Validator;
use chime_shape::validate::file::InputFormat;

use super::args::{Cli, SkeletonArgs, SkeletonMode};
use super::{
    Failure, exit_without_drop, load_model, print_error, print_note, print_warning, use_color, write_stderr,
};

/// The skeleton's own options, also recognised among the AWS CLI
/// arguments when the operation has no option of that name (so that
/// `skeleton input update-user --account-id a1 --example` works too).
const OWN_FLAGS: [&str; 4] = ["--example", "--required-only", "--show-sensitive", "--from"];

/// What to fill the skeleton with.
struct Request {
    example: bool,
    required_only: bool,
    show_sensitive: bool,
    from: Option<String>,
    args: Vec<String>,
}

pub(crate) fn run(cli: &Cli, args: &SkeletonArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let mode = match args.mode {
        SkeletonMode::Input => Mode::Input,
        SkeletonMode::YamlInput => Mode::YamlInput,
        SkeletonMode::Output => Mode::Output,
    };
    let model = load_model(cli, mode == Mode::YamlInput)?;
    let op = model.operation(&args.operation)?;
    let request = own_flags(&model, op, args);
    let plain = !request.example
        && !request.required_only
        && !request.show_sensitive
        && request.from.is_none()
        && request.args.is_empty();
    if plain {
        let text = skeleton::try_render(&model, op, mode).map_err(|e| Failure::Usage(e.to_string()))?;
        out.write_all(text.as_bytes())?;
        out.flush()?;
        exit_without_drop(model);
        return Ok(ExitCode::SUCCESS);
    }
    if mode == Mode::Output {
        return Err(Failure::Usage(
            "--example, --required-only, --from, --show-sensitive and AWS CLI arguments fill a request \
             skeleton: use them with `input` or `yaml-input`"
                .into(),
        ));
    }
    let verdict = filled(cli, &model, op, mode, &request, out)?;
    exit_without_drop(model);
    Ok(verdict)
}

/// The options of `args`, with those of them that stand among the AWS CLI
/// arguments (and are no option of the operation) moved out.
fn own_flags(model: &Model, op: &Operation, args: &SkeletonArgs) -> Request {
    // Made only when one of the skeleton's own options is among the
    // arguments: a plain skeleton needs no argument table.
    let table = std::cell::OnceCell::new();
    let theirs = |word: &str| {
        table.get_or_init(|| cliargs::argument_table(model, op)).iter().any(|spec| spec.option == word)
    };
    let mut request = Request {
        example: args.example,
        required_only: args.required_only,
        show_sensitive: args.show_sensitive,
        from: args.from.as_ref().map(|p| p.to_string_lossy().into_owned()),
        args: Vec::new(),
    };
    let mut words = args.args.iter();
    while let Some(word) = words.next() {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (word.as_str(), None),
        };
        if !OWN_FLAGS.contains(&name) || theirs(name) {
            request.args.push(word.clone());
            continue;
        }
        match name {
            "--example" => request.example = true,
            "--required-only" => request.required_only = true,
            "--show-sensitive" => request.show_sensitive = true,
            _ => request.from = inline.map(str::to_owned).or_else(|| words.next().cloned()),
        }
    }
    request
}

/// Prints the filled skeleton; the exit code.
fn filled(
    cli: &Cli,
    model: &Model,
    op: &Operation,
    mode: Mode,
    request: &Request,
    out: &mut impl Write,
) -> Result<ExitCode, Failure> {
    let Some(input) = &op.input else {
        // The arguments are still the CLI's to refuse (`--bogus x`).
        if !request.args.is_empty() {
            let words: Vec<Option<String>> = request.args.iter().cloned().map(Some).collect();
            if let Err(error) = cliargs::check_arguments(model, op, &words, true, &SystemEnvironment).outcome
            {
                print_error(&error.to_string());
                return Err(Failure::Exit(error.exit_code()));
            }
        }
        if !request.args.is_empty() || request.from.is_some() {
            print_note(&format!("{} takes no input: nothing to fill", op.cli_name));
        }
        out.write_all(b"{}\n")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    };
    let validator = Validator::new(model);
    let color = use_color(cli.global.color, std::io::stderr().is_terminal());
    let mut findings = Vec::new();
    let mut given = Value::Map(Vec::new());
    // botocore's documented example, where the model file has one beside
    // it and it is valid: real values before made-up ones.
    let mut documented = false;
    // (A response given with --from replaces it: its members are the
    // user's request.)
    if request.example
        && request.from.is_none()
        && let Some(model_file) = &cli.global.model
    {
        for example in skeleton::documented::inputs(model_file, &op.name) {
            let Ok((document, problems)) =
                chime_shape::doc::parse_json(&example.to_string(), &Limits::DEFAULT)
            else {
                continue;
            };
            if !problems.is_empty() || !validator.validate(op, &document).is_empty() {
                continue;
            }
            let taken = fill::take(model, input, &Value::from_document(&document, document.root()));
            if let Some(value) = taken.value {
                given = value;
                documented = true;
                break;
            }
        }
    }
    if let Some(from) = &request.from {
        given = from_response(cli, &validator, op, input, from, color, &mut findings)?;
    }
    let mut invalid = false;
    if !request.args.is_empty() {
        let words: Vec<Option<String>> = request.args.iter().cloned().map(Some).collect();
        // As with `--generate-cli-skeleton`, no option is required.
        let checked = cliargs::check_arguments(model, op, &words, true, &SystemEnvironment);
        if !cli.global.quiet {
            for (_, message) in checked.repeated() {
                print_warning(&message);
            }
        }
        let parsed = match checked.outcome {
            Ok(parsed) => parsed,
            Err(error) => {
                print_error(&error.to_string());
                return Err(Failure::Exit(error.exit_code()));
            }
        };
        if let Some(document) = parsed.params.to_document() {
            let source = parsed.input_document.as_ref().and_then(InputSource::parse);
            for d in validator.validate(op, &document) {
                // The skeleton supplies every member the request lacks.
                if d.code == Code::Required {
                    continue;
                }
                invalid |= d.severity == Severity::Error;
                let location = sanitize::escape(&cliargs::locate(&d, &parsed, source.as_ref())).into_owned();
                findings
                    .push(report::finding_line(&location, d.severity, d.code, &d.message, &d.pointer, color));
            }
        }
        // An option replaces the whole member, as it does over
        // --cli-input-json.
        if let Value::Map(entries) = parsed.params {
            for (key, value) in entries {
                given.insert(key, value);
            }
        }
    }
    // A documented example is the request the documentation shows: only
    // the members it leaves out that the request needs are added.
    let options =
        example::Options { example: request.example, required_only: request.required_only || documented };
    // A documented example's values are botocore's, not the user's: shown
    // like made-up ones, unless arguments or a response were laid over it.
    let shown = request.show_sensitive || (documented && request.from.is_none() && request.args.is_empty());
    let (node, filling) = fill::overlay(model, input, options, &given, shown);
    let text = skeleton::render_node(&node, mode);
    for warning in &filling.warnings {
        print_warning(&format!("{}: {}", shown_pointer(&warning.pointer), warning.message));
    }
    if !filling.masked.is_empty() && !cli.global.quiet {
        print_note(&format!(
            "not printed, being sensitive: {} (the skeleton's value stands in; --show-sensitive prints them)",
            listed(&filling.masked)
        ));
    }
    let verdict = u8::from(invalid);
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    for finding in &findings {
        write_stderr(&format!("{finding}\n"));
    }
    match written {
        Ok(()) => Ok(ExitCode::from(verdict)),
        Err(error) => Err(Failure::Write { error, verdict }),
    }
}

/// The members of the response at `from` that the input has, with notes
/// for the rest and warnings for values the request would refuse.
fn from_response(
    cli: &Cli,
    validator: &Validator<'_>,
    op: &Operation,
    input: &Member,
    from: &str,
    color: bool,
    findings: &mut Vec<String>,
) -> Result<Value, Failure> {
    let limits = Limits::DEFAULT;
    let max = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX);
    let (bytes, format) = if from == "-" {
        let bytes = fsread::read_capped(std::io::stdin().lock(), max, 0);
        (bytes, InputFormat::Detect)
    } else {
        (fsread::read_regular(Path::new(from), max), InputFormat::from_path(Path::new(from)))
    };
    let shown = sanitize::escape(from).into_owned();
    let bytes = bytes.map_err(|e| Failure::Usage(format!("--from {shown}: cannot read: {e}")))?;
    let document = match chime_shape::doc::parse_bytes(&bytes, format.resolve(&bytes), &limits) {
        Ok((document, _)) => document,
        Err(problem) => {
            let place = match std::str::from_utf8(&bytes) {
                Ok(text) => {
                    let position = chime_shape::doc::LineIndex::new(text).position(problem.span.start);
                    format!("{shown}:{}:{}", position.line, position.column)
                }
                Err(_) => shown.clone(),
            };
            return Err(Failure::Usage(format!("--from {place}: {}", problem.redacted_message())));
        }
    };
    let response = Value::from_document(&document, document.root());
    let taken = fill::take(validator.model(), input, &response);
    if !cli.global.quiet {
        if !taken.unknown.is_empty() {
            print_note(&format!(
                "--from {shown}: left out, not members of {}'s input: {}",
                op.cli_name,
                listed(&taken.unknown)
            ));
        }
        for (pointer, expected) in &taken.mistyped {
            print_note(&format!("--from {shown}: left out {}: expected {expected}", shown_pointer(pointer)));
        }
    }
    let value = taken.value.unwrap_or(Value::Map(Vec::new()));
    if let Some(request) = value.to_document() {
        for d in validator.validate(op, &request) {
            // Members the response lacks are the skeleton's to supply.
            if d.code == Code::Required {
                continue;
            }
            let full = format!("{}{}", taken.root, d.pointer);
            let place = position(&document, &full)
                .map_or_else(|| shown.clone(), |(line, column)| format!("{shown}:{line}:{column}"));
            // A warning: the skeleton is a draft, and a response's value
            // that the request refuses is the user's to change.
            findings.push(report::finding_line(&place, Severity::Warning, d.code, &d.message, &full, color));
        }
    }
    Ok(value)
}

/// Line and column of the value at `pointer` in `document`.
fn position(document: &Document, pointer: &str) -> Option<(u32, u32)> {
    let id = document.pointer(pointer)?;
    let p = document.line_index().position(document.node(id).span.start);
    Some((p.line, p.column))
}

/// `(the top level)` for the root pointer.
fn shown_pointer(pointer: &str) -> String {
    if pointer.is_empty() { "(the top level)".to_owned() } else { pointer.to_owned() }
}

/// Pointers joined with ", ", at most 20, then how many more.
fn listed(pointers: &[String]) -> String {
    let mut text = pointers.iter().take(20).map(|p| shown_pointer(p)).collect::<Vec<_>>().join(", ");
    if pointers.len() > 20 {
        text.push_str(&format!(" and {} more", pointers.len() - 20));
    }
    text
}
