//! Why a pattern cannot be compiled, or a value not checked.

use std::fmt;

/// Why a pattern is not checkable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    kind: ErrorKind,
    offset: Option<usize>,
    message: String,
    source: Option<String>,
}

/// The broad reason behind a [`PatternError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// Not valid ECMA-262, and no Annex-B or Java reading applies.
    Syntax,
    /// Has a meaning in some dialect, but the dialects disagree or the construct is unsupported.
    Unsupported,
    /// Longer, deeper or larger than the limits.
    TooLarge,
    /// The Rust engine rejected the translated pattern.
    Engine,
    /// An engine panicked (caught).
    Internal,
}

impl ErrorKind {
    /// A short stable name, e.g. for grouping warnings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::Engine => "engine",
            ErrorKind::Internal => "internal",
        }
    }
}

impl PatternError {
    pub(crate) fn new(kind: ErrorKind, offset: Option<usize>, message: String) -> PatternError {
        PatternError { kind, offset, message, source: None }
    }

    pub(crate) fn with_source(mut self, source: &str) -> PatternError {
        self.source = Some(source.to_owned());
        self
    }

    /// The broad reason.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The character offset in the pattern where the problem was found, if known.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The explanation, without the pattern text.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern not checkable: {}", self.message)?;
        if let Some(offset) = self.offset {
            write!(f, " (at character {offset})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PatternError {}

/// Why [`Pattern::is_match`](crate::pattern::Pattern::is_match) could not answer. Neither a pass nor a failure: "could not check".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchError {
    /// The backtracking engine gave up after `limit` steps.
    BacktrackLimitExceeded {
        /// The limit in force.
        limit: usize,
    },
    /// The value is longer than the backtracking engine is allowed to search.
    InputTooLong {
        /// Length of the value in characters.
        chars: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The backtracking searches of this run have used up their shared time budget (see the
    /// module documentation); the search was not attempted.
    BudgetExhausted {
        /// The budget of the run.
        limit: std::time::Duration,
    },
    /// The engine reported another error.
    Engine(String),
    /// The engine panicked (caught).
    Internal,
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::BacktrackLimitExceeded { limit } => {
                write!(f, "pattern could not be checked: backtrack limit of {limit} steps exceeded")
            }
            MatchError::InputTooLong { chars, limit } => write!(
                f,
                "pattern could not be checked: value has {chars} characters, more than the \
                 {limit} the backtracking engine searches"
            ),
            MatchError::BudgetExhausted { limit } => write!(
                f,
                "pattern could not be checked: this run's backtracking searches already took {} s, \
                 the time allowed for patterns with look-around or back-references",
                limit.as_secs_f64()
            ),
            MatchError::Engine(message) => write!(f, "pattern could not be checked: {message}"),
            MatchError::Internal => {
                write!(f, "pattern could not be checked: internal engine error")
            }
        }
    }
}

impl std::error::Error for MatchError {}
