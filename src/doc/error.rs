//! Problems found while reading a document, and the limits that bound the work.
//!
//! A [`Problem`] is a finding about the *input* (bad syntax, a duplicate key, a
//! limit hit), not an operational failure: it always has a [`Span`] into the
//! source so it can be shown as `file:line:column`. The parsers return fatal
//! problems as `Err` and the others in a `Vec` beside the finished document;
//! [`ProblemKind::is_fatal`] says which is which.

use crate::doc::span::Span;

/// What kind of problem a [`Problem`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not valid JSON or YAML. Always fatal.
    Syntax,
    /// The bytes are not UTF-8 text (invalid UTF-8, or a UTF-16/UTF-32 file).
    /// Always fatal.
    Encoding,
    /// A safety limit of [`Limits`] was exceeded (size, depth, node count,
    /// alias expansion). Always fatal.
    Limit,
    /// A mapping key occurs twice. Reported at the second key; `first` is the
    /// span of the first occurrence. The **last** value is kept (see the module
    /// documentation of [`crate::doc`]). Not fatal.
    DuplicateKey {
        /// Span of the first occurrence of the key.
        first: Span,
        /// Span of the occurrence just before this one, whose value this
        /// one replaces (the first, unless the key occurs three times or
        /// more): what a fix removes.
        previous: Span,
        /// Span of the value that the repeated key replaced (masked, like
        /// the kept value, when the member is sensitive).
        replaced: Span,
        /// The key as the document reads it (quotes and escapes resolved).
        key: Box<str>,
    },
    /// YAML: a tag that the AWS CLI's loader does not know (`!foo`, `!!set`),
    /// or a collection tag on the wrong kind of node (`!!seq {a: 1}`). The node
    /// is kept as if it had no tag. Not fatal.
    Tag,
    /// YAML: a scalar that the AWS CLI's loader would fail to construct, such
    /// as `!!binary` text that is not base64, `!!int abc`, an impossible date
    /// like `2020-02-30`, or a plain `=` or `<<` used as a value. The node is
    /// kept as a string. Not fatal.
    Value,
    /// YAML: a construct that the document tree cannot represent or that the
    /// AWS CLI rejects: a collection used as a mapping key (the entry is
    /// dropped), a second document (ignored), a merge key whose value is not a
    /// mapping (ignored). Not fatal.
    Unsupported,
    /// More non-fatal problems than [`MAX_PROBLEMS`]: the rest were counted,
    /// not kept. The last problem of the list. Not fatal.
    Truncated {
        /// How many problems were not kept.
        dropped: usize,
    },
}

/// Non-fatal problems kept per document; a document of a million duplicate
/// keys must not cost a million messages.
pub const MAX_PROBLEMS: usize = 1000;

/// Collects non-fatal problems up to [`MAX_PROBLEMS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct ProblemSink {
    list: Vec<Problem>,
    dropped: usize,
}

impl ProblemSink {
    /// Keeps `problem`, or counts it once the list is full.
    pub(crate) fn push(&mut self, problem: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// The problems, ending with a [`ProblemKind::Truncated`] one when some
    /// were dropped.
    pub(crate) fn finish(mut self) -> Vec<Problem> {
        if self.dropped > 0 {
            let span = self.list.last().map_or(Span::empty(0), |p| p.span);
            let message = format!("{} more problems not shown", self.dropped);
            self.list.push(Problem::new(ProblemKind::Truncated { dropped: self.dropped }, span, message));
        }
        self.list
    }
}

impl ProblemKind {
    /// Whether a problem of this kind stops parsing (it is then returned as
    /// `Err` and there is no document).
    #[must_use]
    pub const fn is_fatal(&self) -> bool {
        matches!(self, Self::Syntax | Self::Encoding | Self::Limit)
    }

    /// A short stable name, usable as a diagnostic code suffix.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Encoding => "encoding",
            Self::Limit => "limit",
            Self::DuplicateKey { .. } => "duplicate-key",
            Self::Tag => "tag",
            Self::Value => "value",
            Self::Unsupported => "unsupported",
            Self::Truncated { .. } => "truncated",
        }
    }
}

/// A finding about the input document, with the span it refers to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Problem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// Where: byte offsets into the source text.
    pub span: Span,
    /// A plain-English message without position (the caller adds
    /// `file:line:column`).
    pub message: String,
    /// The message without the document text it quotes, when it quotes
    /// any: see [`Problem::redacted_message`].
    pub redacted: Option<String>,
}

impl Problem {
    /// Creates a problem.
    #[must_use]
    pub fn new(kind: ProblemKind, span: Span, message: impl Into<String>) -> Self {
        Self { kind, span, message: message.into(), redacted: None }
    }

    /// This problem, saying `redacted` instead of its message where the
    /// document text it quotes may be a secret.
    #[must_use]
    pub fn with_redacted(mut self, redacted: impl Into<String>) -> Self {
        self.redacted = Some(redacted.into());
        self
    }

    /// The message without any text of the document: where a problem lies
    /// in (or, for a syntax error, may lie in) a sensitive value, the report
    /// says where, not what.
    #[must_use]
    pub fn redacted_message(&self) -> &str {
        match (&self.redacted, &self.kind) {
            (Some(redacted), _) => redacted,
            (None, ProblemKind::Value) => {
                "this value cannot be loaded as its form or tag says (value not shown)"
            }
            (None, _) => &self.message,
        }
    }

    /// A [`ProblemKind::Syntax`] problem.
    #[must_use]
    pub fn syntax(span: Span, message: impl Into<String>) -> Self {
        Self::new(ProblemKind::Syntax, span, message)
    }

    /// A [`ProblemKind::Limit`] problem.
    #[must_use]
    pub fn limit(span: Span, message: impl Into<String>) -> Self {
        Self::new(ProblemKind::Limit, span, message)
    }
}

/// Safety limits for one parse. Every limit is checked while parsing, so a
/// hostile input stops early with a [`ProblemKind::Limit`] problem instead of
/// exhausting memory, time or the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input in bytes (default 64 MiB: AWS request
    /// documents are far smaller, and a 20 MB string still fits). Values above
    /// 2 GiB are treated as 2 GiB less a byte: spans are `u32`, and the tree
    /// keeps a flag in the top bit of a string's offset.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays/objects (default 128, like
    /// `serde_json`); the root container is at depth 1. Alias expansion counts
    /// too: an alias may not make the tree deeper than this. Keep it below a
    /// few thousand: `serde_json::Value` (the result of `Document::to_json`)
    /// drops recursively.
    pub max_depth: usize,
    /// Most nodes (values, not keys) in the finished tree, copies made for
    /// aliases included (default 2 000 000: a million-item list fits).
    pub max_nodes: usize,
    /// Most nodes that YAML alias resolution may copy, summed over all aliases
    /// (default 100 000). This is what stops a "billion laughs" document.
    pub max_alias_expansion: usize,
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Self = Self {
        max_bytes: 64 * 1024 * 1024,
        max_depth: 128,
        max_nodes: 2_000_000,
        max_alias_expansion: 100_000,
    };

    /// `max_bytes` as it is enforced (never more than 2 GiB less a byte).
    pub(crate) fn effective_max_bytes(&self) -> usize {
        let cap = usize::try_from(i32::MAX).unwrap_or(usize::MAX);
        self.max_bytes.min(cap)
    }

    /// Checks the size of the input; the error spans the bytes past the limit.
    pub(crate) fn check_size(&self, len: usize) -> Result<(), Problem> {
        let max = self.effective_max_bytes();
        if len > max {
            let start = u32::try_from(max).unwrap_or(u32::MAX);
            let end = u32::try_from(len).unwrap_or(u32::MAX);
            return Err(Problem::limit(
                Span::new(start, end),
                format!("document is {len} bytes, more than the limit of {max} bytes"),
            ));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;

    #[test]
    fn fatal_kinds() {
        assert!(ProblemKind::Syntax.is_fatal());
        assert!(ProblemKind::Encoding.is_fatal());
        assert!(ProblemKind::Limit.is_fatal());
        assert!(
            !ProblemKind::DuplicateKey {
                first: Span::empty(0),
                previous: Span::empty(0),
                replaced: Span::empty(0),
                key: "k".into()
            }
            .is_fatal()
        );
        assert!(!ProblemKind::Tag.is_fatal());
        assert!(!ProblemKind::Value.is_fatal());
        assert!(!ProblemKind::Unsupported.is_fatal());
    }

    #[test]
    fn display_is_message() {
        let p = Problem::syntax(Span::new(1, 2), "expected ':'");
        assert_eq!(p.to_string(), "expected ':'");
    }

    #[test]
    fn size_limit() {
        let limits = Limits { max_bytes: 10, ..Limits::default() };
        assert!(limits.check_size(10).is_ok());
        let p = limits.check_size(11).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Limit);
        assert_eq!(p.span, Span::new(10, 11));
    }
}
