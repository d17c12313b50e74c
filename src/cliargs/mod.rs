//! AWS CLI argument lists turned into the request the CLI would send.
//!
//! `aws chime update-user --account-id a --user-id u --license-type Pro`
//! becomes `{"AccountId": "a", "UserId": "u", "LicenseType": "Pro"}`
//! through the same steps, in the same order, as AWS CLI v1
//! (`awscli/clidriver.py`, `argprocess.py`, `paramfile.py`,
//! `customizations/cliinputjson.py`):
//!
//! 1. options are matched as argparse matches them (`argv.rs`): exact names,
//!    `--opt=value`, unique prefixes, several words for list options,
//!    `--flag`/`--no-flag` for booleans, the last occurrence winning;
//! 2. required options are enforced unless `--cli-input-json` or
//!    `--cli-input-yaml` appears;
//! 3. each option, in input member order, is unpacked (`unpack.rs`):
//!    `file://`/`fileb://`, then shorthand with model typing (`coerce.rs`) or
//!    JSON or the scalar conversion;
//! 4. the keys of a `--cli-input-json`/`--cli-input-yaml` document are added
//!    where no option set them (no deep merge).
//!
//! Idempotency tokens the CLI would generate are left out, and nothing is
//! ever fetched from the network (`http://` values stay literal, as in v2).
//!
//! Around those steps: a copied `aws [GLOBALS] SERVICE OPERATION` line is
//! split first ([`split_aws_line`]), and a finding about the parsed request
//! is located afterwards, at the option or the input document's line that
//! set the member ([`locate`]). A new AWS CLI behaviour belongs in this
//! folder; only what is re-exported here is public.

mod argv;
mod coerce;
mod custom;
mod error;
mod json;
mod line;
mod locate;
mod paging;
mod secrecy;
mod table;
mod unpack;

use crate::model::{Model, Operation, ShapeKind};
use crate::python::value::Value;

pub use custom::{CustomSpec, custom_table};
pub use error::ArgError;
pub use line::{AwsLine, LineError, split_aws_line};
pub use locate::{InputSource, locate};
pub use secrecy::Secrecy;
pub use table::{ArgSpec, Arity, GLOBAL_OPTIONS, GlobalKind, argument_table};
pub use unpack::{Environment, SystemEnvironment, supports_shorthand};

use argv::Target;
use unpack::Raw;

/// Where a top-level member of the request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An option of the command line.
    Option {
        /// The option as in the table (`--account-id`).
        option: String,
        /// Index of the option in the argument list.
        index: usize,
    },
    /// The `--cli-input-json`/`--cli-input-yaml` document.
    InputDocument,
}

/// The `--cli-input-json`/`--cli-input-yaml` document, kept for positioned
/// diagnostics.
#[derive(Debug, Clone)]
pub struct InputDocument {
    /// `--cli-input-json` or `--cli-input-yaml`.
    pub option: String,
    /// The `file://` path, or `None` for inline text.
    pub path: Option<String>,
    /// The text.
    pub text: String,
    /// Whether the text is YAML.
    pub yaml: bool,
}

/// The outcome of [`parse_arguments`].
#[derive(Debug, Clone)]
pub struct ParsedRequest {
    /// The request parameters: a map in the CLI's order (options in input
    /// member order, then keys only the input document has).
    pub params: Value,
    /// For each top-level key of `params`, in order, where it came from.
    pub origins: Vec<(String, Origin)>,
    /// The input document, if one was given.
    pub input_document: Option<InputDocument>,
    /// Things worth telling the user that are not errors.
    pub notes: Vec<String>,
    /// The `PaginationConfig` the CLI hands its paginator
    /// (`--max-items`, `--page-size`, `--starting-token`): part of what it
    /// passes on, never of the request sent, so not in `params`.
    pub pagination: Option<Pagination>,
    /// The output file of a streaming output operation (`aws iot-data
    /// get-thing-shadow … out.json`): where the CLI writes the response,
    /// not a request member.
    pub outfile: Option<String>,
}

/// `PaginationConfig`, and where the CLI puts it among the parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How many keys of `params` come before it.
    pub position: usize,
    /// `{"StartingToken": …, "PageSize": …, "MaxItems": …}`, as given.
    pub config: Value,
}

impl ParsedRequest {
    /// The parameters as the AWS CLI hands them to botocore (what its
    /// `calling-command` event sees): `params`, with `PaginationConfig` in
    /// its place when pagination options were given.
    #[must_use]
    pub fn cli_parameters(&self) -> Value {
        let Some(pagination) = &self.pagination else { return self.params.clone() };
        let Value::Map(entries) = &self.params else { return self.params.clone() };
        let mut out = entries.clone();
        let at = pagination.position.min(out.len());
        out.insert(at, ("PaginationConfig".to_owned(), pagination.config.clone()));
        Value::Map(out)
    }
}

/// Parses the arguments of `aws SERVICE OPERATION ARGS...` (just `ARGS`).
///
/// # Errors
///
/// [`ArgError`] wherever the AWS CLI would refuse the command line.
pub fn parse_arguments(
    model: &Model,
    operation: &Operation,
    args: &[String],
    env: &dyn Environment,
) -> Result<ParsedRequest, ArgError> {
    let words: Vec<Option<String>> = args.iter().cloned().map(Some).collect();
    check_arguments(model, operation, &words, false, env).outcome
}

/// An option as it was given, for finding the words behind a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The input member it sets (empty for `--cli-input-json/yaml`).
    pub member: String,
    /// The option as in the table (`--account-id`).
    pub option: String,
    /// Index of the option's word.
    pub index: usize,
    /// Indices of its value words (the option's own index for
    /// `--opt=value`).
    pub values: Vec<usize>,
}

/// The outcome of [`check_arguments`]: the request, or the error the CLI
/// would stop at, and what could not be known.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The request, or the first error, exactly as [`parse_arguments`]
    /// gives them when every word is known.
    pub outcome: Result<ParsedRequest, ArgError>,
    /// Members whose value is known only at run time: left out of the
    /// request, so neither checked nor missing.
    pub unknown_members: Vec<String>,
    /// The `--cli-input-json/yaml` value is known only at run time: it may
    /// set any member.
    pub unknown_input: bool,
    /// A word known only at run time stands where an option would (an
    /// unquoted `$EXTRA_ARGS`), or more words may follow: required options
    /// are not checked.
    pub open: bool,
    /// `--generate-cli-skeleton` was given: the CLI prints a skeleton and
    /// checks nothing else.
    pub skeleton: bool,
    /// Every operation option given, in order.
    pub placed: Vec<Placed>,
    /// Indices of the known words that belong to no option (what an
    /// [`ArgError::UnknownOptions`] is about).
    pub strays: Vec<usize>,
    /// Options given that the AWS CLI builds with code of its own which
    /// chime-shape does not reproduce (`lambda create-function
    /// --zip-file`), each with the CLI's class: left out of the request,
    /// which is then incomplete (`open` is set, so nothing is missing).
    pub unsupported: Vec<(String, &'static str)>,
}

/// [`parse_arguments`] for words that may be known only at run time
/// (`None`: a script's `"$ID"`), as `lint` meets them. An unknown value is
/// not checked and its member is left out of the request; an unknown word
/// where an option would stand, or `open` (more words may be appended),
/// turns the required-option check off. Never an error from a word that is
/// not known.
#[must_use]
pub fn check_arguments(
    model: &Model,
    operation: &Operation,
    words: &[Option<String>],
    open: bool,
    env: &dyn Environment,
) -> Checked {
    let mut checked = Checked {
        outcome: Err(ArgError::TwoInputDocuments),
        unknown_members: Vec::new(),
        unknown_input: false,
        open,
        skeleton: false,
        placed: Vec::new(),
        strays: Vec::new(),
        unsupported: Vec::new(),
    };
    checked.outcome = build(model, operation, words, env, &mut checked);
    checked
}

impl Checked {
    /// Options that set a member an earlier option already set, each with
    /// the message that says so: the CLI keeps the last value without a
    /// word, so the earlier one is silently lost.
    #[must_use]
    pub fn repeated(&self) -> Vec<(&Placed, String)> {
        let mut out = Vec::new();
        for (n, placed) in self.placed.iter().enumerate() {
            let earlier = self.placed.iter().take(n).filter(|p| p.member == placed.member).count();
            if placed.member.is_empty() || earlier == 0 {
                continue;
            }
            let message = format!(
                "{} sets {} again (given {} times); the AWS CLI keeps only the last",
                placed.option,
                placed.member,
                earlier + 1
            );
            out.push((placed, message));
        }
        out
    }
}

/// A word known only at run time, as the scanner sees it: never an option.
const UNKNOWN_WORD: &str = "\u{1}";

fn build(
    model: &Model,
    operation: &Operation,
    words: &[Option<String>],
    env: &dyn Environment,
    checked: &mut Checked,
) -> Result<ParsedRequest, ArgError> {
    let args: Vec<String> =
        words.iter().map(|w| w.clone().unwrap_or_else(|| UNKNOWN_WORD.to_owned())).collect();
    let known = |i: usize| words.get(i).is_some_and(Option::is_some);
    let table = argument_table(model, operation);
    let customs = custom_table(model, operation);
    let paging = paging::paging(model, operation, &table);
    let pages = paging.as_ref().map_or(&[][..], |p| p.options.as_slice());
    let unpaged = paging.is_none() && model.paginators_known();
    let tables = argv::Tables { args: &table, pages, custom: &customs, unpaged };
    let mut scanned = argv::scan(&args, tables)?;
    // A streaming output operation takes the file to write as a positional
    // argument (`streamingoutputarg.py`): the first word that is no option.
    let streaming = streaming_output(model, operation)
        || customs.iter().any(|c| c.kind == crate::awscli::Kind::Custom(crate::awscli::Custom::OutputFile));
    let mut outfile = None;
    if streaming && let Some(at) = scanned.strays.iter().position(|&i| !args[i].starts_with('-')) {
        let i = scanned.strays.remove(at);
        outfile = Some(words[i].clone().unwrap_or_default());
    }
    let occurrences = paging_choice(scanned.occurrences, paging.as_ref(), &table)?;
    for o in &occurrences {
        let member = match o.target {
            Target::Arg(i) => table.get(i).map_or_else(String::new, |s| s.member.name.clone()),
            Target::InputJson | Target::InputYaml | Target::Custom(_) => String::new(),
            _ => continue,
        };
        let values = o.values.iter().map(|(_, i)| *i).collect();
        checked.placed.push(Placed { member, option: o.option.clone(), index: o.index, values });
    }
    // A word known only at run time where an option stands (`$FLAG`,
    // `--$NAME`) may be an option that takes the words after it: those are
    // not strays.
    let mut strays = Vec::new();
    let mut after_opaque = false;
    for (n, &i) in scanned.strays.iter().enumerate() {
        let follows = n > 0 && scanned.strays.get(n - 1) == Some(&(i - 1));
        if !known(i) {
            checked.open = true;
            after_opaque = true;
        } else if !(after_opaque && follows && !args.get(i).is_some_and(|a| a.starts_with('-'))) {
            after_opaque = false;
            strays.push(i);
        }
    }
    if !strays.is_empty() {
        checked.strays.clone_from(&strays);
        return Err(argv::unknown_options(&args, &strays, &table));
    }
    let all_known = |o: &argv::Occurrence| o.values.iter().all(|(_, i)| known(*i));

    if let Some(skeleton) = occurrences.iter().find(|o| o.target == Target::GenerateSkeleton) {
        checked.skeleton = true;
        let mode = skeleton.values.first().filter(|(_, i)| known(*i)).map_or("input", |(v, _)| v).to_owned();
        return Err(ArgError::SkeletonRequested { mode });
    }
    let has_json = occurrences.iter().any(|o| o.target == Target::InputJson);
    let has_yaml = occurrences.iter().any(|o| o.target == Target::InputYaml);
    if has_json && has_yaml {
        return Err(ArgError::TwoInputDocuments);
    }

    let given_customs: Vec<&CustomSpec> = occurrences
        .iter()
        .filter_map(|o| match o.target {
            Target::Custom(c) => customs.get(c),
            _ => None,
        })
        .collect();
    let ip_permissions = occurrences.iter().any(|o| {
        matches!(o.target, Target::Arg(i) if table.get(i).is_some_and(|s| s.member.name == "IpPermissions"))
    });
    custom::check_ip_permissions(&given_customs, ip_permissions)?;
    for spec in &given_customs {
        if let crate::awscli::Kind::Unsupported { class, .. } = spec.kind
            && !checked.unsupported.iter().any(|(o, _)| o == spec.option)
        {
            checked.unsupported.push((spec.option.to_owned(), class));
            checked.open = true;
        }
    }

    // The CLI turns required options off only when the exact token appears.
    let input_token = args.iter().any(|a| a == "--cli-input-json" || a == "--cli-input-yaml");
    if !input_token && !checked.open {
        let mut missing: Vec<String> = table
            .iter()
            .enumerate()
            .filter(|(i, spec)| spec.required && !occurrences.iter().any(|o| o.target == Target::Arg(*i)))
            .map(|(_, spec)| spec.option.clone())
            .collect();
        missing.extend(
            customs
                .iter()
                .enumerate()
                .filter(|(_, c)| c.required && c.arity != Arity::Positional)
                .filter(|(i, _)| !occurrences.iter().any(|o| o.target == Target::Custom(*i)))
                .map(|(_, c)| c.option.to_owned()),
        );
        if streaming && outfile.is_none() {
            missing.push("outfile".to_owned());
        }
        if !missing.is_empty() {
            return Err(ArgError::MissingRequired { options: missing });
        }
    }
    let mut params = Value::Map(Vec::new());
    let mut origins = Vec::new();
    let mut notes = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    let mut pagination: Option<Pagination> = None;
    let cli_service = crate::awscli::cli_service_name(model);
    for (at, spec) in table.iter().enumerate() {
        add_customs(&customs, at, &occurrences, &mut params)?;
        add_pages(pages, Some(at), &occurrences, &params, &mut pagination)?;
        // Each option has its own argparse destination, except that
        // `--flag` and `--no-flag` share one: the last occurrence of the
        // destination wins, and the CLI fills the request in table order
        // (a later alias overwrites the value, the key keeps its place).
        let flag = matches!(spec.arity, Arity::Flag(_));
        if flag {
            if done.contains(&spec.member.name.as_str()) {
                continue;
            }
            done.push(&spec.member.name);
        }
        let last = occurrences.iter().rev().find(|o| match o.target {
            Target::Arg(i) if flag => table
                .get(i)
                .is_some_and(|s| s.member.name == spec.member.name && matches!(s.arity, Arity::Flag(_))),
            Target::Arg(i) => i == at,
            _ => false,
        });
        let Some(occurrence) = last else { continue };
        let Target::Arg(i) = occurrence.target else { continue };
        let Some(matched) = table.get(i) else { continue };
        if !all_known(occurrence) {
            checked.unknown_members.push(matched.member.name.clone());
            continue;
        }
        let words: Vec<String> = occurrence.values.iter().map(|(v, _)| v.clone()).collect();
        let value = match matched.arity {
            Arity::Flag(b) => Value::Bool(b),
            Arity::One if streaming_blob(model, matched.member) => {
                let text = words.into_iter().next().unwrap_or_default();
                streaming_body(&matched.option, &text, env)?
            }
            Arity::BoolValue(b) if words.is_empty() => Value::Map(vec![("Value".to_owned(), Value::Bool(b))]),
            Arity::One | Arity::Optional | Arity::BoolValue(_) | Arity::Positional => {
                let text = words.into_iter().next().unwrap_or_default();
                unpack::unpack(model, matched.member, &matched.option, Raw::One(text), env, &mut notes)?
            }
            Arity::Many => {
                let old = crate::awscli::old_list_case(&cli_service, &operation.cli_name, &matched.option)
                    .then(|| custom::old_list(model, matched.member, &words))
                    .flatten();
                match old {
                    Some(value) => value,
                    None => unpack::unpack(
                        model,
                        matched.member,
                        &matched.option,
                        Raw::Many(words),
                        env,
                        &mut notes,
                    )?,
                }
            }
        };
        params.insert(matched.member.name.clone(), value);
        let origin = Origin::Option { option: matched.option.clone(), index: occurrence.index };
        match origins.iter_mut().find(|(k, _)| *k == matched.member.name) {
            Some(slot) => slot.1 = origin,
            None => origins.push((matched.member.name.clone(), origin)),
        }
    }
    add_customs(&customs, table.len(), &occurrences, &mut params)?;
    add_pages(pages, None, &occurrences, &params, &mut pagination)?;
    // What the CLI's own arguments set is blamed on the first of them.
    if let Value::Map(entries) = &params {
        for (key, _) in entries {
            if !origins.iter().any(|(k, _)| k == key)
                && let Some(o) = occurrences.iter().find(|o| matches!(o.target, Target::Custom(_)))
            {
                origins.push((key.clone(), Origin::Option { option: o.option.clone(), index: o.index }));
            }
        }
    }

    let input = occurrences.iter().rev().find(|o| matches!(o.target, Target::InputJson | Target::InputYaml));
    let mut input_document = None;
    if let Some(occurrence) = input {
        if all_known(occurrence) {
            let yaml = occurrence.target == Target::InputYaml;
            let raw = occurrence.values.first().map(|(v, _)| v.clone()).unwrap_or_default();
            let document = load_input_document(&occurrence.option, &raw, yaml, env)?;
            let secrecy = Secrecy::of_input(model, operation);
            for (key, value) in parse_input_document(&document, &secrecy)? {
                if params.get(&key).is_none() {
                    origins.push((key.clone(), Origin::InputDocument));
                    params.insert(key, value);
                }
            }
            input_document = Some(document);
        } else {
            checked.unknown_input = true;
        }
    }
    // botocore fills a missing top-level idempotency token with a random
    // UUID before it sends the request (its --debug output shows it): the
    // request printed here leaves it out, so say so.
    for spec in table.iter().filter(|s| s.member.traits.idempotency_token) {
        if params.get(&spec.member.name).is_none() && !checked.unknown_members.contains(&spec.member.name) {
            notes.push(format!(
                "{} is not given: the AWS CLI fills {} with a random UUID when it sends the request",
                spec.option, spec.member.name
            ));
        }
    }
    Ok(ParsedRequest { params, origins, input_document, notes, pagination, outfile })
}

/// A streaming blob member (`s3api put-object --body`): the CLI reads its
/// value as a path (`unpack_scalar_cli_arg`).
fn streaming_blob(model: &Model, member: &crate::model::Member) -> bool {
    member.traits.streaming && matches!(model.shape(member.target).kind, ShapeKind::Blob)
}

/// The file a streaming blob's value names, read; refused as the CLI
/// refuses a path that is no file. `file://` and `fileb://` values are
/// read as any value's are.
fn streaming_body(option: &str, text: &str, env: &dyn Environment) -> Result<Value, ArgError> {
    if let Ok(Some(loaded)) = unpack::load_param_file(text, env) {
        return Ok(match loaded {
            crate::shorthand::LoadedValue::Text(t) => Value::String(t),
            crate::shorthand::LoadedValue::Bytes(b) => Value::Bytes(b),
        });
    }
    let path = unpack::expand_path(text, env);
    env.read_file(&path).map(Value::Bytes).map_err(|e| ArgError::ParamFile {
        option: option.to_owned(),
        uri: text.to_owned(),
        reason: format!("Blob values must be a path to a file ({}: {e})", path.display()),
        unreadable: true,
    })
}

/// Whether the CLI gives the operation a positional output file: its
/// output's payload is a blob (botocore's `has_streaming_output`).
fn streaming_output(model: &Model, operation: &Operation) -> bool {
    let Some(output) = &operation.output else { return false };
    let ShapeKind::Structure(structure) = &model.shape(output.target).kind else { return false };
    let Some(payload) = &structure.payload else { return false };
    structure
        .members
        .iter()
        .find(|m| &m.name == payload)
        .is_some_and(|m| matches!(model.shape(m.target).kind, ShapeKind::Blob))
}

/// Paging is on unless `--no-paginate` or a token member is given
/// (`check_should_enable_pagination`). Off, a pagination option that
/// shadows an operation option is that option again, and any other is an
/// error, as in the CLI.
fn paging_choice(
    occurrences: Vec<argv::Occurrence>,
    paging: Option<&paging::Paging>,
    table: &[ArgSpec<'_>],
) -> Result<Vec<argv::Occurrence>, ArgError> {
    let Some(paging) = paging else { return Ok(occurrences) };
    let off = occurrences.iter().any(|o| match o.target {
        Target::Global(_) => o.option == "--no-paginate",
        Target::Arg(i) => table.get(i).is_some_and(|s| paging.members.contains(&s.member.name)),
        _ => false,
    });
    if !off {
        return Ok(occurrences);
    }
    let mut refused: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(occurrences.len());
    for mut o in occurrences {
        if let Target::Page(p) = o.target {
            match paging.options.get(p).and_then(|page| page.shadows) {
                Some(i) => o.target = Target::Arg(i),
                None => {
                    if !refused.contains(&o.option) {
                        refused.push(o.option.clone());
                    }
                }
            }
        }
        out.push(o);
    }
    if refused.is_empty() { Ok(out) } else { Err(ArgError::PaginationOff { options: refused }) }
}

/// Adds the CLI's own arguments that stand after `at` member options.
fn add_customs(
    customs: &[CustomSpec],
    at: usize,
    occurrences: &[argv::Occurrence],
    params: &mut Value,
) -> Result<(), ArgError> {
    for (c, spec) in customs.iter().enumerate().filter(|(_, s)| s.after == at) {
        // argparse: the last occurrence wins; flags share a destination.
        let Some(o) = occurrences.iter().rev().find(|o| o.target == Target::Custom(c)) else { continue };
        let flag = match spec.arity {
            Arity::Flag(b) => {
                // `--no-x` after `--x` (same destination): the last wins.
                let last_pair = occurrences.iter().rev().find(|p| match p.target {
                    Target::Custom(d) => customs.get(d).is_some_and(|s| {
                        matches!(s.arity, Arity::Flag(_)) && same_destination(s.option, spec.option)
                    }),
                    _ => false,
                });
                if last_pair.is_some_and(|p| p.index != o.index) {
                    continue;
                }
                Some(b)
            }
            _ => None,
        };
        let words: Vec<String> = o.values.iter().map(|(v, _)| v.clone()).collect();
        custom::add(spec, &words, flag, params)?;
    }
    Ok(())
}

/// `--x` and `--no-x` share argparse's destination.
fn same_destination(a: &str, b: &str) -> bool {
    let bare = |o: &str| o.trim_start_matches("--").trim_start_matches("no-").to_owned();
    bare(a) == bare(b)
}

/// Adds the pagination options that stand at member option `at` (those
/// that shadow it), or, for `None`, those at the end of the table, to
/// `PaginationConfig`, which is created where the first of them is.
fn add_pages(
    pages: &[paging::PageOption],
    at: Option<usize>,
    occurrences: &[argv::Occurrence],
    params: &Value,
    pagination: &mut Option<Pagination>,
) -> Result<(), ArgError> {
    for (p, page) in pages.iter().enumerate().filter(|(_, p)| p.shadows == at) {
        let Some(o) = occurrences.iter().rev().find(|o| o.target == Target::Page(p)) else { continue };
        let Some((text, _)) = o.values.first() else { continue };
        let value = if page.integer {
            crate::python::number::parse_int(text)
                .map(Value::Integer)
                .ok_or_else(|| ArgError::PageValue { option: page.option.to_owned(), value: text.clone() })?
        } else {
            Value::String(text.clone())
        };
        let position = match params {
            Value::Map(entries) => entries.len(),
            _ => 0,
        };
        pagination.get_or_insert_with(|| Pagination { position, config: Value::Map(Vec::new()) });
        if let Some(pagination) = pagination {
            pagination.config.insert(page.key.to_owned(), value);
        }
    }
    Ok(())
}

fn load_input_document(
    option: &str,
    raw: &str,
    yaml: bool,
    env: &dyn Environment,
) -> Result<InputDocument, ArgError> {
    let loaded = unpack::load_param_file(raw, env).map_err(|e| ArgError::ParamFile {
        option: option.to_owned(),
        uri: raw.to_owned(),
        reason: e.reason,
        unreadable: e.unreadable,
    })?;
    let (path, text) = match loaded {
        None => (None, raw.to_owned()),
        Some(crate::shorthand::LoadedValue::Text(t)) => (Some(raw.to_owned()), t),
        Some(crate::shorthand::LoadedValue::Bytes(b)) => (
            Some(raw.to_owned()),
            String::from_utf8(b).map_err(|_| ArgError::ParamFile {
                option: option.to_owned(),
                uri: raw.to_owned(),
                reason: "the content is not UTF-8 text".to_owned(),
                unreadable: false,
            })?,
        ),
    };
    Ok(InputDocument { option: option.to_owned(), path, text, yaml })
}

/// Parses the input document; it must be an object, whose entries come back.
fn parse_input_document(
    document: &InputDocument,
    secrecy: &Secrecy,
) -> Result<Vec<(String, Value)>, ArgError> {
    let value = if document.yaml {
        json::parse_yaml(&document.text, &document.option, secrecy)?
    } else {
        json::parse(&document.text, &document.option, secrecy)?
    };
    match value {
        Value::Map(entries) => Ok(entries),
        other => Err(ArgError::InputNotObject {
            option: document.option.clone(),
            found: match other {
                Value::Null => "null",
                Value::List(_) => "a list",
                Value::String(_) => "a string",
                Value::Bool(_) => "a boolean",
                Value::Integer(_) | Value::Float(_) => "a number",
                _ => "a scalar",
            },
        }),
    }
}
