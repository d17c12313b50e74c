//! Why an argument list cannot become a request, in words that say what to
//! change.

use crate::shorthand::ShorthandError;

/// A command line the AWS CLI would refuse.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ArgError {
    /// Tokens that are no option of the operation (the CLI: "Unknown
    /// options").
    ///
    /// Deliberately unlike the AWS CLI, which echoes every stray token, the
    /// message lists only the tokens that look like options (`--x`; an
    /// inline `=value` is cut off) and counts the other words without
    /// quoting them: a stray word is most often a value that a list or a
    /// mistyped option left over (`--pin 1234 5678`), and it may belong to a
    /// sensitive member.
    #[error("unknown options: {}{}", describe_unknown(options), describe_suggestions(suggestions))]
    UnknownOptions {
        /// The tokens, as given (never printed as they are: see above).
        options: Vec<String>,
        /// For each unknown `--option` with a close match among the
        /// operation's options: (given, closest).
        suggestions: Vec<(String, String)>,
    },
    /// A prefix that matches several options.
    #[error("ambiguous option {option}: could match {}", candidates.join(", "))]
    Ambiguous {
        /// The prefix given.
        option: String,
        /// The options it matches.
        candidates: Vec<String>,
    },
    /// An option that needs a value got none.
    #[error("option {option} expects a value")]
    MissingValue {
        /// The option.
        option: String,
    },
    /// `--flag=value` for an option that takes no value.
    #[error(
        "option {option} takes no value (got {}); booleans are set with {option} or its --no- form",
        quoted_or(value.as_deref(), "a value, not shown: the member is sensitive")
    )]
    FlagWithValue {
        /// The option.
        option: String,
        /// The value given; `None` when the member is sensitive.
        value: Option<String>,
    },
    /// Required options missing (and no `--cli-input-json/yaml` given).
    #[error("the following arguments are required: {}", options.join(", "))]
    MissingRequired {
        /// The options, in table order.
        options: Vec<String>,
    },
    /// `--cli-input-json` together with `--cli-input-yaml`.
    #[error("only one of --cli-input-json and --cli-input-yaml may be given")]
    TwoInputDocuments,
    /// `--generate-cli-skeleton` in a `parse` command line.
    #[error(
        "--generate-cli-skeleton prints a skeleton instead of a request; use `chime-shape skeleton {mode} OPERATION`"
    )]
    SkeletonRequested {
        /// The mode asked for.
        mode: String,
    },
    /// A shorthand value that does not parse.
    #[error("{option}: {message}")]
    Shorthand {
        /// The option.
        option: String,
        /// The error as the AWS CLI renders it, with the input and a caret;
        /// for a text that may hold a sensitive value, only the position
        /// (see `secrecy.rs`).
        message: String,
        /// The parser's error.
        error: Box<ShorthandError>,
    },
    /// A JSON value that does not parse.
    #[error(
        "{option}: invalid JSON: {message}\n{}",
        match input {
            Some(input) => format!("JSON received: {input}"),
            None => "(the JSON received is not shown: it may hold the value of a sensitive member)".to_owned(),
        }
    )]
    Json {
        /// The option.
        option: String,
        /// What is wrong and where (only where, when `input` is `None`).
        message: String,
        /// The text; `None` when it may hold a sensitive value.
        input: Option<String>,
    },
    /// A structure or map given something that is neither JSON nor
    /// shorthand.
    #[error(
        "{option}: expected shorthand (Key=Value,...) or a JSON object, got {}",
        quoted_or(input.as_deref(), "something else (not shown: it may hold a sensitive value)")
    )]
    NotJsonOrShorthand {
        /// The option.
        option: String,
        /// The text; `None` when it may hold a sensitive value.
        input: Option<String>,
    },
    /// A value that cannot be converted to the member's type.
    #[error(
        "{option}: {path}: {} is not {expected}",
        quoted_or(value.as_deref(), "the value (sensitive, not shown)")
    )]
    Conversion {
        /// The option.
        option: String,
        /// The dotted path of the value inside the parameter (keys of
        /// sensitive maps shown as `*`).
        path: String,
        /// The value given; `None` when it is sensitive.
        value: Option<String>,
        /// What was expected ("an integer", "a number", ...).
        expected: &'static str,
    },
    /// Shorthand that reaches a document type.
    #[error(
        "{option}: shorthand syntax does not support document types; use JSON for the whole argument to set {member}"
    )]
    DocumentShorthand {
        /// The option.
        option: String,
        /// The member holding the document.
        member: String,
    },
    /// A `file://` or `fileb://` value that cannot be read.
    #[error("{option}: cannot load {uri}: {reason}")]
    ParamFile {
        /// The option.
        option: String,
        /// The value as given.
        uri: String,
        /// Why (names the resolved path).
        reason: String,
        /// The file could not be read at all (exit 2, as an unreadable
        /// document is for `validate`), rather than read and found wanting.
        unreadable: bool,
    },
    /// The `--cli-input-json/yaml` document is not an object.
    #[error("{option}: the input document must be an object (a mapping), not {found}")]
    InputNotObject {
        /// The option.
        option: String,
        /// What it is.
        found: &'static str,
    },
    /// A pagination option while paging is off (`--no-paginate`, or a token
    /// member such as `--next-token` given).
    #[error(
        "Cannot specify --no-paginate along with pagination arguments: {} (paging is off with --no-paginate or a token option such as --next-token)",
        options.join(", ")
    )]
    PaginationOff {
        /// The pagination options given.
        options: Vec<String>,
    },
    /// A pagination option whose value is not what argparse converts.
    #[error("argument {option}: invalid int value: `{value}`")]
    PageValue {
        /// The option.
        option: String,
        /// The value.
        value: String,
    },
    /// What one of the CLI's own arguments refuses (`--port 22-x`), or an
    /// argument chime-shape does not reproduce.
    #[error("{option}: {message}")]
    Customisation {
        /// The option.
        option: String,
        /// The CLI's message.
        message: String,
    },
    /// A YAML input document that does not parse.
    #[error("{option}: invalid YAML: {message}")]
    Yaml {
        /// The option.
        option: String,
        /// What is wrong and where.
        message: String,
    },
}

impl ArgError {
    /// The exit status: 2 for usage errors (options), 1 for values the
    /// options carry.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            ArgError::UnknownOptions { .. }
            | ArgError::Ambiguous { .. }
            | ArgError::MissingValue { .. }
            | ArgError::FlagWithValue { .. }
            | ArgError::MissingRequired { .. }
            | ArgError::TwoInputDocuments
            | ArgError::SkeletonRequested { .. }
            | ArgError::PaginationOff { .. }
            | ArgError::PageValue { .. }
            | ArgError::ParamFile { unreadable: true, .. } => 2,
            _ => 1,
        }
    }
}

/// `` `text` `` when there is a text to quote, else `otherwise`.
fn quoted_or(text: Option<&str>, otherwise: &str) -> String {
    text.map_or_else(|| otherwise.to_owned(), |t| format!("`{t}`"))
}

/// `; did you mean --license-type?` for misspelt options.
fn describe_suggestions(suggestions: &[(String, String)]) -> String {
    match suggestions {
        [] => String::new(),
        [(_, best)] => format!("; did you mean {best}?"),
        many => {
            let pairs: Vec<String> = many.iter().map(|(given, best)| format!("{best} for {given}")).collect();
            format!("; did you mean {}?", pairs.join(", "))
        }
    }
}

/// The tokens that look like options, verbatim up to any `=`, then how many
/// other words there were (see [`ArgError::UnknownOptions`]).
fn describe_unknown(tokens: &[String]) -> String {
    let mut shown: Vec<String> = Vec::new();
    let mut others = 0usize;
    for token in tokens {
        if token.starts_with("--") {
            match token.split_once('=') {
                Some((name, _)) => shown.push(format!("{name}=...")),
                None => shown.push(token.clone()),
            }
        } else {
            others += 1;
        }
    }
    let words = match others {
        0 => String::new(),
        1 => {
            "1 word that is not an option (not shown: it may be a value, and values can be secret)".to_owned()
        }
        n => format!(
            "{n} words that are not options (not shown: they may be values, and values can be secret)"
        ),
    };
    match (shown.is_empty(), words.is_empty()) {
        (_, true) => shown.join(", "),
        (true, false) => words,
        (false, false) => format!("{}, and {words}", shown.join(", ")),
    }
}
