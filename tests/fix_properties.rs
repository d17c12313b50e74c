//! Property tests of the fixes over generated request documents, in JSON
//! and YAML, for random operations of the six embedded services:
//!
//! - after applying every fix (`--unsafe-fixes`; and the safe ones alone,
//!   as `--fix`), the document still parses, and the findings left are a
//!   subset of those before, less the ones fixed (compared by code and JSON
//!   pointer): no fix trades one finding for another;
//! - a second pass finds nothing more to fix (fixing is idempotent);
//! - every byte outside the edits is kept (the engine's own guarantee,
//!   checked here on the documents the validator really fixes).
//!
//! Documents are built from the operation's input shape, with the mistakes
//! the fixes are for mixed in at random: enum values in the wrong case or
//! one typo off, numbers and booleans written as strings (and the reverse),
//! YAML 1.1 booleans, misspelt member names, duplicate keys, timestamps in
//! the CLI's lenient forms; plus values no fix mends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::OnceLock;

use chime_shape::doc::Limits;
use chime_shape::fix::{Applicability, Fix, apply};
use chime_shape::model::{EMBEDDED, Member, Model, ShapeKind};
use chime_shape::report::FileReport;
use chime_shape::report::diagnostic::Code;
use chime_shape::validate::file::{InputFormat, check_bytes};
use chime_shape::validate::{Validator, pointer_matches};
use proptest::prelude::*;

fn models() -> &'static Vec<Model> {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| EMBEDDED.iter().map(|e| e.load().unwrap()).collect())
}

/// (model index, operation name) of every operation with an input.
fn operations() -> &'static Vec<(usize, String)> {
    static OPS: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    OPS.get_or_init(|| {
        let mut out = Vec::new();
        for (mi, model) in models().iter().enumerate() {
            for op in model.operations().filter(|op| op.input.is_some()) {
                out.push((mi, op.cli_name.clone()));
            }
        }
        out
    })
}

/// A small deterministic generator (xorshift64*): the documents come from
/// a proptest seed, so a failure names the seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A generated value, before it is written as JSON or YAML.
#[derive(Debug, Clone)]
enum Gen {
    Bool(bool),
    /// A number as written (`12`, `1.5`).
    Number(String),
    Str(String),
    /// YAML only: a plain scalar written as is (`yes`, `0206`,
    /// `Jan 2 2024 10:00`); a JSON string elsewhere.
    Plain(String),
    List(Vec<Gen>),
    Object(Vec<(String, Gen)>),
}

const STRINGS: [&str; 8] = [
    "a1",
    "bob",
    "12a3b4c5-1234-1234-1234-123456789012",
    "arn:aws:chime:us-east-1:111122223333:app-instance/a",
    "+12065550100",
    "bob@example.com",
    "",
    "x y",
];

fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return "x".into();
    }
    let i = rng.below(chars.len());
    match rng.below(3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, 'q'),
        _ => chars[i] = if chars[i] == 'z' { 'y' } else { 'z' },
    }
    chars.into_iter().collect()
}

fn value(rng: &mut Rng, model: &Model, member: &Member, depth: usize) -> Gen {
    let shape = model.shape(member.target);
    match &shape.kind {
        ShapeKind::Structure(s) if s.document => Gen::Object(vec![("any".into(), Gen::Number("1".into()))]),
        ShapeKind::Structure(s) => {
            if depth > 4 {
                return Gen::Object(Vec::new());
            }
            let mut entries = Vec::new();
            for m in &s.members {
                let required = s.required.contains(&m.name);
                if !(required && rng.chance(90) || rng.chance(30)) {
                    continue;
                }
                let mut name = m.name.clone();
                if rng.chance(8) {
                    name = match rng.below(3) {
                        0 => name.to_lowercase(),
                        1 => typo(rng, &name),
                        _ => {
                            let mut c = name.chars();
                            c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
                        }
                    };
                }
                if rng.chance(6) {
                    let earlier = value(rng, model, m, depth + 1);
                    entries.push((name.clone(), earlier));
                }
                entries.push((name, value(rng, model, m, depth + 1)));
            }
            if rng.chance(5) {
                entries.push(("Unrelated".into(), Gen::Str("x".into())));
            }
            Gen::Object(entries)
        }
        ShapeKind::List { member } => {
            let n = if depth > 4 { 0 } else { rng.below(3) };
            Gen::List((0..n).map(|_| value(rng, model, member, depth + 1)).collect())
        }
        ShapeKind::Map { key, value: v } => {
            let n = if depth > 4 { 0 } else { rng.below(3) };
            let mut entries = Vec::new();
            for i in 0..n {
                let k = match &model.shape(key.target).kind {
                    _ if key.traits.enum_values.is_some() => {
                        let values = key.traits.enum_values.as_ref().unwrap();
                        let k = rng.pick(values).clone();
                        if rng.chance(20) { k.to_lowercase() } else { k }
                    }
                    _ => format!("key{i}"),
                };
                entries.push((k, value(rng, model, v, depth + 1)));
            }
            Gen::Object(entries)
        }
        ShapeKind::String => {
            if let Some(values) = member.traits.enum_values.as_ref().filter(|v| !v.is_empty()) {
                let v = rng.pick(values).clone();
                return match rng.below(10) {
                    0 | 1 => Gen::Str(v.to_lowercase()),
                    2 => Gen::Str(typo(rng, &v)),
                    3 => Gen::Str(v.to_uppercase()),
                    _ => Gen::Str(v),
                };
            }
            match rng.below(12) {
                0 => Gen::Number(rng.pick(&["206", "1.50", "0", "-3"]).to_string()),
                1 => Gen::Plain(rng.pick(&["0206", "true", "2024-01-02"]).to_string()),
                2 => Gen::Bool(rng.chance(50)),
                _ => Gen::Str(rng.pick(&STRINGS).to_string()),
            }
        }
        ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double => {
            let n = rng.pick(&["1", "5", "10", "0", "100", "-1", "99999999999"]).to_string();
            match rng.below(8) {
                0 | 1 => Gen::Str(n),
                2 => Gen::Number(format!("{n}.0")),
                3 => Gen::Str(format!("{n}x")),
                4 => Gen::Str("1.5".into()),
                _ => Gen::Number(n),
            }
        }
        ShapeKind::Boolean => match rng.below(8) {
            0 => Gen::Str(rng.pick(&["true", "false", "True", "no"]).to_string()),
            1 | 2 => Gen::Plain(rng.pick(&["yes", "no", "on", "Off", "y"]).to_string()),
            3 => Gen::Number("1".into()),
            _ => Gen::Bool(rng.chance(50)),
        },
        ShapeKind::Timestamp => match rng.below(6) {
            0 => Gen::Str(
                rng.pick(&["Jan 2 2024 10:00", "1/2/2024", "2 January 2024 10:00 pm", "10:00"]).to_string(),
            ),
            1 => Gen::Plain("Jan 2 2024 10:00".into()),
            2 => Gen::Number("1700000000".into()),
            3 => Gen::Str("soon".into()),
            _ => Gen::Str("2024-01-02T03:04:05Z".into()),
        },
        ShapeKind::Blob => Gen::Str("aGVsbG8=".into()),
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// JSON, pretty (two spaces, CRLF or LF) or on one line.
fn write_json(node: &Gen, pretty: bool, newline: &str, indent: usize, out: &mut String) {
    match node {
        Gen::Bool(b) => out.push_str(&b.to_string()),
        Gen::Number(n) => out.push_str(n),
        Gen::Str(s) | Gen::Plain(s) => out.push_str(&json_string(s)),
        Gen::List(items) => {
            write_members(('[', ']'), items.iter().map(|item| (None, item)), pretty, newline, indent, out);
        }
        Gen::Object(entries) => {
            let members = entries.iter().map(|(k, v)| (Some(k.as_str()), v));
            write_members(('{', '}'), members, pretty, newline, indent, out);
        }
    }
}

/// The items of a list, or (with their keys) the members of an object.
fn write_members<'a>(
    (open, close): (char, char),
    members: impl Iterator<Item = (Option<&'a str>, &'a Gen)>,
    pretty: bool,
    newline: &str,
    indent: usize,
    out: &mut String,
) {
    out.push(open);
    let mut any = false;
    for (i, (key, node)) in members.enumerate() {
        any = true;
        if i > 0 {
            out.push(',');
        }
        if pretty {
            out.push_str(newline);
            out.push_str(&" ".repeat(indent + 2));
        } else if i > 0 {
            out.push(' ');
        }
        if let Some(key) = key {
            out.push_str(&json_string(key));
            out.push_str(": ");
        }
        write_json(node, pretty, newline, indent + 2, out);
    }
    if pretty && any {
        out.push_str(newline);
        out.push_str(&" ".repeat(indent));
    }
    out.push(close);
}

/// Whether `s` can be a plain YAML scalar that reads back as this string.
fn plain_ok(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'@'))
        && s.parse::<f64>().is_err()
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
            .contains(&s.to_lowercase().as_str())
        && !s.starts_with(['-', '.'])
        && !s.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

fn yaml_scalar(rng: &mut Rng, node: &Gen) -> Option<String> {
    Some(match node {
        Gen::Bool(b) => b.to_string(),
        Gen::Number(n) => n.clone(),
        Gen::Plain(s) => s.clone(),
        Gen::Str(s) => match rng.below(3) {
            0 if plain_ok(s) => s.clone(),
            1 if !s.contains(['\n', '\\']) => format!("'{}'", s.replace('\'', "''")),
            _ => json_string(s),
        },
        Gen::List(v) if v.is_empty() => "[]".into(),
        Gen::Object(v) if v.is_empty() => "{}".into(),
        _ => return None,
    })
}

/// Block YAML with comments here and there.
fn write_yaml(rng: &mut Rng, node: &Gen, indent: usize, newline: &str, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Gen::Object(entries) => {
            for (k, v) in entries {
                if rng.chance(10) {
                    out.push_str(&format!("{pad}# about {k}{newline}"));
                }
                let key = if plain_ok(k) { k.clone() } else { json_string(k) };
                let comment = if rng.chance(15) { "  # note" } else { "" };
                match yaml_scalar(rng, v) {
                    Some(s) => out.push_str(&format!("{pad}{key}: {s}{comment}{newline}")),
                    None => {
                        out.push_str(&format!("{pad}{key}:{comment}{newline}"));
                        write_yaml(rng, v, indent + 2, newline, out);
                    }
                }
            }
        }
        Gen::List(items) => {
            for item in items {
                match yaml_scalar(rng, item) {
                    Some(s) => out.push_str(&format!("{pad}- {s}{newline}")),
                    None => {
                        out.push_str(&format!("{pad}-{newline}"));
                        write_yaml(rng, item, indent + 2, newline, out);
                    }
                }
            }
        }
        scalar => {
            let s = yaml_scalar(rng, scalar).unwrap_or_default();
            out.push_str(&format!("{pad}{s}{newline}"));
        }
    }
}

fn check(validator: &Validator<'_>, op: &str, text: &str, format: InputFormat) -> FileReport {
    let operation = validator.model().operation(op).unwrap();
    check_bytes(validator, operation, "doc", text.as_bytes(), format, &Limits::DEFAULT)
}

/// (code, pointer) of each finding, counted.
fn tally<'a>(
    findings: impl Iterator<Item = &'a chime_shape::report::Finding>,
) -> HashMap<(Code, String), i64> {
    let mut out = HashMap::new();
    for f in findings {
        *out.entry((f.code, f.path.clone())).or_insert(0) += 1;
    }
    out
}

fn holds(validator: &Validator<'_>, op: &str, text: &str, format: InputFormat, level: Applicability) {
    let before = check(validator, op, text, format);
    assert!(!before.diagnostics.iter().any(|d| d.code == Code::Syntax), "generated text must parse:\n{text}");
    let fixes: Vec<Fix> = before.diagnostics.iter().filter_map(|d| d.fix.clone()).collect();
    let applied = apply(text, &fixes, level);
    if !applied.changed() {
        return;
    }
    // A fix may be skipped only for one it overlaps (a duplicate inside the
    // value of an earlier duplicate goes with it).
    for &i in &applied.skipped {
        let overlaps =
            |j: &usize| fixes[i].edits.iter().any(|a| fixes[*j].edits.iter().any(|b| a.conflicts_with(b)));
        assert!(applied.applied.iter().any(overlaps), "fix {i} skipped for no reason:\n{text}\n{fixes:?}");
    }
    let after = check(validator, op, &applied.text, format);
    let context =
        format!("before:\n{text}\nafter:\n{}\nfindings after: {:#?}", applied.text, after.diagnostics);
    // Findings left ⊆ findings before − those fixed.
    let fixed: Vec<&chime_shape::report::Finding> = applied
        .applied
        .iter()
        .map(|&i| before.diagnostics.iter().filter(|d| d.fix.is_some()).nth(i).unwrap())
        .collect();
    // A renamed member takes the findings inside its value (a duplicate
    // key there) to its new name: the same findings, not new ones.
    let renames: Vec<(String, String)> = fixed
        .iter()
        .filter(|d| d.code == Code::Unknown)
        .map(|d| {
            let name: String = d.fix.as_ref().unwrap().edits[0].replacement.trim_matches(['"', '\'']).into();
            let parent = d.path.rsplit_once('/').map_or("", |(p, _)| p);
            (d.path.clone(), format!("{parent}/{name}"))
        })
        .collect();
    let renamed = |path: &str| {
        for (from, to) in &renames {
            if path == from || path.starts_with(&format!("{from}/")) {
                return format!("{to}{}", &path[from.len()..]);
            }
        }
        path.to_owned()
    };
    let mut allowed: HashMap<(Code, String), i64> = HashMap::new();
    for (key, n) in tally(before.diagnostics.iter()) {
        *allowed.entry((key.0, renamed(&key.1))).or_insert(0) += n;
    }
    for (key, n) in tally(fixed.into_iter()) {
        *allowed.entry((key.0, renamed(&key.1))).or_insert(0) -= n;
    }
    for d in &after.diagnostics {
        // A pointer through a value that may be secret reads `<sensitive>`
        // for the key; renamed into a member whose keys are not secret, it
        // names the key. The same finding either way.
        let slot = allowed.iter_mut().find(|((code, path), n)| {
            **n > 0 && *code == d.code && (pointer_matches(path, &d.path) || pointer_matches(&d.path, path))
        });
        match slot {
            Some((_, n)) => *n -= 1,
            None => panic!(
                "{:?} at {}: not among the findings before, less those fixed\n{context}",
                d.code, d.path
            ),
        }
    }
    // Idempotent: nothing more to fix.
    let again: Vec<Fix> = after.diagnostics.iter().filter_map(|d| d.fix.clone()).collect();
    let second = apply(&applied.text, &again, level);
    assert!(!second.changed(), "a second pass fixed more\n{context}");
    // Outside the edits, every byte is kept: the text between edits is a
    // subsequence in order.
    let mut edits: Vec<_> = applied.applied.iter().flat_map(|&i| fixes[i].edits.iter()).collect();
    edits.sort_by_key(|e| e.start);
    let mut at = 0usize;
    let mut rebuilt = String::new();
    for e in &edits {
        rebuilt.push_str(&text[at..e.start as usize]);
        rebuilt.push_str(&e.replacement);
        at = e.end as usize;
    }
    rebuilt.push_str(&text[at..]);
    assert_eq!(rebuilt, applied.text);
}

fn document(seed: u64, json: bool) -> (usize, String, String) {
    let mut rng = Rng(seed | 1);
    // The one operation with timestamps in its input, more often than
    // one in six hundred.
    let timestamps = operations().iter().find(|(_, op)| op == "list-channel-messages").unwrap();
    let (mi, op) = if rng.chance(5) { timestamps.clone() } else { rng.pick(operations()).clone() };
    let model = &models()[mi];
    let operation = model.operation(&op).unwrap();
    let input = operation.input.as_ref().unwrap();
    let generated = value(&mut rng, model, input, 0);
    let newline = if rng.chance(20) { "\r\n" } else { "\n" };
    let mut text = String::new();
    if json {
        let pretty = rng.chance(70);
        write_json(&generated, pretty, newline, 0, &mut text);
    } else {
        write_yaml(&mut rng, &generated, 0, newline, &mut text);
        if text.is_empty() {
            text.push_str("{}");
        }
    }
    if rng.chance(50) {
        text.push_str(newline);
    }
    (mi, op, text)
}

fn run(seed: u64, json: bool) {
    let (mi, op, text) = document(seed, json);
    let validator = Validator::new(&models()[mi]);
    let format = if json { InputFormat::Json } else { InputFormat::Yaml };
    holds(&validator, &op, &text, format, Applicability::Safe);
    holds(&validator, &op, &text, format, Applicability::Unsafe);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn json_fixes_clear_their_findings_and_no_others(seed in any::<u64>()) {
        run(seed, true);
    }

    #[test]
    fn yaml_fixes_clear_their_findings_and_no_others(seed in any::<u64>()) {
        run(seed, false);
    }
}

/// The generator makes the mistakes it is meant to: over a few hundred
/// documents, every kind of fix is offered (else the properties above
/// would hold vacuously).
#[test]
fn the_generated_documents_exercise_every_fix() {
    let mut seen: HashMap<(Code, Applicability), usize> = HashMap::new();
    for seed in 0..600u64 {
        for json in [true, false] {
            let (mi, op, text) = document(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), json);
            let validator = Validator::new(&models()[mi]);
            let format = if json { InputFormat::Json } else { InputFormat::Yaml };
            for d in check(&validator, &op, &text, format).diagnostics {
                if let Some(fix) = d.fix {
                    *seen.entry((d.code, fix.applicability)).or_insert(0) += 1;
                }
            }
        }
    }
    for kind in [
        (Code::Enum, Applicability::Safe),
        (Code::Enum, Applicability::Unsafe),
        (Code::Type, Applicability::Safe),
        (Code::DuplicateKey, Applicability::Safe),
        (Code::Unknown, Applicability::Unsafe),
        (Code::TimestampFormat, Applicability::Unsafe),
    ] {
        assert!(seen.get(&kind).copied().unwrap_or(0) >= 3, "{kind:?} fixes seen: {seen:?}");
    }
}
