//! Matching an argument list against an argument table, the way Python's
//! `argparse` does it for the AWS CLI: `--opt value`, `--opt=value`, unique
//! prefixes (`--account` for `--account-id`), zero or more values for list
//! options, the last occurrence winning.

use super::custom::CustomSpec;
use super::error::ArgError;
use super::paging::PageOption;
use super::table::{ArgSpec, Arity, GLOBAL_OPTIONS, GlobalKind};

/// Everything an operation's parser knows: its argument table, its
/// pagination options and the CLI's own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a, 'm> {
    /// The options derived from the input shape (as the CLI customises them).
    pub args: &'a [ArgSpec<'m>],
    /// The pagination options, when the operation is paginated.
    pub pages: &'a [PageOption],
    /// The CLI's own options.
    pub custom: &'a [CustomSpec],
    /// The model's paginators are known, and the operation has none: the
    /// pagination options are unknown to it, as in the CLI (without
    /// paginators they are accepted and ignored).
    pub unpaged: bool,
}

/// The pagination options the CLI adds to paginated operations only.
const PAGE_OPTIONS: &[&str] = &["--starting-token", "--page-size", "--max-items"];

/// What an option on the command line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An operation argument: index into the argument table.
    Arg(usize),
    /// `--cli-input-json`.
    InputJson,
    /// `--cli-input-yaml`.
    InputYaml,
    /// `--generate-cli-skeleton` (optional value).
    GenerateSkeleton,
    /// A global option, accepted and ignored (so are the pagination options
    /// of an operation without a known paginator).
    Global(GlobalKind),
    /// A pagination option of a paginated operation: index into its
    /// [`PageOption`]s.
    Page(usize),
    /// An argument the AWS CLI adds of its own (`ec2 … --port`): index into
    /// the custom table.
    Custom(usize),
}

/// One option as it appeared, with the values it took.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// What it matched.
    pub target: Target,
    /// The option as spelled in the table (`--account-id`).
    pub option: String,
    /// Index of the option token in the argument list.
    pub index: usize,
    /// The values, each with its index in the argument list.
    pub values: Vec<(String, usize)>,
}

const SPECIAL: &[(&str, Target)] = &[
    ("--cli-input-json", Target::InputJson),
    ("--cli-input-yaml", Target::InputYaml),
    ("--generate-cli-skeleton", Target::GenerateSkeleton),
];

/// argparse: a token that starts with `-` is an option unless it looks like
/// a negative number (`-5`, `-1.5`), is `-` alone, or has a space before
/// any `=` (`'-x y'` is a value; `--name=a b` is an option with a value).
fn looks_like_option(token: &str) -> bool {
    let name = token.split('=').next().unwrap_or(token);
    if !token.starts_with('-') || token == "-" || name.contains(' ') {
        return false;
    }
    let rest = &token[1..];
    let negative_number = !rest.is_empty()
        && (rest.bytes().all(|b| b.is_ascii_digit())
            || rest.split_once('.').is_some_and(|(i, f)| {
                i.bytes().all(|b| b.is_ascii_digit())
                    && !f.is_empty()
                    && f.bytes().all(|b| b.is_ascii_digit())
            }));
    !negative_number
}

/// Resolves an option name (without `=value`) to its target.
fn resolve(name: &str, tables: Tables<'_, '_>) -> Result<(Target, String), ArgError> {
    let table = tables.args;
    // A pagination option shadows the operation option of the same name.
    if let Some(i) = tables.pages.iter().position(|p| p.option == name) {
        return Ok((Target::Page(i), name.to_owned()));
    }
    if let Some(i) = table.iter().position(|a| a.option == name) {
        return Ok((Target::Arg(i), name.to_owned()));
    }
    if let Some(i) = tables.custom.iter().position(|c| c.option == name && c.arity != Arity::Positional) {
        return Ok((Target::Custom(i), name.to_owned()));
    }
    if let Some((option, target)) = SPECIAL.iter().find(|(o, _)| *o == name) {
        return Ok((*target, (*option).to_owned()));
    }
    let global = |o: &str| !(tables.unpaged && PAGE_OPTIONS.contains(&o));
    if let Some((option, kind)) = GLOBAL_OPTIONS.iter().find(|(o, _)| *o == name && global(o)) {
        return Ok((Target::Global(*kind), (*option).to_owned()));
    }
    // Unique prefixes, operation options first (the operation parser), then
    // the CLI's own options.
    let operation: Vec<(Target, &str)> = table
        .iter()
        .enumerate()
        .filter(|(_, a)| !tables.pages.iter().any(|p| p.option == a.option))
        .map(|(i, a)| (Target::Arg(i), a.option.as_str()))
        .chain(tables.pages.iter().enumerate().map(|(i, p)| (Target::Page(i), p.option)))
        .chain(
            tables
                .custom
                .iter()
                .enumerate()
                .filter(|(_, c)| c.arity != Arity::Positional)
                .map(|(i, c)| (Target::Custom(i), c.option)),
        )
        .chain(SPECIAL.iter().map(|(o, t)| (*t, *o)))
        .filter(|(_, o)| name.len() > 2 && o.starts_with(name))
        .collect();
    match operation.as_slice() {
        [(target, option)] => return Ok((*target, (*option).to_owned())),
        [] => {}
        many => {
            return Err(ArgError::Ambiguous {
                option: name.to_owned(),
                candidates: many.iter().map(|(_, o)| (*o).to_owned()).collect(),
            });
        }
    }
    let globals: Vec<&(&str, GlobalKind)> =
        GLOBAL_OPTIONS.iter().filter(|(o, _)| name.len() > 2 && o.starts_with(name) && global(o)).collect();
    match globals.as_slice() {
        [(option, kind)] => Ok((Target::Global(*kind), (*option).to_owned())),
        [] => Err(ArgError::UnknownOptions { options: vec![name.to_owned()], suggestions: Vec::new() }),
        many => Err(ArgError::Ambiguous {
            option: name.to_owned(),
            candidates: many.iter().map(|(o, _)| (*o).to_owned()).collect(),
        }),
    }
}

/// What [`scan`] found: the options, and the words that belong to none.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// The options, in order.
    pub occurrences: Vec<Occurrence>,
    /// Indices of the words that are no option and no option's value
    /// (unknown options, stray values).
    pub strays: Vec<usize>,
}

/// Splits `args` into option occurrences. Words that belong to no option
/// come back as [`Scanned::strays`]: the caller reports them together (see
/// [`unknown_options`]), as the CLI's "Unknown options" error does, or
/// forgives those it cannot know (a script's `$EXTRA_ARGS`).
///
/// # Errors
///
/// Ambiguous options, missing values, a value given to a flag.
pub fn scan(args: &[String], tables: Tables<'_, '_>) -> Result<Scanned, ArgError> {
    let table = tables.args;
    let mut occurrences = Vec::new();
    let mut strays = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let token = &args[i];
        if !looks_like_option(token) || token == "--" {
            strays.push(i);
            i += 1;
            continue;
        }
        let (name, inline) = match token.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (token.as_str(), None),
        };
        let (target, option) = match resolve(name, tables) {
            Ok(found) => found,
            Err(ArgError::UnknownOptions { .. }) => {
                strays.push(i);
                i += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let index = i;
        i += 1;
        let arity = match target {
            Target::Arg(a) => table[a].arity,
            Target::Custom(c) => tables.custom[c].arity,
            Target::InputJson | Target::InputYaml | Target::Global(GlobalKind::Value) | Target::Page(_) => {
                Arity::One
            }
            Target::Global(GlobalKind::Flag) => Arity::Flag(true),
            // nargs='?': one value if the next token is not an option.
            Target::GenerateSkeleton => {
                let value = match inline {
                    Some(v) => Some((v, index)),
                    None => args
                        .get(i)
                        .filter(|v| !looks_like_option(v))
                        .inspect(|_| i += 1)
                        .map(|v| (v.clone(), i - 1)),
                };
                occurrences.push(Occurrence { target, option, index, values: value.into_iter().collect() });
                continue;
            }
        };
        let mut values = Vec::new();
        match arity {
            Arity::Flag(_) | Arity::BoolValue(false) | Arity::Positional => {
                if let Some(v) = inline {
                    // A sensitive boolean's value is not quoted (the
                    // member's traits are merged with its shape's).
                    let value = match target {
                        Target::Arg(a) if table[a].member.traits.sensitive => None,
                        _ => Some(v),
                    };
                    return Err(ArgError::FlagWithValue { option, value });
                }
            }
            Arity::One => match inline {
                Some(v) => values.push((v, index)),
                None => match args.get(i) {
                    Some(v) if !looks_like_option(v) => {
                        values.push((v.clone(), i));
                        i += 1;
                    }
                    _ => return Err(ArgError::MissingValue { option }),
                },
            },
            // nargs='?': one value if the next word is no option.
            Arity::Optional | Arity::BoolValue(true) => match inline {
                Some(v) => values.push((v, index)),
                None => {
                    if let Some(v) = args.get(i).filter(|v| !looks_like_option(v)) {
                        values.push((v.clone(), i));
                        i += 1;
                    }
                }
            },
            Arity::Many => {
                if let Some(v) = inline {
                    values.push((v, index));
                } else {
                    while let Some(v) = args.get(i).filter(|v| !looks_like_option(v)) {
                        values.push((v.clone(), i));
                        i += 1;
                    }
                }
            }
        }
        occurrences.push(Occurrence { target, option, index, values });
    }
    Ok(Scanned { occurrences, strays })
}

/// The CLI's "Unknown options" error for the stray words at `strays`, with
/// the closest option of the operation for each misspelt `--option`.
#[must_use]
pub fn unknown_options(args: &[String], strays: &[usize], table: &[ArgSpec<'_>]) -> ArgError {
    let unknown: Vec<String> = strays.iter().filter_map(|&i| args.get(i).cloned()).collect();
    // A misspelt option (`--licence-type`): the closest of the operation's.
    let names: Vec<&str> = table.iter().map(|a| a.option.as_str()).collect();
    let suggestions = unknown
        .iter()
        .filter(|t| t.starts_with("--") && t.len() > 2)
        .filter_map(|t| {
            let name = t.split_once('=').map_or(t.as_str(), |(n, _)| n);
            let best = crate::model::closest_names(name, names.iter().copied()).into_iter().next()?;
            Some((name.to_owned(), best))
        })
        .collect();
    ArgError::UnknownOptions { options: unknown, suggestions }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_are_values() {
        assert!(!looks_like_option("-5"));
        assert!(!looks_like_option("-1.5"));
        assert!(!looks_like_option("-"));
        assert!(looks_like_option("-x"));
        assert!(looks_like_option("--x"));
        assert!(looks_like_option("-1e3"));
    }
}
