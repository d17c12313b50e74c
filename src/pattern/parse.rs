//! The `pattern` parser: source text to the tree in `crate::pattern::ast`.
//!
//! A pattern is read twice at most. The first pass is strict ECMA-262 u-mode (the reference for
//! JSON Schema and Smithy). If that fails, the second pass reads the *extended* dialect: u-mode
//! plus the Annex-B and Java forms whose meaning is not in doubt, each recorded as a note:
//!
//! * identity escapes of ASCII punctuation (`\:` `\,` `\_` `\-` `\@` …), read as the character;
//! * `-` after a class escape (`[\w-.]`), read as a literal hyphen;
//! * `]` and `}` outside a class, read as literals;
//! * legacy octal `\0oo` with at most two digits after `\0`;
//! * a quantified look-ahead (`(?!\.)+`), read as the look-ahead itself (or nothing for `{0,…}`);
//! * Java: `\A`, `\z`, `\a`, `\e`, `\x{h…}`, `\pL`, POSIX and `Is…` property names, `(?i)`
//!   (US-ASCII case-insensitive, expanded into classes), `(?s)`, possessive quantifiers and
//!   atomic groups, class union `[a[b]]` and intersection `[a&&[b]]`, stacked `{m}{n}`.
//!
//! Anything valid in u-mode keeps its ECMA-262 meaning in both passes (`\s` is Unicode, `.`
//! stops at line terminators, `\p{Alpha}` is Unicode Alphabetic). What neither pass accepts is
//! "not checkable" and reported as a [`PatternError`].

use crate::pattern::ast::{Assertion, Backref, Class, ClassItem, Cp, MAX_CP, Node, Perl};
use crate::pattern::error::{ErrorKind, PatternError};
use crate::pattern::props::{self, Resolved};

/// Longest pattern accepted, in characters (the longest AWS pattern has 1,195).
pub(crate) const MAX_PATTERN_CHARS: usize = 32 * 1024;
/// Deepest group / class nesting accepted (bounds every recursive walk of the tree).
pub(crate) const MAX_DEPTH: usize = 64;
/// Largest repetition count accepted in `{m,n}`.
pub(crate) const MAX_REPEAT: u32 = 1_000_000;

/// The outcome of a successful parse.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The tree.
    pub(crate) node: Node,
    /// True if the source is valid ECMA-262 u-mode syntax as written.
    pub(crate) strict: bool,
    /// The non-ECMA-262 constructs the extended pass relied on (empty when `strict`).
    pub(crate) notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Extended,
}

/// Parses `source`, strictly first and then in the extended dialect.
pub(crate) fn parse(source: &str) -> Result<Parsed, PatternError> {
    if source.chars().count() > MAX_PATTERN_CHARS {
        return Err(PatternError::new(
            ErrorKind::TooLarge,
            None,
            format!("pattern is longer than {MAX_PATTERN_CHARS} characters"),
        ));
    }
    match Parser::new(source, Mode::Strict).run() {
        Ok(parsed) => Ok(parsed),
        Err(_) => Parser::new(source, Mode::Extended).run(),
    }
}

/// What an escape sequence denotes.
enum Escape {
    Char(Cp),
    Set(Vec<ClassItem>, bool),
    Assert(Assertion),
    Backref(u32),
    NamedRef(String),
}

/// What a group opener denotes.
enum GroupKind {
    Capture(Option<String>),
    NonCapture,
    Look { behind: bool, negated: bool },
    Atomic,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    mode: Mode,
    case_insensitive: bool,
    dot_all: bool,
    depth: usize,
    groups: u32,
    names: Vec<(String, u32)>,
    named_refs: Vec<(String, usize)>,
    numbered_refs: Vec<(u32, usize)>,
    notes: Vec<String>,
}

/// A node plus whether a quantifier may follow it.
struct Term {
    node: Node,
    what: Quantifiable,
}

#[derive(PartialEq, Eq)]
enum Quantifiable {
    Yes,
    /// An assertion; the text is used in the error message.
    Assertion(String),
    /// A look-ahead (quantifiable only under Annex B).
    Lookahead,
    /// A look-behind or an inline flag group.
    No(&'static str),
}

fn syntax_char(c: char) -> bool {
    matches!(c, '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
}

impl Parser {
    fn new(source: &str, mode: Mode) -> Parser {
        Parser {
            chars: source.chars().collect(),
            pos: 0,
            mode,
            case_insensitive: false,
            dot_all: false,
            depth: 0,
            groups: 0,
            names: Vec::new(),
            named_refs: Vec::new(),
            numbered_refs: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn run(mut self) -> Result<Parsed, PatternError> {
        let mut node = self.parse_disjunction()?;
        if let Some(c) = self.peek() {
            // Only `)` can stop the top-level disjunction early.
            return Err(self.syntax(format!("unmatched `{c}`")));
        }
        self.resolve_refs(&mut node)?;
        crate::pattern::analyze::check_backrefs(&mut node)?;
        crate::pattern::analyze::simplify_atomic(&mut node);
        let strict = self.mode == Mode::Strict;
        let mut notes = self.notes;
        notes.dedup();
        Ok(Parsed { node, strict, notes })
    }

    // ----- small helpers -------------------------------------------------------------------

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(offset)).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos = self.pos.saturating_add(1);
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos = self.pos.saturating_add(1);
            true
        } else {
            false
        }
    }

    fn extended(&self) -> bool {
        self.mode == Mode::Extended
    }

    fn syntax(&self, message: String) -> PatternError {
        error_at(ErrorKind::Syntax, self.pos, message)
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Fails in strict mode; records `note` and continues in extended mode.
    fn extension(&mut self, at: usize, note: String) -> Result<(), PatternError> {
        if self.extended() {
            self.note(note);
            Ok(())
        } else {
            Err(error_at(ErrorKind::Syntax, at, format!("not ECMA-262 u-mode: {note}")))
        }
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars.get(from..to).map(|s| s.iter().collect()).unwrap_or_default()
    }

    fn enter(&mut self) -> Result<(), PatternError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(error_at(
                ErrorKind::TooLarge,
                self.pos,
                format!("groups or classes nested deeper than {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A literal, expanded into `[xX]` under Java's `(?i)` (US-ASCII case folding).
    fn literal(&self, cp: Cp) -> Node {
        if self.case_insensitive
            && let Some(other) = swap_ascii_case(cp)
        {
            return Node::Class(Class {
                negated: false,
                items: vec![ClassItem::Range(cp, cp), ClassItem::Range(other, other)],
            });
        }
        Node::Literal(cp)
    }

    // ----- structure -----------------------------------------------------------------------

    fn parse_disjunction(&mut self) -> Result<Node, PatternError> {
        let mut alternatives = vec![self.parse_alternative()?];
        while self.eat('|') {
            alternatives.push(self.parse_alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn parse_alternative(&mut self) -> Result<Node, PatternError> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            if let Some(node) = self.parse_term()? {
                terms.push(node);
            }
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    /// One term with its quantifiers; `None` for a term that vanished (a look-ahead quantified
    /// with `{0,…}` under Annex B, or an inline flag group).
    fn parse_term(&mut self) -> Result<Option<Node>, PatternError> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let term = match c {
            '^' | '$' => {
                self.bump();
                let a = if c == '^' { Assertion::Start } else { Assertion::End };
                Term { node: Node::Assert(a), what: Quantifiable::Assertion(c.to_string()) }
            }
            '(' => self.parse_group()?,
            '.' => {
                self.bump();
                Term { node: Node::Dot { dot_all: self.dot_all }, what: Quantifiable::Yes }
            }
            '[' => {
                let class = self.parse_class()?;
                Term { node: Node::Class(class), what: Quantifiable::Yes }
            }
            '\\' => self.parse_atom_escape()?,
            '*' | '+' | '?' => {
                return Err(self.syntax(format!("nothing to repeat before `{c}`")));
            }
            '{' => {
                if self.try_quantifier()?.is_some() {
                    self.pos = start;
                    return Err(self.syntax("nothing to repeat before `{`".to_owned()));
                }
                return Err(self.syntax("`{` that does not start a quantifier".to_owned()));
            }
            '}' | ']' => {
                self.extension(start, format!("unescaped `{c}` read as a literal"))?;
                self.bump();
                Term { node: Node::Literal(c.into()), what: Quantifiable::Yes }
            }
            _ => {
                self.bump();
                Term { node: self.literal(c.into()), what: Quantifiable::Yes }
            }
        };
        self.parse_quantifiers(term)
    }

    /// Parses `{m}`, `{m,}` or `{m,n}` at the cursor. Returns `None` (cursor unchanged) if the
    /// text is not a quantifier.
    fn try_quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, PatternError> {
        let start = self.pos;
        if !self.eat('{') {
            return Ok(None);
        }
        let Some(min) = self.digits()? else {
            self.pos = start;
            return Ok(None);
        };
        let max = if self.eat(',') {
            match self.digits()? {
                Some(max) => Some(max),
                None if self.peek() == Some('}') => None,
                None => {
                    self.pos = start;
                    return Ok(None);
                }
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            self.pos = start;
            return Ok(None);
        }
        if max.is_some_and(|max| max < min) {
            return Err(error_at(
                ErrorKind::Syntax,
                start,
                "numbers out of order in `{}` quantifier".to_owned(),
            ));
        }
        Ok(Some((min, max)))
    }

    fn digits(&mut self) -> Result<Option<u32>, PatternError> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.bump();
            value = value.saturating_mul(10).saturating_add(u64::from(d));
        }
        if self.pos == start {
            return Ok(None);
        }
        match u32::try_from(value) {
            Ok(v) if v <= MAX_REPEAT => Ok(Some(v)),
            _ => Err(error_at(
                ErrorKind::TooLarge,
                start,
                format!("repetition count larger than {MAX_REPEAT}"),
            )),
        }
    }

    #[allow(clippy::too_many_lines)] // one state machine; splitting it obscures the rules
    fn parse_quantifiers(&mut self, term: Term) -> Result<Option<Node>, PatternError> {
        let mut node = Some(term.node);
        let mut what = term.what;
        let mut count = 0_u32;
        loop {
            let q_start = self.pos;
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.bump();
                    (0, None)
                }
                Some('+') => {
                    self.bump();
                    (1, None)
                }
                Some('?') => {
                    self.bump();
                    (0, Some(1))
                }
                Some('{') => match self.try_quantifier()? {
                    Some(q) => q,
                    None => break,
                },
                _ => break,
            };
            let q_text = self.text(q_start, self.pos);
            if count >= 3 {
                return Err(error_at(
                    ErrorKind::TooLarge,
                    q_start,
                    "more than three stacked quantifiers".to_owned(),
                ));
            }
            if count > 0 {
                // `a{2}{3}`: Java reads a repetition of a repetition; ECMA-262 rejects it.
                if q_text.starts_with('{') {
                    self.extension(q_start, format!("stacked quantifier `{q_text}`"))?;
                } else {
                    return Err(error_at(
                        ErrorKind::Syntax,
                        q_start,
                        format!("nothing to repeat before `{q_text}`"),
                    ));
                }
            }
            count = count.saturating_add(1);
            let greedy = !self.eat('?');
            let possessive = greedy && self.peek() == Some('+');
            if possessive {
                self.extension(self.pos, format!("Java possessive quantifier `{q_text}+`"))?;
                self.bump();
            }
            match &what {
                Quantifiable::Assertion(a) => {
                    return Err(error_at(
                        ErrorKind::Syntax,
                        q_start,
                        format!("quantifier `{q_text}` on `{a}` is not valid ECMA-262 (nothing to repeat)"),
                    ));
                }
                Quantifiable::No(what) => {
                    return Err(error_at(
                        ErrorKind::Syntax,
                        q_start,
                        format!("quantifier `{q_text}` on {what} is not valid"),
                    ));
                }
                Quantifiable::Lookahead => {
                    self.extension(
                        q_start,
                        format!(
                            "quantified look-ahead (Annex B) `…{q_text}` read as {}",
                            if min == 0 { "nothing" } else { "the look-ahead" }
                        ),
                    )?;
                    if min == 0 {
                        node = None;
                    }
                    continue;
                }
                Quantifiable::Yes => {}
            }
            let Some(inner) = node.take() else { break };
            let repeat = Node::Repeat { node: Box::new(inner), min, max, greedy };
            node = Some(if possessive { Node::Atomic(Box::new(repeat)) } else { repeat });
            what = Quantifiable::Yes;
        }
        Ok(node)
    }

    fn parse_group(&mut self) -> Result<Term, PatternError> {
        let open = self.pos;
        self.bump(); // '('
        let kind = if self.eat('?') {
            match self.bump() {
                Some(':') => GroupKind::NonCapture,
                Some('=') => GroupKind::Look { behind: false, negated: false },
                Some('!') => GroupKind::Look { behind: false, negated: true },
                Some('<') if self.eat('=') => GroupKind::Look { behind: true, negated: false },
                Some('<') if self.eat('!') => GroupKind::Look { behind: true, negated: true },
                Some('<') => GroupKind::Capture(Some(self.parse_group_name()?)),
                Some('>') => {
                    self.extension(open, "Java atomic group `(?>…)`".to_owned())?;
                    GroupKind::Atomic
                }
                Some(c) if c == '-' || c.is_ascii_alphabetic() => {
                    self.pos = self.pos.saturating_sub(1);
                    return self.parse_flags(open);
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, open, "invalid group".to_owned()));
                }
            }
        } else {
            GroupKind::Capture(None)
        };
        let index = if let GroupKind::Capture(name) = &kind {
            self.groups = self.groups.saturating_add(1);
            if let Some(name) = name {
                if self.names.iter().any(|(n, _)| n == name) {
                    return Err(self.syntax(format!("duplicate group name `{name}`")));
                }
                self.names.push((name.clone(), self.groups));
            }
            Some(self.groups)
        } else {
            None
        };
        self.enter()?;
        let saved = (self.case_insensitive, self.dot_all);
        let inner = self.parse_disjunction()?;
        (self.case_insensitive, self.dot_all) = saved;
        if !self.eat(')') {
            return Err(error_at(ErrorKind::Syntax, open, "unterminated group".to_owned()));
        }
        self.leave();
        let inner = Box::new(inner);
        Ok(match kind {
            GroupKind::Capture(name) => {
                Term { node: Node::Group { index, name, node: inner }, what: Quantifiable::Yes }
            }
            GroupKind::NonCapture => {
                Term { node: Node::Group { index: None, name: None, node: inner }, what: Quantifiable::Yes }
            }
            GroupKind::Atomic => Term { node: Node::Atomic(inner), what: Quantifiable::Yes },
            GroupKind::Look { behind, negated } => Term {
                node: Node::Look { behind, negated, node: inner },
                what: if behind { Quantifiable::No("a look-behind") } else { Quantifiable::Lookahead },
            },
        })
    }

    /// Java inline flags: `(?i)`, `(?s)`, `(?-i)`, `(?i:…)`.
    fn parse_flags(&mut self, open: usize) -> Result<Term, PatternError> {
        let mut on = true;
        let (mut ci, mut dot_all) = (self.case_insensitive, self.dot_all);
        loop {
            match self.bump() {
                Some('-') if on => on = false,
                Some('i') => ci = on,
                Some('s') => dot_all = on,
                Some(')') => {
                    let text = self.text(open, self.pos);
                    self.extension(open, format!("Java inline flags `{text}`"))?;
                    (self.case_insensitive, self.dot_all) = (ci, dot_all);
                    return Ok(Term { node: Node::Empty, what: Quantifiable::No("an inline flag group") });
                }
                Some(':') => {
                    let text = self.text(open, self.pos);
                    self.extension(open, format!("Java inline flags `{text}…)`"))?;
                    self.enter()?;
                    let saved = (self.case_insensitive, self.dot_all);
                    (self.case_insensitive, self.dot_all) = (ci, dot_all);
                    let inner = self.parse_disjunction()?;
                    (self.case_insensitive, self.dot_all) = saved;
                    if !self.eat(')') {
                        return Err(error_at(ErrorKind::Syntax, open, "unterminated group".to_owned()));
                    }
                    self.leave();
                    return Ok(Term {
                        node: Node::Group { index: None, name: None, node: Box::new(inner) },
                        what: Quantifiable::Yes,
                    });
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    if self.mode == Mode::Strict {
                        return Err(error_at(ErrorKind::Syntax, open, "invalid group".to_owned()));
                    }
                    return Err(error_at(
                        ErrorKind::Unsupported,
                        open,
                        format!("inline flag `{c}` is not supported (only Java's `i` and `s`)"),
                    ));
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, open, "invalid group".to_owned()));
                }
            }
        }
    }

    fn parse_group_name(&mut self) -> Result<String, PatternError> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            match self.bump() {
                Some('>') if !name.is_empty() => return Ok(name),
                Some(c)
                    if c == '$'
                        || c == '_'
                        || c.is_alphabetic()
                        || (!name.is_empty() && c.is_alphanumeric()) =>
                {
                    name.push(c);
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, start, "invalid group name".to_owned()));
                }
            }
        }
    }

    // ----- escapes -------------------------------------------------------------------------

    fn parse_atom_escape(&mut self) -> Result<Term, PatternError> {
        let start = self.pos;
        let escape = self.parse_escape(false)?;
        Ok(match escape {
            Escape::Char(cp) => Term { node: self.literal(cp), what: Quantifiable::Yes },
            Escape::Set(items, negated) => {
                let class = self.close_case(Class { negated, items }, start)?;
                Term { node: Node::Class(class), what: Quantifiable::Yes }
            }
            Escape::Assert(a) => {
                Term { node: Node::Assert(a), what: Quantifiable::Assertion(self.text(start, self.pos)) }
            }
            Escape::Backref(n) => {
                if self.case_insensitive {
                    return Err(error_at(
                        ErrorKind::Unsupported,
                        start,
                        "back-reference under `(?i)` is not supported".to_owned(),
                    ));
                }
                self.numbered_refs.push((n, start));
                Term {
                    node: Node::Backref(Backref { index: n, maybe_unset: false }),
                    what: Quantifiable::Yes,
                }
            }
            Escape::NamedRef(name) => {
                if self.case_insensitive {
                    return Err(error_at(
                        ErrorKind::Unsupported,
                        start,
                        "back-reference under `(?i)` is not supported".to_owned(),
                    ));
                }
                // Resolved to a number once all groups are known (ECMA-262 allows forward
                // references); `u32::MAX - k` marks the k-th pending name.
                let k = u32::try_from(self.named_refs.len()).unwrap_or(u32::MAX);
                self.named_refs.push((name, start));
                Term {
                    node: Node::Backref(Backref { index: u32::MAX - k, maybe_unset: false }),
                    what: Quantifiable::Yes,
                }
            }
        })
    }

    /// Parses an escape after the backslash at the cursor.
    #[allow(clippy::too_many_lines)]
    fn parse_escape(&mut self, in_class: bool) -> Result<Escape, PatternError> {
        let start = self.pos;
        self.bump(); // '\\'
        let Some(c) = self.bump() else {
            return Err(error_at(ErrorKind::Syntax, start, "`\\` at end of pattern".to_owned()));
        };
        let perl =
            |kind: Perl, negated: bool| Escape::Set(vec![ClassItem::Perl { kind, negated: false }], negated);
        Ok(match c {
            'd' => perl(Perl::Digit, false),
            'D' => perl(Perl::Digit, true),
            'w' => perl(Perl::Word, false),
            'W' => perl(Perl::Word, true),
            's' => perl(Perl::Space, false),
            'S' => perl(Perl::Space, true),
            'p' | 'P' => self.parse_property(start, c == 'P')?,
            'b' if in_class => Escape::Char(0x08),
            'b' => Escape::Assert(Assertion::WordBoundary),
            'B' if !in_class => Escape::Assert(Assertion::NotWordBoundary),
            'f' => Escape::Char(0x0C),
            'n' => Escape::Char(0x0A),
            'r' => Escape::Char(0x0D),
            't' => Escape::Char(0x09),
            'v' => Escape::Char(0x0B),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.bump();
                    Escape::Char(u32::from(l) % 32)
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, start, "invalid `\\c` escape".to_owned()));
                }
            },
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Escape::Char(0),
            '0' => self.parse_octal(start)?,
            '1'..='9' if !in_class => {
                self.pos = self.pos.saturating_sub(1);
                let n = self.digits()?.unwrap_or(0);
                Escape::Backref(n)
            }
            'x' => self.parse_hex_escape(start)?,
            'u' => Escape::Char(self.parse_unicode_escape(start)?),
            'k' if !in_class => {
                if !self.eat('<') {
                    return Err(error_at(ErrorKind::Syntax, start, "invalid named reference".to_owned()));
                }
                Escape::NamedRef(self.parse_group_name()?)
            }
            '-' if in_class => Escape::Char('-'.into()),
            c if syntax_char(c) || c == '/' => Escape::Char(c.into()),
            'A' | 'z' if !in_class => {
                self.extension(start, format!("Java anchor `\\{c}`"))?;
                Escape::Assert(if c == 'A' { Assertion::Start } else { Assertion::End })
            }
            'a' | 'e' => {
                self.extension(start, format!("Java escape `\\{c}`"))?;
                Escape::Char(if c == 'a' { 0x07 } else { 0x1B })
            }
            c if c.is_ascii_punctuation() || c == ' ' => {
                self.extension(start, format!("identity escape `\\{c}` read as `{c}`"))?;
                Escape::Char(c.into())
            }
            c => {
                let kind = if c.is_ascii_alphanumeric() && self.extended() {
                    ErrorKind::Unsupported
                } else {
                    ErrorKind::Syntax
                };
                return Err(error_at(kind, start, format!("escape `\\{c}` has no ECMA-262 meaning here")));
            }
        })
    }

    /// `\0` followed by octal digits (Annex B legacy octal and Java agree on up to two digits).
    fn parse_octal(&mut self, start: usize) -> Result<Escape, PatternError> {
        let mut value = 0_u32;
        let mut count = 0_usize;
        while count < 3 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    count += 1;
                    self.bump();
                }
                None => break,
            }
        }
        if count == 0 || count == 3 || self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(error_at(
                ErrorKind::Unsupported,
                start,
                "octal escape whose length Java and ECMA-262 Annex B read differently".to_owned(),
            ));
        }
        let text = self.text(start, self.pos);
        self.extension(start, format!("legacy octal escape `{text}`"))?;
        Ok(Escape::Char(value))
    }

    fn hex_digits(&mut self, count: usize) -> Option<u32> {
        let mut value = 0_u32;
        for i in 0..count {
            let d = self.peek_at(i)?.to_digit(16)?;
            value = value * 16 + d;
        }
        self.pos = self.pos.saturating_add(count);
        Some(value)
    }

    fn braced_hex(&mut self, start: usize) -> Result<Cp, PatternError> {
        // Cursor is after `{`.
        let mut value = 0_u32;
        let mut count = 0_usize;
        loop {
            match self.bump() {
                Some('}') if count > 0 => break,
                Some(c) if c.is_ascii_hexdigit() => {
                    value = value.saturating_mul(16).saturating_add(c.to_digit(16).unwrap_or(0));
                    count += 1;
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, start, "invalid braced escape".to_owned()));
                }
            }
        }
        if value > MAX_CP {
            return Err(error_at(ErrorKind::Syntax, start, "code point above U+10FFFF".to_owned()));
        }
        Ok(value)
    }

    fn parse_hex_escape(&mut self, start: usize) -> Result<Escape, PatternError> {
        if let Some(v) = self.hex_digits(2) {
            return Ok(Escape::Char(v));
        }
        if self.eat('{') {
            let cp = self.braced_hex(start)?;
            self.extension(start, "Java escape `\\x{…}`".to_owned())?;
            return Ok(Escape::Char(cp));
        }
        Err(error_at(ErrorKind::Syntax, start, "invalid `\\x` escape".to_owned()))
    }

    fn parse_unicode_escape(&mut self, start: usize) -> Result<Cp, PatternError> {
        if self.eat('{') {
            return self.braced_hex(start);
        }
        let Some(v) = self.hex_digits(4) else {
            return Err(error_at(ErrorKind::Syntax, start, "invalid `\\u` escape".to_owned()));
        };
        // A lead surrogate followed by `\uTRAIL` is one code point (ECMA-262 u-mode and Java).
        if (0xD800..=0xDBFF).contains(&v) && self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
            let save = self.pos;
            self.pos = self.pos.saturating_add(2);
            match self.hex_digits(4) {
                Some(t) if (0xDC00..=0xDFFF).contains(&t) => {
                    return Ok(0x10000 + ((v - 0xD800) << 10) + (t - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Ok(v)
    }

    fn parse_property(&mut self, start: usize, negated: bool) -> Result<Escape, PatternError> {
        let name: String = if self.eat('{') {
            let mut name = String::new();
            loop {
                match self.bump() {
                    Some('}') => break,
                    Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '=' => name.push(c),
                    _ => {
                        return Err(error_at(ErrorKind::Syntax, start, "invalid property escape".to_owned()));
                    }
                }
            }
            name
        } else {
            match self.bump() {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.extension(start, format!("Java one-letter property `\\p{c}`"))?;
                    c.to_string()
                }
                _ => {
                    return Err(error_at(ErrorKind::Syntax, start, "invalid property escape".to_owned()));
                }
            }
        };
        if let Some(prop) = props::resolve_ecma(&name, negated) {
            return Ok(Escape::Set(vec![ClassItem::Prop(prop)], false));
        }
        let text = self.text(start, self.pos);
        if self.extended() {
            if let Some((resolved, note)) = props::resolve_java(&name, negated) {
                self.note(note);
                return Ok(match resolved {
                    Resolved::Prop(prop) => Escape::Set(vec![ClassItem::Prop(prop)], false),
                    Resolved::Class(class) => Escape::Set(class.items, class.negated),
                });
            }
            return Err(error_at(ErrorKind::Unsupported, start, format!("unknown property `{text}`")));
        }
        Err(error_at(ErrorKind::Syntax, start, format!("unknown property `{text}`")))
    }

    // ----- classes -------------------------------------------------------------------------

    #[allow(clippy::too_many_lines)] // one state machine; splitting it obscures the rules
    fn parse_class(&mut self) -> Result<Class, PatternError> {
        let open = self.pos;
        self.bump(); // '['
        self.enter()?;
        let negated = self.eat('^');
        if self.extended() && self.peek() == Some(']') {
            return Err(error_at(
                ErrorKind::Unsupported,
                open,
                "`[]`/`[^]` (empty class in ECMA-262, a literal `]` in Java)".to_owned(),
            ));
        }
        let mut operands: Vec<Vec<ClassItem>> = Vec::new();
        let mut items: Vec<ClassItem> = Vec::new();
        loop {
            let at = self.pos;
            match self.peek() {
                None => {
                    return Err(error_at(ErrorKind::Syntax, open, "unterminated character class".to_owned()));
                }
                Some(']') => {
                    self.bump();
                    break;
                }
                Some('[') if self.extended() => {
                    self.note("Java nested character class".to_owned());
                    let nested = self.parse_class()?;
                    items.push(ClassItem::Nested(nested));
                    continue;
                }
                Some('&') if self.extended() && self.peek_at(1) == Some('&') => {
                    self.note("Java class intersection `&&`".to_owned());
                    self.pos = self.pos.saturating_add(2);
                    if items.is_empty() {
                        return Err(error_at(ErrorKind::Unsupported, at, "empty operand of `&&`".to_owned()));
                    }
                    operands.push(std::mem::take(&mut items));
                    continue;
                }
                Some(_) => {}
            }
            let first = self.class_atom()?;
            let dash_range = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            if !dash_range {
                push_atom(&mut items, first);
                continue;
            }
            let dash = self.pos;
            self.bump(); // '-'
            if self.extended() && self.peek() == Some('[') {
                // Java `[a-[b]]`: not a range.
                return Err(error_at(ErrorKind::Unsupported, dash, "`-[` in a class".to_owned()));
            }
            let second = self.class_atom()?;
            match (first, second) {
                (ClassAtom::Char(lo), ClassAtom::Char(hi)) => {
                    if lo > hi {
                        return Err(error_at(
                            ErrorKind::Syntax,
                            at,
                            "range out of order in character class".to_owned(),
                        ));
                    }
                    items.push(ClassItem::Range(lo, hi));
                }
                (first, second) => {
                    self.extension(dash, "`-` next to a class escape read as a literal hyphen".to_owned())?;
                    push_atom(&mut items, first);
                    items.push(ClassItem::Range('-'.into(), '-'.into()));
                    push_atom(&mut items, second);
                }
            }
        }
        self.leave();
        let class = if operands.is_empty() {
            Class { negated, items }
        } else {
            if items.is_empty() {
                return Err(error_at(ErrorKind::Unsupported, open, "empty operand of `&&`".to_owned()));
            }
            operands.push(items);
            let classes = operands.into_iter().map(|items| Class { negated: false, items }).collect();
            Class { negated, items: vec![ClassItem::Intersect(classes)] }
        };
        if class.negated
            && class.items.iter().any(|i| matches!(i, ClassItem::Nested(_) | ClassItem::Intersect(_)))
        {
            return Err(error_at(
                ErrorKind::Unsupported,
                open,
                "negated class with nested classes (Java versions disagree on its meaning)".to_owned(),
            ));
        }
        self.close_case(class, open)
    }

    fn class_atom(&mut self) -> Result<ClassAtom, PatternError> {
        match self.peek() {
            Some('\\') => {
                let start = self.pos;
                match self.parse_escape(true)? {
                    Escape::Char(cp) => Ok(ClassAtom::Char(cp)),
                    Escape::Set(items, negated) => Ok(ClassAtom::Set(items, negated)),
                    Escape::Assert(_) | Escape::Backref(_) | Escape::NamedRef(_) => Err(error_at(
                        ErrorKind::Syntax,
                        start,
                        "escape not allowed in a character class".to_owned(),
                    )),
                }
            }
            Some(c) => {
                self.bump();
                Ok(ClassAtom::Char(c.into()))
            }
            None => Err(self.syntax("unterminated character class".to_owned())),
        }
    }

    /// Applies Java's `(?i)` (US-ASCII case folding) to a class.
    fn close_case(&self, mut class: Class, at: usize) -> Result<Class, PatternError> {
        if !self.case_insensitive {
            return Ok(class);
        }
        let mut extra = Vec::new();
        for item in &class.items {
            match item {
                ClassItem::Range(lo, hi) => {
                    for (a, z, delta_up) in [(0x61_u32, 0x7A_u32, true), (0x41, 0x5A, false)] {
                        let (l, h) = ((*lo).max(a), (*hi).min(z));
                        if l <= h {
                            let (l2, h2) = if delta_up { (l - 0x20, h - 0x20) } else { (l + 0x20, h + 0x20) };
                            extra.push(ClassItem::Range(l2, h2));
                        }
                    }
                }
                ClassItem::Perl { .. } => {}
                ClassItem::Prop(_) | ClassItem::Nested(_) | ClassItem::Intersect(_) => {
                    return Err(error_at(
                        ErrorKind::Unsupported,
                        at,
                        "property or nested class under `(?i)` is not supported".to_owned(),
                    ));
                }
            }
        }
        class.items.extend(extra);
        Ok(class)
    }

    // ----- back-references -----------------------------------------------------------------

    fn resolve_refs(&self, node: &mut Node) -> Result<(), PatternError> {
        for &(n, at) in &self.numbered_refs {
            if n == 0 || n > self.groups {
                let kind = if self.extended() { ErrorKind::Unsupported } else { ErrorKind::Syntax };
                return Err(error_at(
                    kind,
                    at,
                    format!("`\\{n}` refers to no group (only {} in the pattern)", self.groups),
                ));
            }
        }
        let mut indexes = Vec::with_capacity(self.named_refs.len());
        for (name, at) in &self.named_refs {
            match self.names.iter().find(|(n, _)| n == name) {
                Some((_, index)) => indexes.push(*index),
                None => {
                    return Err(error_at(ErrorKind::Syntax, *at, format!("no group named `{name}`")));
                }
            }
        }
        if !indexes.is_empty() {
            fix_named(node, &indexes);
        }
        Ok(())
    }
}

fn error_at(kind: ErrorKind, at: usize, message: String) -> PatternError {
    PatternError::new(kind, Some(at), message)
}

/// A class member before ranges are formed.
enum ClassAtom {
    Char(Cp),
    Set(Vec<ClassItem>, bool),
}

fn push_atom(items: &mut Vec<ClassItem>, atom: ClassAtom) {
    match atom {
        ClassAtom::Char(cp) => items.push(ClassItem::Range(cp, cp)),
        ClassAtom::Set(set, false) => items.extend(set),
        ClassAtom::Set(set, true) => {
            // `\D`, `\W`, `\S` and negated POSIX classes inside a class.
            if let [ClassItem::Perl { kind, negated: false }] = set.as_slice() {
                items.push(ClassItem::Perl { kind: *kind, negated: true });
            } else {
                items.push(ClassItem::Nested(Class { negated: true, items: set }));
            }
        }
    }
}

fn swap_ascii_case(cp: Cp) -> Option<Cp> {
    let c = char::from_u32(cp)?;
    if c.is_ascii_lowercase() {
        Some(u32::from(c.to_ascii_uppercase()))
    } else if c.is_ascii_uppercase() {
        Some(u32::from(c.to_ascii_lowercase()))
    } else {
        None
    }
}

fn fix_named(node: &mut Node, indexes: &[u32]) {
    match node {
        Node::Backref(b) if b.index > u32::MAX / 2 => {
            let k = usize::try_from(u32::MAX - b.index).unwrap_or(usize::MAX);
            if let Some(index) = indexes.get(k) {
                b.index = *index;
            }
        }
        Node::Look { node, .. }
        | Node::Group { node, .. }
        | Node::Atomic(node)
        | Node::Repeat { node, .. } => fix_named(node, indexes),
        Node::Concat(nodes) | Node::Alt(nodes) => {
            for n in nodes.iter_mut() {
                fix_named(n, indexes);
            }
        }
        _ => {}
    }
}
