//! `parse` through the binary: documents, errors with carets, exit codes,
//! validation of the result.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{code, run, stderr, stdout, transcript};

#[test]
fn shorthand_json_and_flags_become_the_request() {
    let args = [
        "parse",
        "aws",
        "--region",
        "us-east-1",
        "chime",
        "update-user",
        "--account-id",
        "a",
        "--user-id",
        "u",
        "--license-type",
        "Pro",
        "--alexa-for-business-metadata",
        "IsAlexaForBusinessEnabled=TRUE,AlexaForBusinessRoomArn=arn:room",
    ];
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    snap!("parse_update_user", transcript(&args, &out));
}

#[test]
fn errors_show_the_input_with_a_caret() {
    for (name, args) in [
        (
            "parse_shorthand_error",
            &[
                "parse",
                "update-user",
                "--account-id",
                "a",
                "--user-id",
                "u",
                "--alexa-for-business-metadata",
                "IsAlexaForBusinessEnabled",
            ][..],
        ),
        (
            "parse_duplicate_key",
            &[
                "parse",
                "update-user",
                "--account-id",
                "a",
                "--user-id",
                "u",
                "--alexa-for-business-metadata",
                "IsAlexaForBusinessEnabled=true,IsAlexaForBusinessEnabled=false",
            ],
        ),
        // AlexaForBusinessRoomArn is a SensitiveString: where, not what.
        (
            "parse_duplicate_sensitive_key",
            &[
                "parse",
                "update-user",
                "--account-id",
                "a",
                "--user-id",
                "u",
                "--alexa-for-business-metadata",
                "AlexaForBusinessRoomArn=a,AlexaForBusinessRoomArn=b",
            ],
        ),
        ("parse_missing_required", &["parse", "update-user", "--account-id", "a"]),
        (
            "parse_unknown_option",
            &["parse", "update-user", "--account-id", "a", "--user-id", "u", "--colour", "red"],
        ),
        (
            "parse_not_an_integer",
            &[
                "parse",
                "--service",
                "chime-sdk-meetings",
                "create-meeting",
                "--client-request-token",
                "tok-1",
                "--media-region",
                "us-east-1",
                "--external-meeting-id",
                "m1",
                "--meeting-features",
                "Attendee={MaxCount=five}",
            ],
        ),
        ("parse_missing_file", &["parse", "update-user", "--cli-input-json", "file://does-not-exist.json"]),
    ] {
        let out = run(args);
        assert_ne!(code(&out), 0, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        snap!(name, transcript(args, &out));
    }
}

#[test]
fn the_request_is_validated_unless_asked_not_to() {
    let args = ["parse", "update-user", "--account-id", "a", "--user-id", "u", "--license-type", "Platinum"];
    let out = run(&args);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out)
            .contains("--license-type: error[enum]: \"Platinum\" is not one of Basic, Plus, Pro, ProTrial")
    );
    assert!(stdout(&out).contains("\"LicenseType\": \"Platinum\""));
    let mut no_validate = args.to_vec();
    no_validate.insert(1, "--no-validate");
    let out = run(&no_validate);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
}

#[test]
fn http_values_are_never_fetched() {
    let out = run(&["parse", "update-user", "--account-id", "https://example.com/x", "--user-id", "u"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("\"AccountId\": \"https://example.com/x\""));
    assert!(stderr(&out).contains("never touches the network"));
}
