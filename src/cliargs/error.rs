//! Why an argument list cannot become a request, in words that say what to
//! change.

use crate::shorthand::ShorthandError;

/// A command line the AWS CLI would refuse.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ArgError {
    /// Tokens that are no option of the operation (the CLI: "Unknown
    /// options").
    #[error("unknown options: {}", options.join(", "))]
    UnknownOptions {
        /// The tokens, as given.
        options: Vec<String>,
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
        "option {option} takes no value (got `{value}`); booleans are set with {option} or its --no- form"
    )]
    FlagWithValue {
        /// The option.
        option: String,
        /// The value given.
        value: String,
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
        /// The error as the AWS CLI renders it, with the input and a caret.
        message: String,
        /// The parser's error.
        error: Box<ShorthandError>,
    },
    /// A JSON value that does not parse.
    #[error("{option}: invalid JSON: {message}\nJSON received: {input}")]
    Json {
        /// The option.
        option: String,
        /// What is wrong and where.
        message: String,
        /// The text.
        input: String,
    },
    /// A structure or map given something that is neither JSON nor
    /// shorthand.
    #[error("{option}: expected shorthand (Key=Value,...) or a JSON object, got `{input}`")]
    NotJsonOrShorthand {
        /// The option.
        option: String,
        /// The text.
        input: String,
    },
    /// A value that cannot be converted to the member's type.
    #[error("{option}: {path}: `{value}` is not {expected}")]
    Conversion {
        /// The option.
        option: String,
        /// The dotted path of the value inside the parameter.
        path: String,
        /// The value given.
        value: String,
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
    },
    /// The `--cli-input-json/yaml` document is not an object.
    #[error("{option}: the input document must be an object (a mapping), not {found}")]
    InputNotObject {
        /// The option.
        option: String,
        /// What it is.
        found: &'static str,
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
            | ArgError::SkeletonRequested { .. } => 2,
            _ => 1,
        }
    }
}
