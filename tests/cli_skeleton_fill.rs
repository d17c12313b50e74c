//! `skeleton input|yaml-input OP` filled (issue 18): `--example`,
//! `--required-only`, AWS CLI arguments, `--from RESPONSE`, and the
//! masking of sensitive values, through the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{code, run, run_stdin, stderr, stdout, transcript};

/// A `get-user` response, as `aws chime get-user` prints it.
const USER: &str = r#"{
    "User": {
        "UserId": "1ab2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
        "AccountId": "12a3456b-7c89-012d-3456-78901e23fg45",
        "PrimaryEmail": "alice@example.com",
        "DisplayName": "Alice",
        "LicenseType": "Pro",
        "UserType": "PrivateUser",
        "UserRegistrationStatus": "Registered",
        "RegisteredOn": "2024-06-03T09:12:44.000Z",
        "AlexaForBusinessMetadata": {
            "IsAlexaForBusinessEnabled": false,
            "AlexaForBusinessRoomArn": "arn:aws:a4b:us-east-1:111122223333:room/secret-room"
        }
    }
}
"#;

fn dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_skeleton_fill");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(name: &str, text: &str) -> String {
    let path = dir().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// `skeleton … | validate --operation OP -`, as a user pipes it.
fn validates(global: &[&str], mode: &str, operation: &str, extra: &[&str]) {
    let mut args: Vec<&str> = global.to_vec();
    args.extend(["skeleton", mode, operation, "--example"]);
    args.extend(extra);
    let skeleton = run(&args);
    assert_eq!(code(&skeleton), 0, "{args:?}: {}", stderr(&skeleton));
    let mut check: Vec<&str> = global.to_vec();
    let name = if mode == "input" { "example.json" } else { "example.yaml" };
    check.extend(["validate", "--operation", operation, "--stdin-filename", name, "-"]);
    let validated = run_stdin(&check, &stdout(&skeleton));
    assert_eq!(code(&validated), 0, "{args:?}\n{}\n{}", stdout(&skeleton), stdout(&validated));
}

#[test]
fn example_skeletons_pass_validate_through_the_binary() {
    validates(&[], "input", "update-user", &[]);
    validates(&[], "yaml-input", "update-user", &[]);
    validates(&["--service", "chime-sdk-meetings"], "input", "create-meeting-with-attendees", &[]);
    validates(
        &["--service", "chime-sdk-voice"],
        "yaml-input",
        "create-sip-media-application",
        &["--required-only"],
    );
    let dynamodb = common::root().join("tests/data/models/dynamodb/service-2.json.gz");
    let model = dynamodb.to_str().unwrap();
    validates(&["--model", model], "input", "query", &[]);
    validates(&["--model", model], "yaml-input", "transact-write-items", &[]);
}

#[test]
fn example_and_required_only_snapshots() {
    for (name, args) in [
        ("example_update_user", &["skeleton", "input", "update-user", "--example"][..]),
        ("example_yaml_update_user", &["skeleton", "yaml-input", "update-user", "--example"]),
        ("required_only_update_user", &["skeleton", "input", "update-user", "--required-only"]),
        (
            "example_required_only_create_meeting",
            &[
                "--service",
                "chime-sdk-meetings",
                "skeleton",
                "yaml-input",
                "create-meeting",
                "--required-only",
                "--example",
            ],
        ),
    ] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert_eq!(stderr(&out), "", "{args:?}");
        snap!(name, transcript(args, &out));
    }
}

#[test]
fn example_values_are_the_same_on_every_run() {
    let args = ["--service", "chime-sdk-voice", "skeleton", "input", "create-sip-rule", "--example"];
    assert_eq!(stdout(&run(&args)), stdout(&run(&args)));
}

#[test]
fn a_pattern_that_cannot_be_checked_is_said_in_a_warning() {
    // chime-sdk-voice's `^[-_a-zA-Z0-9]*${2,64}$` (a quantifier on `$`).
    let out = run(&["--service", "chime-sdk-voice", "operations"]);
    let mut warned = false;
    for op in stdout(&out).lines() {
        let out = run(&["--service", "chime-sdk-voice", "skeleton", "yaml-input", op, "--example"]);
        assert_eq!(code(&out), 0, "{op}");
        if stderr(&out).contains("cannot be checked") {
            assert!(stderr(&out).starts_with("chime-shape: warning: /"), "{}", stderr(&out));
            warned = true;
        }
    }
    assert!(warned);
}

#[test]
fn arguments_fill_the_skeleton_in_its_order() {
    let args = ["skeleton", "input", "update-user", "--account-id", "a1", "--license-type", "Pro"];
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    snap!("arguments_update_user", transcript(&args, &out));

    // The skeleton's own options may also follow the AWS CLI arguments.
    let out = run(&["skeleton", "input", "update-user", "--account-id", "a1", "--example"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\"AccountId\": \"a1\"") && stdout(&out).contains("\"UserId\": \"user-id\"")
    );

    // Lists of structures: each item laid over the element's skeleton.
    let out = run(&[
        "--service",
        "chime-sdk-meetings",
        "skeleton",
        "input",
        "create-meeting",
        "--required-only",
        "--tags",
        "Key=team,Value=platform",
        "Key=env",
    ]);
    // The missing `Value` is the skeleton's to supply: no finding.
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        value["Tags"],
        serde_json::json!([{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": ""}])
    );
}

#[test]
fn argument_errors_are_reported_as_parse_reports_them() {
    for words in [
        &[
            "update-user",
            "--user-id",
            "u",
            "--account-id",
            "a",
            "--alexa-for-business-metadata",
            "IsAlexaForBusinessEnabled",
        ][..],
        &["update-user", "--user-id", "u", "--bogus", "x"],
        &["update-user", "--user-id", "u", "--account-id"],
        &["update-user", "--user-id", "u", "--account-id", "a", "--license-type", "Platinum"],
    ] {
        let parse: Vec<&str> = ["parse"].into_iter().chain(words.iter().copied()).collect();
        let skeleton: Vec<&str> = ["skeleton", "input"].into_iter().chain(words.iter().copied()).collect();
        let (p, s) = (run(&parse), run(&skeleton));
        assert_eq!(code(&s), code(&p), "{words:?}");
        // parse also says what is missing; the skeleton requires nothing.
        let parse_err: String =
            stderr(&p).lines().filter(|l| !l.contains("error[required]")).map(|l| format!("{l}\n")).collect();
        assert_eq!(stderr(&s), parse_err, "{words:?}");
    }
    let args = ["skeleton", "input", "update-user", "--license-type", "Platinum"];
    let out = run(&args);
    assert_eq!(code(&out), 1);
    snap!("arguments_invalid_value", transcript(&args, &out));
}

#[test]
fn from_takes_the_members_the_request_shares() {
    let user = write("user.json", USER);
    let args = ["skeleton", "input", "update-user", "--from", &user];
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains("secret-room") && !stderr(&out).contains("secret-room"));
    let text = transcript(&args, &out).replace(&user, "user.json");
    snap!("from_get_user", text);

    // YAML too, from standard input, with the sensitive value shown on
    // request and arguments laid over the response.
    let yaml = "User:\n  UserId: u1\n  AccountId: a1\n  LicenseType: Pro\n  AlexaForBusinessMetadata:\n    AlexaForBusinessRoomArn: arn:room\n";
    let out = run_stdin(
        &[
            "skeleton",
            "yaml-input",
            "update-user",
            "--from",
            "-",
            "--show-sensitive",
            "--license-type",
            "Basic",
        ],
        yaml,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("AlexaForBusinessRoomArn: arn:room"), "{}", stdout(&out));
    assert!(stdout(&out).contains("LicenseType: Basic"), "{}", stdout(&out));
    assert!(stdout(&out).contains("UserId: u1"), "{}", stdout(&out));
}

#[test]
fn from_drops_mistyped_values_and_warns_about_refused_ones() {
    let response = write(
        "bad-user.json",
        "{\"User\": {\"UserId\": 7, \"AccountId\": \"a1\", \"LicenseType\": \"Platinum\", \"Extra\": 1}}\n",
    );
    let args = ["skeleton", "input", "update-user", "--from", &response];
    let out = run(&args);
    assert_eq!(code(&out), 0, "a skeleton is a draft: warnings only");
    let text = transcript(&args, &out).replace(&response, "bad-user.json");
    snap!("from_mistyped_and_refused", text);
}

#[test]
fn from_problems_and_misuse_are_usage_errors() {
    let broken = write("broken.json", "{\"User\": \n");
    let missing = dir().join("missing.json");
    for args in [
        vec!["skeleton", "input", "update-user", "--from", &broken],
        vec!["skeleton", "input", "update-user", "--from", missing.to_str().unwrap()],
        vec!["skeleton", "output", "get-user", "--example"],
    ] {
        let out = run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(stderr(&out).starts_with("chime-shape: error: "), "{}", stderr(&out));
    }
}

#[test]
fn sensitive_arguments_are_not_printed_unless_asked() {
    let words = [
        "skeleton",
        "input",
        "update-user",
        "--alexa-for-business-metadata",
        "IsAlexaForBusinessEnabled=true,AlexaForBusinessRoomArn=arn:aws:a4b:room/hunter2",
    ];
    let out = run(&words);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains("hunter2") && !stderr(&out).contains("hunter2"));
    assert!(stderr(&out).contains("--show-sensitive"), "{}", stderr(&out));
    let mut shown = words.to_vec();
    shown.push("--show-sensitive");
    assert!(stdout(&run(&shown)).contains("hunter2"));
}

/// botocore's documented example (`examples-1.json` beside the model file
/// given with `--model`) is preferred when it is valid: its values, and
/// only the members it leaves out that the request needs; an invalid one
/// is passed over for made-up values.
#[test]
fn documented_examples_come_first_when_valid() {
    let models = dir().join("documented");
    std::fs::create_dir_all(&models).unwrap();
    let model = models.join("service-2.json.gz");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/models/dynamodb/service-2.json.gz"),
        &model,
    )
    .unwrap();
    std::fs::write(
        models.join("examples-1.json"),
        r#"{"version": "1.0", "examples": {
            "GetItem": [{"input": {"TableName": "Music", "Key": {"Artist": {"S": "Acme Band"}}}}],
            "DeleteTable": [{"input": {"TableName": ""}}]
        }}"#,
    )
    .unwrap();
    let model = model.to_str().unwrap();
    let output = run(&["--model", model, "skeleton", "input", "get-item", "--example"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(value, serde_json::json!({"TableName": "Music", "Key": {"Artist": {"S": "Acme Band"}}}));
    // An empty TableName breaks its length (1 at least): made-up values instead.
    let output = run(&["--model", model, "skeleton", "input", "delete-table", "--example"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_ne!(value["TableName"], "");
    let piped =
        run_stdin(&["--model", model, "validate", "--operation", "delete-table", "-"], &stdout(&output));
    assert_eq!(code(&piped), 0, "{}", stderr(&piped));
}

/// Review mends: notes about what `--from` left out never name a key
/// that may be a secret; the arguments of an operation without input are
/// still checked; a list of many items over a large element skeleton stays
/// bounded.
#[test]
fn from_notes_mask_secret_keys_and_lists_stay_bounded() {
    let call = write(
        "call.json",
        r#"{"SipMediaApplicationId":"abc","TransactionId":"t","Arguments":{"SECRETKEY1":"v","SECRETKEY2":5}}"#,
    );
    let output = run(&[
        "--service",
        "chime-sdk-voice",
        "skeleton",
        "input",
        "update-sip-media-application-call",
        "--from",
        &call,
    ]);
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!all.contains("SECRETKEY"), "{all}");
    assert!(stderr(&output).contains("/Arguments/<sensitive>"), "{}", stderr(&output));

    let output = run(&["skeleton", "input", "get-global-settings", "--bogus", "x"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));

    let items: Vec<String> = (0..5000).map(|i| format!(r#"{{"PhoneNumberId": "+1206555{i:04}"}}"#)).collect();
    let big = write("big.json", &format!(r#"{{"UpdatePhoneNumberRequestItems": [{}]}}"#, items.join(",")));
    let output = run(&["skeleton", "input", "batch-update-phone-number", "--example", "--from", &big]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).len() < 20_000_000);
}
