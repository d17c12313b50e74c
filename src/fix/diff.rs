//! Unified diffs of a file before and after its fixes, for `--diff`.
//!
//! The output is what `diff -u` and `git diff` print (without timestamps
//! or an index line), so that it can be read the usual way and fed to
//! `patch -p1` or `git apply`. Fixes are local, so the fast path is to trim
//! the lines both texts share at the start and at the end and to diff only
//! the middle; the middle is diffed with Myers' O(ND) algorithm, within a
//! budget of work and memory. Past the budget (texts that differ almost
//! everywhere, which fixes do not produce), the whole middle becomes one
//! change: a larger diff than needed, still correct, in bounded time.

use std::collections::HashMap;
use std::fmt::Write as _;

/// Lines of unchanged context around each change, as `diff -u`.
pub const CONTEXT: usize = 3;

/// The most differences (inserted plus deleted lines) Myers' algorithm
/// looks for before giving up on a minimal diff. Its memory grows as the
/// square of this (the furthest point of every diagonal at every step is
/// kept to trace the path back): 1,000 is at most 8 MB. Fixes change a
/// few lines each; a thousand changed lines is already past reading.
const MAX_DIFFERENCES: usize = 1_000;

/// The most steps (diagonals visited and lines compared) spent on one
/// diff before falling back to a single change: some tens of milliseconds.
/// Checked after each diagonal, so one step's overshoot is at most one
/// text's length.
const MAX_STEPS: usize = 50_000_000;

/// A unified diff of `old` → `new` under the name `path` (`--- a/PATH`,
/// `+++ b/PATH`, hunks with [`CONTEXT`] lines of context), or the empty
/// string when the texts are equal.
///
/// Lines are cut after each `\n` and compared whole, so a CRLF or a
/// missing final newline is a difference like any other; a line without a
/// final newline is followed by `\ No newline at end of file`. The path is
/// written as given unless it holds a control character, `"` or `\`: then
/// it is quoted as git quotes it (`"a/x\ty"`), so that the header stays one
/// line and `patch`/`git apply` read the name back. Everything else is
/// written as in the texts: escaping for a terminal is the printer's job.
#[must_use]
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a = lines(old);
    let b = lines(new);
    let changes = changes(&a, &b);
    let mut out = String::new();
    let _ = writeln!(out, "--- {}", header_name("a/", path));
    let _ = writeln!(out, "+++ {}", header_name("b/", path));
    let mut rest = changes.as_slice();
    while let Some(first) = rest.first() {
        // A hunk takes changes while the unchanged lines between two of
        // them are at most twice the context (they would overlap or touch).
        let mut count = 1;
        while let (Some(prev), Some(next)) = (rest.get(count - 1), rest.get(count)) {
            if next.old_start - prev.old_end() > 2 * CONTEXT {
                break;
            }
            count += 1;
        }
        let (hunk, tail) = rest.split_at(count);
        rest = tail;
        let Some(last) = hunk.last() else { break };
        let old_lo = first.old_start.saturating_sub(CONTEXT);
        let old_hi = (last.old_end() + CONTEXT).min(a.len());
        let new_lo = first.new_start - (first.old_start - old_lo);
        let new_hi = last.new_end() + (old_hi - last.old_end());
        let _ = writeln!(out, "@@ -{} +{} @@", range(old_lo, old_hi), range(new_lo, new_hi));
        let mut at = old_lo;
        for change in hunk {
            for line in a.get(at..change.old_start).unwrap_or_default() {
                push_line(&mut out, ' ', line);
            }
            for line in a.get(change.old_start..change.old_end()).unwrap_or_default() {
                push_line(&mut out, '-', line);
            }
            for line in b.get(change.new_start..change.new_end()).unwrap_or_default() {
                push_line(&mut out, '+', line);
            }
            at = change.old_end();
        }
        for line in a.get(at..old_hi).unwrap_or_default() {
            push_line(&mut out, ' ', line);
        }
    }
    out
}

/// The lines of `text`, each with its `\n` (the last one may lack it).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(text.get(start..=end).unwrap_or_default());
        start = end + 1;
    }
    if start < text.len() {
        out.push(text.get(start..).unwrap_or_default());
    }
    out
}

/// `l,n` of a hunk header for the lines `lo..hi` (0-based): 1-based, the
/// count left out when it is 1, and for an empty range the line before it,
/// as `diff -u` writes them.
fn range(lo: usize, hi: usize) -> String {
    match hi - lo {
        0 => format!("{lo},0"),
        1 => format!("{}", lo + 1),
        n => format!("{},{n}", lo + 1),
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// `prefix` + `path`, quoted as git quotes a name when the bare name would
/// break the header line or be read back differently.
fn header_name(prefix: &str, path: &str) -> String {
    if !path.chars().any(|c| c.is_control() || c == '"' || c == '\\') {
        return format!("{prefix}{path}");
    }
    let mut out = String::from("\"");
    out.push_str(prefix);
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\{byte:03o}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A run of lines of `old` replaced by a run of lines of `new` (either may
/// be empty), in 0-based line indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    old_start: usize,
    old_len: usize,
    new_start: usize,
    new_len: usize,
}

impl Change {
    const fn old_end(&self) -> usize {
        self.old_start + self.old_len
    }

    const fn new_end(&self) -> usize {
        self.new_start + self.new_len
    }
}

/// The changes turning lines `a` into lines `b`, in order: the common
/// prefix and suffix trimmed (prefix first, as GNU diff does), the middle
/// diffed by [`myers`] or, past its budget, replaced whole; then the runs
/// slid as GNU diff slides them ([`slide`]).
fn changes<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<Change> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (a.get(prefix..).unwrap_or_default(), b.get(prefix..).unwrap_or_default());
    let suffix = a_rest.iter().rev().zip(b_rest.iter().rev()).take_while(|(x, y)| x == y).count();
    let a_mid = a_rest.get(..a_rest.len() - suffix).unwrap_or_default();
    let b_mid = b_rest.get(..b_rest.len() - suffix).unwrap_or_default();
    if a_mid.is_empty() && b_mid.is_empty() {
        return Vec::new();
    }
    // Lines become numbers, so that the search compares integers.
    let mut ids: HashMap<&'t str, usize> = HashMap::new();
    let mut intern = |line: &'t str| -> usize {
        let next = ids.len();
        *ids.entry(line).or_insert(next)
    };
    let a_ids: Vec<usize> = a_mid.iter().map(|l| intern(l)).collect();
    let b_ids: Vec<usize> = b_mid.iter().map(|l| intern(l)).collect();
    let mut found = myers(&a_ids, &b_ids).unwrap_or_else(|| {
        vec![Change { old_start: 0, old_len: a_mid.len(), new_start: 0, new_len: b_mid.len() }]
    });
    for change in &mut found {
        change.old_start += prefix;
        change.new_start += prefix;
    }
    slide(a, b, &found)
}

/// Which lines are changed, with a `false` on either side, so that the
/// neighbours of the first and last line can be read without a bounds
/// check; indexed by line index (may be -1 or `len`).
struct Flags(Vec<bool>);

impl Flags {
    fn get(&self, i: isize) -> bool {
        usize::try_from(i + 1).ok().and_then(|i| self.0.get(i)).copied().unwrap_or(false)
    }

    fn set(&mut self, i: isize, value: bool) {
        if let Some(flag) = usize::try_from(i + 1).ok().and_then(|i| self.0.get_mut(i)) {
            *flag = value;
        }
    }
}

/// The same changes, each run of changed lines slid along equal lines the
/// way GNU diff slides them: merged with a neighbouring run where sliding
/// makes them touch, otherwise as far down as it goes, then back up to
/// line up with a run of the other text if it can. Where a line could be
/// deleted or inserted at several places (one of two equal lines), the
/// shortest diff is not unique; this picks the one `diff -u` prints, and
/// the one that reads best (`}` and blank lines end the change, not
/// start it).
fn slide(a: &[&str], b: &[&str], changes: &[Change]) -> Vec<Change> {
    let mut old = Flags(vec![false; a.len() + 2]);
    let mut new = Flags(vec![false; b.len() + 2]);
    for c in changes {
        for i in c.old_start..c.old_end() {
            old.set(i as isize, true);
        }
        for i in c.new_start..c.new_end() {
            new.set(i as isize, true);
        }
    }
    slide_side(a, &mut old, &new);
    slide_side(b, &mut new, &old);
    // Back to runs: walk both texts, unchanged lines in step.
    let mut out = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    while i < a.len() || j < b.len() {
        let (old_start, new_start) = (i, j);
        while old.get(i as isize) {
            i += 1;
        }
        while new.get(j as isize) {
            j += 1;
        }
        if i > old_start || j > new_start {
            out.push(Change { old_start, old_len: i - old_start, new_start, new_len: j - new_start });
        } else {
            i += 1;
            j += 1;
        }
    }
    out
}

/// GNU diff's `shift_boundaries` for one text: `lines` with its flags
/// `changed`, the other text's flags `other` (read to keep the two in
/// step: `j` is the other text's line matching line `i`).
fn slide_side(lines: &[&str], changed: &mut Flags, other: &Flags) {
    let line = |i: isize| usize::try_from(i).ok().and_then(|i| lines.get(i)).copied();
    let end = lines.len() as isize;
    let (mut i, mut j) = (0isize, 0isize);
    loop {
        // The next run of changes, and the line of the other text that
        // goes with its start.
        while i < end && !changed.get(i) {
            while other.get(j) {
                j += 1;
            }
            j += 1;
            i += 1;
        }
        if i == end {
            break;
        }
        let mut start = i;
        i += 1;
        while changed.get(i) {
            i += 1;
        }
        while other.get(j) {
            j += 1;
        }
        let mut corresponding;
        loop {
            let length = i - start;
            // Up, while the line before the run equals its last line
            // (merging with a run above).
            while start > 0 && line(start - 1) == line(i - 1) {
                start -= 1;
                changed.set(start, true);
                i -= 1;
                changed.set(i, false);
                while changed.get(start - 1) {
                    start -= 1;
                }
                j -= 1;
                while other.get(j) {
                    j -= 1;
                }
            }
            // Where the run last lined up with a run of the other text.
            corresponding = if other.get(j - 1) { i } else { end };
            // Down, while its first line equals the line after it.
            while i != end && line(start) == line(i) {
                changed.set(start, false);
                start += 1;
                changed.set(i, true);
                i += 1;
                while changed.get(i) {
                    i += 1;
                }
                j += 1;
                while other.get(j) {
                    corresponding = i;
                    j += 1;
                }
            }
            if length == i - start {
                break;
            }
        }
        // Back up to line up with the other text's run, if it can.
        while corresponding < i {
            start -= 1;
            changed.set(start, true);
            i -= 1;
            changed.set(i, false);
            j -= 1;
            while other.get(j) {
                j -= 1;
            }
        }
    }
}

/// A shortest edit script from `a` to `b` by Myers' greedy algorithm, as
/// changes; `None` past [`MAX_DIFFERENCES`] or [`MAX_STEPS`].
///
/// Where several shortest scripts exist, which one comes out here matters
/// little: [`slide`] then moves each run where GNU diff would.
/// Points past the end of either text (which the greedy search may reach)
/// never end the search early: a path through one costs more than the
/// path to the true end, which is found in an earlier round.
fn myers(a: &[usize], b: &[usize]) -> Option<Vec<Change>> {
    let n = a.len();
    let m = b.len();
    let max = n + m;
    let offset = max as isize;
    // v[offset + k]: the furthest x reached on diagonal k = x - y.
    let mut v = vec![0usize; 2 * max + 2];
    // trace[d]: v on diagonals -d..=d after step d.
    let mut trace: Vec<Vec<usize>> = Vec::new();
    let mut steps = 0usize;
    let at = |k: isize| (offset + k) as usize;
    for d in 0..=max.min(MAX_DIFFERENCES) {
        let di = d as isize;
        let mut k = -di;
        while k <= di {
            let down = k == -di || (k != di && v[at(k - 1)] < v[at(k + 1)]);
            let mut x = if down { v[at(k + 1)] } else { v[at(k - 1)] + 1 };
            let mut y = (x as isize - k) as usize;
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
                steps += 1;
            }
            steps += 1;
            v[at(k)] = x;
            if x >= n && y >= m {
                trace.push(v[at(-di)..=at(di)].to_vec());
                return Some(backtrack(&trace, n, m));
            }
            if steps > MAX_STEPS {
                return None;
            }
            k += 2;
        }
        trace.push(v[at(-di)..=at(di)].to_vec());
    }
    None
}

/// Follows the furthest points of [`myers`] back from the end, and
/// gathers the moves into changes.
fn backtrack(trace: &[Vec<usize>], n: usize, m: usize) -> Vec<Change> {
    // Moves, from the end: true = delete a line of `a`, false = insert one of `b`,
    // each with the point it starts from.
    let mut moves: Vec<(bool, usize, usize)> = Vec::new();
    let (mut x, mut y) = (n as isize, m as isize);
    for d in (1..trace.len()).rev() {
        let di = d as isize;
        let prev = &trace[d - 1];
        let get = |k: isize| prev[(k + di - 1) as usize] as isize;
        let k = x - y;
        let down = k == -di || (k != di && get(k - 1) < get(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        // The snake between the move's end and (x, y) is common lines; the
        // move itself starts at the previous furthest point.
        x = prev_x;
        y = prev_y;
        moves.push((!down, prev_x as usize, prev_y as usize));
    }
    moves.reverse();
    let mut out: Vec<Change> = Vec::new();
    for (delete, x, y) in moves {
        match out.last_mut() {
            Some(last) if last.old_end() == x && last.new_end() == y => {
                if delete {
                    last.old_len += 1;
                } else {
                    last.new_len += 1;
                }
            }
            _ => out.push(Change {
                old_start: x,
                old_len: usize::from(delete),
                new_start: y,
                new_len: usize::from(!delete),
            }),
        }
    }
    out
}
