//! Charge and billing periods are instants in UTC, held as whole seconds since
//! the Unix epoch: compact, ordered, and what the store indexes.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub type Timestamp = i64;

/// Midnight UTC at the start of `day`.
pub fn day_start(day: NaiveDate) -> Timestamp {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

/// The first day of the month that contains `day`.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after the one that contains `day`.
pub fn next_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(day)
}

/// The UTC calendar day an instant falls on.
pub fn utc_day(ts: Timestamp) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp(ts, 0).map(|d| d.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_crosses_years() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 17).unwrap();
        assert_eq!(
            month_start(d),
            NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
        );
        assert_eq!(next_month(d), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(utc_day(day_start(d)), Some(d));
    }
}
