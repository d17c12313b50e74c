//! `lint` benchmarks on a generated 10,000-line shell script: one third
//! `aws chime` commands (continuations, quotes, shorthand, `$VAR` words,
//! some with findings), the rest ordinary shell (assignments, `if`/`for`,
//! pipelines, `echo`).
//!
//! * `lint/read`: finding the commands (tree-sitter-bash, word resolution);
//! * `lint/check`: checking them (argument engine, validation, placing);
//! * `lint/file`: both, as `chime-shape lint` does per file.
//!
//! The goal of issue 13 is the whole of it in 50 ms or less.
//! `cargo bench --bench lint` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use chime_shape::lint::{LintContext, ModelSearch, Services, check_commands, read_commands};
use chime_shape::script::host::Kind;
use chime_shape::validate::Validator;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A script of `lines` lines.
pub fn script(lines: usize) -> String {
    let mut out = String::from("#!/bin/bash\nset -euo pipefail\n");
    let mut n = 0;
    while out.lines().count() < lines {
        n += 1;
        let _ = match n % 6 {
            0 => writeln!(
                out,
                "aws chime update-user --account-id \"$ACCOUNT\" --user-id u{n} \\\n    --license-type {}",
                if n % 60 == 0 { "Gold" } else { "Pro" }
            ),
            1 => {
                writeln!(out, "for u in a b c; do\n  echo \"user $u {n}\" | tr a-z A-Z > /tmp/out.{n}\ndone")
            }
            2 => writeln!(
                out,
                "aws chime batch-create-room-membership --account-id a1 --room-id r{n} \\\n    --membership-item-list 'MemberId=m{n},Role=Member' \"MemberId=x{n},Role=Administrator\""
            ),
            3 => writeln!(out, "if [ -n \"${{X:-}}\" ]; then\n  value_{n}=$(date +%s)\nfi"),
            4 => writeln!(
                out,
                "users_{n}=$(aws chime list-users --account-id a1 --max-results 50 --query 'Users[].UserId' --output text)"
            ),
            _ => writeln!(out, "echo step {n} && sleep 0 || true"),
        };
    }
    out
}

fn benches(c: &mut Criterion) {
    let text = script(10_000);
    let needed: BTreeSet<String> = ["chime".to_owned()].into();
    let services = Services::load(&needed, &ModelSearch::default()).unwrap();
    let validators: Vec<(&str, Validator<'_>)> =
        services.iter().map(|(s, m)| (s, Validator::new(m))).collect();
    let context = LintContext { services: &services, validators: &validators, root: PathBuf::from(".") };
    let commands = read_commands(Kind::Shell, &text).unwrap();
    assert!(commands.len() > 2_000, "{} commands", commands.len());

    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read/10k-lines", |b| {
        b.iter(|| read_commands(Kind::Shell, black_box(&text)).unwrap())
    });
    group.bench_function("check/10k-lines", |b| {
        b.iter(|| check_commands(&context, Path::new("x.sh"), black_box(&text), black_box(&commands)))
    });
    group.bench_function("file/10k-lines", |b| {
        b.iter(|| {
            let commands = read_commands(Kind::Shell, black_box(&text)).unwrap();
            check_commands(&context, Path::new("x.sh"), &text, &commands)
        })
    });
    group.finish();
}

criterion_group!(lint, benches);
criterion_main!(lint);
