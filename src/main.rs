//! The `chime-shape` command: a thin clap layer over the `chime_shape`
//! library. Everything it prints is computed by the library; this file only
//! turns the exit status into a process exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
