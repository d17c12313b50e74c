//! Differential test against a real ECMA-262 engine (V8 in node).
//!
//! `tests/tools/ecma_oracle.mjs` evaluated probe strings for every botocore pattern with
//! `new RegExp(p, "u")` — the pattern as written when node accepts it in u-mode, otherwise this
//! module's [`to_ecma262`] rewrite — and stored the answers in
//! `tests/data/ecma262-oracle.jsonl.gz`. The replay below needs no node; it must agree on every
//! probe the Rust engines can answer. Regenerate after changing the translator:
//! `cargo test -- --ignored write_ecma262_translations`, then `node tests/tools/ecma_oracle.mjs`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::pattern::tests::{data_path, pattern_list, read_data};
use crate::pattern::{MatchError, Pattern, to_ecma262};

/// Patterns whose `to_ecma262` output differs from the source.
fn rewritten() -> Vec<(String, String)> {
    pattern_list("all-patterns.txt.gz")
        .into_iter()
        .filter_map(|(_, p)| to_ecma262(&p).filter(|t| *t != p).map(|t| (p, t)))
        .collect()
}

#[test]
#[ignore = "writes tests/data/ecma262-translations.txt.gz for the node oracle"]
fn write_ecma262_translations() {
    let mut text = String::from(
        "# to_ecma262 rewrites of the patterns node rejects in u-mode\n# format: pattern<TAB>rewrite\n",
    );
    for (p, t) in rewritten() {
        assert!(!p.contains('\t') && !t.contains('\t') && !t.contains('\n'));
        text.push_str(&p);
        text.push('\t');
        text.push_str(&t);
        text.push('\n');
    }
    let file = std::fs::File::create(data_path("ecma262-translations.txt.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();
}

struct Record {
    shape: String,
    pattern: String,
    u: bool,
    oracle: Option<String>,
    translation: Option<String>,
    translation_ok: Option<bool>,
    probes: Vec<(String, bool)>,
}

fn records() -> Vec<Record> {
    read_data("ecma262-oracle.jsonl.gz")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Record {
                shape: v["shape"].as_str().unwrap().to_owned(),
                pattern: v["pattern"].as_str().unwrap().to_owned(),
                u: v["u"].as_bool().unwrap(),
                oracle: v["oracle"].as_str().map(str::to_owned),
                translation: v["translation"].as_str().map(str::to_owned),
                translation_ok: v["translation_ok"].as_bool(),
                probes: v["probes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_bool().unwrap()))
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn replay_ecma262_oracle() {
    let records = records();
    assert_eq!(records.len(), 4297);
    let (mut agree, mut disagree, mut unanswered, mut not_compiled) = (0_usize, 0_usize, 0_usize, 0_usize);
    let mut by_oracle: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for r in &records {
        let Some(oracle) = r.oracle.as_deref() else {
            continue;
        };
        let Ok(pattern) = Pattern::compile(&r.pattern) else {
            not_compiled += 1;
            continue;
        };
        let entry =
            by_oracle.entry(if oracle == "raw" { "as written" } else { "via to_ecma262" }).or_default();
        entry.0 += 1;
        for (probe, expected) in &r.probes {
            match pattern.is_match(probe) {
                Ok(found) if found == *expected => agree += 1,
                Ok(found) => {
                    disagree += 1;
                    failures.push(format!(
                        "{} {:?} on {probe:?}: node {expected}, rust {found}",
                        r.shape, r.pattern
                    ));
                }
                Err(MatchError::InputTooLong { .. } | MatchError::BacktrackLimitExceeded { .. }) => {
                    unanswered += 1
                }
                Err(e) => panic!("{}: {e}", r.pattern),
            }
            entry.1 += 1;
        }
    }
    let total = agree + disagree;
    eprintln!(
        "differential: {total} probes answered, {agree} agree ({:.3} %), {disagree} disagree, {unanswered} unanswered (MatchError), \
         {not_compiled} patterns node reads but Rust rejects; patterns/probes by oracle: {by_oracle:?}",
        100.0 * f64::from(u32::try_from(agree).unwrap()) / f64::from(u32::try_from(total.max(1)).unwrap())
    );
    for f in failures.iter().take(40) {
        eprintln!("  {f}");
    }
    assert!(failures.is_empty(), "{} disagreements with node", failures.len());
    assert!(total > 100_000, "too few probes: {total}");
}

#[test]
fn oracle_translations_are_current_and_accepted_by_node() {
    let records = records();
    let by_pattern: BTreeMap<&str, &Record> = records.iter().map(|r| (r.pattern.as_str(), r)).collect();
    let mut rewrites = 0;
    for (p, t) in rewritten() {
        rewrites += 1;
        let r = by_pattern.get(p.as_str()).unwrap_or_else(|| panic!("no oracle record for {p}"));
        assert_eq!(r.translation.as_deref(), Some(t.as_str()), "stale oracle data for {p}: regenerate");
        assert_eq!(r.translation_ok, Some(true), "node rejects to_ecma262({p}) = {t}");
    }
    // Every pattern node rejects as written is either rewritten or not checkable, and the
    // strict pass agrees with node on what is valid u-mode text.
    for r in &records {
        if let Ok(p) = Pattern::compile(&r.pattern) {
            assert_eq!(
                p.dialect() == crate::pattern::Dialect::Ecma262,
                r.u,
                "u-mode validity of {}",
                r.pattern
            );
        }
        if !r.u {
            let compiles = Pattern::compile(&r.pattern).is_ok();
            assert_eq!(to_ecma262(&r.pattern).is_some(), r.translation.is_some(), "{}", r.pattern);
            if compiles {
                assert!(r.translation.is_some(), "{} compiles but has no rewrite", r.pattern);
            }
        }
    }
    eprintln!("{rewrites} rewrites, all accepted by node in u-mode");
}

/// Live check, when node is installed: every `to_ecma262` output compiles with the `u` flag.
#[test]
fn to_ecma262_output_compiles_in_node() {
    let Ok(mut child) = Command::new("node")
        .arg("-e")
        .arg(
            "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{let bad=0;\
             for(const t of JSON.parse(s)){try{new RegExp(t,'u')}catch(e){bad++;console.log(t+' : '+e.message)}}\
             console.log('bad='+bad)})",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("node not found: skipping the live u-mode check (the replay covers it)");
        return;
    };
    let outputs: Vec<String> =
        pattern_list("all-patterns.txt.gz").iter().filter_map(|(_, p)| to_ecma262(p)).collect();
    assert!(outputs.len() > 4200);
    child.stdin.take().unwrap().write_all(serde_json::to_string(&outputs).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.trim_end().ends_with("bad=0"), "node rejected some rewrites:\n{text}");
}
