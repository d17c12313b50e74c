//! A fast event source for the block YAML that request documents are
//! written in, with saphyr-parser as the fallback for everything else.
//!
//! Profiles of large YAML requests put two thirds of the time in
//! saphyr-parser's scanner and parser, which handle all of YAML 1.2 a
//! character at a time. Request documents use a small part of it: block
//! mappings and sequences, one-line plain and quoted scalars, comments.
//! [`BlockEvents`] reads exactly that part a line at a time and produces the
//! events saphyr would, with the same spans (in bytes), so the tree builder in
//! [`super::yaml`] is shared. At the first line that uses anything else (flow
//! collections, anchors, tags, block or multi-line scalars, escapes, tabs,
//! documents markers, odd indentation, anything that is an error) it gives
//! up with [`Bail`], and the document is read again by saphyr from the start:
//! the result never depends on which reader took it, only the time does. The
//! tests compare both readers on every YAML document of the test suite.

use std::borrow::Cow;

use saphyr_parser::{Event, ScalarStyle};

use crate::doc::span::Span;

/// The document uses YAML that [`BlockEvents`] leaves to saphyr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail;

/// Where [`BlockEvents`] hands its events, as it reads them (the tree
/// builder; no queue in between).
pub(crate) trait Sink<'s> {
    /// One event and its span in bytes; `Err` stops the reading.
    fn take(&mut self, event: Event<'s>, span: Span) -> Result<(), Bail>;
}

/// An open block collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// A mapping whose keys start at this column.
    Map(usize),
    /// A sequence whose dashes are at this column.
    Seq(usize),
}

impl Block {
    fn indent(self) -> usize {
        match self {
            Block::Map(i) | Block::Seq(i) => i,
        }
    }
}

/// What the previous content line left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// Nothing: the next line starts a new entry or item.
    None,
    /// `key:` with no value on its line: a nested block follows, or the
    /// value is empty (null, spanned at the colon).
    Value { key_indent: usize, colon: usize },
    /// `-` with no value on its line: a nested block follows, or the item
    /// is empty (null, spanned at the end of the dash's line).
    Item { dash_indent: usize, line_end: usize },
    /// A scalar value ended the line: the next line may not be indented
    /// deeper than this (else it would continue the scalar).
    Scalar { max_indent: usize },
}

/// Block YAML events, line by line, handed to a [`Sink`].
pub(crate) struct BlockEvents<'s, 'k, S> {
    src: &'s str,
    stack: Vec<Block>,
    pending: Pending,
    started: bool,
    sink: &'k mut S,
}

impl<'s, 'k, S: Sink<'s>> BlockEvents<'s, 'k, S> {
    /// Reads `src` into `sink`; `Err` at the first line it leaves to saphyr
    /// (what `sink` had by then is to be thrown away). A source with a
    /// tab, a carriage return or a byte order mark anywhere is left to
    /// saphyr at once (their rules are subtle, and request documents
    /// rarely have them).
    pub(crate) fn read(src: &'s str, sink: &'k mut S) -> Result<(), Bail> {
        let bytes = src.as_bytes();
        // One pass for all three (a BOM is EF BB BF; a `memmem` searcher
        // cost more to build than small files take to read).
        let refused = memchr::memchr3_iter(b'\t', b'\r', 0xEF, bytes)
            .any(|i| bytes.get(i) != Some(&0xEF) || bytes.get(i + 1..i + 3) == Some(&[0xBB, 0xBF][..]));
        if refused {
            return Err(Bail);
        }
        // Request documents nest a few levels: no growing for those.
        let stack = Vec::with_capacity(8);
        let mut reader = BlockEvents { src, stack, pending: Pending::None, started: false, sink };
        let mut start = 0;
        while start < src.len() {
            let rest = &src[start..];
            let (line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(i) => (&rest[..i], start + i + 1),
                None => (rest, src.len()),
            };
            reader.line(start, line)?;
            start = next;
        }
        reader.finish()
    }

    fn emit(&mut self, event: Event<'s>, start: usize, end: usize) -> Result<(), Bail> {
        let span =
            Span::new(u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX));
        self.sink.take(event, span)
    }

    fn empty_scalar(&mut self, at: usize) -> Result<(), Bail> {
        self.emit(Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None), at, at)
    }

    /// Closes the innermost block.
    fn close(&mut self, at: usize) -> Result<(), Bail> {
        match self.stack.pop() {
            Some(Block::Map(_)) => self.emit(Event::MappingEnd, at, at),
            Some(Block::Seq(_)) => self.emit(Event::SequenceEnd, at, at),
            None => Ok(()),
        }
    }

    /// The end of the input: settles what is pending and closes every block.
    fn finish(&mut self) -> Result<(), Bail> {
        if !self.started {
            // Nothing but comments and blank lines: saphyr's shape for
            // that is rare enough to leave to it.
            return Err(Bail);
        }
        let end = self.src.len();
        match self.pending {
            Pending::Value { colon, .. } => self.empty_scalar(colon)?,
            Pending::Item { line_end, .. } => self.empty_scalar(line_end)?,
            Pending::None | Pending::Scalar { .. } => {}
        }
        self.pending = Pending::None;
        while !self.stack.is_empty() {
            self.close(end)?;
        }
        self.emit(Event::DocumentEnd, end, end)?;
        self.emit(Event::StreamEnd, end, end)
    }

    /// One line, `line` starting at byte `start` (without its `\n`).
    fn line(&mut self, start: usize, line: &'s str) -> Result<(), Bail> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let content = &line[indent..];
        if content.is_empty() || content.starts_with('#') {
            return Ok(());
        }
        if indent == 0
            && (content.starts_with("---") || content.starts_with("...") || content.starts_with('%'))
        {
            return Err(Bail);
        }
        let at = start + indent;
        let line_end = start + line.len();

        if !self.started {
            self.started = true;
            self.emit(Event::StreamStart, 0, 0)?;
            self.emit(Event::DocumentStart(false), 0, 0)?;
            return self.open_block(indent, at, content, line_end);
        }

        // What the previous line left open decides whether this line nests.
        match self.pending {
            Pending::Value { key_indent, colon } => {
                self.pending = Pending::None;
                let dash = is_dash(content);
                if indent > key_indent || (indent == key_indent && dash) {
                    return self.open_block(indent, at, content, line_end);
                }
                self.empty_scalar(colon)?;
            }
            Pending::Item { dash_indent, line_end: item_end } => {
                self.pending = Pending::None;
                if indent > dash_indent {
                    return self.open_block(indent, at, content, line_end);
                }
                self.empty_scalar(item_end)?;
            }
            Pending::Scalar { max_indent } => {
                self.pending = Pending::None;
                if indent > max_indent {
                    return Err(Bail);
                }
            }
            Pending::None => {}
        }

        // Close what this line's indentation ends.
        let dash = is_dash(content);
        while let Some(&top) = self.stack.last() {
            let ends = top.indent() > indent
                || (top == Block::Seq(indent) && !dash && self.parent_is_map_at(indent));
            if !ends {
                break;
            }
            self.close(at)?;
        }
        match (self.stack.last(), dash) {
            (Some(Block::Seq(i)), true) if *i == indent => self.item(indent, at, content, line_end),
            (Some(Block::Map(i)), false) if *i == indent => self.entry(indent, at, content),
            _ => Err(Bail),
        }
    }

    /// Whether the block under the innermost one is a mapping with keys at
    /// `indent` (a sequence may sit at its parent key's indentation).
    fn parent_is_map_at(&self, indent: usize) -> bool {
        self.stack.len() >= 2 && self.stack[self.stack.len() - 2] == Block::Map(indent)
    }

    /// Opens a block at this line (the document's first, or a nested one).
    fn open_block(
        &mut self,
        indent: usize,
        at: usize,
        content: &'s str,
        line_end: usize,
    ) -> Result<(), Bail> {
        if self.stack.len() >= MAX_BLOCK_DEPTH {
            return Err(Bail);
        }
        if is_dash(content) {
            self.stack.push(Block::Seq(indent));
            self.emit(Event::SequenceStart(0, None), at, at)?;
            self.item(indent, at, content, line_end)
        } else {
            self.stack.push(Block::Map(indent));
            self.emit(Event::MappingStart(0, None), at, at)?;
            self.entry(indent, at, content)
        }
    }

    /// A sequence item: `content` starts with its dash at byte `at`.
    fn item(&mut self, indent: usize, at: usize, content: &'s str, line_end: usize) -> Result<(), Bail> {
        let after = &content[1..];
        let gap = after.bytes().take_while(|&b| b == b' ').count();
        let value = &after[gap..];
        if value.starts_with('#') {
            // saphyr may start the sequence's span after the comment.
            return Err(Bail);
        }
        if value.is_empty() {
            self.pending = Pending::Item { dash_indent: indent, line_end };
            return Ok(());
        }
        let value_at = at + 1 + gap;
        if is_dash(value) {
            // `- - a`: a compact nested sequence.
            return Err(Bail);
        }
        // `- key: value` opens a compact mapping at the key's column.
        if key_end(value).is_some() {
            if self.stack.len() >= MAX_BLOCK_DEPTH {
                return Err(Bail);
            }
            let column = indent + 1 + gap;
            self.stack.push(Block::Map(column));
            self.emit(Event::MappingStart(0, None), value_at, value_at)?;
            return self.entry(column, value_at, value);
        }
        self.value(value_at, value, indent)
    }

    /// A mapping entry: `content` starts with its key at byte `at`.
    fn entry(&mut self, indent: usize, at: usize, content: &'s str) -> Result<(), Bail> {
        let Some(colon) = key_end(content) else { return Err(Bail) };
        if colon > MAX_KEY_BYTES {
            // YAML limits implicit keys to 1024 characters; saphyr words
            // the error.
            return Err(Bail);
        }
        let key = &content[..colon];
        let (text, style) = scalar_text(key)?;
        self.emit(Event::Scalar(text, style, 0, None), at, at + key.len())?;
        let after = &content[colon + 1..];
        let gap = after.bytes().take_while(|&b| b == b' ').count();
        let value = &after[gap..];
        if value.is_empty() || value.starts_with('#') {
            if !value.is_empty() && gap == 0 {
                return Err(Bail);
            }
            self.pending = Pending::Value { key_indent: indent, colon: at + colon };
            return Ok(());
        }
        if is_dash(value) {
            // `key: - a` is an error; saphyr words it.
            return Err(Bail);
        }
        self.value(at + colon + 1 + gap, value, indent)
    }

    /// A scalar value that runs to the end of its line (or a comment).
    fn value(&mut self, at: usize, value: &'s str, block_indent: usize) -> Result<(), Bail> {
        let len = scalar_len(value)?;
        let token = &value[..len];
        let (text, style) = scalar_text(token)?;
        if style == ScalarStyle::Plain && has_mapping_colon(token) {
            // A nested `a: b` on a value line is an error in block YAML.
            return Err(Bail);
        }
        // saphyr ends a quoted scalar's span after the blanks and comment
        // that follow it, here the end of the line; a plain one at its text.
        let end = if style == ScalarStyle::Plain { at + len } else { at + value.len() };
        self.emit(Event::Scalar(text, style, 0, None), at, end)?;
        self.pending = Pending::Scalar { max_indent: block_indent };
        Ok(())
    }
}

/// Deeper blocks than this are left to saphyr and the tree builder's depth
/// limit (block nesting costs one indentation level per block, so request
/// documents are far shallower).
const MAX_BLOCK_DEPTH: usize = 64;

/// Longer keys are left to saphyr (YAML allows implicit keys of up to 1024
/// characters; a byte count at most that is safe whatever the characters).
const MAX_KEY_BYTES: usize = 1000;

/// `-` followed by a space or the end of the line.
fn is_dash(content: &str) -> bool {
    let b = content.as_bytes();
    b.first() == Some(&b'-') && matches!(b.get(1), None | Some(b' '))
}

/// Where a comment (` #`) starts in `s`, if it has one.
fn comment_start(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes[i - 1] == b' ').map(|i| i - 1)
}

/// Whether `s` has a `:` followed by a space or at its end (a mapping
/// value indicator).
fn has_mapping_colon(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|i| matches!(bytes.get(i + 1), None | Some(b' ')))
}

/// The length of the scalar at the start of `s` (a value: up to a comment
/// or the end of the line, without trailing spaces).
fn scalar_len(s: &str) -> Result<usize, Bail> {
    match s.as_bytes().first() {
        Some(&q @ (b'\'' | b'"')) => {
            let close = quoted_len(s, q)?;
            let rest = &s[close..];
            let gap = rest.bytes().take_while(|&b| b == b' ').count();
            let tail = &rest[gap..];
            if tail.is_empty() || (gap > 0 && tail.starts_with('#')) { Ok(close) } else { Err(Bail) }
        }
        _ => {
            let end = comment_start(s).unwrap_or(s.len());
            Ok(s[..end].trim_end_matches(' ').len())
        }
    }
}

/// The length of the quoted scalar at the start of `s`, quotes included,
/// when it closes on this line.
fn quoted_len(s: &str, quote: u8) -> Result<usize, Bail> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(Bail)
}

/// Where the key at the start of `content` ends: the byte offset of its
/// `:`, which must be followed by a space or the end of the line.
fn key_end(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    match bytes.first()? {
        &q @ (b'\'' | b'"') => {
            let len = quoted_len(content, q).ok()?;
            (bytes.get(len) == Some(&b':') && matches!(bytes.get(len + 1), None | Some(b' '))).then_some(len)
        }
        _ => {
            let mut from = 0;
            loop {
                let colon = from + memchr::memchr(b':', &bytes[from..])?;
                if matches!(bytes.get(colon + 1), None | Some(b' ')) {
                    let key = &content[..colon];
                    // A comment before the colon, or blanks before it, are
                    // left to saphyr.
                    if comment_start(key).is_some() || key.ends_with(' ') {
                        return None;
                    }
                    return Some(colon);
                }
                from = colon + 1;
            }
        }
    }
}

/// The text and style of a one-line scalar token (`token` is exactly the
/// scalar, quotes included).
fn scalar_text(token: &str) -> Result<(Cow<'_, str>, ScalarStyle), Bail> {
    let bytes = token.as_bytes();
    match bytes.first() {
        None => Err(Bail),
        Some(b'\'') => {
            let inner = &token[1..token.len() - 1];
            let text = if memchr::memmem::find(inner.as_bytes(), b"''").is_some() {
                Cow::Owned(inner.replace("''", "'"))
            } else {
                Cow::Borrowed(inner)
            };
            Ok((text, ScalarStyle::SingleQuoted))
        }
        Some(b'"') => {
            let inner = &token[1..token.len() - 1];
            if inner.contains('\\') {
                return Err(Bail);
            }
            Ok((Cow::Borrowed(inner), ScalarStyle::DoubleQuoted))
        }
        Some(&first) => {
            let safe_dash =
                first == b'-' && bytes.get(1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.');
            if is_indicator(first) && !safe_dash {
                return Err(Bail);
            }
            Ok((Cow::Borrowed(token), ScalarStyle::Plain))
        }
    }
}

/// Characters that cannot start a plain scalar (or that start something
/// else) in block YAML.
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}
