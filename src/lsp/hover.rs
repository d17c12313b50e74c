//! Hover: what the model says about the member under the cursor — its
//! documentation, type, whether it is required, its constraints and
//! whether it is sensitive — as Markdown.
//!
//! The text is made from the model core and `describe`'s own pieces
//! ([`type_label`], [`constraints`], [`html_to_text`]), so the editor says
//! what `chime-shape describe` prints. Nothing of the document is quoted:
//! hovering a sensitive value shows its member, never the value.

use crate::describe::{constraints, type_label};
use crate::doc::{self, Document, Format, Limits, Span, Value};
use crate::guard::sanitize::escape_multiline;
use crate::model::documentation::html_to_text;
use crate::model::{Member, Model, Operation, ShapeKind};

use super::context::{self, Place, Step};

/// Enum values listed at most in a hover (a few models have hundreds).
const MAX_VALUES: usize = 60;

/// The hover for byte `offset` of a request document of `operation`: the
/// Markdown and the bytes it is about.
#[must_use]
pub fn request(
    model: &Model,
    operation: &Operation,
    text: &str,
    format: Format,
    offset: usize,
) -> Option<(String, Span)> {
    let (path, span) = match doc::parse_bytes(text.as_bytes(), format, &Limits::DEFAULT) {
        Ok((document, _)) => locate(&document, u32::try_from(offset).ok()?)?,
        // Half typed: the scanner's idea of the place.
        Err(_) => {
            let at = context::at(text, offset, format)?;
            let mut path = at.path;
            if at.place == Place::Key {
                path.push(Step::Key(at.word));
            }
            let span = Span::new(u32::try_from(at.start).ok()?, u32::try_from(at.end).ok()?);
            (path, span)
        }
    };
    let member = context::member_at(model, operation, &path)?;
    let (name, required) = match path.split_last() {
        Some((Step::Key(name), parent)) => {
            let container = if parent.is_empty() {
                operation.input.as_ref()
            } else {
                context::member_at(model, operation, parent)
            };
            match container.map(|c| &model.shape(c.target).kind) {
                Some(ShapeKind::Structure(s)) => (Some(name.as_str()), s.is_required(name)),
                // A map's key is the user's data, and may be a secret (a
                // sensitive key shape): never named.
                _ => (None, false),
            }
        }
        _ => (None, false),
    };
    Some((member_markdown(model, member, name, required), span))
}

/// The path to what lies at `offset` (a key, or a value), and its span.
fn locate(document: &Document, offset: u32) -> Option<(Vec<Step>, Span)> {
    let contains = |span: Span| span.start <= offset && offset <= span.end;
    let mut id = document.root();
    if !contains(document.node(id).span) {
        return None;
    }
    let mut path = Vec::new();
    loop {
        let node = document.node(id);
        match document.value(id) {
            Value::Object(entries) => {
                if let Some(entry) = entries.iter().find(|e| contains(e.key_span)) {
                    path.push(Step::Key(entry.key.to_owned()));
                    return Some((path, entry.key_span));
                }
                let entry = entries.iter().find(|e| contains(document.node(e.value).span))?;
                path.push(Step::Key(entry.key.to_owned()));
                id = entry.value;
            }
            Value::Array(items) => {
                id = *items.iter().find(|&&item| contains(document.node(item).span))?;
                path.push(Step::Item);
            }
            _ => return Some((path, node.span)),
        }
    }
}

/// A member as Markdown: `**Name** · type · required · sensitive`, its
/// documentation, its values, its constraints, and for a structure its
/// members.
#[must_use]
pub fn member_markdown(model: &Model, member: &Member, name: Option<&str>, required: bool) -> String {
    let kind = &model.shape(member.target).kind;
    let mut head = Vec::new();
    if let Some(name) = name {
        head.push(format!("**{}**", escape_multiline(name)));
    }
    head.push(format!("`{}`", type_label(model, member)));
    if required && !member.traits.idempotency_token {
        head.push("required".to_owned());
    }
    if member.traits.sensitive {
        head.push("**sensitive**".to_owned());
    }
    let mut out = head.join(" · ");
    if let Some(documentation) = &member.traits.documentation {
        let text = html_to_text(documentation);
        if !text.trim().is_empty() {
            out.push_str("\n\n");
            out.push_str(&escape_multiline(&text));
        }
    }
    if let (ShapeKind::String, Some(values)) = (kind, &member.traits.enum_values) {
        let shown: Vec<String> =
            values.iter().take(MAX_VALUES).map(|v| format!("`{}`", escape_multiline(v))).collect();
        let more = values.len().saturating_sub(MAX_VALUES);
        out.push_str(&format!("\n\nValues: {}", shown.join(", ")));
        if more > 0 {
            out.push_str(&format!(" and {more} more"));
        }
    }
    let constraints = constraints(model, member);
    if !constraints.is_empty() {
        out.push_str(&format!("\n\nConstraints: {}", constraints.join("; ")));
    }
    match kind {
        ShapeKind::Structure(s) if !s.document && !s.members.is_empty() => {
            let members: Vec<String> = s
                .members
                .iter()
                .take(MAX_VALUES)
                .map(|m| {
                    let required = if s.is_required(&m.name) { " (required)" } else { "" };
                    format!("`{}`{required}", escape_multiline(&m.name))
                })
                .collect();
            out.push_str(&format!("\n\nMembers: {}", members.join(", ")));
        }
        ShapeKind::List { member: item } => {
            out.push_str(&format!("\n\nItems: `{}`", type_label(model, item)));
        }
        _ => {}
    }
    out
}

/// An operation as Markdown: its names and documentation.
#[must_use]
pub fn operation_markdown(model: &Model, operation: &Operation) -> String {
    let mut out =
        format!("**{}** (`{}`, {})", operation.cli_name, operation.name, escape_multiline(model.name()));
    let text = html_to_text(&operation.documentation);
    if !text.trim().is_empty() {
        out.push_str("\n\n");
        out.push_str(&escape_multiline(&text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LoadOptions, load_embedded_with};

    #[test]
    fn hovers_keys_and_values_with_documentation_and_constraints() {
        let model = load_embedded_with("chime", LoadOptions { documentation: true }).unwrap();
        let op = model.operation("update-user").unwrap();
        let text = "AccountId: a\nLicenseType: Platinum\n";
        let (markdown, span) = request(&model, op, text, Format::Yaml, 15).unwrap();
        assert!(markdown.starts_with("**LicenseType** · `string`"), "{markdown}");
        assert!(markdown.contains("Values: `Basic`, `Plus`, `Pro`, `ProTrial`"), "{markdown}");
        assert_eq!(span.slice(text), Some("LicenseType"));
        let (markdown, _) = request(&model, op, text, Format::Yaml, 2).unwrap();
        assert!(markdown.starts_with("**AccountId** · `string` · required"), "{markdown}");
        assert!(markdown.contains("The Amazon Chime account ID."), "{markdown}");
        // On the value: the member, never the value.
        let (markdown, span) = request(&model, op, text, Format::Yaml, 30).unwrap();
        assert!(!markdown.contains("Platinum"));
        assert_eq!(span.slice(text), Some("Platinum"));
        // Half typed: still the member.
        let (markdown, _) = request(&model, op, "{\"LicenseType\": \"P", Format::Json, 5).unwrap();
        assert!(markdown.starts_with("**LicenseType**"), "{markdown}");
    }

    #[test]
    fn sensitive_members_are_flagged() {
        let model = load_embedded_with("chime-sdk-voice", LoadOptions { documentation: true }).unwrap();
        let op = model.operation("create-sip-media-application-call").unwrap();
        let text = "FromPhoneNumber: \"+15550100\"\n";
        let (markdown, _) = request(&model, op, text, Format::Yaml, 20).unwrap();
        assert!(
            markdown.contains("**sensitive**") && markdown.contains("never prints its value"),
            "{markdown}"
        );
        assert!(!markdown.contains("15550100"), "{markdown}");
    }
}
