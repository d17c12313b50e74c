//! `chime-shape completions bash|zsh|fish`, run in the real shells: each
//! script is loaded the way a user loads it, a command line is completed,
//! and the candidates the shell offers are compared with what the tool
//! knows (subcommands, services, operations, formats, codes).
//!
//! The shells must be installed (`.ci/run` installs zsh and fish): a
//! missing shell fails the test rather than skipping it, so that CI cannot
//! pass without having tried.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chime_shape::model::EMBEDDED;
use chime_shape::report::diagnostic::Code;
use common::{code, run, stderr, stdout};

/// A fresh directory for `shell`'s files.
fn workdir(shell: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shell_completions").join(shell);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The script `chime-shape completions SHELL` prints, written to `path`.
fn write_script(shell: &str, path: &Path) {
    let output = run(&["completions", shell]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    std::fs::write(path, stdout(&output)).unwrap();
}

/// Runs a shell, failing with what to install when it is missing.
fn shell(program: &str, args: &[&str], dir: &Path) -> Output {
    let output = Command::new("timeout")
        .arg("120")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("TERM", "dumb")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run timeout {program}: {e}"));
    if output.status.code() == Some(127) {
        panic!(
            "{program} is not installed (apt-get install -y {program}; .ci/run installs it): {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

fn lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
}

/// The candidates bash offers for `line` (completing its last word, which
/// may be empty): the script is sourced, the function `complete -p`
/// registered for chime-shape is called as bash calls it, and `COMPREPLY`
/// is printed.
fn bash_complete(dir: &Path, line: &str) -> Vec<String> {
    let script = r#"
set -u
source "$SCRIPT" || exit 3
spec=$(complete -p chime-shape) || exit 4
function=${spec##*-F }
function=${function%% *}
read -r -a COMP_WORDS <<< "$LINE"
[[ $LINE == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE=$LINE
COMP_POINT=${#LINE}
cur=${COMP_WORDS[COMP_CWORD]}
prev=${COMP_WORDS[COMP_CWORD-1]}
COMPREPLY=()
"$function" chime-shape "$cur" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("SCRIPT", dir.join("chime-shape.bash"))
        .env("LINE", line)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("bash is not installed: {e}"));
    assert!(output.status.success(), "bash for {line:?}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "bash for {line:?}: {}", String::from_utf8_lossy(&output.stderr));
    lines(&output).into_iter().filter(|l| !l.is_empty()).collect()
}

/// The candidates zsh offers for `line`: an interactive zsh on a
/// pseudo-terminal (`zpty`) with the script in its `fpath` and `compinit`
/// run, `compadd` wrapped to print what would be added, and a Tab typed.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
init="
PROMPT=''
unsetopt prompt_sp
unset zle_bracketed_paste
fpath=($DIR \$fpath)
autoload -U compinit; compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' insert-tab false
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return \$?; fi
  typeset -a __hits
  builtin compadd -A __hits \"\$@\"
  local h; for h in \$__hits; do print -r -- \"<hit>\$h</hit>\"; done
}
__done() { print -r -- '<e''nd>'; exit }
comppostfuncs=( __done )
print -r -- '<rea''dy>'
"
zpty -w z "$init"
while zpty -r z line; do [[ $line == *'<ready>'* ]] && break; done
zpty -w -n z "$LINE"$'\t'
out=''
while zpty -r z line; do
  out+=$line
  [[ $line == *'<end>'* ]] && break
done
zpty -d z
[[ $out == *'<end>'* ]] || { print -r -- "no end marker: $out" >&2; exit 4 }
while [[ $out == *'<hit>'*'</hit>'* ]]; do
  out=${out#*<hit>}
  print -r -- "${out%%</hit>*}"
  out=${out#*</hit>}
done
"#;

fn zsh_complete(dir: &Path, line: &str) -> Vec<String> {
    let output = Command::new("timeout")
        .args(["60", "zsh", "-f", "-c", ZSH_CAPTURE])
        .env("DIR", dir)
        .env("LINE", line)
        .env("HOME", dir)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run zsh: {e}"));
    assert!(output.status.success(), "zsh for {line:?}: {}", String::from_utf8_lossy(&output.stderr));
    lines(&output)
}

/// The candidates fish offers for `line` (`complete -C`), descriptions
/// dropped.
fn fish_complete(dir: &Path, line: &str) -> Vec<String> {
    let output = Command::new("fish")
        .args(["--no-config", "-c", "source $SCRIPT; or exit 3; complete -C $LINE"])
        .env("SCRIPT", dir.join("chime-shape.fish"))
        .env("LINE", line)
        .env("HOME", dir)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("fish is not installed (.ci/run installs it): {e}"));
    assert!(output.status.success(), "fish for {line:?}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "fish for {line:?}: {}", String::from_utf8_lossy(&output.stderr));
    lines(&output).into_iter().map(|l| l.split('\t').next().unwrap_or_default().to_owned()).collect()
}

fn set<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> BTreeSet<String> {
    items.into_iter().map(Into::into).collect()
}

/// The operations of an embedded service, from the binary.
fn operations(service: &str) -> BTreeSet<String> {
    let output = run(&["--service", service, "operations"]);
    assert_eq!(code(&output), 0);
    set(stdout(&output).lines())
}

/// Candidates that are not options.
fn words(candidates: &[String]) -> BTreeSet<String> {
    set(candidates.iter().filter(|c| !c.starts_with('-')).cloned())
}

/// The checks every shell must pass. `exact` says whether the shell
/// offers only the values of the argument being completed (zsh and fish);
/// bash's static script offers every value of every positional of a
/// subcommand together with its options, so there only inclusion is
/// checked for positionals.
fn check_shell(name: &str, complete: &dyn Fn(&str) -> Vec<String>, exact: bool) {
    let check = |line: &str, expected: &BTreeSet<String>, exact_here: bool| {
        let got = complete(line);
        let got_words = words(&got);
        if exact_here {
            assert_eq!(&got_words, expected, "{name}: {line:?} offered {got:?}");
        } else {
            let missing: Vec<_> = expected.difference(&got_words).collect();
            assert!(missing.is_empty(), "{name}: {line:?} does not offer {missing:?}; offered {got:?}");
        }
    };

    check("chime-shape sk", &set(["skeleton"]), true);
    check("chime-shape va", &set(["validate"]), true);

    // Services, before or after the subcommand.
    let services = set(EMBEDDED.iter().map(|m| m.name));
    assert_eq!(services.len(), 6);
    check("chime-shape --service ", &services, true);
    check("chime-shape validate --service chime-sdk-v", &set(["chime-sdk-voice"]), true);

    // Validation codes and formats.
    check("chime-shape validate --warn ", &set(Code::ALL.iter().map(|c| c.as_str())), true);
    check("chime-shape validate --warn pattern-", &set(["pattern-unchecked"]), true);
    check("chime-shape validate --format ", &set(["text", "json", "sarif", "github"]), true);
    check("chime-shape validate --fail-level ", &set(["error", "warning"]), true);
    check("chime-shape --color ", &set(["auto", "always", "never"]), true);

    // Operations where an OPERATION goes: every operation of the default
    // service, and those of the others.
    let chime = operations("chime");
    assert_eq!(chime.len(), 62);
    check("chime-shape describe ", &chime, false);
    check("chime-shape schema ", &chime, false);
    check("chime-shape validate --operation ", &chime, false);
    check("chime-shape describe update-u", &set(["update-user", "update-user-settings"]), true);
    check("chime-shape schema --output get-use", &set(["get-user", "get-user-settings"]), true);
    check("chime-shape validate --operation batch-update-u", &set(["batch-update-user"]), true);
    check("chime-shape parse update-user-s", &set(["update-user-settings"]), true);
    check("chime-shape parse aw", &set(["aws"]), true);
    check(
        "chime-shape --service chime-sdk-voice describe create-sip-",
        &set(["create-sip-media-application", "create-sip-media-application-call", "create-sip-rule"]),
        true,
    );
    check("chime-shape --service chime-sdk-meetings describe ", &operations("chime-sdk-meetings"), false);

    // Positionals in order: MODE, then OPERATION.
    check("chime-shape skeleton ", &set(["input", "yaml-input", "output"]), exact);
    check("chime-shape skeleton yaml-in", &set(["yaml-input"]), true);
    check("chime-shape skeleton input update-us", &set(["update-user", "update-user-settings"]), true);
    check("chime-shape skeleton output ", &chime, false);
    check("chime-shape completions ", &set(["bash", "zsh", "fish", "powershell", "elvish"]), exact);

    // Options of a subcommand.
    let mut got = complete("chime-shape validate --st");
    got.sort();
    assert_eq!(got, vec!["--statistics".to_owned(), "--stdin-filename".to_owned()], "{name}");
}

#[test]
fn bash_completes_subcommands_services_operations_and_codes() {
    let dir = workdir("bash");
    write_script("bash", &dir.join("chime-shape.bash"));
    let complete = |line: &str| bash_complete(&dir, line);
    check_shell("bash", &complete, false);
}

#[test]
fn bash_script_loads_in_an_interactive_shell() {
    // As a user's ~/.bashrc or bash-completion would: `bash -i`.
    let dir = workdir("bash-i");
    write_script("bash", &dir.join("chime-shape.bash"));
    let output = shell(
        "bash",
        &["--norc", "--noprofile", "-i", "-c", "source chime-shape.bash && complete -p chime-shape"],
        &dir,
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains("-F _chime__shape") && text.trim_end().ends_with(" chime-shape"), "{text}");
}

#[test]
fn zsh_completes_subcommands_services_operations_and_codes() {
    let dir = workdir("zsh");
    write_script("zsh", &dir.join("_chime-shape"));
    let version = shell("zsh", &["--version"], &dir);
    assert!(version.status.success(), "zsh --version failed");
    let complete = |line: &str| zsh_complete(&dir, line);
    check_shell("zsh", &complete, true);
}

#[test]
fn fish_completes_subcommands_services_operations_and_codes() {
    let dir = workdir("fish");
    write_script("fish", &dir.join("chime-shape.fish"));
    let version = shell("fish", &["--version"], &dir);
    assert!(version.status.success(), "fish --version failed");
    let complete = |line: &str| fish_complete(&dir, line);
    check_shell("fish", &complete, true);
}

#[test]
fn fish_descriptions_survive_quoting() {
    // Descriptions pass through two levels of fish quoting (the `-a`
    // string, then its words); they must come out as written, apostrophes
    // included.
    let dir = workdir("fish-descriptions");
    write_script("fish", &dir.join("chime-shape.fish"));
    let complete = |line: &str| {
        let output = Command::new("fish")
            .args(["--no-config", "-c", "source $SCRIPT; complete -C $LINE"])
            .env("SCRIPT", dir.join("chime-shape.fish"))
            .env("LINE", line)
            .current_dir(&dir)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(complete("chime-shape validate --warn enu"), format!("enum\t{}\n", Code::Enum.description()));
    assert_eq!(complete("chime-shape skeleton yaml"), "yaml-input\tThe request as commented YAML\n");
    assert_eq!(complete("chime-shape describe update-user-s"), "update-user-settings\tchime\n");
}

#[test]
fn other_shells_generate() {
    for shell in ["powershell", "elvish"] {
        let output = run(&["completions", shell]);
        assert_eq!(code(&output), 0, "{shell}: {}", stderr(&output));
        assert!(stdout(&output).contains("chime-shape"), "{shell}");
    }
}
