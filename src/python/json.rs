//! JSON text exactly as Python's `json.dumps(value, indent=4)` writes it.
//!
//! The AWS CLI prints skeletons and request documents with Python's `json`
//! module, and users diff our output against it, so the bytes must match:
//! `", "`-free 4-space indentation, `"key": value`, inline `{}` and `[]`,
//! Python's float repr (`0.0`, `1e+16`), and either `\uXXXX` escapes for
//! every non-ASCII character (`ensure_ascii=True`, the default, used by
//! `--generate-cli-skeleton input`) or raw UTF-8 (`ensure_ascii=False`, used
//! by the CLI's JSON output formatter).

use std::fmt::Write as _;

use serde_json::Value;

/// Whether non-ASCII characters are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ascii {
    /// `ensure_ascii=True`: escape everything outside `' '..='~'`.
    Escape,
    /// `ensure_ascii=False`: write UTF-8, escape only what JSON requires.
    Keep,
}

/// A value the writer can print: `serde_json::Value`, or the CLI's request
/// [`Value`](super::value::Value) (which implements it in its own file, so
/// that this writer depends on no other module).
pub trait JsonView {
    /// What this value is, with borrowed children.
    fn view(&self) -> View<'_, Self>;
}

/// One level of a [`JsonView`].
pub enum View<'a, T: ?Sized> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer, as its decimal digits.
    Integer(String),
    /// A float (written with Python's `repr`).
    Float(f64),
    /// A string.
    String(std::borrow::Cow<'a, str>),
    /// An array.
    Array(Vec<&'a T>),
    /// An object, in order.
    Object(Vec<(&'a str, &'a T)>),
}

impl JsonView for Value {
    fn view(&self) -> View<'_, Self> {
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => View::Integer(i.to_string()),
                (_, Some(u), _) => View::Integer(u.to_string()),
                (_, _, Some(f)) => View::Float(f),
                _ => View::Integer(n.to_string()),
            },
            Value::String(s) => View::String(s.into()),
            Value::Array(items) => View::Array(items.iter().collect()),
            Value::Object(map) => View::Object(map.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        }
    }
}

/// `json.dumps(value, indent=4, ensure_ascii=...)`, without a trailing newline.
#[must_use]
pub fn to_string<T: JsonView + ?Sized>(value: &T, ascii: Ascii) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, ascii);
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn write_value<T: JsonView + ?Sized>(out: &mut String, value: &T, level: usize, ascii: Ascii) {
    match value.view() {
        View::Null => out.push_str("null"),
        View::Bool(true) => out.push_str("true"),
        View::Bool(false) => out.push_str("false"),
        View::Integer(digits) => out.push_str(&digits),
        View::Float(f) => out.push_str(&float_repr(f)),
        View::String(s) => write_string(out, &s, ascii),
        View::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, level + 1);
                write_value(out, *item, level + 1, ascii);
            }
            out.push('\n');
            indent(out, level);
            out.push(']');
        }
        View::Object(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, level + 1);
                write_string(out, key, ascii);
                out.push_str(": ");
                write_value(out, *item, level + 1, ascii);
            }
            out.push('\n');
            indent(out, level);
            out.push('}');
        }
    }
}

/// A JSON string literal with Python's escapes.
pub(crate) fn write_string(out: &mut String, s: &str, ascii: Ascii) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if ascii == Ascii::Escape && !(' '..='~').contains(&c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest digits that round-trip, written in
/// positional form for exponents -4..16 and as `d.ddde+XX` otherwise;
/// `json` spells the non-finite values `NaN`, `Infinity`, `-Infinity`.
#[must_use]
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-7".
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the decimal point
        let mut text = String::from(sign);
        if point <= 0 {
            text.push_str("0.");
            for _ in 0..(-point) {
                text.push('0');
            }
            text.push_str(&digits);
        } else {
            let point = point as usize;
            if digits.len() <= point {
                text.push_str(&digits);
                for _ in digits.len()..point {
                    text.push('0');
                }
                text.push_str(".0");
            } else {
                text.push_str(&digits[..point]);
                text.push('.');
                text.push_str(&digits[point..]);
            }
        }
        text
    } else {
        let mut text = String::from(sign);
        text.push_str(&digits[..1]);
        if digits.len() > 1 {
            text.push('.');
            text.push_str(&digits[1..]);
        }
        let _ = write!(text, "e{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_python_layout() {
        let v = json!({"a": "", "b": [], "c": {}, "d": [{"e": 0, "f": 0.0, "g": true, "h": null}]});
        let expected = "{\n    \"a\": \"\",\n    \"b\": [],\n    \"c\": {},\n    \"d\": [\n        {\n            \"e\": 0,\n            \"f\": 0.0,\n            \"g\": true,\n            \"h\": null\n        }\n    ]\n}";
        assert_eq!(to_string(&v, Ascii::Escape), expected);
        assert_eq!(to_string(&json!({}), Ascii::Escape), "{}");
    }

    #[test]
    fn escapes_like_python() {
        let v = json!("é😀\u{7f}\u{1}\"\\/\n");
        assert_eq!(to_string(&v, Ascii::Escape), r#""\u00e9\ud83d\ude00\u007f\u0001\"\\/\n""#);
        assert_eq!(to_string(&v, Ascii::Keep), "\"é😀\u{7f}\\u0001\\\"\\\\/\\n\"");
    }

    #[test]
    fn floats_like_python_repr() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123_456_789_012_345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.234e-7, "1.234e-07"),
            (1e300, "1e+300"),
            (f64::INFINITY, "Infinity"),
            (f64::NAN, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }
}
