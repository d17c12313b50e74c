//! Errors of model loading and operation lookup.

use std::path::PathBuf;

use crate::guard::sanitize;

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

// What the loader and the linker build their errors with.

pub(crate) fn json_error(origin: &str, e: &serde_json::Error) -> ModelError {
    let what = match e.classify() {
        serde_json::error::Category::Data => "not a botocore service model",
        _ => "not valid JSON",
    };
    ModelError::Json {
        origin: origin.to_owned(),
        line: e.line(),
        column: e.column(),
        message: format!("{what}: {}", strip_position(&e.to_string())),
    }
}

/// [`json_error`] for an error in the part of `text` that starts at byte
/// `offset` (a shape definition read on its own): the position is moved
/// from the part to the whole file.
pub(crate) fn json_error_at(origin: &str, text: &str, offset: usize, e: &serde_json::Error) -> ModelError {
    let mut error = json_error(origin, e);
    if let ModelError::Json { line, column, .. } = &mut error {
        let before = text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        // serde_json counts columns in bytes.
        if *line == 1 {
            *column += before.len() - line_start;
        }
        *line += before.matches('\n').count();
    }
    error
}

/// serde_json appends " at line L column C" to its messages; the error
/// carries the position separately.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Refuses a shape, operation or member name that would write terminal
/// controls, forged lines or reordered text wherever it is printed
/// (`operations`, `describe`, skeleton keys and comments), or start a
/// GitHub workflow command (`::`) at the start of a line. No botocore name
/// (over 457 models) contains any of these, so refusing them here spares
/// every output from escaping names.
pub(crate) fn check_name(origin: &str, what: &str, name: &str) -> Result<(), ModelError> {
    // Printable ASCII, what every botocore name is, is safe: checked by
    // byte, the char-by-char test was a tenth of loading a model.
    let printable = name.bytes().all(|b| matches!(b, b' '..=b'~'));
    let refused = if printable {
        // The only whitespace among printable ASCII is the space.
        name.trim_start_matches(' ').starts_with("::")
    } else {
        name.chars().any(sanitize::is_unsafe) || name.trim_start().starts_with("::")
    };
    if refused {
        return Err(structure_error(
            origin,
            format!(
                "{what} name `{}` contains control, line-break or bidirectional characters, or starts with `::`",
                sanitize::escape(name)
            ),
        ));
    }
    Ok(())
}

pub(crate) fn structure_error(origin: &str, message: String) -> ModelError {
    ModelError::Structure { origin: origin.to_owned(), message }
}
