//! What the model needs to know about each day of a series: its weekday,
//! its day of the month, and whether it is a public holiday or a make-up
//! working day in the calendar that applies to the scope's spend.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::Calendar;

/// Which public holidays move a scope's spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayRegion {
    /// Mainland China, with its make-up working days.
    China,
    /// The US and Western calendar, with the Christmas–New Year stretch.
    Western,
    /// Spend of both kinds: either calendar's holidays count.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo {
    pub date: NaiveDate,
    /// Monday = 0.
    pub weekday: usize,
    pub day_of_month: u32,
    /// Days in the date's month.
    pub month_len: u32,
    /// A public holiday (or the year-end stretch) that behaves like a weekend.
    pub holiday: bool,
    /// A weekend day worked in exchange for a holiday: behaves like a weekday.
    pub make_up: bool,
}

fn month_len(d: NaiveDate) -> u32 {
    let (y, m) = (d.year(), d.month());
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.map_or(30, |n| (n - Duration::days(1)).day())
}

/// Day information for `len` days from `start`.
pub fn day_infos(
    cal: &Calendar,
    start: NaiveDate,
    len: usize,
    region: HolidayRegion,
) -> Vec<DayInfo> {
    (0..len)
        .map(|i| {
            let date = start + Duration::days(i as i64);
            let f = cal.flags(date);
            let china = f.china_holiday || f.spring_festival;
            let western = f.western_holiday || f.year_end;
            let holiday = match region {
                HolidayRegion::China => china,
                HolidayRegion::Western => western,
                HolidayRegion::Both => china || western,
            };
            let make_up = f.china_make_up && region != HolidayRegion::Western && !holiday;
            DayInfo {
                date,
                weekday: date.weekday().num_days_from_monday() as usize,
                day_of_month: date.day(),
                month_len: month_len(date),
                holiday,
                make_up,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn spring_festival_and_make_up_days_follow_the_region() {
        let cal = Calendar::new();
        // 2025-01-26 (Sunday) was worked; 2025-01-29 was Spring Festival.
        let china = day_infos(&cal, d("2025-01-26"), 4, HolidayRegion::China);
        assert!(china[0].make_up && !china[0].holiday);
        assert!(china[3].holiday);
        let west = day_infos(&cal, d("2025-01-26"), 4, HolidayRegion::Western);
        assert!(!west[0].make_up && !west[3].holiday);
        let xmas = day_infos(&cal, d("2025-12-25"), 1, HolidayRegion::Western);
        assert!(xmas[0].holiday);
        assert_eq!(xmas[0].month_len, 31);
    }
}
