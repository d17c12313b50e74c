//! Placeholder: the shorthand benchmarks are being written.

fn main() {}
