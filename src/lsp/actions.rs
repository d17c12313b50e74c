//! Code actions: the fixes the findings carry, as `validate --fix` would
//! apply them.
//!
//! A safe fix is a preferred quick fix (what an editor applies on its "fix
//! this" key); an unsafe one is offered, not preferred. "Fix all" applies
//! the safe fixes together, through the fix engine ([`fix::apply`]), which
//! leaves out whole any fix that conflicts with one before it. As with
//! `--fix`, nothing is offered in a document with a syntax error, and no
//! fix touches a sensitive value (the validator makes none; this module
//! checks again, since a code action's title and edit reach the client).

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

use crate::doc::Span;
use crate::fix::{self, Applicability, Fix};
use crate::guard::sanitize::escape;

use super::check::Analysis;
use super::lines::LineMap;

/// The kind of the "fix all" action, as editors run it on save.
#[must_use]
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.chime-shape")
}

/// The code actions for `range` of a document (its `text`, as `analysis`
/// checked it), of the kinds `only` asks for (all when `None`).
#[must_use]
pub fn actions(
    uri: &Uri,
    text: &str,
    map: &LineMap,
    analysis: &Analysis,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    if analysis.syntax {
        return Vec::new();
    }
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let edits = |fix: &Fix| -> Vec<TextEdit> {
        fix.edits
            .iter()
            .map(|e| TextEdit { range: map.range(text, e.start, e.end), new_text: e.replacement.clone() })
            .collect()
    };
    let change = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    let mut out = Vec::new();
    let mut fixes = Vec::new();
    for (finding, diagnostic) in analysis.findings.iter().zip(&analysis.diagnostics) {
        let Some(fix) = &finding.fix else { continue };
        if touches_secret(fix, &analysis.sensitive) {
            continue;
        }
        fixes.push(fix.clone());
        let overlaps = diagnostic.range.start <= range.end && range.start <= diagnostic.range.end;
        if !overlaps || !wants(&CodeActionKind::QUICKFIX) {
            continue;
        }
        let safe = fix.applicability == Applicability::Safe;
        let title = match fix.edits.as_slice() {
            [one] if !one.replacement.is_empty() => format!("Replace with `{}`", escape(&one.replacement)),
            _ => "Apply the fix".to_owned(),
        };
        let title = if safe { title } else { format!("{title} (unsafe: may change the meaning)") };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(change(edits(fix))),
            is_preferred: Some(safe),
            ..CodeAction::default()
        }));
    }
    if wants(&fix_all_kind()) {
        let applied = fix::apply(text, &fixes, Applicability::Safe);
        if !applied.applied.is_empty() {
            let all: Vec<TextEdit> =
                applied.applied.iter().filter_map(|&i| fixes.get(i)).flat_map(edits).collect();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix all safe chime-shape findings ({})", applied.applied.len()),
                kind: Some(fix_all_kind()),
                edit: Some(change(all)),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// Whether an edit of `fix` writes into a sensitive value. A deletion
/// (the earlier of two duplicate keys) writes nothing and is titled
/// generically, so it shows no secret, whatever it removes.
fn touches_secret(fix: &Fix, sensitive: &[Span]) -> bool {
    fix.edits.iter().filter(|e| !e.replacement.is_empty()).any(|e| {
        let end = e.end.max(e.start.saturating_add(1));
        sensitive.iter().any(|s| s.start < end && e.start < s.end.max(s.start.saturating_add(1)))
    })
}
