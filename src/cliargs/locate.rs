//! Where a finding about a parsed request is: the option that set the
//! member, the place in the `--cli-input-json`/`--cli-input-yaml`
//! document, or the request as a whole.
//!
//! A [`ParsedRequest`] is validated as the document `parse` prints; its
//! findings carry pointers into that document. This maps them back to what
//! the user wrote.

use crate::doc::{self, Document, Limits, Span, unescape_pointer_token};
use crate::report::diagnostic::{Code, Diagnostic};

use super::{InputDocument, Origin, ParsedRequest};

/// The `--cli-input-json/yaml` document, parsed with positions.
#[derive(Debug)]
pub struct InputSource {
    /// The file name (the path of a `file://` value), else the option.
    pub name: String,
    /// The document with spans.
    pub document: Document,
}

impl InputSource {
    /// Parses the input document again, this time with positions; `None`
    /// when it does not parse (the request was then not built from it).
    #[must_use]
    pub fn parse(input: &InputDocument) -> Option<InputSource> {
        let parsed = if input.yaml {
            doc::parse_yaml(&input.text, &Limits::DEFAULT)
        } else {
            doc::parse_json(&input.text, &Limits::DEFAULT)
        };
        let (document, _) = parsed.ok()?;
        let name = match &input.path {
            Some(uri) => uri.split_once("://").map_or(uri.as_str(), |(_, p)| p).to_owned(),
            None => input.option.clone(),
        };
        Some(InputSource { name, document })
    }
}

/// Where to say `d` is: `--option`, `FILE:LINE:COLUMN` in the input
/// document, the input option when the place cannot be found, or
/// `request`. Not escaped.
#[must_use]
pub fn locate(d: &Diagnostic, request: &ParsedRequest, input: Option<&InputSource>) -> String {
    let first = d.pointer.split('/').nth(1).and_then(unescape_pointer_token);
    let origin =
        first.as_ref().and_then(|key| request.origins.iter().find(|(k, _)| k == key)).map(|(_, o)| o);
    match origin {
        Some(Origin::Option { option, .. }) => option.clone(),
        Some(Origin::InputDocument) => match input.and_then(|i| span_in(&i.document, d).map(|s| (i, s))) {
            Some((input, span)) => {
                let position = input.document.line_index().position(span.start);
                format!("{}:{}:{}", input.name, position.line, position.column)
            }
            None => {
                request.input_document.as_ref().map_or_else(|| "request".to_owned(), |i| i.option.clone())
            }
        },
        None => "request".to_owned(),
    }
}

/// The span in `document` of what `d` is about: the key for unknown
/// members, the value otherwise.
fn span_in(document: &Document, d: &Diagnostic) -> Option<Span> {
    if matches!(d.code, Code::Unknown | Code::DuplicateKey) {
        let (parent, key) = d.pointer.rsplit_once('/')?;
        let key = unescape_pointer_token(key)?;
        let parent = document.pointer(parent)?;
        return document.entry(parent, &key).map(|e| e.key_span);
    }
    document.pointer(&d.pointer).map(|id| document.node(id).span)
}
