//! Every distinct botocore pattern (tests/data/all-patterns.txt.gz, 4,297 of them) either
//! compiles or yields a `PatternError`; none panics. Reports engines, rejections and timings
//! (run with `--nocapture` to see the report).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::pattern::tests::pattern_list;
use crate::pattern::{EngineKind, ErrorKind, Pattern};

#[test]
fn all_botocore_patterns_compile_or_are_rejected() {
    let patterns = pattern_list("all-patterns.txt.gz");
    assert_eq!(patterns.len(), 4297);
    let mut engines: BTreeMap<String, usize> = BTreeMap::new();
    let mut dialects: BTreeMap<String, usize> = BTreeMap::new();
    let mut rejected: BTreeMap<(ErrorKind, String), Vec<String>> = BTreeMap::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let total = Instant::now();
    for (shape, source) in &patterns {
        let start = Instant::now();
        let Ok(result) = std::panic::catch_unwind(|| Pattern::compile(source)) else {
            panic!("compile panicked on {shape}: {source}");
        };
        let elapsed = start.elapsed();
        slowest.push((elapsed, format!("{shape} {source}")));
        match result {
            Ok(p) => {
                *engines.entry(format!("{:?}", p.engine())).or_default() += 1;
                *dialects.entry(format!("{:?}", p.dialect())).or_default() += 1;
            }
            Err(e) => {
                assert_ne!(e.kind(), ErrorKind::Internal, "{shape}: {e}");
                rejected
                    .entry((e.kind(), e.message().to_owned()))
                    .or_default()
                    .push(format!("{shape} {source}"));
            }
        }
    }
    let total = total.elapsed();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let n_rejected: usize = rejected.values().map(Vec::len).sum();
    eprintln!("== {} patterns compiled in {total:?}", patterns.len());
    eprintln!("engines: {engines:?}");
    eprintln!("dialects: {dialects:?}");
    eprintln!("rejected: {n_rejected}");
    for ((kind, message), list) in &rejected {
        eprintln!("  [{}] {message} ({}):", kind.as_str(), list.len());
        for p in list {
            eprintln!("      {p}");
        }
    }
    eprintln!("slowest compiles:");
    for (d, p) in slowest.iter().take(8) {
        eprintln!("  {d:?}  {}", p.chars().take(110).collect::<String>());
    }
    let regex = engines.get(&format!("{:?}", EngineKind::Regex)).copied().unwrap_or(0)
        + engines.get(&format!("{:?}", EngineKind::CountedClass)).copied().unwrap_or(0);
    assert!(regex >= 4100, "regex engine count dropped: {regex}");
    // The target is ~50 ms per pattern with optimised engines (see the report above); the bound
    // leaves room for a busy machine. Unoptimised engine code (a dev profile without
    // `opt-level` for dependencies) is 10-20x slower.
    let budget = Duration::from_millis(if cfg!(debug_assertions) { 2000 } else { 200 });
    assert!(slowest[0].0 < budget, "slowest compile {:?}: {}", slowest[0].0, slowest[0].1);
}
