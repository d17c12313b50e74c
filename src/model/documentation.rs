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
    // A set, not a list: a tag with many attributes must not be quadratic.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
        if !is_name(attr) || !seen.insert(attr) {
            return None;
        }
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
///
/// The output is linear in the input whatever the markup: list indentation
/// stops growing past [`MAX_LIST_INDENT`] levels (real models nest lists 4
/// deep), and deciding whether a block is empty costs O(1) however many
/// `<br>`s it holds.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = Block::default();
    let mut list_depth: usize = 0;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix('<') {
            let Some(end) = tail.find('>') else {
                current.push_text(rest);
                break;
            };
            let tag = &tail[..end];
            rest = &tail[end + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .take(12)
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "p" | "note" | "important" | "div" | "pre" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3"
                | "h4" => {
                    current.flush(&mut blocks);
                }
                "br" => current.push('\n'),
                "ul" | "ol" => {
                    current.flush(&mut blocks);
                    list_depth = if closing { list_depth.saturating_sub(1) } else { list_depth + 1 };
                }
                "li" if !closing => {
                    current.flush(&mut blocks);
                    current.clear();
                    let indent = list_depth.saturating_sub(1).min(MAX_LIST_INDENT);
                    for _ in 0..indent {
                        current.push_str("  ");
                    }
                    current.push_str("- ");
                }
                "li" => current.flush(&mut blocks),
                "code" => current.push('`'),
                _ => {}
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            current.push_text(&rest[..end]);
            rest = &rest[end..];
        }
    }
    current.flush(&mut blocks);
    blocks.join("\n\n")
}

/// List items nested deeper than this many levels are indented no further
/// (twice the deepest nesting in botocore models), so an item costs at most
/// `2 * MAX_LIST_INDENT + 4` bytes of output, whatever the nesting.
pub const MAX_LIST_INDENT: usize = 8;

/// The block being built, with what [`Block::flush`] needs to know kept up
/// to date as it grows (recomputing it by trimming the text at every tag
/// made a run of `<br>`s between tags quadratic).
#[derive(Default)]
struct Block {
    text: String,
    /// Non-whitespace characters so far, counted up to 2.
    visible: u8,
    /// The first of them.
    first: Option<char>,
}

impl Block {
    fn push(&mut self, c: char) {
        if !c.is_whitespace() {
            if self.visible == 0 {
                self.first = Some(c);
            }
            self.visible = self.visible.saturating_add(1).min(2);
        }
        self.text.push(c);
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    fn clear(&mut self) {
        *self = Block { text: std::mem::take(&mut self.text), visible: 0, first: None };
        self.text.clear();
    }

    /// Ends the block, unless it is blank or holds only a list marker (which
    /// waits for its item's text).
    fn flush(&mut self, blocks: &mut Vec<String>) {
        let blank = self.visible == 0 || (self.visible == 1 && self.first == Some('-'));
        if blank {
            return;
        }
        blocks.push(self.text.trim_end().to_owned());
        self.clear();
    }

    /// Appends text with entities decoded and whitespace collapsed (no
    /// space at the start of a line).
    fn push_text(&mut self, text: &str) {
        let decoded = decode_entities(text);
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !(self.text.is_empty() || self.text.ends_with('\n') || self.text.ends_with(' ')) {
                    self.push(' ');
                }
            } else {
                self.push(c);
            }
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
        // Only a short name can be an entity: looking further for the `;`
        // made a run of `&`s quadratic.
        let semi = tail.bytes().take(11).position(|b| b == b';');
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

    /// Hostile markup: output at most a small multiple of the input, in
    /// linear time, for every construct that used to repeat work.
    #[test]
    fn hostile_markup_stays_linear() {
        let n = 50_000;
        let cases = [
            "<ul><li>x".repeat(n),
            format!("{}{}", "<ul>".repeat(n), "<li>x</li>".repeat(n)),
            "<br>".repeat(n) + &"<p>".repeat(n),
            format!("<li>{}{}", "<br>".repeat(n), "<p>".repeat(n)),
            "&".repeat(n * 4),
            format!("{}x;", "&".repeat(n * 4)),
            format!("<a {}>t</a>", (0..n).map(|i| format!("a{i}=''")).collect::<Vec<_>>().join(" ")),
            "<b>".repeat(n),
            "<".repeat(n),
            "<p>para</p>".repeat(n),
            "word ".repeat(n * 4),
        ];
        for html in &cases {
            let start = crate::test_clock::Clock::start();
            let text = html_to_text(html);
            let first = overview(html);
            let elapsed = start.elapsed();
            assert!(text.len() <= 8 * html.len() + 64, "{} -> {}", html.len(), text.len());
            assert!(first.len() <= 4 * html.len() + 64);
            assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?} for {:?}", &html[..40]);
        }
    }

    #[test]
    fn list_indentation_is_capped() {
        let html = "<ul><li>x".repeat(40);
        let text = html_to_text(&html);
        let widest = text.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap_or(0);
        assert_eq!(widest, 2 * MAX_LIST_INDENT);
        assert_eq!(html_to_text("<ul><li>a<ul><li>b</li></ul></li></ul>"), "- a\n\n  - b");
    }
}
