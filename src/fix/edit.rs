//! Fixes as byte-range edits, and applying a set of them to one text.
//!
//! A finding's fix is computed where the finding is found (the validation
//! walk, `lint`), against the text that was read; this file only decides
//! which fixes can go in together and splices them. The rules are chosen to
//! be simple to state and deterministic, because `--fix` rewrites user
//! files: a fix that cannot be applied exactly as computed is left out as a
//! whole, never applied in part, and nothing outside the accepted edits
//! changes.

use std::collections::BTreeMap;
use std::ops::Bound;

use serde::Serialize;

use crate::doc::Span;

/// One replacement of a byte range of a file's text.
///
/// Offsets are byte offsets into the text the fix was computed on (the
/// same offsets as [`Span`]), `u32` as everywhere in the crate: documents
/// are capped far below 4 GiB.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Edit {
    /// First byte replaced.
    pub start: u32,
    /// One past the last byte replaced; equal to `start` for an insertion.
    pub end: u32,
    /// The text put in place of `start..end`.
    pub replacement: String,
}

impl Edit {
    /// Replaces `start..end` with `replacement`.
    #[must_use]
    pub fn new(start: u32, end: u32, replacement: impl Into<String>) -> Self {
        Self { start, end, replacement: replacement.into() }
    }

    /// Replaces what `span` covers: the findings carry spans, so most fixes
    /// are built from one.
    #[must_use]
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self::new(span.start, span.end, replacement)
    }

    /// Inserts `text` before the byte at `at`.
    #[must_use]
    pub fn insertion(at: u32, text: impl Into<String>) -> Self {
        Self::new(at, at, text)
    }

    /// Removes `start..end`.
    #[must_use]
    pub fn deletion(start: u32, end: u32) -> Self {
        Self::new(start, end, String::new())
    }

    /// Whether this edit only inserts (its range is empty).
    #[must_use]
    pub const fn is_insertion(&self) -> bool {
        self.start == self.end
    }

    /// Whether the two edits cannot both be applied unambiguously: their
    /// ranges share a byte, or they start at the same offset (two
    /// insertions at one place, or an insertion where a replacement
    /// starts, have no single right order). Edits that only touch — one
    /// ends where the other starts — do not conflict.
    #[must_use]
    pub const fn conflicts_with(&self, other: &Self) -> bool {
        self.start == other.start || (self.start < other.end && other.start < self.end)
    }
}

/// How sure a fix is, in the order `--fix` / `--unsafe-fixes` enable them.
///
/// `Safe < Unsafe`, so "the fixes at or below a level" is a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning the user evidently intended (a typo of an enum
    /// value with one close match, say); applied by `--fix`.
    Safe,
    /// Probably right but may change meaning (the closest of several
    /// values, a dropped unknown key); applied only with `--unsafe-fixes`.
    Unsafe,
}

/// A finding's fix: all its edits apply together or not at all.
///
/// One fix may need several edits (renaming a key and its closing quote,
/// inserting a member and a comma); applying only some of them would leave
/// a broken document, hence all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
pub struct Fix {
    /// Whether `--fix` alone applies it.
    pub applicability: Applicability,
    /// The edits, in any order; they may not conflict with one another
    /// ([`Edit::conflicts_with`]).
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of the given applicability.
    #[must_use]
    pub const fn new(applicability: Applicability, edits: Vec<Edit>) -> Self {
        Self { applicability, edits }
    }

    /// A safe fix of these edits.
    #[must_use]
    pub const fn safe_edits(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, edits)
    }

    /// A safe fix of one edit.
    #[must_use]
    pub fn safe_edit(edit: Edit) -> Self {
        Self::safe_edits(vec![edit])
    }

    /// An unsafe fix of these edits.
    #[must_use]
    pub const fn unsafe_edits(edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, edits)
    }

    /// An unsafe fix of one edit.
    #[must_use]
    pub fn unsafe_edit(edit: Edit) -> Self {
        Self::unsafe_edits(vec![edit])
    }

    /// The smallest start of its edits: where [`apply`] places it in the
    /// order of position (`None` for a fix without edits).
    #[must_use]
    pub fn min_start(&self) -> Option<u32> {
        self.edits.iter().map(|e| e.start).min()
    }

    /// Whether a run that enables fixes up to `level` applies this one.
    #[must_use]
    pub fn is_enabled(&self, level: Applicability) -> bool {
        self.applicability <= level
    }
}

/// The outcome of applying fixes to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// Indices (into the slice given to [`apply`]) of the fixes applied,
    /// ascending.
    pub applied: Vec<usize>,
    /// Indices of the enabled fixes left out, ascending: a fix without
    /// edits, with an edit outside the text, off a character boundary or
    /// with `start > end`, with conflicting edits of its own, or with an
    /// edit conflicting with a fix applied before it. A caller may re-check
    /// the new text and apply what is still needed in a further pass.
    pub skipped: Vec<usize>,
    /// Indices of the fixes above the level asked for, ascending (neither
    /// applied nor skipped), so that the caller can say how many more
    /// `--unsafe-fixes` would apply.
    pub not_enabled: Vec<usize>,
}

impl Applied {
    /// Whether the text changed (some fix was applied; a fix whose edits
    /// change nothing still counts as applied).
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Applies the fixes at or below `level` to `text`.
///
/// Fixes are taken in order of position — the smallest start of their
/// edits, then their index — and each is accepted whole or skipped whole:
/// skipped if it has no edits, if an edit is invalid (`start > end`, past
/// the end of `text`, or not on a `char` boundary), if two of its own edits
/// conflict, or if one of its edits conflicts ([`Edit::conflicts_with`])
/// with an edit of a fix already accepted. Earlier fixes therefore win, the
/// same way every run. Every byte outside the accepted edits is kept
/// exactly (a byte-order mark, CRLF line ends, a missing final newline).
#[must_use]
pub fn apply(text: &str, fixes: &[Fix], level: Applicability) -> Applied {
    let mut order: Vec<(u32, usize)> = Vec::with_capacity(fixes.len());
    let mut skipped = Vec::new();
    let mut not_enabled = Vec::new();
    for (index, fix) in fixes.iter().enumerate() {
        if !fix.is_enabled(level) {
            not_enabled.push(index);
        } else if let Some(start) = fix.min_start() {
            order.push((start, index));
        } else {
            skipped.push(index);
        }
    }
    order.sort_unstable();

    let mut accepted = Accepted::default();
    let mut applied = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    for &(_, index) in &order {
        let Some(fix) = fixes.get(index) else { continue };
        edits.clear();
        edits.extend(fix.edits.iter());
        edits.sort_unstable_by_key(|e| (e.start, e.end));
        let valid = edits.iter().all(|e| is_valid(text, e))
            && edits.windows(2).all(|pair| match pair {
                [a, b] => !a.conflicts_with(b),
                _ => true,
            })
            && edits.iter().all(|e| !accepted.conflicts(e));
        if valid {
            for e in edits.iter().copied() {
                accepted.insert(e);
            }
            applied.push(index);
        } else {
            skipped.push(index);
        }
    }
    applied.sort_unstable();
    skipped.sort_unstable();

    let mut out = String::with_capacity(text.len().saturating_add(accepted.growth));
    let mut pos = 0usize;
    for (&start, &(end, replacement)) in &accepted.by_start {
        out.push_str(text.get(pos..start as usize).unwrap_or_default());
        out.push_str(replacement);
        pos = end as usize;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    Applied { text: out, applied, skipped, not_enabled }
}

/// Whether `edit` addresses `text`: an ordered range inside it, on `char`
/// boundaries (so that the result is still UTF-8 and no character is cut).
fn is_valid(text: &str, edit: &Edit) -> bool {
    edit.start <= edit.end
        && text.is_char_boundary(edit.start as usize)
        && text.is_char_boundary(edit.end as usize)
}

/// The edits accepted so far, by start. Accepted edits never conflict, so
/// their starts are distinct and the ranges disjoint: an edit conflicts
/// with the set iff it conflicts with its nearest neighbour on either side,
/// two `O(log n)` look-ups.
#[derive(Default)]
struct Accepted<'a> {
    /// start → (end, replacement).
    by_start: BTreeMap<u32, (u32, &'a str)>,
    /// Bytes added by the replacements, to size the output once.
    growth: usize,
}

impl<'a> Accepted<'a> {
    fn conflicts(&self, edit: &Edit) -> bool {
        // The last accepted edit starting at or before this one: the same
        // start, or a range reaching past this start, conflicts. Earlier
        // ones end at or before its start (the set is disjoint).
        let before = self.by_start.range(..=edit.start).next_back();
        if before.is_some_and(|(&start, &(end, _))| start == edit.start || end > edit.start) {
            return true;
        }
        // The first accepted edit starting after this one conflicts if it
        // starts inside this range.
        let mut after = self.by_start.range((Bound::Excluded(edit.start), Bound::Unbounded));
        after.next().is_some_and(|(&start, _)| start < edit.end)
    }

    fn insert(&mut self, edit: &'a Edit) {
        self.growth = self.growth.saturating_add(edit.replacement.len());
        self.by_start.insert(edit.start, (edit.end, edit.replacement.as_str()));
    }
}
