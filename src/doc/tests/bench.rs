//! Throughput probe (ignored by default): microseconds per parse of a 2.3 KB
//! JSON request and a 1.3 KB YAML request (a real `--generate-cli-skeleton`
//! output each). Run in release:
//! `cargo test --release --lib -- --ignored --nocapture throughput`.

use std::hint::black_box;
use std::time::Instant;

use crate::doc::{Limits, parse_json, parse_yaml};

const JSON: &str = include_str!("../testdata/request.json");
const YAML: &str = include_str!("../testdata/request.yaml");

/// Runs every case in interleaved rounds of `iterations` calls and returns
/// the fastest round's time per call in microseconds for each case. The
/// minimum is the estimate least disturbed by other load on a shared machine.
fn micros_per_call(iterations: u32, rounds: usize, cases: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; cases.len()];
    for _ in 0..rounds {
        for (case, best) in cases.iter_mut().zip(best.iter_mut()) {
            let start = Instant::now();
            for _ in 0..iterations {
                case();
            }
            let per_call = start.elapsed().as_secs_f64() * 1e6 / f64::from(iterations);
            *best = best.min(per_call);
        }
    }
    best
}

#[test]
#[ignore = "benchmark; run with --release --ignored"]
#[allow(clippy::print_stdout)]
fn throughput() {
    let limits = Limits::default();
    let mut json = || {
        black_box(parse_json(black_box(JSON), &limits).ok());
    };
    let mut yaml = || {
        black_box(parse_yaml(black_box(YAML), &limits).ok());
    };
    let mut json_as_yaml = || {
        black_box(parse_yaml(black_box(JSON), &limits).ok());
    };
    let mut serde = || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(JSON)).ok());
    };
    let mut events = || {
        for event in saphyr_parser::Parser::new_from_str(black_box(YAML)) {
            black_box(event.ok());
        }
    };
    let t =
        micros_per_call(2_000, 40, &mut [&mut json, &mut yaml, &mut json_as_yaml, &mut serde, &mut events]);
    println!("parse_json   {} B: {:.2} us/doc", JSON.len(), t[0]);
    println!("parse_yaml   {} B: {:.2} us/doc", YAML.len(), t[1]);
    println!("parse_yaml on the JSON request: {:.2} us/doc", t[2]);
    println!(
        "reference: serde_json::Value {:.2} us/doc; saphyr-parser events only (YAML request) {:.2} us/doc",
        t[3], t[4]
    );
}
