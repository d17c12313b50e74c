//! Lazy compilation for validators: [`LazyPattern`] (one per shape, in a `OnceLock`) and
//! [`PatternCache`] (keyed by pattern text, shared by all shapes). Either way a pattern is
//! compiled at most once, on first use, and a failure is remembered like a success.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::pattern::budget::{BACKTRACKING_BUDGET, Budget};
use crate::pattern::compiled::Pattern;
use crate::pattern::error::PatternError;

/// A pattern compiled on first use.
#[derive(Debug)]
pub struct LazyPattern {
    source: String,
    cell: OnceLock<Result<Pattern, PatternError>>,
}

impl LazyPattern {
    /// Remembers `source` without compiling it.
    pub fn new(source: impl Into<String>) -> LazyPattern {
        LazyPattern { source: source.into(), cell: OnceLock::new() }
    }

    /// The pattern text.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled pattern, compiling it on the first call.
    ///
    /// # Errors
    ///
    /// The (remembered) [`PatternError`] if the pattern is not checkable.
    pub fn get(&self) -> Result<&Pattern, &PatternError> {
        self.cell.get_or_init(|| Pattern::compile(&self.source)).as_ref()
    }
}

type Slot = Arc<OnceLock<Result<Arc<Pattern>, PatternError>>>;

/// Compiled patterns keyed by their text; `Send + Sync`, so one cache can serve many threads.
///
/// The patterns of one cache share one time budget for backtracking searches
/// ([`BACKTRACKING_BUDGET`](super::BACKTRACKING_BUDGET)): a cache is one run.
#[derive(Debug)]
pub struct PatternCache {
    slots: Mutex<HashMap<String, Slot>>,
    budget: Arc<Budget>,
}

impl Default for PatternCache {
    fn default() -> Self {
        PatternCache::with_budget(BACKTRACKING_BUDGET)
    }
}

impl PatternCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> PatternCache {
        PatternCache::default()
    }

    /// An empty cache whose backtracking searches may take `budget` in total.
    #[must_use]
    pub fn with_budget(budget: std::time::Duration) -> PatternCache {
        PatternCache { slots: Mutex::default(), budget: Arc::new(Budget::new(budget)) }
    }

    /// The compiled pattern for `source`, compiled on first request. The map lock is held only
    /// to find the slot, so patterns compile in parallel.
    ///
    /// # Errors
    ///
    /// The (remembered) [`PatternError`] if the pattern is not checkable.
    pub fn get(&self, source: &str) -> Result<Arc<Pattern>, PatternError> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            // Look up before `entry`, which needs an owned key: after the first
            // value of a shape every lookup is a hit, and allocates nothing.
            match slots.get(source) {
                Some(slot) => Arc::clone(slot),
                None => Arc::clone(slots.entry(source.to_owned()).or_default()),
            }
        };
        slot.get_or_init(|| {
            Pattern::compile(source).map(|p| Arc::new(p.with_budget(Arc::clone(&self.budget))))
        })
        .clone()
    }

    /// Number of distinct pattern texts seen.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// True if no pattern has been requested yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::pattern::{EngineKind, MatchError};

    /// A slow back-reference pattern over many values: the run ends soon
    /// after the budget, and the rest answer `BudgetExhausted`.
    #[test]
    fn backtracking_searches_share_one_budget() {
        let cache = PatternCache::with_budget(Duration::from_millis(100));
        let pattern = cache.get(r"(x|x)*\1y|z").map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pattern.engine(), EngineKind::Backtracking);
        // Each search hits the backtrack limit (about 10 ms in a debug build).
        let value = "x".repeat(30) + "z";
        let start = crate::test_clock::Clock::start();
        let mut exhausted = 0;
        for _ in 0..2_000 {
            if let Err(e @ MatchError::BudgetExhausted { .. }) = pattern.is_match(&value) {
                exhausted += 1;
                assert!(e.to_string().contains("took 0.1 s"), "{e}");
            }
        }
        assert!(exhausted > 1_000, "{exhausted}");
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        // The same pattern from another cache (another run) is not affected,
        // nor are linear-time patterns of the spent cache.
        let other = PatternCache::new().get(r"(x|x)*\1y|z").map_err(|e| e.to_string());
        assert!(other.is_ok_and(|p| !matches!(p.is_match("z"), Err(MatchError::BudgetExhausted { .. }))));
        let linear = cache.get("^[a-z]+$").map_err(|e| e.to_string());
        assert_eq!(linear.map(|p| p.is_match("abc")), Ok(Ok(true)));
    }
}
