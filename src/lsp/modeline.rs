//! The first-line modeline of a YAML request document:
//! `# chime-shape: service=chime operation=update-user`.
//!
//! It says, inside the file, what `--service` and `--operation` say on the
//! command line, for a file whose name and configuration do not tell (a
//! scratch buffer, `request.yaml`). Only YAML has comments; a JSON document
//! is known by the configuration's `files` rules or its file name alone.
//! The `# chime-shape: ignore[...]` suppression comments share the prefix
//! but never carry `key=value` words, so the two cannot be confused.

use crate::doc::Span;

/// The prefix of the comment, after `#` and blanks.
pub const PREFIX: &str = "chime-shape:";

/// What a modeline says, with where each value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modeline {
    /// `service=NAME`: an embedded service.
    pub service: Option<(String, Span)>,
    /// `operation=NAME`: the operation (CLI or API name).
    pub operation: Option<(String, Span)>,
}

/// The byte range of the first line of `text` (after a BOM), without its
/// line break.
#[must_use]
pub fn first_line(text: &str) -> (usize, &str) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = text.get(start..).unwrap_or("");
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    (start, rest.get(..end).unwrap_or(""))
}

/// Where the words of a `# chime-shape:` comment on the first line start
/// (a byte offset into `text`), when the first line is one.
#[must_use]
pub fn words_start(text: &str) -> Option<usize> {
    let (start, line) = first_line(text);
    let after_hash = line.trim_start().strip_prefix('#')?;
    let rest = after_hash.trim_start().strip_prefix(PREFIX)?;
    Some(start + line.len() - rest.len())
}

/// The modeline of `text`, when its first line is one that names a service
/// or an operation.
#[must_use]
pub fn parse(text: &str) -> Option<Modeline> {
    let begin = words_start(text)?;
    let (start, line) = first_line(text);
    let words = line.get(begin - start..).unwrap_or("");
    let mut modeline = Modeline { service: None, operation: None };
    let mut offset = begin;
    for word in words.split(' ') {
        let word_start = offset;
        offset += word.len() + 1;
        let Some((key, value)) = word.split_once('=') else { continue };
        let at = word_start + key.len() + 1;
        let span = Span::new(
            u32::try_from(at).unwrap_or(u32::MAX),
            u32::try_from(at + value.len()).unwrap_or(u32::MAX),
        );
        match key {
            "service" => modeline.service = Some((value.to_owned(), span)),
            "operation" => modeline.operation = Some((value.to_owned(), span)),
            _ => {}
        }
    }
    (modeline.service.is_some() || modeline.operation.is_some()).then_some(modeline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_service_and_operation_with_their_places() {
        let text = "# chime-shape: service=chime operation=update-user\nAccountId: a\n";
        let modeline = parse(text).unwrap();
        let (service, span) = modeline.service.unwrap();
        assert_eq!((service.as_str(), span.slice(text)), ("chime", Some("chime")));
        let (operation, span) = modeline.operation.unwrap();
        assert_eq!((operation.as_str(), span.slice(text)), ("update-user", Some("update-user")));
        assert_eq!(parse("#chime-shape: operation=UpdateUser").unwrap().operation.unwrap().0, "UpdateUser");
    }

    #[test]
    fn other_first_lines_are_no_modeline() {
        assert_eq!(parse("# chime-shape: ignore[enum]\nA: b\n"), None);
        assert_eq!(parse("AccountId: a\n# chime-shape: operation=update-user\n"), None);
        assert_eq!(parse("# a comment\n"), None);
        assert_eq!(parse(""), None);
    }
}
