//! Lazy compilation for validators: [`LazyPattern`] (one per shape, in a `OnceLock`) and
//! [`PatternCache`] (keyed by pattern text, shared by all shapes). Either way a pattern is
//! compiled at most once, on first use, and a failure is remembered like a success.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::pattern::{Pattern, PatternError};

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
#[derive(Debug, Default)]
pub struct PatternCache {
    slots: Mutex<HashMap<String, Slot>>,
}

impl PatternCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> PatternCache {
        PatternCache::default()
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
        slot.get_or_init(|| Pattern::compile(source).map(Arc::new)).clone()
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
