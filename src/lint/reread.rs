//! The last check of a script's fixes: the file with its edits applied,
//! read again as `lint` reads it, must give the same commands with the
//! same words, each edited word holding exactly the value intended.
//!
//! `literal.rs` decides from the shell's quoting whether new text means
//! itself where it lands; what the host file makes of it first (a YAML
//! double-quoted scalar's escapes, a Makefile's `$`, a Markdown prompt) it
//! does not see. Rather than teach it every host, the edited file is read
//! once more by the same readers, which know them all. A fix whose word
//! does not come back as intended, or that disturbs any other word, is
//! dropped; the others are kept. One extra read per file with fixes.

use crate::fix::{self, Applicability, Edit, Fix};
use crate::report::Finding;
use crate::script::Word;
use crate::script::host::Kind;

use super::{Command, read_commands};

/// Rounds of "drop the fix that broke the reading, read again" before the
/// remaining fixes are checked one by one.
const ROUNDS: usize = 8;

/// Fixes checked one at a time at most, when a batch cannot be told
/// apart; beyond, the fixes of such a file are dropped.
const SINGLES: usize = 32;

/// Bytes read again at most for one file, over all rounds: a 16 MB script
/// whose fixes keep breaking the reading gets a few re-reads, not forty.
/// The first read is always made.
const REREAD_BYTES: usize = 64 << 20;

/// Drops the fix of every finding in `findings` (of the file `text`, of
/// kind `kind`, whose commands are `commands`) that does not survive a
/// re-read of the edited file.
pub fn verify_fixes(kind: Kind, text: &str, commands: &[Command], findings: &mut [Finding]) {
    let mut pending: Vec<usize> =
        findings.iter().enumerate().filter(|(_, f)| f.fix.is_some()).map(|(i, _)| i).collect();
    let fixes_of = |pending: &[usize], findings: &[Finding]| -> Vec<Fix> {
        pending.iter().filter_map(|&i| findings.get(i).and_then(|f| f.fix.clone())).collect()
    };
    let mut budget = REREAD_BYTES.max(text.len());
    let mut afford = || match budget.checked_sub(text.len()) {
        Some(left) => {
            budget = left;
            true
        }
        None => false,
    };
    for _ in 0..ROUNDS {
        if pending.is_empty() {
            return;
        }
        if !afford() {
            break;
        }
        match verdict(kind, text, commands, &fixes_of(&pending, findings)) {
            Verdict::Good => return,
            Verdict::Culprit(k) if k < pending.len() => {
                let i = pending.remove(k);
                if let Some(f) = findings.get_mut(i) {
                    f.fix = None;
                }
            }
            _ => break,
        }
    }
    let singles = pending.len() <= SINGLES;
    for i in pending {
        let Some(finding) = findings.get_mut(i) else { continue };
        let good = singles
            && afford()
            && finding.fix.as_ref().is_some_and(|f| {
                matches!(verdict(kind, text, commands, std::slice::from_ref(f)), Verdict::Good)
            });
        if !good {
            finding.fix = None;
        }
    }
}

/// What a re-read of the file with `fixes` applied says.
enum Verdict {
    /// Every word is as intended.
    Good,
    /// The fix at this index broke the reading.
    Culprit(usize),
    /// Something broke, and no one fix can be blamed.
    Unknown,
}

fn verdict(kind: Kind, text: &str, commands: &[Command], fixes: &[Fix]) -> Verdict {
    let applied = fix::apply(text, fixes, Applicability::Unsafe);
    if let Some(&k) = applied.skipped.first() {
        return Verdict::Culprit(k);
    }
    let Ok(after) = read_commands(kind, &applied.text) else { return Verdict::Unknown };
    let mut edits: Vec<(&Edit, usize)> =
        fixes.iter().enumerate().flat_map(|(k, f)| f.edits.iter().map(move |e| (e, k))).collect();
    edits.sort_by_key(|(e, _)| e.start);
    let compare = Compare { edits: &edits };
    let mut used = 0;
    for (i, old) in commands.iter().enumerate() {
        let Some(new) = after.get(i) else { return compare.blame_command(old) };
        if old.open != new.open || old.words.len() != new.words.len() {
            return compare.blame_command(old);
        }
        for (a, b) in std::iter::once((&old.aws, &new.aws)).chain(old.words.iter().zip(&new.words)) {
            match compare.word(a, b) {
                Ok(n) => used += n,
                Err(verdict) => return verdict,
            }
        }
    }
    if after.len() != commands.len() {
        return compare.blame(text.len());
    }
    // An edit outside every word changed something no word shows.
    if used != edits.len() {
        return Verdict::Unknown;
    }
    Verdict::Good
}

/// The edits applied to the old file, sorted by start, each with the
/// index of its fix.
struct Compare<'a> {
    edits: &'a [(&'a Edit, usize)],
}

impl Compare<'_> {
    /// Whether `new`, read from the edited file, is `old` with the edits
    /// inside it applied to its value, at the place the edits before it
    /// moved it to. `Ok` with the number of edits inside it.
    fn word(&self, old: &Word, new: &Word) -> Result<usize, Verdict> {
        let inside: Vec<&(&Edit, usize)> = self
            .edits
            .iter()
            .filter(|(e, _)| e.start as usize >= old.span.start && e.end as usize <= old.span.end)
            .collect();
        let blame = |verdict: Verdict| match inside.first() {
            Some(&&(_, k)) => Verdict::Culprit(k),
            None => verdict,
        };
        if new.span.start != self.moved(old.span.start) {
            return Err(blame(self.blame(old.span.start)));
        }
        let expected = match &old.value {
            Some(value) => edited(value, old, &inside).ok_or_else(|| blame(Verdict::Unknown))?,
            None if inside.is_empty() => {
                return if new.value.is_none() { Ok(0) } else { Err(self.blame(old.span.start)) };
            }
            None => return Err(blame(Verdict::Unknown)),
        };
        if new.value.as_deref() != Some(expected.as_str()) {
            return Err(blame(self.blame(old.span.start)));
        }
        Ok(inside.len())
    }

    /// Where offset `at` of the old file is in the edited one.
    fn moved(&self, at: usize) -> usize {
        let mut moved = at;
        for (e, _) in self.edits.iter().take_while(|(e, _)| e.end as usize <= at) {
            moved = (moved + e.replacement.len()).saturating_sub((e.end - e.start) as usize);
        }
        moved
    }

    /// The fix to blame for a command that no longer reads as one with
    /// the same words: the first edited inside it, else the last before.
    fn blame_command(&self, command: &Command) -> Verdict {
        let start = command.aws.span.start;
        let end = command.words.last().map_or(command.aws.span.end, |w| w.span.end);
        self.edits
            .iter()
            .find(|(e, _)| e.start as usize >= start && e.end as usize <= end)
            .map_or_else(|| self.blame(start), |&(_, k)| Verdict::Culprit(k))
    }

    /// The fix to blame for a difference found at `at`: the last one
    /// edited before it (a quote it opened runs on).
    fn blame(&self, at: usize) -> Verdict {
        self.edits
            .iter()
            .rev()
            .find(|(e, _)| (e.start as usize) < at)
            .map_or(Verdict::Unknown, |&(_, k)| Verdict::Culprit(k))
    }
}

/// `value`, the value of `word`, with `edits` (of the file, inside the
/// word, sorted) made to the bytes they replace; `None` when an edit does
/// not cover bytes of the value written one to one.
fn edited(value: &str, word: &Word, edits: &[&(&Edit, usize)]) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut at = 0;
    for (edit, _) in edits {
        let (start, end) = (edit.start as usize, edit.end as usize);
        // The first byte of the value written at `start` (the map is
        // monotone: the shell keeps the order of what it reads).
        let k = partition(value.len(), |k| word.map.outer(k) < start);
        let len = end - start;
        if k < at || word.map.outer(k) != start || !word.map.is_contiguous(k..k + len) {
            return None;
        }
        out.push_str(value.get(at..k)?);
        out.push_str(&edit.replacement);
        at = k + len;
    }
    out.push_str(value.get(at..)?);
    Some(out)
}

/// The first `k` in `0..len` for which `before(k)` is false (`len` if
/// none), `before` being true then false.
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diagnostic::Code;

    fn finding(fix: Fix) -> Finding {
        Finding {
            severity: Code::Enum.default_severity(),
            code: Code::Enum,
            path: String::new(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            message: String::new(),
            command: None,
            fix: Some(fix),
            offset: 0,
            length: 0,
        }
    }

    fn kept(kind: Kind, text: &str, edits: &[Edit]) -> Vec<bool> {
        let commands = read_commands(kind, text).unwrap();
        let mut findings: Vec<Finding> = edits.iter().map(|e| finding(Fix::safe_edit(e.clone()))).collect();
        verify_fixes(kind, text, &commands, &mut findings);
        findings.iter().map(|f| f.fix.is_some()).collect()
    }

    #[test]
    fn edits_that_read_back_as_intended_are_kept() {
        let text = "aws chime update-user --license-type pro\n";
        assert_eq!(kept(Kind::Shell, text, &[Edit::new(37, 40, "Pro")]), [true]);
    }

    #[test]
    fn an_edit_that_opens_a_quote_is_dropped_and_the_others_kept() {
        let text = "aws chime a --x pro\naws chime b --y plus\n";
        let edits = [Edit::new(16, 19, "p'o"), Edit::new(36, 40, "Plus")];
        assert_eq!(kept(Kind::Shell, text, &edits), [false, true]);
    }

    #[test]
    fn host_syntax_is_read_too() {
        // A `"` in a YAML double-quoted scalar ends the scalar.
        let text = "steps:\n  - run: \"aws chime x --t 'pro'\"\n";
        let at = text.find("pro").unwrap() as u32;
        assert_eq!(kept(Kind::Yaml, text, &[Edit::new(at, at + 3, "\"Pro\"")]), [false]);
        assert_eq!(kept(Kind::Yaml, text, &[Edit::new(at, at + 3, "Pro")]), [true]);
        // A `$` in a Makefile recipe is make's.
        let text = "all:\n\taws chime x --t 'pro'\n";
        let at = text.find("pro").unwrap() as u32;
        assert_eq!(kept(Kind::Makefile, text, &[Edit::new(at, at + 3, "$Pro")]), [false]);
    }

    #[test]
    fn an_edit_outside_every_word_is_dropped() {
        let text = "# aws\naws chime x --t pro\n";
        assert_eq!(kept(Kind::Shell, text, &[Edit::new(2, 5, "gcp")]), [false]);
    }
}
