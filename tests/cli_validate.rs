//! `validate` through the binary: the contract's formats and exit codes,
//! directories, standard input, severity changes, and sensitive values.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{code, run, run_stdin, stderr, stdout, transcript};

/// A fresh directory under the target dir, with `files` written into it.
fn workdir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_validate").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const BOB: &str = "AccountId: a1b2c3\nUserId: bob\nLicenseType: Platinum\n";
const GOOD: &str =
    "{\n    \"AccountId\": \"a1b2c3\",\n    \"UserId\": \"alice\",\n    \"LicenseType\": \"Pro\"\n}\n";

fn arg(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn the_contract_example_in_every_format() {
    let dir = workdir("contract", &[("requests/bob.update-user.yaml", BOB)]);
    let file = "requests/bob.update-user.yaml";
    let in_dir = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("chime-shape").unwrap().current_dir(&dir).args(args).output().unwrap()
    };
    let out = in_dir(&["validate", "--format", "json", file]);
    assert_eq!(code(&out), 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(report["files"][0]["file"], file);
    assert_eq!(report["files"][0]["service"], "chime");
    assert_eq!(report["files"][0]["operation"], "update-user");
    assert_eq!(report["files"][0]["valid"], false);
    assert_eq!(
        (d["severity"].as_str(), d["code"].as_str(), d["path"].as_str()),
        (Some("error"), Some("enum"), Some("/LicenseType"))
    );
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(14)));
    assert_eq!(d["message"], "\"Platinum\" is not one of Basic, Plus, Pro, ProTrial");
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "valid": 0, "invalid": 1, "errors": 1, "warnings": 0})
    );

    // The report conforms to its own published schema.
    let schema: serde_json::Value =
        serde_json::from_slice(&in_dir(&["validate", "--report-schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        validator.is_valid(&report),
        "{:?}",
        validator.iter_errors(&report).map(|e| e.to_string()).collect::<Vec<_>>()
    );

    // SARIF 2.1.0, valid against the OASIS schema.
    let out = in_dir(&["validate", "--format", "sarif", file]);
    assert_eq!(code(&out), 1);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The OASIS schema (tests/data, from the serde-sarif 0.8.0 crate) has a
    // stray `]` in the pattern of `language`, which strict regex engines
    // refuse; mend it before compiling.
    let text = std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace("-[a-zA-Z]{2}]?$", "-[a-zA-Z]{2}$");
    let oasis: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&oasis).unwrap();
    assert!(
        validator.is_valid(&sarif),
        "{:?}",
        validator.iter_errors(&sarif).map(|e| e.to_string()).collect::<Vec<_>>()
    );
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "enum");
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], file);
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 3);

    let out = in_dir(&["validate", "--format", "github", file]);
    assert_eq!(
        stdout(&out),
        "::error file=requests/bob.update-user.yaml,line=3,col=14,endLine=3,endColumn=22,title=chime-shape enum::\"Platinum\" is not one of Basic, Plus, Pro, ProTrial (at /LicenseType)\n"
    );

    let out = in_dir(&["validate", file]);
    snap!("validate_text", transcript(&["validate", file], &out));
}

#[test]
fn exit_codes_and_severities() {
    let dir = workdir("exit", &[("alice.update-user.json", GOOD), ("bob.update-user.yaml", BOB)]);
    let good = arg(&dir.join("alice.update-user.json"));
    let bad = arg(&dir.join("bob.update-user.yaml"));
    assert_eq!(code(&run(&["validate", &good])), 0);
    assert_eq!(code(&run(&["validate", &good, &bad])), 1);
    // A team whose model is newer can turn a code into a warning...
    let out = run(&["validate", "--warn", "enum", &bad]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[enum]"));
    // ...and fail on warnings if it wants to.
    assert_eq!(code(&run(&["validate", "--warn", "enum", "--fail-level", "warning", &bad])), 1);
    // Usage errors and unreadable files: 2.
    assert_eq!(code(&run(&["validate", "--warn", "colour", &good])), 2);
    let missing = arg(&dir.join("missing.update-user.json"));
    let out = run(&["validate", &good, &missing]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read") && stderr(&out).contains("missing.update-user.json"));
    assert_eq!(code(&run(&["validate"])), 2);
}

#[test]
fn directories_stdin_and_operations_from_names() {
    let dir = workdir(
        "walk",
        &[
            ("a/alice.update-user.json", GOOD),
            ("a/b/UpdateUser.yaml", BOB),
            ("a/notes.txt", "not a request"),
            ("a/mystery.json", "{}"),
        ],
    );
    let out = run(&["validate", "--format", "json", &arg(&dir.join("a"))]);
    assert_eq!(code(&out), 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> =
        report["files"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].ends_with("alice.update-user.json"));
    assert!(files[1].ends_with("b/UpdateUser.yaml"));
    // A walk skips a JSON file whose operation cannot be told (counted, and
    // listed in the JSON report)...
    assert!(report["skipped"][0].as_str().unwrap().ends_with("mystery.json"), "{report}");
    assert_eq!(report["summary"]["skipped"], 1);
    // ...but a file named on its own still gets an `operation` finding.
    let out = run(&["validate", "--format", "json", &arg(&dir.join("a/mystery.json"))]);
    assert_eq!(code(&out), 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"][0]["code"], "operation");
    assert!(report["files"][0]["diagnostics"][0]["message"].as_str().unwrap().contains("--operation"));

    let out = run_stdin(&["validate", "--stdin-filename", "update-user.json", "-"], GOOD);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = run_stdin(&["validate", "--operation", "update-user", "-"], BOB);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("-:3:14: error[enum]"), "{}", stdout(&out));
}

#[test]
fn sensitive_values_are_never_printed() {
    // E164PhoneNumber (chime) and CallingName (voice) are sensitive: a
    // pattern, a length and a type finding each, without the value.
    let long = "9".repeat(40);
    let phone =
        format!("{{\"AccountId\": \"a\", \"UserId\": \"u\", \"E164PhoneNumber\": \"SECRET-PHONE-{long}\"}}");
    let typed = "{\"AccountId\": \"a\", \"UserId\": \"u\", \"E164PhoneNumber\": 4155550100}";
    let voice = "{\"CallingName\": \"SECRET-NAME!!\"}";
    let dir = workdir(
        "sensitive",
        &[
            ("associate-phone-number-with-user.json", &phone),
            ("typed.associate-phone-number-with-user.json", typed),
            ("update-phone-number-settings.json", voice),
        ],
    );
    for format in ["text", "json", "sarif", "github"] {
        let out =
            run(&["validate", "--format", format, &arg(&dir.join("associate-phone-number-with-user.json"))]);
        assert_eq!(code(&out), 1);
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("pattern") && !text.contains("SECRET"), "{format}: {text}");
        let out = run(&[
            "validate",
            "--format",
            format,
            &arg(&dir.join("typed.associate-phone-number-with-user.json")),
        ]);
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("type") && !text.contains("4155550100"), "{format}: {text}");
        let out = run(&[
            "--service",
            "chime-sdk-voice",
            "validate",
            "--format",
            format,
            &arg(&dir.join("update-phone-number-settings.json")),
        ]);
        let text = stdout(&out) + &stderr(&out);
        assert!(text.contains("pattern") && !text.contains("SECRET"), "{format}: {text}");
    }
    // parse prints the request it was given, but its findings do not
    // repeat the value.
    let out = run(&[
        "parse",
        "associate-phone-number-with-user",
        "--account-id",
        "a",
        "--user-id",
        "u",
        "--e164-phone-number",
        "SECRET-X",
    ]);
    assert_eq!(code(&out), 1);
    assert!(!stderr(&out).contains("SECRET"), "{}", stderr(&out));
}
