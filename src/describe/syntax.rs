//! The "Shorthand Syntax", "Syntax" and "JSON Syntax" examples of the AWS
//! CLI's help pages, generated from the model exactly as the CLI generates
//! them (`awscli/argprocess.py` `ParamShorthandDocGen`, `awscli/clidocs.py`
//! `_json_example`), so they can be compared with the CLI's own pages.

use crate::cliargs::supports_shorthand;
use crate::model::{Member, Model, ShapeId, ShapeKind};

/// The blocks shown for one top-level argument.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntaxBlocks {
    /// "Shorthand Syntax", for structures, maps and lists of them (absent
    /// when the argument nests too deep for the CLI to write an example).
    pub shorthand: Option<String>,
    /// "Syntax", for lists of scalars: `"string" "string" ...`.
    pub syntax: Option<String>,
    /// "JSON Syntax", for every other non-scalar argument.
    pub json: Option<String>,
}

/// The CLI gives up on shorthand examples nested deeper than this.
const MAX_SHORTHAND_STACK: usize = 3;

/// A shorthand example longer than this is treated as too complex (the
/// CLI's `TooComplexError`): three levels of a structure with thousands of
/// members would otherwise print billions of bytes.
const MAX_SHORTHAND_BYTES: usize = 1024 * 1024;

/// A JSON syntax example stops expanding past this many bytes (the
/// largest real one is well under a megabyte).
const MAX_JSON_EXAMPLE_BYTES: usize = 16 * 1024 * 1024;

/// The blocks the CLI's help shows for `member` (a top-level input member).
#[must_use]
pub fn syntax_blocks(model: &Model, member: &Member) -> SyntaxBlocks {
    let mut blocks = SyntaxBlocks::default();
    let kind = &model.shape(member.target).kind;
    if supports_shorthand(model, member) {
        // A structure with a single string member `Value` takes a bare word;
        // the CLI documents no syntax at all for it.
        if let ShapeKind::Structure(s) = kind
            && s.members.len() == 1
            && s.members
                .first()
                .is_some_and(|m| m.name == "Value" && matches!(model.shape(m.target).kind, ShapeKind::String))
        {
            return blocks;
        }
        let mut stack = Vec::new();
        let example = match kind {
            ShapeKind::List { member: element } => {
                shorthand(model, element, &mut stack).map(|docs| format!("{docs} ..."))
            }
            _ => shorthand(model, member, &mut stack),
        };
        blocks.shorthand = example.filter(|e| !e.is_empty());
    }
    match kind {
        ShapeKind::List { member: element } if model.shape(element.target).kind.is_scalar() => {
            let name = value_name(model, element, false);
            let mut text = format!("{name} {name} ...");
            if let Some(values) = string_enum(model, element) {
                text.push_str("\n\nWhere valid values are:\n");
                for v in values {
                    text.push_str("    ");
                    text.push_str(v);
                    text.push('\n');
                }
            }
            blocks.syntax = Some(text);
        }
        kind if !kind.is_scalar() => {
            let mut writer = Writer::default();
            json_example(model, member, &mut Vec::new(), &mut writer);
            blocks.json = Some(writer.out);
        }
        _ => {}
    }
    blocks
}

fn string_enum<'m>(model: &Model, member: &'m Member) -> Option<&'m [String]> {
    match model.shape(member.target).kind {
        ShapeKind::String => member.traits.enum_values.as_deref().filter(|v| !v.is_empty()),
        _ => None,
    }
}

/// `None` when the example is too deep (the CLI's `TooComplexError`).
fn shorthand(model: &Model, member: &Member, stack: &mut Vec<ShapeId>) -> Option<String> {
    if stack.len() > MAX_SHORTHAND_STACK {
        return None;
    }
    match &model.shape(member.target).kind {
        ShapeKind::Structure(structure) => {
            let mut parts = Vec::new();
            let mut total = 0;
            for child in &structure.members {
                if model.is_document_container(child) {
                    continue;
                }
                // The CLI writes the marker without the member name.
                if stack.contains(&child.target) {
                    parts.push("( ... recursive ... )".to_owned());
                    continue;
                }
                stack.push(child.target);
                let value = shorthand(model, child, stack);
                stack.pop();
                let part = format!("{}={}", child.name, value?);
                total += part.len() + 1;
                if total > MAX_SHORTHAND_BYTES {
                    return None;
                }
                parts.push(part);
            }
            let inner = parts.join(",");
            if inner.len() > MAX_SHORTHAND_BYTES {
                return None;
            }
            Some(if stack.is_empty() { inner } else { format!("{{{inner}}}") })
        }
        ShapeKind::List { member: element } => {
            stack.push(element.target);
            let docs = shorthand(model, element, stack);
            stack.pop();
            let docs = docs.filter(|d| d.len() <= MAX_SHORTHAND_BYTES)?;
            let complex = !model.shape(element.target).kind.is_scalar();
            Some(if complex || stack.len() > 1 {
                format!("[{docs},{docs}]")
            } else {
                format!("{docs},{docs}")
            })
        }
        ShapeKind::Map { key, value } => {
            stack.push(value.target);
            let docs = shorthand(model, value, stack);
            stack.pop();
            let docs = docs.filter(|d| d.len() <= MAX_SHORTHAND_BYTES)?;
            let mut start = format!("KeyName1={docs},KeyName2={docs}");
            if let (Some(keys), true) = (string_enum(model, key), stack.is_empty()) {
                start.push_str("\n\nWhere valid key names are:\n");
                for k in keys {
                    start.push_str("  ");
                    start.push_str(k);
                    start.push('\n');
                }
            } else if !stack.is_empty() {
                start = format!("{{{start}}}");
            }
            Some(start)
        }
        kind => Some(kind.type_name().to_owned()),
    }
}

/// The value written for a scalar: `"string"`, `"A"|"B"` for enums,
/// `true|false`, or the type name.
fn value_name(model: &Model, member: &Member, include_enum: bool) -> String {
    match &model.shape(member.target).kind {
        ShapeKind::String => match string_enum(model, member) {
            Some(values) if include_enum => {
                values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join("|")
            }
            _ => "\"string\"".to_owned(),
        },
        ShapeKind::Boolean => "true|false".to_owned(),
        kind => kind.type_name().to_owned(),
    }
}

/// botocore's ReST writer as far as the examples use it: `new_line`
/// writes a newline and two spaces per indentation level.
#[derive(Default)]
struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn new_line(&mut self) {
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', self.indent * 2));
    }
    fn indent(&mut self) {
        self.indent += 1;
    }
    fn dedent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }
}

fn json_example(model: &Model, member: &Member, stack: &mut Vec<ShapeId>, w: &mut Writer) {
    let kind = &model.shape(member.target).kind;
    if w.out.len() > MAX_JSON_EXAMPLE_BYTES {
        w.write("...");
        return;
    }
    if stack.iter().filter(|&&s| s == member.target).count() > 1 {
        if matches!(kind, ShapeKind::Structure(_)) {
            w.write("{ ... recursive ... }");
        }
        return;
    }
    stack.push(member.target);
    match kind {
        ShapeKind::List { member: element } => {
            w.write("[");
            if model.shape(element.target).kind.is_scalar() {
                w.write(&format!("{}, ...", value_name(model, element, true)));
            } else {
                w.indent();
                w.new_line();
                json_example(model, element, stack, w);
                w.new_line();
                w.write("...");
                w.dedent();
                w.new_line();
            }
            w.write("]");
        }
        ShapeKind::Map { key, value } => {
            w.write("{");
            w.indent();
            w.write(&format!("{}: ", value_name(model, key, true)));
            if model.shape(value.target).kind.is_scalar() {
                w.write(&value_name(model, value, true));
            } else {
                w.indent();
                json_example(model, value, stack, w);
                w.dedent();
            }
            w.new_line();
            w.write("...");
            w.dedent();
            w.write("}");
        }
        ShapeKind::Structure(structure) if structure.document => w.write("{...}"),
        ShapeKind::Structure(structure) => {
            w.write("{");
            w.indent();
            w.new_line();
            let count = structure.members.len();
            for (i, child) in structure.members.iter().enumerate() {
                if model.shape(child.target).kind.is_scalar() {
                    w.write(&format!("\"{}\": {}", child.name, value_name(model, child, true)));
                } else {
                    w.write(&format!("\"{}\": ", child.name));
                    json_example(model, child, stack, w);
                }
                if i + 1 < count {
                    w.write(",");
                    w.new_line();
                }
            }
            w.dedent();
            w.new_line();
            w.write("}");
        }
        _ => {}
    }
    stack.pop();
}
