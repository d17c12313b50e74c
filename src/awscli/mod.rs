//! What the AWS CLI v1 adds to botocore's models, as data read from the
//! installed CLI by generators (never edited by hand): its own commands and
//! service names (`commands.rs`, `scripts/gen-cli-commands`), and the
//! argument tables it changes (`customisations.rs`,
//! `scripts/gen-cli-customisations`). [`crate::cliargs`] builds requests
//! with them; `lint` passes over the commands that are no operation.
//!
//! The tables are keyed by the CLI's names for services and operations
//! (`configservice`, `s3api`), so a model is first given its CLI names
//! ([`cli_service_names`]).

pub mod commands;
mod customisations;

pub use customisations::{AWSCLI_VERSION, OLD_LIST_CASES, REMOVED_OPERATIONS};

use customisations::{ARGUMENTS, CUSTOMISED, REMOVED_MEMBERS, TEXT};

use crate::model::Model;

/// One operation whose argument table the CLI changes.
#[derive(Debug, Clone, Copy)]
pub struct Customised {
    /// The service as the CLI names it (`ec2`, `configservice`).
    pub service: &'static str,
    /// The operation's CLI name.
    pub operation: &'static str,
    raw: &'static RawCustomised,
}

impl Customised {
    fn of(raw: &'static RawCustomised) -> Customised {
        Customised { service: raw.service.get(), operation: raw.operation.get(), raw }
    }

    /// The input members the CLI gives no option (`ec2 run-instances`:
    /// `MinCount`, `MaxCount`, set by `--count`).
    pub fn removed(self) -> impl Iterator<Item = &'static str> + Clone {
        self.raw.removed.of(REMOVED_MEMBERS).iter().map(|text| text.get())
    }

    /// The CLI's whole table, in its order (the order the request is
    /// filled in), without the options every operation gets.
    pub fn arguments(self) -> impl Iterator<Item = Argument> + Clone {
        self.raw.arguments.of(ARGUMENTS).iter().map(RawArgument::get)
    }
}

/// One option of a customised argument table.
#[derive(Debug, Clone, Copy)]
pub struct Argument {
    /// The option, with its dashes.
    pub option: &'static str,
    /// The input member it sets; empty when it sets none directly.
    pub member: &'static str,
    /// How it takes values and what it does with them.
    pub kind: Kind,
    /// Whether the CLI makes it mandatory (a hidden alias makes both names
    /// optional).
    pub required: bool,
}

/// A string of the generated tables: `len` bytes of [`TEXT`] from `start`.
/// The tables hold these rather than `&'static str`, which are pointers:
/// in a position-independent binary the dynamic loader writes each one at
/// every start, and the 1,293 arguments' were 27 pages of data written
/// (and copied) before `main` of any command.
#[derive(Debug, Clone, Copy)]
struct Text(u32, u32);

impl Text {
    fn get(self) -> &'static str {
        let start = self.0 as usize;
        // The generator writes ranges of TEXT (`tables_hold_ranges_of_their_rows_and_text`).
        TEXT.get(start..start + self.1 as usize).unwrap_or_default()
    }
}

/// Rows `start..end` of one of the generated tables.
#[derive(Debug, Clone, Copy)]
struct Run(u32, u32);

impl Run {
    fn of<T>(self, table: &'static [T]) -> &'static [T] {
        table.get(self.0 as usize..self.1 as usize).unwrap_or_default()
    }
}

/// A row of [`CUSTOMISED`].
#[derive(Debug)]
struct RawCustomised {
    service: Text,
    operation: Text,
    removed: Run,
    arguments: Run,
}

/// A row of [`ARGUMENTS`]: an [`Argument`] with its strings as [`Text`].
#[derive(Debug)]
struct RawArgument {
    option: Text,
    member: Text,
    kind: RawKind,
    required: bool,
}

impl RawArgument {
    fn get(&self) -> Argument {
        let kind = match self.kind {
            RawKind::One => Kind::One,
            RawKind::Many => Kind::Many,
            RawKind::Flag(value) => Kind::Flag(value),
            RawKind::BoolValue(value) => Kind::BoolValue(value),
            RawKind::Custom(custom) => Kind::Custom(custom),
            RawKind::Unsupported { class, nargs, positional } => {
                Kind::Unsupported { class: class.get(), nargs: nargs.get(), positional }
            }
        };
        Argument { option: self.option.get(), member: self.member.get(), kind, required: self.required }
    }
}

/// [`Kind`] with its strings as [`Text`].
#[derive(Debug)]
enum RawKind {
    One,
    Many,
    Flag(bool),
    BoolValue(bool),
    Custom(Custom),
    Unsupported { class: Text, nargs: Text, positional: bool },
}

/// How a customised option takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One word, unpacked for the member.
    One,
    /// Several words (a list member).
    Many,
    /// No word: sets the member to this boolean.
    Flag(bool),
    /// `toplevelbool.py`: a `{"Value": bool}` member set by a flag;
    /// `--x` alone is `{"Value": true}` (`--x VALUE` unpacks VALUE),
    /// `--no-x` is `{"Value": false}`.
    BoolValue(bool),
    /// An argument of the CLI's own that chime-shape reproduces.
    Custom(Custom),
    /// An argument of the CLI's own that chime-shape does not reproduce:
    /// its class, how many words argparse takes (`0`, `1`, `?`, `+`, `*`),
    /// and whether it is positional.
    Unsupported {
        /// The awscli class (`PutMetricArgument`).
        class: &'static str,
        /// argparse's `nargs`.
        nargs: &'static str,
        /// A positional argument.
        positional: bool,
    },
}

/// The CLI's own arguments that chime-shape reproduces (see
/// `src/cliargs/custom.rs` for what each does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Custom {
    /// `ec2 authorize-security-group-*`/`revoke-…` `--protocol`.
    Ec2Protocol,
    /// `--port FROM[-TO]`.
    Ec2Port,
    /// `--cidr`.
    Ec2Cidr,
    /// `--source-group` (an id or a name).
    Ec2SourceGroup,
    /// `--group-owner`.
    Ec2GroupOwner,
    /// `ec2 run-instances --count MIN[:MAX]`.
    Ec2Count,
    /// `ec2 run-instances --secondary-private-ip-addresses`.
    Ec2SecondaryPrivateIpAddresses,
    /// `ec2 run-instances --secondary-private-ip-address-count`.
    Ec2SecondaryPrivateIpAddressCount,
    /// `ec2 run-instances --associate-public-ip-address`.
    Ec2AssociatePublicIpAddress,
    /// `ec2 run-instances --no-associate-public-ip-address`.
    Ec2NoAssociatePublicIpAddress,
    /// An option for the CLI's own use (a file it writes the response to,
    /// a local key): it takes a value and sets no member.
    LocalOnly,
    /// A positional output file (`s3api select-object-content … out.csv`).
    OutputFile,
    /// `emr add-tags --tags k=v …` (`Key`/`Value` split at the first `=`).
    EmrTags,
    /// `deploy … --s3-location bucket=…,key=…,bundleType=…` as `revision`.
    DeployS3Location,
    /// `deploy … --github-location repository=…,commitId=…` as `revision`.
    DeployGitHubLocation,
}

/// The names the AWS CLI may call `model`'s service by: the name it was
/// loaded as (botocore's data folder, which is the CLI's command name), its
/// `endpointPrefix`, its `serviceId` as botocore names data folders
/// (lowercase, spaces as dashes), and the CLI's renames of any of those
/// (`config` is `aws configservice`, `s3` is `aws s3api`). The CLI's name
/// comes first.
#[must_use]
pub fn cli_service_names(model: &Model) -> &[String] {
    // Made once per model: `lint` asks for every command it checks.
    model.cli_names.get_or_init(|| service_names(model))
}

/// [`cli_service_names`], made.
fn service_names(model: &Model) -> Vec<String> {
    let metadata = model.metadata();
    let mut names: Vec<String> = Vec::new();
    let from_id = metadata.service_id.as_deref().map(|id| id.to_lowercase().replace(' ', "-"));
    for name in std::iter::once(Some(model.name().to_owned()))
        .chain([metadata.endpoint_prefix.clone(), from_id])
        .flatten()
    {
        for (cli, data) in commands::RENAMED_SERVICES {
            if *data == name && !names.iter().any(|n| n == cli) {
                names.push((*cli).to_owned());
            }
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The CLI's name for `model`'s service: the first of
/// [`cli_service_names`].
#[must_use]
pub fn cli_service_name(model: &Model) -> String {
    cli_service_names(model).first().cloned().unwrap_or_default()
}

/// The CLI's table for an operation it customises.
#[must_use]
pub fn customised(service: &str, operation: &str) -> Option<Customised> {
    CUSTOMISED
        .binary_search_by(|c| (c.service.get(), c.operation.get()).cmp(&(service, operation)))
        .ok()
        .and_then(|i| CUSTOMISED.get(i))
        .map(Customised::of)
}

/// Every operation whose argument table the CLI changes, sorted by
/// service and operation.
pub fn customised_operations() -> impl Iterator<Item = Customised> {
    CUSTOMISED.iter().map(Customised::of)
}

/// Whether the CLI keeps the "old list case" for `option` of the operation.
#[must_use]
pub fn old_list_case(service: &str, operation: &str, option: &str) -> bool {
    OLD_LIST_CASES.iter().any(|&(s, o, a)| s == service && o == operation && a == option)
}

/// What `aws SERVICE COMMAND` is when it is no operation of the model: a
/// command the CLI adds (`cloudformation deploy`, `ec2 wait`), or a model
/// operation the CLI removed. `None` when it is neither.
#[must_use]
pub fn not_an_operation(service: &str, command: &str) -> Option<&'static str> {
    let listed = |table: &[(&str, &[&str])]| {
        table.iter().any(|(s, commands)| *s == service && commands.contains(&command))
    };
    if commands::NOT_SERVICES.contains(&service) {
        return Some("is a command of the AWS CLI itself, not an operation of a service model");
    }
    if command == "help" || listed(commands::CUSTOM_COMMANDS) {
        return Some("is a command the AWS CLI runs with code of its own, not an operation of the model");
    }
    if listed(REMOVED_OPERATIONS) {
        return Some(
            "is an operation the AWS CLI removes from the service (awscli/customizations/removals.py)",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        let keys: Vec<(&str, &str)> = customised_operations().map(|c| (c.service, c.operation)).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert!(customised("ec2", "authorize-security-group-ingress").is_some());
        assert!(customised("eks", "create-cluster").is_some());
        assert!(customised("chime", "update-user").is_none());
    }

    /// Every [`Text`] and [`Run`] the generator wrote lies in what it
    /// names ([`Text::get`] and [`Run::of`] would otherwise give nothing).
    #[test]
    fn tables_hold_ranges_of_their_rows_and_text() {
        let text = |t: Text| {
            let start = t.0 as usize;
            assert!(TEXT.get(start..start + t.1 as usize).is_some(), "{t:?}");
        };
        let mut rows = (0, 0);
        for raw in CUSTOMISED {
            text(raw.service);
            text(raw.operation);
            assert_eq!((raw.removed.0 as usize, raw.arguments.0 as usize), rows, "{raw:?}");
            assert!(raw.removed.1 >= raw.removed.0 && raw.arguments.1 > raw.arguments.0, "{raw:?}");
            rows = (raw.removed.1 as usize, raw.arguments.1 as usize);
        }
        assert_eq!(rows, (REMOVED_MEMBERS.len(), ARGUMENTS.len()));
        REMOVED_MEMBERS.iter().copied().for_each(text);
        for argument in ARGUMENTS {
            text(argument.option);
            text(argument.member);
            if let RawKind::Unsupported { class, nargs, .. } = argument.kind {
                text(class);
                text(nargs);
            }
        }
        let ec2 = customised("ec2", "run-instances").unwrap();
        assert!(ec2.removed().any(|m| m == "MinCount"));
        assert!(ec2.arguments().any(|a| a.option == "--count" && a.kind == Kind::Custom(Custom::Ec2Count)));
    }

    #[test]
    fn commands_that_are_no_operation_are_told() {
        assert!(not_an_operation("s3", "cp").is_some());
        assert!(not_an_operation("ec2", "wait").is_some());
        assert!(not_an_operation("cloudformation", "deploy").is_some());
        assert!(not_an_operation("lambda", "invoke-with-response-stream").is_some());
        assert!(not_an_operation("lambda", "invoke").is_none());
    }
}
