//! Errors of model loading and operation lookup.

use std::path::PathBuf;

/// A model file that cannot be used.
///
/// Each variant names the file and says what is wrong in words a user can
/// act on; the CLI prints it and exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("cannot read model {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file starts like gzip but does not decompress.
    #[error("cannot decompress model {origin}: {source}")]
    Gzip {
        /// The file, or the embedded service name.
        origin: String,
        /// Why.
        source: std::io::Error,
    },
    /// The content is not JSON, or JSON without the botocore layout.
    #[error("{origin}:{line}:{column}: {message}")]
    Json {
        /// The file, or the embedded service name.
        origin: String,
        /// 1-based line of the problem in the (decompressed) JSON.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde found.
        message: String,
    },
    /// Well-formed JSON whose shapes do not link up.
    #[error("{origin}: not a valid botocore service model: {message}")]
    Structure {
        /// The file, or the embedded service name.
        origin: String,
        /// What is wrong, naming the shape or operation.
        message: String,
    },
    /// A service name that is not embedded.
    #[error(
        "unknown service `{name}`; the embedded services are {known}{}; use --model PATH for any other botocore model",
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
    )]
    UnknownService {
        /// The name given.
        name: String,
        /// The embedded names, comma separated.
        known: String,
        /// The closest embedded name, if any is close.
        suggestion: Option<String>,
    },
}

/// An operation name the model does not have.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownOperation {
    /// The service that was searched.
    pub service: String,
    /// The name given.
    pub name: String,
    /// The closest CLI names, best first (may be empty).
    pub suggestions: Vec<String>,
}

impl UnknownOperation {
    fn message(&self) -> String {
        let mut msg = format!("service `{}` has no operation `{}`", self.service, self.name);
        match self.suggestions.as_slice() {
            [] => msg.push_str(" (`chime-shape operations` lists them)"),
            [one] => msg.push_str(&format!("; did you mean `{one}`?")),
            many => {
                let list: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
                msg.push_str(&format!("; did you mean one of {}?", list.join(", ")));
            }
        }
        msg
    }
}
