//! `chime-shape parse`: an AWS CLI argument list in, the request document
//! out.

use std::io::Write;
use std::process::ExitCode;

use chime_shape::cliargs::{self, SystemEnvironment};
use chime_shape::model::{self, Model};
use chime_shape::pyjson::{self, Ascii};

use super::args::{Cli, ParseArgs};
use super::{Failure, load_model};

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
    let Some(service) = service else { return load_model(cli) };
    if cli.global.model.is_some() {
        let model = load_model(cli)?;
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
    Ok(model::load_embedded(service)?)
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
            eprintln!("chime-shape: error: {error}");
            return Err(Failure::Exit(error.exit_code()));
        }
    };
    for note in &request.notes {
        eprintln!("chime-shape: note: {note}");
    }
    let mut text = pyjson::to_string(&request.params, Ascii::Keep);
    text.push('\n');
    out.write_all(text.as_bytes())?;
    out.flush()?;
    let _ = parse.no_validate;
    Ok(ExitCode::SUCCESS)
}
