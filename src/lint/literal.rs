//! A change to a word's value as a change to the file: only where the bytes
//! of the value are written as they are, and the new text means itself
//! where it lands.
//!
//! A script's word is what the shell makes of its source (quotes removed,
//! escapes applied, and before that a Makefile's `$$` halved or a YAML
//! block's indentation removed). Rewriting the value and quoting it anew
//! would touch bytes the user chose (their quoting style) and could be
//! wrong in ways only the shell knows, so `lint --fix` does something much
//! narrower: it replaces the source bytes that spell the wrong part of the
//! value, and only when that is certainly exact:
//!
//! - the part's bytes map one to one, in order, onto the source
//!   ([`crate::script::OffsetMap::is_contiguous`]) and are the same bytes
//!   there: no escape, quote change or expansion inside it;
//! - the old and the new text hold only characters that mean themselves
//!   in the quoting the source is in at that place ([`Quoting::takes`]);
//! - no byte of a sensitive value is touched.
//!
//! Otherwise there is no edit; the caller leaves the finding unmarked.
//! The file-level re-read (`reread.rs`) checks the outcome once more,
//! through the host file's own syntax.

use std::ops::Range;

use crate::doc::Span;
use crate::fix::Edit;
use crate::script::Word;

/// The shell quoting at a place in a word's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Outside quotes.
    Unquoted,
    /// Inside `'…'`.
    Single,
    /// Inside `"…"` (or `$"…"`).
    Double,
    /// Inside `$'…'`.
    AnsiC,
}

impl Quoting {
    /// Whether `c` written here stands for itself, whatever follows it.
    ///
    /// `$` is refused everywhere, even in single quotes: a Makefile halves
    /// `$$` before the shell sees it, and a CI system expands `${{` first,
    /// so what a `$` means depends on the host, not only on the shell.
    /// Control and invisible formatting characters are never written into
    /// a user's file.
    fn takes(self, c: char) -> bool {
        let printable = c == ' ' || c.is_ascii_graphic() || (!c.is_ascii() && c.is_alphanumeric());
        if !printable || c == '$' {
            return false;
        }
        match self {
            // Only what no shell reads specially anywhere in a word (`~`
            // at the start and `,` in braces are special; `^` is a pipe to
            // the Bourne shell).
            Quoting::Unquoted => {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/' | '@' | '%' | '+' | '=')
            }
            Quoting::Single => c != '\'',
            // `!` starts history expansion in an interactive bash.
            Quoting::Double => !matches!(c, '"' | '`' | '\\' | '!'),
            Quoting::AnsiC => !matches!(c, '\\' | '\''),
        }
    }
}

/// The edit of `file` that turns bytes `range` of `word`'s value into
/// `replacement`, or `None` when that cannot be done exactly.
///
/// The whole of `range` is replaced when it can be; otherwise only the
/// part that differs (`"pro"` → `"Pro"` as `p` → `P`), which may be
/// written literally where the whole is not (JSON in a double-quoted word:
/// `"{\"A\": \"pro\"}"`). `sensitive` are the spans of the file that hold
/// secrets: an edit never touches them.
pub(super) fn edit(
    file: &str,
    word: &Word,
    range: Range<usize>,
    replacement: &str,
    sensitive: &[Span],
) -> Option<Edit> {
    let value = word.value.as_deref()?;
    let old = value.get(range.clone())?;
    if old == replacement || replacement.is_empty() {
        return None;
    }
    if let Some(edit) = literal(file, word, range.clone(), replacement, sensitive) {
        return Some(edit);
    }
    let (prefix, suffix) = differing(old, replacement);
    let inner = range.start + prefix..range.end - suffix;
    literal(file, word, inner, replacement.get(prefix..replacement.len() - suffix)?, sensitive)
}

/// The edit replacing bytes `range` of the value of `word`, if they are
/// written literally in `file` and `replacement` may be written there.
fn literal(
    file: &str,
    word: &Word,
    range: Range<usize>,
    replacement: &str,
    sensitive: &[Span],
) -> Option<Edit> {
    let value = word.value.as_deref()?;
    let old = value.get(range.clone())?;
    if old.is_empty()
        || replacement.is_empty()
        || word.map.is_empty()
        || !word.map.is_contiguous(range.clone())
    {
        return None;
    }
    let start = word.map.outer(range.start);
    let end = start.checked_add(old.len())?;
    if start < word.span.start || end > word.span.end || file.get(start..end) != Some(old) {
        return None;
    }
    let (start32, end32) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
    if sensitive.iter().any(|s| s.start < end32 && start32 < s.end) {
        return None;
    }
    let quoting = quoting_at(file.as_bytes(), word.span.start, start)?;
    let plain = |text: &str| text.chars().all(|c| quoting.takes(c));
    (plain(old) && plain(replacement)).then(|| Edit::new(start32, end32, replacement))
}

/// The quoting in force at byte `at` of `source`, reading the word from
/// `from`; `None` when `at` falls inside an escape or a quote sequence.
fn quoting_at(source: &[u8], from: usize, at: usize) -> Option<Quoting> {
    let mut quoting = Quoting::Unquoted;
    let mut i = from;
    while i < at {
        let byte = *source.get(i)?;
        let next = source.get(i + 1).copied();
        i += match (quoting, byte) {
            (Quoting::Unquoted | Quoting::Double | Quoting::AnsiC, b'\\') => 2,
            (Quoting::Unquoted, b'\'') => {
                quoting = Quoting::Single;
                1
            }
            (Quoting::Unquoted, b'"') => {
                quoting = Quoting::Double;
                1
            }
            (Quoting::Unquoted, b'$') if next == Some(b'\'') => {
                quoting = Quoting::AnsiC;
                2
            }
            (Quoting::Unquoted, b'$') if next == Some(b'"') => {
                quoting = Quoting::Double;
                2
            }
            (Quoting::Single | Quoting::AnsiC, b'\'') | (Quoting::Double, b'"') => {
                quoting = Quoting::Unquoted;
                1
            }
            _ => 1,
        };
    }
    (i == at).then_some(quoting)
}

/// The lengths of the longest common prefix and suffix of `old` and
/// `new` (whole characters, not overlapping), shortened so that at least
/// one character of each is left between them.
fn differing(old: &str, new: &str) -> (usize, usize) {
    let mut prefix: usize =
        old.chars().zip(new.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = 0;
    for (a, b) in old.chars().rev().zip(new.chars().rev()) {
        if a != b || suffix + a.len_utf8() > room {
            break;
        }
        suffix += a.len_utf8();
    }
    while prefix + suffix >= old.len().min(new.len()) && prefix + suffix > 0 {
        if let Some(c) = old.get(..prefix).and_then(|p| p.chars().next_back()) {
            prefix -= c.len_utf8();
        } else if let Some(c) = old.get(old.len() - suffix..).and_then(|s| s.chars().next()) {
            suffix -= c.len_utf8();
        } else {
            break;
        }
    }
    (prefix, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::OffsetMap;

    /// The word written at `start..end` of `file` whose value is `value`,
    /// each run of the value from where `runs` say.
    fn word(span: Range<usize>, value: &str, runs: &[(usize, usize)]) -> Word {
        let mut map = OffsetMap::new();
        for &(local, outer) in runs {
            map.push(local, outer);
        }
        Word { span, value: Some(value.to_owned()), map }
    }

    /// The edit of `value` bytes `range` → `new` in `file`, as `(start, end, replacement)`.
    fn edit_of(file: &str, w: &Word, range: Range<usize>, new: &str) -> Option<(u32, u32, String)> {
        edit(file, w, range, new, &[]).map(|e| (e.start, e.end, e.replacement))
    }

    #[test]
    fn unquoted_words_take_plain_characters_only() {
        let file = "aws x --license-type pro\n";
        let w = word(21..24, "pro", &[(0, 21)]);
        assert_eq!(edit_of(file, &w, 0..3, "Pro"), Some((21, 24, "Pro".into())));
        // A space, a quote or a `$` would change the words.
        assert_eq!(edit_of(file, &w, 0..3, "Pro Plus"), None);
        assert_eq!(edit_of(file, &w, 0..3, "it's"), None);
        assert_eq!(edit_of(file, &w, 0..3, "$x"), None);
    }

    #[test]
    fn single_quoted_words_take_anything_but_a_quote() {
        let file = "aws x --t 'pro plus'\n";
        let w = word(10..20, "pro plus", &[(0, 11)]);
        assert_eq!(edit_of(file, &w, 0..8, "Pro Plus"), Some((11, 19, "Pro Plus".into())));
        assert_eq!(edit_of(file, &w, 0..8, "it's"), None);
    }

    #[test]
    fn double_quoted_words_refuse_what_the_shell_expands() {
        let file = "aws x --t \"pro\"\n";
        let w = word(10..15, "pro", &[(0, 11)]);
        assert_eq!(edit_of(file, &w, 0..3, "Pro"), Some((11, 14, "Pro".into())));
        for bad in ["a\"b", "a`b`", "a\\b", "a!b", "$HOME"] {
            assert_eq!(edit_of(file, &w, 0..3, bad), None, "{bad}");
        }
    }

    #[test]
    fn json_in_single_quotes_is_edited_in_place() {
        let file = r#"aws x --m '{"Role": "member"}'"#;
        let value = r#"{"Role": "member"}"#;
        let w = word(10..30, value, &[(0, 11)]);
        assert_eq!(edit_of(file, &w, 9..17, "\"Member\""), Some((20, 28, "\"Member\"".into())));
    }

    #[test]
    fn json_in_double_quotes_is_edited_where_it_is_literal() {
        // `"{\"Role\": \"member\"}"`: the value's quotes are escapes, so
        // only the letters that differ are replaced.
        let file = r#"aws x --m "{\"Role\": \"member\"}""#;
        let value = r#"{"Role": "member"}"#;
        let w = word(10..34, value, &[(0, 11), (1, 13), (6, 19), (9, 23), (16, 31), (17, 32)]);
        assert_eq!(edit_of(file, &w, 9..17, "\"Member\""), Some((24, 25, "M".into())));
        // A number made a string would need a `"` written in double quotes.
        assert_eq!(edit_of(file, &w, 10..16, "m\"x"), None);
    }

    #[test]
    fn escapes_and_quote_changes_inside_the_range_give_no_edit() {
        // `pr\o`: the value `pro` skips the backslash.
        let file = "aws x --t pr\\o\n";
        let w = word(10..14, "pro", &[(0, 10), (2, 13)]);
        assert_eq!(edit_of(file, &w, 0..3, "Pxy"), None);
        // `p'r'o`: quotes inside.
        let file = "aws x --t p'r'o\n";
        let w = word(10..15, "pro", &[(0, 10), (1, 12), (2, 14)]);
        assert_eq!(edit_of(file, &w, 0..3, "Pxy"), None);
        // A Makefile's `$$` halved: the `$` maps to one of two.
        let file = "\taws x --t a$$b\n";
        let w = word(11..15, "a$b", &[(0, 11), (1, 13), (2, 14)]);
        assert_eq!(edit_of(file, &w, 1..2, "c"), None);
    }

    #[test]
    fn inline_values_and_option_names() {
        let file = "aws x --licence-type=pro\n";
        let w = word(6..24, "--licence-type=pro", &[(0, 6)]);
        assert_eq!(edit_of(file, &w, 0..14, "--license-type"), Some((6, 20, "--license-type".into())));
        assert_eq!(edit_of(file, &w, 15..18, "Pro"), Some((21, 24, "Pro".into())));
    }

    #[test]
    fn sensitive_bytes_are_never_touched() {
        let file = "aws x --pin=1234\n";
        let w = word(6..16, "--pin=1234", &[(0, 6)]);
        let secret = [Span::new(12, 16)];
        assert!(edit(file, &w, 6..10, "5678", &secret).is_none());
        assert!(edit(file, &w, 0..5, "--pon", &secret).is_some());
    }

    #[test]
    fn ansi_c_quotes_refuse_backslashes() {
        let file = "aws x --t $'pro'\n";
        let w = word(10..16, "pro", &[(0, 12)]);
        assert_eq!(edit_of(file, &w, 0..3, "Pro"), Some((12, 15, "Pro".into())));
        assert_eq!(edit_of(file, &w, 0..3, "P\\n"), None);
    }

    #[test]
    fn differing_keeps_a_character_on_each_side() {
        assert_eq!(differing("\"pro\"", "\"Pro\""), (1, 3));
        assert_eq!(differing("Pr", "Pro"), (1, 0));
        assert_eq!(differing("abc", "abc"), (2, 0));
        assert_eq!(differing("é", "è"), (0, 0));
    }
}
