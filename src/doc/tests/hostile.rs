//! Hostile inputs: each must end quickly with a problem (or a correct value)
//! and never panic, overflow the stack or exhaust memory.
//!
//! Time budgets are generous so they hold in unoptimised test builds on a
//! busy 2-core machine; in release every case takes milliseconds.

use std::fmt::Write as _;
use std::time::Duration;

use crate::doc::{
    Format, Integer, Limits, Parsed, Problem, ProblemKind, Value, parse_bytes, parse_json, parse_yaml,
};

use crate::test_clock::within as timed;

const SHORT: Duration = Duration::from_secs(3);

fn fatal(name: &str, result: Result<Parsed, Problem>) -> Problem {
    match result {
        Ok((doc, _)) => {
            panic!("{name}: expected a problem, parsed {:?}", doc.value(doc.root()).type_name())
        }
        Err(p) => p,
    }
}

#[test]
fn json_100k_open_brackets() {
    let src = "[".repeat(100_000);
    let p = timed("json [x100k", SHORT, || fatal("json [", parse_json(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
    assert_eq!(p.message, "nesting is deeper than the limit of 128 levels");
    let src = "{\"a\":".repeat(100_000);
    let p = timed("json {\"a\": x100k", SHORT, || fatal("json {", parse_json(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
}

#[test]
fn json_deep_nesting_without_limit_uses_no_stack() {
    // With the depth cap lifted the parser is still iterative: 100k levels
    // parse, and the arena drops without recursion.
    let src = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let limits = Limits { max_depth: usize::MAX, ..Limits::default() };
    let (doc, _) = timed("json deep unlimited", SHORT, || parse_json(&src, &limits).unwrap());
    assert_eq!(doc.nodes().len(), 100_000);
}

#[test]
fn yaml_100k_open_flow_brackets() {
    let src = "[".repeat(100_000);
    let p = timed("yaml [x100k", SHORT, || fatal("yaml [", parse_yaml(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
    let src = "{a: ".repeat(50_000);
    let p = timed("yaml {a: x50k", SHORT, || fatal("yaml {a:", parse_yaml(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
}

#[test]
fn yaml_20k_nested_block_sequences() {
    let src = format!("{}x\n", "- ".repeat(20_000));
    let p = timed("yaml - x20k", SHORT, || fatal("yaml -", parse_yaml(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
    // Nested block mappings, one level per line, as deep as the file allows.
    let mut src = String::new();
    for level in 0..2_000 {
        src.push_str(&" ".repeat(level));
        src.push_str("k:\n");
    }
    let p = timed("yaml k: x2k", SHORT, || fatal("yaml k:", parse_yaml(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
}

/// The classic "billion laughs": 9 levels of 9 aliases each.
fn billion_laughs() -> String {
    let mut src = String::from("a0: &a0 lol\n");
    for level in 1..=9 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 9].join(", ");
        let _ = writeln!(src, "a{level}: &a{level} [{refs}]");
    }
    src
}

#[test]
fn yaml_billion_laughs() {
    let src = billion_laughs();
    let p = timed("billion laughs", SHORT, || fatal("laughs", parse_yaml(&src, &Limits::default())));
    assert_eq!(p.kind, ProblemKind::Limit);
    assert!(p.message.contains("alias expansion limit"), "{}", p.message);
    // Even with the alias budget lifted the node limit stops it.
    let limits = Limits { max_alias_expansion: usize::MAX, ..Limits::default() };
    let p = timed("billion laughs, node limit", Duration::from_secs(10), || {
        fatal("laughs", parse_yaml(&src, &limits))
    });
    assert_eq!(p.kind, ProblemKind::Limit);
}

/// A long anchored scalar used as a key again and again: each use would
/// repeat its text (it took 19.5 GB and 79 s before keys were ranges of the
/// text and their repetition was bounded).
#[test]
fn yaml_long_alias_keys() {
    let long = "x".repeat(1_000_000);
    // In many mappings, in one mapping (duplicates), and fourteen long
    // anchors in every mapping (the key index of large objects).
    let mut many = format!("a: &k {long}\n");
    let mut same = format!("a: &k {long}\nb:\n");
    for i in 0..20_000 {
        let _ = writeln!(many, "b{i}: {{*k : 1}}");
        same.push_str("  *k : 1\n");
    }
    let mut index: String = (0..14).map(|j| format!("a{j}: &k{j} {}\n", "y".repeat(200_000))).collect();
    let keys: Vec<String> = (0..14).map(|j| format!("*k{j} : 1")).collect();
    for i in 0..3000 {
        let _ = writeln!(index, "o{i}: {{{}}}", keys.join(", "));
    }
    for (name, src) in [("many", many), ("same", same), ("index", index)] {
        let p = timed(name, SHORT, || fatal(name, parse_yaml(&src, &Limits::default())));
        assert_eq!(p.kind, ProblemKind::Limit, "{name}");
        assert!(p.message.contains("aliases used as keys repeat more than"), "{name}: {}", p.message);
    }
    // Within the limit, they are read as ever: a 2,000-byte key used 600
    // times (1.2 MB repeated from an 11 KB document), duplicates and all.
    let mut fine = format!("a: &k {}\n", "w".repeat(2000));
    for i in 0..600 {
        let _ = writeln!(fine, "m{i}: {{*k : 1}}");
    }
    assert!(parse_yaml(&fine, &Limits::default()).is_ok());
    // Non-string anchors used as keys are written once each, and found
    // again by their node (not searched for).
    let mut ints: String = (0..80_000).map(|i| format!("a{i}: &k{i} {i}\n")).collect();
    ints.push_str("m:\n");
    for i in 0..80_000 {
        let _ = writeln!(ints, "  *k{i} : 1");
    }
    let (doc, _) = timed("80k int anchors as keys", SHORT, || parse_yaml(&ints, &Limits::default()).unwrap());
    assert_eq!(doc.entries(doc.pointer("/m").unwrap()).unwrap().len(), 80_000);
    // A few uses are read as ever, duplicates and all.
    let src = format!("a: &k {}\nb: {{*k : 1, *k : 2}}\nc: {{*k : 3}}\n", "z".repeat(1000));
    let (doc, problems) = parse_yaml(&src, &Limits::default()).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind.code(), "duplicate-key");
    let b = doc.entries(doc.pointer("/b").unwrap()).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b.get(0).unwrap().key.len(), 1000);
    assert_eq!(doc.value(b.get(0).unwrap().value), Value::Integer(&Integer::Small(2)));
}

#[test]
fn twenty_megabyte_strings() {
    let big = "a".repeat(20 * 1024 * 1024);
    // Over a lowered 8 MiB limit: refused before any parsing.
    let small = Limits { max_bytes: 8 * 1024 * 1024, ..Limits::default() };
    let json = format!("[\"{big}\"]");
    let p = timed("20 MB json, 8 MiB limit", SHORT, || fatal("20MB", parse_json(&json, &small)));
    assert_eq!(p.kind, ProblemKind::Limit);
    let yaml = format!("a: {big}\n");
    let p = timed("20 MB yaml, 8 MiB limit", SHORT, || fatal("20MB", parse_yaml(&yaml, &small)));
    assert_eq!(p.kind, ProblemKind::Limit);
    // Within a raised limit they parse, in linear time.
    let limits = Limits { max_bytes: 64 * 1024 * 1024, ..Limits::default() };
    let (doc, _) =
        timed("20 MB json string", Duration::from_secs(10), || parse_json(&json, &limits).unwrap());
    assert!(matches!(doc.value(doc.pointer("/0").unwrap()), Value::String(s) if s.len() == big.len()));
    let (doc, _) =
        timed("20 MB yaml plain scalar", Duration::from_secs(30), || parse_yaml(&yaml, &limits).unwrap());
    assert!(matches!(doc.value(doc.pointer("/a").unwrap()), Value::String(s) if s.len() == big.len()));
}

#[test]
fn encodings() {
    for format in [Format::Json, Format::Yaml] {
        let p = fatal("bad utf8", parse_bytes(b"{\"a\": \"\xFF\xFE\"}", format, &Limits::default()));
        assert_eq!(p.kind, ProblemKind::Encoding);
        let utf16: Vec<u8> = "\u{FEFF}a: 1".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let p = fatal("utf16", parse_bytes(&utf16, format, &Limits::default()));
        assert_eq!(p.kind, ProblemKind::Encoding);
        let utf16be: Vec<u8> = "\u{FEFF}a: 1".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let p = fatal("utf16be", parse_bytes(&utf16be, format, &Limits::default()));
        assert_eq!(p.kind, ProblemKind::Encoding);
    }
}

#[test]
fn nul_bytes() {
    for src in ["\0", "\0\0\0\0\0\0", "{\"a\": \"\0\"}", "[1,\0 2]", "a: \0\n", "a: \"\0\"\n", "- \0"] {
        for format in [Format::Json, Format::Yaml] {
            // Either a problem or (YAML quoted) a string holding the NUL; no panic.
            let _ = parse_bytes(src.as_bytes(), format, &Limits::default());
        }
    }
    let p = fatal("nul", parse_json("{\"a\": \"\0\"}", &Limits::default()));
    assert_eq!(p.message, "control character U+0000 must be escaped in a string (as \\u0000)");
    assert!(parse_yaml("a: \0\n", &Limits::default()).is_err());
}

#[test]
fn lone_carriage_return() {
    let p = fatal("cr", parse_json("\r", &Limits::default()));
    assert_eq!(p.message, "empty document: expected a JSON value");
    let (doc, _) = parse_yaml("\r", &Limits::default()).unwrap();
    assert_eq!(doc.value(doc.root()), Value::Null);
    let (doc, _) = parse_yaml("a: 1\rb: 2\r", &Limits::default()).unwrap();
    assert_eq!(doc.to_json(doc.root()), serde_json::json!({"a": 1, "b": 2}));
    assert!(parse_json("\"a\rb\"", &Limits::default()).is_err());
}

#[test]
fn extreme_numbers() {
    let two_64 = "18446744073709551616";
    let two_128 = "340282366920938463463374607431768211456";
    let src_json = format!("[1e400, -0, {two_64}, {two_128}, -{two_128}]");
    let src_yaml = format!("- 1e400\n- -0\n- {two_64}\n- {two_128}\n- -{two_128}\n");
    for (doc, _) in [
        parse_json(&src_json, &Limits::default()).unwrap(),
        parse_yaml(&src_yaml, &Limits::default()).unwrap(),
    ] {
        let v = |i: usize| doc.value(doc.pointer(&format!("/{i}")).unwrap());
        assert!(
            matches!(v(0), Value::Float(f) if f.out_of_range && f.value.is_infinite() && &*f.literal == "1e400")
        );
        assert_eq!(v(1), Value::Integer(&Integer::Small(0)));
        assert_eq!(v(2), Value::Integer(&Integer::Small(1 << 64)));
        assert_eq!(v(3), Value::Integer(&Integer::Big(two_128.into())));
        assert_eq!(v(4), Value::Integer(&Integer::Big(format!("-{two_128}").into())));
    }
    // A megabyte of digits.
    let digits = "9".repeat(1 << 20);
    let (doc, _) = timed("1 MB integer", SHORT, || parse_json(&digits, &Limits::default()).unwrap());
    assert!(matches!(doc.value(doc.root()), Value::Integer(&Integer::Big(_))));
    let float = format!("0.{digits}e-5");
    let (doc, _) = timed("1 MB float", SHORT, || parse_json(&float, &Limits::default()).unwrap());
    assert!(matches!(doc.value(doc.root()), Value::Float(_)));
}

#[test]
fn many_keys_and_duplicates() {
    let mut src = String::from("{");
    for i in 0..200_000 {
        let _ = write!(src, "\"k{}\":{i},", i % 100_000);
    }
    src.push_str("\"end\":0}");
    let limits = Limits { max_bytes: 64 * 1024 * 1024, ..Limits::default() };
    let (doc, problems) = timed("200k keys", Duration::from_secs(10), || parse_json(&src, &limits).unwrap());
    // 1,000 kept, the other 99,000 counted in a closing `Truncated`.
    assert_eq!(problems.len(), crate::doc::MAX_PROBLEMS + 1);
    let last = problems.last().map(|p| p.kind.clone());
    assert_eq!(last, Some(ProblemKind::Truncated { dropped: 99_000 }));
    assert_eq!(doc.entries(doc.root()).unwrap().len(), 100_001);
}

#[test]
fn node_limit_stops_wide_documents() {
    let src = format!("[{}0]", "0,".repeat(2_000_000));
    let limits = Limits { max_bytes: 64 * 1024 * 1024, ..Limits::default() };
    let p = timed("2M items", Duration::from_secs(10), || fatal("wide", parse_json(&src, &limits)));
    assert_eq!(p.kind, ProblemKind::Limit);
}
