//! Monotone maps from byte offsets of a derived text back to the text it
//! was derived from.
//!
//! A YAML block scalar without its indentation, a Makefile recipe without
//! its `$$`, a shell word without its quotes: each is a derived text whose
//! bytes came, in order, from places in an outer text. Keeping every byte's
//! origin would cost eight bytes a byte; a map keeps one run per stretch
//! copied unchanged, and answers by binary search.

/// Runs of `(local, outer)`: local offset `local + k` came from outer
/// offset `outer + k`, until the next run starts. Sorted by `local`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    runs: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The identity map.
    #[must_use]
    pub fn identity() -> OffsetMap {
        OffsetMap::shifted(0)
    }

    /// Local offset `k` came from outer offset `start + k`.
    #[must_use]
    pub fn shifted(start: usize) -> OffsetMap {
        OffsetMap { runs: vec![(0, start)] }
    }

    /// An empty map: every offset maps to 0 (use [`OffsetMap::push`]).
    #[must_use]
    pub fn new() -> OffsetMap {
        OffsetMap::default()
    }

    /// Whether no run was pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// From local offset `local` on, bytes come from `outer` on. Runs must
    /// be pushed in increasing `local` order; a run at the same `local` as
    /// the last one replaces it, and a run that continues the last one
    /// (same distance) is not stored.
    pub fn push(&mut self, local: usize, outer: usize) {
        if let Some(&(l, o)) = self.runs.last() {
            if l == local {
                self.runs.pop();
            } else if local > l && local - l == outer.wrapping_sub(o) {
                return;
            }
        }
        self.runs.push((local, outer));
    }

    /// Every outer offset moved `by` bytes on (the outer text was a piece
    /// of a longer one, starting at `by`).
    pub fn shift(&mut self, by: usize) {
        for run in &mut self.runs {
            run.1 += by;
        }
    }

    /// Where local offset `local` came from.
    #[must_use]
    pub fn outer(&self, local: usize) -> usize {
        let i = self.runs.partition_point(|&(l, _)| l <= local);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(l, o)) => o + (local - l),
            None => self.runs.first().map_or(local, |&(_, o)| o),
        }
    }

    /// Whether local bytes `range` came from consecutive outer bytes, in
    /// order: no byte of the outer text between them was dropped (a quote,
    /// an escape's backslash, a Makefile's second `$`, a YAML indentation)
    /// and none was repeated (a substitution maps every byte to one place).
    /// That is what makes an edit of those bytes an edit of the outer text.
    /// An empty range is contiguous.
    #[must_use]
    pub fn is_contiguous(&self, range: std::ops::Range<usize>) -> bool {
        // Consecutive runs always differ in distance (`push` merges the
        // ones that do not), so a run starting strictly inside the range
        // is a jump.
        let first = self.runs.partition_point(|&(l, _)| l <= range.start);
        self.runs.get(first).is_none_or(|&(l, _)| l >= range.end)
    }

    /// This map followed by `outer`: local offsets straight to `outer`'s
    /// outer offsets.
    #[must_use]
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let mut composed = OffsetMap::new();
        for (i, &(l, o)) in self.runs.iter().enumerate() {
            let end = self.runs.get(i + 1).map_or(usize::MAX, |&(next, _)| next);
            composed.push(l, outer.outer(o));
            // Every run of `outer` that starts inside this run's image.
            let len = end.saturating_sub(l);
            let first = outer.runs.partition_point(|&(ol, _)| ol <= o);
            for &(ol, oo) in outer.runs.iter().skip(first) {
                if ol - o >= len {
                    break;
                }
                composed.push(l + (ol - o), oo);
            }
        }
        composed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_map_by_distance() {
        let mut map = OffsetMap::new();
        map.push(0, 10);
        map.push(3, 20);
        map.push(4, 21); // continues the run: not stored
        assert_eq!(map.runs.len(), 2);
        assert_eq!((map.outer(0), map.outer(2), map.outer(3), map.outer(5)), (10, 12, 20, 22));
    }

    #[test]
    fn contiguity_is_no_run_starting_inside() {
        let mut map = OffsetMap::new();
        map.push(0, 10);
        map.push(3, 20);
        assert!(map.is_contiguous(0..3));
        assert!(map.is_contiguous(3..9));
        assert!(!map.is_contiguous(2..4));
        assert!(map.is_contiguous(2..2));
        // Every byte from one place (a substitution): never contiguous.
        let mut same = OffsetMap::new();
        for k in 0..4 {
            same.push(k, 7);
        }
        assert!(!same.is_contiguous(0..2));
        assert!(same.is_contiguous(1..2));
    }

    #[test]
    fn composition_equals_applying_both() {
        let mut inner = OffsetMap::new();
        inner.push(0, 5);
        inner.push(4, 12);
        let mut outer = OffsetMap::new();
        outer.push(0, 100);
        outer.push(7, 200);
        outer.push(13, 300);
        let composed = inner.then(&outer);
        for k in 0..10 {
            assert_eq!(composed.outer(k), outer.outer(inner.outer(k)), "offset {k}");
        }
    }
}
