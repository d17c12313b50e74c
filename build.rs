//! Decompresses the embedded models at build time, and records where each
//! of their parts lies (`src/model/layout.rs`).
//!
//! `models/<service>/<version>/service-2.json.gz` stay byte for byte as
//! botocore ships them (their sha256 is checked against the manifest); the
//! binary embeds their decompressed JSON, so a run does not spend a fifth of
//! its model loading on gunzip. It also embeds each model without its
//! documentation, for the commands that do not show it.

use std::io::Read;
use std::path::Path;

/// The model layout scanner the crate uses for model files; run here once
/// for the embedded models, so that loading one does not scan its text.
#[allow(dead_code)]
#[path = "src/model/layout.rs"]
mod layout;

/// The model with every `"documentation": "<text>"` member removed (an
/// object-valued member that happens to be called so is kept), written
/// compactly with the other members in their order.
fn without_documentation(json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|key, v| !(key == "documentation" && v.is_string()));
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(json)?;
    strip(&mut value);
    serde_json::to_vec(&value)
}

fn main() {
    println!("cargo::rerun-if-changed=models");
    let out = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from).unwrap_or_default();
    let Ok(services) = std::fs::read_dir("models") else { return };
    for service in services.flatten() {
        let Ok(versions) = std::fs::read_dir(service.path()) else { continue };
        for version in versions.flatten() {
            let gz = version.path().join("service-2.json.gz");
            if !gz.is_file() {
                continue;
            }
            let name = service.file_name().to_string_lossy().into_owned();
            let json = match std::fs::read(&gz) {
                Ok(bytes) => {
                    let mut json = Vec::new();
                    if let Err(e) = flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut json) {
                        println!("cargo::error=cannot decompress {}: {e}", gz.display());
                        continue;
                    }
                    json
                }
                Err(e) => {
                    println!("cargo::error=cannot read {}: {e}", gz.display());
                    continue;
                }
            };
            let no_docs = match without_documentation(&json) {
                Ok(text) => text,
                Err(e) => {
                    println!("cargo::error=cannot read {} as JSON: {e}", gz.display());
                    continue;
                }
            };
            for (file, bytes) in [("service-2.json", json), ("service-2.no-docs.json", no_docs)] {
                let layout = match std::str::from_utf8(&bytes).map(layout::Layout::of) {
                    Ok(Ok(layout)) => layout.encode(),
                    _ => {
                        println!("cargo::error=cannot scan {name}.{file} as a model");
                        continue;
                    }
                };
                for (path, bytes) in
                    [(format!("{name}.{file}"), bytes), (format!("{name}.{file}.layout"), layout)]
                {
                    let target = Path::new(&out).join(path);
                    if let Err(e) = std::fs::write(&target, bytes) {
                        println!("cargo::error=cannot write {}: {e}", target.display());
                    }
                }
            }
        }
    }
}
