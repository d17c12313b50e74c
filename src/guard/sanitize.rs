//! Text from untrusted places — file names, document values, model names
//! and documentation — made safe to print on a terminal or in a CI log.
//!
//! Every human-readable output goes through here. Three attacks are closed:
//! - **terminal control**: ESC, BEL, CSI/OSC introducers and every other C0
//!   or C1 control character could move the cursor, retitle the window,
//!   write hyperlinks or (on some terminals) answer back; they are written as
//!   visible escapes (`\x1b`, `\u{9b}`);
//! - **forged lines**: an LF or CR inside a file name or value would start a
//!   line the tool did not write (`x\n::error file=evil::…` is a GitHub
//!   workflow command); they become `\n` and `\r`;
//! - **hidden text**: Unicode bidirectional overrides and isolates (the
//!   "Trojan Source" characters) reorder what the reader sees; they are
//!   escaped too.
//!
//! A line that would begin with `::` (after blanks) — the GitHub Actions
//! workflow-command prefix — gets a zero-cost visible guard from
//! [`guard_line_start`].

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach output raw.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with every unsafe character (see [`is_unsafe`]) written as a
/// visible escape: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`. Borrows when
/// nothing needs escaping, which is nearly always.
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    // Printable ASCII, nearly every message, is known safe a byte at a time.
    if text.bytes().all(|b| matches!(b, b' '..=b'~')) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but keeps line feeds (and tabs): for multi-line text
/// such as documentation, where only the characters that control the
/// terminal must go. Each line is also passed through [`guard_line_start`].
#[must_use]
pub fn escape_multiline(text: &str) -> Cow<'_, str> {
    let risky_start =
        text.split('\n').any(|line| line.trim_start_matches(char::is_whitespace).starts_with("::"))
            || text.contains("##[");
    if !risky_start && !text.chars().any(|c| c != '\n' && c != '\t' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut escaped = String::with_capacity(line.len());
        for c in line.chars() {
            if c == '\t' { escaped.push(c) } else { push_escaped(&mut escaped, c) }
        }
        out.push_str(&guard_line_start(&escaped));
    }
    Cow::Owned(out)
}

/// A line that would start (after blanks) with `::`, which GitHub Actions
/// reads as a workflow command, gets a backslash before it: `\::error`.
#[must_use]
pub fn guard_line_start(line: &str) -> Cow<'_, str> {
    // The Actions runner trims any Unicode white space (NBSP, U+3000 …)
    // before it looks for `::`, and reads the legacy `##[command]` form
    // anywhere in a line.
    let rest = line.trim_start_matches(char::is_whitespace);
    let line: Cow<'_, str> = if rest.starts_with("::") {
        let blanks = &line[..line.len() - rest.len()];
        Cow::Owned(format!("{blanks}\\{rest}"))
    } else {
        Cow::Borrowed(line)
    };
    if line.contains("##[") { Cow::Owned(line.replace("##[", "#\\#[")) } else { line }
}

/// `text` cut to its first `max` characters, with `…` when cut: document
/// text quoted in a message (a key, a word, a number) may be megabytes, and
/// a message is repeated per finding.
#[must_use]
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// How many characters of document text a message quotes at most.
pub const QUOTED_CHARS: usize = 60;

fn push_escaped(out: &mut String, c: char) {
    if !is_unsafe(c) {
        out.push(c);
        return;
    }
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\t' => write!(out, "\\t"),
        c if u32::from(c) < 0x80 => write!(out, "\\x{:02x}", u32::from(c)),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("update-user.json"), Cow::Borrowed(_)));
        assert!(matches!(escape_multiline("a\n\tb"), Cow::Borrowed(_)));
    }

    #[test]
    fn clip_cuts_on_characters() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("ébcd", 2), "éb…");
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(escape("x\n::error file=e::m"), "x\\n::error file=e::m");
        assert_eq!(escape("\x1b]0;t\x07\r"), "\\x1b]0;t\\x07\\r");
        assert_eq!(escape("a\u{9b}b\u{202e}c\u{7f}"), "a\\u{9b}b\\u{202e}c\\x7f");
    }

    #[test]
    fn multiline_keeps_lines_but_guards_commands() {
        assert_eq!(escape_multiline("ok\n  ::warning::x\n\x1b[2J"), "ok\n  \\::warning::x\n\\x1b[2J");
        assert_eq!(guard_line_start("::error::x"), "\\::error::x");
        assert_eq!(guard_line_start("a ::error::x"), "a ::error::x");
        assert_eq!(guard_line_start("\u{a0}::error::x"), "\u{a0}\\::error::x");
        assert_eq!(guard_line_start("x ##[error]y"), "x #\\#[error]y");
    }

    /// Whatever goes in, nothing unsafe comes out, and no output line
    /// starts a workflow command.
    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!escape(&all).chars().any(is_unsafe));
        let multi = escape_multiline(&all);
        assert!(!multi.chars().any(|c| c != '\n' && c != '\t' && is_unsafe(c)));
        assert!(!multi.lines().any(|l| l.trim_start_matches(char::is_whitespace).starts_with("::")));
    }
}
