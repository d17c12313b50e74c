//! The positions users see: a value's diagnostic points at its first
//! character, a key's at the key's first character (the opening quote when
//! quoted), counted in chars, with a BOM taking no column, CRLF and lone CR
//! ending lines and tabs counting one column.

use crate::doc::{Document, Limits, ProblemKind, Span, parse_json, parse_yaml};

/// `line:column` of the start of `span`.
fn at(doc: &Document, span: Span) -> (u32, u32) {
    let p = doc.line_index().position(span.start);
    (p.line, p.column)
}

fn value_pos(doc: &Document, ptr: &str) -> (u32, u32) {
    let id = doc.pointer(ptr).unwrap_or_else(|| panic!("no {ptr}"));
    at(doc, doc.node(id).span)
}

/// Position of the key that `ptr`'s last token names.
fn key_pos(doc: &Document, ptr: &str) -> (u32, u32) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let parent = doc.pointer(parent).unwrap();
    at(doc, doc.entry(parent, key).unwrap().key_span)
}

#[test]
fn json_with_bom_crlf_tabs_and_non_ascii() {
    let src = "\u{FEFF}{\r\n\t\"名前\": \"値\",\r\n\t\"b\":\t[\"é\", 1, {\"ü\": null}]\r\n}\r\n";
    let (doc, _) = parse_json(src, &Limits::default()).unwrap();
    assert_eq!(value_pos(&doc, ""), (1, 1));
    assert_eq!(key_pos(&doc, "/名前"), (2, 2));
    assert_eq!(value_pos(&doc, "/名前"), (2, 8));
    assert_eq!(key_pos(&doc, "/b"), (3, 2));
    assert_eq!(value_pos(&doc, "/b"), (3, 7));
    assert_eq!(value_pos(&doc, "/b/0"), (3, 8));
    assert_eq!(value_pos(&doc, "/b/1"), (3, 13));
    assert_eq!(value_pos(&doc, "/b/2"), (3, 16));
    assert_eq!(key_pos(&doc, "/b/2/ü"), (3, 17));
    assert_eq!(value_pos(&doc, "/b/2/ü"), (3, 22));
}

#[test]
fn json_errors_after_non_ascii() {
    let src = "{\"ключ\": \"значение\" \"x\": 1}";
    let p = parse_json(src, &Limits::default()).unwrap_err();
    let pos = crate::doc::LineIndex::new(src).position(p.span.start);
    assert_eq!((pos.line, pos.column), (1, 21));
    assert_eq!(p.message, "expected ',' or '}' after object member, found '\"'");
}

#[test]
fn json_lone_cr_ends_a_line() {
    let src = "[1,\r2,\r\"x\"]";
    let (doc, _) = parse_json(src, &Limits::default()).unwrap();
    assert_eq!(value_pos(&doc, "/1"), (2, 1));
    assert_eq!(value_pos(&doc, "/2"), (3, 1));
}

#[test]
fn json_duplicate_key_positions() {
    let src = "\u{FEFF}{\r\n  \"é\": 1,\r\n  \"AccountId\": 1,\r\n  \"AccountId\": 2\r\n}";
    let (doc, problems) = parse_json(src, &Limits::default()).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].message, "duplicate key \"AccountId\" (first defined at line 3)");
    assert_eq!(at(&doc, problems[0].span), (4, 3));
    let ProblemKind::DuplicateKey { first, .. } = problems[0].kind else { panic!() };
    assert_eq!(at(&doc, first), (3, 3));
}

#[test]
fn yaml_with_bom_crlf_tabs_and_non_ascii() {
    let src = "\u{FEFF}名前: 値\r\nliste:\r\n  - \"é\"\r\n  - {k: 1,\t'ü': x}\r\nblock: |\r\n  text\r\n# 注释\r\n\"q\": &a [ü, ok]\r\nr: *a\r\n";
    let (doc, problems) = parse_yaml(src, &Limits::default()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(key_pos(&doc, "/名前"), (1, 1));
    assert_eq!(value_pos(&doc, "/名前"), (1, 5));
    assert_eq!(key_pos(&doc, "/liste"), (2, 1));
    assert_eq!(value_pos(&doc, "/liste"), (3, 3));
    assert_eq!(value_pos(&doc, "/liste/0"), (3, 5));
    assert_eq!(value_pos(&doc, "/liste/1"), (4, 5));
    assert_eq!(key_pos(&doc, "/liste/1/k"), (4, 6));
    assert_eq!(value_pos(&doc, "/liste/1/k"), (4, 9));
    assert_eq!(key_pos(&doc, "/liste/1/ü"), (4, 12));
    assert_eq!(value_pos(&doc, "/liste/1/ü"), (4, 17));
    assert_eq!(key_pos(&doc, "/block"), (5, 1));
    assert_eq!(value_pos(&doc, "/block"), (5, 8));
    assert_eq!(key_pos(&doc, "/q"), (8, 1));
    assert_eq!(value_pos(&doc, "/q"), (8, 9));
    assert_eq!(value_pos(&doc, "/q/0"), (8, 10));
    assert_eq!(value_pos(&doc, "/q/1"), (8, 13));
    assert_eq!(value_pos(&doc, "/r"), (9, 4));
}

#[test]
fn yaml_lone_cr_ends_a_line() {
    let src = "a: 1\rb: é\rc: 3";
    let (doc, _) = parse_yaml(src, &Limits::default()).unwrap();
    assert_eq!(key_pos(&doc, "/b"), (2, 1));
    assert_eq!(value_pos(&doc, "/c"), (3, 4));
}

#[test]
fn yaml_duplicate_key_and_error_positions() {
    let src = "ü: 1\r\nAccountId: 1\r\n\"AccountId\": 2\r\n";
    let (doc, problems) = parse_yaml(src, &Limits::default()).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].message, "duplicate key \"AccountId\" (first defined at line 2)");
    assert_eq!(at(&doc, problems[0].span), (3, 1));
    assert_eq!(doc.text(problems[0].span), "\"AccountId\"");

    let src = "é: ü\nbad: [1, 2\n";
    let p = parse_yaml(src, &Limits::default()).unwrap_err();
    let pos = crate::doc::LineIndex::new(src).position(p.span.start);
    assert_eq!(pos.line, 3, "{p:?}");

    let src = "ключ: значение\n  bad: x\n";
    let p = parse_yaml(src, &Limits::default()).unwrap_err();
    let pos = crate::doc::LineIndex::new(src).position(p.span.start);
    assert_eq!((pos.line, pos.column), (2, 6), "{p:?}");
    assert_eq!(p.message, "mapping values are not allowed in this context");
}

#[test]
fn yaml_problem_spans_after_non_ascii() {
    let src = "名前: !!binary '@@A'\nb: !foo 値\n";
    let (doc, problems) = parse_yaml(src, &Limits::default()).unwrap();
    let got: Vec<(u32, u32)> = problems.iter().map(|p| at(&doc, p.span)).collect();
    assert_eq!(got, [(1, 14), (2, 9)], "{problems:?}");
}
