//! Turning one option's raw text into a typed value, in the AWS CLI's order
//! (`awscli/argprocess.py`, `paramfile.py`): `file://`/`fileb://` first,
//! then shorthand (for structures, maps and lists of them, unless the text
//! starts with `[` or `{`), else JSON or the scalar conversion.

use std::path::PathBuf;

use crate::guard::fsread;
use crate::model::{Member, Model, ShapeKind};
use crate::python::number;
use crate::python::value::Value;
use crate::shorthand::{self, LoadedValue, Shorthand};

use super::coerce::coerce;
use super::error::ArgError;
use super::secrecy::Secrecy;

/// Where files and environment variables come from: the real system, or a
/// fake one in tests.
pub trait Environment {
    /// Reads a file (relative paths against the working directory).
    ///
    /// # Errors
    ///
    /// As `std::fs::read`.
    fn read_file(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>>;
    /// An environment variable.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process's own files and environment.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEnvironment;

impl Environment for SystemEnvironment {
    /// Only regular files, at most [`fsread::MAX_PARAMETER_FILE_BYTES`]:
    /// `file:///dev/zero` would otherwise read until memory runs out, and a
    /// FIFO would block forever.
    fn read_file(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        fsread::read_regular(path, fsread::MAX_PARAMETER_FILE_BYTES)
    }

    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A raw option value: one word, or the words of a list option.
#[derive(Debug, Clone)]
pub enum Raw {
    /// `--opt value`.
    One(String),
    /// `--list-opt a b c` (possibly no words).
    Many(Vec<String>),
}

/// A value after the paramfile step: still text (or words), or file content.
#[derive(Debug, Clone)]
enum Loaded {
    Text(String),
    Words(Vec<String>),
    Bytes(Vec<u8>),
}

/// Python's `os.path.expanduser` (for `~` and `~/...`, from `HOME`) then
/// `os.path.expandvars` (`$NAME` and `${NAME}`; unknown names stay).
#[must_use]
pub fn expand_path(path: &str, env: &dyn Environment) -> PathBuf {
    let mut text = path.to_owned();
    if (text == "~" || text.starts_with("~/"))
        && let Some(home) = env.var("HOME")
    {
        text = format!("{}{}", home.trim_end_matches('/'), &text[1..]);
        if text.is_empty() {
            text.push('/');
        }
    }
    PathBuf::from(expand_vars(&text, env))
}

fn expand_vars(text: &str, env: &dyn Environment) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], end)
        };
        match (name.is_empty(), env.var(name)) {
            (false, Some(value)) => out.push_str(&value),
            _ => out.push_str(&rest[dollar..dollar + 1 + consumed]),
        }
        rest = &rest[dollar + 1 + consumed..];
        if consumed == 0 {
            // A lone `$`: keep it and move on.
            continue;
        }
    }
    out.push_str(rest);
    out
}

/// Why a `file://` or `fileb://` value could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamFileError {
    /// What went wrong; names the resolved path.
    pub reason: String,
    /// The file could not be read at all (missing, not a regular file, too
    /// large, no permission): a usage problem (exit 2), not an invalid value
    /// (exit 1) such as `file://` content that is not UTF-8.
    pub unreadable: bool,
}

impl std::fmt::Display for ParamFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Reads `file://` (text: UTF-8, line ends made `\n` as Python's text mode
/// does) or `fileb://` (bytes). `None` when `value` has neither prefix.
///
/// # Errors
///
/// The file cannot be read, or `file://` content is not UTF-8.
pub fn load_param_file(value: &str, env: &dyn Environment) -> Result<Option<LoadedValue>, ParamFileError> {
    let (path, binary) = if let Some(p) = value.strip_prefix("file://") {
        (p, false)
    } else if let Some(p) = value.strip_prefix("fileb://") {
        (p, true)
    } else {
        return Ok(None);
    };
    let resolved = expand_path(path, env);
    let bytes = env
        .read_file(&resolved)
        .map_err(|e| ParamFileError { reason: format!("{}: {e}", resolved.display()), unreadable: true })?;
    if binary {
        return Ok(Some(LoadedValue::Bytes(bytes)));
    }
    let text = String::from_utf8(bytes).map_err(|_| ParamFileError {
        reason: format!(
            "{}: the content is not UTF-8 text; for binary content use fileb:// instead of file://",
            resolved.display()
        ),
        unreadable: false,
    })?;
    Ok(Some(LoadedValue::Text(text.replace("\r\n", "\n").replace('\r', "\n"))))
}

/// Whether the CLI parses this argument's values as shorthand at all:
/// structures, maps, and lists of structures, lists or maps, unless they
/// only wrap document types.
pub fn supports_shorthand(model: &Model, member: &Member) -> bool {
    match &model.shape(member.target).kind {
        ShapeKind::Structure(s) => !s.document,
        ShapeKind::Map { value, .. } => !model.is_document_container(value),
        ShapeKind::List { member: element } => {
            matches!(
                model.shape(element.target).kind,
                ShapeKind::Structure(_) | ShapeKind::List { .. } | ShapeKind::Map { .. }
            ) && !model.is_document_container(element)
        }
        _ => false,
    }
}

fn shorthand_to_value(sh: Shorthand) -> Value {
    match sh {
        Shorthand::String(s) => Value::String(s),
        Shorthand::Bytes(b) => Value::Bytes(b),
        Shorthand::List(items) => Value::List(items.into_iter().map(shorthand_to_value).collect()),
        Shorthand::Map(entries) => {
            Value::Map(entries.into_iter().map(|(k, v)| (k, shorthand_to_value(v))).collect())
        }
    }
}

/// Unpacks one option of the operation.
///
/// # Errors
///
/// Every way the CLI refuses a value: unreadable files, shorthand syntax,
/// invalid JSON, failed conversions.
pub fn unpack(
    model: &Model,
    member: &Member,
    option: &str,
    raw: Raw,
    env: &dyn Environment,
    notes: &mut Vec<String>,
) -> Result<Value, ArgError> {
    let secrecy = Secrecy::of(model, member);
    let loaded = load_step(raw, option, env, notes, &secrecy)?;
    let kind = &model.shape(member.target).kind;

    // Document types and JSON-valued headers are always JSON.
    let is_document = matches!(kind, ShapeKind::Structure(s) if s.document);
    let is_json_header = member.traits.jsonvalue
        && member.traits.location == Some(crate::model::Location::Header)
        && matches!(kind, ShapeKind::String);
    if is_document || is_json_header {
        let text = loaded_text(&loaded, option)?;
        return super::json::parse(&text, option, &secrecy);
    }

    if supports_shorthand(model, member) {
        let first = match &loaded {
            Loaded::Text(t) => Some(t.as_str()),
            Loaded::Words(w) => w.first().map(String::as_str),
            Loaded::Bytes(_) => None,
        };
        let looks_like_json = first.is_some_and(|t| number::strip(t).starts_with(['[', '{']));
        if !looks_like_json {
            return unpack_shorthand(model, member, option, loaded, env, &secrecy);
        }
    }
    unpack_default(model, member, option, loaded, &secrecy)
}

/// The paramfile step: a value (or the single word of a list option)
/// starting with `file://` or `fileb://` is replaced by the file's content.
fn load_step(
    raw: Raw,
    option: &str,
    env: &dyn Environment,
    notes: &mut Vec<String>,
    secrecy: &Secrecy,
) -> Result<Loaded, ArgError> {
    let candidate = match &raw {
        Raw::One(v) => Some(v.as_str()),
        Raw::Many(words) if words.len() == 1 => words.first().map(String::as_str),
        Raw::Many(_) => None,
    };
    if let Some(value) = candidate {
        if value.starts_with("http://") || value.starts_with("https://") {
            let shown = secrecy
                .quote(value)
                .map_or_else(|| "the URL (sensitive, not shown)".to_owned(), |v| format!("`{v}`"));
            notes.push(format!(
                "{option}: {shown} is used as it is; AWS CLI v1 would download it (cli_follow_urlparam), \
                 v2 uses it literally, and chime-shape never touches the network"
            ));
        }
        match load_param_file(value, env) {
            Ok(Some(LoadedValue::Text(t))) => return Ok(Loaded::Text(t)),
            Ok(Some(LoadedValue::Bytes(b))) => return Ok(Loaded::Bytes(b)),
            Ok(None) => {}
            Err(e) => {
                return Err(ArgError::ParamFile {
                    option: option.to_owned(),
                    uri: value.to_owned(),
                    reason: e.reason,
                    unreadable: e.unreadable,
                });
            }
        }
    }
    Ok(match raw {
        Raw::One(v) => Loaded::Text(v),
        Raw::Many(w) => Loaded::Words(w),
    })
}

fn loaded_text(loaded: &Loaded, option: &str) -> Result<String, ArgError> {
    match loaded {
        Loaded::Text(t) => Ok(t.clone()),
        Loaded::Words(w) => Ok(w.first().cloned().unwrap_or_default()),
        Loaded::Bytes(b) => String::from_utf8(b.clone()).map_err(|_| ArgError::Json {
            option: option.to_owned(),
            message: "binary content is not UTF-8 text".to_owned(),
            input: Some(String::new()),
        }),
    }
}

fn unpack_shorthand(
    model: &Model,
    member: &Member,
    option: &str,
    loaded: Loaded,
    env: &dyn Environment,
    secrecy: &Secrecy,
) -> Result<Value, ArgError> {
    let kind = &model.shape(member.target).kind;
    // The legacy case: a structure whose only member is a string `Value`
    // takes a bare word (`--x foo` is `{"Value": "foo"}`).
    if let (ShapeKind::Structure(s), Loaded::Text(text)) = (kind, &loaded)
        && s.members.len() == 1
        && s.members
            .first()
            .is_some_and(|m| m.name == "Value" && matches!(model.shape(m.target).kind, ShapeKind::String))
        && !text.contains('=')
    {
        return Ok(Value::Map(vec![("Value".to_owned(), Value::String(text.clone()))]));
    }
    let parse_one = |text: &str| -> Result<Value, ArgError> {
        // Which loads failed because the file could not be read (exit 2)
        // rather than because of its content.
        let mut unreadable = false;
        let mut loader = |v: &str| {
            load_param_file(v, env).map_err(|e| {
                unreadable |= e.unreadable;
                e.reason
            })
        };
        let parsed = shorthand::parse_with_loader(text, &mut loader);
        parsed.map(shorthand_to_value).map_err(|e| shorthand_error(option, text, e, unreadable, secrecy))
    };
    let mut value = match loaded {
        Loaded::Words(words) => Value::List(words.iter().map(|w| parse_one(w)).collect::<Result<_, _>>()?),
        Loaded::Text(text) => parse_one(&text)?,
        Loaded::Bytes(_) => {
            return Err(ArgError::NotJsonOrShorthand {
                option: option.to_owned(),
                input: Some("<binary content from fileb://>".to_owned()),
            });
        }
    };
    coerce(model, member, &mut value, option)?;
    Ok(value)
}

/// The error for a shorthand text that does not parse. A load of a file
/// that cannot be read is [`ArgError::ParamFile`] (exit 2). The text and
/// the caret line under it are quoted only when the text cannot hold a
/// sensitive value; otherwise only the character position is given.
fn shorthand_error(
    option: &str,
    text: &str,
    error: shorthand::ShorthandError,
    unreadable: bool,
    secrecy: &Secrecy,
) -> ArgError {
    if let shorthand::ErrorKind::Load { value, message } = error.kind()
        && unreadable
    {
        return ArgError::ParamFile {
            option: option.to_owned(),
            uri: value.clone(),
            reason: message.clone(),
            unreadable: true,
        };
    }
    let message = if secrecy.hides(text) {
        error.description_redacted()
    } else {
        format!("{}\n{}", error.description(), error.render_escaped(text))
    };
    ArgError::Shorthand { option: option.to_owned(), message, error: Box::new(error) }
}

/// `unpack_cli_arg` without shorthand: scalars converted, structures and
/// maps as JSON objects, lists as a JSON array or word by word.
fn unpack_default(
    model: &Model,
    member: &Member,
    option: &str,
    loaded: Loaded,
    secrecy: &Secrecy,
) -> Result<Value, ArgError> {
    match loaded {
        // `fileb://` content: Python iterates bytes as integers, so a list
        // of scalars becomes a list of byte values; structures and maps are
        // refused; numbers are read from the text.
        Loaded::Bytes(b) => Ok(match &model.shape(member.target).kind {
            ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double => {
                let text = String::from_utf8_lossy(&b).into_owned();
                scalar(model, member, option, &text, secrecy)?
            }
            ShapeKind::List { member: element } if model.shape(element.target).kind.is_scalar() => {
                Value::List(
                    b.iter()
                        .map(|&byte| Value::Integer(crate::python::value::Integer::Small(i128::from(byte))))
                        .collect(),
                )
            }
            ShapeKind::List { .. } | ShapeKind::Structure(_) | ShapeKind::Map { .. } => {
                return Err(ArgError::NotJsonOrShorthand {
                    option: option.to_owned(),
                    input: Some("<binary content from fileb://>".to_owned()),
                });
            }
            _ => Value::Bytes(b),
        }),
        Loaded::Text(text) => unpack_text(model, member, option, &text, secrecy),
        Loaded::Words(words) => match &model.shape(member.target).kind {
            ShapeKind::List { member: element } => {
                if let [single] = words.as_slice()
                    && number::strip(single).starts_with('[')
                {
                    return super::json::parse(single, option, secrecy);
                }
                words
                    .iter()
                    .map(|w| unpack_text(model, element, option, w, secrecy))
                    .collect::<Result<_, _>>()
                    .map(Value::List)
            }
            _ => unpack_text(model, member, option, &words.join(" "), secrecy),
        },
    }
}

/// `secrecy` is the whole option's: a list element of a sensitive list
/// is sensitive too.
fn unpack_text(
    model: &Model,
    member: &Member,
    option: &str,
    text: &str,
    secrecy: &Secrecy,
) -> Result<Value, ArgError> {
    match &model.shape(member.target).kind {
        ShapeKind::Structure(_) | ShapeKind::Map { .. } => {
            if text.trim_start_matches(number::is_python_space).starts_with('{') {
                super::json::parse(text, option, secrecy)
            } else {
                Err(ArgError::NotJsonOrShorthand { option: option.to_owned(), input: secrecy.quote(text) })
            }
        }
        // A list given one text (from `file://`): JSON if it starts with
        // `[`, else -- the CLI's quirk -- one element per character.
        ShapeKind::List { member: element } => {
            if text.trim_start_matches(number::is_python_space).starts_with('[') {
                super::json::parse(text, option, secrecy)
            } else if text.is_empty() {
                Err(ArgError::NotJsonOrShorthand { option: option.to_owned(), input: Some(String::new()) })
            } else {
                text.chars()
                    .map(|c| unpack_text(model, element, option, &c.to_string(), secrecy))
                    .collect::<Result<_, _>>()
                    .map(Value::List)
            }
        }
        _ => scalar(model, member, option, text, secrecy),
    }
}

fn scalar(
    model: &Model,
    member: &Member,
    option: &str,
    text: &str,
    secrecy: &Secrecy,
) -> Result<Value, ArgError> {
    let conversion = |expected| ArgError::Conversion {
        option: option.to_owned(),
        path: "value".to_owned(),
        value: secrecy.quote(text),
        expected,
    };
    Ok(match &model.shape(member.target).kind {
        ShapeKind::Integer | ShapeKind::Long => {
            Value::Integer(number::parse_int(text).ok_or_else(|| conversion("an integer"))?)
        }
        ShapeKind::Float | ShapeKind::Double => {
            Value::Float(number::parse_float(text).ok_or_else(|| conversion("a number"))?)
        }
        ShapeKind::Boolean => Value::Bool(!text.eq_ignore_ascii_case("false") && !text.is_empty()),
        _ => Value::String(text.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FakeEnv;
    impl Environment for FakeEnv {
        fn read_file(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
            Err(std::io::Error::new(std::io::ErrorKind::NotFound, path.display().to_string()))
        }
        fn var(&self, name: &str) -> Option<String> {
            match name {
                "HOME" => Some("/home/u".into()),
                "X" => Some("x-value".into()),
                _ => None,
            }
        }
    }

    #[test]
    fn paths_expand_like_python() {
        let p = |s: &str| expand_path(s, &FakeEnv).display().to_string();
        assert_eq!(p("~/a.json"), "/home/u/a.json");
        assert_eq!(p("~"), "/home/u");
        assert_eq!(p("~other/a"), "~other/a");
        assert_eq!(p("$X/a"), "x-value/a");
        assert_eq!(p("${X}b"), "x-valueb");
        assert_eq!(p("$NOPE/a"), "$NOPE/a");
        assert_eq!(p("a$"), "a$");
        assert_eq!(p("${X"), "${X");
    }
}
