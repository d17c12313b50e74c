//! Completion: member names at a key (required first, those already
//! present left out, structures and lists as snippets), enum values at a
//! value, services and operations in the modeline, and, in scripts, the
//! options of an `aws` command's operation.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat, InsertTextMode,
    MarkupContent, MarkupKind, TextEdit,
};

use crate::describe::type_label;
use crate::doc::Format;
use crate::model::{EMBEDDED, Member, Model, Operation, ShapeKind};

use super::context::{self, Place};
use super::hover::member_markdown;
use super::lines::LineMap;
use super::modeline;

/// The model of an embedded service, loaded once by the session.
pub(crate) type ModelOf<'a> = &'a mut dyn FnMut(&str) -> Option<&'static Model>;

/// What completions are made against: the text, its positions, and
/// whether the client takes snippets.
pub(crate) struct Target<'a> {
    pub text: &'a str,
    pub map: &'a LineMap,
    pub snippets: bool,
}

impl Target<'_> {
    /// An item replacing bytes `start..end` with `new_text`.
    #[allow(clippy::too_many_arguments)]
    fn item(
        &self,
        label: &str,
        kind: CompletionItemKind,
        (start, end): (usize, usize),
        new_text: String,
        snippet: bool,
        sort: String,
        detail: Option<String>,
        documentation: Option<String>,
    ) -> CompletionItem {
        let range = self.map.range(self.text, offset32(start), offset32(end));
        // Clients filter by the text from the range's start to the cursor;
        // for a quoted JSON key that starts with the quote.
        let filter = if self.text.get(start..).is_some_and(|t| t.starts_with('"')) {
            format!("\"{label}")
        } else {
            label.to_owned()
        };
        CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            detail,
            documentation: documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
            }),
            sort_text: Some(sort),
            filter_text: Some(filter),
            insert_text_format: Some(if snippet && self.snippets {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            insert_text_mode: Some(InsertTextMode::AS_IS),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
            ..CompletionItem::default()
        }
    }
}

fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Completions in a request document of `operation` at byte `offset`.
pub(crate) fn request(
    target: &Target<'_>,
    (model, operation): (&Model, &Operation),
    format: Format,
    offset: usize,
    model_of: ModelOf<'_>,
) -> Vec<CompletionItem> {
    if format == Format::Yaml
        && let Some(items) = modeline_items(target, offset, model_of)
    {
        return items;
    }
    let Some(at) = context::at(target.text, offset, format) else { return Vec::new() };
    let Some(member) = context::member_at(model, operation, &at.path) else { return Vec::new() };
    match at.place {
        Place::Key => keys(target, model, member, &at, format),
        Place::Value => values(target, model, member, &at, format),
    }
}

/// The members of the structure `container` not yet present.
fn keys(
    target: &Target<'_>,
    model: &Model,
    container: &Member,
    at: &context::Context,
    format: Format,
) -> Vec<CompletionItem> {
    let ShapeKind::Structure(structure) = &model.shape(container.target).kind else { return Vec::new() };
    if structure.document {
        return Vec::new();
    }
    let (_, line_start) = target.map.line_of(at.start);
    let column = at.start.saturating_sub(line_start);
    // JSON: a key followed by another needs a comma.
    let rest = target.text.get(at.end..).unwrap_or("");
    let comma = format == Format::Json && rest.trim_start().starts_with('"');
    let mut items = Vec::new();
    for (i, member) in structure.members.iter().enumerate() {
        if at.present.contains(&member.name) {
            continue;
        }
        let required = structure.is_required(&member.name) && !member.traits.idempotency_token;
        let kind = &model.shape(member.target).kind;
        let snippet = target.snippets;
        let new_text = match format {
            Format::Yaml => yaml_key(&member.name, kind, column, snippet),
            Format::Json => json_key(&member.name, kind, snippet, comma),
        };
        let detail = format!("{}{}", type_label(model, member), if required { ", required" } else { "" });
        items.push(target.item(
            &member.name,
            CompletionItemKind::FIELD,
            (at.start, at.end),
            new_text,
            true,
            format!("{}{i:05}", u8::from(!required)),
            Some(detail),
            Some(member_markdown(model, member, Some(&member.name), required)),
        ));
    }
    items
}

/// A YAML key and the start of its value, indented for the key's column.
fn yaml_key(name: &str, kind: &ShapeKind, column: usize, snippet: bool) -> String {
    let inner = " ".repeat(column + 2);
    match (kind, snippet) {
        (ShapeKind::Structure(s), true) if !s.document => format!("{name}:\n{inner}$0"),
        (ShapeKind::Map { .. }, true) => format!("{name}:\n{inner}$0"),
        (ShapeKind::List { .. }, true) => format!("{name}:\n{inner}- $0"),
        (ShapeKind::Boolean, true) => format!("{name}: ${{1|true,false|}}"),
        (_, true) => format!("{name}: $0"),
        (_, false) => format!("{name}: "),
    }
}

/// A JSON key and the start of its value.
fn json_key(name: &str, kind: &ShapeKind, snippet: bool, comma: bool) -> String {
    let key = serde_json::to_string(name).unwrap_or_else(|_| format!("\"{name}\""));
    let comma = if comma { "," } else { "" };
    if !snippet {
        return format!("{key}: ");
    }
    let value = match kind {
        ShapeKind::Structure(s) if !s.document => "{$0}",
        ShapeKind::Map { .. } => "{$0}",
        ShapeKind::List { .. } => "[$0]",
        ShapeKind::Boolean => "${1|true,false|}",
        ShapeKind::String | ShapeKind::Timestamp | ShapeKind::Blob => "\"$0\"",
        _ => "$0",
    };
    format!("{key}: {value}{comma}")
}

/// The values an enum (or a boolean) member takes.
fn values(
    target: &Target<'_>,
    model: &Model,
    member: &Member,
    at: &context::Context,
    format: Format,
) -> Vec<CompletionItem> {
    let kind = &model.shape(member.target).kind;
    let values: Vec<(String, bool)> = match (kind, &member.traits.enum_values) {
        (ShapeKind::String, Some(values)) => values.iter().map(|v| (v.clone(), true)).collect(),
        (ShapeKind::Boolean, _) => vec![("true".to_owned(), false), ("false".to_owned(), false)],
        _ => return Vec::new(),
    };
    // `Key:|`: a value needs a blank after the colon.
    let space = if format == Format::Yaml && target.text.get(..at.start).is_some_and(|t| t.ends_with(':')) {
        " "
    } else {
        ""
    };
    values
        .iter()
        .enumerate()
        .map(|(i, (value, string))| {
            let new_text = match format {
                Format::Json if *string => serde_json::to_string(value).unwrap_or_default(),
                Format::Json => value.clone(),
                Format::Yaml if *string && !plain_safe(value) => {
                    format!("{space}'{}'", value.replace('\'', "''"))
                }
                Format::Yaml => format!("{space}{value}"),
            };
            target.item(
                value,
                CompletionItemKind::ENUM_MEMBER,
                (at.start, at.end),
                new_text,
                false,
                format!("{i:05}"),
                Some(type_label(model, member).to_owned()),
                None,
            )
        })
        .collect()
}

/// Whether a string reads back as the same string as a plain YAML scalar.
fn plain_safe(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let special = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ""];
    !special.contains(&lower.as_str())
        && value.parse::<f64>().is_err()
        && value.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !value.contains(": ")
        && !value.contains(" #")
        && value.trim() == value
}

/// In the first line: `service=`, `operation=` and their values, or the
/// whole modeline after a `#`.
fn modeline_items(target: &Target<'_>, offset: usize, model_of: ModelOf<'_>) -> Option<Vec<CompletionItem>> {
    let (line_start, line) = modeline::first_line(target.text);
    let line_end = line_start + line.len();
    if offset < line_start || offset > line_end {
        return None;
    }
    let Some(words) = modeline::words_start(target.text) else {
        // `#` typed on the first line: the modeline itself.
        let before = target.text.get(line_start..offset)?;
        if !before.starts_with('#') {
            return None;
        }
        let text = "# chime-shape: service=${1:chime} operation=$0";
        let item = target.item(
            "# chime-shape: service=… operation=…",
            CompletionItemKind::SNIPPET,
            (line_start, offset),
            text.to_owned(),
            true,
            "0".to_owned(),
            Some("the request's service and operation".to_owned()),
            None,
        );
        return Some(vec![item]);
    };
    if offset < words {
        return Some(Vec::new());
    }
    let before = target.text.get(words..offset)?;
    let word_start = words + before.rfind(' ').map_or(0, |i| i + 1);
    let word_end = offset + target.text.get(offset..line_end)?.find(' ').unwrap_or(line_end - offset);
    let word = target.text.get(word_start..word_end)?;
    let modeline = modeline::parse(target.text);
    let mut items = Vec::new();
    match word.split_once('=') {
        Some(("service", _)) => {
            let at = word_start + "service=".len();
            for (i, model) in EMBEDDED.iter().enumerate() {
                items.push(target.item(
                    model.name,
                    CompletionItemKind::MODULE,
                    (at, word_end),
                    model.name.to_owned(),
                    false,
                    format!("{i:05}"),
                    Some(format!("{} operations", model.operations)),
                    None,
                ));
            }
        }
        Some(("operation", _)) => {
            let at = word_start + "operation=".len();
            let service = modeline.and_then(|m| m.service).map(|(s, _)| s);
            let services: Vec<&str> = match &service {
                Some(s) => EMBEDDED.iter().filter(|m| m.name == s).map(|m| m.name).collect(),
                None => EMBEDDED.iter().map(|m| m.name).collect(),
            };
            for service in services {
                let Some(model) = model_of(service) else { continue };
                for operation in model.operations() {
                    items.push(target.item(
                        &operation.cli_name,
                        CompletionItemKind::FUNCTION,
                        (at, word_end),
                        operation.cli_name.clone(),
                        false,
                        operation.cli_name.clone(),
                        Some(format!("{service} {}", operation.name)),
                        None,
                    ));
                }
            }
        }
        _ => {
            for (i, key) in ["service=", "operation="].iter().enumerate() {
                items.push(target.item(
                    key,
                    CompletionItemKind::KEYWORD,
                    (word_start, word_end),
                    (*key).to_owned(),
                    false,
                    format!("{i}"),
                    None,
                    None,
                ));
            }
        }
    }
    Some(items)
}

/// Completions in a script at byte `offset`: the options of the `aws`
/// command there (those not given yet, required first), or the operations
/// of its service.
#[cfg(feature = "lint")]
pub(crate) fn script(
    target: &Target<'_>,
    kind: crate::script::host::Kind,
    offset: usize,
    model_of: ModelOf<'_>,
) -> Vec<CompletionItem> {
    use crate::cliargs::argument_table;
    use crate::lint::{Head, head, read_commands};

    let Ok(commands) = read_commands(kind, target.text) else { return Vec::new() };
    let Some(command) = commands.iter().rev().find(|c| c.aws.span.start <= offset) else { return Vec::new() };
    let last_end = command.words.last().map_or(command.aws.span.end, |w| w.span.end);
    // Past the command's last word, only on its (continued) line.
    let gap = target.text.get(last_end.min(offset)..offset).unwrap_or("");
    if offset > last_end && gap.replace("\\\n", "").contains('\n') {
        return Vec::new();
    }
    let current = command.words.iter().position(|w| w.span.start <= offset && offset <= w.span.end);
    let (start, end) =
        current.and_then(|i| command.words.get(i)).map_or((offset, offset), |w| (w.span.start, w.span.end));
    match head(command) {
        Head::Call { service, operation_word, .. } => {
            let Some(model) = model_of(&service) else { return Vec::new() };
            if current == Some(operation_word) {
                return operations(target, model, (start, end));
            }
            let value = |i: usize| command.words.get(i).and_then(|w| w.value.clone());
            let Some(name) = value(operation_word) else { return Vec::new() };
            let Some(operation) = model.find_operation(&name) else { return Vec::new() };
            let given: Vec<String> = command
                .words
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != current)
                .filter_map(|(_, w)| w.value.as_deref().map(|v| v.split('=').next().unwrap_or(v).to_owned()))
                .collect();
            argument_table(model, operation)
                .iter()
                .enumerate()
                .filter(|(_, spec)| !given.contains(&spec.option))
                .map(|(i, spec)| {
                    let detail = format!(
                        "{}{}",
                        type_label(model, spec.member),
                        if spec.required { ", required" } else { "" }
                    );
                    target.item(
                        &spec.option,
                        CompletionItemKind::PROPERTY,
                        (start, end),
                        spec.option.clone(),
                        false,
                        format!("{}{i:05}", u8::from(!spec.required)),
                        Some(detail),
                        Some(member_markdown(model, spec.member, Some(&spec.member.name), spec.required)),
                    )
                })
                .collect()
        }
        // `aws chime |` or `aws chime upd|`: the service's operations.
        _ => {
            let service = command.words.first().and_then(|w| w.value.clone());
            let at_operation = match current {
                Some(1) => true,
                None => command.words.len() == 1 && offset > last_end,
                _ => false,
            };
            match service.as_deref().and_then(&mut *model_of) {
                Some(model) if at_operation => operations(target, model, (start, end)),
                _ => Vec::new(),
            }
        }
    }
}

/// The operations of `model`, replacing `start..end`.
#[cfg(feature = "lint")]
fn operations(target: &Target<'_>, model: &Model, range: (usize, usize)) -> Vec<CompletionItem> {
    model
        .operations()
        .map(|operation| {
            target.item(
                &operation.cli_name,
                CompletionItemKind::FUNCTION,
                range,
                operation.cli_name.clone(),
                false,
                operation.cli_name.clone(),
                Some(crate::model::documentation::overview(&operation.documentation)),
                None,
            )
        })
        .collect()
}

/// Completions in a YAML document that is no request document yet: only
/// the modeline, which makes it one.
pub(crate) fn request_without_operation(
    target: &Target<'_>,
    offset: usize,
    model_of: ModelOf<'_>,
) -> Vec<CompletionItem> {
    modeline_items(target, offset, model_of).unwrap_or_default()
}
