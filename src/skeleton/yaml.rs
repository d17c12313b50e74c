//! The `yaml-input` skeleton, byte for byte as AWS CLI v2 writes it.
//!
//! v2 builds a ruamel.yaml `CommentedMap` per structure, attaches an
//! end-of-line comment to each member (`[REQUIRED]`, the first sentence of
//! the documentation, `Valid values are: ...`) and dumps it with ruamel's
//! round-trip dumper and default settings. This module reproduces that
//! output directly:
//!
//! * block style, mappings indented by 2, sequences not indented (`- ` at
//!   the parent key's column), the first key of a mapping inside a sequence
//!   on the dash line;
//! * empty collections inline (`{}`, `[]`);
//! * strings plain when ruamel leaves them plain, else single-quoted;
//! * comments separated from the value by one space, or by two where
//!   ruamel's `yaml_add_eol_comment` column guess adds one (see
//!   [`extra_comment_space`]).

use crate::model::Member;
use crate::model::documentation::overview;

use super::{Filled, Node};

/// Renders a request skeleton. A structure without members is `{}`.
pub(super) fn render(root: &Node<'_>) -> String {
    let mut out = String::new();
    match root {
        Node::Structure(fields) if !fields.is_empty() => write_mapping(&mut out, &entries(root), 0, false),
        Node::Map(pairs) if !pairs.is_empty() => write_mapping(&mut out, &entries(root), 0, false),
        _ => out.push_str("{}\n"),
    }
    out
}

/// A mapping entry to write: key, value and optional comment text.
struct Entry<'a, 'm> {
    key: &'a str,
    value: &'a Node<'m>,
    comment: Option<String>,
}

/// The entries of a structure (with comments) or a map (without).
fn entries<'a, 'm>(node: &'a Node<'m>) -> Vec<Entry<'a, 'm>> {
    match node {
        Node::Structure(fields) => fields
            .iter()
            .map(|f| Entry {
                key: &f.member.name,
                value: &f.value,
                comment: comment(f.member, f.required, &f.value),
            })
            .collect(),
        Node::Map(pairs) => pairs.iter().map(|(k, v)| Entry { key: k, value: v, comment: None }).collect(),
        _ => Vec::new(),
    }
}

/// The comment v2 attaches to a structure member
/// (`YAMLArgumentGenerator._add_member_comments`).
fn comment(member: &Member, required: bool, value: &Node<'_>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if required {
        parts.push("[REQUIRED]".to_owned());
    }
    parts.push(overview(member.traits.documentation.as_deref().unwrap_or("")));
    if let (Node::String(_) | Node::Value(_), Some(values)) = (value, &member.traits.enum_values)
        && !values.is_empty()
    {
        parts.push(format!("Valid values are: {}.", values.join(", ")));
    }
    if let Node::Value(Filled { note: Some(note), .. }) = value {
        parts.push(format!("({note})"));
    }
    // Model text: nothing in it may control the terminal (identity for
    // every real model).
    let text = crate::guard::sanitize::escape_multiline(&parts.join(" ")).into_owned();
    (!text.is_empty() && !text.chars().all(char::is_whitespace)).then_some(text)
}

/// Whether the comment of the key at `index` gets a second space before
/// `#`.
///
/// ruamel's `yaml_add_eol_comment` without a column asks
/// `_yaml_get_column(key)` for the column of the comment of the preceding
/// key, or failing that of an earlier key (found by walking the keys in
/// insertion order until one sorts at or after this key). With no comment
/// to align to, it uses column 0, which the emitter turns into one space
/// plus the comment's own leading space. In practice: the first member of
/// every structure gets two spaces, the others one.
///
/// This is the rule as ruamel states it, kept as the reference the linear
/// [`CommentSpacing`] is tested against.
#[cfg(test)]
fn extra_comment_space(keys: &[&str], has_comment: &[bool], index: usize) -> bool {
    let Some(key) = keys.get(index) else {
        return false;
    };
    let previous_has_comment = index > 0 && has_comment.get(index - 1).copied().unwrap_or(false);
    if previous_has_comment {
        return false;
    }
    let stop = keys.iter().position(|k| *k >= *key).unwrap_or(keys.len());
    !has_comment.iter().take(stop).any(|&c| c)
}

/// [`extra_comment_space`] for every key of a mapping in linear time (the
/// rule scans earlier keys, which made a structure of many members
/// quadratic).
///
/// Comments before the first sorting key only matter if some comment comes
/// before it, i.e. if the first commented key `f` precedes it; that holds
/// exactly when no key up to `f` sorts at or after this key, i.e. when the
/// largest key up to `f` sorts before it.
struct CommentSpacing<'a> {
    /// The first commented key's position, and the largest key up to it.
    first_comment: Option<(usize, &'a str)>,
}

impl<'a> CommentSpacing<'a> {
    fn new(keys: &[&'a str], has_comment: &[bool]) -> Self {
        let first_comment = has_comment.iter().position(|&c| c).and_then(|f| {
            let largest = keys.iter().take(f + 1).copied().max()?;
            Some((f, largest))
        });
        CommentSpacing { first_comment }
    }

    /// Whether the comment of key `index` gets a second space.
    fn extra(&self, keys: &[&str], has_comment: &[bool], index: usize) -> bool {
        let Some(key) = keys.get(index) else {
            return false;
        };
        if index > 0 && has_comment.get(index - 1).copied().unwrap_or(false) {
            return false;
        }
        match self.first_comment {
            Some((f, largest)) if f < index => largest >= *key,
            _ => true,
        }
    }
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes a non-empty mapping whose keys sit at column `col`. With `inline`
/// the first key continues the current line (after `- `).
fn write_mapping(out: &mut String, entries: &[Entry<'_, '_>], col: usize, inline: bool) {
    let keys: Vec<&str> = entries.iter().map(|e| e.key).collect();
    let has_comment: Vec<bool> = entries.iter().map(|e| e.comment.is_some()).collect();
    let spacing = CommentSpacing::new(&keys, &has_comment);
    for (i, entry) in entries.iter().enumerate() {
        if !(inline && i == 0) {
            indent(out, col);
        }
        out.push_str(&plain_or_quoted(entry.key));
        out.push(':');
        let comment = entry.comment.as_ref().map(|text| {
            let gap = if spacing.extra(&keys, &has_comment, i) { "  " } else { " " };
            format!("{gap}# {text}")
        });
        match entry.value {
            Node::Structure(_) | Node::Map(_) if !entry.value.is_empty_object() => {
                out.push_str(comment.as_deref().unwrap_or(""));
                out.push('\n');
                write_mapping(out, &entries_of(entry.value), col + 2, false);
            }
            Node::List(items) if !items.is_empty() => {
                out.push_str(comment.as_deref().unwrap_or(""));
                out.push('\n');
                write_sequence(out, items, col, false);
            }
            scalar => {
                out.push(' ');
                out.push_str(&scalar_text(scalar));
                out.push_str(comment.as_deref().unwrap_or(""));
                out.push('\n');
            }
        }
    }
}

fn entries_of<'a, 'm>(node: &'a Node<'m>) -> Vec<Entry<'a, 'm>> {
    entries(node)
}

/// Writes a non-empty sequence whose dashes sit at column `col`.
fn write_sequence(out: &mut String, items: &[Node<'_>], col: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if !(inline && i == 0) {
            indent(out, col);
        }
        out.push_str("- ");
        match item {
            Node::Structure(_) | Node::Map(_) if !item.is_empty_object() => {
                write_mapping(out, &entries_of(item), col + 2, true);
            }
            Node::List(inner) if !inner.is_empty() => write_sequence(out, inner, col + 2, true),
            scalar => {
                out.push_str(&scalar_text(scalar));
                out.push('\n');
            }
        }
    }
}

/// A scalar (or empty collection) as ruamel writes it.
fn scalar_text(node: &Node<'_>) -> String {
    match node {
        Node::String(s) => plain_or_quoted(s),
        Node::Integer => "0".to_owned(),
        Node::Float => "0.0".to_owned(),
        Node::Boolean => "true".to_owned(),
        Node::Timestamp => "1970-01-01 00:00:00".to_owned(),
        Node::Blob => "!!binary ''".to_owned(),
        Node::Value(filled) => value_text(&filled.value),
        Node::List(_) => "[]".to_owned(),
        Node::Structure(_) | Node::Map(_) => "{}".to_owned(),
    }
}

/// A filled-in value as YAML that reads back as the same value: scalars as
/// ruamel would write them; a document value (any JSON) in flow style,
/// which is its JSON text. Bytes are written as their base64 text, which
/// AWS CLI v2 decodes (`cli_binary_format=base64`).
fn value_text(value: &crate::python::value::Value) -> String {
    use crate::python::value::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => crate::python::json::float_repr(*f),
        // Line breaks double-quoted, as escapes: a single-quoted scalar
        // folds them.
        Value::String(s) if s.contains(['\n', '\r']) => double_quoted(s),
        Value::String(s) => plain_or_quoted(s),
        // A timestamp plain, so that YAML reads it as one (as v2 writes
        // the skeleton's); quoted if it would not read back as written.
        Value::Timestamp(t) if is_timestamp(t) && is_plain_safe(t) => t.clone(),
        Value::Timestamp(t) => plain_or_quoted(t),
        Value::Bytes(b) => plain_or_quoted(&crate::doc::base64::encode(b)),
        // JSON is YAML flow; the characters that could act on a terminal
        // (C1 controls, bidirectional marks, line separators) can only be
        // inside its strings, where `\uXXXX` means the same in both.
        Value::List(_) | Value::Map(_) => {
            let json = serde_json::to_string(&value.to_json()).unwrap_or_else(|_| "null".to_owned());
            let mut out = String::with_capacity(json.len());
            for c in json.chars() {
                if crate::guard::sanitize::is_unsafe(c) {
                    let mut units = [0_u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// A string plain if ruamel would leave it plain, else single-quoted with
/// `'` doubled. Strings that need double quotes (control characters) are
/// double-quoted with escapes.
fn plain_or_quoted(s: &str) -> String {
    // Control characters, and the bidirectional ones `sanitize` escapes.
    if s.chars().any(|c| c != '\n' && crate::guard::sanitize::is_unsafe(c)) {
        return double_quoted(s);
    }
    if is_plain_safe(s) && !resolves_to_non_string(s) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02X}", c as u32)),
            // Bidirectional and line-separator characters: YAML's \u escape.
            c if crate::guard::sanitize::is_unsafe(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// ruamel's `analyze_scalar` for block context: may the string be written
/// as a plain scalar?
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains('\n')
        || s.starts_with("---")
        || s.starts_with("...")
    {
        return false;
    }
    let second = s.chars().nth(1);
    let followed_by_space = second.is_none_or(|c| c == ' ');
    match first {
        '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
            return false;
        }
        '-' | '?' | ':' if followed_by_space => return false,
        _ => {}
    }
    if s.ends_with(':') || s.contains(": ") || s.contains(" #") || s.contains("\t") {
        return false;
    }
    true
}

/// Would a plain scalar with this text load as something other than a
/// string (YAML 1.2 core schema as ruamel resolves it, plus timestamps and
/// the merge and value keys)?
fn resolves_to_non_string(s: &str) -> bool {
    matches!(
        s,
        "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "<<" | "="
    ) || is_int(s)
        || is_float(s)
        || is_timestamp(s)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?[0-9_]+ | [-+]?0x[0-9a-fA-F_]+`
fn is_int(s: &str) -> bool {
    let body = strip_sign(s);
    let all = |t: &str, f: fn(char) -> bool| !t.is_empty() && t.chars().all(|c| c == '_' || f(c));
    if let Some(b) = body.strip_prefix("0b") {
        return all(b, |c| matches!(c, '0' | '1'));
    }
    if let Some(x) = body.strip_prefix("0x") {
        return all(x, |c| c.is_ascii_hexdigit());
    }
    if let Some(o) = body.strip_prefix("0o") {
        return all(o, |c| matches!(c, '0'..='7'));
    }
    body.starts_with(|c: char| c.is_ascii_digit() || c == '_') && all(body, |c| c.is_ascii_digit())
}

/// The YAML 1.2 float forms of ruamel's resolver:
/// `[-+]?D[D_]*\.[D_]*(E)?`, `[-+]?D[D_]*E`, `\.[D_]+([eE][-+]D+)?`,
/// `[-+]?\.inf`, `\.nan` (with their capitalisations), where
/// `E = [eE][-+]?D+`.
fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") || matches!(strip_sign(s), ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let digits_us = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == '_');
    let split_exponent = |t: &str| match t.find(['e', 'E']) {
        Some(i) => (t[..i].to_owned(), Some(t[i + 1..].to_owned())),
        None => (t.to_owned(), None),
    };
    if let Some(frac) = s.strip_prefix('.') {
        let (frac, exponent) = split_exponent(frac);
        let exponent_ok = exponent.is_none_or(|e| e.starts_with(['-', '+']) && digits(&e[1..]));
        return !frac.is_empty() && digits_us(&frac) && exponent_ok;
    }
    let (mantissa, exponent) = split_exponent(strip_sign(s));
    if exponent.as_deref().is_some_and(|e| !digits(strip_sign(e))) {
        return false;
    }
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int.to_owned(), Some(frac.to_owned())),
        None => (mantissa, None),
    };
    let int_ok = int.starts_with(|c: char| c.is_ascii_digit()) && digits_us(&int);
    match frac {
        Some(frac) => int_ok && digits_us(&frac),
        None => int_ok && exponent.is_some(),
    }
}

/// `YYYY-M-D` optionally followed by a time, as the timestamp resolver
/// matches it.
fn is_timestamp(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() < 8 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let mut parts = rest.splitn(2, '-');
    let month = parts.next().unwrap_or("");
    let Some(tail) = parts.next() else {
        return false;
    };
    let day_len = tail.chars().take_while(char::is_ascii_digit).count();
    let month_ok = (1..=2).contains(&month.len()) && month.chars().all(|c| c.is_ascii_digit());
    month_ok && (1..=2).contains(&day_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_ruamel() {
        // Measured with ruamel.yaml 0.19.1 `YAML().dump`.
        let quoted = [
            "true",
            "null",
            "1",
            "0.5",
            "1e3",
            "0x1F",
            "2020-01-01",
            "~",
            ".inf",
            "a: b",
            "#x",
            "x #y",
            "*",
            "@x",
            "  ",
            "1_000",
            "0o17",
            "-",
            "?",
            "x:",
            "[a]",
            "{a}",
            "%x",
            "`x",
            "!x",
            "&x",
            "|",
            ">",
            "=",
            "<<",
            "0755",
            "+1",
            ".5",
            "TRUE",
            "True",
            ".NaN",
            "1970-01-01 00:00:00",
            "a ",
            "",
        ];
        for s in quoted {
            assert!(plain_or_quoted(s).starts_with('\''), "{s:?} should be quoted");
        }
        let plain = [
            "yes", "no", "on", "-x", "it's", "?x", ":x", "a,b", "12:30", "1.0.0", "NaN", "é", "a  b", "Basic",
        ];
        for s in plain {
            assert_eq!(plain_or_quoted(s), s, "{s:?} should be plain");
        }
        assert_eq!(plain_or_quoted("it's: x"), "'it''s: x'");
    }

    #[test]
    fn comment_spacing_rule() {
        // All documented: first key gets two spaces, the rest one.
        let keys = ["B", "A", "C"];
        let all = [true, true, true];
        assert!(extra_comment_space(&keys[..1], &all[..1], 0));
        assert!(!extra_comment_space(&keys[..2], &all[..2], 1));
        assert!(!extra_comment_space(&keys, &all, 2));
        // After an uncommented key, a commented key aligns to an earlier
        // comment only if one precedes the first key sorting at or after it.
        let keys = ["B", "X", "C"];
        let some = [true, false, true];
        assert!(!extra_comment_space(&keys, &some, 2));
        let keys = ["D", "X", "C"];
        assert!(extra_comment_space(&keys, &some, 2));
    }

    /// The linear rule agrees with ruamel's, on every small mapping.
    #[test]
    fn linear_comment_spacing_agrees() {
        let names = ["A", "B", "C", "D"];
        for n in 1..=5usize {
            let combos = 4usize.pow(n as u32);
            for code in 0..combos * (1 << n) {
                let mut keys = Vec::new();
                let mut c = code;
                for _ in 0..n {
                    keys.push(names[c % 4]);
                    c /= 4;
                }
                let has: Vec<bool> = (0..n).map(|i| (c >> i) & 1 == 1).collect();
                let spacing = CommentSpacing::new(&keys, &has);
                for i in 0..n {
                    assert_eq!(
                        spacing.extra(&keys, &has, i),
                        extra_comment_space(&keys[..=i], &has[..=i], i),
                        "{keys:?} {has:?} {i}"
                    );
                }
            }
        }
    }
}
