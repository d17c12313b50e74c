//! Writing a [`Shorthand`] tree back as shorthand text that parses to the same tree.
//!
//! Used to show users the shorthand equivalent of a document and to property-test the parser.
//! Lists are always written as explicit `[...]` lists and maps as `{...}` (never as the ambiguous
//! comma-separated form). A string is written bare when the grammar allows it (with `,` escaped as
//! `\,`), otherwise in single or double quotes.

use crate::shorthand::{MAX_DEPTH, Shorthand, chars};

/// Why a tree cannot be written as shorthand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// Shorthand text always describes a map at the top level.
    #[error("the top level of a shorthand value must be a map")]
    NotAMap,
    /// Shorthand text holds at least one `key=value` pair.
    #[error("the top-level map is empty, which shorthand cannot express")]
    EmptyMap,
    /// A key holds a character outside ASCII letters, digits and `-_.#/:`.
    #[error("the key {0:?} holds characters that a shorthand key cannot")]
    InvalidKey(String),
    /// A map holds the same key twice.
    #[error("the key {0:?} appears twice in one map")]
    DuplicateKey(String),
    /// Binary content only comes from `fileb://` files.
    #[error("binary content cannot be written as shorthand")]
    Bytes,
    /// The nesting exceeds what the parser accepts.
    #[error("the value is nested more than {0} levels deep")]
    TooDeep(usize),
    /// A string that ends in a backslash and also needs quoting: inside quotes, the final
    /// backslash would escape the closing quote.
    #[error("the string {0:?} ends with a backslash and needs quoting, which shorthand cannot express")]
    Unrepresentable(String),
}

/// Writes `value`, a non-empty map, as shorthand text that [`parse`](crate::shorthand::parse)
/// turns back into `value`.
///
/// # Errors
///
/// Returns an [`EmitError`] for trees that no shorthand text produces.
pub fn to_shorthand(value: &Shorthand) -> Result<String, EmitError> {
    let Shorthand::Map(entries) = value else {
        return Err(EmitError::NotAMap);
    };
    if entries.is_empty() {
        return Err(EmitError::EmptyMap);
    }
    let mut out = String::new();
    write_entries(&mut out, entries, 0)?;
    Ok(out)
}

/// Writes `k=v` pairs separated by `,`.
fn write_entries(out: &mut String, entries: &[(String, Shorthand)], depth: usize) -> Result<(), EmitError> {
    for (i, (key, value)) in entries.iter().enumerate() {
        if !key.chars().all(chars::is_key_char) {
            return Err(EmitError::InvalidKey(key.clone()));
        }
        if entries.iter().take(i).any(|(k, _)| k == key) {
            return Err(EmitError::DuplicateKey(key.clone()));
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(key);
        out.push('=');
        write_value(out, value, depth)?;
    }
    Ok(())
}

/// Writes one value; `depth` is the number of enclosing `[` and `{`.
fn write_value(out: &mut String, value: &Shorthand, depth: usize) -> Result<(), EmitError> {
    match value {
        Shorthand::String(s) => write_scalar(out, s),
        Shorthand::Bytes(_) => Err(EmitError::Bytes),
        Shorthand::List(items) => {
            let inner = nested(depth)?;
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, inner)?;
            }
            out.push(']');
            Ok(())
        }
        Shorthand::Map(entries) => {
            let inner = nested(depth)?;
            out.push('{');
            write_entries(out, entries, inner)?;
            out.push('}');
            Ok(())
        }
    }
}

/// The depth inside one more `[` or `{`, if the parser accepts it.
const fn nested(depth: usize) -> Result<usize, EmitError> {
    if depth >= MAX_DEPTH {
        return Err(EmitError::TooDeep(MAX_DEPTH));
    }
    Ok(depth.saturating_add(1))
}

/// Writes a string bare if possible, else quoted.
fn write_scalar(out: &mut String, s: &str) -> Result<(), EmitError> {
    if can_be_bare(s) {
        out.push_str(&s.replace(',', "\\,"));
        if s.ends_with('\\') {
            // Keeps the final backslash from escaping the separator that follows; the parser
            // trims the space again.
            out.push(' ');
        }
        return Ok(());
    }
    if s.ends_with('\\') {
        return Err(EmitError::Unrepresentable(s.to_owned()));
    }
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        if c == '\\' || c == quote {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(quote);
    Ok(())
}

/// True if `s` survives as a bare value in every position (top level, list, hash) once each
/// `,` is written as `\,`.
fn can_be_bare(s: &str) -> bool {
    let mut it = s.chars();
    let Some(first) = it.next() else {
        return false;
    };
    let first_ok = first == ',' || (chars::is_start(first) && !matches!(first, ']' | '}'));
    first_ok && it.all(|c| c == ',' || chars::is_first_follow(c)) && !s.ends_with(chars::is_python_space)
}
