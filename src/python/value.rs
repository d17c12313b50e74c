//! An owned request value: what the AWS CLI hands to botocore after it has
//! parsed the command line, in the Python types it would use.
//!
//! Command-line parsing (`cliargs`) builds these; they print as the
//! JSON document of `chime-shape parse` and convert into a positioned
//! [`crate::doc::Document`] for validation. The variants follow Python's
//! types because botocore's checks do (`bytes` is not `str`, a YAML date is
//! not a string).

use serde_json::{Map, Number};

use crate::doc::{Document, NodeId, Value as DocValue};

use super::json::{self, Ascii, JsonView, View};

pub use crate::doc::Integer;

/// A request value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None`.
    Null,
    /// `bool`.
    Bool(bool),
    /// `int`.
    Integer(Integer),
    /// `float`.
    Float(f64),
    /// `str`.
    String(String),
    /// `bytes` (from `fileb://`, or YAML `!!binary`).
    Bytes(Vec<u8>),
    /// A date or datetime (from YAML), kept as its text.
    Timestamp(String),
    /// `list`.
    List(Vec<Value>),
    /// `dict`, in insertion order, keys unique.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The subtree of `document` at `id`, as a value. (Depth is bounded by
    /// the loader's depth limit, so the recursion is too.)
    #[must_use]
    pub fn from_document(document: &Document, id: NodeId) -> Value {
        match document.value(id) {
            DocValue::Null => Value::Null,
            DocValue::Bool(b) => Value::Bool(b),
            DocValue::Integer(i) => Value::Integer(i.clone()),
            DocValue::Float(f) => Value::Float(f.value),
            DocValue::String(s) => Value::String(s.to_owned()),
            DocValue::Timestamp(t) => Value::Timestamp(t.to_owned()),
            DocValue::Binary(b) => Value::Bytes(b.to_vec()),
            DocValue::Array(items) => {
                Value::List(items.iter().map(|&i| Value::from_document(document, i)).collect())
            }
            DocValue::Object(entries) => Value::Map(
                entries.iter().map(|e| (e.key.to_owned(), Value::from_document(document, e.value))).collect(),
            ),
        }
    }

    /// The value as a positioned document: its text is exactly what
    /// `chime-shape parse` prints (Python-style 4-space JSON), so findings
    /// point into the printed request. Bytes and timestamps keep their
    /// types; non-finite floats are written as an out-of-range number.
    #[must_use]
    pub fn to_document(&self) -> Option<Document> {
        let text = json::to_string(&self.finite(), Ascii::Keep);
        // The value is already in memory, so only depth needs a bound: each
        // option value was read within the default depth on its own, and the
        // request adds its top-level map and a list around repeated values.
        let limits = crate::doc::Limits {
            max_bytes: usize::MAX,
            max_nodes: usize::MAX,
            max_depth: crate::doc::Limits::DEFAULT.max_depth + 4,
            ..crate::doc::Limits::DEFAULT
        };
        let (mut document, _) = crate::doc::parse_json(&text, &limits).ok()?;
        let root = document.root();
        self.patch(&mut document, root);
        Some(document)
    }

    /// A copy with NaN and infinities replaced by the literal `1e999`, which
    /// parses as an out-of-range number (JSON has no spelling for them).
    fn finite(&self) -> Value {
        match self {
            Value::Float(f) if !f.is_finite() => Value::Integer(Integer::Big("1e999".into())),
            Value::List(items) => Value::List(items.iter().map(Value::finite).collect()),
            Value::Map(entries) => Value::Map(entries.iter().map(|(k, v)| (k.clone(), v.finite())).collect()),
            other => other.clone(),
        }
    }

    /// Copies bytes and timestamps into the parsed rendering.
    fn patch(&self, document: &mut Document, id: NodeId) {
        match self {
            Value::Bytes(b) => document.replace_with_binary(id, b.clone()),
            Value::Timestamp(t) => document.replace_with_timestamp(id, t),
            Value::List(items) => {
                let ids: Vec<NodeId> = document.items(id).map(<[NodeId]>::to_vec).unwrap_or_default();
                for (item, child) in items.iter().zip(ids) {
                    item.patch(document, child);
                }
            }
            Value::Map(entries) => {
                let ids: Vec<NodeId> =
                    document.entries(id).map(|e| e.iter().map(|e| e.value).collect()).unwrap_or_default();
                for ((_, item), child) in entries.iter().zip(ids) {
                    item.patch(document, child);
                }
            }
            _ => {}
        }
    }

    /// The entry `key` of a map.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` in a map like a Python `dict` assignment: an existing key
    /// keeps its position and takes the new value; a new key is appended.
    /// Does nothing on a non-map.
    pub fn insert(&mut self, key: String, value: Value) {
        if let Value::Map(entries) = self {
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key, value)),
            }
        }
    }

    /// The Python type name botocore would print (`str`, `int`, `dict`, ...).
    #[must_use]
    pub fn python_type(&self) -> &'static str {
        match self {
            Value::Null => "NoneType",
            Value::Bool(_) => "bool",
            Value::Integer(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Timestamp(_) => "datetime",
            Value::List(_) => "list",
            Value::Map(_) => "dict",
        }
    }

    /// The value as JSON, for printing: bytes become base64 text (as JSON
    /// protocols send them), timestamps their text, big integers a JSON
    /// number with all their digits where serde can hold it, else text.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Integer(i) => match i {
                Integer::Small(v) => i64::try_from(*v)
                    .map(serde_json::Value::from)
                    .or_else(|_| u64::try_from(*v).map(serde_json::Value::from))
                    .unwrap_or_else(|_| serde_json::Value::String(v.to_string())),
                Integer::Big(text) => serde_json::Value::String(text.to_string()),
            },
            Value::Float(f) => Number::from_f64(*f)
                .map_or_else(|| serde_json::Value::String(f.to_string()), serde_json::Value::Number),
            Value::String(s) | Value::Timestamp(s) => serde_json::Value::String(s.clone()),
            Value::Bytes(b) => serde_json::Value::String(crate::doc::base64::encode(b)),
            Value::List(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(entries) => serde_json::Value::Object(
                entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<Map<_, _>>(),
            ),
        }
    }
}

impl JsonView for Value {
    fn view(&self) -> View<'_, Self> {
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Integer(i) => View::Integer(i.to_string()),
            Value::Float(f) => View::Float(*f),
            Value::String(s) | Value::Timestamp(s) => View::String(s.into()),
            Value::Bytes(b) => View::String(crate::doc::base64::encode(b).into()),
            Value::List(items) => View::Array(items.iter().collect()),
            Value::Map(entries) => View::Object(entries.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_keeps_the_first_position_like_a_dict() {
        let mut map = Value::Map(Vec::new());
        map.insert("a".into(), Value::Integer(Integer::Small(1)));
        map.insert("b".into(), Value::Integer(Integer::Small(2)));
        map.insert("a".into(), Value::Integer(Integer::Small(3)));
        assert_eq!(map.to_json().to_string(), r#"{"a":3,"b":2}"#);
    }
}
