//! The AWS CLI's shorthand parser as recorded by `scripts/gen-shorthand-cases`
//! and `fuzz/differential/shorthand_oracle.py`: the stub paramfile loader both
//! scripts use, the decoder of their flat tree encoding, and the comparison of
//! one recorded case with `shorthand::parse_with_loader`. Shared (by `#[path]`)
//! by the shorthand unit tests and `tests/fuzz_regressions.rs`.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;

use chime_shape::shorthand::{ErrorKind, LoadedValue, Shorthand, parse_with_loader};

/// The cases of a gzipped JSON-lines file, one per non-empty line.
pub fn read_cases(path: &std::path::Path) -> Vec<Value> {
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()),
        &mut text,
    )
    .unwrap();
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The stub loader of the generator script, mirrored.
pub fn stub(value: &str) -> Result<Option<LoadedValue>, String> {
    if let Some(path) = value.strip_prefix("file://") {
        if path.contains("ERR") {
            return Err(format!(
                "Unable to load paramfile {value}: [Errno 2] No such file or directory: '{path}'"
            ));
        }
        return Ok(Some(LoadedValue::Text(format!("TEXT<{path}>\n"))));
    }
    if let Some(path) = value.strip_prefix("fileb://") {
        return Ok(Some(LoadedValue::Bytes(format!("BIN<{path}>").into_bytes())));
    }
    Ok(None)
}

/// Decodes the flat preorder encoding of the generator script (`["m", n]` followed by `n`
/// key/value pairs, `["l", n]` followed by `n` items, `["k", key]`, `["s", text]`,
/// `["b", [bytes]]`).
pub fn decode<'a>(nodes: &mut impl Iterator<Item = &'a Value>) -> Shorthand {
    let node = nodes.next().unwrap();
    let body = &node[1];
    match node[0].as_str().unwrap() {
        "s" => Shorthand::String(body.as_str().unwrap().to_owned()),
        "b" => Shorthand::Bytes(
            body.as_array().unwrap().iter().map(|b| u8::try_from(b.as_u64().unwrap()).unwrap()).collect(),
        ),
        "l" => Shorthand::List((0..body.as_u64().unwrap()).map(|_| decode(nodes)).collect()),
        "m" => Shorthand::Map(
            (0..body.as_u64().unwrap())
                .map(|_| {
                    let key = nodes.next().unwrap();
                    assert_eq!(key[0], "k");
                    (key[1].as_str().unwrap().to_owned(), decode(nodes))
                })
                .collect(),
        ),
        other => panic!("unknown tag {other}"),
    }
}

/// Compares one case; returns a description of the disagreement, if any.
pub fn check(case: &Value) -> Option<String> {
    let input = case["input"].as_str().unwrap();
    let mut calls = Vec::new();
    let result = parse_with_loader(input, &mut |value| {
        calls.push(value.to_owned());
        stub(value)
    });
    let expected_calls: Vec<&str> =
        case["calls"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    if calls != expected_calls {
        return Some(format!("loader calls: ours {calls:?}, AWS CLI {expected_calls:?}"));
    }
    match (result, case.get("ok"), case.get("err")) {
        (Ok(ours), Some(theirs), None) => {
            let mut nodes = theirs.as_array().unwrap().iter();
            let theirs = decode(&mut nodes);
            assert!(nodes.next().is_none());
            (ours != theirs).then(|| format!("result: ours {ours:?}, AWS CLI {theirs:?}"))
        }
        (Ok(ours), None, Some(err)) => Some(format!("ours parsed to {ours:?}, AWS CLI: {err}")),
        (Err(ours), _, Some(err)) => {
            let class = err["class"].as_str().unwrap();
            let our_class = match ours.kind() {
                ErrorKind::Syntax { .. } => "syntax",
                ErrorKind::DuplicateKey { .. } => "duplicate",
                ErrorKind::Load { .. } => "load",
                _ => "other",
            };
            let rendered = ours.render(input);
            let mut problems = Vec::new();
            if our_class != class {
                problems.push(format!("class: ours {our_class}, AWS CLI {class}"));
            }
            if let Some(index) = err.get("index").and_then(Value::as_u64)
                && u64::try_from(ours.char_index()).unwrap() != index
            {
                problems.push(format!("index: ours {}, AWS CLI {index}", ours.char_index()));
            }
            if let Some(expected) = err.get("expected").and_then(Value::as_str) {
                let mine = ours.expected().map(|e| e.to_string()).unwrap_or_default();
                if mine != expected {
                    problems.push(format!("expected: ours {mine:?}, AWS CLI {expected:?}"));
                }
            }
            if let Some(actual) = err.get("actual").and_then(Value::as_str) {
                let mine = ours.found().map(|f| f.to_string()).unwrap_or_default();
                if mine != actual {
                    problems.push(format!("received: ours {mine:?}, AWS CLI {actual:?}"));
                }
            }
            if let Some(key) = err.get("key").and_then(Value::as_str)
                && ours.kind() != &(ErrorKind::DuplicateKey { key: key.to_owned() })
            {
                problems.push(format!("key: ours {:?}, AWS CLI {key:?}", ours.kind()));
            }
            let message = err["message"].as_str().unwrap();
            if rendered != message {
                problems.push(format!("message: ours {rendered:?}, AWS CLI {message:?}"));
            }
            // The byte offset must be the character index converted.
            let byte = input.char_indices().nth(ours.char_index()).map_or(input.len(), |(b, _)| b);
            if byte != ours.byte_offset() {
                problems.push(format!(
                    "byte offset {} does not match character index {}",
                    ours.byte_offset(),
                    ours.char_index()
                ));
            }
            (!problems.is_empty()).then(|| problems.join("; "))
        }
        (Err(ours), _, None) => Some(format!("ours failed: {}", ours.render(input))),
        (Ok(_), _, _) => Some("malformed case".to_owned()),
    }
}
