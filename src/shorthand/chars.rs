//! Character classes of the shorthand grammar.
//!
//! The AWS CLI defines these classes as Python regular expressions (`\s`, `[...]` ranges that stop
//! at U+FFFF) and Python string constants (`string.whitespace`, `str.rstrip()`). They are spelled
//! out here as explicit code-point ranges, measured by enumerating every code point against the
//! Python definitions (see `tests/gen_shorthand_cases.py`, which also writes the ranges that the
//! unit tests compare these functions with).

/// A character allowed in a key: ASCII letters, digits and `-_.#/:`.
#[inline]
pub(crate) const fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

/// Whitespace the parser skips between tokens: Python's `string.whitespace` (ASCII only).
#[inline]
pub(crate) const fn is_skippable_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Python's `str.isspace()`, used by `str.rstrip()` and by the regex class `\s`.
///
/// This is Rust's `char::is_whitespace` plus the four ASCII separators U+001C..U+001F, which
/// Python treats as whitespace (bidirectional class B or S) and Unicode's `White_Space` does not.
#[inline]
pub(crate) const fn is_python_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Bit of [`ASCII`] for [`is_start`].
const START: u8 = 1;
/// Bit of [`ASCII`] for [`is_first_follow`].
const FIRST_FOLLOW: u8 = 2;
/// Bit of [`ASCII`] for [`is_second_follow`].
const SECOND_FOLLOW: u8 = 4;

/// The value classes of the 128 ASCII characters, computed at compile time from the range
/// definitions, so that the hot loop over bare values is a table look-up.
const ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut rest: &mut [u8] = &mut table;
    let mut byte = 0u8;
    while let [slot, tail @ ..] = rest {
        let c = byte as char;
        let mut flags = 0;
        if is_start_by_range(c) {
            flags |= START;
        }
        if is_first_follow_by_range(c) {
            flags |= FIRST_FOLLOW;
        }
        if is_second_follow_by_range(c) {
            flags |= SECOND_FOLLOW;
        }
        *slot = flags;
        rest = tail;
        byte = byte.wrapping_add(1);
    }
    table
};

/// Looks `c` up in [`ASCII`], or classifies it with `by_range` if it is not ASCII.
#[inline]
fn classify(c: char, flag: u8, by_range: fn(char) -> bool) -> bool {
    match u8::try_from(c).ok().and_then(|b| ASCII.get(usize::from(b))) {
        Some(flags) => flags & flag != 0,
        None => by_range(c),
    }
}

/// First character of a bare value (`_START_WORD`).
#[inline]
pub(crate) fn is_start(c: char) -> bool {
    classify(c, START, is_start_by_range)
}

/// Later character of a first (or only) bare value (`_FIRST_FOLLOW_CHARS`).
#[inline]
pub(crate) fn is_first_follow(c: char) -> bool {
    classify(c, FIRST_FOLLOW, is_first_follow_by_range)
}

/// Later character of the second and following items of a comma-separated value
/// (`_SECOND_FOLLOW_CHARS`).
#[inline]
pub(crate) fn is_second_follow(c: char) -> bool {
    classify(c, SECOND_FOLLOW, is_second_follow_by_range)
}

/// [`is_start`] by code-point ranges.
///
/// Excludes controls, space, `"`, `'`, `,`, `=`, `[`, `{` and everything above U+FFFF.
const fn is_start_by_range(c: char) -> bool {
    matches!(
        c,
        '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}'
    )
}

/// [`is_first_follow`] by code-point ranges.
///
/// Excludes `"`, `'`, `,`, `]`, `}`, non-whitespace controls and everything above U+FFFF.
const fn is_first_follow_by_range(c: char) -> bool {
    is_python_space(c)
        || matches!(
            c,
            '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}'
        )
}

/// [`is_second_follow`] by code-point ranges.
///
/// Excludes `"`, `'`, `,`, `=`, non-whitespace controls and everything above U+FFFF.
const fn is_second_follow_by_range(c: char) -> bool {
    is_python_space(c) || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

/// Python's `str.rstrip()` without arguments.
#[inline]
pub(crate) fn python_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_python_space)
}
