//! The `services`, `operations` and `skeleton` commands, run as a user runs
//! them: through the binary, checking exit codes, stdout and stderr.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{code, run, stderr, stdout, transcript};

#[test]
fn services_lists_the_six_embedded_models() {
    let args = ["services"];
    let out = run(&args);
    assert_eq!(code(&out), 0);
    snap!("services", transcript(&args, &out));
}

#[test]
fn operations_lists_cli_names_in_model_order() {
    let out = run(&["operations"]);
    assert_eq!(code(&out), 0);
    let names: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(names.len(), 62);
    assert_eq!(names[0], "associate-phone-number-with-user");
    assert!(names.contains(&"update-user".to_owned()));
    let out = run(&["operations", "--service", "chime-sdk-voice"]);
    assert_eq!(stdout(&out).lines().count(), 96);
}

#[test]
fn skeleton_accepts_cli_and_api_names_and_global_options_anywhere() {
    let golden =
        std::fs::read_to_string(common::root().join("tests/golden/input/chime/update-user.json")).unwrap();
    for args in [
        &["skeleton", "input", "update-user"][..],
        &["skeleton", "input", "UpdateUser"],
        &["--service", "chime", "skeleton", "input", "update-user"],
        &["skeleton", "--service", "chime", "input", "update-user"],
        &["skeleton", "input", "update-user", "--service", "chime"],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert_eq!(stdout(&out), golden, "{args:?}");
    }
}

#[test]
fn skeleton_output_is_printed_where_the_aws_cli_fails() {
    // `aws chime-sdk-messaging get-channel-message --generate-cli-skeleton
    // output` fails its own validation (aws-cli#2337); we print the sample.
    let out = run(&["--service", "chime-sdk-messaging", "skeleton", "output", "get-channel-message"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("\"Arn\": \"Arn\""), "{}", stdout(&out));
}

#[test]
fn empty_output_prints_nothing() {
    let out = run(&["skeleton", "output", "delete-account"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
}

#[test]
fn unknown_names_are_usage_errors_with_suggestions() {
    for (name, args) in [
        ("unknown_operation", &["skeleton", "input", "update-usr"][..]),
        ("unknown_service", &["--service", "chime-sdk-voyce", "operations"]),
        ("unknown_mode", &["skeleton", "inptu", "update-user"]),
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        snap!(name, transcript(args, &out));
    }
}

#[test]
fn model_files_load_and_bad_ones_are_clear_errors() {
    let root = common::root();
    let dynamodb = root.join("tests/data/models/dynamodb/service-2.json.gz");
    let out = run(&["--model", dynamodb.to_str().unwrap(), "skeleton", "input", "put-item"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("\"TableName\": \"\""));

    let dir = tempfile_dir();
    let not_json = dir.join("service-2.json");
    std::fs::write(&not_json, "{ this is not json").unwrap();
    let wrong = dir.join("wrong.json");
    std::fs::write(
        &wrong,
        r#"{"metadata": {"apiVersion": "1"}, "operations": {}, "shapes": {"A": {"type": "list"}}}"#,
    )
    .unwrap();
    let gz = dir.join("truncated.json.gz");
    std::fs::write(&gz, [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
    for (name, path) in [
        ("model_missing", dir.join("nope.json")),
        ("model_not_json", not_json),
        ("model_wrong_structure", wrong),
        ("model_truncated_gzip", gz),
    ] {
        let path = path.to_str().unwrap().to_owned();
        let out = run(&["--model", &path, "operations"]);
        assert_eq!(code(&out), 2, "{name}");
        assert!(stderr(&out).contains(&path), "{name}: {}", stderr(&out));
        let text = stderr(&out).replace(&dir.to_string_lossy().to_string(), "$DIR");
        snap!(name, text);
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_skeleton");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
