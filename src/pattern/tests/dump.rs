//! Debug helper: prints how each Chime pattern is read (ignored by default).
use crate::pattern::tests::pattern_list;
use crate::pattern::{Pattern, to_ecma262};

#[test]
#[ignore = "prints a report"]
fn dump_chime() {
    let file = std::env::var("DUMP_FILE").unwrap_or_else(|_| "chime-patterns.txt".to_owned());
    for (shape, source) in pattern_list(&file) {
        match Pattern::compile(&source) {
            Ok(p) => eprintln!(
                "{shape}\n  src  {source}\n  {:?} {:?} notes={:?}\n  rust {}\n  ecma {:?}",
                p.engine(),
                p.dialect(),
                p.notes(),
                p.translated(),
                to_ecma262(&source)
            ),
            Err(e) => eprintln!("{shape}\n  src  {source}\n  ERR {e} ecma={:?}", to_ecma262(&source)),
        }
    }
}
