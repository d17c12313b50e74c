//! The text of the validator's fixes: how a value, a key or a whole entry
//! is rewritten in the document's own syntax.
//!
//! The walk decides *whether* a finding has one right answer (and checks
//! that the answer passes the model); this file decides *how it is
//! written*, keeping the style around it: a value keeps its quoting (JSON
//! or YAML double quotes, YAML single quotes, plain), and a removed entry
//! takes its separator and its own line with it, nothing else. Whatever
//! cannot be written exactly gets no fix at all (`None`).

use crate::doc::Span;
use crate::fix::Edit;

/// YAML plain scalars that read as something other than a string.
const YAML_WORDS: [&str; 11] = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", ""];

/// `value` written as the scalar `written` is written: JSON or YAML
/// double quotes, YAML single quotes, or plain; `None` for text that is no
/// scalar, or a plain one the value cannot be written as.
pub(super) fn scalar_like(written: &str, value: &str) -> Option<String> {
    match written.as_bytes().first()? {
        b'"' => serde_json::to_string(value).ok(),
        b'\'' => Some(format!("'{}'", value.replace('\'', "''"))),
        b'{' | b'[' | b'&' | b'*' | b'!' | b'|' | b'>' => None,
        _ => {
            let plain =
                value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
                    && value.parse::<f64>().is_err()
                    && !YAML_WORDS.contains(&value.to_ascii_lowercase().as_str());
            plain.then(|| value.to_owned())
        }
    }
}

/// Whether `text` is a decimal integer as JSON writes one (`0`, `-12`; no
/// sign `+`, no leading zeros): a string of it where an integer is wanted
/// has exactly one meaning.
pub(super) fn is_json_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// Whether `text` is a number as JSON writes one (`1`, `-0.5`, `2e3`).
pub(super) fn is_json_number(text: &str) -> bool {
    let rest = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    is_json_integer(whole)
        && fraction.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

/// Whether a number as written in the source (`0206`, `1.50`) is plain
/// decimal digits, so that quoting those characters says what the author
/// wrote (a YAML `0206` is the integer 206 to the CLI, `"0206"` the area
/// code meant).
pub(super) fn is_plain_decimal(text: &str) -> bool {
    let rest = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// The edit that removes the entry whose key is at `key` and whose value
/// ends at `value.end`: the earlier of two duplicate keys, whose value the
/// CLI never sends. Returns `None` when the entry cannot be cut out
/// cleanly.
///
/// - Followed by a comma (JSON, a YAML flow mapping): from the key to the
///   next token after the comma, so `{"A": 1, "B": 2}` loses `"A": 1, `
///   and a pretty-printed object loses the entry's line.
/// - Otherwise (a YAML block mapping): the whole lines from the key's to
///   the value's, with a trailing comment; only when the key is the first
///   thing on its line.
pub(super) fn entry_removal(source: &str, key: Span, value: Span) -> Option<Edit> {
    let bytes = source.as_bytes();
    let key_start = usize::try_from(key.start).ok()?;
    let value_end = usize::try_from(value.end).ok()?.max(usize::try_from(key.end).ok()?);
    if key_start > value_end || value_end > bytes.len() {
        return None;
    }
    let after = skip_blanks(bytes, value_end);
    if bytes.get(after) == Some(&b',') {
        let next = skip_blanks(bytes, after + 1);
        if matches!(bytes.get(next), None | Some(b'}' | b']' | b'#')) {
            return None;
        }
        return edit(key_start, next);
    }
    // Block YAML: the key begins its line (after indentation)...
    let line_start = source.get(..key_start)?.rfind('\n').map_or(0, |i| i + 1);
    if !source.get(line_start..key_start)?.bytes().all(|b| b == b' ') {
        return None;
    }
    // ...and the value ends its own: nothing but blanks and a comment
    // follow up to the newline (a block scalar's span may already end at
    // the start of the next line).
    let end = if value_end > 0 && bytes.get(value_end - 1) == Some(&b'\n') {
        value_end
    } else {
        let rest = source.get(value_end..)?;
        let line_end = rest.find('\n').map_or(source.len(), |i| value_end + i + 1);
        let tail = source.get(value_end..line_end)?.trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        line_end
    };
    edit(line_start, end)
}

/// The offset of the first byte at or after `at` that is not a space, tab
/// or line break.
fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn edit(start: usize, end: usize) -> Option<Edit> {
    Some(Edit::deletion(u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{self, Limits};

    /// Removes the first of the two `key` entries of the root object.
    fn remove_first(source: &str, key: &str) -> Option<String> {
        let json = source.starts_with("{\"") || source.starts_with("{\n") || source.starts_with("{\r");
        let format = if json { doc::Format::Json } else { doc::Format::Yaml };
        let (document, problems) =
            doc::parse_bytes(source.as_bytes(), format, &Limits::DEFAULT).map_err(|p| p.message).ok()?;
        let doc::ProblemKind::DuplicateKey { previous, replaced, .. } = &problems.first()?.kind else {
            return None;
        };
        assert_eq!(previous.slice(document.source()).map(|k| k.trim_matches('"')), Some(key));
        let edit = entry_removal(document.source(), *previous, *replaced)?;
        let fixes = [crate::fix::Fix::safe_edit(edit)];
        Some(crate::fix::apply(source, &fixes, crate::fix::Applicability::Safe).text)
    }

    #[test]
    fn duplicate_entries_are_cut_with_their_separator_and_line() {
        let cases = [
            (r#"{"A": 1, "B": 2, "A": 3}"#, r#"{"B": 2, "A": 3}"#),
            ("{\n  \"A\": 1,\n  \"B\": 2,\n  \"A\": 3\n}\n", "{\n  \"B\": 2,\n  \"A\": 3\n}\n"),
            ("{\r\n  \"A\": {\"x\": [1]},\r\n  \"A\": 3\r\n}", "{\r\n  \"A\": 3\r\n}"),
            ("A: 1\nB: 2\nA: 3\n", "B: 2\nA: 3\n"),
            ("# head\nA: 1  # old\nB: 2\nA: 3", "# head\nB: 2\nA: 3"),
            ("A:\n  x: 1\n  y: 2\nB: 2\nA: 3\n", "B: 2\nA: 3\n"),
            ("A: |\n  text\n  more\nB: 2\nA: 3\n", "B: 2\nA: 3\n"),
            ("Outer:\n  A: 1\n  A: 2\n", "Outer:\n  A: 2\n"),
            ("{A: 1, A: 2}\n", "{A: 2}\n"),
        ];
        for (before, after) in cases {
            let key = "A";
            let fixed = if before.starts_with("Outer") {
                let (document, problems) =
                    doc::parse_bytes(before.as_bytes(), doc::Format::Yaml, &Limits::DEFAULT)
                        .map_err(|p| p.message)
                        .unwrap();
                let doc::ProblemKind::DuplicateKey { previous, replaced, .. } = &problems[0].kind else {
                    panic!()
                };
                let edit = entry_removal(document.source(), *previous, *replaced).unwrap();
                crate::fix::apply(
                    before,
                    &[crate::fix::Fix::safe_edit(edit)],
                    crate::fix::Applicability::Safe,
                )
                .text
            } else {
                remove_first(before, key).unwrap_or_else(|| panic!("no fix for {before:?}"))
            };
            assert_eq!(fixed, after, "{before:?}");
        }
    }

    #[test]
    fn entries_that_do_not_stand_alone_are_left() {
        // After a sequence dash: cutting the line would take the dash.
        assert_eq!(remove_first("- A: 1\n  A: 2\n", "A"), None);
        // Something follows the value on its line.
        assert_eq!(entry_removal("A: 1 B\n", Span::new(0, 1), Span::new(3, 4)), None);
    }

    #[test]
    fn numbers_as_json_writes_them() {
        for yes in ["0", "-1", "12", "1.5", "-0.25", "2e3", "1E-2"] {
            assert!(is_json_number(yes), "{yes}");
        }
        for no in ["", "-", "01", "+1", "1.", ".5", "1e", "0x10", "NaN", "1_000", " 1"] {
            assert!(!is_json_number(no), "{no}");
        }
        assert!(is_json_integer("-10") && !is_json_integer("1.0") && !is_json_integer("007"));
        assert!(is_plain_decimal("0206") && is_plain_decimal("1.50") && !is_plain_decimal("1e3"));
    }

    #[test]
    fn scalars_keep_their_quoting() {
        assert_eq!(scalar_like("\"basic\"", "Basic").as_deref(), Some("\"Basic\""));
        assert_eq!(scalar_like("'basic'", "it's").as_deref(), Some("'it''s'"));
        assert_eq!(scalar_like("basic", "Basic").as_deref(), Some("Basic"));
        assert_eq!(scalar_like("basic", "yes"), None);
        assert_eq!(scalar_like("basic", "a b"), None);
        assert_eq!(scalar_like("[1]", "x"), None);
    }
}
