//! `chime-shape parse`: an AWS CLI argument list in, the request document
//! out.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chime_shape::awscli;
use chime_shape::cliargs::{self, AwsLine, InputSource, SystemEnvironment};
use chime_shape::guard::sanitize;
use chime_shape::model::Model;
use chime_shape::python::json::{self, Ascii};
use chime_shape::report::{self, diagnostic::Severity};
use chime_shape::validate::Validator;

use super::args::{Cli, ParseArgs};
use super::{Failure, load_model, print_error, print_note, print_warning, use_color, write_stderr};

/// Picks the model: `aws SERVICE` names an embedded service unless
/// `--service` or `--model` already chose one, which must then agree. The
/// service may be named as the AWS CLI names it (`aws configservice` for
/// the `config` model, `aws s3api` for `s3`): see
/// [`awscli::cli_service_names`].
fn model_for(cli: &Cli, service: Option<&str>) -> Result<Model, Failure> {
    let Some(service) = service else { return load_model(cli, false) };
    if cli.global.model.is_some() {
        let model = load_model(cli, false)?;
        let names = awscli::cli_service_names(&model);
        if !names.iter().any(|n| n == service) {
            return Err(Failure::Usage(format!(
                "the command line is for `aws {service}`, but --model loaded `{}` (the AWS CLI calls it `aws {}`)",
                model.name(),
                names.first().map_or("", String::as_str)
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

/// Refuses, plainly, a command that is no operation of a model (`aws s3
/// cp`, `aws ec2 wait`, `aws cloudformation deploy`): the AWS CLI runs
/// code of its own for it, and there is no request to print.
fn refuse_non_operation(service: &str, operation: &str) -> Result<(), Failure> {
    match awscli::not_an_operation(service, operation) {
        Some(what) => Err(Failure::Usage(format!(
            "`aws {service} {operation}` {what}: there is no request document to build (AWS CLI {})",
            awscli::AWSCLI_VERSION
        ))),
        None => Ok(()),
    }
}

pub(crate) fn run(cli: &Cli, parse: &ParseArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let line =
        cliargs::split_aws_line(&parse.operation, &parse.args).map_err(|e| Failure::Usage(e.to_string()))?;
    let (service, operation, args) = match line {
        Some(AwsLine { service, operation, args }) => (Some(service), operation, args),
        None => (None, parse.operation.clone(), parse.args.clone()),
    };
    if let Some(service) = &service {
        refuse_non_operation(service, &operation)?;
    }
    let model = model_for(cli, service.as_deref())?;
    let op = model.operation(&operation)?;
    let words: Vec<Option<String>> = args.iter().cloned().map(Some).collect();
    let checked = cliargs::check_arguments(&model, op, &words, false, &SystemEnvironment);
    if !cli.global.quiet {
        for (_, message) in checked.repeated() {
            print_warning(&message);
        }
    }
    if let Some((option, class)) = checked.unsupported.first() {
        print_error(&format!(
            "{option}: the AWS CLI builds this option with code of its own ({class}), which chime-shape does not reproduce (AWS CLI {}); give the request members it sets instead",
            awscli::AWSCLI_VERSION
        ));
        return Err(Failure::Exit(2));
    }
    let request = match checked.outcome {
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
        if let Some(outfile) = &request.outfile {
            print_note(&format!(
                "the response will be written to the output file `{}`, which is no request member",
                sanitize::escape(outfile)
            ));
        }
    }
    // PaginationConfig included, as the CLI hands the parameters on; only
    // the request members are validated.
    let mut text = json::to_string(&request.cli_parameters(), Ascii::Keep);
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
            let location = sanitize::escape(&cliargs::locate(d, &request, input.as_ref())).into_owned();
            let line = report::finding_line(&location, d.severity, d.code, &d.message, &d.pointer, color);
            findings.push(format!("{line}\n"));
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
