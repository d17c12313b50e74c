//! Engine selection, compilation limits and matching.
//!
//! A pattern without look-around, back-references or atomic groups goes to the linear-time
//! `regex` crate, after the search-preserving trims of `crate::pattern::analyze`; a whole-pattern
//! `^C{m,n}$` over one character class becomes a `^C*$` check plus a character count, as the
//! `jsonschema` crate does, so large counts never build large automata. Only the rest goes to
//! `fancy-regex`, behind a linear-time prefilter (the pattern with its look-arounds dropped: when
//! that finds nothing, the answer is "no match" without backtracking), with a backtrack limit and
//! a cap on the input length, because look-arounds run a sub-search at every position and so
//! some patterns are quadratic whatever the backtrack limit. Compiles and matches run under
//! `catch_unwind` as a backstop against engine panics (rust-lang/regex#1344): a panic becomes an
//! error value.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::pattern::analyze::trim_for_search;
use crate::pattern::ast::{Assertion, Node};
use crate::pattern::error::{ErrorKind, MatchError, PatternError};
use crate::pattern::parse::Parsed;
use crate::pattern::translate::{Target, to_rust};

/// Compiled-program size limit for the `regex` crate (its default is 10 MiB). Every botocore
/// pattern fits; reaching the limit takes about 40 ms, which bounds the compile time.
pub(crate) const REGEX_SIZE_LIMIT: usize = 3 * 1024 * 1024;
/// Lazy-DFA cache limit for the `regex` crate (its default is 2 MiB).
pub(crate) const REGEX_DFA_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// Lazy-DFA cache limit for `fancy-regex`'s delegates. Look-arounds run a delegate at every
/// position, so a cache that thrashes (e.g. `(?=.{0,2048}$)`) costs 10x; allocated on demand.
pub(crate) const FANCY_DFA_SIZE_LIMIT: usize = 10 * 1024 * 1024;
/// Backtracking steps `fancy-regex` may take in one search.
pub const BACKTRACK_LIMIT: usize = 200_000;
/// Longest value, in characters, given to the backtracking engine; longer values get
/// [`MatchError::InputTooLong`]. 2,048 covers the AWS length limits of the look-around patterns
/// (e.g. `(?=.{0,2048}$)…`) and keeps a quadratic search under ~25 ms.
pub const MAX_BACKTRACKING_INPUT: usize = 2048;

/// The engine behind a compiled pattern.
#[derive(Debug, Clone)]
pub(crate) enum Engine {
    /// The linear-time `regex` crate.
    Regex(regex::Regex),
    /// `^C{min,max}$`: `body` is `^C*$`, and the length in characters is checked separately.
    Counted { body: regex::Regex, min: usize, max: Option<usize> },
    /// `fancy-regex`, for look-around, back-references and atomic groups. `prefilter` is a
    /// linear-time `regex` for a superset of the language (look-arounds dropped,
    /// back-references widened): when it finds nothing, neither can the backtracking engine.
    Fancy { re: fancy_regex::Regex, prefilter: Option<regex::Regex> },
}

/// Which kind of engine a [`crate::pattern::Pattern`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EngineKind {
    /// The linear-time `regex` crate.
    Regex,
    /// A `regex` class check plus a character count (`^C{m,n}$`).
    CountedClass,
    /// The backtracking `fancy-regex` crate (look-around, back-references).
    Backtracking,
}

impl Engine {
    pub(crate) fn kind(&self) -> EngineKind {
        match self {
            Engine::Regex(_) => EngineKind::Regex,
            Engine::Counted { .. } => EngineKind::CountedClass,
            Engine::Fancy { .. } => EngineKind::Backtracking,
        }
    }
}

fn internal(what: &str) -> PatternError {
    PatternError::new(ErrorKind::Internal, None, format!("the regex engine panicked while {what}"))
}

fn regex(text: &str) -> Result<regex::Regex, PatternError> {
    let built = catch_unwind(AssertUnwindSafe(|| {
        regex::RegexBuilder::new(text)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
            .build()
    }))
    .map_err(|_| internal("compiling"))?;
    built.map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => PatternError::new(
            ErrorKind::TooLarge,
            None,
            format!("compiled pattern exceeds the size limit of {limit} bytes"),
        ),
        other => {
            PatternError::new(ErrorKind::Engine, None, format!("regex: {}", last_line(&other.to_string())))
        }
    })
}

fn last_line(message: &str) -> String {
    message.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(message).trim().to_owned()
}

fn fancy(text: &str) -> Result<fancy_regex::Regex, PatternError> {
    let built = catch_unwind(AssertUnwindSafe(|| {
        fancy_regex::RegexBuilder::new(text)
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(REGEX_SIZE_LIMIT)
            .delegate_dfa_size_limit(FANCY_DFA_SIZE_LIMIT)
            .build()
    }))
    .map_err(|_| internal("compiling"))?;
    built.map_err(|e| {
        let message = last_line(&e.to_string());
        let kind = if message.contains("size limit") || message.contains("building NFA") {
            ErrorKind::TooLarge
        } else {
            ErrorKind::Engine
        };
        PatternError::new(kind, None, format!("fancy-regex: {message}"))
    })
}

/// If `node` is `^C{min,max}$` for a single-character `C`, returns `(C, min, max)`.
fn counted(node: &Node) -> Option<(&Node, u32, Option<u32>)> {
    let Node::Concat(parts) = node else {
        return None;
    };
    let [Node::Assert(Assertion::Start), middle, Node::Assert(Assertion::End)] = parts.as_slice() else {
        return None;
    };
    let mut middle = middle;
    while let Node::Group { node, .. } = middle {
        middle = node;
    }
    match middle {
        Node::Repeat { node, min, max, .. } if node.is_single_char() => Some((node, *min, *max)),
        _ => None,
    }
}

/// A pattern without look-around, back-references or atomic groups whose language contains
/// that of `node`: look-arounds become empty, a back-reference becomes "any text", an atomic
/// group its contents.
fn relax(node: &Node) -> Node {
    match node {
        Node::Look { .. } => Node::Empty,
        Node::Backref(_) => {
            Node::Repeat { node: Box::new(Node::Dot { dot_all: true }), min: 0, max: None, greedy: true }
        }
        Node::Atomic(inner) => relax(inner),
        Node::Group { index, name, node } => {
            Node::Group { index: *index, name: name.clone(), node: Box::new(relax(node)) }
        }
        Node::Repeat { node, min, max, greedy } => {
            Node::Repeat { node: Box::new(relax(node)), min: *min, max: *max, greedy: *greedy }
        }
        Node::Concat(nodes) => Node::Concat(nodes.iter().map(relax).collect()),
        Node::Alt(nodes) => Node::Alt(nodes.iter().map(relax).collect()),
        other => other.clone(),
    }
}

/// Builds the engine for a parsed pattern; also returns the text given to the engine.
pub(crate) fn build(parsed: &Parsed) -> Result<(Engine, String), PatternError> {
    if parsed.node.needs_backtracking() {
        let text = to_rust(&parsed.node, Target::Fancy);
        let re = fancy(&text)?;
        let mut relaxed = relax(&parsed.node);
        trim_for_search(&mut relaxed);
        let prefilter = regex(&to_rust(&relaxed, Target::Regex)).ok();
        return Ok((Engine::Fancy { re, prefilter }, text));
    }
    let mut node = parsed.node.clone();
    trim_for_search(&mut node);
    if let Some((class, min, max)) = counted(&node) {
        let body = Node::Concat(vec![
            Node::Assert(Assertion::Start),
            Node::Repeat { node: Box::new(class.clone()), min: 0, max: None, greedy: true },
            Node::Assert(Assertion::End),
        ]);
        let text = to_rust(&body, Target::Regex);
        let re = regex(&text)?;
        let to_usize = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
        return Ok((Engine::Counted { body: re, min: to_usize(min), max: max.map(to_usize) }, text));
    }
    let text = to_rust(&node, Target::Regex);
    let re = regex(&text)?;
    Ok((Engine::Regex(re), text))
}

/// Runs the engine on `haystack`.
pub(crate) fn is_match(engine: &Engine, haystack: &str) -> Result<bool, MatchError> {
    match engine {
        Engine::Regex(re) => {
            catch_unwind(AssertUnwindSafe(|| re.is_match(haystack))).map_err(|_| MatchError::Internal)
        }
        Engine::Counted { body, min, max } => {
            let count = haystack.chars().count();
            if count < *min || max.is_some_and(|max| count > max) {
                return Ok(false);
            }
            catch_unwind(AssertUnwindSafe(|| body.is_match(haystack))).map_err(|_| MatchError::Internal)
        }
        Engine::Fancy { re, prefilter } => {
            if let Some(prefilter) = prefilter {
                let possible = catch_unwind(AssertUnwindSafe(|| prefilter.is_match(haystack)))
                    .map_err(|_| MatchError::Internal)?;
                if !possible {
                    return Ok(false);
                }
            }
            let count = haystack.chars().count();
            if count > MAX_BACKTRACKING_INPUT {
                return Err(MatchError::InputTooLong { chars: count, limit: MAX_BACKTRACKING_INPUT });
            }
            match catch_unwind(AssertUnwindSafe(|| re.is_match(haystack))) {
                Err(_) => Err(MatchError::Internal),
                Ok(Ok(found)) => Ok(found),
                Ok(Err(fancy_regex::Error::RuntimeError(
                    fancy_regex::RuntimeError::BacktrackLimitExceeded,
                ))) => Err(MatchError::BacktrackLimitExceeded { limit: BACKTRACK_LIMIT }),
                Ok(Err(e)) => Err(MatchError::Engine(e.to_string())),
            }
        }
    }
}
