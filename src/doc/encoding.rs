//! From file bytes to text: byte order marks and UTF-8 checks.
//!
//! Request files come from editors and shells on every platform, so before
//! parsing we make sure the bytes are UTF-8 and say clearly when they are not:
//! a UTF-16 or UTF-32 file (PowerShell's `>` writes UTF-16 LE with a BOM) gets
//! a message naming the encoding, and invalid UTF-8 gets the exact byte and
//! its line and column. A UTF-8 BOM is accepted and kept in the text (so span
//! offsets stay file offsets); the parsers skip it and [`LineIndex`] gives it
//! no column.
//!
//! [`LineIndex`]: crate::doc::span::LineIndex

use crate::doc::error::Limits;
use crate::doc::error::Problem;
use crate::doc::error::ProblemKind;
use crate::doc::json::parse_json_detached;
use crate::doc::span::LineIndex;
use crate::doc::span::Span;
use crate::doc::tree::Parsed;
use crate::doc::yaml::parse_yaml_detached;

/// The syntax to parse a file as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Strict JSON (RFC 8259), as for `--cli-input-json`.
    Json,
    /// YAML 1.2 as loaded by AWS CLI v2, as for `--cli-input-yaml`.
    Yaml,
}

/// Byte order marks we refuse, longest first (UTF-32 LE starts like UTF-16 LE).
const FOREIGN_BOMS: [(&[u8], &str); 4] = [
    (&[0x00, 0x00, 0xFE, 0xFF], "UTF-32 BE"),
    (&[0xFF, 0xFE, 0x00, 0x00], "UTF-32 LE"),
    (&[0xFE, 0xFF], "UTF-16 BE"),
    (&[0xFF, 0xFE], "UTF-16 LE"),
];

/// Parses file bytes as `format`.
///
/// # Errors
///
/// An [`ProblemKind::Encoding`] problem for UTF-16/UTF-32 input or invalid
/// UTF-8, a limit problem for oversized input, or the parser's fatal problem.
pub fn parse_bytes(bytes: &[u8], format: Format, limits: &Limits) -> Result<Parsed, Problem> {
    let (mut document, problems) = parse_bytes_detached(bytes, format, limits)?;
    document.attach(decode(bytes)?.to_owned());
    Ok((document, problems))
}

/// [`parse_bytes`] without the source text in the document: the caller
/// attaches it, moving the bytes it read in (so a file is held once).
fn parse_bytes_detached(bytes: &[u8], format: Format, limits: &Limits) -> Result<Parsed, Problem> {
    limits.check_size(bytes.len())?;
    parse_format(decode(bytes)?, format, limits)
}

/// [`parse_bytes_detached`] of a file's bytes already known to be UTF-8
/// (the caller made them a `String`, which checked them): the byte order
/// marks and wide encodings are still refused, but the text is not
/// checked a second time.
pub(crate) fn parse_text_detached(text: &str, format: Format, limits: &Limits) -> Result<Parsed, Problem> {
    limits.check_size(text.len())?;
    refuse_wide(text.as_bytes())?;
    parse_format(text, format, limits)
}

/// `text` read by the reader of `format`, detached.
fn parse_format(text: &str, format: Format, limits: &Limits) -> Result<Parsed, Problem> {
    match format {
        Format::Json => parse_json_detached(text, limits),
        Format::Yaml => parse_yaml_detached(text, limits),
    }
}

/// Why `bytes`, which are not UTF-8 (a `String` refused them), cannot be
/// read: the size limit, a byte order mark or wide encoding, or where the
/// UTF-8 breaks, as [`parse_bytes_detached`] would say.
pub(crate) fn unreadable(bytes: &[u8], limits: &Limits) -> Problem {
    if let Err(problem) = limits.check_size(bytes.len()) {
        return problem;
    }
    match decode(bytes) {
        Err(problem) => problem,
        Ok(_) => Problem::new(ProblemKind::Encoding, Span::empty(0), "the file must be UTF-8 text"),
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks that `bytes` are UTF-8 text (a UTF-8 BOM allowed).
fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    refuse_wide(bytes)?;
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let bad_len = e.error_len().unwrap_or_else(|| bytes.len().saturating_sub(at));
        let prefix = bytes.get(..at).and_then(|p| std::str::from_utf8(p).ok()).unwrap_or("");
        let pos = LineIndex::new(prefix).position(offset(at));
        let shown: Vec<String> =
            bytes.iter().skip(at).take(bad_len.max(1)).map(|b| format!("0x{b:02X}")).collect();
        Problem::new(
            ProblemKind::Encoding,
            Span::new(offset(at), offset(at.saturating_add(bad_len))),
            format!(
                "invalid UTF-8 at line {}, column {} (byte offset {at}: {}); the file must be UTF-8 text",
                pos.line,
                pos.column,
                shown.join(" ")
            ),
        )
        .with_redacted(format!(
            "invalid UTF-8 at line {}, column {} (byte offset {at}); the file must be UTF-8 text",
            pos.line, pos.column
        ))
    })
}

/// Refuses UTF-16 and UTF-32 text, with a byte order mark or without
/// (which can be valid UTF-8: ASCII with NULs between).
fn refuse_wide(bytes: &[u8]) -> Result<(), Problem> {
    for (bom, name) in FOREIGN_BOMS {
        if bytes.starts_with(bom) {
            return Err(Problem::new(
                ProblemKind::Encoding,
                Span::new(0, offset(bom.len())),
                format!(
                    "the file is {name} text (it starts with a {name} byte order mark); save it as UTF-8"
                ),
            ));
        }
    }
    if let Some(name) = sniff_wide_encoding(bytes) {
        return Err(Problem::new(
            ProblemKind::Encoding,
            Span::new(0, offset(bytes.len().min(4))),
            format!("the file looks like {name} text without a byte order mark; save it as UTF-8"),
        ));
    }
    Ok(())
}

/// RFC 4627's detection of UTF-16/32 without a BOM from the NUL pattern of
/// the first (ASCII) characters.
fn sniff_wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    let nz = |i: usize| bytes.get(i).is_some_and(|&b| b != 0);
    let z = |i: usize| bytes.get(i) == Some(&0);
    if bytes.len() >= 4 {
        if z(0) && z(1) && z(2) && nz(3) {
            return Some("UTF-32 BE");
        }
        if nz(0) && z(1) && z(2) && z(3) {
            return Some("UTF-32 LE");
        }
    }
    if bytes.len() >= 2 {
        if z(0) && nz(1) && (bytes.len() < 4 || (z(2) && nz(3))) {
            return Some("UTF-16 BE");
        }
        if nz(0) && z(1) && (bytes.len() < 4 || (nz(2) && z(3))) {
            return Some("UTF-16 LE");
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> Problem {
        match parse_bytes(bytes, Format::Json, &Limits::default()) {
            Ok(_) => panic!("{bytes:?} parsed"),
            Err(p) => p,
        }
    }

    #[test]
    fn utf8_bom_is_fine_and_kept() {
        for format in [Format::Json, Format::Yaml] {
            let (doc, _) = parse_bytes(b"\xEF\xBB\xBF{\"a\": 1}", format, &Limits::default()).unwrap();
            assert_eq!(doc.to_json(doc.root()), serde_json::json!({"a": 1}));
            assert!(doc.source().starts_with('\u{FEFF}'));
            let key = doc.entries(doc.root()).unwrap().get(0).unwrap().key_span;
            assert_eq!(key.start, 4);
            assert_eq!(doc.line_index().position(key.start).column, 2);
        }
    }

    #[test]
    fn utf16_and_utf32_are_named() {
        let le_bom: Vec<u8> = "\u{FEFF}{\"a\": 1}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let p = problem(&le_bom);
        assert_eq!(p.kind, ProblemKind::Encoding);
        assert_eq!(
            p.message,
            "the file is UTF-16 LE text (it starts with a UTF-16 LE byte order mark); save it as UTF-8"
        );
        assert_eq!(p.span, Span::new(0, 2));
        let be_bom: Vec<u8> = "\u{FEFF}{}".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(problem(&be_bom).message.contains("UTF-16 BE"));
        assert!(problem(&[0xFF, 0xFE, 0, 0, b'{', 0, 0, 0]).message.contains("UTF-32 LE"));
        assert!(problem(&[0, 0, 0xFE, 0xFF]).message.contains("UTF-32 BE"));
        let no_bom: Vec<u8> = "{\"a\": 1}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            problem(&no_bom).message,
            "the file looks like UTF-16 LE text without a byte order mark; save it as UTF-8"
        );
    }

    #[test]
    fn invalid_utf8_gives_the_byte_and_position() {
        let p = problem(b"{\n  \"a\": \"\xC3\x28\"\n}");
        assert_eq!(p.kind, ProblemKind::Encoding);
        assert_eq!(p.span, Span::new(10, 11));
        assert_eq!(
            p.message,
            "invalid UTF-8 at line 2, column 9 (byte offset 10: 0xC3); the file must be UTF-8 text"
        );
        // Truncated sequence at the end.
        let p = problem(b"[\"\xE2\x82");
        assert_eq!(p.span, Span::new(2, 4));
        assert!(p.message.contains("0xE2 0x82"));
    }

    #[test]
    fn size_limit_applies_to_bytes() {
        let limits = Limits { max_bytes: 4, ..Limits::default() };
        let p = parse_bytes(b"[1, 2]", Format::Json, &limits).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Limit);
    }
}
