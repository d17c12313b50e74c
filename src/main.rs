//! The `chime-shape` command: a thin clap layer over the `chime_shape`
//! library. Everything it prints is computed by the library; this file only
//! turns the exit status into a process exit code.
//!
//! On Unix the process starts at the C `main` in `cli/entry.rs`, without
//! Rust's runtime before it (which spent a tenth of a skeleton command
//! finding the main thread's stack guard); that file says what it does in
//! the runtime's place. The test harness keeps its own entry.

#![cfg_attr(all(unix, not(test)), no_main)]

mod cli;

#[cfg(not(unix))]
fn main() -> std::process::ExitCode {
    cli::main(std::env::args_os().collect())
}
