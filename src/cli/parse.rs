//! `chime-shape parse`: an AWS CLI argument list in, the request document
//! out.

use std::io::Write;
use std::process::ExitCode;

use std::io::IsTerminal;

use chime_shape::cliargs::{self, InputDocument, Origin, ParsedRequest, SystemEnvironment};
use chime_shape::doc::{self, Document, Limits, Span};
use chime_shape::guard::sanitize;
use chime_shape::model::Model;
use chime_shape::python::json::{self, Ascii};
use chime_shape::report::diagnostic::{Code, Diagnostic, Severity};
use chime_shape::validate::Validator;

use super::args::{Cli, ParseArgs};
use super::{Failure, load_model, print_error, print_note, use_color, write_stderr};

/// The AWS CLI's global options that take a value, which may stand between
/// `aws` and the service in a copied command line.
const AWS_GLOBALS_WITH_VALUE: &[&str] = &[
    "--endpoint-url",
    "--output",
    "--query",
    "--profile",
    "--region",
    "--color",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
];

/// Splits `aws [GLOBALS] SERVICE OPERATION ARGS...` into its parts; `None`
/// when the line does not start with `aws`.
fn split_aws_line(
    operation: &str,
    args: &[String],
) -> Result<Option<(String, String, Vec<String>)>, Failure> {
    if operation != "aws" {
        return Ok(None);
    }
    let mut globals = Vec::new();
    let mut rest = args.iter();
    let service = loop {
        match rest.next() {
            Some(token) if token.starts_with("--") => {
                globals.push(token.clone());
                if AWS_GLOBALS_WITH_VALUE.contains(&token.as_str())
                    && let Some(value) = rest.next()
                {
                    globals.push(value.clone());
                }
            }
            Some(service) => break service.clone(),
            None => {
                return Err(Failure::Usage("`aws` must be followed by a service and an operation".into()));
            }
        }
    };
    let Some(operation) = rest.next() else {
        return Err(Failure::Usage(format!("`aws {service}` must be followed by an operation")));
    };
    let mut remaining = globals;
    remaining.extend(rest.cloned());
    Ok(Some((service, operation.clone(), remaining)))
}

/// Picks the model: `aws SERVICE` names an embedded service unless
/// `--service` or `--model` already chose one, which must then agree.
fn model_for(cli: &Cli, service: Option<&str>) -> Result<Model, Failure> {
    let Some(service) = service else { return load_model(cli, false) };
    if cli.global.model.is_some() {
        let model = load_model(cli, false)?;
        if model.name() != service {
            return Err(Failure::Usage(format!(
                "the command line is for `aws {service}`, but --model loaded `{}`",
                model.name()
            )));
        }
        return Ok(model);
    }
    if let Some(chosen) = &cli.global.service
        && chosen != service
    {
        return Err(Failure::Usage(format!(
            "the command line is for `aws {service}`, but --service is `{chosen}`"
        )));
    }
    Ok(chime_shape::validate::project::ModelSource::Embedded(service.to_owned()).load(false)?)
}

pub(crate) fn run(cli: &Cli, parse: &ParseArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let (service, operation, args) = match split_aws_line(&parse.operation, &parse.args)? {
        Some((service, operation, args)) => (Some(service), operation, args),
        None => (None, parse.operation.clone(), parse.args.clone()),
    };
    let model = model_for(cli, service.as_deref())?;
    let op = model.operation(&operation)?;
    let request = match cliargs::parse_arguments(&model, op, &args, &SystemEnvironment) {
        Ok(request) => request,
        Err(error) => {
            // The message is worded by `cliargs` without the values of
            // sensitive members; `print_error` escapes what remains.
            print_error(&error.to_string());
            return Err(Failure::Exit(error.exit_code()));
        }
    };
    if !cli.global.quiet {
        for note in &request.notes {
            print_note(note);
        }
    }
    let mut text = json::to_string(&request.params, Ascii::Keep);
    text.push('\n');

    // Validated before printing, so that a failed write of the request
    // still exits with the verdict (an invalid request piped into a reader
    // that stopped early exits 1, not 0).
    let mut findings = Vec::new();
    let mut invalid = false;
    if !parse.no_validate {
        let Some(document) = request.params.to_document() else {
            return Err(Failure::Usage(
                "internal error: the request could not be re-read for validation".into(),
            ));
        };
        let validator = Validator::new(&model);
        let diagnostics = validator.validate(op, &document);
        let input = request.input_document.as_ref().and_then(InputSource::parse);
        let color = use_color(cli.global.color, std::io::stderr().is_terminal());
        for d in &diagnostics {
            invalid |= d.severity == Severity::Error;
            let location = sanitize::escape(&locate(d, &request, input.as_ref())).into_owned();
            let level = format!("{}[{}]", d.severity.as_str(), d.code);
            let level = if color {
                let code = if d.severity == Severity::Error { "1;31" } else { "1;33" };
                format!("\x1b[{code}m{level}\x1b[0m")
            } else {
                level
            };
            let at = if d.pointer.is_empty() {
                String::new()
            } else {
                format!(" (at {})", sanitize::escape(&d.pointer))
            };
            let line = format!("{location}: {level}: {}{at}", sanitize::escape(&d.message));
            findings.push(format!("{}\n", sanitize::guard_line_start(&line)));
        }
    }
    let verdict = u8::from(invalid);
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    for finding in &findings {
        write_stderr(finding);
    }
    match written {
        Ok(()) => Ok(ExitCode::from(verdict)),
        Err(error) => Err(Failure::Write { error, verdict }),
    }
}

/// The `--cli-input-json/yaml` document, parsed with positions.
struct InputSource {
    name: String,
    document: Document,
}

impl InputSource {
    fn parse(input: &InputDocument) -> Option<InputSource> {
        let parsed = if input.yaml {
            doc::parse_yaml(&input.text, &Limits::DEFAULT)
        } else {
            doc::parse_json(&input.text, &Limits::DEFAULT)
        };
        let (document, _) = parsed.ok()?;
        let name = match &input.path {
            Some(uri) => uri.split_once("://").map_or(uri.as_str(), |(_, p)| p).to_owned(),
            None => input.option.clone(),
        };
        Some(InputSource { name, document })
    }
}

/// Where to say a finding is: the option that set the member, or the place
/// in the input document, or the request as a whole.
fn locate(d: &Diagnostic, request: &ParsedRequest, input: Option<&InputSource>) -> String {
    let first = d.pointer.split('/').nth(1).map(|t| t.replace("~1", "/").replace("~0", "~"));
    let origin =
        first.as_ref().and_then(|key| request.origins.iter().find(|(k, _)| k == key)).map(|(_, o)| o);
    match origin {
        Some(Origin::Option { option, .. }) => option.clone(),
        Some(Origin::InputDocument) => match input.and_then(|i| span_in(&i.document, d).map(|s| (i, s))) {
            Some((input, span)) => {
                let position = input.document.line_index().position(span.start);
                format!("{}:{}:{}", input.name, position.line, position.column)
            }
            None => {
                request.input_document.as_ref().map_or_else(|| "request".to_owned(), |i| i.option.clone())
            }
        },
        None => "request".to_owned(),
    }
}

/// The span in `document` of what `d` is about: the key for unknown
/// members, the value otherwise.
fn span_in(document: &Document, d: &Diagnostic) -> Option<Span> {
    if matches!(d.code, Code::Unknown | Code::DuplicateKey) {
        let (parent, key) = d.pointer.rsplit_once('/')?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = document.pointer(parent)?;
        return document.entry(parent, &key).map(|e| e.key_span);
    }
    document.pointer(&d.pointer).map(|id| document.node(id).span)
}
