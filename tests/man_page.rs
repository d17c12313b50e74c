//! `chime-shape man`: one complete page, rendered by the real `man` and
//! `groff` without a warning, with every subcommand, the validation codes,
//! EXIT STATUS, ENVIRONMENT and FILES; and the environment variables it
//! documents behaving as documented.
//!
//! `man` (man-db) and `groff` must be installed (`.ci/run` installs them):
//! a missing one fails the test rather than skipping it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use chime_shape::report::diagnostic::Code;
use common::{code, run, stderr, stdout};

fn page() -> String {
    let output = run(&["man"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    stdout(&output)
}

/// Runs `program` with `input` on standard input.
fn filter(program: &str, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{program} is not installed (.ci/run installs man-db and groff-base): {e}")
        });
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The page as `man -l` shows it, checked to render without a word on
/// standard error.
fn rendered() -> String {
    let output = filter("man", &["-l", "-"], &page());
    assert!(output.status.success(), "man -l failed: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "man -l warned: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands, as `chime-shape --help` lists them.
fn subcommands() -> Vec<String> {
    let help = stdout(&run(&["--help"]));
    let commands = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    let names: Vec<String> = commands
        .lines()
        .filter_map(|line| line.strip_prefix("  ").filter(|rest| !rest.starts_with(' ')))
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    assert!(names.len() >= 9, "{names:?}");
    names
}

#[test]
fn groff_finds_nothing_to_warn_about() {
    // Every warning groff has (-ww), not only those man shows.
    let output = filter("groff", &["-ww", "-man", "-Tutf8", "-z"], &page());
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "groff -ww warned");
}

#[test]
fn man_renders_every_section() {
    let text = rendered();
    for heading in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "VALIDATION CODES",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(text.lines().any(|line| line == heading), "no {heading} section:\n{text}");
    }
    // Every line fits the 80 columns asked for, but for examples, which
    // are shown as typed (unfilled).
    let mut examples = Vec::new();
    for name in std::iter::once(String::new()).chain(subcommands()) {
        let help = stdout(&run(&[name.as_str(), "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>()));
        let block =
            help.split("Examples:\n").nth(1).unwrap_or_default().split("\n\n").next().unwrap_or_default();
        examples.extend(block.lines().map(|line| line.trim().to_owned()));
    }
    assert!(examples.len() > 20, "{examples:?}");
    for line in text.lines().filter(|line| !examples.contains(&line.trim().to_owned())) {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn every_subcommand_has_its_subsection_with_options_and_examples() {
    let text = rendered();
    // The long options a --help defines (its lines that start with one).
    let options = |help: &str| -> Vec<String> {
        help.lines()
            .map(str::trim_start)
            .filter(|line| line.starts_with('-'))
            .flat_map(|line| line.split([' ', ',', '=']).take(3))
            .filter(|w| w.len() > 2 && w.starts_with("--"))
            .map(str::to_owned)
            .collect()
    };
    // The global options, once, under OPTIONS.
    let global = options(&stdout(&run(&["--help"])));
    let top = &text[text.find("\nOPTIONS\n").unwrap()..text.find("\nCOMMANDS\n").unwrap()];
    for option in &global {
        assert!(top.contains(option.as_str()), "{option} is not under OPTIONS:\n{top}");
    }
    for name in subcommands() {
        let heading = format!("   chime-shape {name}\n");
        let start = text.find(&heading).unwrap_or_else(|| panic!("no subsection for {name}:\n{text}"));
        let body = &text[start + heading.len()..];
        let body =
            &body[..body.find("\n   chime-shape ").or_else(|| body.find("\nVALIDATION CODES")).unwrap()];
        assert!(body.contains(&format!("chime-shape {name} [")), "{name}: no synopsis:\n{body}");
        assert!(body.contains("Examples:"), "{name}: no examples:\n{body}");
        for option in options(&stdout(&run(&[&name, "--help"]))).iter().filter(|o| !global.contains(o)) {
            assert!(body.contains(option.as_str()), "{name}: {option} of --help is not in the page:\n{body}");
        }
    }
    // The page is the whole reference: no pointer to pages that do not exist.
    assert!(!page().contains("chime\\-shape\\-validate(1)"));
    assert!(!text.contains("-validate(1)"));
}

#[test]
fn codes_exit_status_environment_and_files_are_described() {
    let text = rendered();
    // groff fills paragraphs: compare with runs of whitespace collapsed.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let section = |name: &str| {
        let start = flat.find(&format!(" {name} ")).unwrap_or_else(|| panic!("no {name}"));
        flat[start..].to_owned()
    };
    let codes = section("VALIDATION CODES");
    for code in Code::ALL {
        let entry =
            format!("{} ({}) {}", code.as_str(), code.default_severity().as_str(), code.description());
        assert!(codes.contains(&entry), "{entry:?} not in the page");
    }
    let exit = section("EXIT STATUS");
    for (status, words) in [("0", "Success"), ("1", "Invalid input"), ("2", "Usage errors")] {
        assert!(exit.contains(&format!("{status} {words}")), "exit status {status}");
    }
    let environment = section("ENVIRONMENT");
    assert!(environment.contains("NO_COLOR When set and not empty"));
    assert!(environment.contains("CLICOLOR_FORCE When set and not 0"));
    let files = section("FILES");
    for words in [
        ".chime-shape.yaml, .chime-shape.yml",
        "up to the repository root (the first directory that holds .git)",
        "--config PATH",
        "--no-config",
    ] {
        assert!(files.contains(words), "FILES lacks {words:?}");
    }
}

#[test]
fn colour_follows_no_color_and_clicolor_force() {
    // Standard output is a pipe here: colour only when forced.
    let describe = |color: &str, env: &[(&str, &str)]| {
        let mut command = assert_cmd::Command::cargo_bin("chime-shape").unwrap();
        command
            .args(["--color", color, "describe", "update-user"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        assert_eq!(code(&output), 0);
        stdout(&output).contains('\x1b')
    };
    assert!(!describe("auto", &[]));
    assert!(describe("auto", &[("CLICOLOR_FORCE", "1")]));
    assert!(!describe("auto", &[("CLICOLOR_FORCE", "0")]));
    assert!(!describe("auto", &[("CLICOLOR_FORCE", "")]));
    assert!(!describe("never", &[("CLICOLOR_FORCE", "1")]));
    assert!(!describe("auto", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(describe("always", &[("NO_COLOR", "1")]));
}
