//! Printers for the pattern tree: Rust `regex` syntax, `fancy-regex` syntax and ECMA-262
//! u-mode syntax, plus the code-point sets of single-character nodes.
//!
//! Every literal is printed as `\x{…}` (Rust) or `\u{…}` (ECMA-262) unless it is plainly safe, and
//! every ECMA-262 class escape is printed with its ECMA-262 members spelled out for Rust, because
//! the Rust engines give `\d`, `\w`, `\s`, `\b` and `.` Unicode (or different) meanings.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use regex_syntax::hir::{Class as HirClass, ClassUnicode, ClassUnicodeRange, HirKind};

use crate::pattern::ast::{
    Assertion, Class, ClassItem, Cp, LINE_TERMINATORS, MAX_CP, Node, WORD_RANGES, is_surrogate,
};

/// Which Rust engine the text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The `regex` crate (no look-around, no back-references).
    Regex,
    /// The `fancy-regex` crate.
    Fancy,
}

const NEVER: &str = r"[^\x{0}-\x{10FFFF}]";
const ANY: &str = r"[\x{0}-\x{10FFFF}]";

/// Prints `node` for a Rust engine. Only groups that a back-reference names stay capturing
/// (renumbered in order): captures are never read, and `fancy-regex` can hand a look-around
/// without captures to its linear sub-engine whole, which is an order of magnitude faster.
pub(crate) fn to_rust(node: &Node, target: Target) -> String {
    let mut referenced = BTreeSet::new();
    collect_backrefs(node, &mut referenced);
    let ctx = Ctx { target, captures: referenced.into_iter().zip(1_u32..).collect() };
    let mut out = String::new();
    rust_node(node, &ctx, &mut out);
    out
}

/// How to print for a Rust engine.
struct Ctx {
    target: Target,
    /// Input group number -> output group number, for groups that stay capturing.
    captures: BTreeMap<u32, u32>,
}

fn collect_backrefs(node: &Node, out: &mut BTreeSet<u32>) {
    match node {
        Node::Backref(b) => {
            out.insert(b.index);
        }
        Node::Look { node, .. }
        | Node::Group { node, .. }
        | Node::Atomic(node)
        | Node::Repeat { node, .. } => {
            collect_backrefs(node, out);
        }
        Node::Concat(nodes) | Node::Alt(nodes) => {
            for n in nodes {
                collect_backrefs(n, out);
            }
        }
        _ => {}
    }
}

fn rust_cp(cp: Cp, out: &mut String) {
    match char::from_u32(cp) {
        Some(c) if c.is_ascii_alphanumeric() => out.push(c),
        _ => {
            let _ = write!(out, "\\x{{{cp:X}}}");
        }
    }
}

/// Ranges with the surrogate block cut out (no Rust string contains surrogates).
fn scalar_ranges(lo: Cp, hi: Cp) -> impl Iterator<Item = (Cp, Cp)> {
    let below = (lo < 0xD800).then(|| (lo, hi.min(0xD7FF)));
    let above = (hi > 0xDFFF).then(|| (lo.max(0xE000), hi));
    below.into_iter().chain(above).filter(|(l, h)| l <= h && *h <= MAX_CP)
}

fn rust_ranges(ranges: &[(Cp, Cp)], out: &mut String) {
    for &(lo, hi) in ranges {
        for (l, h) in scalar_ranges(lo, hi) {
            rust_cp(l, out);
            if h != l {
                out.push('-');
                rust_cp(h, out);
            }
        }
    }
}

/// Prints a class; an empty class becomes a never-matching (or always-matching) class.
fn rust_class(class: &Class, out: &mut String) {
    let mut body = String::new();
    for item in &class.items {
        match item {
            ClassItem::Range(lo, hi) => rust_ranges(&[(*lo, *hi)], &mut body),
            ClassItem::Perl { kind, negated } => {
                if *negated {
                    body.push_str("[^");
                    rust_ranges(kind.ranges(), &mut body);
                    body.push(']');
                } else {
                    rust_ranges(kind.ranges(), &mut body);
                }
            }
            ClassItem::Prop(p) => {
                let _ = write!(body, "\\{}{{{}}}", if p.negated { 'P' } else { 'p' }, p.rust);
            }
            ClassItem::Nested(nested) => rust_class(nested, &mut body),
            ClassItem::Intersect(operands) => {
                body.push('[');
                for (i, operand) in operands.iter().enumerate() {
                    if i > 0 {
                        body.push_str("&&");
                    }
                    rust_class(operand, &mut body);
                }
                body.push(']');
            }
        }
    }
    if body.is_empty() {
        out.push_str(if class.negated { ANY } else { NEVER });
    } else {
        out.push('[');
        if class.negated {
            out.push('^');
        }
        out.push_str(&body);
        out.push(']');
    }
}

/// Word characters as a Rust class, for spelling out `\b` with look-around.
fn word_class() -> String {
    let mut s = String::from("[");
    rust_ranges(WORD_RANGES, &mut s);
    s.push(']');
    s
}

fn rust_node(node: &Node, ctx: &Ctx, out: &mut String) {
    match node {
        Node::Empty => out.push_str("(?:)"),
        Node::Literal(cp) => {
            if is_surrogate(*cp) {
                out.push_str(NEVER);
            } else {
                rust_cp(*cp, out);
            }
        }
        Node::Dot { dot_all: true } => out.push_str(ANY),
        Node::Dot { dot_all: false } => {
            out.push_str("[^");
            rust_ranges(LINE_TERMINATORS, out);
            out.push(']');
        }
        Node::Class(class) => rust_class(class, out),
        Node::Assert(a) => match (a, ctx.target) {
            (Assertion::Start, _) => out.push('^'),
            (Assertion::End, _) => out.push('$'),
            (Assertion::WordBoundary, Target::Regex) => out.push_str(r"(?-u:\b)"),
            (Assertion::NotWordBoundary, Target::Regex) => out.push_str(r"(?-u:\B)"),
            (Assertion::WordBoundary, Target::Fancy) => {
                let w = word_class();
                let _ = write!(out, "(?:(?<={w})(?!{w})|(?<!{w})(?={w}))");
            }
            (Assertion::NotWordBoundary, Target::Fancy) => {
                let w = word_class();
                let _ = write!(out, "(?:(?<={w})(?={w})|(?<!{w})(?!{w}))");
            }
        },
        Node::Look { behind, negated, node } => {
            out.push_str(match (behind, negated) {
                (false, false) => "(?=",
                (false, true) => "(?!",
                (true, false) => "(?<=",
                (true, true) => "(?<!",
            });
            rust_node(node, ctx, out);
            out.push(')');
        }
        Node::Group { index, node, .. } => {
            let capturing = index.is_some_and(|i| ctx.captures.contains_key(&i));
            out.push_str(if capturing { "(" } else { "(?:" });
            rust_node(node, ctx, out);
            out.push(')');
        }
        Node::Atomic(node) => {
            out.push_str("(?>");
            rust_node(node, ctx, out);
            out.push(')');
        }
        Node::Repeat { node, min, max, greedy } => {
            if is_unit(node) {
                rust_node(node, ctx, out);
            } else {
                out.push_str("(?:");
                rust_node(node, ctx, out);
                out.push(')');
            }
            quantifier(*min, *max, *greedy, out);
        }
        Node::Backref(b) => {
            let n = ctx.captures.get(&b.index).copied().unwrap_or(b.index);
            if b.maybe_unset {
                // ECMA-262: a reference to a group that did not participate matches "".
                let _ = write!(out, "(?({n})\\{n}|)");
            } else {
                let _ = write!(out, "(?:\\{n})");
            }
        }
        Node::Concat(nodes) => {
            for n in nodes {
                if matches!(n, Node::Alt(_)) {
                    out.push_str("(?:");
                    rust_node(n, ctx, out);
                    out.push(')');
                } else {
                    rust_node(n, ctx, out);
                }
            }
        }
        Node::Alt(nodes) => {
            for (i, n) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                if !matches!(n, Node::Empty) {
                    rust_node(n, ctx, out);
                }
            }
        }
    }
}

/// True if the printed node can take a quantifier without a wrapping group.
fn is_unit(node: &Node) -> bool {
    matches!(node, Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Group { .. })
}

fn quantifier(min: u32, max: Option<u32>, greedy: bool, out: &mut String) {
    match (min, max) {
        (0, None) => out.push('*'),
        (1, None) => out.push('+'),
        (0, Some(1)) => out.push('?'),
        (m, None) => {
            let _ = write!(out, "{{{m},}}");
        }
        (m, Some(n)) if m == n => {
            let _ = write!(out, "{{{m}}}");
        }
        (m, Some(n)) => {
            let _ = write!(out, "{{{m},{n}}}");
        }
    }
    if !greedy {
        out.push('?');
    }
}

// ----- code point sets ---------------------------------------------------------------------

/// The set of code points a single-character node (literal, `.`, class) matches, computed with
/// `regex-syntax`'s Unicode tables (the same tables the `regex` engine uses).
pub(crate) fn node_set(node: &Node) -> Option<ClassUnicode> {
    let text = match node {
        Node::Literal(_) | Node::Dot { .. } | Node::Class(_) => to_rust(node, Target::Regex),
        _ => return None,
    };
    let hir = regex_syntax::ParserBuilder::new().build().parse(&text).ok()?;
    match hir.kind() {
        HirKind::Class(HirClass::Unicode(class)) => Some(class.clone()),
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
            Some(ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
        }
        _ => None,
    }
}

/// The set a class matches.
fn class_set(class: &Class) -> Option<ClassUnicode> {
    node_set(&Node::Class(class.clone()))
}

// ----- ECMA-262 ----------------------------------------------------------------------------

/// Prints `node` as ECMA-262 u-mode text with the same meaning.
pub(crate) fn to_ecma(node: &Node) -> Option<String> {
    let mut numbering = Numbering::default();
    numbering.scan(node);
    let mut out = String::new();
    let mut printer = EcmaPrinter { numbering, next_atomic: 0 };
    printer.node(node, &mut out)?;
    Some(out)
}

/// Group numbers in the ECMA-262 output, where every atomic group adds a capture.
#[derive(Default)]
struct Numbering {
    /// `map[i]` is the output number of input group `i + 1`.
    map: Vec<u32>,
    /// Output numbers of the atomic groups' captures, in order.
    atomic: Vec<u32>,
    next: u32,
}

impl Numbering {
    fn scan(&mut self, node: &Node) {
        match node {
            Node::Group { index: Some(i), node, .. } => {
                self.next = self.next.saturating_add(1);
                let slot = usize::try_from(*i).unwrap_or(0).saturating_sub(1);
                if self.map.len() <= slot {
                    self.map.resize(slot.saturating_add(1), 0);
                }
                if let Some(s) = self.map.get_mut(slot) {
                    *s = self.next;
                }
                self.scan(node);
            }
            Node::Atomic(node) => {
                self.next = self.next.saturating_add(1);
                self.atomic.push(self.next);
                self.scan(node);
            }
            Node::Group { node, .. } | Node::Look { node, .. } | Node::Repeat { node, .. } => {
                self.scan(node);
            }
            Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().for_each(|n| self.scan(n)),
            _ => {}
        }
    }
}

struct EcmaPrinter {
    numbering: Numbering,
    next_atomic: usize,
}

fn ecma_cp(cp: Cp, in_class: bool, out: &mut String) {
    match char::from_u32(cp) {
        Some(c) if c.is_ascii_graphic() || c == ' ' => {
            let escape = if in_class {
                matches!(c, '\\' | ']' | '[' | '-' | '^')
            } else {
                matches!(
                    c,
                    '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/'
                )
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        _ => {
            let _ = write!(out, "\\u{{{cp:X}}}");
        }
    }
}

fn ecma_range(lo: Cp, hi: Cp, out: &mut String) {
    ecma_cp(lo, true, out);
    if hi != lo {
        out.push('-');
        ecma_cp(hi, true, out);
    }
}

/// True if the class can be printed item by item (no negated nesting, no intersection).
fn plain_items(class: &Class) -> bool {
    class.items.iter().all(|item| match item {
        ClassItem::Nested(nested) => !nested.negated && plain_items(nested),
        ClassItem::Intersect(_) => false,
        _ => true,
    })
}

fn ecma_items(class: &Class, out: &mut String) {
    for item in &class.items {
        match item {
            ClassItem::Range(lo, hi) => ecma_range(*lo, *hi, out),
            ClassItem::Perl { kind, negated } => {
                let c = match kind {
                    crate::pattern::ast::Perl::Digit => 'd',
                    crate::pattern::ast::Perl::Word => 'w',
                    crate::pattern::ast::Perl::Space => 's',
                };
                out.push('\\');
                out.push(if *negated { c.to_ascii_uppercase() } else { c });
            }
            ClassItem::Prop(p) => {
                let _ = write!(out, "\\{}{{{}}}", if p.negated { 'P' } else { 'p' }, p.ecma);
            }
            ClassItem::Nested(nested) => ecma_items(nested, out),
            ClassItem::Intersect(_) => {}
        }
    }
}

fn ecma_class(class: &Class, out: &mut String) -> Option<()> {
    // A lone class escape prints bare: `\d`, `\S`, `\p{L}`.
    if let [item @ (ClassItem::Perl { negated: false, .. } | ClassItem::Prop(_))] = class.items.as_slice() {
        let mut escape = String::new();
        let single = Class { negated: false, items: vec![item.clone()] };
        ecma_items(&single, &mut escape);
        if class.negated {
            // `\d` -> `\D`, `\p{L}` -> `\P{L}`.
            let mut chars: Vec<char> = escape.chars().collect();
            if let Some(c) = chars.get_mut(1) {
                *c = if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            }
            escape = chars.into_iter().collect();
        }
        out.push_str(&escape);
        return Some(());
    }
    if plain_items(class) {
        out.push('[');
        if class.negated {
            out.push('^');
        }
        ecma_items(class, out);
        out.push(']');
        return Some(());
    }
    // Java union with a negated member, or intersection: spell the set out.
    let set = class_set(class)?;
    out.push('[');
    for r in set.ranges() {
        ecma_range(r.start().into(), r.end().into(), out);
    }
    out.push(']');
    Some(())
}

impl EcmaPrinter {
    fn node(&mut self, node: &Node, out: &mut String) -> Option<()> {
        match node {
            Node::Empty => {}
            Node::Literal(cp) => ecma_cp(*cp, false, out),
            Node::Dot { dot_all: false } => out.push('.'),
            Node::Dot { dot_all: true } => out.push_str(r"[\s\S]"),
            Node::Class(class) => ecma_class(class, out)?,
            Node::Assert(a) => out.push_str(match a {
                Assertion::Start => "^",
                Assertion::End => "$",
                Assertion::WordBoundary => r"\b",
                Assertion::NotWordBoundary => r"\B",
            }),
            Node::Look { behind, negated, node } => {
                out.push_str(match (behind, negated) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                self.node(node, out)?;
                out.push(')');
            }
            Node::Group { index: Some(_), name, node } => {
                match name {
                    Some(name) => {
                        let _ = write!(out, "(?<{name}>");
                    }
                    None => out.push('('),
                }
                self.node(node, out)?;
                out.push(')');
            }
            Node::Group { index: None, node, .. } => {
                out.push_str("(?:");
                self.node(node, out)?;
                out.push(')');
            }
            Node::Atomic(node) => {
                // ECMA-262 look-aheads are atomic: (?>X) == (?=(X))\k.
                let k = *self.numbering.atomic.get(self.next_atomic)?;
                self.next_atomic = self.next_atomic.saturating_add(1);
                out.push_str("(?:(?=(");
                self.node(node, out)?;
                let _ = write!(out, "))\\{k})");
            }
            Node::Repeat { node, min, max, greedy } => {
                if is_unit(node) {
                    self.node(node, out)?;
                } else {
                    out.push_str("(?:");
                    self.node(node, out)?;
                    out.push(')');
                }
                quantifier(*min, *max, *greedy, out);
            }
            Node::Backref(b) => {
                let slot = usize::try_from(b.index).ok()?.checked_sub(1)?;
                let k = *self.numbering.map.get(slot)?;
                let _ = write!(out, "(?:\\{k})");
            }
            Node::Concat(nodes) => {
                for n in nodes {
                    if matches!(n, Node::Alt(_)) {
                        out.push_str("(?:");
                        self.node(n, out)?;
                        out.push(')');
                    } else {
                        self.node(n, out)?;
                    }
                }
            }
            Node::Alt(nodes) => {
                for (i, n) in nodes.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    self.node(n, out)?;
                }
            }
        }
        Some(())
    }
}
