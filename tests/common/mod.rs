//! Helpers shared by the CLI tests: running the binary and snapshotting its
//! output into the top-level `snapshots/` folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

/// A new, empty directory under the system's temporary directory, named
/// `chime-shape-{name}-{process id}-{count}`: one per call, since tests run
/// in parallel, and emptied first, since an earlier run may have had this
/// process id.
pub fn fresh_temp_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("chime-shape-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `chime-shape` with `args` (no stdin) and returns its output.
pub fn run(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

/// Runs `chime-shape` with `args` and `stdin`.
pub fn run_stdin(args: &[&str], stdin: &str) -> Output {
    assert_cmd::Command::cargo_bin("chime-shape")
        .unwrap()
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .write_stdin(stdin)
        .output()
        .unwrap()
}

/// A minimal botocore model (rest-json) with one operation taking
/// `input`, for tests that need shapes the embedded models do not have.
pub fn botocore_model(operation: &str, input: &str, shapes: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "version": "2.0",
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "test", "protocol": "rest-json",
                     "serviceId": "Test", "signatureVersion": "v4", "uid": "test-2020-01-01"},
        "operations": {operation: {"name": operation, "http": {"method": "POST", "requestUri": "/"},
                                   "input": {"shape": input}}},
        "shapes": shapes
    })
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The exit code.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// A snapshot of a command's exit code, stdout and stderr.
pub fn transcript(args: &[&str], output: &Output) -> String {
    format!(
        "$ chime-shape {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        code(output),
        stdout(output),
        stderr(output)
    )
}

/// `insta::assert_snapshot!` into the top-level `snapshots/` folder.
#[macro_export]
macro_rules! snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => true}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
