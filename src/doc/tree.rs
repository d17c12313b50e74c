//! The document tree: an arena of nodes with spans, built by the JSON
//! and YAML readers, and the pointers that address it.

use std::collections::HashMap;

use crate::doc::error::{Limits, Problem, ProblemKind};
use crate::doc::span::{LineIndex, Span};

/// The result of a successful parse: the document and the non-fatal problems.
pub type Parsed = (Document, Vec<Problem>);

/// Index of a node in a [`Document`]'s arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The index into [`Document::nodes`].
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// An integer, exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integer {
    /// The value, when it fits in an `i128`.
    Small(i128),
    /// An integer too large for `i128`: its canonical decimal text (`-` for
    /// negatives, no `+`, no leading zeros), as Python prints it.
    Big(Box<str>),
}

impl Integer {
    /// The value if it fits in an `i64`.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Small(v) => i64::try_from(*v).ok(),
            Self::Big(_) => None,
        }
    }

    /// The value if it fits in an `i128`.
    #[must_use]
    pub const fn as_i128(&self) -> Option<i128> {
        match self {
            Self::Small(v) => Some(*v),
            Self::Big(_) => None,
        }
    }
}

impl std::fmt::Display for Integer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Small(v) => write!(f, "{v}"),
            Self::Big(text) => f.write_str(text),
        }
    }
}

/// A floating-point number with the literal it was written as.
#[derive(Clone, Debug, PartialEq)]
pub struct Float {
    /// The nearest `f64` (infinite when the literal overflows).
    pub value: f64,
    /// The literal text as written in the source.
    pub literal: Box<str>,
    /// `true` when a finite literal such as `1e400` does not fit in an `f64`
    /// (`value` is then infinite). YAML `.inf` is not out of range.
    pub out_of_range: bool,
}

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (YAML: `~`, `null`, `Null`, `NULL`, or nothing).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer, exact.
    Integer(Integer),
    /// A number with a fraction or exponent (YAML also `.inf`, `.nan`).
    Float(Float),
    /// A string.
    String(String),
    /// YAML only: a plain scalar that ruamel loads as a date or datetime
    /// (`2020-01-01`, `1970-01-01 00:00:00`), kept as its text.
    Timestamp(String),
    /// YAML only: a `!!binary` scalar, base64-decoded.
    Binary(Vec<u8>),
    /// An array / sequence.
    Array(Vec<NodeId>),
    /// An object / mapping, in document order, keys unique.
    Object(Vec<Entry>),
}

impl Value {
    /// A short name of the value's type for messages: `null`, `boolean`,
    /// `integer`, `float`, `string`, `timestamp`, `binary`, `array`, `object`.
    #[must_use]
    pub const fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "boolean",
            Self::Integer(_) => "integer",
            Self::Float(_) => "float",
            Self::String(_) => "string",
            Self::Timestamp(_) => "timestamp",
            Self::Binary(_) => "binary",
            Self::Array(_) => "array",
            Self::Object(_) => "object",
        }
    }

    /// Whether this is an array or an object.
    #[must_use]
    pub const fn is_container(&self) -> bool {
        matches!(self, Self::Array(_) | Self::Object(_))
    }
}

/// One key of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key text (YAML scalar keys that are not strings, such as `1`, are
    /// their text).
    pub key: String,
    /// Span of the key in the source: for a quoted key from its opening quote.
    pub key_span: Span,
    /// The value.
    pub value: NodeId,
}

/// One node: a value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Span of the value. It starts at the value's first character (the
    /// opening quote or bracket; for YAML after any anchor or tag); for a YAML
    /// alias it is the span of the alias (`*name`).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// Placeholder returned by [`Document::node`] for an id that is not in the
/// arena (an id from another document).
static MISSING_NODE: Node = Node { span: Span { start: 0, end: 0 }, value: Value::Null };

/// A parsed document: an arena of nodes, the root, and the source text.
#[derive(Clone, Debug)]
pub struct Document {
    nodes: Vec<Node>,
    root: NodeId,
    source: String,
    /// YAML aliases: (the root of the copy an alias made, the anchored node
    /// it copies), in the order of the copies. Empty for JSON.
    aliases: Vec<(NodeId, NodeId)>,
    /// YAML aliases used as mapping keys: (the key's span, the anchored
    /// node whose text the key takes), in document order.
    key_aliases: Vec<(Span, NodeId)>,
}

impl Document {
    /// Replaces the value of a scalar node (used to carry Python types that
    /// JSON text cannot spell, such as bytes, into a rendered document).
    /// Containers are left alone so the tree stays consistent.
    pub(crate) fn replace_scalar(&mut self, id: NodeId, value: Value) {
        if let Some(node) = self.nodes.get_mut(id.index())
            && !node.value.is_container()
            && !value.is_container()
        {
            node.value = value;
        }
    }

    /// Whether the document has YAML aliases.
    #[must_use]
    pub fn has_aliases(&self) -> bool {
        !self.aliases.is_empty() || !self.key_aliases.is_empty()
    }

    /// The anchored node a mapping key at `key_span` is an alias of.
    #[must_use]
    pub fn key_alias(&self, key_span: Span) -> Option<NodeId> {
        self.key_aliases.iter().find(|(span, _)| *span == key_span).map(|&(_, anchor)| anchor)
    }

    /// The anchored node `id` shares its value with: the anchor an alias
    /// copy was made from, or `id` itself when it is an anchor that some
    /// alias copies. `None` for every other node.
    #[must_use]
    pub fn anchor_of(&self, id: NodeId) -> Option<NodeId> {
        if let Ok(i) = self.aliases.binary_search_by_key(&id, |&(copy, _)| copy) {
            return self.aliases.get(i).map(|&(_, anchor)| anchor);
        }
        let aliased = self.aliases.iter().any(|&(_, anchor)| anchor == id)
            || self.key_aliases.iter().any(|&(_, anchor)| anchor == id);
        aliased.then_some(id)
    }

    /// The roots of the copies aliases made of `anchor`.
    pub fn aliases_of(&self, anchor: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.aliases.iter().filter(move |&&(_, a)| a == anchor).map(|&(copy, _)| copy)
    }

    /// The root node's id.
    #[must_use]
    pub const fn root(&self) -> NodeId {
        self.root
    }

    /// The node with id `id`. An id that does not belong to this document
    /// gives a `null` node with an empty span instead of panicking.
    #[must_use]
    pub fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id.index()).unwrap_or(&MISSING_NODE)
    }

    /// The node with id `id`, if it exists.
    #[must_use]
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// All nodes of the arena, including values that a duplicate key
    /// overwrote (no longer reachable from the root).
    #[must_use]
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The source text the spans refer to (as given, a BOM included).
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Gives a document parsed detached (the readers' `*_detached`
    /// functions) the text it was parsed from. Moving the text in, instead
    /// of copying it, is what keeps a 10 MB file from being held twice.
    pub(crate) fn attach(&mut self, source: String) {
        self.source = source;
    }

    /// The source text, given back (to keep a file's bytes for snippets
    /// and fixes without a copy).
    #[must_use]
    pub fn into_source(self) -> String {
        self.source
    }

    /// The source text under `span`, or `""` if the span is not valid here.
    #[must_use]
    pub fn text(&self, span: Span) -> &str {
        span.slice(&self.source).unwrap_or("")
    }

    /// A [`LineIndex`] over this document's source.
    #[must_use]
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.source)
    }

    /// The entries of an object node (`None` for other nodes).
    #[must_use]
    pub fn entries(&self, id: NodeId) -> Option<&[Entry]> {
        match &self.node(id).value {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of an array node (`None` for other nodes).
    #[must_use]
    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id).value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entry for `key` in object node `id`.
    #[must_use]
    pub fn entry(&self, id: NodeId, key: &str) -> Option<&Entry> {
        self.entries(id)?.iter().find(|e| e.key == key)
    }

    /// Looks up an RFC 6901 JSON pointer (`""` is the root, `/a/0` the first
    /// item of key `a`, `~1` stands for `/` and `~0` for `~`). Array indexes
    /// must be plain decimal without leading zeros; `-` finds nothing.
    #[must_use]
    pub fn pointer(&self, ptr: &str) -> Option<NodeId> {
        self.pointer_from(self.root, ptr)
    }

    /// The node `ptr` (an RFC 6901 pointer) names, relative to `from`.
    #[must_use]
    pub fn pointer_from(&self, from: NodeId, ptr: &str) -> Option<NodeId> {
        if ptr.is_empty() {
            return Some(from);
        }
        let rest = ptr.strip_prefix('/')?;
        let mut current = from;
        for raw in rest.split('/') {
            let token = if raw.contains('~') { unescape_pointer_token(raw)? } else { raw.to_owned() };
            current = match &self.node(current).value {
                Value::Object(entries) => entries.iter().find(|e| e.key == token)?.value,
                Value::Array(items) => {
                    let valid = !token.is_empty()
                        && token.bytes().all(|b| b.is_ascii_digit())
                        && (token == "0" || !token.starts_with('0'));
                    if !valid {
                        return None;
                    }
                    let index: usize = token.parse().ok()?;
                    *items.get(index)?
                }
                _ => return None,
            };
        }
        Some(current)
    }

    /// Converts the subtree at `id` to a `serde_json::Value`.
    ///
    /// Lossy where JSON has no equivalent: integers outside `i64`/`u64` and big
    /// integers become `f64` numbers (or their literal as a string when not
    /// finite), non-finite floats their literal as a string, timestamps their
    /// text, binary data a base64 string. Iterative, so depth is no concern
    /// here.
    #[must_use]
    pub fn to_json(&self, id: NodeId) -> serde_json::Value {
        enum Work {
            Visit(NodeId),
            FinishArray(usize),
            FinishObject(NodeId),
        }
        let mut work = vec![Work::Visit(id)];
        let mut out: Vec<serde_json::Value> = Vec::new();
        while let Some(step) = work.pop() {
            match step {
                Work::Visit(id) => match &self.node(id).value {
                    Value::Array(items) => {
                        work.push(Work::FinishArray(items.len()));
                        work.extend(items.iter().rev().map(|&c| Work::Visit(c)));
                    }
                    Value::Object(entries) => {
                        work.push(Work::FinishObject(id));
                        work.extend(entries.iter().rev().map(|e| Work::Visit(e.value)));
                    }
                    scalar => out.push(scalar_to_json(scalar)),
                },
                Work::FinishArray(n) => {
                    let at = out.len().saturating_sub(n);
                    let items = out.split_off(at);
                    out.push(serde_json::Value::Array(items));
                }
                Work::FinishObject(id) => {
                    let entries = self.entries(id).unwrap_or(&[]);
                    let at = out.len().saturating_sub(entries.len());
                    let values = out.split_off(at);
                    let map: serde_json::Map<String, serde_json::Value> =
                        entries.iter().map(|e| e.key.clone()).zip(values).collect();
                    out.push(serde_json::Value::Object(map));
                }
            }
        }
        out.pop().unwrap_or(serde_json::Value::Null)
    }
}

/// Escapes a key for an RFC 6901 pointer (`~` → `~0`, `/` → `~1`).
#[must_use]
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    // Nearly every member name has neither: no allocation then.
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// Decodes `~1` and `~0` in one JSON pointer token; `None` for a bad escape.
#[must_use]
pub fn unescape_pointer_token(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// JSON form of a scalar value (containers give `null`; the caller handles them).
fn scalar_to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null | Value::Array(_) | Value::Object(_) => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Integer(Integer::Small(v)) => {
            if let Ok(i) = i64::try_from(*v) {
                J::from(i)
            } else if let Ok(u) = u64::try_from(*v) {
                J::from(u)
            } else {
                #[allow(clippy::cast_precision_loss)] // documented as lossy
                let f = *v as f64;
                serde_json::Number::from_f64(f).map_or_else(|| J::String(v.to_string()), J::Number)
            }
        }
        Value::Integer(Integer::Big(text)) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| J::String(text.to_string()), J::Number),
        Value::Float(f) => {
            serde_json::Number::from_f64(f.value).map_or_else(|| J::String(f.literal.to_string()), J::Number)
        }
        Value::String(s) | Value::Timestamp(s) => J::String(s.clone()),
        Value::Binary(bytes) => J::String(crate::doc::base64::encode(bytes)),
    }
}

/// Builds the node arena while enforcing [`Limits::max_nodes`].
#[derive(Debug)]
pub(crate) struct Arena {
    /// The nodes so far.
    pub(crate) nodes: Vec<Node>,
    /// [`Limits::max_nodes`].
    max_nodes: usize,
    /// See [`Document::anchor_of`].
    pub(crate) aliases: Vec<(NodeId, NodeId)>,
    /// See [`Document::key_alias`].
    pub(crate) key_aliases: Vec<(Span, NodeId)>,
}

impl Arena {
    /// An arena for a source of `source_len` bytes (capacity is a guess:
    /// request documents have roughly one value per 16 bytes).
    pub(crate) fn new(limits: &Limits, source_len: usize) -> Self {
        let guess = (source_len / 16).clamp(4, 4096).min(limits.max_nodes);
        Self {
            nodes: Vec::with_capacity(guess),
            max_nodes: limits.max_nodes,
            aliases: Vec::new(),
            key_aliases: Vec::new(),
        }
    }

    /// Id that the next pushed node will get.
    pub(crate) fn next_id(&self) -> Result<NodeId, Problem> {
        u32::try_from(self.nodes.len())
            .map(NodeId)
            .map_err(|_| Problem::limit(Span::empty(0), "too many nodes"))
    }

    /// Adds a node; fails with a limit problem at `span` past `max_nodes`.
    pub(crate) fn push(&mut self, span: Span, value: Value) -> Result<NodeId, Problem> {
        if self.nodes.len() >= self.max_nodes {
            return Err(Problem::limit(
                span,
                format!("document has more than {} values (the node limit)", self.max_nodes),
            ));
        }
        let id = self.next_id()?;
        self.nodes.push(Node { span, value });
        Ok(id)
    }

    /// Replaces the value and span of an existing node (containers are pushed
    /// as placeholders when they open and completed when they close).
    pub(crate) fn complete(&mut self, id: NodeId, span: Span, value: Value) {
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.span = span;
            node.value = value;
        }
    }

    /// The node with id `id`.
    pub(crate) fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// The problem for `dup`, a key repeated at `second`: the replaced
    /// value's span comes from the arena.
    pub(crate) fn duplicate_problem(
        &self,
        dup: &Duplicate,
        second: Span,
        lines: &mut Option<LineIndex>,
        source: &str,
    ) -> Problem {
        let replaced = self.get(dup.replaced).map_or(second, |n| n.span);
        duplicate_key_problem(&dup.key, second, (dup.first, dup.previous), replaced, lines, source)
    }

    /// The finished document, without its source text yet: the caller
    /// attaches it ([`Document::attach`]), copied or moved.
    pub(crate) fn finish(self, root: NodeId) -> Document {
        Document {
            nodes: self.nodes,
            root,
            source: String::new(),
            aliases: self.aliases,
            key_aliases: self.key_aliases,
        }
    }
}

/// Collects the entries of one object, detecting duplicate keys (last wins).
#[derive(Debug, Default)]
pub(crate) struct ObjectBuilder {
    entries: Vec<Entry>,
    /// Key → entry index, built once the object grows past a few keys.
    index: Option<HashMap<String, usize>>,
    /// For entries whose key was repeated: the span of the key's first
    /// occurrence (the entry itself now carries the last one).
    first_spans: HashMap<usize, Span>,
}

/// A duplicate key found by [`ObjectBuilder::insert`].
pub(crate) struct Duplicate {
    /// The key text.
    pub(crate) key: String,
    /// Span of the key's first occurrence.
    pub(crate) first: Span,
    /// Span of the occurrence whose value was replaced.
    pub(crate) previous: Span,
    /// The value the repeated key replaced.
    pub(crate) replaced: NodeId,
}

/// Objects with at most this many keys are searched linearly.
const LINEAR_KEYS: usize = 12;

impl ObjectBuilder {
    /// Index of the entry with `key`.
    fn find(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(map) => map.get(key).copied(),
            None => self.entries.iter().position(|e| e.key == key),
        }
    }

    /// Whether an entry with `key` is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Inserts an entry. On a duplicate key the value and key span of the
    /// existing entry are replaced (last wins, position kept) and the key is
    /// handed back with the span of its first occurrence.
    pub(crate) fn insert(&mut self, entry: Entry) -> Option<Duplicate> {
        if let Some(i) = self.find(&entry.key) {
            let existing = self.entries.get_mut(i)?;
            let first = *self.first_spans.entry(i).or_insert(existing.key_span);
            let previous = std::mem::replace(&mut existing.key_span, entry.key_span);
            let replaced = std::mem::replace(&mut existing.value, entry.value);
            return Some(Duplicate { key: entry.key, first, previous, replaced });
        }
        let i = self.entries.len();
        if let Some(map) = &mut self.index {
            map.insert(entry.key.clone(), i);
        } else if i >= LINEAR_KEYS {
            let mut map: HashMap<String, usize> =
                self.entries.iter().enumerate().map(|(j, e)| (e.key.clone(), j)).collect();
            map.insert(entry.key.clone(), i);
            self.index = Some(map);
        }
        self.entries.push(entry);
        None
    }

    /// The entries in document order.
    pub(crate) fn into_entries(mut self) -> Vec<Entry> {
        // Exactly as many as there are: a 10 MB request has ~70,000 small
        // objects, and the slack of a grown `Vec` was a tenth of its tree.
        self.entries.shrink_to_fit();
        self.entries
    }
}

/// Message for a duplicate key at its second occurrence.
pub(crate) fn duplicate_key_problem(
    key: &str,
    second: Span,
    (first, previous): (Span, Span),
    replaced: Span,
    lines: &mut Option<LineIndex>,
    source: &str,
) -> Problem {
    let line = lines.get_or_insert_with(|| LineIndex::new(source)).line(first.start);
    Problem::new(
        ProblemKind::DuplicateKey { first, previous, replaced, key: key.into() },
        second,
        format!(
            "duplicate key {:?} (first defined at line {line})",
            crate::guard::sanitize::clip(key, crate::guard::sanitize::QUOTED_CHARS)
        ),
    )
    .with_redacted(format!("duplicate key (first defined at line {line}; the key is not shown)"))
}
