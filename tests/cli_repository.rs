//! `validate` dropped into a real repository: only request documents are
//! checked, the operation's service is found, and the flags ruff and
//! cfn-lint users expect (`--exclude`, `--select`, `--ignore`,
//! `--statistics`, `--output-file`, `--show-source`) work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{code, stderr, stdout};

const BOB: &str = "AccountId: a1\nUserId: bob\nLicenseType: Platinum\n";
const ALICE: &str = "{\"AccountId\": \"a1\", \"UserId\": \"alice\", \"LicenseType\": \"Pro\"}\n";

/// A repository holding request files beside everything else a repository
/// holds; `git init`ed so that `.gitignore` applies, as it does for ripgrep.
fn repository(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_repository").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let files: &[(&str, &str)] = &[
        ("requests/bob.update-user.yaml", BOB),
        ("requests/alice.update-user.json", ALICE),
        ("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}\n"),
        ("tsconfig.json", "{\"compilerOptions\": {}}\n"),
        (".github/workflows/ci.yml", "name: ci\non: [push]\njobs: {}\n"),
        (".pre-commit-config.yaml", "repos: []\n"),
        ("schemas/update-user.schema.json", "{\"type\": \"object\"}\n"),
        ("node_modules/left-pad/package.json", "{\"name\": \"left-pad\"}\n"),
        ("node_modules/left-pad/update-user.json", "{\"Bogus\": 1}\n"),
        (".gitignore", "node_modules/\n"),
    ];
    for (path, text) in files.iter().chain(extra) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    assert!(
        std::process::Command::new("git").args(["init", "-q"]).current_dir(&dir).status().unwrap().success()
    );
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn files(report: &serde_json::Value) -> Vec<String> {
    report["files"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_walk_checks_request_documents_and_only_them() {
    let dir = repository("walk", &[(".chime-shape.yaml", "severity: {pattern: warning}\n")]);
    let out = run_in(&dir, &["validate", "--format", "json", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(files(&report), ["requests/alice.update-user.json", "requests/bob.update-user.yaml"]);
    // package.json, tsconfig.json and the exported schema are skipped, not
    // errors; hidden and git-ignored files are not even looked at; the
    // configuration is named.
    assert_eq!(
        report["skipped"],
        serde_json::json!(["package.json", "schemas/update-user.schema.json", "tsconfig.json"])
    );
    assert_eq!(report["config"], ".chime-shape.yaml");
    // --verbose lists them, and says which service each request was for.
    let out = run_in(&dir, &["validate", "--verbose", "."]);
    let err = stderr(&out);
    assert!(err.contains("package.json: skipped"), "{err}");
    assert!(err.contains("requests/bob.update-user.yaml: update-user of chime"), "{err}");
    assert!(stdout(&out).contains("3 skipped"), "{}", stdout(&out));
}

#[test]
fn the_configuration_include_decides_what_a_walk_takes() {
    let dir = repository(
        "include",
        &[
            (".chime-shape.yaml", "include: ['requests/**/*.yaml']\n"),
            ("requests/drafts/x.update-user.yaml", "Bogus: 1\n"),
        ],
    );
    let out = run_in(&dir, &["validate", "--format", "json", "."]);
    assert_eq!(files(&json(&out)), ["requests/bob.update-user.yaml", "requests/drafts/x.update-user.yaml"]);
    // --exclude on the command line, as the configuration's exclude.
    let out = run_in(&dir, &["validate", "--format", "json", "--exclude", "requests/drafts/**", "."]);
    assert_eq!(files(&json(&out)), ["requests/bob.update-user.yaml"]);
    // A hook hands over every file: with --skip-unknown, `include` says
    // which are requests, and the configuration itself is never checked.
    let out = run_in(
        &dir,
        &[
            "validate",
            "--skip-unknown",
            "--format",
            "json",
            ".chime-shape.yaml",
            "package.json",
            "requests/alice.update-user.json",
            "requests/bob.update-user.yaml",
        ],
    );
    assert_eq!(files(&json(&out)), ["requests/bob.update-user.yaml"]);
}

#[test]
fn globs_the_shell_left_alone_are_expanded() {
    let dir = repository("globs", &[]);
    let out = run_in(&dir, &["validate", "--format", "json", "requests/**/*.yaml", "requests/*.json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(files(&json(&out)), ["requests/bob.update-user.yaml", "requests/alice.update-user.json"]);
    let out = run_in(&dir, &["validate", "nothing/**/*.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no file matches nothing/**/*.json"), "{}", stderr(&out));
}

#[test]
fn the_operation_finds_its_service() {
    let meeting = "{\"ClientRequestToken\": \"token-0000000000\", \"MediaRegion\": \"us-east-1\", \"ExternalMeetingId\": \"standup\"}\n";
    let dir = repository(
        "service",
        &[
            ("meeting.json", meeting),
            ("standup.create-meeting.json", meeting),
            ("x.tag-resource.json", "{}\n"),
        ],
    );
    // The example of `validate --help`: create-meeting is only in
    // chime-sdk-meetings.
    let out = run_in(&dir, &["validate", "--operation", "create-meeting", "meeting.json"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let out = run_in(&dir, &["validate", "--format", "json", "standup.create-meeting.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(json(&out)["files"][0]["service"], "chime-sdk-meetings");
    // In several services: the finding lists them and how to choose.
    let out = run_in(&dir, &["validate", "x.tag-resource.json"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("several services") && text.contains("chime-sdk-voice") && text.contains("--service"),
        "{text}"
    );
    let out = run_in(&dir, &["validate", "--operation", "tag-resource", "meeting.json"]);
    assert_eq!(code(&out), 2);
    // Suggestions search every embedded service.
    let out = run_in(&dir, &["validate", "--operation", "create-meetin", "meeting.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`create-meeting` (service chime-sdk-meetings)"), "{}", stderr(&out));
    // A service given still decides.
    let out =
        run_in(&dir, &["--service", "chime", "validate", "--operation", "create-meeting", "meeting.json"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn select_ignore_statistics_output_file_and_source() {
    let dir = repository(
        "flags",
        &[(
            "c.update-user.json",
            "{\"AccountId\": \"\", \"UserId\": \"u\", \"LicenseType\": \"Platinum\", \"Bogus\": 1}\n",
        )],
    );
    let out =
        run_in(&dir, &["validate", "--format", "json", "--select", "enum,unknown", "c.update-user.json"]);
    let codes: Vec<String> = json(&out)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["enum", "unknown"]);
    let out = run_in(&dir, &["validate", "--ignore", "enum,unknown,pattern,length", "c.update-user.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(code(&run_in(&dir, &["validate", "--select", "colour", "c.update-user.json"])), 2);

    let out = run_in(&dir, &["validate", "--statistics", "c.update-user.json"]);
    assert!(stdout(&out).contains("1  enum"), "{}", stdout(&out));

    let out = run_in(
        &dir,
        &["validate", "--format", "sarif", "--output-file", "report.sarif", "c.update-user.json"],
    );
    assert_eq!(code(&out), 1, "the verdict stays in the exit status");
    assert!(out.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    // Snippets off a terminal, on request (and for CLICOLOR_FORCE logs).
    let out = run_in(&dir, &["validate", "--show-source", "c.update-user.json"]);
    assert!(stdout(&out).contains(" | {\"AccountId\""), "{}", stdout(&out));
    let out = run_in(&dir, &["validate", "c.update-user.json"]);
    assert!(!stdout(&out).contains(" | "), "{}", stdout(&out));
}

#[test]
fn messages_say_the_right_thing() {
    let dir = repository(
        "messages",
        &[
            (
                "plain.update-user.yaml",
                "AccountId: a\nUserId: u\nAlexaForBusinessMetadata:\n  IsAlexaForBusinessEnabled: yes\n",
            ),
            (
                "quoted.update-user.yaml",
                "AccountId: a\nUserId: u\nAlexaForBusinessMetadata:\n  IsAlexaForBusinessEnabled: \"yes\"\n",
            ),
            (
                "json.update-user.json",
                "{\"AccountId\": \"a\", \"UserId\": \"u\", \"AlexaForBusinessMetadata\": {\"IsAlexaForBusinessEnabled\": \"yes\"}}\n",
            ),
            (
                "empty.create-meeting.json",
                "{\"ClientRequestToken\": \"token-0000000000\", \"MediaRegion\": \"\", \"ExternalMeetingId\": \"standup\"}\n",
            ),
            ("tab.update-user.yaml", "AccountId: a\n\tUserId: u\n"),
        ],
    );
    let out = run_in(
        &dir,
        &["validate", "plain.update-user.yaml", "quoted.update-user.yaml", "json.update-user.json"],
    );
    let text = stdout(&out);
    // The YAML 1.1 note only where YAML 1.1 would have read a boolean.
    assert_eq!(text.matches("YAML 1.2").count(), 1, "{text}");
    assert!(
        text.lines().next().unwrap().starts_with("plain.update-user.yaml:4:30")
            && text.lines().next().unwrap().contains("YAML 1.2"),
        "{text}"
    );
    // An empty string is one finding (the first constraint it fails).
    let out = run_in(&dir, &["validate", "--format", "json", "empty.create-meeting.json"]);
    let findings = json(&out)["files"][0]["diagnostics"].as_array().unwrap().len();
    assert_eq!(findings, 1, "{}", stdout(&out));
    // A tab is reported where it is.
    let out = run_in(&dir, &["validate", "tab.update-user.yaml"]);
    assert!(stdout(&out).starts_with("tab.update-user.yaml:2:1: error[syntax]"), "{}", stdout(&out));
    // A misspelt option gets a suggestion; a missing idempotency token a note.
    let out = run_in(
        &dir,
        &["parse", "update-user", "--account-id", "a", "--user-id", "u", "--licence-type", "Basic"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean --license-type?"), "{}", stderr(&out));
    let out = run_in(
        &dir,
        &[
            "parse",
            "aws",
            "chime-sdk-meetings",
            "create-meeting",
            "--media-region",
            "us-east-1",
            "--external-meeting-id",
            "standup",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "--client-request-token is not given: the AWS CLI fills ClientRequestToken with a random UUID"
        ),
        "{}",
        stderr(&out)
    );
}

/// `schema --all` writes every schema and the VS Code settings that map
/// exactly the files `validate` reads the operation from.
#[test]
fn schema_all_writes_schemas_and_editor_settings() {
    let dir = repository("schemas", &[]);
    let out = run_in(&dir, &["schema", "--all", "--out-dir", "schemas"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.join("schemas/update-user.schema.json").is_file());
    assert!(dir.join("schemas/batch-update-user.schema.json").is_file());
    let settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("schemas/vscode-settings.json")).unwrap()).unwrap();
    let entry = settings["json.schemas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == "./schemas/update-user.schema.json")
        .unwrap();
    let mut globs = globset::GlobSetBuilder::new();
    for glob in entry["fileMatch"].as_array().unwrap() {
        globs.add(globset::Glob::new(glob.as_str().unwrap()).unwrap());
    }
    let globs = globs.build().unwrap();
    assert!(globs.is_match("requests/update-user.json"));
    assert!(globs.is_match("requests/alice.update-user.json"));
    assert!(!globs.is_match("requests/batch-update-user.json"));
    assert!(!globs.is_match("requests/x.batch-update-user.json"));
    assert!(settings["yaml.schemas"]["./schemas/update-user.schema.json"].is_array());
    assert_eq!(code(&run_in(&dir, &["schema"])), 2);
}

/// `rules` lists every code; `explain` explains each, and its example is
/// checked as shown: the finding it prints is the code's own.
#[test]
fn rules_and_explain_cover_every_code() {
    let dir = repository("rules", &[]);
    let out = run_in(&dir, &["rules"]);
    assert_eq!(code(&out), 0);
    let listed = stdout(&out);
    for c in chime_shape::report::diagnostic::Code::ALL {
        assert!(listed.lines().any(|l| l.starts_with(&format!("{} ", c.as_str()))), "{c} missing:\n{listed}");
        let out = run_in(&dir, &["explain", c.as_str()]);
        assert_eq!(code(&out), 0, "{c}: {}", stderr(&out));
        let text = stdout(&out);
        if let Some(example) = c.example() {
            let shown = format!("example.{}.yaml:", example.operation);
            assert!(text.contains(&format!("[{c}]")) && text.contains(&shown), "{c}:\n{text}");
        }
    }
    let out = run_in(&dir, &["explain", "enumm"]);
    assert_eq!(code(&out), 2);
}
