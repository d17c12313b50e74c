//! What an error message about an option may quote of the option's text.
//!
//! A value of a `sensitive` member (a phone number, a PIN, a name) is never
//! printed, and neither is anything inside one: every member, list element,
//! map key and map value of a sensitive shape is sensitive too. Errors about
//! such values say *where* (the option, the character or line and column,
//! the path) but not *what*.
//!
//! Some errors quote the whole text of an option (a shorthand syntax error
//! with its caret line, `JSON received: ...`). They may do so only when that
//! text cannot hold a sensitive value. Since the text did not parse, that is
//! decided lexically: every sensitive value sits under a key, the name of
//! the nearest structure member above it (its *gate*), which shorthand, JSON
//! and YAML must spell out; a text that contains no gate name cannot hold a
//! sensitive value. An option whose own value is sensitive (or that is a
//! list or map of sensitive values) has no gate and is never quoted. JSON
//! and YAML can spell a key with escapes, so a text with a backslash is
//! treated as holding every gate.

use std::collections::HashSet;

use crate::model::{Member, Model, Operation, ShapeId, ShapeKind};

/// Whether an option's text may be quoted in an error message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrecy {
    /// The option's own value is sensitive, or a sensitive value sits in
    /// it under no key: never quote it.
    always: bool,
    /// The names of the structure members under which a sensitive value
    /// sits.
    gates: Vec<String>,
}

impl Secrecy {
    /// The secrecy of the option that sets `member`.
    #[must_use]
    pub fn of(model: &Model, member: &Member) -> Secrecy {
        let mut secrecy = Secrecy::default();
        let mut seen = HashSet::new();
        secrecy.walk(model, member, None, &mut seen);
        secrecy
    }

    /// The secrecy of a `--cli-input-json`/`--cli-input-yaml` document: the
    /// whole input structure, whose top-level keys are member names.
    #[must_use]
    pub fn of_input(model: &Model, operation: &Operation) -> Secrecy {
        let mut secrecy = Secrecy::default();
        let mut seen = HashSet::new();
        if let Some(input) = &operation.input
            && let ShapeKind::Structure(structure) = &model.shape(input.target).kind
        {
            for member in &structure.members {
                secrecy.walk(model, member, Some(&member.name), &mut seen);
            }
        }
        secrecy
    }

    /// Secrecy that hides everything: for text whose option is not known.
    #[must_use]
    pub fn always() -> Secrecy {
        Secrecy { always: true, gates: Vec::new() }
    }

    /// Whether `text`, the option's raw text, may hold a sensitive value
    /// and so must not be quoted.
    #[must_use]
    pub fn hides(&self, text: &str) -> bool {
        self.always
            || (!self.gates.is_empty()
                && (text.contains('\\') || self.gates.iter().any(|g| text.contains(g))))
    }

    /// `Some(text)` when it may be quoted, else `None`.
    #[must_use]
    pub fn quote(&self, text: &str) -> Option<String> {
        (!self.hides(text)).then(|| text.to_owned())
    }

    fn walk<'m>(
        &mut self,
        model: &'m Model,
        member: &'m Member,
        gate: Option<&'m str>,
        seen: &mut HashSet<(ShapeId, Option<&'m str>)>,
    ) {
        if is_sensitive(model, member) {
            match gate {
                None => self.always = true,
                Some(name) if !self.gates.iter().any(|g| g == name) => self.gates.push(name.to_owned()),
                Some(_) => {}
            }
            return;
        }
        // Shapes may be recursive; a shape under the same gate is walked once.
        if !seen.insert((member.target, gate)) {
            return;
        }
        match &model.shape(member.target).kind {
            ShapeKind::Structure(structure) => {
                for child in &structure.members {
                    self.walk(model, child, Some(&child.name), seen);
                }
            }
            ShapeKind::List { member: element } => self.walk(model, element, gate, seen),
            ShapeKind::Map { key, value } => {
                self.walk(model, key, gate, seen);
                self.walk(model, value, gate, seen);
            }
            _ => {}
        }
    }
}

/// Whether `member` is sensitive: its own traits (merged with its target's
/// when the model was loaded) or its target shape say so.
#[must_use]
pub fn is_sensitive(model: &Model, member: &Member) -> bool {
    member.traits.sensitive || model.shape(member.target).traits.sensitive
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_embedded;

    fn member_of<'m>(model: &'m Model, operation: &str, name: &str) -> &'m Member {
        let op = model.operation(operation).unwrap();
        let input = op.input.as_ref().unwrap();
        let ShapeKind::Structure(s) = &model.shape(input.target).kind else { panic!("no structure") };
        s.members.iter().find(|m| m.name == name).unwrap()
    }

    #[test]
    fn gates_are_the_keys_above_sensitive_values() {
        let chime = load_embedded("chime").unwrap();
        // A sensitive string option: never quoted.
        let calling = Secrecy::of(&chime, member_of(&chime, "update-phone-number-settings", "CallingName"));
        assert!(calling.hides("anything"));
        // A structure with one sensitive member: quoted unless it is named.
        let meta = Secrecy::of(&chime, member_of(&chime, "update-user", "AlexaForBusinessMetadata"));
        assert!(!meta.hides("IsAlexaForBusinessEnabled=true,"));
        assert!(meta.hides("AlexaForBusinessRoomArn=x"));
        assert!(meta.hides(r#"{"AlexaForBusiness\u0052oomArn": 1"#));
        // A plain option.
        let license = Secrecy::of(&chime, member_of(&chime, "update-user", "LicenseType"));
        assert_eq!(license, Secrecy::default());
        assert_eq!(license.quote("Pro").as_deref(), Some("Pro"));
        // The input document: top-level sensitive members are gates.
        let op = chime.operation("create-meeting-dial-out").unwrap();
        let input = Secrecy::of_input(&chime, op);
        assert!(input.hides(r#"{"JoinToken": 1"#));
        assert!(!input.hides(r#"{"MeetingId": 1"#));
    }

    #[test]
    fn unknown_words_are_counted() {
        let e = crate::cliargs::ArgError::UnknownOptions {
            options: vec!["--colour".into(), "red".into(), "--pin=1234".into(), String::new()],
            suggestions: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            "unknown options: --colour, --pin=..., and 2 words that are not options (not shown: they may be \
             values, and values can be secret)"
        );
    }
}
