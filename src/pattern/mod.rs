//! The `pattern` trait of botocore string shapes: compile once, match many times.
//!
//! # Meaning
//!
//! A pattern is an ECMA-262 regular expression (as in JSON Schema and Smithy), searched for
//! anywhere in the value (not anchored): `[A-Z]{2}` accepts `xxUSxx`. `\d` and `\w` are ASCII,
//! `\s` is ECMA-262's Unicode white space, `.` matches anything but `\n`, `\r`, U+2028 and U+2029,
//! `^`/`$` are the start and end of the value, and look-around and back-references work.
//!
//! # Dialect
//!
//! Valid ECMA-262 u-mode text always keeps its ECMA-262 meaning. AWS models also contain Annex-B
//! and Java forms; those whose meaning is not in doubt are read as such (identity escapes such as
//! `\:` and `\_`, `[\w-.]`, `\p{Alnum}`, `\p{XDigit}`, `\A…\z`, `(?i)`, `(?s)`, possessive
//! quantifiers, surrogate pairs, class intersection), and [`Pattern::notes`] lists them. Text that
//! is not valid in any of these readings, or whose readings disagree (`^[-_a-zA-Z0-9]*${2,64}$`:
//! a quantifier on `$`), is *not checkable*: [`Pattern::compile`] returns a [`PatternError`] that a
//! validator reports as a warning, never a crash. [`to_ecma262`] rewrites an accepted pattern
//! into plain ECMA-262 u-mode for JSON Schema validators.
//!
//! # Engines
//!
//! The linear-time `regex` crate runs every pattern it can; only look-around, back-references
//! and atomic groups go to `fancy-regex`, whose backtrack limit (and input cap) turns a runaway
//! search into [`MatchError`], a third answer besides "matches" and "does not match".
//!
//! # Budget
//!
//! Each backtracking search is bounded, but a run may make any number of them. The patterns a
//! [`PatternCache`] hands out share one time budget ([`BACKTRACKING_BUDGET`], counted across
//! threads): once the backtracking searches of that cache have taken that long in total, every
//! further backtracking search answers [`MatchError::BudgetExhausted`] at once, so a document of
//! many values for a slow pattern still ends quickly. Searches on the linear-time engine are
//! never charged or refused. A pattern from [`Pattern::compile`] has no budget.

// The crate's lint policy is `[lints]` in Cargo.toml. The one addition this
// module keeps is `indexing_slicing`: it runs on untrusted patterns and input
// (a panic here is a denial of service), and the rest of the crate still
// indexes in 80-odd places, so the lint cannot be crate-wide yet.
#![deny(clippy::indexing_slicing)]

mod analyze;
mod ast;
mod budget;
mod cache;
mod engine;
mod parse;
mod props;
mod translate;

#[cfg(test)]
mod tests;

use std::fmt;

pub use crate::pattern::budget::BACKTRACKING_BUDGET;
pub use crate::pattern::cache::{LazyPattern, PatternCache};
pub use crate::pattern::engine::{BACKTRACK_LIMIT, EngineKind, MAX_BACKTRACKING_INPUT};

/// A compiled `pattern` trait. Cheap to share across threads (`Send + Sync`, `Clone`).
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    engine: engine::Engine,
    translated: String,
    dialect: Dialect,
    notes: Vec<String>,
    /// The run's budget for backtracking searches, for patterns from a [`PatternCache`].
    budget: Option<std::sync::Arc<budget::Budget>>,
}

/// Which dialect a pattern was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Valid ECMA-262 u-mode text, read exactly as ECMA-262 defines it.
    Ecma262,
    /// Needed the Annex-B or Java readings listed by [`Pattern::notes`].
    Extended,
}

impl Pattern {
    /// Compiles `source`. Fails with a [`PatternError`] when the pattern is not checkable.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Syntax`] or [`ErrorKind::Unsupported`] if the text has no single meaning,
    /// [`ErrorKind::TooLarge`] if it exceeds a size limit, [`ErrorKind::Engine`] if the Rust
    /// engine rejects the translation, [`ErrorKind::Internal`] if an engine panicked.
    pub fn compile(source: &str) -> Result<Pattern, PatternError> {
        let parsed = parse::parse(source).map_err(|e| e.with_source(source))?;
        let (engine, translated) = engine::build(&parsed).map_err(|e| e.with_source(source))?;
        Ok(Pattern {
            source: source.to_owned(),
            engine,
            translated,
            dialect: if parsed.strict { Dialect::Ecma262 } else { Dialect::Extended },
            notes: parsed.notes,
            budget: None,
        })
    }

    /// This pattern, charging its backtracking searches to `budget`.
    pub(crate) fn with_budget(mut self, budget: std::sync::Arc<budget::Budget>) -> Pattern {
        self.budget = Some(budget);
        self
    }

    /// The pattern text as given.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches anywhere in `haystack` (unanchored search).
    ///
    /// # Errors
    ///
    /// [`MatchError`] when the answer could not be computed (backtrack limit, input too long for
    /// the backtracking engine, engine failure, the run's budget spent). That is neither a pass
    /// nor a failure.
    pub fn is_match(&self, haystack: &str) -> Result<bool, MatchError> {
        match (&self.budget, &self.engine) {
            (Some(budget), engine::Engine::Fancy { .. }) => {
                if budget.exhausted() {
                    return Err(MatchError::BudgetExhausted { limit: budget.limit() });
                }
                budget.charge(|| engine::is_match(&self.engine, haystack))
            }
            _ => engine::is_match(&self.engine, haystack),
        }
    }

    /// The engine this pattern runs on.
    #[must_use]
    pub fn engine(&self) -> EngineKind {
        self.engine.kind()
    }

    /// The dialect the pattern was read in.
    #[must_use]
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The Annex-B and Java constructs the pattern relies on (empty for [`Dialect::Ecma262`]).
    #[must_use]
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The text handed to the Rust engine (for diagnostics).
    #[must_use]
    pub fn translated(&self) -> &str {
        &self.translated
    }
}

/// Rewrites `source` into ECMA-262 u-mode text with the same meaning, for JSON Schema
/// validators (ajv, the `jsonschema` crate, check-jsonschema). Valid ECMA-262 u-mode text is
/// returned unchanged. `None` if the pattern is not checkable by syntax (see
/// [`Pattern::compile`]); a pattern that is only too large for the Rust engines is still
/// rewritten.
#[must_use]
pub fn to_ecma262(source: &str) -> Option<String> {
    let parsed = parse::parse(source).ok()?;
    if parsed.strict {
        return Some(source.to_owned());
    }
    translate::to_ecma(&parsed.node)
}

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

    fn with_source(mut self, source: &str) -> PatternError {
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

/// Why [`Pattern::is_match`] could not answer. Neither a pass nor a failure: "could not check".
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
