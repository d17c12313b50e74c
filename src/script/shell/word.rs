//! One shell word's value, resolved from its source text as bash resolves
//! it before running the command.
//!
//! The parser says where a word is; what it means is decided here, from
//! the bytes, because tree-sitter-bash's word nodes follow the grammar's
//! convenience rather than bash's quote removal (a `word` node keeps its
//! backslashes, a `\`-newline splits one word in two, `$'…'` is one opaque
//! token). Reading the bytes again with bash's own rules is short and can
//! be checked against bash itself.
//!
//! A word is known when every part of it is text written in the source;
//! the first expansion, glob, tilde or brace expansion makes it unknown.
//! Scanning goes on after an expansion only to learn whether the word is
//! still certainly *one* field at run time (a double-quoted `"$USER"` is,
//! an unquoted `$USER` may be zero or several), which the wrappers need:
//! `sudo -u "$U" aws` runs `aws`, `sudo -u $U aws` might not.

use std::ops::Range;

use crate::script::OffsetMap;

/// A word read from its source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The value the command receives; `None` when run time decides it.
    pub value: Option<String>,
    /// From offsets of `value` to offsets of the code (empty when unknown).
    pub map: OffsetMap,
    /// The word is certainly exactly one argument at run time (every
    /// known word is; an unknown word is when its expansions are all
    /// double-quoted and none is an `@` list).
    pub single: bool,
    /// For an unknown word, the known text before its first unknown part
    /// (`env "AWS_PROFILE=$p" aws` is an assignment because this prefix
    /// holds a `=`); empty for a known word, whose value says it all.
    pub prefix: String,
    /// The text is not one bash word: an unquoted blank in it (the grammar
    /// glues words across a `\`-newline or a comment in some places).
    pub broken: bool,
}

/// Whether a `$` followed by `next` starts an expansion (otherwise the `$`
/// is a literal character, as in `a$` or `"$ "`).
fn starts_expansion(next: u8) -> bool {
    next.is_ascii_alphanumeric()
        || matches!(next, b'_' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-' | b'{' | b'(' | b'[')
}

/// Bytes that end a run of ordinary characters outside quotes.
fn special_unquoted(b: u8) -> bool {
    matches!(
        b,
        b'\\'
            | b'\''
            | b'"'
            | b'$'
            | b'`'
            | b'<'
            | b'>'
            | b'*'
            | b'?'
            | b'['
            | b'~'
            | b'{'
            | b','
            | b'.'
            | b'}'
            | b' '
            | b'\t'
            | b'\n'
            | b'\r'
    )
}

/// The length of the UTF-8 character starting with byte `b`.
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Why scanning stopped early.
enum Stop {
    /// The word may be any number of fields: nothing more to learn.
    Many,
}

struct Scan<'a> {
    src: &'a [u8],
    /// End of the word (exclusive).
    end: usize,
    out: Vec<u8>,
    map: OffsetMap,
    known: bool,
    single: bool,
    broken: bool,
    /// Expansions the parser delimited, sorted by start: where a
    /// double-quoted `$(…)` or `${…}` ends.
    opaque: &'a [Range<usize>],
}

impl Scan<'_> {
    fn emit(&mut self, from: Range<usize>) {
        if self.known && from.start < from.end {
            self.map.push(self.out.len(), from.start);
            if let Some(bytes) = self.src.get(from) {
                self.out.extend_from_slice(bytes);
            }
        }
    }

    fn emit_bytes(&mut self, bytes: &[u8], from: usize) {
        if self.known && !bytes.is_empty() {
            self.map.push(self.out.len(), from);
            self.out.extend_from_slice(bytes);
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        if i < self.end { self.src.get(i).copied() } else { None }
    }

    /// The byte at `i` and where it is, after any `\`-newlines (bash
    /// removes them before it reads `$(`, `$'`, `<(`).
    fn peek(&self, mut i: usize) -> Option<(u8, usize)> {
        while self.at(i) == Some(b'\\') && self.at(i + 1) == Some(b'\n') {
            i += 2;
        }
        self.at(i).map(|b| (b, i))
    }

    /// An expansion at `i`: the word is unknown; unquoted it may be any
    /// number of fields, double-quoted it is one unless it is an `@` list.
    /// Returns where it ends (the parser's node), so that the rest of the
    /// word is still read for blanks and quoting; stops when the parser
    /// did not delimit it.
    fn expansion(&mut self, i: usize, quoted: bool) -> Result<usize, Stop> {
        self.known = false;
        if !quoted {
            self.single = false;
        }
        let k = self.opaque.partition_point(|r| r.start < i);
        match self.opaque.get(k) {
            Some(r) if r.start == i && r.end <= self.end && r.end > i => {
                if quoted && self.src.get(r.clone()).is_some_and(|t| t.contains(&b'@')) {
                    self.single = false;
                }
                Ok(r.end)
            }
            _ => Err(self.many()),
        }
    }

    /// A quote that does not end inside the word: the parser's word is
    /// not bash's (tree-sitter-bash ends `$'it\\'s'` at the escaped quote).
    fn unterminated(&mut self) -> Stop {
        self.broken = true;
        self.many()
    }

    fn many(&mut self) -> Stop {
        self.known = false;
        self.single = false;
        Stop::Many
    }

    /// The inside of a double-quoted string from `i` (after the opening
    /// quote); returns the offset after the closing quote.
    fn double(&mut self, mut i: usize) -> Result<usize, Stop> {
        loop {
            let Some(c) = self.at(i) else { return Err(self.unterminated()) };
            match c {
                b'"' => return Ok(i + 1),
                b'\\' => match self.at(i + 1) {
                    Some(b'$' | b'`' | b'"' | b'\\') => {
                        self.emit(i + 1..i + 2);
                        i += 2;
                    }
                    Some(b'\n') => i += 2,
                    Some(_) => {
                        self.emit(i..i + 1);
                        i += 1;
                    }
                    None => return Err(self.unterminated()),
                },
                b'$' if self.peek(i + 1).is_some_and(|(n, _)| starts_expansion(n)) => {
                    i = self.expansion(i, true)?
                }
                b'`' => i = self.expansion(i, true)?,
                _ => {
                    let mut j = i + 1;
                    while self.at(j).is_some_and(|b| !matches!(b, b'"' | b'\\' | b'$' | b'`')) {
                        j += 1;
                    }
                    self.emit(i..j);
                    i = j;
                }
            }
        }
    }

    /// The inside of an ANSI-C string `$'…'` from `i` (after the quote);
    /// returns the offset after the closing quote. Escapes follow bash's
    /// `ansicstr`: a NUL ends the string's value (bash's strings are C
    /// strings), bytes that are not UTF-8 make the word unknown.
    fn ansi_c(&mut self, mut i: usize) -> Result<usize, Stop> {
        let mut truncated = false;
        loop {
            let Some(c) = self.at(i) else { return Err(self.unterminated()) };
            if c == b'\'' {
                return Ok(i + 1);
            }
            if c != b'\\' {
                let n = char_len(c);
                if !truncated {
                    self.emit(i..i + n);
                }
                i += n;
                continue;
            }
            let Some(e) = self.at(i + 1) else { return Err(self.unterminated()) };
            let (produced, next): (Produced, usize) = match e {
                b'a' => (Produced::Byte(7), i + 2),
                b'b' => (Produced::Byte(8), i + 2),
                b'e' | b'E' => (Produced::Byte(27), i + 2),
                b'f' => (Produced::Byte(12), i + 2),
                b'n' => (Produced::Byte(b'\n'), i + 2),
                b'r' => (Produced::Byte(b'\r'), i + 2),
                b't' => (Produced::Byte(b'\t'), i + 2),
                b'v' => (Produced::Byte(11), i + 2),
                b'\\' | b'\'' | b'"' | b'?' => (Produced::Byte(e), i + 2),
                b'0'..=b'7' => {
                    let mut v: u32 = 0;
                    let mut j = i + 1;
                    while j < i + 4 && self.at(j).is_some_and(|d| (b'0'..=b'7').contains(&d)) {
                        v = v * 8 + u32::from(self.at(j).unwrap_or(b'0') - b'0');
                        j += 1;
                    }
                    (Produced::Byte((v & 0xFF) as u8), j)
                }
                b'x' if self.at(i + 2) == Some(b'{') => {
                    let mut v: u32 = 0;
                    let mut j = i + 3;
                    while let Some(d) = self.at(j).and_then(hex) {
                        v = v.wrapping_mul(16).wrapping_add(d);
                        j += 1;
                    }
                    if self.at(j) == Some(b'}') {
                        j += 1;
                    }
                    (Produced::Byte((v & 0xFF) as u8), j)
                }
                b'x' | b'u' | b'U' => {
                    let max = match e {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let mut v: u32 = 0;
                    let mut j = i + 2;
                    while j < i + 2 + max {
                        let Some(d) = self.at(j).and_then(hex) else { break };
                        v = v * 16 + d;
                        j += 1;
                    }
                    if j == i + 2 {
                        // No digit: the backslash and the letter stay.
                        (Produced::Verbatim, i + 2)
                    } else if e == b'x' {
                        (Produced::Byte((v & 0xFF) as u8), j)
                    } else {
                        (Produced::Char(v), j)
                    }
                }
                b'c' => match self.at(i + 2) {
                    None | Some(b'\'') => (Produced::Verbatim, i + 2),
                    Some(b'\\') => {
                        // `\c\\` is control-backslash; a lone `\c\` too.
                        let skip = if self.at(i + 3) == Some(b'\\') { 4 } else { 3 };
                        (Produced::Byte(0x1C), i + skip)
                    }
                    Some(b'?') => (Produced::Byte(0x7F), i + 3),
                    Some(x) if x.is_ascii() => (Produced::Byte(x.to_ascii_uppercase() & 0x1F), i + 3),
                    Some(_) => return Err(self.many()),
                },
                _ => (Produced::Verbatim, i + 2),
            };
            if !truncated {
                match produced {
                    Produced::Byte(0) => truncated = true,
                    Produced::Byte(b) => self.emit_bytes(&[b], i),
                    Produced::Char(0) => truncated = true,
                    Produced::Char(v) => match char::from_u32(v) {
                        Some(ch) => {
                            let mut buf = [0u8; 4];
                            self.emit_bytes(ch.encode_utf8(&mut buf).as_bytes(), i);
                        }
                        // bash writes a surrogate or an out-of-range code
                        // point as bytes that are not UTF-8.
                        None => self.known = false,
                    },
                    Produced::Verbatim => {
                        let n = char_len(e);
                        self.emit(i..i + 1 + n);
                    }
                }
            }
            // An escape of a multi-byte character (`\é`) is verbatim; step
            // over the whole character.
            i = if matches!(produced, Produced::Verbatim) { i + 1 + char_len(e) } else { next };
        }
    }

    /// The word from `start`: unquoted text with quoted parts in it.
    fn word(&mut self, start: usize) -> Result<(), Stop> {
        // `NAME=…` words get tilde expansion after the `=` and after each
        // `:` (bash does this for assignment-like arguments).
        let assignment_eq = assignment_eq(self.src, start, self.end);
        // Brace expansion: an unquoted `{`, then an unquoted `,` or `..`,
        // then an unquoted `}`. This is looser than bash (which wants them
        // balanced), so it may call unknown a word bash would pass as is,
        // never the other way round.
        let mut brace_open = false;
        let mut brace_sep = false;
        let mut i = start;
        while let Some(c) = self.at(i) {
            match c {
                b'\\' => match self.at(i + 1) {
                    Some(b'\n') => i += 2,
                    Some(n) => {
                        let n = char_len(n);
                        self.emit(i + 1..i + 1 + n);
                        i += 1 + n;
                    }
                    None => {
                        self.emit(i..i + 1);
                        i += 1;
                    }
                },
                b'\'' => {
                    let close = self
                        .src
                        .get(i + 1..self.end)
                        .and_then(|rest| memchr::memchr(b'\'', rest))
                        .map(|k| i + 1 + k);
                    let Some(close) = close else { return Err(self.unterminated()) };
                    self.emit(i + 1..close);
                    i = close + 1;
                }
                b'"' => i = self.double(i + 1)?,
                b'$' => match self.peek(i + 1) {
                    Some((b'\'', q)) => i = self.ansi_c(q + 1)?,
                    Some((b'"', q)) => i = self.double(q + 1)?,
                    Some((n, _)) if starts_expansion(n) => i = self.expansion(i, false)?,
                    _ => {
                        self.emit(i..i + 1);
                        i += 1;
                    }
                },
                b'`' => i = self.expansion(i, false)?,
                b'<' | b'>' if self.peek(i + 1).is_some_and(|(n, _)| n == b'(') => {
                    i = self.expansion(i, false)?
                }
                b'<' | b'>' => {
                    self.emit(i..i + 1);
                    i += 1;
                }
                b'*' | b'?' => {
                    // A glob: as many words as files match.
                    self.known = false;
                    self.single = false;
                    i += 1;
                }
                b'[' => {
                    let closes = self
                        .src
                        .get(i + 1..self.end)
                        .is_some_and(|rest| memchr::memchr(b']', rest).is_some());
                    if closes {
                        self.known = false;
                        self.single = false;
                    }
                    self.emit(i..i + 1);
                    i += 1;
                }
                b' ' | b'\t' | b'\n' | b'\r' => {
                    self.broken = true;
                    return Err(self.many());
                }
                b'~' => {
                    let tilde = i == start
                        || assignment_eq
                            .is_some_and(|eq| i == eq + 1 || (i > eq && self.src.get(i - 1) == Some(&b':')));
                    if tilde {
                        // One field (tilde expansion is not split), value unknown.
                        self.known = false;
                    }
                    self.emit(i..i + 1);
                    i += 1;
                }
                b'{' => {
                    brace_open = true;
                    self.emit(i..i + 1);
                    i += 1;
                }
                b',' => {
                    brace_sep |= brace_open;
                    self.emit(i..i + 1);
                    i += 1;
                }
                b'.' => {
                    brace_sep |= brace_open && self.at(i + 1) == Some(b'.');
                    self.emit(i..i + 1);
                    i += 1;
                }
                b'}' => {
                    if brace_open && brace_sep {
                        // Brace expansion: several words.
                        self.known = false;
                        self.single = false;
                    }
                    self.emit(i..i + 1);
                    i += 1;
                }
                _ => {
                    let mut j = i + 1;
                    while self.at(j).is_some_and(|b| !special_unquoted(b)) {
                        j += 1;
                    }
                    self.emit(i..j);
                    i = j;
                }
            }
        }
        Ok(())
    }
}

/// What one ANSI-C escape stands for.
#[derive(Clone, Copy)]
enum Produced {
    Byte(u8),
    Char(u32),
    /// Not an escape: the backslash and the character stay.
    Verbatim,
}

fn hex(d: u8) -> Option<u32> {
    char::from(d).to_digit(16)
}

/// The offset of the `=` of a word that starts `NAME=`, unquoted.
fn assignment_eq(src: &[u8], start: usize, end: usize) -> Option<usize> {
    let word = src.get(start..end)?;
    let first = *word.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = word.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))?;
    (word.get(len) == Some(&b'=')).then_some(start + len)
}

/// The word written at `span` of `code`, resolved. `opaque` holds the
/// ranges of the expansions the parser found in it, sorted by start.
pub(crate) fn resolve(code: &str, span: Range<usize>, opaque: &[Range<usize>]) -> Resolved {
    let mut scan = Scan {
        src: code.as_bytes(),
        end: span.end.min(code.len()),
        out: Vec::new(),
        map: OffsetMap::new(),
        known: true,
        single: true,
        broken: false,
        opaque,
    };
    let _ = scan.word(span.start);
    let prefix_bytes = std::mem::take(&mut scan.out);
    let (value, prefix) = match String::from_utf8(prefix_bytes) {
        Ok(text) if scan.known => (Some(text), String::new()),
        Ok(text) => (None, text),
        Err(_) => (None, String::new()),
    };
    let map = if value.is_some() { scan.map } else { OffsetMap::new() };
    Resolved { value, map, single: scan.single, prefix, broken: scan.broken }
}

/// The words of a stretch of source that the parser did not split (a
/// `regex` token after `==`/`=~` in a command, which bash reads as plain
/// words): their spans, or `None` when the stretch holds anything but
/// blanks, quotes and plain characters (an expansion or an operator),
/// which only a real parse could split.
pub(crate) fn split_plain(code: &str, span: Range<usize>) -> Option<Vec<Range<usize>>> {
    let src = code.as_bytes();
    let end = span.end.min(src.len());
    let mut words = Vec::new();
    let mut i = span.start;
    let mut start: Option<usize> = None;
    while i < end {
        let c = *src.get(i)?;
        match c {
            b' ' | b'\t' => {
                if let Some(s) = start.take() {
                    words.push(s..i);
                }
                i += 1;
                continue;
            }
            b'\\' if src.get(i + 1) == Some(&b'\n') => {
                // A continuation joins; between words it is a blank.
                i += 2;
                continue;
            }
            b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' | b'\n' | b'`' => return None,
            b'#' if start.is_none() => return None,
            b'$' if matches!(src.get(i + 1), Some(b'(' | b'{' | b'[')) => return None,
            _ => {}
        }
        start.get_or_insert(i);
        match c {
            b'\\' => i += 2,
            b'\'' => i = i + 2 + memchr::memchr(b'\'', src.get(i + 1..end)?)?,
            b'"' => {
                let mut j = i + 1;
                loop {
                    match *src.get(j).filter(|_| j < end)? {
                        b'"' => break,
                        b'\\' => j += 2,
                        b'`' => return None,
                        b'$' if matches!(src.get(j + 1), Some(b'(' | b'{' | b'[')) => return None,
                        _ => j += 1,
                    }
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    if let Some(s) = start {
        words.push(s..end.max(s));
    }
    Some(words)
}
