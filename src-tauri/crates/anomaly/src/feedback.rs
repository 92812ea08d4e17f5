//! What the detector learns from a user's verdict on an anomaly, so the
//! same pattern on the same scope no longer alarms: a lasting change becomes
//! the baseline, a short expected charge becomes a recurring monthly one,
//! and a rise called "not an anomaly" sets how large a rise this scope
//! tolerates.

use chrono::{Datelike, NaiveDate};

use crate::Kind;

/// The user's verdict on an anomaly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A real change, but one the user expected.
    Expected,
    /// The detector was wrong: this is normal for the scope.
    NotAnomaly,
}

/// A change to how one scope group is modelled, in force from `from`.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// The spend from `from` on is the baseline: the level forgets the days
    /// before it.
    AcceptLevel { from: NaiveDate },
    /// Days `day_of_month .. day_of_month + days` of each month carry a
    /// recurring charge, sized from its occurrences since `from`.
    Monthly {
        from: NaiveDate,
        day_of_month: u32,
        days: u32,
    },
    /// Rises of at most `percent` are normal for the scope from `from` on.
    Tolerance { from: NaiveDate, percent: f64 },
}

impl Learned {
    pub fn from(&self) -> NaiveDate {
        match self {
            Learned::AcceptLevel { from }
            | Learned::Monthly { from, .. }
            | Learned::Tolerance { from, .. } => *from,
        }
    }
}

/// The shape of a reported anomaly that feedback learns from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnomalyShape {
    pub kind: Kind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The last day with data when the verdict was given.
    pub latest_day: NaiveDate,
    /// Largest single-day rise, percent over expected.
    pub peak_percent: f64,
}

/// Days an anomaly must last to be taken as a lasting change.
const LASTING_DAYS: i64 = 5;

/// What a verdict teaches the detector about the anomaly's scope group.
pub fn learn(verdict: Verdict, a: &AnomalyShape) -> Learned {
    let days = (a.end - a.start).num_days() + 1;
    let ongoing = a.end >= a.latest_day;
    match a.kind {
        Kind::Rise if !ongoing && days < LASTING_DAYS => match verdict {
            Verdict::Expected => Learned::Monthly {
                from: a.start,
                day_of_month: a.start.day(),
                days: days as u32,
            },
            Verdict::NotAnomaly => Learned::Tolerance {
                from: a.start,
                // A little headroom, so the same rise with noise passes too.
                percent: a.peak_percent * 1.25,
            },
        },
        _ => Learned::AcceptLevel { from: a.start },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn shape(kind: Kind, start: &str, end: &str, latest: &str) -> AnomalyShape {
        AnomalyShape {
            kind,
            start: d(start),
            end: d(end),
            latest_day: d(latest),
            peak_percent: 80.0,
        }
    }

    #[test]
    fn a_short_expected_rise_becomes_a_monthly_charge() {
        let l = learn(
            Verdict::Expected,
            &shape(Kind::Rise, "2026-03-10", "2026-03-11", "2026-03-20"),
        );
        assert_eq!(
            l,
            Learned::Monthly {
                from: d("2026-03-10"),
                day_of_month: 10,
                days: 2
            }
        );
    }

    #[test]
    fn an_ongoing_rise_becomes_the_new_level() {
        let l = learn(
            Verdict::NotAnomaly,
            &shape(Kind::Rise, "2026-03-10", "2026-03-20", "2026-03-20"),
        );
        assert_eq!(
            l,
            Learned::AcceptLevel {
                from: d("2026-03-10")
            }
        );
    }

    #[test]
    fn a_spike_that_is_not_an_anomaly_raises_the_tolerance() {
        let l = learn(
            Verdict::NotAnomaly,
            &shape(Kind::Rise, "2026-03-10", "2026-03-10", "2026-03-20"),
        );
        assert_eq!(
            l,
            Learned::Tolerance {
                from: d("2026-03-10"),
                percent: 100.0
            }
        );
    }
}
