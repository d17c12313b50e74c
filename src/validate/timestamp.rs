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

/// Whether `text` is a timestamp in ISO 8601's extended form, as every
/// tool reads it: `2024-01-02`, or `2024-01-02T03:04[:05[.123]]` with an
/// optional zone (`Z`, `+01:00`, `-0500`).
#[must_use]
pub fn is_iso8601(text: &str) -> bool {
    let (date, time) = match text.find(['T', 't']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let b = date.as_bytes();
    let extended_date = b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && date.bytes().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && iso_date(date);
    extended_date && time.is_none_or(|t| t.contains(':') && !t.contains(',') && iso_time(t))
}

/// `text`, a timestamp the AWS CLI reads (month names, slashes, `am`/`pm`,
/// a zone name), written in ISO 8601 as botocore would send it: the same
/// date, time and offset (`Z` when none is given: botocore takes a time
/// without a zone as UTC). `None` when the text leaves part of the date to
/// dateutil's guess (no year, a two-digit year, today's date, a weekday).
///
/// A bare day and month in digits are read month first, as dateutil does
/// unless the first cannot be a month (`13/2/2024` is 13 February).
#[must_use]
pub fn to_iso8601(text: &str) -> Option<String> {
    let mut parts = Parts::default();
    let mut tokens = text.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).peekable();
    while let Some(token) = tokens.next() {
        // `10 pm`: a number before am/pm is the hour.
        let meridiem = tokens.peek().map(|t| t.to_ascii_lowercase());
        if token.len() <= 2
            && token.bytes().all(|b| b.is_ascii_digit())
            && meridiem.is_some_and(|m| matches!(m.trim_end_matches('.'), "am" | "pm" | "a.m" | "p.m"))
        {
            set(&mut parts.time, (token.parse().ok()?, 0, 0, String::new()))?;
            continue;
        }
        parts.read(token)?;
    }
    parts.finish()
}

/// What [`to_iso8601`] has read so far.
#[derive(Default)]
struct Parts {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    /// Hours, minutes, seconds, and the fraction as written (`.5`).
    time: Option<(u32, u32, u32, String)>,
    zone: Option<String>,
    pm: Option<bool>,
}

impl Parts {
    fn read(&mut self, token: &str) -> Option<()> {
        let lower = token.to_ascii_lowercase();
        let lower = lower.trim_end_matches('.');
        if let Some(i) =
            MONTHS.iter().position(|m| *m == lower).or_else(|| MONTH_NAMES.iter().position(|m| *m == lower))
        {
            return set(&mut self.month, u32::try_from(i).ok()? + 1);
        }
        if WEEKDAYS.contains(&lower) || WEEKDAY_NAMES.contains(&lower) {
            return Some(());
        }
        if ZONES.contains(&lower) {
            return set(&mut self.zone, "Z".to_owned());
        }
        if matches!(lower, "am" | "a.m") || matches!(lower, "pm" | "p.m") {
            return set(&mut self.pm, lower.starts_with('p'));
        }
        if is_offset(token) {
            return set(&mut self.zone, offset(token)?);
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            // With a month name, a day or a four-digit year; two-digit
            // years and bare numbers are dateutil's guess.
            return match token.len() {
                4 => set(&mut self.year, token.parse().ok()?),
                1 | 2 if self.day.is_none() => set(&mut self.day, token.parse().ok()?),
                _ => None,
            };
        }
        if slashed_date(token) {
            let numbers: Vec<&str> = token.split('/').collect();
            let [a, b, c] = numbers.as_slice() else { return None };
            let (y, m, d) = if a.len() == 4 {
                (*a, *b, *c)
            } else if c.len() == 4 && a.parse::<u32>().ok()? > 12 {
                (*c, *b, *a)
            } else if c.len() == 4 {
                (*c, *a, *b)
            } else {
                return None;
            };
            set(&mut self.year, y.parse().ok()?)?;
            set(&mut self.month, m.parse().ok()?)?;
            return set(&mut self.day, d.parse().ok()?);
        }
        let (date, time) = match token.find(['T', 't']) {
            Some(i) if i > 0 => (&token[..i], Some(&token[i + 1..])),
            _ if token.contains(':') => ("", Some(token)),
            _ => (token, None),
        };
        if !date.is_empty() {
            let digits: String = date.chars().filter(|c| *c != '-').collect();
            if digits.len() != 8 || !iso_date(date) {
                return None;
            }
            set(&mut self.year, digits.get(..4)?.parse().ok()?)?;
            set(&mut self.month, digits.get(4..6)?.parse().ok()?)?;
            set(&mut self.day, digits.get(6..)?.parse().ok()?)?;
        }
        if let Some(time) = time {
            if !iso_time(time) {
                return None;
            }
            let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
                Some(i) => (&time[..i], Some(&time[i..])),
                None => (time, None),
            };
            if let Some(zone) = zone {
                let zone = if zone.eq_ignore_ascii_case("z") { "Z".to_owned() } else { offset(zone)? };
                set(&mut self.zone, zone)?;
            }
            let (hms, fraction) = match clock.split_once(['.', ',']) {
                Some((hms, f)) => (hms, format!(".{f}")),
                None => (clock, String::new()),
            };
            let fields: Vec<u32> = if hms.contains(':') {
                hms.split(':').map(str::parse).collect::<Result<_, _>>().ok()?
            } else {
                let pair = |i: usize| hms.get(i..i + 2).and_then(|f| f.parse().ok());
                [pair(0), pair(2), pair(4)].into_iter().flatten().collect()
            };
            let (h, m, s) = match fields.as_slice() {
                [h, m] => (*h, *m, 0),
                [h, m, s] => (*h, *m, *s),
                _ => return None,
            };
            return set(&mut self.time, (h, m, s, fraction));
        }
        Some(())
    }

    fn finish(self) -> Option<String> {
        let (year, month, day) = (self.year?, self.month?, self.day?);
        if !(1..=9999).contains(&year) || day == 0 || day > days_in(year, month)? {
            return None;
        }
        let (mut hour, minute, second, fraction) = self.time.unwrap_or((0, 0, 0, String::new()));
        if let Some(pm) = self.pm {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let zone = self.zone.unwrap_or_else(|| "Z".to_owned());
        Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"))
    }
}

/// Sets a part read once; a second reading of it is more than this module
/// can tell apart (`None`).
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// `+0100`, `+01`, `-05:00` as `+01:00`.
fn offset(token: &str) -> Option<String> {
    let sign = token.get(..1)?;
    let digits: String = token.get(1..)?.chars().filter(|c| *c != ':').collect();
    let (h, m) = (digits.get(..2)?, digits.get(2..).filter(|m| !m.is_empty()).unwrap_or("00"));
    let (hours, minutes): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (hours <= 23 && minutes <= 59).then(|| format!("{sign}{h}:{m}"))
}

/// Days in `month` of `year` (`None` for no month).
fn days_in(year: u32, month: u32) -> Option<u32> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
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

    /// What `botocore.utils.parse_to_aware_datetime` 1.43.11 makes of each
    /// (the same instant; the offset kept as written).
    #[test]
    fn converts_as_botocore_reads() {
        for (text, iso) in [
            ("Jan 2 2024 10:00", "2024-01-02T10:00:00Z"),
            ("1/2/2024", "2024-01-02T00:00:00Z"),
            ("13/2/2024", "2024-02-13T00:00:00Z"),
            ("2024/01/02", "2024-01-02T00:00:00Z"),
            ("Wed, 01 Jan 2020 00:00:00 GMT", "2020-01-01T00:00:00Z"),
            ("2 January 2024 10:00 pm", "2024-01-02T22:00:00Z"),
            ("2024-01-02 03:04:05", "2024-01-02T03:04:05Z"),
            ("Jan 2 2024 10:00 +0100", "2024-01-02T10:00:00+01:00"),
            ("20240102T030405Z", "2024-01-02T03:04:05Z"),
            ("2024-01-02 03:04:05.5", "2024-01-02T03:04:05.5Z"),
            ("Monday, Jan 2 2024", "2024-01-02T00:00:00Z"),
            ("Jan 2, 2024", "2024-01-02T00:00:00Z"),
            ("10:00 Jan 2 2024 UTC", "2024-01-02T10:00:00Z"),
            ("12 am Jan 2 2024", "2024-01-02T00:00:00Z"),
            ("2 Jan 2024 12:30 PM", "2024-01-02T12:30:00Z"),
            ("Feb 29 2024", "2024-02-29T00:00:00Z"),
        ] {
            assert_eq!(to_iso8601(text).as_deref(), Some(iso), "{text:?}");
            assert!(is_timestamp(text) && !is_iso8601(text), "{text:?}");
            assert!(is_iso8601(iso) && is_timestamp(iso), "{iso:?}");
        }
        // Parts left to dateutil's guess (today, the century) get no fix.
        for guess in ["10:00", "Monday", "Jan 2", "Jan 2 24", "2024-01", "1 2", "Feb 30 2024", "2024"] {
            assert_eq!(to_iso8601(guess), None, "{guess:?}");
        }
        for iso in ["2024-01-02", "2024-01-02T03:04:05Z", "2024-01-02t03:04", "2024-01-02T03:04:05.123-0500"]
        {
            assert!(is_iso8601(iso), "{iso:?}");
        }
        for not in ["2024-1-2", "20240102", "2024-01-02 03:04", "2024-01-02T03", "Jan 2 2024"] {
            assert!(!is_iso8601(not), "{not:?}");
        }
    }
}
