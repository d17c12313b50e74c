//! The error type of the shorthand parser.
//!
//! An error records where parsing stopped (as a byte offset for Rust slicing and as a character
//! index, which is what the AWS CLI counts), what kind of failure it was, and for syntax errors the
//! expected and received tokens exactly as the AWS CLI names them. The AWS CLI wording is produced
//! by [`ShorthandError::render`]; [`ShorthandError::description`] gives a plainer sentence for
//! chime-shape's own diagnostics.

use std::fmt;

use crate::shorthand::render;

/// A failed parse of a shorthand value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} (at character {})", self.description(), self.char_index)]
pub struct ShorthandError {
    kind: ErrorKind,
    byte_offset: usize,
    char_index: usize,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input does not follow the grammar (the AWS CLI's `ShorthandParseSyntaxError`).
    Syntax {
        /// The token the parser needed.
        expected: Expected,
        /// The token it found instead.
        found: Found,
        /// Where in the grammar the parser was, for [`ShorthandError::description`].
        context: SyntaxContext,
    },
    /// A key appears twice at the top level (the AWS CLI's `DuplicateKeyInObjectError`).
    ///
    /// Inside `{...}` a repeated key is not an error: the last value wins.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// Brackets and braces are nested deeper than [`MAX_DEPTH`](crate::shorthand::MAX_DEPTH).
    ///
    /// The AWS CLI has no such limit (it fails with a Python `RecursionError` at a few hundred
    /// levels); this one keeps the parser's recursion and the tree's drop shallow.
    TooDeep {
        /// The nesting limit that was exceeded.
        limit: usize,
    },
    /// The paramfile loader rejected a value of a `key@=value` pair, for example a missing file.
    Load {
        /// The scalar that was handed to the loader.
        value: String,
        /// The loader's message, printed verbatim by [`ShorthandError::render`].
        message: String,
    },
}

/// The token the parser needed, as the AWS CLI prints it after `Expected: `.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A literal character such as `=`, `,`, `]` or `}`.
    Char(char),
    /// Another item of a comma-separated list (`<second>`).
    SecondValue,
    /// A complete double-quoted value (`<double quoted>`).
    DoubleQuoted,
    /// A complete single-quoted value (`<singled quoted>`, the AWS CLI's spelling).
    SingleQuoted,
}

/// The token found instead, as the AWS CLI prints it after `received: `.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// A character other than the expected one.
    Char(char),
    /// The end of the input (`EOF`).
    Eof,
    /// Nothing matched the pattern for the expected token (`<none>`).
    Nothing,
}

/// Where in the grammar a syntax error happened; only used to word
/// [`ShorthandError::description`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyntaxContext {
    /// After a top-level `key=value`, where `,` or the end of the input must follow.
    TopLevel,
    /// After a key, where `=` or `@=` must follow.
    AfterKey,
    /// After an element of an explicit list `[...]`.
    List,
    /// After a value inside a hash literal `{...}`.
    Hash,
    /// After a `,` that continues a comma-separated list of values.
    CsvItem,
    /// At an opening quote.
    Quoted,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Char(c) => write!(f, "{c}"),
            Self::SecondValue => f.write_str("<second>"),
            Self::DoubleQuoted => f.write_str("<double quoted>"),
            Self::SingleQuoted => f.write_str("<singled quoted>"),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Char(c) => write!(f, "{c}"),
            Self::Eof => f.write_str("EOF"),
            Self::Nothing => f.write_str("<none>"),
        }
    }
}

impl ShorthandError {
    /// Builds an error at `byte_offset`; the character index is filled in by
    /// [`ShorthandError::locate`] before the error leaves the parser.
    pub(crate) const fn new(kind: ErrorKind, byte_offset: usize) -> Self {
        Self { kind, byte_offset, char_index: 0 }
    }

    /// Computes the character index of the byte offset within `input`.
    pub(crate) fn locate(mut self, input: &str) -> Self {
        self.char_index = input
            .get(..self.byte_offset)
            .map_or_else(|| input.chars().count(), |prefix| prefix.chars().count());
        self
    }

    /// True for grammar errors, the only ones the comma-separated-list backtracking recovers from.
    pub(crate) const fn is_syntax(&self) -> bool {
        matches!(self.kind, ErrorKind::Syntax { .. })
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Byte offset in the input where parsing failed (always on a character boundary).
    #[must_use]
    pub const fn byte_offset(&self) -> usize {
        self.byte_offset
    }

    /// Index, in characters (Unicode scalar values), where parsing failed; the AWS CLI's `index`.
    ///
    /// For a duplicate key this is one character after the end of the previous key-value pair,
    /// normally the first character of the repeated key.
    #[must_use]
    pub const fn char_index(&self) -> usize {
        self.char_index
    }

    /// The expected token of a syntax error.
    #[must_use]
    pub const fn expected(&self) -> Option<Expected> {
        match self.kind {
            ErrorKind::Syntax { expected, .. } => Some(expected),
            _ => None,
        }
    }

    /// The received token of a syntax error.
    #[must_use]
    pub const fn found(&self) -> Option<Found> {
        match self.kind {
            ErrorKind::Syntax { found, .. } => Some(found),
            _ => None,
        }
    }

    /// The message the AWS CLI v1 (1.45.53 or later) prints for this error, after
    /// `Error parsing parameter '--x': `.
    ///
    /// `input` must be the string that was parsed. A [`ErrorKind::Load`] error renders as the
    /// loader's message alone, as the AWS CLI prints paramfile errors.
    #[must_use]
    pub fn render(&self, input: &str) -> String {
        let location = || render::error_location(input, self.char_index);
        match &self.kind {
            ErrorKind::Syntax { expected, found, .. } => {
                format!("Expected: '{expected}', received: '{found}' for input:\n{}", location())
            }
            ErrorKind::DuplicateKey { key } => format!(
                "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often \
                 because there is a preceding \",\" instead of a space.",
                location()
            ),
            ErrorKind::TooDeep { limit } => {
                format!("Nesting deeper than {limit} levels of '[' and '{{' for input:\n{}", location())
            }
            ErrorKind::Load { message, .. } => message.clone(),
        }
    }

    /// [`ShorthandError::render`] with every unsafe character of `input` (see
    /// [`crate::guard::sanitize::is_unsafe`]; line feeds and tabs stay) written as
    /// a visible escape, and the caret moved to stay under the same
    /// character: for printing on a terminal or in a CI log.
    #[must_use]
    pub fn render_escaped(&self, input: &str) -> String {
        if !input.chars().any(|c| c != '\n' && c != '\t' && crate::guard::sanitize::is_unsafe(c)) {
            return self.render(input);
        }
        let mut escaped = String::with_capacity(input.len() + 8);
        let mut index = None;
        for (i, c) in input.chars().enumerate() {
            if i == self.char_index {
                index = Some(escaped.chars().count());
            }
            if c == '\n' || c == '\t' {
                escaped.push(c);
            } else {
                escaped.push_str(&crate::guard::sanitize::escape(c.encode_utf8(&mut [0; 4])));
            }
        }
        let index = index.unwrap_or_else(|| escaped.chars().count());
        let moved = Self { kind: self.kind.clone(), byte_offset: self.byte_offset, char_index: index };
        moved.render(&escaped)
    }

    /// Where the parse failed and what the grammar needed, without quoting
    /// anything of the input (no found character, no key, no file name, no
    /// echoed line): for a value that may be sensitive.
    #[must_use]
    pub fn description_redacted(&self) -> String {
        let what = match &self.kind {
            ErrorKind::Syntax { expected, found, context } => {
                let found = match found {
                    Found::Char(_) => Found::Nothing,
                    other => *other,
                };
                let text = describe_syntax(*expected, found, *context);
                // "but found no value" would be untrue for a character.
                match self.found() {
                    Some(Found::Char(_)) => text.replace("but found no value", "found another character"),
                    _ => text,
                }
            }
            ErrorKind::DuplicateKey { .. } => "a key appears a second time at the top level; a `,` was \
                                               probably written where a space should separate two list \
                                               elements"
                .to_owned(),
            ErrorKind::TooDeep { limit } => format!("`[` and `{{` are nested more than {limit} levels deep"),
            ErrorKind::Load { .. } => "a file named after `@=` could not be loaded".to_owned(),
        };
        format!(
            "{what}, at character {} (the value is not shown: it may hold the value of a sensitive member)",
            self.char_index
        )
    }

    /// A plain-words sentence saying what the parser expected, for friendlier diagnostics.
    #[must_use]
    pub fn description(&self) -> String {
        match &self.kind {
            ErrorKind::Syntax { expected, found, context } => describe_syntax(*expected, *found, *context),
            ErrorKind::DuplicateKey { key } => format!(
                "the key `{key}` appears a second time at the top level; a `,` was probably \
                 written where a space should separate two list elements"
            ),
            ErrorKind::TooDeep { limit } => {
                format!("`[` and `{{` are nested more than {limit} levels deep")
            }
            ErrorKind::Load { value, message } => {
                format!("could not load the file named by `{value}`: {message}")
            }
        }
    }
}

/// Words for what was found, used by [`describe_syntax`].
fn found_words(found: Found) -> String {
    match found {
        Found::Char(c) if c.is_whitespace() || c.is_control() => {
            format!("found the character U+{:04X}", u32::from(c))
        }
        Found::Char(c) => format!("found `{c}`"),
        Found::Eof => "but the input ended".to_owned(),
        Found::Nothing => "but found no value".to_owned(),
    }
}

/// The sentence for a syntax error.
fn describe_syntax(expected: Expected, found: Found, context: SyntaxContext) -> String {
    let got = found_words(found);
    match (expected, context) {
        (Expected::DoubleQuoted, _) => {
            "unterminated double-quoted value: no closing `\"` was found".to_owned()
        }
        (Expected::SingleQuoted, _) => {
            "unterminated single-quoted value: no closing `'` was found".to_owned()
        }
        (Expected::SecondValue, _) => {
            format!("expected another value after the `,` {got}; remove the trailing comma")
        }
        (Expected::Char('='), _) => {
            let mut text = format!("expected `=` (or `@=`) after the key, {got}");
            if let Found::Char(_) = found {
                text.push_str(
                    "; a key may contain only ASCII letters, digits and `-_.#/:`, and nothing \
                     may precede the first key",
                );
            }
            text
        }
        (Expected::Char(','), SyntaxContext::List) => {
            format!("expected `,` or `]` after a list element, {got}")
        }
        (Expected::Char(','), SyntaxContext::Hash) => {
            format!("expected `,` or `}}` after a value in `{{...}}`, {got}")
        }
        (Expected::Char(','), _) => {
            let mut text = format!("expected `,` or the end of the input after a value, {got}");
            if let Found::Char(_) = found {
                text.push_str(
                    "; quote the value if it contains special characters such as `=`, quotes, \
                     brackets or emoji",
                );
            }
            text
        }
        (Expected::Char(c), _) => format!("expected `{c}`, {got}"),
    }
}
