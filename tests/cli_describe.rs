//! `describe` pages, snapshotted, and checked against the seed page's
//! syntax blocks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{code, run, stdout};

#[test]
fn update_user_page_carries_the_seed_blocks() {
    let out = run(&["describe", "update-user"]);
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    let seed = std::fs::read_to_string(common::root().join("tests/data/seed-update-user.md")).unwrap();
    // The seed's blocks, exactly: shorthand and JSON syntax of
    // --alexa-for-business-metadata, and the enum lists.
    for block in [
        "```\nIsAlexaForBusinessEnabled=boolean,AlexaForBusinessRoomArn=string\n```",
        "```\n{\n  \"IsAlexaForBusinessEnabled\": true|false,\n  \"AlexaForBusinessRoomArn\": \"string\"\n}\n```",
        "- `Basic`\n- `Plus`\n- `Pro`\n- `ProTrial`",
        "- `PrivateUser`\n- `SharedDevice`",
    ] {
        assert!(seed.contains(block), "the seed has {block:?}");
        assert!(page.contains(block), "the page lacks {block:?}");
    }
    snap!("describe_update_user", page);
}

#[test]
fn pages_for_deep_list_and_map_arguments() {
    for (name, args) in [
        (
            "describe_send_channel_message",
            &["--service", "chime-sdk-messaging", "describe", "send-channel-message"][..],
        ),
        ("describe_create_sip_rule", &["--service", "chime-sdk-voice", "describe", "CreateSipRule"]),
        ("describe_get_global_settings", &["describe", "get-global-settings"]),
    ] {
        let out = run(args);
        assert_eq!(code(&out), 0, "{args:?}");
        snap!(name, stdout(&out));
    }
}

#[test]
fn colour_only_when_asked() {
    let plain = stdout(&run(&["describe", "update-user"]));
    assert!(!plain.contains('\x1b'));
    let coloured = stdout(&run(&["--color", "always", "describe", "update-user"]));
    assert!(coloured.contains("\x1b[1m# update-user"));
}
