//! Tree analyses and rewrites that keep the meaning of a pattern:
//!
//! * [`check_backrefs`]: decides, for every back-reference, whether its group has surely
//!   participated. ECMA-262 matches a reference to a non-participating group as the empty
//!   string, backtracking engines fail it; the printer then emits a conditional. Cases where the
//!   two also disagree on *which* capture is seen (a group inside an enclosing loop, references
//!   inside a look-behind) are refused.
//! * [`simplify_atomic`]: a possessive quantifier (`X{2}+`, `[/]?+[a-z]+`) equals the greedy one
//!   when the atom is one character and the count is fixed, or when what follows can never start
//!   with that character; then the pattern stays in the linear-time `regex` engine.
//! * [`trim_for_search`]: under unanchored search, a bounded repetition at either end of the
//!   pattern can be cut to its minimum (`arn:.*:[\w.-]{1,255}` ≡ `arn:.*:[\w.-]`), which keeps
//!   automata small.

use std::collections::BTreeSet;

use crate::pattern::ast::Node;
use crate::pattern::error::{ErrorKind, PatternError};
use crate::pattern::translate::node_set;

/// Marks references that may see a non-participating group; refuses ambiguous ones.
pub(crate) fn check_backrefs(node: &mut Node) -> Result<(), PatternError> {
    let mut walker = Backrefs { loops: Vec::new(), in_lookbehind: false };
    walker.walk(node, &BTreeSet::new()).map(|_| ())
}

struct Backrefs {
    /// Capture groups inside each enclosing repetition that can run more than once.
    loops: Vec<BTreeSet<u32>>,
    in_lookbehind: bool,
}

fn groups_in(node: &Node, out: &mut BTreeSet<u32>) {
    match node {
        Node::Group { index, node, .. } => {
            if let Some(i) = index {
                out.insert(*i);
            }
            groups_in(node, out);
        }
        Node::Look { node, .. } | Node::Atomic(node) | Node::Repeat { node, .. } => {
            groups_in(node, out);
        }
        Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().for_each(|n| groups_in(n, out)),
        _ => {}
    }
}

impl Backrefs {
    /// Returns the groups that have surely participated after `node` matched.
    fn walk(&mut self, node: &mut Node, before: &BTreeSet<u32>) -> Result<BTreeSet<u32>, PatternError> {
        Ok(match node {
            Node::Backref(b) => {
                if self.in_lookbehind {
                    return Err(unsupported("back-reference inside a look-behind"));
                }
                if !before.contains(&b.index) {
                    if self.loops.iter().any(|groups| groups.contains(&b.index)) {
                        return Err(unsupported(
                            "back-reference that may see a capture from an earlier repetition \
                             (ECMA-262 resets it, backtracking engines keep it)",
                        ));
                    }
                    b.maybe_unset = true;
                }
                before.clone()
            }
            Node::Group { index, node, .. } => {
                let mut after = self.walk(node, before)?;
                if let Some(i) = index {
                    after.insert(*i);
                }
                after
            }
            Node::Atomic(node) => self.walk(node, before)?,
            Node::Look { behind, node, .. } => {
                let saved = self.in_lookbehind;
                self.in_lookbehind |= *behind;
                self.walk(node, before)?;
                self.in_lookbehind = saved;
                before.clone()
            }
            Node::Repeat { node, min, max, .. } => {
                let looping = max.is_none_or(|m| m > 1);
                if looping {
                    let mut groups = BTreeSet::new();
                    groups_in(node, &mut groups);
                    self.loops.push(groups);
                }
                let inner = self.walk(node, before);
                if looping {
                    self.loops.pop();
                }
                let inner = inner?;
                if *min >= 1 { inner } else { before.clone() }
            }
            Node::Concat(nodes) => {
                let mut current = before.clone();
                for n in nodes.iter_mut() {
                    current = self.walk(n, &current)?;
                }
                current
            }
            Node::Alt(nodes) => {
                let mut common: Option<BTreeSet<u32>> = None;
                for n in nodes.iter_mut() {
                    let after = self.walk(n, before)?;
                    common = Some(match common {
                        None => after,
                        Some(c) => c.intersection(&after).copied().collect(),
                    });
                }
                common.unwrap_or_else(|| before.clone())
            }
            Node::Empty | Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Assert(_) => {
                before.clone()
            }
        })
    }
}

fn unsupported(message: &str) -> PatternError {
    PatternError::new(ErrorKind::Unsupported, None, message.to_owned())
}

/// Replaces atomic groups that cannot change the result by their contents.
pub(crate) fn simplify_atomic(node: &mut Node) {
    match node {
        Node::Concat(nodes) => {
            for i in 0..nodes.len() {
                let next = nodes.get(i.saturating_add(1)).cloned();
                if let Some(n) = nodes.get_mut(i) {
                    simplify_atomic(n);
                    if let Node::Atomic(inner) = n
                        && atomic_is_redundant(inner, next.as_ref())
                    {
                        *n = std::mem::replace(inner.as_mut(), Node::Empty);
                    }
                }
            }
        }
        Node::Atomic(inner) => {
            simplify_atomic(inner);
            if atomic_is_redundant(inner, None) {
                *node = std::mem::replace(inner.as_mut(), Node::Empty);
            }
        }
        Node::Alt(nodes) => nodes.iter_mut().for_each(simplify_atomic),
        Node::Group { node, .. } | Node::Look { node, .. } | Node::Repeat { node, .. } => {
            simplify_atomic(node);
        }
        _ => {}
    }
}

/// `inner` is the body of an atomic group; `next` is the node after the group, if known.
fn atomic_is_redundant(inner: &Node, next: Option<&Node>) -> bool {
    let Node::Repeat { node, min, max, greedy: true } = inner else {
        return matches!(inner, Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Empty);
    };
    if !node.is_single_char() {
        return false;
    }
    if *max == Some(*min) {
        return true;
    }
    let (Some(next), Some(repeated)) = (next, node_set(node)) else {
        return false;
    };
    if next.is_nullable() {
        return false;
    }
    let Some(mut first) = first_set(next) else {
        return false;
    };
    first.intersect(&repeated);
    first.ranges().is_empty()
}

/// The characters a non-nullable node can start with (`None` if unknown).
fn first_set(node: &Node) -> Option<regex_syntax::hir::ClassUnicode> {
    match node {
        Node::Literal(_) | Node::Dot { .. } | Node::Class(_) => node_set(node),
        Node::Repeat { node, min, .. } if *min >= 1 => first_set(node),
        Node::Group { node, .. } => first_set(node),
        Node::Concat(nodes) => {
            let first = nodes.first()?;
            if first.is_nullable() { None } else { first_set(first) }
        }
        Node::Alt(nodes) => {
            let mut all = regex_syntax::hir::ClassUnicode::empty();
            for n in nodes {
                if n.is_nullable() {
                    return None;
                }
                all.union(&first_set(n)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Cuts bounded repetitions at the unanchored ends of the pattern down to their minimum. Only
/// valid for patterns without look-around or back-references (checked by the caller).
pub(crate) fn trim_for_search(node: &mut Node) {
    trim(node, End::Left);
    trim(node, End::Right);
}

#[derive(Clone, Copy)]
enum End {
    Left,
    Right,
}

fn trim(node: &mut Node, end: End) {
    match node {
        Node::Repeat { min, max, .. } => {
            *max = Some(*min);
        }
        Node::Group { node, .. } => trim(node, end),
        Node::Alt(nodes) => nodes.iter_mut().for_each(|n| trim(n, end)),
        Node::Concat(nodes) => {
            let edge = match end {
                End::Left => nodes.first_mut(),
                End::Right => nodes.last_mut(),
            };
            if let Some(edge) = edge {
                trim(edge, end);
            }
        }
        _ => {}
    }
}
