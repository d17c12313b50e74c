//! `chime-shape lsp`: the checks, the documentation and the fixes inside
//! the editor, over the Language Server Protocol (stdio).
//!
//! Nothing here checks anything of its own: a document is checked by the
//! same calls the commands make (`validate`'s [`crate::validate::file`],
//! `lint`'s [`crate::lint`]), hover shows what `describe` shows, code
//! actions are the fix engine's edits. What this module adds is the
//! editor's side of things, one file each:
//!
//! * [`transport`] — frames on stdio (lsp-server's messages), bounded and
//!   forgiving: a malformed message is logged, never fatal;
//! * [`server`] — the lifecycle, dispatch and debounce;
//! * [`session`] — the open documents, and each request as a method (what
//!   the benchmark and the tests drive);
//! * [`workspace`] — what a document is: configuration, model, operation
//!   (as `validate` decides it, plus the YAML [`modeline`]), or a script;
//! * [`check`] — the command's findings as diagnostics;
//! * [`lines`] — byte offsets to the client's positions (UTF-16 unless
//!   UTF-8 or UTF-32 is negotiated) and back, and incremental edits;
//! * [`context`], [`hover`], [`completion`], [`actions`] — the cursor's
//!   place in a half-typed document, and what is offered there;
//! * [`uri`] — `file://` URIs and paths.

pub mod actions;
pub mod check;
pub mod completion;
pub mod context;
pub mod hover;
pub mod lines;
pub mod modeline;
pub mod server;
pub mod session;
pub mod transport;
pub mod uri;
pub mod workspace;

pub use lines::Encoding;
pub use server::{DEBOUNCE, run_stdio, serve};
pub use session::Session;
pub use workspace::{ConfigChoice, Options};
