//! Strings generated from a pattern: an example value that matches it.
//!
//! Skeletons filled with example values (`skeleton input OP --example`) need,
//! for every string member with a `pattern`, a value the validator accepts.
//! The value is built from the parsed tree (`crate::pattern::ast`), so it
//! follows the pattern's ECMA-262 meaning, and is then checked with the very
//! engine the validator uses ([`Pattern::is_match`]): a value is returned only
//! when that check says it matches, never on the generator's word alone.
//!
//! The generator ignores what it cannot construct directly — look-arounds,
//! `^`/`$` in the middle, word boundaries — and searches instead: it tries a
//! few deterministic variants (one character per class or one rotating
//! through letters, capitals, digits and punctuation; each alternative of
//! each alternation; more repetitions until the length is reached; padding
//! around an unanchored match; the text of a positive look-ahead written
//! where it stands) and keeps the first that the engine accepts.
//! So `^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,64}$` gives `aA1-aA1-`, and
//! `^(?!aws:).+` gives `a`. The search is bounded ([`MAX_CANDIDATES`]); a
//! pattern it cannot satisfy is reported, not guessed at.

use std::collections::HashMap;

use regex_syntax::hir::ClassUnicode;

use crate::pattern::ast::Node;
use crate::pattern::compiled::Pattern;
use crate::pattern::{parse, translate};

/// The length (in characters, as the validator counts them) the value must
/// have besides matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lengths {
    /// The shape's `min` (0 when it has none).
    pub min: usize,
    /// The shape's `max`, if any.
    pub max: Option<usize>,
}

/// Why no value was generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// The pattern does not compile (the validator cannot check it either).
    #[error("the pattern cannot be checked: {0}")]
    Uncheckable(String),
    /// The engine could not answer for the candidates (backtracking limit).
    #[error("the pattern could not be checked on the values tried: {0}")]
    Unanswered(String),
    /// No candidate matched within the search's bounds.
    #[error("no value matching the pattern within the length bounds was found ({tried} values tried)")]
    NotFound {
        /// How many candidates were checked.
        tried: usize,
    },
}

/// At most this many candidates are checked per pattern: a backtracking
/// check may take milliseconds, and a skeleton has hundreds of strings.
pub const MAX_CANDIDATES: usize = 400;

/// Longest value generated: beyond it a candidate is abandoned (a pattern
/// such as `a{1000000}` or a `min` of millions is not worth an example).
const MAX_CHARS: usize = 100_000;

/// Most plans (choices of alternatives and character rotation) tried.
const MAX_PLANS: usize = 120;

/// A value for a string whose `pattern` is `source` and whose length must be
/// within `lengths`: the first of `preferred` that qualifies, else one
/// generated from the pattern. Never one of `avoid` (distinct map keys).
/// Non-empty when the bounds and pattern allow it.
///
/// # Errors
///
/// [`GenerateError`] when the pattern cannot be compiled or no candidate
/// qualified.
pub fn generate(
    source: &str,
    lengths: Lengths,
    preferred: &[String],
    avoid: &[String],
) -> Result<String, GenerateError> {
    let pattern = Pattern::compile(source).map_err(|e| GenerateError::Uncheckable(e.message().to_owned()))?;
    let parsed = parse::parse(source).map_err(|e| GenerateError::Uncheckable(e.message().to_owned()))?;
    let mut builder = Builder { alternations: 0, lookaheads: Vec::new() };
    let tree = builder.build(&parsed.node);
    let mut search = Search { pattern: &pattern, lengths, avoid, tried: 0, unanswered: None };
    for candidate in preferred {
        if let Some(found) = search.check(candidate.clone()) {
            return Ok(found);
        }
    }
    let wanted = if lengths.max == Some(0) { 0 } else { lengths.min.max(1) };
    for plan in plans(builder.alternations) {
        if search.tried >= MAX_CANDIDATES {
            break;
        }
        if let Some(found) = search.plan(&tree, &plan, wanted) {
            return Ok(found);
        }
    }
    for body in &builder.lookaheads {
        for plan in plans(0) {
            if let Some(found) = search.plan(body, &plan, wanted) {
                return Ok(found);
            }
        }
    }
    if lengths.min == 0
        && let Some(found) = search.check(String::new())
    {
        return Ok(found);
    }
    match search.unanswered {
        Some(reason) if search.tried > 0 => Err(GenerateError::Unanswered(reason)),
        _ => Err(GenerateError::NotFound { tried: search.tried }),
    }
}

/// The pattern tree reduced to what the generator writes.
#[derive(Debug, Clone)]
enum Gen {
    /// Writes nothing (also assertions and look-arounds: checked, not built).
    Empty,
    /// One character; the candidates in order of preference.
    Chars(Vec<char>),
    /// Matches nothing the generator can write (an empty class, a lone
    /// surrogate).
    Never,
    Seq(Vec<Gen>),
    /// An alternation, numbered for the plans.
    Alt(usize, Vec<Gen>),
    Repeat {
        node: Box<Gen>,
        min: u32,
        max: Option<u32>,
    },
    Capture(u32, Box<Gen>),
    Backref(u32),
    /// A positive look-ahead: nothing, or (plans that `consume`) its text,
    /// which what follows may then match again (`arn:(?=[^:]+:fsx:)…`).
    Ahead(Box<Gen>),
}

struct Builder {
    alternations: usize,
    /// The bodies of positive look-aheads: each is also tried as the whole
    /// value (`(?=^\$)(?=^\S+$).*` needs a `$` that `.*` would not write).
    lookaheads: Vec<Gen>,
}

impl Builder {
    /// The tree's depth is bounded by the parser (`parse::MAX_DEPTH`).
    fn build(&mut self, node: &Node) -> Gen {
        match node {
            Node::Look { behind: false, negated: false, node } => {
                let body = self.build(node);
                self.lookaheads.push(body.clone());
                Gen::Ahead(Box::new(body))
            }
            Node::Empty | Node::Assert(_) | Node::Look { .. } => Gen::Empty,
            Node::Literal(cp) => char::from_u32(*cp).map_or(Gen::Never, |c| Gen::Chars(vec![c])),
            Node::Dot { .. } | Node::Class(_) => translate::node_set(node).map_or(Gen::Never, |set| {
                let chars = candidates(&set);
                if chars.is_empty() { Gen::Never } else { Gen::Chars(chars) }
            }),
            Node::Group { index: Some(i), node, .. } => Gen::Capture(*i, Box::new(self.build(node))),
            Node::Group { index: None, node, .. } | Node::Atomic(node) => self.build(node),
            Node::Repeat { node, min, max, .. } => {
                Gen::Repeat { node: Box::new(self.build(node)), min: *min, max: *max }
            }
            Node::Backref(b) => Gen::Backref(b.index),
            Node::Concat(nodes) => Gen::Seq(nodes.iter().map(|n| self.build(n)).collect()),
            Node::Alt(nodes) => {
                let id = self.alternations;
                self.alternations += 1;
                Gen::Alt(id, nodes.iter().map(|n| self.build(n)).collect())
            }
        }
    }
}

/// Characters tried for a class, by kind, in order.
const KINDS: [&str; 5] =
    ["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "1234567890", "-_.:/@+=#!$%&*,;~", " "];

/// A class's candidates: the first three of each kind it has, interleaved
/// (`a A 1 - ' ' b B 2 _ …`), so that rotating through them mixes kinds; or,
/// for a class with none of them, its first printable member (else its
/// first member).
fn candidates(set: &ClassUnicode) -> Vec<char> {
    let has = |c: char| set.ranges().iter().any(|r| r.start() <= c && c <= r.end());
    let per_kind: Vec<Vec<char>> =
        KINDS.iter().map(|kind| kind.chars().filter(|&c| has(c)).take(3).collect()).collect();
    let mut out = Vec::new();
    for round in 0..3 {
        out.extend(per_kind.iter().filter_map(|chars| chars.get(round).copied()));
    }
    if out.is_empty() {
        let printable = set
            .ranges()
            .iter()
            .flat_map(|r| {
                // The first printable member of the range, if any: after the
                // C0 controls, DEL and the C1 controls.
                [r.start(), '\u{20}', '\u{a0}']
                    .into_iter()
                    .filter(move |&c| r.start() <= c && c <= r.end() && !c.is_control())
            })
            .next();
        out.extend(printable.or_else(|| set.ranges().first().map(|r| r.start())));
    }
    out
}

/// One way of walking the tree.
#[derive(Debug, Clone)]
struct Plan {
    /// Rotate through a class's candidates instead of taking the first.
    rotate: bool,
    /// The alternative taken at each alternation (by number); 0 if absent.
    choices: HashMap<usize, usize>,
    /// The alternative taken where `choices` says nothing.
    default_choice: usize,
    /// Which candidate of each class comes first (other values, for
    /// distinct map keys).
    offset: usize,
    /// In the last turn of a repetition, take the next alternative
    /// everywhere: `(\d+(\.(?!$)|$)){4}` ends with `$`, not `.`.
    flip_last: bool,
    /// Write the text of positive look-aheads.
    consume: bool,
}

/// The plans, in order: first alternatives everywhere (plain, then
/// rotating); then each alternation's other alternatives in turn; then the
/// n-th alternative everywhere; last, other first candidates.
fn plans(alternations: usize) -> Vec<Plan> {
    let plain = |rotate| Plan {
        rotate,
        choices: HashMap::new(),
        default_choice: 0,
        offset: 0,
        flip_last: false,
        consume: false,
    };
    let mut out = vec![plain(false), plain(true)];
    if alternations > 0 {
        out.extend([false, true].map(|rotate| Plan { flip_last: true, ..plain(rotate) }));
    }
    for everywhere in 1..4 {
        for id in 0..alternations {
            for rotate in [false, true] {
                let mut plan = plain(rotate);
                plan.choices.insert(id, everywhere);
                out.push(plan);
            }
        }
        for rotate in [false, true] {
            out.push(Plan { default_choice: everywhere, ..plain(rotate) });
        }
    }
    if alternations == 0 {
        out.truncate(2);
    }
    out.truncate(MAX_PLANS - 5);
    out.extend((1..4).map(|offset| Plan { offset, ..plain(false) }));
    out.extend([false, true].map(|rotate| Plan { consume: true, ..plain(rotate) }));
    out
}

/// One walk: the text so far and what it has used.
struct Walk<'p> {
    plan: &'p Plan,
    /// Repetitions beyond the minimum still to hand out (to the first
    /// repetitions met that have room).
    extra: usize,
    counter: usize,
    /// Added to every alternative chosen (inside a flipped last turn).
    bump: usize,
    captures: HashMap<u32, String>,
    out: String,
    chars: usize,
}

impl Walk<'_> {
    /// Writes `gen`; false if it cannot be written (or grew too long).
    fn emit(&mut self, node: &Gen) -> bool {
        match node {
            Gen::Empty => true,
            Gen::Never => false,
            Gen::Chars(chars) => {
                let turn = if self.plan.rotate { self.counter } else { 0 };
                let pick = chars.get((turn + self.plan.offset) % chars.len());
                self.counter += 1;
                match pick {
                    Some(&c) => self.push(c),
                    None => false,
                }
            }
            Gen::Seq(items) => items.iter().all(|g| self.emit(g)),
            Gen::Alt(id, branches) => {
                let wanted = self.plan.choices.get(id).copied().unwrap_or(self.plan.default_choice);
                let index = wanted.saturating_add(self.bump).min(branches.len().saturating_sub(1));
                branches.get(index).is_some_and(|b| self.emit(b))
            }
            Gen::Repeat { node, min, max } => {
                let room = max.map_or(usize::MAX, |m| m.saturating_sub(*min) as usize);
                let more = self.extra.min(room);
                self.extra -= more;
                let count = (*min as usize).saturating_add(more);
                for turn in 0..count {
                    let before = self.chars;
                    let flip = self.plan.flip_last && count > 1 && turn + 1 == count;
                    self.bump += usize::from(flip);
                    let written = self.emit(node);
                    self.bump -= usize::from(flip);
                    if !written {
                        return false;
                    }
                    // A body that writes nothing needs no more turns.
                    if self.chars == before {
                        break;
                    }
                }
                true
            }
            Gen::Capture(index, node) => {
                let start = self.out.len();
                if !self.emit(node) {
                    return false;
                }
                let text = self.out.get(start..).unwrap_or_default().to_owned();
                self.captures.insert(*index, text);
                true
            }
            Gen::Ahead(body) => !self.plan.consume || self.emit(body),
            Gen::Backref(index) => {
                let text = self.captures.get(index).cloned().unwrap_or_default();
                text.chars().all(|c| self.push(c))
            }
        }
    }

    fn push(&mut self, c: char) -> bool {
        if self.chars >= MAX_CHARS {
            return false;
        }
        self.out.push(c);
        self.chars += 1;
        true
    }
}

/// The text of `tree` under `plan` with `extra` added repetitions.
fn write(tree: &Gen, plan: &Plan, extra: usize) -> Option<String> {
    let mut walk =
        Walk { plan, extra, counter: 0, bump: 0, captures: HashMap::new(), out: String::new(), chars: 0 };
    walk.emit(tree).then_some(walk.out)
}

/// The candidates checked so far and the constraints they are checked
/// against.
struct Search<'a> {
    pattern: &'a Pattern,
    lengths: Lengths,
    avoid: &'a [String],
    tried: usize,
    /// The first engine failure, if the engine could not answer.
    unanswered: Option<String>,
}

impl Search<'_> {
    /// `candidate` if it has the right length, is not avoided, and matches.
    fn check(&mut self, candidate: String) -> Option<String> {
        let length = candidate.chars().count();
        if length < self.lengths.min || self.lengths.max.is_some_and(|m| length > m) {
            return None;
        }
        if self.avoid.contains(&candidate) || self.tried >= MAX_CANDIDATES {
            return None;
        }
        self.tried += 1;
        match self.pattern.is_match(&candidate) {
            Ok(true) => Some(candidate),
            Ok(false) => None,
            Err(e) => {
                self.unanswered.get_or_insert_with(|| e.to_string());
                None
            }
        }
    }

    /// Tries `plan`: the fewest added repetitions that reach `wanted`
    /// characters, a few more, then the text padded to `wanted`.
    fn plan(&mut self, tree: &Gen, plan: &Plan, wanted: usize) -> Option<String> {
        let length = |extra| write(tree, plan, extra).map(|s| s.chars().count());
        let base = length(0)?;
        let mut low = 0;
        if base < wanted {
            // Gallop, then bisect, to the fewest extras that reach `wanted`.
            let mut high = 1usize;
            loop {
                match length(high) {
                    Some(n) if n >= wanted => break,
                    Some(n) if n > base || high < 64 => {
                        low = high;
                        high = high.saturating_mul(2);
                        if high > MAX_CHARS {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            while low + 1 < high {
                let middle = low + (high - low) / 2;
                match length(middle) {
                    Some(n) if n >= wanted => high = middle,
                    _ => low = middle,
                }
            }
            low = high.min(MAX_CHARS);
        }
        let mut shortest = None;
        for extra in low..low.saturating_add(9) {
            let Some(text) = write(tree, plan, extra) else { break };
            if shortest.is_none() {
                shortest = Some(text.clone());
            }
            if self.lengths.max.is_some_and(|m| text.chars().count() > m) {
                break;
            }
            if let Some(found) = self.check(text) {
                return Some(found);
            }
        }
        // An unanchored match with room around it: pad to the length.
        let text = write(tree, plan, 0).or(shortest)?;
        // At least one character: a match may need something after it
        // (`\.(?!$)`).
        let missing = wanted.saturating_sub(text.chars().count()).max(1);
        if missing <= MAX_CHARS {
            for pad in ['a', '1', ' '] {
                let padding: String = std::iter::repeat_n(pad, missing).collect();
                for candidate in [format!("{text}{padding}"), format!("{padding}{text}")] {
                    if let Some(found) = self.check(candidate) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::pattern::tests::pattern_list;

    fn one(source: &str, min: usize, max: Option<usize>) -> String {
        let value =
            generate(source, Lengths { min, max }, &[], &[]).unwrap_or_else(|e| panic!("{source}: {e}"));
        assert!(Pattern::compile(source).unwrap().is_match(&value).unwrap(), "{source}: {value:?}");
        let n = value.chars().count();
        assert!(n >= min && max.is_none_or(|m| n <= m), "{source}: {value:?}");
        value
    }

    #[test]
    fn simple_patterns_give_simple_values() {
        assert_eq!(one("^[0-9]{12}$", 0, None), "111111111111");
        assert_eq!(one("[a-z]+", 3, Some(10)), "aaa");
        assert_eq!(one("^8(00|33|44|55|66|77|88)$", 0, None), "800");
        assert_eq!(one(".*", 0, None), "a");
        assert_eq!(one("^$|^[A-Z]{2,2}$", 1, None), "AA");
    }

    #[test]
    fn look_arounds_and_back_references_are_honoured() {
        let password = one(r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$", 8, Some(64));
        assert_eq!(password.len(), 8);
        one(r"^(?!aws:).+", 1, None);
        one(r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$", 6, None);
        one(r"^[0-9a-z\.\-]*(?<!\.)$", 2, None);
        one(
            r"(?=^.{3,63}$)(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)",
            0,
            None,
        );
        one(r"^(a+)b\1$", 0, None);
    }

    #[test]
    fn preferred_values_come_first_and_avoided_ones_never() {
        let preferred = ["account-id".to_owned()];
        assert_eq!(
            generate(".*\\S.*", Lengths { min: 1, max: None }, &preferred, &[]).unwrap(),
            "account-id"
        );
        let avoid = ["a".to_owned()];
        let value = generate("[a-z]", Lengths { min: 1, max: Some(1) }, &[], &avoid).unwrap();
        assert_ne!(value, "a");
    }

    #[test]
    fn impossible_bounds_and_bad_patterns_are_errors() {
        assert!(matches!(
            generate("^[a-z]{2}$", Lengths { min: 5, max: None }, &[], &[]),
            Err(GenerateError::NotFound { .. })
        ));
        assert!(matches!(
            generate("^[-_a-zA-Z0-9]*${2,64}$", Lengths { min: 0, max: None }, &[], &[]),
            Err(GenerateError::Uncheckable(_))
        ));
    }

    /// Every botocore pattern that compiles: a value is generated (for a
    /// minimum length of 1) and it matches, or the failure is counted. The
    /// report lists the failures (`--nocapture`).
    #[test]
    fn botocore_patterns_generate_matching_values() {
        let patterns = pattern_list("all-patterns.txt.gz");
        let mut generated = 0;
        let mut failures = Vec::new();
        for (shape, source) in &patterns {
            let Ok(compiled) = Pattern::compile(source) else { continue };
            match generate(source, Lengths { min: 1, max: None }, &[], &[]) {
                Ok(value) => {
                    assert!(!value.is_empty(), "{shape} {source}");
                    assert_eq!(compiled.is_match(&value), Ok(true), "{shape} {source}: {value:?}");
                    generated += 1;
                }
                Err(e) => failures.push(format!("{shape}\t{source}\t{e}")),
            }
        }
        eprintln!("generated {generated}, failed {}:", failures.len());
        for f in &failures {
            eprintln!("  {f}");
        }
        // These four cannot match anything: `^` after a character (`/^`),
        // or a character after `$` (`$}`).
        let expected = [
            "connect:Password",
            "dataexchange:AwsAccountId",
            "ec2:PlacementGroupArn",
            "qbusiness:MessageBody",
        ];
        let failed: Vec<&str> = failures.iter().filter_map(|f| f.split('\t').next()).collect();
        assert_eq!(failed, expected);
        assert!(generated >= 4288, "{generated}");
    }
}
