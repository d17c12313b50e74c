//! Python values as `scripts/gen-parse-cases` and
//! `fuzz/differential/cliargs_oracle.py` record them. Shared (by `#[path]`)
//! by `tests/parse_goldens.rs` and `tests/fuzz_regressions.rs`.

#![allow(dead_code, clippy::unwrap_used)]

use chime_shape::doc::{Document, NodeId, Value as DocValue};
use chime_shape::python::value::Value;

/// Decodes the generator's lossless encoding of Python values. The line is
/// read with our own JSON parser, which keeps integers beyond 64 bits exact.
pub fn decode(document: &Document, id: NodeId) -> Value {
    let object = document.entries(id);
    let field =
        |name: &str| object.and_then(|e| e.iter().find(|e| e.key == name)).map(|e| document.value(e.value));
    if let Some(DocValue::String(f)) = field("$float") {
        return Value::Float(f.parse().unwrap());
    }
    if let Some(DocValue::String(b)) = field("$bytes") {
        return Value::Bytes(chime_shape::doc::base64::decode(b).unwrap());
    }
    match document.value(id) {
        DocValue::Array(items) => Value::List(items.iter().map(|&i| decode(document, i)).collect()),
        DocValue::Object(entries) => {
            Value::Map(entries.iter().map(|e| (e.key.to_owned(), decode(document, e.value))).collect())
        }
        _ => Value::from_document(document, id),
    }
}
