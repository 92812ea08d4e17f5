//! Cell text to typed values, tolerant of what real exports contain:
//! `NULL`, thousands separators, exponents, timestamps with or without `T`,
//! seconds, fractions, offsets or `GMT+08:00` suffixes, and dates alone.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rust_decimal::Decimal;

/// The zone that times without an offset are read in: UTC for the US clouds
/// and FOCUS, UTC+8 for the Chinese clouds, which bill in Beijing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Utc,
    Fixed(i32),
}

impl Zone {
    pub const CHINA: Zone = Zone::Fixed(8 * 3600);

    fn offset(self) -> FixedOffset {
        let secs = match self {
            Zone::Utc => 0,
            Zone::Fixed(s) => s,
        };
        FixedOffset::east_opt(secs)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }
}

/// Earliest and latest accepted instants: 1970-01-01 and 2200-01-01.
const MIN_TS: i64 = 0;
const MAX_TS: i64 = 7_258_118_400;

pub fn is_null(v: &str) -> bool {
    v.is_empty() || v.eq_ignore_ascii_case("null") || v == "\\N"
}

/// An exact decimal from export text: `1234.5`, `-0.01`, `1,234.50`,
/// `1.5E-7`, `+3`. Returns `None` for anything else.
pub fn decimal(v: &str) -> Option<Decimal> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(d) = Decimal::from_str(t) {
        return Some(d);
    }
    if t.contains(',') && has_thousands_groups(t) {
        return Decimal::from_str(&t.replace(',', "")).ok();
    }
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).ok();
    }
    None
}

/// `1,234` or `-12,345,678.90`: groups of exactly three digits after the first.
fn has_thousands_groups(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let int = body.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Unix seconds (fractions truncated) from the many spellings of a point in
/// time; text without an offset is read in `zone`.
pub fn timestamp(v: &str, zone: Zone) -> Option<i64> {
    let t = v.trim();
    let ts = parse_any(t, zone)?;
    (MIN_TS..=MAX_TS).contains(&ts).then_some(ts)
}

fn parse_any(t: &str, zone: Zone) -> Option<i64> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.timestamp());
    }
    let (body, zone) = split_zone_suffix(t, zone);
    if let Some(naive) = naive_date_time(body) {
        return zone
            .offset()
            .from_local_datetime(&naive)
            .single()
            .map(|d| d.timestamp());
    }
    None
}

/// Splits off `Z`, `UTC`, `GMT+08:00`, `GMT+8`, `+08:00`, `+0800`.
fn split_zone_suffix(t: &str, zone: Zone) -> (&str, Zone) {
    for utc in ["Z", " UTC", " GMT"] {
        if let Some(body) = t.strip_suffix(utc) {
            return (body.trim_end(), Zone::Utc);
        }
    }
    if let Some(pos) = t.rfind("GMT") {
        if let Some(secs) = offset_secs(&t[pos + 3..]) {
            return (t[..pos].trim_end(), Zone::Fixed(secs));
        }
    }
    // A trailing numeric offset, only after a time (so dates keep their dashes).
    if let Some(pos) = t.rfind(['+', '-']) {
        if pos > 10 && t[..pos].contains(':') {
            if let Some(secs) = offset_secs(&t[pos..]) {
                return (t[..pos].trim_end(), Zone::Fixed(secs));
            }
        }
    }
    (t, zone)
}

fn offset_secs(s: &str) -> Option<i32> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

const DATE_TIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %H:%M:%S%.f",
    "%m/%d/%Y %H:%M",
];

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d"];

fn naive_date_time(t: &str) -> Option<NaiveDateTime> {
    for f in DATE_TIME_FORMATS {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Some(d);
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Some(d.and_time(NaiveTime::MIN));
        }
    }
    month(t).map(|d| d.and_time(NaiveTime::MIN))
}

/// `2025-01`, `2025/01` or `202501`: the first day of that month.
pub fn month(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    let (y, m) = if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        (&t[..4], &t[4..])
    } else {
        let (y, m) = t.split_once(['-', '/'])?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        (y, m)
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// The start of the month containing `date`'s first day, read in `zone`,
/// and the start of the next one, as Unix seconds: a billing period.
pub fn month_period(first_day: NaiveDate, zone: Zone) -> Option<(i64, i64)> {
    let next = first_day.checked_add_months(chrono::Months::new(1))?;
    let at = |d: NaiveDate| {
        zone.offset()
            .from_local_datetime(&d.and_time(NaiveTime::MIN))
            .single()
            .map(|d| d.timestamp())
    };
    Some((at(first_day)?, at(next)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimals_in_export_spellings() {
        assert_eq!(decimal("1,234.50"), Some(d("1234.50")));
        assert_eq!(decimal("-12,345,678"), Some(d("-12345678")));
        assert_eq!(decimal("1.5E-7"), Some(d("0.00000015")));
        assert_eq!(decimal("+3"), Some(d("3")));
        assert_eq!(decimal("12,34"), None);
        assert_eq!(decimal("abc"), None);
        assert_eq!(decimal("1.2.3"), None);
    }

    #[test]
    fn timestamps_in_export_spellings() {
        let utc = |s| timestamp(s, Zone::Utc);
        assert_eq!(utc("2024-01-01T00:00:00Z"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01T00:00:00.000Z"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01 00:00:00"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01T10:00Z"), Some(1_704_103_200));
        assert_eq!(utc("2024-01-01"), Some(1_704_067_200));
        assert_eq!(utc("01/31/2024"), Some(1_706_659_200));
        assert_eq!(utc("2024-01"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01 08:00:00 GMT+08:00"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01T08:00:00+08:00"), Some(1_704_067_200));
        assert_eq!(utc("2024-01-01 08:00:00+0800"), Some(1_704_067_200));
        assert_eq!(
            timestamp("2024-01-01 08:00:00", Zone::CHINA),
            Some(1_704_067_200)
        );
        assert_eq!(timestamp("2024-01-01", Zone::CHINA), Some(1_704_038_400));
        assert_eq!(utc("1969-12-31T00:00:00Z"), None);
        assert_eq!(utc("2300-01-01T00:00:00Z"), None);
        assert_eq!(utc("yesterday"), None);
    }

    #[test]
    fn china_months_start_at_utc_16_00_the_day_before() {
        let (start, end) =
            month_period(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), Zone::CHINA).unwrap();
        assert_eq!(start, 1_735_660_800); // 2024-12-31T16:00:00Z
        assert_eq!(end, 1_738_339_200); // 2025-01-31T16:00:00Z
    }
}
