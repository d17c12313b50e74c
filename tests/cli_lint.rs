//! `chime-shape lint` end to end: every kind of file, every place an `aws`
//! command can stand, words known only at run time, `file://` values,
//! other services, the report formats, masking, and hostile files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use serde_json::Value;

/// A finding as `(file, line, column, code)`.
type Found = (String, u64, u64, String);

/// Writes `files` into a fresh folder and lints `args` there (JSON report),
/// returning `(exit code, findings, report)`.
fn lint_in(files: &[(&str, &str)], args: &[&str]) -> (i32, Vec<Found>, Value) {
    let dir = tempdir();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(&dir)
        .args(["lint", "--format", "json"])
        .args(args)
        .env_remove("AWS_DATA_PATH")
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", common::stdout(&output), common::stderr(&output)));
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                file["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            ));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    (code, found, report)
}

fn tempdir() -> std::path::PathBuf {
    common::fresh_temp_dir("lint")
}

/// `(line, column, code)` of the findings in the one file `name`.
fn findings(name: &str, text: &str) -> Vec<(u64, u64, String)> {
    let (_, found, _) = lint_in(&[(name, text)], &[name]);
    found.into_iter().map(|(_, l, c, code)| (l, c, code)).collect()
}

fn at(line: u64, column: u64, code: &str) -> (u64, u64, String) {
    (line, column, code.to_owned())
}

#[test]
fn shell_commands_are_found_wherever_they_stand() {
    let script = r#"#!/bin/bash
set -euo pipefail
sudo -E env AWS_PAGER= aws --region us-east-1 chime update-user --account-id a \
    --user-id u --license-type Platinum
if true; then aws chime get-user --account-id a; fi
for u in a b; do time aws chime get-user --account-id a --user-id "$u" --bogus; done
users=$(aws chime list-users --account-id a --max-results 500 | jq .)
f() { command aws chime get-account --acount-id a; }
echo `aws chime get-account`
"#;
    assert_eq!(
        findings("deploy.sh", script),
        [
            at(4, 32, "enum"),
            at(5, 25, "missing-option"),
            at(6, 72, "unknown-option"),
            at(7, 59, "range"),
            at(8, 37, "unknown-option"),
            at(9, 17, "missing-option"),
        ]
    );
}

#[test]
fn unknown_words_are_never_false_errors() {
    let script = r#"aws chime update-user --account-id "$ACCOUNT" --user-id ${USER_ID} --license-type "$(pick)"
aws chime update-user --account-id a --user-id u --license-type Pro*
aws chime update-user $OPTIONS
aws chime update-user "$@"
aws "$SERVICE" update-user --bogus
aws chime $OPERATION --bogus
aws chime update-user --account-id=$A --user-id u --license-type "$T"
echo ids | xargs aws chime batch-suspend-user --account-id a --user-id-list
aws chime update-user --account-id "$A" --license-type Pro
"#;
    assert_eq!(findings("x.sh", script), [at(9, 11, "missing-option")]);
}

#[test]
fn quoted_values_are_resolved_and_located_inside() {
    let script = concat!(
        "aws chime batch-create-room-membership --account-id a --room-id r \\\n",
        "  --membership-item-list 'MemberId=m1,Role=Member' \"MemberId=m2,Role=Boss\"\n",
        "aws chime update-account-settings --account-id a --account-settings '{\"DisableRemoteControl\": \"no\"}'\n",
        "aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list $'MemberId=m3,Role=[x'\n",
    );
    let found = findings("x.sh", script);
    assert_eq!(found[0], at(2, 70, "enum"));
    assert_eq!(found[1], at(3, 95, "type"));
    assert_eq!(found[2].2, "shorthand");
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn makefiles_workflows_dockerfiles_and_markdown() {
    let makefile = "ACCOUNT ?= a\nusers:\n\t@aws chime list-users --account-id $(ACCOUNT) --max-results 500 | jq '.Users[] | .UserId' | sort > $$HOME/users\n";
    assert_eq!(findings("Makefile", makefile), [at(3, 62, "range")]);

    let workflow = "on: push\njobs:\n  users:\n    runs-on: ubuntu-latest\n    steps:\n      - name: List\n        run: |\n          echo start\n          aws chime list-users --account-id \"${{ vars.ACCOUNT }}\" \\\n            --max-results 0\n";
    assert_eq!(findings(".github/workflows/users.yml", workflow), [at(10, 27, "range")]);

    let dockerfile = "FROM amazon/aws-cli\nRUN aws chime list-users --account-id a \\\n    --user-type Admin\nRUN [\"aws\", \"chime\", \"get-user\", \"--account-id\", \"a\"]\n";
    assert_eq!(findings("Dockerfile", dockerfile), [at(3, 17, "enum"), at(4, 22, "missing-option")]);

    let markdown = "# Users\n\n```console\n$ aws chime get-user --account-id a \\\n>   --user-id u --bogus\n{\"User\": {}}\n```\n\n```python\naws chime nothing-here\n```\n\n```bash\naws chime get-user --user-id u\n```\n";
    assert_eq!(findings("README.md", markdown), [at(5, 17, "unknown-option"), at(14, 11, "missing-option")]);
}

#[test]
fn a_directory_is_walked_for_scripts_only() {
    let files = [
        ("scripts/a.sh", "aws chime get-user --account-id a\n"),
        ("scripts/run", "#!/usr/bin/env bash\naws chime get-user --account-id a\n"),
        ("notes.txt", "aws chime get-user --account-id a\n"),
        ("app.py", "# aws chime get-user\n"),
        ("requests/x.update-user.json", "{}\n"),
        ("ignored/b.sh", "aws chime get-user\n"),
        // .gitignore applies in a git repository, as for ripgrep.
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".gitignore", "ignored/\n"),
    ];
    let (code, found, _) = lint_in(&files, &["."]);
    assert_eq!(code, 1);
    let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, ["scripts/a.sh", "scripts/run"]);
}

#[test]
fn file_values_are_read_next_to_the_script_or_at_the_root() {
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "scripts/users.sh",
            "aws chime update-user --cli-input-json file://alice.json\naws chime update-user --cli-input-json file://requests/bob.json\naws chime update-user --cli-input-json file://missing.json\n",
        ),
        ("scripts/alice.json", "{\"AccountId\": \"a\", \"UserId\": \"u\", \"LicenseType\": \"Gold\"}"),
        ("requests/bob.json", "{\"AccountId\": \"a\"}"),
    ];
    let (code, found, report) = lint_in(&files, &["scripts/users.sh"]);
    assert_eq!(code, 1);
    let codes: Vec<(u64, &str)> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(codes, [(1, "enum"), (2, "required"), (3, "file-not-found")]);
    let message = report["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("alice.json:1:"), "{message}");
}

#[test]
fn other_services_are_skipped_unless_their_model_is_given() {
    let script =
        "aws dynamodb describe-table --tabel-name orders\naws s3 cp a s3://b/a\naws configure set region x\n";
    let (code, found, report) = lint_in(&[("t.sh", script)], &["t.sh"]);
    assert_eq!((code, found.len()), (0, 0));
    assert_eq!(report["summary"]["skipped"], 1, "{report}");

    let model = common::root().join("tests/data/models/dynamodb/service-2.json.gz");
    let dir = tempdir();
    std::fs::write(dir.join("t.sh"), script).unwrap();
    let output = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(&dir)
        .args(["--model", model.to_str().unwrap(), "lint", "t.sh"])
        .output()
        .unwrap();
    let text = common::stdout(&output);
    assert_eq!(common::code(&output), 1, "{text}");
    assert!(text.contains("t.sh:1:29: error[unknown-option]"), "{text}");
    assert!(text.contains("did you mean --table-name?"), "{text}");
    // `--table-nam` is no mistake: argparse takes a unique prefix.
    std::fs::write(dir.join("t.sh"), "aws dynamodb describe-table --table-nam orders\n").unwrap();
    let output = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(&dir)
        .args(["--model", model.to_str().unwrap(), "lint", "t.sh"])
        .output()
        .unwrap();
    assert_eq!(common::code(&output), 0, "{}", common::stdout(&output));
}

#[test]
fn sensitive_values_are_masked_in_snippets_and_never_quoted() {
    let script = "aws chime update-phone-number --phone-number-id p --calling-name 'Hush!Secret'\n";
    let dir = tempdir();
    std::fs::write(dir.join("s.sh"), script).unwrap();
    for format in ["text", "json", "sarif", "github"] {
        let output = assert_cmd::Command::cargo_bin("chime-shape")
            .unwrap()
            .current_dir(&dir)
            .args(["lint", "--show-source", "--format", format, "s.sh"])
            .output()
            .unwrap();
        assert_eq!(common::code(&output), 1);
        let all = format!("{}{}", common::stdout(&output), common::stderr(&output));
        assert!(!all.contains("Hush") && !all.contains("Secret"), "{format}: {all}");
    }
}

#[test]
fn hostile_scripts_end_cleanly() {
    let deep = format!("{}aws chime get-user{}\n", "$(".repeat(50_000), ")".repeat(50_000));
    let long = format!("aws chime get-user --account-id a --user-id {}\n", "x".repeat(10 << 20));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("deep.sh", deep.into_bytes()),
        ("long.sh", long.into_bytes()),
        ("quote.sh", b"aws chime get-user --account-id 'a\n".to_vec()),
        ("heredoc.sh", b"cat <<EOF\naws chime get-user\n".to_vec()),
        ("binary.sh", vec![0, 159, 146, 150, 0xff, b'\n']),
    ];
    for (name, bytes) in cases {
        let dir = tempdir();
        std::fs::write(dir.join(name), &bytes).unwrap();
        let output = assert_cmd::Command::cargo_bin("chime-shape")
            .unwrap()
            .current_dir(&dir)
            .args(["lint", name])
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let code = common::code(&output);
        assert!((0..=2).contains(&code), "{name}: exit {code}: {}", common::stderr(&output));
        assert!(!common::stderr(&output).contains("panicked"), "{name}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn configuration_severities_and_excludes_apply() {
    let files = [
        (".chime-shape.yaml", "severity:\n  range: warning\nlint:\n  exclude: [\"vendor/**\"]\n"),
        ("a.sh", "aws chime list-users --account-id a --max-results 500\n"),
        ("vendor/b.sh", "aws chime list-users\n"),
    ];
    let (code, found, _) = lint_in(&files, &[]);
    assert_eq!(code, 0);
    assert_eq!(found, [("a.sh".to_owned(), 1, 51, "range".to_owned())]);
}

#[test]
fn the_json_report_names_the_command() {
    let (_, _, report) =
        lint_in(&[("a.sh", "aws chime list-users --account-id a --max-results 500\n")], &["a.sh"]);
    assert_eq!(report["files"][0]["diagnostics"][0]["command"], "aws chime list-users");
    assert!(Path::new(report["files"][0]["file"].as_str().unwrap()).ends_with("a.sh"));
}

#[test]
fn review_cases_run_time_words_and_cli_forms_are_no_false_errors() {
    let script = concat!(
        "aws chime --region us-east-1 get-account --account-id abc\n",
        "aws chime --output=json --debug get-account --account-id abc\n",
        "echo a | xargs aws chime get-account --account-id\n",
        "aws chime update-user --account-id a --user-id u $FLAG Pro\n",
        "aws chime update-user --account-id a --user-id u --$OPT Pro\n",
        "aws chime get-account help\n",
        "aws cloudformation deploy --template-file t.yml\n",
        "aws chime update-user --account-id ACCOUNT_ID --user-id USER_ID --license-type <LICENSE>\n",
        "aws chime get-account --account-id abc\n",
    );
    assert_eq!(findings("ok.sh", script), []);
    let jinja =
        "- hosts: all\n  tasks:\n    - command: aws chime get-account --account-id {{ chime_account }}\n";
    assert_eq!(findings("site.yml", jinja), []);
    // A Latin-1 comment does not hide the file's commands.
    let (code, found, _) = lint_in(&[("l.sh", "# caf\u{e9}\naws chime get-acount\n")], &["l.sh"]);
    assert_eq!(code, 1);
    assert_eq!(found[0].3, "unknown-operation");
}

#[test]
fn files_outside_the_repository_are_never_read() {
    let outside = std::env::temp_dir().join(format!("chime-shape-outside-{}.txt", std::process::id()));
    std::fs::write(&outside, "SECRET-OUTSIDE").unwrap();
    let script = format!(
        "aws chime update-account --account-id a --default-license file://{}\n\
         aws chime update-account --account-id a --default-license file:///proc/self/environ\n",
        outside.display()
    );
    let (code, found, report) = lint_in(&[(".git/HEAD", "x\n"), ("s/x.sh", &script)], &["s/x.sh"]);
    std::fs::remove_file(&outside).ok();
    assert_eq!(code, 0);
    let codes: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
    assert_eq!(codes, ["file-not-found", "file-not-found"]);
    assert!(!report.to_string().contains("SECRET"), "{report}");
}

#[test]
fn sensitive_values_are_masked_when_the_command_does_not_parse() {
    let script = concat!(
        "aws chime update-phone-number --phone-number-id x --calling-name SEKRITa --bogus\n",
        "aws chime update-phone-number --phone-number-id x --calling-name SEKRITb --product-type\n",
        "aws chime create-user --account-id a --emial SEKRITc\n",
    );
    let dir = tempdir();
    std::fs::write(dir.join("s.sh"), script).unwrap();
    let output = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .current_dir(&dir)
        .args(["lint", "--show-source", "s.sh"])
        .output()
        .unwrap();
    let all = format!("{}{}", common::stdout(&output), common::stderr(&output));
    assert_eq!(common::code(&output), 1, "{all}");
    assert!(!all.contains("SEKRIT"), "{all}");
}

#[test]
fn hidden_ci_folders_are_walked() {
    let files = [
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            ".github/workflows/d.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: aws chime list-accounts --max-results 500\n",
        ),
        (".gitlab-ci.yml", "job:\n  script:\n    - aws chime list-accounts --max-results 0\n"),
    ];
    let (code, found, _) = lint_in(&files, &["."]);
    assert_eq!(code, 1);
    let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files, [".github/workflows/d.yml", ".gitlab-ci.yml"]);
}

#[test]
fn console_sessions_continue_at_the_secondary_prompt() {
    let markdown = "```console\n$ for id in a b; do\n>   aws chime get-account --acount-id \"$id\"\n> done\nsome output\n```\n";
    assert_eq!(findings("s.md", markdown), [at(3, 27, "unknown-option")]);
}
