//! Which files hold shell code, and where in them it is.
//!
//! Each kind of file wraps shell code in its own syntax, and each changes
//! the code on its way to the shell: Make expands `$(VAR)` and `$$`, YAML
//! folds lines and strips indentation, Docker joins continuation lines,
//! a Markdown console block carries prompts and output. A [`Fragment`] is
//! the code *as the shell receives it*, so that the bash grammar reads what
//! would run; its [`OffsetMap`] leads every byte back to the file, so that a
//! finding is shown where it was written.
//!
//! Every byte of a fragment's code is either *copied* (the map leads to the
//! same byte in the file) or *substituted* (the map leads to the start of
//! what it replaced: a Make or CI expression, a YAML escape, a folded line
//! break). Positions may be coarse on substituted bytes, never wrong.
//!
//! What the host expands before the shell runs (a Make variable, a GitHub
//! `${{ … }}` expression) is unknown here; it becomes a shell parameter
//! expansion, [`MAKE_PLACEHOLDER`] or [`CI_PLACEHOLDER`], which the shell
//! reader treats as any value known only at run time. Inside single quotes,
//! where the shell would take `${…}` literally, the quotes are closed around
//! it (`'a'"${__make}"'b'`), so the word stays unknown instead of becoming
//! the literal text of the placeholder.
//!
//! One submodule per kind; this module holds what they share: line
//! splitting (CRLF and a BOM never reach the shell), the `Code` builder and
//! the placeholder substitution.

mod detect;
mod dockerfile;
mod makefile;
mod markdown;
mod yaml;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod testutil;

use std::path::Path;

use super::{Fragment, FragmentCode, OffsetMap, ScriptError};

/// What a Make expansion (`$(VAR)`, `$@`, `$(shell …)`) becomes in the
/// shell code: a parameter expansion, unknown to the shell reader, whose
/// name no script is likely to use.
pub const MAKE_PLACEHOLDER: &str = "${__make}";

/// What a CI expression (GitHub and Azure `${{ … }}`, GitLab `$[[ … ]]`)
/// becomes in the shell code: see [`MAKE_PLACEHOLDER`].
pub const CI_PLACEHOLDER: &str = "${__ci}";

/// The kinds of file `lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A shell script (`*.sh`, `*.bash`, `*.zsh`, a shell shebang).
    Shell,
    /// A Makefile (recipe lines).
    Makefile,
    /// YAML: CI workflows and pipelines (`run:`, `script:`, … scalars).
    Yaml,
    /// A Dockerfile (`RUN`).
    Dockerfile,
    /// Markdown (fenced `sh`, `bash`, `shell`, `console` blocks).
    Markdown,
}

/// The kind of the file at `path`, by its name, else by the first bytes of
/// its content (`head`: a `#!` line naming a shell). `None`: not a file
/// `lint` reads.
#[must_use]
pub fn kind_of(path: &Path, head: &[u8]) -> Option<Kind> {
    detect::by_name(path).or_else(|| detect::by_shebang(head))
}

/// The shell code in `text`, a file of kind `kind`, in file order.
///
/// # Errors
///
/// [`ScriptError::TooComplex`] when a YAML file cannot be parsed (a syntax
/// error or a limit of the YAML reader: size, nesting, aliases), with the
/// offset and message of the parser. The other kinds always read: whatever
/// their syntax, something is made of each line.
pub fn fragments(kind: Kind, text: &str) -> Result<Vec<Fragment>, ScriptError> {
    Ok(match kind {
        Kind::Shell => shell_fragments(text),
        Kind::Makefile => makefile::fragments(text),
        Kind::Yaml => return yaml::fragments(text),
        Kind::Dockerfile => dockerfile::fragments(text),
        Kind::Markdown => markdown::fragments(text),
    })
}

/// A whole script: one fragment, without the BOM a shell would choke on
/// and without the carriage returns of CRLF line ends (bash would make
/// them part of the last word of each line).
fn shell_fragments(text: &str) -> Vec<Fragment> {
    if bom_len(text) == 0 && !text.contains('\r') {
        let code = FragmentCode::Shell(text.to_owned());
        return vec![Fragment { code, map: OffsetMap::identity() }];
    }
    let mut code = Code::new();
    for line in lines(text) {
        code.copy(text, line.start, line.end);
        code.line_break(text, &line);
    }
    vec![code.into_fragment()]
}

/// Length of a leading UTF-8 byte order mark (0 or 3).
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// One line of a file, in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    /// First byte (after the BOM on the first line).
    start: usize,
    /// End of the content: the line break (a `\r` before `\n` counts as
    /// part of it), or the end of the text.
    end: usize,
    /// Offset of the `\n`, if the line has one.
    newline: Option<usize>,
    /// Start of the next line (the end of the text for the last one).
    next: usize,
}

impl Line {
    /// The line's content.
    fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The lines of `text` from `from` on (a line is cut only at `\n`; a lone
/// `\r` stays content). No empty last line after a final `\n`.
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let rest = bytes.get(start..).unwrap_or(&[]);
        let line = match memchr::memchr(b'\n', rest) {
            Some(k) => {
                let newline = start + k;
                let end = if k > 0 && bytes.get(newline - 1) == Some(&b'\r') { newline - 1 } else { newline };
                Line { start, end, newline: Some(newline), next: newline + 1 }
            }
            None => Line { start, end: bytes.len(), newline: None, next: bytes.len() },
        };
        pos = line.next;
        Some(line)
    })
}

/// The lines of `text`, the BOM skipped.
fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    lines_from(text, bom_len(text))
}

/// Derived text under construction, with the map back to its source.
#[derive(Debug, Clone, Default)]
struct Code {
    text: String,
    map: OffsetMap,
}

impl Code {
    fn new() -> Code {
        Code::default()
    }

    /// Appends `src[start..end]`, each byte from its own place. A range
    /// that is not on character boundaries is dropped rather than split
    /// (callers cut only at ASCII bytes, so it does not happen).
    fn copy(&mut self, src: &str, start: usize, end: usize) {
        if let Some(piece) = src.get(start..end)
            && !piece.is_empty()
        {
            self.map.push(self.text.len(), start);
            self.text.push_str(piece);
        }
    }

    /// Appends `s`, every byte of it from source offset `at` (a substitution).
    fn put(&mut self, s: &str, at: usize) {
        for k in 0..s.len() {
            self.map.push(self.text.len() + k, at);
        }
        self.text.push_str(s);
    }

    /// Appends the line break of `line` as a bare `\n` (copied from the
    /// file's `\n`; the `\r` of CRLF left out). Nothing at the end of text.
    fn line_break(&mut self, text: &str, line: &Line) {
        if let Some(at) = line.newline {
            self.copy(text, at, at + 1);
        }
    }

    /// The code as a shell fragment.
    fn into_fragment(self) -> Fragment {
        Fragment { code: FragmentCode::Shell(self.text), map: self.map }
    }

    /// This code with its map composed with `outer` (its source was itself
    /// derived).
    fn then(self, outer: &OffsetMap) -> Code {
        let map = self.map.then(outer);
        Code { text: self.text, map }
    }

    /// Bytes `from..to` of this code, mapped as they are here (empty when
    /// the range is not one of this code's).
    fn slice(&self, from: usize, to: usize) -> Code {
        let mut piece = Code::new();
        piece.copy(&self.text, from, to);
        piece.then(&self.map)
    }

    /// Whether the code is only blanks (nothing for the shell to run).
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Shell quoting state, tracked byte by byte just well enough to know
/// whether a substitution lands inside single quotes (where the shell
/// would take a placeholder literally) or in a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// Unquoted.
    None,
    /// Inside `'…'`.
    Single,
    /// Inside `$'…'` (backslash escapes apply).
    AnsiC,
    /// Inside `"…"`.
    Double,
    /// In a `#` comment, until the end of the line.
    Comment,
}

/// Feeds shell code to [`Quote`] a byte at a time.
#[derive(Debug, Clone, Copy)]
struct QuoteTracker {
    state: Quote,
    /// The previous byte was an unquoted or double-quoted backslash.
    escaped: bool,
    /// The previous byte, for `$'` and for where a word starts.
    prev: Option<u8>,
}

impl QuoteTracker {
    fn new() -> QuoteTracker {
        QuoteTracker { state: Quote::None, escaped: false, prev: None }
    }

    fn feed(&mut self, b: u8) {
        let prev = self.prev.replace(b);
        if self.escaped {
            self.escaped = false;
            return;
        }
        self.state = match (self.state, b) {
            (Quote::None | Quote::Double | Quote::AnsiC, b'\\') => {
                self.escaped = true;
                self.state
            }
            (Quote::None, b'\'') if prev == Some(b'$') => Quote::AnsiC,
            (Quote::None, b'\'') => Quote::Single,
            (Quote::None, b'"') => Quote::Double,
            (Quote::None, b'#') if prev.is_none_or(|p| b" \t\n;&|()<>".contains(&p)) => Quote::Comment,
            (Quote::Single | Quote::AnsiC, b'\'') | (Quote::Double, b'"') | (Quote::Comment, b'\n') => {
                Quote::None
            }
            (state, _) => state,
        };
    }

    /// Appends `placeholder` to `out` for a substitution at source offset
    /// `at`, closing and reopening single quotes around it when inside
    /// them.
    fn put(&self, out: &mut Code, placeholder: &str, at: usize) {
        match self.state {
            Quote::Single => out.put(&format!("'\"{placeholder}\"'"), at),
            Quote::AnsiC => out.put(&format!("'\"{placeholder}\"$'"), at),
            Quote::None | Quote::Double | Quote::Comment => out.put(placeholder, at),
        }
    }
}

/// `code` with every construct that `find` recognises replaced: `find(s, i)`
/// looks at byte `i` of `s` (always a `$`) and gives the construct's
/// length and what it becomes (`Some(text)` is copied as is, from offset
/// `i`, and fed to the quote tracker; `None` is the placeholder). The map
/// of the result leads to `code`'s source.
fn substitute(
    code: Code,
    placeholder: &str,
    find: impl Fn(&[u8], usize) -> Option<(usize, Option<&'static str>)>,
) -> Code {
    substitute_at(code, b'$', placeholder, find)
}

/// [`substitute`], at every `trigger` byte rather than every `$`.
fn substitute_at(
    code: Code,
    trigger: u8,
    placeholder: &str,
    find: impl Fn(&[u8], usize) -> Option<(usize, Option<&'static str>)>,
) -> Code {
    let bytes = code.text.as_bytes();
    if memchr::memchr(trigger, bytes).is_none() {
        return code;
    }
    let mut out = Code::new();
    let mut quote = QuoteTracker::new();
    let mut i = 0;
    while i < bytes.len() {
        let next = memchr::memchr(trigger, bytes.get(i..).unwrap_or(&[])).map_or(bytes.len(), |k| i + k);
        for &b in bytes.get(i..next).unwrap_or(&[]) {
            quote.feed(b);
        }
        out.copy(&code.text, i, next);
        i = next;
        if i >= bytes.len() {
            break;
        }
        match find(bytes, i) {
            Some((len, Some(literal))) => {
                out.put(literal, i);
                literal.bytes().for_each(|b| quote.feed(b));
                i += len.max(1);
            }
            Some((len, None)) => {
                quote.put(&mut out, placeholder, i);
                // The placeholder is a word part, never a `$'`.
                quote.prev = Some(b'}');
                i += len.max(1);
            }
            None => {
                quote.feed(trigger);
                out.copy(&code.text, i, i + 1);
                i += 1;
            }
        }
    }
    out.then(&code.map)
}

/// The name a command path or `SHELL` names, without directories, a
/// Windows `.exe` and case: `/usr/bin/bash` → `bash`.
fn program_name(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    match base.strip_suffix(".exe") {
        Some(stem) => stem.to_owned(),
        None => base,
    }
}

/// Whether `name` (see [`program_name`]) is a shell that reads POSIX
/// shell code, so that bash's grammar says what it would run.
fn is_posix_shell(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash" | "dash" | "zsh" | "ksh" | "ksh93" | "mksh" | "pdksh" | "ash" | "posh" | "yash"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests;
