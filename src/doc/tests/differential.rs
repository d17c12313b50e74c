//! Differential test against ruamel.yaml, the loader of AWS CLI v2:
//! `testdata/ruamel_documents.tsv` holds ~50 documents and what
//! `YAML(typ='safe', pure=True).load` (ruamel 0.19.1) made of them, generated
//! by `scripts/doc-ruamel-documents`. Where ruamel fails we
//! must report a problem too (fatal or not).

use serde_json::Value as J;

use crate::doc::{Document, Limits, NodeId, Value, parse_yaml};

/// Our tree as JSON, with the markers the generator used for dates and
/// non-finite floats.
fn marked(doc: &Document, id: NodeId) -> J {
    match doc.value(id) {
        Value::Timestamp(_) => J::String("TIMESTAMP".into()),
        Value::Float(f) if !f.value.is_finite() => J::String("NONFINITE".into()),
        Value::Array(items) => J::Array(items.iter().map(|&i| marked(doc, i)).collect()),
        Value::Object(entries) => {
            J::Object(entries.iter().map(|e| (e.key.to_owned(), marked(doc, e.value))).collect())
        }
        _ => doc.to_json(id),
    }
}

#[test]
fn agrees_with_ruamel_on_whole_documents() {
    let mut checked = 0;
    for line in include_str!("../testdata/ruamel_documents.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let (source, expected) = line.split_once('\t').unwrap();
        let source: String = serde_json::from_str(source).unwrap();
        let result = parse_yaml(&source, &Limits::default());
        if expected.starts_with("ERROR") {
            let reported = match &result {
                Err(_) => true,
                Ok((_, problems)) => !problems.is_empty(),
            };
            assert!(reported, "{source:?}: ruamel says {expected}, we report nothing");
        } else {
            let (doc, problems) = result.unwrap_or_else(|p| panic!("{source:?}: {p:?}"));
            assert!(problems.is_empty(), "{source:?}: {problems:?}");
            let expected: J = serde_json::from_str(expected).unwrap();
            assert_eq!(marked(&doc, doc.root()), expected, "{source:?}");
        }
        checked += 1;
    }
    assert!(checked >= 45, "{checked}");
}
