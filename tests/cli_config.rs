//! `.chime-shape.yaml` through the binary: discovery from a subdirectory,
//! `--config`/`--no-config`, file rules, severities, include mode, and the
//! configuration's own diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{code, stderr, stdout};

fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_config").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("chime-shape").unwrap().current_dir(dir).args(args).output().unwrap()
}

const CONFIG: &str = "\
service: chime
include: [\"requests/**/*.json\", \"requests/**/*.yaml\"]
exclude: [\"requests/drafts/**\"]
severity:
  pattern: warning
  unknown: off
files:
  - glob: \"requests/meetings/*.json\"
    service: chime-sdk-meetings
    operation: create-meeting
";

#[test]
fn rules_severities_and_include_mode() {
    let dir = project(
        "main",
        &[
            (".chime-shape.yaml", CONFIG),
            // Operation and service from the rule; `Bogus` is off.
            (
                "requests/meetings/standup.json",
                "{\"MediaRegion\": \"us-east-1\", \"ExternalMeetingId\": \"x\", \"Bogus\": 1}",
            ),
            // Pattern findings are warnings: valid.
            ("requests/users/bob.update-user.yaml", "AccountId: ' '\nUserId: bob\n"),
            ("requests/drafts/broken.update-user.json", "{"),
        ],
    );
    // No files named: the include globs, minus exclude; run from a subdirectory.
    let out = run_in(&dir.join("requests/users"), &["validate", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{report}");
    let meeting = &files[0];
    assert_eq!(meeting["service"], "chime-sdk-meetings");
    assert_eq!(meeting["operation"], "create-meeting");
    assert_eq!(meeting["diagnostics"][0]["code"], "length", "{meeting}");
    assert_eq!(meeting["diagnostics"].as_array().unwrap().len(), 1, "{meeting}");
    let bob = &files[1];
    assert_eq!(bob["valid"], true);
    assert_eq!(bob["diagnostics"][0]["severity"], "warning");

    // Named files: excluded ones are skipped.
    let out = run_in(
        &dir,
        &["validate", "requests/drafts/broken.update-user.json", "requests/users/bob.update-user.yaml"],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    // --no-config: the defaults come back (the pattern is an error again).
    let out = run_in(&dir, &["--no-config", "validate", "requests/users/bob.update-user.yaml"]);
    assert_eq!(code(&out), 1);
    // Flags beat the configuration.
    let out = run_in(&dir, &["validate", "--service", "chime", "requests/meetings/standup.json"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("error[operation]"), "{}", stdout(&out));
}

#[test]
fn the_configuration_sets_the_default_service_of_every_command() {
    let dir = project("service", &[(".chime-shape.yml", "service: chime-sdk-voice\n")]);
    let out = run_in(&dir, &["operations"]);
    assert_eq!(stdout(&out).lines().count(), 96);
    let out = run_in(&dir, &["--service", "chime", "operations"]);
    assert_eq!(stdout(&out).lines().count(), 62);
}

#[test]
fn a_broken_configuration_is_a_usage_error_with_positions() {
    let dir = project(
        "broken",
        &[(
            ".chime-shape.yaml",
            "servce: chime\nseverity:\n  enumm: warning\nfiles:\n  - glob: \"[\"\n    operation: x\n",
        )],
    );
    let out = run_in(&dir, &["validate", "x.update-user.json"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(".chime-shape.yaml:1:1: unknown key \"servce\"; did you mean \"service\"?"),
        "{err}"
    );
    assert!(err.contains(".chime-shape.yaml:3:3: unknown code \"enumm\"; did you mean \"enum\"?"), "{err}");
    assert!(err.contains(".chime-shape.yaml:5:11: invalid glob \"[\""), "{err}");
    let explicit = dir.join(".chime-shape.yaml");
    let out = run_in(Path::new("/"), &["--config", explicit.to_str().unwrap(), "operations"]);
    assert_eq!(code(&out), 2);
    let out = run_in(&dir, &["--no-config", "operations"]);
    assert_eq!(code(&out), 0);
}
