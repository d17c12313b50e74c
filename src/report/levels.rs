//! The severity policy, in one place: which codes are reported and how
//! severe, from the configuration's `severity`, `--warn`, `--ignore` and
//! `--select` (later settings win), and what that does to a file's report.

use super::FileReport;
use super::diagnostic::{Code, Level, Severity};

/// The levels in force for a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels(Vec<(Code, Level)>);

impl Levels {
    /// The configuration's `severity`, then `--warn` (warnings),
    /// `--ignore` (off) and `--select` (every code it does not name off,
    /// except the `too-many-findings` note).
    #[must_use]
    pub fn new(configured: &[(Code, Level)], warn: &[Code], ignore: &[Code], select: &[Code]) -> Levels {
        let mut levels = configured.to_vec();
        levels.extend(warn.iter().map(|&code| (code, Level::Report(Severity::Warning))));
        levels.extend(ignore.iter().map(|&code| (code, Level::Off)));
        if !select.is_empty() {
            let off = Code::ALL.into_iter().filter(|c| !select.contains(c) && *c != Code::TooManyFindings);
            levels.extend(off.map(|code| (code, Level::Off)));
        }
        Levels(levels)
    }

    /// `error`, `warning` or `off`, as the configuration spells a level.
    #[must_use]
    pub fn parse_level(text: &str) -> Option<Level> {
        match text {
            "error" => Some(Level::Report(Severity::Error)),
            "warning" => Some(Level::Report(Severity::Warning)),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    /// The level set for `code`, if any (the last setting wins).
    #[must_use]
    pub fn level(&self, code: Code) -> Option<Level> {
        self.0.iter().rev().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }

    /// The severity `code` is reported with.
    #[must_use]
    pub fn severity(&self, code: Code) -> Severity {
        match self.level(code) {
            Some(Level::Report(severity)) => severity,
            _ => code.default_severity(),
        }
    }

    /// Applies the levels to a report: a code set `off` is dropped, a code
    /// set to a severity takes it. Validity is recomputed, counting the
    /// findings past the per-file limit too, so the exit status tells the
    /// truth however many there were.
    pub fn apply(&self, report: &mut FileReport) {
        report.diagnostics.retain(|d| self.level(d.code) != Some(Level::Off));
        report.dropped.retain(|(code, _)| self.level(*code) != Some(Level::Off));
        for finding in &mut report.diagnostics {
            if let Some(Level::Report(severity)) = self.level(finding.code) {
                finding.severity = severity;
            }
        }
        report.valid = !report.diagnostics.iter().any(|d| d.severity == Severity::Error)
            && !report.dropped.iter().any(|(code, _)| self.severity(*code) == Severity::Error);
        if self.level(Code::TooManyFindings) != Some(Level::Off) {
            report.note_dropped();
        }
    }
}
