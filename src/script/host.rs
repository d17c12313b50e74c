//! Which files hold shell code, and where in them it is.
//!
//! (Stub: to be written.)

use std::path::Path;

use super::{Fragment, ScriptError};

/// The kinds of file `lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A shell script (`*.sh`, `*.bash`, `*.zsh`, a shell shebang).
    Shell,
    /// A Makefile (recipe lines).
    Makefile,
    /// YAML: CI workflows and pipelines (`run:`, `script:`, … scalars).
    Yaml,
    /// A Dockerfile (`RUN`).
    Dockerfile,
    /// Markdown (fenced `sh`, `bash`, `shell`, `console` blocks).
    Markdown,
}

/// The kind of the file at `path`, by its name, else by the first bytes of
/// its content (`head`: a `#!` line naming a shell). `None`: not a file
/// `lint` reads.
#[must_use]
pub fn kind_of(path: &Path, head: &[u8]) -> Option<Kind> {
    let _ = (path, head);
    None
}

/// The shell code in `text`, a file of kind `kind`.
///
/// # Errors
///
/// [`ScriptError`] when the file cannot be read as its kind at all.
pub fn fragments(kind: Kind, text: &str) -> Result<Vec<Fragment>, ScriptError> {
    let _ = (kind, text);
    Ok(Vec::new())
}
