//! `cargo fuzz run validate`: see `fuzz/README.md` and `chime_shape_fuzz::harness::validate`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chime_shape_fuzz::harness::validate(data);
});
