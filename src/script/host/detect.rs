//! A file's kind, from its name or its shebang line.
//!
//! The name decides first: a `deploy.yml` is YAML whatever its first line
//! says. Only a file whose name says nothing is asked for a shebang, and
//! only a shebang naming a POSIX shell makes it a script: a Python or Node
//! script may mention `aws chime` in a string, but bash's grammar would
//! misread it.

use std::path::Path;

use super::{Kind, is_posix_shell, program_name};

/// Shell start-up files and other scripts known by their whole name.
const SHELL_NAMES: &[&str] = &[
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".bash_aliases",
    "bashrc",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".zlogin",
    ".zlogout",
    ".kshrc",
    ".mkshrc",
    ".envrc",
];

/// The kind a file name says, if any.
pub(super) fn by_name(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    if SHELL_NAMES.contains(&lower.as_str()) {
        return Some(Kind::Shell);
    }
    if matches!(name.as_ref(), "Makefile" | "makefile" | "GNUmakefile") {
        return Some(Kind::Makefile);
    }
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
    {
        return Some(Kind::Dockerfile);
    }
    // A name that is only an extension (`.sh`) is a hidden file, not a script.
    let (stem, ext) = lower.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    match ext {
        "sh" | "bash" | "zsh" | "ksh" => Some(Kind::Shell),
        "mk" | "make" => Some(Kind::Makefile),
        "yml" | "yaml" => Some(Kind::Yaml),
        "md" | "markdown" => Some(Kind::Markdown),
        _ => None,
    }
}

/// [`Kind::Shell`] when `head` starts with a `#!` line that runs a POSIX
/// shell: directly (`#!/bin/sh -e`), through `env` (`#!/usr/bin/env bash`,
/// `#!/usr/bin/env -S bash -e`, `env VAR=1 sh`) or through busybox
/// (`#!/bin/busybox sh`).
pub(super) fn by_shebang(head: &[u8]) -> Option<Kind> {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let rest = head.strip_prefix(b"#!")?;
    let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_ascii_whitespace();
    let mut program = program_name(words.next()?);
    if program == "env" {
        // Options (`-S`, `-i`, `-u NAME`), assignments, then the program.
        let mut next = words.next();
        while let Some(word) = next {
            // `-Sbash -e`: the split string glued to its option.
            if let Some(glued) = word.strip_prefix("-S").filter(|g| !g.is_empty()) {
                next = Some(glued);
                break;
            }
            if word == "-u" || word == "--unset" {
                words.next();
            } else if !(word.starts_with('-') || word.contains('=')) {
                break;
            }
            next = words.next();
        }
        program = program_name(next?);
    }
    if program == "busybox" {
        program = program_name(words.next()?);
        return matches!(program.as_str(), "sh" | "ash").then_some(Kind::Shell);
    }
    is_posix_shell(&program).then_some(Kind::Shell)
}
