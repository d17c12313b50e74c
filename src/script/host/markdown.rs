//! Markdown: fenced code blocks of shell code and of shell sessions.
//!
//! A fence (three or more backticks or tildes) whose info string names a
//! shell (`sh`, `bash`, `shell`, `zsh`, `ksh`) holds a script: its content,
//! with the fence's indentation removed from each line as CommonMark
//! removes it, is one fragment. One that names a session (`console`,
//! `shell-session`, `shellsession`, `sh-session`) holds commands and their
//! output: a line that starts with a prompt (`$ `, `% `, also after
//! `user@host:dir`, `[user@host dir]` or a `(venv)`) is a command, the
//! prompt removed; a command ending in a backslash goes on to the next line
//! (a `> ` secondary prompt there removed), as do the lines that start
//! with the secondary prompt `> ` (a `for … do` typed over several lines);
//! every other line is output.
//! Each command is a fragment. A script block whose lines carry `$ `
//! prompts (a common way to write READMEs) is read as a session: `$ aws …`
//! run as a script would be the command `$`.
//!
//! `#` is not a prompt: in a session block it is as likely a comment.
//!
//! Containers are followed as far as the common cases need: a fence
//! indented under a list item (by any amount, also on the item's own line:
//! `1. ```sh`) and a fence inside block quotes (`> ```sh`), whose lines
//! keep their `>` markers. A fence that is never closed runs to the end of
//! its container, as in CommonMark.

use super::{Code, Fragment, Line, lines};

/// The shell code of the Markdown file `text`, in file order.
pub(super) fn fragments(text: &str) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for line in lines(text) {
        let content = line.text(text);
        if let Some(fence) = &mut open {
            match strip_quotes(content, fence.quotes) {
                Some(after) if fence.closes(content.get(after..).unwrap_or("")) => {
                    fence.finish(text, &mut out);
                    open = None;
                    continue;
                }
                Some(after) => {
                    let inner = content.get(after..).unwrap_or("");
                    let start = line.start + after + indentation(inner, fence.indent);
                    fence.body.push(Line { start, ..line });
                    continue;
                }
                None => {
                    // The block quote ended, and the block with it.
                    fence.finish(text, &mut out);
                }
            }
        }
        let (after, quotes) = quote_markers(content);
        open = opening(content.get(after..).unwrap_or(""), quotes);
    }
    if let Some(fence) = &open {
        fence.finish(text, &mut out);
    }
    out
}

/// What a fenced block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// Shell code.
    Script,
    /// Prompts, commands and output.
    Session,
    /// Something else: read only to find where it ends.
    Other,
}

/// An open fenced code block.
struct Fence {
    /// `` ` `` or `~`.
    marker: u8,
    /// How many markers opened it (a closing fence needs as many).
    len: usize,
    /// Columns of indentation removed from each content line.
    indent: usize,
    /// Block quote levels around it.
    quotes: usize,
    lang: Lang,
    /// Its lines so far, each starting after the indentation.
    body: Vec<Line>,
}

impl Fence {
    /// Whether `line` (without the block quote markers) is a closing
    /// fence: markers of the same kind, at least as many, then blanks.
    fn closes(&self, line: &str) -> bool {
        let rest = line.trim_start_matches([' ', '\t']);
        let n = rest.bytes().take_while(|&b| b == self.marker).count();
        n >= self.len && rest.get(n..).is_some_and(|tail| tail.trim_matches([' ', '\t']).is_empty())
    }

    /// Emits the block's fragments.
    fn finish(&self, text: &str, out: &mut Vec<Fragment>) {
        let has_prompts = || {
            self.body.iter().any(|line| {
                let content = line.text(text);
                content == "$" || content.starts_with("$ ")
            })
        };
        match self.lang {
            Lang::Other => {}
            Lang::Script if !has_prompts() => {
                let mut code = Code::new();
                for line in &self.body {
                    code.copy(text, line.start, line.end);
                    code.line_break(text, line);
                }
                if !code.is_blank() {
                    out.push(code.into_fragment());
                }
            }
            Lang::Script | Lang::Session => session(text, &self.body, out),
        }
    }
}

/// The commands of a session's lines.
fn session(text: &str, body: &[Line], out: &mut Vec<Fragment>) {
    let mut k = 0;
    while let Some(line) = body.get(k) {
        k += 1;
        let Some(at) = prompt_end(line.text(text)) else { continue };
        let mut code = Code::new();
        code.copy(text, line.start + at, line.end);
        let mut previous = *line;
        // A line ending in `\` continues; so does a line after which the
        // terminal showed its secondary prompt `> ` (`for …; do`, an open
        // quote), whatever the line ends with.
        while let Some(next) = body.get(k) {
            let secondary = next.text(text).starts_with("> ") || next.text(text) == ">";
            if !continues(&code.text) && !secondary {
                break;
            }
            k += 1;
            code.line_break(text, &previous);
            let content = next.text(text);
            let prompt = if content.starts_with("> ") {
                2
            } else if content == ">" {
                1
            } else {
                0
            };
            code.copy(text, next.start + prompt, next.end);
            previous = *next;
        }
        if !code.is_blank() {
            out.push(code.into_fragment());
        }
    }
}

/// Whether a command line ends with a backslash that escapes the line
/// break (an odd number of them).
fn continues(code: &str) -> bool {
    code.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Where the command starts on a session line that starts with a prompt:
/// `$` or `%` followed by a blank or the end of the line, after an optional
/// `(venv)`, and an optional `user@host`, `user@host:dir` or `[…]`.
fn prompt_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    if bytes.first() == Some(&b'(') {
        let close = line.find(')')?;
        if line.get(1..close)?.contains(char::is_whitespace) {
            return None;
        }
        i = close + 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    let name = |from: usize| {
        bytes
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            .count()
    };
    if bytes.get(i) == Some(&b'[') {
        let close = i + memchr::memchr(b']', bytes.get(i..)?)?;
        if !line.get(i..close)?.contains('@') {
            return None;
        }
        i = close + 1;
    } else {
        let user = name(i);
        if user > 0 && bytes.get(i + user) == Some(&b'@') {
            let host = name(i + user + 1);
            if host == 0 {
                return None;
            }
            i += user + 1 + host;
            if bytes.get(i) == Some(&b':') {
                i += 1;
                while bytes.get(i).is_some_and(|&b| !b.is_ascii_whitespace() && b != b'$' && b != b'%') {
                    i += 1;
                }
            }
        }
    }
    if !matches!(bytes.get(i), Some(b'$' | b'%')) {
        return None;
    }
    i += 1;
    match bytes.get(i) {
        None => Some(i),
        Some(b' ' | b'\t') => {
            while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            Some(i)
        }
        Some(_) => None,
    }
}

/// The block quote markers (`>`, each after up to three spaces and with
/// one optional space after it) that start `line`: the offset after them
/// and how many.
fn quote_markers(line: &str) -> (usize, usize) {
    let mut at = 0;
    let mut levels = 0;
    while let Some(after) = quote_marker(line, at) {
        at = after;
        levels += 1;
    }
    (at, levels)
}

/// The offset after `levels` block quote markers at the start of `line`;
/// `None` when it has fewer.
fn strip_quotes(line: &str, levels: usize) -> Option<usize> {
    let mut at = 0;
    for _ in 0..levels {
        at = quote_marker(line, at)?;
    }
    Some(at)
}

/// The offset after one block quote marker at `at`.
fn quote_marker(line: &str, at: usize) -> Option<usize> {
    let rest = line.get(at..)?;
    let spaces = rest.bytes().take_while(|&b| b == b' ').count();
    if spaces > 3 || rest.as_bytes().get(spaces) != Some(&b'>') {
        return None;
    }
    let mut end = at + spaces + 1;
    if line.as_bytes().get(end) == Some(&b' ') {
        end += 1;
    }
    Some(end)
}

/// The fence that `line` (without block quote markers) opens, if any.
fn opening(line: &str, quotes: usize) -> Option<Fence> {
    let mut indent = columns(line, line.len() - line.trim_start_matches([' ', '\t']).len());
    let mut rest = line.trim_start_matches([' ', '\t']);
    if let Some(marker) = list_marker(rest) {
        let after = rest.get(marker..)?;
        let blanks = after.len() - after.trim_start_matches(' ').len();
        indent += marker + blanks;
        rest = after.get(blanks..)?;
    }
    let marker = *rest.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == marker).count();
    let info = rest.get(len..)?.trim();
    if len < 3 || (marker == b'`' && info.contains('`')) {
        return None;
    }
    Some(Fence { marker, len, indent, quotes, lang: lang(info), body: Vec::new() })
}

/// The length of the list item marker (`-`, `*`, `+`, `1.`, `1)`) that
/// starts `line`, when a blank follows it.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let len = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    (bytes.get(len) == Some(&b' ')).then_some(len)
}

/// What the info string's first word says the block holds (`bash`,
/// `{.bash}`, `bash title="x"`, `shell,ignore`).
fn lang(info: &str) -> Lang {
    let word = info.trim_start_matches(['{', '.']);
    let end =
        word.find(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | ',' | ';')).unwrap_or(word.len());
    match word.get(..end).unwrap_or("").to_ascii_lowercase().as_str() {
        "sh" | "bash" | "shell" | "zsh" | "ksh" => Lang::Script,
        "console" | "shell-session" | "shellsession" | "sh-session" => Lang::Session,
        _ => Lang::Other,
    }
}

/// The columns the first `bytes` bytes of `line` take (tab stops of 4).
fn columns(line: &str, bytes: usize) -> usize {
    line.bytes().take(bytes).fold(0, |col, b| if b == b'\t' { col + 4 - col % 4 } else { col + 1 })
}

/// How many bytes of leading blanks of `line` make up at most `indent`
/// columns (a tab that crosses the limit is removed whole: the shell does
/// not care about leading blanks).
fn indentation(line: &str, indent: usize) -> usize {
    let mut col = 0;
    let mut at = 0;
    for b in line.bytes() {
        if col >= indent {
            break;
        }
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
        at += 1;
    }
    at
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests {
    use super::super::testutil::{check, code, codes_of};
    use super::{fragments, prompt_end};

    fn codes(text: &str) -> Vec<String> {
        codes_of(text, &fragments(text))
    }

    #[test]
    fn a_shell_fence_is_a_script() {
        let text = "# Title\n\n```bash\naws chime list-meetings \\\n  --max-results 5\n```\n\ntext\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 1);
        check(text, &frags[0], "aws chime list-meetings \\\n  --max-results 5\n", &[]);
    }

    #[test]
    fn fences_and_info_strings() {
        let text = "~~~sh\na\n~~~\n````shell\n```\nb\n````\n```zsh\nc\n```\n``` {.bash}\nd\n```\n```bash title=\"x\"\ne\n```\n```Bash\nf\n```\n```ksh\ng\n```\n";
        assert_eq!(codes(text), ["a\n", "```\nb\n", "c\n", "d\n", "e\n", "f\n", "g\n"]);
        let text = "```python\naws\n```\n```shellscript\naws\n```\n``\nx\n``\n```sh`\naws\n```\n";
        assert_eq!(codes(text), Vec::<String>::new());
        // A fence closes only with as many markers of its kind, and no info.
        assert_eq!(codes("```markdown\n```bash\naws\n```\n"), Vec::<String>::new());
        assert_eq!(codes("~~~~sh\n~~~\n```\naws\n~~~~~ \n"), ["~~~\n```\naws\n"]);
    }

    #[test]
    fn fences_in_lists_lose_the_item_indentation() {
        let text =
            "1. Install:\n\n   ```bash\n   aws chime list-meetings\n     --indented\n  short\n   ```\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime list-meetings\n  --indented\nshort\n", &[]);
        let text = "- ```sh\n  aws chime a\n  ```\n* item\n\n      ```sh\n      aws chime b\n      ```\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime a\n", &[]);
        check(text, &frags[1], "aws chime b\n", &[]);
        let text = "10) ```sh\n\taws chime c\n    ```\n";
        check(text, &fragments(text)[0], "aws chime c\n", &[]);
    }

    #[test]
    fn fences_in_block_quotes() {
        let text = "> ```sh\n> aws chime a\n>\n>  ```\n";
        check(text, &fragments(text)[0], "aws chime a\n\n", &[]);
        let text = "> > ```sh\n> > aws chime b\n> not deep enough\n";
        check(text, &fragments(text)[0], "aws chime b\n", &[]);
    }

    #[test]
    fn console_blocks_are_prompts_commands_and_output() {
        let text = "```console\n$ aws chime list-meetings \\\n> --max-results 5 \\\n  --region x\n{\n    \"Meetings\": []\n}\nuser@host:~/dir$ aws chime get-meeting --meeting-id 1\n(venv) $ echo hi\n[ec2-user@ip-10 ~]$ echo bracket\n% echo zsh\n# comment, not a prompt\n$\n$ \\\n```\n";
        let frags = fragments(text);
        let got: Vec<_> = frags.iter().map(code).collect();
        assert_eq!(
            got,
            [
                "aws chime list-meetings \\\n--max-results 5 \\\n  --region x",
                "aws chime get-meeting --meeting-id 1",
                "echo hi",
                "echo bracket",
                "echo zsh",
                "\\",
            ]
        );
        check(text, &frags[0], "aws chime list-meetings \\\n--max-results 5 \\\n  --region x", &[]);
        check(text, &frags[1], "aws chime get-meeting --meeting-id 1", &[]);
    }

    #[test]
    fn session_kinds_and_scripts_with_prompts() {
        for lang in ["shell-session", "shellsession", "sh-session", "console"] {
            assert_eq!(codes(&format!("```{lang}\n$ a\nout\n```\n")), ["a"], "{lang}");
        }
        let text = "```bash\n$ aws chime list-meetings\n{}\n$ echo b\n```\n";
        assert_eq!(codes(text), ["aws chime list-meetings", "echo b"]);
    }

    #[test]
    fn prompts() {
        assert_eq!(prompt_end("$ ls"), Some(2));
        assert_eq!(prompt_end("$   ls"), Some(4));
        assert_eq!(prompt_end("$"), Some(1));
        assert_eq!(prompt_end("% ls"), Some(2));
        assert_eq!(prompt_end("me@box:~/x$ ls"), Some(12));
        assert_eq!(prompt_end("me@box$ ls"), Some(8));
        assert_eq!(prompt_end("(venv) $ ls"), Some(9));
        assert_eq!(prompt_end("(venv) me@box:/tmp% ls"), Some(20));
        assert_eq!(prompt_end("[me@box dir]$ ls"), Some(14));
        for line in
            ["$HOME", "ls", "# ls", "(1 row) $ x", "[x]$ ls", "@box$ ls", "me@$ ls", "> ls", "Total: $ 5", ""]
        {
            assert_eq!(prompt_end(line), None, "{line:?}");
        }
    }

    #[test]
    fn unterminated_fences_crlf_and_empty_blocks() {
        assert_eq!(codes("```sh\naws chime a\n"), ["aws chime a\n"]);
        assert_eq!(codes("```sh\naws chime a"), ["aws chime a"]);
        assert_eq!(codes("```console\n$ aws \\"), ["aws \\"]);
        let text = "\u{feff}```sh\r\naws chime a \\\r\n  b\r\n```\r\n";
        check(text, &fragments(text)[0], "aws chime a \\\n  b\n", &[]);
        assert!(fragments("```sh\n```\n").is_empty());
        assert!(fragments("```sh\n\n  \n```\n").is_empty());
        assert!(fragments("").is_empty());
    }
}
