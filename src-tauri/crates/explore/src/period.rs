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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_the_data_stops_in_is_partial() {
        let month = Granularity::Month;
        assert!(is_partial(
            d(2026, 3, 1),
            month,
            d(2026, 4, 1),
            d(2026, 3, 17)
        ));
        assert!(!is_partial(
            d(2026, 3, 1),
            month,
            d(2026, 4, 1),
            d(2026, 3, 31)
        ));
        assert!(!is_partial(
            d(2026, 12, 1),
            month,
            d(2027, 1, 1),
            d(2027, 2, 3)
        ));
        // The range itself ends mid-month.
        assert!(is_partial(
            d(2026, 3, 1),
            month,
            d(2026, 3, 10),
            d(2026, 5, 1)
        ));
    }

    #[test]
    fn days_and_weeks_end_where_they_should() {
        let (day, week) = (Granularity::Day, Granularity::Week);
        assert!(!is_partial(
            d(2026, 3, 17),
            day,
            d(2026, 3, 18),
            d(2026, 3, 17)
        ));
        assert!(is_partial(
            d(2026, 3, 16),
            week,
            d(2026, 3, 18),
            d(2026, 3, 17)
        ));
        assert!(!is_partial(
            d(2026, 3, 9),
            week,
            d(2026, 3, 18),
            d(2026, 3, 17)
        ));
        assert!(!is_partial(
            d(2026, 3, 9),
            Granularity::Total,
            d(2026, 3, 10),
            d(2026, 3, 9)
        ));
        assert_eq!(
            period_end(d(2026, 12, 1), Granularity::Month),
            Some(d(2027, 1, 1))
        );
    }
}
