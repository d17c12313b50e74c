//! `ReDoS`: catastrophic-backtracking shapes, back-references, `TenantId` and every botocore
//! pattern that needs the backtracking engine, against hostile 20,000-character values (and
//! values just under the backtracking input cap). Each call must return, `Ok` or `MatchError`,
//! within 100 ms.

use std::time::Duration;

use crate::test_clock::Clock;

use crate::pattern::tests::pattern_list;
use crate::pattern::{EngineKind, MAX_BACKTRACKING_INPUT, MatchError, Pattern};

const SYNTHETIC: &[&str] = &[
    r"(a+)+$",
    r"^(a+)+$",
    r"(a|aa)+$",
    r"^(\w+\s?)*$",
    r"(?=(a+)+$)",
    r"^(?=(a+)+b)",
    r"(?=(a|a)+b)",
    r"(?!(a+)+b)x",
    r"(a+)+\1b",
    r"(.*)\1x",
    r"^(.*?,){11}P",
    r"(?=.*b)a",
    r"(?=[a ]*b)(?=.*c)(?=.*d)a",
    r"(?<![a ]*b)c",
    r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$",
    r"^(?!\s).*(?<!\s)$",
    r"(?!\s)^[\s\S]+(?<!\s)",
    r"((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+x",
];

fn hostile(n: usize) -> Vec<String> {
    vec![
        "a".repeat(n),
        format!("{}!", "a".repeat(n.saturating_sub(1))),
        " ".repeat(n),
        "ab".repeat(n / 2),
        "a ".repeat(n / 2),
        "-".repeat(n),
        "a-".repeat(n / 2),
        "1".repeat(n),
        ",".repeat(n),
        "é".repeat(n),
    ]
}

#[test]
fn hostile_values_return_quickly() {
    let mut patterns: Vec<String> = SYNTHETIC.iter().map(|s| (*s).to_owned()).collect();
    patterns.extend(
        pattern_list("all-patterns.txt.gz")
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| Pattern::compile(p).is_ok_and(|c| c.engine() == EngineKind::Backtracking)),
    );
    // 100 ms with optimised engines (release, or `[profile.dev.package."*"] opt-level = 3`);
    // unoptimised engine code is 10-20x slower.
    let budget = Duration::from_millis(if cfg!(debug_assertions) { 1000 } else { 100 });
    let (mut ok, mut too_long, mut limit, mut worst) = (0, 0, 0, (Duration::ZERO, String::new()));
    for n in [20_000, MAX_BACKTRACKING_INPUT] {
        let inputs = hostile(n);
        for p in &patterns {
            let pattern = Pattern::compile(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            for input in &inputs {
                let start = Clock::start();
                let result = pattern.is_match(input);
                let elapsed = start.elapsed();
                match result {
                    Ok(_) => ok += 1,
                    Err(MatchError::InputTooLong { .. }) => too_long += 1,
                    Err(MatchError::BacktrackLimitExceeded { .. }) => limit += 1,
                    Err(e) => panic!("{p}: {e}"),
                }
                if elapsed > worst.0 {
                    worst =
                        (elapsed, format!("{p} on {} x {:?}", input.chars().count(), input.chars().next()));
                }
            }
        }
    }
    eprintln!(
        "redos: {} patterns x {} inputs x 2 lengths: {ok} answered, {too_long} input too long, \
         {limit} backtrack limit; slowest {:?} ({})",
        patterns.len(),
        hostile(10).len(),
        worst.0,
        worst.1
    );
    assert!(worst.0 < budget, "slowest call took {:?}: {}", worst.0, worst.1);
}

#[test]
fn linear_engine_handles_long_hostile_values() {
    for p in [r"(a+)+$", r"^(a|aa)+$", r"^(\w+\s?)*$", r".*\S.*", r"^([A-Za-z]_?)+$"] {
        let pattern = Pattern::compile(p).unwrap();
        assert_ne!(pattern.engine(), EngineKind::Backtracking, "{p}");
        for input in hostile(200_000) {
            let start = Clock::start();
            let _ = pattern.is_match(&input).unwrap();
            assert!(start.elapsed() < Duration::from_millis(100), "{p}: {:?}", start.elapsed());
        }
    }
}

#[test]
fn tenant_id_on_long_values() {
    let p = Pattern::compile(r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$").unwrap();
    let long = "abc".repeat(6_666);
    assert_eq!(
        p.is_match(&long),
        Err(MatchError::InputTooLong { chars: 19_998, limit: MAX_BACKTRACKING_INPUT })
    );
    let at_cap = "abc".repeat(MAX_BACKTRACKING_INPUT / 3);
    let start = Clock::start();
    assert_eq!(p.is_match(&at_cap), Ok(true));
    assert!(start.elapsed() < Duration::from_millis(100));
    let four_z = format!("{}zzzz", &at_cap[..MAX_BACKTRACKING_INPUT - 4]);
    assert_eq!(four_z.chars().count(), MAX_BACKTRACKING_INPUT);
    assert_eq!(p.is_match(&four_z), Ok(false));
}
