//! Where a long script can be cut into pieces that parse on their own, so
//! that the pieces parse on all cores.
//!
//! tree-sitter-bash reads about 10 MB/s: a 10,000-line script takes most
//! of the 50 ms a lint of it may take. The cut points come from a small
//! lexical scan that knows what makes a newline not the end of a
//! statement: quotes (`'…'`, `"…"`, `$'…'`, backquotes), `$(…)`, `(…)` and
//! `${…}`, heredoc bodies, comments, and a line that ends in `\`, `|`, `&`
//! or `(`, and the compound commands (`if … fi`, `for … done`, `case …
//! esac`, `{ … }`) by their reserved words in command position. A cut it
//! gets wrong leaves the piece before it unterminated, which the parser
//! reports as an error, and the caller then parses the whole code at once
//! (only slower). For the same reason the scan may be wrong anywhere without
//! harm but in one way — taking data (a quoted string, a heredoc body)
//! for code — and that is what it is careful about: whatever it cannot
//! read (an unterminated quote, a heredoc without its end, an odd
//! delimiter) ends the cutting there.

/// What the scan is inside of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    /// Commands: the top level, or inside `$(…)` / `(…)`.
    Code,
    /// `"…"`.
    Double,
    /// `` `…` ``.
    Backquote,
    /// `${…}`.
    Parameter,
}

/// Offsets in `code` just after a newline that ends a top-level statement
/// (as far as the scan can tell), in order.
pub(super) fn cut_points(code: &[u8]) -> Vec<usize> {
    scan(code).cuts
}

/// The cut points, and whether the scan is sure of every one of them.
pub(super) struct Scan {
    /// Offsets just after a newline that ends a top-level statement.
    pub cuts: Vec<usize>,
    /// The scan read all of `code` and met nothing it reads differently
    /// from tree-sitter-bash (or may read wrongly), and the code ends at
    /// the top level: each statement between two cuts parses alone as it
    /// does in the whole code, so statements without `aws` can be left
    /// out of the parse. `false` is always safe.
    pub certain: bool,
}

/// [`cut_points`], and whether they can be trusted one by one (see
/// [`Scan::certain`]). Beyond the cutting scan's own care, these make it
/// unsure: where tree-sitter-bash ends a heredoc or reads its delimiter
/// otherwise than bash (a body line that starts with the delimiter, after
/// blanks; a delimiter not followed by a blank); a heredoc body line with
/// an unbalanced `$(`, `${` or backquote (the grammar parses those in the
/// body); `case` inside `$(…)` or `(…)` (its patterns' `)` would close
/// them); a single quote inside `${…}`; `\` before a carriage return;
/// and some syntax errors, which the grammar's error recovery may spread
/// to the statements next to them: at the top level an unmatched `)`,
/// `fi`, `done`, `esac`, `}`, `then`, `else`, `elif`, `do` or `;;`, and
/// anywhere `&;`, `|;` or a line that ends in `<` or `>`. Other syntax
/// errors in a statement without `aws` are not seen (see
/// `shell::statements_with_aws`).
pub(super) fn scan(code: &[u8]) -> Scan {
    let mut doubt = false;
    let mut cuts = Vec::new();
    let mut stack = vec![Context::Code];
    // Heredocs opened on the current line: (delimiter, strip tabs).
    let mut heredocs: Vec<(Vec<u8>, bool)> = Vec::new();
    // The last byte of the current line that is not a blank or a comment.
    let mut last: u8 = b'\n';
    // Open compound commands, by their reserved words.
    let mut compound: usize = 0;
    // Whether the next word stands where a command name would (where a
    // reserved word means something).
    let mut command_position = true;
    let mut i = 0;
    while let Some(&b) = code.get(i) {
        let top = *stack.last().unwrap_or(&Context::Code);
        let next = code.get(i + 1).copied();
        match top {
            Context::Code => match b {
                b'\\' => {
                    doubt |= next == Some(b'\r');
                    last = if next == Some(b'\n') { b'\\' } else { b'x' };
                    i += 2;
                    continue;
                }
                b'\'' => match memchr::memchr(b'\'', code.get(i + 1..).unwrap_or_default()) {
                    Some(k) => i += k + 2,
                    None => return Scan { cuts, certain: false },
                },
                b'$' if next == Some(b'\'') => match ansi_c_end(code, i + 2) {
                    Some(end) => i = end,
                    None => return Scan { cuts, certain: false },
                },
                b'$' if next == Some(b'(') => {
                    stack.push(Context::Code);
                    i += 2;
                }
                b'$' if next == Some(b'{') => {
                    stack.push(Context::Parameter);
                    i += 2;
                }
                b'"' => {
                    stack.push(Context::Double);
                    i += 1;
                }
                b'`' => {
                    doubt = true;
                    stack.push(Context::Backquote);
                    i += 1;
                }
                b'(' => {
                    stack.push(Context::Code);
                    command_position = true;
                    i += 1;
                }
                b')' => {
                    // A `case` pattern's `)` closes nothing: the top level
                    // stays.
                    if stack.len() > 1 {
                        stack.pop();
                    } else if compound == 0 {
                        doubt = true;
                    }
                    command_position = true;
                    i += 1;
                }
                b';' | b'&' | b'|' => {
                    doubt |= b == b';' && next == Some(b';') && stack.len() == 1 && compound == 0;
                    // `a &;`, `a |;`: errors the grammar recovers from
                    // across lines.
                    doubt |= b == b';' && matches!(last, b'&' | b'|');
                    command_position = true;
                    i += 1;
                }
                b' ' | b'\t' | b'\r' => i += 1,
                b'#' if i == 0 || code.get(i - 1).is_some_and(|p| word_break(*p)) => {
                    i = memchr::memchr(b'\n', code.get(i..).unwrap_or_default())
                        .map_or(code.len(), |k| i + k);
                    continue;
                }
                b'<' if next == Some(b'<') && code.get(i + 2) != Some(&b'<') => {
                    let Some((delimiter, strip, end)) = heredoc_operator(code, i + 2) else {
                        return Scan { cuts, certain: false };
                    };
                    doubt |= grammar_delimiter(code, i + 2).as_deref() != Some(delimiter.as_slice());
                    heredocs.push((delimiter, strip));
                    i = end;
                }
                b'\n' => {
                    // A redirection without its target: the grammar looks
                    // for it on the next line.
                    doubt |= heredocs.is_empty() && matches!(last, b'<' | b'>');
                    i += 1;
                    for (delimiter, strip) in heredocs.drain(..) {
                        match body_end(code, i, &delimiter, strip) {
                            Some(end) => {
                                doubt |= body_doubt(code.get(i..end).unwrap_or_default(), &delimiter);
                                i = end;
                            }
                            None => return Scan { cuts, certain: false },
                        }
                    }
                    if stack.len() == 1 && compound == 0 && !matches!(last, b'\\' | b'|' | b'&' | b'(') {
                        cuts.push(i);
                    }
                    last = b'\n';
                    command_position = true;
                    continue;
                }
                _ => {
                    let end = word_end(code, i);
                    let word = code.get(i..end).unwrap_or_default();
                    if stack.len() == 1 && command_position {
                        match word {
                            b"if" | b"for" | b"while" | b"until" | b"case" | b"select" | b"{" => {
                                compound += 1
                            }
                            b"fi" | b"done" | b"esac" | b"}" => {
                                doubt |= compound == 0;
                                compound = compound.saturating_sub(1);
                            }
                            b"then" | b"else" | b"elif" | b"do" => doubt |= compound == 0,
                            _ => {}
                        }
                    }
                    doubt |= stack.len() > 1 && matches!(word, b"case" | b"esac");
                    // After these a command (or, after `function`, a name
                    // and then the body) follows; after an assignment a
                    // reserved word is a plain word, as in bash.
                    command_position = matches!(
                        word,
                        b"if"
                            | b"then"
                            | b"else"
                            | b"elif"
                            | b"do"
                            | b"while"
                            | b"until"
                            | b"{"
                            | b"!"
                            | b"time"
                    );
                    if word == b"function" {
                        let name_end = word_end(code, skip_blanks(code, end));
                        i = name_end.max(end);
                        command_position = true;
                        last = b'x';
                        continue;
                    }
                    i = end.max(i + 1);
                }
            },
            Context::Double | Context::Parameter => match b {
                b'\\' => i += 2,
                b'\'' if top == Context::Parameter => {
                    doubt = true;
                    i += 1;
                }
                b'"' if top == Context::Double => {
                    stack.pop();
                    i += 1;
                }
                b'}' if top == Context::Parameter => {
                    stack.pop();
                    i += 1;
                }
                b'"' => {
                    stack.push(Context::Double);
                    i += 1;
                }
                b'$' if next == Some(b'(') => {
                    stack.push(Context::Code);
                    i += 2;
                }
                b'$' if next == Some(b'{') => {
                    stack.push(Context::Parameter);
                    i += 2;
                }
                b'`' => {
                    doubt = true;
                    stack.push(Context::Backquote);
                    i += 1;
                }
                _ => i += 1,
            },
            Context::Backquote => match b {
                b'\\' => i += 2,
                b'`' => {
                    stack.pop();
                    i += 1;
                }
                _ => i += 1,
            },
        }
        if !b.is_ascii_whitespace() {
            last = b;
        }
    }
    let certain = !doubt
        && stack.len() == 1
        && compound == 0
        && heredocs.is_empty()
        && !matches!(last, b'\\' | b'|' | b'&' | b'(');
    Scan { cuts, certain }
}

/// The delimiter of the heredoc operator whose word starts at `from` (after
/// `<<`), as tree-sitter-bash's scanner reads it: a quoted word up to its
/// closing quote, or else everything up to a blank (`;` and `)` included),
/// a backslash taking the next character. `None` when it reads none.
fn grammar_delimiter(code: &[u8], from: usize) -> Option<Vec<u8>> {
    let mut i = from;
    if code.get(i) == Some(&b'-') {
        i += 1;
    }
    while code.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let quote = code.get(i).copied().filter(|q| matches!(q, b'\'' | b'"'));
    if quote.is_some() {
        i += 1;
    }
    let mut delimiter = Vec::new();
    while let Some(&b) = code.get(i) {
        let end = match quote {
            Some(q) => b == q || b == b'\r' || b == b'\n',
            None => b.is_ascii_whitespace(),
        };
        if end {
            break;
        }
        if b == b'\\' {
            i += 1;
        }
        delimiter.push(*code.get(i)?);
        i += 1;
    }
    (!delimiter.is_empty()).then_some(delimiter)
}

/// Whether a heredoc body (up to its delimiter line) holds what
/// tree-sitter-bash may read otherwise than bash: a line that is not the
/// delimiter but starts with it after blanks (the grammar ends the body
/// there), or a line with an unbalanced `$(`, `${` or backquote (the
/// grammar parses expansions in the body, and may run past the line).
fn body_doubt(body: &[u8], delimiter: &[u8]) -> bool {
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    let mut lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    // The delimiter line.
    lines.pop();
    lines.iter().any(|line| {
        let start = line.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C));
        let trimmed = start.and_then(|s| line.get(s..)).unwrap_or_default();
        if trimmed.starts_with(delimiter) {
            return true;
        }
        let expands = line.windows(2).any(|w| matches!(w, [b'$', b'(' | b'{']));
        if !expands && !line.contains(&b'`') {
            return false;
        }
        let count = |c: u8| line.iter().filter(|&&b| b == c).count();
        count(b'(') != count(b')') || count(b'{') != count(b'}') || count(b'`') % 2 == 1
    })
}

/// The end of the plain word run starting at `from`: up to a blank, an
/// operator, a quote or an expansion.
fn word_end(code: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = code.get(i) {
        if b.is_ascii_whitespace()
            || matches!(
                b,
                b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' | b'\'' | b'"' | b'`' | b'$' | b'\\' | b'#'
            )
        {
            break;
        }
        i += 1;
    }
    i
}

/// The first byte at or after `from` that is not a space or a tab.
fn skip_blanks(code: &[u8], from: usize) -> usize {
    let mut i = from;
    while code.get(i).is_some_and(|b| *b == b' ' || *b == b'\t') {
        i += 1;
    }
    i
}

/// Whether a `#` after `byte` starts a comment.
fn word_break(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b';' | b'&' | b'|' | b'(' | b')')
}

/// The end (one past the closing quote) of `$'…'` whose text starts at
/// `from`.
fn ansi_c_end(code: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&b) = code.get(i) {
        match b {
            b'\\' => i += 2,
            b'\'' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// After `<<` at `from`: the delimiter, whether tabs are stripped (`<<-`),
/// and where the operator's word ends; `None` for anything but a plain,
/// quoted or escaped word.
fn heredoc_operator(code: &[u8], from: usize) -> Option<(Vec<u8>, bool, usize)> {
    let mut i = from;
    let strip = code.get(i) == Some(&b'-');
    if strip {
        i += 1;
    }
    while code.get(i).is_some_and(|b| *b == b' ' || *b == b'\t') {
        i += 1;
    }
    let mut delimiter = Vec::new();
    while let Some(&b) = code.get(i) {
        match b {
            b'\'' | b'"' => {
                let close = memchr::memchr(b, code.get(i + 1..)?)?;
                delimiter.extend_from_slice(code.get(i + 1..i + 1 + close)?);
                i += close + 2;
            }
            b'\\' => {
                delimiter.push(*code.get(i + 1)?);
                i += 2;
            }
            b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
            b'$' | b'`' => return None,
            _ => {
                delimiter.push(b);
                i += 1;
            }
        }
    }
    (!delimiter.is_empty()).then_some((delimiter, strip, i))
}

/// Where the line after a heredoc's delimiter line starts, for a body
/// starting at `from`.
fn body_end(code: &[u8], from: usize, delimiter: &[u8], strip: bool) -> Option<usize> {
    let mut at = from;
    while at < code.len() {
        let end = memchr::memchr(b'\n', code.get(at..)?).map_or(code.len(), |k| at + k);
        let mut line = code.get(at..end)?;
        if strip {
            while let [b'\t', rest @ ..] = line {
                line = rest;
            }
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line == delimiter {
            return Some((end + 1).min(code.len()));
        }
        at = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(code: &str) -> Vec<usize> {
        cut_points(code.as_bytes())
    }

    #[test]
    fn statements_end_at_plain_newlines() {
        assert_eq!(cuts("a\nb\nc\n"), [2, 4, 6]);
        assert_eq!(cuts("a \\\nb\nc |\nd\ne &&\nf\n"), [6, 12, 19]);
    }

    #[test]
    fn data_is_never_cut() {
        assert_eq!(cuts("echo 'a\nb'\nc\n"), [11, 13]);
        assert_eq!(cuts("echo \"a\n$(x\ny)\"\nc\n"), [16, 18]);
        assert_eq!(cuts("cat <<EOF\naws x\nEOF\nc\n"), [20, 22]);
        assert_eq!(cuts("cat <<-'E' <<X\n\taws\n\tE\naws\nX\nz\n"), [29, 31]);
        assert_eq!(cuts("x=`a\nb`\n# it's\nc\n"), [8, 15, 17]);
        assert_eq!(cuts("echo $'it\\'s\nx'\ny\n"), [16, 18]);
    }

    #[test]
    fn what_cannot_be_read_stops_the_cutting() {
        assert_eq!(cuts("a\necho 'open\nb\n"), [2]);
        assert_eq!(cuts("a\ncat <<EOF\nno end\n"), [2]);
        assert_eq!(cuts("a\ncat <<$X\nb\n"), [2]);
    }

    #[test]
    fn compound_commands_are_not_cut() {
        assert_eq!(cuts("case $x in\na) b;;\nesac\nc\n"), [23, 25]);
        assert_eq!(cuts("for u in a; do\n  echo done\ndone\nx\n"), [32, 34]);
        assert_eq!(cuts("if a; then\n b\nfi\nf() {\n c\n}\nfunction g {\n d\n}\n"), [17, 28, 46]);
        assert_eq!(cuts("X=1 if\nwhile :; do :; done\n"), [7, 27]);
    }
}
