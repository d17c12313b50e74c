//! Hostile request files through `chime-shape validate`: each ends quickly
//! with a clear diagnostic and the right exit status, never a panic, a hang
//! or a silent pass. (The bound asserted is generous — these run as debug
//! builds beside other tests; the release timings are in the README.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{code, stderr, stdout};

const BUDGET: Duration = Duration::from_secs(20);

fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("validate_hostile");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `bytes` as `name`, validates it (extra args first) and returns
/// (exit code, stdout, stderr, seconds).
fn validate(name: &str, bytes: &[u8], extra: &[&str]) -> (i32, String, String) {
    let path = dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut args: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
    args.push("validate".into());
    args.push(path.display().to_string());
    let start = Instant::now();
    let out =
        assert_cmd::Command::cargo_bin("chime-shape").unwrap().args(&args).timeout(BUDGET).output().unwrap();
    let elapsed = start.elapsed();
    assert!(elapsed < BUDGET, "{name} took {elapsed:?}");
    assert!(
        !stderr(&out).contains("panicked") && !stderr(&out).contains("internal error"),
        "{name}: {}",
        stderr(&out)
    );
    (code(&out), stdout(&out), stderr(&out))
}

fn expect(name: &str, bytes: &[u8], extra: &[&str], status: i32, needle: &str) {
    let (got, out, err) = validate(name, bytes, extra);
    assert_eq!(got, status, "{name}: {out}{err}");
    assert!(out.contains(needle) || err.contains(needle), "{name}: expected {needle:?} in\n{out}{err}");
}

#[test]
fn deep_nesting() {
    let json = format!("{{\"AccountId\": {}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    expect("deep.update-user.json", json.as_bytes(), &[], 1, "error[syntax]");
    let yaml = format!("AccountId:\n{}x\n", "- ".repeat(20_000));
    expect("deep.update-user.yaml", yaml.as_bytes(), &[], 1, "error[syntax]");
    let flow = format!("AccountId: {}\n", "[".repeat(100_000));
    expect("deepflow.update-user.yaml", flow.as_bytes(), &[], 1, "error[syntax]");
}

#[test]
fn oversized_files_are_not_read_whole() {
    // 80 MB, over the 64 MiB limit: refused after reading only the limit.
    let big = vec![b' '; 80 * 1024 * 1024];
    expect("huge.update-user.json", &big, &[], 1, "limit");
}

#[test]
fn alias_bomb() {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml.push_str("AccountId: *a9\n");
    expect("laughs.update-user.yaml", yaml.as_bytes(), &[], 1, "alias");
}

#[test]
fn huge_numbers_and_strings() {
    let doc = "{\"MaxResults\": 123456789012345678901234567890, \"AccountId\": \"a\"}";
    expect("big.list-users.json", doc.as_bytes(), &[], 1, "error[range]");
    let doc = "{\"MaxResults\": 1e400, \"AccountId\": \"a\"}";
    expect("inf.list-users.json", doc.as_bytes(), &[], 1, "error[type]");
    let doc = format!(
        "{{\"AccountId\": \"a\", \"UserId\": \"u\", \"LicenseType\": \"{}\"}}",
        "x".repeat(20 * 1024 * 1024)
    );
    let (status, out, _) = validate("long.update-user.json", doc.as_bytes(), &[]);
    assert_eq!(status, 1);
    assert!(
        out.contains("error[enum]") && out.contains("(20971520 characters)"),
        "{}",
        &out[..out.len().min(500)]
    );
    assert!(out.len() < 2000, "the long value must not be echoed");
}

#[test]
fn encodings_and_control_characters() {
    expect("utf8.update-user.json", b"{\"AccountId\": \"\xff\xfe\"}", &[], 1, "UTF-8");
    expect("nul.update-user.json", b"{\"AccountId\": \"a\0b\"}", &[], 1, "error[syntax]");
    expect("nul.update-user.yaml", b"AccountId: a\0b\n", &[], 1, "error[syntax]");
    let utf16: Vec<u8> = "\u{feff}{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
    expect("utf16.update-user.json", &utf16, &[], 1, "UTF-16");
    expect("empty.update-user.json", b"", &[], 1, "error[syntax]");
    expect("empty.update-user.yaml", b"", &[], 1, "error[syntax]");
    expect("list.update-user.json", b"[1, 2]", &[], 1, "must be an object");
}

#[test]
fn redos_against_the_back_referencing_pattern() {
    // chime-sdk-meetings TenantId: ^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$
    let hostile: String = "abcd".repeat(63) + "!!!#";
    let doc = format!(
        "{{\"ClientRequestToken\": \"tok-12\", \"MediaRegion\": \"us-east-1\", \"ExternalMeetingId\": \"m1\", \"TenantIds\": [\"{hostile}\", \"{}\"]}}",
        "a".repeat(255)
    );
    let (status, out, err) =
        validate("redos.create-meeting.json", doc.as_bytes(), &["--service", "chime-sdk-meetings"]);
    assert_eq!(status, 1, "{out}{err}");
    assert!(out.contains("error[pattern]") && out.contains("/TenantIds/1"), "{out}");
}
