//! A time budget shared by every backtracking search of one run.
//!
//! Each `fancy-regex` search is bounded ([`BACKTRACK_LIMIT`] steps,
//! [`MAX_BACKTRACKING_INPUT`] characters), but a model may give a pattern
//! whose every search takes milliseconds (`(x|x)*\1y|z`: about 6.6 ms per
//! value), and a document may hold any number of values. So the
//! backtracking searches of one [`PatternCache`] — one validation run,
//! across all its threads — share [`BACKTRACKING_BUDGET`] of wall-clock
//! time; once it is spent, each further backtracking search returns
//! [`MatchError::BudgetExhausted`] at once (the validator reports it as
//! `pattern-unchecked`). The linear-time `regex` engine, which runs all but
//! a handful of botocore's patterns, is never charged.
//!
//! [`BACKTRACK_LIMIT`]: super::BACKTRACK_LIMIT
//! [`MAX_BACKTRACKING_INPUT`]: super::MAX_BACKTRACKING_INPUT
//! [`PatternCache`]: super::PatternCache
//! [`MatchError::BudgetExhausted`]: super::MatchError::BudgetExhausted

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The backtracking search time one run may spend. A real value takes
/// microseconds, so this is hundreds of thousands of real searches.
pub const BACKTRACKING_BUDGET: Duration = Duration::from_secs(3);

/// Time spent so far, in nanoseconds, against a limit.
#[derive(Debug)]
pub(crate) struct Budget {
    spent_nanos: AtomicU64,
    limit: Duration,
}

impl Budget {
    pub(crate) fn new(limit: Duration) -> Budget {
        Budget { spent_nanos: AtomicU64::new(0), limit }
    }

    /// Whether the budget is spent.
    pub(crate) fn exhausted(&self) -> bool {
        Duration::from_nanos(self.spent_nanos.load(Ordering::Relaxed)) >= self.limit
    }

    /// Runs `search`, charging its duration.
    pub(crate) fn charge<T>(&self, search: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = search();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.spent_nanos.fetch_add(nanos, Ordering::Relaxed);
        result
    }

    pub(crate) fn limit(&self) -> Duration {
        self.limit
    }
}
