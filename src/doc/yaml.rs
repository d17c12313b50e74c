//! YAML loading: `saphyr-parser` events into the span-preserving tree.
//!
//! AWS CLI v2 reads `--cli-input-yaml` with ruamel.yaml's safe loader, a YAML
//! 1.2 loader, so this module reproduces what that loader makes of a document
//! while keeping a span for every value and key:
//!
//! * plain scalars are resolved by [`crate::doc::scalar`] (YAML 1.2 core schema
//!   as ruamel applies it, timestamps included); quoted and block scalars are
//!   strings;
//! * the tags `!!str !!int !!float !!bool !!null !!binary !!timestamp !!map
//!   !!seq` are honoured, others are a [`ProblemKind::Tag`] problem;
//! * aliases are resolved by copying the anchored subtree into the arena; the
//!   copies count against [`Limits::max_alias_expansion`] and may not make the
//!   tree deeper than [`Limits::max_depth`], so a "billion laughs" document
//!   stops after a bounded amount of work;
//! * merge keys (`<<`) are applied as ruamel applies them (explicit keys win;
//!   among merged mappings the earlier wins);
//! * keys must be scalars (or aliases of scalars); a scalar key that is not a
//!   string (`1: x`) becomes its text;
//! * one document per stream: a second one is reported and ignored.
//!
//! The tree is built from the event stream with an explicit stack, so deep
//! nesting costs no call stack. `saphyr-parser` reports positions as
//! character indexes; `WideChars` (in `span.rs`) converts them to byte offsets.
//!
//! The events come first from `yaml_block.rs`, a line reader for the
//! block YAML that request documents are written in (two to three times
//! faster than saphyr-parser, which was two thirds of reading a large
//! document). It produces saphyr's events with saphyr's spans; on anything
//! else, or on a fatal problem, the document is read again by saphyr from
//! the start, so the result is always saphyr's ([`parse_yaml_with_saphyr`]).
//!
//! Known gap: a `%YAML 1.1` directive would switch ruamel to YAML 1.1
//! resolution (`yes` → true); we always resolve as YAML 1.2.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use std::borrow::Cow;

use crate::doc::error::Limits;
use crate::doc::error::Problem;
use crate::doc::error::ProblemKind;
use crate::doc::error::ProblemSink;
use crate::doc::scalar::{resolve_plain_typed, resolve_tagged};
use crate::doc::span::LineIndex;
use crate::doc::span::Span;
use crate::doc::span::WideChars;
use crate::doc::tree::Arena;
use crate::doc::tree::NodeId;
use crate::doc::tree::ObjectBuilder;
use crate::doc::tree::Parsed;
use crate::doc::tree::Scalar;
use crate::doc::tree::Text;
use crate::doc::tree::duplicate_key_problem;
use crate::doc::yaml_block::{Bail, BlockEvents, Sink};

/// The YAML core schema tag prefix (`!!` expands to it).
const CORE: &str = "tag:yaml.org,2002:";

/// Parses `source` as a single YAML document.
///
/// An empty document (nothing but comments or whitespace) gives a `null`
/// root, as with ruamel.
///
/// # Errors
///
/// A fatal [`Problem`] for invalid YAML or a limit exceeded. Non-fatal
/// problems (duplicate keys, tag and value problems, unsupported constructs)
/// come back beside the document.
pub fn parse_yaml(source: &str, limits: &Limits) -> Result<Parsed, Problem> {
    attached(read(source, limits, true), source)
}

/// [`parse_yaml`] without the source text in the document: the caller
/// attaches it.
pub(crate) fn parse_yaml_detached(source: &str, limits: &Limits) -> Result<Parsed, Problem> {
    read(source, limits, true)
}

/// A detached result with a copy of `source` attached.
fn attached(parsed: Result<Parsed, Problem>, source: &str) -> Result<Parsed, Problem> {
    parsed.map(|(mut document, problems)| {
        document.attach(source.to_owned());
        (document, problems)
    })
}

/// [`parse_yaml`] without the block YAML fast path: every document is read
/// by saphyr-parser. The result must be the same as [`parse_yaml`]'s; this
/// is the reference the fuzz targets hold the fast path to.
///
/// # Errors
///
/// As [`parse_yaml`].
pub fn parse_yaml_with_saphyr(source: &str, limits: &Limits) -> Result<Parsed, Problem> {
    attached(read(source, limits, false), source)
}

/// Checks what no reader may take, then reads: with the block reader first
/// when `block_first` (anything it leaves, or a fatal problem, is read
/// again, from the start, by saphyr, so that the result is saphyr's).
fn read(source: &str, limits: &Limits, block_first: bool) -> Result<Parsed, Problem> {
    limits.check_size(source.len())?;
    check_printable(source)?;
    // saphyr-parser is panic-free on every input we and its authors have
    // fuzzed, but it is third-party code: a panic must become a diagnostic,
    // not a crash of the whole validation run.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let block = if block_first { Loader::new(source, limits).run_block() } else { None };
        match block {
            Some(parsed) => Ok(parsed),
            None => Loader::new(source, limits).run(),
        }
    }));
    run.unwrap_or_else(|_| {
        Err(Problem::syntax(
            Span::empty(0),
            "internal error in the YAML parser on this input (please report it)",
        ))
    })
}

/// YAML streams may hold only printable characters (YAML 1.2 §5.1,
/// `c-printable`): tab, line breaks, and everything from space up except
/// C0/C1 controls (NEL allowed), DEL, surrogates and U+FFFE/U+FFFF. ruamel
/// (and so AWS CLI v2) refuses the others anywhere, even quoted; saphyr
/// lets some through, so check first.
fn check_printable(source: &str) -> Result<(), Problem> {
    // Printable ASCII and line breaks, nearly every character: only the
    // others are decoded and looked at. Runs of 32 such bytes are skipped
    // with a test the compiler vectorises.
    let plain = |b: &u8| matches!(b, b' '..=b'~' | b'\t' | b'\n' | b'\r');
    let bytes = source.as_bytes();
    let mut i = 0;
    loop {
        while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<32>()) {
            if !chunk.iter().fold(true, |all, b| all & plain(b)) {
                break;
            }
            i += 32;
        }
        let Some(skip) = bytes.get(i..).and_then(|rest| rest.iter().position(|b| !plain(b))) else {
            return Ok(());
        };
        i += skip;
        let Some(c) = source.get(i..).and_then(|rest| rest.chars().next()) else { return Ok(()) };
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{85}' | '\u{feff}')
            || (' '..='~').contains(&c)
            || ('\u{a0}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}';
        if !ok {
            let start = u32::try_from(i).unwrap_or(u32::MAX);
            let len = u32::try_from(c.len_utf8()).unwrap_or(1);
            return Err(Problem::syntax(
                Span::new(start, start.saturating_add(len)),
                format!(
                    "the character U+{:04X} is not allowed in YAML (only printable characters are)",
                    u32::from(c)
                ),
            ));
        }
        i += c.len_utf8();
    }
}

/// A scalar's value as the loader resolves it.
enum Resolved<'t> {
    /// Anything but a string.
    Typed(Scalar),
    /// A string, as read.
    Text(Cow<'t, str>),
}

/// A mapping key waiting for its value.
enum PendingKey {
    /// A usable key; `merge` for the merge key `<<`.
    Key {
        /// The key's text.
        text: Text,
        /// Span of the key scalar.
        span: Span,
        /// Whether this is the merge key.
        merge: bool,
    },
    /// The key was a collection: drop the value that follows.
    Skip,
}

/// What an open collection has collected so far.
enum Kind {
    /// A sequence; its items are on the arena's stack from `mark`.
    Seq {
        /// See [`Arena::items_mark`].
        mark: usize,
    },
    /// A mapping.
    Map {
        /// Entries with explicit keys.
        object: ObjectBuilder,
        /// The key read last, while its value is being parsed.
        key: Option<PendingKey>,
        /// Values of merge keys `<<` and the spans of those keys, applied
        /// when the mapping closes.
        merges: Vec<(NodeId, Span)>,
    },
}

/// An open collection.
struct Frame {
    /// The collection's (placeholder) node.
    id: NodeId,
    /// Byte offset of its first character.
    start: u32,
    /// End of the last child (key or value) so far.
    last_end: u32,
    /// saphyr anchor id, 0 for none.
    anchor: usize,
    /// 1 + the height of the tallest child.
    height: usize,
    /// A flow collection (`[...]`, `{...}`) ends at its closing bracket.
    flow: bool,
    /// Its contents so far.
    kind: Kind,
}

/// A completed anchored node: its subtree is the arena range `node..end`.
#[derive(Clone, Copy)]
struct Anchored {
    /// The anchored node (first of its range).
    node: NodeId,
    /// One past the last node of its subtree.
    end: u32,
    /// Nesting height of the subtree (0 for a scalar).
    height: usize,
}

/// Builds a [`crate::doc::tree::Document`] from saphyr events.
struct Loader<'s> {
    /// The source text.
    src: &'s str,
    /// Char index → byte offset conversion for saphyr's marks, made when
    /// saphyr reads the document (the block reader needs none).
    chars: Option<WideChars>,
    /// The tree under construction.
    arena: Arena<'s>,
    /// [`Limits::max_depth`].
    max_depth: usize,
    /// [`Limits::max_alias_expansion`].
    max_alias_expansion: usize,
    /// Non-fatal problems so far.
    problems: ProblemSink,
    /// Built on the first duplicate key (for "first defined at line N").
    lines: Option<LineIndex>,
    /// Open collections, innermost last.
    stack: Vec<Frame>,
    /// Completed anchored nodes by saphyr anchor id.
    anchors: HashMap<usize, Anchored>,
    /// Nodes copied for aliases so far.
    alias_nodes: usize,
    /// Bytes of key text aliases used as keys have repeated so far.
    alias_key_bytes: usize,
    /// [`Limits::max_bytes`]: the most text aliases used as keys repeat.
    max_alias_key_bytes: usize,
    /// The document's root once complete.
    root: Option<NodeId>,
    /// Documents started so far.
    documents: usize,
    /// Byte offset where the previous event ended (to find block scalar
    /// indicators).
    last_event_end: u32,
}

impl<'s> Sink<'s> for Loader<'s> {
    fn take(&mut self, event: Event<'s>, span: Span) -> Result<(), Bail> {
        // `Ok(false)` comes at the end of the stream only: the block reader
        // reads one document.
        self.event(event, span).map_err(|_| Bail)?;
        self.last_event_end = span.end;
        Ok(())
    }
}

/// How a tag reads in a message (`!!str`, `!local`, `tag:example.com:x`).
fn show_tag(tag: &Tag) -> String {
    let full = format!("{}{}", tag.handle, tag.suffix);
    if let Some(core) = full.strip_prefix(CORE) {
        format!("!!{core}")
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        full
    }
}

/// What a tag asks for.
enum TagKind<'t> {
    /// No tag, or the non-specific `!`.
    None,
    /// A core schema tag: the part after `tag:yaml.org,2002:`.
    Core(std::borrow::Cow<'t, str>),
    /// Anything else.
    Other,
}

fn classify(tag: Option<&Tag>) -> TagKind<'_> {
    let Some(tag) = tag else { return TagKind::None };
    if (tag.handle.is_empty() && tag.suffix == "!") || (tag.handle == "!" && tag.suffix.is_empty()) {
        return TagKind::None;
    }
    if tag.handle == CORE {
        return TagKind::Core(std::borrow::Cow::Borrowed(tag.suffix.as_str()));
    }
    match format!("{}{}", tag.handle, tag.suffix).strip_prefix(CORE) {
        Some(core) => TagKind::Core(std::borrow::Cow::Owned(core.to_owned())),
        None => TagKind::Other,
    }
}

impl<'s> Loader<'s> {
    fn new(src: &'s str, limits: &Limits) -> Self {
        Self {
            src,
            chars: None,
            arena: Arena::new(limits, src),
            max_depth: limits.max_depth,
            max_alias_expansion: limits.max_alias_expansion,
            problems: ProblemSink::default(),
            lines: None,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_key_bytes: 0,
            max_alias_key_bytes: limits.effective_max_bytes(),
            root: None,
            documents: 0,
            last_event_end: 0,
        }
    }

    fn byte(&self, mark: &saphyr_parser::Marker) -> u32 {
        let index = u32::try_from(mark.index()).unwrap_or(u32::MAX);
        self.chars.as_ref().map_or(index, |chars| chars.byte_of_char(index))
    }

    /// The span of the character at byte `at` (empty at the end).
    fn char_span(&self, at: u32) -> Span {
        let len = self.src.get(at as usize..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
        Span::new(at, at.saturating_add(u32::try_from(len).unwrap_or(0)))
    }

    /// Reads the document with [`BlockEvents`]; `None` if it uses YAML that
    /// only saphyr reads, or on a fatal problem (saphyr's reading then
    /// decides what the problem is). Non-fatal problems (duplicate keys,
    /// values such as `2020-02-30`) come from the events alone, which are
    /// saphyr's, so they are kept: a request with a repeated key is no
    /// longer read twice.
    fn run_block(mut self) -> Option<Parsed> {
        BlockEvents::read(self.src, &mut self).ok()?;
        self.finish().ok()
    }

    /// A tab error's span: saphyr reports it where the token before the tab
    /// ends, often at the end of the previous line; the tab itself is the
    /// place to show (the next tab at or after `span`, within two lines).
    fn tab_after(&self, span: Span) -> Span {
        let from = usize::try_from(span.start).unwrap_or(usize::MAX);
        let Some(rest) = self.src.get(from..) else { return span };
        let window = rest.split_inclusive('\n').take(2).map(str::len).sum::<usize>();
        match rest.get(..window).and_then(|w| w.find('\t')) {
            Some(at) => {
                let start = u32::try_from(from.saturating_add(at)).unwrap_or(span.start);
                Span::new(start, start.saturating_add(1))
            }
            None => span,
        }
    }

    fn run(mut self) -> Result<Parsed, Problem> {
        self.chars = Some(WideChars::new(self.src));
        let mut parser = Parser::new_from_str(self.src);
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(ok) => ok,
                Err(e) => {
                    let span = self.char_span(self.byte(e.marker()));
                    // saphyr's scanner runs ahead of its events in flow
                    // collections and stops at 255 levels on its own.
                    if e.info() == "recursion limit exceeded" {
                        let message =
                            format!("nesting is deeper than the limit of {} levels", self.max_depth);
                        return Err(Problem::limit(span, message));
                    }
                    let span = if e.info().contains("tab") { self.tab_after(span) } else { span };
                    return Err(Problem::syntax(span, e.info().to_owned()));
                }
            };
            let start = self.byte(&span.start);
            let end = self.byte(&span.end).max(start);
            if !self.event(event, Span::new(start, end))? {
                break;
            }
            self.last_event_end = end;
        }
        self.finish()
    }

    /// The document once its events are read.
    fn finish(mut self) -> Result<Parsed, Problem> {
        let root = if let Some(root) = self.root {
            root
        } else {
            let at = if self.src.starts_with('\u{FEFF}') { 3 } else { 0 };
            self.arena.push(Span::empty(at), Scalar::Null)?
        };
        Ok((self.arena.finish(root), self.problems.finish()))
    }

    /// Handles one event; `Ok(false)` stops reading.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, Problem> {
        match event {
            Event::StreamEnd => return Ok(false),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    let at = if self.src.get(span.start as usize..).is_some_and(|s| s.starts_with("---")) {
                        Span::new(span.start, span.start.saturating_add(3))
                    } else {
                        span
                    };
                    self.problems.push(Problem::new(
                        ProblemKind::Unsupported,
                        at,
                        "multiple documents are not supported: only the first document is used",
                    ));
                    return Ok(false);
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(text, style, anchor, tag.as_deref(), span)?;
            }
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag.as_deref(), span)?,
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag.as_deref(), span)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
            Event::Alias(anchor) => self.alias(anchor, span)?,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        Ok(true)
    }

    /// The position of the `-` that introduces the block sequence item at
    /// `pos` (only blanks between), or `pos` itself when it is at a dash or
    /// no dash precedes it.
    fn dash_before(&self, pos: u32) -> u32 {
        let bytes = self.src.as_bytes();
        let at = pos as usize;
        let is_dash = |i: usize| {
            bytes.get(i) == Some(&b'-')
                && matches!(bytes.get(i + 1), Some(b' ' | b'\t' | b'\n' | b'\r') | None)
        };
        if is_dash(at) {
            return pos;
        }
        let mut i = at;
        while i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t')) {
            i -= 1;
        }
        match i.checked_sub(1) {
            Some(dash) if is_dash(dash) => u32::try_from(dash).unwrap_or(pos),
            _ => pos,
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { kind: Kind::Map { key: None, .. }, .. }))
    }

    /// Skips anchors, tags, blanks and comments forward from `pos` (for
    /// spans that saphyr starts at a node's properties).
    fn skip_properties(&self, mut pos: u32) -> u32 {
        let bytes = self.src.as_bytes();
        loop {
            match bytes.get(pos as usize) {
                Some(b'&' | b'!') => {
                    while let Some(&b) = bytes.get(pos as usize) {
                        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}') {
                            break;
                        }
                        pos += 1;
                    }
                }
                Some(b' ' | b'\t' | b'\n' | b'\r') => pos += 1,
                Some(b'#') => {
                    while let Some(&b) = bytes.get(pos as usize) {
                        if b == b'\n' || b == b'\r' {
                            break;
                        }
                        pos += 1;
                    }
                }
                _ => return pos,
            }
        }
    }

    /// Start of a block scalar: its `|` or `>` indicator, searched forward
    /// from `from` (saphyr starts such spans at the content).
    fn block_indicator(&self, from: u32, limit: u32) -> Option<u32> {
        let bytes = self.src.as_bytes();
        let mut pos = from;
        while pos < limit {
            match bytes.get(pos as usize)? {
                b'|' | b'>' => return Some(pos),
                b' ' | b'\t' | b'\n' | b'\r' | b':' | b'-' | b'?' | b',' | b'[' | b'{' => pos += 1,
                b'&' | b'!' | b'#' => pos = self.skip_properties(pos).max(pos.saturating_add(1)),
                _ => return None,
            }
        }
        None
    }

    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), Problem> {
        let has_props = anchor != 0 || tag.is_some();
        let mut start = if has_props { self.skip_properties(span.start).min(span.end) } else { span.start };
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            let from = if has_props { start } else { self.last_event_end };
            if let Some(at) = self.block_indicator(from, span.end.max(start)) {
                start = at;
            }
        }
        let span = Span::new(start, span.end);
        if self.expecting_key() {
            let merge = match classify(tag) {
                TagKind::None => style == ScalarStyle::Plain && text == "<<",
                TagKind::Core(core) => core == "merge",
                TagKind::Other => {
                    let message = format!("unknown tag {} on a key", tag.map(show_tag).unwrap_or_default());
                    self.problems.push(Problem::new(ProblemKind::Tag, span, message));
                    false
                }
            };
            if anchor != 0 {
                // An anchored key can be aliased as a value later.
                let value = self.resolve(Cow::Borrowed(&text), style, tag, span);
                let id = self.push(span, value)?;
                self.register(anchor, id, 0);
            }
            let text = self.arena.text(&text, span)?;
            if let Some(frame) = self.stack.last_mut() {
                frame.last_end = frame.last_end.max(span.end);
                if let Kind::Map { key, .. } = &mut frame.kind {
                    *key = Some(PendingKey::Key { text, span, merge });
                }
            }
            return Ok(());
        }
        let value = self.resolve(text, style, tag, span);
        let id = self.push(span, value)?;
        self.register(anchor, id, 0);
        self.attach(id, span, 0)?;
        Ok(())
    }

    /// Adds a resolved scalar's node: a string's text goes straight to the
    /// tree (most are a range of the source, so nothing is copied).
    fn push(&mut self, span: Span, value: Resolved<'_>) -> Result<NodeId, Problem> {
        match value {
            Resolved::Typed(value) => self.arena.push(span, value),
            Resolved::Text(text) => {
                let text = self.arena.text(&text, span)?;
                self.arena.push_string(span, text)
            }
        }
    }

    /// The value of an untagged scalar (plain ones resolved, others strings).
    fn untagged<'t>(&mut self, text: Cow<'t, str>, style: ScalarStyle, span: Span) -> Resolved<'t> {
        if style != ScalarStyle::Plain {
            return Resolved::Text(text);
        }
        match resolve_plain_typed(&text) {
            Ok(Some(value)) => Resolved::Typed(value),
            Ok(None) => Resolved::Text(text),
            Err(message) => {
                self.problems.push(Problem::new(ProblemKind::Value, span, message));
                Resolved::Text(text)
            }
        }
    }

    /// The value of a scalar, reporting tag and construction problems.
    fn resolve<'t>(
        &mut self,
        text: Cow<'t, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Resolved<'t> {
        match classify(tag) {
            TagKind::None => self.untagged(text, style, span),
            TagKind::Core(core) if core == "binary" => match crate::doc::base64::decode(&text) {
                Ok(bytes) => Resolved::Typed(Scalar::Binary(bytes)),
                Err(message) => {
                    self.problems.push(Problem::new(
                        ProblemKind::Value,
                        span,
                        format!("!!binary: {message}"),
                    ));
                    Resolved::Text(text)
                }
            },
            TagKind::Core(core) => match resolve_tagged(&text, &core) {
                Some(Ok(value)) => Resolved::Typed(value),
                Some(Err(message)) => {
                    self.problems.push(Problem::new(ProblemKind::Value, span, message));
                    Resolved::Text(text)
                }
                None => {
                    let shown = tag.map(show_tag).unwrap_or_default();
                    let message = if core == "map" || core == "seq" {
                        format!("tag {shown} on a scalar")
                    } else {
                        format!("unsupported tag {shown}")
                    };
                    self.problems.push(Problem::new(ProblemKind::Tag, span, message));
                    self.untagged(text, style, span)
                }
            },
            TagKind::Other => {
                let shown = tag.map(show_tag).unwrap_or_default();
                self.problems.push(Problem::new(ProblemKind::Tag, span, format!("unknown tag {shown}")));
                self.untagged(text, style, span)
            }
        }
    }

    /// Records a completed anchored node (`anchor` 0 means none).
    fn register(&mut self, anchor: usize, id: NodeId, height: usize) {
        if anchor != 0 {
            let end = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
            self.anchors.insert(anchor, Anchored { node: id, end, height });
        }
    }

    fn open(&mut self, mapping: bool, anchor: usize, tag: Option<&Tag>, span: Span) -> Result<(), Problem> {
        let has_props = anchor != 0 || tag.is_some();
        let mut start = if has_props { self.skip_properties(span.start) } else { span.start };
        // saphyr marks a block sequence at its first item's content; the
        // sequence starts at that item's `-`.
        if !mapping && !matches!(self.src.as_bytes().get(start as usize), Some(b'[')) {
            start = self.dash_before(start);
        }
        let first = self.char_span(start);
        if self.stack.len() >= self.max_depth {
            return Err(Problem::limit(
                first,
                format!("nesting is deeper than the limit of {} levels", self.max_depth),
            ));
        }
        match classify(tag) {
            TagKind::None => {}
            TagKind::Core(core) if core == if mapping { "map" } else { "seq" } => {}
            _ => {
                let what = if mapping { "mapping" } else { "sequence" };
                let shown = tag.map(show_tag).unwrap_or_default();
                self.problems.push(Problem::new(
                    ProblemKind::Tag,
                    first,
                    format!("tag {shown} cannot be used on a {what}"),
                ));
            }
        }
        let id = self.arena.open(Span::empty(start))?;
        let flow = matches!(self.src.as_bytes().get(start as usize), Some(b'[' | b'{'));
        let kind = if mapping {
            Kind::Map { object: ObjectBuilder::new(&self.arena), key: None, merges: Vec::new() }
        } else {
            Kind::Seq { mark: self.arena.items_mark() }
        };
        let last_end = if flow { start.saturating_add(1) } else { start };
        self.stack.push(Frame { id, start, last_end, anchor, height: 1, flow, kind });
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), Problem> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let end = if frame.flow && matches!(self.src.as_bytes().get(span.start as usize), Some(b']' | b'}')) {
            span.start.saturating_add(1)
        } else {
            frame.last_end
        };
        let node_span = Span::new(frame.start, end);
        match frame.kind {
            Kind::Seq { mark } => self.arena.close_array(frame.id, node_span, mark),
            Kind::Map { mut object, merges, .. } => {
                self.apply_merges(&mut object, &merges);
                self.arena.close_object(frame.id, node_span, object);
            }
        }
        self.register(frame.anchor, frame.id, frame.height);
        self.attach(frame.id, node_span, frame.height)
    }

    /// Adds the entries of merged mappings that the mapping does not define
    /// itself; earlier merged mappings win over later ones.
    fn apply_merges(&mut self, object: &mut ObjectBuilder, merges: &[(NodeId, Span)]) {
        for &(value, _) in merges {
            let items = self.arena.items_of(value);
            let sources: Vec<NodeId> = match items {
                _ if self.arena.is_object(value) => vec![value],
                Some(items) if items.iter().all(|&i| self.arena.is_object(i)) => items.to_vec(),
                _ => {
                    let span = self.arena.span(value).unwrap_or(Span::empty(0));
                    self.problems.push(Problem::new(
                        ProblemKind::Unsupported,
                        span,
                        "the value of a merge key '<<' must be a mapping or a list of mappings",
                    ));
                    continue;
                }
            };
            for source in sources {
                let entries = self.arena.entries_of(source).map(<[_]>::to_vec).unwrap_or_default();
                for entry in entries {
                    object.merge(&mut self.arena, entry);
                }
            }
        }
    }

    /// Hands a finished node to its parent (or makes it the root).
    fn attach(&mut self, id: NodeId, span: Span, height: usize) -> Result<(), Problem> {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(id);
            }
            return Ok(());
        };
        frame.last_end = frame.last_end.max(span.end);
        frame.height = frame.height.max(height.saturating_add(1));
        match &mut frame.kind {
            Kind::Seq { .. } => self.arena.add_item(id),
            Kind::Map { object, key, merges } => match key.take() {
                None => {
                    // A collection (or an alias of one) in key position.
                    *key = Some(PendingKey::Skip);
                    self.problems.push(Problem::new(
                        ProblemKind::Unsupported,
                        span,
                        "a mapping key must be a scalar; this entry is ignored",
                    ));
                }
                Some(PendingKey::Skip) => {}
                Some(PendingKey::Key { text, span: key_span, merge: true }) => {
                    if let Some(&(first_value, first)) = merges.first() {
                        let replaced = self.arena.span(first_value).unwrap_or(key_span);
                        let p = duplicate_key_problem(
                            self.arena.resolve(text),
                            key_span,
                            (first, first),
                            replaced,
                            &mut self.lines,
                            self.src,
                        );
                        self.problems.push(p);
                    }
                    merges.push((id, key_span));
                }
                Some(PendingKey::Key { text, span: key_span, merge: false }) => {
                    if let Some(dup) = object.insert(&mut self.arena, text, key_span, id) {
                        let p = self.arena.duplicate_problem(&dup, key_span, &mut self.lines);
                        self.problems.push(p);
                    }
                }
            },
        }
        Ok(())
    }

    fn alias(&mut self, anchor: usize, span: Span) -> Result<(), Problem> {
        let Some(anchored) = self.anchors.get(&anchor).copied() else {
            return Err(Problem::syntax(
                span,
                "recursive alias: it refers to an anchor whose node contains the alias",
            ));
        };
        if self.expecting_key() {
            let text = self.arena.key_text(anchored.node, span)?;
            // Each use of an alias as a key repeats its text for everything
            // that reads keys (duplicate detection, the key index, the
            // validator's patterns): all of them together may repeat as
            // much text as the largest document may hold, as aliases of
            // values may repeat `max_alias_expansion` nodes.
            self.alias_key_bytes = self.alias_key_bytes.saturating_add(text.map_or(0, Text::len));
            if self.alias_key_bytes > self.max_alias_key_bytes {
                return Err(Problem::limit(
                    span,
                    format!(
                        "aliases used as keys repeat more than {} bytes of text (the document size limit)",
                        self.max_alias_key_bytes
                    ),
                ));
            }
            if let Some(frame) = self.stack.last_mut() {
                frame.last_end = frame.last_end.max(span.end);
                if let Kind::Map { key, .. } = &mut frame.kind {
                    if let Some(text) = text {
                        self.arena.add_key_alias(span, anchored.node);
                        *key = Some(PendingKey::Key { text, span, merge: false });
                    } else {
                        *key = Some(PendingKey::Skip);
                        self.problems.push(Problem::new(
                            ProblemKind::Unsupported,
                            span,
                            "a mapping key must be a scalar; this entry is ignored",
                        ));
                    }
                }
            }
            return Ok(());
        }
        if self.stack.len().saturating_add(anchored.height) > self.max_depth {
            return Err(Problem::limit(
                span,
                format!("this alias makes nesting deeper than the limit of {} levels", self.max_depth),
            ));
        }
        let count = anchored.end.saturating_sub(anchored.node.0) as usize;
        self.alias_nodes = self.alias_nodes.saturating_add(count);
        if self.alias_nodes > self.max_alias_expansion {
            return Err(Problem::limit(
                span,
                format!(
                    "aliases expand to more than {} nodes (the alias expansion limit; is this a \"billion laughs\" document?)",
                    self.max_alias_expansion
                ),
            ));
        }
        let copy = self.arena.copy_nodes(anchored.node, anchored.end, span)?;
        self.arena.add_alias(copy, anchored.node);
        self.attach(copy, span, anchored.height)?;
        Ok(())
    }
}

/// What each reader makes of `source`: the block reader's result (`None`
/// when it leaves the document to saphyr) and saphyr's, for the tests that
/// hold them to the same result.
#[cfg(test)]
pub(crate) fn both_readers(source: &str) -> (Option<Parsed>, Result<Parsed, Problem>) {
    let limits = Limits::default();
    // What `parse_yaml` refuses before either reader runs.
    if let Err(problem) = check_printable(source) {
        return (None, Err(problem));
    }
    let block = Loader::new(source, &limits).run_block().and_then(|p| attached(Ok(p), source).ok());
    (block, attached(Loader::new(source, &limits).run(), source))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;
    use crate::doc::tree::Document;
    use crate::doc::tree::Float;
    use crate::doc::tree::Integer;
    use crate::doc::tree::Value;
    use serde_json::json;

    fn parse(src: &str) -> (Document, Vec<Problem>) {
        match parse_yaml(src, &Limits::default()) {
            Ok(parsed) => parsed,
            Err(p) => panic!("{src:?}: {p:?}"),
        }
    }

    fn to_json(src: &str) -> serde_json::Value {
        let (doc, problems) = parse(src);
        assert!(problems.is_empty(), "{src:?}: {problems:?}");
        doc.to_json(doc.root())
    }

    fn err(src: &str) -> Problem {
        match parse_yaml(src, &Limits::default()) {
            Ok((doc, _)) => panic!("{src:?} parsed: {:?}", doc.to_json(doc.root())),
            Err(p) => p,
        }
    }

    fn value_at<'a>(doc: &'a Document, ptr: &str) -> Value<'a> {
        doc.value(doc.pointer(ptr).unwrap_or_else(|| panic!("no {ptr}")))
    }

    #[test]
    fn core_schema_values() {
        let src = "a: yes\nb: on\nc: true\nd: ~\ne:\nf: 0o17\ng: 0x1F\nh: 1_000\ni: 0755\nj: .inf\nk: 1e3\nl: 'true'\nm: \"1\"\nn: None\n";
        assert_eq!(
            to_json(src),
            json!({"a": "yes", "b": "on", "c": true, "d": null, "e": null, "f": 15, "g": 31, "h": 1000, "i": 755,
                   "j": ".inf", "k": 1000.0, "l": "true", "m": "1", "n": "None"})
        );
        let (doc, _) = parse(src);
        assert!(
            matches!(value_at(&doc, "/j"), Value::Float(Float { value, out_of_range: false, .. }) if *value == f64::INFINITY)
        );
    }

    #[test]
    fn timestamps_and_binary() {
        let (doc, problems) = parse(
            "d: 2020-01-01\nt: 1970-01-01 00:00:00\nu: 2001-12-14t21:59:43.10-05:00\nq: '2020-01-01'\nb: !!binary aGVsbG8=\n",
        );
        assert!(problems.is_empty());
        assert_eq!(value_at(&doc, "/d"), Value::Timestamp("2020-01-01"));
        assert_eq!(value_at(&doc, "/t"), Value::Timestamp("1970-01-01 00:00:00"));
        assert_eq!(value_at(&doc, "/u"), Value::Timestamp("2001-12-14t21:59:43.10-05:00"));
        assert_eq!(value_at(&doc, "/q"), Value::String("2020-01-01"));
        assert_eq!(value_at(&doc, "/b"), Value::Binary(b"hello"));
        assert_eq!(doc.to_json(doc.pointer("/b").unwrap()), json!("aGVsbG8="));
    }

    #[test]
    fn block_binary() {
        let (doc, problems) = parse("b: !!binary |\n  aGVs\n  bG8=\n");
        assert!(problems.is_empty());
        assert_eq!(value_at(&doc, "/b"), Value::Binary(b"hello"));
    }

    #[test]
    fn tags() {
        let (doc, problems) = parse(
            "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool yes\ne: !!null x\nf: !!timestamp 2020-01-01\ng: ! 12\nh: !<tag:yaml.org,2002:str> 1\ni: !!map {x: 1}\nj: !!seq [1]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            doc.to_json(doc.root()),
            json!({"a": "12", "b": 12, "c": 1.0, "d": true, "e": null, "f": "2020-01-01", "g": 12, "h": "1", "i": {"x": 1}, "j": [1]})
        );
    }

    #[test]
    fn tag_problems_are_not_fatal() {
        let src = "a: !foo 12\nb: !!binary 'aGVsbG8'\nc: !!int abc\nd: !!seq {x: 1}\ne: !!set {x}\nf: 2020-02-30\ng: =\n";
        let (doc, problems) = parse(src);
        let got: Vec<(String, &str)> =
            problems.iter().map(|p| (p.kind.code().to_owned(), p.span.slice(src).unwrap_or("?"))).collect();
        assert_eq!(
            got,
            [
                ("tag".to_owned(), "12"),
                ("value".to_owned(), "'aGVsbG8'"),
                ("value".to_owned(), "abc"),
                ("tag".to_owned(), "{"),
                ("tag".to_owned(), "{"),
                ("value".to_owned(), "2020-02-30"),
                ("value".to_owned(), "="),
            ]
        );
        assert_eq!(problems[0].message, "unknown tag !foo");
        assert_eq!(value_at(&doc, "/a"), Value::Integer(&Integer::Small(12)));
        assert_eq!(value_at(&doc, "/b"), Value::String("aGVsbG8"));
        assert_eq!(value_at(&doc, "/f"), Value::String("2020-02-30"));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let src = "AccountId: a\nUserId: u\nAccountId: b\n";
        let (doc, problems) = parse(src);
        assert_eq!(doc.to_json(doc.root()), json!({"AccountId": "b", "UserId": "u"}));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "duplicate key \"AccountId\" (first defined at line 1)");
        assert_eq!(problems[0].span, Span::new(23, 32));
        assert!(
            matches!(&problems[0].kind, ProblemKind::DuplicateKey { first, .. } if *first == Span::new(0, 9))
        );
    }

    #[test]
    fn non_string_keys_become_text() {
        assert_eq!(
            to_json("1: a\ntrue: b\n~: c\n0x1F: d\n'q': e\n"),
            json!({"1": "a", "true": "b", "~": "c", "0x1F": "d", "q": "e"})
        );
    }

    #[test]
    fn complex_keys_are_dropped_with_a_problem() {
        let src = "? [a]\n: 1\nb: 2\n? {c: 1}\n: 3\n";
        let (doc, problems) = parse(src);
        assert_eq!(doc.to_json(doc.root()), json!({"b": 2}));
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.kind == ProblemKind::Unsupported));
        assert_eq!(problems[0].span.slice(src), Some("[a]"));
    }

    #[test]
    fn aliases_copy_subtrees() {
        let src = "a: &x {k: [1, 2]}\nb: *x\nc: &s str\nd: *s\n*s : e\n";
        let (doc, problems) = parse(src);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            doc.to_json(doc.root()),
            json!({"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": "str", "d": "str", "str": "e"})
        );
        // The copy is separate and its root points at the alias.
        assert_ne!(doc.pointer("/a/k"), doc.pointer("/b/k"));
        assert_eq!(doc.text(doc.node(doc.pointer("/b").unwrap()).span), "*x");
        assert_eq!(doc.text(doc.node(doc.pointer("/b/k/1").unwrap()).span), "2");
    }

    #[test]
    fn merge_keys_like_ruamel() {
        let src = "b: &b {x: 1, y: 2}\nc: &c {y: 3, z: 4}\nd:\n  <<: [*b, *c]\n  x: 9\ne:\n  x: 9\n  <<: {x: 1, q: 2}\nf:\n  '<<': 1\n";
        assert_eq!(
            to_json(src),
            json!({"b": {"x": 1, "y": 2}, "c": {"y": 3, "z": 4}, "d": {"x": 9, "y": 2, "z": 4}, "e": {"x": 9, "q": 2}, "f": {"<<": 1}})
        );
        let (_, problems) = parse("d:\n  <<: 1\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::Unsupported);
        let (doc, problems) = parse("d:\n  <<: {x: 1}\n  <<: {y: 1}\n");
        assert_eq!(problems.len(), 1);
        assert!(matches!(problems[0].kind, ProblemKind::DuplicateKey { .. }));
        assert_eq!(doc.to_json(doc.root()), json!({"d": {"x": 1, "y": 1}}));
    }

    #[test]
    fn multiple_documents() {
        let src = "a: 1\n---\nb: 2\n";
        let (doc, problems) = parse(src);
        assert_eq!(doc.to_json(doc.root()), json!({"a": 1}));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "multiple documents are not supported: only the first document is used"
        );
        assert_eq!(problems[0].span.slice(src), Some("---"));
        // One explicit document is fine.
        assert_eq!(to_json("---\na: 1\n...\n"), json!({"a": 1}));
    }

    #[test]
    fn empty_documents_are_null() {
        for src in ["", "# only a comment\n", "\u{FEFF}", "---\n", "   \n\n"] {
            assert_eq!(to_json(src), json!(null), "{src:?}");
        }
    }

    #[test]
    fn syntax_errors_are_fatal_with_a_position() {
        let src = "a: b: c\n";
        let p = err(src);
        assert_eq!(p.kind, ProblemKind::Syntax);
        let lines = LineIndex::new(src);
        assert_eq!(lines.position(p.span.start).line, 1);
        let p = err("a: [1, 2\n");
        assert_eq!(p.kind, ProblemKind::Syntax);
        let p = err("a: *nope\n");
        assert_eq!(p.kind, ProblemKind::Syntax);
    }

    #[test]
    fn recursive_alias_is_an_error() {
        let p = err("a: &a [*a]\n");
        assert_eq!(p.kind, ProblemKind::Syntax);
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse_yaml(&ok, &Limits::default()).is_ok());
        let p = err(&format!("{}{}", "[".repeat(129), "]".repeat(129)));
        assert_eq!(p.kind, ProblemKind::Limit);
        assert_eq!(p.span, Span::new(128, 129));
        // An alias may not push the tree past the limit either.
        let limits = Limits { max_depth: 4, ..Limits::default() };
        assert!(parse_yaml("a: &a [[1]]\nb: *a\n", &limits).is_ok());
        let p = parse_yaml("a: &a [[[1]]]\nb: [*a]\n", &limits).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Limit);
    }

    #[test]
    fn alias_expansion_limit() {
        let limits = Limits { max_alias_expansion: 10, ..Limits::default() };
        assert!(parse_yaml("a: &a [1, 2, 3, 4]\nb: *a\nc: *a\n", &limits).is_ok());
        let p = parse_yaml("a: &a [1, 2, 3, 4]\nb: *a\nc: *a\nd: *a\n", &limits).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Limit);
        assert_eq!(p.span.slice("a: &a [1, 2, 3, 4]\nb: *a\nc: *a\nd: *a\n"), Some("*a"));
        assert_eq!(p.span, Span::new(34, 36));
    }

    #[test]
    fn spans_skip_properties_and_find_block_indicators() {
        let src =
            "a: &x 1\nb: !!str \"é\"\nc: &m\n  d: 2\ne: |\n  text\nf: !!str >-\n  folded\ng:\nh: &f [1]\n";
        let (doc, _) = parse(src);
        let text = |ptr: &str| doc.text(doc.node(doc.pointer(ptr).unwrap()).span).to_owned();
        assert_eq!(text("/a"), "1");
        assert_eq!(text("/b"), "\"é\"");
        assert_eq!(text("/c"), "d: 2");
        assert_eq!(text("/e"), "|\n  text\n");
        assert!(text("/f").starts_with(">-\n  folded"));
        assert_eq!(text("/g"), "");
        assert_eq!(text("/h"), "[1]");
        let keys: Vec<&str> = doc.entries(doc.root()).unwrap().iter().map(|e| doc.text(e.key_span)).collect();
        assert_eq!(keys, ["a", "b", "c", "e", "f", "g", "h"]);
    }

    #[test]
    fn unprintable_characters_are_found_wherever_they_are() {
        // Before, in and after the runs of 32 plain bytes skipped at once,
        // after other characters that are allowed.
        for bad in ['\u{7f}', '\u{1}', '\u{9f}', '\u{fffe}', '\u{d}'] {
            for before in 0..70 {
                for lead in ["", "é", "\u{85}\u{feff}", "🎵\t"] {
                    let src = format!("a: {lead}{}{bad}{}\n", "x".repeat(before), "é".repeat(40));
                    let start = u32::try_from(3 + lead.len() + before).unwrap();
                    let result = check_printable(&src);
                    if bad == '\u{d}' {
                        assert!(result.is_ok(), "{src:?}");
                        continue;
                    }
                    let p = result.unwrap_err();
                    let len = u32::try_from(bad.len_utf8()).unwrap();
                    assert_eq!(p.span, Span::new(start, start + len), "{src:?}");
                    assert_eq!(
                        p.message,
                        format!(
                            "the character U+{:04X} is not allowed in YAML (only printable characters are)",
                            u32::from(bad)
                        )
                    );
                }
            }
        }
        assert!(check_printable(&"plain text\n".repeat(20)).is_ok());
    }

    #[test]
    fn block_collection_spans_end_at_their_last_value() {
        let src = "a:\n  - 1\n  - x: 2\n    y: [3]   # c\n\nb: 2\n";
        let (doc, _) = parse(src);
        assert_eq!(doc.text(doc.node(doc.pointer("/a").unwrap()).span), "- 1\n  - x: 2\n    y: [3]");
        assert_eq!(doc.text(doc.node(doc.root()).span), src.trim_end());
    }
}
