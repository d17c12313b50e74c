//! Validation of a request document against an operation's input shape.
//!
//! The walk follows botocore's `ParamValidator` (`botocore/validate.py`) for
//! what botocore checks — required members, unknown members, types, `min` —
//! and goes on to what only the service checks: `max`, `enum`, `pattern`,
//! the 32- and 64-bit ranges of `integer` and `long`, and unions. Every
//! violation is collected, in document order; each is located by the span of
//! the value (of the key, for unknown members; of the object, for missing
//! ones) and by a JSON pointer.
//!
//! A [`Validator`] is built once per model and reused: compiled patterns are
//! cached in it, so validating many files costs one compilation per pattern.
//! It is `Sync`, so files can be validated on several threads.

mod timestamp;

use crate::diagnostic::{Code, Diagnostic, escape_pointer_token};
use crate::doc::{Document, NodeId, Span, Value};
use crate::model::{Bound, Member, Model, Operation, ShapeKind, closest_names, levenshtein};
use std::sync::Arc;

use crate::pattern::{MatchError, Pattern, PatternCache, PatternError};

pub use timestamp::is_timestamp;

/// Values longer than this many characters are shortened in messages.
const SHOWN_CHARS: usize = 60;

/// Validates documents against the operations of one model.
#[derive(Debug)]
pub struct Validator<'m> {
    model: &'m Model,
    patterns: PatternCache,
}

/// State of one walk: the document, the path to the current value, the
/// findings.
struct Walk<'d> {
    document: &'d Document,
    /// Keys and indexes from the root to the current value. Kept as a stack
    /// and written out as a JSON pointer only for a finding: formatting the
    /// pointer at every step was a tenth of validating a large document.
    path: Vec<Segment<'d>>,
    out: Vec<Diagnostic>,
    /// Spans of the values (and map keys) of sensitive members, for
    /// renderers that show source text; `None` when nobody asked.
    sensitive: Option<Vec<Span>>,
    /// The patterns this walk has used, by the address and length of their
    /// text in the model (stable while the model lives).
    patterns: Vec<((usize, usize), Arc<Pattern>)>,
}

/// One step of a [`Walk`]'s path.
#[derive(Clone, Copy)]
enum Segment<'d> {
    /// A member or map key.
    Key(&'d str),
    /// A list index.
    Index(usize),
}

impl<'d> Walk<'d> {
    fn sensitive(&mut self, span: Span) {
        if let Some(spans) = &mut self.sensitive {
            spans.push(span);
        }
    }

    fn report(&mut self, code: Code, span: Span, message: String) {
        self.out.push(Diagnostic::new(code, self.pointer(), span, message));
    }

    /// The JSON pointer of the current value.
    fn pointer(&self) -> String {
        use std::fmt::Write as _;
        let mut pointer = String::new();
        for segment in &self.path {
            let _ = match segment {
                Segment::Key(key) => write!(pointer, "/{}", escape_pointer_token(key)),
                Segment::Index(i) => write!(pointer, "/{i}"),
            };
        }
        pointer
    }

    /// Steps into the member or map entry `key`; [`Walk::pop`] steps back.
    fn push(&mut self, key: &'d str) {
        self.path.push(Segment::Key(key));
    }

    /// Steps into list item `index`.
    fn push_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    fn pop(&mut self) {
        self.path.pop();
    }
}

impl<'m> Validator<'m> {
    /// A validator for the operations of `model`.
    #[must_use]
    pub fn new(model: &'m Model) -> Validator<'m> {
        Validator { model, patterns: PatternCache::new() }
    }

    /// The model.
    #[must_use]
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Validates `document` (its root) as the input of `operation`.
    ///
    /// Missing top-level idempotency tokens are not reported: the AWS CLI
    /// fills them with a UUID before it validates.
    #[must_use]
    pub fn validate(&self, operation: &Operation, document: &Document) -> Vec<Diagnostic> {
        self.walk(operation, document, None).out
    }

    /// [`Validator::validate`], plus the spans of every value of a
    /// `sensitive` member the walk met, valid or not, in document order. A
    /// renderer that shows source lines (the text report's snippets) masks
    /// them: a finding's line may hold a secret of another member.
    #[must_use]
    pub fn validate_with_sensitive(
        &self,
        operation: &Operation,
        document: &Document,
    ) -> (Vec<Diagnostic>, Vec<Span>) {
        let walk = self.walk(operation, document, Some(Vec::new()));
        let mut sensitive = walk.sensitive.unwrap_or_default();
        sensitive.sort_unstable();
        (walk.out, sensitive)
    }

    fn walk<'d>(
        &self,
        operation: &Operation,
        document: &'d Document,
        sensitive: Option<Vec<Span>>,
    ) -> Walk<'d> {
        let mut walk = Walk { document, path: Vec::new(), out: Vec::new(), sensitive, patterns: Vec::new() };
        let root = document.root();
        match &operation.input {
            Some(input) => {
                if matches!(document.node(root).value, Value::Object(_)) {
                    self.check(input, root, &mut walk, true);
                } else {
                    let found = describe_type(&document.node(root).value);
                    walk.report(
                        Code::Syntax,
                        document.node(root).span,
                        format!("the document must be an object (a mapping) of request members, not {found}"),
                    );
                }
            }
            None => {
                // No input shape: only `{}` is valid.
                if let Some(entries) = document.entries(root) {
                    for entry in entries {
                        walk.push(&entry.key);
                        walk.report(
                            Code::Unknown,
                            entry.key_span,
                            format!(
                                "unknown member \"{}\": {} takes no input",
                                entry.key, operation.cli_name
                            ),
                        );
                        walk.pop();
                    }
                } else {
                    let node = document.node(root);
                    walk.report(Code::Syntax, node.span, "the document must be an object (a mapping)".into());
                }
            }
        }
        walk
    }

    /// Whether `s` matches `source`, compiled once per model (the shared
    /// cache) and looked up once per walk: a document repeats a few patterns
    /// many times, and the shared cache costs a lock and a hash of the
    /// pattern text per lookup.
    fn pattern_match(
        &self,
        source: &str,
        s: &str,
        walk: &mut Walk<'_>,
    ) -> Result<Result<bool, MatchError>, PatternError> {
        let address = (source.as_ptr() as usize, source.len());
        let local = match walk.patterns.iter().position(|(a, _)| *a == address) {
            Some(i) => i,
            None => {
                walk.patterns.push((address, self.patterns.get(source)?));
                walk.patterns.len() - 1
            }
        };
        Ok(walk.patterns[local].1.is_match(s))
    }

    fn check<'d>(&self, member: &Member, id: NodeId, walk: &mut Walk<'d>, top: bool) {
        let document: &'d Document = walk.document;
        let node = document.node(id);
        let shape = self.model.shape(member.target);
        if member.traits.sensitive {
            walk.sensitive(node.span);
        }
        if let Value::Null = node.value
            && !matches!(&shape.kind, ShapeKind::Structure(s) if s.document)
        {
            walk.report(
                Code::Type,
                node.span,
                format!("null is not a valid {}; leave the member out instead", shape.kind.type_name()),
            );
            return;
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => {
                if structure.document {
                    return;
                }
                let Value::Object(entries) = &node.value else {
                    self.type_error(member, node.span, &node.value, "an object", walk);
                    return;
                };
                if structure.union && entries.len() != 1 {
                    let names: Vec<&str> = structure.members.iter().map(|m| m.name.as_str()).collect();
                    let message = if entries.is_empty() {
                        format!("set exactly one member of the union {}: {}", shape.name, names.join(", "))
                    } else {
                        let set: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
                        format!(
                            "set exactly one member of the union {}, not {} ({})",
                            shape.name,
                            entries.len(),
                            set.join(", ")
                        )
                    };
                    walk.report(Code::Union, node.span, message);
                }
                for required in &structure.required {
                    if entries.iter().any(|e| e.key == *required) {
                        continue;
                    }
                    let is_token = structure.member(required).is_some_and(|m| m.traits.idempotency_token);
                    if top && is_token {
                        continue;
                    }
                    walk.report(Code::Required, node.span, format!("missing required member \"{required}\""));
                }
                for entry in entries {
                    walk.push(&entry.key);
                    match structure.member(&entry.key) {
                        Some(child) => self.check(child, entry.value, walk, false),
                        None => {
                            let names = structure.members.iter().map(|m| m.name.as_str());
                            let mut message = format!("unknown member \"{}\"", entry.key);
                            if let Some(best) = closest_names(&entry.key, names.clone()).first() {
                                message.push_str(&format!("; did you mean \"{best}\"?"));
                            }
                            let all: Vec<&str> = names.collect();
                            if all.is_empty() {
                                message.push_str(&format!(" ({} has no members)", shape.name));
                            } else {
                                message.push_str(&format!(" (valid members: {})", all.join(", ")));
                            }
                            walk.report(Code::Unknown, entry.key_span, message);
                        }
                    }
                    walk.pop();
                }
            }
            ShapeKind::List { member: element } => {
                let Value::Array(items) = &node.value else {
                    self.type_error(member, node.span, &node.value, "a list", walk);
                    return;
                };
                self.check_items(member, items.len(), "list", node.span, walk);
                for (i, &item) in items.iter().enumerate() {
                    walk.push_index(i);
                    self.check(element, item, walk, false);
                    walk.pop();
                }
            }
            ShapeKind::Map { key, value } => {
                let Value::Object(entries) = &node.value else {
                    self.type_error(member, node.span, &node.value, "an object (a map)", walk);
                    return;
                };
                self.check_items(member, entries.len(), "map", node.span, walk);
                for entry in entries {
                    walk.push(&entry.key);
                    if key.traits.sensitive {
                        walk.sensitive(entry.key_span);
                    }
                    self.check_string(key, &entry.key, entry.key_span, walk, "key");
                    self.check(value, entry.value, walk, false);
                    walk.pop();
                }
            }
            ShapeKind::String => match &node.value {
                Value::String(s) => self.check_string(member, s, node.span, walk, "value"),
                other => self.type_error(member, node.span, other, "a string", walk),
            },
            ShapeKind::Integer | ShapeKind::Long => match &node.value {
                Value::Integer(i) => self.check_integer(member, i, node.span, walk),
                Value::Float(f) => {
                    let hint = if f.value.fract() == 0.0 && f.value.is_finite() {
                        format!("; write {} without the fraction", f.value)
                    } else {
                        String::new()
                    };
                    let shown = self.shown(member, &f.literal);
                    walk.report(
                        Code::Type,
                        node.span,
                        format!("expected an integer, found the number {shown}{hint}"),
                    );
                }
                other => self.type_error(member, node.span, other, "an integer", walk),
            },
            ShapeKind::Float | ShapeKind::Double => match &node.value {
                Value::Integer(i) => {
                    let v = match i {
                        crate::doc::Integer::Small(v) => *v as f64,
                        crate::doc::Integer::Big(text) => text.parse().unwrap_or(f64::INFINITY),
                    };
                    self.check_float(member, v, &i.to_string(), node.span, walk);
                }
                Value::Float(f) if f.out_of_range => {
                    let shown = self.shown_number(member, &f.literal);
                    walk.report(
                        Code::Range,
                        node.span,
                        format!("the number {shown} is too large for a {}", shape.kind.type_name()),
                    );
                }
                Value::Float(f) => self.check_float(member, f.value, &f.literal, node.span, walk),
                other => self.type_error(member, node.span, other, "a number", walk),
            },
            ShapeKind::Boolean => match &node.value {
                Value::Bool(_) => {}
                // YAML 1.1 booleans are strings in YAML 1.2, which the AWS CLI
                // reads; say so, since the file looks right to its author.
                Value::String(s)
                    if ["yes", "no", "on", "off", "y", "n"].contains(&s.to_ascii_lowercase().as_str()) =>
                {
                    walk.report(
                        Code::Type,
                        node.span,
                        format!(
                            "expected true or false, found the string \"{s}\" (YAML 1.2, which the AWS CLI reads, \
                             only takes true and false as booleans)"
                        ),
                    );
                }
                other => self.type_error(member, node.span, other, "true or false", walk),
            },
            ShapeKind::Timestamp => match &node.value {
                Value::Timestamp(_) | Value::Integer(_) => {}
                Value::Float(f) if f.value.is_finite() => {}
                Value::String(s) if is_timestamp(s) => {}
                Value::String(s) => {
                    let shown = self.shown(member, s);
                    walk.report(
                        Code::Type,
                        node.span,
                        format!(
                            "expected a timestamp, found the string {shown}; write ISO 8601 \
                             (2024-01-02T03:04:05Z) or epoch seconds"
                        ),
                    );
                }
                other => self.type_error(member, node.span, other, "a timestamp", walk),
            },
            ShapeKind::Blob => match &node.value {
                Value::String(s) => self.check_length(member, s.len(), "bytes", node.span, walk),
                Value::Binary(b) => self.check_length(member, b.len(), "bytes", node.span, walk),
                other => self.type_error(member, node.span, other, "a string (the blob's content)", walk),
            },
        }
    }

    /// A number for messages: as written, shortened, or hidden when
    /// sensitive.
    fn shown_number(&self, member: &Member, text: &str) -> String {
        if member.traits.sensitive {
            return "(sensitive value not shown)".to_owned();
        }
        let count = text.chars().count();
        if count <= SHOWN_CHARS {
            text.to_owned()
        } else {
            format!("{}… ({count} digits)", text.chars().take(SHOWN_CHARS).collect::<String>())
        }
    }

    /// A value for messages: quoted, shortened, or hidden when sensitive.
    fn shown(&self, member: &Member, text: &str) -> String {
        if member.traits.sensitive {
            return "(sensitive value not shown)".to_owned();
        }
        show(text)
    }

    fn type_error(&self, member: &Member, span: Span, found: &Value, expected: &str, walk: &mut Walk<'_>) {
        let found = if member.traits.sensitive {
            format!("{} (sensitive value not shown)", describe_type(found))
        } else {
            match found {
                Value::String(s) => format!("the string {}", show(s)),
                Value::Integer(i) => format!("the integer {}", show(&i.to_string())),
                Value::Float(f) => format!("the number {}", show(&f.literal)),
                Value::Bool(b) => format!("the boolean {b}"),
                Value::Timestamp(t) => {
                    format!("the YAML timestamp {t} (YAML reads it as a date; quote it to make it a string)")
                }
                other => describe_type(other).to_owned(),
            }
        };
        walk.report(Code::Type, span, format!("expected {expected}, found {found}"));
    }

    fn check_items(&self, member: &Member, count: usize, what: &str, span: Span, walk: &mut Walk<'_>) {
        let noun = if what == "list" { "items" } else { "entries" };
        check_size(member, count, Code::Items, || format!("{what} with {count} {noun}"), span, walk);
    }

    fn check_length(&self, member: &Member, length: usize, unit: &str, span: Span, walk: &mut Walk<'_>) {
        check_size(
            member,
            length,
            Code::Length,
            || format!("value with length {length} ({unit})"),
            span,
            walk,
        );
    }

    /// Enum, length and pattern of a string value (or a map key).
    fn check_string(&self, member: &Member, s: &str, span: Span, walk: &mut Walk<'_>, what: &str) {
        if let Some(values) = &member.traits.enum_values
            && !values.is_empty()
            && !values.iter().any(|v| v == s)
        {
            let shown = if member.traits.sensitive { "the value".to_owned() } else { show(s) };
            let mut message = format!("{shown} is not one of {}", values.join(", "));
            // Suggest only a near miss (case, a typo): a far guess misleads.
            // (Lengths more than 2 apart are never within 2 edits; checking
            // that first keeps a 20 MB value from costing 20 MB of work.)
            let near = values.iter().find(|v| v.eq_ignore_ascii_case(s)).or_else(|| {
                values
                    .iter()
                    .filter(|v| v.len().abs_diff(s.len()) <= 8 && levenshtein(v, s) <= 2)
                    .min_by_key(|v| levenshtein(v, s))
            });
            if !member.traits.sensitive
                && let Some(best) = near
            {
                message.push_str(&format!("; did you mean \"{best}\"?"));
            }
            if what == "key" {
                message = format!("map key {message}");
            }
            walk.report(Code::Enum, span, message);
        }
        let length = s.chars().count();
        self.check_length(member, length, "characters", span, walk);
        if let Some(source) = &member.traits.pattern {
            match self.pattern_match(source, s, walk) {
                Ok(matched) => match matched {
                    Ok(true) => {}
                    Ok(false) => {
                        let shown = self.shown(member, s);
                        let subject = if what == "key" { "map key" } else { "value" };
                        walk.report(
                            Code::Pattern,
                            span,
                            format!(
                                "{subject} {shown} failed to satisfy constraint: Member must satisfy regular expression pattern: {source}"
                            ),
                        );
                    }
                    Err(error) => {
                        let reason = match error {
                            MatchError::InputTooLong { chars, limit } => {
                                format!(
                                    "the value has {chars} characters, more than the {limit} this pattern can be checked on"
                                )
                            }
                            other => other.to_string(),
                        };
                        walk.report(
                            Code::PatternUnchecked,
                            span,
                            format!("pattern {source} not checked for this value: {reason}"),
                        );
                    }
                },
                Err(error) => walk.report(
                    Code::PatternUnchecked,
                    span,
                    format!("pattern {source} cannot be checked: {}", error.message()),
                ),
            }
        }
    }

    fn check_integer(&self, member: &Member, value: &crate::doc::Integer, span: Span, walk: &mut Walk<'_>) {
        let kind = &self.model.shape(member.target).kind;
        let (type_min, type_max, type_name) = match kind {
            ShapeKind::Integer => (i128::from(i32::MIN), i128::from(i32::MAX), "integer (32-bit)"),
            _ => (i128::from(i64::MIN), i128::from(i64::MAX), "long (64-bit)"),
        };
        let shown = self.shown_number(member, &value.to_string());
        let Some(v) = value.as_i128().filter(|v| (type_min..=type_max).contains(v)) else {
            walk.report(
                Code::Range,
                span,
                format!("value {shown} is outside the range of a {type_name}: {type_min} to {type_max}"),
            );
            return;
        };
        self.check_bounds(member, v as f64, Some(v), &shown, span, walk);
    }

    fn check_float(&self, member: &Member, value: f64, literal: &str, span: Span, walk: &mut Walk<'_>) {
        let shown = self.shown_number(member, literal);
        self.check_bounds(member, value, None, &shown, span, walk);
    }

    fn check_bounds(
        &self,
        member: &Member,
        value: f64,
        exact: Option<i128>,
        shown: &str,
        span: Span,
        walk: &mut Walk<'_>,
    ) {
        let below = |bound: Bound| match (bound, exact) {
            (Bound::Int(b), Some(v)) => v < b,
            (b, _) => value < b.as_f64(),
        };
        let above = |bound: Bound| match (bound, exact) {
            (Bound::Int(b), Some(v)) => v > b,
            (b, _) => value > b.as_f64(),
        };
        if let Some(min) = member.traits.min
            && below(min)
        {
            walk.report(
                Code::Range,
                span,
                format!("value {shown} failed to satisfy constraint: Member must have value greater than or equal to {min}"),
            );
        }
        if let Some(max) = member.traits.max
            && above(max)
        {
            walk.report(
                Code::Range,
                span,
                format!("value {shown} failed to satisfy constraint: Member must have value less than or equal to {max}"),
            );
        }
    }
}

/// `min`/`max` of a size (string or blob length, list or map entries), in
/// the services' words ("Member must have length ...", which they use for
/// both).
/// `subject` is only called to word a violation: nearly every value passes.
fn check_size(
    member: &Member,
    size: usize,
    code: Code,
    subject: impl Fn() -> String,
    span: Span,
    walk: &mut Walk<'_>,
) {
    let size = i128::try_from(size).unwrap_or(i128::MAX);
    if let Some(min) = member.traits.min.and_then(Bound::as_int)
        && size < min
    {
        let message = format!(
            "{} failed to satisfy constraint: Member must have length greater than or equal to {min}",
            subject()
        );
        walk.report(code, span, message);
    }
    if let Some(max) = member.traits.max.and_then(Bound::as_int)
        && size > max
    {
        let message = format!(
            "{} failed to satisfy constraint: Member must have length less than or equal to {max}",
            subject()
        );
        walk.report(code, span, message);
    }
}

/// `"text"`, or for long text its first [`SHOWN_CHARS`] characters and
/// the length: `"aaaa…" (20000 characters)`.
fn show(text: &str) -> String {
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        return format!("\"{text}\"");
    }
    let head: String = text.chars().take(SHOWN_CHARS).collect();
    format!("\"{head}…\" ({count} characters)")
}

/// "an object", "a list", "null", ... for messages.
fn describe_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::Timestamp(_) => "a YAML timestamp",
        Value::Binary(_) => "binary data",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
