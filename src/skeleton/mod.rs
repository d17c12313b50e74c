//! Request and response skeletons, as `aws ... --generate-cli-skeleton`
//! writes them.
//!
//! [`generate`] walks a shape the way botocore's `ArgumentGenerator` does
//! and produces a [`Node`] tree; the renderers turn the tree into bytes:
//! JSON for `input` and `output` (Python's `json.dumps(indent=4)`, see
//! [`crate::python::json`]) and YAML with member comments for `yaml-input`
//! (the `yaml` submodule, reproducing AWS CLI v2's ruamel.yaml output).
//!
//! Where the CLI is non-deterministic (v1 picks a random enum value) we take
//! the first value, as v2 does. Where the CLI fails (`output` for the 64
//! Chime operations whose placeholders violate their own `min`, aws-cli
//! issue #2337) we print the skeleton anyway.
//!
//! Beyond the CLI (issue 18), a request skeleton can be filled: [`example`]
//! writes values that satisfy the model (and `--required-only` keeps only
//! what the request needs), and [`fill`] lays the values the user already
//! has — an argument list, a response document — over the skeleton. Both
//! produce the same [`Node`] tree, with [`Node::Value`] for what they fill
//! in, so the renderers stay the ones above.

pub mod documented;
pub mod example;
pub mod fill;
#[cfg(test)]
mod promise;
mod yaml;

use serde_json::{Map, Value};

use crate::model::{Member, Model, Operation, ShapeId, ShapeKind};
use crate::python::json::{self, Ascii};

/// What `--generate-cli-skeleton` is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `input`: the request as JSON (AWS CLI v1 bytes, first enum value).
    Input,
    /// `yaml-input`: the request as commented YAML (AWS CLI v2 bytes).
    YamlInput,
    /// `output`: a sample response as JSON, member names as string values.
    Output,
}

impl Mode {
    /// The CLI spelling: `input`, `yaml-input`, `output`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Input => "input",
            Mode::YamlInput => "yaml-input",
            Mode::Output => "output",
        }
    }
}

/// A generated value.
#[derive(Debug, Clone)]
pub enum Node<'m> {
    /// A structure: every member, in model order (empty for a document
    /// type, and where a recursive structure meets itself again).
    Structure(Vec<Field<'m>>),
    /// A map: the single entry `KeyName`.
    Map(Vec<(String, Node<'m>)>),
    /// A list with one element.
    List(Vec<Node<'m>>),
    /// A string: `""`, the first enum value, or (output) the member name.
    String(String),
    /// An `integer` or `long`: `0`.
    Integer,
    /// A `float` or `double`: `0.0`.
    Float,
    /// A `boolean`: `true`.
    Boolean,
    /// A `timestamp`: 1970-01-01 00:00:00.
    Timestamp,
    /// A `blob`: `null` in JSON, `!!binary ''` in YAML.
    Blob,
    /// A value filled in (an example, an argument, a response's value):
    /// printed as it is.
    Value(Filled),
}

/// A value a filled skeleton prints where the plain one has a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The value, in the types the AWS CLI would hand to botocore.
    pub value: crate::python::value::Value,
    /// Why the value is not what was asked for (a pattern no value was
    /// found for): the YAML comment says it.
    pub note: Option<String>,
}

impl Filled {
    /// A value without a note.
    #[must_use]
    pub fn node(value: crate::python::value::Value) -> Node<'static> {
        Node::Value(Filled { value, note: None })
    }
}

/// A structure member with its generated value.
#[derive(Debug, Clone)]
pub struct Field<'m> {
    /// The member (name, merged traits).
    pub member: &'m Member,
    /// Whether the structure lists the member as required.
    pub required: bool,
    /// The generated value.
    pub value: Node<'m>,
}

/// Which values the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Request placeholders: `""`, the first enum value, `0`, `true`.
    Placeholders,
    /// Response samples: strings are the member's name (botocore's
    /// `use_member_names=True`), list elements the list member's shape name.
    MemberNames,
}

/// Generates the skeleton of `member` (usually an operation's input or
/// output), following botocore's `ArgumentGenerator`.
///
/// A stack of shape ids is kept; a structure already on the stack once
/// before becomes an empty structure, so a recursive shape is expanded
/// exactly once, as botocore does.
#[must_use]
pub fn generate<'m>(model: &'m Model, member: &'m Member, values: Values) -> Node<'m> {
    generate_budgeted(model, member, values).0
}

/// [`generate`], and whether [`MAX_COST`] ran out (the skeleton is then
/// cut short).
fn generate_budgeted<'m>(model: &'m Model, member: &'m Member, values: Values) -> (Node<'m>, bool) {
    let mut stack = Vec::new();
    let mut budget = MAX_COST;
    let node = generate_member(model, member, values, "", &mut stack, &mut budget);
    (node, budget == 0)
}

/// A skeleton that would be larger than [`MAX_COST`]: only a hostile model
/// (one that grows exponentially without recursion) makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the skeleton would be larger than {} MiB: the model makes it grow exponentially", MAX_COST >> 20)]
pub struct TooLarge;

/// [`render`], refusing a skeleton that [`MAX_COST`] had to cut short
/// rather than printing it incomplete.
///
/// # Errors
///
/// [`TooLarge`].
pub fn try_render(model: &Model, operation: &Operation, mode: Mode) -> Result<String, TooLarge> {
    let member = match mode {
        Mode::Input | Mode::YamlInput => operation.input.as_ref(),
        Mode::Output => operation.output.as_ref(),
    };
    let values = if mode == Mode::Output { Values::MemberNames } else { Values::Placeholders };
    if let Some(member) = member
        && generate_budgeted(model, member, values).1
    {
        return Err(TooLarge);
    }
    Ok(render(model, operation, mode))
}

/// How much output a skeleton may grow to, in (roughly) bytes.
///
/// A model can make a skeleton exponential without recursion: 60 structures
/// each with two members of the next expand to 2^60 nodes. Each node is
/// charged an estimate of what it prints (indentation, name, documentation,
/// enum value); once this is spent, further structures are written empty,
/// as botocore writes a recursive one, so the output stays bounded. The
/// largest real skeleton (quicksight `create-dashboard`, yaml-input) is
/// 5.7 MB.
pub const MAX_COST: usize = 64 * 1024 * 1024;

/// What printing `member` as a node `depth` deep costs, roughly.
fn cost(member: &Member, name: &str, depth: usize) -> usize {
    let doc = member.traits.documentation.as_ref().map_or(0, String::len);
    let value = member.traits.enum_values.as_ref().and_then(|e| e.first()).map_or(0, String::len);
    16 + 4 * depth + member.name.len() + name.len() + doc + value
}

/// Deeper than any real model; a bound against self-containing lists.
const MAX_DEPTH: usize = 100;

fn generate_member<'m>(
    model: &'m Model,
    member: &'m Member,
    values: Values,
    name: &str,
    stack: &mut Vec<ShapeId>,
    budget: &mut usize,
) -> Node<'m> {
    // botocore guards recursion only at structures; a model whose lists or
    // maps contain themselves would recurse forever (Python stops with a
    // RecursionError). Real models never nest this deep.
    if stack.len() >= MAX_DEPTH {
        return Node::Structure(Vec::new());
    }
    match budget.checked_sub(cost(member, name, stack.len())) {
        Some(left) => *budget = left,
        None => {
            *budget = 0;
            return Node::Structure(Vec::new());
        }
    }
    stack.push(member.target);
    let shape = model.shape(member.target);
    let node = match &shape.kind {
        ShapeKind::Structure(structure) => {
            if stack.iter().filter(|&&id| id == member.target).count() > 1 {
                Node::Structure(Vec::new())
            } else {
                Node::Structure(
                    structure
                        .members
                        .iter()
                        .map(|m| Field {
                            member: m,
                            required: structure.is_required(&m.name),
                            value: generate_member(model, m, values, &m.name, stack, budget),
                        })
                        .collect(),
                )
            }
        }
        ShapeKind::List { member: element } => {
            let element_name = match values {
                Values::MemberNames => model.shape(element.target).name.as_str(),
                Values::Placeholders => "",
            };
            Node::List(vec![generate_member(model, element, values, element_name, stack, budget)])
        }
        ShapeKind::Map { value, .. } => {
            Node::Map(vec![("KeyName".to_owned(), generate_member(model, value, values, "", stack, budget))])
        }
        ShapeKind::String => Node::String(match values {
            Values::MemberNames => name.to_owned(),
            Values::Placeholders => {
                member.traits.enum_values.as_ref().and_then(|e| e.first()).cloned().unwrap_or_default()
            }
        }),
        ShapeKind::Integer | ShapeKind::Long => Node::Integer,
        ShapeKind::Float | ShapeKind::Double => Node::Float,
        ShapeKind::Boolean => Node::Boolean,
        ShapeKind::Timestamp => Node::Timestamp,
        ShapeKind::Blob => Node::Blob,
    };
    stack.pop();
    node
}

impl Node<'_> {
    /// The JSON value the AWS CLI prints for this node: timestamps as
    /// `"1970-01-01T00:00:00"` (Python's `isoformat()` of a naive datetime)
    /// and blobs as `null`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        match self {
            Node::Structure(fields) => Value::Object(
                fields
                    .iter()
                    .map(|f| (f.member.name.clone(), f.value.to_json()))
                    .collect::<Map<String, Value>>(),
            ),
            Node::Map(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Node::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::String(s) => Value::String(s.clone()),
            Node::Integer => Value::from(0),
            Node::Float => Value::from(0.0),
            Node::Boolean => Value::Bool(true),
            Node::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
            Node::Blob => Value::Null,
            Node::Value(filled) => filled.value.to_json(),
        }
    }

    /// True for a structure or map without entries (`{}`).
    #[must_use]
    pub fn is_empty_object(&self) -> bool {
        match self {
            Node::Structure(fields) => fields.is_empty(),
            Node::Map(entries) => entries.is_empty(),
            _ => false,
        }
    }
}

/// The exact text `aws SERVICE OPERATION --generate-cli-skeleton MODE`
/// prints (see the module documentation for where we differ on purpose).
///
/// An operation without input gives `{}\n` for both input modes; an
/// operation without output members gives the empty string, as the CLI
/// prints nothing for an empty response.
#[must_use]
pub fn render(model: &Model, operation: &Operation, mode: Mode) -> String {
    match mode {
        Mode::Input => match &operation.input {
            None => "{}\n".to_owned(),
            Some(input) => {
                let node = generate(model, input, Values::Placeholders);
                let mut text = json::to_string(&node.to_json(), Ascii::Escape);
                text.push('\n');
                text
            }
        },
        Mode::YamlInput => match &operation.input {
            None => "{}\n".to_owned(),
            Some(input) => yaml::render(&generate(model, input, Values::Placeholders)),
        },
        Mode::Output => match &operation.output {
            None => String::new(),
            Some(output) => {
                let node = generate(model, output, Values::MemberNames);
                if node.is_empty_object() {
                    return String::new();
                }
                let mut text = json::to_string(&node.to_json(), Ascii::Keep);
                text.push('\n');
                text
            }
        },
    }
}

/// A request tree (from [`example::generate`] or [`fill::overlay`]) as
/// `mode` prints it: `input` as 4-space JSON with non-ASCII escaped (as the
/// CLI's skeleton), `yaml-input` as commented YAML. (`output` prints JSON
/// with UTF-8 kept.)
#[must_use]
pub fn render_node(node: &Node<'_>, mode: Mode) -> String {
    match mode {
        Mode::YamlInput => yaml::render(node),
        Mode::Input | Mode::Output => {
            let ascii = if mode == Mode::Input { Ascii::Escape } else { Ascii::Keep };
            let mut text = json::to_string(&node.to_json(), ascii);
            text.push('\n');
            text
        }
    }
}

/// The request skeleton of `operation` with `options` (example values,
/// required members only), rendered as `mode` (`input` or `yaml-input`),
/// and what could not be made valid. An operation without input gives
/// `{}`.
#[must_use]
pub fn render_example(
    model: &Model,
    operation: &Operation,
    mode: Mode,
    options: example::Options,
) -> (String, Vec<example::Warning>) {
    match &operation.input {
        None => ("{}\n".to_owned(), Vec::new()),
        Some(input) => {
            let (node, warnings) = example::generate(model, input, options);
            (render_node(&node, mode), warnings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::embedded;

    fn chime() -> Model {
        embedded("chime").unwrap().load().unwrap()
    }

    #[test]
    fn update_user_input_is_deterministic() {
        let model = chime();
        let op = model.operation("update-user").unwrap();
        let text = render(&model, op, Mode::Input);
        assert!(text.contains("\"LicenseType\": \"Basic\""), "{text}");
        assert_eq!(text, render(&model, op, Mode::Input));
    }

    #[test]
    fn empty_input_and_output() {
        let model = chime();
        let op = model.operation("get-global-settings").unwrap();
        assert_eq!(render(&model, op, Mode::Input), "{}\n");
        let op = model.operation("delete-account").unwrap();
        assert_eq!(render(&model, op, Mode::Output), "");
    }

    #[test]
    fn a_list_of_itself_does_not_recurse_forever() {
        let json = r#"{
            "metadata": {"apiVersion": "2020-01-01"},
            "operations": {"Loop": {"name": "Loop", "input": {"shape": "In"}}},
            "shapes": {
                "In": {"type": "structure", "members": {"L": {"shape": "L"}, "M": {"shape": "M"}}},
                "L": {"type": "list", "member": {"shape": "L"}},
                "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "M"}},
                "S": {"type": "string"}
            }
        }"#;
        let model = Model::from_bytes(json.as_bytes(), "t", Some("t")).unwrap();
        let op = model.operation("Loop").unwrap();
        for mode in [Mode::Input, Mode::YamlInput] {
            assert!(render(&model, op, mode).contains("\"L\"") || render(&model, op, mode).contains("L:"));
        }
        let page = crate::describe::describe(&model, op, crate::describe::Style::default());
        assert!(page.contains("JSON Syntax"));
        let _ = crate::schema::operation_schema(&model, op, crate::schema::Side::Input);
        let args = ["--l".to_owned(), "[[[]]]".to_owned()];
        let _ = crate::cliargs::parse_arguments(&model, op, &args, &crate::cliargs::SystemEnvironment);
    }

    #[test]
    fn recursive_structures_expand_once() {
        let json = r#"{
            "metadata": {"apiVersion": "2020-01-01"},
            "operations": {"Walk": {"name": "Walk", "input": {"shape": "Node"}}},
            "shapes": {
                "Node": {"type": "structure", "members": {
                    "Name": {"shape": "S"}, "Children": {"shape": "Nodes"}, "Parent": {"shape": "Node"}}},
                "Nodes": {"type": "list", "member": {"shape": "Node"}},
                "S": {"type": "string"}
            }
        }"#;
        let model = Model::from_bytes(json.as_bytes(), "t", Some("t")).unwrap();
        let op = model.operation("Walk").unwrap();
        let value = generate(&model, op.input.as_ref().unwrap(), Values::Placeholders).to_json();
        assert_eq!(value, serde_json::json!({"Name": "", "Children": [{}], "Parent": {}}));
    }
}
