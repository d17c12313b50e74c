//! A strict RFC 8259 JSON parser that builds the span-preserving tree.
//!
//! Written for this module rather than borrowed because a validator needs
//! three things at once that general-purpose crates trade off: a byte span on
//! every value *and* key, exact number literals (AWS `long` values must not
//! pass through `f64`), and errors that name the offending token and point at
//! it. It is also iterative — containers live on an explicit stack — so
//! nesting depth costs heap, not call stack, and is capped by
//! [`Limits::max_depth`].
//!
//! Strictness: no comments, trailing commas, single quotes, `NaN`/`Infinity`,
//! leading zeros, `+` signs, raw control characters in strings, invalid or
//! lone-surrogate `\u` escapes, or text after the value. A UTF-8 BOM before
//! the value is skipped (spans still count its three bytes). Duplicate keys
//! are reported as non-fatal problems and the last value wins, as with
//! Python's `json.loads`.

use crate::doc::error::Limits;
use crate::doc::error::Problem;
use crate::doc::error::ProblemSink;
use crate::doc::span::LineIndex;
use crate::doc::span::Span;
use crate::doc::tree::Arena;
use crate::doc::tree::Float;
use crate::doc::tree::Integer;
use crate::doc::tree::NodeId;
use crate::doc::tree::ObjectBuilder;
use crate::doc::tree::Parsed;
use crate::doc::tree::Scalar;
use crate::doc::tree::Text;
use crate::guard::sanitize::{QUOTED_CHARS, clip};

/// Parses `source` as one JSON value.
///
/// # Errors
///
/// A fatal [`Problem`] for invalid JSON, empty input, or a limit exceeded.
/// Non-fatal problems (duplicate keys) come back beside the document.
pub fn parse_json(source: &str, limits: &Limits) -> Result<Parsed, Problem> {
    let (mut document, problems) = parse_json_detached(source, limits)?;
    document.attach(source.to_owned());
    Ok((document, problems))
}

/// [`parse_json`] without the source text in the document: the caller
/// attaches it.
pub(crate) fn parse_json_detached(source: &str, limits: &Limits) -> Result<Parsed, Problem> {
    limits.check_size(source.len())?;
    let mut parser = Parser {
        src: source,
        bytes: source.as_bytes(),
        pos: 0,
        arena: Arena::new(limits, source),
        max_depth: limits.max_depth,
        problems: ProblemSink::default(),
        lines: None,
        scratch: String::new(),
    };
    let root = parser.document()?;
    let problems = std::mem::take(&mut parser.problems).finish();
    Ok((parser.arena.finish(root), problems))
}

/// An open container: its placeholder node, the offset of its bracket, and
/// what it has collected so far.
enum Frame {
    /// An array and its items.
    Array { id: NodeId, start: u32, mark: usize },
    /// An object, its entries, and the key whose value is being parsed.
    Object { id: NodeId, start: u32, object: ObjectBuilder, key: Option<(Text, Span)> },
}

/// Parser state; the container stack lives in [`Parser::values`].
struct Parser<'s> {
    /// The source text.
    src: &'s str,
    /// The same, as bytes (the grammar is ASCII).
    bytes: &'s [u8],
    /// Current byte offset.
    pos: usize,
    /// The tree under construction.
    arena: Arena<'s>,
    /// [`Limits::max_depth`].
    max_depth: usize,
    /// Non-fatal problems so far (duplicate keys).
    problems: ProblemSink,
    /// Built on the first duplicate key (for "first defined at line N").
    lines: Option<LineIndex>,
    /// The text of a string with escapes, while it is decoded (one buffer
    /// for all of them).
    scratch: String,
}

/// Converts an offset that is known to be at most the source length
/// (checked against [`Limits`] before parsing) to `u32`.
fn offset(pos: usize) -> u32 {
    u32::try_from(pos).unwrap_or(u32::MAX)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(offset(start), offset(self.pos))
    }

    /// The character at `pos` (if any) and its span.
    fn char_at(&self, pos: usize) -> (Option<char>, Span) {
        match self.src.get(pos..).and_then(|s| s.chars().next()) {
            Some(c) => (Some(c), Span::new(offset(pos), offset(pos.saturating_add(c.len_utf8())))),
            None => (None, Span::empty(offset(pos.min(self.src.len())))),
        }
    }

    /// "found ..." text and span for the token at the current position.
    fn found(&self) -> (String, Span) {
        let (c, span) = self.char_at(self.pos);
        let text = match c {
            None => "end of input".to_owned(),
            Some('/') => "'/' (comments are not allowed in JSON)".to_owned(),
            Some('\'') => "''' (strings must use double quotes)".to_owned(),
            Some(c) if c.is_control() || (c.is_whitespace() && c != ' ') => {
                format!("U+{:04X}", u32::from(c))
            }
            Some(c) => format!("'{c}'"),
        };
        (text, span)
    }

    /// A syntax problem "`expected`, found X" at the current token.
    fn unexpected(&self, expected: &str) -> Problem {
        let (found, span) = self.found();
        Problem::syntax(span, format!("{expected}, found {found}")).with_redacted(expected)
    }

    fn document(&mut self) -> Result<NodeId, Problem> {
        if self.src.starts_with('\u{FEFF}') {
            self.pos = 3;
        }
        self.skip_ws();
        if self.peek().is_none() {
            return Err(Problem::syntax(self.span_from(self.pos), "empty document: expected a JSON value"));
        }
        let root = self.values()?;
        self.skip_ws();
        if self.peek().is_some() {
            return Err(self.unexpected("expected end of input after the JSON value"));
        }
        Ok(root)
    }

    /// The main loop: parses values, pushing and popping containers on an
    /// explicit stack, until the root value is complete.
    fn values(&mut self) -> Result<NodeId, Problem> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            self.skip_ws();
            let done = match self.peek() {
                Some(b'[') => {
                    let (id, start) = self.open(&stack)?;
                    self.skip_ws();
                    if self.peek() != Some(b']') {
                        stack.push(Frame::Array { id, start, mark: self.arena.items_mark() });
                        continue;
                    }
                    self.pos += 1;
                    let span = self.span_from(start as usize);
                    self.arena.close_array(id, span, self.arena.items_mark());
                    id
                }
                Some(b'{') => {
                    let (id, start) = self.open(&stack)?;
                    self.skip_ws();
                    if self.peek() != Some(b'}') {
                        let key = self.key("expected '\"' to start an object key or '}'")?;
                        let object = ObjectBuilder::new(&self.arena);
                        stack.push(Frame::Object { id, start, object, key: Some(key) });
                        continue;
                    }
                    self.pos += 1;
                    let span = self.span_from(start as usize);
                    self.arena.close_object(id, span, ObjectBuilder::new(&self.arena));
                    id
                }
                _ => self.scalar()?,
            };
            if let Some(root) = self.finish_value(&mut stack, done)? {
                return Ok(root);
            }
        }
    }

    /// Hands a finished value to the container on top of `stack` and reads
    /// what follows it: on `,` returns `None` (the next value is due), on a
    /// closing bracket completes that container and repeats one level up.
    /// Returns the root once the stack is empty.
    fn finish_value(&mut self, stack: &mut Vec<Frame>, mut done: NodeId) -> Result<Option<NodeId>, Problem> {
        loop {
            match stack.last_mut() {
                None => return Ok(Some(done)),
                Some(Frame::Array { .. }) => {
                    self.arena.add_item(done);
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => {
                            self.pos += 1;
                            self.skip_ws();
                            if self.peek() == Some(b']') {
                                return Err(self.unexpected("trailing comma: expected a value after ','"));
                            }
                            return Ok(None);
                        }
                        Some(b']') => self.pos += 1,
                        _ => return Err(self.unexpected("expected ',' or ']' after array element")),
                    }
                }
                Some(Frame::Object { object, key, .. }) => {
                    if let Some((key, key_span)) = key.take()
                        && let Some(dup) = object.insert(&mut self.arena, key, key_span, done)
                    {
                        let p = self.arena.duplicate_problem(&dup, key_span, &mut self.lines);
                        self.problems.push(p);
                    }
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => {
                            self.pos += 1;
                            self.skip_ws();
                            if self.peek() == Some(b'}') {
                                return Err(
                                    self.unexpected("trailing comma: expected an object key after ','")
                                );
                            }
                            let next = self.key("expected '\"' to start an object key")?;
                            *key = Some(next);
                            return Ok(None);
                        }
                        Some(b'}') => self.pos += 1,
                        _ => return Err(self.unexpected("expected ',' or '}' after object member")),
                    }
                }
            }
            // The container on top of the stack is closed: complete it.
            let end = offset(self.pos);
            done = match stack.pop() {
                Some(Frame::Array { id, start, mark }) => {
                    self.arena.close_array(id, Span::new(start, end), mark);
                    id
                }
                Some(Frame::Object { id, start, object, .. }) => {
                    self.arena.close_object(id, Span::new(start, end), object);
                    id
                }
                None => return Ok(Some(done)),
            };
        }
    }

    /// Opens a container at the current `[` or `{`: checks depth, reserves
    /// its node.
    fn open(&mut self, stack: &[Frame]) -> Result<(NodeId, u32), Problem> {
        let start = offset(self.pos);
        let bracket = Span::new(start, start.saturating_add(1));
        if stack.len() >= self.max_depth {
            return Err(Problem::limit(
                bracket,
                format!("nesting is deeper than the limit of {} levels", self.max_depth),
            ));
        }
        let id = self.arena.open(bracket)?;
        self.pos += 1;
        Ok((id, start))
    }

    /// An object key and the `:` after it.
    fn key(&mut self, expected: &str) -> Result<(Text, Span), Problem> {
        match self.peek() {
            Some(b'"') => {}
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                return Err(self.unexpected("object keys must be double-quoted strings"));
            }
            _ => return Err(self.unexpected(expected)),
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("expected ':' after object key"));
        }
        self.pos += 1;
        Ok(key)
    }

    /// A string, number or literal at the current position.
    fn scalar(&mut self) -> Result<NodeId, Problem> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                let (text, span) = self.string()?;
                self.arena.push_string(span, text)
            }
            Some(b'-' | b'0'..=b'9') => {
                let value = self.number()?;
                self.arena.push(self.span_from(start), value)
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let word_len = self
                    .bytes
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                let end = start.saturating_add(word_len);
                let word = self.src.get(start..end).unwrap_or("");
                let span = Span::new(offset(start), offset(end));
                let value = match word {
                    "true" => Scalar::Bool(true),
                    "false" => Scalar::Bool(false),
                    "null" => Scalar::Null,
                    "NaN" | "Infinity" => {
                        return Err(Problem::syntax(
                            span,
                            format!("{} is not valid JSON", clip(word, QUOTED_CHARS)),
                        )
                        .with_redacted("not valid JSON"));
                    }
                    _ if matches!(word.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "none") => {
                        return Err(Problem::syntax(
                            span,
                            format!(
                                "invalid literal '{}': JSON literals are lowercase true, false and null",
                                clip(word, QUOTED_CHARS)
                            ),
                        )
                        .with_redacted("invalid literal: JSON literals are lowercase true, false and null"));
                    }
                    _ => {
                        return Err(Problem::syntax(
                            span,
                            format!(
                                "expected a value, found '{}' (strings must be double-quoted)",
                                clip(word, QUOTED_CHARS)
                            ),
                        )
                        .with_redacted("expected a value (strings must be double-quoted)"));
                    }
                };
                self.pos = end;
                self.arena.push(span, value)
            }
            Some(b'+') => Err(self.unexpected("expected a value (JSON numbers cannot start with '+')")),
            Some(b'.') => Err(self.unexpected("expected a value (JSON numbers must start with a digit)")),
            _ => Err(self.unexpected("expected a value")),
        }
    }

    fn eat_digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A number: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][-+]?[0-9]+)?`.
    fn number(&mut self) -> Result<Scalar, Problem> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    self.eat_digits();
                    return Err(Problem::syntax(
                        self.span_from(start),
                        "leading zeros are not allowed in JSON numbers",
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                self.eat_digits();
            }
            Some(b'I')
                if self.src.get(self.pos..).is_some_and(|rest| {
                    rest.starts_with("Infinity")
                        && !rest.as_bytes().get(8).is_some_and(u8::is_ascii_alphanumeric)
                }) =>
            {
                self.pos += 8;
                return Err(Problem::syntax(self.span_from(start), "-Infinity is not valid JSON"));
            }
            _ => return Err(self.unexpected("expected a digit after '-'")),
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.pos += 1;
            if self.eat_digits() == 0 {
                return Err(self.unexpected("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integral = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.eat_digits() == 0 {
                return Err(self.unexpected("expected a digit in the exponent"));
            }
        }
        // "0x1F", "12abc", "1.5.2": name the whole token rather than the
        // character after the valid prefix.
        if let Some(b) = self.peek()
            && (b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let extra = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
                .count();
            self.pos = self.pos.saturating_add(extra);
            let span = self.span_from(start);
            let text = span.slice(self.src).unwrap_or("");
            return Err(Problem::syntax(span, format!("invalid number '{}'", clip(text, QUOTED_CHARS)))
                .with_redacted("invalid number"));
        }
        let literal = self.src.get(start..self.pos).unwrap_or("0");
        if integral {
            return Ok(Scalar::Integer(match literal.parse::<i128>() {
                Ok(v) => Integer::Small(v),
                Err(_) => Integer::Big(literal.into()),
            }));
        }
        let value = literal.parse::<f64>().map_err(|_| {
            Problem::syntax(
                self.span_from(start),
                format!("invalid number '{}'", clip(literal, QUOTED_CHARS)),
            )
            .with_redacted("invalid number")
        })?;
        Ok(Scalar::Float(Float { value, literal: literal.into(), out_of_range: value.is_infinite() }))
    }

    /// A string starting at the current `"`; returns its text and the span
    /// from the opening to the closing quote. A string without escapes is
    /// its source range; one with escapes is decoded into the document.
    fn string(&mut self) -> Result<(Text, Span), Problem> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        loop {
            let chunk = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Both ends sit next to ASCII bytes (or at the end), so this slice
            // is on character boundaries.
            if escaped {
                out.push_str(self.src.get(chunk..self.pos).unwrap_or(""));
            }
            match self.peek() {
                None => {
                    return Err(Problem::syntax(
                        Span::new(offset(start), offset(start.saturating_add(1))),
                        "unterminated string: no closing '\"' before the end of input",
                    ));
                }
                Some(b'"') => {
                    self.pos += 1;
                    let span = self.span_from(start);
                    let text = if escaped {
                        self.arena.owned(&out, span)?
                    } else {
                        Arena::source_text(
                            offset(start.saturating_add(1)),
                            offset(self.pos.saturating_sub(1)),
                        )
                    };
                    self.scratch = out;
                    return Ok((text, span));
                }
                Some(b'\\') => {
                    if !escaped {
                        escaped = true;
                        out.push_str(self.src.get(start.saturating_add(1)..self.pos).unwrap_or(""));
                    }
                    self.escape(&mut out)?;
                }
                Some(b @ (b'\n' | b'\r')) => {
                    let what = if b == b'\n' { "\\n" } else { "\\r" };
                    return Err(Problem::syntax(
                        Span::new(offset(self.pos), offset(self.pos.saturating_add(1))),
                        format!(
                            "unterminated string: line break before the closing '\"' (write {what} inside strings)"
                        ),
                    ));
                }
                Some(b) => {
                    return Err(Problem::syntax(
                        Span::new(offset(self.pos), offset(self.pos.saturating_add(1))),
                        format!("control character U+{b:04X} must be escaped in a string (as \\u{b:04X})"),
                    ));
                }
            }
        }
    }

    /// Four hex digits at `at`, as a UTF-16 code unit.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.src.get(at..at.checked_add(4)?)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// An escape sequence at the current `\`; appends its character.
    fn escape(&mut self, out: &mut String) -> Result<(), Problem> {
        let start = self.pos;
        let c = match self.bytes.get(start.saturating_add(1)) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(out),
            None => {
                return Err(Problem::syntax(
                    self.span_from(start),
                    "unterminated string: input ends inside an escape",
                ));
            }
            Some(_) => {
                let (c, span) = self.char_at(start.saturating_add(1));
                let c = c.unwrap_or(' ');
                let shown = if c.is_control() { format!("U+{:04X}", u32::from(c)) } else { format!("\\{c}") };
                return Err(Problem::syntax(
                    Span::new(offset(start), span.end),
                    format!("invalid escape '{shown}' (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                )
                .with_redacted("invalid escape (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
            }
        };
        out.push(c);
        self.pos = start.saturating_add(2);
        Ok(())
    }

    /// A `\uXXXX` escape (a surrogate pair takes two).
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), Problem> {
        let start = self.pos;
        let bad = |p: &Self| {
            let end = start.saturating_add(6).min(p.src.len());
            let end = (start..=end).rev().find(|&e| p.src.is_char_boundary(e)).unwrap_or(start);
            Problem::syntax(
                Span::new(offset(start), offset(end)),
                "invalid \\u escape: expected four hex digits",
            )
        };
        let Some(unit) = self.hex4(start.saturating_add(2)) else {
            return Err(bad(self));
        };
        let after = start.saturating_add(6);
        let code = match unit {
            0xD800..=0xDBFF => {
                let low = if self.bytes.get(after) == Some(&b'\\')
                    && self.bytes.get(after.saturating_add(1)) == Some(&b'u')
                {
                    self.hex4(after.saturating_add(2))
                } else {
                    None
                };
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        self.pos = after.saturating_add(6);
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => {
                        return Err(Problem::syntax(
                            Span::new(offset(start), offset(after)),
                            format!(
                                "lone surrogate \\u{unit:04X}: a high surrogate must be followed by a \\uDC00-\\uDFFF escape"
                            ),
                        ));
                    }
                }
            }
            0xDC00..=0xDFFF => {
                return Err(Problem::syntax(
                    Span::new(offset(start), offset(after)),
                    format!("lone surrogate \\u{unit:04X}: a low surrogate must follow a high one"),
                ));
            }
            _ => {
                self.pos = after;
                unit
            }
        };
        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values are the point
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::doc::error::ProblemKind;
    use crate::doc::tree::Document;
    use crate::doc::tree::Value;

    fn parse(src: &str) -> (Document, Vec<Problem>) {
        match parse_json(src, &Limits::default()) {
            Ok(parsed) => parsed,
            Err(p) => panic!("{src:?}: {p:?}"),
        }
    }

    fn json(src: &str) -> serde_json::Value {
        let (doc, _) = parse(src);
        doc.to_json(doc.root())
    }

    fn err(src: &str) -> Problem {
        match parse_json(src, &Limits::default()) {
            Ok((doc, _)) => panic!("{src:?} parsed: {:?}", doc.to_json(doc.root())),
            Err(p) => p,
        }
    }

    /// The problem's message and the text its span covers.
    fn err_at(src: &str) -> (String, String) {
        let p = err(src);
        (p.message, p.span.slice(src).unwrap_or("<bad span>").to_owned())
    }

    #[test]
    fn values() {
        assert_eq!(
            json("{\"a\": [1, -2.5, true, false, null, \"x\"]}"),
            serde_json::json!({"a": [1, -2.5, true, false, null, "x"]})
        );
        assert_eq!(json(" 7 "), serde_json::json!(7));
        assert_eq!(json("\"\""), serde_json::json!(""));
        assert_eq!(json("[]"), serde_json::json!([]));
        assert_eq!(json("{}"), serde_json::json!({}));
        assert_eq!(json("[[],{}]"), serde_json::json!([[], {}]));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            json(r#""\" \\ \/ \b \f \n \r \t \u00e9 \u20AC \ud83d\ude00""#),
            serde_json::json!("\" \\ / \u{8} \u{c} \n \r \t é € 😀")
        );
        assert_eq!(json("\"é€😀\""), serde_json::json!("é€😀"));
        assert_eq!(json("\"\u{7f}\u{2028}\""), serde_json::json!("\u{7f}\u{2028}"));
    }

    #[test]
    fn numbers_exact() {
        let (doc, _) = parse(
            "[0, -0, 9223372036854775807, 18446744073709551616, 340282366920938463463374607431768211456, 1e400, -1e400, 1.5, 1E-2, 123456789012345678901234567890]",
        );
        let items = doc.items(doc.root()).unwrap().to_vec();
        let v = |i: usize| doc.value(items[i]);
        assert_eq!(v(0), Value::Integer(&Integer::Small(0)));
        assert_eq!(v(1), Value::Integer(&Integer::Small(0)));
        assert_eq!(v(2), Value::Integer(&Integer::Small(i128::from(i64::MAX))));
        assert_eq!(v(3), Value::Integer(&Integer::Small(1 << 64)));
        assert_eq!(v(4), Value::Integer(&Integer::Big("340282366920938463463374607431768211456".into())));
        match v(5) {
            Value::Float(f) => {
                assert!(f.out_of_range && f.value == f64::INFINITY);
                assert_eq!(&*f.literal, "1e400");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(v(6), Value::Float(f) if f.out_of_range && f.value == f64::NEG_INFINITY));
        assert!(matches!(v(7), Value::Float(f) if f.value == 1.5 && !f.out_of_range));
        assert!(matches!(v(8), Value::Float(f) if f.value == 0.01 && &*f.literal == "1E-2"));
        assert_eq!(v(9), Value::Integer(&Integer::Small(123_456_789_012_345_678_901_234_567_890)));
        // to_json is lossy for what JSON numbers cannot hold.
        assert_eq!(doc.to_json(items[5]), serde_json::json!("1e400"));
    }

    #[test]
    fn i128_edges() {
        let (doc, _) = parse(
            "[170141183460469231731687303715884105727, 170141183460469231731687303715884105728, -170141183460469231731687303715884105728, -170141183460469231731687303715884105729]",
        );
        let items = doc.items(doc.root()).unwrap().to_vec();
        assert_eq!(doc.value(items[0]), Value::Integer(&Integer::Small(i128::MAX)));
        assert!(matches!(doc.value(items[1]), Value::Integer(&Integer::Big(_))));
        assert_eq!(doc.value(items[2]), Value::Integer(&Integer::Small(i128::MIN)));
        assert!(matches!(doc.value(items[3]), Value::Integer(&Integer::Big(_))));
    }

    #[test]
    #[allow(clippy::too_many_lines)] // one table
    fn syntax_errors_name_and_point_at_the_token() {
        let cases: &[(&str, &str, &str)] = &[
            ("{\"a\": 1]", "expected ',' or '}' after object member, found ']'", "]"),
            ("[1 2]", "expected ',' or ']' after array element, found '2'", "2"),
            ("[1,]", "trailing comma: expected a value after ',', found ']'", "]"),
            ("{\"a\":1,}", "trailing comma: expected an object key after ',', found '}'", "}"),
            ("{a: 1}", "object keys must be double-quoted strings, found 'a'", "a"),
            (
                "{'a': 1}",
                "expected '\"' to start an object key or '}', found ''' (strings must use double quotes)",
                "'",
            ),
            ("['a']", "expected a value, found ''' (strings must use double quotes)", "'"),
            ("{\"a\" 1}", "expected ':' after object key, found '1'", "1"),
            (
                "[1] // c",
                "expected end of input after the JSON value, found '/' (comments are not allowed in JSON)",
                "/",
            ),
            ("/* c */ 1", "expected a value, found '/' (comments are not allowed in JSON)", "/"),
            ("[NaN]", "NaN is not valid JSON", "NaN"),
            ("[Infinity]", "Infinity is not valid JSON", "Infinity"),
            ("[-Infinity]", "-Infinity is not valid JSON", "-Infinity"),
            ("[01]", "leading zeros are not allowed in JSON numbers", "01"),
            ("[-01]", "leading zeros are not allowed in JSON numbers", "-01"),
            ("[1.]", "expected a digit after the decimal point, found ']'", "]"),
            ("[.5]", "expected a value (JSON numbers must start with a digit), found '.'", "."),
            ("[+1]", "expected a value (JSON numbers cannot start with '+'), found '+'", "+"),
            ("[1e]", "expected a digit in the exponent, found ']'", "]"),
            ("[-]", "expected a digit after '-', found ']'", "]"),
            ("[0x1F]", "invalid number '0x1F'", "0x1F"),
            ("[True]", "invalid literal 'True': JSON literals are lowercase true, false and null", "True"),
            ("[nul]", "expected a value, found 'nul' (strings must be double-quoted)", "nul"),
            ("[\"a\\x\"]", "invalid escape '\\x' (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", "\\x"),
            ("[\"\\u12G4\"]", "invalid \\u escape: expected four hex digits", "\\u12G4"),
            (
                "[\"\\uD800\"]",
                "lone surrogate \\uD800: a high surrogate must be followed by a \\uDC00-\\uDFFF escape",
                "\\uD800",
            ),
            (
                "[\"\\uD800\\u0041\"]",
                "lone surrogate \\uD800: a high surrogate must be followed by a \\uDC00-\\uDFFF escape",
                "\\uD800",
            ),
            ("[\"\\uDC00\"]", "lone surrogate \\uDC00: a low surrogate must follow a high one", "\\uDC00"),
            ("[\"a\tb\"]", "control character U+0009 must be escaped in a string (as \\u0009)", "\t"),
            (
                "[\"a\nb\"]",
                "unterminated string: line break before the closing '\"' (write \\n inside strings)",
                "\n",
            ),
            ("[\"ab", "unterminated string: no closing '\"' before the end of input", "\""),
            ("[1", "expected ',' or ']' after array element, found end of input", ""),
            ("{\"a\":", "expected a value, found end of input", ""),
            ("{} {}", "expected end of input after the JSON value, found '{'", "{"),
            ("[1]\u{0}", "expected end of input after the JSON value, found U+0000", "\u{0}"),
            ("\u{a0}1", "expected a value, found U+00A0", "\u{a0}"),
            ("[é]", "expected a value, found 'é'", "é"),
            ("", "empty document: expected a JSON value", ""),
            ("  \n\t ", "empty document: expected a JSON value", ""),
        ];
        for (src, message, token) in cases {
            let (m, t) = err_at(src);
            assert_eq!((m.as_str(), t.as_str()), (*message, *token), "input {src:?}");
        }
    }

    #[test]
    fn duplicate_keys_last_wins_and_report_at_second() {
        let src = "{\n  \"AccountId\": \"a\",\n  \"UserId\": \"u\",\n  \"AccountId\": \"b\"\n}";
        let (doc, problems) = parse(src);
        assert_eq!(doc.to_json(doc.root()), serde_json::json!({"AccountId": "b", "UserId": "u"}));
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!(p.message, "duplicate key \"AccountId\" (first defined at line 2)");
        assert_eq!(p.span.slice(src), Some("\"AccountId\""));
        assert_eq!(doc.line_index().position(p.span.start).line, 4);
        let ProblemKind::DuplicateKey { first, .. } = p.kind else { panic!("{p:?}") };
        assert_eq!(doc.line_index().position(first.start).line, 2);
        // The entry keeps the first position but the last key span and value.
        let entries = doc.entries(doc.root()).unwrap();
        assert_eq!(entries.get(0).unwrap().key, "AccountId");
        assert_eq!(doc.line_index().position(entries.get(0).unwrap().key_span.start).line, 4);
    }

    #[test]
    fn many_duplicates_in_a_large_object() {
        let mut src = String::from("{");
        for i in 0..100 {
            let _ = write!(src, "\"k{i}\": {i},");
        }
        src.push_str("\"k5\": 0, \"k50\": 0, \"k5\": 1}");
        let (doc, problems) = parse(&src);
        assert_eq!(problems.len(), 3);
        assert!(problems[2].message.contains("\"k5\""));
        assert_eq!(doc.entries(doc.root()).unwrap().len(), 100);
        assert_eq!(doc.pointer("/k5").map(|id| doc.to_json(id)), Some(serde_json::json!(1)));
    }

    #[test]
    fn bom_is_skipped() {
        let (doc, _) = parse("\u{FEFF}{\"a\": 1}");
        assert_eq!(doc.to_json(doc.root()), serde_json::json!({"a": 1}));
        assert_eq!(doc.node(doc.root()).span, Span::new(3, 11));
        // A BOM anywhere else is not whitespace.
        assert!(parse_json("{\"a\": \u{FEFF}1}", &Limits::default()).is_err());
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse_json(&ok, &Limits::default()).is_ok());
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        let p = err(&deep);
        assert_eq!(p.kind, ProblemKind::Limit);
        assert_eq!(p.span, Span::new(128, 129));
        let p = err(&"{\"a\":".repeat(200));
        assert_eq!(p.kind, ProblemKind::Limit);
    }

    #[test]
    fn node_limit() {
        let limits = Limits { max_nodes: 3, ..Limits::default() };
        assert!(parse_json("[1, 2]", &limits).is_ok());
        let p = parse_json("[1, 2, 3]", &limits).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Limit);
        assert_eq!(p.span, Span::new(7, 8));
    }

    #[test]
    fn spans_cover_values_and_keys() {
        let src = "{\"a\" : [1, {\"b\":\"x\"}], \"c\":-1.5e3}";
        let (doc, _) = parse(src);
        let root = doc.entries(doc.root()).unwrap();
        assert_eq!(root.get(0).unwrap().key_span.slice(src), Some("\"a\""));
        assert_eq!(doc.text(doc.node(root.get(0).unwrap().value).span), "[1, {\"b\":\"x\"}]");
        assert_eq!(doc.text(doc.node(root.get(1).unwrap().value).span), "-1.5e3");
        let b = doc.pointer("/a/1/b").unwrap();
        assert_eq!(doc.text(doc.node(b).span), "\"x\"");
        assert_eq!(doc.text(doc.node(doc.root()).span), src);
    }
}
