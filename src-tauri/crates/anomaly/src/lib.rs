//! Causal daily cost anomaly detection. A series is one scope group's daily
//! spend in one currency; its model gives each day an expected value and a
//! noise scale from the days before it only (weekly pattern, holidays of the
//! calendar that applies, recurring month-start charges, level and trend),
//! so re-running with more history never changes a past day's verdict.
//! Days far from expectation group into anomalies (rise, fall, new spend)
//! reported when their impact passes both a money and a percent threshold;
//! `root_cause` ranks which values of each dimension moved; `feedback` turns
//! a user's verdict into a change of the model. No store, no I/O, no clock.
//! `bench` holds the labelled benchmark (synthetic data with planted
//! anomalies) and the rolling mean + 2σ reference detector.

pub mod bench;
mod config;
mod days;
mod detect;
mod feedback;
mod model;
mod root_cause;
mod stats;

use chrono::NaiveDate;
use cloudlens_calendar::Calendar;

pub use config::{Params, Thresholds};
pub use days::{day_infos, DayInfo, HolidayRegion};
pub use detect::{severity, DayPoint, Finding, Kind, Severity, MAX_SCORE};
pub use feedback::{learn, AnomalyShape, Learned, Verdict};
pub use model::DayModel;
pub use root_cause::{explain, Breakdown, Contribution, Target, ValueDays};

/// One scope group's daily spend in one currency.
#[derive(Debug, Clone, Copy)]
pub struct SeriesInput<'a> {
    /// Date of `values[0]`.
    pub start: NaiveDate,
    /// Spend per day, in currency units; days without spend are zero.
    pub values: &'a [f64],
    pub region: HolidayRegion,
    /// First day the monitor had any data: quiet days before it were not
    /// observed, so spend after them is not "new".
    pub covered_from: NaiveDate,
    /// What feedback on this group taught the detector.
    pub learned: &'a [Learned],
    /// Per day, what the money threshold is multiplied by (the exchange
    /// rate of that day when the threshold is set in another currency);
    /// `None`: 1 every day.
    pub impact_scale: Option<&'a [f64]>,
}

/// The detector: the holiday calendar and the model constants.
pub struct Detector {
    calendar: Calendar,
    params: Params,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(Params::default())
    }
}

impl Detector {
    pub fn new(params: Params) -> Detector {
        Detector {
            calendar: Calendar::new(),
            params,
        }
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn days(&self, s: &SeriesInput) -> Vec<DayInfo> {
        day_infos(&self.calendar, s.start, s.values.len(), s.region)
    }

    /// The model of each day (`None` while the series is too short to judge).
    pub fn model(&self, s: &SeriesInput) -> Vec<Option<DayModel>> {
        model::expectations(s.values, &self.days(s), s.learned, &self.params)
    }

    /// The anomalies of the series that pass `thresholds`.
    pub fn detect(&self, s: &SeriesInput, thresholds: &Thresholds) -> Vec<Finding> {
        self.analyse(s, thresholds).findings
    }

    /// Each day's model and the anomalies that pass `thresholds`.
    pub fn analyse(&self, s: &SeriesInput, thresholds: &Thresholds) -> Analysis {
        let info = self.days(s);
        let models = model::expectations(s.values, &info, s.learned, &self.params);
        let findings = detect::Scan {
            y: s.values,
            info: &info,
            models: &models,
            learned: s.learned,
            covered_from: s.covered_from,
            impact_scale: s.impact_scale,
            thresholds,
            params: &self.params,
        }
        .run();
        Analysis { models, findings }
    }
}

pub struct Analysis {
    pub models: Vec<Option<DayModel>>,
    pub findings: Vec<Finding>,
}

#[cfg(test)]
mod tests;
