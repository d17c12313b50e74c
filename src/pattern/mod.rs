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
mod compiled;
mod engine;
mod error;
pub mod generate;
mod parse;
mod props;
mod translate;

#[cfg(test)]
mod tests;

pub use crate::pattern::budget::BACKTRACKING_BUDGET;
pub use crate::pattern::cache::{LazyPattern, PatternCache};
pub use crate::pattern::compiled::{Dialect, Pattern, to_ecma262};
pub use crate::pattern::engine::{BACKTRACK_LIMIT, EngineKind, MAX_BACKTRACKING_INPUT};
pub use crate::pattern::error::{ErrorKind, MatchError, PatternError};
