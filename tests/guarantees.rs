//! What chime-shape promises whatever it is given: more hostile inputs
//! (beyond `validate_hostile.rs`), no network, input files left untouched,
//! and the same output bytes across runs and thread counts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr, clippy::print_stdout)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{code, stderr, stdout};

fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("guarantees").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn validate(path: &Path, extra: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("chime-shape").unwrap();
    cmd.args(extra).arg("validate").arg(path).timeout(std::time::Duration::from_secs(30));
    let out = cmd.output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

/// (file name, content, expected exit status, text expected in the output)
fn cases() -> Vec<(&'static str, Vec<u8>, i32, &'static str)> {
    let million = format!(
        "{{\"AccountId\": \"a\", \"UserEmailList\": [{}\"x@example.com\"]}}",
        "\"x@example.com\",".repeat(1_000_000)
    );
    vec![
        (
            "bom.update-user.json",
            b"\xef\xbb\xbf{\"AccountId\": \"a\", \"UserId\": \"u\"}".to_vec(),
            0,
            "1 valid",
        ),
        ("bom.update-user.yaml", b"\xef\xbb\xbfAccountId: a\nUserId: u\n".to_vec(), 0, "1 valid"),
        ("nan.update-user.json", b"{\"AccountId\": NaN}".to_vec(), 1, "error[syntax]"),
        ("infinity.update-user.json", b"{\"AccountId\": -Infinity}".to_vec(), 1, "error[syntax]"),
        ("surrogate.update-user.json", br#"{"AccountId": "\ud800"}"#.to_vec(), 1, "error[syntax]"),
        ("control.update-user.json", b"{\"AccountId\": \"a\x01b\"}".to_vec(), 1, "error[syntax]"),
        ("control.update-user.yaml", b"AccountId: \"a\x07b\"\n".to_vec(), 1, "error[syntax]"),
        ("scalar.update-user.json", b"\"just a string\"".to_vec(), 1, "must be an object"),
        ("scalar.update-user.yaml", b"just a string\n".to_vec(), 1, "must be an object"),
        ("null.update-user.yaml", b"~\n".to_vec(), 1, "must be an object"),
        (
            "multi.update-user.yaml",
            b"AccountId: a\nUserId: u\n---\nAccountId: b\n".to_vec(),
            1,
            "error[syntax]",
        ),
        ("tag.update-user.yaml", b"AccountId: !custom a\nUserId: u\n".to_vec(), 1, "error[syntax]"),
        ("coretag.update-user.yaml", b"AccountId: !!str 123\nUserId: u\n".to_vec(), 0, "1 valid"),
        (
            "merge.update-user.yaml",
            b"base: &b {AccountId: a, UserId: u}\n".to_vec(),
            1,
            "unknown member \"base\"",
        ),
        (
            "merged.update-user.yaml",
            b"<<: {AccountId: a, UserId: u}\nLicenseType: Pro\n".to_vec(),
            0,
            "1 valid",
        ),
        ("date.update-user.yaml", b"AccountId: 2020-01-01\nUserId: u\n".to_vec(), 1, "YAML timestamp"),
        ("million.invite-users.json", million.into_bytes(), 1, "list with 1000001 items"),
    ]
}

#[test]
fn hostile_documents_end_with_a_clear_diagnostic() {
    let dir = dir("hostile");
    for (name, bytes, status, needle) in cases() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = validate(&path, &[]);
        let text = stdout(&out) + &stderr(&out);
        assert_eq!(code(&out), status, "{name}: {text}");
        assert!(text.contains(needle), "{name}: expected {needle:?} in {text}");
    }
}

#[test]
fn unreadable_paths_and_symlink_loops() {
    let dir = dir("paths");
    // A symbolic link loop inside a walked directory is not followed.
    std::fs::create_dir_all(dir.join("walk/sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("walk/sub/loop")).unwrap();
    std::fs::write(dir.join("walk/sub/ok.update-user.json"), "{\"AccountId\": \"a\", \"UserId\": \"u\"}")
        .unwrap();
    let out = validate(&dir.join("walk"), &[]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("1 file checked"), "{}", stdout(&out));
    // A named file that cannot be read: exit 2, named.
    let out = validate(&dir.join("nope/none.update-user.json"), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("none.update-user.json"));
    // A file that is a loop of symbolic links.
    std::os::unix::fs::symlink(dir.join("self.update-user.json"), dir.join("self.update-user.json")).unwrap();
    let out = validate(&dir.join("self.update-user.json"), &[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn input_files_are_never_written() {
    let dir = dir("untouched");
    let path = dir.join("bob.update-user.yaml");
    let content = "AccountId: a\nUserId: bob\nLicenseType: Platinum\n";
    std::fs::write(&path, content).unwrap();
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    for format in ["text", "json", "sarif", "github"] {
        let mut cmd = assert_cmd::Command::cargo_bin("chime-shape").unwrap();
        let out =
            cmd.args(["--color", "always", "validate", "--format", format]).arg(&path).output().unwrap();
        assert_eq!(code(&out), 1, "{format}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn output_is_the_same_across_runs_and_thread_counts() {
    let corpus = common::root().join("tests/corpus/chime");
    let run = |threads: &str| {
        let out = assert_cmd::Command::cargo_bin("chime-shape")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["validate", "--format", "json", "--operation", "update-user"])
            .arg(&corpus)
            .output()
            .unwrap();
        assert_eq!(code(&out), 1);
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 100_000, "{} bytes", one.len());
    assert_eq!(run("2"), one);
    assert_eq!(run("8"), one);
    assert_eq!(run("8"), one);
}

#[test]
fn nothing_in_the_dependency_tree_opens_sockets() {
    let lock = std::fs::read_to_string(common::root().join("Cargo.lock")).unwrap();
    let normal: Vec<&str> =
        lock.lines().filter_map(|l| l.strip_prefix("name = \"")).map(|n| n.trim_end_matches('"')).collect();
    for crate_name in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "tokio",
        "mio",
        "socket2",
        "rustls",
        "native-tls",
        "openssl",
    ] {
        assert!(!normal.contains(&crate_name), "{crate_name} is in Cargo.lock");
    }
}

#[test]
fn works_without_a_network() {
    // `unshare -n` (a new, empty network namespace) needs privileges; where
    // it is unavailable the check above still stands.
    let probe = std::process::Command::new("unshare").args(["-n", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: unshare -n is not available here");
        return;
    }
    let dir = dir("offline");
    std::fs::write(dir.join("bob.update-user.yaml"), "AccountId: a\nUserId: bob\nLicenseType: Platinum\n")
        .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("chime-shape");
    let out = std::process::Command::new("unshare")
        .arg("-n")
        .arg(&bin)
        .arg("validate")
        .arg(dir.join("bob.update-user.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[enum]"));
    let out = std::process::Command::new("unshare")
        .args(["-n"])
        .arg(&bin)
        .args(["parse", "update-user", "--account-id", "http://169.254.169.254/latest", "--user-id", "u"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
