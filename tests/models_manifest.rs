//! The embedded models are the files `models/manifest.json` describes: same
//! botocore version, same sha256, same operation counts. A refresh that
//! forgets to regenerate the table, or a hand-edited model, fails here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chime_shape::model::{BOTOCORE_VERSION, EMBEDDED};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn embedded_models_match_the_manifest() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("models/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["botocore_version"], BOTOCORE_VERSION);
    assert_eq!(std::fs::read_to_string(root.join("models/BOTOCORE_VERSION")).unwrap(), BOTOCORE_VERSION);
    let services = manifest["services"].as_array().unwrap();
    assert_eq!(services.len(), EMBEDDED.len());
    for (entry, embedded) in services.iter().zip(EMBEDDED) {
        assert_eq!(entry["service"], embedded.name);
        assert_eq!(entry["api_version"], embedded.api_version);
        assert_eq!(entry["operations"], embedded.operations);
        assert_eq!(entry["sha256"], embedded.sha256);
        assert_eq!(entry["json_sha256"], embedded.json_sha256);
        assert_eq!(
            hex(embedded.json.as_bytes()),
            embedded.json_sha256,
            "{} embedded JSON differs from the manifest",
            embedded.name
        );
        let on_disk = std::fs::read(root.join("models").join(entry["path"].as_str().unwrap())).unwrap();
        assert_eq!(hex(&on_disk), embedded.sha256, "{} model file differs from the manifest", embedded.name);
    }
}
