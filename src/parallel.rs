//! A slice mapped on all cores with the `parallel` feature, and in order on
//! the calling thread without it: the one place that chooses, so that the
//! callers (the files of a lint, the pieces of a long script) read the same
//! either way.

/// `f` of each item, in the items' order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}
