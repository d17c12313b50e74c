//! Dockerfiles: `RUN`, `CMD`, `ENTRYPOINT` (and `HEALTHCHECK CMD`, and
//! each of them after `ONBUILD`), as BuildKit reads them.
//!
//! BuildKit joins a line that ends with the escape character (`\`, or the
//! backtick a `# escape=` parser directive chose) with the next: the escape
//! character and the line break are removed, comment lines and empty lines
//! inside the instruction are dropped, and the shell form is run as
//! `/bin/sh -c "<joined text>"`. So the fragment is the joined text, one
//! line, as the shell receives it.
//!
//! The exec form (`RUN ["aws", "chime", …]`, a JSON array) runs no shell:
//! it becomes a [`FragmentCode::Argv`] of the JSON strings, each word
//! mapped to the file. Flags before the command (`--mount=…`,
//! `--network=…`) are BuildKit's. A heredoc (`RUN <<EOF`) makes its body
//! the script; a command with heredocs (`RUN cat <<EOF > f`) is run by the
//! shell with the bodies, so the fragment is the command line followed by
//! the bodies and their delimiters. Heredoc bodies of `COPY` and `ADD` are
//! skipped so that their lines are not read as instructions.
//!
//! A `SHELL` that is not a POSIX shell (`["powershell", "-Command"]`) makes
//! the shell forms after it (in its build stage, and in stages built on
//! it) code for that shell, so they are skipped; so does a Windows base
//! image, whose default shell is `cmd`.

use std::collections::HashMap;

use super::{Code, Fragment, FragmentCode, Line, OffsetMap, detect, is_posix_shell, lines, program_name};
use crate::script::Word;

/// The commands of the Dockerfile `text`, in file order.
pub(super) fn fragments(text: &str) -> Vec<Fragment> {
    let all: Vec<Line> = lines(text).collect();
    let escape = escape_directive(text, &all);
    let mut reader = Reader {
        text,
        lines: &all,
        escape,
        posix: true,
        stage: None,
        stages: HashMap::new(),
        out: Vec::new(),
    };
    reader.run();
    reader.out
}

/// The escape character a `# escape=` parser directive sets (`\` without
/// one). Directives are comments of the form `# key=value` before anything
/// else; the first line that is not one ends them.
fn escape_directive(text: &str, lines: &[Line]) -> u8 {
    for line in lines {
        let Some(comment) = line.text(text).trim().strip_prefix('#') else { break };
        let Some((key, value)) = comment.split_once('=') else { break };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            break;
        }
        if key.eq_ignore_ascii_case("escape") {
            return match value.trim() {
                "`" => b'`',
                _ => b'\\',
            };
        }
        // An unknown directive is a comment, and a comment ends them.
        if !(key.eq_ignore_ascii_case("syntax") || key.eq_ignore_ascii_case("check")) {
            break;
        }
    }
    b'\\'
}

/// Reads a Dockerfile instruction by instruction.
struct Reader<'t> {
    text: &'t str,
    lines: &'t [Line],
    escape: u8,
    /// The shell form runs in a POSIX shell in the current stage.
    posix: bool,
    /// The current stage's name (`FROM … AS name`), lower case.
    stage: Option<String>,
    /// Whether each named stage ended with a POSIX shell, for the stages
    /// built `FROM` it.
    stages: HashMap<String, bool>,
    out: Vec<Fragment>,
}

/// A heredoc redirection in an instruction: `<<EOF`, `<<-EOF`, `<<"EOF"`.
struct Heredoc {
    /// The delimiter word, quotes removed.
    word: String,
    /// `<<-`: leading tabs of the body and delimiter lines are removed.
    strip_tabs: bool,
    /// The redirection's extent in the instruction's text.
    start: usize,
    end: usize,
}

/// A heredoc's body: physical lines `first..end`, and the delimiter line
/// at `end` (past the last line when the file ends first).
struct Body {
    first: usize,
    end: usize,
}

impl Reader<'_> {
    fn line_at(&self, k: usize) -> Line {
        self.lines.get(k).copied().unwrap_or(Line { start: 0, end: 0, newline: None, next: 0 })
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.line_at(i);
            let content = line.text(self.text);
            let trimmed = content.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                i += 1;
                continue;
            }
            let (instruction, last) = self.instruction_text(i, line.start + (content.len() - trimmed.len()));
            i = self.instruction(&instruction, last, 0);
        }
    }

    /// The instruction starting at offset `start` of line `first`, its
    /// continuation lines joined as BuildKit joins them, and the index of
    /// its last line.
    fn instruction_text(&self, first: usize, start: usize) -> (Code, usize) {
        let mut code = Code::new();
        let mut k = first;
        let mut from = start;
        loop {
            let line = self.line_at(k);
            let content = self.text.get(from..line.end).unwrap_or("");
            let body = content.trim_end_matches([' ', '\t']);
            if !body.as_bytes().ends_with(&[self.escape]) {
                code.copy(self.text, from, line.end);
                return (code, k);
            }
            code.copy(self.text, from, from + body.len() - 1);
            // Comment lines and empty lines inside an instruction go.
            k += 1;
            while k < self.lines.len() {
                let next = self.line_at(k).text(self.text).trim_start();
                if !(next.is_empty() || next.starts_with('#')) {
                    break;
                }
                k += 1;
            }
            if k >= self.lines.len() {
                return (code, self.lines.len().saturating_sub(1));
            }
            from = self.line_at(k).start;
        }
    }

    /// Handles one instruction whose last line is `last`; the index of the
    /// line after it (and after its heredoc bodies). `depth` guards
    /// `ONBUILD`, which may not nest.
    fn instruction(&mut self, code: &Code, last: usize, depth: usize) -> usize {
        let text = code.text.as_str();
        let name_end = text.find(char::is_whitespace).unwrap_or(text.len());
        let name = text.get(..name_end).unwrap_or("").to_ascii_uppercase();
        let args = skip_blanks(text, name_end);
        match name.as_str() {
            "ONBUILD" if depth == 0 => {
                let inner = code.slice(args, text.len());
                self.instruction(&inner, last, depth + 1)
            }
            "FROM" => {
                self.from(text.get(skip_flags(text, args)..).unwrap_or(""));
                last + 1
            }
            "SHELL" => {
                if let Some(words) = json_argv(code, args) {
                    let program = words.first().and_then(|w| w.value.as_deref()).map(program_name);
                    self.posix = program.is_some_and(|p| is_posix_shell(&p));
                    if let Some(stage) = &self.stage {
                        self.stages.insert(stage.clone(), self.posix);
                    }
                }
                last + 1
            }
            "RUN" => self.command(code, skip_flags(text, args), last, true),
            "CMD" | "ENTRYPOINT" => self.command(code, args, last, false),
            "HEALTHCHECK" => {
                let at = skip_flags(text, args);
                let word_end =
                    text.get(at..).and_then(|r| r.find(char::is_whitespace)).map_or(text.len(), |k| at + k);
                if text.get(at..word_end).is_some_and(|w| w.eq_ignore_ascii_case("CMD")) {
                    self.command(code, skip_blanks(text, word_end), last, false);
                }
                last + 1
            }
            "COPY" | "ADD" => {
                let heredocs = heredocs(text, args);
                self.bodies(&heredocs, last).1
            }
            _ => last + 1,
        }
    }

    /// `FROM image [AS name]`: a new stage, whose shell is its base
    /// stage's, or the image's default.
    fn from(&mut self, args: &str) {
        let mut words = args.split_whitespace();
        let image = words.next().unwrap_or("").to_ascii_lowercase();
        let name = match (words.next(), words.next()) {
            (Some(as_), Some(name)) if as_.eq_ignore_ascii_case("as") => Some(name.to_ascii_lowercase()),
            _ => None,
        };
        self.posix = self.stages.get(&image).copied().unwrap_or_else(|| !image.contains("windows"));
        if let Some(name) = &name {
            self.stages.insert(name.clone(), self.posix);
        }
        self.stage = name;
    }

    /// A command (`RUN`, `CMD`, `ENTRYPOINT`) whose arguments start at
    /// `args` of the instruction; the index of the line after it.
    fn command(&mut self, code: &Code, args: usize, last: usize, heredoc: bool) -> usize {
        let text = code.text.as_str();
        if text.get(args..).is_some_and(|a| a.starts_with('['))
            && let Some(words) = json_argv(code, args)
        {
            if !words.is_empty() {
                self.out.push(Fragment { code: FragmentCode::Argv(words), map: OffsetMap::identity() });
            }
            return last + 1;
        }
        let heredocs = if heredoc { heredocs(text, args) } else { Vec::new() };
        let (bodies, next) = self.bodies(&heredocs, last);
        if !self.posix {
            return next;
        }
        // Whether the command is nothing but its heredocs.
        let mut only_heredocs = true;
        let mut from = args;
        for doc in &heredocs {
            only_heredocs &= text.get(from..doc.start).is_none_or(|gap| gap.trim().is_empty());
            from = doc.end;
        }
        only_heredocs &= text.get(from..).is_none_or(|gap| gap.trim().is_empty());
        if heredocs.is_empty() {
            self.push(code.slice(args, text.len()));
        } else if only_heredocs {
            // `RUN <<EOF`: each body is a script of its own.
            for (doc, body) in heredocs.iter().zip(&bodies) {
                self.script_body(doc, body);
            }
        } else {
            // The shell reads the bodies after the command line.
            let mut all = code.slice(args, text.len());
            let line = self.line_at(last);
            all.line_break(self.text, &line);
            for k in last + 1..next.min(self.lines.len()) {
                let line = self.line_at(k);
                all.copy(self.text, line.start, line.end);
                if k + 1 < next {
                    all.line_break(self.text, &line);
                }
            }
            self.push(all);
        }
        next
    }

    /// The bodies of `heredocs`, in order, from the line after `last`, and
    /// the index of the line after the last delimiter.
    fn bodies(&self, heredocs: &[Heredoc], last: usize) -> (Vec<Body>, usize) {
        let mut k = last + 1;
        let mut bodies = Vec::with_capacity(heredocs.len());
        for doc in heredocs {
            let first = k;
            while k < self.lines.len() {
                let line = self.line_at(k).text(self.text);
                let line = if doc.strip_tabs { line.trim_start_matches('\t') } else { line };
                if line == doc.word {
                    break;
                }
                k += 1;
            }
            bodies.push(Body { first, end: k });
            k = (k + 1).min(self.lines.len());
        }
        (bodies, k)
    }

    /// A heredoc body run as a script (unless a shebang names another
    /// interpreter).
    fn script_body(&mut self, doc: &Heredoc, body: &Body) {
        let first = self.line_at(body.first);
        if body.first < body.end
            && first.text(self.text).starts_with("#!")
            && detect::by_shebang(first.text(self.text).as_bytes()).is_none()
        {
            return;
        }
        let mut code = Code::new();
        for k in body.first..body.end.min(self.lines.len()) {
            let line = self.line_at(k);
            let content = line.text(self.text);
            let from =
                if doc.strip_tabs { line.end - content.trim_start_matches('\t').len() } else { line.start };
            code.copy(self.text, from, line.end);
            code.line_break(self.text, &line);
        }
        self.push(code);
    }

    fn push(&mut self, code: Code) {
        if !code.is_blank() {
            self.out.push(code.into_fragment());
        }
    }
}

/// The offset of the first non-blank at or after `at`.
fn skip_blanks(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

/// The offset after the BuildKit flags (`--mount=type=cache,target=/x`,
/// `--network=none`, quoted values allowed) that start at `at`.
fn skip_flags(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while bytes.get(at..).is_some_and(|rest| rest.starts_with(b"--")) {
        let mut quote = None;
        while let Some(&b) = bytes.get(at) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b.is_ascii_whitespace() => break,
                None => {}
            }
            at += 1;
        }
        at = skip_blanks(text, at);
    }
    at
}

/// The heredoc redirections in `text` from `from` on (outside quotes;
/// `<<<` is a here-string, not a heredoc).
fn heredocs(text: &str, from: usize) -> Vec<Heredoc> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut quote = None;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) => {
                if b == q {
                    quote = None;
                } else if b == b'\\' && q == b'"' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            None if b == b'\'' || b == b'"' => {
                quote = Some(b);
                i += 1;
                continue;
            }
            None if b == b'\\' => {
                i += 2;
                continue;
            }
            None => {}
        }
        if b != b'<' || bytes.get(i + 1) != Some(&b'<') {
            i += 1;
            continue;
        }
        if bytes.get(i + 2) == Some(&b'<') {
            i += 3;
            continue;
        }
        let start = i;
        let mut j = i + 2;
        let strip_tabs = bytes.get(j) == Some(&b'-');
        if strip_tabs {
            j += 1;
        }
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        let (word, end) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = bytes.get(j + 1..).and_then(|r| memchr::memchr(q, r)).map(|k| j + 1 + k);
                match close {
                    Some(close) => (text.get(j + 1..close).unwrap_or(""), close + 1),
                    // Unclosed: so is every later one with this quote.
                    None => break,
                }
            }
            _ => {
                let len = bytes
                    .get(j..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
                    .count();
                (text.get(j..j + len).unwrap_or(""), j + len)
            }
        };
        if !word.is_empty() {
            found.push(Heredoc { word: word.to_owned(), strip_tabs, start, end });
        }
        i = end.max(i + 2);
    }
    found
}

/// The exec form: the JSON array of strings at `from` of `code`'s text
/// (alone up to the end, blanks aside), as words in file coordinates;
/// `None` when it is not one (BuildKit then takes the shell form).
fn json_argv(code: &Code, from: usize) -> Option<Vec<Word>> {
    let bytes = code.text.as_bytes();
    let mut i = from;
    let blanks = |i: &mut usize| {
        while matches!(bytes.get(*i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            *i += 1;
        }
    };
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    blanks(&mut i);
    let mut words = Vec::new();
    if bytes.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            blanks(&mut i);
            let (value, end) = json_string(code, i)?;
            let span = code.map.outer(i)..code.map.outer(end - 1) + 1;
            words.push(Word { span, value: Some(value.text), map: value.map.then(&code.map) });
            i = end;
            blanks(&mut i);
            match bytes.get(i)? {
                b',' => i += 1,
                b']' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    blanks(&mut i);
    (i == bytes.len()).then_some(words)
}

/// The JSON string at `start` of `code`'s text: its value (mapped to the
/// text's offsets: escapes to their backslash) and the offset after it.
fn json_string(code: &Code, start: usize) -> Option<(Code, usize)> {
    let text = code.text.as_str();
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut value = Code::new();
    let mut i = start + 1;
    let mut run = i;
    loop {
        match *bytes.get(i)? {
            b'"' => {
                value.copy(text, run, i);
                return Some((value, i + 1));
            }
            b'\\' => {
                value.copy(text, run, i);
                let (c, len) = json_escape(bytes, i)?;
                value.put(c.encode_utf8(&mut [0; 4]), i);
                i += len;
                run = i;
            }
            0..0x20 => return None,
            _ => i += 1,
        }
    }
}

/// The JSON escape at `bytes[i]` (a backslash): its character and length.
/// A lone surrogate becomes U+FFFD, as Go's JSON decoder (BuildKit's) does.
fn json_escape(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let c = match *bytes.get(i + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\x08',
        b'f' => '\x0c',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(bytes, i + 2)?;
            if (0xd800..0xdc00).contains(&unit)
                && bytes.get(i + 6..i + 8) == Some(b"\\u")
                && let Some(low) = hex4(bytes, i + 8).filter(|low| (0xdc00..0xe000).contains(low))
            {
                let c = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                return Some((char::from_u32(c).unwrap_or('\u{fffd}'), 12));
            }
            return Some((char::from_u32(unit).unwrap_or('\u{fffd}'), 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// Four hex digits at `at`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests {
    use super::super::testutil::{at, check, check_word, code, codes_of, nth, words};
    use super::fragments;

    /// The fragments of `text`: shell code as is, words joined by `|`.
    fn codes(text: &str) -> Vec<String> {
        codes_of(text, &fragments(text))
    }

    #[test]
    fn run_lines_are_joined_as_buildkit_joins_them() {
        let text = "FROM amazon/aws-cli\nRUN aws chime list-meetings \\\n    --max-results 5 && \\  \n    echo done\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 1);
        check(text, &frags[0], "aws chime list-meetings     --max-results 5 &&     echo done", &[]);
        assert_eq!(frags[0].map.outer(0), nth(text, "aws", 1));
    }

    #[test]
    fn comments_and_empty_lines_inside_an_instruction_go() {
        let text = "RUN aws chime \\\n# a comment \\\n\n   \n    list-meetings\n";
        check(text, &fragments(text)[0], "aws chime     list-meetings", &[]);
    }

    #[test]
    fn buildkit_flags_are_not_the_command() {
        let text = "RUN --mount=type=secret,id=aws,target=/root/.aws/credentials --network=host aws chime list-meetings\n";
        check(text, &fragments(text)[0], "aws chime list-meetings", &[]);
        assert_eq!(codes("RUN --mount=\"type=bind,source=a b\" --security=insecure echo x\n"), ["echo x"]);
    }

    #[test]
    fn the_exec_form_is_words_in_file_coordinates() {
        let text = "RUN [\"aws\", \"chime\",\n]\nRUN [ \"aws\" , \"chime\", \"--x\\\"y\\u00e9\" ]\n";
        let frags = fragments(text);
        // The first is not JSON (a line break ends the instruction): shell form.
        assert_eq!(code(&frags[0]), "[\"aws\", \"chime\",");
        let w = words(&frags[1]);
        assert_eq!(w.len(), 3);
        let second = nth(text, "\"aws\"", 1);
        check_word(text, &w[0], "aws", &[]);
        assert_eq!(w[0].span, second..second + 5);
        check_word(text, &w[1], "chime", &[]);
        check_word(text, &w[2], "--x\"yé", &[("\"", at(text, "\\\"y")), ("é", at(text, "\\u00e9"))]);
        assert_eq!(&text[w[2].span.clone()], "\"--x\\\"y\\u00e9\"");
    }

    #[test]
    fn the_exec_form_across_continuation_lines() {
        let text = "CMD [\"aws\", \\\n     \"chime\"]\n";
        let frags = fragments(text);
        let w = words(&frags[0]);
        check_word(text, &w[0], "aws", &[]);
        check_word(text, &w[1], "chime", &[]);
        assert_eq!(&text[w[1].span.clone()], "\"chime\"");
    }

    #[test]
    fn not_json_is_the_shell_form() {
        assert_eq!(codes("RUN [ \"aws\", chime ]\n"), ["[ \"aws\", chime ]"]);
        assert_eq!(codes("RUN [\"aws\"] && echo\n"), ["[\"aws\"] && echo"]);
        assert_eq!(codes("RUN [\"a\tb\"]\n"), ["[\"a\tb\"]"]);
        assert_eq!(codes("RUN []\n"), Vec::<String>::new());
        assert_eq!(codes("RUN [\"\\ud800\", \"\\ud83d\\ude00\"]\n"), ["\u{fffd}|😀"]);
    }

    #[test]
    fn cmd_entrypoint_healthcheck_onbuild() {
        let text = "CMD aws chime list-meetings\nENTRYPOINT [\"aws\", \"chime\"]\nHEALTHCHECK --interval=5s CMD aws chime get-meeting\nHEALTHCHECK NONE\nONBUILD RUN aws chime x\nonbuild onbuild run no\nrun lower\nEXPOSE 80\n";
        assert_eq!(
            codes(text),
            ["aws chime list-meetings", "aws|chime", "aws chime get-meeting", "aws chime x", "lower"]
        );
        let frags = fragments(text);
        check(text, &frags[3], "aws chime x", &[]);
    }

    #[test]
    fn the_escape_directive() {
        let text =
            "# escape=`\nFROM mcr.microsoft.com/powershell\nRUN aws chime `\n  list-meetings \\\nRUN next\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime   list-meetings \\", &[]);
        check(text, &frags[1], "next", &[]);
        // Only before anything else.
        assert_eq!(codes("FROM x\n# escape=`\nRUN a `\nRUN b\n"), ["a `", "b"]);
        assert_eq!(codes("# syntax=docker/dockerfile:1\n# ESCAPE = `\nRUN a `\n b\n"), ["a  b"]);
        assert_eq!(codes("# comment\n# escape=`\nRUN a \\\n b\n"), ["a  b"]);
        assert_eq!(codes("# unknown=x\n# escape=`\nRUN a \\\n b\n"), ["a  b"]);
        assert_eq!(codes("# check=skip=all\n# escape=`\nRUN a `\n b\n"), ["a  b"]);
    }

    #[test]
    fn heredocs() {
        let text = "RUN <<EOF\naws chime list-meetings\necho done\nEOF\nRUN echo after\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime list-meetings\necho done\n", &[]);
        check(text, &frags[1], "echo after", &[]);
        let text = "RUN bash <<'EOF' > /out\naws chime x\nEOF\nRUN echo after\n";
        let frags = fragments(text);
        check(text, &frags[0], "bash <<'EOF' > /out\naws chime x\nEOF", &[]);
        check(text, &frags[1], "echo after", &[]);
        let text = "RUN <<-EOT\n\taws chime y\n\tEOT\n";
        check(text, &fragments(text)[0], "aws chime y\n", &[]);
        assert_eq!(
            codes("RUN <<EOF\n#!/usr/bin/env python3\nprint('aws chime')\nEOF\n"),
            Vec::<String>::new()
        );
        assert_eq!(codes("RUN <<EOF\n#!/bin/bash\naws\nEOF\n"), ["#!/bin/bash\naws\n"]);
        assert_eq!(codes("RUN <<A <<B\na\nA\nb\nB\nRUN c\n"), ["a\n", "b\n", "c"]);
        assert_eq!(codes("COPY <<EOF /x\nRUN not an instruction\nEOF\nRUN yes\n"), ["yes"]);
        assert_eq!(codes("RUN echo '<<EOF' <<< x\nRUN b\n"), ["echo '<<EOF' <<< x", "b"]);
        // Never closed: to the end of the file.
        assert_eq!(codes("RUN <<EOF\naws chime\n"), ["aws chime\n"]);
    }

    #[test]
    fn other_shells_skip_the_shell_form() {
        let text = "FROM x\nSHELL [\"powershell\", \"-Command\"]\nRUN aws chime a\nRUN [\"aws\", \"chime\"]\nFROM y\nRUN aws chime b\n";
        assert_eq!(codes(text), ["aws|chime", "aws chime b"]);
        let text = "FROM x AS base\nSHELL [\"pwsh\", \"-c\"]\nFROM base\nRUN no\nFROM base AS again\nRUN no\nFROM ubuntu\nRUN yes\nSHELL [\"/bin/bash\", \"-c\"]\nRUN bash\n";
        assert_eq!(codes(text), ["yes", "bash"]);
        assert_eq!(
            codes("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo no\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn crlf_bom_and_unterminated_continuations() {
        let text = "\u{feff}RUN aws chime \\\r\n  list\r\nRUN b\r\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime   list", &[]);
        check(text, &frags[1], "b", &[]);
        let text = "RUN aws chime \\";
        check(text, &fragments(text)[0], "aws chime ", &[]);
        let text = "RUN aws chime \\\n# only a comment after\n";
        check(text, &fragments(text)[0], "aws chime ", &[]);
        assert!(fragments("").is_empty());
        assert!(fragments("RUN\nRUN   \n").is_empty());
    }
}
