//! `lint`: the `aws` command lines in scripts, Makefiles, CI YAML,
//! Dockerfiles and Markdown, checked as `parse` checks one.
//!
//! Three steps, so that models are loaded once, only for the services the
//! files use, and every file can be read and checked on its own core:
//!
//! 1. [`read_commands`]: a file's commands, their words in the file's
//!    byte offsets (`crate::script` finds them);
//! 2. [`Services`]: the model of each service named, embedded or from a
//!    file (`models.rs`);
//! 3. [`check_commands`]: each command through the same argument engine
//!    `parse` uses ([`crate::cliargs::check_arguments`]) and the same
//!    validator, every finding placed on the word that causes it
//!    (`place.rs`), with its fix when one edit of the word's source text
//!    mends it exactly (`mend.rs`, `literal.rs`);
//! 4. [`verify_fixes`]: the file with those edits read again, to drop any
//!    fix the host file's own syntax (YAML quoting, a Makefile's `$`)
//!    would turn into something else (`reread.rs`).

mod check;
mod cli_commands;
mod head;
mod literal;
mod mend;
mod models;
mod place;
#[cfg(feature = "project")]
mod project;
mod reread;

pub use check::{LintContext, check_commands};
pub use cli_commands::AWSCLI_VERSION;
pub use head::{Head, head};
pub use models::{ModelSearch, Services};
#[cfg(feature = "project")]
pub use project::{LintOptions, lint_paths};
pub use reread::verify_fixes;

use crate::script::{FragmentCode, Invocation, OffsetMap, ScriptError, Word, host, shell};

/// Largest script file read, in bytes: a script is text written by people;
/// anything larger is refused with a clear error rather than parsed.
pub const MAX_SCRIPT_BYTES: u64 = 16 * 1024 * 1024;

/// One `aws` command of a file, its words in the file's byte offsets.
pub type Command = Invocation;

/// The `aws` commands in `text`, a file of kind `kind`, in file order.
///
/// # Errors
///
/// [`ScriptError`] when the file is not text, or its shell code is too
/// large or too complex to parse within the budget.
pub fn read_commands(kind: host::Kind, text: &str) -> Result<Vec<Command>, ScriptError> {
    if text.contains('\0') {
        return Err(ScriptError::Binary("the file contains NUL bytes".to_owned()));
    }
    let mut commands = Vec::new();
    for fragment in host::fragments(kind, text)? {
        match fragment.code {
            FragmentCode::Shell(mut code) => {
                // A fragment that stops mid-line (a Markdown console
                // command) ends as a line would: the grammar reads a
                // trailing `\ ` at the very end as an error.
                if !code.ends_with('\n') {
                    code.push('\n');
                }
                for invocation in shell::invocations(&code)? {
                    if glued(&code, &invocation) {
                        continue;
                    }
                    commands.push(to_file(invocation, &fragment.map));
                }
            }
            FragmentCode::Argv(words) => {
                if let Some(invocation) = shell::invocation_of(words) {
                    commands.push(invocation);
                }
            }
        }
    }
    commands.sort_by_key(|c| c.aws.span.start);
    Ok(commands)
}

/// Whether the grammar glued two lines into one command: a newline (not
/// a `\`-newline) between two of its words. Bash ends a command at a
/// newline; tree-sitter's error recovery does not always (after `cmd
/// <PLACEHOLDER>`, common in documentation, the next line became the
/// redirection's target and more arguments). Such a command is dropped.
fn glued(code: &str, invocation: &Invocation) -> bool {
    let mut previous = &invocation.aws;
    for word in &invocation.words {
        let gap = code.get(previous.span.end..word.span.start).unwrap_or("");
        let bytes = gap.as_bytes();
        let raw_newline = bytes
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\n' && (i == 0 || bytes.get(i - 1) != Some(&b'\\')));
        if raw_newline {
            return true;
        }
        previous = word;
    }
    false
}

/// An invocation found in a fragment, moved to the file's offsets.
fn to_file(invocation: Invocation, map: &OffsetMap) -> Command {
    let word = |w: Word| {
        let start = map.outer(w.span.start);
        let end = if w.span.end > w.span.start { map.outer(w.span.end - 1) + 1 } else { start };
        let composed = if w.map.is_empty() { OffsetMap::new() } else { w.map.then(map) };
        Word { span: start..end.max(start), value: w.value, map: composed }
    };
    Invocation {
        aws: word(invocation.aws),
        words: invocation.words.into_iter().map(word).collect(),
        open: invocation.open,
    }
}
