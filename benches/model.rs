//! Model load benchmarks: every embedded service loaded (`model::load_embedded`,
//! documentation kept: metadata, names and the build-time layout; definitions
//! are linked when asked for), the same without documentation (`LoadOptions {
//! documentation: false }`, what `skeleton input`, `validate` and `parse` use),
//! the same with every shape and operation linked (what a command that walks
//! the whole model pays), and a bare `serde_json` pass over the embedded JSON
//! that builds nothing (`IgnoredAny`): the floor under any loader that reads
//! the whole text.
//!
//! `cargo bench --bench model` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chime_shape::model::{self, EMBEDDED, LoadOptions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const NO_DOCS: LoadOptions = LoadOptions { documentation: false };

fn bytes(n: usize) -> Throughput {
    Throughput::Bytes(u64::try_from(n).expect("size fits u64"))
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("model/load");
    for embedded in EMBEDDED {
        group.throughput(bytes(embedded.json.len()));
        group.bench_function(embedded.name, |b| {
            b.iter(|| model::load_embedded(black_box(embedded.name)).expect("embedded model loads"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("model/load-no-docs");
    for embedded in EMBEDDED {
        group.throughput(bytes(embedded.json.len()));
        group.bench_function(embedded.name, |b| {
            b.iter(|| {
                model::load_embedded_with(black_box(embedded.name), NO_DOCS).expect("embedded model loads")
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("model/load-link-all");
    for embedded in EMBEDDED {
        group.throughput(bytes(embedded.json.len()));
        group.bench_function(embedded.name, |b| {
            b.iter(|| {
                let model = model::load_embedded(black_box(embedded.name)).expect("embedded model loads");
                (model.shapes().count(), model.operations().count())
            });
        });
    }
    group.finish();
}

/// The floor under `model/load`: a `serde_json` pass that builds nothing, for the
/// default (chime) and the largest (chime-sdk-voice) model.
fn floor(c: &mut Criterion) {
    let mut group = c.benchmark_group("model/serde-ignored");
    for name in ["chime", "chime-sdk-voice"] {
        let embedded = model::embedded(name).expect("embedded service");
        group.throughput(bytes(embedded.json.len()));
        group.bench_function(name, |b| {
            b.iter(|| {
                serde_json::from_str::<serde::de::IgnoredAny>(black_box(embedded.json))
                    .expect("model is JSON")
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
    targets = load, floor
}
criterion_main!(benches);
