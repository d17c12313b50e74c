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
            // The repository root: discovery stops here.
            (".git/HEAD", "ref: refs/heads/main\n"),
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

/// The number of operations `operations` lists when run in `dir`: 62 for
/// chime (the default), 96 for chime-sdk-voice, so it tells which
/// configuration (if any) was used.
fn operations_in(dir: &Path) -> usize {
    let out = run_in(dir, &["operations"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out).lines().count()
}

#[test]
fn discovery_stops_at_the_repository_root() {
    // outer/.chime-shape.yaml would silence every finding of every
    // repository below it.
    let outer = project(
        "above-repo",
        &[
            (".chime-shape.yaml", "service: chime-sdk-voice\nseverity:\n  enum: off\n  required: off\n"),
            ("repo/.git/HEAD", "ref: refs/heads/main\n"),
            ("repo/sub/deeper/x.update-user.json", "{\"LicenseType\": \"Platinum\"}"),
            // A worktree or submodule: `.git` is a file.
            ("worktree/.git", "gitdir: /elsewhere\n"),
            ("worktree/sub/.keep", ""),
        ],
    );
    let repo = outer.join("repo");
    assert_eq!(operations_in(&repo.join("sub/deeper")), 62);
    assert_eq!(operations_in(&repo), 62);
    assert_eq!(operations_in(&outer.join("worktree/sub")), 62);
    let out = run_in(&repo.join("sub/deeper"), &["validate", "x.update-user.json"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    // The directory above the repository still uses its own file.
    assert_eq!(operations_in(&outer), 96);

    // A configuration at the repository root applies to every directory below.
    std::fs::write(repo.join(".chime-shape.yaml"), "service: chime-sdk-voice\n").unwrap();
    assert_eq!(operations_in(&repo.join("sub/deeper")), 96);
    std::fs::write(outer.join("worktree/.chime-shape.yml"), "service: chime-sdk-voice\n").unwrap();
    assert_eq!(operations_in(&outer.join("worktree/sub")), 96);
}

#[test]
fn outside_a_repository_only_the_working_directory_is_searched() {
    // The system temporary directory is in no repository.
    let dir = std::env::temp_dir().join(format!("chime-shape-no-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join(".chime-shape.yaml"), "service: chime-sdk-voice\n").unwrap();
    let in_repo = dir.ancestors().any(|d| d.join(".git").exists());
    if !in_repo {
        assert_eq!(operations_in(&dir.join("sub")), 62);
    }
    assert_eq!(operations_in(&dir), 96);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_configuration_that_is_not_a_regular_file_is_refused_at_once() {
    let dir = project("not-regular", &[("x", "")]);
    for config in ["/dev/zero", "/", dir.to_str().unwrap()] {
        let started = std::time::Instant::now();
        let out = run_in(&dir, &["--config", config, "operations"]);
        assert_eq!(code(&out), 2, "{config}");
        let err = stderr(&out);
        assert!(err.contains(config) && err.contains("cannot read the configuration"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{config}");
    }
}
