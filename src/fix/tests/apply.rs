//! `apply`: examples of each rule, and properties against a naive
//! reference implementation.

use proptest::prelude::*;

use crate::doc::Span;
use crate::fix::{Applicability, Edit, Fix, apply};

use Applicability::{Safe, Unsafe};

fn texts(applied: &crate::fix::Applied) -> (&str, &[usize], &[usize], &[usize]) {
    (&applied.text, &applied.applied, &applied.skipped, &applied.not_enabled)
}

#[test]
fn fix_replaces_inserts_and_deletes() {
    let fixes = [
        Fix::safe_edit(Edit::new(0, 3, "one")),
        Fix::safe_edit(Edit::insertion(4, "[")),
        Fix::safe_edit(Edit::deletion(8, 9)),
        Fix::safe_edit(Edit::replace(Span::new(12, 15), "Z")),
    ];
    let out = apply("abc defg hi xyz", &fixes, Safe);
    assert_eq!(texts(&out), ("one [defghi Z", &[0, 1, 2, 3][..], &[][..], &[][..]));
    assert!(out.changed());
}

#[test]
fn fix_level_selects_unsafe_fixes() {
    let fixes = [Fix::unsafe_edit(Edit::new(0, 1, "X")), Fix::safe_edit(Edit::new(2, 3, "Y"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)), ("abY", &[1][..], &[][..], &[0][..]));
    assert_eq!(texts(&apply("abc", &fixes, Unsafe)), ("XbY", &[0, 1][..], &[][..], &[][..]));
    assert!(Safe < Unsafe);
    assert_eq!(serde_json::to_string(&[Safe, Unsafe]).unwrap(), r#"["safe","unsafe"]"#);
    let json = serde_json::to_string(&fixes[0]).unwrap();
    assert_eq!(json, r#"{"applicability":"unsafe","edits":[{"start":0,"end":1,"replacement":"X"}]}"#);
}

#[test]
fn fix_earlier_position_wins_and_whole_fix_is_skipped() {
    // Fix 0 starts later but one of its edits overlaps fix 1, which starts
    // first: fix 1 wins, and fix 0 is dropped with both its edits.
    let fixes = [
        Fix::safe_edits(vec![Edit::new(6, 7, "G"), Edit::new(2, 4, "CD")]),
        Fix::safe_edit(Edit::new(1, 3, "--")),
    ];
    assert_eq!(texts(&apply("abcdefg", &fixes, Safe)), ("a--defg", &[1][..], &[0][..], &[][..]));
    // Same start: the lower index wins.
    let fixes = [Fix::safe_edit(Edit::new(1, 2, "X")), Fix::safe_edit(Edit::new(1, 2, "Y"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)), ("aXc", &[0][..], &[1][..], &[][..]));
}

#[test]
fn fix_insertions_at_one_offset_conflict_but_touching_edits_do_not() {
    let fixes = [Fix::safe_edit(Edit::insertion(1, "X")), Fix::safe_edit(Edit::insertion(1, "Y"))];
    assert_eq!(texts(&apply("ab", &fixes, Safe)), ("aXb", &[0][..], &[1][..], &[][..]));
    // An insertion where a replacement starts conflicts; where it ends, not.
    let fixes = [Fix::safe_edit(Edit::new(1, 2, "B")), Fix::safe_edit(Edit::insertion(1, "X"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)).0, "aBc");
    let fixes = [Fix::safe_edit(Edit::new(1, 2, "B")), Fix::safe_edit(Edit::insertion(2, "X"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)).0, "aBXc");
    // Adjacent replacements both apply; an insertion inside a range does not.
    let fixes = [Fix::safe_edit(Edit::new(0, 1, "A")), Fix::safe_edit(Edit::new(1, 2, "B"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)).0, "ABc");
    let fixes = [Fix::safe_edit(Edit::new(0, 3, "ABC")), Fix::safe_edit(Edit::insertion(1, "X"))];
    assert_eq!(texts(&apply("abc", &fixes, Safe)).1, &[0]);
}

#[test]
fn fix_invalid_fixes_are_skipped() {
    let text = "aé😀";
    let fixes = [
        Fix::safe_edits(vec![]),                                           // nothing to apply
        Fix::safe_edit(Edit::new(2, 3, "e")),                              // inside é
        Fix::safe_edit(Edit::new(3, 9, "")),                               // past the end
        Fix::safe_edit(Edit::new(3, 1, "")),                               // reversed
        Fix::safe_edits(vec![Edit::new(0, 1, "A"), Edit::new(0, 1, "B")]), // conflicts with itself
        Fix::safe_edits(vec![Edit::insertion(0, "<"), Edit::insertion(7, ">")]),
    ];
    assert_eq!(texts(&apply(text, &fixes, Safe)), ("<aé😀>", &[5][..], &[0, 1, 2, 3, 4][..], &[][..]));
}

#[test]
fn fix_keeps_every_byte_outside_the_edits() {
    let text = "\u{feff}{\r\n  \"A\": 1,\r\n  \"B\": 2\r\n}";
    let at = text.find('1').unwrap() as u32;
    let out = apply(text, &[Fix::safe_edit(Edit::new(at, at + 1, "\"1\""))], Safe);
    assert_eq!(out.text, "\u{feff}{\r\n  \"A\": \"1\",\r\n  \"B\": 2\r\n}");
    let none = apply(text, &[], Unsafe);
    assert_eq!(texts(&none), (text, &[][..], &[][..], &[][..]));
    assert!(!none.changed());
}

// --- properties ---------------------------------------------------------

/// The reference: the same rules written the slow, obvious way (every
/// accepted edit compared with every other; splicing from the end).
fn reference(text: &str, fixes: &[Fix], level: Applicability) -> (String, Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).filter(|&i| fixes[i].applicability <= level).collect();
    order.sort_by_key(|&i| (fixes[i].edits.iter().map(|e| e.start).min(), i));
    let mut accepted: Vec<&Edit> = Vec::new();
    let (mut applied, mut skipped) = (Vec::new(), Vec::new());
    for i in order {
        let edits = &fixes[i].edits;
        let valid = !edits.is_empty()
            && edits.iter().all(|e| e.start <= e.end && text.get(e.start as usize..e.end as usize).is_some())
            && edits.iter().enumerate().all(|(j, a)| edits[j + 1..].iter().all(|b| !a.conflicts_with(b)))
            && edits.iter().all(|e| accepted.iter().all(|a| !a.conflicts_with(e)));
        if valid {
            accepted.extend(edits);
            applied.push(i);
        } else {
            skipped.push(i);
        }
    }
    accepted.sort_by_key(|e| e.start);
    let mut out = text.to_string();
    for e in accepted.iter().rev() {
        out.replace_range(e.start as usize..e.end as usize, &e.replacement);
    }
    applied.sort_unstable();
    skipped.sort_unstable();
    (out, applied, skipped)
}

/// Texts with multi-byte characters, CRLF and a byte-order mark, so that
/// random offsets often fall inside a character.
fn arb_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "b", " ", "\n", "\r\n", "é", "😀", "\u{feff}", "xyz"]),
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn arb_edit(len: usize) -> impl Strategy<Value = Edit> {
    let bound = len as u32 + 2;
    (0..=bound, 0..=4u32, prop::sample::select(vec!["", "X", "é", "\n", "abc", "😀"]), 0..10u8).prop_map(
        move |(start, width, replacement, odd)| {
            // Now and then a reversed range.
            let end = if odd == 0 { start.saturating_sub(1) } else { (start + width).min(bound) };
            Edit::new(start, end, replacement)
        },
    )
}

fn arb_case() -> impl Strategy<Value = (String, Vec<Fix>)> {
    arb_text().prop_flat_map(|text| {
        let fix = (any::<bool>(), prop::collection::vec(arb_edit(text.len()), 0..4))
            .prop_map(|(safe, edits)| Fix::new(if safe { Safe } else { Unsafe }, edits));
        (Just(text), prop::collection::vec(fix, 0..8))
    })
}

proptest! {
    #[test]
    fn fix_apply_matches_the_reference((text, fixes) in arb_case(), unsafe_too in any::<bool>()) {
        let level = if unsafe_too { Unsafe } else { Safe };
        let out = apply(&text, &fixes, level);
        let (expected, applied, skipped) = reference(&text, &fixes, level);
        prop_assert_eq!(&out.text, &expected);
        prop_assert_eq!(&out.applied, &applied);
        prop_assert_eq!(&out.skipped, &skipped);
        // Every fix is in exactly one of the three lists.
        let mut all: Vec<usize> = out.applied.iter().chain(&out.skipped).chain(&out.not_enabled).copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..fixes.len()).collect::<Vec<_>>());
        for &i in &out.not_enabled {
            prop_assert!(fixes[i].applicability > level);
        }
        // Deterministic.
        prop_assert_eq!(apply(&text, &fixes, level), out);
    }

    #[test]
    fn fix_apply_keeps_bytes_outside_edits((text, fixes) in arb_case()) {
        let out = apply(&text, &fixes, Unsafe);
        let mut edits: Vec<&Edit> = out.applied.iter().flat_map(|&i| &fixes[i].edits).collect();
        edits.sort_by_key(|e| e.start);
        // Walk the original and the result side by side: each gap between
        // edits is found unchanged, then the replacement.
        let mut pos = 0usize;
        let mut rest = out.text.as_str();
        for e in &edits {
            let gap = &text[pos..e.start as usize];
            prop_assert!(rest.starts_with(gap), "gap {:?} changed", gap);
            rest = &rest[gap.len()..];
            prop_assert!(rest.starts_with(e.replacement.as_str()));
            rest = &rest[e.replacement.len()..];
            pos = e.end as usize;
        }
        prop_assert_eq!(rest, &text[pos..]);
    }

    #[test]
    fn fix_apply_never_applies_conflicting_fixes_and_skips_only_for_a_reason((text, fixes) in arb_case()) {
        let out = apply(&text, &fixes, Unsafe);
        let edits: Vec<&Edit> = out.applied.iter().flat_map(|&i| &fixes[i].edits).collect();
        for (j, a) in edits.iter().enumerate() {
            for b in &edits[j + 1..] {
                prop_assert!(!a.conflicts_with(b), "{:?} and {:?} both applied", a, b);
            }
        }
        // Greedy is maximal: a skipped fix is invalid alone, or conflicts
        // with an applied one.
        for &i in &out.skipped {
            let alone = apply(&text, std::slice::from_ref(&fixes[i]), Unsafe);
            let blocked = fixes[i].edits.iter().any(|e| edits.iter().any(|a| a.conflicts_with(e)));
            prop_assert!(alone.applied.is_empty() || blocked, "fix {} skipped for no reason", i);
        }
    }

    #[test]
    fn fix_apply_is_independent_of_input_order_for_distinct_starts((text, fixes) in arb_case(), seed in any::<u64>()) {
        // One fix per start (ties are broken by index, which a shuffle changes).
        let mut seen = std::collections::HashSet::new();
        let fixes: Vec<Fix> = fixes.into_iter().filter(|f| seen.insert(f.min_start())).collect();
        let mut shuffled = fixes.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(apply(&text, &shuffled, Unsafe).text, apply(&text, &fixes, Unsafe).text);
    }

    #[test]
    fn fix_identity_edits_change_nothing((text, fixes) in arb_case()) {
        // Each edit replaced by the text it covers (where it covers text):
        // applying them, once or again on the result, gives the text back.
        let same: Vec<Fix> = fixes
            .iter()
            .map(|f| {
                let edits = f.edits.iter().map(|e| {
                    let covered = text.get(e.start as usize..e.end as usize).unwrap_or("?");
                    Edit::new(e.start, e.end, covered)
                });
                Fix::new(f.applicability, edits.collect())
            })
            .collect();
        let once = apply(&text, &same, Unsafe);
        prop_assert_eq!(&once.text, &text);
        prop_assert_eq!(&apply(&once.text, &same, Unsafe).text, &text);
    }
}
