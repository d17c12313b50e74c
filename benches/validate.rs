//! Placeholder: the validate benchmarks are being written.

fn main() {}
