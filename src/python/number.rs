//! Python's `int(str)` and `float(str)`, which the AWS CLI applies to
//! command-line values of numeric parameters.
//!
//! They accept more than Rust's parsers: surrounding Unicode whitespace,
//! `_` between digits (`1_000`), and decimal digits of any script (`٣` is
//! 3). To give the same document as the CLI we accept exactly the same
//! strings.

use crate::doc::Integer;

/// The first code point of every run of ten Unicode decimal digits
/// (category Nd), from Python 3.11's `unicodedata` (Unicode 14.0).
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50,
    0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950,
    0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The decimal value of a digit of any script, as Python's `int()` reads it.
#[must_use]
pub fn decimal_digit(c: char) -> Option<u8> {
    let code = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    let value = code - zero;
    u8::try_from(value).ok().filter(|v| *v < 10)
}

/// Python's `str.isspace()`: Unicode whitespace plus the ASCII separators
/// U+001C..U+001F.
#[must_use]
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `s` with Python whitespace stripped from both ends (`str.strip()`).
#[must_use]
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_python_space)
}

/// Digits (any script) with single `_` between them → ASCII digits.
fn ascii_digits(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut previous_underscore = true; // no leading `_`
    for c in body.chars() {
        if c == '_' {
            if previous_underscore {
                return None;
            }
            previous_underscore = true;
            continue;
        }
        out.push(char::from(b'0' + decimal_digit(c)?));
        previous_underscore = false;
    }
    (!out.is_empty() && !previous_underscore).then_some(out)
}

/// Python's `int(s)` for a string in base 10; `None` where Python raises
/// `ValueError`.
#[must_use]
pub fn parse_int(s: &str) -> Option<Integer> {
    let s = strip(s);
    let (negative, body) = match s.chars().next() {
        Some('-') => (true, &s[1..]),
        Some('+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = ascii_digits(body)?;
    let trimmed = digits.trim_start_matches('0');
    let canonical = if trimmed.is_empty() { "0" } else { trimmed };
    let text = if negative && canonical != "0" { format!("-{canonical}") } else { canonical.to_owned() };
    Some(match text.parse::<i128>() {
        Ok(v) => Integer::Small(v),
        Err(_) => Integer::Big(text.into_boxed_str()),
    })
}

/// Python's `float(s)`; `None` where Python raises `ValueError`.
#[must_use]
pub fn parse_float(s: &str) -> Option<f64> {
    let s = strip(s);
    let (sign, body) = match s.chars().next() {
        Some('-') => ("-", &s[1..]),
        Some('+') => ("", &s[1..]),
        _ => ("", s),
    };
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return format!("{sign}{lower}").parse().ok();
    }
    // Split mantissa and exponent, each made of digit groups joined by `_`.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut text = String::from(sign);
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    if int.is_empty() && frac.is_none_or(str::is_empty) {
        return None;
    }
    if !int.is_empty() {
        text.push_str(&ascii_digits(int)?);
    } else {
        text.push('0');
    }
    if let Some(frac) = frac {
        text.push('.');
        if !frac.is_empty() {
            text.push_str(&ascii_digits(frac)?);
        }
    }
    if let Some(exponent) = exponent {
        let (esign, edigits) = match exponent.chars().next() {
            Some('-') => ("-", &exponent[1..]),
            Some('+') => ("", &exponent[1..]),
            _ => ("", exponent),
        };
        text.push('e');
        text.push_str(esign);
        text.push_str(&ascii_digits(edigits)?);
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_like_python() {
        let ok = [
            ("5", 5),
            (" 7 ", 7),
            ("+5", 5),
            ("-5", -5),
            ("1_0", 10),
            ("007", 7),
            ("٣", 3),
            ("\u{a0}12\t", 12),
            ("-0", 0),
        ];
        for (s, want) in ok {
            assert_eq!(parse_int(s), Some(Integer::Small(want)), "{s:?}");
        }
        for bad in ["", " ", "five", "1.0", "1e3", "_1", "1_", "1__0", "+-1", "0x10", "1 2", "😀"] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
        let big = "123456789012345678901234567890123456789012345678901234567890";
        assert_eq!(parse_int(big), Some(Integer::Big(big.into())));
    }

    #[test]
    fn floats_like_python() {
        let ok = [
            ("1.5", 1.5),
            (" 2 ", 2.0),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1_0.5", 10.5),
            ("-0", -0.0),
        ];
        for (s, want) in ok {
            assert_eq!(parse_float(s), Some(want), "{s:?}");
        }
        assert!(parse_float("inf").is_some_and(f64::is_infinite));
        assert!(parse_float("-Infinity").is_some_and(|f| f == f64::NEG_INFINITY));
        assert!(parse_float("nan").is_some_and(f64::is_nan));
        for bad in ["", ".", "e5", "abc", "1e", "1_", "1..2", "--1"] {
            assert_eq!(parse_float(bad), None, "{bad:?}");
        }
    }
}
