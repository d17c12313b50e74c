//! Findings about a request document, as plain data.
//!
//! A [`Diagnostic`] says what is wrong ([`Code`]), how bad it is
//! ([`Severity`]), where (a byte [`Span`] into the document and an RFC 6901
//! pointer) and why (a message that never contains the value of a
//! `sensitive` member). Rendering — text, JSON, SARIF, GitHub annotations —
//! is done elsewhere, from this data alone.

use serde::Serialize;

use crate::doc::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information about the report itself (`too-many-findings`); never
    /// fails a run.
    Note,
    /// Reported, but the document counts as valid.
    Warning,
    /// The document is invalid.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What kind of finding it is: the codes of the command-line contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Not well-formed JSON/YAML, empty, or not an object at the top.
    Syntax,
    /// A key that appears twice in one object.
    DuplicateKey,
    /// A required member is missing.
    Required,
    /// A member the shape does not have.
    Unknown,
    /// The wrong JSON type.
    Type,
    /// A string outside the shape's enum.
    Enum,
    /// A string or blob shorter than `min` or longer than `max`.
    Length,
    /// A list or map with too few or too many entries.
    Items,
    /// A number outside `min`/`max` or outside its type.
    Range,
    /// A string that does not match the shape's pattern.
    Pattern,
    /// The operation cannot be told for a file.
    Operation,
    /// A union structure with other than exactly one member set.
    Union,
    /// A pattern that cannot be checked (not valid ECMA-262, too large, or
    /// too costly for the value); reported as a warning.
    PatternUnchecked,
    /// A note: the file has more findings than are kept per file; the rest
    /// are counted in its message (and still decide the exit status).
    TooManyFindings,
}

impl Code {
    /// Every code, in the contract's order.
    pub const ALL: [Code; 14] = [
        Code::Syntax,
        Code::DuplicateKey,
        Code::Required,
        Code::Unknown,
        Code::Type,
        Code::Enum,
        Code::Length,
        Code::Items,
        Code::Range,
        Code::Pattern,
        Code::Operation,
        Code::Union,
        Code::PatternUnchecked,
        Code::TooManyFindings,
    ];

    /// The code as written in reports (`duplicate-key`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::DuplicateKey => "duplicate-key",
            Code::Required => "required",
            Code::Unknown => "unknown",
            Code::Type => "type",
            Code::Enum => "enum",
            Code::Length => "length",
            Code::Items => "items",
            Code::Range => "range",
            Code::Pattern => "pattern",
            Code::Operation => "operation",
            Code::Union => "union",
            Code::PatternUnchecked => "pattern-unchecked",
            Code::TooManyFindings => "too-many-findings",
        }
    }

    /// The code spelled `s`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The severity a code has unless the user changes it.
    #[must_use]
    pub fn default_severity(self) -> Severity {
        match self {
            Code::PatternUnchecked => Severity::Warning,
            Code::TooManyFindings => Severity::Note,
            _ => Severity::Error,
        }
    }

    /// One line describing the rule, for SARIF and `--help`.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Code::Syntax => {
                "The file is not well-formed JSON or YAML, is empty, or is not an object at the top."
            }
            Code::DuplicateKey => {
                "A key appears twice in one object; the AWS CLI would silently keep the last."
            }
            Code::Required => "A member the operation requires is missing.",
            Code::Unknown => "A member the shape does not have.",
            Code::Type => "A value of the wrong type.",
            Code::Enum => "A string that is not one of the shape's enum values.",
            Code::Length => "A string or blob shorter than the shape's min or longer than its max.",
            Code::Items => "A list or map with fewer entries than the shape's min or more than its max.",
            Code::Range => "A number below the shape's min, above its max, or outside its type.",
            Code::Pattern => "A string that does not match the shape's pattern.",
            Code::Operation => "The operation a file is for cannot be told.",
            Code::Union => "A union structure that does not set exactly one member.",
            Code::PatternUnchecked => "A pattern that cannot be checked for this value.",
            Code::TooManyFindings => {
                "More findings than are kept per file; the rest are counted, and still decide the exit status."
            }
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// RFC 6901 pointer to the value concerned (`""` for the root).
    pub pointer: String,
    /// Where in the document text.
    pub span: Span,
    /// What is wrong, with the constraint and (unless sensitive) the value.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    #[must_use]
    pub fn new(code: Code, pointer: impl Into<String>, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            pointer: pointer.into(),
            span,
            message: message.into(),
        }
    }
}

/// Escapes a key for an RFC 6901 pointer (`~` → `~0`, `/` → `~1`).
#[must_use]
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    // Nearly every member name has neither: no allocation then.
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}
