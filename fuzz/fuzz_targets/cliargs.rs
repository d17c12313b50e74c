//! `cargo fuzz run cliargs`: see `fuzz/README.md` and `chime_shape_fuzz::harness::cliargs`.
#![no_main]

use chime_shape_fuzz::harness;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::tolerate_known_issues();
    let _ = harness::cliargs(data);
});
