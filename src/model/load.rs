//! Loading: bytes (gzip or plain JSON) → [`raw`](super::raw) structs →
//! the linked [`Model`].
//!
//! Linking happens in two passes so that a member can name a shape defined
//! later in the file (or itself): the first pass gives every shape an id and
//! reads its own traits, the second builds each shape's members with the
//! reference's traits merged over the target's.

use std::borrow::Cow;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use crate::guard::fsread;

use super::depth;
use super::error::{ModelError, check_name, json_error, json_error_at, structure_error};
use super::names::normalize;

use super::index::{Index, NameIndex, OperationIndex};
use super::layout::{Encoded, Layout, head_fits};
use super::lazy::Definitions;
use super::raw::RawMetadata;
use super::{Metadata, Model, ShapeId, ShapeKind};

/// The two bytes every gzip stream starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The largest model accepted, read from disk or decompressed: the same
/// cap as for the file itself ([`fsread::MAX_MODEL_BYTES`]), so a gzip bomb
/// gets no further than a plain file could.
const MAX_MODEL_BYTES: u64 = fsread::MAX_MODEL_BYTES;

/// What to read from a model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Keep documentation. Skeleton comments (`yaml-input`), `describe` and
    /// `schema` show it; everything else is faster without it (it is most
    /// of a model's text).
    pub documentation: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { documentation: true }
    }
}

impl Model {
    /// Loads a botocore model file, plain (`service-2.json`) or gzipped
    /// (`service-2.json.gz`; recognised by its content, not its name).
    ///
    /// A `service-2.sdk-extras.json` beside a `service-2.json[.gz]` is merged
    /// in, as botocore does.
    ///
    /// The service is named after botocore's data layout
    /// (`data/<service>/<api-version>/service-2.json`), else after the
    /// model's `endpointPrefix`, else after the file.
    ///
    /// # Errors
    ///
    /// [`ModelError`] for a file that cannot be read, decompressed, parsed or
    /// linked; the message names the file.
    pub fn from_path(path: &Path) -> Result<Model, ModelError> {
        Model::from_path_with(path, LoadOptions::default())
    }

    /// [`Model::from_path`] with [`LoadOptions`].
    ///
    /// # Errors
    ///
    /// As [`Model::from_path`].
    pub fn from_path_with(path: &Path, options: LoadOptions) -> Result<Model, ModelError> {
        // `--model` may name a device, a FIFO or a huge file: read only a
        // regular file, and no more than the cap.
        let bytes = fsread::read_regular(path, MAX_MODEL_BYTES)
            .map_err(|source| ModelError::Io { path: path.to_owned(), source })?;
        let origin = path.display().to_string();
        let extras = path.with_file_name("service-2.sdk-extras.json");
        let is_botocore_file =
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("service-2.json"));
        // `exists` (not `is_file`): an extras path that is a FIFO or device
        // is refused by name rather than silently skipped.
        let mut model = if is_botocore_file && extras.exists() {
            Model::from_bytes_with_extras(&bytes, &origin, &extras, options)?
        } else {
            Model::from_bytes_with(&bytes, &origin, None, options)?
        };
        if let Some(name) = service_name_from_path(path) {
            model.name = name;
        }
        model.set_paginators(super::paginators::Paginators::beside(path)?);
        Ok(model)
    }

    /// Loads a model from bytes (plain or gzipped JSON).
    ///
    /// `origin` names the source in error messages; `name` is the service
    /// name to use (default: the model's `endpointPrefix`).
    ///
    /// # Errors
    ///
    /// [`ModelError`] for bytes that cannot be decompressed, parsed or linked.
    pub fn from_bytes(bytes: &[u8], origin: &str, name: Option<&str>) -> Result<Model, ModelError> {
        Model::from_bytes_with(bytes, origin, name, LoadOptions::default())
    }

    /// [`Model::from_bytes`] with [`LoadOptions`].
    ///
    /// # Errors
    ///
    /// As [`Model::from_bytes`].
    pub fn from_bytes_with(
        bytes: &[u8],
        origin: &str,
        name: Option<&str>,
        options: LoadOptions,
    ) -> Result<Model, ModelError> {
        let text = decompress(bytes, origin)?;
        let text = as_text(&text, origin)?;
        let model = index(text, origin, name, options)?;
        model.link_all(text)?;
        Ok(model)
    }

    /// Loads a model whose text lives as long as the program (an embedded
    /// model), given its encoded [`Layout`] (else the text is scanned), and
    /// links each shape and operation when it is first asked for.
    ///
    /// # Errors
    ///
    /// As [`Model::from_bytes`], for the parts read up front: the metadata,
    /// and the whole file when the layout does not read. Definitions are read
    /// when first asked for, and one that does not link (or whose range does
    /// not fit the text) panics then, so this is only for models `build.rs`
    /// checked (every range fits, every name is found, no name twice) and
    /// the test suite links in full.
    pub(crate) fn from_static(
        text: &'static str,
        layout: &'static [u8],
        origin: &str,
        name: Option<&str>,
        options: LoadOptions,
    ) -> Result<Model, ModelError> {
        // A layout that does not read, or whose metadata does not fit the
        // text, is ignored and the text scanned. The definitions' ranges are
        // not checked here (`build.rs` checked each against this very text),
        // nor the names (`names_of_embedded_models_are_safe`).
        let mut model = match Encoded::parse(layout).and_then(|encoded| from_encoded(encoded, text)) {
            Some(parts) => assemble(parts, text, origin, name, options)?,
            None => index(text, origin, name, options)?,
        };
        model.definitions.keep_text(text);
        Ok(model)
    }

    /// Loads a model and merges a botocore `service-2.sdk-extras.json` over
    /// it, as botocore's loader does (`ExtrasProcessor`, a recursive merge
    /// of the file's `merge` object): RDS, DocDB and Neptune add a
    /// `SourceRegion` member that way, and S3 turns `Expires` into a
    /// timestamp, so the AWS CLI's skeletons include them.
    fn from_bytes_with_extras(
        bytes: &[u8],
        origin: &str,
        extras: &Path,
        options: LoadOptions,
    ) -> Result<Model, ModelError> {
        let text = decompress(bytes, origin)?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| json_error(origin, &e))?;
        let extras_origin = extras.display().to_string();
        let extras_text = fsread::read_regular(extras, MAX_MODEL_BYTES)
            .map_err(|source| ModelError::Io { path: extras.to_owned(), source })?;
        let extras_value: serde_json::Value =
            serde_json::from_slice(&extras_text).map_err(|e| json_error(&extras_origin, &e))?;
        if let Some(merge) = extras_value.get("merge") {
            deep_merge(&mut value, merge);
        }
        // Read again as text, so that one loader (with its byte ranges)
        // serves merged models too.
        let merged = serde_json::to_vec(&value).map_err(|e| ModelError::Structure {
            origin: origin.to_owned(),
            message: format!("cannot merge {extras_origin}: {e}"),
        })?;
        // Positions in the merged text would name no line of either file.
        Model::from_bytes_with(&merged, origin, None, options).map_err(|e| match e {
            ModelError::Json { message, .. } => ModelError::Structure {
                origin: origin.to_owned(),
                message: format!("after merging {extras_origin}: {message}"),
            },
            other => other,
        })
    }
}

/// botocore's `deep_merge`: objects merge key by key (new keys appended),
/// anything else is replaced.
fn deep_merge(base: &mut serde_json::Value, extra: &serde_json::Value) {
    match (base, extra) {
        (serde_json::Value::Object(base), serde_json::Value::Object(extra)) => {
            for (key, value) in extra {
                match base.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        deep_merge(existing, value)
                    }
                    _ => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, extra) => *base = extra.clone(),
    }
}

/// The model text as UTF-8 (serde_json requires it too, so this only
/// moves the check ahead).
fn as_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, ModelError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        ModelError::Json {
            origin: origin.to_owned(),
            line,
            // In bytes, as serde_json counts columns.
            column: before.len() - line_start + 1,
            message: "not valid JSON: invalid UTF-8".to_owned(),
        }
    })
}

/// The JSON text of a model: gunzipped when the bytes start like gzip
/// (whatever the file is called), else the bytes themselves.
fn decompress<'a>(bytes: &'a [u8], origin: &str) -> Result<Cow<'a, [u8]>, ModelError> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(10).min(1 << 24));
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_MODEL_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|source| ModelError::Gzip { origin: origin.to_owned(), source })?;
    if out.len() as u64 > MAX_MODEL_BYTES {
        return Err(ModelError::Structure {
            origin: origin.to_owned(),
            message: format!("decompresses to more than {MAX_MODEL_BYTES} bytes"),
        });
    }
    Ok(Cow::Owned(out))
}

/// `.../data/dynamodb/2012-08-10/service-2.json.gz` → `dynamodb`.
fn service_name_from_path(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    if !file.starts_with("service-2.json") {
        return None;
    }
    let version_dir = path.parent()?;
    let version = version_dir.file_name()?.to_str()?;
    let looks_like_version = version.len() == 10 && version.chars().filter(|c| *c == '-').count() == 2;
    if !looks_like_version {
        return version_dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty() && *n != "." && *n != "..")
            .map(str::to_owned);
    }
    version_dir.parent()?.file_name()?.to_str().map(str::to_owned)
}

/// Reads the parts of a model that every command needs (metadata and the
/// names of operations and shapes) and finds the rest; operations and shapes
/// are linked later, all at once ([`Model::link_all`]) or one by one when
/// asked for.
fn index(text: &str, origin: &str, name: Option<&str>, options: LoadOptions) -> Result<Model, ModelError> {
    let layout = Layout::of(text).map_err(|e| json_error(origin, &e))?;
    assemble(from_layout(layout, origin)?, text, origin, name, options)
}

/// Reads one part of `text` (a range of the [`Layout`]).
fn read_part<T: serde::de::DeserializeOwned>(
    text: &str,
    range: &Range<usize>,
    origin: &str,
) -> Result<T, ModelError> {
    let part = text
        .get(range.clone())
        .ok_or_else(|| structure_error(origin, "a part lies outside the text".into()))?;
    serde_json::from_str(part).map_err(|e| json_error_at(origin, text, range.start, &e))
}

/// What a model is made of besides its metadata: where each part lies,
/// and the names that find its definitions.
struct Parts {
    metadata: Range<usize>,
    documentation: Option<Range<usize>>,
    index: Index,
}

/// The parts of a model file, its names checked and hashed.
fn from_layout(layout: Layout<'static>, origin: &str) -> Result<Parts, ModelError> {
    let mut shape_ids = NameIndex::with_capacity_and_hasher(layout.shapes.len(), Default::default());
    let mut shapes = Vec::with_capacity(layout.shapes.len());
    for (i, (shape_name, definition)) in layout.shapes.into_iter().enumerate() {
        check_name(origin, "shape", &shape_name)?;
        let id =
            u32::try_from(i).map(ShapeId).map_err(|_| structure_error(origin, "too many shapes".into()))?;
        if shape_ids.insert(shape_name.clone(), id).is_some() {
            return Err(structure_error(origin, format!("shape `{shape_name}` is defined twice")));
        }
        shapes.push((shape_name, definition));
    }

    // Operations are found by their key, or by any spelling that normalises
    // like it (the CLI name `update-user` is one: `xform_name` only adds
    // dashes and lowercases).
    let mut operation_ids =
        OperationIndex::with_capacity_and_hasher(layout.operations.len() * 2, Default::default());
    let mut operations = Vec::with_capacity(layout.operations.len());
    for (i, (key, definition)) in layout.operations.into_iter().enumerate() {
        check_name(origin, "operation", &key)?;
        operation_ids.entry(key.clone()).or_insert(i);
        operation_ids.entry(Cow::Owned(normalize(&key))).or_insert(i);
        operations.push((key, definition));
    }
    Ok(Parts {
        metadata: layout.metadata,
        documentation: layout.documentation,
        index: Index::Listed { shapes, operations, shape_ids, operation_ids },
    })
}

/// The parts of an embedded model from its encoded layout, which is read
/// in place as definitions are linked; `None` if its metadata or
/// documentation does not fit `text` (`build.rs` checks every range).
fn from_encoded(encoded: Encoded<'static>, text: &str) -> Option<Parts> {
    head_fits(text, &encoded.metadata, encoded.documentation.as_ref()).then(|| Parts {
        metadata: encoded.metadata.clone(),
        documentation: encoded.documentation.clone(),
        index: Index::Encoded(encoded),
    })
}

/// The model of `parts`, with its metadata (and documentation) read.
fn assemble(
    parts: Parts,
    text: &str,
    origin: &str,
    name: Option<&str>,
    options: LoadOptions,
) -> Result<Model, ModelError> {
    let metadata: RawMetadata = read_part(text, &parts.metadata, origin)?;
    let documentation = match &parts.documentation {
        Some(range) if options.documentation => read_part(text, range, origin)?,
        _ => String::new(),
    };
    let metadata = Metadata {
        api_version: metadata.api_version,
        endpoint_prefix: metadata.endpoint_prefix,
        protocol: metadata.protocol,
        service_full_name: metadata.service_full_name,
        service_id: metadata.service_id,
        signing_name: metadata.signing_name,
        uid: metadata.uid,
    };
    let name = name
        .map(str::to_owned)
        .or_else(|| metadata.endpoint_prefix.clone())
        .unwrap_or_else(|| origin.to_owned());
    Ok(Model {
        name,
        metadata,
        documentation,
        definitions: Definitions::new(parts.index, options.documentation, origin, text.len()),
        paginators: std::sync::OnceLock::new(),
        embedded_paginators: None,
        cli_names: std::sync::OnceLock::new(),
    })
}

impl Model {
    /// Links every shape and operation, reading definitions from `text`,
    /// and checks what needs linked shapes: operations take and return
    /// structures.
    pub(crate) fn link_all(&self, text: &str) -> Result<(), ModelError> {
        self.definitions.link_all(text)?;
        let edges = depth::edges_of(self.shapes().map(|s| &s.kind));
        if depth::nesting_depth(&edges, depth::MAX_NESTING).is_none() {
            return Err(structure_error(
                &self.definitions.origin,
                format!(
                    "shapes nest more than {} deep (counting each recursive group of shapes by its size); \
                     no botocore model nests deeper than 30",
                    depth::MAX_NESTING
                ),
            ));
        }
        for op in self.operations() {
            for io in [&op.input, &op.output].into_iter().flatten() {
                if !matches!(self.shape(io.target).kind, ShapeKind::Structure(_)) {
                    return Err(structure_error(
                        &self.definitions.origin,
                        format!("operation `{}`: {} shape is not a structure", op.name, io.name),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bound;

    fn load(json: &str) -> Result<Model, ModelError> {
        Model::from_bytes(json.as_bytes(), "test.json", Some("test"))
    }

    const MINIMAL: &str = r#"{
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "node"},
        "operations": {"Walk": {"name": "Walk", "input": {"shape": "Node"}}},
        "shapes": {
            "Node": {"type": "structure", "members": {
                "Name": {"shape": "S"},
                "Children": {"shape": "Nodes"},
                "Parent": {"shape": "Node"}
            }},
            "Nodes": {"type": "list", "member": {"shape": "Node"}},
            "S": {"type": "string", "min": 1, "documentation": "shape doc"}
        }
    }"#;

    #[test]
    fn links_recursive_shapes() {
        let model = load(MINIMAL).unwrap();
        let node = model.shape_id("Node").unwrap();
        let ShapeKind::Structure(s) = &model.shape(node).kind else { panic!() };
        assert_eq!(s.members.len(), 3);
        assert_eq!(s.members[2].target, node);
        assert_eq!(s.members[0].traits.min, Some(Bound::Int(1)));
        assert_eq!(s.members[0].traits.documentation.as_deref(), Some("shape doc"));
        assert_eq!(model.name(), "test");
        assert_eq!(model.operation("walk").unwrap().name, "Walk");
    }

    #[test]
    fn reports_structural_errors_by_name() {
        let err = load(&MINIMAL.replace(r#""member": {"shape": "Node"}"#, r#""member": {"shape": "Nope"}"#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`member` of shape `Nodes`") && err.contains("`Nope`"), "{err}");

        let err =
            load(&MINIMAL.replace(r#""type": "string""#, r#""type": "strang""#)).unwrap_err().to_string();
        assert!(err.contains("unknown type `strang`"), "{err}");

        let err =
            load(&MINIMAL.replace(r#""type": "list", "member": {"shape": "Node"}"#, r#""type": "list""#))
                .unwrap_err()
                .to_string();
        assert!(err.contains("list shape `Nodes` has no `member`"), "{err}");

        let err = load("{\"metadata\": 5}").unwrap_err().to_string();
        assert!(err.starts_with("test.json:1:"), "{err}");

        let err = load("not json").unwrap_err().to_string();
        assert!(err.starts_with("test.json:1:2: not valid JSON"), "{err}");

        let err = load(r#"{"metadata": {"apiVersion": "x"}, "operations": {}}"#).unwrap_err().to_string();
        assert!(err.contains("missing field `shapes`"), "{err}");
    }

    /// Definitions are read on their own, but their errors are placed in
    /// the whole file.
    #[test]
    fn errors_inside_definitions_have_file_positions() {
        let text = MINIMAL.replace(r#""type": "string", "min": 1"#, r#""type": "string", "min": "one""#);
        let err = load(&text).unwrap_err();
        let ModelError::Json { line, column, .. } = &err else { panic!("{err}") };
        let at = text.find(r#""one""#).unwrap();
        assert_eq!(*line, text[..at].matches('\n').count() + 1, "{err}");
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        assert!((at - line_start..=at - line_start + 6).contains(column), "{err}: column {column}");
        // On a definition's first line, the column counts from the file's line start.
        let text = MINIMAL.replace(r#""S": {"type": "string""#, r#""S": {"type": 7"#);
        let err = load(&text).unwrap_err();
        let ModelError::Json { column, .. } = &err else { panic!("{err}") };
        let at = text.find(r#""S": {"type": 7"#).unwrap();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        assert!(*column > at - line_start + 10, "{err}: column {column}");
    }

    /// A merged model is read from text neither file holds: its errors name
    /// both files and no position.
    #[test]
    fn errors_after_merging_extras_name_both_files() {
        let dir = std::env::temp_dir().join(format!("chime-shape-extras-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let model = dir.join("service-2.json");
        std::fs::write(&model, MINIMAL.replace(r#""min": 1"#, r#""min": "one""#)).unwrap();
        std::fs::write(dir.join("service-2.sdk-extras.json"), r#"{"version": 1.0, "merge": {}}"#).unwrap();
        let err = Model::from_path(&model).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let ModelError::Structure { message, .. } = &err else { panic!("{err}") };
        assert!(message.starts_with("after merging ") && message.contains("sdk-extras"), "{err}");
        assert!(message.contains(r#"invalid type: string "one""#), "{err}");
    }

    /// Columns count bytes, as serde_json's do, also before a definition.
    #[test]
    fn error_columns_count_bytes() {
        let text = r#"{"metadata": {"apiVersion": "é"}, "operations": {}, "shapes": {"S": {"type": "string", "min": "one"}}}"#;
        let ModelError::Json { line, column, .. } = load(text).unwrap_err() else { panic!() };
        assert_eq!((line, column), (1, text.find(r#""one""#).unwrap() + 5));
    }

    #[test]
    fn gzip_is_recognised_by_content() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(MINIMAL.as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(Model::from_bytes(&gz, "x", None).unwrap().name(), "node");
        let err = Model::from_bytes(&gz[..gz.len() / 2], "half.gz", None).unwrap_err();
        assert!(matches!(err, ModelError::Gzip { .. }), "{err}");
    }

    #[test]
    fn names_services_from_botocore_layout() {
        let name = |p: &str| service_name_from_path(Path::new(p));
        assert_eq!(name("/x/data/dynamodb/2012-08-10/service-2.json.gz").as_deref(), Some("dynamodb"));
        assert_eq!(name("models/lambda/service-2.json").as_deref(), Some("lambda"));
        assert_eq!(name("service-2.json"), None);
        assert_eq!(name("/tmp/other.json"), None);
    }

    /// Bounds beyond `u64` are kept as floats, never dropped; beyond `f64`
    /// the model is refused.
    #[test]
    fn huge_bounds_are_kept_or_refused() {
        let text = MINIMAL
            .replace(r#""min": 1"#, r#""min": 1e30, "max": 100000000000000000000000000000000000000000"#);
        let model = load(&text).unwrap();
        let s = model.shape_named("S").unwrap();
        assert_eq!(s.traits.min, Some(Bound::Float(1e30)));
        assert_eq!(s.traits.max.map(Bound::as_int), Some(None));
        assert_eq!(s.traits.min.map(|b| b.to_string()).as_deref(), Some("1e30"));
        let text = MINIMAL.replace(r#""min": 1"#, r#""min": -5, "max": -0.5"#);
        let s = load(&text).unwrap().shape_named("S").unwrap().traits.clone();
        assert_eq!((s.min, s.max), (Some(Bound::Int(-5)), Some(Bound::Float(-0.5))));
        let err = load(&MINIMAL.replace(r#""min": 1"#, r#""min": 1e400"#)).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }
}
