//! The intermediate representation of a parsed `pattern` trait.
//!
//! The parser (`crate::pattern::parse`) turns the source text into this tree with every
//! dialect question already settled: flags such as Java's `(?i)` are expanded into explicit
//! character classes, `\d`/`\w`/`\s` keep their ECMA-262 meaning as [`Perl`] items, Java POSIX
//! classes become ASCII ranges, and quantified look-aheads are normalised away. The emitters in
//! `crate::pattern::translate` print the tree as Rust `regex`, `fancy-regex` or ECMA-262 text, so
//! all three engines see one meaning.

/// A code point. Kept as `u32` rather than `char` because ECMA-262 and Java patterns may name
/// lone surrogates (`\uD800`), which can never occur in a Rust `&str` but must survive a
/// round trip to ECMA-262 text.
pub(crate) type Cp = u32;

/// The last Unicode code point.
pub(crate) const MAX_CP: Cp = 0x10_FFFF;

/// True for the UTF-16 surrogate range, which no Rust string contains.
pub(crate) fn is_surrogate(cp: Cp) -> bool {
    (0xD800..=0xDFFF).contains(&cp)
}

/// One node of the pattern tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Matches the empty string.
    Empty,
    /// One code point, matched exactly.
    Literal(Cp),
    /// `.`: any code point but a line terminator, or any code point at all under Java's `(?s)`.
    Dot { dot_all: bool },
    /// A set of code points.
    Class(Class),
    /// A zero-width assertion.
    Assert(Assertion),
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    Look { behind: bool, negated: bool, node: Box<Node> },
    /// `(…)`, `(?<name>…)` or `(?:…)`; `index` is the 1-based capture number, `None` if not capturing.
    Group { index: Option<u32>, name: Option<String>, node: Box<Node> },
    /// An atomic group `(?>…)` (from a Java possessive quantifier or atomic group).
    Atomic(Box<Node>),
    /// A quantified node; `max == None` means unbounded.
    Repeat { node: Box<Node>, min: u32, max: Option<u32>, greedy: bool },
    /// A back-reference `\N` / `\k<name>`, resolved to a group number.
    Backref(Backref),
    /// A sequence.
    Concat(Vec<Node>),
    /// An alternation.
    Alt(Vec<Node>),
}

/// A back-reference and what the analysis learnt about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backref {
    /// 1-based capture group number.
    pub(crate) index: u32,
    /// True when the group may not have participated when the reference is reached; ECMA-262
    /// then matches the empty string, so the backtracking engine needs a conditional.
    pub(crate) maybe_unset: bool,
}

/// Zero-width assertions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Assertion {
    /// `^` (ECMA-262 without the `m` flag: start of input) and Java's `\A`.
    Start,
    /// `$` (ECMA-262 without the `m` flag: end of input) and Java's `\z`.
    End,
    /// `\b` with ECMA-262's ASCII word characters.
    WordBoundary,
    /// `\B` with ECMA-262's ASCII word characters.
    NotWordBoundary,
}

/// A character class: the union of its items, optionally complemented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Class {
    pub(crate) negated: bool,
    pub(crate) items: Vec<ClassItem>,
}

/// One member of a character class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassItem {
    /// An inclusive code point range (a single character is `Range(c, c)`).
    Range(Cp, Cp),
    /// `\d`, `\w`, `\s` and their negations, with ECMA-262 meaning.
    Perl { kind: Perl, negated: bool },
    /// A Unicode property such as `\p{L}`.
    Prop(Property),
    /// A nested class (Java's union `[a[b]]`, or a negated Java POSIX class).
    Nested(Class),
    /// Java's intersection `[a&&[b]]`: the intersection of all operands.
    Intersect(Vec<Class>),
}

/// The three ECMA-262 class escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Perl {
    /// `\d` = `[0-9]` (ASCII in ECMA-262).
    Digit,
    /// `\w` = `[A-Za-z0-9_]` (ASCII in ECMA-262 without `i`).
    Word,
    /// `\s` = ECMA-262 `WhiteSpace` and `LineTerminator` (Unicode).
    Space,
}

/// A Unicode property escape with both spellings resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Property {
    /// The name as the Rust `regex` crate understands it, e.g. `Letter` or `Script=Greek`.
    pub(crate) rust: String,
    /// The name as ECMA-262 (u-mode) understands it, e.g. `L` or `Script=Greek`.
    pub(crate) ecma: String,
    /// `\P{…}` rather than `\p{…}`.
    pub(crate) negated: bool,
}

/// ECMA-262 `\d` members.
pub(crate) const DIGIT_RANGES: &[(Cp, Cp)] = &[(0x30, 0x39)];
/// ECMA-262 `\w` members.
pub(crate) const WORD_RANGES: &[(Cp, Cp)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// ECMA-262 `\s` members: `WhiteSpace` (TAB, VT, FF, ZWNBSP, Zs) and `LineTerminator` (LF, CR,
/// LS, PS).
pub(crate) const SPACE_RANGES: &[(Cp, Cp)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];
/// ECMA-262 line terminators, which `.` does not match.
pub(crate) const LINE_TERMINATORS: &[(Cp, Cp)] = &[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];

impl Perl {
    /// The code point ranges of the positive class.
    pub(crate) fn ranges(self) -> &'static [(Cp, Cp)] {
        match self {
            Perl::Digit => DIGIT_RANGES,
            Perl::Word => WORD_RANGES,
            Perl::Space => SPACE_RANGES,
        }
    }
}

impl Node {
    /// True if the node (or any descendant) needs a backtracking engine.
    pub(crate) fn needs_backtracking(&self) -> bool {
        match self {
            Node::Look { .. } | Node::Backref(_) | Node::Atomic(_) => true,
            Node::Group { node, .. } | Node::Repeat { node, .. } => node.needs_backtracking(),
            Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().any(Node::needs_backtracking),
            Node::Empty | Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Assert(_) => false,
        }
    }

    /// True if the node matches exactly one code point (a candidate for a counted class).
    pub(crate) fn is_single_char(&self) -> bool {
        matches!(self, Node::Literal(_) | Node::Dot { .. } | Node::Class(_))
    }

    /// True if the node may match the empty string (conservative: `true` when unsure).
    pub(crate) fn is_nullable(&self) -> bool {
        match self {
            Node::Literal(_) | Node::Dot { .. } | Node::Class(_) => false,
            Node::Group { node, .. } | Node::Atomic(node) => node.is_nullable(),
            Node::Repeat { node, min, .. } => *min == 0 || node.is_nullable(),
            Node::Concat(nodes) => nodes.iter().all(Node::is_nullable),
            Node::Alt(nodes) => nodes.iter().any(Node::is_nullable),
            Node::Empty | Node::Assert(_) | Node::Look { .. } | Node::Backref(_) => true,
        }
    }
}
