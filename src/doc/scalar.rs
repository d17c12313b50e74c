//! YAML 1.2 core-schema scalar resolution, as ruamel.yaml's safe loader does it.
//!
//! AWS CLI v2 loads `--cli-input-yaml` with ruamel.yaml (YAML 1.2), so a plain
//! scalar means what ruamel's `VersionedResolver` (the 1.2 regexes in
//! `ruamel/yaml/resolver.py`) and `SafeConstructor` (`constructor.py`) make of
//! it, which is a little more than the YAML 1.2 spec's core schema:
//!
//! * null: empty, `~`, `null`, `Null`, `NULL`;
//! * bool: `true`/`True`/`TRUE`/`false`/`False`/`FALSE` only (`yes`, `on`, `y`
//!   stay strings);
//! * int: `[-+]?` then decimal digits, `0o` octal, `0x` hex or `0b` binary, with
//!   `_` allowed anywhere after the first character; a leading zero is still
//!   decimal (`0755` is 755);
//! * float: `1.5`, `1.`, `.5` (signed), `1e3` (an exponent needs digits before
//!   it, and after a leading `.` an explicit sign: `.5e3` is a string),
//!   `.inf`/`.Inf`/`.INF` (signed), `.nan`/`.NaN`/`.NAN`;
//! * timestamp: `2020-01-01` or `2001-12-14t21:59:43.10-05:00` and the other
//!   YAML 1.1 timestamp forms, kept as text.
//!
//! Which resolver runs depends on the first character, as in ruamel: `_1` is
//! a string, but `-_` matches the int pattern and then fails to construct.
//! Such construction failures (and impossible dates) are returned as `Err`
//! with a message; the loader reports them as [`ProblemKind::Value`] and keeps
//! the text as a string. `src/doc/testdata/ruamel_scalars.tsv` records
//! ruamel 0.19.1's answers for ~180 scalars and a test checks this module
//! against it.
//!
//! [`ProblemKind::Value`]: crate::doc::error::ProblemKind::Value

use crate::doc::tree::Float;
use crate::doc::tree::Integer;
use crate::doc::tree::Scalar;

/// Document text in a message: clipped, and quoted as Python's `repr`-like
/// Rust debug form.
fn quoted(text: &str) -> String {
    format!("{:?}", crate::guard::sanitize::clip(text, crate::guard::sanitize::QUOTED_CHARS))
}

/// Result of resolving a scalar: the value, or why ruamel could not build it.
pub type Resolution = Result<Scalar, String>;

/// Resolves an untagged plain scalar (used for values, not keys).
///
/// # Errors
///
/// A message when ruamel would match a type but fail to construct it (`-_`,
/// `._`, `2020-02-30`) or when the scalar is the merge key `<<` or the value
/// indicator `=`, which ruamel cannot load as values.
pub fn resolve_plain(text: &str) -> Resolution {
    resolve_plain_typed(text).map(|typed| typed.unwrap_or_else(|| Scalar::String(text.to_owned())))
}

/// [`resolve_plain`] without allocating for strings: `Ok(None)` means the
/// scalar is a string (the caller owns the text already).
pub(crate) fn resolve_plain_typed(text: &str) -> Result<Option<Scalar>, String> {
    let Some(first) = text.bytes().next() else {
        return Ok(Some(Scalar::Null));
    };
    match first {
        b't' | b'T' | b'f' | b'F' => {
            if let Some(b) = parse_bool_12(text) {
                return Ok(Some(Scalar::Bool(b)));
            }
        }
        b'-' | b'+' | b'.' | b'0'..=b'9' => {
            if is_float_12(text) {
                return construct_float(text).map(|f| Some(Scalar::Float(f)));
            }
            if first != b'.' && is_int_12(text) {
                return construct_int(text).map(|i| Some(Scalar::Integer(i)));
            }
            if first.is_ascii_digit()
                && let Some(ts) = match_timestamp(text)
            {
                return ts.validate().map(|()| Some(Scalar::Timestamp(text.to_owned())));
            }
        }
        b'~' | b'n' | b'N' => {
            if matches!(text, "~" | "null" | "Null" | "NULL") {
                return Ok(Some(Scalar::Null));
            }
        }
        b'<' if text == "<<" => {
            return Err(
                "a plain '<<' is the YAML merge key and cannot be loaded as a value; quote it".to_owned()
            );
        }
        b'=' if text == "=" => {
            return Err(
                "a plain '=' cannot be loaded as a value by the AWS CLI's YAML loader; quote it".to_owned()
            );
        }
        _ => {}
    }
    Ok(None)
}

/// Resolves a scalar with an explicit core-schema tag (`suffix` is the part
/// after `tag:yaml.org,2002:`), as ruamel's constructor for that tag would.
/// `binary`, `map`, `seq` and unknown suffixes are the caller's business and
/// give `None`.
#[must_use]
pub fn resolve_tagged(text: &str, suffix: &str) -> Option<Resolution> {
    let resolution = match suffix {
        "str" => Ok(Scalar::String(text.to_owned())),
        "null" => Ok(Scalar::Null),
        "bool" => match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "on" => Ok(Scalar::Bool(true)),
            "no" | "n" | "false" | "off" => Ok(Scalar::Bool(false)),
            _ => Err(format!("cannot load {} as a !!bool", quoted(text))),
        },
        "int" => construct_int(text)
            .map(Scalar::Integer)
            .map_err(|_| format!("cannot load {} as an !!int", quoted(text))),
        "float" => construct_float(text)
            .map(Scalar::Float)
            .map_err(|_| format!("cannot load {} as a !!float", quoted(text))),
        "timestamp" => match match_timestamp(text) {
            Some(ts) => ts.validate().map(|()| Scalar::Timestamp(text.to_owned())),
            None => Err(format!("cannot load {} as a !!timestamp", quoted(text))),
        },
        _ => return None,
    };
    Some(resolution)
}

/// YAML 1.2 booleans as ruamel resolves them.
fn parse_bool_12(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Splits an optional leading `-` or `+`.
fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else {
        (false, text.strip_prefix('+').unwrap_or(text))
    }
}

/// Whether `s` is non-empty and every byte satisfies `ok`.
fn all_nonempty(s: &str, ok: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(ok)
}

/// ruamel's 1.2 int pattern:
/// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?[0-9_]+ | [-+]?0x[0-9a-fA-F_]+`.
fn is_int_12(text: &str) -> bool {
    let (_, body) = split_sign(text);
    if let Some(rest) = body.strip_prefix("0b") {
        return all_nonempty(rest, |b| matches!(b, b'0' | b'1' | b'_'));
    }
    if let Some(rest) = body.strip_prefix("0x") {
        return all_nonempty(rest, |b| b.is_ascii_hexdigit() || b == b'_');
    }
    if let Some(rest) = body.strip_prefix("0o") {
        return all_nonempty(rest, |b| matches!(b, b'0'..=b'7' | b'_'));
    }
    all_nonempty(body, |b| b.is_ascii_digit() || b == b'_')
}

/// Consumes `[0-9_]*` from the front of `s`.
fn skip_digits_underscores(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
}

/// `[eE][-+]?[0-9]+` (sign optional) or `[eE][-+][0-9]+` (sign required).
fn is_exponent(s: &str, sign_required: bool) -> bool {
    let Some(rest) = s.strip_prefix(['e', 'E']) else {
        return false;
    };
    let digits = match rest.strip_prefix(['-', '+']) {
        Some(d) => d,
        None if sign_required => return false,
        None => rest,
    };
    all_nonempty(digits, |b| b.is_ascii_digit())
}

/// ruamel's 1.2 float pattern (see the module docs).
fn is_float_12(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (_, body) = split_sign(text);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    if let Some(frac) = body.strip_prefix('.') {
        // [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        if !frac.starts_with(|c: char| c.is_ascii_digit() || c == '_') {
            return false;
        }
        let rest = skip_digits_underscores(frac);
        return rest.is_empty() || is_exponent(rest, true);
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let rest = skip_digits_underscores(body);
    if let Some(frac) = rest.strip_prefix('.') {
        // [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        let rest = skip_digits_underscores(frac);
        rest.is_empty() || is_exponent(rest, false)
    } else {
        // [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        is_exponent(rest, false)
    }
}

/// ruamel's `construct_yaml_int`: drop `_`, take the sign, then `0b`, `0x`,
/// `0o` prefixes or decimal (leading zeros allowed). Values beyond `i128`
/// become [`Integer::Big`] in canonical decimal, as Python's `int` prints them.
fn construct_int(text: &str) -> Result<Integer, String> {
    // Most integers of a request are a few decimal digits: no copy without
    // underscores, no `i128` arithmetic (18 digits always fit an `i64`).
    let (negative, body) = split_sign(text);
    if !body.is_empty() && body.len() <= 18 && body.bytes().all(|b| b.is_ascii_digit()) {
        let value = body.bytes().fold(0i64, |value, b| value * 10 + i64::from(b - b'0'));
        return Ok(Integer::Small(i128::from(if negative { -value } else { value })));
    }
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, body) = split_sign(&cleaned);
    let (radix, digits) = if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(format!("cannot load {} as an integer", quoted(text)));
    }
    let mut value: i128 = 0;
    for c in digits.chars() {
        let d = i128::from(c.to_digit(radix).unwrap_or(0));
        let next = value
            .checked_mul(i128::from(radix))
            .and_then(|v| if negative { v.checked_sub(d) } else { v.checked_add(d) });
        match next {
            Some(v) => value = v,
            None => return big_decimal(negative, radix, digits).map(Integer::Big),
        }
    }
    Ok(Integer::Small(value))
}

/// Python's limit on integer/string conversion (`sys.int_info.default_max_str_digits`):
/// beyond it the CLI fails too, and the quadratic base conversion below stays cheap.
const MAX_DECIMAL_DIGITS: usize = 4300;

/// The canonical decimal text of a big integer written in `radix` (digits
/// already checked): no sign for zero, no `+`, no leading zeros.
fn big_decimal(negative: bool, radix: u32, digits: &str) -> Result<Box<str>, String> {
    let too_long = || format!("the integer has more than {MAX_DECIMAL_DIGITS} digits");
    let significant = digits.trim_start_matches('0');
    let decimal = if radix == 10 {
        if significant.len() > MAX_DECIMAL_DIGITS {
            return Err(too_long());
        }
        significant.to_owned()
    } else {
        // Little-endian limbs of nine decimal digits; each source digit is one
        // multiply-add over the limbs.
        const LIMB: u64 = 1_000_000_000;
        if significant.len() > MAX_DECIMAL_DIGITS {
            return Err(too_long());
        }
        let mut limbs: Vec<u64> = Vec::new();
        for c in significant.chars() {
            let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
            for limb in &mut limbs {
                let v = *limb * u64::from(radix) + carry;
                *limb = v % LIMB;
                carry = v / LIMB;
            }
            while carry > 0 {
                limbs.push(carry % LIMB);
                carry /= LIMB;
            }
        }
        let mut out = limbs.last().map(u64::to_string).unwrap_or_default();
        for limb in limbs.iter().rev().skip(1) {
            out.push_str(&format!("{limb:09}"));
        }
        if out.len() > MAX_DECIMAL_DIGITS {
            return Err(too_long());
        }
        out
    };
    Ok(if negative { format!("-{decimal}") } else { decimal }.into_boxed_str())
}

/// ruamel's `construct_yaml_float`: drop `_`, lowercase, `.inf`/`.nan`, else
/// Python `float()` (approximated by Rust's parser, which accepts the same
/// decimal forms).
fn construct_float(text: &str) -> Result<Float, String> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect::<String>().to_ascii_lowercase();
    let (negative, body) = split_sign(&cleaned);
    let magnitude = match body {
        ".inf" => f64::INFINITY,
        ".nan" => f64::NAN,
        _ => body.parse::<f64>().map_err(|_| format!("cannot load {} as a float", quoted(text)))?,
    };
    let value = if negative { -magnitude } else { magnitude };
    let out_of_range = value.is_infinite() && !body.contains("inf");
    Ok(Float { value, literal: text.into(), out_of_range })
}

/// The fields of a timestamp matched by ruamel's timestamp pattern.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Timestamp {
    year: u32,
    month: u32,
    day: u32,
    /// `(hour, minute, second)` when a time is present.
    time: Option<(u32, u32, u32)>,
    /// `(hours, minutes)` of a numeric UTC offset.
    offset: Option<(u32, u32)>,
}

impl Timestamp {
    /// What Python's `datetime` would refuse (ruamel then fails to load).
    fn validate(&self) -> Result<(), String> {
        let leap =
            (self.year.is_multiple_of(4) && !self.year.is_multiple_of(100)) || self.year.is_multiple_of(400);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("invalid date: month {} is not 1 to 12", self.month)),
        };
        if self.year == 0 {
            return Err("invalid date: year 0000".to_owned());
        }
        if self.day == 0 || self.day > days {
            return Err(format!("invalid date: day {} is not in month {}", self.day, self.month));
        }
        if let Some((h, m, s)) = self.time
            && (h > 23 || m > 59 || s > 59)
        {
            return Err(format!("invalid time {h:02}:{m:02}:{s:02}"));
        }
        if let Some((h, m)) = self.offset
            && h.saturating_mul(60).saturating_add(m) >= 24 * 60
        {
            return Err(format!("invalid UTC offset {h}:{m:02}"));
        }
        Ok(())
    }
}

/// A byte cursor for the timestamp matcher.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn eat(&mut self, b: u8) -> bool {
        if self.rest.first() == Some(&b) {
            self.rest = self.rest.get(1..).unwrap_or_default();
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` ASCII digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self.rest.iter().take(max).take_while(|b| b.is_ascii_digit()).count();
        if n < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at_checked(n)?;
        self.rest = rest;
        Some(digits.iter().fold(0_u32, |acc, &d| acc.saturating_mul(10).saturating_add(u32::from(d - b'0'))))
    }

    fn skip_blanks(&mut self) -> usize {
        let n = self.rest.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        self.rest = self.rest.get(n..).unwrap_or_default();
        n
    }
}

/// Matches ruamel's timestamp pattern:
/// `YYYY-MM-DD`, or `YYYY-M-D` + (`T`|`t`|blanks) + `h:mm:ss` + optional
/// `.fraction` + optional blanks and `Z` or `±h[:mm]`.
fn match_timestamp(text: &str) -> Option<Timestamp> {
    let mut c = Cursor { rest: text.as_bytes() };
    let year = c.digits(4, 4)?;
    if !c.eat(b'-') {
        return None;
    }
    let date_only = text.len() == 10;
    let (month, day) = if date_only {
        let m = c.digits(2, 2)?;
        if !c.eat(b'-') {
            return None;
        }
        (m, c.digits(2, 2)?)
    } else {
        let m = c.digits(1, 2)?;
        if !c.eat(b'-') {
            return None;
        }
        (m, c.digits(1, 2)?)
    };
    let mut ts = Timestamp { year, month, day, ..Timestamp::default() };
    if c.rest.is_empty() {
        return date_only.then_some(ts);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.skip_blanks() > 0) {
        return None;
    }
    let hour = c.digits(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let second = c.digits(2, 2)?;
    ts.time = Some((hour, minute, second));
    if c.eat(b'.') {
        c.digits(0, usize::MAX);
    }
    c.skip_blanks();
    if c.eat(b'Z') {
        // UTC
    } else if c.eat(b'-') || c.eat(b'+') {
        let h = c.digits(1, 2)?;
        let m = if c.eat(b':') { c.digits(2, 2)? } else { 0 };
        ts.offset = Some((h, m));
    }
    c.rest.is_empty().then_some(ts)
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values are the point
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly
mod tests {
    use super::*;

    /// One line of `testdata/ruamel_scalars.tsv`: input, kind, canonical value.
    fn oracle() -> Vec<(String, String, String)> {
        let unescape = |s: &str| s.replace("\\t", "\t").replace("\\\\", "\\");
        include_str!("testdata/ruamel_scalars.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|line| {
                let mut cols = line.split('\t');
                let input = unescape(cols.next().unwrap_or(""));
                let kind = cols.next().unwrap_or("").to_owned();
                let value = unescape(cols.next().unwrap_or(""));
                (input, kind, value)
            })
            .collect()
    }

    #[test]
    fn agrees_with_ruamel() {
        let mut checked = 0;
        for (input, kind, expected) in oracle() {
            // Inputs that ruamel's *scanner* rejects do not reach the resolver.
            if kind == "error"
                && (expected == "ScannerError"
                    || expected == "ConstructorError" && input != "<<" && input != "=")
            {
                continue;
            }
            let got = resolve_plain(&input);
            let ok = match (kind.as_str(), &got) {
                ("null", Ok(Scalar::Null)) | ("error", Err(_)) => true,
                ("bool", Ok(Scalar::Bool(b))) => b.to_string() == expected,
                ("int", Ok(Scalar::Integer(i))) => match i {
                    Integer::Small(v) => v.to_string() == expected,
                    Integer::Big(text) => **text == *expected,
                },
                ("float", Ok(Scalar::Float(f))) => match expected.as_str() {
                    "nan" => f.value.is_nan(),
                    "inf" => f.value == f64::INFINITY,
                    "-inf" => f.value == f64::NEG_INFINITY,
                    e => e
                        .parse::<f64>()
                        .is_ok_and(|v| v == f.value && v.is_sign_negative() == f.value.is_sign_negative()),
                },
                ("timestamp", Ok(Scalar::Timestamp(t))) => t == &input,
                ("str", Ok(Scalar::String(s))) => s == &expected,
                _ => false,
            };
            assert!(ok, "{input:?}: ruamel says {kind} {expected:?}, we say {got:?}");
            checked += 1;
        }
        assert!(checked > 150, "only {checked} oracle rows checked");
    }

    #[test]
    fn yaml_11_words_are_strings() {
        for s in
            ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "None", "0x", "12:30", "1,000", "inf", "NaN"]
        {
            assert_eq!(resolve_plain(s), Ok(Scalar::String(s.to_owned())), "{s}");
        }
    }

    #[test]
    fn integers() {
        let int = |s: &str| match resolve_plain(s) {
            Ok(Scalar::Integer(i)) => i,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(int("0o17"), Integer::Small(15));
        assert_eq!(int("0x1F"), Integer::Small(31));
        assert_eq!(int("-0b101"), Integer::Small(-5));
        assert_eq!(int("1_000"), Integer::Small(1000));
        assert_eq!(int("0755"), Integer::Small(755));
        assert_eq!(int("-170141183460469231731687303715884105728"), Integer::Small(i128::MIN));
        assert_eq!(
            int("170141183460469231731687303715884105728"),
            Integer::Big("170141183460469231731687303715884105728".into())
        );
        assert_eq!(
            int("0x1_0000_0000_0000_0000_0000_0000_0000_0000"),
            Integer::Big("340282366920938463463374607431768211456".into())
        );
        assert_eq!(
            int("+000170141183460469231731687303715884105728"),
            int("170141183460469231731687303715884105728")
        );
        assert_eq!(
            int("-0o4000000000000000000000000000000000000000001"),
            Integer::Big("-340282366920938463463374607431768211457".into())
        );
        assert!(resolve_plain(&format!("0x{}", "f".repeat(4000))).is_err(), "beyond Python's digit limit");
        // Up to 18 plain digits take a shorter way: the same values.
        assert_eq!(int("-0"), Integer::Small(0));
        assert_eq!(int("+12"), Integer::Small(12));
        assert_eq!(int("007"), Integer::Small(7));
        assert_eq!(int("999999999999999999"), Integer::Small(999_999_999_999_999_999));
        assert_eq!(int("-999999999999999999"), Integer::Small(-999_999_999_999_999_999));
        assert_eq!(int("9999999999999999999"), Integer::Small(9_999_999_999_999_999_999));
        assert_eq!(int("-000000000000000001"), Integer::Small(-1));
        assert_eq!(int("1_0"), Integer::Small(10));
    }

    #[test]
    fn floats_keep_literal_and_flag_overflow() {
        let float = |s: &str| match resolve_plain(s) {
            Ok(Scalar::Float(f)) => f,
            other => panic!("{s}: {other:?}"),
        };
        let f = float("1e400");
        assert!(f.out_of_range && f.value.is_infinite());
        assert_eq!(&*f.literal, "1e400");
        assert!(!float("-.inf").out_of_range);
        assert!(float(".nan").value.is_nan());
        assert_eq!(float("1_0.5").value, 10.5);
        assert!(!float("1e-400").out_of_range);
    }

    #[test]
    fn timestamps() {
        for s in [
            "2020-01-01",
            "2001-12-14t21:59:43.10-05:00",
            "1970-01-01 00:00:00",
            "2001-12-14 21:59:43.10 -5",
            "2020-02-29",
        ] {
            assert_eq!(resolve_plain(s), Ok(Scalar::Timestamp(s.to_owned())), "{s}");
        }
        for s in ["2020-1-1", "2020-01-01T00:00", "20200101x"] {
            assert!(matches!(resolve_plain(s), Ok(Scalar::String(_))), "{s}");
        }
        for s in ["2020-13-01", "2021-02-29", "2020-01-01T24:00:00", "0000-01-01", "2020-01-01 00:00:00 +24"]
        {
            assert!(resolve_plain(s).is_err(), "{s}");
        }
    }

    #[test]
    fn tagged() {
        assert_eq!(resolve_tagged("12", "str"), Some(Ok(Scalar::String("12".into()))));
        assert_eq!(resolve_tagged("12", "int"), Some(Ok(Scalar::Integer(Integer::Small(12)))));
        assert!(matches!(resolve_tagged("12", "float"), Some(Ok(Scalar::Float(f))) if f.value == 12.0));
        assert_eq!(resolve_tagged("yes", "bool"), Some(Ok(Scalar::Bool(true))));
        assert_eq!(resolve_tagged("OFF", "bool"), Some(Ok(Scalar::Bool(false))));
        assert_eq!(resolve_tagged("abc", "null"), Some(Ok(Scalar::Null)));
        assert!(matches!(resolve_tagged("abc", "int"), Some(Err(_))));
        assert!(matches!(resolve_tagged("abc", "timestamp"), Some(Err(_))));
        assert!(resolve_tagged("abc", "binary").is_none());
        assert!(resolve_tagged("abc", "set").is_none());
    }
}
