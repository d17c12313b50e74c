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

/// Model documentation (an HTML fragment) as plain text: paragraphs
/// separated by blank lines, list items as `- ` lines (indented two spaces
/// per nesting level), `<code>` as backticks, whitespace collapsed.
///
/// The HTML in botocore models is loose (unclosed `<p>`, stray tags), so
/// this is a tolerant tag scanner, not an XML parser: unknown tags are
/// dropped and their text kept.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut list_depth: usize = 0;
    let mut rest = html;
    // A block holding only a list marker waits for its item's text.
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let trimmed = current.trim();
        if trimmed.is_empty() || trimmed == "-" {
            return;
        }
        blocks.push(current.trim_end().to_owned());
        current.clear();
    };
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix('<') {
            let Some(end) = tail.find('>') else {
                push_text(&mut current, rest);
                break;
            };
            let tag = &tail[..end];
            rest = &tail[end + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "p" | "note" | "important" | "div" | "pre" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3"
                | "h4" => {
                    flush(&mut current, &mut blocks);
                }
                "br" => current.push('\n'),
                "ul" | "ol" => {
                    flush(&mut current, &mut blocks);
                    list_depth = if closing { list_depth.saturating_sub(1) } else { list_depth + 1 };
                }
                "li" if !closing => {
                    flush(&mut current, &mut blocks);
                    current.clear();
                    current.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                    current.push_str("- ");
                }
                "li" => flush(&mut current, &mut blocks),
                "code" => current.push('`'),
                _ => {}
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            push_text(&mut current, &rest[..end]);
            rest = &rest[end..];
        }
    }
    flush(&mut current, &mut blocks);
    blocks.join("\n\n")
}

/// Appends text with entities decoded and whitespace collapsed (no space
/// at the start of a line).
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !(out.is_empty() || out.ends_with('\n') || out.ends_with(' ')) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric
/// references; anything else is left as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let semi = tail.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| {
            let name = &tail[1..i];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &tail[i + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_and_lists() {
        assert_eq!(
            html_to_text(
                "<p>Updates user details. Only <code>LicenseType</code>\n   updates.</p><p>Second &amp; last.</p>"
            ),
            "Updates user details. Only `LicenseType` updates.\n\nSecond & last."
        );
        assert_eq!(
            html_to_text("<p>Kinds:</p><ul><li><p>One</p></li><li>Two</li></ul>"),
            "Kinds:\n\n- One\n\n- Two"
        );
        assert_eq!(html_to_text("plain <b>bold</b> text"), "plain bold text");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("a < b"), "a < b");
    }

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
