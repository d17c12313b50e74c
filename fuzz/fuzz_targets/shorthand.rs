//! `cargo fuzz run shorthand`: see `fuzz/README.md` and `chime_shape_fuzz::harness::shorthand`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chime_shape_fuzz::harness::shorthand(data);
});
