//! A small deterministic mutation fuzzer: 100 000 mutations of a few seed
//! documents, each parsed as JSON and as YAML, must never panic, and every
//! result must satisfy the span invariants. Coverage-guided fuzzing belongs in
//! a `cargo fuzz` target; this keeps the guarantee in the ordinary test run.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::doc::tests::check_invariants;
use crate::doc::{Format, Limits, parse_bytes};

/// `SplitMix64`: tiny, fast, good enough to drive mutations reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { usize::try_from(self.next() % n as u64).unwrap_or(0) }
    }
}

const SEEDS: &[&str] = &[
    include_str!("../testdata/request.json"),
    include_str!("../testdata/request.yaml"),
    "{\"a\": [1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude00\\n\"], \"b\": {\"c\": 123456789012345678901234567890}}",
    "base: &b {x: 1, y: [2, 3]}\nd:\n  <<: *b\n  x: 0o17\n  t: 2020-01-01 00:00:00\n  bin: !!binary aGVsbG8=\n  s: !!str 12\nl: |\n  text\n  more\nf: >-\n  folded\nq: 'it''s'\n\"k\": \"\\t\"\nlist:\n- a\n- - b\n  - c\n- {e: f}\n",
    "\u{FEFF}# comment\r\nkey: value\r\nother: [1, 2, {x: y}]\r\n",
];

/// Fragments that tend to reach interesting parser states.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "\\u",
    "\\uD800",
    "-",
    "- ",
    "? ",
    ": ",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "!!int ",
    "!foo ",
    "<<: ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "\0",
    "\u{FEFF}",
    "é",
    "😀",
    "1e400",
    "-0",
    "0x",
    "true",
    "null",
    "~",
    "%YAML 1.2\n",
    "%TAG ! !x\n",
    "\u{85}",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 => {
                if let Some(b) = data.get_mut(at) {
                    *b = u8::try_from(rng.below(256)).unwrap_or(0);
                }
            }
            1 => {
                let end = (at + rng.below(16)).min(len);
                data.drain(at..end);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + rng.below(32)).min(len);
                let chunk: Vec<u8> = data[at..end].to_vec();
                let to = rng.below(data.len() + 1);
                data.splice(to..to, chunk);
            }
            4 => data.truncate(at),
            _ => {
                let end = (at + rng.below(8)).min(len);
                let b = data.get(at).copied().unwrap_or(b' ');
                for x in &mut data[at..end] {
                    *x = b;
                }
            }
        }
    }
    data
}

#[test]
fn mutations_never_panic() {
    // DOC_FUZZ_SEED / DOC_FUZZ_ITERATIONS run a longer or different campaign.
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let iterations = env("DOC_FUZZ_ITERATIONS").unwrap_or(100_000);
    let mut rng = Rng(env("DOC_FUZZ_SEED").unwrap_or(0x00C0_FFEE));
    let limits =
        Limits { max_depth: 64, max_nodes: 100_000, max_alias_expansion: 10_000, ..Limits::default() };
    let mut parsed = [0_usize; 2];
    for i in 0..iterations {
        let seed = SEEDS[usize::try_from(i).unwrap_or(0) % SEEDS.len()].as_bytes();
        let input = mutate(&mut rng, seed);
        for (f, format) in [Format::Json, Format::Yaml].into_iter().enumerate() {
            let result = catch_unwind(AssertUnwindSafe(|| parse_bytes(&input, format, &limits)));
            let Ok(result) = result else {
                panic!("panic on mutation {i} ({format:?}): {:?}", String::from_utf8_lossy(&input));
            };
            match result {
                Ok((doc, problems)) => {
                    parsed[f] += 1;
                    check_invariants(&doc, &problems);
                }
                Err(p) => {
                    assert!(p.kind.is_fatal(), "{p:?}");
                    assert!(
                        p.span.end as usize <= input.len() && p.span.start <= p.span.end,
                        "{p:?} on {input:?}"
                    );
                    assert!(
                        !p.message.contains("internal error"),
                        "saphyr panicked on {:?}",
                        String::from_utf8_lossy(&input)
                    );
                }
            }
        }
    }
    let total = usize::try_from(iterations).unwrap_or(usize::MAX);
    // Sanity: the mutations are mild enough that many inputs still parse.
    assert!(parsed[0] * 50 > total && parsed[1] * 5 > total, "parsed {parsed:?}");
}
