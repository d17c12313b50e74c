//! What `validate` writes when the input is hostile: bounded memory and
//! output however many findings, no value of a `sensitive` member in any
//! format (snippets on a real terminal included), no control character or
//! forged workflow command, and an exit status that survives a failed write.
//!
//! Each run goes through `prlimit --as=4000000000` (the address-space
//! limit the issue names) and ends with 0, 1 or 2. Snippets only appear on
//! a terminal, so those runs go through util-linux `script`, which gives the
//! command a pseudo-terminal; `.ci/run` installs both if they are missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

const BUDGET: Duration = Duration::from_secs(60);

fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile_outputs").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("chime-shape")
}

/// Runs the binary under `prlimit --as=4000000000` in `cwd`; asserts it
/// ends in time with 0, 1 or 2 and without a panic.
fn run_limited(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = assert_cmd::Command::new("prlimit");
    command.arg("--as=4000000000").arg("--").arg(binary()).args(args).current_dir(cwd).timeout(BUDGET);
    command.env("NO_COLOR", "1");
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_vec());
    }
    let out = command.output().unwrap();
    let code = out.status.code();
    assert!(matches!(code, Some(0..=2)), "{args:?}: exit {code:?}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{args:?}");
    out
}

/// Runs the binary on a pseudo-terminal (so text output has snippets);
/// returns what the terminal showed.
fn on_terminal(cwd: &Path, args: &[&str], stdin: Option<&Path>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = format!("{} --color never", quote(&binary().display().to_string()));
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    if let Some(stdin) = stdin {
        line.push_str(" < ");
        line.push_str(&quote(&stdin.display().to_string()));
    }
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` is needed (.ci/run installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A botocore model with every kind of sensitive place: a sensitive map key
/// shape, a sensitive structure (holding a map), a sensitive map, a
/// sensitive string; plus a 1,200-value enum (like ec2's InstanceType), a
/// list whose `min` is beyond any integer type, and an integer.
fn hostile_model(dir: &Path) -> PathBuf {
    let values: Vec<String> = (0..1200).map(|i| format!("t{i:04}.superlarge")).collect();
    let model = common::botocore_model(
        "Put",
        "PutRequest",
        json!({
            "PutRequest": {"type": "structure", "members": {
                "Types": {"shape": "TypeList"}, "Keyed": {"shape": "KeyedMap"}, "Vault": {"shape": "Vault"},
                "SecretMap": {"shape": "SecretMap"}, "Pin": {"shape": "Pin"}, "Note": {"shape": "Plain"},
                "Count": {"shape": "Int"}, "Huge": {"shape": "HugeList"}}},
            "TypeList": {"type": "list", "member": {"shape": "BigEnum"}},
            "HugeList": {"type": "list", "member": {"shape": "Plain"}, "min": 1e30},
            "BigEnum": {"type": "string", "enum": values},
            "KeyedMap": {"type": "map", "key": {"shape": "SecretKey"}, "value": {"shape": "Plain"}},
            "SecretKey": {"type": "string", "sensitive": true, "pattern": "^[a-z]+$"},
            "Plain": {"type": "string", "pattern": "^[a-z]+$", "max": 20},
            "Vault": {"type": "structure", "sensitive": true, "members": {
                "Count": {"shape": "Int"}, "Name": {"shape": "Plain"}, "Tags": {"shape": "PlainMap"}}},
            "PlainMap": {"type": "map", "key": {"shape": "Plain"}, "value": {"shape": "Plain"}},
            "SecretMap": {"type": "map", "sensitive": true, "key": {"shape": "Plain"}, "value": {"shape": "Int"}},
            "Pin": {"type": "string", "sensitive": true, "pattern": "^[0-9]{4}$"},
            "Int": {"type": "integer", "max": 10}
        }),
    );
    let path = dir.join("service-2.json");
    std::fs::write(&path, serde_json::to_vec(&model).unwrap()).unwrap();
    path
}

const FORMATS: [&str; 4] = ["text", "json", "sarif", "github"];

/// Asserts that nothing written contains `SECRET`, in every format and on
/// a terminal.
fn assert_no_secret(cwd: &Path, model: &Path, files: &[&str], stdin: Option<(&Path, &str)>, snippets: bool) {
    for format in FORMATS {
        let mut args = vec!["--model", model.to_str().unwrap(), "validate", "--format", format];
        if let Some((_, name)) = stdin {
            args.extend(["--stdin-filename", name]);
        }
        args.extend(files);
        let bytes = stdin.map(|(path, _)| std::fs::read(path).unwrap());
        let out = run_limited(cwd, &args, bytes.as_deref());
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains("SECRET"), "{format} shows a secret:\n{all}");
        assert_eq!(out.status.code(), Some(1), "{format}:\n{all}");
    }
    let mut args = vec!["--model", model.to_str().unwrap(), "validate"];
    if let Some((_, name)) = stdin {
        args.extend(["--stdin-filename", name]);
    }
    args.extend(files);
    let screen = on_terminal(cwd, &args, stdin.map(|(p, _)| p));
    assert_eq!(screen.contains(" | "), snippets, "snippets on the terminal:\n{screen}");
    assert!(!screen.contains("SECRET"), "the terminal shows a secret:\n{screen}");
}

#[test]
fn sensitive_values_never_appear_in_any_form() {
    let dir = dir("sensitive");
    let model = hostile_model(&dir);
    // Sensitive map keys (and a duplicate of one), members of a sensitive
    // structure and of a map inside it, a sensitive map, a YAML tag error on
    // a sensitive value, an alias of a sensitive anchor used by a plain
    // member, and an anchor on an unknown member aliased into a secret.
    std::fs::write(
        dir.join("a.put.yaml"),
        "Keyed:\n  SECRETKEYA: value\n  SECRETKEYA: other\n  UPPERSECRET: x\n\
         Vault:\n  Count: 99 # SECRET\n  Name: SECRETNAME\n  Tags: {SECRETTAG: SECRETVAL}\n  Bogus: 1\n\
         SecretMap: {SECRETMK: notanint}\n\
         Pin: &p !!int SECRETPIN\n\
         Note: *p\n\
         Count: 11\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.put.yaml"), "Note: &n SECRETALIASED\nPin: *n\n").unwrap();
    // An anchor on an unknown member, aliased into a secret.
    std::fs::write(dir.join("k.put.yaml"), "Stray: &q SECRETSTRAY\nPin: *q\n").unwrap();
    // The overwritten first value of a duplicate sensitive member.
    std::fs::write(
        dir.join("c.put.json"),
        "{\"Pin\": \"SECRETFIRST\",\n \"Pin\": \"12x4\", \"Count\": 11}\n",
    )
    .unwrap();
    assert_no_secret(&dir, &model, &["a.put.yaml", "b.put.yaml", "k.put.yaml", "c.put.json"], None, true);

    // Syntax errors inside a secret: say where, not what.
    std::fs::write(dir.join("d.put.json"), "{\"Pin\": SECRETBARE}\n").unwrap();
    std::fs::write(dir.join("e.put.json"), "{\"Pin\": 1SECRETNUMBER}\n").unwrap();
    std::fs::write(dir.join("f.put.yaml"), "Pin: \"SECRETUNCLOSED\n").unwrap();
    std::fs::write(dir.join("g.put.json"), "{\"Pin\": \"SECRET\\q\"}\n").unwrap();
    std::fs::write(dir.join("h.put.json"), b"{\"Pin\": \"SECRET\xff\"}\n").unwrap();
    assert_no_secret(
        &dir,
        &model,
        &["d.put.json", "e.put.json", "f.put.yaml", "g.put.json", "h.put.json"],
        None,
        false,
    );

    // Two inputs with one display name: each file's snippets come from its
    // own text and are masked by its own secrets.
    std::fs::write(dir.join("s.put.json"), "{\"Pin\": \"SECRETSTDIN\", \"Count\": 11}\n").unwrap();
    std::fs::write(dir.join("same.put.json"), "{\"Note\": \"x\", \"Count\": 11}\n").unwrap();
    assert_no_secret(
        &dir,
        &model,
        &["same.put.json", "-"],
        Some((&dir.join("s.put.json"), "same.put.json")),
        true,
    );
}

/// A finding per item of a 1 MB list, each against a 1,200-value enum:
/// 1,000 findings are kept, the rest counted; the exit status and the
/// totals still count every one; memory and output stay small.
#[test]
fn findings_are_capped_and_memory_is_bounded() {
    let dir = dir("capped");
    let model = hostile_model(&dir);
    let items: Vec<String> = (0..100_000).map(|i| format!("bad{i}")).collect();
    let document = serde_json::to_vec(&json!({"Types": items})).unwrap();
    let size = document.len();
    std::fs::write(dir.join("big.put.json"), &document).unwrap();
    let model = model.to_str().unwrap();
    for format in FORMATS {
        let args = ["--model", model, "validate", "--format", format, "big.put.json"];
        let out = run_limited(&dir, &args, None);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.len() < 2_000_000, "{format}: {} bytes of report", out.stdout.len());
        if format == "json" {
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            let findings = report["files"][0]["diagnostics"].as_array().unwrap();
            assert_eq!(findings.len(), 1001);
            assert_eq!(findings[1000]["code"], "too-many-findings");
            assert_eq!(findings[1000]["severity"], "note");
            assert_eq!(report["summary"]["errors"], 100_000);
            assert_eq!(report["summary"]["not_shown"], 99_000);
            let message = findings[0]["message"].as_str().unwrap();
            assert!(message.len() < 1000 && message.contains("and 1170 more"), "{message}");
        }
        // Peak memory: a small multiple of the input plus a fixed bound.
        let rss = peak_rss_kib(&dir, &args);
        let bound = 8 * size / 1024 + 64 * 1024;
        assert!(rss < bound, "{format}: peak RSS {rss} KiB for a {size}-byte input (bound {bound} KiB)");
    }
}

/// Peak resident memory of one run, in KiB, as the kernel counts it
/// (`getrusage(RUSAGE_CHILDREN)`, read with the Python that CI has).
fn peak_rss_kib(cwd: &Path, args: &[&str]) -> usize {
    let script = "import resource, subprocess, sys\n\
                  subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
                  print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(binary())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("python3");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// File names and values with LF, CR, ESC, BEL, bidi overrides or a `::`
/// prefix cannot forge a line, a workflow command or a terminal sequence.
#[test]
fn output_cannot_inject() {
    let dir = dir("inject");
    let model = hostile_model(&dir);
    let names = [
        "x\n::error file=evil::forged.put.json",
        "::warning::forged.put.json",
        "t\x1b]0;title\x07\u{202e}.put.json",
    ];
    let document = "{\"Types\": [\"\\u001b[2J\\u0007::error::x\\r\\n::error::y\"], \"Count\": 11}\n";
    for name in names {
        std::fs::write(dir.join(name), document).unwrap();
    }
    let mut files: Vec<&str> = names.to_vec();
    files.push(".");
    for format in ["text", "github"] {
        let mut args = vec!["--model", model.to_str().unwrap(), "validate", "--format", format];
        args.extend(&files);
        let out = run_limited(&dir, &args, None);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains(['\x1b', '\x07', '\r', '\u{202e}']),
            "{format}: raw control characters:\n{text:?}"
        );
        for line in text.lines() {
            let forged = line.trim_start().starts_with("::")
                && (format == "text" || !line.starts_with("::error file="));
            assert!(!forged, "{format}: forged line {line:?}");
        }
    }
    let mut args = vec!["--model", model.to_str().unwrap(), "validate"];
    args.extend(&files);
    let screen = on_terminal(&dir, &args, None);
    assert!(!screen.contains(['\x1b', '\x07', '\u{202e}']), "terminal: {screen:?}");
}

/// A failed write never turns an invalid input into exit 0: a reader that
/// goes away keeps the verdict, a full disk is 2.
#[test]
fn write_failures_keep_the_verdict() {
    let dir = dir("writes");
    let model = hostile_model(&dir);
    let items: Vec<String> = (0..5_000).map(|i| format!("bad{i}")).collect();
    std::fs::write(dir.join("bad.put.json"), serde_json::to_vec(&json!({"Types": items})).unwrap()).unwrap();
    std::fs::write(dir.join("good.put.json"), "{\"Count\": 1}\n").unwrap();
    let model = model.to_str().unwrap();
    let full = std::fs::File::create("/dev/full").unwrap();
    let status = Command::new(binary())
        .args(["--model", model, "validate", "bad.put.json"])
        .current_dir(&dir)
        .stdout(full)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "stdout on a full device");
    for (file, verdict) in [("bad.put.json", 1), ("good.put.json", 0)] {
        // The reader closes before the report (over 64 KiB for the bad
        // file) is written.
        let mut child = Command::new(binary())
            .args(["--model", model, "validate", file])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        assert_eq!(child.wait().unwrap().code(), Some(verdict), "{file} into a closed pipe");
    }
}

/// Unreadable inputs — missing, a FIFO, a directory given as a file — are
/// named in every report format, end the run with 2, and never block.
#[test]
fn unreadable_inputs_are_named_in_every_format() {
    let dir = dir("unreadable");
    let model = hostile_model(&dir);
    std::fs::write(dir.join("good.put.json"), "{\"Count\": 1}\n").unwrap();
    let fifo = dir.join("pipe.put.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let model = model.to_str().unwrap();
    for format in FORMATS {
        let args = [
            "--model",
            model,
            "validate",
            "--format",
            format,
            "good.put.json",
            "missing.put.json",
            "pipe.put.json",
        ];
        let out = run_limited(&dir, &args, None);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        match format {
            "json" => {
                let report: Value = serde_json::from_slice(&out.stdout).unwrap();
                let files: Vec<&str> = report["unreadable"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["file"].as_str().unwrap())
                    .collect();
                assert_eq!(files, ["missing.put.json", "pipe.put.json"]);
                assert_eq!(report["summary"]["unreadable"], 2);
            }
            "sarif" => {
                let log: Value = serde_json::from_slice(&out.stdout).unwrap();
                let invocation = &log["runs"][0]["invocations"][0];
                assert_eq!(invocation["executionSuccessful"], false);
                assert_eq!(invocation["toolExecutionNotifications"].as_array().unwrap().len(), 2);
            }
            "github" => assert_eq!(text.matches("::error file=").count(), 2, "{text}"),
            _ => assert!(text.contains("2 unreadable"), "{text}"),
        }
    }
}

/// A `min` beyond every integer type is honoured, not ignored; an integer
/// in a message is written as a number.
#[test]
fn huge_bounds_are_honoured_and_numbers_unquoted() {
    let dir = dir("bounds");
    let model = hostile_model(&dir);
    std::fs::write(dir.join("l.put.json"), "{\"Huge\": [\"a\"], \"Note\": 7}\n").unwrap();
    let out = run_limited(&dir, &["--model", model.to_str().unwrap(), "validate", "l.put.json"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("error[items]") && text.contains("/Huge"), "{text}");
    assert!(text.contains("found the integer 7 "), "{text}");
}

/// Files named that all end up excluded: a warning, not a silent pass.
#[test]
fn nothing_checked_is_a_warning() {
    let dir = dir("nothing");
    std::fs::write(dir.join("update-user.json"), "{}\n").unwrap();
    std::fs::write(dir.join("c.yaml"), "exclude: ['*.json']\n").unwrap();
    let out = run_limited(&dir, &["--config", "c.yaml", "validate", "update-user.json"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: no file was checked"));
}

/// What an adversarial review found, kept: a sensitive map key inside an
/// aliased mapping; a value aliased as a sensitive map key; a replaced or mistyped value holding a secret that
/// the walk never enters; a misspelt member; a non-scalar key.
#[test]
fn secrets_the_walk_does_not_enter_stay_hidden() {
    let dir = dir("review");
    let messaging = [
        (
            "m8.send-channel-message.yaml",
            "ChannelArn: arn:aws:x:y:z:a\nContent: c\nType: STANDARD\nPersistence: PERSISTENT\nChimeBearer: arn:aws:x:y:z:b\nMessageAttributes: &ma\n  SECRETkey8: {StringValues: [x]}\nPushNotification: *ma\n",
        ),
        (
            "m4.send-channel-message.yaml",
            "ChannelArn: arn:aws:x:y:z:a\nContent: c\nType: STANDARD\nPersistence: PERSISTENT\nChimeBearer: arn:aws:x:y:z:b\nMessageAttributes: {? [SECRETkey4] : {StringValues: [x]}}\n",
        ),
    ];
    let chime = [
        (
            "f5.update-user.yaml",
            "AccountId: \"1\"\nUserId: u\nAlexaForBusinessMetadata:\n  AlexaForBusinessRoomArn: !!int SECRETint\n  AlexaForBusinessRoomArn: x\n",
        ),
        (
            "e4.update-user.json",
            "{\"AlexaForBusinessMetadata\": {\"AlexaForBusinessRoomArn\": \"SECRETreplaced\"}, \"AlexaForBusinessMetadata\": null, \"AccountId\": \"a\", \"UserId\": \"u\"}\n",
        ),
        (
            "e1.update-user.yaml",
            "AccountId: a\nUserId: u\nAlexaForBusinessMetadata: [{AlexaForBusinessRoomArn: SECRETtyped}]\n",
        ),
        (
            "e5.update-user.json",
            "{\"AccountId\": \"a\", \"UserId\": \"u\", \"alexaForBusinessMetadata\": {\"AlexaForBusinessRoomArn\": \"SECRETcased\"}}\n",
        ),
    ];
    for (service, files) in [("chime-sdk-messaging", &messaging[..]), ("chime", &chime[..])] {
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
            for format in FORMATS {
                let args = ["--service", service, "validate", "--show-source", "--format", format, name];
                let out = run_limited(&dir, &args, None);
                let all = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(!all.contains("SECRET"), "{name} {format}:\n{all}");
            }
        }
    }
}

/// A model's pattern is quoted clipped: a megabyte pattern failed by 3,000
/// items was gigabytes of messages. Lines that the Actions runner would
/// read as commands after any Unicode blank, or as legacy `##[...]`
/// commands anywhere, are defused.
#[test]
fn huge_patterns_and_legacy_commands_are_defused() {
    let dir = dir("patterns");
    let pattern = format!("^a{}$", "b?".repeat(200_000));
    let model = common::botocore_model(
        "Op",
        "In",
        json!({"In": {"type": "structure", "members": {"L": {"shape": "L"}}},
                   "L": {"type": "list", "member": {"shape": "S"}},
                   "S": {"type": "string", "pattern": pattern}}),
    );
    std::fs::write(dir.join("m.json"), serde_json::to_vec(&model).unwrap()).unwrap();
    std::fs::write(dir.join("p.op.json"), serde_json::to_vec(&json!({"L": vec!["c"; 3000]})).unwrap())
        .unwrap();
    let out = run_limited(&dir, &["--model", "m.json", "validate", "p.op.json"], None);
    assert!(out.stdout.len() < 2_000_000, "{} bytes", out.stdout.len());

    let name = "\u{a0}::error title=pwn::forged.update-user.yaml";
    std::fs::write(dir.join(name), "Foo: 1\n").unwrap();
    std::fs::write(
        dir.join("g.update-user.yaml"),
        "AccountId: a\nUserId: u\nLicenseType: \"##[error]forged\"\n",
    )
    .unwrap();
    let out = run_limited(&dir, &["validate", name, "g.update-user.yaml"], None);
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        assert!(!line.trim_start_matches(char::is_whitespace).starts_with("::"), "{line:?}");
        assert!(!line.contains("##["), "{line:?}");
    }
}
