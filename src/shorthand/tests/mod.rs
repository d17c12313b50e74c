//! Unit tests of the shorthand parser: every row of the reference table (aws-cli-behaviour.md
//! §2.3), the quirks listed in §2.2, the exact messages of §2.7, the paramfile loader, the
//! nesting limit and the character classes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests fail loudly"
)]

mod differential;
mod props;

use std::fmt::Write as _;

use crate::shorthand::{
    ErrorKind, Expected, Found, LoadedValue, MAX_DEPTH, Shorthand, ShorthandError, parse, parse_with_loader,
    to_shorthand,
};

/// Compact JSON of a parse result, as the reference tables print it.
pub(super) fn json(value: &Shorthand) -> String {
    let mut out = String::new();
    write_json(&mut out, value);
    out
}

fn write_json(out: &mut String, value: &Shorthand) {
    match value {
        Shorthand::String(s) => write_json_string(out, s),
        Shorthand::Bytes(b) => {
            out.push('b');
            write_json_string(out, &String::from_utf8_lossy(b));
        }
        Shorthand::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Shorthand::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => write!(out, "\\u{:04x}", u32::from(c)).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[track_caller]
fn ok(input: &str, expected: &str) {
    match parse(input) {
        Ok(value) => assert_eq!(json(&value), expected, "input {input:?}"),
        Err(e) => panic!("input {input:?}: unexpected error {}", e.render(input)),
    }
}

#[track_caller]
fn err(input: &str) -> ShorthandError {
    match parse(input) {
        Ok(value) => panic!("input {input:?}: expected an error, got {}", json(&value)),
        Err(e) => e,
    }
}

/// Asserts a syntax error with the AWS CLI's expected/received tokens and character index.
#[track_caller]
fn syntax(input: &str, expected: &str, received: &str, index: usize) {
    let e = err(input);
    assert!(matches!(e.kind(), ErrorKind::Syntax { .. }), "input {input:?}: {e:?}");
    assert_eq!(e.expected().unwrap().to_string(), expected, "input {input:?}");
    assert_eq!(e.found().unwrap().to_string(), received, "input {input:?}");
    assert_eq!(e.char_index(), index, "input {input:?}");
}

// ----- §2.3, one test per row ----------------------------------------------------------------

#[test]
fn row_scalar() {
    ok("a=b", r#"{"a":"b"}"#);
}

#[test]
fn row_csv_list() {
    ok("a=b,c", r#"{"a":["b","c"]}"#);
}

#[test]
fn row_csv_list_then_key() {
    ok("a=b,c,d=e", r#"{"a":["b","c"],"d":"e"}"#);
}

#[test]
fn row_scalar_then_csv_list() {
    ok("a=x,y=z,w", r#"{"a":"x","y":["z","w"]}"#);
}

#[test]
fn row_interior_space() {
    ok("a=x y,z", r#"{"a":["x y","z"]}"#);
}

#[test]
fn row_spaces_around_comma_and_trailing() {
    ok("a=b ,c=d  ", r#"{"a":"b","c":"d"}"#);
}

#[test]
fn row_spaces_around_equals() {
    ok("a =b", r#"{"a":"b"}"#);
    ok("a= b", r#"{"a":"b"}"#);
}

#[test]
fn row_explicit_list() {
    ok("a=[b,c]", r#"{"a":["b","c"]}"#);
    ok("a=[ b , c ]", r#"{"a":["b","c"]}"#);
}

#[test]
fn row_empty_list_and_hash() {
    ok("a=[]", r#"{"a":[]}"#);
    ok("a={}", r#"{"a":{}}"#);
}

#[test]
fn row_trailing_comma_in_list() {
    ok("a=[b,]", r#"{"a":["b"]}"#);
    ok("a=[,]", r#"{"a":[""]}"#);
}

#[test]
fn row_hash_with_list() {
    ok("a={b=c,d=[e,f]}", r#"{"a":{"b":"c","d":["e","f"]}}"#);
}

#[test]
fn row_list_of_hashes() {
    ok("a=[{b=c},{b=d}]", r#"{"a":[{"b":"c"},{"b":"d"}]}"#);
}

#[test]
fn row_nested_lists() {
    ok("a=[[1,2],[3]]", r#"{"a":[["1","2"],["3"]]}"#);
}

#[test]
fn row_quoted_commas() {
    ok(r#"a=["x,y",z]"#, r#"{"a":["x,y","z"]}"#);
    ok("a='x,y'", r#"{"a":"x,y"}"#);
    ok(r#"a="x,y""#, r#"{"a":"x,y"}"#);
}

#[test]
fn row_escaped_quotes() {
    ok(r"a='it\'s'", r#"{"a":"it's"}"#);
    ok(r#"a="say \"hi\"""#, r#"{"a":"say \"hi\""}"#);
}

#[test]
fn row_escaped_comma() {
    ok(r"a=b\,c", r#"{"a":"b,c"}"#);
    ok(r"a=b\,c,d", r#"{"a":["b,c","d"]}"#);
}

#[test]
fn row_empty_values() {
    ok("a=", r#"{"a":""}"#);
    ok("a=,b=c", r#"{"a":"","b":"c"}"#);
    ok("a=b,c=", r#"{"a":"b","c":""}"#);
}

#[test]
fn row_equals_in_value() {
    ok("a=b=c", r#"{"a":"b=c"}"#);
}

#[test]
fn row_non_ascii() {
    ok("a=é", r#"{"a":"é"}"#);
}

#[test]
fn row_emoji_rejected() {
    syntax("a=😀", ",", "😀", 2);
    assert_eq!(err("a=😀").render("a=😀"), "Expected: ',', received: '😀' for input:\na=😀\n  ^");
}

#[test]
fn row_key_characters() {
    ok("a-b.c#d/e:f=1", r#"{"a-b.c#d/e:f":"1"}"#);
}

#[test]
fn row_newlines() {
    ok("a=b\nc=d", r#"{"a":"b\nc=d"}"#);
    ok("a=b,\nc=d", r#"{"a":"b","c":"d"}"#);
}

#[test]
fn row_duplicate_key() {
    let input = "a=1,a=2";
    let e = err(input);
    assert_eq!(e.kind(), &ErrorKind::DuplicateKey { key: "a".to_owned() });
    assert_eq!(e.char_index(), 4);
    assert_eq!(e.byte_offset(), 4);
    assert_eq!(
        e.render(input),
        "Second instance of key \"a\" encountered for input:\na=1,a=2\n    ^\nThis is often \
         because there is a preceding \",\" instead of a space."
    );
}

#[test]
fn row_unterminated_quotes() {
    syntax(r#"a="abc"#, "<double quoted>", "<none>", 2);
    syntax("a='abc", "<singled quoted>", "<none>", 2);
}

#[test]
fn row_unterminated_list_and_hash() {
    syntax("a=[b,c", ",", "EOF", 6);
    syntax("a={b=c", ",", "EOF", 6);
}

// ----- §2.2 quirks -----------------------------------------------------------------------------

#[test]
fn no_whitespace_before_first_key() {
    syntax(" a=b", "=", "a", 1);
}

#[test]
fn no_whitespace_inside_key() {
    syntax("a b=1", "=", "b", 2);
}

#[test]
fn non_ascii_space_is_not_skipped() {
    syntax("a=b,\u{a0}c=d", "=", "\u{a0}", 4);
}

#[test]
fn leading_nbsp_is_kept_trailing_nbsp_is_trimmed() {
    ok("a=\u{a0}b\u{a0}", "{\"a\":\"\u{a0}b\"}");
    ok("a=b\u{3000}\u{2028}", r#"{"a":"b"}"#);
}

#[test]
fn my_arn_keeps_interior_space() {
    ok("a=my arn", r#"{"a":"my arn"}"#);
    ok(
        "IsAlexaForBusinessEnabled = false , AlexaForBusinessRoomArn = my arn  ",
        r#"{"IsAlexaForBusinessEnabled":"false","AlexaForBusinessRoomArn":"my arn"}"#,
    );
}

#[test]
fn lone_backslashes_are_literal() {
    ok(r"a=b\x", r#"{"a":"b\\x"}"#);
    ok(r"a=b\", r#"{"a":"b\\"}"#);
    ok(r"a='\n'", r#"{"a":"\\n"}"#);
}

#[test]
fn quoted_value_must_be_followed_by_separator() {
    syntax(r#"a="b"c"#, ",", "c", 5);
}

#[test]
fn quoted_values_are_not_trimmed() {
    ok("a=' b '", r#"{"a":" b "}"#);
}

#[test]
fn brace_is_a_start_character() {
    syntax("a={b=}", ",", "EOF", 6);
    syntax("Attendee={MaxCount=}", ",", "EOF", 20);
}

#[test]
fn closing_bracket_after_scalar() {
    syntax("a=b]", ",", "]", 3);
    ok("a=b,c]", r#"{"a":["b","c]"]}"#);
}

#[test]
fn double_equals() {
    syntax("a==b", ",", "=", 2);
    assert_eq!(
        err("a=b,c==d").render("a=b,c==d"),
        "Expected: ',', received: '=' for input:\na=b,c==d\n      ^"
    );
}

#[test]
fn empty_key_and_empty_input() {
    ok("=b", r#"{"":"b"}"#);
    syntax("", "=", "EOF", 0);
}

#[test]
fn trailing_comma_after_csv() {
    syntax("a=b,", "<second>", "<none>", 4);
    syntax("a=b,c,", "<second>", "<none>", 6);
}

#[test]
fn inner_duplicate_keeps_first_position_and_last_value() {
    ok("a={b=c,b=d}", r#"{"a":{"b":"d"}}"#);
    ok("a={b=1,c=2,b=3}", r#"{"a":{"b":"3","c":"2"}}"#);
}

#[test]
fn inner_duplicate_in_large_hash() {
    let mut input = String::from("a={");
    for i in 0..40 {
        write!(input, "k{i}={i},").unwrap();
    }
    input.push_str("k3=x,k39=y}");
    let value = parse(&input).unwrap();
    let map = value.get("a").unwrap().as_map().unwrap();
    assert_eq!(map.len(), 40);
    assert_eq!(map[3], ("k3".to_owned(), Shorthand::String("x".to_owned())));
    assert_eq!(map[39], ("k39".to_owned(), Shorthand::String("y".to_owned())));
}

#[test]
fn duplicate_key_error_comes_after_the_value() {
    // The value of the second `a` is parsed (and fails) before the duplicate is noticed.
    syntax("a=1,a=[", ",", "EOF", 7);
}

#[test]
fn backtrack_lands_on_escaped_comma() {
    // The AWS CLI rewinds to the nearest `,`, even one inside `\,`.
    ok(r"a=b,c\,d=e", r#"{"a":"b","d":"e"}"#);
}

#[test]
fn quoted_value_reaches_last_escaped_quote_without_closing_quote() {
    // The regex engine gives back the backslash of the last `\'` and closes there.
    ok(r"a='x\'", r#"{"a":"x\\"}"#);
    ok(r"a='x\\'", r#"{"a":"x\\"}"#);
    ok(r"a='x\',y", r#"{"a":["x\\","y"]}"#);
    // ... unless a later quote closes it: then `\'` was an escaped quote after all.
    syntax(r"a='x\',b='y'", ",", "y", 10);
}

// ----- §2.7 messages ---------------------------------------------------------------------------

#[test]
fn duplicate_message_from_the_reference() {
    let input = "AlexaForBusinessRoomArn=a,AlexaForBusinessRoomArn=b";
    assert_eq!(
        err(input).render(input),
        "Second instance of key \"AlexaForBusinessRoomArn\" encountered for input:\n\
         AlexaForBusinessRoomArn=a,AlexaForBusinessRoomArn=b\n\
         \x20                         ^\n\
         This is often because there is a preceding \",\" instead of a space."
    );
}

#[test]
fn message_location_with_newlines() {
    let input = "foo=bar,\nbar==baz";
    assert_eq!(
        err(input).render(input),
        "Expected: ',', received: '=' for input:\nfoo=bar,\nbar==baz\n    ^"
    );
    let input = "foo=[a\nb c,\n,";
    let e = err(input);
    assert_eq!(e.char_index(), input.chars().count());
    assert_eq!(e.render(input), "Expected: ',', received: 'EOF' for input:\nfoo=[a\nb c,\n,\n ^");
    let input = "a=\"x\"y\nz";
    assert_eq!(err(input).render(input), "Expected: ',', received: 'y' for input:\na=\"x\"y\n     ^\nz");
}

#[test]
fn byte_offset_and_char_index_differ_after_non_ascii() {
    let e = err("a=é,😀");
    // `é,` is a csv first value; `😀` is no second value, so the parser rewinds to the comma
    // and then needs `=` after the empty key at the emoji.
    assert_eq!(e.expected(), Some(Expected::Char('=')));
    assert_eq!(e.found(), Some(Found::Char('😀')));
    assert_eq!(e.char_index(), 4);
    assert_eq!(e.byte_offset(), 5);
}

#[test]
fn descriptions_are_plain_words() {
    assert!(err("a").description().contains("expected `=`"));
    assert!(err("a=\"x").description().contains("unterminated double-quoted"));
    assert!(err("a='x").description().contains("unterminated single-quoted"));
    assert!(err("a=[x").description().contains("`]`"));
    assert!(err("a={b=x").description().contains("`}`"));
    assert!(err("a=b,").description().contains("trailing comma"));
    assert!(err("a=1,a=2").description().contains("second time"));
    assert!(err("a==b").to_string().contains("(at character 2)"));
}

// ----- `@=` and the loader ---------------------------------------------------------------------

/// A loader that serves `file://y.txt` as `Y`, any other `file://` as an error, and
/// `fileb://...` as bytes, recording every call.
fn stub(calls: &mut Vec<String>) -> impl FnMut(&str) -> Result<Option<LoadedValue>, String> + '_ {
    |value: &str| {
        calls.push(value.to_owned());
        if let Some(path) = value.strip_prefix("file://") {
            if path == "y.txt" {
                return Ok(Some(LoadedValue::Text("Y".to_owned())));
            }
            return Err(format!(
                "Unable to load paramfile {value}: [Errno 2] No such file or directory: '{path}'"
            ));
        }
        if let Some(path) = value.strip_prefix("fileb://") {
            return Ok(Some(LoadedValue::Bytes(path.as_bytes().to_vec())));
        }
        Ok(None)
    }
}

fn with_loader(input: &str) -> (Result<Shorthand, ShorthandError>, Vec<String>) {
    let mut calls = Vec::new();
    let result = parse_with_loader(input, &mut stub(&mut calls));
    (result, calls)
}

#[test]
fn at_equals_loads_files() {
    let (result, calls) = with_loader("a@=file://y.txt");
    assert_eq!(json(&result.unwrap()), r#"{"a":"Y"}"#);
    assert_eq!(calls, ["file://y.txt"]);

    let (result, _) = with_loader("a @ = 'file://y.txt'");
    assert_eq!(json(&result.unwrap()), r#"{"a":"Y"}"#);

    let (result, _) = with_loader("a@=fileb://raw");
    assert_eq!(result.unwrap().get("a"), Some(&Shorthand::Bytes(b"raw".to_vec())));
}

#[test]
fn plain_equals_is_literal_and_parse_has_no_loader() {
    let (result, calls) = with_loader("a=file://y.txt");
    assert_eq!(json(&result.unwrap()), r#"{"a":"file://y.txt"}"#);
    assert!(calls.is_empty());
    ok("a@=file://y.txt", r#"{"a":"file://y.txt"}"#);
}

#[test]
fn at_equals_flag_leaks_out_of_nested_hash() {
    let (result, _) = with_loader("a=[{b@=file://y.txt},file://y.txt]");
    assert_eq!(json(&result.unwrap()), r#"{"a":[{"b":"Y"},"Y"]}"#);
    let (result, _) = with_loader("a=[{b=c},file://y.txt]");
    assert_eq!(json(&result.unwrap()), r#"{"a":[{"b":"c"},"file://y.txt"]}"#);
    let (result, calls) = with_loader("a@=[x,file://y.txt]");
    assert_eq!(json(&result.unwrap()), r#"{"a":["x","Y"]}"#);
    assert_eq!(calls, ["x", "file://y.txt"]);
}

#[test]
fn loader_sees_values_that_backtracking_discards() {
    let (result, calls) = with_loader("a@=x,file://y.txt,b=c");
    assert_eq!(json(&result.unwrap()), r#"{"a":["x","Y"],"b":"c"}"#);
    assert_eq!(calls, ["x", "file://y.txt", "b"]);
}

#[test]
fn loader_error_aborts() {
    let input = "a@=x,file://nope.txt";
    let (result, calls) = with_loader(input);
    let e = result.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Load { .. }));
    assert_eq!(
        e.render(input),
        "Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'"
    );
    assert_eq!(e.char_index(), 5);
    assert_eq!(calls, ["x", "file://nope.txt"]);
}

// ----- nesting ---------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let input = format!("a={}", "[".repeat(100_000));
    let started = crate::test_clock::Clock::start();
    let e = err(&input);
    assert_eq!(e.kind(), &ErrorKind::TooDeep { limit: MAX_DEPTH });
    assert_eq!(e.char_index(), 2 + MAX_DEPTH);
    assert!(started.elapsed().as_secs() < 1);
    let rendered = e.render("a=[[[");
    assert!(rendered.starts_with("Nesting deeper than 64 levels"));

    let hashes = format!("a={}", "{b=".repeat(100_000));
    assert_eq!(err(&hashes).kind(), &ErrorKind::TooDeep { limit: MAX_DEPTH });
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let input = format!("a={}x{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let mut value = parse(&input).unwrap().get("a").unwrap().clone();
    for _ in 0..MAX_DEPTH {
        value = match value {
            Shorthand::List(mut items) => items.pop().unwrap(),
            other => panic!("expected a list, got {other:?}"),
        };
    }
    assert_eq!(value, Shorthand::String("x".to_owned()));

    let too_deep = format!("a={}x{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(err(&too_deep).kind(), &ErrorKind::TooDeep { limit: MAX_DEPTH });
}

// ----- emitting --------------------------------------------------------------------------------

#[test]
fn to_shorthand_examples() {
    let cases = [
        "a=b",
        "a=[b,c]",
        r"a=b\,c",
        "a='x y '",
        "a=[{b=c},{b=d}]",
        "=b",
        "a=''",
        r"a=x\ ,b=c",
        r#"a="it's""#,
    ];
    for input in cases {
        let value = parse(input).unwrap();
        let text = to_shorthand(&value).unwrap();
        assert_eq!(parse(&text).unwrap(), value, "{input:?} -> {text:?}");
    }
    assert_eq!(to_shorthand(&parse("a=b,c").unwrap()).unwrap(), "a=[b,c]");
    assert_eq!(
        to_shorthand(&Shorthand::Map(vec![("k".to_owned(), Shorthand::String("x,'😀".to_owned()))])).unwrap(),
        r#"k="x,'😀""#
    );
    assert!(to_shorthand(&Shorthand::Map(vec![])).is_err());
    assert!(to_shorthand(&Shorthand::String(String::new())).is_err());
    assert!(
        to_shorthand(&Shorthand::Map(vec![("a b".to_owned(), Shorthand::String(String::new()))])).is_err()
    );
}

// ----- character classes against the Python enumeration ---------------------------------------

/// A character-class predicate.
type ClassFn = fn(char) -> bool;

#[test]
fn character_classes_match_python() {
    use crate::shorthand::chars;

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/shorthand_char_classes.json");
    let text = std::fs::read_to_string(path).unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ranges = |name: &str| -> Vec<(u32, u32)> {
        data[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let lo = u32::try_from(r[0].as_u64().unwrap()).unwrap();
                let hi = u32::try_from(r[1].as_u64().unwrap()).unwrap();
                (lo, hi)
            })
            .collect()
    };

    let classes: [(&str, ClassFn); 6] = [
        ("start", chars::is_start),
        ("first_follow", chars::is_first_follow),
        ("second_follow", chars::is_second_follow),
        ("isspace", chars::is_python_space),
        ("whitespace", chars::is_skippable_whitespace),
        ("key", chars::is_key_char),
    ];
    for (name, f) in classes {
        let ranges = ranges(name);
        assert!(!ranges.is_empty(), "{name}");
        for cp in 0..=0x10_FFFF_u32 {
            if let Some(c) = char::from_u32(cp) {
                let python = ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp));
                assert_eq!(f(c), python, "{name} U+{cp:04X}");
            }
        }
    }
}

// ----- hostile sizes ---------------------------------------------------------------------------

#[test]
fn large_inputs_parse_in_linear_time() {
    const N: usize = 200_000;
    let mut many_keys = String::new();
    for i in 0..N / 10 {
        write!(many_keys, "k{i}=v,").unwrap();
    }
    many_keys.push_str("k0=dup");
    let inputs = [
        format!("a=b,{}=c", "x".repeat(N)),
        format!("a=b,{}=c", "c\\,".repeat(N / 3)),
        format!("a='{}", "x".repeat(N)),
        format!("a=b,'{}", "\\'".repeat(N / 2)),
        format!("a={}", "'\\',".repeat(N / 4)),
        format!("a=[{}]", "'\\',x,".repeat(N / 6)),
        format!("a={}", "b,".repeat(N / 2)),
        format!("a=[{}]", "{b=c},".repeat(N / 6)),
        "a=\u{a0}".repeat(N / 4),
        many_keys,
    ];
    for input in &inputs {
        let started = crate::test_clock::Clock::start();
        let result = parse(input);
        let elapsed = started.elapsed();
        if let Err(e) = &result {
            let _ = e.render(input);
        }
        assert!(
            elapsed.as_secs() < 2,
            "{elapsed:?} for input starting {:?}",
            input.chars().take(20).collect::<String>()
        );
    }
}
