//! The process edges under hostile conditions, through the binary: full,
//! closed and broken output streams, files that never end (devices, FIFOs),
//! and `parse` error messages that must not leak the values of sensitive
//! members. Every fixture is generated here, in a temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{code, run, stderr};

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("chime-shape")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile_process").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").stdin(Stdio::null());
    command
}

/// Waits for `child` at most `limit`; kills it and fails the test when it
/// takes longer (a read that never ends).
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs with the given stdout and stderr, within a few seconds.
fn run_with(args: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
    let child = command(args).stdout(stdout).stderr(stderr).spawn().unwrap();
    wait_within(child, Duration::from_secs(20), &format!("{args:?}"))
}

fn dev_full() -> Stdio {
    Stdio::from(File::create("/dev/full").unwrap())
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn no_panic(out: &Output, what: &str) {
    assert_ne!(code(out), 101, "{what} panicked: {}", stderr(out));
    assert!(!stderr(out).contains("panicked"), "{what}: {}", stderr(out));
}

const INVALID_PARSE: &[&str] =
    &["parse", "update-user", "--account-id", "a", "--user-id", "u", "--license-type", "Platinum"];

// ----- exit status when output cannot be written ---------------------------

/// `parse update-user --account-id a --user-id u` followed by `extra`.
fn update_user_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["parse", "update-user", "--account-id", "a", "--user-id", "u"];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_full_stdout_is_exit_2_never_a_panic() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
        &["--help"],
        &["--version"],
        &["parse", "--help"],
        &["skeleton", "input", "update-user"],
        &["describe", "update-user"],
        &["schema", "update-user"],
        &["services"],
        &["parse", "update-user", "--account-id", "a", "--user-id", "u"],
        INVALID_PARSE,
    ] {
        let out = run_with(args, dev_full(), Stdio::piped());
        no_panic(&out, &format!("{args:?}"));
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot write output"), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_and_version_still_exit_0() {
    for args in [&["--help"][..], &["--version"], &["parse", "--help"], &["help"]] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    // A usage error is 2, and goes to stderr.
    let out = run(&["skeleton", "sideways", "update-user"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("sideways"));
    let out = run(&[]);
    assert_eq!(code(&out), 2);
}

#[test]
fn a_full_or_closed_stderr_never_panics() {
    for (args, expected) in [
        (&["parse", "update-user", "--account-id", "a", "--user-id", "u", "--bogus"][..], 2),
        (INVALID_PARSE, 1),
        (&["skeleton", "input", "no-such-operation"], 2),
        (&["--model", "/nonexistent.json", "operations"], 2),
        (&["skeleton", "sideways", "update-user"], 2),
        (
            &[
                "parse",
                "update-user",
                "--account-id",
                "a",
                "--user-id",
                "u",
                "--license-type",
                "file:///dev/zero",
            ],
            2,
        ),
    ] {
        let out = run_with(args, Stdio::null(), dev_full());
        no_panic(&out, &format!("{args:?}"));
        assert_eq!(code(&out), expected, "{args:?}");
        let out = shell_closed(args, "2>&-");
        assert_eq!(code(&out), expected, "{args:?} with stderr closed");
    }
}

/// Runs the binary through `sh` with a redirection such as `>&-`.
fn shell_closed(args: &[&str], redirection: &str) -> Output {
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirection}"))
        .arg(binary())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_within(child, Duration::from_secs(20), &format!("{args:?} {redirection}"))
}

#[test]
fn a_closed_stdout_keeps_the_verdict() {
    // The process entry (src/cli/entry.rs, as Rust's runtime would) turns a
    // closed descriptor into /dev/null before anything runs,
    // indistinguishable from the /dev/null test harnesses hand children:
    // the output goes nowhere, and the exit status is the verdict.
    for (args, verdict) in [
        (&["skeleton", "input", "update-user"][..], 0),
        (&["--help"], 0),
        (&["completions", "bash"], 0),
        (INVALID_PARSE, 1),
        (&["skeleton", "output", "delete-account"], 0),
    ] {
        let out = shell_closed(args, ">&-");
        no_panic(&out, &format!("{args:?}"));
        assert_eq!(code(&out), verdict, "{args:?}: {}", stderr(&out));
    }
}

/// With all three standard descriptors closed, the file a command opens
/// is not mistaken for one of them: each is /dev/null, so a closed stdin
/// reads as an empty one, and the verdict is the file's.
#[test]
fn closed_standard_descriptors_are_dev_null() {
    let dir = scratch("closed-std");
    let file = dir.join("update-user.json");
    let text = "{\"AccountId\": \"a\", \"UserId\": \"u\", \"LicenseType\": \"Platinum\"}\n";
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let out = shell_closed(&["--service", "chime", "validate", path], "<&- >&- 2>&-");
    assert_eq!(code(&out), 1, "an invalid file with 0-2 closed");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "the file is left as it was");
    let stdin = ["--service", "chime", "validate", "--operation", "update-user", "-"];
    let closed = shell_closed(&stdin, "<&-");
    let null = shell_closed(&stdin, "</dev/null");
    assert_eq!(code(&closed), code(&null), "{}", stderr(&closed));
    assert_eq!(closed.stdout, null.stdout);
    assert_eq!(stderr(&closed), stderr(&null));
}

/// Arguments that are not UTF-8 reach the parser byte for byte (the
/// process entry reads them from `argv`), which refuses them by name.
#[test]
fn arguments_that_are_not_utf8_are_refused_not_mangled() {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(binary())
        .args([
            std::ffi::OsStr::new("skeleton"),
            "input".as_ref(),
            std::ffi::OsStr::from_bytes(b"up\xffdate"),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("invalid UTF-8"), "{}", stderr(&out));
    no_panic(&out, "non-UTF-8 argument");
}

/// A read-write /dev/null (Python's subprocess.DEVNULL, Go, libuv) is a
/// place to discard output, not a failure.
#[test]
fn a_read_write_dev_null_is_no_failure() {
    for (args, verdict) in [(&["skeleton", "input", "update-user"][..], 0), (INVALID_PARSE, 1)] {
        let out = shell_closed(args, "1<>/dev/null");
        assert_eq!(code(&out), verdict, "{args:?}: {}", stderr(&out));
    }
}

/// A request too large for a pipe's buffer, so that the write is still
/// going on when the reader goes away.
fn big_request(dir: &Path, license: &str) -> Vec<String> {
    let big = dir.join("big.txt");
    std::fs::write(&big, "u".repeat(1 << 20)).unwrap();
    ["parse", "update-user", "--account-id", "a", "--user-id"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([format!("file://{}", big.display()), "--license-type".to_owned(), license.to_owned()])
        .collect()
}

/// Spawns, reads one byte of stdout, closes it, and waits.
fn read_one_byte_then_close(args: &[String]) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    wait_within(child, Duration::from_secs(20), "broken pipe")
}

/// The child starts with `SIGPIPE` at its default (the standard library
/// resets it for children), so these also check that the process entry
/// ignores it: killed by the signal, the child would have no exit code.
#[test]
fn a_broken_pipe_keeps_the_verdict() {
    let dir = scratch("broken-pipe");
    let out = read_one_byte_then_close(&big_request(&dir, "Platinum"));
    no_panic(&out, "invalid parse");
    assert_eq!(code(&out), 1, "an invalid request piped into a closed reader: {}", stderr(&out));
    assert!(stderr(&out).contains("error[enum]"), "{}", stderr(&out));
    let out = read_one_byte_then_close(&big_request(&dir, "Pro"));
    assert_eq!(code(&out), 0, "a valid request, reader gone (`| head -1`): {}", stderr(&out));
    assert!(!stderr(&out).contains("cannot write"), "{}", stderr(&out));
}

// ----- reads that never end ----------------------------------------------

#[test]
fn devices_and_fifos_are_refused_at_once_with_exit_2() {
    let dir = scratch("fifo");
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    let fifo_text = fifo.display().to_string();
    let base = ["parse", "update-user", "--account-id", "a", "--user-id", "u"];
    for value in [
        "file:///dev/zero".to_owned(),
        "fileb:///dev/zero".to_owned(),
        format!("file://{fifo_text}"),
        format!("fileb://{fifo_text}"),
        format!("file://{}", dir.display()),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--license-type", &value]);
        let out = run_with(&args, Stdio::piped(), Stdio::piped());
        assert_eq!(code(&out), 2, "{value}: {}", stderr(&out));
        let path = value.split_once("://").unwrap().1;
        assert!(stderr(&out).contains(path), "the error names the file: {}", stderr(&out));
    }
    // Shorthand `key@=file://`, --cli-input-json/yaml and --config.
    let sh = format!("AlexaForBusinessRoomArn@=file://{fifo_text}");
    let input = format!("file://{fifo_text}");
    for args in [
        update_user_args(&["--alexa-for-business-metadata", &sh]),
        vec!["parse", "update-user", "--cli-input-json", &input],
        vec!["parse", "update-user", "--cli-input-yaml", &input],
        vec!["--config", &fifo_text, "operations"],
        vec!["--config", "/dev/zero", "operations"],
    ] {
        let out = run_with(&args, Stdio::piped(), Stdio::piped());
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn missing_files_are_exit_2_and_bad_content_exit_1() {
    let dir = scratch("missing");
    let base = ["parse", "update-user", "--account-id", "a", "--user-id", "u"];
    for (option, value) in [
        ("--license-type", "file:///nonexistent/x"),
        ("--license-type", "fileb:///nonexistent/x"),
        ("--cli-input-json", "file:///nonexistent/x"),
        ("--cli-input-yaml", "fileb:///nonexistent/x"),
        ("--alexa-for-business-metadata", "AlexaForBusinessRoomArn@=file:///nonexistent/x"),
    ] {
        let mut args = base.to_vec();
        args.extend([option, value]);
        let out = run(&args);
        assert_eq!(code(&out), 2, "{option} {value}: {}", stderr(&out));
        assert!(stderr(&out).contains("/nonexistent/x"), "{}", stderr(&out));
    }
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9").unwrap();
    let value = format!("file://{}", latin1.display());
    let mut args = base.to_vec();
    args.extend(["--license-type", &value]);
    assert_eq!(code(&run(&args)), 1, "content that is not UTF-8 is an invalid value");
}

// ----- sensitive values in parse's errors ----------------------------------

/// Asserts that `secret` appears nowhere in the output, and that no raw
/// control character does either.
fn hides(args: &[&str], secret: &str) -> String {
    let out = run(args);
    no_panic(&out, &format!("{args:?}"));
    assert_ne!(code(&out), 0, "{args:?}");
    let err = stderr(&out);
    assert!(!err.contains(secret), "{args:?} leaks {secret:?}:\n{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(secret), "{args:?}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: raw control characters: {err:?}");
    err
}

#[test]
fn stray_words_are_counted_not_echoed() {
    // CallingName is sensitive; `5678` is left over.
    let err = hides(&["parse", "update-phone-number-settings", "--calling-name", "1234", "5678"], "5678");
    assert!(err.contains("1 word that is not an option"), "{err}");
    let err = hides(
        &["parse", "update-user", "--account-id", "a", "--user-id", "u", "--licence=s3cr3t", "x", "y"],
        "s3cr3t",
    );
    assert!(err.contains("--licence=..."), "{err}");
    assert!(err.contains("2 words that are not options"), "{err}");
}

#[test]
fn sensitive_members_of_the_chime_models_are_not_quoted() {
    let meta =
        ["parse", "update-user", "--account-id", "a", "--user-id", "u", "--alexa-for-business-metadata"];
    // Shorthand naming a sensitive member: no echo, no caret line.
    for text in [
        "AlexaForBusinessRoomArn=s3cr3t,AlexaForBusinessRoomArn=s3cr3t",
        "AlexaForBusinessRoomArn=s3cr3t,",
        "AlexaForBusinessRoomArn=\"s3cr3t",
        "AlexaForBusinessRoomArn=s3cr3t}",
    ] {
        let mut args = meta.to_vec();
        args.push(text);
        let err = hides(&args, "s3cr3t");
        assert!(err.contains("--alexa-for-business-metadata") && err.contains("at character"), "{err}");
        assert!(!err.contains('^'), "no caret line: {err}");
    }
    // JSON naming it, even through an escape.
    for text in [r#"{"AlexaForBusinessRoomArn": s3cr3t}"#, r#"{"AlexaForBusiness\u0052oomArn": "s3cr3t",}"#] {
        let mut args = meta.to_vec();
        args.push(text);
        let err = hides(&args, "s3cr3t");
        assert!(err.contains("line 1, column"), "{err}");
    }
    // --cli-input-json holding a sensitive member.
    let err = hides(
        &[
            "parse",
            "create-meeting-dial-out",
            "--cli-input-json",
            r#"{"MeetingId": "m", "JoinToken": s3cr3t}"#,
        ],
        "s3cr3t",
    );
    assert!(err.contains("--cli-input-json"), "{err}");
    let err = hides(
        &["parse", "create-meeting-dial-out", "--cli-input-yaml", "JoinToken: s3cr3t\nJoinToken: again\n"],
        "s3cr3t",
    );
    assert!(err.contains("line 2"), "{err}");
    // The http:// note of a sensitive member.
    let out = run(&[
        "parse",
        "put-events-configuration",
        "--account-id",
        "a",
        "--bot-id",
        "b",
        "--outbound-events-https-endpoint",
        "https://s3cr3t.example/hook",
    ]);
    assert!(!stderr(&out).contains("s3cr3t"), "{}", stderr(&out));
    assert!(stderr(&out).contains("never touches the network"), "{}", stderr(&out));
}

#[test]
fn values_that_are_not_sensitive_are_still_quoted() {
    let out = run(&update_user_args(&["--alexa-for-business-metadata", "IsAlexaForBusinessEnabled=true,"]));
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("IsAlexaForBusinessEnabled=true,\n"), "{}", stderr(&out));
    assert!(stderr(&out).contains('^'), "{}", stderr(&out));
    // Control characters are escaped, the caret stays under the character.
    let out = run(&update_user_args(&["--alexa-for-business-metadata", "Is\x1b]0;x\x07Alexa=1"]));
    let err = stderr(&out);
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(err.contains("Is\\x1b]0;x\\x07Alexa=1\n  ^"), "{err}");
}

/// A small model with sensitive shapes in every kind of position.
const SECRET_MODEL: &str = r#"{
  "version": "2.0",
  "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "secret", "protocol": "rest-json",
               "serviceId": "Secret", "signatureVersion": "v4", "uid": "secret-2020-01-01"},
  "operations": {"PutSecret": {"name": "PutSecret", "http": {"method": "POST", "requestUri": "/"},
                               "input": {"shape": "PutSecretRequest"}}},
  "shapes": {
    "PutSecretRequest": {"type": "structure", "members": {
      "Pin": {"shape": "Pin"},
      "Labels": {"shape": "SecretKeyMap"},
      "Vault": {"shape": "Vault"},
      "Plain": {"shape": "PlainMap"},
      "Flag": {"shape": "SecretBool"},
      "Note": {"shape": "String", "sensitive": true}
    }},
    "Pin": {"type": "integer", "sensitive": true},
    "SecretKey": {"type": "string", "sensitive": true},
    "Count": {"type": "integer"},
    "SecretKeyMap": {"type": "map", "key": {"shape": "SecretKey"}, "value": {"shape": "Count"}},
    "Vault": {"type": "structure", "members": {"Entries": {"shape": "EntryList"}, "Name": {"shape": "String"}}},
    "EntryList": {"type": "list", "member": {"shape": "Entry"}, "sensitive": true},
    "Entry": {"type": "structure", "members": {"Code": {"shape": "Count"}, "Tags": {"shape": "PlainMap"}}},
    "PlainMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Count"}},
    "String": {"type": "string"},
    "SecretBool": {"type": "boolean", "sensitive": true}
  }
}"#;

#[test]
fn sensitivity_is_inherited_by_everything_inside() {
    let dir = scratch("secret-model");
    let model = dir.join("service-2.json");
    std::fs::write(&model, SECRET_MODEL).unwrap();
    let model = model.to_str().unwrap();
    let parse = |rest: &[&str]| -> Vec<String> {
        ["--model", model, "parse", "put-secret"].iter().chain(rest).map(|s| (*s).to_owned()).collect()
    };
    let hidden = |rest: &[&str], secret: &str| {
        let args = parse(rest);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hides(&args, secret)
    };
    // A sensitive integer: where, not what.
    let err = hidden(&["--pin", "12x34"], "12x34");
    assert!(err.contains("--pin: value: the value (sensitive, not shown) is not an integer"), "{err}");
    // Sensitive map keys: the key becomes `*`; the (plain) value is quoted.
    let err = hidden(&["--labels", "k3y=notanumber"], "k3y");
    assert!(err.contains("--labels: *: `notanumber` is not an integer"), "{err}");
    hidden(&["--labels", "k3y=1,k3y=2"], "k3y");
    hidden(&["--labels", r#"{"k3y": }"#], "k3y");
    // Inside a sensitive list, a plain member and a plain map are
    // sensitive too.
    let err = hidden(&["--vault", "Name=n,Entries=[{Code=s3cr3t}]"], "s3cr3t");
    assert!(err.contains("Entries[0].Code"), "{err}");
    let err = hidden(&["--vault", "Entries=[{Tags={k3y=v}}]"], "k3y");
    assert!(err.contains("Entries[0].Tags.*"), "{err}");
    hidden(&["--vault", "Entries=[{Code=1}],Name=s3cr3t,"], "s3cr3t");
    hidden(&["--vault", r#"{"Entries": [s3cr3t]}"#], "s3cr3t");
    // A sensitive boolean given a value, a sensitive string in JSON.
    hidden(&["--flag=s3cr3t"], "s3cr3t");
    hidden(&["--cli-input-json", r#"{"Note": s3cr3t}"#], "s3cr3t");
    // The plain parts still say what.
    let args = parse(&["--plain", "k=notanumber"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = stderr(&run(&args));
    assert!(err.contains("--plain: k: `notanumber` is not an integer"), "{err}");
    let args = parse(&["--vault", "Name=n,"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = stderr(&run(&args));
    assert!(err.contains("Name=n,\n"), "a text naming no sensitive member is quoted: {err}");
}
