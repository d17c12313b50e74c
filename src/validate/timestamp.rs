//! Which strings botocore accepts as timestamps.
//!
//! botocore's validator takes a number of epoch seconds, a string `float()`
//! reads, or anything `dateutil.parser.parse` reads
//! (`botocore.utils.parse_timestamp`). dateutil is famously lenient; this
//! module accepts the forms people write in request files — ISO 8601 in its
//! common shapes, RFC 822/1123 dates, and month-name dates such as
//! `Jan 2 2024 10:00` — and refuses words (`yesterday`). Inputs outside
//! these forms that dateutil would still read are reported as type errors;
//! the README lists that deliberate strictness.

use crate::python::number;

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAY_NAMES: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ZONES: [&str; 5] = ["utc", "gmt", "z", "ut", "zulu"];

/// Whether botocore would accept `text` as a timestamp.
#[must_use]
pub fn is_timestamp(text: &str) -> bool {
    if let Some(f) = number::parse_float(text) {
        // `datetime.fromtimestamp` fails beyond year 9999 (and on NaN).
        return f.is_finite() && f.abs() < 253_402_300_800.0;
    }
    let text = text.trim();
    if text.is_empty() {
        return false;
    }
    let tokens: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    // Every token must be a date or time part dateutil knows; dateutil fills
    // in what is missing (`10:00` is today at ten, `Monday` the coming one).
    tokens.iter().all(|token| {
        let lower = token.to_ascii_lowercase();
        let lower = lower.trim_end_matches('.');
        iso_datetime(token).is_some()
            || MONTHS.contains(&lower)
            || MONTH_NAMES.contains(&lower)
            || WEEKDAYS.contains(&lower)
            || WEEKDAY_NAMES.contains(&lower)
            || ZONES.contains(&lower)
            || matches!(lower, "am" | "pm" | "a.m" | "p.m")
            || is_offset(token)
            || (token.bytes().all(|b| b.is_ascii_digit()) && (1..=4).contains(&token.len()))
            || slashed_date(token)
    })
}

/// A token of ISO 8601 shape: `2024-01-02`, `2024-01-02T03:04:05.123Z`,
/// `2024-01-02T03:04:05+01:00`, `20240102T030405Z`, or a time `10:30:00`.
/// Returns whether it carries a date (`None`: not of this shape).
fn iso_datetime(token: &str) -> Option<bool> {
    let (date_part, time_part) = match token.find(['T', 't']) {
        Some(i) if i > 0 => (&token[..i], Some(&token[i + 1..])),
        _ if token.contains(':') => ("", Some(token)),
        _ => (token, None),
    };
    let has_date = !date_part.is_empty();
    if has_date && !iso_date(date_part) {
        return None;
    }
    if let Some(time) = time_part
        && !iso_time(time)
    {
        return None;
    }
    Some(has_date)
}

fn iso_date(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => {
            y.len() == 4
                && digits(y)
                && digits(m)
                && digits(d)
                && m.len() <= 2
                && d.len() <= 2
                && valid_md(m, d)
        }
        [y, m] => y.len() == 4 && digits(y) && digits(m) && m.len() <= 2 && valid_md(m, "1"),
        [compact] if compact.len() == 8 && digits(compact) => valid_md(&compact[4..6], &compact[6..8]),
        _ => false,
    }
}

fn valid_md(month: &str, day: &str) -> bool {
    let m: u32 = month.parse().unwrap_or(0);
    let d: u32 = day.parse().unwrap_or(0);
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn iso_time(s: &str) -> bool {
    // Split off a zone: Z, +hh:mm, -hhmm.
    let (clock, zone) = match s.find(['Z', 'z', '+', '-']) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    };
    if let Some(zone) = zone
        && !(zone.eq_ignore_ascii_case("z") || is_offset(zone))
    {
        return false;
    }
    let (hms, fraction) = match clock.split_once(['.', ',']) {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let fields: Vec<&str> = if hms.contains(':') {
        hms.split(':').collect()
    } else if hms.len() == 6 || hms.len() == 4 {
        vec![&hms[..2], &hms[2..4], &hms[4..]].into_iter().filter(|f| !f.is_empty()).collect()
    } else {
        return false;
    };
    let limits = [23, 59, 60];
    fields.len() >= 2
        && fields.len() <= 3
        && fields.iter().zip(limits).all(|(f, limit)| {
            !f.is_empty()
                && f.len() <= 2
                && f.bytes().all(|b| b.is_ascii_digit())
                && f.parse::<u32>().is_ok_and(|v| v <= limit)
        })
}

/// `+01:00`, `-0500`, `+01`.
fn is_offset(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['+', '-']) else { return false };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    (digits.len() == 2 || digits.len() == 4) && digits.bytes().all(|b| b.is_ascii_digit()) && rest.len() <= 5
}

/// `1/2/2024`, `2024/01/02`.
fn slashed_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checked against `botocore.utils.parse_to_aware_datetime` 1.43.11.
    #[test]
    fn accepts_what_botocore_accepts() {
        for ok in [
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.123Z",
            "2024-01-02T03:04:05+01:00",
            "2024-01-02 03:04:05",
            "2024-01-02T03:04:05-0500",
            "20240102T030405Z",
            "Wed, 01 Jan 2020 00:00:00 GMT",
            "Jan 2 2024",
            "2 January 2024 10:00",
            "1/2/2024",
            "1700000000",
            "1700000000.5",
            "12",
            "2024",
            "2024-01",
            "10:00",
            "Monday",
            "2024-01-02T03:04",
            "1 2",
            "  2024-01-02  ",
        ] {
            assert!(is_timestamp(ok), "{ok:?} should be accepted");
        }
        for bad in [
            "yesterday",
            "not a date",
            "",
            "2024-13-01",
            "2024-01-02T25:00:00",
            "nan",
            "inf",
            "1e400",
            "soon 2024",
        ] {
            assert!(!is_timestamp(bad), "{bad:?} should be refused");
        }
    }
}
