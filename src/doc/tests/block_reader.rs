//! The block YAML reader (`yaml_block.rs`) against saphyr-parser: on every
//! document it accepts, the tree, spans and problems must be exactly what
//! the saphyr reading gives. Sources: every YAML file of the test suite and
//! the fuzz seeds, the ruamel documents, and generated block documents.

use std::path::Path;

use proptest::prelude::*;

use crate::doc::yaml::both_readers;

/// Checks one document; true if the block reader took it.
fn agree(source: &str) -> bool {
    let (block, saphyr) = both_readers(source);
    let Some(block) = block else { return false };
    // (`both_readers` leaves out what `parse_yaml` refuses up front.)
    let saphyr = match saphyr {
        Ok(parsed) => parsed,
        Err(problem) => panic!("block reader accepted what saphyr refuses ({problem:?}):\n{source}"),
    };
    assert_eq!(format!("{block:?}"), format!("{saphyr:?}"), "the readers differ on:\n{source}");
    true
}

fn yaml_files(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if (path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            || path.parent().is_some_and(|p| p.ends_with("seeds/yaml")))
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            out.push(text);
        }
    }
}

#[test]
fn agrees_with_saphyr_on_the_test_suite_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for dir in ["tests", "fuzz/seeds", "snapshots", "src/doc/testdata"] {
        yaml_files(&root.join(dir), &mut sources);
    }
    for line in include_str!("../testdata/ruamel_documents.tsv").lines().filter(|l| !l.starts_with('#')) {
        if let Some((source, _)) = line.split_once('\t') {
            sources.push(serde_json::from_str(source).unwrap());
        }
    }
    let total = sources.len();
    let taken = sources.iter().filter(|s| agree(s)).count();
    // Most request documents are block YAML: if the reader stopped taking
    // them, this test would pass without testing anything.
    assert!(total > 1000 && taken * 2 > total, "block reader took {taken} of {total} documents");
}

#[test]
fn agrees_with_saphyr_on_hand_picked_block_documents() {
    let taken = [
        "a: 1\n",
        "a:\n",
        "a:",
        "a: # c\nb: 2",
        "a:\n  b: 1\n\nc: d # x\n",
        "B:\n- a\n-\n- \n-  b  \nG: x\n",
        "-\n-\n  x: 1\n- k:\n    - a\n  j: 2\n-  b  \n",
        "- k:\n  - a\n  j: 2\n",
        "k: 'it''s'\nq: \"x y\"\n'k 2': v\n\"k3\": -5\n",
        "  indented: 1\n  b:\n   - 1\n",
        "a: x:y\nb: a#b\nc: 'q' # c\n",
        "a: null\nb: ~\nc: true\nd: 1.5\ne: 0x1F\nf: 2001-12-14\n",
        // Non-fatal problems come from the events, the same in both.
        "dup: 1\ndup: 2\n",
        "a:\n  - k: 1\n    k: 2\n  - k: 3\ndup: x\ndup:\n",
        "d: 2020-02-30\ne: =\n",
        "d:\n  <<: 1\n",
        // EF starts a BOM and other characters: only a BOM is refused.
        "a: \u{f000}x\u{ef}\u{fffd}\n",
    ];
    for source in taken {
        assert!(agree(source), "block reader left to saphyr:\n{source}");
    }
    // Left to saphyr (each uses something the block reader does not read),
    // whatever saphyr then makes of them.
    for source in [
        "",
        "# only a comment\n",
        "a: [1, 2]\n",
        "a: &x 1\nb: *x\n",
        "a: |\n  x\n",
        "a: plain\n  continued\n",
        "a: \"esc\\t\"\n",
        "a:\tb\n",
        "a: 1\r\n",
        "---\na: 1\n",
        "- - a\n",
        "a: b: c\n",
        "a: b : c\n",
        "- b : c\n",
        "a:\n - b\n c: d\n",
        "\u{feff}a: 1\n",
        "a: b\u{feff}c\n",
        "a: 'open\n  close'\n",
        "? a\n: b\n",
        "a: !!str 1\n",
        "- # empty, commented\n",
        format!("{}: v\n", "k".repeat(1030)).as_str(),
    ] {
        assert!(!agree(source), "block reader took:\n{source}");
    }
}

/// A generated value, to be written as block YAML in many styles.
#[derive(Debug, Clone)]
enum Gen {
    Scalar(&'static str),
    Empty,
    Map(Vec<(&'static str, Gen)>),
    Seq(Vec<Gen>),
}

const KEYS: &[&str] =
    &["a", "Name", "key with spaces", "-k", "k-1", "'quoted'", "\"dq\"", "x:y", "a#b", "é", "1", "true"];
const SCALARS: &[&str] = &[
    "1",
    "-5",
    "0.5",
    "1e3",
    "true",
    "null",
    "~",
    "word",
    "two words",
    "x:y",
    "a#b",
    "'it''s'",
    "\"dq\"",
    "'# not a comment'",
    "2001-12-14",
    "0o17",
    ".inf",
    "é ü",
    "trailing  ",
    "-",
    "?",
    ":",
    "a:",
    "{}",
    "[]",
];

fn block_value() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        4 => proptest::sample::select(SCALARS).prop_map(Gen::Scalar),
        1 => Just(Gen::Empty),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec((proptest::sample::select(KEYS), inner.clone()), 1..4)
                .prop_map(Gen::Map),
            proptest::collection::vec(inner, 1..4).prop_map(Gen::Seq),
        ]
    })
}

/// Layout choices for [`write`].
#[derive(Debug, Clone)]
struct Style {
    step: usize,
    seq_at_key_indent: bool,
    compact: bool,
    comments: bool,
    blank_lines: bool,
}

fn write(value: &Gen, indent: usize, style: &Style, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Gen::Map(entries) => {
            for (key, child) in entries {
                if style.blank_lines {
                    out.push('\n');
                }
                out.push_str(&format!("{pad}{key}:"));
                write_child(child, indent, style, out, false);
            }
        }
        Gen::Seq(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Gen::Map(entries) if style.compact => {
                        // `- key: value`, then the other keys under the first.
                        let column = indent + 2;
                        for (i, (key, child)) in entries.iter().enumerate() {
                            if i == 0 {
                                out.push_str(&format!(" {key}:"));
                            } else {
                                out.push_str(&format!("{}{key}:", " ".repeat(column)));
                            }
                            write_child(child, column, style, out, false);
                        }
                    }
                    _ => write_child(item, indent, style, out, true),
                }
            }
        }
        Gen::Scalar(_) | Gen::Empty => {
            out.push_str(&pad);
            write_child(value, indent, style, out, true);
        }
    }
}

/// Writes what follows a `key:` or `-` at `indent`.
fn write_child(child: &Gen, indent: usize, style: &Style, out: &mut String, item: bool) {
    match child {
        Gen::Scalar(text) => {
            out.push(' ');
            out.push_str(text);
            if style.comments {
                out.push_str(" # note");
            }
            out.push('\n');
        }
        Gen::Empty => {
            if style.comments {
                out.push_str("  # empty");
            }
            out.push('\n');
        }
        Gen::Seq(_) if style.seq_at_key_indent && !item => {
            out.push('\n');
            write(child, indent, style, out);
        }
        _ => {
            out.push('\n');
            if style.comments {
                out.push_str(&format!("{}# before\n", " ".repeat(indent + style.step)));
            }
            write(child, indent + style.step, style, out);
        }
    }
}

/// The generated documents exercise the block reader: most of them are
/// block YAML it takes (else the property below would hold vacuously).
#[test]
fn the_block_reader_takes_most_generated_documents() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut taken, total) = (0, 500);
    for i in 0..total {
        let value = block_value().new_tree(&mut runner).unwrap().current();
        let style = Style {
            step: 1 + i % 3,
            seq_at_key_indent: i % 2 == 0,
            compact: i % 3 == 0,
            comments: i % 5 == 0,
            blank_lines: i % 7 == 0,
        };
        let mut out = String::new();
        write(&value, 0, &style, &mut out);
        taken += usize::from(agree(&out));
    }
    assert!(taken * 3 > total, "block reader took {taken} of {total} generated documents");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Generated block documents: whatever the block reader takes, it reads
    /// as saphyr does.
    #[test]
    fn agrees_with_saphyr_on_generated_block_documents(
        value in block_value(),
        step in 1usize..4,
        seq_at_key_indent: bool,
        compact: bool,
        comments: bool,
        blank_lines: bool,
    ) {
        let style = Style { step, seq_at_key_indent, compact, comments, blank_lines };
        let mut out = String::new();
        write(&value, 0, &style, &mut out);
        agree(&out);
    }
}
