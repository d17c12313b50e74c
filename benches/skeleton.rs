//! Skeleton benchmarks: `skeleton::render` in the three modes for a small operation
//! (`chime update-user`, two levels) and a deep one (`chime-sdk-media-pipelines
//! create-media-insights-pipeline-configuration`, six levels, the largest Chime
//! skeleton), on a model loaded once; and the whole of `chime-shape skeleton input
//! update-user` minus process start-up (load the model without documentation, as the
//! CLI does for `input`, find the operation, render).
//!
//! `cargo bench --bench skeleton` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chime_shape::model::{self, LoadOptions, Model};
use chime_shape::skeleton::{self, Mode};
use criterion::{Criterion, criterion_group, criterion_main};

const CASES: [(&str, &str, &str); 2] = [
    ("small", "chime", "update-user"),
    ("deep", "chime-sdk-media-pipelines", "create-media-insights-pipeline-configuration"),
];

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("skeleton/render");
    for (label, service, operation) in CASES {
        let model: Model = model::load_embedded(service).expect("embedded model loads");
        let op = model.operation(operation).expect("operation exists");
        for mode in [Mode::Input, Mode::YamlInput, Mode::Output] {
            group.bench_function(format!("{label}/{}", mode.as_str()), |b| {
                b.iter(|| skeleton::render(&model, black_box(op), black_box(mode)));
            });
        }
    }
    group.finish();
}

/// What the `skeleton` command does after `main` starts: load, look up, render.
fn end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("skeleton/end-to-end");
    group.bench_function("chime/update-user/input", |b| {
        b.iter(|| {
            let model = model::load_embedded_with(black_box("chime"), LoadOptions { documentation: false })
                .expect("embedded model loads");
            let op = model.operation(black_box("update-user")).expect("operation exists");
            skeleton::render(&model, op, Mode::Input)
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = render, end_to_end
}
criterion_main!(benches);
