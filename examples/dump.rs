fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let kind = chime_shape::script::host::kind_of(std::path::Path::new(&path), text.as_bytes())
        .unwrap_or(chime_shape::script::host::Kind::Shell);
    for f in chime_shape::script::host::fragments(kind, &text).unwrap() {
        println!(
            "FRAGMENT {:?}",
            match &f.code {
                chime_shape::script::FragmentCode::Shell(s) => s.clone(),
                _ => "argv".into(),
            }
        );
    }
    match chime_shape::lint::read_commands(kind, &text) {
        Ok(cmds) => {
            for c in cmds {
                println!("aws@{:?} open={}", c.aws.span, c.open);
                for w in &c.words {
                    println!("  {:?} {:?} -> {:?}", w.span, w.value, text.get(w.span.clone()));
                }
            }
        }
        Err(e) => println!("ERR {e}"),
    }
}
