//! Where in the script a finding is: the option word, the value word, or
//! the character inside a quoted shorthand or JSON value.
//!
//! Findings come from the argument engine and the validator in terms of
//! options and JSON pointers into the request; the words keep, for each
//! byte of their value, the file offset it was written at, so a position
//! inside a value maps straight back to the file.

use std::ops::Range;

use crate::cliargs::{ArgError, Checked, Origin, ParsedRequest, Placed};
use crate::doc::{self, Limits, unescape_pointer_token};
use crate::report::diagnostic::{Code, Diagnostic};
use crate::script::Word;

/// The code of an argument error and the span of the word it is about
/// (`operation`: the operation word, for what concerns the command).
pub fn error(
    error: &ArgError,
    words: &[&Word],
    checked: &Checked,
    operation: Range<usize>,
) -> (Code, Range<usize>) {
    let word = |i: usize| words.get(i).map(|w| w.span.clone());
    let option_word = |option: &str| {
        let named = |w: &&&Word| {
            w.value.as_deref().is_some_and(|v| {
                let name = v.split_once('=').map_or(v, |(n, _)| n);
                name == option || (name.len() > 2 && name.starts_with("--") && option.starts_with(name))
            })
        };
        words.iter().find(named).map(|w| w.span.clone())
    };
    let last_placed = |option: &str| checked.placed.iter().rev().find(|p| p.option == option);
    let value_word = |option: &str| {
        last_placed(option).and_then(|p| p.values.first().copied().and_then(word).or_else(|| word(p.index)))
    };
    let (code, span) = match error {
        ArgError::UnknownOptions { .. } => {
            (Code::UnknownOption, checked.strays.first().copied().and_then(word))
        }
        ArgError::Ambiguous { option, .. } => (Code::UnknownOption, option_word(option)),
        ArgError::MissingValue { option } | ArgError::FlagWithValue { option, .. } => {
            (Code::OptionValue, option_word(option))
        }
        ArgError::TwoInputDocuments => (
            Code::OptionValue,
            checked.placed.iter().filter(|p| p.member.is_empty()).nth(1).and_then(|p| word(p.index)),
        ),
        ArgError::MissingRequired { .. } | ArgError::SkeletonRequested { .. } => (Code::MissingOption, None),
        ArgError::Shorthand { option, error, .. } => {
            let placed = last_placed(option);
            let at = placed.and_then(|p| shorthand_error_at(p, words, error.byte_offset()));
            (Code::Shorthand, at.or_else(|| value_word(option)))
        }
        ArgError::NotJsonOrShorthand { option, .. } | ArgError::DocumentShorthand { option, .. } => {
            (Code::Shorthand, value_word(option))
        }
        ArgError::Json { option, .. } => {
            let at = last_placed(option).and_then(|p| json_error_at(p, words));
            (Code::Syntax, at.or_else(|| value_word(option)))
        }
        ArgError::Yaml { option, .. } => (Code::Syntax, value_word(option)),
        ArgError::Conversion { option, path, .. } => {
            let at = last_placed(option).and_then(|p| {
                let tokens: Vec<String> = path.split('.').skip(1).map(str::to_owned).collect();
                inside(p, words, &tokens, false)
            });
            (Code::Type, at.or_else(|| value_word(option)))
        }
        ArgError::InputNotObject { option, .. } => (Code::Type, value_word(option)),
        ArgError::ParamFile { option, .. } => (Code::ParamFile, value_word(option)),
        ArgError::PaginationOff { options } => {
            (Code::OptionValue, options.first().and_then(|o| option_word(o)))
        }
        ArgError::PageValue { option, .. } => (Code::Type, value_word(option)),
        ArgError::Customisation { option, .. } => (Code::OptionValue, value_word(option)),
    };
    (code, span.unwrap_or(operation))
}

/// The shorthand syntax error at `byte` of one of the option's value
/// words: the first word that does not parse as shorthand.
fn shorthand_error_at(placed: &Placed, words: &[&Word], byte: usize) -> Option<Range<usize>> {
    placed.values.iter().filter_map(|&i| words.get(i)).find_map(|w| {
        let value = value_part(w, placed)?;
        if value.starts_with("file://") || value.starts_with("fileb://") {
            return Some(w.span.clone());
        }
        crate::shorthand::parse(value).err()?;
        Some(point(w, placed, byte))
    })
}

/// The JSON syntax error in the option's value word.
fn json_error_at(placed: &Placed, words: &[&Word]) -> Option<Range<usize>> {
    let w = placed.values.first().and_then(|&i| words.get(i))?;
    let value = value_part(w, placed)?;
    if value.starts_with("file://") || value.starts_with("fileb://") {
        return Some(w.span.clone());
    }
    let problem = doc::parse_json(value, &Limits::DEFAULT).err()?;
    Some(point(w, placed, problem.span.start as usize))
}

/// The value of word `w` of `placed`: after the `=` of `--opt=value`.
fn value_part<'w>(w: &'w Word, placed: &Placed) -> Option<&'w str> {
    let value = w.value.as_deref()?;
    let inline = placed.values.first() == Some(&placed.index);
    Some(if inline { value.split_once('=').map_or("", |(_, v)| v) } else { value })
}

/// The one-character span of byte `offset` of the value of `w` (after the
/// `=` of an inline `--opt=value`).
fn point(w: &Word, placed: &Placed, offset: usize) -> Range<usize> {
    let value = value_part(w, placed).unwrap_or("");
    let len = value.get(offset..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
    stretch(w, placed, offset..offset + len)
}

/// The source span of bytes `range` of the value of `w` (after the `=` of
/// an inline `--opt=value`).
fn stretch(w: &Word, placed: &Placed, range: Range<usize>) -> Range<usize> {
    let skip = match (&w.value, placed.values.first() == Some(&placed.index)) {
        (Some(v), true) => v.find('=').map_or(0, |i| i + 1),
        _ => 0,
    };
    let total = w.value.as_deref().map_or(0, str::len);
    let at = (skip + range.start).min(total);
    let last = (skip + range.end).min(total);
    let start = w.source_offset(at);
    let end = if last > at { w.source_offset(last - 1) + 1 } else { start };
    start..end.max(start)
}

/// Where a validation finding is: `None` when it concerns the request as
/// a whole (the caller uses the operation word).
pub fn diagnostic(
    d: &Diagnostic,
    request: &ParsedRequest,
    checked: &Checked,
    words: &[&Word],
) -> Option<Range<usize>> {
    let tokens: Vec<String> = d.pointer.split('/').skip(1).filter_map(unescape_pointer_token).collect();
    let member = tokens.first()?;
    let origin = request.origins.iter().find(|(k, _)| k == member).map(|(_, o)| o)?;
    let key = matches!(d.code, Code::Unknown | Code::DuplicateKey);
    match origin {
        Origin::Option { index, .. } => {
            let placed = checked.placed.iter().find(|p| p.index == *index)?;
            inside(placed, words, tokens.get(1..).unwrap_or_default(), key)
                .or_else(|| placed.values.first().and_then(|&i| words.get(i)).map(|w| w.span.clone()))
                .or_else(|| words.get(placed.index).map(|w| w.span.clone()))
        }
        Origin::InputDocument => {
            let placed = checked.placed.iter().rev().find(|p| p.member.is_empty())?;
            let w = placed.values.first().and_then(|&i| words.get(i))?;
            let value = value_part(w, placed)?;
            if value.starts_with("file://") || value.starts_with("fileb://") {
                return Some(w.span.clone());
            }
            json_pointer_at(value, &tokens, key)
                .map(|at| stretch(w, placed, at))
                .or_else(|| Some(w.span.clone()))
        }
    }
}

/// The place of `tokens` (the pointer below the member) inside the
/// option's value words: the list item's word for a list option written
/// as several words, then the key or value inside JSON or shorthand text.
fn inside(placed: &Placed, words: &[&Word], tokens: &[String], key: bool) -> Option<Range<usize>> {
    let (word_index, rest) = match (placed.values.len(), tokens.first().and_then(|t| t.parse::<usize>().ok()))
    {
        (n, Some(item)) if n > 1 => (*placed.values.get(item)?, tokens.get(1..).unwrap_or_default()),
        _ => (*placed.values.first()?, tokens),
    };
    let w = words.get(word_index)?;
    let value = value_part(w, placed)?;
    if rest.is_empty() || value.starts_with("file://") || value.starts_with("fileb://") {
        return Some(w.span.clone());
    }
    let trimmed = value.trim_start();
    let at = if trimmed.starts_with(['{', '[']) {
        json_pointer_at(value, rest, key)
    } else {
        shorthand_key_at(value, rest, key)
    };
    Some(at.map_or_else(|| w.span.clone(), |at| stretch(w, placed, at)))
}

/// The byte range in JSON `text` of the value (or, for `key`, the key) at
/// `tokens`.
pub(super) fn json_pointer_at(text: &str, tokens: &[String], key: bool) -> Option<Range<usize>> {
    let (document, _) = doc::parse_json(text, &Limits::DEFAULT).ok()?;
    let escape = |t: &String| doc::escape_pointer_token(t).into_owned();
    let pointer: String = tokens.iter().map(|t| format!("/{}", escape(t))).collect();
    if key && let Some((parent, last)) = tokens.split_last().map(|(l, p)| (p, l)) {
        let parent_pointer: String = parent.iter().map(|t| format!("/{}", escape(t))).collect();
        let id = document.pointer(&parent_pointer)?;
        return document.entry(id, last).map(|e| e.key_span.start as usize..e.key_span.end as usize);
    }
    document.pointer(&pointer).map(|id| {
        let span = document.node(id).span;
        span.start as usize..span.end as usize
    })
}

/// The byte range in shorthand `text` of the value (or, for `key`, the
/// key) at `tokens`: each member name found as `Name=` after the last,
/// list indices skipped; a value runs to the next `,`, `]` or `}`.
/// Shorthand has no positions of its own; names are distinctive enough,
/// and a name that is not found leaves the word.
pub(super) fn shorthand_key_at(text: &str, tokens: &[String], key: bool) -> Option<Range<usize>> {
    let mut cursor = 0;
    let mut last_key = None;
    for token in tokens.iter().filter(|t| t.parse::<usize>().is_err()) {
        let rest = text.get(cursor..)?;
        let found = find_key(rest, token)? + cursor;
        last_key = Some(found..found + token.len());
        cursor = found + token.len() + 1;
        if text.get(cursor - 1..cursor) == Some("@") {
            cursor += 1;
        }
    }
    let key_range = last_key?;
    if key {
        return Some(key_range);
    }
    let start = cursor.min(text.len());
    let rest = text.get(start..).unwrap_or("");
    let len = if rest.starts_with(['[', '{']) { 1 } else { rest.find([',', ']', '}']).unwrap_or(rest.len()) };
    Some(start..start + len)
}

/// `Name=` (or `Name@=`) at a key position of `text`: at the start or
/// after `,`, `{` or whitespace.
fn find_key(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(name)).map(|i| i + from) {
        let before = text.get(..i).and_then(|b| b.chars().next_back());
        let after = text.get(i + name.len()..).unwrap_or("");
        let at_key = before.is_none_or(|c| matches!(c, ',' | '{' | '[') || c.is_whitespace());
        if at_key && (after.starts_with('=') || after.starts_with("@=")) {
            return Some(i);
        }
        from = i + name.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_keys_are_found_at_key_positions() {
        let text = "MemberId=1,Role=Administrator";
        assert_eq!(shorthand_key_at(text, &["Role".into()], false), Some(16..29));
        assert_eq!(shorthand_key_at(text, &["Role".into()], true), Some(11..15));
        assert_eq!(shorthand_key_at("XRole=1,Role=2", &["Role".into()], false), Some(13..14));
        assert_eq!(shorthand_key_at("A={B=1},B=2", &["A".into(), "B".into()], false), Some(5..6));
        assert_eq!(shorthand_key_at("A=1", &["Missing".into()], false), None);
    }

    #[test]
    fn json_pointers_find_values_and_keys() {
        let text = r#"{"A": {"B": [1, "x"]}}"#;
        assert_eq!(json_pointer_at(text, &["A".into(), "B".into(), "1".into()], false), Some(16..19));
        assert_eq!(json_pointer_at(text, &["A".into(), "B".into()], true), Some(7..10));
    }
}
