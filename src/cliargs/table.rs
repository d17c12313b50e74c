//! The argument table of an operation: which `--options` the AWS CLI
//! derives from the input shape, and the global options it accepts around
//! them.

use crate::awscli::{self, Kind};
use crate::model::{Member, Model, Operation, ShapeKind, Structure};

/// How an operation argument takes its value on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// One value (`--account-id a`).
    One,
    /// Zero or more values (`--tenant-ids a b c`): list members.
    Many,
    /// No value: `--flag` sets `true`, `--no-flag` sets `false`.
    Flag(bool),
    /// Zero or one value (argparse's `nargs='?'`).
    Optional,
    /// A positional argument of the CLI's own (an output file): never an
    /// option.
    Positional,
    /// A `{"Value": bool}` member as a flag (the CLI's `toplevelbool.py`):
    /// `--x` alone is `{"Value": true}` and `--x VALUE` unpacks VALUE;
    /// `--no-x` (`false`) takes no value.
    BoolValue(bool),
}

/// One option of an operation's argument table.
#[derive(Debug, Clone)]
pub struct ArgSpec<'m> {
    /// The option as typed, with its dashes: `--account-id`, `--no-enabled`.
    pub option: String,
    /// The input member it sets.
    pub member: &'m Member,
    /// How it takes values.
    pub arity: Arity,
    /// Whether the CLI makes the option mandatory (required members, except
    /// idempotency tokens and booleans).
    pub required: bool,
}

/// What a global option does with the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalKind {
    /// Takes no value.
    Flag,
    /// Takes one value.
    Value,
}

/// The AWS CLI's global options (v1 and v2) and the pagination options it
/// adds to paginated operations. They change how the CLI sends or prints a
/// request, not the request document, so `parse` accepts and ignores them.
pub const GLOBAL_OPTIONS: &[(&str, GlobalKind)] = &[
    ("--debug", GlobalKind::Flag),
    ("--endpoint-url", GlobalKind::Value),
    ("--no-verify-ssl", GlobalKind::Flag),
    ("--no-paginate", GlobalKind::Flag),
    ("--output", GlobalKind::Value),
    ("--query", GlobalKind::Value),
    ("--profile", GlobalKind::Value),
    ("--region", GlobalKind::Value),
    ("--version", GlobalKind::Flag),
    ("--color", GlobalKind::Value),
    ("--no-sign-request", GlobalKind::Flag),
    ("--ca-bundle", GlobalKind::Value),
    ("--cli-read-timeout", GlobalKind::Value),
    ("--cli-connect-timeout", GlobalKind::Value),
    ("--cli-binary-format", GlobalKind::Value),
    ("--no-cli-pager", GlobalKind::Flag),
    ("--cli-auto-prompt", GlobalKind::Flag),
    ("--no-cli-auto-prompt", GlobalKind::Flag),
    ("--starting-token", GlobalKind::Value),
    ("--page-size", GlobalKind::Value),
    ("--max-items", GlobalKind::Value),
];

/// The argument table of `operation`, as the AWS CLI builds it
/// (`awscli/clidriver.py`, `arguments.py`): the input members in order,
/// unless the CLI customises the operation ([`crate::awscli`]), when the
/// options are the CLI's, in its order (renamed, aliased, removed), with
/// any member the CLI's table does not know (a newer model) after them.
/// The CLI's own arguments that set no member directly are in
/// [`custom_table`](super::custom_table).
#[must_use]
pub fn argument_table<'m>(model: &'m Model, operation: &'m Operation) -> Vec<ArgSpec<'m>> {
    let Some(input) = &operation.input else { return Vec::new() };
    let ShapeKind::Structure(structure) = &model.shape(input.target).kind else { return Vec::new() };
    let Some(customised) = customised(model, operation) else { return model_table(model, structure) };
    let mut table = Vec::new();
    for argument in customised.arguments() {
        let arity = match argument.kind {
            Kind::One => Arity::One,
            Kind::Many => Arity::Many,
            Kind::Flag(b) => Arity::Flag(b),
            Kind::BoolValue(b) => Arity::BoolValue(b),
            Kind::Custom(_) | Kind::Unsupported { .. } => continue,
        };
        let Some(member) = structure.members.iter().find(|m| m.name == argument.member) else { continue };
        table.push(ArgSpec {
            option: argument.option.to_owned(),
            member,
            arity,
            required: argument.required,
        });
    }
    let known = |m: &Member| {
        customised.arguments().any(|a| a.member == m.name) || customised.removed().any(|r| r == m.name)
    };
    let newer: Vec<ArgSpec<'m>> =
        model_table(model, structure).into_iter().filter(|spec| !known(spec.member)).collect();
    table.extend(newer);
    table
}

/// The CLI's table for `operation` when it customises it.
pub(super) fn customised(model: &Model, operation: &Operation) -> Option<awscli::Customised> {
    awscli::cli_service_names(model).iter().find_map(|s| awscli::customised(s, &operation.cli_name))
}

/// The table the model alone gives.
fn model_table<'m>(model: &'m Model, structure: &'m Structure) -> Vec<ArgSpec<'m>> {
    let mut table = Vec::new();
    for member in &structure.members {
        let option = member.cli_option();
        let kind = &model.shape(member.target).kind;
        let required = structure.is_required(&member.name) && !member.traits.idempotency_token;
        match kind {
            ShapeKind::Boolean => {
                table.push(ArgSpec {
                    option: option.to_owned(),
                    member,
                    arity: Arity::Flag(true),
                    required: false,
                });
                table.push(ArgSpec {
                    option: format!("--no-{}", option.strip_prefix("--").unwrap_or(option)),
                    member,
                    arity: Arity::Flag(false),
                    required: false,
                });
            }
            ShapeKind::List { .. } => {
                table.push(ArgSpec { option: option.to_owned(), member, arity: Arity::Many, required });
            }
            _ => table.push(ArgSpec { option: option.to_owned(), member, arity: Arity::One, required }),
        }
    }
    table
}
