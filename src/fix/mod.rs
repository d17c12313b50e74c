//! Fixes: from the edits findings carry to new file contents, diffs and
//! safe writes.
//!
//! `validate --fix` / `--unsafe-fixes` / `--diff` and `lint --fix` share
//! this engine; it knows nothing of findings, models or the command line,
//! so that a library user (an editor integration, the language server) can
//! apply the same fixes the same way:
//!
//! - [`apply`] splices the enabled fixes ([`Fix`], made of [`Edit`]s, each
//!   [`Applicability::Safe`] or [`Applicability::Unsafe`]) into a text,
//!   leaving out whole any fix that conflicts with one before it;
//! - [`unified_diff`] shows the result as `diff -u` would (`--diff`);
//! - [`write_atomically`] replaces the file, only if it still holds the
//!   text the fixes were computed on.
//!
//! ```
//! use chime_shape::fix::{Applicability, Edit, Fix, apply, unified_diff};
//!
//! let old = "LicenseType: Platinum\nUserId: bob\n";
//! let fixes = [Fix::unsafe_edit(Edit::new(13, 21, "Pro"))];
//! let safe = apply(old, &fixes, Applicability::Safe);
//! assert_eq!((safe.text.as_str(), safe.not_enabled.as_slice()), (old, &[0][..]));
//! let all = apply(old, &fixes, Applicability::Unsafe);
//! assert_eq!(all.text, "LicenseType: Pro\nUserId: bob\n");
//! assert_eq!(
//!     unified_diff("bob.yaml", old, &all.text),
//!     "--- a/bob.yaml\n+++ b/bob.yaml\n@@ -1,2 +1,2 @@\n-LicenseType: Platinum\n+LicenseType: Pro\n UserId: bob\n"
//! );
//! ```

mod diff;
mod edit;
mod write;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// tests may fail loudly
mod tests;

pub use diff::{CONTEXT, unified_diff};
pub use edit::{Applicability, Applied, Edit, Fix, apply};
pub use write::{WriteError, write_atomically};
