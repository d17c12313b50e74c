//! Model load benchmarks: every embedded service, decompressed, parsed and linked
//! (`model::load_embedded`), plus the two stages it is made of measured on their own
//! (gunzip; a bare `serde_json` pass over the decompressed text) so a regression can
//! be told apart from the JSON parser's floor.
//!
//! `cargo bench --bench model` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::io::Read;
use std::time::Duration;

use chime_shape::model::{self, EMBEDDED};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut out).expect("embedded model is gzip");
    out
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("model/load");
    for embedded in EMBEDDED {
        let size = gunzip(embedded.gz).len();
        group.throughput(Throughput::Bytes(u64::try_from(size).expect("size fits u64")));
        group.bench_function(embedded.name, |b| {
            b.iter(|| model::load_embedded(black_box(embedded.name)).expect("embedded model loads"));
        });
    }
    group.finish();
}

/// The floor under `model/load`: decompression alone, and a `serde_json` pass that
/// builds nothing (`IgnoredAny`), for the largest (chime-sdk-voice) and the default
/// (chime) model.
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("model/stage");
    for name in ["chime", "chime-sdk-voice"] {
        let embedded = model::embedded(name).expect("embedded service");
        let text = gunzip(embedded.gz);
        group.throughput(Throughput::Bytes(u64::try_from(text.len()).expect("size fits u64")));
        group.bench_function(format!("gunzip/{name}"), |b| b.iter(|| gunzip(black_box(embedded.gz))));
        group.bench_function(format!("serde-ignored/{name}"), |b| {
            b.iter(|| {
                serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&text)).expect("model is JSON")
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = load, stages
}
criterion_main!(benches);
