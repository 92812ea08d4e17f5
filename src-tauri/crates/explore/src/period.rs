//! Where periods end, and whether the last one of a result is complete: a
//! month (week, day) whose days run past the range's end or past the last day
//! with data holds only part of its spend, and charts and tables mark it so a
//! short bar is not read as a drop.

use chrono::{Datelike, Duration, NaiveDate};

use crate::Granularity;

/// The first day after the period starting on `start`; `None` for the
/// whole-range period, which has no calendar end.
pub fn period_end(start: NaiveDate, g: Granularity) -> Option<NaiveDate> {
    match g {
        Granularity::Day => Some(start + Duration::days(1)),
        Granularity::Week => Some(start + Duration::days(7)),
        Granularity::Month => {
            let (y, m) = if start.month() == 12 {
                (start.year() + 1, 1)
            } else {
                (start.year(), start.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
        }
        Granularity::Total => None,
    }
}

/// Whether the period starting on `last` (the result's last) is cut short:
/// by the range ending at `to` (exclusive), or by the data, whose last day
/// is `data_last`, ending before the period does.
pub fn is_partial(last: NaiveDate, g: Granularity, to: NaiveDate, data_last: NaiveDate) -> bool {
    let Some(end) = period_end(last, g) else {
        return false;
    };
    let covered = to.min(data_last + Duration::days(1));
    covered < end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(iso: &str) -> NaiveDate {
        iso.parse().unwrap()
    }

    /// `is_partial` with its days written as ISO dates, so a case reads as one line.
    fn partial(last: &str, g: Granularity, to: &str, data_last: &str) -> bool {
        is_partial(d(last), g, d(to), d(data_last))
    }

    #[test]
    fn a_month_the_data_stops_in_is_partial() {
        let month = Granularity::Month;
        assert!(partial("2026-03-01", month, "2026-04-01", "2026-03-17"));
        assert!(!partial("2026-03-01", month, "2026-04-01", "2026-03-31"));
        assert!(!partial("2026-12-01", month, "2027-01-01", "2027-02-03"));
        // The range itself ends mid-month.
        assert!(partial("2026-03-01", month, "2026-03-10", "2026-05-01"));
    }

    #[test]
    fn days_and_weeks_end_where_they_should() {
        let (day, week, total) = (Granularity::Day, Granularity::Week, Granularity::Total);
        assert!(!partial("2026-03-17", day, "2026-03-18", "2026-03-17"));
        assert!(partial("2026-03-16", week, "2026-03-18", "2026-03-17"));
        assert!(!partial("2026-03-09", week, "2026-03-18", "2026-03-17"));
        assert!(!partial("2026-03-09", total, "2026-03-10", "2026-03-09"));
        assert_eq!(
            period_end(d("2026-12-01"), Granularity::Month),
            Some(d("2027-01-01"))
        );
    }
}
