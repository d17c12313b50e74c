//! Checks that hold for every fragment: the code is what the test expects,
//! and every byte leads back to where it came from.

use crate::script::{Fragment, FragmentCode, Word};

use super::{CI_PLACEHOLDER, MAKE_PLACEHOLDER};

/// The shell code of `fragment`.
pub(super) fn code(fragment: &Fragment) -> &str {
    match &fragment.code {
        FragmentCode::Shell(code) => code,
        FragmentCode::Argv(words) => panic!("expected shell code, got words {words:?}"),
    }
}

/// `fragments` of `text`, each checked for soundness, as text: shell code
/// as is, exec-form words joined by `|`.
pub(super) fn codes_of(text: &str, fragments: &[Fragment]) -> Vec<String> {
    fragments.iter().for_each(|f| check_sound(text, f));
    fragments
        .iter()
        .map(|f| match &f.code {
            FragmentCode::Shell(code) => code.clone(),
            FragmentCode::Argv(words) => {
                words.iter().map(|w| w.value.clone().unwrap_or_default()).collect::<Vec<_>>().join("|")
            }
        })
        .collect()
}

/// The words of an exec-form `fragment`.
pub(super) fn words(fragment: &Fragment) -> &[Word] {
    match &fragment.code {
        FragmentCode::Argv(words) => words,
        FragmentCode::Shell(code) => panic!("expected words, got shell code {code:?}"),
    }
}

/// The offset of the `n`th (from 0) occurrence of `needle` in `text`.
pub(super) fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle).nth(n).unwrap_or_else(|| panic!("no {needle:?} #{n} in {text:?}")).0
}

/// The offset of the first occurrence of `needle` in `text`.
pub(super) fn at(text: &str, needle: &str) -> usize {
    nth(text, needle, 0)
}

/// Asserts that `fragment` is the shell code `expected`, that each
/// substitution in `subs` — `(what, from)`: the next occurrence of `what`
/// in the code (after the previous substitution) all of whose bytes map to
/// `from` — is there, and that every other byte is copied: it maps to the
/// same byte of `text`.
pub(super) fn check(text: &str, fragment: &Fragment, expected: &str, subs: &[(&str, usize)]) {
    let code = code(fragment);
    assert_eq!(code, expected, "code of {text:?}");
    check_map(text, code, |i| fragment.map.outer(i), subs);
    check_sound(text, fragment);
}

/// Asserts the word `word` has value `value` and maps its bytes as
/// [`check`] says, all within its span.
pub(super) fn check_word(text: &str, word: &Word, value: &str, subs: &[(&str, usize)]) {
    assert_eq!(word.value.as_deref(), Some(value));
    for i in 0..value.len() {
        let outer = word.map.outer(i);
        assert!(word.span.contains(&outer), "byte {i} of {value:?} maps to {outer}, outside {:?}", word.span);
    }
    check_map(text, value, |i| word.map.outer(i), subs);
}

fn check_map(text: &str, code: &str, map: impl Fn(usize) -> usize, subs: &[(&str, usize)]) {
    let mut substituted = vec![false; code.len()];
    let mut from = 0;
    for &(what, outer) in subs {
        let p = code[from..]
            .match_indices(what)
            .map(|(p, _)| from + p)
            .find(|&p| (p..p + what.len()).all(|i| map(i) == outer))
            .unwrap_or_else(|| panic!("no {what:?} mapped to {outer} in {code:?} after {from}"));
        substituted[p..p + what.len()].iter_mut().for_each(|s| *s = true);
        from = p + what.len();
    }
    for (i, &substituted) in substituted.iter().enumerate() {
        let outer = map(i);
        if !substituted {
            assert_eq!(
                text.as_bytes().get(outer),
                Some(&code.as_bytes()[i]),
                "byte {i} ({:?}) of {code:?} maps to {outer}",
                code.as_bytes()[i] as char
            );
        }
    }
}

/// What holds for any fragment of any input: offsets within the text and
/// never decreasing, and each byte copied, or a substitution of a kind the
/// readers make (a placeholder for a `$…` expansion, a blank or line break
/// for a line break or blank, an escape's character for its backslash, a
/// line break at the end of the text).
pub(super) fn check_sound(text: &str, fragment: &Fragment) {
    match &fragment.code {
        FragmentCode::Shell(code) => check_bytes(text, code, |i| fragment.map.outer(i)),
        FragmentCode::Argv(words) => {
            for word in words {
                assert!(word.span.end <= text.len());
                if let Some(value) = &word.value {
                    check_bytes(text, value, |i| word.map.outer(i));
                }
            }
        }
    }
}

fn check_bytes(text: &str, code: &str, outer: impl Fn(usize) -> usize) {
    let mut placeholder = vec![false; code.len()];
    for needle in [MAKE_PLACEHOLDER, CI_PLACEHOLDER] {
        for (p, _) in code.match_indices(needle) {
            placeholder[p..p + needle.len()].iter_mut().for_each(|b| *b = true);
        }
    }
    let mut previous = 0;
    for (i, &c) in code.as_bytes().iter().enumerate() {
        let o = outer(i);
        assert!(o >= previous, "byte {i} of {code:?} maps back to {o}, before {previous}");
        previous = o;
        assert!(o <= text.len(), "byte {i} maps past the end");
        let Some(&t) = text.as_bytes().get(o) else {
            assert_eq!(c, b'\n', "only a line break may map to the end of the text");
            continue;
        };
        let ok = c == t
            || t == b'\\'
            || (placeholder[i] && t == b'$')
            || (t == b'$' && matches!(c, b'\'' | b'"' | b'$'))
            || (c.is_ascii_whitespace() && t.is_ascii_whitespace());
        assert!(ok, "byte {i} ({:?}) of {code:?} maps to {o} ({:?})", c as char, t as char);
    }
}
