//! The bodies of the fuzz targets, shared with `tests/fuzz_regressions.rs`.
//!
//! Each `pub fn` takes the raw fuzz input, runs it through chime-shape and
//! panics (via `assert!`) when an invariant breaks; the `fuzz_targets/*.rs`
//! files are one-line wrappers around them. The main crate's regression test
//! includes this very file (`#[path = "../fuzz/src/harness.rs"]`), so a
//! replayed crash runs exactly the code the fuzzer ran. Keep it dependent on
//! `std`, `chime_shape` and `serde_json` only.
//!
//! Input layouts:
//!
//! * `shorthand`: UTF-8 text (anything else is skipped).
//! * `cliargs`: byte 0 picks the service (`% 6`, the order of
//!   `model::EMBEDDED`), byte 1 the operation (`% count`, model order); the
//!   rest (lossy UTF-8) is the argument list, split on NUL. Text after the
//!   first U+0001 is not an argument but the content of the fake file `d`.
//! * `json`, `yaml`: raw bytes.
//! * `validate`: byte 0 picks the service (`% 6`) and the input format
//!   (`/ 6 % 3`: detect, JSON, YAML), byte 1 the operation; the rest is the
//!   file.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use chime_shape::cliargs::{self, ArgError, Environment, ParsedRequest};
use chime_shape::doc::{self, Document, Format, Limits, LineIndex, NodeId, Problem, ProblemKind, Span};
use chime_shape::model::{self, Model, Operation};
use chime_shape::python::json::{self, Ascii};
use chime_shape::python::value::{Integer, Value};
use chime_shape::report::FileReport;
use chime_shape::report::diagnostic::{self, Code};
use chime_shape::shorthand::{self, EmitError, ErrorKind, LoadedValue, Shorthand, ShorthandError};
use chime_shape::validate::Validator;
use chime_shape::validate::file::{self, InputFormat};

// ----- known issues -----------------------------------------------------------------------------

/// Whether checks that fail on already reported, not yet fixed bugs are
/// skipped (see `fuzz/README.md`, "Findings"). The fuzz targets turn this on
/// so that a known bug does not stop the campaign; the regression tests
/// leave it off and so assert the fixed behaviour.
static TOLERATE_KNOWN: AtomicBool = AtomicBool::new(false);

/// Skips the checks of known, reported bugs (the fuzz targets call this),
/// unless the environment variable `CHIME_FUZZ_STRICT` is set (for
/// reproducing and minimizing them: `CHIME_FUZZ_STRICT=1 cargo fuzz tmin`).
pub fn tolerate_known_issues() {
    static STRICT: OnceLock<bool> = OnceLock::new();
    if !*STRICT.get_or_init(|| std::env::var_os("CHIME_FUZZ_STRICT").is_some()) {
        TOLERATE_KNOWN.store(true, Ordering::Relaxed);
    }
}

/// No known issue is open at the moment (F1–F3 are fixed; see the README);
/// a new one adds `if tolerating() && … { return; } // Fn` where its check fails.
#[allow(dead_code)]
fn tolerating() -> bool {
    TOLERATE_KNOWN.load(Ordering::Relaxed)
}

// ----- models -----------------------------------------------------------------------------------

/// The six embedded models, loaded once per process.
pub fn models() -> &'static [Model] {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| model::EMBEDDED.iter().map(|m| m.load().expect("embedded model loads")).collect())
}

/// One validator per embedded model (their pattern caches persist).
pub fn validators() -> &'static [Validator<'static>] {
    static VALIDATORS: OnceLock<Vec<Validator<'static>>> = OnceLock::new();
    VALIDATORS.get_or_init(|| models().iter().map(Validator::new).collect())
}

/// The service index, operation and remaining bytes that an input selects
/// (`None` for inputs shorter than two bytes).
pub fn select(data: &[u8]) -> Option<(usize, &'static Operation, &[u8])> {
    let [service, op, rest @ ..] = data else { return None };
    let index = usize::from(*service) % models().len();
    let mut operations = models().get(index)?.operations();
    let operation = operations.nth(usize::from(*op) % operations.len().max(1))?;
    Some((index, operation, rest))
}

/// The two selector bytes for `service`/`operation` (CLI or API name), for
/// building inputs by hand.
pub fn selector(service: &str, operation: &str) -> [u8; 2] {
    let index = models().iter().position(|m| m.name() == service).expect("embedded service");
    let model = models().get(index).expect("model");
    let op = model.operation(operation).expect("operation");
    let op_index = model.operations().position(|o| o.name == op.name).expect("operation index");
    [u8::try_from(index).expect("service index"), u8::try_from(op_index).expect("operation index fits")]
}

// ----- shorthand --------------------------------------------------------------------------------

/// What the fuzz loader hands back for `key@=value` scalars.
fn fuzz_loader(value: &str, fail_missing: bool) -> Result<Option<LoadedValue>, String> {
    if let Some(path) = value.strip_prefix("file://") {
        if fail_missing && path.starts_with("missing") {
            return Err(format!("[Errno 2] No such file or directory: '{path}'"));
        }
        return Ok(Some(LoadedValue::Text("loaded, text\r\n{a=[b]}".to_owned())));
    }
    if value.starts_with("fileb://") {
        return Ok(Some(LoadedValue::Bytes(vec![0, 0x9f, 0x92, 0x96, b',', b'\n'])));
    }
    Ok(None)
}

/// Shorthand target: `parse` and `parse_with_loader` on UTF-8 text, error
/// offsets and rendering, the tree's invariants, and the `to_shorthand`
/// round trip. Returns the plain parse result (`None` for non-UTF-8 input).
pub fn shorthand(data: &[u8]) -> Option<Result<Shorthand, ShorthandError>> {
    let input = std::str::from_utf8(data).ok()?;
    let plain = shorthand::parse(input);
    check_shorthand_result(input, &plain, false);

    // A loader that never fails must not change the control flow: the same
    // error, or a tree of the same shape.
    let mut seen = 0usize;
    let mut loader = |v: &str| {
        seen += 1;
        fuzz_loader(v, false)
    };
    let loaded = shorthand::parse_with_loader(input, &mut loader);
    check_shorthand_result(input, &loaded, true);
    match (&plain, &loaded) {
        (Ok(a), Ok(b)) => assert!(same_shape(a, b), "loader changed the tree's shape:\n{a:?}\n{b:?}"),
        (Err(a), Err(b)) => assert_eq!(a, b, "loader changed the error"),
        _ => panic!("loader changed the outcome: {plain:?} vs {loaded:?}"),
    }
    if plain.is_ok() && !input.contains('@') {
        assert_eq!(seen, 0, "loader called without `@=`");
    }

    // A loader that fails stops the parse with a Load error or not at all.
    let mut failing = |v: &str| fuzz_loader(v, true);
    let failed = shorthand::parse_with_loader(input, &mut failing);
    check_shorthand_result(input, &failed, true);
    match &failed {
        Err(e) if matches!(e.kind(), ErrorKind::Load { .. }) => {}
        Err(e) => assert_eq!(Some(e), plain.as_ref().err(), "a failing loader changed the error"),
        Ok(_) => assert!(plain.is_ok(), "a failing loader made the parse succeed"),
    }
    Some(plain)
}

/// Error and tree invariants of one shorthand parse.
fn check_shorthand_result(input: &str, result: &Result<Shorthand, ShorthandError>, loaded: bool) {
    match result {
        Err(error) => {
            let at = error.byte_offset();
            assert!(at <= input.len(), "error offset {at} past the end ({})", input.len());
            assert!(input.is_char_boundary(at), "error offset {at} inside a character");
            assert_eq!(error.char_index(), input[..at].chars().count(), "char index of byte {at}");
            let rendered = error.render(input);
            let description = error.description();
            assert!(!description.is_empty());
            let _ = error.to_string();
            match error.kind() {
                ErrorKind::Load { .. } => assert!(loaded, "Load error without a loader"),
                _ => check_caret(input, at, &rendered),
            }
        }
        Ok(tree) => {
            let Shorthand::Map(entries) = tree else { panic!("top level is not a map: {tree:?}") };
            assert!(!entries.is_empty(), "empty top-level map");
            check_tree(tree, 0);
            match shorthand::to_shorthand(tree) {
                Ok(text) => {
                    let again = shorthand::parse(&text);
                    assert_eq!(
                        again.as_ref(),
                        Ok(tree),
                        "round trip through to_shorthand changed the value:\ninput {input:?}\nemitted {text:?}"
                    );
                }
                Err(EmitError::Unrepresentable(_)) => {}
                Err(EmitError::Bytes) if loaded => {}
                Err(other) => panic!("to_shorthand refused a parsed tree: {other:?} for {input:?}"),
            }
        }
    }
}

/// The AWS CLI's error location: the input up to the end of the error's
/// line, a line with a caret under the error (counted in characters), then
/// the rest of the input.
fn check_caret(input: &str, at: usize, rendered: &str) {
    let (_, location) =
        rendered.split_once(" for input:\n").unwrap_or_else(|| panic!("no location: {rendered:?}"));
    let line_end = input[at..].find('\n').map_or(input.len(), |i| at + i);
    let line_start = input[..at].rfind('\n').map_or(0, |i| i + 1);
    let spaces = input[line_start..at].chars().count();
    let expected = format!("{}\n{}^{}", &input[..line_end], " ".repeat(spaces), &input[line_end..]);
    let location = location
        .strip_suffix("\nThis is often because there is a preceding \",\" instead of a space.")
        .unwrap_or(location);
    assert_eq!(location, expected, "caret display for the error at byte {at}");
}

/// Keys are key characters and unique per map; nesting stays within MAX_DEPTH.
fn check_tree(tree: &Shorthand, depth: usize) {
    match tree {
        Shorthand::String(_) | Shorthand::Bytes(_) => {}
        Shorthand::List(items) => {
            assert!(depth <= shorthand::MAX_DEPTH, "nested deeper than MAX_DEPTH");
            for item in items {
                check_tree(item, depth + 1);
            }
        }
        Shorthand::Map(entries) => {
            assert!(depth <= shorthand::MAX_DEPTH, "nested deeper than MAX_DEPTH");
            let mut keys = HashSet::new();
            for (key, value) in entries {
                assert!(
                    key.chars().all(|c| c.is_ascii_alphanumeric() || "-_.#/:".contains(c)),
                    "bad key {key:?}"
                );
                assert!(keys.insert(key.as_str()), "duplicate key {key:?} in one map");
                check_tree(value, depth + 1);
            }
        }
    }
}

/// Same structure, leaves (strings and bytes) compared as equal.
fn same_shape(a: &Shorthand, b: &Shorthand) -> bool {
    match (a, b) {
        (Shorthand::String(_) | Shorthand::Bytes(_), Shorthand::String(_) | Shorthand::Bytes(_)) => true,
        (Shorthand::List(x), Shorthand::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_shape(a, b))
        }
        (Shorthand::Map(x), Shorthand::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, a), (kb, b))| ka == kb && same_shape(a, b))
        }
        _ => false,
    }
}

// ----- cliargs ----------------------------------------------------------------------------------

/// A file system and environment in memory.
pub struct FakeEnv {
    /// Content of the file `d` (from the fuzz input).
    pub dynamic: Vec<u8>,
}

impl Environment for FakeEnv {
    fn read_file(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let name = path.to_string_lossy();
        let name = name.strip_prefix("/home/u/").unwrap_or(&name);
        let content: &[u8] = match name {
            "d" => &self.dynamic,
            "in.json" => {
                br#"{"AccountId": "a", "Name": "n", "Tags": [{"Key": "k", "Value": "v"}], "MaxResults": 5}"#
            }
            "in.yaml" => b"AccountId: a\nName: n\nTags:\n- Key: k\n  Value: v\nMaxResults: 5\n",
            "t.txt" => b"text\r\nline two\r",
            "n.txt" => b"42\n",
            "j.txt" => b"[1, 2, 3]",
            "e.txt" => b"",
            "b.bin" => b"\xff\xfe\x00\x01\x02",
            "dir" => return Err(std::io::Error::other("[Errno 21] Is a directory")),
            _ => return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory")),
        };
        Ok(content.to_vec())
    }

    fn var(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/u".to_owned()),
            "X" => Some("in.json".to_owned()),
            "E" => Some(String::new()),
            _ => None,
        }
    }
}

/// Splits the text of a cliargs input into arguments and the content of `d`.
pub fn split_arguments(rest: &[u8]) -> (Vec<String>, Vec<u8>) {
    let text = String::from_utf8_lossy(rest);
    let (args, dynamic) = match text.split_once('\u{1}') {
        Some((args, file)) => (args, file.as_bytes().to_vec()),
        None => (text.as_ref(), Vec::new()),
    };
    let args = if args.is_empty() { Vec::new() } else { args.split('\0').map(str::to_owned).collect() };
    (args, dynamic)
}

/// Argument-list target: parse, render, re-read and validate.
pub fn cliargs(data: &[u8]) -> Option<Result<ParsedRequest, ArgError>> {
    let (service, operation, rest) = select(data)?;
    let model = models().get(service)?;
    let (args, dynamic) = split_arguments(rest);
    let env = FakeEnv { dynamic };
    let result = cliargs::parse_arguments(model, operation, &args, &env);
    match &result {
        Err(error) => {
            let _ = error.to_string();
            let _ = error.exit_code();
        }
        Ok(request) => check_request(service, operation, request),
    }
    Some(result)
}

fn check_request(service: usize, operation: &Operation, request: &ParsedRequest) {
    let Value::Map(entries) = &request.params else { panic!("params is not a map: {:?}", request.params) };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let origin_keys: Vec<&str> = request.origins.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, origin_keys, "origins do not follow the params");
    let _ = json::to_string(&request.params, Ascii::Escape);
    let text = json::to_string(&request.params, Ascii::Keep);
    let _ = request.params.to_json();
    let Some(document) = request.params.to_document() else {
        panic!("to_document failed for the request printed as:\n{text}")
    };
    assert_eq!(
        Value::from_document(&document, document.root()),
        finite(&request.params),
        "the re-read request differs from the request; printed as:\n{text}"
    );
    let validator = validators().get(service).expect("validator");
    let diagnostics = validator.validate(operation, &document);
    for d in &diagnostics {
        assert!(d.span.end as usize <= document.source().len(), "diagnostic span past the end: {d:?}");
        if d.code != Code::Syntax {
            assert!(
                resolves(&document, document.root(), &d.pointer),
                "pointer {:?} of {d:?} does not resolve in:\n{text}",
                d.pointer
            );
        }
    }
}

/// Whether `pointer` resolves from `id`, a `<sensitive>` segment (a masked
/// map key) standing for any key of its object.
fn resolves(document: &chime_shape::doc::Document, id: chime_shape::doc::NodeId, pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix('/') else { return pointer.is_empty() };
    let (token, tail) = rest.split_once('/').map_or((rest, ""), |(t, _)| (t, &rest[t.len()..]));
    if token == chime_shape::validate::SENSITIVE_TOKEN {
        return document
            .entries(id)
            .is_some_and(|entries| entries.iter().any(|e| resolves(document, e.value, tail)));
    }
    let single = format!("/{token}");
    document.pointer_from(id, &single).is_some_and(|child| resolves(document, child, tail))
}

/// What `to_document` turns non-finite floats into (an out-of-range number,
/// read back as infinity).
fn finite(value: &Value) -> Value {
    match value {
        Value::Float(f) if !f.is_finite() => Value::Float(f64::INFINITY),
        Value::List(items) => Value::List(items.iter().map(finite).collect()),
        Value::Map(entries) => Value::Map(entries.iter().map(|(k, v)| (k.clone(), finite(v))).collect()),
        other => other.clone(),
    }
}

// ----- JSON and YAML ----------------------------------------------------------------------------

/// Largest number of object members whose pointer is looked up per document
/// (each look-up walks from the root).
const POINTER_CHECKS: usize = 4000;
/// Largest number of nodes whose span text is re-parsed (JSON).
const REPARSE_CHECKS: usize = 300;

/// JSON target: `parse_bytes` and `parse_json` agree, spans, pointers,
/// `to_json`, and a differential check against `serde_json`.
pub fn json(data: &[u8]) -> Result<doc::Parsed, Problem> {
    let from_bytes = doc::parse_bytes(data, Format::Json, &Limits::DEFAULT);
    check_parsed(data, &from_bytes, Format::Json);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_text = doc::parse_json(text, &Limits::DEFAULT);
        check_parsed(data, &from_text, Format::Json);
        same_result(&from_bytes, &from_text);
        differential_serde_json(text, &from_text);
    }
    from_bytes
}

/// YAML target: `parse_bytes` and `parse_yaml` agree, spans, pointers,
/// `to_json`.
pub fn yaml(data: &[u8]) -> Result<doc::Parsed, Problem> {
    let from_bytes = doc::parse_bytes(data, Format::Yaml, &Limits::DEFAULT);
    check_parsed(data, &from_bytes, Format::Yaml);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_text = doc::parse_yaml(text, &Limits::DEFAULT);
        check_parsed(data, &from_text, Format::Yaml);
        same_result(&from_bytes, &from_text);
        // The block YAML fast path reads as saphyr does, or leaves the
        // document to it.
        let saphyr = doc::yaml::parse_yaml_with_saphyr(text, &Limits::DEFAULT);
        same_result(&from_text, &saphyr);
    }
    from_bytes
}

fn same_result(a: &Result<doc::Parsed, Problem>, b: &Result<doc::Parsed, Problem>) {
    match (a, b) {
        (Ok((da, pa)), Ok((db, pb))) => {
            assert_eq!(pa, pb, "parse_bytes and the text parser report different problems");
            // Compared as text: `.nan` is not equal to itself.
            assert_eq!(
                format!("{:?}", da.nodes()),
                format!("{:?}", db.nodes()),
                "parse_bytes and the text parser build different trees"
            );
            assert_eq!(
                format!("{:?}", da.to_json(da.root())),
                format!("{:?}", db.to_json(db.root())),
                "parse_bytes and the text parser read different values"
            );
            assert_eq!(da.root(), db.root());
        }
        // Bytes with NULs where UTF-16/32 text has them are refused as such
        // before parsing; NUL is never valid in JSON or YAML text anyway.
        (Err(a), Err(_)) if a.kind == ProblemKind::Encoding => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "parse_bytes and the text parser fail differently"),
        _ => panic!("parse_bytes and the text parser disagree: {a:?} vs {b:?}"),
    }
}

/// Invariants of one parse result of `data`.
pub fn check_parsed(data: &[u8], result: &Result<doc::Parsed, Problem>, format: Format) {
    let len = data.len();
    match result {
        Err(problem) => {
            assert!(problem.kind.is_fatal(), "non-fatal problem returned as Err: {problem:?}");
            assert!(problem.span.start <= problem.span.end, "inverted span {problem:?}");
            assert!(problem.span.end as usize <= len, "error span past the end ({len}): {problem:?}");
            // Encoding problems are about bytes (a UTF-32 pattern may end
            // inside a character); nothing slices the text with them.
            if let Ok(text) = std::str::from_utf8(data)
                && problem.kind != ProblemKind::Encoding
            {
                check_span(text, problem.span, "fatal problem");
            }
            assert!(!problem.message.is_empty());
        }
        Ok((document, problems)) => {
            let source = document.source();
            assert_eq!(source.as_bytes(), data, "the document's source is not the input");
            for problem in problems {
                assert!(!problem.kind.is_fatal(), "fatal problem in the list: {problem:?}");
                check_span(source, problem.span, "problem");
                if let ProblemKind::DuplicateKey { first, .. } = problem.kind {
                    check_span(source, first, "first occurrence");
                }
            }
            check_document(document, format);
        }
    }
}

fn check_span(source: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end, "{what}: inverted span {span:?}");
    assert!(end <= source.len(), "{what}: span {span:?} past the end ({})", source.len());
    assert!(
        source.is_char_boundary(start) && source.is_char_boundary(end),
        "{what}: span {span:?} not on character boundaries"
    );
    let index = LineIndex::new(source);
    for at in [span.start, span.end] {
        let p = index.position(at);
        assert!(p.line >= 1 && p.column >= 1, "{what}: position {p:?}");
    }
}

/// Spans, pointers and `to_json` of a parsed document.
pub fn check_document(document: &Document, format: Format) {
    let source = document.source();
    for node in document.nodes() {
        check_span(source, node.span, "node");
        if let doc::Value::Object(entries) = document.value_of(node) {
            for entry in entries {
                check_span(source, entry.key_span, "key");
                assert!(document.get(entry.value).is_some(), "dangling entry {entry:?}");
            }
        }
        if let doc::Value::Array(items) = document.value_of(node) {
            assert!(items.iter().all(|&i| document.get(i).is_some()), "dangling item");
        }
    }
    assert!(document.get(document.root()).is_some(), "no root node");
    assert_eq!(document.pointer(""), Some(document.root()));

    // Every reachable member and item by its pointer, as the validator
    // spells pointers (and as RFC 6901 does).
    let mut stack: Vec<(NodeId, String, usize)> = vec![(document.root(), String::new(), 1)];
    let mut checked = 0usize;
    let mut reparsed = 0usize;
    while let Some((id, pointer, depth)) = stack.pop() {
        assert!(depth <= Limits::DEFAULT.max_depth + 1, "tree deeper than the depth limit");
        let node = document.node(id);
        if format == Format::Json && reparsed < REPARSE_CHECKS {
            reparsed += 1;
            check_json_span(document, id);
        }
        match document.value_of(node) {
            doc::Value::Object(entries) => {
                let mut keys = HashSet::new();
                for entry in entries {
                    assert!(keys.insert(entry.key), "duplicate key {:?} kept", entry.key);
                    let token = escape(entry.key);
                    assert_eq!(token, doc::escape_pointer_token(entry.key));
                    let child = format!("{pointer}/{token}");
                    if checked < POINTER_CHECKS {
                        checked += 1;
                        assert_eq!(
                            document.pointer(&child),
                            Some(entry.value),
                            "pointer {child:?} does not find its member"
                        );
                    }
                    stack.push((entry.value, child, depth + 1));
                }
            }
            doc::Value::Array(items) => {
                for (i, &item) in items.iter().enumerate() {
                    let child = format!("{pointer}/{i}");
                    if checked < POINTER_CHECKS {
                        checked += 1;
                        assert_eq!(
                            document.pointer(&child),
                            Some(item),
                            "pointer {child:?} does not find its item"
                        );
                    }
                    stack.push((item, child, depth + 1));
                }
            }
            _ => {}
        }
    }
    let json = document.to_json(document.root());
    let _ = Value::from_document(document, document.root());
    let _ = json::to_string(&json, Ascii::Escape);
}

/// RFC 6901 escaping of one token, written independently of the library.
fn escape(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// JSON: the text under a node's span is that node, and each key span is
/// the key as a JSON string.
fn check_json_span(document: &Document, id: NodeId) {
    let node = document.node(id);
    let text = document.text(node.span);
    let (sub, _) = doc::parse_json(text, &Limits::DEFAULT)
        .unwrap_or_else(|p| panic!("the span {:?} of a node is not JSON ({p:?}): {text:?}", node.span));
    assert!(
        json_equal(&sub.to_json(sub.root()), &document.to_json(id)),
        "the span {:?} of a node holds another value: {text:?}",
        node.span
    );
    if let doc::Value::Object(entries) = document.value_of(node) {
        for entry in entries {
            let key_text = document.text(entry.key_span);
            let key: String = serde_json::from_str(key_text).unwrap_or_else(|e| {
                panic!("key span {:?} is not a JSON string ({e}): {key_text:?}", entry.key_span)
            });
            assert_eq!(key, entry.key, "key span text");
        }
    }
}

/// `serde_json` must accept what `parse_json` accepts and agree on values,
/// except where they differ on purpose (limits, numbers beyond `f64`).
fn differential_serde_json(text: &str, ours: &Result<doc::Parsed, Problem>) {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let theirs = serde_json::from_str::<serde_json::Value>(body);
    match (ours, &theirs) {
        (Ok((document, _)), Ok(value)) => {
            let mine = document.to_json(document.root());
            assert!(json_equal(&mine, value), "parse_json and serde_json disagree:\n{mine}\n{value}");
        }
        (Ok((document, _)), Err(e)) => {
            let message = e.to_string();
            let expected = message.contains("recursion limit")
                || message.contains("number out of range")
                || document
                    .nodes()
                    .iter()
                    .any(|n| matches!(document.value_of(n), doc::Value::Float(f) if f.out_of_range));
            assert!(expected, "parse_json accepted what serde_json refuses ({message}): {text:?}");
        }
        (Err(problem), Ok(_)) => {
            assert!(
                problem.kind == ProblemKind::Limit,
                "parse_json refused what serde_json accepts ({problem:?}): {text:?}"
            );
        }
        (Err(_), Err(_)) => {}
    }
}

/// JSON equality with numbers compared as `f64` (serde_json and our parser
/// may round long literals differently in the last place).
pub fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                return x == y;
            }
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || ((x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON)
        }
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b)),
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, a), (kb, b))| ka == kb && json_equal(a, b))
        }
        _ => a == b,
    }
}

// ----- validate ---------------------------------------------------------------------------------

/// Validation target: `check_bytes` on the rest of the input, findings
/// located at line/column >= 1, and pointers that resolve.
pub fn validate(data: &[u8]) -> Option<FileReport> {
    let (service, operation, rest) = select(data)?;
    let format = match data.first().map_or(0, |b| b / 6 % 3) {
        0 => InputFormat::Detect,
        1 => InputFormat::Json,
        _ => InputFormat::Yaml,
    };
    let validator = validators().get(service)?;
    let report = file::check_bytes(validator, operation, "fuzz", rest, format, &Limits::DEFAULT);
    check_report(&report, rest, format);
    Some(report)
}

/// Invariants of a report on `bytes` read as `format`.
pub fn check_report(report: &FileReport, bytes: &[u8], format: InputFormat) {
    let parsed = doc::parse_bytes(bytes, format.resolve(bytes), &Limits::DEFAULT);
    assert_eq!(
        report.valid,
        !report.diagnostics.iter().any(|d| d.severity == diagnostic::Severity::Error),
        "valid flag"
    );
    if parsed.is_err() {
        assert_eq!(report.diagnostics.len(), 1, "a fatal problem gives exactly one finding");
    }
    for finding in &report.diagnostics {
        assert!(finding.line >= 1 && finding.column >= 1, "finding at {}:{}", finding.line, finding.column);
        assert!(
            (finding.end_line, finding.end_column) >= (finding.line, finding.column),
            "finding ends before it starts: {finding:?}"
        );
        assert!(
            (finding.offset as usize).saturating_add(finding.length as usize) <= bytes.len(),
            "finding past the end: {finding:?}"
        );
        if finding.code == Code::Syntax {
            continue;
        }
        let Ok((document, _)) = &parsed else { panic!("a {:?} finding without a document", finding.code) };
        assert!(
            document.pointer(&finding.path).is_some(),
            "the pointer {:?} of a {} finding does not resolve: {finding:?}",
            finding.path,
            finding.code.as_str()
        );
    }
}

/// Turns a small integer into an `Integer` (for tests).
pub fn int(v: i128) -> Integer {
    Integer::Small(v)
}
