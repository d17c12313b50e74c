//! Our port of botocore's `xform_name` against botocore itself: every
//! operation and every top-level input member of the 424 models in botocore
//! 1.43.11 (`tests/data/cli-names.tsv.gz`, written by `scripts/gen-goldens`),
//! 39,000 names in all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;

use chime_shape::model::xform_name;

#[test]
fn every_botocore_operation_and_parameter_name_transforms_like_botocore() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cli-names.tsv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_string(&mut text).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [_kind, service, name, expected] = fields[..] else { panic!("bad line {line:?}") };
        checked += 1;
        let ours = xform_name(name, '-');
        if ours != expected {
            wrong.push(format!("{service} {name}: {ours} != {expected}"));
        }
    }
    assert!(checked > 39_000, "only {checked} names");
    assert!(wrong.is_empty(), "{} of {checked} differ:\n{}", wrong.len(), wrong.join("\n"));
}
