//! Skeletons filled with what the user already has: the request an
//! argument list builds (aws-cli#6236: `--generate-cli-skeleton` ignores
//! the other arguments), or the members of a response document that the
//! request shares (aws-cli#789: `get-*` output fed to `update-*` fails with
//! "Unknown key").
//!
//! [`overlay`] lays a request value over a skeleton: the skeleton's member
//! order, the given value wherever one is given (into lists and maps, whose
//! items each get the element's skeleton under them), the skeleton's
//! placeholders (or example values) elsewhere. [`take`] picks from a
//! response what the input shape has, with the right types, and says what
//! it left out.
//!
//! Sensitive values: a value of a `sensitive` member (or inside one) that
//! came from the user is replaced by the skeleton's value unless
//! `show_sensitive`; [`Filling::masked`] lists where, for a note. The
//! values are the user's own, but a skeleton lands in terminals, logs and
//! files that get committed.

use crate::model::{Member, Model, ShapeKind};
use crate::python::value::Value;

use super::example::{self, Generator, Options};
use super::{Field, Filled, Node};

/// What filling did besides the tree.
#[derive(Debug, Default)]
pub struct Filling {
    /// Pointers of sensitive values left out (the skeleton's value stands
    /// in their place).
    pub masked: Vec<String>,
    /// What the skeleton could not make valid (`--example`).
    pub warnings: Vec<example::Warning>,
}

/// The skeleton of `input` (with `options`) with `given` laid over it.
#[must_use]
pub fn overlay<'m>(
    model: &'m Model,
    input: &'m Member,
    options: Options,
    given: &Value,
    show_sensitive: bool,
) -> (Node<'m>, Filling) {
    let base = if options.example || options.required_only {
        let (node, warnings) = example::generate(model, input, options);
        (node, warnings)
    } else {
        (super::generate(model, input, super::Values::Placeholders), Vec::new())
    };
    let mut filler = Filler {
        generator: Generator::new(model, options),
        model,
        show_sensitive,
        path: Vec::new(),
        masked: Vec::new(),
        padded: 0,
    };
    let node = filler.merge(input, Some(base.0), given, false);
    let mut warnings = base.1;
    warnings.append(&mut filler.generator.warnings);
    (node, Filling { masked: filler.masked, warnings })
}

struct Filler<'m> {
    generator: Generator<'m>,
    model: &'m Model,
    show_sensitive: bool,
    path: Vec<String>,
    masked: Vec<String>,
    /// Nodes of the element skeletons copied under given items so far.
    padded: usize,
}

/// The most skeleton nodes copied under the items of given lists and maps:
/// 20,000 items over a large element skeleton (quicksight's sheets) were
/// gigabytes. Past it, items are printed as given, with a warning.
const MAX_PADDED_NODES: usize = 200_000;

/// The nodes of a skeleton tree.
fn size(node: &Node<'_>) -> usize {
    match node {
        Node::Structure(fields) => fields.iter().map(|f| size(&f.value)).fold(1, usize::saturating_add),
        Node::List(items) => items.iter().map(size).fold(1, usize::saturating_add),
        Node::Map(pairs) => pairs.iter().map(|(_, v)| size(v)).fold(1, usize::saturating_add),
        _ => 1,
    }
}

impl<'m> Filler<'m> {
    /// A copy of the element skeleton to lay a given item over, while the
    /// budget lasts; `None` past it (the item is printed as given).
    fn pad(&mut self, first: Option<&Node<'m>>) -> Option<Node<'m>> {
        let first = first?;
        let cost = size(first);
        if self.padded.saturating_add(cost) > MAX_PADDED_NODES {
            if self.padded <= MAX_PADDED_NODES {
                self.padded = MAX_PADDED_NODES.saturating_add(1);
                self.generator.warnings.push(example::Warning {
                    pointer: self.pointer(),
                    message:
                        "too many items to lay over the skeleton: from here on, items are printed as given"
                            .into(),
                });
            }
            return None;
        }
        self.padded += cost;
        Some(first.clone())
    }

    fn pointer(&self) -> String {
        self.path.iter().map(|p| format!("/{}", crate::doc::escape_pointer_token(p))).collect()
    }

    /// `given` as `member`, over `base` (the skeleton's value there, if it
    /// has one). `secret`: inside a sensitive value.
    fn merge(&mut self, member: &'m Member, base: Option<Node<'m>>, given: &Value, secret: bool) -> Node<'m> {
        let secret = secret || member.traits.sensitive;
        let kind = &self.model.shape(member.target).kind;
        let container = matches!(
            (kind, given),
            (ShapeKind::Structure(_) | ShapeKind::Map { .. }, Value::Map(_))
                | (ShapeKind::List { .. }, Value::List(_))
        );
        // A given scalar needs no skeleton under it (generating one only
        // to drop it warned about values never printed).
        let masking = secret && !self.show_sensitive;
        if !container && !masking {
            return Filled::node(given.clone());
        }
        let base = base.unwrap_or_else(|| self.generator.member(member, &member.name));
        if secret && !self.show_sensitive {
            self.masked.push(self.pointer());
            return base;
        }
        match (&self.model.shape(member.target).kind, given) {
            (ShapeKind::Structure(structure), Value::Map(entries)) if !structure.document => {
                let mut old = match base {
                    Node::Structure(fields) => fields,
                    _ => Vec::new(),
                };
                let mut fields = Vec::new();
                for m in &structure.members {
                    let taken = old.iter().position(|f| std::ptr::eq(f.member, m)).map(|i| old.remove(i));
                    let given = entries.iter().find(|(k, _)| *k == m.name).map(|(_, v)| v);
                    let value = match (taken, given) {
                        (base, Some(v)) => {
                            self.path.push(m.name.clone());
                            let value = self.merge(m, base.map(|f| f.value), v, secret);
                            self.path.pop();
                            value
                        }
                        // A union holds the member given, not the
                        // skeleton's choice.
                        (Some(_), None) if structure.union && !entries.is_empty() => continue,
                        (Some(field), None) => field.value,
                        (None, None) => continue,
                    };
                    fields.push(Field { member: m, required: structure.is_required(&m.name), value });
                }
                Node::Structure(fields)
            }
            (ShapeKind::List { member: element }, Value::List(items)) => {
                let first = match base {
                    Node::List(mut nodes) if !nodes.is_empty() => Some(nodes.swap_remove(0)),
                    _ => None,
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    self.path.push(i.to_string());
                    let under = self.pad(first.as_ref());
                    out.push(match under {
                        Some(base) => self.merge(element, Some(base), item, secret),
                        None if secret && !self.show_sensitive => self.merge(element, None, item, secret),
                        None => Filled::node(item.clone()),
                    });
                    self.path.pop();
                }
                Node::List(out)
            }
            (ShapeKind::Map { key, value }, Value::Map(entries)) => {
                let first = match base {
                    Node::Map(mut pairs) if !pairs.is_empty() => Some(pairs.swap_remove(0).1),
                    _ => None,
                };
                let mut out = Vec::new();
                for (k, v) in entries {
                    if key.traits.sensitive && !self.show_sensitive {
                        self.masked.push(format!("{}/{}", self.pointer(), crate::validate::SENSITIVE_TOKEN));
                        continue;
                    }
                    self.path.push(k.clone());
                    let under = self.pad(first.as_ref());
                    let merged = match under {
                        Some(base) => self.merge(value, Some(base), v, secret),
                        None if secret && !self.show_sensitive => self.merge(value, None, v, secret),
                        None => Filled::node(v.clone()),
                    };
                    out.push((k.clone(), merged));
                    self.path.pop();
                }
                Node::Map(out)
            }
            // A scalar, a document's value, or a value of another type
            // than the shape's (the validator says so): as given.
            _ => Filled::node(given.clone()),
        }
    }
}

/// What [`take`] kept and left out.
#[derive(Debug, Default)]
pub struct Taken {
    /// The request members found, as a request value (a map).
    pub value: Option<Value>,
    /// The pointer (in the response) of the structure taken from: `""` for
    /// the top level, `/User` for `{"User": {...}}`.
    pub root: String,
    /// Pointers (in the response) of members the input does not have.
    pub unknown: Vec<String>,
    /// Pointers (in the response) of values of the wrong type, with what
    /// was expected.
    pub mistyped: Vec<(String, &'static str)>,
}

/// The members of `response` that `input` has, with the right types.
///
/// The members are looked for at the top level, or, when the top level is
/// one member that the input does not have and that holds an object (as
/// `get-user` returns `{"User": {...}}`), inside it.
#[must_use]
pub fn take(model: &Model, input: &Member, response: &Value) -> Taken {
    let mut taken = Taken::default();
    let mut value = response;
    if let Value::Map(entries) = response
        && let [(key, inner @ Value::Map(_))] = entries.as_slice()
        && !has_member(model, input, key)
    {
        taken.root = format!("/{}", crate::doc::escape_pointer_token(key));
        value = inner;
    }
    let root = taken.root.clone();
    taken.value = pick(model, input, value, &root, false, &mut taken);
    taken
}

fn has_member(model: &Model, member: &Member, name: &str) -> bool {
    matches!(&model.shape(member.target).kind, ShapeKind::Structure(s) if s.member(name).is_some())
}

/// A key of `value`'s in a pointer for a note: `<sensitive>` where the
/// key may be a secret (a sensitive key shape, or anything inside a
/// sensitive value), as the validator writes it.
fn token(key: &str, secret: bool) -> String {
    if secret {
        crate::validate::SENSITIVE_TOKEN.to_owned()
    } else {
        crate::doc::escape_pointer_token(key).into_owned()
    }
}

/// `value` as `member`, or `None` (noted) if it has the wrong type;
/// `secret`: inside a sensitive value.
fn pick(
    model: &Model,
    member: &Member,
    value: &Value,
    pointer: &str,
    secret: bool,
    taken: &mut Taken,
) -> Option<Value> {
    let secret = secret || member.traits.sensitive;
    let kind = &model.shape(member.target).kind;
    let expected = match (kind, value) {
        (ShapeKind::Structure(s), _) if s.document => return Some(value.clone()),
        (ShapeKind::Structure(structure), Value::Map(entries)) => {
            let mut out = Vec::new();
            for (key, v) in entries {
                let at = format!("{pointer}/{}", token(key, secret && structure.member(key).is_none()));
                match structure.member(key) {
                    Some(m) => {
                        if let Some(v) = pick(model, m, v, &at, secret, taken) {
                            out.push((key.clone(), v));
                        }
                    }
                    None => taken.unknown.push(at),
                }
            }
            return Some(Value::Map(out));
        }
        (ShapeKind::List { member: element }, Value::List(items)) => {
            let items = items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| pick(model, element, v, &format!("{pointer}/{i}"), secret, taken))
                .collect();
            return Some(Value::List(items));
        }
        (ShapeKind::Map { key: key_member, value: element }, Value::Map(entries)) => {
            let mut out = Vec::new();
            for (key, v) in entries {
                let at = format!("{pointer}/{}", token(key, secret || key_member.traits.sensitive));
                if let Some(v) = pick(model, element, v, &at, secret, taken) {
                    out.push((key.clone(), v));
                }
            }
            return Some(Value::Map(out));
        }
        (ShapeKind::String, Value::String(_))
        | (ShapeKind::Integer | ShapeKind::Long, Value::Integer(_))
        | (ShapeKind::Float | ShapeKind::Double, Value::Integer(_) | Value::Float(_))
        | (ShapeKind::Boolean, Value::Bool(_))
        | (
            ShapeKind::Timestamp,
            Value::String(_) | Value::Timestamp(_) | Value::Integer(_) | Value::Float(_),
        )
        | (ShapeKind::Blob, Value::String(_) | Value::Bytes(_)) => return Some(value.clone()),
        (ShapeKind::Structure(_), _) => "an object",
        (ShapeKind::List { .. }, _) => "a list",
        (ShapeKind::Map { .. }, _) => "an object (a map)",
        (ShapeKind::String, _) => "a string",
        (ShapeKind::Integer | ShapeKind::Long, _) => "an integer",
        (ShapeKind::Float | ShapeKind::Double, _) => "a number",
        (ShapeKind::Boolean, _) => "true or false",
        (ShapeKind::Timestamp, _) => "a timestamp",
        (ShapeKind::Blob, _) => "a string (the blob's content)",
    };
    taken.mistyped.push((pointer.to_owned(), expected));
    None
}
