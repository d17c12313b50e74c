//! The start-up floor: a Rust program that prints one line.
//! `scripts/bench-compare` compiles it with `rustc -O` and times
//! `chime-shape skeleton input update-user` against it.

fn main() {
    println!("hello");
}
