//! `--statistics`: how many findings of each code, as ruff prints them.

use std::fmt::Write as _;

use super::Report;
use super::diagnostic::Code;

/// `--statistics`: findings counted by code, most first, as ruff prints
/// them; those past the per-file limit included.
#[must_use]
pub fn statistics(report: &Report) -> String {
    let mut counts: Vec<(Code, usize)> = Vec::new();
    let mut add = |code, n| match counts.iter_mut().find(|(c, _)| *c == code) {
        Some((_, total)) => *total += n,
        None => counts.push((code, n)),
    };
    for file in &report.files {
        for d in file.diagnostics.iter().filter(|d| d.code != Code::TooManyFindings) {
            add(d.code, 1);
        }
        for &(code, n) in &file.dropped {
            add(code, n);
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = counts.first().map_or(1, |(_, n)| n.to_string().len());
    let mut out = String::new();
    for (code, n) in counts {
        let _ = writeln!(out, "{n:>width$}  {:<18} {}", code.as_str(), code.description());
    }
    out
}
