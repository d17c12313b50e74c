//! `validate --fix` / `--diff` (issue 14, first part): the safe fixes
//! (an enum value in the wrong case, a YAML 1.1 boolean) applied in place
//! with every other byte kept, idempotent, shown as a diff, and carried in
//! the JSON report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;

const YAML: &str = "AccountId: a1   # the account\r\nUserId: bob\r\nLicenseType: pro\r\nAlexaForBusinessMetadata:\r\n  IsAlexaForBusinessEnabled: yes";

fn dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chime-shape-fix-{}-{}", std::process::id(), rand()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("chime-shape").unwrap().current_dir(dir).args(args).output().unwrap()
}

#[test]
fn fix_keeps_every_other_byte_and_is_idempotent() {
    let dir = dir();
    let file = dir.join("a.update-user.yaml");
    std::fs::write(&file, YAML).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = run(&dir, &["validate", "--fix", "a.update-user.yaml"]);
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(fixed, YAML.replace("pro\r", "Pro\r").replace(": yes", ": true"));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
    // Nothing left to fix: a second run changes nothing.
    let output = run(&dir, &["validate", "--fix", "a.update-user.yaml"]);
    assert_eq!(common::code(&output), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_shows_and_writes_nothing() {
    let dir = dir();
    std::fs::write(dir.join("a.update-user.yaml"), YAML).unwrap();
    let output = run(&dir, &["validate", "--diff", "a.update-user.yaml"]);
    assert_eq!(common::code(&output), 1);
    let diff = common::stdout(&output);
    assert!(
        diff.starts_with("--- a/a.update-user.yaml\n+++ b/a.update-user.yaml\n@@ -1,5 +1,5 @@\n"),
        "{diff}"
    );
    assert!(diff.contains("-LicenseType: pro\\r\n+LicenseType: Pro\\r\n"), "{diff}");
    assert_eq!(std::fs::read_to_string(dir.join("a.update-user.yaml")).unwrap(), YAML);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_json_report_carries_the_edit() {
    let dir = dir();
    std::fs::write(
        dir.join("a.update-user.json"),
        "{\"AccountId\": \"a1\", \"UserId\": \"u\", \"LicenseType\": \"pro\"}",
    )
    .unwrap();
    let output = run(&dir, &["validate", "--format", "json", "a.update-user.json"]);
    let report: serde_json::Value = serde_json::from_str(&common::stdout(&output)).unwrap();
    let fix = &report["files"][0]["diagnostics"][0]["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["replacement"], "\"Pro\"");
    assert_eq!(fix["edits"][0]["start"], 50);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fixes_in_sarif_and_json_follow_their_schemas() {
    let dir = dir();
    std::fs::write(dir.join("a.update-user.yaml"), "AccountId: a1\nUserId: bob\nLicenseType: pro\n").unwrap();
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&dir, &["validate", "--format", "sarif", "a.update-user.yaml"]).stdout)
            .unwrap();
    // The OASIS schema, mended as tests/cli_validate.rs explains.
    let text = std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace("-[a-zA-Z]{2}]?$", "-[a-zA-Z]{2}$");
    let oasis: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&oasis).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let change = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["replacements"][0]["deletedRegion"]["byteOffset"], 39);
    assert_eq!(change["replacements"][0]["insertedContent"]["text"], "Pro");

    let report: serde_json::Value =
        serde_json::from_slice(&run(&dir, &["validate", "--format", "json", "a.update-user.yaml"]).stdout)
            .unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&run(&dir, &["validate", "--report-schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(schema.to_string().contains("applicability"), "the report schema describes fix");
    std::fs::remove_dir_all(&dir).ok();
}

/// Every kind of fix in one JSON file with a byte-order mark and no final
/// newline: `--fix` applies the safe ones (the duplicate's earlier entry,
/// the number written as a string, the enum's case), `--unsafe-fixes` adds
/// the misspelt member; the rest of the bytes stay.
#[test]
fn safe_and_unsafe_fixes_of_every_kind() {
    let dir = dir();
    let file = dir.join("a.list-users.json");
    let before = "\u{feff}{\n  \"AccountId\": \"a1\",\n  \"MaxResults\": 20,\n  \"UserType\": \"privateuser\",\n  \
                  \"MaxResults\": \"50\",\n  \"Nexttoken\": \"t\"\n}";
    std::fs::write(&file, before).unwrap();
    let output = run(&dir, &["validate", "--fix", "a.list-users.json"]);
    assert_eq!(common::code(&output), 1, "the misspelt member is left: {}", common::stderr(&output));
    assert!(common::stderr(&output).contains("fixed 3 findings; 1 remain"), "{}", common::stderr(&output));
    let safe = "\u{feff}{\n  \"AccountId\": \"a1\",\n  \"UserType\": \"PrivateUser\",\n  \"MaxResults\": 50,\n  \
                \"Nexttoken\": \"t\"\n}";
    assert_eq!(std::fs::read_to_string(&file).unwrap(), safe);
    let output = run(&dir, &["validate", "--fix", "--unsafe-fixes", "a.list-users.json"]);
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), safe.replace("Nexttoken", "NextToken"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A timestamp the CLI reads through dateutil gets a note and, with
/// `--unsafe-fixes`, the ISO 8601 the CLI would send; a YAML area code
/// written as a number is quoted as written.
#[test]
fn timestamps_and_numbers_for_strings() {
    let dir = dir();
    let file = dir.join("a.list-channel-messages.yaml");
    let before = "ChannelArn: arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c\n\
                  ChimeBearer: arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u\n\
                  NotBefore: Jan 2 2024 10:00 pm  # start\nSubChannelId: 0206\n";
    std::fs::write(&file, before).unwrap();
    let output = run(
        &dir,
        &[
            "--service",
            "chime-sdk-messaging",
            "validate",
            "--diff",
            "--unsafe-fixes",
            "a.list-channel-messages.yaml",
        ],
    );
    assert_eq!(common::code(&output), 1);
    let diff = common::stdout(&output);
    assert!(diff.contains("-NotBefore: Jan 2 2024 10:00 pm  # start\n-SubChannelId: 0206\n+NotBefore: 2024-01-02T22:00:00Z  # start\n+SubChannelId: \"0206\"\n"), "{diff}");
    let output = run(
        &dir,
        &[
            "--service",
            "chime-sdk-messaging",
            "validate",
            "--fix",
            "--unsafe-fixes",
            "a.list-channel-messages.yaml",
        ],
    );
    assert_eq!(common::code(&output), 0, "{}", common::stderr(&output));
    let output = run(&dir, &["--service", "chime-sdk-messaging", "validate", "a.list-channel-messages.yaml"]);
    assert_eq!((common::code(&output), common::stdout(&output).contains("timestamp-format")), (0, false));
    std::fs::remove_dir_all(&dir).ok();
}
