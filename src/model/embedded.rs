//! The Chime-family models compiled into the binary.
//!
//! The gzipped model files in `models/` are kept byte for byte as botocore
//! ships them, so their sha256 sums can be checked against
//! `models/manifest.json` and the botocore wheel; `build.rs` decompresses
//! them and the binary embeds that JSON (checked against the manifest's
//! `json_sha256`). A model is parsed only when it is asked for: startup
//! costs one service, not six. `build.rs` writes the table below from
//! `models/manifest.json`, which `scripts/refresh-models` rewrites.

use super::Model;
use super::error::ModelError;
use super::load::LoadOptions;

/// A model file embedded in the binary. Only this crate makes them (the
/// table below), which is what lets their shapes be linked lazily: the
/// tests link every one of them in full.
#[derive(Debug)]
#[non_exhaustive]
pub struct EmbeddedModel {
    /// The service name as the AWS CLI spells it (`chime-sdk-voice`).
    pub name: &'static str,
    /// The model's `apiVersion`.
    pub api_version: &'static str,
    /// The number of operations, as recorded when the models were refreshed.
    pub operations: usize,
    /// sha256 of the gzipped file in `models/`, as in `models/manifest.json`.
    pub sha256: &'static str,
    /// sha256 of the decompressed JSON, as in `models/manifest.json`.
    pub json_sha256: &'static str,
    /// The `service-2.json` (`include_str!`: its UTF-8 is checked when the
    /// binary is built, not at every start).
    pub json: &'static str,
    /// The same model without its `documentation` strings, compact
    /// (`build.rs`): what loading without documentation reads. The
    /// documentation is two thirds of a model's text, and reading past it
    /// was most of the start-up of `skeleton input` and `validate`.
    pub json_no_docs: &'static str,
    /// Where the parts of `json` lie (`build.rs`, `src/model/layout.rs`):
    /// what loading would otherwise scan the whole text for.
    pub layout: &'static [u8],
    /// The same for `json_no_docs`.
    pub layout_no_docs: &'static [u8],
}

impl EmbeddedModel {
    /// Parses and links the model (the JSON was decompressed at build time).
    ///
    /// # Errors
    ///
    /// Only if the embedded file is broken, which the test suite rules out.
    pub fn load(&self) -> Result<Model, ModelError> {
        self.load_with(LoadOptions::default())
    }

    /// [`EmbeddedModel::load`] with [`LoadOptions`].
    ///
    /// # Errors
    ///
    /// As [`EmbeddedModel::load`].
    pub fn load_with(&self, options: LoadOptions) -> Result<Model, ModelError> {
        let (json, layout) = if options.documentation {
            (self.json, self.layout)
        } else {
            (self.json_no_docs, self.layout_no_docs)
        };
        let mut model = Model::from_static(json, layout, self.name, Some(self.name), options)?;
        model.set_embedded_paginators(self.name);
        Ok(model)
    }
}

include!(concat!(env!("OUT_DIR"), "/embedded_table.rs"));

/// The embedded model called `name` (`chime`, `chime-sdk-meetings`, ...).
#[must_use]
pub fn embedded(name: &str) -> Option<&'static EmbeddedModel> {
    EMBEDDED.iter().find(|m| m.name == name)
}

/// Loads the embedded model called `name`.
///
/// # Errors
///
/// [`ModelError::UnknownService`], naming the embedded services and the
/// closest one, when `name` is not embedded.
pub fn load_embedded(name: &str) -> Result<Model, ModelError> {
    load_embedded_with(name, LoadOptions::default())
}

/// [`load_embedded`] with [`LoadOptions`].
///
/// # Errors
///
/// As [`load_embedded`].
pub fn load_embedded_with(name: &str, options: LoadOptions) -> Result<Model, ModelError> {
    match embedded(name) {
        Some(model) => model.load_with(options),
        None => Err(ModelError::UnknownService {
            name: name.to_owned(),
            known: EMBEDDED.iter().map(|m| m.name).collect::<Vec<_>>().join(", "),
            suggestion: super::closest_names(name, EMBEDDED.iter().map(|m| m.name)).into_iter().next(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::index::Index;

    /// The text without documentation that `build.rs` writes is the same
    /// model: loaded without documentation, both give the same graph.
    #[test]
    fn the_text_without_documentation_is_the_same_model() {
        let options = LoadOptions { documentation: false };
        for embedded in EMBEDDED {
            assert!(embedded.json_no_docs.len() * 2 < embedded.json.len(), "{}", embedded.name);
            let full =
                Model::from_bytes_with(embedded.json.as_bytes(), embedded.name, Some(embedded.name), options)
                    .unwrap();
            let lean = embedded.load_with(options).unwrap();
            // Compared as text (the name indexes are hash maps, in no order).
            let graph = |m: &Model| {
                format!(
                    "{:?} {:?} {:?}",
                    m.metadata(),
                    m.operations().collect::<Vec<_>>(),
                    m.shapes().collect::<Vec<_>>()
                )
            };
            assert!(graph(&full) == graph(&lean), "{}: the graphs differ", embedded.name);
        }
    }

    /// An embedded model looked up in its encoded, sorted tables finds what
    /// the same model read from bytes finds in its hash maps, for every
    /// name it has and for near misses.
    #[test]
    fn the_encoded_indexes_answer_as_the_hash_maps() {
        let options = LoadOptions { documentation: false };
        for embedded in EMBEDDED {
            let hashed =
                Model::from_bytes_with(embedded.json.as_bytes(), embedded.name, Some(embedded.name), options)
                    .unwrap();
            let encoded = embedded.load_with(options).unwrap();
            assert!(matches!(encoded.definitions.index, Index::Encoded(_)), "{}", embedded.name);
            assert!(matches!(hashed.definitions.index, Index::Listed { .. }), "{}", embedded.name);
            let mut probes = vec![String::new(), "-".into(), "_".into(), "é".into(), "zzzz".into()];
            for op in hashed.operations() {
                let name = &op.name;
                probes.extend([name.clone(), op.cli_name.clone(), name.to_uppercase(), name.to_lowercase()]);
                probes.extend([format!("{name}x"), name[1..].to_owned(), format!("-{}", op.cli_name)]);
                probes.push(crate::model::xform_name(name, '_'));
            }
            for shape in hashed.shapes() {
                let name = &shape.name;
                probes.extend([name.clone(), name.to_lowercase(), format!("{name}\0"), name[1..].to_owned()]);
            }
            for probe in &probes {
                let op = |m: &Model| m.find_operation(probe).map(|o| o.name.clone());
                assert_eq!(op(&encoded), op(&hashed), "{}: operation {probe:?}", embedded.name);
                assert_eq!(
                    encoded.shape_id(probe),
                    hashed.shape_id(probe),
                    "{}: shape {probe:?}",
                    embedded.name
                );
            }
        }
    }

    /// The layouts `build.rs` embeds are what the loader would find by
    /// scanning the text.
    #[test]
    fn the_embedded_layouts_are_the_scanned_ones() {
        use super::super::layout::Layout;
        for embedded in EMBEDDED {
            for (json, layout) in
                [(embedded.json, embedded.layout), (embedded.json_no_docs, embedded.layout_no_docs)]
            {
                let scanned = Layout::of(json).unwrap();
                assert_eq!(Layout::decode(layout), Some(scanned), "{}", embedded.name);
            }
        }
    }

    /// Lazily linked, every embedded model links in full (`Model::shape`
    /// relies on this instead of returning errors).
    #[test]
    fn every_embedded_model_links_in_full() {
        for embedded in EMBEDDED {
            for documentation in [true, false] {
                let model = embedded.load_with(LoadOptions { documentation }).unwrap();
                let text = if documentation { embedded.json } else { embedded.json_no_docs };
                model.link_all(text).unwrap();
            }
        }
    }

    /// Loading an embedded model trusts its names (`load.rs`): they pass
    /// the check every model file's names get.
    #[test]
    fn names_of_embedded_models_are_safe() {
        use super::super::layout::Layout;
        for embedded in EMBEDDED {
            let layout = Layout::decode(embedded.layout_no_docs).unwrap();
            for (what, (name, _)) in layout
                .operations
                .iter()
                .map(|entry| ("operation", entry))
                .chain(layout.shapes.iter().map(|entry| ("shape", entry)))
            {
                super::super::error::check_name(embedded.name, what, name).unwrap();
            }
        }
    }

    #[test]
    fn every_embedded_model_loads_with_its_recorded_operation_count() {
        let mut total = 0;
        for embedded in EMBEDDED {
            let model = embedded.load().unwrap();
            assert_eq!(model.operations().len(), embedded.operations, "{}", embedded.name);
            assert_eq!(model.metadata().api_version, embedded.api_version);
            assert_eq!(model.name(), embedded.name);
            total += embedded.operations;
        }
        assert_eq!(total, 286);
    }
}
