//! Where the cursor is in a request document that is being typed: inside
//! which members, at a key or at a value, and which keys its object
//! already has.
//!
//! A document being typed is rarely well-formed (`Lic` alone on a line is
//! a YAML error, `{"a": 1, "` a JSON one), so completion cannot wait for
//! the parser. These scanners read only what they need, forgive the rest
//! and never fail: YAML by indentation (block style, what request
//! documents are written in; flow style gets no completion), JSON by a
//! bracket stack up to the cursor. Hover uses them too when the document
//! does not parse.

use crate::doc::Format;
use crate::model::{Member, Model, Operation, ShapeKind};

/// One step from the input structure to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A member (or map key).
    Key(String),
    /// An item of a list.
    Item,
}

/// Whether the cursor is where a key or a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A key of the object at [`Context::path`].
    Key,
    /// The value at [`Context::path`].
    Value,
}

/// The cursor's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// For [`Place::Key`], the steps to the object; for [`Place::Value`],
    /// to the value (its key included).
    pub path: Vec<Step>,
    /// A key or a value.
    pub place: Place,
    /// Where the word at the cursor starts (a key, a value; with its
    /// quotes when `quoted`): the bytes a completion replaces.
    pub start: usize,
    /// Where it ends (equal to `start` at a blank).
    pub end: usize,
    /// The word at the cursor, unquoted.
    pub word: String,
    /// JSON: the word is a string, quotes included in `start..end`.
    pub quoted: bool,
    /// [`Place::Key`]: the keys the object already has (the word at the
    /// cursor left out).
    pub present: Vec<String>,
}

/// The context at byte `offset` of `text`.
#[must_use]
pub fn at(text: &str, offset: usize, format: Format) -> Option<Context> {
    let offset = floor(text, offset);
    match format {
        Format::Yaml => yaml(text, offset),
        Format::Json => json(text, offset),
    }
}

/// The member `path` leads to from the operation's input.
#[must_use]
pub fn member_at<'m>(model: &'m Model, operation: &'m Operation, path: &[Step]) -> Option<&'m Member> {
    let mut member = operation.input.as_ref()?;
    for step in path {
        member = match (&model.shape(member.target).kind, step) {
            (ShapeKind::Structure(s), Step::Key(key)) if !s.document => s.member(key)?,
            (ShapeKind::Map { value, .. }, Step::Key(_)) => value,
            (ShapeKind::List { member }, Step::Item) => member,
            _ => return None,
        };
    }
    Some(member)
}

/// `offset` clamped to `text` and moved back to a character boundary.
fn floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

// ---------------------------------------------------------------- YAML

/// What a block-YAML line starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A `- ` list item marker at this column.
    Dash(usize),
    /// `key:` at this column: its name, the column of the colon, and the
    /// columns of its inline value (comment left out).
    Key { col: usize, name: String, colon: usize, value: (usize, usize) },
    /// Something else (a scalar, a flow collection) at this column.
    Scalar(usize),
}

impl Token {
    fn col(&self) -> usize {
        match self {
            Token::Dash(col) | Token::Scalar(col) | Token::Key { col, .. } => *col,
        }
    }
}

/// The tokens a line starts with; empty for a blank or comment line and
/// for document markers.
fn tokens(line: &str) -> Vec<Token> {
    let line = line.trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = bytes.iter().take_while(|&&b| b == b' ').count();
    if line.starts_with("---") || line.starts_with("...") {
        return out;
    }
    while bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), None | Some(b' ')) {
        out.push(Token::Dash(i));
        i += 1;
        i += bytes.iter().skip(i).take_while(|&&b| b == b' ').count();
    }
    match bytes.get(i) {
        None | Some(b'#') => return out,
        _ => {}
    }
    let rest = line.get(i..).unwrap_or("");
    match key_of(rest) {
        Some((name, colon)) => {
            let colon = i + colon;
            let after = line.get(colon + 1..).unwrap_or("");
            let lead = after.len() - after.trim_start().len();
            let start = colon + 1 + lead;
            let body = line.get(start..).unwrap_or("");
            let end = start + comment_start(body).unwrap_or(body.len());
            let end = start + line.get(start..end).unwrap_or("").trim_end().len();
            out.push(Token::Key { col: i, name, colon, value: (start, end) });
        }
        None => out.push(Token::Scalar(i)),
    }
    out
}

/// The key a line's content starts with (`Name:`, `"Name":`) and the byte
/// of its colon.
fn key_of(rest: &str) -> Option<(String, usize)> {
    let bytes = rest.as_bytes();
    if let Some(&quote @ (b'"' | b'\'')) = bytes.first() {
        let close = rest.get(1..)?.find(char::from(quote))? + 1;
        let colon = close + 1;
        let ok = bytes.get(colon) == Some(&b':') && matches!(bytes.get(colon + 1), None | Some(b' '));
        return ok.then(|| (rest.get(1..close).unwrap_or("").to_owned(), colon));
    }
    if matches!(bytes.first(), Some(b'{' | b'[' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`')) {
        return None;
    }
    let mut previous = b' ';
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && previous == b' ' {
            return None;
        }
        if b == b':' && matches!(bytes.get(i + 1), None | Some(b' ')) {
            let name = rest.get(..i).unwrap_or("").trim_end();
            return Some((name.to_owned(), i));
        }
        previous = b;
    }
    None
}

/// Where a comment starts in a value (` #`, or `#` first).
fn comment_start(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    if bytes.first() == Some(&b'#') {
        return Some(0);
    }
    bytes.windows(2).position(|w| w == b" #")
}

/// The lines of `text` with their start offsets.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line));
        start += line.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push((text.len(), ""));
    }
    out
}

fn yaml(text: &str, offset: usize) -> Option<Context> {
    let lines = lines(text);
    let index = lines.iter().rposition(|(start, _)| *start <= offset)?;
    let &(line_start, line) = lines.get(index)?;
    let line = line.trim_end_matches(['\r', '\n']);
    let cursor = (offset - line_start).min(line.len());
    let before = line.get(..cursor).unwrap_or("");
    if before.trim_start().starts_with('#') {
        return None;
    }
    let toks = tokens(line);
    let dashes: Vec<usize> = toks
        .iter()
        .filter_map(|t| match t {
            Token::Dash(col) if *col < cursor => Some(*col),
            _ => None,
        })
        .collect();
    let first = toks.first().map_or(cursor, |t| t.col().min(cursor));
    let mut path = ancestors(&lines, index, first);
    path.extend(dashes.iter().map(|_| Step::Item));
    let at = |col: usize| line_start + col;
    match toks.last() {
        Some(Token::Key { col, name, colon, value }) if cursor > *colon => {
            path.push(Step::Key(name.clone()));
            let (start, end) =
                if value.0 <= cursor { (value.0, value.1.max(cursor)) } else { (cursor, cursor) };
            Some(Context {
                path,
                place: Place::Value,
                start: at(start),
                end: at(end),
                word: line.get(start..end).unwrap_or("").to_owned(),
                quoted: false,
                present: Vec::new(),
            })
        }
        last => {
            let (start, end, word) = match last {
                Some(Token::Key { col, name, colon, .. }) if *col <= cursor => (*col, *colon, name.clone()),
                Some(Token::Scalar(col)) if *col <= cursor => {
                    let word = line.get(*col..).unwrap_or("");
                    let end = *col + comment_start(word).unwrap_or(word.len());
                    let end = *col + line.get(*col..end).unwrap_or("").trim_end().len();
                    (*col, end.max(cursor), line.get(*col..end.max(cursor)).unwrap_or("").to_owned())
                }
                _ => (cursor, cursor, String::new()),
            };
            let present = siblings(&lines, index, start, dashes.is_empty());
            let present = present.into_iter().filter(|k| *k != word).collect();
            Some(Context {
                path,
                place: Place::Key,
                start: at(start),
                end: at(end),
                word,
                quoted: false,
                present,
            })
        }
    }
}

/// The steps to the block that holds column `limit` of line `index`:
/// each line above with a key or dash left of the limit is an ancestor.
fn ancestors(lines: &[(usize, &str)], index: usize, limit: usize) -> Vec<Step> {
    let mut limit = limit;
    let mut steps = Vec::new();
    for &(_, line) in lines.get(..index).unwrap_or_default().iter().rev() {
        if limit == 0 {
            break;
        }
        for token in tokens(line).iter().rev() {
            if token.col() >= limit {
                continue;
            }
            match token {
                Token::Key { name, .. } => steps.push(Step::Key(name.clone())),
                Token::Dash(_) => steps.push(Step::Item),
                // A scalar left of the block is a continuation line.
                Token::Scalar(_) => continue,
            }
            limit = token.col();
        }
    }
    steps.reverse();
    steps
}

/// The keys at column `col` of the block that line `index` is in: above
/// it (unless the line starts a new list item) and below it.
fn siblings(lines: &[(usize, &str)], index: usize, col: usize, above: bool) -> Vec<String> {
    let take = |line: &str, keys: &mut Vec<String>| -> bool {
        let toks = tokens(line);
        for token in &toks {
            if let Token::Key { col: c, name, .. } = token
                && *c == col
            {
                keys.push(name.clone());
            }
        }
        // A line that starts left of the column ends the block.
        !toks.iter().any(|t| t.col() < col)
    };
    let mut keys = Vec::new();
    if above {
        for &(_, line) in lines.get(..index).unwrap_or_default().iter().rev() {
            if !take(line, &mut keys) {
                break;
            }
        }
        keys.reverse();
    }
    for &(_, line) in lines.get(index + 1..).unwrap_or_default() {
        if tokens(line).first().is_some_and(|t| t.col() < col || matches!(t, Token::Dash(c) if *c == col)) {
            break;
        }
        take(line, &mut keys);
    }
    keys
}

// ---------------------------------------------------------------- JSON

/// What an open JSON object or array expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    Comma,
}

#[derive(Debug)]
enum Frame {
    Object { keys: Vec<String>, key: Option<String>, expect: Expect },
    Array { expect: Expect },
}

/// The bytes that end a JSON literal.
fn delimiter(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"')
}

/// The end of the string whose opening quote is at `start`: the byte after
/// its closing quote, or the end of its line when it is not closed.
fn string_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            b'\n' => return (i, false),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The text of a JSON string token (quotes and escapes removed, loosely).
fn unquote(token: &str) -> String {
    let inner = token.strip_prefix('"').unwrap_or(token);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    serde_json::from_str::<String>(&format!("\"{inner}\"")).unwrap_or_else(|_| inner.to_owned())
}

fn json(text: &str, offset: usize) -> Option<Context> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // After a value ends, what its container expects.
    let done = |stack: &mut Vec<Frame>| match stack.last_mut() {
        Some(Frame::Object { expect, .. } | Frame::Array { expect }) => *expect = Expect::Comma,
        None => {}
    };
    while i < offset {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'{' => {
                stack.push(Frame::Object { keys: Vec::new(), key: None, expect: Expect::Key });
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array { expect: Expect::Value });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                done(&mut stack);
                i += 1;
            }
            b':' => {
                if let Some(Frame::Object { expect, .. }) = stack.last_mut() {
                    *expect = Expect::Value;
                }
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { expect, key, .. }) => {
                        *expect = Expect::Key;
                        *key = None;
                    }
                    Some(Frame::Array { expect }) => *expect = Expect::Value,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let (end, closed) = string_end(bytes, i);
                let inside = offset < end || (!closed && offset <= end);
                if inside {
                    return json_context(text, &stack, (i, end), offset, true);
                }
                let word = unquote(text.get(i..end).unwrap_or(""));
                match stack.last_mut() {
                    Some(Frame::Object { keys, key, expect }) if *expect == Expect::Key => {
                        keys.push(word.clone());
                        *key = Some(word);
                        *expect = Expect::Colon;
                    }
                    _ => done(&mut stack),
                }
                i = end;
            }
            _ => {
                let end =
                    i + bytes.get(i..).unwrap_or_default().iter().take_while(|&&b| !delimiter(b)).count();
                let end = end.max(i + 1);
                if offset <= end {
                    return json_context(text, &stack, (i, end), offset, false);
                }
                match stack.last_mut() {
                    Some(Frame::Object { keys, key, expect }) if *expect == Expect::Key => {
                        let word = text.get(i..end).unwrap_or("").to_owned();
                        keys.push(word.clone());
                        *key = Some(word);
                        *expect = Expect::Colon;
                    }
                    _ => done(&mut stack),
                }
                i = end;
            }
        }
    }
    json_context(text, &stack, (offset, offset), offset, false)
}

/// The context of the word `start..end` (empty at a blank) at `offset`,
/// with the containers `stack` open around it.
fn json_context(
    text: &str,
    stack: &[Frame],
    (start, end): (usize, usize),
    offset: usize,
    quoted: bool,
) -> Option<Context> {
    let (top, outer) = stack.split_last()?;
    let mut path: Vec<Step> = outer
        .iter()
        .map(|frame| match frame {
            Frame::Object { key, .. } => Step::Key(key.clone().unwrap_or_default()),
            Frame::Array { .. } => Step::Item,
        })
        .collect();
    let raw = text.get(start..end).unwrap_or("");
    let word = if quoted { unquote(raw) } else { raw.to_owned() };
    let place = match top {
        Frame::Object { expect: Expect::Key, .. } => Place::Key,
        Frame::Object { expect: Expect::Value, key, .. } => {
            path.push(Step::Key(key.clone().unwrap_or_default()));
            Place::Value
        }
        Frame::Array { expect: Expect::Value } => {
            path.push(Step::Item);
            Place::Value
        }
        _ => return None,
    };
    let present = match (place, top) {
        (Place::Key, Frame::Object { keys, .. }) => {
            let mut present = keys.clone();
            present.extend(keys_after(text, end.max(offset).min(text.len())));
            present.retain(|k| *k != word);
            present
        }
        _ => Vec::new(),
    };
    Some(Context { path, place, start, end, word, quoted, present })
}

/// The keys of the object open at `from`, after it (up to its end).
fn keys_after(text: &str, from: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = from;
    // Skip the rest of a word the cursor is in.
    while bytes.get(i).is_some_and(|&b| !delimiter(b)) {
        i += 1;
    }
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            b'"' => {
                let (end, _) = string_end(bytes, i);
                let next = bytes.get(end..).unwrap_or_default().iter().find(|b| !b.is_ascii_whitespace());
                if depth == 0 && next == Some(&b':') {
                    keys.push(unquote(text.get(i..end).unwrap_or("")));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context at `|` in `text`.
    fn ctx(text: &str, format: Format) -> Context {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        at(&text, offset, format).unwrap()
    }

    fn keys(path: &[Step]) -> Vec<String> {
        path.iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Item => "[]".to_owned(),
            })
            .collect()
    }

    #[test]
    fn yaml_keys_in_nested_blocks_and_list_items() {
        let c =
            ctx("AccountId: a\nAlexaForBusinessMetadata:\n  IsAlexa: true\n  Al|\nUserId: u\n", Format::Yaml);
        assert_eq!(
            (keys(&c.path), c.place, c.word.as_str()),
            (vec!["AlexaForBusinessMetadata".into()], Place::Key, "Al")
        );
        assert_eq!(c.present, ["IsAlexa"]);
        let c = ctx("Tags:\n  - Key: a\n    |\n  - Key: b\n    Value: c\n", Format::Yaml);
        assert_eq!(
            (keys(&c.path), c.present.clone()),
            (vec!["Tags".into(), "[]".into()], vec!["Key".to_owned()])
        );
        let c = ctx("Tags:\n  - Key: a\n  - |\n", Format::Yaml);
        assert_eq!((keys(&c.path), c.present.len()), (vec!["Tags".into(), "[]".into()], 0));
        let c = ctx("AccountId: a\nUserId: u\n|", Format::Yaml);
        assert_eq!((c.path.len(), c.present.clone()), (0, vec!["AccountId".to_owned(), "UserId".to_owned()]));
    }

    #[test]
    fn yaml_values() {
        let c = ctx("AccountId: a\nLicenseType: P|ro # note\n", Format::Yaml);
        assert_eq!(
            (keys(&c.path), c.place, c.word.as_str()),
            (vec!["LicenseType".into()], Place::Value, "Pro")
        );
        let c = ctx("Meta:\n  Flag: |\n", Format::Yaml);
        assert_eq!(
            (keys(&c.path), c.place, c.start, c.end),
            (vec!["Meta".into(), "Flag".into()], Place::Value, 14, 14)
        );
    }

    #[test]
    fn json_keys_and_values_while_typing() {
        let c = ctx("{\"AccountId\": \"a\", \"Lic|\"\n, \"UserId\": 1}", Format::Json);
        assert_eq!((c.place, c.word.as_str(), c.quoted), (Place::Key, "Lic", true));
        assert_eq!(c.present, ["AccountId", "UserId"]);
        let c = ctx("{\"Meta\": {\"Flag\": tr|", Format::Json);
        assert_eq!(
            (keys(&c.path), c.place, c.word.as_str()),
            (vec!["Meta".into(), "Flag".into()], Place::Value, "tr")
        );
        let c = ctx("{\"Tags\": [{\"Key\": \"a\", |}]}", Format::Json);
        assert_eq!(
            (keys(&c.path), c.place, c.present.clone()),
            (vec!["Tags".into(), "[]".into()], Place::Key, vec!["Key".to_owned()])
        );
        let c = ctx("{\"LicenseType\": \"|", Format::Json);
        assert_eq!((keys(&c.path), c.place, c.quoted), (vec!["LicenseType".into()], Place::Value, true));
        assert!(at("{\"a\": 1 ", 8, Format::Json).is_none());
    }

    #[test]
    fn never_fails_on_any_prefix() {
        let texts = [
            "{\"a\": [1, {\"b\": \"\\\"x\"}], \"c\": tru",
            "a:\n  - - b: c\n    d: |\n  e\n\u{e9}: [",
            "}}]]\"::,,",
        ];
        for text in texts {
            for offset in 0..=text.len() + 2 {
                let _ = at(text, offset, Format::Json);
                let _ = at(text, offset, Format::Yaml);
            }
        }
    }
}
