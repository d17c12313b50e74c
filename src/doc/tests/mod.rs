//! Cross-cutting tests of the `doc` module: user-visible positions, hostile
//! inputs, round-trip properties, a mutation fuzzer and a throughput probe.
//!
//! Per-rule unit tests live beside the code they test (`json.rs`, `yaml.rs`,
//! `scalar.rs`, ...); these tests exercise the public API as a whole.

mod bench;
mod block_reader;
mod differential;
mod fuzz;
mod hostile;
mod positions;
mod roundtrip;

use crate::doc::{Document, NodeId, Problem, Value};

/// Every node reachable from the root, parents before children.
pub(super) fn reachable(doc: &Document) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut todo = vec![doc.root()];
    while let Some(id) = todo.pop() {
        out.push(id);
        match doc.value(id) {
            Value::Array(items) => todo.extend(items.iter().rev()),
            Value::Object(entries) => todo.extend(entries.iter().rev().map(|e| e.value)),
            _ => {}
        }
    }
    out
}

/// Structural invariants that must hold for any successful parse: every span
/// lies inside the source on character boundaries.
pub(super) fn check_invariants(doc: &Document, problems: &[Problem]) {
    let source = doc.source();
    for node in doc.nodes() {
        assert!(node.span.slice(source).is_some(), "node span {:?} not on the source", node.span);
        if let Value::Object(entries) = doc.value_of(node) {
            for e in entries {
                assert!(e.key_span.slice(source).is_some(), "key span {:?} not on the source", e.key_span);
                assert!(doc.get(e.value).is_some());
            }
        }
        if let Value::Array(items) = doc.value_of(node) {
            assert!(items.iter().all(|&i| doc.get(i).is_some()));
        }
    }
    for p in problems {
        assert!(p.span.slice(source).is_some(), "problem span {:?} not on the source: {p:?}", p.span);
        assert!(!p.kind.is_fatal(), "fatal problem in the non-fatal list: {p:?}");
    }
}
