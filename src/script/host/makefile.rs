//! Makefiles: the recipe lines, as GNU make hands them to the shell.
//!
//! Make reads a recipe line, drops its recipe prefix (a tab, or the first
//! character of `.RECIPEPREFIX`) and its leading `@`, `-`, `+`, expands its
//! variables and functions, and runs what is left with `$(SHELL) -c`. A
//! backslash-newline inside a recipe stays (the shell continues the line),
//! but the recipe prefix at the start of the next line goes. Each logical
//! recipe line runs in a shell of its own, so each is a fragment of its own
//! (a variable set on one line is not seen by the next); under `.ONESHELL`
//! the whole recipe runs in one shell and is one fragment.
//!
//! What make expands is unknown here: `$(VAR)`, `${VAR}`, `$(shell …)`,
//! `$(call …)`, `$X`, `$@` become [`MAKE_PLACEHOLDER`], mapped to the `$`
//! that started them; `$$` becomes `$`.
//!
//! Everything else is read only far enough to know where recipes are: rule
//! lines (`target: prereqs` and `target: ; recipe`) open a recipe, variable
//! assignments and other directives close it, conditionals, comments and
//! blank lines leave it open, and `define … endef` bodies are skipped. The
//! one assignment that runs code, `VAR != command`, gives its command.
//! Conditionals are not evaluated: the recipe lines of every branch are
//! read.

use super::{Code, Fragment, Line, MAKE_PLACEHOLDER, lines, substitute};

/// The recipe lines of the Makefile `text`, in file order.
pub(super) fn fragments(text: &str) -> Vec<Fragment> {
    let all: Vec<Line> = lines(text).collect();
    let oneshell = all.iter().any(|line| is_oneshell_rule(line.text(text)));
    let mut reader = Reader {
        text,
        lines: &all,
        prefix: '\t',
        in_rule: false,
        define_depth: 0,
        oneshell,
        recipe: None,
        last_newline: None,
        out: Vec::new(),
    };
    reader.run();
    reader.out
}

/// Whether `line` is the rule for the special target `.ONESHELL`, which
/// makes make run each whole recipe in one shell.
fn is_oneshell_rule(line: &str) -> bool {
    line.strip_prefix(".ONESHELL").is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
}

/// Reads a Makefile line by line.
struct Reader<'t> {
    text: &'t str,
    lines: &'t [Line],
    /// The recipe prefix in force (`.RECIPEPREFIX`).
    prefix: char,
    /// Whether recipe lines may follow (a rule line was read, and nothing
    /// since closed it).
    in_rule: bool,
    /// Nesting of `define` blocks being skipped.
    define_depth: usize,
    /// `.ONESHELL` is set somewhere in the file (make applies it to all).
    oneshell: bool,
    /// The recipe text read so far under `.ONESHELL`, before expansion.
    recipe: Option<Code>,
    /// The `\n` that ended the last recipe line read.
    last_newline: Option<usize>,
    out: Vec<Fragment>,
}

/// What a line that is not a recipe line is.
enum MakeLine {
    /// Blank, or a make comment: changes nothing.
    Blank,
    /// `ifeq`, `ifdef`, `else`, `endif`, …: recipes go on across them.
    Conditional,
    /// `define NAME`: the start of a block of text to skip.
    Define,
    /// `NAME op value`; `value` is the offset of the value in the joined
    /// line.
    Assign { name: String, shell: bool, value: usize },
    /// `targets: prereqs`, with the offset just after the `;` that starts
    /// an inline recipe, if any; `variable` for a target-specific variable
    /// (`target: VAR = value`), which opens no recipe.
    Rule { semicolon: Option<usize>, variable: bool },
    /// Any other directive (`include`, `vpath`, `export NAME`, a function
    /// call): closes the recipe.
    Other,
}

impl Reader<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let last = self.logical_end(i);
            self.line(i, last);
            i = last + 1;
        }
        self.flush();
    }

    /// The last physical line of the logical line that starts at `i`:
    /// a line ending in an odd number of backslashes continues.
    fn logical_end(&self, i: usize) -> usize {
        let mut j = i;
        while j + 1 < self.lines.len() {
            let Some(line) = self.lines.get(j) else { break };
            let trailing = line.text(self.text).bytes().rev().take_while(|&b| b == b'\\').count();
            if trailing % 2 == 0 {
                break;
            }
            j += 1;
        }
        j
    }

    fn line_at(&self, k: usize) -> Line {
        self.lines.get(k).copied().unwrap_or(Line { start: 0, end: 0, newline: None, next: 0 })
    }

    /// Handles the logical line of physical lines `first..=last`.
    fn line(&mut self, first: usize, last: usize) {
        let line = self.line_at(first);
        if self.define_depth > 0 {
            // Inside `define`: only `define` and `endef` count.
            match directive(line.text(self.text)) {
                Some("define") => self.define_depth += 1,
                Some("endef") => self.define_depth -= 1,
                _ => {}
            }
            return;
        }
        if self.in_rule && line.text(self.text).starts_with(self.prefix) {
            let start = line.start + self.prefix.len_utf8();
            self.recipe_line(first, last, start);
            return;
        }
        let joined = self.joined(first, last);
        match classify(&joined.text) {
            MakeLine::Blank | MakeLine::Conditional => {}
            MakeLine::Define => {
                self.close_rule();
                self.define_depth = 1;
            }
            MakeLine::Assign { name, shell, value } => {
                self.close_rule();
                if name == ".RECIPEPREFIX" {
                    let value = joined.text.get(value..).unwrap_or("").trim_start_matches([' ', '\t']);
                    self.prefix = value.chars().next().unwrap_or('\t');
                } else if shell {
                    self.shell_assignment(&joined, value);
                }
            }
            MakeLine::Rule { semicolon, variable } => {
                self.close_rule();
                self.in_rule = !variable;
                if let Some(at) = semicolon.filter(|_| !variable) {
                    let at = joined.map.outer(at);
                    let k = (first..=last).find(|&k| self.line_at(k).end >= at).unwrap_or(last);
                    self.recipe_line(k, last, at);
                }
            }
            MakeLine::Other => self.close_rule(),
        }
    }

    /// A non-recipe logical line as make reads it: each backslash-newline
    /// a space (make also squeezes the blanks around it, which changes
    /// nothing that is looked for here).
    fn joined(&self, first: usize, last: usize) -> Code {
        let mut code = Code::new();
        for k in first..=last {
            let line = self.line_at(k);
            if k < last {
                let end = line.end.saturating_sub(1).max(line.start);
                code.copy(self.text, line.start, end);
                code.put(" ", end);
            } else {
                code.copy(self.text, line.start, line.end);
            }
        }
        code
    }

    /// Ends the rule whose recipe was being read.
    fn close_rule(&mut self) {
        self.flush();
        self.in_rule = false;
    }

    /// The recipe line made of physical lines `first..=last`, its text
    /// starting at offset `start` of line `first` (after the recipe prefix
    /// or the `;`).
    fn recipe_line(&mut self, first: usize, last: usize, start: usize) {
        let mut pre = match self.recipe.take() {
            Some(mut code) => {
                // `.ONESHELL`: the previous line's break joins the lines.
                code.put("\n", self.last_newline.unwrap_or(start));
                code
            }
            None => Code::new(),
        };
        for k in first..=last {
            let line = self.line_at(k);
            let from = if k == first {
                // `@` (silent), `-` (ignore errors), `+` (always run) and
                // blanks before the command are make's, not the shell's.
                let rest = self.text.get(start..line.end).unwrap_or("");
                start + (rest.len() - rest.trim_start_matches(['@', '-', '+', ' ', '\t']).len())
            } else if line.text(self.text).starts_with(self.prefix) {
                line.start + self.prefix.len_utf8()
            } else {
                line.start
            };
            pre.copy(self.text, from, line.end);
            if k < last {
                pre.line_break(self.text, &line);
            }
        }
        self.recipe = Some(pre);
        self.last_newline = self.line_at(last).newline;
        if !self.oneshell {
            self.flush();
        }
    }

    /// Expands and emits the recipe text read so far.
    fn flush(&mut self) {
        if let Some(pre) = self.recipe.take() {
            let code = expand(pre);
            if !code.is_blank() {
                self.out.push(code.into_fragment());
            }
        }
    }

    /// `VAR != command`: make runs the command (expanded, its make comment
    /// removed) with the shell when it reads the line.
    fn shell_assignment(&mut self, joined: &Code, value: usize) {
        let rest = joined.text.get(value..).unwrap_or("");
        let at = value + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        let code = expand(joined.slice(at, comment_start(joined.text.as_bytes(), at)));
        if !code.is_blank() {
            self.out.push(code.into_fragment());
        }
    }
}

/// `pre` with make's expansions done: `$$` → `$`, every variable or
/// function reference → [`MAKE_PLACEHOLDER`].
fn expand(pre: Code) -> Code {
    substitute(pre, MAKE_PLACEHOLDER, make_reference)
}

/// The make reference at `bytes[i]` (a `$`): its length, and `Some("$")`
/// for `$$`. `$(…)` and `${…}` end at the close that balances them
/// (counting only their own kind of bracket, as make does), or at the end
/// of the line when unbalanced; any other character is a one-character
/// variable name (`$@`, `$<`, `$X`). A `$` at the end of the line stays.
fn make_reference(bytes: &[u8], i: usize) -> Option<(usize, Option<&'static str>)> {
    match bytes.get(i + 1)? {
        b'$' => Some((2, Some("$"))),
        &open @ (b'(' | b'{') => {
            let close = if open == b'(' { b')' } else { b'}' };
            let mut depth = 0usize;
            for (k, &b) in bytes.iter().enumerate().skip(i + 1) {
                if b == open {
                    depth += 1;
                } else if b == close {
                    depth -= 1;
                    if depth == 0 {
                        return Some((k + 1 - i, None));
                    }
                }
            }
            Some((bytes.len() - i, None))
        }
        b'\n' => None,
        &c => Some((1 + utf8_len(c), None)),
    }
}

/// The length of the UTF-8 character whose first byte is `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The directive word a line starts with (`define`, `endef`, …), after the
/// modifiers `override`, `export`, `private`, `unexport`.
fn directive(line: &str) -> Option<&str> {
    let mut rest = line.trim_start_matches([' ', '\t']);
    loop {
        let end = rest.find([' ', '\t', '(']).unwrap_or(rest.len());
        let word = rest.get(..end)?;
        match word {
            "override" | "export" | "private" | "unexport" => {
                rest = rest.get(end..)?.trim_start_matches([' ', '\t']);
            }
            "" => return None,
            _ => return Some(word),
        }
    }
}

/// What the (joined) non-recipe line `line` is.
fn classify(line: &str) -> MakeLine {
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return MakeLine::Blank;
    }
    match directive(trimmed) {
        Some("ifeq" | "ifneq" | "ifdef" | "ifndef" | "else" | "endif") => return MakeLine::Conditional,
        Some("define") => return MakeLine::Define,
        _ => {}
    }
    let bytes = line.as_bytes();
    let mut i = line.len() - trimmed.len();
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'$' => i = skip_reference(bytes, i),
            b'#' | b';' => return MakeLine::Other,
            b'=' => {
                let shell = i > 0 && bytes.get(i - 1) == Some(&b'!');
                let name = line.get(..i).unwrap_or("").trim_end_matches(['?', '+', '!', ' ', '\t']);
                let name = name.trim_start_matches([' ', '\t']);
                let name = directive_free(name);
                return MakeLine::Assign { name: name.to_owned(), shell, value: i + 1 };
            }
            b':' => {
                // `:=`, `::=`, `:::=` assign; `:` and `::` make rules.
                let colons = bytes.iter().skip(i).take_while(|&&c| c == b':').count();
                if colons <= 3 && bytes.get(i + colons) == Some(&b'=') {
                    let name = directive_free(line.get(..i).unwrap_or("").trim());
                    return MakeLine::Assign { name: name.to_owned(), shell: false, value: i + colons + 1 };
                }
                return rule(bytes, i + colons);
            }
            _ => i += 1,
        }
    }
    MakeLine::Other
}

/// A variable name without the modifiers before it (`export X` → `X`).
fn directive_free(name: &str) -> &str {
    let mut name = name;
    for modifier in ["override", "export", "private"] {
        if let Some(rest) = name.strip_prefix(modifier).filter(|r| r.starts_with([' ', '\t'])) {
            name = rest.trim_start_matches([' ', '\t']);
        }
    }
    name
}

/// The rest of a rule line after its colon(s), from `bytes[i]`: a `;`
/// starts the inline recipe, a `#` a comment, an `=` first makes it a
/// target-specific variable.
fn rule(bytes: &[u8], mut i: usize) -> MakeLine {
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'$' => i = skip_reference(bytes, i),
            b';' => return MakeLine::Rule { semicolon: Some(i + 1), variable: false },
            b'#' => break,
            b'=' => return MakeLine::Rule { semicolon: None, variable: true },
            _ => i += 1,
        }
    }
    MakeLine::Rule { semicolon: None, variable: false }
}

/// Where the make comment of a line starts, searching from `i` (the end of
/// the line when it has none).
fn comment_start(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'$' => i = skip_reference(bytes, i),
            b'#' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset after the make reference at `bytes[i]` (a `$`).
fn skip_reference(bytes: &[u8], i: usize) -> usize {
    match make_reference(bytes, i) {
        Some((len, _)) => i + len,
        None => i + 1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests {
    use super::super::MAKE_PLACEHOLDER as M;
    use super::super::testutil::{at, check, codes_of, nth};
    use super::fragments;

    /// The codes of the fragments of `text`.
    fn codes(text: &str) -> Vec<String> {
        codes_of(text, &fragments(text))
    }

    #[test]
    fn recipe_lines_lose_their_tab_and_prefixes() {
        let text = "all: build\n\t@aws chime list-meetings --max-results 5\n\t-rm -f x\n\t+ @-make -C sub\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 3);
        check(text, &frags[0], "aws chime list-meetings --max-results 5", &[]);
        check(text, &frags[1], "rm -f x", &[]);
        check(text, &frags[2], "make -C sub", &[]);
    }

    #[test]
    fn make_references_become_placeholders_at_their_dollar() {
        let text = "deploy:\n\taws chime x --t $(TOKEN) --r ${REGION} --o $@ --h $$HOME --s $(shell a $(b) (c)) $<\n";
        let frags = fragments(text);
        let expected = format!("aws chime x --t {M} --r {M} --o {M} --h $HOME --s {M} {M}");
        check(
            text,
            &frags[0],
            &expected,
            &[
                (M, at(text, "$(TOKEN)")),
                (M, at(text, "${REGION}")),
                (M, at(text, "$@")),
                (M, at(text, "$(shell")),
                (M, at(text, "$<")),
            ],
        );
    }

    #[test]
    fn make_references_nest_by_their_own_brackets() {
        assert_eq!(codes("a:\n\techo ${x{y}z} $(a ( b ) c)d\n"), [format!("echo {M} {M}d")]);
        assert_eq!(codes("a:\n\techo $(call f,$(x),${y}) e\n"), [format!("echo {M} e")]);
        // Unbalanced: the rest of the line is make's.
        assert_eq!(codes("a:\n\techo $(x y\n\techo z\n"), [format!("echo {M}"), "echo z".to_owned()]);
        assert_eq!(codes("a:\n\techo $\n"), ["echo $"]);
        assert_eq!(codes("a:\n\techo $é\n"), [format!("echo {M}")]);
    }

    #[test]
    fn a_reference_in_single_quotes_stays_unknown() {
        let text = "a:\n\techo '$(NAME)' \"$(NAME)\" $$'x'\n";
        let frags = fragments(text);
        let expected = format!("echo ''\"{M}\"'' \"{M}\" $'x'");
        check(
            text,
            &frags[0],
            &expected,
            &[(&format!("'\"{M}\"'"), at(text, "$(NAME)")), (M, nth(text, "$(NAME)", 1))],
        );
    }

    #[test]
    fn continued_recipe_lines_keep_the_backslash_and_lose_the_next_tab() {
        let text = "all:\n\taws chime \\\n\t  list-meetings \\\n--max-results 1\n\techo done\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 2);
        check(text, &frags[0], "aws chime \\\n  list-meetings \\\n--max-results 1", &[]);
        check(text, &frags[1], "echo done", &[]);
        // An even number of backslashes does not continue the line.
        assert_eq!(codes("a:\n\techo \\\\\n\techo b\n"), ["echo \\\\", "echo b"]);
        // A reference may span the continuation.
        let text = "a:\n\techo $(x \\\n\ty) z\n";
        check(text, &fragments(text)[0], &format!("echo {M} z"), &[(M, at(text, "$(x"))]);
    }

    #[test]
    fn crlf_line_ends_do_not_reach_the_shell() {
        let text = "all:\r\n\t@aws chime \\\r\n\t  list-meetings\r\n\techo b\r\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime \\\n  list-meetings", &[]);
        check(text, &frags[1], "echo b", &[]);
    }

    #[test]
    fn the_recipe_prefix_can_be_changed() {
        let text =
            ".RECIPEPREFIX = >\nall:\n>aws chime list-meetings \\\n>  --max-results 2\n\tnot: recipe\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 1);
        check(text, &frags[0], "aws chime list-meetings \\\n  --max-results 2", &[]);
        // Set back to the tab by an empty value.
        assert_eq!(codes(".RECIPEPREFIX = >\n.RECIPEPREFIX :=\nall:\n\techo a\n>echo b\n"), ["echo a"]);
    }

    #[test]
    fn an_inline_recipe_follows_the_semicolon() {
        let text = "all: dep ; @aws chime list-meetings # for the shell\n\techo next\n";
        let frags = fragments(text);
        check(text, &frags[0], "aws chime list-meetings # for the shell", &[]);
        check(text, &frags[1], "echo next", &[]);
        assert!(codes("all: dep # comment ; not a recipe\n").is_empty());
        // Continued onto the next line.
        let text = "all: ; aws chime \\\n\tlist\n";
        check(text, &fragments(text)[0], "aws chime \\\nlist", &[]);
        // A `;` inside a reference is not the recipe's.
        assert_eq!(codes("all: $(foo ;) ; echo a\n"), ["echo a"]);
    }

    #[test]
    fn variables_and_defines_are_not_commands() {
        let text = "X = aws chime list-meetings\nall:\n\techo $(X)\n";
        assert_eq!(codes(text), [format!("echo {M}")]);
        let text = "define RUN_IT\n\taws chime a\n  define INNER\n\taws chime b\n  endef\n\taws chime c\nendef\n\
                    all:\n\t$(RUN_IT)\n";
        assert_eq!(codes(text), [M]);
        assert_eq!(
            codes("all:\noverride define X\n\taws chime\nendef\n\techo after\n"),
            Vec::<String>::new()
        );
        assert_eq!(codes("export X := a\nY ?= b\nZ += c\nW ::= d\n\techo no\n"), Vec::<String>::new());
    }

    #[test]
    fn a_shell_assignment_runs_its_command() {
        let text = "IDS != aws chime list-meetings --query '$(Q)' \\\n  --max-results 1 # c\n";
        let frags = fragments(text);
        let expected = format!("aws chime list-meetings --query ''\"{M}\"''    --max-results 1 ");
        check(
            text,
            &frags[0],
            &expected,
            &[
                (&format!("'\"{M}\"'"), at(text, "$(Q)")),
                (" ", at(text, "\\\n") - 1),
                (" ", at(text, "\\\n")),
            ],
        );
    }

    #[test]
    fn comments_blank_lines_and_conditionals_keep_the_recipe_open() {
        let text = "# all:\n#\taws x\nall:\n# a make comment\n\n\techo a\nifdef X\n\techo b\nelse\n\techo c\nendif\n\t# shell\n";
        assert_eq!(codes(text), ["echo a", "echo b", "echo c", "# shell"]);
        // A comment continued by a backslash swallows the next line.
        assert_eq!(codes("all:\n# note \\\n\techo hidden\n\techo shown\n"), ["echo shown"]);
    }

    #[test]
    fn assignments_and_directives_close_the_recipe() {
        assert_eq!(codes("all:\n\techo a\nX = 1\n\techo b\n"), ["echo a"]);
        assert_eq!(codes("all:\n\techo a\ninclude other.mk\n\techo b\n"), ["echo a"]);
        assert_eq!(codes("all: X = 1\n\techo no\n"), Vec::<String>::new());
        assert_eq!(codes("\techo before any rule\n"), Vec::<String>::new());
    }

    #[test]
    fn rule_forms() {
        let text = "all::\n\techo a\nx y &: z\n\techo b\n%.o: %.c\n\t$(CC) -c $< -o $@\n$(OUT)/x: $(shell echo a:b) \\\n  more\n\techo c\n";
        let expected =
            ["echo a".to_owned(), "echo b".to_owned(), format!("{M} -c {M} -o {M}"), "echo c".to_owned()];
        assert_eq!(codes(text), expected);
        assert_eq!(codes("X := a:b\n\techo no\n"), Vec::<String>::new());
        assert_eq!(codes("\\#a: b\n\techo yes\n"), ["echo yes"]);
    }

    #[test]
    fn oneshell_runs_a_recipe_in_one_shell() {
        let text =
            ".ONESHELL:\nall:\n\t@cd /tmp\n\taws chime list-meetings\n\n\t-echo $$X\nother:\n\techo o\n";
        let frags = fragments(text);
        assert_eq!(frags.len(), 2);
        check(text, &frags[0], "cd /tmp\naws chime list-meetings\necho $X", &[]);
        check(text, &frags[1], "echo o", &[]);
    }

    #[test]
    fn blank_recipe_lines_and_empty_files_give_nothing() {
        assert!(fragments("").is_empty());
        assert!(fragments("all:\n\t\n\t@\n").is_empty());
        assert!(fragments("\u{feff}").is_empty());
        let text = "\u{feff}all:\n\techo a\n";
        check(text, &fragments(text)[0], "echo a", &[]);
    }
}
