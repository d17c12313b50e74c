//! Property tests of argument parsing against the model: a random value of
//! any shorthand-capable argument of the six embedded services, written as
//! shorthand, parses back (through the model's typing) to the same value;
//! and no argument list, however odd, makes the parser panic. (About four
//! in five random values have a shorthand form; the rest are skipped.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use chime_shape::cliargs::{self, Environment, argument_table};
use chime_shape::model::{EMBEDDED, Member, Model, ShapeKind, xform_name};
use chime_shape::python::value::{Integer, Value};
use chime_shape::shorthand::{Shorthand, to_shorthand};
use proptest::prelude::*;

struct NoFiles;
impl Environment for NoFiles {
    fn read_file(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(std::io::ErrorKind::NotFound, path.display().to_string()))
    }
    fn var(&self, _: &str) -> Option<String> {
        None
    }
}

fn models() -> &'static Vec<Model> {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| EMBEDDED.iter().map(|e| e.load().unwrap()).collect())
}

/// (model, operation index, member name) of every argument that takes
/// shorthand, except the legacy single-`Value` structures.
fn shorthand_arguments() -> &'static Vec<(usize, usize, String)> {
    static ARGS: OnceLock<Vec<(usize, usize, String)>> = OnceLock::new();
    ARGS.get_or_init(|| {
        let mut out = Vec::new();
        for (mi, model) in models().iter().enumerate() {
            for (oi, op) in model.operations().enumerate() {
                for spec in argument_table(model, op) {
                    if cliargs::supports_shorthand(model, spec.member)
                        && !contains_document(model, spec.member, 0)
                    {
                        out.push((mi, oi, spec.member.name.clone()));
                    }
                }
            }
        }
        out
    })
}

fn contains_document(model: &Model, member: &Member, depth: usize) -> bool {
    if depth > 12 {
        return false;
    }
    match &model.shape(member.target).kind {
        ShapeKind::Structure(s) => {
            s.document || s.members.iter().any(|m| contains_document(model, m, depth + 1))
        }
        ShapeKind::List { member } => contains_document(model, member, depth + 1),
        ShapeKind::Map { value, .. } => contains_document(model, value, depth + 1),
        _ => false,
    }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const CHARS: &[char] = &[
    'a', 'Z', '0', '9', ' ', '-', '_', '.', ':', '/', '@', ',', '=', '[', ']', '{', '}', '\'', '"', '\\',
    'é', '\u{a0}', '\t',
];

fn string(rng: &mut Rng) -> String {
    (0..rng.below(8)).map(|_| CHARS[rng.below(CHARS.len())]).collect()
}

/// A random value of `member`'s shape (depth-limited).
fn value(model: &Model, member: &Member, rng: &mut Rng, depth: usize) -> Value {
    match &model.shape(member.target).kind {
        ShapeKind::Structure(s) => {
            let mut entries = Vec::new();
            if depth < 4 {
                for m in &s.members {
                    if rng.below(3) > 0 {
                        entries.push((m.name.clone(), value(model, m, rng, depth + 1)));
                    }
                }
            }
            Value::Map(entries)
        }
        ShapeKind::List { member } => {
            let n = if depth < 4 { 1 + rng.below(3) } else { 0 };
            Value::List((0..n).map(|_| value(model, member, rng, depth + 1)).collect())
        }
        ShapeKind::Map { value: v, .. } => {
            let n = if depth < 4 { rng.below(3) } else { 0 };
            let mut entries: Vec<(String, Value)> = Vec::new();
            for i in 0..n {
                let key = format!("k{i}-{}", rng.below(100));
                entries.push((key, value(model, v, rng, depth + 1)));
            }
            Value::Map(entries)
        }
        ShapeKind::Integer | ShapeKind::Long => {
            let v = i128::from(i32::try_from(rng.next() % 2_000_001).unwrap_or(0)) - 1_000_000;
            Value::Integer(Integer::Small(v))
        }
        ShapeKind::Float | ShapeKind::Double => Value::Float((rng.below(100_000) as f64) / 8.0 - 100.0),
        ShapeKind::Boolean => Value::Bool(rng.below(2) == 1),
        ShapeKind::String | ShapeKind::Timestamp | ShapeKind::Blob => Value::String(string(rng)),
    }
}

/// The shorthand tree of a typed value: every scalar becomes text.
fn to_tree(value: &Value) -> Shorthand {
    match value {
        Value::Map(entries) => Shorthand::Map(entries.iter().map(|(k, v)| (k.clone(), to_tree(v))).collect()),
        Value::List(items) => Shorthand::List(items.iter().map(to_tree).collect()),
        Value::Bool(b) => Shorthand::String(b.to_string()),
        Value::Integer(i) => Shorthand::String(i.to_string()),
        Value::Float(f) => Shorthand::String(format!("{f:?}")),
        Value::String(s) => Shorthand::String(s.clone()),
        other => Shorthand::String(format!("{other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn shorthand_of_a_model_value_parses_back_to_it(pick in any::<usize>(), seed in 1u64..) {
        let args = shorthand_arguments();
        let (mi, oi, name) = &args[pick % args.len()];
        let model = &models()[*mi];
        let op = model.operations().nth(*oi).unwrap();
        let table = argument_table(model, op);
        let spec = table.iter().find(|s| &s.member.name == name).unwrap();
        let mut rng = Rng(seed);
        let original = value(model, spec.member, &mut rng, 0);
        // A list argument takes one shorthand word per element.
        let words: Vec<String> = match (&model.shape(spec.member.target).kind, &original) {
            (ShapeKind::List { .. }, Value::List(items)) => {
                match items.iter().map(|i| to_shorthand(&to_tree(i))).collect::<Result<Vec<_>, _>>() {
                    Ok(words) => words,
                    Err(_) => return Ok(()),
                }
            }
            _ => match to_shorthand(&to_tree(&original)) {
                Ok(text) => vec![text],
                Err(_) => return Ok(()),
            },
        };
        // A word that starts with `[` or `{` would be read as JSON.
        if words.iter().any(|w| w.trim_start().starts_with(['[', '{'])) {
            return Ok(());
        }
        let mut argv = vec!["--cli-input-json".to_owned(), "{}".to_owned(), format!("--{}", xform_name(name, '-'))];
        argv.extend(words.clone());
        let parsed = cliargs::parse_arguments(model, op, &argv, &NoFiles)
            .map_err(|e| TestCaseError::fail(format!("{} {} {argv:?}: {e}", model.name(), op.cli_name)))?;
        prop_assert_eq!(parsed.params.get(name), Some(&original), "{} {} {:?}", model.name(), op.cli_name, words);

    }

    #[test]
    fn no_argument_list_panics(pick in any::<usize>(), words in proptest::collection::vec(".{0,40}", 0..8)) {
        let args = shorthand_arguments();
        let (mi, oi, name) = &args[pick % args.len()];
        let model = &models()[*mi];
        let op = model.operations().nth(*oi).unwrap();
        let mut argv = vec![format!("--{}", xform_name(name, '-'))];
        argv.extend(words);
        let _ = cliargs::parse_arguments(model, op, &argv, &NoFiles);
    }
}
