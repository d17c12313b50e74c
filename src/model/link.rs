//! Linking: a raw definition becomes an [`Operation`] or a [`ShapeKind`]
//! whose members carry the reference's traits merged over their target's
//! (botocore's `ShapeResolver.resolve_shape_ref`). When a definition is
//! linked is [`lazy`](super::lazy)'s business; how is this file's.

use super::error::{ModelError, check_name, structure_error};
use super::index::Index;
use super::names::xform_name;
use super::raw::{DocField, RawOperation, RawShape};
use super::{Bound, Location, Member, Operation, ShapeId, ShapeKind, Structure, Traits};

fn bound(n: Option<serde_json::Number>) -> Option<Bound> {
    let n = n?;
    if let Some(i) = n.as_i64() {
        Some(Bound::Int(i128::from(i)))
    } else if let Some(u) = n.as_u64() {
        Some(Bound::Int(i128::from(u)))
    } else {
        n.as_f64().map(Bound::Float)
    }
}

/// Takes the traits out of a raw shape or reference.
pub(crate) fn take_traits<D: DocField>(
    raw: &mut RawShape<D>,
    origin: &str,
    context: &dyn Fn() -> String,
) -> Result<Traits, ModelError> {
    let location = match raw.location.take() {
        None => None,
        Some(l) => Some(
            Location::parse(&l)
                .ok_or_else(|| structure_error(origin, format!("{}: unknown location `{l}`", context())))?,
        ),
    };
    Ok(Traits {
        documentation: raw.documentation.take().and_then(DocField::into_text),
        min: bound(raw.min.take()),
        max: bound(raw.max.take()),
        pattern: raw.pattern.take(),
        enum_values: raw.enum_values.take(),
        sensitive: raw.sensitive.unwrap_or(false),
        idempotency_token: raw.idempotency_token.unwrap_or(false),
        deprecated: raw.deprecated.unwrap_or(false),
        deprecated_message: raw.deprecated_message.take(),
        location,
        location_name: raw.location_name.take(),
        query_name: raw.query_name.take(),
        timestamp_format: raw.timestamp_format.take(),
        boxed: raw.boxed.unwrap_or(false),
        streaming: raw.streaming.unwrap_or(false),
        jsonvalue: raw.jsonvalue.unwrap_or(false),
        host_label: raw.host_label.unwrap_or(false),
        event_stream: raw.eventstream.unwrap_or(false),
        requires_length: raw.requires_length.unwrap_or(false),
        flattened: raw.flattened.unwrap_or(false),
    })
}

/// The heap bytes [`merge`] copies from `base` (the fields `reference`
/// leaves unset). The member itself is not counted: its size is linear in
/// the model text.
fn merge_cost(reference: &Traits, base: &Traits) -> usize {
    fn text(reference: Option<&String>, base: Option<&String>) -> usize {
        if reference.is_some() { 0 } else { base.map_or(0, String::len) }
    }
    let enums = match (&reference.enum_values, &base.enum_values) {
        (None, Some(values)) => values.iter().map(|v| v.len() + std::mem::size_of::<String>()).sum(),
        _ => 0,
    };
    enums
        + text(reference.documentation.as_ref(), base.documentation.as_ref())
        + text(reference.pattern.as_ref(), base.pattern.as_ref())
        + text(reference.deprecated_message.as_ref(), base.deprecated_message.as_ref())
        + text(reference.location_name.as_ref(), base.location_name.as_ref())
        + text(reference.query_name.as_ref(), base.query_name.as_ref())
        + text(reference.timestamp_format.as_ref(), base.timestamp_format.as_ref())
}

/// Merges the traits written on a reference over those of its target, field
/// by field, as botocore's `dict.update` does.
fn merge(reference: Traits, base: &Traits) -> Traits {
    Traits {
        documentation: reference.documentation.or_else(|| base.documentation.clone()),
        min: reference.min.or(base.min),
        max: reference.max.or(base.max),
        pattern: reference.pattern.or_else(|| base.pattern.clone()),
        enum_values: reference.enum_values.or_else(|| base.enum_values.clone()),
        sensitive: reference.sensitive || base.sensitive,
        idempotency_token: reference.idempotency_token || base.idempotency_token,
        deprecated: reference.deprecated || base.deprecated,
        deprecated_message: reference.deprecated_message.or_else(|| base.deprecated_message.clone()),
        location: reference.location.or(base.location),
        location_name: reference.location_name.or_else(|| base.location_name.clone()),
        query_name: reference.query_name.or_else(|| base.query_name.clone()),
        timestamp_format: reference.timestamp_format.or_else(|| base.timestamp_format.clone()),
        boxed: reference.boxed || base.boxed,
        streaming: reference.streaming || base.streaming,
        jsonvalue: reference.jsonvalue || base.jsonvalue,
        host_label: reference.host_label || base.host_label,
        event_stream: reference.event_stream || base.event_stream,
        requires_length: reference.requires_length || base.requires_length,
        flattened: reference.flattened || base.flattened,
    }
}

/// Where a linker finds the own traits of the shape a member names, and
/// charges the bytes a merge copies ([`Definitions`](super::lazy::Definitions)
/// reads them from the text on demand).
pub(crate) trait TraitSource {
    /// The traits written on shape `id` itself, read from `text`.
    fn own_traits(&self, text: &str, id: ShapeId) -> Result<&Traits, ModelError>;
    /// Counts `bytes` copied by a merge against the model's budget.
    fn charge_merge(&self, bytes: usize) -> Result<(), ModelError>;
}

/// What linking a shape needs: the names of all shapes, and their own
/// traits (read from `text` on demand).
pub(crate) struct Linker<'a> {
    pub(crate) origin: &'a str,
    pub(crate) text: &'a str,
    pub(crate) index: &'a Index,
    pub(crate) definitions: &'a dyn TraitSource,
}

impl Linker<'_> {
    /// Resolves a reference into a [`Member`] called `name`.
    fn member<D: DocField>(
        &self,
        name: String,
        mut raw: RawShape<D>,
        context: &dyn Fn() -> String,
    ) -> Result<Member, ModelError> {
        let Some(target_name) = raw.shape.take() else {
            return Err(structure_error(self.origin, format!("{}: reference without a `shape`", context())));
        };
        let Some(target) = self.index.shape(target_name.as_str()) else {
            return Err(structure_error(
                self.origin,
                format!("{}: refers to shape `{target_name}`, which the model does not define", context()),
            ));
        };
        let traits = take_traits(&mut raw, self.origin, context)?;
        let base = self.definitions.own_traits(self.text, target)?;
        self.definitions.charge_merge(merge_cost(&traits, base))?;
        let traits = merge(traits, base);
        Ok(Member::new(name, target, traits))
    }
}

/// Links an operation: its input and output become members.
pub(crate) fn link_operation<D: DocField>(
    linker: &Linker<'_>,
    key: &str,
    op: RawOperation<D>,
) -> Result<Operation, ModelError> {
    let context = || format!("operation `{key}`");
    let input = op.input.map(|r| linker.member("input".into(), r, &context)).transpose()?;
    let output = op.output.map(|r| linker.member("output".into(), r, &context)).transpose()?;
    let (http_method, request_uri) = match op.http {
        Some(h) => (h.method, h.request_uri),
        None => (None, None),
    };
    Ok(Operation {
        name: key.to_owned(),
        wire_name: op.name,
        cli_name: xform_name(key, '-'),
        documentation: op.documentation.and_then(DocField::into_text).unwrap_or_default(),
        input,
        output,
        deprecated: op.deprecated.unwrap_or(false),
        deprecated_message: op.deprecated_message,
        http_method,
        request_uri,
    })
}

pub(crate) fn link_kind<D: DocField>(
    linker: &Linker<'_>,
    shape_name: &str,
    mut raw: RawShape<D>,
) -> Result<ShapeKind, ModelError> {
    let origin = linker.origin;
    let Some(shape_type) = raw.shape_type.take() else {
        return Err(structure_error(origin, format!("shape `{shape_name}` has no `type`")));
    };
    let part = |raw: Option<Box<RawShape<D>>>, part: &str| -> Result<Box<Member>, ModelError> {
        let Some(raw) = raw else {
            return Err(structure_error(
                origin,
                format!("{shape_type} shape `{shape_name}` has no `{part}`"),
            ));
        };
        let context = || format!("`{part}` of shape `{shape_name}`");
        linker.member(part.to_owned(), *raw, &context).map(Box::new)
    };
    Ok(match shape_type.as_str() {
        "structure" => {
            let raw_members = raw.members.take().unwrap_or_default();
            let mut members = Vec::with_capacity(raw_members.0.len());
            for (member_name, member) in raw_members.0 {
                check_name(origin, "member", &member_name)?;
                let context = || format!("member `{member_name}` of shape `{shape_name}`");
                members.push(linker.member(member_name.clone(), member, &context)?);
            }
            ShapeKind::Structure(Structure {
                members,
                required: raw.required.take().unwrap_or_default(),
                union: raw.union.unwrap_or(false),
                document: raw.document.unwrap_or(false),
                exception: raw.exception.unwrap_or(false),
                payload: raw.payload.take(),
                ..Structure::default()
            })
        }
        "list" => ShapeKind::List { member: part(raw.member.take(), "member")? },
        "map" => {
            ShapeKind::Map { key: part(raw.key.take(), "key")?, value: part(raw.value.take(), "value")? }
        }
        "string" => ShapeKind::String,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "boolean" => ShapeKind::Boolean,
        "timestamp" => ShapeKind::Timestamp,
        "blob" => ShapeKind::Blob,
        other => {
            return Err(structure_error(
                origin,
                format!(
                    "shape `{shape_name}` has unknown type `{other}` (expected structure, list, map, string, \
                     integer, long, float, double, boolean, timestamp or blob)"
                ),
            ));
        }
    })
}
