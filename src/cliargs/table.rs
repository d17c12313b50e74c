//! The argument table of an operation: which `--options` the AWS CLI
//! derives from the input shape, and the global options it accepts around
//! them.

use crate::model::{Member, Model, Operation, ShapeKind, xform_name};

/// How an operation argument takes its value on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// One value (`--account-id a`).
    One,
    /// Zero or more values (`--tenant-ids a b c`): list members.
    Many,
    /// No value: `--flag` sets `true`, `--no-flag` sets `false`.
    Flag(bool),
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

/// The argument table of `operation`, in input member order, as the AWS
/// CLI builds it (`awscli/clidriver.py`, `arguments.py`).
#[must_use]
pub fn argument_table<'m>(model: &'m Model, operation: &'m Operation) -> Vec<ArgSpec<'m>> {
    let mut table = Vec::new();
    let Some(input) = &operation.input else { return table };
    let ShapeKind::Structure(structure) = &model.shape(input.target).kind else { return table };
    for member in &structure.members {
        let name = xform_name(&member.name, '-');
        let kind = &model.shape(member.target).kind;
        let required = structure.is_required(&member.name) && !member.traits.idempotency_token;
        match kind {
            ShapeKind::Boolean => {
                table.push(ArgSpec {
                    option: format!("--{name}"),
                    member,
                    arity: Arity::Flag(true),
                    required: false,
                });
                table.push(ArgSpec {
                    option: format!("--no-{name}"),
                    member,
                    arity: Arity::Flag(false),
                    required: false,
                });
            }
            ShapeKind::List { .. } => {
                table.push(ArgSpec { option: format!("--{name}"), member, arity: Arity::Many, required });
            }
            _ => table.push(ArgSpec { option: format!("--{name}"), member, arity: Arity::One, required }),
        }
    }
    table
}
