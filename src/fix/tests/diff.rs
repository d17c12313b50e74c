//! `unified_diff` against GNU diffutils: `patch` turns the old text into
//! the new one with it, the change counts equal `diff -u`'s (both are
//! minimal), and where the shortest diff is unique the hunks are `diff -u`'s
//! byte for byte. `diff` and `patch` are required: a machine without them
//! fails these tests rather than skipping them.

use std::process::Command;

use proptest::prelude::*;

use super::TempDir;
use crate::fix::unified_diff;

/// The hunks `diff -u --minimal` prints for `old` → `new` (its two header
/// lines, which carry the file names and times, left out). Without
/// `--minimal` GNU diff takes shortcuts and is not always minimal: for
/// six `c` lines against `a a a c a a a b` it deletes every `c`.
fn gnu_hunks(old: &str, new: &str) -> String {
    let dir = TempDir::new("gnu-diff");
    let (a, b) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let out = Command::new("diff")
        .arg("-u")
        .arg("--minimal")
        .arg("-a")
        .arg(&a)
        .arg(&b)
        .output()
        .expect("GNU diff must be installed");
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "diff failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    hunks(&text).to_string()
}

/// A diff without its two header lines.
fn hunks(diff: &str) -> &str {
    let mut rest = diff;
    for _ in 0..2 {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// `old` with `diff` applied by GNU `patch`, exactly (no fuzz, no offset
/// tolerance that would hide wrong line numbers: `patch` reports an offset
/// on stdout, which must stay silent).
fn gnu_patch(old: &str, diff: &str) -> String {
    let dir = TempDir::new("gnu-patch");
    let (file, patch, out) = (dir.path().join("file"), dir.path().join("p.diff"), dir.path().join("out"));
    std::fs::write(&file, old).unwrap();
    std::fs::write(&patch, diff).unwrap();
    let run = Command::new("patch")
        .args(["--force", "--binary", "--fuzz=0", "--no-backup-if-mismatch", "-r", "-", "-o"])
        .arg(&out)
        .arg(&file)
        .arg(&patch)
        .output()
        .expect("GNU patch must be installed");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "patch failed: {stdout} {}\n{diff}", String::from_utf8_lossy(&run.stderr));
    assert!(!stdout.contains("offset") && !stdout.contains("fuzz"), "patch had to guess: {stdout}\n{diff}");
    std::fs::read_to_string(&out).unwrap_or_default()
}

fn counts(hunks: &str) -> (usize, usize) {
    let lines = hunks.lines().filter(|l| !l.starts_with("@@"));
    lines.fold((0, 0), |(minus, plus), l| match l.as_bytes().first() {
        Some(b'-') => (minus + 1, plus),
        Some(b'+') => (minus, plus + 1),
        _ => (minus, plus),
    })
}

/// Checks `old` → `new` every way; `exact` also asks for `diff -u`'s hunks.
fn check(old: &str, new: &str, exact: bool) {
    let ours = unified_diff("f.txt", old, new);
    if old == new {
        assert_eq!(ours, "");
        return;
    }
    assert!(ours.starts_with("--- a/f.txt\n+++ b/f.txt\n@@ -"), "{ours}");
    assert_eq!(gnu_patch(old, &ours), new, "patch of {old:?} -> {new:?}:\n{ours}");
    let gnu = gnu_hunks(old, new);
    assert_eq!(counts(hunks(&ours)), counts(&gnu), "not minimal, {old:?} -> {new:?}:\n{ours}\nGNU:\n{gnu}");
    if exact {
        assert_eq!(hunks(&ours), gnu, "{old:?} -> {new:?}");
    }
}

#[test]
fn fix_diff_of_equal_texts_is_empty() {
    assert_eq!(unified_diff("x", "", ""), "");
    assert_eq!(unified_diff("x", "a\nb", "a\nb"), "");
}

#[test]
fn fix_diff_matches_gnu_on_edge_cases() {
    let cases = [
        ("", "a\n"),
        ("a\n", ""),
        ("", "a"),
        ("a", ""),
        ("a", "a\n"),
        ("a\n", "a"),
        ("a", "b"),
        ("a\nb", "a\nc"),
        ("a\r\nb\r\n", "a\nb\r\n"),
        ("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n"),
        ("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\n9"),
        ("\u{feff}{\n}\n", "{\n}\n"),
    ];
    for (old, new) in cases {
        check(old, new, true);
    }
}

#[test]
fn fix_diff_merges_hunks_as_gnu_does() {
    // Two changes with 5, 6, 7 and 8 unchanged lines between them: one hunk
    // up to twice the context, two beyond.
    for gap in 5..=8 {
        let old: String = (0..gap + 10).map(|i| format!("{i}\n")).collect();
        let new = old.replacen("2\n", "two\n", 1).replacen(
            &format!("\n{}\n", gap + 3),
            &format!("\nX{}\n", gap + 3),
            1,
        );
        let ours = unified_diff("f", &old, &new);
        assert_eq!(ours.matches("@@ -").count(), if gap <= 6 { 1 } else { 2 }, "gap {gap}:\n{ours}");
        check(&old, &new, true);
    }
}

#[test]
fn fix_diff_quotes_awkward_paths() {
    let diff = unified_diff("dir/a b.yaml", "a\n", "b\n");
    assert!(diff.starts_with("--- a/dir/a b.yaml\n+++ b/dir/a b.yaml\n"));
    let diff = unified_diff("x\ty\"\\\n\u{1b}.json", "a\n", "b\n");
    assert!(
        diff.starts_with("--- \"a/x\\ty\\\"\\\\\\n\\033.json\"\n+++ \"b/x\\ty\\\"\\\\\\n\\033.json\"\n"),
        "{diff}"
    );
}

#[test]
fn fix_diff_of_large_texts_is_bounded_and_correct() {
    // Fast path: one change in a megabyte.
    let old: String = (0..60_000).map(|i| format!("line {i:>10}\n")).collect();
    let new = old.replacen("line      30000\n", "line      30000 changed\n", 1);
    let started = crate::test_clock::Clock::start();
    let diff = unified_diff("big", &old, &new);
    assert_eq!(hunks(&diff), gnu_hunks(&old, &new));
    // Past the budget: everything differs (12,000 differences), so the
    // middle becomes one change; still a diff that `patch` applies.
    let a: String = (0..6_000).map(|i| format!("a{i}\n")).collect();
    let b: String = (0..6_000).map(|i| format!("b{i}\n")).collect();
    let diff = unified_diff("f", &a, &b);
    assert_eq!(diff.matches("@@ -").count(), 1);
    assert_eq!(counts(hunks(&diff)), (6_000, 6_000));
    assert_eq!(gnu_patch(&a, &diff), b);
    // Interleaved common lines, so Myers works hard before giving up.
    let a: String =
        (0..20_000).map(|i| if i % 2 == 0 { "same\n".to_string() } else { format!("a{i}\n") }).collect();
    let b: String =
        (0..20_000).map(|i| if i % 3 == 0 { "same\n".to_string() } else { format!("b{i}\n") }).collect();
    let diff = unified_diff("f", &a, &b);
    assert_eq!(gnu_patch(&a, &diff), b);
    // Long runs of one line, shifted: long snakes on many diagonals.
    let a = "x\n".repeat(200_000) + "y\n";
    let b = "z\n".to_string() + &"x\n".repeat(200_000);
    let diff = unified_diff("f", &a, &b);
    assert_eq!(counts(hunks(&diff)), (1, 1));
    assert_eq!(gnu_patch(&a, &diff), b);
    // Within the budget: 400 scattered changes (800 differences) stay minimal.
    let a: String = (0..6_000).map(|i| format!("{}\n", i % 50)).collect();
    let b: String =
        (0..6_000).map(|i| if i % 15 == 3 { "new\n".to_string() } else { format!("{}\n", i % 50) }).collect();
    let diff = unified_diff("f", &a, &b);
    assert_eq!(counts(hunks(&diff)), (400, 400));
    assert_eq!(counts(hunks(&diff)), counts(&gnu_hunks(&a, &b)));
    assert_eq!(gnu_patch(&a, &diff), b);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

// --- properties ---------------------------------------------------------

/// Line-oriented texts over a few distinct lines (many repeats, the hard
/// case for choosing which lines match), with CRLF now and then and the
/// final newline sometimes missing.
fn arb_text() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec!["a\n", "b\n", "c\n", "\n", "a b\n", "é\n", "a\r\n", "}\n"]);
    (prop::collection::vec(line, 0..30), any::<bool>()).prop_map(|(lines, cut)| {
        let mut text = lines.concat();
        if cut {
            text.pop();
        }
        text
    })
}

/// A text and a few local edits of it (as fixes make): lines replaced,
/// inserted or deleted at random places.
fn arb_local_pair(edits: std::ops::Range<usize>) -> impl Strategy<Value = (String, String)> {
    let edit = (
        any::<prop::sample::Index>(),
        0..3usize,
        prop::sample::select(vec!["", "x\n", "a\n", "x\ny\n", "b"]),
    );
    (arb_text(), prop::collection::vec(edit, edits)).prop_map(|(old, edits)| {
        let mut lines: Vec<String> = old.split_inclusive('\n').map(str::to_string).collect();
        for (at, remove, insert) in edits {
            let at = at.index(lines.len() + 1);
            let remove = remove.min(lines.len() - at);
            lines.splice(at..at + remove, insert.split_inclusive('\n').map(str::to_string));
        }
        let new = lines.concat();
        (old, new)
    })
}

/// Whether the shortest diff of `old` → `new` leaves `diff -u` no choice
/// but the one [`unified_diff`] also makes: after the common prefix and
/// suffix, one side is empty (a run of lines inserted or deleted, which
/// both slide the same way) or the two sides share no line (a single
/// replacement). Otherwise several shortest diffs differ in which of two
/// equal lines they keep, and only their sizes are compared.
fn unique(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    a_mid.is_empty() || b_mid.is_empty() || a_mid.iter().all(|l| !b_mid.contains(l))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn fix_diff_of_one_edit_is_gnu_diffs((old, new) in arb_local_pair(1..2)) {
        let exact = unique(&old, &new);
        check(&old, &new, exact);
    }

    #[test]
    fn fix_diff_of_local_edits_patches_back((old, new) in arb_local_pair(1..4)) {
        let exact = unique(&old, &new);
        check(&old, &new, exact);
    }

    #[test]
    fn fix_diff_of_unrelated_texts_patches_back(old in arb_text(), new in arb_text()) {
        check(&old, &new, false);
    }
}
