//! Validation: a request document against an operation's input shape, for
//! one file and for a repository of them.
//!
//! Read in the order data flows:
//!
//! * [`walk`] — the [`Validator`]: one parsed document, one operation, the
//!   findings (botocore's `ParamValidator` and what only the service
//!   checks). A new check of a value against the model goes here.
//! * [`file`](mod@file) — one file: bytes in, parsed with spans, the operation found
//!   from the file name, validated, findings located and suppressed by
//!   comment, a [`FileReport`](crate::report::FileReport) out.
//! * [`config`] — `.chime-shape.yaml`: which files, which service, which
//!   severity per code (feature `project`).
//! * [`project`] — many files: paths, directory walks and globs and the
//!   configuration in, a [`Report`](crate::report::Report) out (feature
//!   `project`).

#[cfg(feature = "project")]
pub mod config;
pub mod file;
mod fixes;
#[cfg(feature = "project")]
pub mod project;
mod timestamp;
pub mod walk;

pub use timestamp::is_timestamp;
pub use walk::{DEFAULT_FINDING_LIMIT, Outcome, SENSITIVE_TOKEN, Validator, pointer_matches};
