//! JSON Schema (draft 2020-12) of an operation's input or output, for
//! editors (VS Code's `json.schemas`) and other validators
//! (check-jsonschema, the `jsonschema` crate).
//!
//! One `$defs` entry per shape, `additionalProperties: false` on
//! structures, `required`, `enum`, lengths, item counts, numeric bounds
//! (with the 32- and 64-bit limits of `integer` and `long`), and patterns
//! rewritten for ECMA-262's `u` mode (a pattern that cannot be is left out
//! and named in the description). What JSON Schema cannot say — that `1.0`
//! is not an integer to botocore, blob lengths in bytes, timestamp syntax —
//! stays with `chime-shape validate`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::documentation::html_to_text;
use crate::model::{Bound, Member, Model, Operation, ShapeId, ShapeKind};
use crate::pattern;

/// Which side of the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The request.
    Input,
    /// The response.
    Output,
}

/// The schema of `operation`'s input or output (`{}`-accepting when the
/// operation has none).
#[must_use]
pub fn operation_schema(model: &Model, operation: &Operation, side: Side) -> Value {
    let member = match side {
        Side::Input => operation.input.as_ref(),
        Side::Output => operation.output.as_ref(),
    };
    let what = match side {
        Side::Input => "request",
        Side::Output => "response",
    };
    let mut root = Map::new();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert("title".into(), json!(format!("{} {} {what}", model.name(), operation.cli_name)));
    let description = html_to_text(&operation.documentation);
    if !description.is_empty() {
        root.insert("description".into(), json!(description));
    }
    let Some(member) = member else {
        root.insert("type".into(), json!("object"));
        root.insert("maxProperties".into(), json!(0));
        return Value::Object(root);
    };
    let mut defs = BTreeMap::new();
    let mut pending = vec![member.target];
    while let Some(id) = pending.pop() {
        let name = model.shape(id).name.clone();
        if defs.contains_key(&name) {
            continue;
        }
        let (def, refs) = shape_def(model, id);
        defs.insert(name, def);
        pending.extend(refs);
    }
    // The root: the input structure, minus required idempotency tokens
    // (the AWS CLI fills those in).
    let root_name = model.shape(member.target).name.clone();
    let mut root_def = defs.get(&root_name).cloned().unwrap_or_else(|| json!({}));
    if side == Side::Input
        && let ShapeKind::Structure(s) = &model.shape(member.target).kind
    {
        let required: Vec<&str> = s
            .required
            .iter()
            .filter(|r| !s.member(r).is_some_and(|m| m.traits.idempotency_token))
            .map(String::as_str)
            .collect();
        if let Some(obj) = root_def.as_object_mut() {
            if required.is_empty() {
                obj.remove("required");
            } else {
                obj.insert("required".into(), json!(required));
            }
        }
    }
    if let Value::Object(obj) = root_def {
        for (k, v) in obj {
            if k != "description" {
                root.insert(k, v);
            }
        }
    }
    root.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    Value::Object(root)
}

fn reference(model: &Model, id: ShapeId) -> Value {
    json!({"$ref": format!("#/$defs/{}", pointer_fragment(&model.shape(id).name))})
}

/// A `$defs` key as a JSON pointer token inside a URI fragment: `~` and `/`
/// escaped as RFC 6901 says (`~0`, `~1`), then every character a fragment
/// may not hold raw percent-encoded as UTF-8 (RFC 3986 `pchar`; `%` itself
/// becomes `%25`). Real shape names are alphanumeric and come out as they
/// are; a model may name a shape `a/b`, `100%` or `x"y`.
fn pointer_fragment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c if c.is_ascii_alphanumeric() || "-._!$&'()*+,;=:@".contains(c) => out.push(c),
            c => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// A property: a `$ref` to the target shape, with the member's own
/// documentation and any constraint the reference overrides.
fn property(model: &Model, member: &Member) -> Value {
    let mut prop = match reference(model, member.target) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let shape = model.shape(member.target);
    if let Some(doc) = &member.traits.documentation {
        let text = html_to_text(doc);
        if !text.is_empty() {
            prop.insert("description".into(), json!(text));
        }
    }
    // Member references may override constraints (rare; e.g. an enum on a
    // reference); add those next to the $ref.
    let t = &member.traits;
    let own = &shape.traits;
    if t.enum_values != own.enum_values
        && let Some(values) = &t.enum_values
    {
        prop.insert("enum".into(), json!(values));
    }
    if t.deprecated {
        prop.insert("deprecated".into(), json!(true));
    }
    Value::Object(prop)
}

/// A size keyword (`minLength`, `maxItems`, …) for a size bound, which
/// JSON Schema requires to be a non-negative integer while a model may write
/// any number (`-1`, `2.5`, `1e30`, an integer beyond `u64`):
/// - a minimum is rounded up; below 0 it says nothing and is left out;
/// - a maximum is rounded down; below 0 no size satisfies it, so the
///   schema gets `"not": {}` (nothing validates), which is what the
///   validator does with it;
/// - either is clamped to `u64::MAX`: no value has 2^64 elements, so
///   a larger bound means the same.
fn put_size(def: &mut Map<String, Value>, key: &str, bound: Option<Bound>, is_min: bool) {
    let Some(bound) = bound else { return };
    let value = match bound {
        Bound::Int(i) => i,
        Bound::Float(f) if f.is_nan() => return,
        // `as` saturates, and ceil/floor make the rounding exact.
        #[allow(clippy::cast_possible_truncation)]
        Bound::Float(f) => (if is_min { f.ceil() } else { f.floor() }) as i128,
    };
    if value < 0 {
        if !is_min {
            def.insert("not".into(), json!({}));
        }
        return;
    }
    let clamped = u64::try_from(value).unwrap_or(u64::MAX);
    def.insert(key.into(), json!(clamped));
}

fn bound_json(bound: Bound) -> Value {
    match bound {
        Bound::Int(i) => i64::try_from(i).map_or_else(|_| json!(bound.as_f64()), |v| json!(v)),
        Bound::Float(f) => json!(f),
    }
}

/// The schema of one shape and the shapes it refers to.
fn shape_def(model: &Model, id: ShapeId) -> (Value, Vec<ShapeId>) {
    let shape = model.shape(id);
    let t = &shape.traits;
    let mut def = Map::new();
    let mut refs = Vec::new();
    if let Some(doc) = &t.documentation {
        let text = html_to_text(doc);
        if !text.is_empty() {
            def.insert("description".into(), json!(text));
        }
    }
    let put = |def: &mut Map<String, Value>, key: &str, bound: Option<Bound>| {
        if let Some(b) = bound {
            def.insert(key.into(), bound_json(b));
        }
    };
    match &shape.kind {
        ShapeKind::Structure(s) if s.document => {
            def.insert("description".into(), json!("A document: any JSON value."));
        }
        ShapeKind::Structure(s) => {
            def.insert("type".into(), json!("object"));
            let mut properties = Map::new();
            for m in &s.members {
                properties.insert(m.name.clone(), property(model, m));
                refs.push(m.target);
            }
            def.insert("properties".into(), Value::Object(properties));
            if !s.required.is_empty() {
                def.insert("required".into(), json!(s.required));
            }
            def.insert("additionalProperties".into(), json!(false));
            if s.union {
                def.insert("minProperties".into(), json!(1));
                def.insert("maxProperties".into(), json!(1));
            }
        }
        ShapeKind::List { member } => {
            def.insert("type".into(), json!("array"));
            def.insert("items".into(), property(model, member));
            refs.push(member.target);
            put_size(&mut def, "minItems", t.min, true);
            put_size(&mut def, "maxItems", t.max, false);
        }
        ShapeKind::Map { key, value } => {
            def.insert("type".into(), json!("object"));
            def.insert("additionalProperties".into(), property(model, value));
            refs.push(value.target);
            let mut names = Map::new();
            string_constraints(&key.traits, &mut names);
            if !names.is_empty() {
                def.insert("propertyNames".into(), Value::Object(names));
            }
            put_size(&mut def, "minProperties", t.min, true);
            put_size(&mut def, "maxProperties", t.max, false);
        }
        ShapeKind::String => {
            def.insert("type".into(), json!("string"));
            string_constraints(t, &mut def);
        }
        ShapeKind::Integer | ShapeKind::Long => {
            def.insert("type".into(), json!("integer"));
            let (lo, hi) = if matches!(shape.kind, ShapeKind::Integer) {
                (i128::from(i32::MIN), i128::from(i32::MAX))
            } else {
                (i128::from(i64::MIN), i128::from(i64::MAX))
            };
            let min = t.min.map_or(Bound::Int(lo), |b| match b {
                Bound::Int(v) => Bound::Int(v.max(lo)),
                other => other,
            });
            let max = t.max.map_or(Bound::Int(hi), |b| match b {
                Bound::Int(v) => Bound::Int(v.min(hi)),
                other => other,
            });
            put(&mut def, "minimum", Some(min));
            put(&mut def, "maximum", Some(max));
        }
        ShapeKind::Float | ShapeKind::Double => {
            def.insert("type".into(), json!("number"));
            put(&mut def, "minimum", t.min);
            put(&mut def, "maximum", t.max);
        }
        ShapeKind::Boolean => {
            def.insert("type".into(), json!("boolean"));
        }
        ShapeKind::Timestamp => {
            def.insert("type".into(), json!(["string", "number"]));
            def.entry("description").or_insert_with(|| json!("A timestamp: ISO 8601 text or epoch seconds."));
        }
        ShapeKind::Blob => {
            def.insert("type".into(), json!("string"));
        }
    }
    if t.deprecated {
        def.insert("deprecated".into(), json!(true));
    }
    (Value::Object(def), refs)
}

fn string_constraints(t: &crate::model::Traits, def: &mut Map<String, Value>) {
    if let Some(values) = &t.enum_values {
        def.insert("enum".into(), json!(values));
    }
    put_size(def, "minLength", t.min, true);
    put_size(def, "maxLength", t.max, false);
    if let Some(source) = &t.pattern {
        match pattern::to_ecma262(source) {
            Some(ecma) => {
                def.insert("pattern".into(), json!(ecma));
            }
            None => {
                let note = format!("Pattern not expressible in JSON Schema: {source}");
                let text = match def.get("description").and_then(Value::as_str) {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                };
                def.insert("description".into(), json!(text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_escaped_pointers_in_fragments() {
        assert_eq!(pointer_fragment("UpdateUserRequest"), "UpdateUserRequest");
        assert_eq!(pointer_fragment("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_fragment("100% \"x\"#é"), "100%25%20%22x%22%23%C3%A9");
    }
}
