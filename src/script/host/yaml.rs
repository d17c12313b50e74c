//! CI YAML: the scalars that CI systems hand to a shell.
//!
//! GitHub Actions (`run`), GitLab CI (`script`, `before_script`,
//! `after_script`), CircleCI (`run`, `command`), Bitbucket (`script`,
//! `after-script`), Azure Pipelines (`script`, `bash`, `inlineScript`),
//! Travis (`install`, `before_install`, …), Buildkite and AWS CodeBuild
//! (`commands`) all put shell code in a string, or in a list of strings run
//! one after the other; every such string is a fragment.
//!
//! The file is read with the crate's YAML reader ([`crate::doc`]), which
//! gives each scalar's value and span, but not where each byte of the value
//! came from. That is rebuilt here from the scalar's text, style by style
//! (block indentation and chomping, line folding, quote doubling, escapes),
//! and checked against the reader's value: the reader is the truth, and if
//! the two ever differ the value is used with every byte mapped to the
//! scalar's start, so positions get coarse but never wrong.
//!
//! Not every string under those keys is shell code. A step whose `shell:`
//! names another language (`pwsh`, `python`, `cmd`) is skipped, as are
//! GitHub `run` steps whose job or workflow `defaults.run.shell` does, or
//! whose job `runs-on` a Windows runner (where the default is PowerShell),
//! the `with.script` of `actions/github-script` (JavaScript), and an Azure
//! `inlineScript` whose `scriptType` is PowerShell or batch. A `command:`
//! list that is an argument vector (Kubernetes, Compose: `[aws, chime, …]`)
//! is a [`FragmentCode::Argv`], and `[sh, -c, script]` gives its script.
//!
//! `${{ … }}` (GitHub, Azure templates) and `$[[ … ]]` (GitLab inputs) are
//! expanded by the CI system before the shell runs: each becomes
//! [`CI_PLACEHOLDER`].
//!
//! A stream of several documents is read document by document (a GitLab
//! `spec:` header, then the pipeline). A node reached twice (an alias, a
//! merge key) gives its fragment once, at the anchored text.

use std::collections::HashSet;

use crate::doc::{Document, Limits, NodeId, ProblemKind, Value, parse_yaml};

use super::{
    CI_PLACEHOLDER, Code, Fragment, FragmentCode, OffsetMap, ScriptError, is_posix_shell, lines_from,
    program_name, substitute,
};
use crate::script::Word;

/// Keys whose string value, or list of strings, is shell code.
const SHELL_KEYS: &[&str] = &[
    "run",
    "script",
    "before_script",
    "after_script",
    "after-script",
    "before_install",
    "install",
    "before_deploy",
    "after_deploy",
    "after_success",
    "after_failure",
    "commands",
    "command",
    "finally",
    "bash",
    "sh",
    "inlineScript",
];

/// Documents read from one piece of a stream at most (see [`pieces`]):
/// each is parsed from its start to the end of the piece, so thousands of
/// documents in one piece would cost quadratic time.
const MAX_DOCUMENTS: usize = 64;

/// The shell code in the YAML file `text`.
///
/// The crate's reader reads one document; the stream is cut into pieces
/// at its `---` lines, each read on its own, and a piece that still holds
/// more than one document (after a `...`) is read again from where the
/// reader stopped.
pub(super) fn fragments(text: &str) -> Result<Vec<Fragment>, ScriptError> {
    let mut walker = Walker { text, base: 0, out: Vec::new(), seen: HashSet::new() };
    for (start, end) in pieces(text) {
        walker.base = start;
        for _ in 0..MAX_DOCUMENTS {
            let source = text.get(walker.base..end).unwrap_or("");
            let (doc, problems) = parse_yaml(source, &Limits::DEFAULT).map_err(|problem| {
                let offset = walker.base + problem.span.start as usize;
                ScriptError::TooComplex { offset, message: problem.message }
            })?;
            walker.walk(&doc);
            let next = problems
                .iter()
                .find(|p| p.kind == ProblemKind::Unsupported && p.message.starts_with("multiple documents"))
                .map(|p| walker.base + p.span.start as usize);
            match next {
                Some(next) if next > walker.base => walker.base = next,
                _ => break,
            }
        }
    }
    Ok(walker.out)
}

/// `text` cut before each `---` document marker line (a marker is always
/// at the start of a line, and never inside a scalar), as `(start, end)`
/// offsets. A piece of only directives, comments and blank lines (`%YAML
/// 1.2` before the first `---`) stays with the next piece.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut substantial = false;
    for line in lines_from(text, 0) {
        let content = line.text(text).trim_start_matches('\u{feff}');
        let marker =
            content.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if marker && line.start > 0 && substantial {
            pieces.push((start, line.start));
            start = line.start;
            substantial = false;
        }
        let trimmed = content.trim_start_matches([' ', '\t']);
        substantial |= !(trimmed.is_empty() || trimmed.starts_with('#') || content.starts_with('%'));
    }
    pieces.push((start, text.len()));
    pieces
}

/// A node to visit.
#[derive(Clone, Copy)]
struct Visit {
    id: NodeId,
    /// The node is (in) the value of a shell key: its strings are code.
    shell: bool,
    /// A GitHub `run` here would not run in a POSIX shell (job or workflow
    /// `defaults.run.shell`, a Windows runner).
    run_elsewhere: bool,
}

/// Collects fragments from the documents of one file.
struct Walker<'t> {
    text: &'t str,
    /// Offset in `text` of the document being read (spans are relative to
    /// it).
    base: usize,
    out: Vec<Fragment>,
    /// File offsets of the scalars already given.
    seen: HashSet<usize>,
}

impl Walker<'_> {
    /// Every shell scalar of `doc`, in document order (an explicit stack:
    /// nesting is bounded by the reader's limits, but no recursion is
    /// needed either).
    fn walk(&mut self, doc: &Document) {
        let mut stack = vec![Visit { id: doc.root(), shell: false, run_elsewhere: false }];
        while let Some(visit) = stack.pop() {
            match doc.value(visit.id) {
                Value::Object(entries) => {
                    let mut children = Vec::with_capacity(entries.len());
                    let context = Context::of(doc, visit.id, visit.run_elsewhere);
                    for entry in entries {
                        let key = entry.key;
                        let child =
                            Visit { id: entry.value, shell: false, run_elsewhere: context.run_elsewhere };
                        if key == "with" && context.github_script {
                            continue;
                        }
                        if !SHELL_KEYS.contains(&key) {
                            children.push(child);
                            continue;
                        }
                        if context.skips(key) {
                            continue;
                        }
                        if key == "command" && self.argv(doc, entry.value) {
                            continue;
                        }
                        children.push(Visit { shell: true, ..child });
                    }
                    stack.extend(children.into_iter().rev());
                }
                // GitLab's `!reference [.job, script]` names another job's
                // script, read where that job is; its words are not code.
                Value::Array(_) if visit.shell && self.is_reference(doc, visit.id) => {}
                Value::Array(items) => {
                    stack.extend(items.iter().rev().map(|&id| Visit { id, ..visit }));
                }
                Value::String(value) if visit.shell => {
                    if let Some(code) = self.scalar(doc, visit.id, value) {
                        self.emit(code);
                    }
                }
                _ => {}
            }
        }
    }

    /// The code of the string node `id` (value `value`), mapped to the
    /// file; `None` when that text was given already.
    fn scalar(&mut self, doc: &Document, id: NodeId, value: &str) -> Option<Code> {
        let (start, end) = self.located(doc, id);
        if !self.seen.insert(start) {
            return None;
        }
        Some(read_scalar(self.text, start, end, value).0)
    }

    /// Where node `id` is written, in file offsets. An alias is read at
    /// its anchor, where the text is.
    fn located(&self, doc: &Document, id: NodeId) -> (usize, usize) {
        let mut node = doc.node(id);
        if self.text.as_bytes().get(self.base + node.span.start as usize) == Some(&b'*')
            && let Some(anchor) = doc.anchor_of(id).filter(|&anchor| anchor != id)
        {
            node = doc.node(anchor);
        }
        (self.base + node.span.start as usize, self.base + node.span.end as usize)
    }

    /// Whether node `id` is tagged `!reference` (the reader keeps no tags:
    /// the text before the node says).
    fn is_reference(&self, doc: &Document, id: NodeId) -> bool {
        let start = self.base + doc.node(id).span.start as usize;
        self.text.get(..start).is_some_and(|before| before.trim_end().ends_with("!reference"))
    }

    /// `code` as a fragment, CI expressions replaced.
    fn emit(&mut self, code: Code) {
        let code = substitute_templates(substitute_ci(code));
        if !code.is_blank() {
            self.out.push(code.into_fragment());
        }
    }

    /// A `command:` list that is an argument vector rather than a list of
    /// shell commands: `[aws, …]` becomes an [`FragmentCode::Argv`]
    /// fragment, `[sh, -c, script, …]` the script. `false` for anything
    /// else (a string, Buildkite's list of commands).
    fn argv(&mut self, doc: &Document, id: NodeId) -> bool {
        let Some(items) = doc.items(id) else { return false };
        let string = |k: usize| match items.get(k).map(|&i| doc.value(i)) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let Some(program) = string(0).filter(|p| !p.contains(char::is_whitespace)).map(program_name) else {
            return false;
        };
        if program == "aws" {
            let (start, _) = self.located(doc, id);
            if !self.seen.insert(start) {
                return true;
            }
            let mut words = Vec::with_capacity(items.len());
            for &item in items {
                let (start, end) = self.located(doc, item);
                let word = match doc.value(item) {
                    Value::String(value) => {
                        let (code, end) = read_scalar(self.text, start, end, value);
                        Word { span: start..end, value: Some(code.text), map: code.map }
                    }
                    _ => Word { span: start..end, value: None, map: OffsetMap::new() },
                };
                words.push(word);
            }
            self.out.push(Fragment { code: FragmentCode::Argv(words), map: OffsetMap::identity() });
            return true;
        }
        if is_posix_shell(&program) && string(1) == Some("-c") {
            if let (Some(&script), Some(value)) = (items.get(2), string(2))
                && let Some(code) = self.scalar(doc, script, value)
            {
                self.emit(code);
            }
            return true;
        }
        false
    }
}

/// What a mapping's keys say about the shell its shell keys run in.
struct Context {
    /// `shell:` beside the code: whether it names a POSIX shell.
    shell: Option<bool>,
    /// See [`Visit::run_elsewhere`], for this mapping and below.
    run_elsewhere: bool,
    /// Azure `scriptType` names PowerShell or batch.
    script_type_elsewhere: bool,
    /// A step that `uses: actions/github-script` (its `with.script` is
    /// JavaScript).
    github_script: bool,
}

impl Context {
    fn of(doc: &Document, id: NodeId, inherited: bool) -> Context {
        let string = |pointer: &str| match doc.pointer_from(id, pointer).map(|n| doc.value(n)) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let posix = |shell: &str| {
            shell.split_whitespace().next().map(program_name).is_some_and(|p| is_posix_shell(&p))
        };
        let mut run_elsewhere = inherited;
        if string("/runs-on").is_some_and(|r| r.trim_start().to_ascii_lowercase().starts_with("windows")) {
            run_elsewhere = true;
        }
        if let Some(shell) = string("/defaults/run/shell") {
            run_elsewhere = !posix(shell);
        }
        Context {
            shell: string("/shell").map(posix),
            run_elsewhere,
            script_type_elsewhere: string("/scriptType").is_some_and(|t| {
                matches!(t.trim().to_ascii_lowercase().as_str(), "ps" | "pscore" | "batch" | "powershell")
            }),
            github_script: string("/uses")
                .is_some_and(|u| u.trim_start().starts_with("actions/github-script")),
        }
    }

    /// Whether the code under `key` runs in something other than a POSIX
    /// shell.
    fn skips(&self, key: &str) -> bool {
        match self.shell {
            Some(posix) => !posix,
            None => {
                (key == "run" && self.run_elsewhere) || (key == "inlineScript" && self.script_type_elsewhere)
            }
        }
    }
}

/// `code` with `${{ … }}` and `$[[ … ]]` replaced by [`CI_PLACEHOLDER`].
fn substitute_ci(code: Code) -> Code {
    // Once a close is missing, it is missing for every later open of its
    // kind too: remembering that keeps a line of a million `${{` linear.
    let unclosed = [std::cell::Cell::new(usize::MAX), std::cell::Cell::new(usize::MAX)];
    substitute(code, CI_PLACEHOLDER, |bytes, i| {
        let rest = bytes.get(i + 1..)?;
        let (close, unclosed): (&[u8], _) = if rest.starts_with(b"{{") {
            (b"}}", &unclosed[0])
        } else if rest.starts_with(b"[[") {
            (b"]]", &unclosed[1])
        } else {
            return None;
        };
        if i >= unclosed.get() {
            return None;
        }
        match memchr::memmem::find(rest.get(2..)?, close) {
            Some(k) => Some((k + 5, None)),
            None => {
                unclosed.set(i);
                None
            }
        }
    })
}

/// `code` with template expressions `{{ … }}` (Ansible's Jinja, Buildkite,
/// Helm and other Go templates) replaced by [`CI_PLACEHOLDER`]: the
/// shell never sees them as written.
fn substitute_templates(code: Code) -> Code {
    let unclosed = std::cell::Cell::new(usize::MAX);
    super::substitute_at(code, b'{', CI_PLACEHOLDER, |bytes, i| {
        let rest = bytes.get(i..)?;
        if !rest.starts_with(b"{{") || i >= unclosed.get() {
            return None;
        }
        match memchr::memmem::find(rest.get(2..)?, b"}}") {
            Some(k) => Some((k + 4, None)),
            None => {
                unclosed.set(i);
                None
            }
        }
    })
}

/// The value of the scalar written at `start..end` of `text`, mapped, and
/// where its text ends; `value` (the reader's) when the text does not
/// rebuild to it.
fn read_scalar(text: &str, start: usize, end: usize, value: &str) -> (Code, usize) {
    match rebuild(text, start, end, value) {
        Some((code, end)) if code.text == value => (code, end),
        _ => {
            let mut code = Code::new();
            code.put(value, start);
            (code, end)
        }
    }
}

/// The value of the scalar written at `start..end` as its style reads it
/// (see [`read_scalar`]), and where its text ends.
fn rebuild(text: &str, start: usize, end: usize, value: &str) -> Option<(Code, usize)> {
    match text.as_bytes().get(start) {
        Some(b'|') => block(text, start, end, false, value).map(|code| (code, end)),
        Some(b'>') => block(text, start, end, true, value).map(|code| (code, end)),
        Some(b'\'') => quoted(text, start, false),
        Some(b'"') => quoted(text, start, true),
        _ => Some((plain(text, start, end), end)),
    }
}

/// How a block scalar treats its final line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    /// `-`: none kept.
    Strip,
    /// (default): the last content line's break kept.
    Clip,
    /// `+`: all kept.
    Keep,
}

/// One line of a block scalar's body.
#[derive(Clone, Copy)]
enum BodyLine {
    /// Only indentation: a line break.
    Empty { newline: Option<usize> },
    /// Content `from..to` (indentation removed); `spaced` when it starts
    /// with a blank (a more-indented line, which folding leaves alone).
    Content { from: usize, to: usize, newline: Option<usize>, spaced: bool },
}

/// A literal (`|`) or folded (`>`) block scalar whose indicator is at
/// `start`. `value` is consulted for one thing only: with an explicit
/// indentation indicator the indentation depends on the parent node's,
/// which the scalar's text does not show; the reader's value tells how
/// much of the first line's indentation is content.
fn block(text: &str, start: usize, end: usize, folded: bool, value: &str) -> Option<Code> {
    let header = lines_from(text, start).next()?;
    let mut explicit = false;
    let mut chomp = Chomp::Clip;
    for c in text.get(start + 1..header.end)?.chars() {
        match c {
            '1'..='9' => explicit = true,
            '-' => chomp = Chomp::Strip,
            '+' => chomp = Chomp::Keep,
            _ => break,
        }
    }
    let body: Vec<_> = lines_from(text, header.next).take_while(|line| line.start < end).collect();
    let spaces = |line: &super::Line| line.text(text).bytes().take_while(|&b| b == b' ').count();
    let indent = if explicit {
        // The first line with content in the value is the same line of the
        // text with `indent` more spaces (the lines before it are empty in
        // both, one value line each).
        match value.split('\n').enumerate().find(|(_, line)| !line.is_empty()) {
            None => usize::MAX,
            Some((j, line)) => {
                spaces(body.get(j)?).checked_sub(line.bytes().take_while(|&b| b == b' ').count())?
            }
        }
    } else {
        // Auto-detected: the first line that is not all spaces sets it.
        match body.iter().find(|line| line.text(text).bytes().any(|b| b != b' ')) {
            None => usize::MAX,
            Some(line) => spaces(line),
        }
    };
    let mut lines = Vec::with_capacity(body.len());
    for line in &body {
        let line_end = line.end.min(end);
        let newline = line.newline.filter(|&n| n < end);
        let len = line_end.saturating_sub(line.start);
        if len > indent && spaces(line) >= indent {
            let from = line.start + indent;
            let spaced = matches!(text.as_bytes().get(from), Some(b' ' | b'\t'));
            lines.push(BodyLine::Content { from, to: line_end, newline, spaced });
        } else if text.get(line.start..line_end)?.bytes().all(|b| b == b' ') {
            lines.push(BodyLine::Empty { newline });
        } else {
            break;
        }
    }
    let last = lines.iter().rposition(|line| matches!(line, BodyLine::Content { .. }));
    let mut code = Code::new();
    // Breaks seen since the last content line (its own first), and
    // whether that line was a normal (foldable) one.
    let mut breaks: Vec<Option<usize>> = Vec::new();
    let mut previous: Option<bool> = None;
    let mut last_line_end = header.end;
    for line in lines.iter().take(last.map_or(0, |l| l + 1)) {
        match *line {
            BodyLine::Empty { newline } => breaks.push(newline),
            BodyLine::Content { from, to, newline, spaced } => {
                let fold = folded && previous == Some(true) && !spaced;
                match breaks.split_first() {
                    Some((&first, [])) if fold => {
                        code.put(" ", first.map_or(from, |nl| break_start(text, nl)))
                    }
                    Some((_, rest)) if fold => rest.iter().for_each(|&b| put_break(&mut code, b, from)),
                    _ => breaks.iter().for_each(|&b| put_break(&mut code, b, from)),
                }
                code.copy(text, from, to);
                breaks.clear();
                breaks.push(newline);
                previous = Some(!spaced);
                last_line_end = to;
            }
        }
    }
    match (chomp, last) {
        (Chomp::Strip, _) | (Chomp::Clip, None) => {}
        (Chomp::Clip, Some(_)) => put_break(&mut code, breaks.first().copied().flatten(), last_line_end),
        (Chomp::Keep, _) => {
            // After the last content line: its break, then every empty
            // line's; with no content, every empty line's.
            let trailing = lines.iter().skip(last.map_or(0, |l| l + 1));
            let rest = trailing.filter_map(|line| match line {
                BodyLine::Empty { newline } => *newline,
                BodyLine::Content { .. } => None,
            });
            let own = if last.is_some() { breaks.first().copied() } else { None };
            if let Some(own) = own {
                put_break(&mut code, own, last_line_end);
            }
            rest.for_each(|b| put_break(&mut code, Some(b), last_line_end));
        }
    }
    Some(code)
}

/// Where the line break whose `\n` is at `newline` starts (at its `\r`
/// for CRLF).
fn break_start(text: &str, newline: usize) -> usize {
    if newline > 0 && text.as_bytes().get(newline - 1) == Some(&b'\r') { newline - 1 } else { newline }
}

/// A line break of the value: the file's `\n`, or where the break would
/// be when the text ends without one.
fn put_break(code: &mut Code, newline: Option<usize>, or: usize) {
    code.put("\n", newline.unwrap_or(or));
}

/// A plain scalar at `start..end` (the span ends at its last non-blank
/// character): lines stripped of surrounding blanks and folded, a single
/// break into a space, `n + 1` breaks into `n` newlines.
fn plain(text: &str, start: usize, end: usize) -> Code {
    let mut code = Code::new();
    let mut breaks: Vec<usize> = Vec::new();
    let mut fold_at = None;
    for line in lines_from(text, start).take_while(|line| line.start < end) {
        let raw = text.get(line.start..line.end.min(end)).unwrap_or("");
        let trimmed = raw.trim_start_matches([' ', '\t']);
        let from = line.start + (raw.len() - trimmed.len());
        let content = trimmed.trim_end_matches([' ', '\t']);
        if fold_at.is_some() && content.is_empty() {
            breaks.extend(line.newline);
            continue;
        }
        match (fold_at, breaks.is_empty()) {
            (Some(at), true) => code.put(" ", at),
            (Some(_), false) => breaks.iter().for_each(|&b| code.put("\n", b)),
            (None, _) => {}
        }
        code.copy(text, from, from + content.len());
        breaks.clear();
        fold_at = Some(line.end);
    }
    code
}

/// A single- or double-quoted scalar whose opening quote is at `start`,
/// and the offset after its closing quote. `None` when the text is not
/// one (unterminated, a bad escape): the reader's value then stands.
fn quoted(text: &str, start: usize, double: bool) -> Option<(Code, usize)> {
    let bytes = text.as_bytes();
    let mut code = Code::new();
    let mut i = start + 1;
    // Start of the stretch of plain characters not yet copied.
    let mut run = i;
    loop {
        match *bytes.get(i)? {
            b'\'' if !double => {
                code.copy(text, run, i);
                if bytes.get(i + 1) != Some(&b'\'') {
                    return Some((code, i + 1));
                }
                code.put("'", i);
                i += 2;
                run = i;
            }
            b'"' if double => {
                code.copy(text, run, i);
                return Some((code, i + 1));
            }
            b'\\' if double => {
                code.copy(text, run, i);
                if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) {
                    // An escaped line break: gone, with the next line's
                    // indentation; empty lines after it still count.
                    i = after_break(bytes, i + 1);
                    i = empty_lines(bytes, i, |at| code.put("\n", at));
                } else {
                    let (c, len) = escape(bytes, i)?;
                    code.put(c.encode_utf8(&mut [0; 4]), i);
                    i += len;
                }
                run = i;
            }
            b'\n' | b'\r' => {
                // Blanks before a break are not content.
                let mut e = i;
                while e > run && matches!(bytes.get(e - 1), Some(b' ' | b'\t')) {
                    e -= 1;
                }
                code.copy(text, run, e);
                let at = i;
                let mut newlines = Vec::new();
                i = empty_lines(bytes, after_break(bytes, i), |nl| newlines.push(nl));
                if newlines.is_empty() {
                    code.put(" ", at);
                } else {
                    newlines.iter().for_each(|&nl| code.put("\n", nl));
                }
                run = i;
            }
            _ => i += 1,
        }
    }
}

/// The offset after the line break at `i` (`\r\n`, `\n` or `\r`).
fn after_break(bytes: &[u8], i: usize) -> usize {
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(b'\r'), Some(b'\n')) => i + 2,
        _ => i + 1,
    }
}

/// From `i`, the start of a line: skips lines that hold only blanks,
/// calling `each` with the offset of each one's break (its `\n` when
/// there is one), then the blanks that indent the next line.
fn empty_lines(bytes: &[u8], mut i: usize, mut each: impl FnMut(usize)) -> usize {
    loop {
        let mut k = i;
        while matches!(bytes.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        match bytes.get(k) {
            Some(b'\n' | b'\r') => {
                let next = after_break(bytes, k);
                each(next - 1);
                i = next;
            }
            _ => return k,
        }
    }
}

/// The double-quoted escape at `bytes[i]` (a backslash): the character and
/// the escape's length.
fn escape(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let simple = match *bytes.get(i + 1)? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex(bytes, i, 2),
        b'u' => return hex(bytes, i, 4),
        b'U' => return hex(bytes, i, 8),
        _ => return None,
    };
    Some((simple, 2))
}

/// `\x`, `\u`, `\U` with `digits` hex digits after the backslash at `i`.
fn hex(bytes: &[u8], i: usize, digits: usize) -> Option<(char, usize)> {
    let hex = std::str::from_utf8(bytes.get(i + 2..i + 2 + digits)?).ok()?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(code)?, 2 + digits))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests {
    use super::super::CI_PLACEHOLDER as C;
    use super::super::testutil::{at, check, check_sound, check_word, code, nth, words};
    use super::fragments;
    use crate::script::FragmentCode;

    fn codes(text: &str) -> Vec<String> {
        let frags = fragments(text).unwrap();
        frags.iter().for_each(|f| check_sound(text, f));
        frags.iter().map(|f| code(f).to_owned()).collect()
    }

    #[test]
    fn github_run_steps() {
        let text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: aws chime list-meetings --max-results 5\n      - name: multi\n        run: |\n          aws chime create-meeting \\\n            --client-request-token ${{ github.run_id }} \\\n            --media-region us-east-1\n          echo done\n";
        let frags = fragments(text).unwrap();
        assert_eq!(frags.len(), 2);
        check(text, &frags[0], "aws chime list-meetings --max-results 5", &[]);
        let expected = format!(
            "aws chime create-meeting \\\n  --client-request-token {C} \\\n  --media-region us-east-1\necho done\n"
        );
        check(text, &frags[1], &expected, &[(C, at(text, "${{"))]);
    }

    #[test]
    fn ci_expressions_in_single_quotes_stay_unknown() {
        let text = "steps:\n- run: echo '${{ secrets.X }}' \"$[[ inputs.y ]]\" '${{ x'\n";
        let frags = fragments(text).unwrap();
        let expected = format!("echo ''\"{C}\"'' \"{C}\" '${{{{ x'");
        check(text, &frags[0], &expected, &[(&format!("'\"{C}\"'"), at(text, "${{")), (C, at(text, "$[["))]);
    }

    #[test]
    fn steps_in_other_shells_are_skipped() {
        let text = "jobs:\n  a:\n    steps:\n      - run: echo pwsh\n        shell: pwsh\n      - run: echo python\n        shell: python\n      - run: echo cmd\n        shell: cmd\n      - run: echo bash\n        shell: bash {0}\n      - run: echo sh\n        shell: /bin/sh -e {0}\n      - run: echo default\n";
        assert_eq!(codes(text), ["echo bash", "echo sh", "echo default"]);
        let text = "defaults:\n  run:\n    shell: pwsh\njobs:\n  a:\n    steps:\n      - run: echo no\n      - run: echo yes\n        shell: bash\n  b:\n    defaults:\n      run:\n        shell: bash\n    steps:\n      - run: echo b\n";
        assert_eq!(codes(text), ["echo yes", "echo b"]);
        let text = "jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: echo no\n      - run: echo yes\n        shell: bash\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo l\n";
        assert_eq!(codes(text), ["echo yes", "echo l"]);
        let text = "steps:\n  - uses: actions/github-script@v7\n    with:\n      script: console.log('aws chime')\n  - uses: other/action@v1\n    with:\n      script: echo other\n";
        assert_eq!(codes(text), ["echo other"]);
    }

    #[test]
    fn gitlab_bitbucket_travis_keys() {
        let text = "deploy:\n  before_script:\n    - export X=1\n  script:\n    - aws chime list-meetings\n    - >\n      aws chime create-meeting\n      --client-request-token $CI_JOB_ID\n  after_script: echo done\npipelines:\n  default:\n    - step:\n        script: [echo bb]\n        after-script: [echo after]\nbefore_install: echo bi\ninstall: [echo i]\nafter_success: echo s\n";
        let frags = fragments(text).unwrap();
        let got: Vec<_> = frags.iter().map(code).collect();
        assert_eq!(
            got,
            [
                "export X=1",
                "aws chime list-meetings",
                "aws chime create-meeting --client-request-token $CI_JOB_ID\n",
                "echo done",
                "echo bb",
                "echo after",
                "echo bi",
                "echo i",
                "echo s"
            ]
        );
        let folded = at(text, "create-meeting\n") + "create-meeting".len();
        check(
            text,
            &frags[2],
            "aws chime create-meeting --client-request-token $CI_JOB_ID\n",
            &[(" ", folded)],
        );
    }

    #[test]
    fn circleci_codebuild_azure_keys() {
        let text = "jobs:\n  b:\n    steps:\n      - run:\n          name: x\n          command: aws chime list-meetings\n      - run:\n          command: echo no\n          shell: powershell.exe\nphases:\n  install:\n    commands:\n      - echo install\n  build:\n    commands:\n      - aws chime get-meeting --meeting-id 1\n    finally:\n      - echo finally\nsteps:\n- bash: echo bash\n- script: echo script\n- powershell: echo ps\n- pwsh: echo pwsh\n- task: AzureCLI@2\n  inputs:\n    scriptType: bash\n    inlineScript: echo inline\n- task: AzureCLI@2\n  inputs:\n    scriptType: pscore\n    inlineScript: echo no\n";
        assert_eq!(
            codes(text),
            [
                "aws chime list-meetings",
                "echo install",
                "aws chime get-meeting --meeting-id 1",
                "echo finally",
                "echo bash",
                "echo script",
                "echo inline"
            ]
        );
    }

    #[test]
    fn values_that_are_not_strings_or_not_under_shell_keys() {
        assert!(codes("run: 5\nscript: null\ncommand: true\nname: aws chime x\nenv:\n  A: aws\n").is_empty());
        assert!(codes("").is_empty());
        assert!(codes("# only a comment\n").is_empty());
        assert!(codes("run: ''\n").is_empty());
    }

    #[test]
    fn plain_scalars_fold() {
        let text = "run: aws chime\n  list-meetings\t\n\n\n   --max-results 5 # c\n";
        let frags = fragments(text).unwrap();
        check(
            text,
            &frags[0],
            "aws chime list-meetings\n\n--max-results 5",
            &[(" ", at(text, "\n")), ("\n", nth(text, "\n", 2)), ("\n", nth(text, "\n", 3))],
        );
    }

    #[test]
    fn single_quoted_scalars() {
        let text = "run: 'echo ''a''  \n\n  b\n  c'  # trailing comment\n";
        let frags = fragments(text).unwrap();
        check(
            text,
            &frags[0],
            "echo 'a'\nb c",
            &[
                ("'", at(text, "''a")),
                ("'", at(text, "''  ")),
                ("\n", nth(text, "\n", 1)),
                (" ", nth(text, "\n", 2)),
            ],
        );
    }

    #[test]
    fn double_quoted_scalars() {
        let text = "run: \"aws \\\"chime\\\" \\\\ \\t\\x41\\u00e9 a  \n\n  b \\\n    c\\ \\\n  d\"\n";
        let frags = fragments(text).unwrap();
        check(
            text,
            &frags[0],
            "aws \"chime\" \\ \tAé a\nb c d",
            &[
                ("\"", at(text, "\\\"chime")),
                ("\"", at(text, "\\\" ")),
                ("\\", at(text, "\\\\")),
                ("\t", at(text, "\\t")),
                ("A", at(text, "\\x41")),
                ("é", at(text, "\\u00e9")),
                ("\n", nth(text, "\n", 1)),
                (" ", at(text, "\\ \\\n")),
            ],
        );
        // An escaped line break keeps the empty lines after it.
        let text = "run: \"a\\\n\n  b\"\n";
        assert_eq!(codes(text), ["a\nb"]);
    }

    #[test]
    fn literal_block_scalars_and_chomping() {
        let text = "a:\n  run: |\n    echo a\n      indented\n\n    echo b\n\n\n  x: 1\n";
        check(text, &fragments(text).unwrap()[0], "echo a\n  indented\n\necho b\n", &[]);
        let text = "run: |-\n  echo a\n\n";
        check(text, &fragments(text).unwrap()[0], "echo a", &[]);
        let text = "run: |+\n  echo a\n   \n\n";
        check(text, &fragments(text).unwrap()[0], "echo a\n \n\n", &[]);
        // At the end of the text, the implied line break maps there.
        let text = "run: |\n  echo a";
        check(text, &fragments(text).unwrap()[0], "echo a\n", &[("\n", text.len())]);
        // A comment after the indicator, leading empty lines.
        let text = "run: | # note\n\n  echo a\n";
        check(text, &fragments(text).unwrap()[0], "\necho a\n", &[]);
    }

    #[test]
    fn explicit_indentation_indicators() {
        let text = "- run: &a !!str |2\n     x\n    y\n";
        check(text, &fragments(text).unwrap()[0], " x\ny\n", &[]);
        let text = "run: >2-\n   a\n   b\n";
        check(text, &fragments(text).unwrap()[0], " a\n b", &[]);
        let text = "run: |1\n  a\n";
        check(text, &fragments(text).unwrap()[0], " a\n", &[]);
    }

    #[test]
    fn folded_block_scalars() {
        let text = "run: >\n\n  a\n  b\n   c\n  d\n\n\n  e\n";
        check(
            text,
            &fragments(text).unwrap()[0],
            "\na b\n c\nd\n\ne\n",
            &[(" ", text.find("a\n").unwrap() + 1)],
        );
        let text = "run: >-\n  aws chime\n  list\n\n\n";
        check(text, &fragments(text).unwrap()[0], "aws chime list", &[(" ", at(text, "\n  list"))]);
        let text = "run: >+\n  a\n\n";
        check(text, &fragments(text).unwrap()[0], "a\n\n", &[]);
        let text = "run: >\n  a\n  \tb\n  c\n";
        check(text, &fragments(text).unwrap()[0], "a\n\tb\nc\n", &[]);
    }

    #[test]
    fn crlf_line_ends() {
        let text = "run: |\r\n  aws chime \\\r\n    list\r\n\r\n  echo\r\n";
        check(text, &fragments(text).unwrap()[0], "aws chime \\\n  list\n\necho\n", &[]);
        let text = "run: >\r\n  a\r\n  b\r\n";
        check(text, &fragments(text).unwrap()[0], "a b\n", &[(" ", at(text, "\r\n  b"))]);
        let text = "run: 'a\r\n  b'\r\nscript: \"c\\\r\n  d\"\r\nsh: e\r\n  f\r\n";
        let frags = fragments(text).unwrap();
        check(text, &frags[0], "a b", &[(" ", at(text, "\r\n  b"))]);
        check(text, &frags[1], "cd", &[]);
        check(text, &frags[2], "e f", &[(" ", at(text, "\r\n  f"))]);
        let text = "\u{feff}run: echo a\r\n";
        check(text, &fragments(text).unwrap()[0], "echo a", &[]);
    }

    #[test]
    fn a_value_the_text_does_not_rebuild_maps_to_the_scalar_start() {
        let text = "run: aws chime\n";
        let (code, end) = super::read_scalar(text, 5, 14, "other value");
        assert_eq!((code.text.as_str(), end), ("other value", 14));
        for i in 0.."other value".len() {
            assert_eq!(code.map.outer(i), 5);
        }
    }

    #[test]
    fn aliases_and_merges_are_read_once_at_the_anchor() {
        let text = ".cmd: &cmd aws chime list-meetings\n.base: &base\n  script: [echo base]\njob:\n  script: [*cmd, echo b]\nother:\n  <<: *base\n  before_script: [*cmd]\n";
        let frags = fragments(text).unwrap();
        let got: Vec<_> = frags.iter().map(code).collect();
        assert_eq!(got, ["echo base", "aws chime list-meetings", "echo b"]);
        check(text, &frags[1], "aws chime list-meetings", &[]);
    }

    #[test]
    fn command_lists_that_are_argument_vectors() {
        let text = "containers:\n- command: [aws, \"chime\", 'list-meetings', \"--x\\ty\"]\n- command: [\"sh\", \"-c\", \"aws chime get-meeting\"]\n- command: [\"make\", \"aws chime x\"]\n- command: [\"/usr/local/bin/aws\", 5]\n";
        let frags = fragments(text).unwrap();
        assert_eq!(frags.len(), 5);
        let w = words(&frags[0]);
        assert_eq!(w.len(), 4);
        check_word(text, &w[0], "aws", &[]);
        assert_eq!(w[0].span, at(text, "aws")..at(text, "aws") + 3);
        check_word(text, &w[1], "chime", &[]);
        assert_eq!(&text[w[1].span.clone()], "\"chime\"");
        check_word(text, &w[2], "list-meetings", &[]);
        check_word(text, &w[3], "--x\ty", &[("\t", at(text, "\\t"))]);
        check(text, &frags[1], "aws chime get-meeting", &[]);
        assert_eq!(code(&frags[2]), "make");
        assert_eq!(code(&frags[3]), "aws chime x");
        let w = words(&frags[4]);
        assert_eq!(w[1].value, None);
        assert!(matches!(frags[4].code, FragmentCode::Argv(_)));
    }

    #[test]
    fn every_document_of_a_stream_is_read() {
        let text = "spec:\n  inputs:\n    x: {}\n---\njob:\n  script: aws chime list-meetings\n---\nb:\n  script: echo b\n";
        let frags = fragments(text).unwrap();
        assert_eq!(frags.len(), 2);
        check(text, &frags[0], "aws chime list-meetings", &[]);
        check(text, &frags[1], "echo b", &[]);
    }

    #[test]
    fn directives_and_document_ends() {
        let text = "%YAML 1.2\n# c\n---\nrun: echo a\n...\n---\nrun: echo b\n...\nrun: echo c\n";
        let frags = fragments(text).unwrap();
        assert_eq!(frags.len(), 3);
        check(text, &frags[0], "echo a", &[]);
        check(text, &frags[1], "echo b", &[]);
        check(text, &frags[2], "echo c", &[]);
        let text = "\u{feff}--- |\n  not a key\n--- \nrun: echo d\n---x: 1\n";
        assert_eq!(codes(text), ["echo d"]);
        assert_eq!(super::pieces("a\n---\nb\n--- # c\n"), [(0, 2), (2, 8), (8, 16)]);
    }

    #[test]
    fn unclosed_expressions_of_one_kind_do_not_hide_the_other() {
        let text = "run: echo $[[ x ${{ y }}\n";
        let frags = fragments(text).unwrap();
        check(text, &frags[0], &format!("echo $[[ x {C}"), &[(C, at(text, "${{"))]);
    }

    #[test]
    fn gitlab_references_are_not_commands() {
        let text = ".setup:\n  script: [echo setup]\njob:\n  script:\n    - !reference [.setup, script]\n    - echo job\n";
        assert_eq!(codes(text), ["echo setup", "echo job"]);
    }

    #[test]
    fn nested_lists_of_commands() {
        let text = "script:\n  - - echo a\n    - echo b\n  - echo c\n";
        assert_eq!(codes(text), ["echo a", "echo b", "echo c"]);
    }

    /// Every string scalar of `text` rebuilds to the reader's value, and
    /// every byte of it maps to the same byte of the text or to what it
    /// replaced. Returns how many scalars were checked.
    fn rebuilds(text: &str) -> usize {
        let Ok((doc, _)) = crate::doc::parse_yaml(text, &crate::doc::Limits::DEFAULT) else { return 0 };
        let mut checked = 0;
        for node in doc.nodes() {
            let crate::doc::Value::String(value) = doc.value_of(node) else { continue };
            let (start, end) = (node.span.start as usize, node.span.end as usize);
            if text.as_bytes().get(start) == Some(&b'*') {
                continue;
            }
            let rebuilt = super::rebuild(text, start, end, value);
            let Some((code, _)) = rebuilt else { panic!("no rebuild of {value:?} at {start} in {text:?}") };
            assert_eq!(&code.text, value, "scalar at {start} of {text:?}");
            let frag = code.into_fragment();
            check_sound(text, &frag);
            checked += 1;
        }
        checked
    }

    #[test]
    fn scalars_rebuild_to_the_readers_values() {
        let corpus = [
            "a: |\n  line1\n  line2\n\nb: |-\n  strip\n\nc: |+\n  keep\n\nd: >\n  folded\n  text\n\n  para\ne: >-\n  x\n  y\n",
            "a: |2\n    indented\n",
            "a: plain\n  continued\n  lines\nb: 'single ''quoted''\n  folded'\nc: \"double\\tescape \\u00e9 \\x41 \\U0001F600 \\N \\_ \\0\"\n",
            "a: \"line\\\n  continued\"\n",
            "[a, 'b c', \"d\\\"e\", f g\n  h, {i: j k}]\n",
            "- |\n  a\n- >\n  b\n  c\n- - |1\n    d\n  - >2\n     e\n",
            "a:\n  |\n   x\n",
            "a:\n  - |2\n     x\n   y\n",
            "k: |\n  a\n   \n \n\n",
            "k: |+\n  a\n   \n \n\n",
            "k: >\n  a\n\n   b\n\n  c\n",
            "k: >\n\n\n  a\n",
            "k: |\n\n\n  a\n",
            "k: >+\n\n",
            "k: |-\n",
            "k: \"a \\\n\n  b\"\n",
            "k: \"a  \\t \n  b\"\n",
            "k: \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\ \\a\\v\\e\\L\\P\"\n",
            "k: '  a  \n\n\n  b  '\n",
            "k: 'a\n\n'\n",
            "k: \"\n  a\n  \"\n",
            "k: a  \t\n\t b\n",
            "k: !!str &x |\n  tagged\nl: *x\n",
            "? |\n  key\n: |\n  value\n",
            "k: >\n  a\n  \tb\n  c\n",
            "k: |\n\tnot allowed\n",
        ];
        let mut checked = 0;
        for text in corpus {
            checked += rebuilds(text);
            checked += rebuilds(&text.replace('\n', "\r\n"));
        }
        for line in include_str!("../../doc/testdata/ruamel_documents.tsv").lines().skip(1) {
            let Some((quoted, _)) = line.split_once('\t') else { continue };
            if let Ok(text) = serde_json::from_str::<String>(quoted) {
                checked += rebuilds(&text);
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// Scalars of every style made of random lines (blank, indented, with
    /// tabs, quotes, backslashes and comments) rebuild to the reader's
    /// values, with indentation and chomping varied.
    #[test]
    fn generated_scalars_rebuild_to_the_readers_values() {
        let pieces = [
            "", " ", "  ", "\t", "a", "b c", " lead", "trail ", "x\ty", "'q'", "\"d\"", "\\", "\\n", "# c",
            "a #b", "é", "${{ x }}", "-", ":", "a: b",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut checked = 0;
        for case in 0..3000 {
            let lines: Vec<String> = (0..1 + next(5))
                .map(|_| {
                    let extra = " ".repeat(next(3));
                    format!("{extra}{}", pieces[next(pieces.len())])
                })
                .collect();
            let indent = " ".repeat(1 + next(3));
            let text = match case % 6 {
                0 | 1 => {
                    let style = if case % 6 == 0 { "|" } else { ">" };
                    let chomp = ["", "-", "+"][next(3)];
                    let explicit = if next(3) == 0 { indent.len().to_string() } else { String::new() };
                    let body: String = lines.iter().map(|l| format!("{indent}{l}\n")).collect();
                    let tail = ["", "\n", "  \n", "x: 1\n"][next(4)];
                    format!("k: {style}{explicit}{chomp}\n{body}{tail}")
                }
                2 => {
                    let body = lines.join(&format!("\n{indent}"));
                    format!("k: \"{}\"\n", body.replace('"', "\\\""))
                }
                3 => {
                    let body = lines.join(&format!("\n{indent}"));
                    format!("k: '{}'\n", body.replace('\'', "''"))
                }
                4 => format!("k: {}\n", lines.join(&format!("\n{indent}"))),
                _ => format!("- - {}\n", lines.join(&format!("\n{indent}   "))),
            };
            checked += rebuilds(&text);
            checked += rebuilds(&text.replace('\n', "\r\n"));
        }
        assert!(checked > 2000, "{checked}");
    }
}
