//! `--fix`, `--unsafe-fixes` and `--diff`: the fixing run `validate` and
//! `lint` share, so that both mean the same, print the same and exit the
//! same way. The fixes themselves come with the findings; this applies
//! them with [`chime_shape::fix`].

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chime_shape::fix::{Applicability, Fix};
use chime_shape::guard::sanitize;
use chime_shape::report::{self, diagnostic::Code};
use chime_shape::validate::project::Checked;

use super::args::FixArgs;
use super::{Failure, print_error, print_note};

/// What a fixing run leaves for the caller.
pub(crate) enum Fixed {
    /// `--diff`: printed; exit with this.
    Done(ExitCode),
    /// `--fix`: the files were fixed and checked again; report this.
    Report(Box<Checked>),
}

/// Whether a fixing run was asked for.
pub(crate) fn wanted(flags: &FixArgs) -> bool {
    flags.fix || flags.diff
}

/// The fixing run: `check(keep_sources)` checks the inputs. With
/// `--diff`, prints the diffs of the files with fixes and exits 1 when
/// there are any (2 when an input was unreadable). With `--fix`, writes
/// the fixed files, checks again and says how many findings were fixed
/// and how many remain; the caller reports the new results.
///
/// Standard input is refused: a fix rewrites a file, and standard input
/// can be read only once, so the check after fixing would see nothing.
pub(crate) fn run(
    flags: &FixArgs,
    files: &[std::path::PathBuf],
    quiet: bool,
    out: &mut impl Write,
    check: impl Fn(bool) -> Result<Checked, Failure>,
) -> Result<Fixed, Failure> {
    if files.iter().any(|f| f.as_os_str() == "-") {
        let flag = if flags.diff { "--diff" } else { "--fix" };
        return Err(Failure::Usage(format!(
            "{flag} rewrites files and cannot take standard input (`-`); name the file instead"
        )));
    }
    let level = if flags.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let before = check(true)?;
    let (fixed, diffs) = fix_files(&before, level, flags.diff)?;
    if flags.diff {
        for error in &before.report.unreadable {
            print_error(&error.message);
        }
        out.write_all(diffs.as_bytes())?;
        let code = if before.report.unreadable.is_empty() { u8::from(fixed > 0) } else { 2 };
        return Ok(Fixed::Done(ExitCode::from(code)));
    }
    let checked = check(false)?;
    let remaining: usize = checked.report.files.iter().map(|f| f.diagnostics.len()).sum();
    if !quiet {
        print_note(&format!("fixed {fixed} findings; {remaining} remain"));
    }
    Ok(Fixed::Report(Box::new(checked)))
}

/// Applies the fixes at `level` to every file of `checked` that has them
/// (never one with a syntax error, never one twice when it was named
/// twice), writing each atomically, or, for `diff`, collecting unified
/// diffs with sensitive values masked. Returns the number of fixes
/// applied (or applicable).
fn fix_files(checked: &Checked, level: Applicability, diff: bool) -> Result<(usize, String), Failure> {
    let mut count = 0;
    let mut diffs = String::new();
    let mut done = HashSet::new();
    for (i, file) in checked.report.files.iter().enumerate() {
        let fixes: Vec<Fix> = file.diagnostics.iter().filter_map(|d| d.fix.clone()).collect();
        let syntax = file.diagnostics.iter().any(|d| d.code == Code::Syntax);
        if fixes.is_empty() || syntax || !done.insert(file.file.as_str()) {
            continue;
        }
        let Some(Some(bytes)) = checked.sources.get(i) else { continue };
        let Ok(old) = std::str::from_utf8(bytes) else { continue };
        let applied = chime_shape::fix::apply(old, &fixes, level);
        if applied.applied.is_empty() {
            continue;
        }
        count += applied.applied.len();
        if diff {
            let masked = report::mask_bytes(old, &file.sensitive);
            let new = chime_shape::fix::apply(&masked, &fixes, level).text;
            diffs.push_str(&sanitize::escape_multiline(&chime_shape::fix::unified_diff(
                &file.file, &masked, &new,
            )));
        } else {
            chime_shape::fix::write_atomically(Path::new(&file.file), bytes, applied.text.as_bytes())
                .map_err(|e| Failure::Usage(format!("cannot fix {}: {e}", sanitize::escape(&file.file))))?;
        }
    }
    Ok((count, diffs))
}
