//! Budget periods: calendar months, and quarters and years of a fiscal
//! year that starts on the first of any month. A fiscal year is named by
//! the calendar year it starts in (a year starting 2026-04-01 is `2026`,
//! its first quarter `2026-Q1`), so with the default start (January) the
//! names are the calendar's own.

use chrono::{Datelike, Months, NaiveDate};

use crate::BudgetPeriod;

/// One budget period: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub kind: BudgetPeriod,
    pub fiscal_start: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn months(kind: BudgetPeriod) -> u32 {
    match kind {
        BudgetPeriod::Month => 1,
        BudgetPeriod::Quarter => 3,
        BudgetPeriod::Year => 12,
    }
}

impl Period {
    /// The period of this kind containing `day`. `fiscal_start` is 1–12
    /// (checked by the caller); months ignore it.
    pub fn containing(kind: BudgetPeriod, fiscal_start: u32, day: NaiveDate) -> Period {
        let fiscal_start = if kind == BudgetPeriod::Month {
            1
        } else {
            fiscal_start.clamp(1, 12)
        };
        let len = months(kind);
        // Months since the fiscal year's first month, in the day's fiscal year.
        let from_fy = (day.month() + 12 - fiscal_start) % 12;
        let back = from_fy % len;
        let first = day.with_day(1).unwrap_or(day);
        let start = first.checked_sub_months(Months::new(back)).unwrap_or(first);
        Period {
            kind,
            fiscal_start,
            start,
            end: start.checked_add_months(Months::new(len)).unwrap_or(start),
        }
    }

    pub fn previous(&self) -> Period {
        let day = self.start.pred_opt().unwrap_or(self.start);
        Period::containing(self.kind, self.fiscal_start, day)
    }

    /// `YYYY-MM`, `YYYY-Qn` (fiscal quarter) or `YYYY` (fiscal year).
    pub fn label(&self) -> String {
        let fy_start_year = if self.start.month() >= self.fiscal_start {
            self.start.year()
        } else {
            self.start.year() - 1
        };
        match self.kind {
            BudgetPeriod::Month => format!("{:04}-{:02}", self.start.year(), self.start.month()),
            BudgetPeriod::Quarter => {
                let q = (self.start.month() + 12 - self.fiscal_start) % 12 / 3 + 1;
                format!("{fy_start_year:04}-Q{q}")
            }
            BudgetPeriod::Year => format!("{fy_start_year:04}"),
        }
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// The last day in the period.
    pub fn last_day(&self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn of(kind: BudgetPeriod, fs: u32, day: &str) -> (String, String, String) {
        let p = Period::containing(kind, fs, d(day));
        (p.label(), p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn calendar_periods() {
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            of(BudgetPeriod::Month, 4, "2026-12-06"),
            s("2026-12", "2026-12-01", "2027-01-01")
        );
        assert_eq!(
            of(BudgetPeriod::Quarter, 1, "2026-12-06"),
            s("2026-Q4", "2026-10-01", "2027-01-01")
        );
        assert_eq!(
            of(BudgetPeriod::Year, 1, "2026-01-01"),
            s("2026", "2026-01-01", "2027-01-01")
        );
    }

    #[test]
    fn fiscal_periods_are_named_by_the_year_they_start_in() {
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        // April fiscal year: Jan–Mar 2027 is the fourth quarter of FY2026.
        assert_eq!(
            of(BudgetPeriod::Quarter, 4, "2027-02-15"),
            s("2026-Q4", "2027-01-01", "2027-04-01")
        );
        assert_eq!(
            of(BudgetPeriod::Quarter, 4, "2026-04-01"),
            s("2026-Q1", "2026-04-01", "2026-07-01")
        );
        assert_eq!(
            of(BudgetPeriod::Year, 4, "2027-03-31"),
            s("2026", "2026-04-01", "2027-04-01")
        );
        // A quarter that straddles calendar years.
        assert_eq!(
            of(BudgetPeriod::Quarter, 2, "2027-01-10"),
            s("2026-Q4", "2026-11-01", "2027-02-01")
        );
        let p = Period::containing(BudgetPeriod::Quarter, 2, d("2027-01-10"));
        assert_eq!(p.previous().label(), "2026-Q3");
        assert_eq!(p.previous().start, d("2026-08-01"));
        assert_eq!(p.days(), 92);
    }
}
