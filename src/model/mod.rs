//! The model core: a typed, linked shape graph built from a botocore
//! `service-2.json` file.
//!
//! Every feature of the crate (skeletons, shorthand coercion, validation,
//! JSON Schema export, `describe`) walks this graph and nothing else; none of
//! them reads the model JSON on its own. The graph is an arena: shapes live in
//! one vector and refer to each other by [`ShapeId`], so recursive shapes
//! (DynamoDB's `AttributeValue`) need no reference counting and no special
//! casing.
//!
//! A *member* is a use of a shape: a structure member, a list's member, a
//! map's key or value, or an operation's input or output. botocore merges the
//! traits written on a reference over the traits of the shape it names
//! (`ShapeResolver.resolve_shape_ref`), so [`Member::traits`] holds that merged
//! view and consumers never have to look in two places.

mod depth;
pub mod documentation;
mod embedded;
mod error;
mod index;
mod layout;
mod lazy;
mod link;
mod load;
mod lookup;
mod names;
mod paginators;
mod raw;

pub use embedded::{BOTOCORE_VERSION, EMBEDDED, EmbeddedModel, embedded, load_embedded, load_embedded_with};
pub use error::{ModelError, UnknownOperation};
pub use load::LoadOptions;
pub use names::{closest_names, xform_name};
pub(crate) use names::{levenshtein, normalize};
pub use paginators::{Paginator, Paginators, embedded_paginators};

/// Index of a shape in its [`Model`]'s arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId(u32);

impl ShapeId {
    /// The position of the shape in the model file's `shapes` object.
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A shape or operation name as the model spells it: borrowed from an
/// embedded model's layout (loading one copies no name), owned for a
/// model read from a file.
pub(crate) type Name = std::borrow::Cow<'static, str>;

/// A loaded service model.
#[derive(Debug)]
pub struct Model {
    name: String,
    metadata: Metadata,
    documentation: String,
    /// Operations and shapes (where they lie, by name), linked when first
    /// asked for.
    definitions: lazy::Definitions,
    /// The paginator definitions (`paginators-1.json`) found with the
    /// model: the AWS CLI's pagination options depend on them. An
    /// embedded model's are read when first asked for
    /// (`embedded_paginators`): a plain skeleton never needs them.
    paginators: std::sync::OnceLock<Paginators>,
    /// The embedded service whose paginators `paginators` is filled from.
    embedded_paginators: Option<&'static str>,
    /// The names the AWS CLI knows the service by, made when first asked
    /// for ([`crate::awscli::cli_service_names`]).
    pub(crate) cli_names: std::sync::OnceLock<Vec<String>>,
}

/// The parts of the model's `metadata` the tool reports.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// `apiVersion`, e.g. `2018-05-01`.
    pub api_version: String,
    /// `endpointPrefix`, botocore's default service name.
    pub endpoint_prefix: Option<String>,
    /// `protocol`: `json`, `rest-json`, `rest-xml`, `query` or `ec2`.
    pub protocol: Option<String>,
    /// `serviceFullName`, e.g. `Amazon Chime`.
    pub service_full_name: Option<String>,
    /// `serviceId`, e.g. `Chime`.
    pub service_id: Option<String>,
    /// `signingName`.
    pub signing_name: Option<String>,
    /// `uid`, e.g. `chime-2018-05-01`, used in documentation links.
    pub uid: Option<String>,
}

/// An operation of the service.
#[derive(Debug)]
pub struct Operation {
    /// The API name, e.g. `UpdateUser`: the key in the model's
    /// `operations`, which botocore and the CLI name operations by.
    pub name: String,
    /// The name sent on the wire (the operation's own `name`), which a few
    /// models make differ from the key (CloudFront's `AssociateAlias` is
    /// `AssociateAlias2020_05_31`).
    pub wire_name: String,
    /// The AWS CLI name, e.g. `update-user` (botocore's `xform_name`).
    pub cli_name: String,
    /// HTML documentation, as in the model.
    pub documentation: String,
    /// The input shape, if the operation takes one.
    pub input: Option<Member>,
    /// The output shape, if the operation returns one.
    pub output: Option<Member>,
    /// Marked `deprecated` in the model.
    pub deprecated: bool,
    /// `deprecatedMessage`, when the model gives one.
    pub deprecated_message: Option<String>,
    /// The HTTP method of a REST operation.
    pub http_method: Option<String>,
    /// The request URI template of a REST operation, e.g. `/accounts/{accountId}`.
    pub request_uri: Option<String>,
}

/// A named shape of the model.
#[derive(Debug)]
pub struct Shape {
    /// The shape's name in the model, e.g. `UpdateUserRequest`.
    pub name: String,
    /// What kind of value the shape describes, with its members.
    pub kind: ShapeKind,
    /// The traits written on the shape itself (members hold merged copies).
    pub traits: Traits,
}

/// The type of a shape, with the parts that only that type has.
#[derive(Debug)]
pub enum ShapeKind {
    /// `structure`: named members; also used for unions and documents.
    Structure(Structure),
    /// `list`: a sequence of `member`.
    List {
        /// The element.
        member: Box<Member>,
    },
    /// `map`: string keys to values.
    Map {
        /// The key shape (always a string shape in AWS models).
        key: Box<Member>,
        /// The value shape.
        value: Box<Member>,
    },
    /// `string`.
    String,
    /// `integer`: a 32-bit signed integer.
    Integer,
    /// `long`: a 64-bit signed integer.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `boolean`.
    Boolean,
    /// `timestamp`.
    Timestamp,
    /// `blob`: bytes.
    Blob,
}

impl ShapeKind {
    /// The botocore type name (`structure`, `list`, ..., `blob`).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Structure(_) => "structure",
            ShapeKind::List { .. } => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::String => "string",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::Boolean => "boolean",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Blob => "blob",
        }
    }

    /// True for the scalar types (everything but structure, list and map).
    #[must_use]
    pub fn is_scalar(&self) -> bool {
        !matches!(self, ShapeKind::Structure(_) | ShapeKind::List { .. } | ShapeKind::Map { .. })
    }
}

/// The parts of a `structure` shape.
#[derive(Debug, Default)]
pub struct Structure {
    /// Members in the model file's order.
    pub members: Vec<Member>,
    /// Names of required members, in the order of the model's `required` list.
    pub required: Vec<String>,
    /// A tagged union: exactly one member must be set.
    pub union: bool,
    /// A document type: any JSON value (botocore models it as a structure
    /// with `document: true` and no members).
    pub document: bool,
    /// An error shape.
    pub exception: bool,
    /// `payload`: the member sent as the HTTP body of a REST request.
    pub payload: Option<String>,
    /// Sorted views of `members` and `required` for large structures,
    /// built on first use.
    lookup: lookup::Lookup,
}

impl Structure {
    /// The member called `name` (the first, if the model repeats a name).
    ///
    /// A linear scan for the small structures real models have; a binary
    /// search over a sorted index (built once, on first use) for large
    /// ones, so that a structure with 250,000 members costs no more per
    /// lookup than one with 20.
    #[must_use]
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.lookup.member(&self.members, name)
    }

    /// Whether the member called `name` is in the `required` list (as fast
    /// as [`Structure::member`]).
    #[must_use]
    pub fn is_required(&self, name: &str) -> bool {
        self.lookup.is_required(&self.required, name)
    }
}

/// A use of a shape, with the traits of the reference merged over the
/// traits of the shape.
#[derive(Debug)]
pub struct Member {
    /// The member name for structure members; `member`, `key` or `value` for
    /// the parts of lists and maps; `input` or `output` for operations.
    pub name: String,
    /// The shape this member is an instance of.
    pub target: ShapeId,
    /// Traits of the reference merged over the target shape's traits.
    pub traits: Traits,
    /// [`Member::cli_option`], made when first asked for.
    pub(crate) option: std::sync::OnceLock<Box<str>>,
}

impl Member {
    /// A member of `name` and `target` with `traits`.
    #[must_use]
    pub fn new(name: String, target: ShapeId, traits: Traits) -> Self {
        Self { name, target, traits, option: std::sync::OnceLock::new() }
    }

    /// The AWS CLI's option for this member, `--` and its name in the CLI's
    /// dashed form (`AccountId` → `--account-id`). Made once: `lint` asks
    /// for the options of every command's operation.
    #[must_use]
    pub fn cli_option(&self) -> &str {
        self.option.get_or_init(|| format!("--{}", names::xform_name(&self.name, '-')).into_boxed_str())
    }
}

/// A numeric bound (`min`, `max`) exactly as the model writes it.
///
/// Any JSON number is kept: an integer beyond `i128` or written with an
/// exponent (`1e30`) is a [`Bound::Float`], which a consumer compares as
/// `f64` ([`Bound::as_int`] is `None`); a number beyond `f64` (`1e400`) is
/// refused when the model is read. A bound may be negative, or fractional
/// for a length; consumers must not assume otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// An integer bound; `i128` holds every bound that appears in practice,
    /// including `long` limits, without rounding.
    Int(i128),
    /// A bound written with a fraction or exponent.
    Float(f64),
}

impl Bound {
    /// The bound as a float (may round very large integers).
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(self) -> f64 {
        match self {
            Bound::Int(i) => i as f64,
            Bound::Float(f) => f,
        }
    }

    /// The bound as an integer, if it is one.
    #[must_use]
    pub fn as_int(self) -> Option<i128> {
        match self {
            Bound::Int(i) => Some(i),
            Bound::Float(_) => None,
        }
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Int(i) => write!(f, "{i}"),
            // `1e30`, not 31 digits (`1e300` would print 301); real models'
            // float bounds are all far smaller.
            Bound::Float(x) if x.abs() >= 1e16 => write!(f, "{x:e}"),
            Bound::Float(x) => write!(f, "{x}"),
        }
    }
}

/// Where a member of a REST request goes on the wire (`location`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A label of the request URI (`/accounts/{accountId}`).
    Uri,
    /// A query-string parameter.
    Querystring,
    /// An HTTP header.
    Header,
    /// A map of HTTP headers sharing a prefix.
    Headers,
    /// The HTTP status code (output only).
    StatusCode,
}

impl Location {
    fn parse(s: &str) -> Option<Location> {
        Some(match s {
            "uri" => Location::Uri,
            "querystring" => Location::Querystring,
            "header" => Location::Header,
            "headers" => Location::Headers,
            "statusCode" => Location::StatusCode,
            _ => return None,
        })
    }

    /// The model's spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Uri => "uri",
            Location::Querystring => "querystring",
            Location::Header => "header",
            Location::Headers => "headers",
            Location::StatusCode => "statusCode",
        }
    }
}

/// The traits of a shape or member that users or features need.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    /// HTML documentation.
    pub documentation: Option<String>,
    /// `min`: string or blob length, list or map size, or numeric minimum.
    pub min: Option<Bound>,
    /// `max`: the matching maximum.
    pub max: Option<Bound>,
    /// `pattern`: a regular expression a string must contain a match of.
    pub pattern: Option<String>,
    /// `enum`: the values a string may take.
    pub enum_values: Option<Vec<String>>,
    /// `sensitive`: the value must never be printed.
    pub sensitive: bool,
    /// `idempotencyToken`: the SDK fills it with a UUID when it is absent.
    pub idempotency_token: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `deprecatedMessage`.
    pub deprecated_message: Option<String>,
    /// `location` of a REST member.
    pub location: Option<Location>,
    /// `locationName`: the wire name (URI label, header, query key, XML name).
    pub location_name: Option<String>,
    /// `queryName` (EC2 protocol).
    pub query_name: Option<String>,
    /// `timestampFormat`: `iso8601`, `unixTimestamp` or `rfc822`.
    pub timestamp_format: Option<String>,
    /// `box`: a nullable primitive (Java SDK heritage).
    pub boxed: bool,
    /// `streaming`: the HTTP body is streamed.
    pub streaming: bool,
    /// `jsonvalue`: a header whose string value is JSON.
    pub jsonvalue: bool,
    /// `hostLabel`: part of the endpoint host name.
    pub host_label: bool,
    /// `eventstream`.
    pub event_stream: bool,
    /// `requiresLength` of a streaming blob.
    pub requires_length: bool,
    /// `flattened` (XML protocols).
    pub flattened: bool,
}

impl Model {
    /// The paginator of the operation with API name `operation`, when the
    /// model came with paginator definitions (embedded, or a
    /// `paginators-1.json` beside a `--model` file).
    #[must_use]
    pub fn paginator(&self, operation: &str) -> Option<&Paginator> {
        self.paginators().get(operation)
    }

    /// Whether paginator definitions came with the model: without them, no
    /// operation is known not to be paged.
    #[must_use]
    pub fn paginators_known(&self) -> bool {
        self.paginators().is_known()
    }

    /// Replaces the paginator definitions (for a model read from bytes).
    pub fn set_paginators(&mut self, paginators: Paginators) {
        self.paginators = std::sync::OnceLock::from(paginators);
        self.embedded_paginators = None;
    }

    /// Gives the model the paginators of the embedded service `name`, read
    /// when first asked for.
    pub(crate) fn set_embedded_paginators(&mut self, name: &'static str) {
        self.paginators = std::sync::OnceLock::new();
        self.embedded_paginators = Some(name);
    }

    fn paginators(&self) -> &Paginators {
        self.paginators.get_or_init(|| {
            // The embedded files all read (`every_embedded_service_has_its_paginators`).
            self.embedded_paginators.and_then(|name| embedded_paginators(name).ok()).unwrap_or_default()
        })
    }

    /// The service name the model is known by (`chime`, `dynamodb`, ...).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The model's metadata.
    #[must_use]
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The service documentation (HTML).
    #[must_use]
    pub fn documentation(&self) -> &str {
        &self.documentation
    }

    /// All operations, in the model file's order (linking those not linked
    /// yet).
    pub fn operations(&self) -> impl ExactSizeIterator<Item = &Operation> + Clone {
        (0..self.definitions.operations.len()).map(|i| self.definitions.operation(i))
    }

    /// All shapes, in the model file's order (linking those not linked yet).
    pub fn shapes(&self) -> impl ExactSizeIterator<Item = &Shape> + Clone {
        (0..self.definitions.shapes.len()).map(|i| self.shape(ShapeId(u32::try_from(i).unwrap_or(u32::MAX))))
    }

    /// The shape with this id.
    ///
    /// # Panics
    ///
    /// For an id that another model handed out (ids of this model are
    /// checked when the model is linked), or if an embedded model does not
    /// link, which the test suite rules out.
    #[must_use]
    pub fn shape(&self, id: ShapeId) -> &Shape {
        self.definitions.shape(id)
    }

    /// The shape called `name`.
    #[must_use]
    pub fn shape_named(&self, name: &str) -> Option<&Shape> {
        self.definitions.index.shape(name).map(|id| self.shape(id))
    }

    /// The id of the shape called `name`.
    #[must_use]
    pub fn shape_id(&self, name: &str) -> Option<ShapeId> {
        self.definitions.index.shape(name)
    }

    /// Whether `member` is a document type, or a list or map whose elements
    /// end in one (the AWS CLI's `is_document_type_container`: such
    /// arguments take JSON only). Follows at most as many lists and maps as
    /// a loaded model nests (`depth::MAX_NESTING`), so a self-referencing
    /// list cannot loop and the cost per call is bounded however many shapes
    /// the model has.
    #[must_use]
    pub fn is_document_container(&self, member: &Member) -> bool {
        let mut current = member;
        for _ in 0..=depth::MAX_NESTING.min(self.definitions.shapes.len()) {
            match &self.shape(current.target).kind {
                ShapeKind::Structure(s) => return s.document,
                ShapeKind::List { member } => current = member,
                ShapeKind::Map { value, .. } => current = value,
                _ => return false,
            }
        }
        false
    }

    /// The operation called `name` (CLI or API name), without the
    /// suggestions [`Model::operation`] computes for an unknown one: for
    /// callers that ask many models about many names (which service has
    /// this operation?), where suggesting costs an edit distance against
    /// every operation name each time.
    #[must_use]
    pub fn find_operation(&self, name: &str) -> Option<&Operation> {
        self.definitions
            .index
            .operation(name)
            .filter(|&i| i < self.definitions.operations.len())
            .map(|i| self.definitions.operation(i))
    }

    /// Finds an operation by its CLI name (`update-user`), its API name
    /// (`UpdateUser`), or either spelled without regard to case, `-` and `_`
    /// (`update_user`, as boto3 names it).
    ///
    /// # Errors
    ///
    /// An unknown name gives [`UnknownOperation`] with the closest names.
    pub fn operation(&self, name: &str) -> Result<&Operation, UnknownOperation> {
        self.find_operation(name).ok_or_else(|| UnknownOperation {
            service: self.name.clone(),
            name: name.to_owned(),
            suggestions: closest_names(name, self.operations().map(|o| o.cli_name.as_str())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chime() -> Model {
        embedded("chime").map(EmbeddedModel::load).unwrap().unwrap()
    }

    #[test]
    fn finds_operations_by_every_spelling() {
        let model = chime();
        for name in ["update-user", "UpdateUser", "update_user", "UPDATE-USER"] {
            assert_eq!(model.operation(name).unwrap().name, "UpdateUser", "{name}");
        }
    }

    #[test]
    fn unknown_operation_suggests_close_names() {
        let model = chime();
        let err = model.operation("update-usr").unwrap_err();
        assert_eq!(err.suggestions.first().map(String::as_str), Some("update-user"));
        let err = model.operation("zzzzzzzzzzzzzz").unwrap_err();
        assert!(err.suggestions.is_empty(), "{:?}", err.suggestions);
    }

    #[test]
    fn member_traits_merge_over_shape_traits() {
        let model = chime();
        let op = model.operation("update-user").unwrap();
        let input = op.input.as_ref().unwrap();
        let ShapeKind::Structure(s) = &model.shape(input.target).kind else {
            panic!("input is a structure");
        };
        let license = s.member("LicenseType").unwrap();
        // The enum lives on the `License` shape; the documentation on the member.
        assert_eq!(license.traits.enum_values.as_deref().unwrap(), ["Basic", "Plus", "Pro", "ProTrial"]);
        assert!(license.traits.documentation.as_deref().unwrap().contains("license type"));
        let account = s.member("AccountId").unwrap();
        assert_eq!(account.traits.location, Some(Location::Uri));
        assert_eq!(account.traits.location_name.as_deref(), Some("accountId"));
        assert_eq!(s.required, ["AccountId", "UserId"]);
    }
}
