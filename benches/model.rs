//! Placeholder: the model benchmarks are being written.

fn main() {}
