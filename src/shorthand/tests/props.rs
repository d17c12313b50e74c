//! Property tests: `to_shorthand` output parses back to the same tree, and `parse` never panics
//! (nor reports a position off a character boundary) on arbitrary input.

use proptest::prelude::*;

use crate::shorthand::{
    EmitError, LoadedValue, MAX_DEPTH, Shorthand, parse, parse_with_loader, to_shorthand,
};

/// Characters for scalar values: the grammar's specials, whitespace of both kinds, non-ASCII
/// (including NBSP and characters above U+FFFF), and occasionally anything.
fn scalar_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec!['a', 'b', 'z', 'A', '0', '9', '-', '_', '.', '/', ':']),
        4 => prop::sample::select(vec![
            ',', '=', '[', ']', '{', '}', '\'', '"', '\\', '@', ' ', '\t', '\n', '\r', '#', '!',
            '~', '|', '^', '`', '<', '>',
        ]),
        2 => prop::sample::select(vec![
            'é', '日', '\u{a0}', '\u{3000}', '\u{2028}', '\u{1c}', '\u{85}', '\u{ffff}', '😀',
            '\u{10ffff}', '\u{0}', '\u{7f}',
        ]),
        1 => any::<char>(),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop::collection::vec(scalar_char(), 0..8).prop_map(|chars| chars.into_iter().collect())
}

fn key() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9._#/:-]{0,6}"
}

/// Keeps the first occurrence of each key.
fn unique(entries: Vec<(String, Shorthand)>) -> Vec<(String, Shorthand)> {
    let mut out: Vec<(String, Shorthand)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        if !out.iter().any(|(seen, _)| *seen == k) {
            out.push((k, v));
        }
    }
    out
}

fn value() -> impl Strategy<Value = Shorthand> {
    let leaf = scalar().prop_map(Shorthand::String);
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Shorthand::List),
            prop::collection::vec((key(), inner), 0..5).prop_map(|entries| Shorthand::Map(unique(entries))),
        ]
    })
}

fn document() -> impl Strategy<Value = Shorthand> {
    prop::collection::vec((key(), value()), 1..6).prop_map(|entries| Shorthand::Map(unique(entries)))
}

/// Strings that lean on the shorthand grammar, to get past the first few characters.
fn shorthand_like() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "a",
        "b",
        "=",
        ",",
        "[",
        "]",
        "{",
        "}",
        "'",
        "\"",
        "\\",
        "@",
        " ",
        "\t",
        "\n",
        "é",
        "😀",
        "\u{a0}",
        "a=",
        "@=",
        "\\,",
        "file://x",
        "fileb://y",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Checks the invariants every error must hold.
fn check_error_invariants(input: &str, error: &crate::shorthand::ShorthandError) {
    assert!(error.byte_offset() <= input.len());
    assert!(input.is_char_boundary(error.byte_offset()));
    assert_eq!(input.get(..error.byte_offset()).map(|s| s.chars().count()), Some(error.char_index()));
    let _ = error.render(input);
    let _ = error.description();
    let _ = error.to_string();
}

fn loader(value: &str) -> Result<Option<LoadedValue>, String> {
    if value.starts_with("file://x") {
        Ok(Some(LoadedValue::Text("X".to_owned())))
    } else if value.starts_with("fileb://") {
        Ok(Some(LoadedValue::Bytes(vec![0xff, 0])))
    } else if value.starts_with("file://") {
        Err("no such file".to_owned())
    } else {
        Ok(None)
    }
}

/// `default` cases, or `PROPTEST_CASES` from the environment for a longer run.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn emitted_shorthand_parses_back(doc in document()) {
        match to_shorthand(&doc) {
            Ok(text) => {
                let parsed = parse(&text);
                prop_assert!(parsed.is_ok(), "{text:?}: {:?}", parsed.err().map(|e| e.render(&text)));
                prop_assert_eq!(parsed.ok(), Some(doc), "text {:?}", text);
            }
            Err(EmitError::Unrepresentable(s)) => prop_assert!(s.ends_with('\\')),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn parse_never_panics_on_arbitrary_strings(input in any::<String>()) {
        if let Err(e) = parse(&input) {
            check_error_invariants(&input, &e);
        }
    }

    #[test]
    fn parse_never_panics_on_shorthand_like_strings(input in shorthand_like()) {
        if let Err(e) = parse(&input) {
            check_error_invariants(&input, &e);
        }
        if let Err(e) = parse_with_loader(&input, &mut loader) {
            check_error_invariants(&input, &e);
        }
    }

    #[test]
    fn nesting_never_overflows(opens in prop::collection::vec(prop::sample::select(vec!["[", "{a=", "{a@=", "[{b="]), 0..400)) {
        let input = format!("a={}", opens.concat());
        match parse(&input) {
            Ok(_) => {}
            Err(e) => check_error_invariants(&input, &e),
        }
        prop_assert!(MAX_DEPTH >= 1);
    }
}
