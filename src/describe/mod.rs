//! `describe`: an operation's reference page, modelled on the AWS CLI's
//! (`aws chime update-user help`): description, synopsis, every option with
//! its type, whether it is required, its constraints and enum values, the
//! CLI's "Shorthand Syntax" / "Syntax" / "JSON Syntax" examples, and the
//! output structure.
//!
//! The page is Markdown-flavoured plain text (headings with `#`, examples
//! in fenced blocks), so it reads well in a pager and renders on a web page.
//! [`Style`] adds colour and wraps paragraphs for a terminal.

mod syntax;

use std::fmt::Write as _;

use crate::guard::sanitize::{escape, escape_multiline, guard_line_start};
use crate::model::documentation::html_to_text;
use crate::model::{Member, Model, Operation, ShapeId, ShapeKind, Traits, xform_name};
use crate::report::style::{BOLD, CYAN, DIM, RESET};

pub use syntax::{SyntaxBlocks, syntax_blocks};

/// How the page is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Wrap paragraphs at this many columns (`None`: one line each).
    pub width: Option<usize>,
    /// Use ANSI colours and bold.
    pub color: bool,
}

/// The reference page of `operation`.
#[must_use]
pub fn describe(model: &Model, operation: &Operation, style: Style) -> String {
    describe_page(model, operation, style).0
}

/// [`describe`], and whether the page was cut short (only a hostile model,
/// one that grows exponentially, makes a page that long).
#[must_use]
pub fn describe_page(model: &Model, operation: &Operation, style: Style) -> (String, bool) {
    let mut page = Page { out: String::new(), style, truncated: false };
    page.heading(1, &operation.cli_name);
    page.heading(2, "Description");
    if operation.deprecated {
        let message = operation.deprecated_message.as_deref().unwrap_or("This operation is deprecated.");
        page.paragraph(&format!("Deprecated: {}", escape(message)), 0);
    }
    page.text(&doc_text(&operation.documentation), 0);
    if let Some(uid) = &model.metadata().uid {
        page.paragraph(
            &format!(
                "See also: AWS API Documentation https://docs.aws.amazon.com/goto/WebAPI/{}/{}",
                escape(uid),
                operation.name
            ),
            0,
        );
    }

    page.heading(2, "Synopsis");
    let mut synopsis = vec![operation.cli_name.clone()];
    let members = input_members(model, operation);
    for (member, required) in &members {
        let name = xform_name(&member.name, '-');
        let line = match model.shape(member.target).kind {
            ShapeKind::Boolean => format!("[--{name} | --no-{name}]"),
            _ if *required && !member.traits.idempotency_token => format!("--{name} <value>"),
            _ => format!("[--{name} <value>]"),
        };
        synopsis.push(line);
    }
    synopsis.push("[--cli-input-json | --cli-input-yaml]".to_owned());
    synopsis.push("[--generate-cli-skeleton <value>]".to_owned());
    page.code(&synopsis.join("\n"));

    page.heading(2, "Options");
    if members.is_empty() {
        page.paragraph("None", 0);
    }
    for (member, required) in &members {
        let name = xform_name(&member.name, '-');
        let kind = &model.shape(member.target).kind;
        let option = match kind {
            ShapeKind::Boolean => format!("`--{name}` | `--no-{name}`"),
            _ => format!("`--{name}`"),
        };
        let mut title = format!("{} ({})", page.accent(&option), type_label(model, member));
        if *required && !member.traits.idempotency_token {
            title.push_str(" [required]");
        }
        page.line(&title, 0);
        page.out.push('\n');
        page.member_body(model, member, 0);
        page.nested(model, member, 0, &mut vec![member.target]);
        let blocks = syntax_blocks(model, member);
        for (label, block) in [
            ("Shorthand Syntax", &blocks.shorthand),
            ("Syntax", &blocks.syntax),
            ("JSON Syntax", &blocks.json),
        ] {
            if let Some(block) = block {
                page.paragraph(&format!("{label}:"), 0);
                page.code(&escape_multiline(block.trim_end_matches('\n')));
            }
        }
    }
    page.line(
        &format!("{} | {} (string)", page.accent("`--cli-input-json`"), page.accent("`--cli-input-yaml`")),
        0,
    );
    page.out.push('\n');
    page.paragraph(
        "Reads the request from a JSON (or YAML) document, as written by `chime-shape skeleton input` \
         (or `yaml-input`); options given on the command line replace its top-level keys.",
        0,
    );

    page.heading(2, "Output");
    match output_members(model, operation) {
        Some(members) if !members.is_empty() => {
            let target = operation.output.as_ref().map(|o| o.target);
            for member in members {
                page.member_tree(model, member, 0, &mut target.into_iter().collect());
            }
        }
        _ => page.paragraph("None", 0),
    }
    page.out.truncate(page.out.trim_end().len());
    page.out.push('\n');
    let truncated = page.truncated;
    (guard_lines(page.out), truncated)
}

/// Documentation as plain text, with nothing in it that controls a
/// terminal (see [`crate::guard::sanitize`]).
fn doc_text(html: &str) -> String {
    let text = html_to_text(html);
    match escape_multiline(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// The page with every line that would start (after blanks) with `::`, a
/// GitHub workflow command, guarded: wrapping can bring any word of model
/// text to the start of a line.
fn guard_lines(page: String) -> String {
    if !page.split('\n').any(|line| line.trim_start_matches([' ', '\t']).starts_with("::")) {
        return page;
    }
    page.split('\n').map(guard_line_start).collect::<Vec<_>>().join("\n")
}

/// The input members with whether they are required.
fn input_members<'m>(model: &'m Model, operation: &'m Operation) -> Vec<(&'m Member, bool)> {
    let Some(input) = &operation.input else { return Vec::new() };
    match &model.shape(input.target).kind {
        ShapeKind::Structure(s) => s.members.iter().map(|m| (m, s.is_required(&m.name))).collect(),
        _ => Vec::new(),
    }
}

fn output_members<'m>(model: &'m Model, operation: &'m Operation) -> Option<&'m [Member]> {
    let output = operation.output.as_ref()?;
    match &model.shape(output.target).kind {
        ShapeKind::Structure(s) => Some(&s.members),
        _ => None,
    }
}

/// `string`, `list`, `structure`, ... and `document` for document types.
/// Public for the language server's hover, which shows a member as this
/// page does.
#[must_use]
pub fn type_label(model: &Model, member: &Member) -> &'static str {
    match &model.shape(member.target).kind {
        ShapeKind::Structure(s) if s.document => "document",
        kind => kind.type_name(),
    }
}

/// The constraint sentences of a member, e.g. `length: 1 to 64`. Public
/// for the language server's hover, which shows a member as this page does.
#[must_use]
pub fn constraints(model: &Model, member: &Member) -> Vec<String> {
    let t: &Traits = &member.traits;
    let kind = &model.shape(member.target).kind;
    let mut out = Vec::new();
    let range = |what: &str, unit: &str| -> Option<String> {
        match (t.min, t.max) {
            (Some(min), Some(max)) => Some(format!("{what}: {min} to {max}{unit}")),
            (Some(min), None) => Some(format!("{what}: at least {min}{unit}")),
            (None, Some(max)) => Some(format!("{what}: at most {max}{unit}")),
            (None, None) => None,
        }
    };
    let bounds = match kind {
        ShapeKind::String => range("length", " characters"),
        ShapeKind::Blob => range("length", " bytes"),
        ShapeKind::List { .. } => range("items", ""),
        ShapeKind::Map { .. } => range("entries", ""),
        ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double => range("value", ""),
        _ => None,
    };
    out.extend(bounds);
    if let (ShapeKind::String, Some(pattern)) = (kind, &t.pattern) {
        out.push(format!("pattern: `{}`", escape(pattern)));
    }
    if t.sensitive {
        out.push("sensitive: chime-shape never prints its value".to_owned());
    }
    if t.idempotency_token {
        out.push("idempotency token: the AWS CLI fills it with a random UUID when it is absent".to_owned());
    }
    if t.deprecated {
        out.push(format!(
            "deprecated{}",
            t.deprecated_message.as_deref().map(|m| format!(": {}", escape(m))).unwrap_or_default()
        ));
    }
    out
}

/// Greedy word wrap; a list item (`- text`) continues under its text.
/// Line lengths are counted as words are added, so a long paragraph costs
/// time linear in its length.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let lead: String = text.chars().take_while(|c| *c == ' ').collect();
    let hanging = lead.len() + if text.trim_start().starts_with("- ") { 2 } else { 0 };
    let mut lines = Vec::new();
    let mut length = lead.len();
    let mut line = lead;
    // Whether the line holds a word yet (it may hold only blanks).
    let mut empty = true;
    for word in text.split_whitespace() {
        let word_length = word.chars().count();
        if !empty && length + 1 + word_length > width {
            lines.push(std::mem::replace(&mut line, " ".repeat(hanging)));
            length = hanging;
            empty = true;
        }
        if !empty {
            line.push(' ');
            length += 1;
        }
        line.push_str(word);
        length += word_length;
        empty = false;
    }
    lines.push(line);
    lines
}

/// How long a page may grow before member trees stop expanding. The
/// longest real page (quicksight `create-dashboard`) is 14 MB.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

struct Page {
    out: String,
    style: Style,
    /// Whether the page was cut at [`MAX_PAGE_BYTES`].
    truncated: bool,
}

impl Page {
    fn accent(&self, text: &str) -> String {
        if self.style.color { format!("{CYAN}{text}{RESET}") } else { text.to_owned() }
    }

    fn heading(&mut self, level: usize, text: &str) {
        let hashes = "#".repeat(level);
        if self.style.color {
            let _ = write!(self.out, "{BOLD}{hashes} {text}{RESET}\n\n");
        } else {
            let _ = write!(self.out, "{hashes} {text}\n\n");
        }
    }

    fn line(&mut self, text: &str, indent: usize) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// One paragraph, wrapped to the style's width with `indent`.
    fn paragraph(&mut self, text: &str, indent: usize) {
        let prefix = " ".repeat(indent);
        let lines = match self.style.width {
            Some(width) if width > indent + 20 => wrap(text, width - indent),
            _ => vec![text.to_owned()],
        };
        for line in lines {
            self.out.push_str(&prefix);
            self.out.push_str(&line);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    /// Several paragraphs (blank-line separated).
    fn text(&mut self, text: &str, indent: usize) {
        for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            self.paragraph(&paragraph.replace('\n', " "), indent);
        }
    }

    fn code(&mut self, text: &str) {
        let fence = if self.style.color { format!("{DIM}```{RESET}") } else { "```".to_owned() };
        self.out.push_str(&fence);
        self.out.push('\n');
        self.out.push_str(text);
        self.out.push('\n');
        self.out.push_str(&fence);
        self.out.push_str("\n\n");
    }

    /// Documentation, enum values and constraints of a member.
    fn member_body(&mut self, model: &Model, member: &Member, indent: usize) {
        if let Some(doc) = &member.traits.documentation {
            self.text(&doc_text(doc), indent);
        }
        if let (ShapeKind::String, Some(values)) =
            (&model.shape(member.target).kind, &member.traits.enum_values)
        {
            self.paragraph("Possible values:", indent);
            for v in values {
                self.line(&format!("- `{}`", escape(v)), indent);
            }
            self.out.push('\n');
        }
        let constraints = constraints(model, member);
        if !constraints.is_empty() {
            self.paragraph(&format!("Constraints: {}", constraints.join("; ")), indent);
        }
    }

    /// The members inside a structure, list or map member, indented.
    fn nested(&mut self, model: &Model, member: &Member, indent: usize, stack: &mut Vec<ShapeId>) {
        // A list or map that contains itself (only in broken models) stops.
        if stack.len() > 64 {
            return;
        }
        // A model can make the tree exponential without recursion (each
        // structure with two members of the next): past MAX_PAGE_BYTES the
        // page stops expanding and says so, once.
        if self.out.len() > MAX_PAGE_BYTES {
            if !self.truncated {
                self.truncated = true;
                self.paragraph("( ... truncated: the page is longer than chime-shape prints ... )", indent);
            }
            return;
        }
        match &model.shape(member.target).kind {
            ShapeKind::Structure(s) if !s.document => {
                for child in &s.members {
                    self.member_tree(model, child, indent + 2, stack);
                }
            }
            ShapeKind::List { member: element } => {
                stack.push(element.target);
                self.nested(model, element, indent, stack);
                stack.pop();
            }
            ShapeKind::Map { value, .. } => {
                stack.push(value.target);
                self.nested(model, value, indent, stack);
                stack.pop();
            }
            _ => {}
        }
    }

    /// `Name -> (type)`, its body, and its own members.
    fn member_tree(&mut self, model: &Model, member: &Member, indent: usize, stack: &mut Vec<ShapeId>) {
        let title = format!("{} -> ({})", member.name, type_label(model, member));
        self.line(&if self.style.color { format!("{BOLD}{title}{RESET}") } else { title }, indent);
        self.out.push('\n');
        if stack.contains(&member.target) {
            self.paragraph("( ... recursive ... )", indent);
            return;
        }
        self.member_body(model, member, indent);
        stack.push(member.target);
        self.nested(model, member, indent, stack);
        stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_embedded;

    #[test]
    fn update_user_has_the_seed_blocks() {
        let model = load_embedded("chime").unwrap();
        let page = describe(&model, model.operation("update-user").unwrap(), Style::default());
        assert!(page.contains(
            "Shorthand Syntax:\n\n```\nIsAlexaForBusinessEnabled=boolean,AlexaForBusinessRoomArn=string\n```"
        ));
        assert!(page.contains(
            "JSON Syntax:\n\n```\n{\n  \"IsAlexaForBusinessEnabled\": true|false,\n  \"AlexaForBusinessRoomArn\": \"string\"\n}\n```"
        ));
        assert!(page.contains("- `ProTrial`"));
        assert!(!page.contains('\x1b'));
    }
}
