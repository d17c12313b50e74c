//! The I/O floor of a batch: walk the directories given (sorted, as
//! chime-shape walks them) and read every regular file, on one thread,
//! doing nothing with the bytes. `scripts/bench-compare` compiles it with
//! `rustc -O` and times `chime-shape validate` against it.

use std::io::Read;
use std::path::Path;

fn walk(dir: &Path, total: &mut usize, files: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() && entry.file_name() != ".git" {
            walk(&path, total, files);
        } else if kind.is_file() {
            let mut bytes = Vec::new();
            if let Ok(mut file) = std::fs::File::open(&path) {
                if file.read_to_end(&mut bytes).is_ok() {
                    *total += bytes.len();
                    *files += 1;
                }
            }
        }
    }
}

fn main() {
    let (mut total, mut files) = (0, 0);
    for arg in std::env::args().skip(1) {
        walk(Path::new(&arg), &mut total, &mut files);
    }
    println!("{files} files, {total} bytes");
}
