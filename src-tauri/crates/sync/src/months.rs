//! Billing months as `YYYY-MM` text and their days.

use chrono::{Datelike, NaiveDate};

/// `(year, month)` of a `YYYY-MM` text, or `None`.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    NaiveDate::from_ymd_opt(y, m, 1).map(|_| (y, m))
}

pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

pub fn month_text((y, m): (i32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

pub fn add_months((y, m): (i32, u32), n: i32) -> (i32, u32) {
    let i = y * 12 + m as i32 - 1 + n;
    (i.div_euclid(12), (i.rem_euclid(12) + 1) as u32)
}

/// Months from `from` to `to`, both included.
pub fn months_between(from: (i32, u32), to: (i32, u32)) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to {
        out.push(m);
        m = add_months(m, 1);
    }
    out
}

/// The days of a month up to `last` included.
pub fn days_until((y, m): (i32, u32), last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(y, m, 1);
    while let Some(day) = d {
        if day.month() != m || day > last {
            break;
        }
        out.push(day);
        d = day.succ_opt();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_cross_years_and_days_stop_at_the_last_day() {
        assert_eq!(add_months((2025, 12), 1), (2026, 1));
        assert_eq!(add_months((2025, 1), -2), (2024, 11));
        assert_eq!(months_between((2024, 11), (2025, 2)).len(), 4);
        assert_eq!(parse_month("2025-13"), None);
        assert_eq!(parse_month("2025-3"), None);
        let last = NaiveDate::from_ymd_opt(2025, 2, 10).unwrap();
        assert_eq!(days_until((2025, 2), last).len(), 10);
        let far = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        assert_eq!(days_until((2024, 2), far).len(), 29);
    }
}
