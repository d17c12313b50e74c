//! Shell code parsed with the bash grammar, and the `aws` commands in it.
//!
//! (Stub: to be written.)

use super::{Invocation, ScriptError, Word};

/// Every simple command in `code` that runs `aws`, in source order, with
/// words in `code`'s byte offsets.
///
/// # Errors
///
/// [`ScriptError::TooComplex`] when the parser gives up.
pub fn invocations(code: &str) -> Result<Vec<Invocation>, ScriptError> {
    let _ = code;
    Ok(Vec::new())
}

/// The invocation of `aws` in a command's words, after any wrappers
/// (`sudo`, `env X=1`, `command`, `exec`, `time`, `nohup`, `timeout 5`, …);
/// `None` when the command does not run `aws`.
#[must_use]
pub fn invocation_of(words: Vec<Word>) -> Option<Invocation> {
    let _ = words;
    None
}
