//! A compiled model pattern: parsed with ECMA-262 meaning, translated for
//! a Rust engine, matched within the run's backtracking budget.

use crate::pattern::budget;
use crate::pattern::engine::{self, EngineKind};
use crate::pattern::error::{MatchError, PatternError};
use crate::pattern::{parse, translate};

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
    /// [`ErrorKind::Syntax`](crate::pattern::ErrorKind::Syntax) or [`ErrorKind::Unsupported`](crate::pattern::ErrorKind::Unsupported) if the text has no single meaning,
    /// [`ErrorKind::TooLarge`](crate::pattern::ErrorKind::TooLarge) if it exceeds a size limit, [`ErrorKind::Engine`](crate::pattern::ErrorKind::Engine) if the Rust
    /// engine rejects the translation, [`ErrorKind::Internal`](crate::pattern::ErrorKind::Internal) if an engine panicked.
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
