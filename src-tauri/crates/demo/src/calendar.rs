//! The dataset window: thirteen calendar months, the last one possibly partial,
//! indexed by day so per-line lookups are array reads.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use cloudlens_model::{day_start, month_start, next_month, Timestamp};

pub struct Month {
    /// First and one-past-last day index of this month inside the window.
    pub first: u32,
    pub end: u32,
    /// Days in the calendar month, which is what monthly fees are spread over.
    pub dim: u32,
    pub start_ts: Timestamp,
    pub end_ts: Timestamp,
    pub label: String,
}

pub struct Calendar {
    pub start: NaiveDate,
    pub days: u32,
    /// `days + 1` entries so a day's end is the next entry.
    pub day_ts: Vec<Timestamp>,
    pub month_of: Vec<u16>,
    pub weekend: Vec<bool>,
    pub months: Vec<Month>,
}

pub const MONTHS: u32 = 13;

impl Calendar {
    pub fn new(end: NaiveDate) -> Self {
        let mut start = month_start(end);
        for _ in 1..MONTHS {
            start = month_start(start - Duration::days(1));
        }
        let days = (end - start).num_days() as u32 + 1;
        let mut cal = Calendar {
            start,
            days,
            day_ts: Vec::with_capacity(days as usize + 1),
            month_of: Vec::with_capacity(days as usize),
            weekend: Vec::with_capacity(days as usize),
            months: Vec::new(),
        };
        for i in 0..=days {
            cal.day_ts
                .push(day_start(start + Duration::days(i64::from(i))));
        }
        let mut first = start;
        while first <= end {
            let next = next_month(first);
            let idx = cal.months.len() as u16;
            let a = (first - start).num_days() as u32;
            let b = ((next - start).num_days() as u32).min(days);
            for d in a..b {
                let date = start + Duration::days(i64::from(d));
                cal.month_of.push(idx);
                cal.weekend
                    .push(matches!(date.weekday(), Weekday::Sat | Weekday::Sun));
            }
            cal.months.push(Month {
                first: a,
                end: b,
                dim: (next - first).num_days() as u32,
                start_ts: day_start(first),
                end_ts: day_start(next),
                label: format!("{:04}-{:02}", first.year(), first.month()),
            });
            first = next;
        }
        cal
    }

    pub fn date(&self, day: u32) -> NaiveDate {
        self.start + Duration::days(i64::from(day))
    }

    pub fn month(&self, day: u32) -> &Month {
        &self.months[self.month_of[day as usize] as usize]
    }

    /// Months overlapped by the day range `[from, to)`.
    pub fn months_between(&self, from: u32, to: u32) -> std::ops::Range<usize> {
        if from >= to {
            return 0..0;
        }
        self.month_of[from as usize] as usize..self.month_of[to as usize - 1] as usize + 1
    }
}
