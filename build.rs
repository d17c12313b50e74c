//! Decompresses the embedded models at build time.
//!
//! `models/<service>/<version>/service-2.json.gz` stay byte for byte as
//! botocore ships them (their sha256 is checked against the manifest); the
//! binary embeds their decompressed JSON, so a run does not spend a fifth of
//! its model loading on gunzip.

use std::io::Read;
use std::path::Path;

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
            let target = Path::new(&out).join(format!("{name}.service-2.json"));
            if let Err(e) = std::fs::write(&target, json) {
                println!("cargo::error=cannot write {}: {e}", target.display());
            }
        }
    }
}
