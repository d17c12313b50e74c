//! Every example runs as printed: the `chime-shape …` command lines of the
//! README's code blocks and of every `--help`'s Examples, run by bash
//! against the built binary, with the exit status they imply and, for the
//! README's ```console blocks, the output they show.
//!
//! What is taken:
//!
//! * ```console blocks: each `$ ` command (with its `\` continuation
//!   lines); the lines up to the next `$ ` are its expected output
//!   (standard output, then standard error; trailing whitespace ignored),
//!   and it must exit 1 when that output shows an error, else 0. A
//!   `$ cat FILE` shows a file the later commands read: the test writes
//!   FILE with the lines shown instead of running it.
//! * ```sh blocks that mention chime-shape: the whole block, as one bash
//!   script (`set -euo pipefail`), which must exit 0. Lines that run
//!   `cargo`, `pip` or `scripts/` are left out: they build, install or
//!   test this repository (what produced the binary under test) or need
//!   the network.
//! * `--help` Examples (as printed 80 columns wide, so that an example a
//!   terminal would wrap fails here): each command line, in order, which
//!   must exit 0.
//!
//! The commands run in a fresh directory (HOME is a directory inside it,
//! so `~/…` lines write there) with the binary first on PATH. The files
//! they read and no example shows are written by the test ([`fixtures`]);
//! the one substitution is `/path/to/` in `--model` examples, which stands
//! for wherever botocore keeps its data: it is pointed at a copy of the
//! dynamodb model in `tests/data/models`. `less`, when missing, is
//! replaced by `cat` (output is not a terminal, where less is cat).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One example: where it comes from, the bash text, what it must print
/// (README console blocks) and exit with.
#[derive(Debug)]
struct Example {
    origin: String,
    script: String,
    output: Option<String>,
    code: i32,
}

/// Programs whose lines are left out of ```sh blocks (see the module
/// documentation).
const NOT_RUN: [&str; 2] = ["cargo", "pip"];

fn readme_examples() -> Vec<Example> {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut examples = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_start();
        let Some(language) = fence.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let end = start + lines[start..].iter().position(|l| l.trim_start() == "```").unwrap();
        let block = &lines[start..end];
        match language {
            "console" => examples.extend(console_examples(block, start + 1)),
            "sh" => {
                let kept: Vec<&str> = block
                    .iter()
                    .copied()
                    .filter(|line| {
                        let first = line.split_whitespace().next().unwrap_or_default();
                        !NOT_RUN.contains(&first) && !first.starts_with("scripts/")
                    })
                    .collect();
                if kept
                    .iter()
                    .any(|line| line.contains("chime-shape ") && !line.trim_start().starts_with('#'))
                {
                    examples.push(Example {
                        origin: format!("README.md:{start} (sh block)"),
                        script: kept.join("\n"),
                        output: None,
                        code: 0,
                    });
                }
            }
            _ => {}
        }
        i = end + 1;
    }
    examples
}

/// The `$ ` commands of a console block that starts at README line
/// `first_line`.
fn console_examples(block: &[&str], first_line: usize) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut i = 0;
    while i < block.len() {
        let Some(command) = block[i].strip_prefix("$ ") else {
            panic!("README.md:{}: console block line without `$ `: {:?}", first_line + i, block[i]);
        };
        let origin = format!("README.md:{}", first_line + i);
        let mut script = command.to_owned();
        while script.ends_with('\\') {
            i += 1;
            script.push('\n');
            script.push_str(block[i]);
        }
        i += 1;
        let output_start = i;
        while i < block.len() && !block[i].starts_with("$ ") {
            i += 1;
        }
        let output: String = block[output_start..i].iter().map(|l| format!("{l}\n")).collect();
        let shows_error = output.contains("error[") || output.contains("chime-shape: error:");
        if let Some(file) = script.strip_prefix("cat ") {
            // A file the next commands read, shown: written, not run.
            let file = file.split_whitespace().next().unwrap();
            examples.push(Example {
                origin,
                script: format!("#fixture {file}"),
                output: Some(output),
                code: 0,
            });
            continue;
        }
        assert!(script.starts_with("chime-shape "), "{origin}: not a chime-shape command: {script}");
        examples.push(Example { origin, script, output: Some(output), code: i32::from(shows_error) });
    }
    examples
}

/// The subcommands, as `chime-shape --help` lists them.
fn subcommands() -> Vec<String> {
    let help = common::stdout(&common::run(&["--help"]));
    let commands = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    commands
        .lines()
        .filter_map(|line| line.strip_prefix("  ").filter(|rest| !rest.starts_with(' ')))
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect()
}

/// The Examples of `chime-shape [SUBCOMMAND] --help`, printed 80 columns
/// wide.
fn help_examples(subcommand: Option<&str>) -> Vec<Example> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chime-shape"));
    command.args(subcommand).arg("--help").env("COLUMNS", "80").env("LINES", "24");
    let help = String::from_utf8(command.output().unwrap().stdout).unwrap();
    let name =
        subcommand.map_or_else(|| "chime-shape --help".to_owned(), |s| format!("chime-shape {s} --help"));
    let block = help.split("Examples:\n").nth(1).unwrap_or_else(|| panic!("{name} has no Examples"));
    let lines: Vec<&str> = block.split("\n\n").next().unwrap().lines().collect();
    let mut examples = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].strip_prefix("  ").unwrap_or_else(|| panic!("{name}: {:?}", lines[i]));
        assert!(!line.starts_with(' '), "{name}: a wrapped line: {line:?}");
        let mut script = line.to_owned();
        while script.ends_with('\\') {
            i += 1;
            script.push('\n');
            script.push_str(lines[i]);
        }
        i += 1;
        examples.push(Example { origin: name.clone(), script, output: None, code: 0 });
    }
    examples
}

/// A fresh working directory, with `home/` and `bin/`.
fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("examples").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("home")).unwrap();
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    dir
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The files the `--help` examples read, which they do not show: valid
/// documents, so that the examples exit 0.
fn fixtures(dir: &Path) {
    let alice =
        "{\n    \"AccountId\": \"a1\",\n    \"UserId\": \"alice\",\n    \"LicenseType\": \"Pro\"\n}\n";
    write(dir, "alice.update-user.json", alice);
    write(dir, "update-user.json", alice);
    write(dir, "req.json", alice);
    write(dir, "bob.update-user.yaml", "AccountId: a1\nUserId: bob\nLicenseType: Plus\n");
    write(dir, "requests/alice.update-user.json", alice);
    write(dir, "requests/carol.update-user.yaml", "AccountId: a1\nUserId: carol\n");
    write(
        dir,
        "meeting.json",
        "{\n    \"MediaRegion\": \"us-east-1\",\n    \"ExternalMeetingId\": \"standup\"\n}\n",
    );
    write(
        dir,
        "scripts/provision.sh",
        "#!/bin/sh\naws chime update-user --account-id \"$ACCOUNT\" \\\n    --user-id alice --license-type Pro\n",
    );
    write(dir, "scripts/tables.sh", "aws dynamodb describe-table --table-name orders\n");
    write(dir, "Makefile", "users:\n\taws chime list-users --account-id $(ACCOUNT)\n");
    write(
        dir,
        ".github/workflows/chime.yml",
        "on: push\njobs:\n  users:\n    runs-on: ubuntu-latest\n    steps:\n      - run: aws chime list-accounts\n",
    );
    let model = dir.join("path/to/dynamodb/2012-08-10/service-2.json.gz");
    std::fs::create_dir_all(model.parent().unwrap()).unwrap();
    std::fs::copy(common::root().join("tests/data/models/dynamodb/service-2.json.gz"), model).unwrap();
}

/// The README tour's second request file, which the README does not show:
/// its findings are the two `standup.create-meeting.json` lines of the
/// tour's output.
const STANDUP: &str = r#"{
    "ClientRequestToken": "standup-2024-06-03",
    "MediaRegion": "us-east-1",
    "ExternalMeetingId": "standup",
    "MeetingFeatures": {
        "Audio": {"EchoReduction": "AVAILABLE"},
        "Attendee": {"MaxCount": 0}
    },
    "Tags": [{"Key": "team", "Value": "platform"}, {"Key": "env"}]
}
"#;

/// Runs `script` with bash in `dir`.
fn bash(dir: &Path, script: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_chime-shape")).parent().unwrap().to_owned();
    let path = std::env::join_paths(
        [dir.join("bin"), bin].into_iter().chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &format!("set -euo pipefail\n{script}")])
        .current_dir(dir)
        .env("HOME", dir.join("home"))
        .env("PATH", path)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("MANPATH")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap()
}

/// `less`, where it is missing, as `cat`.
fn less_shim(dir: &Path) {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap()).any(|p| p.join("less").is_file());
    if !found {
        write(dir, "bin/less", "#!/bin/sh\nexec cat\n");
        let _ = Command::new("chmod").arg("+x").arg(dir.join("bin/less")).status();
    }
}

fn trimmed(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n");
    text.truncate(text.trim_end().len());
    text
}

/// Runs the examples in order in `dir`; returns what went wrong.
fn run_all(dir: &Path, examples: &[Example]) -> Vec<String> {
    let mut failures = Vec::new();
    for example in examples {
        if let Some(file) = example.script.strip_prefix("#fixture ") {
            write(dir, file, example.output.as_deref().unwrap());
            continue;
        }
        let output = bash(dir, &example.script.replace("/path/to/", &format!("{}/path/to/", dir.display())));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code().unwrap_or(-1);
        if code != example.code {
            failures.push(format!(
                "{}: `{}` exited {code}, expected {}\n--- stdout\n{stdout}--- stderr\n{stderr}",
                example.origin, example.script, example.code
            ));
            continue;
        }
        if let Some(expected) = &example.output {
            let got = format!("{stdout}{stderr}");
            if trimmed(&got) != trimmed(expected) {
                failures.push(format!(
                    "{}: `{}` printed\n{got}\n--- but the README shows\n{expected}",
                    example.origin, example.script
                ));
            }
        }
    }
    failures
}

#[test]
fn readme_examples_run_as_printed() {
    let examples = readme_examples();
    let commands = examples.iter().filter(|e| !e.script.starts_with("#fixture")).count();
    assert!(commands >= 8, "too few README examples found: {examples:#?}");
    let dir = workdir("readme");
    write(&dir, "requests/standup.create-meeting.json", STANDUP);
    less_shim(&dir);
    let failures = run_all(&dir, &examples);
    assert!(failures.is_empty(), "{} README example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn help_examples_run_as_printed() {
    let mut failures = Vec::new();
    let mut count = 0;
    for subcommand in std::iter::once(None).chain(subcommands().iter().map(|s| Some(s.clone()))) {
        let examples = help_examples(subcommand.as_deref());
        assert!(!examples.is_empty());
        count += examples.len();
        let dir = workdir(subcommand.as_deref().unwrap_or("top"));
        fixtures(&dir);
        less_shim(&dir);
        failures.extend(run_all(&dir, &examples));
    }
    assert!(count >= 20, "too few --help examples: {count}");
    assert!(failures.is_empty(), "{} --help example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn readme_install_lines_put_each_file_where_its_program_looks() {
    // The Install block's lines in a fresh home, then each program asked
    // through its own lookup (not by path) whether it finds the file.
    let block = readme_examples().into_iter().find(|e| e.script.contains("completions zsh")).unwrap();
    let dir = workdir("install");
    let output = bash(&dir, &block.script);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let home = dir.join("home");

    // fish autoloads ~/.config/fish/completions.
    let fish = bash(&dir, "fish -c 'complete -C \"chime-shape sk\"'");
    assert_eq!(String::from_utf8_lossy(&fish.stdout).split('\t').next(), Some("skeleton"), "fish: {fish:?}");

    // zsh, with the ~/.zshrc the README asks for.
    write(&home, ".zshrc", "fpath=(~/.zfunc $fpath)\nautoload -U compinit && compinit\n");
    let zsh = bash(&dir, "zsh -i -c 'print -r -- $_comps[chime-shape]'");
    assert_eq!(String::from_utf8_lossy(&zsh.stdout).trim(), "_chime-shape", "zsh: {zsh:?}");

    // bash-completion loads ~/.local/share/bash-completion/completions
    // on demand.
    let bash_completion = "/usr/share/bash-completion/bash_completion";
    assert!(Path::new(bash_completion).is_file(), "bash-completion is not installed (.ci/run installs it)");
    let loaded = bash(
        &dir,
        &format!(
            "source {bash_completion}\n\
             if declare -F _comp_load >/dev/null; then _comp_load chime-shape; else __load_completion chime-shape; fi\n\
             complete -p chime-shape"
        ),
    );
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("-F _chime__shape"), "bash: {loaded:?}");

    // man finds ~/.local/share/man with ~/.local/bin on PATH.
    std::fs::create_dir_all(home.join(".local/bin")).unwrap();
    let man = bash(&dir, "PATH=$HOME/.local/bin:$PATH man -w chime-shape");
    assert_eq!(
        String::from_utf8_lossy(&man.stdout).trim(),
        home.join(".local/share/man/man1/chime-shape.1").display().to_string(),
        "man: {man:?}"
    );
}
