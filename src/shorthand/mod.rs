//! AWS CLI shorthand syntax (`--opt Key=a,Other=[b,c],Map={k=v}`), parsed exactly as the AWS CLI
//! v1 (`awscli.shorthand.ShorthandParser`, awscli 1.45.x) parses it.
//!
//! This module is purely syntactic: it turns the text into an ordered tree of strings, lists and
//! maps ([`Shorthand`]) or a positioned [`ShorthandError`]. Model-driven coercion (integers,
//! booleans, wrapping scalars into lists) happens later, elsewhere. The parser does no I/O: values
//! of `key@=value` pairs go to a caller-supplied loader ([`parse_with_loader`]), which decides
//! whether a `file://` or `fileb://` value is replaced by file content.
//!
//! [`to_shorthand`] writes a tree back as shorthand text that parses to the same tree.
#![forbid(unsafe_code)]

mod chars;
mod emit;
mod error;
mod parser;
mod render;

#[cfg(test)]
mod tests;

pub use emit::{EmitError, to_shorthand};
pub use error::{ErrorKind, Expected, Found, ShorthandError, SyntaxContext};

/// Deepest nesting of `[` and `{` that [`parse`] accepts; one more level is an
/// [`ErrorKind::TooDeep`] error.
///
/// The AWS CLI has no explicit limit and fails with a Python `RecursionError` at a few hundred
/// levels. Shorthand written by people nests three or four levels; 64 keeps recursion and
/// dropping the tree cheap.
pub const MAX_DEPTH: usize = 64;

/// A parsed shorthand value: an ordered tree of strings, lists and maps.
///
/// Every scalar is a string (typing comes from the service model later), except file content
/// loaded through `key@=fileb://...`, which is [`Shorthand::Bytes`]. The top level of a parse
/// result is always a [`Shorthand::Map`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shorthand {
    /// A scalar: a bare or quoted value, or text loaded through `key@=file://...`.
    String(String),
    /// Binary content loaded through `key@=fileb://...`.
    Bytes(Vec<u8>),
    /// A comma-separated value (`a=b,c`) or an explicit list (`a=[b,c]`).
    List(Vec<Shorthand>),
    /// The top level or a hash literal (`{k=v}`), in insertion order with unique keys.
    ///
    /// A key repeated inside `{...}` keeps its first position and takes its last value, as a
    /// Python `dict` does.
    Map(Vec<(String, Shorthand)>),
}

impl Shorthand {
    /// The string of a [`Shorthand::String`].
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a [`Shorthand::List`].
    #[must_use]
    pub fn as_list(&self) -> Option<&[Shorthand]> {
        match self {
            Self::List(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of a [`Shorthand::Map`], in order.
    #[must_use]
    pub fn as_map(&self) -> Option<&[(String, Shorthand)]> {
        match self {
            Self::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a [`Shorthand::Map`].
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Shorthand> {
        self.as_map()?.iter().find_map(|(k, v)| (k == key).then_some(v))
    }

    /// Python's name for the type of this value (`str`, `bytes`, `list`, `dict`), as AWS CLI
    /// messages print it.
    #[must_use]
    pub const fn python_type_name(&self) -> &'static str {
        match self {
            Self::String(_) => "str",
            Self::Bytes(_) => "bytes",
            Self::List(_) => "list",
            Self::Map(_) => "dict",
        }
    }
}

/// What a paramfile loader returns for a `file://` or `fileb://` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadedValue {
    /// Text content (`file://`); becomes [`Shorthand::String`], untrimmed.
    Text(String),
    /// Binary content (`fileb://`); becomes [`Shorthand::Bytes`].
    Bytes(Vec<u8>),
}

/// Parses a shorthand value; `key@=value` values are kept literally.
///
/// # Errors
///
/// Returns a [`ShorthandError`] (syntax error, top-level duplicate key, or nesting deeper than
/// [`MAX_DEPTH`]) at the position where the AWS CLI would fail.
pub fn parse(input: &str) -> Result<Shorthand, ShorthandError> {
    parser::parse(input, None)
}

/// Parses a shorthand value, handing every scalar of a `key@=value` pair to `loader`.
///
/// The loader sees each scalar after unescaping, in parse order, exactly when the AWS CLI would
/// call its paramfile resolution: every bare or quoted value of the key, each item of a
/// comma-separated or `[...]` list, and also values that a later backtrack discards. The `@=`
/// flag is reset by the next key, but a nested `{...}` leaves behind the flag of its last key,
/// so in `a=[{b@=x},y]` the loader also sees `y`. The loader returns `Ok(Some(_))` with the
/// content for `file://` and `fileb://` values, `Ok(None)` to keep the value literally, or
/// `Err(message)` to abort the parse with an [`ErrorKind::Load`] error.
///
/// # Errors
///
/// As [`parse`], plus [`ErrorKind::Load`] when the loader fails.
pub fn parse_with_loader(
    input: &str,
    loader: &mut dyn FnMut(&str) -> Result<Option<LoadedValue>, String>,
) -> Result<Shorthand, ShorthandError> {
    parser::parse(input, Some(loader))
}
