//! Byte spans and their translation to human positions.
//!
//! Every node, key and problem carries a [`Span`]: a half-open range of byte
//! offsets into the source text exactly as it was read (a leading UTF-8 BOM
//! included). Byte offsets are cheap to store and slice with, but users want
//! `line:column`, so [`LineIndex`] turns an offset into a [`Position`] by binary
//! search over line starts. Columns count Unicode scalar values, as rustc
//! does, which needs to know where the multi-byte characters are; the same
//! table (`WideChars`) also converts the *character* indexes that
//! `saphyr-parser` reports into byte offsets.

/// A half-open range `start..end` of byte offsets into the source text.
///
/// Offsets are `u32`: the parsers refuse inputs of 4 GiB or more, so every
/// offset fits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range (equal to `start` for an empty span).
    pub end: u32,
}

impl Span {
    /// Creates a span; `end` is raised to `start` if it is smaller.
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        if end < start { Self { start, end: start } } else { Self { start, end } }
    }

    /// An empty span at `at`.
    #[must_use]
    pub const fn empty(at: u32) -> Self {
        Self { start: at, end: at }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers in `source`, or `None` if the span does not
    /// fall on character boundaries inside `source`.
    #[must_use]
    pub fn slice(self, source: &str) -> Option<&str> {
        source.get(self.start as usize..self.end as usize)
    }
}

/// A human position: 1-based line and 1-based column.
///
/// The column counts Unicode scalar values (chars) from the start of the line,
/// like rustc; a tab counts as one column and a leading byte order mark as
/// none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in chars, starting at 1.
    pub column: u32,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One multi-byte character of the source.
#[derive(Clone, Copy, Debug)]
struct Wide {
    /// Byte offset of the character.
    byte: u32,
    /// Its index counted in chars.
    char_index: u32,
    /// Extra bytes (UTF-8 length minus one) of this and all earlier wide chars.
    extra_through: u32,
}

/// Table of the multi-byte characters of a source text.
///
/// It is empty for ASCII text, so the common case costs one scan and no
/// memory. It answers "how many chars lie before this byte" and "at which byte
/// does char number N start" in `O(log n)`.
#[derive(Clone, Debug, Default)]
pub(crate) struct WideChars {
    wide: Vec<Wide>,
    len_bytes: u32,
    len_chars: u32,
}

impl WideChars {
    /// Scans `source` once. Sources longer than `u32::MAX` bytes are treated as
    /// truncated there (the parsers never get that far).
    pub(crate) fn new(source: &str) -> Self {
        let mut wide = Vec::new();
        let mut extra: u32 = 0;
        let len_bytes = u32::try_from(source.len()).unwrap_or(u32::MAX);
        if source.is_ascii() {
            return Self { wide, len_bytes, len_chars: len_bytes };
        }
        // Only the non-ASCII bytes are visited: the runs of ASCII between
        // them are skipped a slice at a time.
        let bytes = source.as_bytes();
        let mut at = 0_usize;
        while let Some(skip) = bytes.get(at..).and_then(|rest| rest.iter().position(|b| !b.is_ascii())) {
            at += skip;
            let Ok(byte) = u32::try_from(at) else { break };
            let len = source.get(at..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8);
            let char_index = byte.saturating_sub(extra);
            extra = extra.saturating_add(u32::try_from(len).unwrap_or(1) - 1);
            wide.push(Wide { byte, char_index, extra_through: extra });
            at += len;
        }
        Self { wide, len_bytes, len_chars: len_bytes.saturating_sub(extra) }
    }

    /// Total extra bytes of the wide chars that start strictly before `byte`.
    fn extra_before(&self, byte: u32) -> u32 {
        let n = self.wide.partition_point(|w| w.byte < byte);
        n.checked_sub(1).and_then(|i| self.wide.get(i)).map_or(0, |w| w.extra_through)
    }

    /// Moves `byte` back to the start of the character it falls inside, and
    /// clamps it to the text.
    fn floor_boundary(&self, byte: u32) -> u32 {
        let byte = byte.min(self.len_bytes);
        let n = self.wide.partition_point(|w| w.byte < byte);
        if let Some(w) = n.checked_sub(1).and_then(|i| self.wide.get(i)) {
            let prev_extra = n.checked_sub(2).and_then(|i| self.wide.get(i)).map_or(0, |p| p.extra_through);
            let char_len = w.extra_through.saturating_sub(prev_extra).saturating_add(1);
            if byte < w.byte.saturating_add(char_len) {
                return w.byte;
            }
        }
        byte
    }

    /// Number of chars in `source[..byte]` (after flooring `byte` to a
    /// character boundary).
    pub(crate) fn chars_before(&self, byte: u32) -> u32 {
        let byte = self.floor_boundary(byte);
        byte.saturating_sub(self.extra_before(byte))
    }

    /// Byte offset at which char number `char_index` starts (the text length
    /// for an index at or past the end).
    pub(crate) fn byte_of_char(&self, char_index: u32) -> u32 {
        if char_index >= self.len_chars {
            return self.len_bytes;
        }
        let n = self.wide.partition_point(|w| w.char_index < char_index);
        let extra = n.checked_sub(1).and_then(|i| self.wide.get(i)).map_or(0, |w| w.extra_through);
        char_index.saturating_add(extra).min(self.len_bytes)
    }
}

/// `spans` as sorted, disjoint ranges: overlapping and touching spans are
/// joined (a sensitive member inside a sensitive structure, say).
#[must_use]
pub fn merge_spans(spans: &[Span]) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// Translates byte offsets of one source text into [`Position`]s.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (YAML treats a lone CR as a line
/// break and so do most editors). A UTF-8 byte order mark at the very start
/// takes no column, so the first character of the file is at `1:1` with or
/// without one.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    chars: WideChars,
    bom: bool,
}

impl LineIndex {
    /// The text of 1-based `line` of `source` (the text this index was built
    /// from), without its line break or, on line 1, a byte order mark.
    #[must_use]
    pub fn line_text<'a>(&self, source: &'a str, line: u32) -> Option<&'a str> {
        let i = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = usize::try_from(*self.line_starts.get(i)?).ok()?;
        let end = match self.line_starts.get(i.saturating_add(1)) {
            Some(&next) => usize::try_from(next).ok()?,
            None => source.len(),
        };
        let text = source.get(start..end)?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        Some(if i == 0 { text.strip_prefix('\u{FEFF}').unwrap_or(text) } else { text })
    }

    /// Builds the index with one pass over `source`.
    #[must_use]
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        // Sized by a count of the line feeds (memchr's vectorised count),
        // not grown: a batch builds one index per file with a finding, and
        // growing took a third of building it.
        let feeds = memchr::memchr_iter(b'\n', bytes).count();
        let mut line_starts = Vec::with_capacity(feeds.saturating_add(1));
        line_starts.push(0_u32);
        // memchr finds the breaks: a batch builds an index for every file
        // with a finding, and the byte loop was a tenth of its time.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let next = i.saturating_add(1);
            if bytes.get(i) == Some(&b'\r') && bytes.get(next) == Some(&b'\n') {
                continue;
            }
            match u32::try_from(next) {
                Ok(n) => line_starts.push(n),
                Err(_) => break,
            }
        }
        Self { line_starts, chars: WideChars::new(source), bom: source.starts_with('\u{FEFF}') }
    }

    /// Number of lines (a text ending with a line break has an empty last line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The position of byte offset `byte`. Offsets past the end are clamped
    /// to the end; an offset inside a multi-byte character gives that
    /// character's position.
    #[must_use]
    pub fn position(&self, byte: u32) -> Position {
        let byte = self.chars.floor_boundary(byte);
        let line_idx = self.line_starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let mut column = self.chars.chars_before(byte).saturating_sub(self.chars.chars_before(line_start));
        if self.bom && line_idx == 0 && byte >= 3 {
            column = column.saturating_sub(1);
        }
        Position {
            line: u32::try_from(line_idx).unwrap_or(u32::MAX - 1).saturating_add(1),
            column: column.saturating_add(1),
        }
    }

    /// The 1-based line number of byte offset `byte`.
    #[must_use]
    pub fn line(&self, byte: u32) -> u32 {
        self.position(byte).line
    }

    /// Byte offset at which 1-based `line` starts, if the text has that line.
    #[must_use]
    pub fn line_start(&self, line: u32) -> Option<u32> {
        let idx = usize::try_from(line.checked_sub(1)?).ok()?;
        self.line_starts.get(idx).copied()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;

    /// The table answers as counting characters one by one does.
    #[test]
    fn wide_chars_agree_with_counting() {
        for text in ["", "ascii only", "é", "aé€😀b\r\nc", "😀😀 x ü\n", "x\u{FEFF}y", "€€€abc€"]
        {
            let wide = WideChars::new(text);
            let mut chars = 0_u32;
            for (byte, c) in text.char_indices() {
                let byte = u32::try_from(byte).unwrap();
                assert_eq!(wide.chars_before(byte), chars, "{text:?} at {byte}");
                assert_eq!(wide.byte_of_char(chars), byte, "{text:?} char {chars}");
                chars += 1;
                let _ = c;
            }
            assert_eq!(wide.chars_before(u32::try_from(text.len()).unwrap()), chars, "{text:?}");
            let lines = LineIndex::new(text);
            let expected =
                1 + text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
            assert_eq!(lines.line_count(), expected, "{text:?}");
        }
    }

    fn pos(src: &str, byte: usize) -> (u32, u32) {
        let p = LineIndex::new(src).position(u32::try_from(byte).unwrap_or(u32::MAX));
        (p.line, p.column)
    }

    #[test]
    fn ascii_positions() {
        let src = "ab\ncd\n";
        assert_eq!(pos(src, 0), (1, 1));
        assert_eq!(pos(src, 1), (1, 2));
        assert_eq!(pos(src, 2), (1, 3));
        assert_eq!(pos(src, 3), (2, 1));
        assert_eq!(pos(src, 6), (3, 1));
        assert_eq!(pos(src, 600), (3, 1));
    }

    #[test]
    fn non_ascii_columns_count_chars() {
        let src = "é€😀x\nñy";
        // é = 2 bytes, € = 3, 😀 = 4.
        assert_eq!(pos(src, 9), (1, 4));
        assert_eq!(pos(src, 10), (1, 5));
        assert_eq!(pos(src, 11), (2, 1));
        assert_eq!(pos(src, 13), (2, 2));
        // Inside a multi-byte character: that character's column.
        assert_eq!(pos(src, 1), (1, 1));
        assert_eq!(pos(src, 4), (1, 2));
        assert_eq!(pos(src, 7), (1, 3));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let src = "a\r\nb\rc\n\rd";
        assert_eq!(pos(src, 3), (2, 1));
        assert_eq!(pos(src, 5), (3, 1));
        assert_eq!(pos(src, 7), (4, 1));
        assert_eq!(pos(src, 8), (5, 1));
        // The '\n' of a CRLF still belongs to the line it ends.
        assert_eq!(pos(src, 2), (1, 3));
        assert_eq!(LineIndex::new(src).line_count(), 5);
    }

    #[test]
    fn tab_is_one_column() {
        assert_eq!(pos("\t\tx", 2), (1, 3));
    }

    #[test]
    fn bom_takes_no_column() {
        let src = "\u{FEFF}{\"a\": 1}\n\u{FEFF}";
        assert_eq!(pos(src, 3), (1, 1));
        assert_eq!(pos(src, 4), (1, 2));
        assert_eq!(pos(src, 0), (1, 1));
        // Only a BOM at the start of the file is special.
        assert_eq!(pos(src, 16), (2, 2));
    }

    #[test]
    fn char_to_byte_round_trip() {
        let src = "\u{FEFF}aé€😀b\r\nc";
        let w = WideChars::new(src);
        for (char_index, (byte, _)) in src.char_indices().enumerate() {
            let ci = u32::try_from(char_index).unwrap_or(0);
            let b = u32::try_from(byte).unwrap_or(0);
            assert_eq!(w.byte_of_char(ci), b, "char {char_index}");
            assert_eq!(w.chars_before(b), ci, "byte {byte}");
        }
        assert_eq!(w.byte_of_char(1000), u32::try_from(src.len()).unwrap_or(0));
    }

    #[test]
    fn span_helpers() {
        let s = Span::new(5, 2);
        assert_eq!(s, Span::empty(5));
        assert!(s.is_empty());
        assert_eq!(Span::new(1, 3).slice("abcd"), Some("bc"));
        assert_eq!(Span::new(1, 2).slice("é"), None);
        assert_eq!(Span::new(1, 9).slice("ab"), None);
    }
}
