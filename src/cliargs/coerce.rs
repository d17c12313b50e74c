//! Model-driven typing of shorthand values (awscli's `BackCompatVisitor`).
//!
//! Shorthand has only strings; the model says what they are. Walking the
//! parsed value beside the argument's shape, integers and floats are
//! converted with Python's `int()`/`float()`, `true`/`false` (any case)
//! become booleans, and a scalar where a list belongs is wrapped into a
//! one-element list. Faithful to the CLI down to its quirks:
//!
//! * a wrapped scalar is **not** visited afterwards, so
//!   `Routes={Port=5060}` (a structure where a list of structures belongs)
//!   keeps `"5060"` a string;
//! * at the top level the wrapping is lost (the CLI wraps into a throwaway
//!   parent), so `--tags Key=a` given through `file://` stays a structure;
//! * a boolean that is neither `true` nor `false` stays a string, for the
//!   validator to report;
//! * map keys are never converted, and members the model does not know are
//!   left for the validator.

use crate::model::{Member, Model, ShapeKind};
use crate::python::number;
use crate::python::value::Value;

use super::error::ArgError;
use super::secrecy::is_sensitive;

/// Types `value` (parsed from shorthand) after `member`'s shape. `option`
/// and the path name the value in errors.
///
/// # Errors
///
/// A string that `int()`/`float()` refuse, a list or map where a number or
/// boolean belongs, or a document type reached through shorthand.
///
/// A value inside a sensitive member (at any depth, map keys included) is
/// not quoted in the error, and the keys of a sensitive map are written `*`
/// in the path.
pub fn coerce(model: &Model, member: &Member, value: &mut Value, option: &str) -> Result<(), ArgError> {
    match &model.shape(member.target).kind {
        // The top-level wrap lands in a throwaway parent: visit lists only.
        ShapeKind::List { member: element } => {
            let sensitive = is_sensitive(model, member);
            if let Value::List(items) = value {
                for (i, item) in items.iter_mut().enumerate() {
                    let path = format!("[{i}]");
                    let at = Place { option, path: &path, member_name: &member.name, sensitive };
                    visit(model, element, item, &at)?;
                }
            }
            Ok(())
        }
        _ => visit(
            model,
            member,
            value,
            &Place { option, path: "", member_name: &member.name, sensitive: false },
        ),
    }
}

/// Where a value sits, for errors: the option, the path inside it, the
/// member holding it, and whether anything around it is sensitive.
struct Place<'a> {
    option: &'a str,
    path: &'a str,
    member_name: &'a str,
    sensitive: bool,
}

fn visit(model: &Model, member: &Member, value: &mut Value, at: &Place<'_>) -> Result<(), ArgError> {
    if matches!(value, Value::Null) {
        return Ok(());
    }
    let sensitive = at.sensitive || is_sensitive(model, member);
    let (option, path, member_name) = (at.option, at.path, at.member_name);
    match &model.shape(member.target).kind {
        ShapeKind::Structure(structure) => {
            if structure.document {
                return Err(ArgError::DocumentShorthand {
                    option: option.to_owned(),
                    member: member_name.to_owned(),
                });
            }
            let Value::Map(entries) = value else { return Ok(()) };
            for child in &structure.members {
                if let Some((_, slot)) = entries.iter_mut().find(|(k, _)| *k == child.name) {
                    let child_path = join(path, &child.name);
                    let place = Place { option, path: &child_path, member_name: &child.name, sensitive };
                    visit(model, child, slot, &place)?;
                }
            }
            Ok(())
        }
        ShapeKind::List { member: element } => {
            match value {
                Value::List(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        let item_path = format!("{path}[{i}]");
                        visit(
                            model,
                            element,
                            item,
                            &Place { option, path: &item_path, member_name, sensitive },
                        )?;
                    }
                }
                // `foo=bar` where a list belongs: wrap, and do not visit.
                other => {
                    let scalar = std::mem::replace(other, Value::Null);
                    *other = Value::List(vec![scalar]);
                }
            }
            Ok(())
        }
        ShapeKind::Map { key: key_member, value: value_member } => {
            let hide_keys = sensitive || is_sensitive(model, key_member);
            if let Value::Map(entries) = value {
                for (key, slot) in entries.iter_mut() {
                    let key_path = join(path, if hide_keys { "*" } else { key });
                    visit(
                        model,
                        value_member,
                        slot,
                        &Place { option, path: &key_path, member_name, sensitive },
                    )?;
                }
            }
            Ok(())
        }
        ShapeKind::Integer | ShapeKind::Long => {
            let converted = match &*value {
                Value::String(s) => number::parse_int(s),
                Value::Bytes(b) => std::str::from_utf8(b).ok().and_then(number::parse_int),
                Value::Integer(_) => return Ok(()),
                _ => None,
            };
            match converted {
                Some(i) => {
                    *value = Value::Integer(i);
                    Ok(())
                }
                None => Err(conversion(option, path, value, sensitive, "an integer")),
            }
        }
        ShapeKind::Float | ShapeKind::Double => {
            let converted = match &*value {
                Value::String(s) => number::parse_float(s),
                Value::Bytes(b) => std::str::from_utf8(b).ok().and_then(number::parse_float),
                Value::Float(_) => return Ok(()),
                _ => None,
            };
            match converted {
                Some(f) => {
                    *value = Value::Float(f);
                    Ok(())
                }
                None => Err(conversion(option, path, value, sensitive, "a number")),
            }
        }
        ShapeKind::Boolean => match &*value {
            Value::String(s) if s.eq_ignore_ascii_case("true") && s.is_ascii() => {
                *value = Value::Bool(true);
                Ok(())
            }
            Value::String(s) if s.eq_ignore_ascii_case("false") && s.is_ascii() => {
                *value = Value::Bool(false);
                Ok(())
            }
            Value::List(_) | Value::Map(_) => {
                Err(conversion(option, path, value, sensitive, "true or false"))
            }
            _ => Ok(()),
        },
        ShapeKind::String | ShapeKind::Timestamp | ShapeKind::Blob => Ok(()),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

fn conversion(option: &str, path: &str, value: &Value, sensitive: bool, expected: &'static str) -> ArgError {
    let shown = match value {
        _ if sensitive => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_json().to_string()),
    };
    ArgError::Conversion {
        option: option.to_owned(),
        path: if path.is_empty() { "value".to_owned() } else { path.to_owned() },
        value: shown,
        expected,
    }
}
