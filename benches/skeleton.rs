//! Placeholder: the skeleton benchmarks are being written.

fn main() {}
