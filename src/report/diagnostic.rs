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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
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

/// What to do with findings of a code: the severity policy that the
/// configuration's `severity`, `--warn`, `--select` and `--ignore` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Report with this severity.
    Report(Severity),
    /// Do not report.
    Off,
}

/// What kind of finding it is: the codes of the command-line contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "report-schema", derive(schemars::JsonSchema))]
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
    /// `lint`: `aws SERVICE OPERATION` names no operation of the service.
    UnknownOperation,
    /// `lint`: an option the operation does not have (or an ambiguous
    /// prefix).
    UnknownOption,
    /// `lint`: options the operation requires are missing.
    MissingOption,
    /// `lint`: an option given more than once; the CLI keeps the last.
    RepeatedOption,
    /// `lint`: an option without the value it needs, or a flag given one.
    OptionValue,
    /// `lint`: a value that is not valid shorthand syntax (nor JSON where
    /// either is accepted).
    Shorthand,
    /// `lint`: a `file://` or `fileb://` file that exists but cannot be
    /// used (unreadable, not UTF-8).
    ParamFile,
    /// `lint`: a note: a `file://` or `fileb://` file that is not found
    /// next to the script or at the repository root, so not checked.
    FileNotFound,
    /// A note: a timestamp in a form only the AWS CLI's lenient date
    /// parser reads (`Jan 2 2024`, `1/2/2024`), not ISO 8601.
    TimestampFormat,
}

impl Code {
    /// Every code, in the order docs/interface.md lists them.
    pub const ALL: [Code; 23] = [
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
        Code::UnknownOperation,
        Code::UnknownOption,
        Code::MissingOption,
        Code::RepeatedOption,
        Code::OptionValue,
        Code::Shorthand,
        Code::ParamFile,
        Code::FileNotFound,
        Code::TimestampFormat,
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
            Code::UnknownOperation => "unknown-operation",
            Code::UnknownOption => "unknown-option",
            Code::MissingOption => "missing-option",
            Code::RepeatedOption => "repeated-option",
            Code::OptionValue => "option-value",
            Code::Shorthand => "shorthand",
            Code::ParamFile => "param-file",
            Code::FileNotFound => "file-not-found",
            Code::TimestampFormat => "timestamp-format",
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
            Code::PatternUnchecked | Code::RepeatedOption => Severity::Warning,
            Code::TooManyFindings | Code::FileNotFound | Code::TimestampFormat => Severity::Note,
            _ => Severity::Error,
        }
    }

    /// Whether `--fix` can mend some findings of this code: `"safe"`,
    /// `"unsafe"`, both, or `"no"`.
    #[must_use]
    pub fn fixable(self) -> &'static str {
        match self {
            // `pro` for `Pro` (safe); one typo from exactly one value (unsafe).
            Code::Enum => "safe,unsafe",
            // `yes` or `"true"` for a boolean, `"10"` for a number, `0206`
            // for a string.
            Code::Type => "safe",
            // The earlier entry goes; the CLI sends the last anyway.
            Code::DuplicateKey => "safe",
            // One member name within two edits, or equal but for case.
            Code::Unknown => "unsafe",
            // Read by dateutil's guesses, rewritten as it read them.
            Code::TimestampFormat => "unsafe",
            // `lint`: the one option of the command within two typos.
            Code::UnknownOption => "unsafe",
            _ => "no",
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
            Code::UnknownOperation => {
                "An `aws SERVICE OPERATION` command line names no operation of the service."
            }
            Code::UnknownOption => "An option the operation does not have, or a prefix of several.",
            Code::MissingOption => "Options the operation requires are missing from the command line.",
            Code::RepeatedOption => "An option given more than once; the AWS CLI silently keeps the last.",
            Code::OptionValue => "An option without the value it needs, or a flag given a value.",
            Code::Shorthand => "A value that is not valid shorthand syntax (or JSON).",
            Code::ParamFile => "A file:// or fileb:// file that exists but cannot be used.",
            Code::FileNotFound => {
                "A file:// or fileb:// file that is not found, so its content is not checked."
            }
            Code::TimestampFormat => {
                "A timestamp in a form only the AWS CLI's lenient date parser reads, not ISO 8601."
            }
        }
    }
}

/// A request document that gets a code's finding: what `chime-shape
/// explain CODE` shows, checked by a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The embedded service.
    pub service: &'static str,
    /// The operation (CLI name); also the file name's last part.
    pub operation: &'static str,
    /// The YAML document.
    pub document: &'static str,
}

impl Code {
    /// An example document with this finding, where an embedded model has
    /// one (none has a union; `operation` and `too-many-findings` are about
    /// files, not documents).
    #[must_use]
    pub fn example(self) -> Option<Example> {
        let (service, operation, document) = match self {
            Code::Syntax => ("chime", "update-user", "AccountId: a1\nUserId: [bob\n"),
            Code::DuplicateKey => ("chime", "update-user", "AccountId: a1\nUserId: bob\nUserId: alice\n"),
            Code::Required => ("chime", "update-user", "AccountId: a1\nLicenseType: Pro\n"),
            Code::Unknown => ("chime", "update-user", "AccountId: a1\nUserId: bob\nLicenceType: Pro\n"),
            Code::Type => (
                "chime",
                "update-user",
                "AccountId: a1\nUserId: bob\nAlexaForBusinessMetadata:\n  IsAlexaForBusinessEnabled: yes\n",
            ),
            Code::Enum => ("chime", "update-user", "AccountId: a1\nUserId: bob\nLicenseType: Platinum\n"),
            Code::Length => ("chime", "create-room", "AccountId: a1\nName: standup\nClientRequestToken: t\n"),
            Code::Items => ("chime", "batch-delete-phone-number", "PhoneNumberIds: []\n"),
            Code::Range => ("chime", "list-users", "AccountId: a1\nMaxResults: 500\n"),
            Code::Pattern => ("chime", "update-user", "AccountId: ' '\nUserId: bob\n"),
            Code::PatternUnchecked => (
                "chime-sdk-voice",
                "create-voice-profile-domain",
                "Name: domain\nServerSideEncryptionConfiguration:\n  KmsKeyArn: arn:aws:kms:us-east-1:111122223333:key/k\n\
                 ClientRequestToken: token-1\n",
            ),
            Code::Operation
            | Code::Union
            | Code::TooManyFindings
            | Code::UnknownOperation
            | Code::UnknownOption
            | Code::MissingOption
            | Code::RepeatedOption
            | Code::OptionValue
            | Code::Shorthand
            | Code::ParamFile
            | Code::FileNotFound => return None,
            Code::TimestampFormat => (
                "chime-sdk-messaging",
                "list-channel-messages",
                "ChannelArn: arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c\n\
                 ChimeBearer: arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u\n\
                 NotBefore: Jan 2 2024 10:00\n",
            ),
        };
        Some(Example { service, operation, document })
    }

    /// Why the rule exists and what to do about a finding: `explain`'s text.
    #[must_use]
    pub fn explanation(self) -> &'static str {
        match self {
            Code::Syntax => {
                "The file cannot be read as JSON or YAML (or is empty, too large, too deep, or not an object at \
                 the top), so the AWS CLI would refuse it before sending anything. Fix the text at the position \
                 given. In a document of an operation with sensitive members the message says where, not what."
            }
            Code::DuplicateKey => {
                "A key appears twice in one object. The AWS CLI keeps the last value without a word, so the \
                 first is silently lost. Remove one of them."
            }
            Code::Required => {
                "The operation's input requires this member; botocore refuses the request without it. Add it \
                 (a missing top-level idempotency token is not reported: the CLI fills it with a UUID)."
            }
            Code::Unknown => {
                "The shape has no such member; botocore refuses the request (`Unknown parameter`). Usually a \
                 misspelling: the message names the closest member."
            }
            Code::Type => {
                "The value has the wrong JSON type: null, a string for a number, a fraction for an integer, a \
                 string that is no timestamp. YAML 1.1 booleans (yes/no/on/off) are strings in YAML 1.2, which \
                 the AWS CLI reads."
            }
            Code::Enum => {
                "The string is not one of the shape's values. botocore does not check enums; the service \
                 refuses the call (ValidationException). Values are case-sensitive."
            }
            Code::Length => {
                "The string (in characters) or blob (in bytes) is shorter than the shape's min or longer than \
                 its max. botocore checks min only; the service checks both."
            }
            Code::Items => "The list or map has fewer entries than the shape's min or more than its max.",
            Code::Range => {
                "The number is below the shape's min, above its max, or outside its type (integer is 32-bit, \
                 long 64-bit)."
            }
            Code::Pattern => {
                "The string has no match for the shape's pattern (ECMA-262 semantics, not anchored, as the \
                 services apply it). botocore does not check patterns; the service refuses the call."
            }
            Code::Operation => {
                "The file's operation cannot be told. Name the file OPERATION.json or NAME.OPERATION.yaml \
                 (update-user.json, alice.update-user.yaml), pass --operation, or add a `files` rule to \
                 .chime-shape.yaml. Files found in directories (and, with --skip-unknown, files named) are \
                 skipped instead."
            }
            Code::Union => "A union structure must set exactly one of its members.",
            Code::PatternUnchecked => {
                "A pattern that cannot be checked for this value: not valid ECMA-262, a value too long for a \
                 back-tracking pattern, or the run's back-tracking time budget is spent. A warning: the value \
                 may be fine."
            }
            Code::TooManyFindings => {
                "A file has more than 1,000 findings: the first 1,000 are listed, the rest counted by code in \
                 this note and in the summary. They still count: the exit status tells the truth."
            }
            Code::UnknownOperation => {
                "`lint`: the service has no operation of that name; the AWS CLI stops with `Invalid choice`. \
                 Operation names are the CLI's kebab-case names (update-user, not UpdateUser); the message \
                 names the closest."
            }
            Code::UnknownOption => {
                "`lint`: the operation has no such option (or the prefix given matches several); the AWS CLI \
                 stops with `Unknown options`. Usually a misspelling: the message names the closest option. \
                 Stray words (values left over by a list option or a missing option) are counted, not quoted."
            }
            Code::MissingOption => {
                "`lint`: the operation requires these options and the command line has none of them (nor \
                 --cli-input-json/--cli-input-yaml, which turns the check off as the CLI does). An option whose \
                 value is known only at run time counts as given; an unknown word where options stand \
                 (`$EXTRA_ARGS`) turns the check off."
            }
            Code::RepeatedOption => {
                "`lint`: the option appears more than once; the AWS CLI keeps the last value without a word, \
                 so the first is silently lost. A warning."
            }
            Code::OptionValue => {
                "`lint`: an option that needs a value is followed by another option or nothing, a boolean flag \
                 is given a value (`--flag=x`; use --flag or --no-flag), or both --cli-input-json and \
                 --cli-input-yaml are given."
            }
            Code::Shorthand => {
                "`lint`: the value is neither valid shorthand (Key=Value,List=[a,b],Map={k=v}) nor JSON, as the \
                 AWS CLI parses it; the position is the character where parsing stopped."
            }
            Code::ParamFile => {
                "`lint`: a file:// or fileb:// value names a file that exists but cannot be used: not a regular \
                 file, too large, unreadable, or not UTF-8 for file://."
            }
            Code::FileNotFound => {
                "`lint`: a note: a relative file:// or fileb:// path is looked up next to the script and at \
                 the repository root; found in neither, its content cannot be checked. The rest of the \
                 command is checked."
            }
            Code::TimestampFormat => {
                "A note: the AWS CLI reads timestamps with python-dateutil, which takes month names, \
                 slashes, `am`/`pm` and zone names, reads `1/2/2024` month first, and takes a time without a \
                 zone as UTC. The request is sent as the message says, but another tool (an SDK, a script, \
                 AWS CLI v2's YAML reader) may read the text otherwise. Write ISO 8601 \
                 (2024-01-02T10:00:00Z); `--unsafe-fixes` rewrites the text as the CLI reads it when the \
                 date is complete."
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
    /// The edit that mends it, when there is exactly one right answer
    /// (or, unsafe, one likely answer).
    pub fix: Option<crate::fix::Fix>,
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
            fix: None,
        }
    }
}
