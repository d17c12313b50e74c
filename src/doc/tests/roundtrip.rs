//! Property tests: random JSON values survive `serde_json` serialization and
//! our parse, and every node's span slices to text that parses back to the
//! same value.

use proptest::prelude::*;
use serde_json::Value as J;

use crate::doc::tests::{check_invariants, reachable};
use crate::doc::{Limits, parse_json, parse_yaml};

/// Random JSON values (finite numbers; any Unicode in strings and keys).
fn arb_json(string: &'static str) -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(J::from),
        string.prop_map(J::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(J::Array),
            prop::collection::vec((string, inner), 0..8).prop_map(|kv| J::Object(kv.into_iter().collect())),
        ]
    })
}

fn texts(value: &J) -> [String; 2] {
    [
        serde_json::to_string(value).unwrap_or_default(),
        serde_json::to_string_pretty(value).unwrap_or_default(),
    ]
}

proptest! {
    // 256 cases by default; set PROPTEST_CASES to run more.

    #[test]
    fn json_round_trips(value in arb_json("\\PC*")) {
        for text in texts(&value) {
            let (doc, problems) = parse_json(&text, &Limits::default()).unwrap();
            prop_assert!(problems.is_empty());
            check_invariants(&doc, &problems);
            prop_assert_eq!(&doc.to_json(doc.root()), &value);
        }
    }

    #[test]
    fn json_spans_reparse(value in arb_json("\\PC*")) {
        for text in texts(&value) {
            let (doc, _) = parse_json(&text, &Limits::default()).unwrap();
            for id in reachable(&doc) {
                let slice = doc.text(doc.node(id).span);
                let (sub, _) = parse_json(slice, &Limits::default()).unwrap();
                prop_assert_eq!(sub.to_json(sub.root()), doc.to_json(id));
                if let Some(entries) = doc.entries(id) {
                    for e in entries {
                        let (key, _) = parse_json(doc.text(e.key_span), &Limits::default()).unwrap();
                        prop_assert_eq!(key.to_json(key.root()), J::String(e.key.to_owned()));
                    }
                }
            }
        }
    }

    /// JSON is (nearly) YAML 1.2: with printable strings, the YAML loader
    /// must agree with the JSON parser on values and on spans.
    #[test]
    fn json_text_as_yaml(value in arb_json("[a-zA-Z0-9 _.:/#&*!|>?,\\[\\]{}'\"\\\\\t\n\u{e9}\u{20ac}\u{1f600}-]{0,12}")) {
        for text in texts(&value) {
            let (doc, problems) = parse_yaml(&text, &Limits::default()).unwrap();
            prop_assert!(problems.is_empty(), "{:?}", problems);
            check_invariants(&doc, &problems);
            prop_assert_eq!(&doc.to_json(doc.root()), &value);
            let (json_doc, _) = parse_json(&text, &Limits::default()).unwrap();
            let yaml_spans: Vec<_> = reachable(&doc).into_iter().map(|id| doc.node(id).span).collect();
            let json_spans: Vec<_> = reachable(&json_doc).into_iter().map(|id| json_doc.node(id).span.start).collect();
            let yaml_starts: Vec<_> = yaml_spans.iter().map(|s| s.start).collect();
            prop_assert_eq!(yaml_starts, json_spans);
        }
    }
}
