//! Shell code parsed with the bash grammar, and the `aws` commands in it.
//!
//! [`invocations`] parses a fragment with tree-sitter-bash and visits its
//! nodes once, with a [`tree_sitter::TreeCursor`] (no recursion: a file of
//! 100,000 nested `$(` is a stack overflow for a recursive walk). Every
//! `command` node is a candidate wherever it stands — lists, pipelines,
//! compound commands, function bodies, `$(…)`, backquotes, `<(…)`,
//! assignments, `local`/`export` — because the grammar gives one node kind
//! for all of them. Heredoc bodies are text for the grammar, so their lines
//! are never commands; a `$(…)` in an unquoted heredoc body is a real
//! command substitution (bash runs it) and is found like any other.
//!
//! The grammar's word nodes say where a word is, not what it is: each
//! word's value is read again from its bytes (module `word`), with bash's
//! quote removal, and checked against bash itself in the tests. Some of
//! the grammar's word boundaries are not bash's either, and are mended:
//!
//! - a `\`-newline inside a word splits it in two nodes (bash joins them),
//!   and an escaped blank (`"x"\ y`, a word `\ ` alone) is skipped like
//!   whitespace (bash keeps it as a character of a word);
//! - words after a redirection (`aws x > out.json --y z`) become more
//!   "destinations" of the redirection, and a redirection after a pipeline
//!   or a list is attached to the whole of it, not to its last command;
//! - after `==` or `=~` the rest of a command may be one `regex` token;
//! - inside backquotes bash removes `\$`, `` \` `` and `\\` before
//!   parsing, so a word holding one is unknown there;
//! - with two heredocs on one line the grammar reads the second body as
//!   commands; those bodies are found by their delimiters and skipped.
//!
//! Decisions a reader of the results should know:
//!
//! - a brace expansion (`{a,b}`, `{1..3}`) makes its word unknown rather
//!   than several words; so do globs (`*`, `?`, `[…]`, even when nothing
//!   would match), a leading `~` (and `~` after `=`/`:` in a `NAME=…`
//!   word), and every expansion or substitution;
//! - a command name counts only when the letters `aws` are written
//!   together in it (`a"w"s` does not): code without them is not parsed,
//!   and subtrees without them are not entered;
//! - a `\r` before a newline is a blank, as the grammar has it (bash
//!   would keep it in the line's last word).
//!
//! Syntax errors: tree-sitter recovers and marks what it skipped with
//! ERROR and MISSING nodes. A command with such a node inside it, or with
//! one next to it on the same line (nothing but blanks between, as after
//! `aws x "unterminated`, where the grammar ends the command before the
//! quote), is dropped: its words are probably not the ones written. Other
//! commands of the file are kept, so one stray quote does not hide every
//! other finding.

mod gaps;
mod split;
mod word;
mod wrap;

use std::cell::RefCell;
use std::collections::HashMap;
use std::num::NonZeroU16;
use std::ops::Range;
use std::time::{Duration, Instant};

use tree_sitter::{Language, Node, ParseOptions, ParseState, Parser, Tree, TreeCursor};

use super::{Invocation, OffsetMap, ScriptError, Word};

/// How long one fragment may take, parse and walk together: a file built
/// to make the parser backtrack must not stall a CI run.
const BUDGET: Duration = Duration::from_secs(2);

/// How many levels a redirection's words are followed down a pipeline or
/// list to the command they belong to (a bound, so that nested
/// redirections cannot make the walk quadratic; real code needs two).
const DESCENT: usize = 256;

thread_local! {
    /// One parser per thread: creating one (and loading the grammar) costs
    /// more than parsing a short script.
    static PARSER: RefCell<Option<(Parser, Ids)>> = const { RefCell::new(None) };
}

/// The grammar's node kinds and fields this module asks about, as numbers:
/// [`Node::kind`] and [`TreeCursor::field_name`] measure and check a C
/// string on every call, a tenth of the walk's time.
#[derive(Clone, Copy)]
struct Ids {
    command: u16,
    redirected_statement: u16,
    pipeline: u16,
    list: u16,
    negated_command: u16,
    regex: u16,
    file_redirect: u16,
    heredoc_redirect: u16,
    command_substitution: u16,
    process_substitution: u16,
    arithmetic_expansion: u16,
    expansion: u16,
    simple_expansion: u16,
    name: Option<NonZeroU16>,
    argument: Option<NonZeroU16>,
    redirect: Option<NonZeroU16>,
    destination: Option<NonZeroU16>,
    body: Option<NonZeroU16>,
}

impl Ids {
    fn of(language: &Language) -> Ids {
        let kind = |name: &str| language.id_for_node_kind(name, true);
        Ids {
            command: kind("command"),
            redirected_statement: kind("redirected_statement"),
            pipeline: kind("pipeline"),
            list: kind("list"),
            negated_command: kind("negated_command"),
            regex: kind("regex"),
            file_redirect: kind("file_redirect"),
            heredoc_redirect: kind("heredoc_redirect"),
            command_substitution: kind("command_substitution"),
            process_substitution: kind("process_substitution"),
            arithmetic_expansion: kind("arithmetic_expansion"),
            expansion: kind("expansion"),
            simple_expansion: kind("simple_expansion"),
            name: language.field_id_for_name("name"),
            argument: language.field_id_for_name("argument"),
            redirect: language.field_id_for_name("redirect"),
            destination: language.field_id_for_name("destination"),
            body: language.field_id_for_name("body"),
        }
    }

    /// An expansion whose end the word reader needs to know.
    fn opaque(&self, kind: u16) -> bool {
        kind == self.command_substitution
            || kind == self.process_substitution
            || kind == self.arithmetic_expansion
            || kind == self.expansion
            || kind == self.simple_expansion
    }
}

/// Every simple command in `code` that runs `aws`, in source order, with
/// words in `code`'s byte offsets.
///
/// Code without the letters `aws` is not parsed at all (most files a lint
/// run reads have none).
///
/// # Errors
///
/// [`ScriptError::TooComplex`] when the parser or the walk runs out of its
/// time budget (about two seconds), or the code is over 4 GiB (the
/// parser's offsets are 32-bit); `offset` is the byte of `code` reached.
pub fn invocations(code: &str) -> Result<Vec<Invocation>, ScriptError> {
    if memchr::memmem::find(code.as_bytes(), b"aws").is_none() {
        return Ok(Vec::new());
    }
    if let Some(found) = statements_with_aws(code) {
        return Ok(found);
    }
    every_statement(code)
}

/// [`invocations`] from a parse of only the top-level statements that hold
/// `aws` (most of a script is other statements, and the parse is most of
/// the time of a lint), when that gives what a parse of everything gives:
/// `None` when it may not — the cutting scan is not sure of every
/// statement end ([`split::Scan::certain`]), the statements parsed have a
/// syntax error (which code left out might have explained), the parser
/// ran out of time — and when nothing would be left out.
///
/// The statements are parsed together, one after the other, as the text
/// between them would have left the parser (at the top level, after a
/// newline), and the words moved back to `code`'s offsets.
fn statements_with_aws(code: &str) -> Option<Vec<Invocation>> {
    let scan = split::scan(code.as_bytes());
    if !scan.certain {
        return None;
    }
    let hits: Vec<usize> = memchr::memmem::find_iter(code.as_bytes(), b"aws").collect();
    // Runs of consecutive statements that hold `aws` (which has no
    // newline, so it never straddles a cut).
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut kept = 0;
    let mut start = 0;
    let mut k = 0;
    for end in scan.cuts.iter().copied().chain(std::iter::once(code.len())) {
        if end <= start {
            continue;
        }
        while hits.get(k).is_some_and(|&h| h < start) {
            k += 1;
        }
        if hits.get(k).is_some_and(|&h| h < end) {
            match runs.last_mut() {
                Some(run) if run.end == start => run.end = end,
                _ => runs.push(start..end),
            }
            kept += end - start;
        }
        start = end;
    }
    if kept >= code.len() || runs.iter().any(|r| r.len() > MAX_PIECE) {
        return None;
    }
    // The runs in texts of about [`PIECE`] bytes, parsed on all cores.
    let mut chunks: Vec<Vec<Range<usize>>> = Vec::new();
    let mut size = 0;
    for run in runs {
        match chunks.last_mut() {
            Some(chunk) if size + run.len() <= PIECE => {
                size += run.len();
                chunk.push(run);
            }
            _ => {
                size = run.len();
                chunks.push(vec![run]);
            }
        }
    }
    let parsed = crate::parallel::map(&chunks, |runs| parse_runs(code, runs));
    let mut all = Vec::new();
    for found in parsed {
        all.extend(found?);
    }
    Some(all)
}

/// The invocations of the runs of `code`, parsed as one text, in `code`'s
/// offsets; `None` on a syntax error, a word outside its run, or the
/// parser's budget running out.
fn parse_runs(code: &str, runs: &[Range<usize>]) -> Option<Vec<Invocation>> {
    let mut text = String::with_capacity(runs.iter().map(Range::len).sum());
    // Where each run starts in `text`, and the run.
    let mut table: Vec<(usize, Range<usize>)> = Vec::with_capacity(runs.len());
    for run in runs {
        table.push((text.len(), run.clone()));
        text.push_str(code.get(run.clone())?);
    }
    let (found, errors) = parse_whole(&text).ok()?;
    if errors {
        return None;
    }
    let mut moved = Vec::with_capacity(found.len());
    for invocation in found {
        let at = invocation.aws.span.start;
        let (from, run) = table.get(table.partition_point(|(s, _)| *s <= at).checked_sub(1)?)?;
        let inside = *from..*from + run.len();
        let words = std::iter::once(&invocation.aws).chain(&invocation.words);
        if !words.into_iter().all(|w| inside.start <= w.span.start && w.span.end <= inside.end) {
            return None;
        }
        let by = run.start.checked_sub(*from)?;
        let shift = |mut w: Word| {
            w.span = w.span.start + by..w.span.end + by;
            w.map.shift(by);
            w
        };
        moved.push(Invocation {
            aws: shift(invocation.aws),
            words: invocation.words.into_iter().map(shift).collect(),
            open: invocation.open,
        });
    }
    Some(moved)
}

/// [`invocations`] from a parse of all the code (in pieces when it is long).
fn every_statement(code: &str) -> Result<Vec<Invocation>, ScriptError> {
    if code.len() >= 2 * PIECE {
        let pieces = pieces(code);
        if let Some(long) = pieces.iter().find(|p| p.len() > MAX_PIECE) {
            return Err(ScriptError::TooComplex {
                offset: long.start,
                message: format!(
                    "a statement of more than {} MiB: the parser would need gigabytes of memory, so it is not read",
                    MAX_PIECE >> 20
                ),
            });
        }
        if pieces.len() > 1 {
            let parsed = crate::parallel::map(&pieces, |r| parse_piece(code, r));
            let mut all = Vec::new();
            let mut clean = true;
            for result in parsed {
                let (found, errors) = result?;
                clean &= !errors;
                all.extend(found);
            }
            // A cut inside a compound command or a construct the cutting
            // scan misread leaves an unterminated piece: parse it whole.
            if clean {
                return Ok(all);
            }
        }
    }
    if code.len() > MAX_PIECE {
        return Err(ScriptError::TooComplex {
            offset: 0,
            message: format!(
                "{} MiB of shell code without a statement end that can be cut at: the parser would need \
                 gigabytes of memory, so it is not read (the limit is {} MiB)",
                code.len() >> 20,
                MAX_PIECE >> 20
            ),
        });
    }
    Ok(parse_whole(code)?.0)
}

/// The most shell code parsed at once: tree-sitter keeps every token of a
/// piece in memory (about a gigabyte for 10 MB of quotes).
const MAX_PIECE: usize = 2 * 1024 * 1024;

/// The size of the pieces a long script is cut into (at statement ends)
/// to parse them on all cores.
const PIECE: usize = 48 * 1024;

/// Byte ranges of `code`, cut at statement ends, about [`PIECE`] long.
fn pieces(code: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in split::cut_points(code.as_bytes()) {
        if cut - start >= PIECE && code.len() - cut >= PIECE / 2 {
            pieces.push(start..cut);
            start = cut;
        }
    }
    pieces.push(start..code.len());
    pieces
}

/// The invocations of one piece, moved to `code`'s offsets, and whether
/// the piece had syntax errors.
fn parse_piece(code: &str, range: &Range<usize>) -> Result<(Vec<Invocation>, bool), ScriptError> {
    let piece = code.get(range.clone()).unwrap_or_default();
    let shift = |mut w: Word| {
        w.span = w.span.start + range.start..w.span.end + range.start;
        w.map.shift(range.start);
        w
    };
    match parse_whole(piece) {
        Ok((found, errors)) => {
            let moved = found
                .into_iter()
                .map(|i| Invocation {
                    aws: shift(i.aws),
                    words: i.words.into_iter().map(shift).collect(),
                    open: i.open,
                })
                .collect();
            Ok((moved, errors))
        }
        Err(ScriptError::TooComplex { offset, message }) => {
            Err(ScriptError::TooComplex { offset: offset + range.start, message })
        }
        Err(e) => Err(e),
    }
}

/// [`invocations`] of `code` parsed at once, and whether the tree has
/// syntax errors.
fn parse_whole(code: &str) -> Result<(Vec<Invocation>, bool), ScriptError> {
    if memchr::memmem::find(code.as_bytes(), b"aws").is_none() {
        // Not parsed, so not known to be wrong: a piece without `aws`
        // cannot tell whether it was cut well.
        return Ok((Vec::new(), false));
    }
    if u32::try_from(code.len()).is_err() {
        return Err(ScriptError::TooComplex {
            offset: 0,
            message: "shell code over 4 GiB is not read".to_owned(),
        });
    }
    let deadline = Instant::now() + BUDGET;
    let (tree, ids) = PARSER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            if slot.is_none() {
                *slot = new_parser();
            }
            match slot.as_mut() {
                Some((parser, ids)) => Ok((parse(parser, code, deadline)?, *ids)),
                None => Err(grammar_missing()),
            }
        }
        // Only if a parse were to call back into this function.
        Err(_) => match new_parser() {
            Some((mut parser, ids)) => Ok((parse(&mut parser, code, deadline)?, ids)),
            None => Err(grammar_missing()),
        },
    })?;
    let hits = memchr::memmem::find_iter(code.as_bytes(), b"aws").collect();
    let mut walk = Walk {
        code,
        ids,
        hits,
        found: Vec::new(),
        errors: Vec::new(),
        targets: HashMap::new(),
        backquotes: Vec::new(),
        dead: Vec::new(),
        heredoc_budget: code.len().saturating_mul(4).saturating_add(4096),
    };
    walk.run(&tree, deadline)?;
    let errors = tree.root_node().has_error();
    Ok((walk.finish(), errors))
}

/// The invocation of `aws` in a command's words, after any wrappers
/// (`sudo`, `env X=1`, `command`, `exec`, `time`, `nohup`, `timeout 5`, …);
/// `None` when the command does not run `aws`.
///
/// `words[0]` is the command name. Wrapper options are read as the
/// wrapper reads them (`sudo -u USER`, `env -u NAME`, `timeout -s SIG 5`,
/// `xargs -n 1`), so that a value is never taken for the command. The
/// wrappers: `sudo`, `doas`, `env`, `command` (not `-v`/`-V`), `exec`,
/// `time` (the keyword's `-p`; GNU time's options when written as a
/// path), `nohup`, `nice`, `timeout`, `stdbuf` and `xargs` (which sets
/// [`Invocation::open`]; with `-I R` it does not append, and the words
/// holding `R` become unknown instead). An unknown word where a wrapper
/// option or operand could stand gives `None`: it might be anything.
#[must_use]
pub fn invocation_of(words: Vec<Word>) -> Option<Invocation> {
    let infos: Vec<wrap::Info> = Vec::new();
    build(words, &infos)
}

/// The invocation from resolved words and what else is known of them.
fn build(words: Vec<Word>, infos: &[wrap::Info]) -> Option<Invocation> {
    let stripped = wrap::strip(&words, infos)?;
    let mut rest = words.into_iter().skip(stripped.aws);
    let aws = rest.next()?;
    let words = rest
        .map(|word| match &stripped.replace {
            Some(r) if word.value.as_deref().is_some_and(|v| v.contains(r.as_str())) => {
                Word { span: word.span, value: None, map: OffsetMap::new() }
            }
            _ => word,
        })
        .collect();
    Some(Invocation { aws, words, open: stripped.open })
}

fn new_parser() -> Option<(Parser, Ids)> {
    let language: Language = tree_sitter_bash::LANGUAGE.into();
    let mut parser = Parser::new();
    parser.set_language(&language).ok()?;
    Some((parser, Ids::of(&language)))
}

fn grammar_missing() -> ScriptError {
    ScriptError::TooComplex { offset: 0, message: "the bash grammar could not be loaded".to_owned() }
}

fn too_complex(offset: usize) -> ScriptError {
    ScriptError::TooComplex {
        offset,
        message: format!(
            "the shell code is too complex to read in {} s (stopped at byte {offset})",
            BUDGET.as_secs()
        ),
    }
}

/// `code` parsed, or the budget's error.
fn parse(parser: &mut Parser, code: &str, deadline: Instant) -> Result<Tree, ScriptError> {
    let bytes = code.as_bytes();
    let mut reached = 0;
    let mut progress = |state: &ParseState| {
        reached = state.current_byte_offset();
        Instant::now() > deadline
    };
    let options = ParseOptions::new().progress_callback(&mut progress);
    let tree =
        parser.parse_with_options(&mut |at, _| bytes.get(at..).unwrap_or_default(), None, Some(options));
    match tree {
        Some(tree) => Ok(tree),
        None => {
            // A cancelled parse would otherwise be resumed by the next call,
            // on other code.
            parser.reset();
            Err(too_complex(reached.min(code.len())))
        }
    }
}

/// An invocation found, with the extent of its command (for the check of
/// syntax errors next to it).
struct Found {
    invocation: Invocation,
    extent: Range<usize>,
}

/// Words redirections took from the command they belong to.
#[derive(Default)]
struct Target<'t> {
    words: Vec<Node<'t>>,
    /// The redirections' ranges: text between words that is not lost.
    covered: Vec<Range<usize>>,
    /// Where the redirections end.
    end: usize,
}

struct Walk<'a, 't> {
    code: &'a str,
    ids: Ids,
    /// Where the bytes `aws` are, in order: a subtree without them holds
    /// no invocation and is not entered (most of a script is not `aws`
    /// commands, and visiting every node costs a fifth of the parse). So
    /// a command name is found only when written with the letters `aws`
    /// together (`a"w"s` is not), as for the whole fragment, which is not
    /// parsed at all without them: the result for one command does not
    /// depend on the rest of the file.
    hits: Vec<usize>,
    found: Vec<Found>,
    /// ERROR nodes, and MISSING nodes (empty ranges).
    errors: Vec<Range<usize>>,
    /// By the command's node id (a map: nested pipelines can leave many
    /// pending, and a list would make each command's look-up linear).
    targets: HashMap<usize, Target<'t>>,
    /// Ends of the backquoted substitutions the walk is in, innermost
    /// last.
    backquotes: Vec<usize>,
    /// Heredoc bodies the grammar did not see (see [`Walk::heredoc`]).
    dead: Vec<Range<usize>>,
    /// Bytes the search for those bodies may still read: a file of many
    /// broken heredoc lines must not make it quadratic. When it runs out,
    /// the rest of the file counts as heredoc body (invocations are
    /// dropped, never invented).
    heredoc_budget: usize,
}

impl<'a, 't> Walk<'a, 't> {
    /// Visits every node of `tree` once, in source order (only those that
    /// hold `aws`, when the tree has no syntax error: see [`Walk::jump`]).
    fn run(&mut self, tree: &'t Tree, deadline: Instant) -> Result<(), ScriptError> {
        if !tree.root_node().has_error() {
            return self.jump(tree, deadline);
        }
        let mut cursor = tree.walk();
        let mut visited: u32 = 0;
        loop {
            let node = cursor.node();
            visited = visited.wrapping_add(1);
            if visited.is_multiple_of(4096) && Instant::now() > deadline {
                return Err(too_complex(node.start_byte()));
            }
            let holds_aws = self.visit(node);
            // A subtree with an error inside is entered even without `aws`:
            // its ERROR nodes may stand next to an invocation.
            if (holds_aws || node.has_error()) && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return Ok(());
                }
            }
        }
    }

    /// [`Walk::run`] for a tree without syntax errors: only the nodes that
    /// hold `aws` are visited, in the same order, and the cursor goes to
    /// each straight from its parent by the byte offset of the next `aws`
    /// ([`TreeCursor::goto_first_child_for_byte`]) instead of stepping
    /// over every sibling before it. Without ERROR and MISSING nodes,
    /// a node without `aws` does nothing in [`Walk::visit`], so the result
    /// is the full walk's (stepping through the siblings of a long script
    /// or a command's arguments cost as much as the rest of the walk).
    fn jump(&mut self, tree: &'t Tree, deadline: Instant) -> Result<(), ScriptError> {
        let mut cursor = tree.walk();
        let mut visited: u32 = 0;
        if !self.visit(cursor.node()) {
            return Ok(());
        }
        // The cursor is at a visited node holding `aws`; its children are
        // looked for from its start.
        let mut from = cursor.node().start_byte();
        loop {
            if !self.child_with_aws(&mut cursor, from) {
                // None left below: the next one after this node, higher up.
                loop {
                    let end = cursor.node().end_byte();
                    if !cursor.goto_parent() {
                        return Ok(());
                    }
                    if self.child_with_aws(&mut cursor, end) {
                        break;
                    }
                }
            }
            let node = cursor.node();
            visited = visited.wrapping_add(1);
            if visited.is_multiple_of(4096) && Instant::now() > deadline {
                return Err(too_complex(node.start_byte()));
            }
            self.visit(node);
            from = node.start_byte();
        }
    }

    /// Moves the cursor from a node to its first child that holds `aws`
    /// and ends after `from`; `false` (the cursor where it was) when there
    /// is none.
    fn child_with_aws(&self, cursor: &mut TreeCursor<'t>, mut from: usize) -> bool {
        let end = cursor.node().end_byte();
        loop {
            let k = self.hits.partition_point(|&h| h < from);
            let Some(&hit) = self.hits.get(k) else { return false };
            if hit + 3 > end {
                return false;
            }
            if cursor.goto_first_child_for_byte(hit).is_none() {
                // The grammar's hidden nodes can hide a later child from
                // that search: step through the children instead.
                return self.scan_children(cursor, from);
            }
            let child = cursor.node();
            if self.may_hold_aws(child.byte_range()) {
                return true;
            }
            // The `aws` straddles the child's end, or stands between
            // children: on after this child.
            from = child.end_byte().max(hit + 1);
            cursor.goto_parent();
        }
    }

    /// [`Walk::child_with_aws`] by stepping through every child.
    fn scan_children(&self, cursor: &mut TreeCursor<'t>, from: usize) -> bool {
        if !cursor.goto_first_child() {
            return false;
        }
        loop {
            let child = cursor.node();
            if child.end_byte() > from && self.may_hold_aws(child.byte_range()) {
                return true;
            }
            if !cursor.goto_next_sibling() {
                cursor.goto_parent();
                return false;
            }
        }
    }

    /// What a node is, for the walk: errors noted, an invocation found,
    /// a backquoted substitution entered. Whether it holds `aws`.
    fn visit(&mut self, node: Node<'t>) -> bool {
        if node.is_error() || node.is_missing() {
            self.errors.push(node.byte_range());
        }
        let start = node.start_byte();
        while self.backquotes.last().is_some_and(|&end| end <= start) {
            self.backquotes.pop();
        }
        let kind = node.kind_id();
        let holds_aws = self.may_hold_aws(node.byte_range());
        if holds_aws {
            if kind == self.ids.command {
                self.command(node);
            } else if kind == self.ids.redirected_statement {
                self.redirected(node);
            } else if kind == self.ids.command_substitution && self.code.as_bytes().get(start) == Some(&b'`')
            {
                self.backquotes.push(node.end_byte());
            }
        }
        if kind == self.ids.heredoc_redirect && node.has_error() {
            self.heredoc(node);
        }
        holds_aws
    }

    /// A heredoc redirection the grammar failed on: with two heredocs on
    /// one line (`cat <<A <<B`) it reads the first body and then the
    /// second body as commands. The bodies after the first, found here by
    /// their delimiters, are data: invocations in them are dropped.
    fn heredoc(&mut self, node: Node<'t>) {
        let bytes = self.code.as_bytes();
        if self.dead.last().is_some_and(|d| d.start <= node.end_byte() && d.end == bytes.len()) {
            return;
        }
        let start = node.start_byte();
        // Heredoc operators stand near the first one (a bound for a line of
        // megabytes with many of them).
        let window = bytes.get(start..bytes.len().min(start + 4096)).unwrap_or_default();
        let line = window.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiters = heredoc_delimiters(line);
        if delimiters.len() < 2 {
            return;
        }
        // The first body is the grammar's; the others follow it.
        let mut at = node.end_byte();
        for (delimiter, strip_tabs) in delimiters.iter().skip(1) {
            at = body_end(bytes, at, delimiter, *strip_tabs, &mut self.heredoc_budget);
        }
        self.dead.push(node.end_byte()..at);
    }

    /// Whether the bytes `aws` occur inside `range`.
    fn may_hold_aws(&self, range: Range<usize>) -> bool {
        let k = self.hits.partition_point(|&h| h < range.start);
        self.hits.get(k).is_some_and(|&h| h + 3 <= range.end)
    }

    /// A redirected statement: the words its redirections took belong to
    /// the command they follow — the body, or the last command of a
    /// pipeline or list body (`a | aws x > out y`: `y` is `aws`'s).
    fn redirected(&mut self, node: Node<'t>) {
        let ids = self.ids;
        let Some(mut body) = ids.body.and_then(|f| node.child_by_field_id(f.get())) else { return };
        let mut command = None;
        for _ in 0..DESCENT {
            let kind = body.kind_id();
            let next = if kind == ids.command {
                command = Some(body);
                break;
            } else if kind == ids.redirected_statement {
                ids.body.and_then(|f| body.child_by_field_id(f.get()))
            } else if kind == ids.pipeline || kind == ids.list || kind == ids.negated_command {
                last_named_child(body)
            } else {
                None
            };
            match next {
                Some(next) => body = next,
                None => break,
            }
        }
        let Some(command) = command else { return };
        let mut words = Vec::new();
        let mut covered = Vec::new();
        let mut cursor = node.walk();
        if cursor.goto_first_child() {
            loop {
                if cursor.field_id() == ids.redirect {
                    covered.push(cursor.node().byte_range());
                    redirect_words(self.code, &ids, cursor.node(), &mut words);
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let target = self.targets.entry(command.id()).or_default();
        target.words.extend(words);
        target.covered.extend(covered);
        target.end = target.end.max(node.end_byte());
    }

    /// A simple command: kept if it runs `aws`.
    fn command(&mut self, node: Node<'t>) {
        let mut nodes: Vec<Node<'t>> = Vec::new();
        // What stands between the words and is not one: assignments and
        // redirections.
        let mut covered: Vec<Range<usize>> = Vec::new();
        let mut has_name = false;
        let mut cursor = node.walk();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                let field = cursor.field_id();
                if field.is_none() {
                    // Assignments before the name, a subshell in an error.
                    covered.push(child.byte_range());
                } else if field == self.ids.name {
                    has_name = true;
                    nodes.push(child);
                } else if field == self.ids.argument {
                    nodes.push(child);
                } else if field == self.ids.redirect {
                    covered.push(child.byte_range());
                    redirect_words(self.code, &self.ids, child, &mut nodes);
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        if !has_name {
            return;
        }
        let mut end = node.end_byte();
        if let Some(target) = self.targets.remove(&node.id()) {
            end = end.max(target.end);
            nodes.extend(target.words);
            covered.extend(target.covered);
        }
        nodes.sort_by_key(Node::start_byte);
        covered.sort_by_key(|r| r.start);
        let Some(spans) = spans(self.code, &self.ids, &nodes, &covered) else { return };
        // The cheap test first: most commands are not `aws` or a wrapper.
        let Some(first) = spans.first() else { return };
        let name = word::resolve(self.code, first.clone(), &[]);
        if !name.value.as_deref().is_some_and(wrap::may_run_aws) {
            return;
        }
        if node.has_error() || nodes.iter().any(Node::has_error) {
            return;
        }
        let opaque = opaque_ranges(&self.ids, &nodes);
        let in_backquotes = !self.backquotes.is_empty();
        let mut words = Vec::with_capacity(spans.len());
        let mut infos = Vec::with_capacity(spans.len());
        for span in spans {
            let resolved = if in_backquotes && backquote_escape(self.code, &span) {
                // Inside backquotes bash first turns `\$`, `\``, `\\` (and
                // `\"` in double quotes) into the character, then parses:
                // `\$x` is an expansion there. Such a word is not read.
                word::Resolved {
                    value: None,
                    map: OffsetMap::new(),
                    single: false,
                    prefix: String::new(),
                    broken: false,
                }
            } else {
                word::resolve(self.code, span.clone(), &opaque)
            };
            if resolved.broken {
                // The grammar glued words together: the command's words
                // cannot be told.
                return;
            }
            infos.push(wrap::Info { single: resolved.single, prefix: resolved.prefix });
            words.push(Word { span, value: resolved.value, map: resolved.map });
        }
        if let Some(invocation) = build(words, &infos) {
            self.found.push(Found { invocation, extent: node.start_byte()..end });
        }
    }

    /// The invocations, in source order, less those next to a syntax error.
    fn finish(mut self) -> Vec<Invocation> {
        self.errors.sort_by_key(|r| (r.start, r.end));
        let mut by_end: Vec<usize> = self.errors.iter().map(|r| r.end).collect();
        by_end.sort_unstable();
        let code = self.code;
        let errors = &self.errors;
        self.dead.sort_by_key(|d| d.start);
        let mut dead: Vec<Range<usize>> = Vec::with_capacity(self.dead.len());
        for d in std::mem::take(&mut self.dead) {
            match dead.last_mut() {
                Some(last) if d.start <= last.end => last.end = last.end.max(d.end),
                _ => dead.push(d),
            }
        }
        self.found.retain(|found| {
            let extent = &found.extent;
            let at = found.invocation.aws.span.start;
            let k = dead.partition_point(|d| d.end <= at);
            if dead.get(k).is_some_and(|d| d.start <= at) {
                return false;
            }
            // The first error starting inside the command or after it,
            // past those that hold the whole command (an ERROR the command
            // was recovered in).
            let mut k = errors.partition_point(|r| r.start < extent.start);
            while errors
                .get(k)
                .is_some_and(|r| r.start == extent.start && r.end >= extent.end && r.end > r.start)
            {
                k += 1;
            }
            if let Some(after) = errors.get(k)
                && (after.start < extent.end || blank(code, extent.end..after.start))
            {
                return false;
            }
            // The last error ending before the command.
            let k = by_end.partition_point(|&e| e <= extent.start);
            if let Some(&before) = k.checked_sub(1).and_then(|k| by_end.get(k))
                && blank(code, before..extent.start)
            {
                return false;
            }
            true
        });
        let mut invocations: Vec<Invocation> = self.found.into_iter().map(|f| f.invocation).collect();
        invocations.sort_by_key(|i| i.aws.span.start);
        invocations
    }
}

/// Whether a word inside backquotes holds an escape that bash removes
/// before parsing the substitution.
fn backquote_escape(code: &str, span: &Range<usize>) -> bool {
    code.as_bytes()
        .get(span.clone())
        .is_some_and(|w| w.windows(2).any(|p| p[0] == b'\\' && matches!(p[1], b'$' | b'`' | b'\\' | b'"')))
}

/// The heredoc operators on a line (`<<A`, `<<-'B'`): each delimiter with
/// its quotes and backslashes removed, and whether tabs are stripped.
/// Quoted text on the line is skipped roughly (a quote's contents are
/// not searched); this runs only where the grammar already failed.
fn heredoc_delimiters(line: &[u8]) -> Vec<(Vec<u8>, bool)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(&c) = line.get(i) {
        match c {
            b'\'' | b'"' => {
                i = memchr::memchr(c, line.get(i + 1..).unwrap_or_default())
                    .map_or(line.len(), |k| i + k + 2);
            }
            b'\\' => i += 2,
            b'<' if line.get(i + 1) == Some(&b'<') && line.get(i + 2) != Some(&b'<') => {
                i += 2;
                let strip_tabs = line.get(i) == Some(&b'-');
                if strip_tabs {
                    i += 1;
                }
                while matches!(line.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                let mut delimiter = Vec::new();
                while let Some(&d) = line.get(i) {
                    if matches!(d, b' ' | b'\t' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')') {
                        break;
                    }
                    if !matches!(d, b'\'' | b'"' | b'\\') {
                        delimiter.push(d);
                    }
                    i += 1;
                }
                if !delimiter.is_empty() {
                    found.push((delimiter, strip_tabs));
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The end of a heredoc body that starts on the line after `from`: the end
/// of the line that is `delimiter` (after tabs, with `<<-`), or the end of
/// the code.
fn body_end(bytes: &[u8], from: usize, delimiter: &[u8], strip_tabs: bool, budget: &mut usize) -> usize {
    let mut at = match memchr::memchr(b'\n', bytes.get(from..).unwrap_or_default()) {
        Some(k) => from + k + 1,
        None => return bytes.len(),
    };
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default()).map_or(bytes.len(), |k| at + k);
        let mut line = bytes.get(at..end).unwrap_or_default();
        *budget = match budget.checked_sub(line.len() + 1) {
            Some(left) => left,
            None => return bytes.len(),
        };
        if strip_tabs {
            while let Some(rest) = line.strip_prefix(b"\t") {
                line = rest;
            }
        }
        if line == delimiter {
            return end;
        }
        at = end + 1;
    }
    bytes.len()
}

/// Nothing but spaces, tabs and `\`-newlines: the same command line.
fn blank(code: &str, range: Range<usize>) -> bool {
    let Some(mut text) = code.as_bytes().get(range) else { return false };
    loop {
        match text {
            [b' ' | b'\t', rest @ ..] | [b'\\', b'\n', rest @ ..] => text = rest,
            [] => return true,
            _ => return false,
        }
    }
}

fn last_named_child(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    if !cursor.goto_last_child() {
        return None;
    }
    loop {
        let child = cursor.node();
        if child.is_named() && !child.is_extra() {
            return Some(child);
        }
        if !cursor.goto_previous_sibling() {
            return None;
        }
    }
}

/// The words of a command that the grammar hung on a redirection: a file
/// redirection's destinations after the first (bash's target is one word;
/// the grammar takes every word up to the end of the command), a heredoc
/// redirection's arguments (`cat <<EOF -n`), and those of a redirection
/// nested in it.
fn redirect_words<'t>(code: &str, ids: &Ids, redirect: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut destinations = Vec::new();
    let mut nested = Vec::new();
    let mut cursor = redirect.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            let field = cursor.field_id();
            if field.is_none() {
            } else if field == ids.destination {
                destinations.push(child);
            } else if field == ids.argument {
                out.push(child);
            } else if field == ids.redirect {
                nested.push(child);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    // The target is the first word, which may be several nodes joined by
    // `\`-newlines.
    let mut rest = destinations.into_iter().peekable();
    let mut end = None;
    while let Some(node) = rest.peek() {
        match end {
            Some(e) if !joined(code, e, node.start_byte()) => break,
            _ => {
                end = Some(node.end_byte());
                rest.next();
            }
        }
    }
    out.extend(rest);
    for inner in nested {
        // One level: the grammar nests a file redirection in a heredoc one.
        if inner.kind_id() == ids.file_redirect {
            redirect_words(code, ids, inner, out);
        }
    }
}

/// Whether text between two word nodes joins them into one word: nothing,
/// or only `\`-newlines and escaped blanks.
fn joined(code: &str, end: usize, start: usize) -> bool {
    code.as_bytes().get(end..start).is_some_and(gaps::joins)
}

/// The spans of the words of a command from its nodes (sorted): `regex`
/// tokens split, then mended where the grammar skipped word characters
/// (module `gaps`). `None` when a part cannot be split as bash would.
fn spans(code: &str, ids: &Ids, nodes: &[Node<'_>], covered: &[Range<usize>]) -> Option<Vec<Range<usize>>> {
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(nodes.len());
    for node in nodes {
        if node.kind_id() == ids.regex {
            spans.extend(word::split_plain(code, node.byte_range())?);
        } else {
            spans.push(node.byte_range());
        }
    }
    gaps::mend(code.as_bytes(), spans, covered)
}

/// The expansions inside the word nodes, outermost only, sorted: where a
/// double-quoted `$(…)` or `${…}` ends, which the word reader cannot tell
/// by itself. Subtrees of expansions are not entered, so this costs the
/// size of the words' own structure.
fn opaque_ranges(ids: &Ids, nodes: &[Node<'_>]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for &node in nodes {
        let mut cursor: TreeCursor<'_> = node.walk();
        let mut depth = 0usize;
        loop {
            let current = cursor.node();
            if ids.opaque(current.kind_id()) {
                ranges.push(current.byte_range());
            } else if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if depth == 0 {
                    break;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                cursor.goto_parent();
                depth -= 1;
            }
            if depth == 0 {
                break;
            }
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

#[cfg(test)]
mod tests;
