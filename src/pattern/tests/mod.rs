//! Tests of the `pattern` module. Data-driven tests read `tests/data/` under the crate root
//! (`CARGO_MANIFEST_DIR`); `tests/tools/` holds the scripts that regenerate that data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

mod chime;
mod corpus;
mod differential;
mod dump;
mod fuzz;
mod probes;
mod redos;

use std::io::Read as _;
use std::path::PathBuf;

/// Path of a file in `tests/data/`.
pub(crate) fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join(name)
}

/// Reads a test-data file, gunzipping `*.gz`.
pub(crate) fn read_data(name: &str) -> String {
    let bytes = std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"));
    if std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text).unwrap();
        text
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// `(first shape, pattern)` pairs of a `shape<TAB>pattern` file.
pub(crate) fn pattern_list(name: &str) -> Vec<(String, String)> {
    read_data(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (shape, pattern) = l.split_once('\t').unwrap();
            (shape.to_owned(), pattern.to_owned())
        })
        .collect()
}
