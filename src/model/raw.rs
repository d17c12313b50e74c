//! The botocore `service-2.json` format as serde reads it, before the shape
//! graph is linked.
//!
//! These structs mirror the file one to one and are private to the model
//! loader: every feature works on the linked graph in [`crate::model`], never
//! on these. Unknown keys are ignored, as botocore ignores them, so a newer
//! model with new traits still loads.

use serde::Deserialize;
use serde::de::IgnoredAny;

pub(crate) use super::layout::Ordered;

/// How `documentation` fields are read: kept as text, or skipped without
/// allocating (skeletons and validation never show documentation, and it is
/// most of a model's bytes).
pub(crate) trait DocField: for<'de> Deserialize<'de> {
    /// The text, if kept.
    fn into_text(self) -> Option<String>;
}

impl DocField for String {
    fn into_text(self) -> Option<String> {
        Some(self)
    }
}

impl DocField for IgnoredAny {
    fn into_text(self) -> Option<String> {
        None
    }
}

/// `metadata`: only what the tool prints or needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawMetadata {
    pub(crate) api_version: String,
    #[serde(default)]
    pub(crate) endpoint_prefix: Option<String>,
    #[serde(default)]
    pub(crate) protocol: Option<String>,
    #[serde(default)]
    pub(crate) service_full_name: Option<String>,
    #[serde(default)]
    pub(crate) service_id: Option<String>,
    #[serde(default)]
    pub(crate) signing_name: Option<String>,
    #[serde(default)]
    pub(crate) uid: Option<String>,
}

/// One entry of `operations`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", bound = "D: DocField")]
pub(crate) struct RawOperation<D> {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) http: Option<RawHttp>,
    #[serde(default)]
    pub(crate) input: Option<RawShape<D>>,
    #[serde(default)]
    pub(crate) output: Option<RawShape<D>>,
    #[serde(default)]
    pub(crate) documentation: Option<D>,
    #[serde(default)]
    pub(crate) deprecated: Option<bool>,
    #[serde(default)]
    pub(crate) deprecated_message: Option<String>,
}

/// `http` of an operation: where a REST request goes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawHttp {
    #[serde(default)]
    pub(crate) method: Option<String>,
    #[serde(default)]
    pub(crate) request_uri: Option<String>,
}

/// A shape definition (an entry of `shapes`) or a reference to one
/// (`{"shape": "Name", ...member traits}`).
///
/// One struct serves both because botocore treats them alike: it merges a
/// reference's keys over the target shape's keys
/// (`ShapeResolver.resolve_shape_ref`), so any trait may appear on either.
/// Reading both with the same struct also avoids `#[serde(flatten)]`, which
/// buffers every object and doubles the load time.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", bound = "D: DocField")]
pub(crate) struct RawShape<D> {
    /// `type`, on a definition.
    #[serde(default, rename = "type")]
    pub(crate) shape_type: Option<String>,
    /// `shape`, on a reference.
    #[serde(default)]
    pub(crate) shape: Option<String>,
    #[serde(default)]
    pub(crate) members: Option<Ordered<RawShape<D>>>,
    #[serde(default)]
    pub(crate) required: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) member: Option<Box<RawShape<D>>>,
    #[serde(default)]
    pub(crate) key: Option<Box<RawShape<D>>>,
    #[serde(default)]
    pub(crate) value: Option<Box<RawShape<D>>>,
    #[serde(default)]
    pub(crate) union: Option<bool>,
    #[serde(default)]
    pub(crate) document: Option<bool>,
    #[serde(default)]
    pub(crate) exception: Option<bool>,
    #[serde(default)]
    pub(crate) payload: Option<String>,
    #[serde(default)]
    pub(crate) documentation: Option<D>,
    #[serde(default)]
    pub(crate) min: Option<serde_json::Number>,
    #[serde(default)]
    pub(crate) max: Option<serde_json::Number>,
    #[serde(default)]
    pub(crate) pattern: Option<String>,
    #[serde(default, rename = "enum")]
    pub(crate) enum_values: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) sensitive: Option<bool>,
    #[serde(default)]
    pub(crate) idempotency_token: Option<bool>,
    #[serde(default)]
    pub(crate) deprecated: Option<bool>,
    #[serde(default)]
    pub(crate) deprecated_message: Option<String>,
    #[serde(default)]
    pub(crate) location: Option<String>,
    #[serde(default)]
    pub(crate) location_name: Option<String>,
    #[serde(default)]
    pub(crate) query_name: Option<String>,
    #[serde(default)]
    pub(crate) timestamp_format: Option<String>,
    #[serde(default, rename = "box")]
    pub(crate) boxed: Option<bool>,
    #[serde(default)]
    pub(crate) streaming: Option<bool>,
    #[serde(default)]
    pub(crate) jsonvalue: Option<bool>,
    #[serde(default)]
    pub(crate) host_label: Option<bool>,
    #[serde(default)]
    pub(crate) eventstream: Option<bool>,
    #[serde(default)]
    pub(crate) requires_length: Option<bool>,
    #[serde(default)]
    pub(crate) flattened: Option<bool>,
}
