//! Fuzz targets for chime-shape. The logic lives in [`harness`], which
//! `tests/fuzz_regressions.rs` of the main crate includes as well, so that
//! every regression input replays through exactly what the fuzzer ran.

pub mod harness;
