//! Positions as the client counts them: byte offsets (what every span of
//! the crate holds) to LSP line/character pairs and back.
//!
//! The protocol counts characters in UTF-16 code units unless client and
//! server agree on another encoding (`general.positionEncodings`, LSP 3.17).
//! A client is untrusted: a position past the end of its line or of the
//! text, or inside a surrogate pair, is clamped to the nearest character
//! boundary before it, never trusted as an index.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How the client counts the characters of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The encoding to use, given what the client offers: UTF-8 first (our
    /// spans are UTF-8 byte offsets, so no conversion is needed), then
    /// UTF-32, else the mandatory UTF-16.
    #[must_use]
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// The protocol's name for the encoding.
    #[must_use]
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many units `c` counts for.
    fn units(self, c: char) -> u32 {
        match self {
            // At most 4: the casts cannot truncate.
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// One character whose byte length differs from its length in units.
#[derive(Debug, Clone, Copy)]
struct Wide {
    /// Its byte offset.
    byte: u32,
    /// Bytes minus units, summed over this and every earlier such character.
    delta_through: u32,
}

/// Line starts and the characters that count differently in the client's
/// encoding, for one text: built once per text, each conversion then a
/// binary search (a 1 MB document on one line with a thousand findings is
/// not quadratic).
#[derive(Debug, Clone)]
pub struct LineMap {
    /// Byte offset of the start of each line (`\n`, `\r\n` and a lone `\r`
    /// end a line, as the protocol says).
    starts: Vec<u32>,
    wide: Vec<Wide>,
    len: u32,
    encoding: Encoding,
}

impl LineMap {
    /// Scans `text` once.
    #[must_use]
    pub fn new(text: &str, encoding: Encoding) -> LineMap {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let next = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match b {
                b'\n' => starts.push(next),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(next),
                _ => {}
            }
        }
        let mut wide = Vec::new();
        if encoding != Encoding::Utf8 && !text.is_ascii() {
            let mut delta: u32 = 0;
            for (byte, c) in text.char_indices() {
                let bytes = c.len_utf8() as u32;
                let units = encoding.units(c);
                if bytes != units {
                    delta = delta.saturating_add(bytes - units);
                    wide.push(Wide { byte: u32::try_from(byte).unwrap_or(u32::MAX), delta_through: delta });
                }
            }
        }
        LineMap { starts, wide, len, encoding }
    }

    /// The total delta of the wide characters that start before `byte`.
    fn delta_before(&self, byte: u32) -> u32 {
        let n = self.wide.partition_point(|w| w.byte < byte);
        n.checked_sub(1).and_then(|i| self.wide.get(i)).map_or(0, |w| w.delta_through)
    }

    /// The position of byte `offset` of `text` (the text this map was built
    /// from), clamped to the text and moved back to a character boundary.
    #[must_use]
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let mut offset = offset.min(self.len);
        while offset > 0 && !text.is_char_boundary(offset as usize) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let bytes = offset - start.min(offset);
        let delta = self.delta_before(offset).saturating_sub(self.delta_before(start));
        Position { line: u32::try_from(line).unwrap_or(u32::MAX), character: bytes.saturating_sub(delta) }
    }

    /// The range of bytes `start..end` of `text`.
    #[must_use]
    pub fn range(&self, text: &str, start: u32, end: u32) -> Range {
        Range { start: self.position(text, start), end: self.position(text, end.max(start)) }
    }

    /// The byte offset of `position` in `text`: a line past the last is the
    /// end of the text, a character past the end of its line the end of
    /// the line (before its line break), a position inside a character the
    /// start of that character.
    #[must_use]
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else { return text.len() };
        let start = start as usize;
        let next = self.starts.get(position.line as usize + 1).map_or(text.len(), |&s| s as usize);
        let line = text.get(start..next).unwrap_or("");
        let content = line.trim_end_matches(['\n', '\r']);
        let mut units = 0u32;
        for (i, c) in content.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units = units.saturating_add(self.encoding.units(c));
            if units > position.character {
                // Inside a character (half of a surrogate pair): its start.
                return start + i;
            }
        }
        start + content.len()
    }

    /// The 0-based line and the byte offset of `offset`'s line start.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, self.starts.get(line).copied().unwrap_or(0) as usize)
    }

    /// The position of a 1-based line and 1-based column counted in
    /// characters, as the command's reports locate a finding.
    #[must_use]
    pub fn position_of_column(&self, text: &str, line: u32, column: u32) -> Position {
        let Some(&start) = self.starts.get(line.saturating_sub(1) as usize) else {
            return self.position(text, self.len);
        };
        let rest = text.get(start as usize..).unwrap_or("");
        let skip = column.saturating_sub(1) as usize;
        let within = rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i);
        let within = u32::try_from(within).unwrap_or(u32::MAX);
        self.position(text, start.saturating_add(within))
    }
}

/// Applies one change of a `didChange` notification to `text`: a range
/// replaced, or (no range) the whole text.
pub fn apply_change(text: &mut String, encoding: Encoding, range: Option<Range>, replacement: &str) {
    let Some(range) = range else {
        replacement.clone_into(text);
        return;
    };
    // Only the lines the range names are mapped, not the whole text: an
    // edit with a thousand cursors is a thousand changes in one message.
    let start = offset_in_line(text, encoding, range.start);
    let end = offset_in_line(text, encoding, range.end).max(start);
    text.replace_range(start..end, replacement);
}

/// The byte offset of `position` in `text`, as [`LineMap::offset`] gives
/// it, from a scan to its line and a map of that line alone.
fn offset_in_line(text: &str, encoding: Encoding, position: Position) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = 0_usize;
    let mut line = 0_u32;
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
    while line < position.line {
        let Some(at) = breaks.next() else { return text.len() };
        if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') {
            // `\r\n` is one break: skip its `\n`.
            breaks.next();
            line_start = at + 2;
        } else {
            line_start = at + 1;
        }
        line += 1;
    }
    let line_end = memchr::memchr2(b'\n', b'\r', bytes.get(line_start..).unwrap_or_default())
        .map_or(text.len(), |i| line_start + i);
    let Some(this_line) = text.get(line_start..line_end) else { return text.len() };
    let map = LineMap::new(this_line, encoding);
    line_start + map.offset(this_line, Position { line: 0, character: position.character })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn converts_both_ways_in_every_encoding() {
        // "é" is 2 bytes, 1 UTF-16 unit; "😀" 4 bytes, 2 units, 1 scalar.
        let text = "a: é😀x\r\nb\rc\n";
        let x = text.find('x').unwrap() as u32;
        for (encoding, column) in [(Encoding::Utf8, 9), (Encoding::Utf16, 6), (Encoding::Utf32, 5)] {
            let map = LineMap::new(text, encoding);
            assert_eq!(map.position(text, x), pos(0, column), "{encoding:?}");
            assert_eq!(map.offset(text, pos(0, column)), x as usize, "{encoding:?}");
            assert_eq!(map.position(text, text.find('b').unwrap() as u32), pos(1, 0));
            assert_eq!(map.position(text, text.find('c').unwrap() as u32), pos(2, 0));
        }
    }

    /// Changes land where a map of the whole text puts them.
    #[test]
    fn changes_agree_with_the_whole_map() {
        let text = "a: é😀x\r\nb\rc\n\nlast 😀 line";
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let map = LineMap::new(text, encoding);
            for line in 0..7 {
                for character in 0..14 {
                    let p = pos(line, character);
                    assert_eq!(offset_in_line(text, encoding, p), map.offset(text, p), "{encoding:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn clamps_what_a_client_sends() {
        let text = "ab😀\nc";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.offset(text, pos(0, 99)), 6);
        assert_eq!(map.offset(text, pos(9, 0)), text.len());
        // Between the two halves of the surrogate pair: before the emoji.
        assert_eq!(map.offset(text, pos(0, 3)), 2);
        // Inside a UTF-8 sequence, and past the end.
        assert_eq!(map.position(text, 3), pos(0, 2));
        assert_eq!(map.position(text, 999), pos(1, 1));
    }

    #[test]
    fn applies_incremental_changes() {
        let mut text = "LicenseType: pro\nUserId: é\n".to_owned();
        apply_change(&mut text, Encoding::Utf16, Some(Range { start: pos(0, 13), end: pos(0, 16) }), "Pro");
        apply_change(&mut text, Encoding::Utf16, Some(Range { start: pos(1, 8), end: pos(1, 9) }), "bob");
        assert_eq!(text, "LicenseType: Pro\nUserId: bob\n");
        apply_change(&mut text, Encoding::Utf16, Some(Range { start: pos(5, 0), end: pos(0, 0) }), "#");
        assert_eq!(text, "LicenseType: Pro\nUserId: bob\n#");
        apply_change(&mut text, Encoding::Utf16, None, "x");
        assert_eq!(text, "x");
    }

    #[test]
    fn columns_in_characters_as_reports_count_them() {
        let text = "a: é😀x\n";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position_of_column(text, 1, 6), pos(0, 6));
        assert_eq!(map.position_of_column(text, 7, 1), pos(1, 0));
    }
}
