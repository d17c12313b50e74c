//! The `aws` command lines inside files that are not request documents:
//! shell scripts, Makefiles, CI YAML, Dockerfiles and Markdown.
//!
//! Reading happens in two steps, each with its own module, so that each
//! kind of file only has to say where its shell code is:
//!
//! 1. [`host`]: the file's kind, and the shell code it holds, as
//!    [`Fragment`]s — text the shell would run, with an [`OffsetMap`] back
//!    to the file's bytes (a YAML block scalar loses its indentation, a
//!    Makefile recipe its `$$` and tabs, a Markdown console block its
//!    prompts);
//! 2. [`shell`]: each fragment parsed with the bash grammar
//!    (tree-sitter-bash), every simple command that runs `aws` found,
//!    wrappers (`sudo`, `env`, `time`, …) stripped, and its words resolved
//!    as the shell would resolve them ([`Word`]).
//!
//! What the words mean to the AWS CLI is decided elsewhere (`crate::lint`);
//! nothing here knows about models.

pub mod host;
pub mod offsets;
pub mod shell;

pub use offsets::OffsetMap;

use std::ops::Range;

/// One shell word, resolved as the shell would resolve it before running
/// the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where the word is written, in byte offsets of the text it was found
    /// in (the fragment's code; the file's bytes for [`FragmentCode::Argv`]).
    pub span: Range<usize>,
    /// The value the command receives, quotes removed and escapes applied;
    /// `None` when it is known only at run time (a parameter expansion, a
    /// command or arithmetic substitution, a glob, a tilde, a brace
    /// expansion that could not be resolved, a Make variable, a CI
    /// expression).
    pub value: Option<String>,
    /// For each byte offset of `value`, where it came from, in the same
    /// coordinates as `span`. Empty for an unknown word.
    pub map: OffsetMap,
}

impl Word {
    /// A known word whose value is exactly the source text at `start`
    /// (no quotes or escapes), as in tests and for exec-form words.
    #[must_use]
    pub fn literal(value: &str, start: usize) -> Word {
        Word {
            span: start..start + value.len(),
            value: Some(value.to_owned()),
            map: OffsetMap::shifted(start),
        }
    }

    /// Where byte `offset` of the value was written (the word's start for
    /// an unknown word or an offset past the end).
    #[must_use]
    pub fn source_offset(&self, offset: usize) -> usize {
        match &self.value {
            Some(v) if offset <= v.len() && !self.map.is_empty() => self.map.outer(offset),
            _ => self.span.start,
        }
    }
}

/// One simple command that runs the AWS CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The `aws` word itself (the command name; `/usr/local/bin/aws`, …).
    pub aws: Word,
    /// The words after it: global options, the service, the operation and
    /// its arguments, in order. A word that is unknown may stand for any
    /// number of words at run time (an unquoted `$ARGS`, `"$@"`).
    pub words: Vec<Word>,
    /// More arguments may be appended at run time (`xargs aws …`): required
    /// options cannot be said to be missing.
    pub open: bool,
}

/// Shell code found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The code, or the words of a command that does not go through a shell.
    pub code: FragmentCode,
    /// From byte offsets of [`FragmentCode::Shell`] text to byte offsets of
    /// the file (identity for a whole shell script). For
    /// [`FragmentCode::Argv`] the words are in file coordinates already and
    /// this is the identity.
    pub map: OffsetMap,
}

/// What a [`Fragment`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FragmentCode {
    /// Shell source, to be parsed by [`shell`].
    Shell(String),
    /// A command's words, already split (a Dockerfile `RUN ["aws", …]`).
    Argv(Vec<Word>),
}

/// Why a file's commands could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    /// The file is not text (a NUL byte, or not UTF-8).
    #[error("not a text file: {0}")]
    Binary(String),
    /// The parser gave up: the time budget ran out or the input is too
    /// large or too deeply nested.
    #[error("{message}")]
    TooComplex {
        /// Byte offset in the file where the problem was noticed.
        offset: usize,
        /// What happened, in words.
        message: String,
    },
}

/// A half-open byte range, shifted.
#[must_use]
pub fn shift(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}
