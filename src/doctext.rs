//! Model documentation (HTML fragments) turned into plain text.
//!
//! [`overview`] is the first-sentence summary AWS CLI v2 writes as the
//! comment of each member in `--generate-cli-skeleton yaml-input`
//! (`awscli/customizations/utils.py`, `get_shape_doc_overview`): the
//! documentation is parsed as XML inside a `<doc>` root, its text nodes are
//! joined, the text is cut at the first run of `.` or `:`, and line breaks
//! become spaces. A fragment that is not well-formed XML is used as it is,
//! tags and all, exactly as the CLI falls back when expat refuses it, so the
//! well-formedness rules below follow expat's.

/// The first sentence of `documentation`, as the AWS CLI v2 YAML skeleton
/// comments show it.
#[must_use]
pub fn overview(documentation: &str) -> String {
    let text = xml_text(documentation).unwrap_or_else(|| documentation.to_owned());
    let first = match text.find(['.', ':']) {
        Some(i) => &text[..i],
        None => text.as_str(),
    };
    let mut sentence = first.to_owned();
    if !sentence.is_empty() {
        sentence.push('.');
    }
    sentence.replace(['\n', '\u{2028}'], " ")
}

/// The concatenated text nodes of `<doc>{fragment}</doc>`, or `None` when
/// the fragment is not well-formed XML.
///
/// CDATA sections, comments and processing instructions contribute
/// nothing (minidom keeps them as separate node types, which the CLI's walk
/// skips). Line ends are normalised to `\n`, as expat does.
#[must_use]
pub fn xml_text(fragment: &str) -> Option<String> {
    let mut out = String::with_capacity(fragment.len());
    let mut open: Vec<&str> = Vec::new();
    let mut rest = fragment;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("<!--") {
            let end = tail.find("-->")?;
            if tail[..end].contains("--") {
                return None;
            }
            rest = &tail[end + 3..];
        } else if let Some(tail) = rest.strip_prefix("<![CDATA[") {
            let end = tail.find("]]>")?;
            check_chars(&tail[..end])?;
            rest = &tail[end + 3..];
        } else if let Some(tail) = rest.strip_prefix("<?") {
            let end = tail.find("?>")?;
            let target = tail[..end].split(|c: char| c.is_ascii_whitespace()).next()?;
            if !is_name(target) || target.eq_ignore_ascii_case("xml") {
                return None;
            }
            rest = &tail[end + 2..];
        } else if rest.starts_with("<!") {
            // DOCTYPE or another declaration inside the root element.
            return None;
        } else if let Some(tail) = rest.strip_prefix("</") {
            let end = tail.find('>')?;
            let name = tail[..end].trim_end_matches(is_xml_space);
            if open.pop() != Some(name) {
                return None;
            }
            rest = &tail[end + 1..];
        } else if let Some(tail) = rest.strip_prefix('<') {
            let (name, self_closing, after) = start_tag(tail)?;
            if !self_closing {
                open.push(name);
            }
            rest = after;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if text.contains("]]>") {
                return None;
            }
            append_text(&mut out, text)?;
            rest = &rest[end..];
        }
    }
    open.is_empty().then_some(out)
}

/// Parses a start tag after its `<`: the name, whether it ends in `/>`, and
/// the text after it. Attributes must be well-formed but are otherwise
/// ignored.
fn start_tag(tail: &str) -> Option<(&str, bool, &str)> {
    let name_end = tail.find(|c: char| is_xml_space(c) || c == '>' || c == '/').unwrap_or(tail.len());
    let name = &tail[..name_end];
    if !is_name(name) {
        return None;
    }
    let mut rest = &tail[name_end..];
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches(is_xml_space);
        let had_space = trimmed.len() != rest.len();
        rest = trimmed;
        if let Some(after) = rest.strip_prefix("/>") {
            return Some((name, true, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Some((name, false, after));
        }
        if !had_space {
            return None;
        }
        let eq = rest.find('=')?;
        let attr = rest[..eq].trim_end_matches(is_xml_space);
        if !is_name(attr) || seen.contains(&attr) {
            return None;
        }
        seen.push(attr);
        rest = rest[eq + 1..].trim_start_matches(is_xml_space);
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_end = rest[1..].find(quote)? + 1;
        let value = &rest[1..value_end];
        if value.contains('<') {
            return None;
        }
        append_text(&mut String::new(), value)?;
        rest = &rest[value_end + 1..];
    }
}

/// Appends character data, resolving references; `None` for a malformed
/// reference or a character XML forbids.
fn append_text(out: &mut String, text: &str) -> Option<()> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        push_normalised(out, check_chars(&rest[..amp])?);
        let tail = &rest[amp + 1..];
        let semi = tail.find(';')?;
        let name = &tail[..semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else if let Some(dec) = name.strip_prefix('#') {
                    if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    dec.parse().ok()?
                } else {
                    return None;
                };
                let c = char::from_u32(code)?;
                if !is_xml_char(c) {
                    return None;
                }
                c
            }
        };
        out.push(c);
        rest = &tail[semi + 1..];
    }
    push_normalised(out, check_chars(rest)?);
    Some(())
}

/// `\r\n` and a lone `\r` become `\n`, as expat reports them.
fn push_normalised(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
}

fn check_chars(text: &str) -> Option<&str> {
    text.chars().all(is_xml_char).then_some(text)
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// An XML name, approximately: a letter, `_` or `:` then letters, digits,
/// `-`, `.`, `_`, `:` (non-ASCII letters allowed).
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_' || first == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_of_markup() {
        assert_eq!(overview("<p>The Amazon Chime account ID.</p>"), "The Amazon Chime account ID.");
        assert_eq!(
            overview(
                "<p>If true, <code>TranscriptEvents</code> with <code>IsPartial: true</code> are filtered.</p>"
            ),
            "If true, TranscriptEvents with IsPartial."
        );
        assert_eq!(overview("<important> <p> <b>Deprecated</b>. Use X.</p></important>"), "  Deprecated.");
        assert_eq!(overview(""), "");
        assert_eq!(overview("<p></p>"), "");
        assert_eq!(overview("Line one\nline two. Next"), "Line one line two.");
    }

    #[test]
    fn malformed_markup_is_used_raw() {
        assert_eq!(overview("<p>Unclosed"), "<p>Unclosed.");
        assert_eq!(overview("a&nbsp;b"), "a&nbsp;b.");
        assert_eq!(overview("x < y"), "x < y.");
        assert_eq!(overview("<a href=x>y</a>"), "<a href=x>y</a>.");
    }

    #[test]
    fn entities_cdata_and_line_ends() {
        assert_eq!(xml_text("a &amp; b &#233; &#x41;").as_deref(), Some("a & b é A"));
        assert_eq!(xml_text("a<![CDATA[hidden]]>b<!-- c -->d").as_deref(), Some("abd"));
        assert_eq!(xml_text("a\r\nb\rc").as_deref(), Some("a\nb\nc"));
        assert_eq!(xml_text("<a href=\"x\" title='y'>t</a><br/>").as_deref(), Some("t"));
        assert_eq!(xml_text("<a x=\"1\" x=\"2\">t</a>"), None);
        assert_eq!(xml_text("<a></b>"), None);
        assert_eq!(xml_text("&#0;"), None);
        assert_eq!(xml_text("<?xml version=\"1.0\"?>"), None);
    }
}
