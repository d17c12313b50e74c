//! `lint --fix` / `--unsafe-fixes` / `--diff` (issue 14): fixes are edits
//! of the literal words of a script — every other byte kept, idempotent,
//! shown as a masked diff — in shell scripts and in the files that hold
//! shell code (Markdown, workflow YAML, Makefiles).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A script with three fixable findings (a safe one in a continued,
/// CRLF-ended line; a safe one in JSON in single quotes; an unsafe
/// misspelt option) and one that is not fixable, comments, and no final
/// newline.
const SCRIPT: &str = "#!/bin/sh\n\
# provision the team (pro licence)\n\
aws chime update-user --account-id a1 --user-id \"$U\" \\\r\n    --license-type pro   # pro, not plus\r\n\
aws chime create-room --acount-id a1 --name standup\n\
aws chime batch-create-room-membership --account-id a1 --room-id r \\\n    --membership-item-list '[{\"MemberId\": \"u-1\", \"Role\": \"member\"}]'\n\
aws chime update-user --account-id a1 --user-id u --license-type Platinum";

/// [`SCRIPT`] after `--fix` (safe fixes only).
fn safe_fixed() -> String {
    SCRIPT.replace("type pro ", "type Pro ").replace("\"member\"", "\"Member\"")
}

/// [`SCRIPT`] after `--fix --unsafe-fixes`.
fn all_fixed() -> String {
    safe_fixed().replace("--acount-id", "--account-id")
}

fn dir() -> PathBuf {
    common::fresh_temp_dir("lint-fix")
}

/// Writes `files` into a fresh folder.
fn with_files(files: &[(&str, &str)]) -> PathBuf {
    let dir = dir();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env_remove("AWS_DATA_PATH")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The findings of `lint --format json FILE` as `(line, column, code,
/// fix applicability)`.
fn findings(dir: &Path, file: &str) -> Vec<(u64, u64, String, Option<String>)> {
    let output = run(dir, &["lint", "--format", "json", file]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
                d["fix"]["applicability"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn found(line: u64, column: u64, code: &str, fix: Option<&str>) -> (u64, u64, String, Option<String>) {
    (line, column, code.to_owned(), fix.map(str::to_owned))
}

#[test]
fn the_report_marks_what_fix_can_mend() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    assert_eq!(
        findings(&dir, "p.sh"),
        [
            found(4, 20, "enum", Some("safe")),
            found(5, 23, "unknown-option", Some("unsafe")),
            found(7, 58, "enum", Some("safe")),
            found(8, 66, "enum", None),
        ]
    );
    let output = run(&dir, &["lint", "p.sh"]);
    let text = common::stdout(&output);
    assert!(text.contains("(at /LicenseType) [*]\n"), "{text}");
    assert!(text.contains("did you mean --account-id? [*unsafe]\n"), "{text}");
    assert!(
        text.ends_with("4 aws commands in 1 file checked: 0 valid, 1 invalid (4 errors, 0 warnings); 2 fixable with --fix ([*])\n"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_shows_the_edits_and_writes_nothing() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    let output = run(&dir, &["lint", "--diff", "p.sh"]);
    assert_eq!(common::code(&output), 1, "{}", common::stderr(&output));
    // The words after an unknown option are masked, as in every report:
    // they may be the value of a misspelt sensitive option.
    let expected = "--- a/p.sh\n\
+++ b/p.sh\n\
@@ -1,8 +1,8 @@\n \
#!/bin/sh\n \
# provision the team (pro licence)\n \
aws chime update-user --account-id a1 --user-id \"$U\" \\\\r\n\
-    --license-type pro   # pro, not plus\\r\n\
+    --license-type Pro   # pro, not plus\\r\n \
aws chime create-room --acount-id ** --name *******\n \
aws chime batch-create-room-membership --account-id a1 --room-id r \\\n\
-    --membership-item-list '[{\"MemberId\": \"u-1\", \"Role\": \"member\"}]'\n\
+    --membership-item-list '[{\"MemberId\": \"u-1\", \"Role\": \"Member\"}]'\n \
aws chime update-user --account-id a1 --user-id u --license-type Platinum\n\
\\ No newline at end of file\n";
    assert_eq!(common::stdout(&output), expected);
    assert_eq!(read(&dir, "p.sh"), SCRIPT);
    // With the unsafe fixes the rename shows too.
    let output = run(&dir, &["lint", "--diff", "--unsafe-fixes", "p.sh"]);
    assert_eq!(common::code(&output), 1);
    let diff = common::stdout(&output);
    assert!(diff.contains("\n-aws chime create-room --acount-id ** --name *******\n"), "{diff}");
    assert!(diff.contains("\n+aws chime create-room --account-id ** --name *******\n"), "{diff}");
    assert_eq!(read(&dir, "p.sh"), SCRIPT);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_exits_0_when_nothing_is_fixable_and_masks_secrets() {
    let dir = with_files(&[
        ("ok.sh", "aws chime update-user --account-id a --user-id u --license-type Platinum\n"),
        ("user.sh", "aws chime create-user --account-id a --email bob@example.com --user-type privateuser\n"),
    ]);
    let output = run(&dir, &["lint", "--diff", "ok.sh"]);
    assert_eq!((common::code(&output), common::stdout(&output).as_str()), (0, ""));
    // `--email` is sensitive: masked byte for byte on both sides.
    let output = run(&dir, &["lint", "--diff", "user.sh"]);
    assert_eq!(common::code(&output), 1);
    assert_eq!(
        common::stdout(&output),
        "--- a/user.sh\n+++ b/user.sh\n@@ -1 +1 @@\n\
         -aws chime create-user --account-id a --email *************** --user-type privateuser\n\
         +aws chime create-user --account-id a --email *************** --user-type PrivateUser\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fix_edits_only_the_words_and_is_idempotent() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    let before = findings(&dir, "p.sh");
    let output = run(&dir, &["lint", "--fix", "p.sh"]);
    // The unsafe rename and the value with no close match remain: exit 1.
    assert_eq!(common::code(&output), 1, "{}", common::stderr(&output));
    assert_eq!(common::stderr(&output), "chime-shape: note: fixed 2 findings; 2 remain\n");
    assert_eq!(read(&dir, "p.sh"), safe_fixed());
    // The findings left are exactly those not fixed, where they were.
    let after = findings(&dir, "p.sh");
    let unfixed: Vec<_> = before.into_iter().filter(|f| f.3.as_deref() != Some("safe")).collect();
    assert_eq!(after, unfixed);
    // A second run changes nothing.
    let output = run(&dir, &["lint", "--fix", "p.sh"]);
    assert_eq!(common::stderr(&output), "chime-shape: note: fixed 0 findings; 2 remain\n");
    assert_eq!(read(&dir, "p.sh"), safe_fixed());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unsafe_fixes_add_the_guesses() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    let output = run(&dir, &["lint", "--fix", "--unsafe-fixes", "p.sh"]);
    assert_eq!(common::stderr(&output), "chime-shape: note: fixed 3 findings; 1 remain\n");
    assert_eq!(read(&dir, "p.sh"), all_fixed());
    assert_eq!(findings(&dir, "p.sh"), [found(8, 66, "enum", None)]);
    let output = run(&dir, &["lint", "--fix", "--unsafe-fixes", "p.sh"]);
    assert_eq!(common::stderr(&output), "chime-shape: note: fixed 0 findings; 1 remain\n");
    assert_eq!(read(&dir, "p.sh"), all_fixed());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn markdown_blocks_are_fixed_in_place() {
    let markdown = "# Setup\n\
\n\
```console\n\
$ aws chime update-user --account-id a1 --user-id u1 \\\n\
>     --license-type basic\n\
{\"output\": \"basic\"}\n\
```\n\
\n\
Then `--license-type basic` again:\n\
\n\
```sh\n\
aws chime create-room --account-id a1 --nme standup\n\
```\n";
    let dir = with_files(&[("README.md", markdown)]);
    let output = run(&dir, &["lint", "--fix", "--unsafe-fixes", "README.md"]);
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    // Output lines and prose are not commands: untouched.
    let expected = markdown
        .replace(">     --license-type basic", ">     --license-type Basic")
        .replace("--nme", "--name");
    assert_eq!(read(&dir, "README.md"), expected);
    assert_eq!(findings(&dir, "README.md"), []);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn workflow_yaml_is_fixed_through_its_scalars() {
    let workflow = r#"on: push
jobs:
  provision:
    runs-on: ubuntu-latest
    steps:
      - run: |
          aws chime update-user --account-id a1 --user-id u1 \
            --license-type plus   # plus
      - run: "aws chime batch-create-room-membership --account-id a1 --room-id r --membership-item-list '[{\"MemberId\": \"u-1\", \"Role\": \"member\"}]'"
      - run: aws chime update-user --account-id a1 --user-id u3 --license-type 'protrial'
"#;
    let dir = with_files(&[(".github/workflows/ci.yml", workflow)]);
    let file = ".github/workflows/ci.yml";
    assert_eq!(
        findings(&dir, file),
        [
            found(8, 28, "enum", Some("safe")),
            found(9, 141, "enum", Some("safe")),
            found(10, 80, "enum", Some("safe"))
        ]
    );
    let output = run(&dir, &["lint", "--fix", file]);
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    // In the double-quoted scalar the JSON's quotes are YAML escapes: only
    // the letter that differs is replaced.
    let expected = workflow
        .replace("type plus", "type Plus")
        .replace("\\\"member\\\"", "\\\"Member\\\"")
        .replace("'protrial'", "'ProTrial'");
    assert_eq!(read(&dir, file), expected);
    assert_eq!(findings(&dir, file), []);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn makefile_recipes_keep_their_dollars() {
    let makefile = "TEAM = a1\n\
\n\
provision:\n\
\t@aws chime update-user --account-id $(TEAM) --user-id u$$1 --license-type pro\n\
\t-aws chime batch-create-room-membership --account-id a --room-id r \\\n\
\t    --membership-item-list 'MemberId=u$$1,Role=member'\n";
    let dir = with_files(&[("Makefile", makefile)]);
    assert_eq!(
        findings(&dir, "Makefile"),
        [found(4, 76, "enum", Some("safe")), found(6, 49, "enum", Some("safe"))]
    );
    let output = run(&dir, &["lint", "--fix", "Makefile"]);
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    let expected = makefile.replace("type pro", "type Pro").replace("Role=member", "Role=Member");
    assert_eq!(read(&dir, "Makefile"), expected);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standard_input_is_refused_unreadable_files_said_and_a_file_named_twice_fixed_once() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    let output = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(&dir)
        .args(["lint", "--fix", "-"])
        .write_stdin(SCRIPT)
        .output()
        .unwrap();
    assert_eq!(common::code(&output), 2);
    assert!(common::stderr(&output).contains("cannot take standard input"), "{}", common::stderr(&output));
    // An unreadable file is said, and decides the exit status, with --diff too.
    let output = run(&dir, &["lint", "--diff", "missing.sh", "p.sh"]);
    assert_eq!(common::code(&output), 2);
    assert!(common::stderr(&output).contains("cannot read missing.sh"), "{}", common::stderr(&output));
    assert!(common::stdout(&output).starts_with("--- a/p.sh\n"), "{}", common::stdout(&output));
    let output = run(&dir, &["lint", "--fix", "p.sh", "p.sh"]);
    assert_eq!(common::code(&output), 1, "{}", common::stderr(&output));
    assert_eq!(read(&dir, "p.sh"), safe_fixed());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn words_with_escapes_or_run_time_parts_are_not_fixed() {
    // `\pro`: the letter to change is escaped; `pr"$X"`: known only at run
    // time, so not even checked.
    let script = "aws chime update-user --account-id a --user-id u --license-type \\pro\n\
aws chime update-user --account-id a --user-id u --license-type \"pr$X\"\n";
    let dir = with_files(&[("e.sh", script)]);
    assert_eq!(findings(&dir, "e.sh"), [found(1, 65, "enum", None)]);
    let output = run(&dir, &["lint", "--diff", "e.sh"]);
    assert_eq!((common::code(&output), common::stdout(&output).as_str()), (0, ""));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_and_sarif_carry_the_edits_and_follow_their_schemas() {
    let dir = with_files(&[("p.sh", SCRIPT)]);
    let report: Value =
        serde_json::from_slice(&run(&dir, &["lint", "--format", "json", "p.sh"]).stdout).unwrap();
    let fix = &report["files"][0]["diagnostics"][0]["fix"];
    let at = SCRIPT.find("type pro").unwrap() + "type ".len();
    assert_eq!(
        fix,
        &serde_json::json!({"applicability": "safe", "edits": [{"start": at, "end": at + 3, "replacement": "Pro"}]})
    );
    let schema: Value = serde_json::from_slice(&run(&dir, &["validate", "--report-schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    let sarif: Value =
        serde_json::from_slice(&run(&dir, &["lint", "--format", "sarif", "p.sh"]).stdout).unwrap();
    // The OASIS schema, mended as tests/cli_validate.rs explains.
    let text = std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace("-[a-zA-Z]{2}]?$", "-[a-zA-Z]{2}$");
    let oasis: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&oasis).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let with_fixes: Vec<&Value> = results.iter().filter(|r| r.get("fixes").is_some()).collect();
    assert_eq!(with_fixes.len(), 3, "{results:?}");
    let replacement = &with_fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["byteOffset"], at);
    assert_eq!(replacement["insertedContent"]["text"], "Pro");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_word_continued_across_block_scalar_lines_is_edited_only_where_one_to_one() {
    // `pr\` + `o` on the next, indented, line is the word `pro`: the `p`
    // is written as it is, so it is replaced alone; `Po\` + `r` would need
    // `or` rewritten across the line break and the indentation: no fix.
    let workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          \
                    aws chime update-user --account-id a --user-id u --license-type pr\\\n          o\n          \
                    aws chime update-user --account-id a --user-id v --license-type Po\\\n          r\n";
    let dir = with_files(&[("ci.yml", workflow)]);
    assert_eq!(findings(&dir, "ci.yml"), [found(7, 75, "enum", Some("safe")), found(9, 75, "enum", None)]);
    let output = run(&dir, &["lint", "--fix", "--unsafe-fixes", "ci.yml"]);
    assert_eq!(common::stderr(&output), "chime-shape: note: fixed 1 findings; 1 remain\n");
    assert_eq!(read(&dir, "ci.yml"), workflow.replace("type pr\\", "type Pr\\"));
    std::fs::remove_dir_all(&dir).ok();
}
