//! Request skeletons whose values satisfy the model (`--example`), and the
//! minimal request (`--required-only`).
//!
//! The AWS CLI's skeleton writes `""`, `0` and the first enum value, which
//! break `min`, `pattern`, ranges and list sizes (aws-cli#6695): fed back
//! unchanged, it fails. Here every value is chosen to pass the validator:
//! the first enum value that fits; a string from the member's name when it
//! fits the length and pattern, else one generated from the pattern and
//! checked by the validator's engine ([`crate::pattern::generate`]); 1 (or
//! the bound) for numbers; `max(min, 1)` list items and map entries with
//! distinct keys; one member of a union. The values are the same on every
//! run. Values of `sensitive` members are made up like the others, so they
//! are printed.
//!
//! What cannot be made valid is said, never guessed at: a [`Warning`] for
//! stderr, and the value's [`Filled::note`] for the YAML comment, with the
//! CLI's placeholder printed instead of a value known to be wrong.
//!
//! A recursive structure is written in full once; where it meets itself
//! again only its required members are kept, and a chain of required
//! members that never ends is cut after [`MAX_RECURSION`] turns (no value
//! can satisfy it).

use std::collections::HashMap;

use crate::model::{Bound, Member, Model, ShapeId, ShapeKind, Structure, xform_name};
use crate::pattern::Pattern;
use crate::pattern::generate::{self, GenerateError, Lengths};
use crate::python::value::{Integer, Value};

use super::{Field, Filled, Node};

/// What a filled skeleton holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Values that satisfy the model instead of the CLI's placeholders.
    pub example: bool,
    /// Only what the request needs: required members, and one member of
    /// each union.
    pub required_only: bool,
}

/// A value the skeleton could not make valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where, as a JSON pointer into the request.
    pub pointer: String,
    /// What and why.
    pub message: String,
}

/// How many times a structure may appear on the path from the root: once
/// in full, then required members only, up to this many times in all.
pub const MAX_RECURSION: usize = 4;

/// The most list items or map entries written for one `min`.
const MAX_ITEMS: usize = 10_000;

/// The most nodes one skeleton gets (a hostile model can make a skeleton
/// grow exponentially without recursion); past it structures are empty.
const MAX_NODES: usize = 2_000_000;

/// A fixed, recognisable timestamp.
pub const EXAMPLE_TIMESTAMP: &str = "2024-01-01T00:00:00Z";

/// The skeleton of `member` (an operation's input) with `options`, and what
/// could not be made valid.
#[must_use]
pub fn generate<'m>(model: &'m Model, member: &'m Member, options: Options) -> (Node<'m>, Vec<Warning>) {
    let mut generator = Generator::new(model, options);
    let node = generator.member(member, "");
    (node, generator.warnings)
}

/// A generated string's inputs: pattern, `min`, `max`, preferred value.
type StringKey = (String, usize, Option<usize>, String);

/// The walk's state.
pub(super) struct Generator<'m> {
    model: &'m Model,
    options: Options,
    stack: Vec<ShapeId>,
    path: Vec<String>,
    pub(super) warnings: Vec<Warning>,
    /// Generated strings by (pattern, lengths, preferred value).
    strings: HashMap<StringKey, Result<String, GenerateError>>,
    /// Compiled patterns (for enum values), `None` when not checkable.
    patterns: HashMap<String, Option<Pattern>>,
    nodes: usize,
}

impl<'m> Generator<'m> {
    pub(super) fn new(model: &'m Model, options: Options) -> Self {
        Generator {
            model,
            options,
            stack: Vec::new(),
            path: Vec::new(),
            warnings: Vec::new(),
            strings: HashMap::new(),
            patterns: HashMap::new(),
            nodes: 0,
        }
    }

    fn warn(&mut self, message: String) {
        let pointer: String =
            self.path.iter().map(|p| format!("/{}", crate::doc::escape_pointer_token(p))).collect();
        self.warnings.push(Warning { pointer, message });
    }

    /// The value of `member`; `name` is the member (or list's) name, which
    /// example strings are made from.
    pub(super) fn member(&mut self, member: &'m Member, name: &str) -> Node<'m> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            if self.nodes == MAX_NODES + 1 {
                self.warn(
                    "the skeleton is too large: the model makes it grow exponentially; cut here".into(),
                );
            }
            return Node::Structure(Vec::new());
        }
        // Lists and maps of themselves (a hostile model) end here too.
        if self.stack.len() >= super::MAX_DEPTH {
            return Node::Structure(Vec::new());
        }
        self.stack.push(member.target);
        let node = self.value(member, name);
        self.stack.pop();
        node
    }

    fn value(&mut self, member: &'m Member, name: &str) -> Node<'m> {
        let shape = self.model.shape(member.target);
        match &shape.kind {
            ShapeKind::Structure(structure) => self.structure(member, structure),
            ShapeKind::List { member: element } => {
                let count = if self.options.example { self.count(member) } else { 1 };
                self.path.push("0".into());
                let before = self.nodes;
                let item = self.member(element, name);
                self.path.pop();
                // The copies count against the budget as much as the item
                // does: nested lists of `min: 10000` were billions of nodes.
                let cost = self.nodes.saturating_sub(before).max(1);
                let room = MAX_NODES.saturating_sub(self.nodes) / cost;
                let copies = count.saturating_sub(1);
                let count = if copies > room {
                    self.warn(format!(
                        "the list needs {count} items, more than the skeleton can hold: {} printed",
                        room + 1
                    ));
                    room + 1
                } else {
                    count
                };
                self.nodes = self.nodes.saturating_add(cost.saturating_mul(count.saturating_sub(1)));
                Node::List(vec![item; count])
            }
            ShapeKind::Map { key, value } => {
                if !self.options.example {
                    return Node::Map(vec![("KeyName".into(), self.member(value, ""))]);
                }
                let count = self.count(member);
                let mut keys: Vec<String> = Vec::new();
                for _ in 0..count {
                    match self.string_value(key, "key", &keys) {
                        Ok(k) => keys.push(k),
                        Err(note) => {
                            self.warn(format!("map key: {note}"));
                            break;
                        }
                    }
                }
                let mut entries = Vec::new();
                for k in keys {
                    self.path.push(k.clone());
                    let v = self.member(value, "");
                    self.path.pop();
                    entries.push((k, v));
                }
                Node::Map(entries)
            }
            ShapeKind::String if self.options.example => self.string(member, name),
            ShapeKind::String => Node::String(
                member.traits.enum_values.as_ref().and_then(|e| e.first()).cloned().unwrap_or_default(),
            ),
            _ if !self.options.example => match &shape.kind {
                ShapeKind::Integer | ShapeKind::Long => Node::Integer,
                ShapeKind::Float | ShapeKind::Double => Node::Float,
                ShapeKind::Boolean => Node::Boolean,
                ShapeKind::Timestamp => Node::Timestamp,
                _ => Node::Blob,
            },
            ShapeKind::Integer => self.integer(member, i128::from(i32::MIN), i128::from(i32::MAX)),
            ShapeKind::Long => self.integer(member, i128::from(i64::MIN), i128::from(i64::MAX)),
            ShapeKind::Float | ShapeKind::Double => self.float(member),
            ShapeKind::Boolean => Filled::node(Value::Bool(true)),
            ShapeKind::Timestamp => Filled::node(Value::Timestamp(EXAMPLE_TIMESTAMP.into())),
            ShapeKind::Blob => self.blob(member),
        }
    }

    fn structure(&mut self, member: &'m Member, structure: &'m Structure) -> Node<'m> {
        if structure.document {
            return Node::Structure(Vec::new());
        }
        let seen = self.stack.iter().filter(|&&id| id == member.target).count();
        let recursing = seen > 1;
        let chosen: Vec<&'m Member> = if structure.union {
            // Where the union meets itself again, a member that does not
            // lead back into the path (`Filter`, not `And`), else the
            // recursion could only end in an empty, invalid union.
            let back = |m: &&'m Member| recursing && self.leads_back(m);
            let pick = structure.members.iter().find(|m| !back(m)).or(structure.members.first());
            pick.into_iter().collect()
        } else if self.options.required_only || recursing {
            structure.members.iter().filter(|m| structure.is_required(&m.name)).collect()
        } else {
            structure.members.iter().collect()
        };
        if seen > MAX_RECURSION {
            if !chosen.is_empty() {
                self.warn(format!(
                    "{} requires itself without end: no value can satisfy it; cut here",
                    self.model.shape(member.target).name
                ));
            }
            return Node::Structure(Vec::new());
        }
        let mut fields = Vec::new();
        for m in chosen {
            self.path.push(m.name.clone());
            let value = self.member(m, &m.name);
            self.path.pop();
            fields.push(Field { member: m, required: structure.is_required(&m.name), value });
        }
        Node::Structure(fields)
    }

    /// Whether a value of `member` can contain a structure on the path
    /// (bounded: a walk of the shapes reachable from it, each once).
    fn leads_back(&self, member: &Member) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![member.target];
        while let Some(id) = todo.pop() {
            if self.stack.contains(&id) {
                return true;
            }
            if !seen.insert(id) || seen.len() > 10_000 {
                continue;
            }
            match &self.model.shape(id).kind {
                ShapeKind::Structure(s) => todo.extend(s.members.iter().map(|m| m.target)),
                ShapeKind::List { member } => todo.push(member.target),
                ShapeKind::Map { value, .. } => todo.push(value.target),
                _ => {}
            }
        }
        false
    }

    /// How many items or entries an example list or map gets.
    fn count(&mut self, member: &Member) -> usize {
        let (min, max) = sizes(member);
        let mut count = min.max(1).min(max.unwrap_or(usize::MAX));
        if count > MAX_ITEMS {
            self.warn(format!("needs {count} entries; only {MAX_ITEMS} are written"));
            count = MAX_ITEMS;
        }
        count
    }

    fn string(&mut self, member: &Member, name: &str) -> Node<'m> {
        match self.string_value(member, name, &[]) {
            Ok(value) => Filled::node(Value::String(value)),
            Err(note) => {
                self.warn(note.clone());
                Node::Value(Filled { value: Value::String(String::new()), note: Some(note) })
            }
        }
    }

    /// An example string for `member`, not one of `avoid`; or why there is
    /// none. A pattern that cannot be checked gets the name-made value and
    /// a warning, as the validator will give.
    pub(super) fn string_value(
        &mut self,
        member: &Member,
        name: &str,
        avoid: &[String],
    ) -> Result<String, String> {
        let (min, max) = sizes(member);
        let lengths = Lengths { min, max };
        let fits = |v: &str| {
            let n = v.chars().count();
            n >= min && max.is_none_or(|m| n <= m)
        };
        if let Some(values) = member.traits.enum_values.as_ref().filter(|v| !v.is_empty()) {
            let pattern = member.traits.pattern.clone();
            for value in values {
                let matches = pattern.as_deref().is_none_or(|p| self.enum_matches(p, value));
                if fits(value) && matches && !avoid.contains(value) {
                    return Ok(value.clone());
                }
            }
            return Err("no enum value satisfies the length and pattern".into());
        }
        let preferred = distinct(&named(name, lengths), lengths, avoid);
        let Some(source) = member.traits.pattern.clone() else {
            return preferred.ok_or_else(|| "no distinct value fits the length".into());
        };
        let preferred_text = preferred.clone().unwrap_or_default();
        let key = (source.clone(), min, max, preferred_text.clone());
        let result = if avoid.is_empty()
            && let Some(known) = self.strings.get(&key)
        {
            known.clone()
        } else {
            let result = generate::generate(&source, lengths, std::slice::from_ref(&preferred_text), avoid);
            if avoid.is_empty() {
                self.strings.insert(key, result.clone());
            }
            result
        };
        match result {
            Ok(value) => Ok(value),
            Err(GenerateError::Uncheckable(why)) => {
                self.warn(format!(
                    "the pattern {} cannot be checked ({why}); the value is not checked against it",
                    crate::guard::sanitize::clip(&source, 120)
                ));
                preferred.ok_or_else(|| "no distinct value fits the length".into())
            }
            Err(e) => Err(format!(
                "no value found for the pattern {}: {e}",
                crate::guard::sanitize::clip(&source, 120)
            )),
        }
    }

    fn enum_matches(&mut self, source: &str, value: &str) -> bool {
        let pattern = self.patterns.entry(source.to_owned()).or_insert_with(|| Pattern::compile(source).ok());
        // An uncheckable pattern cannot rule a value out.
        pattern.as_ref().is_none_or(|p| p.is_match(value).unwrap_or(true))
    }

    /// 1, moved into `[min, max]` (and the type's range).
    fn integer(&mut self, member: &Member, type_min: i128, type_max: i128) -> Node<'m> {
        let low = member.traits.min.map_or(type_min, |b| int_bound(b, true)).max(type_min);
        let high = member.traits.max.map_or(type_max, |b| int_bound(b, false)).min(type_max);
        if low > high {
            let note = format!("no integer is within {low} and {high}");
            self.warn(note.clone());
            return Node::Value(Filled { value: Value::Integer(Integer::Small(0)), note: Some(note) });
        }
        Filled::node(Value::Integer(Integer::Small(1.clamp(low, high))))
    }

    /// 1.0, moved into `[min, max]`.
    fn float(&mut self, member: &Member) -> Node<'m> {
        let low = member.traits.min.map_or(f64::MIN, Bound::as_f64);
        let high = member.traits.max.map_or(f64::MAX, Bound::as_f64);
        if low > high || !low.is_finite() || !high.is_finite() {
            let note = format!("no number is within {low} and {high}");
            self.warn(note.clone());
            return Node::Value(Filled { value: Value::Float(0.0), note: Some(note) });
        }
        Filled::node(Value::Float(1.0_f64.clamp(low, high)))
    }

    /// The base64 text of `example` when its length fits (the validator
    /// counts the text's bytes, as botocore does), else `A`s of the length
    /// asked for (valid base64 when a multiple of 4).
    fn blob(&mut self, member: &Member) -> Node<'m> {
        let (min, max) = sizes(member);
        let text = crate::doc::base64::encode(b"example");
        if text.len() >= min && max.is_none_or(|m| text.len() <= m) {
            return Filled::node(Value::String(text));
        }
        let mut length = min.max(1).div_ceil(4) * 4;
        if max.is_some_and(|m| length > m) {
            length = min;
        }
        Filled::node(Value::String("A".repeat(length.min(generate::MAX_CANDIDATES * 1000))))
    }
}

/// `min` and `max` of a size (string length, list or map entries) as
/// counts: a fractional bound is rounded inward, a negative one is 0.
pub(super) fn sizes(member: &Member) -> (usize, Option<usize>) {
    let to_count = |b: Bound, up: bool| -> usize {
        let i = int_bound(b, up);
        usize::try_from(i.max(0)).unwrap_or(usize::MAX)
    };
    (member.traits.min.map_or(0, |b| to_count(b, true)), member.traits.max.map(|b| to_count(b, false)))
}

/// A bound as an integer: a fractional lower bound rounds up, an upper one
/// down.
#[allow(clippy::cast_possible_truncation)]
fn int_bound(bound: Bound, lower: bool) -> i128 {
    match bound {
        Bound::Int(i) => i,
        Bound::Float(f) if lower => f.ceil().clamp(i128::MIN as f64, i128::MAX as f64) as i128,
        Bound::Float(f) => f.floor().clamp(i128::MIN as f64, i128::MAX as f64) as i128,
    }
}

/// A value made from the member's name (`AccountId` → `account-id`), long
/// enough and short enough.
fn named(name: &str, lengths: Lengths) -> String {
    let base = if name.is_empty() { "example".to_owned() } else { xform_name(name, '-').replace('_', "-") };
    let mut text = base.clone();
    while text.chars().count() < lengths.min && text.len() < generate::MAX_CANDIDATES * 1000 {
        text.push('-');
        text.push_str(&base);
    }
    let keep = lengths.max.unwrap_or(usize::MAX).max(lengths.min);
    text.chars().take(keep).collect()
}

/// `text`, or if it is taken, `text-2`, `text-3`, … (fitted to the
/// length); `None` if no such value fits.
fn distinct(text: &str, lengths: Lengths, avoid: &[String]) -> Option<String> {
    if !avoid.iter().any(|a| a == text) {
        return Some(text.to_owned());
    }
    (2..avoid.len() + 3).find_map(|n| {
        let suffix = format!("-{n}");
        let keep = lengths.max.map_or(usize::MAX, |m| m.saturating_sub(suffix.len()));
        let candidate: String = text.chars().take(keep).chain(suffix.chars()).collect();
        let length = candidate.chars().count();
        let fits = length >= lengths.min && lengths.max.is_none_or(|m| length <= m);
        (fits && !avoid.contains(&candidate)).then_some(candidate)
    })
}
