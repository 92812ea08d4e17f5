//! Day verdicts grouped into anomalies. A day opens an anomaly when it is
//! far enough from its expectation (`z_open`); the following days continue
//! it while they stay beyond `z_cont` on the same side; it is reported from
//! the first day on which its impact so far passes both thresholds: money
//! per day (on average over its days) and percent of the expected spend
//! (`detected_on`). A money threshold per day, rather than in total, keeps
//! a small lasting change (one more modest resource) from alarming just
//! because it has lasted, while a runaway day alarms the day it happens. Spend where a scope had none for
//! weeks opens a "new" anomaly instead, reported once. Each day's verdict
//! reads only that day and the models built from the days before it.

use chrono::NaiveDate;

use crate::config::{Params, Thresholds};
use crate::days::DayInfo;
use crate::feedback::Learned;
use crate::model::{index_of, DayModel};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Rise,
    Fall,
    New,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rise => "rise",
            Kind::Fall => "fall",
            Kind::New => "new",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Rise, Kind::Fall, Kind::New]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    fn sign(self) -> f64 {
        if self == Kind::Fall {
            -1.0
        } else {
            1.0
        }
    }
}

/// Scores are capped so that "far beyond anything seen" stays a number.
pub const MAX_SCORE: f64 = 99.0;

/// One day of an anomaly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub actual: f64,
    pub expected: f64,
    /// The band outside which a day opens an anomaly.
    pub lo: f64,
    pub hi: f64,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The first day whose data made it an anomaly.
    pub detected_on: NaiveDate,
    pub days: Vec<DayPoint>,
    /// Still going on the series' last day.
    pub ongoing: bool,
}

impl Finding {
    pub fn actual(&self) -> f64 {
        self.days.iter().map(|d| d.actual).sum()
    }

    pub fn expected(&self) -> f64 {
        self.days.iter().map(|d| d.expected).sum()
    }

    pub fn impact(&self) -> f64 {
        self.actual() - self.expected()
    }

    /// Impact as a percentage of expected spend (100 for new spend).
    pub fn percent(&self) -> f64 {
        percent(self.impact(), self.expected())
    }

    pub fn score(&self) -> f64 {
        let s = self.kind.sign();
        self.days
            .iter()
            .map(|d| d.score * s)
            .fold(0.0, f64::max)
            .min(MAX_SCORE)
    }

    /// Largest single-day change, percent over expected.
    pub fn peak_percent(&self) -> f64 {
        let s = self.kind.sign();
        self.days
            .iter()
            .map(|d| percent(d.actual - d.expected, d.expected) * s)
            .fold(0.0, f64::max)
    }
}

fn percent(impact: f64, expected: f64) -> f64 {
    if expected.abs() > 1e-9 {
        impact / expected.abs() * 100.0
    } else if impact < 0.0 {
        -100.0
    } else {
        100.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Low, Severity::Medium, Severity::High]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Money first: ten times the monitor's threshold is high, three times is
/// medium; spend that at least triples is never low.
pub fn severity(impact: f64, percent: f64, min_impact: f64) -> Severity {
    let times = impact.abs() / min_impact.max(1e-9);
    if times >= 10.0 {
        Severity::High
    } else if times >= 3.0 || percent.abs() >= 200.0 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

struct Open {
    kind: Kind,
    start: usize,
    days: Vec<DayPoint>,
    detected: Option<usize>,
}

impl Open {
    fn reported(&mut self, t: usize, th: &Thresholds, scale: f64) {
        if self.detected.is_some() {
            return;
        }
        let s = self.kind.sign();
        let impact: f64 = self.days.iter().map(|d| d.actual - d.expected).sum();
        let expected: f64 = self.days.iter().map(|d| d.expected).sum();
        let per_day = impact / self.days.len().max(1) as f64;
        if per_day * s >= th.min_impact * scale && percent(impact, expected) * s >= th.min_percent {
            self.detected = Some(t);
        }
    }

    fn finish(self, info: &[DayInfo], ongoing: bool) -> Option<Finding> {
        let detected = self.detected?;
        Some(Finding {
            kind: self.kind,
            start: info[self.start].date,
            end: self.days.last().map_or(info[self.start].date, |d| d.date),
            detected_on: info[detected].date,
            days: self.days,
            ongoing,
        })
    }
}

fn point(info: &DayInfo, actual: f64, m: Option<&DayModel>, z: f64) -> DayPoint {
    match m {
        Some(m) => {
            let (lo, hi) = m.band(z);
            DayPoint {
                date: info.date,
                actual,
                expected: m.expected,
                lo,
                hi,
                score: m.score(actual).clamp(-MAX_SCORE, MAX_SCORE),
            }
        }
        None => DayPoint {
            date: info.date,
            actual,
            expected: 0.0,
            lo: 0.0,
            hi: 0.0,
            score: MAX_SCORE,
        },
    }
}

pub struct Scan<'a> {
    pub y: &'a [f64],
    pub info: &'a [DayInfo],
    pub models: &'a [Option<DayModel>],
    pub learned: &'a [Learned],
    /// First day the monitor had data at all (new spend needs quiet days
    /// that were really observed).
    pub covered_from: NaiveDate,
    /// The money threshold's factor per day (see `SeriesInput`).
    pub impact_scale: Option<&'a [f64]>,
    pub thresholds: &'a Thresholds,
    pub params: &'a Params,
}

impl Scan<'_> {
    fn scale(&self, t: usize) -> f64 {
        self.impact_scale
            .and_then(|s| s.get(t).copied())
            .filter(|f| f.is_finite())
            .unwrap_or(1.0)
    }

    fn tolerated(&self, t: usize, day_percent: f64) -> bool {
        self.learned.iter().any(|l| match l {
            Learned::Tolerance { from, percent } => {
                index_of(self.info, *from) <= t && day_percent <= *percent
            }
            _ => false,
        })
    }

    fn is_new(&self, t: usize) -> bool {
        let q = self.params.new_quiet_days;
        let covered = index_of(self.info, self.covered_from);
        self.thresholds.new_spend
            && self.y[t] > 0.0
            && t >= covered + q
            && self.y[t - q..t].iter().all(|v| *v == 0.0)
    }

    fn continues(&self, o: &Open, t: usize) -> bool {
        let (y, p) = (self.y[t], self.params);
        match o.kind {
            Kind::New => t < o.start + p.new_days && y > 0.0,
            k => {
                t - o.start < p.max_days
                    && self.models[t].is_some_and(|m| m.score(y) * k.sign() >= p.z_cont)
            }
        }
    }

    fn opens(&self, t: usize) -> Option<Kind> {
        if self.is_new(t) {
            return Some(Kind::New);
        }
        let m = self.models[t]?;
        let y = self.y[t];
        let z = m.score(y);
        let above_ceiling = m.ceiling.is_none_or(|c| y > c);
        let day_percent = percent(y - m.expected, m.expected);
        if z >= self.params.z_open && above_ceiling && !self.tolerated(t, day_percent) {
            Some(Kind::Rise)
        } else if self.thresholds.falls && z <= -self.params.z_open && !m.holiday {
            Some(Kind::Fall)
        } else {
            None
        }
    }

    pub fn run(&self) -> Vec<Finding> {
        let n = self.y.len().min(self.info.len()).min(self.models.len());
        let z_band = self.params.z_open;
        let mut out = Vec::new();
        let mut open: Option<Open> = None;
        for t in 0..n {
            let m = self.models[t].as_ref();
            if let Some(mut o) = open.take() {
                if self.continues(&o, t) {
                    let m = if o.kind == Kind::New { None } else { m };
                    o.days.push(point(&self.info[t], self.y[t], m, z_band));
                    o.reported(t, self.thresholds, self.scale(t));
                    open = Some(o);
                    continue;
                }
                out.extend(o.finish(self.info, false));
            }
            if let Some(kind) = self.opens(t) {
                let m = if kind == Kind::New { None } else { m };
                let mut o = Open {
                    kind,
                    start: t,
                    days: vec![point(&self.info[t], self.y[t], m, z_band)],
                    detected: None,
                };
                o.reported(t, self.thresholds, self.scale(t));
                open = Some(o);
            }
        }
        if let Some(o) = open {
            out.extend(o.finish(self.info, true));
        }
        out
    }
}
