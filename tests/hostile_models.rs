//! Hostile `--model` files: every command over any model ends quickly with
//! exit status 0, 1 or 2, never a panic, a stack overflow, a hang, unbounded
//! output or raw terminal control characters. The models are generated
//! here, into the test's temporary directory.
//!
//! The time bound asserted is generous (these run as debug builds beside
//! other tests); release timings are measured by hand.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BUDGET: Duration = Duration::from_secs(30);
/// No command may print more than this for the small models below.
const MAX_OUTPUT: usize = 256 * 1024 * 1024;

fn dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile_models").join(test);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A model with one operation `Op` whose input and output are `root`.
fn model(shapes: Value, root: &str) -> Value {
    json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "hostile", "uid": "hostile-2020-01-01"},
        "operations": {"Op": {"name": "Op", "input": {"shape": root}, "output": {"shape": root},
                              "documentation": "<p>The operation.</p>"}},
        "shapes": shapes,
    })
}

fn write(test: &str, name: &str, value: &Value) -> PathBuf {
    let path = dir(test).join(name);
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path
}

/// What one run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `chime-shape --model MODEL ARGS...` and checks the guarantees every
/// run must keep.
fn run(model: &Path, args: &[&str]) -> Run {
    run_with_stdin(model, args, "")
}

fn run_with_stdin(model: &Path, args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["--model".to_owned(), model.display().to_string(), "--no-config".to_owned()];
    all.extend(args.iter().map(|s| (*s).to_owned()));
    let start = Instant::now();
    let out = assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .args(&all)
        .env("NO_COLOR", "1")
        .write_stdin(stdin)
        .timeout(BUDGET)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let what = format!("{} {}", model.display(), args.join(" "));
    assert!(elapsed < BUDGET, "{what} took {elapsed:?}");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!([0, 1, 2].contains(&code), "{what}: exit {code}\n{}", head(&stderr));
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow") && !stderr.contains("internal error"),
        "{what}: {}",
        head(&stderr)
    );
    assert!(out.stdout.len() + out.stderr.len() < MAX_OUTPUT, "{what}: {} bytes", out.stdout.len());
    Run { code, stdout, stderr }
}

fn head(text: &str) -> &str {
    &text[..text.len().min(2000)]
}

/// Every command that reads a model, over `model`.
fn every_command(model: &Path) -> Vec<Run> {
    let commands: [&[&str]; 9] = [
        &["operations"],
        &["describe", "Op"],
        &["skeleton", "input", "Op"],
        &["skeleton", "yaml-input", "Op"],
        &["skeleton", "output", "Op"],
        &["schema", "Op"],
        &["schema", "--output", "Op"],
        &["validate", "--operation", "Op", "-"],
        &["parse", "Op"],
    ];
    commands
        .iter()
        .map(|args| {
            let stdin = if args[0] == "validate" { "{}" } else { "" };
            run_with_stdin(model, args, stdin)
        })
        .collect()
}

// 1. Reads that never end.

#[test]
fn model_paths_that_are_not_regular_files_are_refused() {
    for path in [Path::new("/dev/zero"), Path::new("/"), Path::new("/dev/null")] {
        let r = run(path, &["operations"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(&path.display().to_string()), "{}", r.stderr);
    }
    let dir = dir("fifo");
    let fifo = dir.join("service-2.json");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if made {
        let r = run(&fifo, &["operations"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("service-2.json"), "{}", r.stderr);
        // A FIFO as the extras file beside a real model: refused by name.
        std::fs::remove_file(&fifo).unwrap();
        let model = model(json!({"S": {"type": "structure", "members": {}}}), "S");
        std::fs::write(&fifo, serde_json::to_vec(&model).unwrap()).unwrap();
        let extras = dir.join("service-2.sdk-extras.json");
        let _ = std::fs::remove_file(&extras);
        assert!(std::process::Command::new("mkfifo").arg(&extras).status().unwrap().success());
        let r = run(&fifo, &["operations"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("sdk-extras"), "{}", r.stderr);
    }
}

#[test]
fn oversized_model_files_are_refused() {
    let dir = dir("oversized");
    let path = dir.join("big.json");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: no disk is used.
    file.set_len(65 * 1024 * 1024).unwrap();
    let r = run(&path, &["operations"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("big.json") && r.stderr.contains("limit"), "{}", r.stderr);
}

// 2. Deep shape chains.

fn chain(n: usize) -> Value {
    let mut shapes = serde_json::Map::new();
    for i in 0..n {
        shapes.insert(
            format!("S{i}"),
            json!({"type": "structure", "members": {"M": {"shape": format!("S{}", i + 1)}}}),
        );
    }
    shapes.insert(format!("S{n}"), json!({"type": "string"}));
    model(Value::Object(shapes), "S0")
}

#[test]
fn deep_shape_chains_are_refused_at_load() {
    let path = write("deep", "deep.json", &chain(100_000));
    for r in every_command(&path) {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("nest more than"), "{}", r.stderr);
    }
    // A long cycle is as deep as a chain.
    let mut cycle = chain(1000);
    cycle["shapes"]["S1000"] = json!({"type": "structure", "members": {"M": {"shape": "S0"}}});
    let path = write("deep", "cycle.json", &cycle);
    assert_eq!(run(&path, &["operations"]).code, 2);
    // Within the bound, every command works, and deep documents end.
    let path = write("deep", "ok.json", &chain(200));
    for r in every_command(&path) {
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    }
    let doc = format!("{}\"x\"{}", "{\"M\": ".repeat(250), "}".repeat(250));
    let r = run_with_stdin(&path, &["validate", "--operation", "Op", "-"], &doc);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

// 3. Documentation blow-up.

#[test]
fn documentation_renders_in_linear_size() {
    let n = 30_000;
    for (name, doc) in [
        ("nested-lists", "<ul><li>x".repeat(n)),
        ("lists-then-items", format!("{}{}", "<ul>".repeat(n), "<li>x</li>".repeat(n))),
        ("breaks", "<br>".repeat(n) + &"<p>".repeat(n)),
        ("ampersands", "&".repeat(n * 8)),
        (
            "attributes",
            format!("<a {}>t</a>", (0..n).map(|i| format!("a{i}=''")).collect::<Vec<_>>().join(" ")),
        ),
        ("unclosed", "<b><i>".repeat(n)),
        ("long-line", "word ".repeat(n * 4)),
        ("paragraphs", "<p>para</p>".repeat(n)),
    ] {
        let shapes = json!({
            "In": {"type": "structure", "members": {"A": {"shape": "S", "documentation": doc}}, "documentation": doc},
            "S": {"type": "string", "documentation": doc},
        });
        let mut value = model(shapes, "In");
        value["operations"]["Op"]["documentation"] = json!(doc);
        let path = write("docs", &format!("{name}.json"), &value);
        for r in every_command(&path) {
            // Each command shows each documentation at most a few times.
            assert!(r.stdout.len() <= 8 * 8 * doc.len() + 100_000, "{name}: {} bytes", r.stdout.len());
        }
    }
}

// 4. Huge structures.

fn wide(n: usize, enum_values: usize) -> Value {
    let members: serde_json::Map<String, Value> =
        (0..n).map(|i| (format!("M{i}"), json!({"shape": "S"}))).collect();
    let required: Vec<String> = (0..n).rev().map(|i| format!("M{i}")).collect();
    let values: Vec<String> = (0..enum_values).map(|i| format!("v{i}")).collect();
    model(
        json!({
            "In": {"type": "structure", "members": members, "required": required},
            "S": {"type": "string", "enum": values, "documentation": "<p>A member.</p>"},
        }),
        "In",
    )
}

#[test]
fn huge_structures_are_not_quadratic() {
    let path = write("wide", "wide.json", &wide(250_000, 2));
    let start = Instant::now();
    let r = run_with_stdin(&path, &["validate", "--operation", "Op", "-"], "{}");
    assert_eq!(r.code, 1, "{}", head(&r.stderr));
    assert!(start.elapsed() < Duration::from_secs(15), "validate {{}} took {:?}", start.elapsed());
    for args in [&["skeleton", "yaml-input", "Op"][..], &["schema", "Op"], &["describe", "Op"]] {
        let start = Instant::now();
        assert_eq!(run(&path, args).code, 0);
        assert!(start.elapsed() < Duration::from_secs(15), "{args:?} took {:?}", start.elapsed());
    }
}

/// Every member holds a copy of its shape's traits: 100,000 members naming
/// a shape with 100,000 enum values would copy 10^10 of them.
#[test]
fn quadratic_trait_copies_are_refused_at_load() {
    let path = write("wide", "enums.json", &wide(100_000, 100_000));
    let r = run(&path, &["operations"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("copy more than"), "{}", r.stderr);
}

// 5. Back-reference patterns.

#[test]
fn slow_patterns_share_one_time_budget() {
    let shapes = json!({
        "In": {"type": "structure", "members": {"L": {"shape": "L"}}},
        "L": {"type": "list", "member": {"shape": "S"}},
        "S": {"type": "string", "pattern": "(x|x)*\\1y|z"},
    });
    let path = write("patterns", "backref.json", &model(shapes, "In"));
    // Each value costs the backtracking engine ~10 ms; 5,000 of them
    // took ~50 s before the budget.
    let value = "x".repeat(30) + "z";
    let doc = json!({"L": vec![value; 5000]}).to_string();
    let start = Instant::now();
    let r = run_with_stdin(&path, &["validate", "--operation", "Op", "-"], &doc);
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    assert!(r.code == 0 || r.code == 1, "{}", head(&r.stderr));
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("pattern-unchecked") || all.contains("could not be checked"), "{}", head(&all));
    assert!(all.contains("backtracking searches already took"), "{}", head(&all));
}

// 6. Schema `$ref`s.

#[test]
fn schema_refs_survive_any_shape_name() {
    let names = ["a/b", "c~d", "e%f", "g h", "i#j", "k\"l", "~1", "%25", "é?x", "m\\n"];
    let mut shapes = serde_json::Map::new();
    let mut members = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        // Each member's shape is a string of exactly i + 1 characters.
        shapes.insert((*name).to_owned(), json!({"type": "string", "min": i + 1, "max": i + 1}));
        members.insert(format!("M{i}"), json!({"shape": name}));
    }
    shapes.insert("Root/~%".to_owned(), json!({"type": "structure", "members": members}));
    let path = write("refs", "names.json", &model(Value::Object(shapes), "Root/~%"));
    let r = run(&path, &["schema", "Op"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema: Value = serde_json::from_str(&r.stdout).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    for (i, _) in names.iter().enumerate() {
        let good = json!({format!("M{i}"): "x".repeat(i + 1)});
        assert!(validator.is_valid(&good), "{good}");
        let bad = json!({format!("M{i}"): "x".repeat(i + 2)});
        assert!(!validator.is_valid(&bad), "{bad}");
    }
    assert!(!validator.is_valid(&json!({"M0": 5})));
}

// 7. Bounds beyond u64.

#[test]
fn bounds_beyond_u64_are_honoured_or_refused() {
    let text = r#"{"metadata": {"apiVersion": "2020-01-01"}, "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
      "shapes": {"In": {"type": "structure", "members": {"A": {"shape": "Huge"}, "B": {"shape": "Neg"},
                   "C": {"shape": "L"}, "D": {"shape": "N"}, "E": {"shape": "Never"}}},
        "Huge": {"type": "string", "min": 1e30},
        "Neg": {"type": "string", "min": -5, "max": 2.5},
        "Never": {"type": "string", "max": -1},
        "L": {"type": "list", "member": {"shape": "Neg"}, "max": 100000000000000000000000000000000000000000000000},
        "N": {"type": "integer", "min": -1e30, "max": 1e300}}}"#;
    let dir = dir("bounds");
    let path = dir.join("bounds.json");
    std::fs::write(&path, text).unwrap();
    for r in every_command(&path) {
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    }
    let page = run(&path, &["describe", "Op"]).stdout;
    assert!(page.contains("length: at least 1e30 characters"), "{page}");
    assert!(page.contains("value: -1e30 to 1e300"), "{page}");
    // The schema is valid JSON Schema and means what the model says.
    let schema: Value = serde_json::from_str(&run(&path, &["schema", "Op"]).stdout).unwrap();
    let validator = jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&schema).unwrap();
    assert!(!validator.is_valid(&json!({"A": "x"})));
    assert!(validator.is_valid(&json!({"B": "", "C": ["ab"], "D": 5})));
    assert!(!validator.is_valid(&json!({"B": "abc"})));
    assert!(!validator.is_valid(&json!({"E": ""})));
    // Beyond f64: refused at load, naming the file.
    let path = dir.join("bounds400.json");
    std::fs::write(&path, text.replace("1e300", "1e400")).unwrap();
    let r = run(&path, &["describe", "Op"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bounds400.json") && r.stderr.contains("out of range"), "{}", r.stderr);
}

// 8. Terminal injection from the model.

/// Characters that must never reach the terminal raw.
fn has_raw_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

#[test]
fn model_text_cannot_control_the_terminal() {
    let evil = "x\u{1b}]0;owned\u{7}\r\n::error::forged\u{9b}2J\u{202e}\u{2028}y";
    // Names with such characters are refused at load, naming the problem.
    for (what, value) in [
        (
            "operation",
            json!({"metadata": {"apiVersion": "1"}, "operations": {evil: {"name": "x"}}, "shapes": {}}),
        ),
        ("shape", model(json!({evil: {"type": "structure", "members": {}}}), evil)),
        (
            "member",
            model(
                json!({"S": {"type": "structure", "members": {evil: {"shape": "T"}}}, "T": {"type": "string"}}),
                "S",
            ),
        ),
        ("shape", model(json!({"::warning::x": {"type": "structure", "members": {}}}), "::warning::x")),
    ] {
        let path = write("inject", &format!("{what}.json"), &value);
        let r = run(&path, &["operations"]);
        assert_eq!(r.code, 2, "{what}: {}", r.stdout);
        assert!(r.stderr.contains(&format!("{what} name")), "{}", r.stderr);
        assert!(!has_raw_controls(&r.stderr), "{what}: {:?}", r.stderr);
    }
    // Documentation, enum values, patterns and messages are escaped.
    let doc = format!("<p>{evil}</p><ul><li>{evil}</li></ul>\n::error::doc {evil}. More");
    let shapes = json!({
        "In": {"type": "structure", "documentation": doc, "members": {
            "A": {"shape": "E", "documentation": doc},
            "B": {"shape": "P", "deprecated": true, "deprecatedMessage": evil},
            "C": {"shape": "L"}}},
        "E": {"type": "string", "enum": [evil, "::error::enum"], "documentation": doc},
        "P": {"type": "string", "pattern": evil},
        "L": {"type": "list", "member": {"shape": "E"}},
    });
    let mut value = model(shapes, "In");
    value["operations"]["Op"]["documentation"] = json!(doc);
    value["operations"]["Op"]["deprecated"] = json!(true);
    value["operations"]["Op"]["deprecatedMessage"] = json!(evil);
    value["metadata"]["uid"] = json!(evil);
    let path = write("inject", "docs.json", &value);
    for (args, runs) in
        [(&["describe", "Op"][..], 1), (&["skeleton", "yaml-input", "Op"], 1), (&["operations"], 1)]
    {
        for _ in 0..runs {
            let r = run(&path, args);
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
            assert!(!has_raw_controls(&r.stdout), "{args:?}: {:?}", r.stdout);
            assert!(
                !r.stdout.lines().any(|l| l.trim_start().starts_with("::")),
                "{args:?}: a line starts a workflow command:\n{}",
                r.stdout
            );
        }
    }
    // With colour, only the tool's own SGR sequences remain.
    let r = run(&path, &["--color", "always", "describe", "Op"]);
    let stripped = r
        .stdout
        .replace("\u{1b}[1m", "")
        .replace("\u{1b}[1;36m", "")
        .replace("\u{1b}[2m", "")
        .replace("\u{1b}[0m", "");
    assert!(!has_raw_controls(&stripped), "{stripped:?}");
    for r in every_command(&path) {
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    }
}

// 9. Exponential and polynomial expansion.

/// 60 structures each with two members of the next: 2^60 nodes if expanded
/// in full; and three levels of 2,000 members: 8 * 10^9.
#[test]
fn expansion_is_bounded() {
    let n = 60;
    let mut shapes = serde_json::Map::new();
    for i in 0..n {
        let next = format!("S{}", i + 1);
        shapes.insert(
            format!("S{i}"),
            json!({"type": "structure", "members": {"A": {"shape": next}, "B": {"shape": next}}, "documentation": "<p>Doc.</p>"}),
        );
    }
    shapes.insert(format!("S{n}"), json!({"type": "string"}));
    let exp = write("expand", "exp.json", &model(Value::Object(shapes), "S0"));
    let k = 2000;
    let level = |next: &str| {
        let members: serde_json::Map<String, Value> =
            (0..k).map(|i| (format!("M{i}"), json!({"shape": next}))).collect();
        json!({"type": "structure", "members": members})
    };
    let poly = model(
        json!({"In": {"type": "structure", "members": {"X": {"shape": "S0"}}},
               "S0": level("S1"), "S1": level("S2"), "S2": level("S3"), "S3": {"type": "string"}}),
        "In",
    );
    let poly = write("expand", "poly.json", &poly);
    for path in [exp, poly] {
        let mut refused = 0;
        for r in every_command(&path) {
            // A skeleton or page cut short is refused (exit 2), not
            // printed as if complete.
            let cut = r.code == 2 && r.stderr.contains("grow exponentially");
            refused += usize::from(cut);
            assert!(r.code == 0 || r.code == 1 || cut, "{}", head(&r.stderr));
        }
        assert!(refused >= 1, "nothing was refused as too large");
    }
}
