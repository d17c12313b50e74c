//! The shorthand parser: a recursive-descent reimplementation of the AWS CLI's `ShorthandParser`.
//!
//! Its control flow follows the AWS CLI's step for step, because the results depend on it: which
//! whitespace is skipped where, how a comma-separated value backtracks to the last comma when a
//! later item turns out to be the next key, how far a quoted value reaches when it contains
//! escaped quotes, when the `@=` flag is set and reset (it leaks out of a nested `{...}`), and in
//! which order scalars reach the paramfile loader. Positions are byte offsets into the input and
//! always sit on character boundaries, since the parser only ever advances by whole characters
//! and only ever backtracks to a `,`. Nesting is bounded by [`MAX_DEPTH`], so the recursion is too.

use std::collections::HashMap;

use crate::shorthand::chars;
use crate::shorthand::error::{ErrorKind, Expected, Found, ShorthandError, SyntaxContext};
use crate::shorthand::{LoadedValue, MAX_DEPTH, Shorthand};

/// The paramfile loader as the parser holds it.
pub(crate) type LoaderFn<'l> = dyn FnMut(&str) -> Result<Option<LoadedValue>, String> + 'l;

type Parsed<T> = Result<T, ShorthandError>;

/// Parses `input`, handing every scalar of a `key@=value` pair to `loader` if there is one.
pub(crate) fn parse(input: &str, loader: Option<&mut LoaderFn<'_>>) -> Parsed<Shorthand> {
    let mut parser = Parser { input, pos: 0, resolve_paramfiles: false, depth: 0, loader };
    parser.parameter().map_err(|error| error.locate(input))
}

/// Parser state: the input, the current byte offset and the `@=` flag.
struct Parser<'a, 'l, 'f> {
    input: &'a str,
    pos: usize,
    /// The AWS CLI's `_should_resolve_paramfiles`: set by `@=`, reset by `=`.
    resolve_paramfiles: bool,
    depth: usize,
    loader: Option<&'l mut LoaderFn<'f>>,
}

impl<'a> Parser<'a, '_, '_> {
    // ----- grammar ---------------------------------------------------------------------------

    /// `parameter = keyval *("," keyval)`, consuming the whole input.
    fn parameter(&mut self) -> Parsed<Shorthand> {
        let mut params = MapBuilder::default();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_end = self.pos;
        while !self.at_eof() {
            self.expect(',', true, SyntaxContext::TopLevel)?;
            let (key, value) = self.keyval()?;
            if params.contains(&key) {
                // The AWS CLI points one character past the end of the previous pair.
                let at = self.next_char_offset(last_end);
                return Err(ShorthandError::new(ErrorKind::DuplicateKey { key }, at));
            }
            params.insert(key, value);
            last_end = self.pos;
        }
        Ok(Shorthand::Map(params.finish()))
    }

    /// `keyval = key WS ["@" WS] "=" WS values`.
    fn keyval(&mut self) -> Parsed<(String, Shorthand)> {
        let key = self.key();
        self.assignment()?;
        let value = self.values()?;
        Ok((key, value))
    }

    /// A possibly empty run of key characters.
    fn key(&mut self) -> String {
        // Key characters are ASCII, so a byte scan stays on character boundaries.
        let start = self.pos;
        let len = self.rest().bytes().take_while(|&b| chars::is_key_char(char::from(b))).count();
        self.pos = start.saturating_add(len);
        self.slice(start, self.pos).to_owned()
    }

    /// The `@=` or `=` after a key; sets or resets the paramfile flag.
    fn assignment(&mut self) -> Parsed<()> {
        self.resolve_paramfiles = false;
        self.consume_whitespace();
        if self.peek() == Some('@') {
            self.bump('@');
            self.consume_whitespace();
            self.resolve_paramfiles = true;
        }
        self.expect('=', true, SyntaxContext::AfterKey)
    }

    /// `values = <end> / explicit-list / hash-literal / csv-value`.
    fn values(&mut self) -> Parsed<Shorthand> {
        match self.peek() {
            None => Ok(Shorthand::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// A first value, optionally followed by `,` and more items, with the AWS CLI's backtracking:
    /// an item that fails, or is followed by anything but `,` or the end, ends the list and the
    /// position goes back to the nearest `,` before it.
    fn csv_value(&mut self) -> Parsed<Shorthand> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.peek() != Some(',') {
            return Ok(first);
        }
        let first_comma = self.pos;
        self.expect(',', true, SyntaxContext::TopLevel)?;
        let mut items = vec![first];
        loop {
            match self.csv_item() {
                Ok((item, at_end)) => {
                    items.push(item);
                    if at_end {
                        break;
                    }
                }
                Err(error) if error.is_syntax() && !self.at_eof() => {
                    self.backtrack_to_comma(first_comma);
                    break;
                }
                Err(error) => return Err(error),
            }
        }
        // A single item stays a scalar: the parser never makes a one-element list here.
        match <[Shorthand; 1]>::try_from(items) {
            Ok([only]) => Ok(only),
            Err(items) => Ok(Shorthand::List(items)),
        }
    }

    /// One later item of a comma-separated value and the `,` after it; `true` if the input ended.
    fn csv_item(&mut self) -> Parsed<(Shorthand, bool)> {
        let item = self.second_value()?;
        self.consume_whitespace();
        if self.at_eof() {
            return Ok((item, true));
        }
        self.expect(',', true, SyntaxContext::CsvItem)?;
        Ok((item, false))
    }

    /// `explicit-list = "[" WS [ev WS *("," WS ev WS)] "]"`, with a trailing comma allowed.
    fn explicit_list(&mut self) -> Parsed<Shorthand> {
        self.enter()?;
        self.expect('[', true, SyntaxContext::List)?;
        let mut items = Vec::new();
        while self.peek() != Some(']') {
            items.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.peek() != Some(']') {
                self.expect(',', false, SyntaxContext::List)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false, SyntaxContext::List)?;
        self.leave();
        Ok(Shorthand::List(items))
    }

    /// `hash-literal = "{" WS *(key WS ["@" WS] "=" WS ev WS ["," WS]) "}"`; the last of
    /// repeated keys wins.
    fn hash_literal(&mut self) -> Parsed<Shorthand> {
        self.enter()?;
        self.expect('{', true, SyntaxContext::Hash)?;
        let mut entries = MapBuilder::default();
        while self.peek() != Some('}') {
            let key = self.key();
            self.assignment()?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.peek() != Some('}') {
                self.expect(',', false, SyntaxContext::Hash)?;
                self.consume_whitespace();
            }
            entries.insert(key, value);
        }
        self.expect('}', false, SyntaxContext::Hash)?;
        self.leave();
        Ok(Shorthand::Map(entries.finish()))
    }

    /// A value inside `[...]` or `{...}`: a nested list or hash, or a single first value.
    fn explicit_value(&mut self) -> Parsed<Shorthand> {
        match self.peek() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    /// A quoted value, or a bare value over the first-value classes (which may be empty).
    fn first_value(&mut self) -> Parsed<Shorthand> {
        match self.peek() {
            Some('\'') => self.quoted(b'\'', Expected::SingleQuoted),
            Some('"') => self.quoted(b'"', Expected::DoubleQuoted),
            _ => match self.scan_bare(chars::is_first_follow) {
                Some(len) => self.bare_value(len),
                None => Ok(Shorthand::String(String::new())),
            },
        }
    }

    /// A quoted value, or a non-empty bare value over the second-value classes.
    fn second_value(&mut self) -> Parsed<Shorthand> {
        match self.peek() {
            Some('\'') => self.quoted(b'\'', Expected::SingleQuoted),
            Some('"') => self.quoted(b'"', Expected::DoubleQuoted),
            _ => match self.scan_bare(chars::is_second_follow) {
                Some(len) => self.bare_value(len),
                None => Err(self.syntax(Expected::SecondValue, Found::Nothing, SyntaxContext::CsvItem)),
            },
        }
    }

    /// Length in bytes of the bare value at the current position, or `None` if nothing matches:
    /// `("\," / START) *("\," / FOLLOW)`, matched greedily.
    fn scan_bare(&self, follows: impl Fn(char) -> bool) -> Option<usize> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut len = if rest.starts_with("\\,") {
            2
        } else {
            let c = rest.chars().next().filter(|&c| chars::is_start(c))?;
            c.len_utf8()
        };
        loop {
            let step = match bytes.get(len) {
                Some(b'\\') if bytes.get(len.saturating_add(1)) == Some(&b',') => 2,
                Some(&b) if b.is_ascii() => usize::from(follows(char::from(b))),
                Some(_) => rest
                    .get(len..)
                    .and_then(|tail| tail.chars().next())
                    .filter(|&c| follows(c))
                    .map_or(0, char::len_utf8),
                None => 0,
            };
            if step == 0 {
                return Some(len);
            }
            len = len.saturating_add(step);
        }
    }

    /// Consumes a bare value of `len` bytes: `\,` becomes `,`, then trailing Unicode whitespace
    /// is removed.
    fn bare_value(&mut self, len: usize) -> Parsed<Shorthand> {
        let start = self.pos;
        let end = start.saturating_add(len);
        let raw = self.slice(start, end);
        self.pos = end;
        let value = if raw.contains("\\,") {
            chars::python_rstrip(&raw.replace("\\,", ",")).to_owned()
        } else {
            chars::python_rstrip(raw).to_owned()
        };
        self.scalar(value, start)
    }

    /// Consumes a quoted value whose opening `quote` is at the current position.
    ///
    /// The AWS CLI matches `'(?:\\'|[^'])*'` with a backtracking regex engine: the value ends at
    /// the first quote that is not escaped; if there is none, it ends at the last escaped one
    /// (the engine gives back its backslash). Only `\<quote>` and `\\` are unescaped, in that
    /// order, each with a left-to-right replace.
    fn quoted(&mut self, quote: u8, expected: Expected) -> Parsed<Shorthand> {
        let start = self.pos;
        let body = self.rest().get(1..).unwrap_or_default();
        let bytes = body.as_bytes();
        let mut i = 0usize;
        let mut last_escaped_quote = None;
        let mut closing = None;
        while let Some(&b) = bytes.get(i) {
            if b == b'\\' && bytes.get(i.saturating_add(1)) == Some(&quote) {
                last_escaped_quote = Some(i.saturating_add(1));
                i = i.saturating_add(2);
            } else if b == quote {
                closing = Some(i);
                break;
            } else {
                i = i.saturating_add(1);
            }
        }
        let Some(close) = closing.or(last_escaped_quote) else {
            return Err(self.syntax(expected, Found::Nothing, SyntaxContext::Quoted));
        };
        let inner = body.get(..close).unwrap_or_default();
        // Opening quote, the body, closing quote: both quotes are one byte.
        self.pos = start.saturating_add(close).saturating_add(2);
        let (escaped, plain) = if quote == b'"' { ("\\\"", "\"") } else { ("\\'", "'") };
        let value = if inner.contains('\\') {
            inner.replace(escaped, plain).replace("\\\\", "\\")
        } else {
            inner.to_owned()
        };
        self.scalar(value, start)
    }

    /// Finishes a scalar: under `@=` the loader may replace it with file content.
    fn scalar(&mut self, value: String, at: usize) -> Parsed<Shorthand> {
        if !self.resolve_paramfiles {
            return Ok(Shorthand::String(value));
        }
        let Some(loader) = self.loader.as_mut() else {
            return Ok(Shorthand::String(value));
        };
        match loader(&value) {
            Ok(None) => Ok(Shorthand::String(value)),
            Ok(Some(LoadedValue::Text(text))) => Ok(Shorthand::String(text)),
            Ok(Some(LoadedValue::Bytes(bytes))) => Ok(Shorthand::Bytes(bytes)),
            Err(message) => Err(ShorthandError::new(ErrorKind::Load { value, message }, at)),
        }
    }

    // ----- low-level helpers -----------------------------------------------------------------

    /// Consumes `want` (optionally surrounded by skippable whitespace) or fails without moving
    /// past the whitespace already skipped, as the AWS CLI's `_expect` does.
    fn expect(&mut self, want: char, skip_whitespace: bool, context: SyntaxContext) -> Parsed<()> {
        if skip_whitespace {
            self.consume_whitespace();
        }
        match self.peek() {
            None => Err(self.syntax(Expected::Char(want), Found::Eof, context)),
            Some(c) if c != want => Err(self.syntax(Expected::Char(want), Found::Char(c), context)),
            Some(c) => {
                self.bump(c);
                if skip_whitespace {
                    self.consume_whitespace();
                }
                Ok(())
            }
        }
    }

    /// Moves back to the nearest `,` at or before the current position (never before
    /// `floor`, the comma that started the list, which is always a `,`).
    fn backtrack_to_comma(&mut self, floor: usize) {
        let upto = self.pos.saturating_add(1).min(self.input.len());
        let window = self.input.as_bytes().get(floor..upto).unwrap_or_default();
        self.pos =
            window.iter().rposition(|&b| b == b',').map_or(floor, |offset| floor.saturating_add(offset));
    }

    /// Skips ASCII whitespace (a byte scan, since it is all ASCII).
    fn consume_whitespace(&mut self) {
        let len = self.rest().bytes().take_while(|&b| chars::is_skippable_whitespace(char::from(b))).count();
        self.pos = self.pos.saturating_add(len);
    }

    /// Opens one level of `[` or `{`, failing past [`MAX_DEPTH`].
    const fn enter(&mut self) -> Parsed<()> {
        if self.depth >= MAX_DEPTH {
            return Err(ShorthandError::new(ErrorKind::TooDeep { limit: MAX_DEPTH }, self.pos));
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    const fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    const fn syntax(&self, expected: Expected, found: Found, context: SyntaxContext) -> ShorthandError {
        ShorthandError::new(ErrorKind::Syntax { expected, found, context }, self.pos)
    }

    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or_default()
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.input.get(start..end).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    const fn bump(&mut self, c: char) {
        self.pos = self.pos.saturating_add(c.len_utf8());
    }

    const fn at_eof(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// Byte offset of the character after the one at `offset` (or `offset` at the end).
    fn next_char_offset(&self, offset: usize) -> usize {
        let width = self.input.get(offset..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
        offset.saturating_add(width)
    }
}

/// Builds an ordered map with Python `dict` semantics: assigning an existing key replaces its
/// value in place, keeping its first position. Larger maps get a hash index so that building
/// one stays linear.
#[derive(Default)]
struct MapBuilder {
    entries: Vec<(String, Shorthand)>,
    index: Option<HashMap<String, usize>>,
}

impl MapBuilder {
    /// Entries before the hash index is built.
    const LINEAR_LIMIT: usize = 16;

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    fn insert(&mut self, key: String, value: Shorthand) {
        if let Some(slot) = self.position(&key).and_then(|i| self.entries.get_mut(i)) {
            slot.1 = value;
            return;
        }
        if self.index.is_none() && self.entries.len() >= Self::LINEAR_LIMIT {
            self.index = Some(self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect());
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
    }

    fn finish(self) -> Vec<(String, Shorthand)> {
        self.entries
    }
}
