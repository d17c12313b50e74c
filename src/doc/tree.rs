//! The document tree: an arena of nodes with spans, built by the JSON
//! and YAML readers, and the pointers that address it.

use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;

use crate::doc::error::{Limits, Problem, ProblemKind};
use crate::doc::span::{LineIndex, Span};

/// The result of a successful parse: the document and the non-fatal problems.
pub type Parsed = (Document, Vec<Problem>);

/// Index of a node in a [`Document`]'s arena.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// A scalar value as the readers make it, before it is stored: what
/// [`crate::doc::scalar`] resolves a YAML scalar to.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer, exact.
    Integer(Integer),
    /// A number with a fraction or exponent.
    Float(Float),
    /// A string.
    String(String),
    /// YAML only: a date or datetime, kept as its text.
    Timestamp(String),
    /// YAML only: a `!!binary` scalar, base64-decoded.
    Binary(Vec<u8>),
}

/// A value in the tree, as [`Document::value`] shows it: borrowed from the
/// document, so reading a value never allocates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null` (YAML: `~`, `null`, `Null`, `NULL`, or nothing).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer, exact.
    Integer(&'a Integer),
    /// A number with a fraction or exponent (YAML also `.inf`, `.nan`).
    Float(&'a Float),
    /// A string.
    String(&'a str),
    /// YAML only: a plain scalar that ruamel loads as a date or datetime
    /// (`2020-01-01`, `1970-01-01 00:00:00`), kept as its text.
    Timestamp(&'a str),
    /// YAML only: a `!!binary` scalar, base64-decoded.
    Binary(&'a [u8]),
    /// An array / sequence: its items in order.
    Array(&'a [NodeId]),
    /// An object / mapping, in document order, keys unique.
    Object(Entries<'a>),
}

impl Value<'_> {
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The key text (YAML scalar keys that are not strings, such as `1`, are
    /// their text).
    pub key: &'a str,
    /// Span of the key in the source: for a quoted key from its opening quote.
    pub key_span: Span,
    /// The value.
    pub value: NodeId,
}

/// The entries of an object, in document order: a view into the
/// document's one array of entries.
#[derive(Clone, Copy)]
pub struct Entries<'a> {
    /// The document the keys' text is in.
    document: &'a Document,
    /// This object's entries.
    raw: &'a [RawEntry],
}

impl<'a> Entries<'a> {
    /// The number of entries.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the object has no entries.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The entry at `index` in document order.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Entry<'a>> {
        self.raw.get(index).map(|raw| self.document.entry_of(raw))
    }

    /// The entry for `key`.
    #[must_use]
    pub fn find(&self, key: &str) -> Option<Entry<'a>> {
        self.iter().find(|e| e.key == key)
    }

    /// The entries in document order.
    pub fn iter(&self) -> EntryIter<'a> {
        EntryIter { document: self.document, raw: self.raw.iter() }
    }
}

/// The document behind [`Entries::default`].
static EMPTY_DOCUMENT: Document = Document {
    nodes: Vec::new(),
    items: Vec::new(),
    entries: Vec::new(),
    strings: String::new(),
    integers: Vec::new(),
    floats: Vec::new(),
    blobs: Vec::new(),
    root: NodeId(0),
    source: String::new(),
    aliases: Vec::new(),
    key_aliases: Vec::new(),
};

impl Default for Entries<'_> {
    /// No entries.
    fn default() -> Self {
        Self { document: &EMPTY_DOCUMENT, raw: &[] }
    }
}

impl std::fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Entries<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a> IntoIterator for Entries<'a> {
    type Item = Entry<'a>;
    type IntoIter = EntryIter<'a>;

    fn into_iter(self) -> EntryIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Entries<'a> {
    type Item = Entry<'a>;
    type IntoIter = EntryIter<'a>;

    fn into_iter(self) -> EntryIter<'a> {
        self.iter()
    }
}

/// Iterator over an object's [`Entry`]s.
#[derive(Clone)]
pub struct EntryIter<'a> {
    /// The document the keys' text is in.
    document: &'a Document,
    /// The entries left.
    raw: std::slice::Iter<'a, RawEntry>,
}

impl<'a> Iterator for EntryIter<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        self.raw.next().map(|raw| self.document.entry_of(raw))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl DoubleEndedIterator for EntryIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.raw.next_back().map(|raw| self.document.entry_of(raw))
    }
}

impl ExactSizeIterator for EntryIter<'_> {}

/// Where a string's text is: a range of the source text, or (with
/// [`Text::OWNED`] set in `at`) of the document's buffer of strings that
/// are not written as they read (escapes, folded lines, keys from aliases).
/// Most strings of a request are written plainly, so most cost no heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Text {
    /// Offset, with [`Text::OWNED`] for the buffer.
    at: u32,
    /// Length in bytes.
    len: u32,
}

impl Text {
    /// Its length in bytes.
    pub(crate) const fn len(self) -> usize {
        self.len as usize
    }

    /// The flag in `at` that says the text is in the document's buffer.
    const OWNED: u32 = 1 << 31;

    /// The empty string.
    const EMPTY: Self = Self { at: 0, len: 0 };

    /// The text at `range` of the source (offsets below [`Text::OWNED`],
    /// which the document size limit guarantees).
    const fn source(start: u32, end: u32) -> Self {
        Self { at: start, len: end.saturating_sub(start) }
    }

    /// The text in `source` and `strings` this refers to (`""` if it is
    /// out of range: a text of another document).
    fn resolve<'a>(self, source: &'a str, strings: &'a str) -> &'a str {
        let (from, at) =
            if self.at & Self::OWNED == 0 { (source, self.at) } else { (strings, self.at & !Self::OWNED) };
        let start = at as usize;
        from.get(start..start.saturating_add(self.len as usize)).unwrap_or("")
    }
}

/// A run of the document's items or entries: one container's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    /// Index of the first.
    start: u32,
    /// How many.
    len: u32,
}

impl Run {
    /// The index range.
    fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start.saturating_add(self.len as usize)
    }
}

/// How a node's value is stored: twelve bytes, with what does not fit in
/// the document's side tables.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// Index into [`Document::integers`].
    Integer(u32),
    /// Index into [`Document::floats`].
    Float(u32),
    /// A string's text.
    String(Text),
    /// A timestamp's text.
    Timestamp(Text),
    /// Index into [`Document::blobs`].
    Binary(u32),
    /// The array's run of [`Document::items`].
    Array(Run),
    /// The object's run of [`Document::entries`].
    Object(Run),
}

/// An entry as stored: its key as [`Text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawEntry {
    /// The key's text.
    key: Text,
    /// Span of the key.
    key_span: Span,
    /// The value.
    value: NodeId,
}

/// One node: where a value was written and how it is stored
/// ([`Document::value`] reads it).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Span of the value. It starts at the value's first character (the
    /// opening quote or bracket; for YAML after any anchor or tag); for a YAML
    /// alias it is the span of the alias (`*name`).
    pub span: Span,
    /// The value, stored.
    kind: Kind,
}

/// Placeholder returned by [`Document::node`] for an id that is not in the
/// arena (an id from another document).
static MISSING_NODE: Node = Node { span: Span { start: 0, end: 0 }, kind: Kind::Null };

/// A parsed document: an arena of nodes, the root, and the source text.
///
/// The tree is flat: a node is a span and twelve bytes; an array's items and
/// an object's entries are runs of two shared arrays; strings are ranges of
/// the source unless escapes or folding changed them. A 10 MB request of
/// small objects is held in about its own size again (it took four times
/// as much with a `Vec` per container and a `String` per key and value).
#[derive(Clone, Debug, Default)]
pub struct Document {
    nodes: Vec<Node>,
    /// Every array's items, each array a run.
    items: Vec<NodeId>,
    /// Every object's entries, each object a run.
    entries: Vec<RawEntry>,
    /// The text of strings that are not written as they read.
    strings: String,
    /// Integers, in the order read.
    integers: Vec<Integer>,
    /// Floats, in the order read.
    floats: Vec<Float>,
    /// `!!binary` values.
    blobs: Vec<Vec<u8>>,
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
    /// Replaces the value of a scalar node with binary data (used to carry
    /// Python bytes, which JSON text cannot spell, into a rendered
    /// document). Containers are left alone so the tree stays consistent.
    pub(crate) fn replace_with_binary(&mut self, id: NodeId, bytes: Vec<u8>) {
        let Ok(index) = u32::try_from(self.blobs.len()) else { return };
        if let Some(node) = self.nodes.get_mut(id.index())
            && !matches!(node.kind, Kind::Array(_) | Kind::Object(_))
        {
            node.kind = Kind::Binary(index);
            self.blobs.push(bytes);
        }
    }

    /// Replaces the value of a scalar node with a timestamp (Python
    /// `datetime`s, which JSON text cannot spell).
    pub(crate) fn replace_with_timestamp(&mut self, id: NodeId, text: &str) {
        let Some(owned) = owned_text(&mut self.strings, text) else { return };
        if let Some(node) = self.nodes.get_mut(id.index())
            && !matches!(node.kind, Kind::Array(_) | Kind::Object(_))
        {
            node.kind = Kind::Timestamp(owned);
        }
    }

    /// The value of node `id` (`null` for an id of another document).
    #[must_use]
    pub fn value(&self, id: NodeId) -> Value<'_> {
        self.value_of(self.node(id))
    }

    /// The value `node` (a node of this document) stores.
    #[must_use]
    pub fn value_of(&self, node: &Node) -> Value<'_> {
        match node.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Integer(i) => self.integers.get(i as usize).map_or(Value::Null, Value::Integer),
            Kind::Float(i) => self.floats.get(i as usize).map_or(Value::Null, Value::Float),
            Kind::String(text) => Value::String(self.resolve(text)),
            Kind::Timestamp(text) => Value::Timestamp(self.resolve(text)),
            Kind::Binary(i) => self.blobs.get(i as usize).map_or(Value::Null, |b| Value::Binary(b)),
            Kind::Array(run) => Value::Array(self.items.get(run.range()).unwrap_or(&[])),
            Kind::Object(run) => {
                Value::Object(Entries { document: self, raw: self.entries.get(run.range()).unwrap_or(&[]) })
            }
        }
    }

    /// The text `text` refers to.
    fn resolve(&self, text: Text) -> &str {
        text.resolve(&self.source, &self.strings)
    }

    /// The public form of a stored entry.
    fn entry_of(&self, raw: &RawEntry) -> Entry<'_> {
        Entry { key: self.resolve(raw.key), key_span: raw.key_span, value: raw.value }
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
    /// overwrote (no longer reachable from the root); [`Document::value_of`]
    /// reads them.
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
    /// The strings of the tree refer to it, so it must be that text.
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
    pub fn entries(&self, id: NodeId) -> Option<Entries<'_>> {
        match self.value(id) {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of an array node (`None` for other nodes).
    #[must_use]
    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match self.value(id) {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entry for `key` in object node `id`.
    #[must_use]
    pub fn entry(&self, id: NodeId, key: &str) -> Option<Entry<'_>> {
        self.entries(id)?.find(key)
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
            current = match self.value(current) {
                Value::Object(entries) => entries.find(&token)?.value,
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
                Work::Visit(id) => match self.value(id) {
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
                    let Some(entries) = self.entries(id) else { continue };
                    let at = out.len().saturating_sub(entries.len());
                    let values = out.split_off(at);
                    let map: serde_json::Map<String, serde_json::Value> =
                        entries.iter().map(|e| e.key.to_owned()).zip(values).collect();
                    out.push(serde_json::Value::Object(map));
                }
            }
        }
        out.pop().unwrap_or(serde_json::Value::Null)
    }
}

/// Appends `text` to a document's buffer of strings; `None` past the
/// buffer's 2 GiB addressing.
fn owned_text(strings: &mut String, text: &str) -> Option<Text> {
    let at = u32::try_from(strings.len()).ok().filter(|&at| at < Text::OWNED)?;
    let len = u32::try_from(text.len()).ok()?;
    if u64::from(at) + u64::from(len) >= u64::from(Text::OWNED) {
        return None;
    }
    strings.push_str(text);
    Some(Text { at: at | Text::OWNED, len })
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
fn scalar_to_json(value: Value<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null | Value::Array(_) | Value::Object(_) => J::Null,
        Value::Bool(b) => J::Bool(b),
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
        Value::String(s) | Value::Timestamp(s) => J::String(s.to_owned()),
        Value::Binary(bytes) => J::String(crate::doc::base64::encode(bytes)),
    }
}

/// Builds a [`Document`] while enforcing [`Limits::max_nodes`].
///
/// Containers are built on two stacks shared by all open containers (the
/// items and entries of the innermost open one are always on top); when one
/// closes, its run moves to the document's arrays. So no container has a
/// `Vec` of its own, and no run has slack.
#[derive(Debug)]
pub(crate) struct Arena<'s> {
    /// The source text (strings written plainly refer to it).
    src: &'s str,
    /// The document so far (without its source).
    doc: Document,
    /// Items of the open arrays.
    open_items: Vec<NodeId>,
    /// Entries of the open objects.
    open_entries: Vec<RawEntry>,
    /// [`Limits::max_nodes`].
    max_nodes: usize,
    /// Hashes keys for the indexes of large objects.
    hasher: RandomState,
    /// Key texts written for anchored scalars that are not strings, by
    /// anchor (see [`Arena::key_text`]).
    key_texts: std::collections::HashMap<NodeId, Text>,
}

/// A limit problem for a document whose strings no longer fit the tree's
/// 32-bit addressing (only a hostile document, far past the size limit
/// in what it expands to, gets here).
fn strings_full(span: Span) -> Problem {
    Problem::limit(span, "the document's strings are larger than 2 GiB")
}

impl<'s> Arena<'s> {
    /// An arena for `src` (capacity is a guess: request documents have
    /// roughly one value per 16 bytes).
    pub(crate) fn new(limits: &Limits, src: &'s str) -> Self {
        let guess = (src.len() / 16).clamp(4, 4096).min(limits.max_nodes);
        let doc = Document { nodes: Vec::with_capacity(guess), ..Document::default() };
        Self {
            src,
            doc,
            open_items: Vec::new(),
            // Nearly every document has an object: room for a small one's
            // entries from the start, instead of growing 4, 8, 16.
            open_entries: Vec::with_capacity(16),
            max_nodes: limits.max_nodes,
            hasher: RandomState::new(),
            key_texts: std::collections::HashMap::new(),
        }
    }

    /// Id that the next pushed node will get.
    pub(crate) fn next_id(&self) -> Result<NodeId, Problem> {
        u32::try_from(self.doc.nodes.len())
            .map(NodeId)
            .map_err(|_| Problem::limit(Span::empty(0), "too many nodes"))
    }

    /// Number of nodes so far.
    pub(crate) fn len(&self) -> usize {
        self.doc.nodes.len()
    }

    /// See [`Document::anchor_of`].
    pub(crate) fn add_alias(&mut self, copy: NodeId, anchor: NodeId) {
        self.doc.aliases.push((copy, anchor));
    }

    /// See [`Document::key_alias`].
    pub(crate) fn add_key_alias(&mut self, span: Span, anchor: NodeId) {
        self.doc.key_aliases.push((span, anchor));
    }

    /// Adds a node; fails with a limit problem at `span` past `max_nodes`.
    fn push_kind(&mut self, span: Span, kind: Kind) -> Result<NodeId, Problem> {
        if self.doc.nodes.len() >= self.max_nodes {
            return Err(Problem::limit(
                span,
                format!("document has more than {} values (the node limit)", self.max_nodes),
            ));
        }
        let id = self.next_id()?;
        self.doc.nodes.push(Node { span, kind });
        Ok(id)
    }

    /// Adds a scalar node.
    pub(crate) fn push(&mut self, span: Span, value: Scalar) -> Result<NodeId, Problem> {
        let kind = match value {
            Scalar::Null => Kind::Null,
            Scalar::Bool(b) => Kind::Bool(b),
            Scalar::Integer(i) => Kind::Integer(push_indexed(&mut self.doc.integers, i, span)?),
            Scalar::Float(f) => Kind::Float(push_indexed(&mut self.doc.floats, f, span)?),
            Scalar::String(s) => Kind::String(self.text(&s, span)?),
            Scalar::Timestamp(s) => Kind::Timestamp(self.text(&s, span)?),
            Scalar::Binary(b) => Kind::Binary(push_indexed(&mut self.doc.blobs, b, span)?),
        };
        self.push_kind(span, kind)
    }

    /// Adds a string node whose text is `text` (from [`Arena::text`] or
    /// [`Arena::source_text`]).
    pub(crate) fn push_string(&mut self, span: Span, text: Text) -> Result<NodeId, Problem> {
        self.push_kind(span, Kind::String(text))
    }

    /// Adds the node of a container that opens at `span`; its value is
    /// `null` until [`Arena::close_array`] or [`Arena::close_object`].
    pub(crate) fn open(&mut self, span: Span) -> Result<NodeId, Problem> {
        self.push_kind(span, Kind::Null)
    }

    /// The source range `start..end` as a string's text.
    pub(crate) const fn source_text(start: u32, end: u32) -> Text {
        Text::source(start, end)
    }

    /// The text `value`, written at `span`: the source itself when it reads
    /// as `value` there (plainly, or between quotes), else a copy in the
    /// document's buffer.
    pub(crate) fn text(&mut self, value: &str, span: Span) -> Result<Text, Problem> {
        if value.is_empty() {
            return Ok(Text::EMPTY);
        }
        let (start, end) = (span.start as usize, span.end as usize);
        // The block reader's texts are slices of the source: where one is
        // says what the comparisons below would find, without comparing.
        let at = (value.as_ptr() as usize).wrapping_sub(self.src.as_ptr() as usize);
        if at == start && value.len() == end.wrapping_sub(start) {
            return Ok(Text::source(span.start, span.end));
        }
        if at == start.wrapping_add(1) && value.len().wrapping_add(2) == end.wrapping_sub(start) {
            return Ok(Text::source(span.start.saturating_add(1), span.end.saturating_sub(1)));
        }
        if self.src.get(start..end) == Some(value) {
            return Ok(Text::source(span.start, span.end));
        }
        if end >= start.saturating_add(2) && self.src.get(start + 1..end - 1) == Some(value) {
            return Ok(Text::source(span.start.saturating_add(1), span.end.saturating_sub(1)));
        }
        owned_text(&mut self.doc.strings, value).ok_or_else(|| strings_full(span))
    }

    /// A copy of `value` in the document's buffer.
    pub(crate) fn owned(&mut self, value: &str, span: Span) -> Result<Text, Problem> {
        owned_text(&mut self.doc.strings, value).ok_or_else(|| strings_full(span))
    }

    /// The string `text` refers to.
    pub(crate) fn resolve(&self, text: Text) -> &str {
        text.resolve(self.src, &self.doc.strings)
    }

    /// Where the items of an array opened now start on the stack.
    pub(crate) fn items_mark(&self) -> usize {
        self.open_items.len()
    }

    /// Adds an item to the innermost open array.
    pub(crate) fn add_item(&mut self, id: NodeId) {
        self.open_items.push(id);
    }

    /// Completes the array `id` with the items added since `mark`.
    pub(crate) fn close_array(&mut self, id: NodeId, span: Span, mark: usize) {
        let run = move_run(&mut self.open_items, mark, &mut self.doc.items);
        self.complete(id, span, Kind::Array(run));
    }

    /// Completes the object `id` with `object`'s entries.
    pub(crate) fn close_object(&mut self, id: NodeId, span: Span, object: ObjectBuilder) {
        let run = move_run(&mut self.open_entries, object.mark, &mut self.doc.entries);
        self.complete(id, span, Kind::Object(run));
    }

    /// Sets the span and value of a container's node.
    fn complete(&mut self, id: NodeId, span: Span, kind: Kind) {
        if let Some(node) = self.doc.nodes.get_mut(id.index()) {
            node.span = span;
            node.kind = kind;
        }
    }

    /// The span of node `id`.
    pub(crate) fn span(&self, id: NodeId) -> Option<Span> {
        self.doc.nodes.get(id.index()).map(|n| n.span)
    }

    /// Whether node `id` is a (completed) object.
    pub(crate) fn is_object(&self, id: NodeId) -> bool {
        matches!(self.doc.nodes.get(id.index()).map(|n| n.kind), Some(Kind::Object(_)))
    }

    /// The items of node `id` when it is a (completed) array.
    pub(crate) fn items_of(&self, id: NodeId) -> Option<&[NodeId]> {
        match self.doc.nodes.get(id.index())?.kind {
            Kind::Array(run) => self.doc.items.get(run.range()),
            _ => None,
        }
    }

    /// The entries of node `id` when it is a (completed) object, as stored.
    pub(crate) fn entries_of(&self, id: NodeId) -> Option<&[RawEntry]> {
        match self.doc.nodes.get(id.index())?.kind {
            Kind::Object(run) => self.doc.entries.get(run.range()),
            _ => None,
        }
    }

    /// The key text of a scalar node used as a mapping key through an
    /// alias (`None` for containers). A string's is its own text, shared,
    /// so an alias of a long string costs nothing however often it is used
    /// as a key; the text of another scalar is written once per anchor.
    pub(crate) fn key_text(&mut self, id: NodeId, span: Span) -> Result<Option<Text>, Problem> {
        let Some(node) = self.doc.nodes.get(id.index()) else { return Ok(None) };
        let text = match node.kind {
            Kind::String(text) | Kind::Timestamp(text) => return Ok(Some(text)),
            Kind::Array(_) | Kind::Object(_) => return Ok(None),
            _ if let Some(&text) = self.key_texts.get(&id) => {
                return Ok(Some(text));
            }
            Kind::Null => "null".to_owned(),
            Kind::Bool(b) => b.to_string(),
            Kind::Integer(i) => {
                self.doc.integers.get(i as usize).map(ToString::to_string).unwrap_or_default()
            }
            Kind::Float(i) => {
                self.doc.floats.get(i as usize).map(|f| f.literal.to_string()).unwrap_or_default()
            }
            Kind::Binary(i) => {
                self.doc.blobs.get(i as usize).map(|b| crate::doc::base64::encode(b)).unwrap_or_default()
            }
        };
        let text = self.owned(&text, span)?;
        self.key_texts.insert(id, text);
        Ok(Some(text))
    }

    /// Copies the nodes `from..end` (an anchored subtree) to the end of the
    /// arena, renumbering ids; the copy's root gets `root_span`.
    pub(crate) fn copy_nodes(&mut self, from: NodeId, end: u32, root_span: Span) -> Result<NodeId, Problem> {
        let base = self.next_id()?;
        let shift = |id: NodeId| NodeId(id.0.wrapping_sub(from.0).wrapping_add(base.0));
        for index in from.0..end {
            let Some(node) = self.doc.nodes.get(index as usize) else {
                break;
            };
            let span = if index == from.0 { root_span } else { node.span };
            let kind = match node.kind {
                Kind::Array(run) => {
                    let start = run_start(self.doc.items.len(), span)?;
                    for i in run.range() {
                        let item = self.doc.items.get(i).copied().unwrap_or_default();
                        self.doc.items.push(shift(item));
                    }
                    Kind::Array(Run { start, len: run.len })
                }
                Kind::Object(run) => {
                    let start = run_start(self.doc.entries.len(), span)?;
                    for i in run.range() {
                        if let Some(&entry) = self.doc.entries.get(i) {
                            self.doc.entries.push(RawEntry { value: shift(entry.value), ..entry });
                        }
                    }
                    Kind::Object(Run { start, len: run.len })
                }
                other => other,
            };
            self.push_kind(span, kind)?;
        }
        Ok(base)
    }

    /// The problem for `dup`, a key repeated at `second`: the replaced
    /// value's span comes from the arena.
    pub(crate) fn duplicate_problem(
        &self,
        dup: &Duplicate,
        second: Span,
        lines: &mut Option<LineIndex>,
    ) -> Problem {
        let replaced = self.span(dup.replaced).unwrap_or(second);
        duplicate_key_problem(
            self.resolve(dup.key),
            second,
            (dup.first, dup.previous),
            replaced,
            lines,
            self.src,
        )
    }

    /// The finished document, without its source text yet: the caller
    /// attaches it ([`Document::attach`]), copied or moved.
    pub(crate) fn finish(self, root: NodeId) -> Document {
        let mut doc = self.doc;
        doc.root = root;
        doc
    }
}

/// Pushes `value` onto a side table and returns its index.
fn push_indexed<T>(table: &mut Vec<T>, value: T, span: Span) -> Result<u32, Problem> {
    let index = u32::try_from(table.len()).map_err(|_| Problem::limit(span, "too many values"))?;
    table.push(value);
    Ok(index)
}

/// The index a run starting at `len` gets.
fn run_start(len: usize, span: Span) -> Result<u32, Problem> {
    u32::try_from(len).map_err(|_| Problem::limit(span, "too many values"))
}

/// Moves `open[mark..]` to the end of `done` and returns its run there.
fn move_run<T: Copy>(open: &mut Vec<T>, mark: usize, done: &mut Vec<T>) -> Run {
    let mark = mark.min(open.len());
    // Fits: `done` holds at most as many as there are nodes (u32).
    let start = u32::try_from(done.len()).unwrap_or(u32::MAX);
    let len = u32::try_from(open.len() - mark).unwrap_or(0);
    done.extend_from_slice(open.get(mark..).unwrap_or(&[]));
    open.truncate(mark);
    Run { start, len }
}

/// Collects the entries of one open object on the arena's stack of entries,
/// detecting duplicate keys (last wins).
#[derive(Debug)]
pub(crate) struct ObjectBuilder {
    /// Where this object's entries start on the stack.
    mark: usize,
    /// Entry indexes by their key's hash, built once the object grows past
    /// a few keys (the keys themselves stay where they are).
    index: Option<HashTable<usize>>,
    /// For entries whose key was repeated: entry index → the span of the
    /// key's first occurrence (the entry itself now carries the last one).
    first_spans: std::collections::HashMap<usize, Span>,
}

/// A duplicate key found by [`ObjectBuilder::insert`].
pub(crate) struct Duplicate {
    /// The key text.
    pub(crate) key: Text,
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
    /// An object opened now (its entries go on top of the stack).
    pub(crate) fn new(arena: &Arena<'_>) -> Self {
        Self { mark: arena.open_entries.len(), index: None, first_spans: std::collections::HashMap::new() }
    }

    /// This object's entries so far.
    fn entries<'a>(&self, arena: &'a Arena<'_>) -> &'a [RawEntry] {
        arena.open_entries.get(self.mark..).unwrap_or(&[])
    }

    /// Index of the entry with `key`.
    fn find(&self, arena: &Arena<'_>, key: &str) -> Option<usize> {
        let entries = self.entries(arena);
        match &self.index {
            Some(table) => table
                .find(arena.hasher.hash_one(key), |&i| {
                    entries.get(i).is_some_and(|e| e.key.len() == key.len() && arena.resolve(e.key) == key)
                })
                .copied(),
            // Lengths first: most keys differ in length, and resolving a
            // key's text costs more than comparing two numbers.
            None => entries.iter().position(|e| e.key.len() == key.len() && arena.resolve(e.key) == key),
        }
    }

    /// Whether an entry with `key` is present.
    pub(crate) fn contains(&self, arena: &Arena<'_>, key: &str) -> bool {
        self.find(arena, key).is_some()
    }

    /// Inserts an entry. On a duplicate key the value and key span of the
    /// existing entry are replaced (last wins, position kept) and the key is
    /// handed back with the span of its first occurrence.
    pub(crate) fn insert(
        &mut self,
        arena: &mut Arena<'_>,
        key: Text,
        key_span: Span,
        value: NodeId,
    ) -> Option<Duplicate> {
        let text = arena.resolve(key);
        if let Some(i) = self.find(arena, text) {
            let existing = arena.open_entries.get_mut(self.mark.saturating_add(i))?;
            let first = *self.first_spans.entry(i).or_insert(existing.key_span);
            let previous = std::mem::replace(&mut existing.key_span, key_span);
            let replaced = std::mem::replace(&mut existing.value, value);
            return Some(Duplicate { key, first, previous, replaced });
        }
        arena.open_entries.push(RawEntry { key, key_span, value });
        let count = arena.open_entries.len().saturating_sub(self.mark);
        if count > LINEAR_KEYS {
            let entries = self.entries(arena);
            let hash = |&i: &usize| entries.get(i).map_or(0, |e| arena.hasher.hash_one(arena.resolve(e.key)));
            let table = self.index.get_or_insert_with(HashTable::new);
            // The entries not indexed yet: all of them when the table is new.
            for i in table.len()..count {
                table.insert_unique(hash(&i), i, hash);
            }
        }
        None
    }

    /// Inserts a stored entry (of a merged mapping) unless its key is
    /// present.
    pub(crate) fn merge(&mut self, arena: &mut Arena<'_>, entry: RawEntry) {
        if !self.contains(arena, arena.resolve(entry.key)) {
            self.insert(arena, entry.key, entry.key_span, entry.value);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes the memory budget of a large document rests on (see
    /// [`Document`]): a bigger `Kind` or entry shows up here first.
    #[test]
    fn stored_sizes() {
        assert_eq!(std::mem::size_of::<Kind>(), 12);
        assert_eq!(std::mem::size_of::<Node>(), 20);
        assert_eq!(std::mem::size_of::<RawEntry>(), 20);
        assert_eq!(std::mem::size_of::<Text>(), 8);
    }

    /// A string is a range of the source when it reads as written, and a
    /// copy only when escapes changed it.
    #[test]
    fn strings_borrow_the_source_unless_escaped() {
        let src = r#"{"plain": "text", "esc\u0061ped": "a\nb", "": ""}"#;
        let (doc, _) = crate::doc::parse_json(src, &Limits::default()).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(doc.strings, "escapeda\nb");
        let entries = doc.entries(doc.root()).unwrap_or_default();
        let keys: Vec<&str> = entries.iter().map(|e| e.key).collect();
        assert_eq!(keys, ["plain", "escaped", ""]);
        let values: Vec<Value<'_>> = entries.iter().map(|e| doc.value(e.value)).collect();
        assert_eq!(values, [Value::String("text"), Value::String("a\nb"), Value::String("")]);
    }
}
