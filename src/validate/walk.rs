//! The walk: a request document against an operation's input shape.
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

use crate::doc::escape_pointer_token;
use crate::doc::{Document, NodeId, Span, Value};
use crate::guard::sanitize::clip;
use crate::model::{Bound, Member, Model, Operation, ShapeKind, closest_names, levenshtein, normalize};
use crate::report::diagnostic::{Code, Diagnostic};
use std::sync::Arc;

use crate::pattern::{MatchError, Pattern, PatternCache, PatternError};

use super::fixes::{is_json_integer, is_json_number, is_plain_decimal, scalar_like};
use super::timestamp::{is_iso8601, is_timestamp, to_iso8601};
use crate::fix::{Applicability, Edit, Fix};

/// Values longer than this many characters are shortened in messages.
const SHOWN_CHARS: usize = 60;

/// At most this many names (enum values, members) are listed in one
/// message: the ec2 model's `InstanceType` has ~1,200 values, and a list of
/// them under each of 100,000 bad items was gigabytes of report.
const LISTED_NAMES: usize = 30;

/// At most this many characters of a model's pattern are quoted in a
/// message: a (hostile) model's pattern may be megabytes, repeated per
/// finding. Real patterns are far shorter.
const PATTERN_CHARS: usize = 300;

/// Values larger than this many bytes get no fix that needs them checked
/// again (a renamed member's value): a fix is for a typo, and checking
/// costs a second walk.
const FIX_CHECK_BYTES: u32 = 64 * 1024;

/// How many findings one document keeps by default
/// ([`Validator::with_limit`]); the rest are counted, not kept.
pub const DEFAULT_FINDING_LIMIT: usize = 1000;

/// Written in a JSON pointer in place of a map key that is itself a
/// sensitive value (the key of a map whose key shape is `sensitive`, or any
/// key inside a sensitive value).
pub const SENSITIVE_TOKEN: &str = "<sensitive>";

/// Whether `masked`, a pointer from a finding, denotes `full`: the same
/// segments, except that a [`SENSITIVE_TOKEN`] segment stands for any one.
#[must_use]
pub fn pointer_matches(masked: &str, full: &str) -> bool {
    let (mut a, mut b) = (masked.split('/'), full.split('/'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || x == SENSITIVE_TOKEN => {}
            _ => return false,
        }
    }
}

/// What one walk found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings kept, in the order found (at most the validator's limit).
    pub diagnostics: Vec<Diagnostic>,
    /// Findings beyond the limit, by code: counted, not kept.
    pub dropped: Vec<(Code, usize)>,
    /// Byte ranges of every sensitive value (and sensitive map key) met,
    /// sorted; with the anchors and aliases that share a sensitive value.
    pub sensitive: Vec<Span>,
}

/// Validates documents against the operations of one model.
#[derive(Debug)]
pub struct Validator<'m> {
    model: &'m Model,
    patterns: PatternCache,
    limit: usize,
    /// [`Validator::has_sensitive`] per input shape, computed once: a batch
    /// asks it for every file with a parse problem.
    sensitive_inputs: std::sync::Mutex<std::collections::HashMap<crate::model::ShapeId, bool>>,
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
    /// Findings kept at most; beyond, `dropped` counts them and no message
    /// is even formatted, so a million bad items cost no memory.
    limit: usize,
    dropped: Vec<(Code, usize)>,
    /// Findings so far, kept or dropped.
    found: usize,
    /// Above zero while inside a sensitive value: everything inside a
    /// sensitive shape is sensitive too (a sensitive map's keys and values,
    /// a sensitive structure's members).
    secret: u32,
    /// YAML anchors (by the id of the anchored node) whose value is
    /// sensitive somewhere in the document, so sensitive everywhere: an
    /// alias copies the value. Empty without aliases.
    tainted: Vec<NodeId>,
    /// Anchors met inside a sensitive value during this walk.
    taint_found: Vec<NodeId>,
    /// The anchored (or aliased) values the walk is inside.
    anchors: Vec<NodeId>,
    /// Whether a shape can hold a sensitive value, per shape, for values
    /// the walk does not enter (a wrong type, an unknown member).
    reach: std::collections::HashMap<crate::model::ShapeId, bool>,
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
    /// A map key that must not be shown ([`SENSITIVE_TOKEN`]).
    SecretKey,
    /// A list index.
    Index(usize),
}

impl<'d> Walk<'d> {
    fn new(document: &'d Document, limit: usize, sensitive: Option<Vec<Span>>, tainted: Vec<NodeId>) -> Self {
        Walk {
            document,
            path: Vec::new(),
            out: Vec::new(),
            limit,
            dropped: Vec::new(),
            found: 0,
            secret: 0,
            tainted,
            taint_found: Vec::new(),
            anchors: Vec::new(),
            reach: std::collections::HashMap::new(),
            sensitive,
            patterns: Vec::new(),
        }
    }

    fn sensitive(&mut self, span: Span) {
        // Every anchored value around a secret holds it: an alias of any of
        // them copies it elsewhere (a mapping with a sensitive key, say).
        self.taint_found.extend_from_slice(&self.anchors);
        if let Some(spans) = &mut self.sensitive {
            spans.push(span);
        }
    }

    /// Keeps a finding, or only counts it once the limit is reached; the
    /// message is formatted only for a kept finding.
    fn report(&mut self, code: Code, span: Span, message: impl FnOnce() -> String) {
        self.found = self.found.saturating_add(1);
        if self.out.len() >= self.limit {
            crate::report::tally(&mut self.dropped, code, 1);
            return;
        }
        let diagnostic = Diagnostic::new(code, self.pointer(), span, message());
        self.out.push(diagnostic);
    }

    /// Attaches `fix` to the finding just reported (if it was kept).
    fn fix_last(&mut self, before: usize, fix: crate::fix::Fix) {
        if self.out.len() > before
            && let Some(last) = self.out.last_mut()
        {
            last.fix = Some(fix);
        }
    }

    /// The source text at `span`.
    fn source(&self, span: Span) -> &str {
        span.slice(self.document.source()).unwrap_or("")
    }

    /// Findings so far, kept or dropped.
    fn found(&self) -> usize {
        self.found
    }

    /// Whether values here must not be shown.
    fn is_secret(&self) -> bool {
        self.secret > 0
    }

    /// The JSON pointer of the current value.
    fn pointer(&self) -> String {
        use std::fmt::Write as _;
        let mut pointer = String::new();
        for segment in &self.path {
            let _ = match segment {
                Segment::Key(key) => write!(pointer, "/{}", escape_pointer_token(key)),
                Segment::SecretKey => write!(pointer, "/{SENSITIVE_TOKEN}"),
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
        Validator {
            model,
            patterns: PatternCache::new(),
            limit: DEFAULT_FINDING_LIMIT,
            sensitive_inputs: std::sync::Mutex::default(),
        }
    }

    /// This validator, keeping at most `limit` findings per document (the
    /// rest are counted in [`Outcome::dropped`]).
    #[must_use]
    pub fn with_limit(mut self, limit: usize) -> Validator<'m> {
        self.limit = limit;
        self
    }

    /// The model.
    #[must_use]
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Whether a value of `member` can hold a sensitive value, cached per
    /// shape for the walk.
    fn reaches_sensitive(&self, member: &Member, walk: &mut Walk<'_>) -> bool {
        if member.traits.sensitive {
            return true;
        }
        if let Some(&known) = walk.reach.get(&member.target) {
            return known;
        }
        let answer = self.member_has_sensitive(member);
        walk.reach.insert(member.target, answer);
        answer
    }

    /// Whether any value of `operation`'s input can be sensitive: a
    /// sensitive member or map key anywhere in the input shape. A file
    /// that cannot be parsed has no tree to tell where its secrets are, so
    /// for such an operation its syntax errors say where, not what.
    #[must_use]
    pub fn has_sensitive(&self, operation: &Operation) -> bool {
        let Some(input) = &operation.input else { return false };
        let cached = self.sensitive_inputs.lock().ok().and_then(|m| m.get(&input.target).copied());
        if let Some(known) = cached {
            return known;
        }
        let answer = self.member_has_sensitive(input);
        if let Ok(mut map) = self.sensitive_inputs.lock() {
            map.insert(input.target, answer);
        }
        answer
    }

    /// Whether `member` or anything inside its shape is sensitive.
    fn member_has_sensitive(&self, member: &Member) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<&Member> = vec![member];
        while let Some(member) = stack.pop() {
            if member.traits.sensitive {
                return true;
            }
            if !seen.insert(member.target) {
                continue;
            }
            match &self.model.shape(member.target).kind {
                ShapeKind::Structure(structure) => stack.extend(&structure.members),
                ShapeKind::List { member } => stack.push(member),
                ShapeKind::Map { key, value } => stack.extend([&**key, &**value]),
                _ => {}
            }
        }
        false
    }

    /// Validates `document` (its root) as the input of `operation`.
    ///
    /// Missing top-level idempotency tokens are not reported: the AWS CLI
    /// fills them with a UUID before it validates.
    #[must_use]
    pub fn validate(&self, operation: &Operation, document: &Document) -> Vec<Diagnostic> {
        self.run(operation, document, false).out
    }

    /// [`Validator::validate`], plus the spans of every value of a
    /// `sensitive` member the walk met, valid or not, in document order. A
    /// renderer that shows source lines (the text report's snippets) masks
    /// them: a finding's line may hold a secret of another member.
    #[must_use]
    pub fn validate_with_sensitive(&self, operation: &Operation, document: &Document) -> Outcome {
        let walk = self.run(operation, document, true);
        let mut sensitive = walk.sensitive.unwrap_or_default();
        for &anchor in &walk.tainted {
            sensitive.push(document.node(anchor).span);
            sensitive.extend(document.aliases_of(anchor).map(|id| document.node(id).span));
        }
        sensitive.sort_unstable();
        Outcome { diagnostics: walk.out, dropped: walk.dropped, sensitive }
    }

    /// [`Validator::validate_with_sensitive`] without the spans: the kept
    /// findings and the number dropped past the limit.
    #[must_use]
    pub fn validate_counted(
        &self,
        operation: &Operation,
        document: &Document,
    ) -> (Vec<Diagnostic>, Vec<(Code, usize)>) {
        let walk = self.run(operation, document, false);
        (walk.out, walk.dropped)
    }

    /// One walk; two when a YAML anchor's value turns out sensitive at one
    /// of its uses: the second treats it (and every alias of it) as
    /// sensitive everywhere, so no message or snippet shows it at another
    /// use. Documents without aliases are walked once.
    fn run<'d>(&self, operation: &Operation, document: &'d Document, spans: bool) -> Walk<'d> {
        let mut walk = self.walk(operation, document, spans.then(Vec::new), Vec::new());
        if !walk.taint_found.is_empty() {
            let mut tainted = std::mem::take(&mut walk.taint_found);
            tainted.sort_unstable();
            tainted.dedup();
            walk = self.walk(operation, document, spans.then(Vec::new), tainted);
        }
        walk
    }

    fn walk<'d>(
        &self,
        operation: &Operation,
        document: &'d Document,
        sensitive: Option<Vec<Span>>,
        tainted: Vec<NodeId>,
    ) -> Walk<'d> {
        let mut walk = Walk::new(document, self.limit, sensitive, tainted);
        let root = document.root();
        match &operation.input {
            Some(input) => {
                if matches!(document.value(root), Value::Object(_)) {
                    self.visit(input, root, &mut walk, true);
                } else {
                    let found = describe_type(&document.value(root));
                    walk.report(Code::Syntax, document.node(root).span, || {
                        format!("the document must be an object (a mapping) of request members, not {found}")
                    });
                }
            }
            None => {
                // No input shape: only `{}` is valid.
                if let Some(entries) = document.entries(root) {
                    for entry in entries {
                        walk.push(entry.key);
                        walk.report(Code::Unknown, entry.key_span, || {
                            format!(
                                "unknown member {}: {} takes no input",
                                show(entry.key),
                                operation.cli_name
                            )
                        });
                        walk.pop();
                    }
                } else {
                    let node = document.node(root);
                    walk.report(Code::Syntax, node.span, || {
                        "the document must be an object (a mapping)".into()
                    });
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

    /// Whether the value `id` of `document` passes as `member` without a
    /// single finding. A fix is offered only when its result passes: one
    /// that clears a finding by making another (`"500"` for a member whose
    /// maximum is 100, a rename onto a member of another type) is no fix.
    fn passes(&self, member: &Member, document: &Document, id: NodeId) -> bool {
        let span = document.node(id).span;
        // Checking costs a walk of the value; a fix for a huge value is
        // not worth a second walk of it.
        if span.end.saturating_sub(span.start) > FIX_CHECK_BYTES {
            return false;
        }
        let mut walk = Walk::new(document, 1, None, Vec::new());
        self.visit(member, id, &mut walk, false);
        walk.found() == 0
    }

    /// [`Validator::passes`] for a value written as JSON text.
    fn passes_json(&self, member: &Member, json: &str) -> bool {
        match crate::doc::parse_json(json, &crate::doc::Limits::DEFAULT) {
            Ok((document, problems)) => {
                problems.is_empty() && self.passes(member, &document, document.root())
            }
            Err(_) => false,
        }
    }

    /// Attaches the fix "write `replacement` at `span`" to the finding just
    /// reported (kept at index `kept`), if the value it writes (`json`)
    /// passes as `member`. Never inside a sensitive value: the fix would
    /// print it.
    #[allow(clippy::too_many_arguments)]
    fn offer(
        &self,
        walk: &mut Walk<'_>,
        kept: usize,
        member: &Member,
        span: Span,
        replacement: String,
        json: &str,
        applicability: Applicability,
    ) {
        if walk.is_secret() || member.traits.sensitive || walk.out.len() <= kept {
            return;
        }
        if self.passes_json(member, json) {
            walk.fix_last(kept, Fix::new(applicability, vec![Edit::replace(span, replacement)]));
        }
    }

    /// The one member an unknown key most likely meant, for an unsafe
    /// rename: the only member equal to it but for case, `-` and `_`, or
    /// else the only one within two edits of it; not one already present.
    fn rename_target<'s>(
        &self,
        key: &str,
        members: &'s [Member],
        entries: crate::doc::Entries<'_>,
    ) -> Option<&'s Member> {
        if key.len() > 256 || members.len() > 10_000 {
            return None;
        }
        let wanted = normalize(key);
        let one = |close: &dyn Fn(&str) -> bool| {
            let mut found = members.iter().filter(|m| close(&normalize(&m.name)));
            match (found.next(), found.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        };
        let target = one(&|name| name == wanted).or_else(|| {
            one(&|name| name.len().abs_diff(wanted.len()) <= 2 && levenshtein(name, &wanted) <= 2)
        })?;
        (!entries.iter().any(|e| e.key == target.name)).then_some(target)
    }

    /// Checks the value `id` as `member`, inside a sensitive value when
    /// the member (or a YAML anchor it shares) is one.
    fn visit<'d>(&self, member: &Member, id: NodeId, walk: &mut Walk<'d>, top: bool) {
        let document: &'d Document = walk.document;
        let anchor = if document.has_aliases() { document.anchor_of(id) } else { None };
        let secret =
            member.traits.sensitive || anchor.is_some_and(|a| walk.tainted.binary_search(&a).is_ok());
        if secret {
            walk.secret = walk.secret.saturating_add(1);
            walk.sensitive(document.node(id).span);
        }
        if let Some(anchor) = anchor {
            if walk.is_secret() {
                walk.taint_found.push(anchor);
            }
            walk.anchors.push(anchor);
        }
        self.visit_value(member, id, walk, top);
        if anchor.is_some() {
            walk.anchors.pop();
        }
        if secret {
            walk.secret = walk.secret.saturating_sub(1);
        }
    }

    fn visit_value<'d>(&self, member: &Member, id: NodeId, walk: &mut Walk<'d>, top: bool) {
        let document: &'d Document = walk.document;
        let node = document.node(id);
        let data = document.value(id);
        let shape = self.model.shape(member.target);
        if let Value::Null = data
            && !matches!(&shape.kind, ShapeKind::Structure(s) if s.document)
        {
            walk.report(Code::Type, node.span, || {
                format!("null is not a valid {}; leave the member out instead", shape.kind.type_name())
            });
            return;
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => {
                if structure.document {
                    return;
                }
                let Value::Object(entries) = data else {
                    self.type_error(member, node.span, &data, "an object", walk);
                    return;
                };
                if structure.union && entries.len() != 1 {
                    let secret = walk.is_secret();
                    walk.report(Code::Union, node.span, || {
                        let names = listed(structure.members.iter().map(|m| m.name.as_str()));
                        if entries.is_empty() {
                            format!("set exactly one member of the union {}: {names}", shape.name)
                        } else if secret {
                            format!(
                                "set exactly one member of the union {}, not {}",
                                shape.name,
                                entries.len()
                            )
                        } else {
                            format!(
                                "set exactly one member of the union {}, not {} ({})",
                                shape.name,
                                entries.len(),
                                listed(entries.iter().map(|e| e.key))
                            )
                        }
                    });
                }
                if !structure.required.is_empty() {
                    // A set of the keys only for large objects: a structure
                    // may (in a hostile model) require 250,000 members.
                    let keys: Option<std::collections::HashSet<&str>> =
                        (entries.len() > 16).then(|| entries.iter().map(|e| e.key).collect());
                    for required in &structure.required {
                        let present = match &keys {
                            Some(keys) => keys.contains(required.as_str()),
                            None => entries.iter().any(|e| e.key == *required),
                        };
                        if present
                            || top && structure.member(required).is_some_and(|m| m.traits.idempotency_token)
                        {
                            continue;
                        }
                        walk.report(Code::Required, node.span, || {
                            format!("missing required member \"{required}\"")
                        });
                    }
                }
                for entry in entries {
                    match structure.member(entry.key) {
                        Some(child) => {
                            walk.push(entry.key);
                            self.visit(child, entry.value, walk, false);
                        }
                        None if walk.is_secret() => {
                            // A key typed inside a sensitive value may be a
                            // pasted secret: say where, not what.
                            walk.path.push(Segment::SecretKey);
                            walk.report(Code::Unknown, entry.key_span, || {
                                format!(
                                    "unknown member (name not shown: inside a sensitive value; valid members: {})",
                                    listed(structure.members.iter().map(|m| m.name.as_str()))
                                )
                            });
                        }
                        None => {
                            // A misspelt member (`alexaForBusinessMetadata`)
                            // is not entered: if this structure holds
                            // secrets, its value may be one.
                            if structure.members.iter().any(|m| self.reaches_sensitive(m, walk)) {
                                walk.sensitive(document.node(entry.value).span);
                            }
                            walk.push(entry.key);
                            let kept = walk.out.len();
                            walk.report(Code::Unknown, entry.key_span, || {
                                unknown_member_message(entry.key, &structure.members, &shape.name)
                            });
                            // One close member name: rename the key (a guess,
                            // so unsafe), if its value passes as that member.
                            if walk.out.len() > kept
                                && let Some(target) =
                                    self.rename_target(entry.key, &structure.members, entries)
                                && self.passes(target, document, entry.value)
                                && let Some(text) = scalar_like(walk.source(entry.key_span), &target.name)
                            {
                                walk.fix_last(kept, Fix::unsafe_edit(Edit::replace(entry.key_span, text)));
                            }
                        }
                    }
                    walk.pop();
                }
            }
            ShapeKind::List { member: element } => {
                let Value::Array(items) = data else {
                    self.type_error(member, node.span, &data, "a list", walk);
                    return;
                };
                self.constrain_items(member, items.len(), "list", node.span, walk);
                for (i, &item) in items.iter().enumerate() {
                    walk.push_index(i);
                    self.visit(element, item, walk, false);
                    walk.pop();
                }
            }
            ShapeKind::Map { key, value } => {
                let Value::Object(entries) = data else {
                    self.type_error(member, node.span, &data, "an object (a map)", walk);
                    return;
                };
                self.constrain_items(member, entries.len(), "map", node.span, walk);
                for entry in entries {
                    // A sensitive key (its shape says so, or the map sits in
                    // a sensitive value) is a value: masked in snippets and
                    // replaced in pointers.
                    // A key that is an alias shares its anchor's text: secret
                    // if the anchor is, and taints it if the key is.
                    let key_anchor =
                        if document.has_aliases() { document.key_alias(entry.key_span) } else { None };
                    let tainted_key = key_anchor.is_some_and(|a| walk.tainted.binary_search(&a).is_ok());
                    let secret_key = key.traits.sensitive || walk.is_secret() || tainted_key;
                    if let Some(anchor) = key_anchor
                        && secret_key
                    {
                        walk.taint_found.push(anchor);
                    }
                    if secret_key {
                        walk.path.push(Segment::SecretKey);
                        walk.sensitive(entry.key_span);
                        walk.secret = walk.secret.saturating_add(1);
                    } else {
                        walk.push(entry.key);
                    }
                    self.constrain_string(key, entry.key, entry.key_span, walk, "key");
                    if secret_key {
                        walk.secret = walk.secret.saturating_sub(1);
                    }
                    self.visit(value, entry.value, walk, false);
                    walk.pop();
                }
            }
            ShapeKind::String => match data {
                Value::String(s) => self.constrain_string(member, s, node.span, walk, "value"),
                other => {
                    let kept = walk.out.len();
                    self.type_error(member, node.span, &other, "a string", walk);
                    // `AreaCode: 0206`, `Version: 1.10`, `Date: 2024-01-02`:
                    // quoting what was written is the string meant.
                    let written = walk.source(node.span).to_owned();
                    let quotable = match other {
                        Value::Integer(_) | Value::Float(_) => is_plain_decimal(&written),
                        Value::Bool(_) => matches!(written.as_str(), "true" | "false" | "True" | "False"),
                        Value::Timestamp(_) => {
                            written.bytes().all(|b| b.is_ascii_alphanumeric() || b"-:.+ ".contains(&b))
                        }
                        _ => false,
                    };
                    if quotable && let Ok(json) = serde_json::to_string(&written) {
                        self.offer(walk, kept, member, node.span, json.clone(), &json, Applicability::Safe);
                    }
                }
            },
            ShapeKind::Integer | ShapeKind::Long => match data {
                Value::Integer(i) => self.constrain_integer(member, i, node.span, walk),
                Value::Float(f) => {
                    let hint = if f.value.fract() == 0.0 && f.value.is_finite() {
                        format!("; write {} without the fraction", f.value)
                    } else {
                        String::new()
                    };
                    let shown = shown_number(walk.is_secret(), &f.literal);
                    walk.report(Code::Type, node.span, || {
                        format!("expected an integer, found the number {shown}{hint}")
                    });
                }
                Value::String(s) => {
                    let kept = walk.out.len();
                    self.type_error(member, node.span, &data, "an integer", walk);
                    if is_json_integer(s) {
                        self.offer(walk, kept, member, node.span, s.to_owned(), s, Applicability::Safe);
                    }
                }
                other => self.type_error(member, node.span, &other, "an integer", walk),
            },
            ShapeKind::Float | ShapeKind::Double => match data {
                Value::Integer(i) => {
                    let v = match i {
                        crate::doc::Integer::Small(v) => *v as f64,
                        crate::doc::Integer::Big(text) => text.parse().unwrap_or(f64::INFINITY),
                    };
                    self.constrain_float(member, v, &i.to_string(), node.span, walk);
                }
                Value::Float(f) if f.out_of_range => {
                    let shown = shown_number(walk.is_secret(), &f.literal);
                    walk.report(Code::Range, node.span, || {
                        format!("the number {shown} is too large for a {}", shape.kind.type_name())
                    });
                }
                Value::Float(f) => self.constrain_float(member, f.value, &f.literal, node.span, walk),
                Value::String(s) => {
                    let kept = walk.out.len();
                    self.type_error(member, node.span, &data, "a number", walk);
                    if is_json_number(s) {
                        self.offer(walk, kept, member, node.span, s.to_owned(), s, Applicability::Safe);
                    }
                }
                other => self.type_error(member, node.span, &other, "a number", walk),
            },
            ShapeKind::Boolean => match data {
                Value::Bool(_) => {}
                // YAML 1.1 booleans are strings in YAML 1.2, which the AWS CLI
                // reads; say so, since the file looks right to its author.
                // Only for a plain YAML scalar: a quoted one (and every JSON
                // string) was written as a string on purpose.
                Value::String(s)
                    if ["yes", "no", "on", "off", "y", "n"].contains(&s.to_ascii_lowercase().as_str())
                        && is_plain_scalar(document, node.span) =>
                {
                    let shown = shown(walk.is_secret(), s);
                    let kept = walk.out.len();
                    walk.report(
                        Code::Type,
                        node.span,
                        || format!(
                            "expected true or false, found the string {shown} (YAML 1.2, which the AWS CLI reads, \
                             only takes true and false as booleans)"
                        ),
                    );
                    let value = matches!(s.to_ascii_lowercase().as_str(), "yes" | "on" | "y").to_string();
                    self.offer(walk, kept, member, node.span, value.clone(), &value, Applicability::Safe);
                }
                // `"true"` in JSON, `'false'` in YAML: a boolean written as
                // a string.
                Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                    let kept = walk.out.len();
                    self.type_error(member, node.span, &data, "true or false", walk);
                    let value = s.to_ascii_lowercase();
                    self.offer(walk, kept, member, node.span, value.clone(), &value, Applicability::Safe);
                }
                other => self.type_error(member, node.span, &other, "true or false", walk),
            },
            ShapeKind::Timestamp => match data {
                Value::Timestamp(_) | Value::Integer(_) => {}
                Value::Float(f) if f.value.is_finite() => {}
                Value::String(s) if is_timestamp(s) => self.timestamp_format(member, s, node.span, walk),
                Value::String(s) => {
                    let shown = shown(walk.is_secret(), s);
                    walk.report(Code::Type, node.span, || {
                        format!(
                            "expected a timestamp, found the string {shown}; write ISO 8601 \
                             (2024-01-02T03:04:05Z) or epoch seconds"
                        )
                    });
                }
                other => self.type_error(member, node.span, &other, "a timestamp", walk),
            },
            ShapeKind::Blob => match data {
                Value::String(s) => self.constrain_length(member, s.len(), "bytes", node.span, walk),
                Value::Binary(b) => self.constrain_length(member, b.len(), "bytes", node.span, walk),
                other => self.type_error(member, node.span, &other, "a string (the blob's content)", walk),
            },
        }
    }

    /// A note for a timestamp the CLI reads but not in ISO 8601, with the
    /// rewrite as an unsafe fix when the text names a whole date.
    fn timestamp_format(&self, member: &Member, s: &str, span: Span, walk: &mut Walk<'_>) {
        if is_iso8601(s) || crate::python::number::parse_float(s).is_some() {
            return;
        }
        let iso = to_iso8601(s);
        // ISO 8601's basic form (`20240102T030405Z`) is ISO 8601 too.
        let basic = iso.is_some()
            && s.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            && !s.contains(|c: char| c.is_whitespace() || c == ',' || c == '/');
        if basic {
            return;
        }
        let shown = shown(walk.is_secret(), s);
        let kept = walk.out.len();
        walk.report(Code::TimestampFormat, span, || match &iso {
            Some(iso) => format!(
                "the timestamp {shown} is not ISO 8601; the AWS CLI reads it as {iso}, other tools may not: \
                 write {iso}"
            ),
            None => format!(
                "the timestamp {shown} is not ISO 8601; the AWS CLI guesses what it lacks (the date from \
                 today, the century): write a whole date and time, such as 2024-01-02T03:04:05Z"
            ),
        });
        if let Some(iso) = iso {
            let written = walk.source(span);
            let text =
                if written.starts_with(['"', '\'']) { scalar_like(written, &iso) } else { Some(iso.clone()) };
            if let (Some(text), Ok(json)) = (text, serde_json::to_string(&iso)) {
                self.offer(walk, kept, member, span, text, &json, Applicability::Unsafe);
            }
        }
    }

    fn type_error(&self, member: &Member, span: Span, found: &Value, expected: &str, walk: &mut Walk<'_>) {
        // The walk does not enter a value of the wrong type: if the shape
        // can hold secrets, so may the value (a list where an object with a
        // sensitive member was meant).
        // Nor is it quoted: a string where a list of sensitive values was
        // expected is most likely one of them.
        let reaches = self.reaches_sensitive(member, walk);
        if reaches {
            walk.sensitive(span);
        }
        let found = if walk.is_secret() || reaches {
            format!("{} (sensitive value not shown)", describe_type(found))
        } else {
            match found {
                Value::String(s) => format!("the string {}", show(s)),
                Value::Integer(i) => format!("the integer {}", shown_number(false, &i.to_string())),
                Value::Float(f) => format!("the number {}", shown_number(false, &f.literal)),
                Value::Bool(b) => format!("the boolean {b}"),
                Value::Timestamp(t) => {
                    format!("the YAML timestamp {t} (YAML reads it as a date; quote it to make it a string)")
                }
                other => describe_type(other).to_owned(),
            }
        };
        walk.report(Code::Type, span, || format!("expected {expected}, found {found}"));
    }

    fn constrain_items(&self, member: &Member, count: usize, what: &str, span: Span, walk: &mut Walk<'_>) {
        let noun = if what == "list" { "items" } else { "entries" };
        constrain_size(member, count, Code::Items, || format!("{what} with {count} {noun}"), span, walk);
    }

    fn constrain_length(&self, member: &Member, length: usize, unit: &str, span: Span, walk: &mut Walk<'_>) {
        constrain_size(
            member,
            length,
            Code::Length,
            || format!("value with length {length} ({unit})"),
            span,
            walk,
        );
    }

    /// Enum, length and pattern of a string value (or a map key).
    /// Of enum, length and pattern, only the first a value fails is
    /// reported: an empty string is one mistake, not three findings.
    fn constrain_string(&self, member: &Member, s: &str, span: Span, walk: &mut Walk<'_>, what: &str) {
        let before = walk.found();
        if let Some(values) = &member.traits.enum_values
            && !values.is_empty()
            && !values.iter().any(|v| v == s)
        {
            let secret = walk.is_secret();
            let kept = walk.out.len();
            // The near misses, found once for the message and the fix, and
            // only for a finding that is kept: past the cap nothing is
            // computed. (Lengths more than 2 apart are never within 2 edits;
            // checking that first keeps a 20 MB value from costing 20 MB of
            // work.)
            let (cased, close): (Vec<&String>, Vec<(usize, &String)>) = if kept < walk.limit {
                let cased = values.iter().filter(|v| v.eq_ignore_ascii_case(s)).collect();
                let close = values
                    .iter()
                    .filter(|v| v.len().abs_diff(s.len()) <= 8)
                    .filter_map(|v| {
                        let distance = levenshtein(v, s);
                        (distance <= 2).then_some((distance, v))
                    })
                    .collect();
                (cased, close)
            } else {
                (Vec::new(), Vec::new())
            };
            // Suggest only a near miss (case, a typo): a far guess misleads.
            let near =
                cased.first().copied().or_else(|| close.iter().min_by_key(|(d, _)| *d).map(|(_, v)| *v));
            walk.report(Code::Enum, span, || {
                let shown = if secret { "the value".to_owned() } else { show(s) };
                let mut message =
                    format!("{shown} is not one of {}", listed(values.iter().map(String::as_str)));
                if !secret && let Some(best) = near {
                    message.push_str(&format!("; did you mean {}?", show(best)));
                }
                if what == "key" {
                    message = format!("map key {message}");
                }
                message
            });
            // Differing only in case: one right answer (safe). A value
            // within two edits of exactly one other: a guess (unsafe).
            if !secret && walk.out.len() > kept {
                let fix = match (cased.as_slice(), close.as_slice()) {
                    ([one], _) => Some((*one, Applicability::Safe)),
                    ([], [(_, one)]) => Some((*one, Applicability::Unsafe)),
                    _ => None,
                };
                if let Some((value, applicability)) = fix
                    && let Some(text) = scalar_like(walk.source(span), value)
                    && let Ok(json) = serde_json::to_string(value)
                {
                    self.offer(walk, kept, member, span, text, &json, applicability);
                }
            }
        }
        if walk.found() > before {
            return;
        }
        let length = s.chars().count();
        self.constrain_length(member, length, "characters", span, walk);
        if walk.found() > before {
            return;
        }
        if let Some(source) = &member.traits.pattern {
            match self.pattern_match(source, s, walk) {
                Ok(matched) => match matched {
                    Ok(true) => {}
                    Ok(false) => {
                        let shown = shown(walk.is_secret(), s);
                        let subject = if what == "key" { "map key" } else { "value" };
                        walk.report(
                            Code::Pattern,
                            span,
                            || format!(
                                "{subject} {shown} failed to satisfy constraint: Member must satisfy regular expression pattern: {}",
                                clip(source, PATTERN_CHARS)
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
                        walk.report(Code::PatternUnchecked, span, || {
                            format!(
                                "pattern {} not checked for this value: {reason}",
                                clip(source, PATTERN_CHARS)
                            )
                        });
                    }
                },
                Err(error) => walk.report(Code::PatternUnchecked, span, || {
                    format!("pattern {} cannot be checked: {}", clip(source, PATTERN_CHARS), error.message())
                }),
            }
        }
    }

    fn constrain_integer(
        &self,
        member: &Member,
        value: &crate::doc::Integer,
        span: Span,
        walk: &mut Walk<'_>,
    ) {
        let kind = &self.model.shape(member.target).kind;
        let (type_min, type_max, type_name) = match kind {
            ShapeKind::Integer => (i128::from(i32::MIN), i128::from(i32::MAX), "integer (32-bit)"),
            _ => (i128::from(i64::MIN), i128::from(i64::MAX), "long (64-bit)"),
        };
        let shown = shown_number(walk.is_secret(), &value.to_string());
        let Some(v) = value.as_i128().filter(|v| (type_min..=type_max).contains(v)) else {
            walk.report(Code::Range, span, || {
                format!("value {shown} is outside the range of a {type_name}: {type_min} to {type_max}")
            });
            return;
        };
        self.constrain_bounds(member, v as f64, Some(v), &shown, span, walk);
    }

    fn constrain_float(&self, member: &Member, value: f64, literal: &str, span: Span, walk: &mut Walk<'_>) {
        let shown = shown_number(walk.is_secret(), literal);
        self.constrain_bounds(member, value, None, &shown, span, walk);
    }

    fn constrain_bounds(
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
                || format!("value {shown} failed to satisfy constraint: Member must have value greater than or equal to {min}"),
            );
        }
        if let Some(max) = member.traits.max
            && above(max)
        {
            walk.report(
                Code::Range,
                span,
                || format!("value {shown} failed to satisfy constraint: Member must have value less than or equal to {max}"),
            );
        }
    }
}

/// `min`/`max` of a size (string or blob length, list or map entries), in
/// the services' words ("Member must have length ...", which they use for
/// both).
/// `subject` is only called to word a violation: nearly every value passes.
fn constrain_size(
    member: &Member,
    size: usize,
    code: Code,
    subject: impl Fn() -> String,
    span: Span,
    walk: &mut Walk<'_>,
) {
    let size = i128::try_from(size).unwrap_or(i128::MAX);
    // A bound written as a float (`1e30`, `2.5`) is compared as one, as
    // botocore's `len(param) < min` does: honoured, never ignored.
    #[allow(clippy::cast_precision_loss)]
    let versus = |bound: Bound| match bound {
        Bound::Int(b) => size.partial_cmp(&b),
        Bound::Float(b) => (size as f64).partial_cmp(&b),
    };
    let below = |bound| versus(bound) == Some(std::cmp::Ordering::Less);
    let above = |bound| versus(bound) == Some(std::cmp::Ordering::Greater);
    if let Some(min) = member.traits.min
        && below(min)
    {
        walk.report(code, span, || {
            format!(
                "{} failed to satisfy constraint: Member must have length greater than or equal to {min}",
                subject()
            )
        });
    }
    if let Some(max) = member.traits.max
        && above(max)
    {
        walk.report(code, span, || {
            format!(
                "{} failed to satisfy constraint: Member must have length less than or equal to {max}",
                subject()
            )
        });
    }
}

/// A value for messages: quoted and shortened, or hidden when sensitive.
fn shown(secret: bool, text: &str) -> String {
    if secret {
        return "(sensitive value not shown)".to_owned();
    }
    show(text)
}

/// A number for messages: as written (unquoted), shortened, or hidden when
/// sensitive.
fn shown_number(secret: bool, text: &str) -> String {
    if secret {
        return "(sensitive value not shown)".to_owned();
    }
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        text.to_owned()
    } else {
        format!("{}… ({count} digits)", text.chars().take(SHOWN_CHARS).collect::<String>())
    }
}

/// Names joined with ", ", at most [`LISTED_NAMES`] of them (each shortened
/// like a value), then how many more: a message stays small whatever the
/// model.
fn listed<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = names.len();
    let mut out = String::new();
    for (i, name) in names.take(LISTED_NAMES).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if name.chars().count() <= SHOWN_CHARS {
            out.push_str(name);
        } else {
            out.extend(name.chars().take(SHOWN_CHARS));
            out.push('…');
        }
    }
    if total > LISTED_NAMES {
        out.push_str(&format!(" and {} more", total - LISTED_NAMES));
    }
    out
}

/// `unknown member "X"; did you mean "Y"? (valid members: …)`.
fn unknown_member_message(key: &str, members: &[Member], shape: &str) -> String {
    let mut message = format!("unknown member {}", show(key));
    // Suggestions compare every member by edit distance: skipped for keys
    // too long to be a misspelt name and for (hostile) giant structures.
    if key.len() <= 256 && members.len() <= 10_000 {
        let names = members.iter().map(|m| m.name.as_str());
        if let Some(best) = closest_names(key, names).first() {
            message.push_str(&format!("; did you mean \"{best}\"?"));
        }
    }
    if members.is_empty() {
        message.push_str(&format!(" ({shape} has no members)"));
    } else {
        message.push_str(&format!(" (valid members: {})", listed(members.iter().map(|m| m.name.as_str()))));
    }
    message
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

/// Whether the value at `span` is a plain (unquoted) scalar in the source:
/// JSON strings and quoted YAML start with a quote.
fn is_plain_scalar(document: &Document, span: Span) -> bool {
    let start = usize::try_from(span.start).unwrap_or(usize::MAX);
    !matches!(document.source().as_bytes().get(start), Some(b'"' | b'\''))
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
