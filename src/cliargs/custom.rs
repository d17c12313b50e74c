//! The AWS CLI's own arguments that become request members, as its
//! customisations build them (`awscli/customizations/ec2/secgroupsimplify.py`,
//! `ec2/addcount.py`, `ec2/runinstances.py`), and the "old list case" of
//! `argprocess.py`. Which operation has which is data read from the
//! installed CLI ([`crate::awscli`]); what each does is here.

use crate::awscli::{Custom, Kind};
use crate::model::{Member, Model, Operation, ShapeKind};
use crate::python::number;
use crate::python::value::Value;

use super::error::ArgError;
use super::table::{Arity, customised};

/// One argument of the CLI's own in an operation's table.
#[derive(Debug, Clone)]
pub struct CustomSpec {
    /// The option (`--port`).
    pub option: &'static str,
    /// What it is.
    pub kind: Kind,
    /// How many words it takes.
    pub arity: Arity,
    /// How many member options come before it in the CLI's table: where
    /// it fills the request.
    pub after: usize,
    /// Whether the CLI makes it mandatory.
    pub required: bool,
}

/// The CLI's own arguments of `operation` that set no member by
/// themselves (`ec2 authorize-security-group-ingress --port`), each with
/// its place among [`argument_table`](super::argument_table)'s options.
#[must_use]
pub fn custom_table(model: &Model, operation: &Operation) -> Vec<CustomSpec> {
    let Some(customised) = customised(model, operation) else { return Vec::new() };
    let mut out = Vec::new();
    let mut members = 0;
    for argument in customised.arguments() {
        match argument.kind {
            Kind::Custom(_) | Kind::Unsupported { .. } => out.push(CustomSpec {
                option: argument.option,
                kind: argument.kind,
                arity: arity(argument.kind),
                after: members,
                required: argument.required,
            }),
            _ => members += 1,
        }
    }
    out
}

/// How many words argparse takes for a custom argument.
#[must_use]
pub fn arity(kind: Kind) -> Arity {
    match kind {
        Kind::Custom(Custom::Ec2SecondaryPrivateIpAddresses | Custom::EmrTags) => Arity::Many,
        Kind::Custom(Custom::OutputFile) | Kind::Unsupported { positional: true, .. } => Arity::Positional,
        Kind::Custom(Custom::Ec2AssociatePublicIpAddress) => Arity::Flag(true),
        Kind::Custom(Custom::Ec2NoAssociatePublicIpAddress) => Arity::Flag(false),
        Kind::Unsupported { nargs: "0", .. } => Arity::Flag(true),
        Kind::Unsupported { nargs: "+" | "*", .. } => Arity::Many,
        Kind::Unsupported { nargs: "?", .. } => Arity::Optional,
        _ => Arity::One,
    }
}

fn failed(option: &str, message: &str) -> ArgError {
    ArgError::Customisation { option: option.to_owned(), message: message.to_owned() }
}

fn int(text: &str) -> Option<Value> {
    number::parse_int(text).map(Value::Integer)
}

/// `params[outer][0]`, made a one-element list of `first` when missing.
fn first_item<'v>(params: &'v mut Value, outer: &str, first: Value) -> Option<&'v mut Vec<(String, Value)>> {
    if params.get(outer).is_none() {
        params.insert(outer.to_owned(), Value::List(vec![first]));
    }
    let Value::Map(entries) = params else { return None };
    let (_, list) = entries.iter_mut().find(|(k, _)| k == outer)?;
    let Value::List(items) = list else { return None };
    match items.first_mut() {
        Some(Value::Map(item)) => Some(item),
        _ => None,
    }
}

fn set(entries: &mut Vec<(String, Value)>, key: &str, value: Value) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => entries.push((key.to_owned(), value)),
    }
}

/// secgroupsimplify's `_build_ip_permissions`: `IpPermissions[0]`, with
/// group keys inside its `UserIdGroupPairs[0]`.
fn ip_permission(params: &mut Value, key: &str, value: Value) {
    let Some(permission) = first_item(params, "IpPermissions", Value::Map(Vec::new())) else { return };
    if matches!(key, "GroupId" | "GroupName" | "UserId") {
        if !permission.iter().any(|(k, _)| k == "UserIdGroupPairs") {
            permission.push(("UserIdGroupPairs".to_owned(), Value::List(vec![Value::Map(Vec::new())])));
        }
        if let Some((_, Value::List(pairs))) = permission.iter_mut().find(|(k, _)| k == "UserIdGroupPairs")
            && let Some(Value::Map(pair)) = pairs.first_mut()
        {
            set(pair, key, value);
        }
    } else {
        set(permission, key, value);
    }
}

/// runinstances' `_build_network_interfaces`: `NetworkInterfaces[0]`,
/// which starts as `{"DeviceIndex": 0}`; secondary addresses are set once.
fn network_interface(params: &mut Value, key: &str, value: Value) {
    let first = Value::Map(vec![("DeviceIndex".to_owned(), Value::Integer(crate::doc::Integer::Small(0)))]);
    let Some(interface) = first_item(params, "NetworkInterfaces", first) else { return };
    if key == "PrivateIpAddresses" && interface.iter().any(|(k, _)| k == key) {
        return;
    }
    set(interface, key, value);
}

/// Adds what custom argument `spec` makes of its words to `params`, as the
/// CLI's `add_to_params` does (an empty value adds nothing, as Python's
/// `if value:`).
///
/// # Errors
///
/// The CLI's own refusals (`--port` that is no `from[-to]`).
pub fn add(
    spec: &CustomSpec,
    words: &[String],
    flag: Option<bool>,
    params: &mut Value,
) -> Result<(), ArgError> {
    let option = spec.option;
    let value = words.first().map_or("", String::as_str);
    let custom = match spec.kind {
        Kind::Custom(custom) => custom,
        // Told apart by the caller (`Checked::unsupported`).
        _ => return Ok(()),
    };
    match custom {
        Custom::Ec2Protocol if !value.is_empty() => {
            let protocol = match number::parse_int(value) {
                Some(crate::doc::Integer::Small(n)) if (0..=255).contains(&n) || n == -1 => value.to_owned(),
                Some(_) => {
                    return Err(failed(
                        option,
                        "protocol numbers must be in the range 0-255 or -1 to specify all protocols",
                    ));
                }
                None if value == "all" => "-1".to_owned(),
                None if matches!(value, "tcp" | "udp" | "icmp") => value.to_owned(),
                None => {
                    return Err(failed(
                        option,
                        "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.",
                    ));
                }
            };
            ip_permission(params, "IpProtocol", Value::String(protocol));
        }
        Custom::Ec2Port if !value.is_empty() => {
            let (from, to) = match value {
                "-1" | "all" => ("-1", "-1"),
                _ => value.split_once('-').unwrap_or((value, value)),
            };
            let message = "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)";
            let (Some(from), Some(to)) = (int(from), int(to)) else { return Err(failed(option, message)) };
            ip_permission(params, "FromPort", from);
            ip_permission(params, "ToPort", to);
        }
        Custom::Ec2Cidr if !value.is_empty() => {
            let range = Value::Map(vec![("CidrIp".to_owned(), Value::String(value.to_owned()))]);
            ip_permission(params, "IpRanges", Value::List(vec![range]));
        }
        Custom::Ec2SourceGroup if !value.is_empty() => {
            let key = if value.starts_with("sg-") { "GroupId" } else { "GroupName" };
            ip_permission(params, key, Value::String(value.to_owned()));
        }
        Custom::Ec2GroupOwner if !value.is_empty() => {
            ip_permission(params, "UserId", Value::String(value.to_owned()));
        }
        Custom::Ec2Count if !words.is_empty() => {
            let (min, max) = if value.contains(':') {
                let mut parts = value.split(':');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(min), Some(max), None) => (min, max),
                    _ => ("", ""),
                }
            } else {
                (value, value)
            };
            let (Some(min), Some(max)) = (int(min), int(max)) else {
                return Err(failed(option, "count parameter should be of form min[:max] (e.g. 1 or 1:10)"));
            };
            params.insert("MinCount".to_owned(), min);
            params.insert("MaxCount".to_owned(), max);
        }
        Custom::Ec2SecondaryPrivateIpAddresses if !words.is_empty() => {
            let addresses = words
                .iter()
                .map(|w| {
                    Value::Map(vec![
                        ("PrivateIpAddress".to_owned(), Value::String(w.clone())),
                        ("Primary".to_owned(), Value::Bool(false)),
                    ])
                })
                .collect();
            network_interface(params, "PrivateIpAddresses", Value::List(addresses));
        }
        Custom::Ec2SecondaryPrivateIpAddressCount if !words.is_empty() => {
            let count = int(value).ok_or_else(|| failed(option, &format!("invalid int value: '{value}'")))?;
            if count != Value::Integer(crate::doc::Integer::Small(0)) {
                network_interface(params, "SecondaryPrivateIpAddressCount", count);
            }
        }
        Custom::EmrTags if !words.is_empty() => {
            let tags = words
                .iter()
                .map(|tag| {
                    let (key, value) = tag.split_once('=').unwrap_or((tag, ""));
                    Value::Map(vec![
                        ("Key".to_owned(), Value::String(key.to_owned())),
                        ("Value".to_owned(), Value::String(value.to_owned())),
                    ])
                })
                .collect();
            params.insert("Tags".to_owned(), Value::List(tags));
        }
        Custom::DeployS3Location | Custom::DeployGitHubLocation if !words.is_empty() => {
            params.insert("revision".to_owned(), revision(custom, option, value)?);
        }
        Custom::Ec2AssociatePublicIpAddress | Custom::Ec2NoAssociatePublicIpAddress => {
            if let Some(b) = flag {
                network_interface(params, "AssociatePublicIpAddress", Value::Bool(b));
            }
        }
        _ => {}
    }
    Ok(())
}

/// codedeploy's `locationargs.py`: the value, shorthand or JSON of
/// strings, repacked as a `revision`.
fn revision(custom: Custom, option: &str, value: &str) -> Result<Value, ArgError> {
    let given: Vec<(String, Value)> = if number::strip(value).starts_with('{') {
        match super::json::parse(value, option, &super::secrecy::Secrecy::default())? {
            Value::Map(entries) => entries,
            _ => Vec::new(),
        }
    } else {
        match crate::shorthand::parse(value) {
            Ok(crate::shorthand::Shorthand::Map(entries)) => entries
                .into_iter()
                .filter_map(|(k, v)| match v {
                    crate::shorthand::Shorthand::String(s) => Some((k, Value::String(s))),
                    _ => None,
                })
                .collect(),
            _ => return Err(failed(option, "expected shorthand (key=value,...) or JSON")),
        }
    };
    let get = |key: &str| given.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let present = |key: &str| get(key).is_some_and(|v| !matches!(&v, Value::String(s) if s.is_empty()));
    let (kind, location, required, optional): (&str, &str, &[&str], &[&str]) = match custom {
        Custom::DeployGitHubLocation => ("GitHub", "gitHubLocation", &["repository", "commitId"], &[]),
        _ => ("S3", "s3Location", &["bucket", "key", "bundleType"], &["eTag", "version"]),
    };
    if !required.iter().all(|k| present(k)) {
        return Err(failed(option, &format!("{option} must specify {}.", required.join(", "))));
    }
    let fields =
        required.iter().chain(optional).filter_map(|k| get(k).map(|v| ((*k).to_owned(), v))).collect();
    Ok(Value::Map(vec![
        ("revisionType".to_owned(), Value::String(kind.to_owned())),
        (location.to_owned(), Value::Map(fields)),
    ]))
}

/// `ec2 authorize-security-group-*`: the simplified options cannot be
/// mixed with `--ip-permissions` (the CLI's `_check_args`).
///
/// # Errors
///
/// The CLI's message, for the first simplified option given.
pub fn check_ip_permissions(given: &[&CustomSpec], ip_permissions: bool) -> Result<(), ArgError> {
    if !ip_permissions {
        return Ok(());
    }
    let simplified = given.iter().find(|s| {
        matches!(
            s.kind,
            Kind::Custom(
                Custom::Ec2Protocol
                    | Custom::Ec2Port
                    | Custom::Ec2Cidr
                    | Custom::Ec2SourceGroup
                    | Custom::Ec2GroupOwner
            )
        )
    });
    match simplified {
        Some(spec) => Err(failed(
            spec.option,
            &format!("The {} option is not compatible with the --ip-permissions option", spec.option),
        )),
        None => Ok(()),
    }
}

/// argprocess.py's "old list case": for the operations the CLI lists, the
/// words of a list of single-member structures are each that member
/// (`--instances i-1 i-2` is `[{"InstanceId": "i-1"}, {"InstanceId":
/// "i-2"}]`), kept as strings. `None` when the case does not apply (the
/// words are JSON, or the shapes do not fit).
#[must_use]
pub fn old_list(model: &Model, member: &Member, words: &[String]) -> Option<Value> {
    let ShapeKind::List { member: item, .. } = &model.shape(member.target).kind else { return None };
    let ShapeKind::Structure(structure) = &model.shape(item.target).kind else { return None };
    let [only] = structure.members.as_slice() else { return None };
    if words.first().is_some_and(|w| number::strip(w).starts_with(['[', '{'])) {
        return None;
    }
    Some(Value::List(
        words.iter().map(|w| Value::Map(vec![(only.name.clone(), Value::String(w.clone()))])).collect(),
    ))
}
