//! The text between the grammar's word nodes, read again for the word
//! characters the grammar skipped.
//!
//! tree-sitter-bash counts `\`-newline and a backslash before a blank
//! (`\ `, `\<tab>`) among its "extras", like whitespace. For bash the first
//! is nothing and the second is a quoted blank: a character of a word. So
//! `"x"\ y` is one word `x y` in bash and two nodes with an extra between
//! them in the tree, and a lone `\ ` word is not in the tree at all. The
//! spans of the nodes are mended here from the bytes between them.

use std::ops::Range;

/// One element of the text between two word nodes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// `\`-newline: nothing.
    Continuation,
    /// A backslash and a blank: a word character.
    Escaped,
    /// An unquoted blank: ends a word.
    Blank,
    /// Anything else (a redirection, an assignment, an operator).
    Other(u8),
}

/// The elements of `gap`, with their ranges in it.
fn pieces(gap: &[u8]) -> Vec<(Piece, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = gap.get(i) {
        let (piece, len) = match (b, gap.get(i + 1), gap.get(i + 2)) {
            (b'\\', Some(b'\n'), _) => (Piece::Continuation, 2),
            (b'\\', Some(b'\r'), Some(b'\n')) => (Piece::Continuation, 3),
            (b'\\', Some(b' ' | b'\t' | 0x0B | 0x0C), _) => (Piece::Escaped, 2),
            // Another escape, inside some token: two bytes, so that its
            // second byte is not read as the start of an escape.
            (b'\\', Some(_), _) => (Piece::Other(b'\\'), 2),
            // `\r` too, as the grammar has it.
            (b' ' | b'\t' | b'\r' | 0x0B | 0x0C, _, _) => (Piece::Blank, 1),
            (b'\n', _, _) => (Piece::Blank, 1),
            _ => (Piece::Other(b), 1),
        };
        let end = (i + len).min(gap.len());
        out.push((piece, i..end));
        i = end;
    }
    out
}

/// Whether two nodes with `gap` between them are one word for bash:
/// nothing between them but `\`-newlines and escaped blanks.
pub(crate) fn joins(gap: &[u8]) -> bool {
    pieces(gap).iter().all(|(p, _)| matches!(p, Piece::Continuation | Piece::Escaped))
}

/// Whether the backslash at `at` is itself unquoted by backslashes: an odd
/// run of backslashes ends there.
fn escapes(bytes: &[u8], at: usize) -> bool {
    let run = bytes.get(..=at).map_or(0, |b| b.iter().rev().take_while(|&&c| c == b'\\').count());
    run % 2 == 1
}

/// The bytes that may stand right before a word (bash's word boundaries,
/// as far as they can stand before a command's first word).
fn boundary_before(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b'`' | b'{' | b'!')
}

/// The bytes that may stand right after a command's last word.
fn boundary_after(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b')' | b'`' | b'<' | b'>')
}

/// Whether `at` is inside one of the `covered` ranges (sorted by start):
/// the end of that range.
fn covered_until(covered: &[Range<usize>], at: usize) -> Option<usize> {
    let k = covered.partition_point(|r| r.start <= at);
    covered.get(..k)?.iter().rev().take(4).find(|r| r.contains(&at)).map(|r| r.end)
}

/// The words' spans mended: `spans` are the nodes' spans, sorted;
/// `covered` the ranges of the command's other parts (assignments,
/// redirections), sorted by start. `None` when the grammar lost text (a
/// character between words that no node holds), or an escaped blank stands
/// where it cannot be told to which word it belongs, or makes a word go on
/// where the grammar ended it.
pub(crate) fn mend(
    bytes: &[u8],
    spans: Vec<Range<usize>>,
    covered: &[Range<usize>],
) -> Option<Vec<Range<usize>>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for (k, mut span) in spans.into_iter().enumerate() {
        if k == 0 {
            span.start = extend_back(bytes, span.start)?;
        }
        let Some(prev_end) = out.last().map(|p| p.end) else {
            out.push(span);
            continue;
        };
        let base = prev_end;
        let gap = bytes.get(prev_end..span.start).unwrap_or_default();
        let elements = pieces(gap);
        // Text that no node holds: the grammar skipped a word character.
        for (p, r) in &elements {
            if matches!(p, Piece::Other(_)) && covered_until(covered, base + r.start).is_none() {
                return None;
            }
        }
        let breaks: Vec<usize> = elements
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| matches!(p, Piece::Blank | Piece::Other(_)))
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (breaks.first(), breaks.last()) else {
            // Nothing but continuations and escaped blanks: one word.
            if let Some(prev) = out.last_mut() {
                prev.end = span.end;
            }
            continue;
        };
        // Escaped blanks right after the previous word are its own.
        if let Some((_, r)) =
            elements.get(..first).and_then(|e| e.iter().rev().find(|(p, _)| *p == Piece::Escaped))
            && let Some(prev) = out.last_mut()
        {
            prev.end = base + r.end;
        }
        // Those right before this word, this word's.
        if let Some((_, r)) =
            elements.get(last + 1..).and_then(|e| e.iter().find(|(p, _)| *p == Piece::Escaped))
        {
            span.start = base + r.start;
        }
        let middle = elements.get(first..=last).unwrap_or_default();
        let mut word: Option<Range<usize>> = None;
        let mut before = None;
        for (p, r) in middle {
            match p {
                Piece::Escaped => match before {
                    // Inside a redirection's token (`> my\ file`): its own.
                    Some(Piece::Other(b)) if !matches!(b, b'<' | b'>' | b'&' | b'|' | b';' | b'(' | b')') => {
                    }
                    // Right after an operator: whose word it is cannot be
                    // told.
                    Some(Piece::Other(_)) => return None,
                    // After a blank: a word of escaped blanks.
                    _ => {
                        let r = base + r.start..base + r.end;
                        word = Some(match word {
                            Some(w) => w.start..r.end,
                            None => r,
                        });
                    }
                },
                Piece::Blank => {
                    if let Some(w) = word.take() {
                        out.push(w);
                    }
                }
                // A word of escaped blanks that runs into a redirection.
                Piece::Other(_) if word.is_some() => return None,
                _ => {}
            }
            if *p != Piece::Continuation {
                before = Some(*p);
            }
        }
        if let Some(w) = word {
            out.push(w);
        }
        out.push(span);
    }
    // After the last word: escaped blanks, its own or words alone.
    let Some(last_end) = out.last().map(|l| l.end) else { return Some(out) };
    let mut at = last_end;
    // Whose an escaped blank is: the last word's, a redirection's, or a
    // word of its own after a blank.
    let mut owner = Owner::Last;
    let mut word: Option<Range<usize>> = None;
    loop {
        if let Some(end) = covered_until(covered, at) {
            if word.is_some() {
                return None;
            }
            owner = Owner::Covered;
            at = end.max(at + 1);
            continue;
        }
        match (bytes.get(at), bytes.get(at + 1), bytes.get(at + 2)) {
            (Some(b'\\'), Some(b'\n'), _) => at += 2,
            (Some(b'\\'), Some(b'\r'), Some(b'\n')) => at += 3,
            (Some(b'\\'), Some(b' ' | b'\t' | 0x0B | 0x0C), _) => {
                match owner {
                    Owner::Last => {
                        if let Some(last) = out.last_mut() {
                            last.end = at + 2;
                        }
                    }
                    Owner::Covered => {}
                    Owner::Blank => {
                        word = Some(match word {
                            Some(w) => w.start..at + 2,
                            None => at..at + 2,
                        });
                    }
                }
                at += 2;
            }
            (Some(b' ' | b'\t' | b'\r'), _, _) => {
                if let Some(w) = word.take() {
                    out.push(w);
                }
                owner = Owner::Blank;
                at += 1;
            }
            (next, _, _) => {
                // Where the command ends: a word that went on to here must
                // end here too for bash.
                let open = word.is_some() || (owner == Owner::Last && at > last_end);
                if open && next.is_some_and(|&b| !boundary_after(b)) {
                    return None;
                }
                if let Some(w) = word.take() {
                    out.push(w);
                }
                break;
            }
        }
    }
    Some(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Last,
    Covered,
    Blank,
}

/// The start of the first word with the escaped blanks before it (the
/// grammar skips them); `None` when they make it run into what is before.
fn extend_back(bytes: &[u8], start: usize) -> Option<usize> {
    let mut new_start = start;
    let mut at = start;
    loop {
        if at >= 2
            && bytes.get(at - 1) == Some(&b'\n')
            && bytes.get(at - 2) == Some(&b'\\')
            && escapes(bytes, at - 2)
        {
            at -= 2;
        } else if at >= 2
            && matches!(bytes.get(at - 1), Some(b' ' | b'\t' | 0x0B | 0x0C))
            && bytes.get(at - 2) == Some(&b'\\')
            && escapes(bytes, at - 2)
        {
            at -= 2;
            new_start = at;
        } else {
            break;
        }
    }
    if new_start < start && new_start > 0 && !bytes.get(new_start - 1).copied().is_some_and(boundary_before) {
        return None;
    }
    Some(new_start)
}
