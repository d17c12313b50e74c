//! The 40 distinct patterns of the six Chime services (tests/data/chime-patterns.txt), each
//! with values that must match and values that must not. All compile except
//! chime-sdk-voice `ClientRequestId` (a quantifier on `$`), which is "not checkable".

use crate::pattern::tests::pattern_list;
use crate::pattern::{Dialect, EngineKind, ErrorKind, Pattern};

/// (pattern, must match, must not match). Patterns that match every string (e.g. `.*`) have
/// no negative examples: under unanchored search they accept the empty match anywhere.
const CASES: &[(&str, &[&str], &[&str])] = &[
    (r".*\S.*", &["Acme", " a ", "x\ny"], &["", "   ", "\t\n\r", "\u{a0}", "\u{3000}\u{2028}"]),
    (r"[A-Z]{2}", &["US", "xxUSxx"], &["us", "U", "U1S", ""]),
    (r"^$|^[a-zA-Z0-9 ]{2,15}$", &["", "Jo", "John Smith 42"], &["J", "a_b", "1234567890123456", "José"]),
    (r"[-_a-zA-Z0-9]*", &["", "abc", "!!!", "\n"], &[]),
    (
        r"^\+?[1-9]\d{1,14}$",
        &["+14155550100", "12", "123456789012345"],
        &["+0123", "1", "1234567890123456", "+1 415", "+1٣٣", "12\n"],
    ),
    (r".+@.+\..+", &["a@b.c", "x a@b.cy"], &["a@b", "@b.c", "a@.c", "a\n@b.c", ""]),
    (
        r"[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}",
        &["123e4567-e89b-12d3-a456-426614174000", "{123E4567-E89B-12D3-A456-426614174000}"],
        &[
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567_e89b-12d3-a456-426614174000",
            "g23e4567-e89b-12d3-a456-42661417400",
        ],
    ),
    (r"^[a-zA-Z0-9+/]+$", &["abc+/XYZ09", "a"], &["", "abc=", "a b", "ab\n"]),
    (r"^8(00|33|44|55|66|77|88)$", &["800", "888", "833"], &["899", "8000", "1800", ""]),
    (
        r"arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].{0,1023}",
        &["arn:aws:chime::123456789012:app-instance/abc", "arn:a::::x"],
        &["arn:aws:chime::123456789012:/abc", "arn:AWS:chime::1:x", "arn:aws:chime:1:x"],
    ),
    (
        r"arn:aws:lex:[a-z]{2}-[a-z]+-\d{1}:\d{12}:bot-alias/[A-Z0-9]{10}/[A-Z0-9]{10}",
        &["arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/0123456789"],
        &[
            "arn:aws:lex:us-east-1:123456789012:bot-alias/abcdefghij/0123456789",
            "arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/012345678",
        ],
    ),
    (r"^([A-Za-z]_?)+$", &["Order_Pizza", "a_b_c_", "Z"], &["_a", "a__b", "a1", ""]),
    (r".*", &["", "anything", "\n\u{2028}"], &[]),
    (
        r"[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]*",
        &["", "name", "\u{1F600}", "\u{1}"],
        &[],
    ),
    (
        r"[A-Za-z0-9]([A-Za-z0-9\:\-\_\.\@]{0,62}[A-Za-z0-9])?",
        &["a", "user@example.com", "a:b-c_d.e"],
        &["", "---", "@:._", "é"],
    ),
    (
        r"^arn[\/\:\-\_\.a-zA-Z0-9]+$",
        &["arn:aws:chime:us-east-1:123456789012:media-pipeline/abc_1.2", "arn-"],
        &["arn", "arn:aws thing", "xarn:a", "arn:\\"],
    ),
    (r"44100|48000", &["44100", "x48000y"], &["4410", "22050", ""]),
    (
        r"^([a-z]+-){2,}\d+$",
        &["us-east-1", "us-gov-west-1"],
        &["useast-1", "us-east-", "US-EAST-1", "us-east-1a"],
    ),
    (r"^[0-9a-zA-Z._-]+", &["abc", "a b", "-x"], &["", " abc", "!abc"]),
    (r"^[0-9]+$", &["0123", "7"], &["", "12a", "١٢", "1 2"]),
    (r"^[\s0-9a-zA-Z'-]+", &["don't", " x", "\u{a0}x", "\u{2003}"], &["", "!x", "é"]),
    (
        r"arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+",
        &["arn:aws:kinesisvideo:us-east-1:123456789012:stream/my-stream/1234567890123"],
        &[
            "arn:aws:kinesisvideo:us-east-1:123456789012:stream/my-stream/",
            "arn:aws:kinesisvideo:us-east-1:123456789012:Stream/s/1",
        ],
    ),
    (r"^[a-zA-Z-,]+", &["en-US,es-US", "-"], &["", "1en", " en"]),
    (r"^[A-Z_, ]+", &["NAME, SSN", "_"], &["name", "", "1A"]),
    (r"^\d{1,2}\/\d{1,2}$", &["16/9", "1/1"], &["16:9", "160/9", "16/9 ", "١/١"]),
    (r"^[a-zA-Z0-9,-._]+", &["a,b", "-x", ".x", "_"], &["/x", "", " x"]),
    (r"^arn:.*", &["arn:", "arn:aws:x"], &["xarn:", "ARN:", ""]),
    (r"^[a-zA-Z+-=._:/]+$", &["a+b", "key=1;<", "0123", "a,b", "a-b"], &["a>b", "a b", "a@b", ""]),
    (r"[\s\w+-=\.:/@]*", &["", "any thing", "é"], &[]),
    (
        r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$",
        &["abcd-1", "aaa1aaa", "", "a-b_c!d@e#f$"],
        &["aaaa1", "ab____", "a b", "xx1111", "é"],
    ),
    (r"[\s\S]*", &["", "x", "\n"], &[]),
    (
        r"arn:aws:lambda:[a-z]{2}-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9\-_\.]+(:(\$LATEST|[a-zA-Z0-9\-_]+))?",
        &[
            "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
            "arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST",
        ],
        &[
            "arn:aws:lambda:us-east-1:12345678901:function:f",
            "arn:aws:lambda:useast1:123456789012:function:f",
            "arn:aws:lambda:us-east-1:123456789012:function:",
        ],
    ),
    (
        r"amzn1\.application-oa2-client\.[0-9a-fA-F]{32}",
        &["amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"],
        &[
            "amzn1.application-oa2-client.0123456789abcdef0123456789abcde",
            "amzn1xapplication-oa2-client.0123456789abcdef0123456789abcdef",
        ],
    ),
    (r"^$|^[0-9]{3,3}$", &["", "415"], &["41", "4155", "41a"]),
    (r"^$|^[A-Z]{2,2}$", &["", "US"], &["USA", "us", "U"]),
    (
        r"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?",
        &[
            "arn:aws:lambda:us-east-1:123456789012:function:fn-1",
            "arn::lambda:us-gov-west-1:123456789012:function:f:$LATEST",
            "arn:aws-cn:lambda:us-isob-east-1:123456789012:function:f",
        ],
        &[
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "arn:aws:lambda:us-east-1:123456789012:fn:f",
            "arn:aws:lambda:us-isoc-east-1:123456789012:function:f",
        ],
    ),
    (
        r"^$|^[a-zA-Z0-9\,\.\_\-]+(\s+[a-zA-Z0-9\,\.\_\-]+)*$",
        &["", "Main line", "a,b. c_d-e", "a\u{a0}b"],
        &[" lead", "trail ", "a!b", "a\\b"],
    ),
    (r"^$|^[a-zA-Z0-9 ]{0,30}$", &["", "My Session", "   "], &["a_b", "abcdefghijklmnopqrstuvwxyz01234"]),
    (r"[a-zA-Z0-9 _.-]+", &["My App", "!!a", " "], &["", "!!!", "ééé"]),
];

const CLIENT_REQUEST_ID: &str = r"^[-_a-zA-Z0-9]*${2,64}$";

#[test]
fn every_chime_pattern_has_examples() {
    let listed: Vec<String> = pattern_list("chime-patterns.txt").into_iter().map(|(_, p)| p).collect();
    assert_eq!(listed.len(), 40);
    for p in &listed {
        assert!(p == CLIENT_REQUEST_ID || CASES.iter().any(|(c, _, _)| c == p), "no examples for {p}");
    }
    assert_eq!(CASES.len(), 39);
}

#[test]
fn chime_patterns_match_their_examples() {
    for (source, positives, negatives) in CASES {
        let pattern = Pattern::compile(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        for value in *positives {
            assert_eq!(pattern.is_match(value), Ok(true), "{source} should match {value:?}");
        }
        for value in *negatives {
            assert_eq!(pattern.is_match(value), Ok(false), "{source} should not match {value:?}");
        }
    }
}

#[test]
fn client_request_id_is_not_checkable() {
    let err = Pattern::compile(CLIENT_REQUEST_ID).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert!(err.message().contains("quantifier `{2,64}` on `$` is not valid ECMA-262"), "{err}");
    assert_eq!(err.offset(), Some(16));
    assert_eq!(crate::pattern::to_ecma262(CLIENT_REQUEST_ID), None);
}

#[test]
fn tenant_id_uses_the_backtracking_engine() {
    let p = Pattern::compile(r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$").unwrap();
    assert_eq!(p.engine(), EngineKind::Backtracking);
    assert_eq!(p.dialect(), Dialect::Ecma262);
    assert_eq!(p.is_match("abcd-1"), Ok(true));
    assert_eq!(p.is_match("aaaa1"), Ok(false));
}

#[test]
fn annex_b_identity_escapes_are_literal() {
    let p = Pattern::compile(r"[A-Za-z0-9]([A-Za-z0-9\:\-\_\.\@]{0,62}[A-Za-z0-9])?").unwrap();
    assert_eq!(p.dialect(), Dialect::Extended);
    assert!(p.notes().iter().any(|n| n.contains(r"\:")), "{:?}", p.notes());
    let p = Pattern::compile(r"^[\:\,\_]+$").unwrap();
    assert_eq!(p.is_match(":,_"), Ok(true));
    assert_eq!(p.is_match("\\"), Ok(false));
}

#[test]
fn only_tenant_id_needs_backtracking_and_only_client_request_id_fails() {
    let mut backtracking = Vec::new();
    let mut failed = Vec::new();
    for (shape, source) in pattern_list("chime-patterns.txt") {
        match Pattern::compile(&source) {
            Ok(p) if p.engine() == EngineKind::Backtracking => backtracking.push(shape),
            Ok(_) => {}
            Err(_) => failed.push(shape),
        }
    }
    assert_eq!(backtracking, ["chime-sdk-meetings:TenantId"]);
    assert_eq!(failed, ["chime-sdk-voice:ClientRequestId"]);
}
