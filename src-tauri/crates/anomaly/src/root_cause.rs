//! Root cause: which values of each dimension moved, by how much money and
//! what share of the impact. A value's expected part of each anomaly day is
//! its share of the scope on the same weekday of the four weeks before
//! (so values with different weekly patterns are each compared with their
//! own), times the scope's expected spend that day; its contribution is
//! what it actually cost minus that. Contributions of one dimension add up
//! to the anomaly's impact. Values rank by how much more of the impact they
//! carry than of the normal spend (share of impact − normal share): a
//! value that is most of the scope anyway (the Usage charge category, the
//! main region) explains nothing, a small resource that carries the whole
//! rise explains it all, and it ranks before the service it belongs to.

use chrono::{Datelike, Duration, NaiveDate};

use crate::detect::Kind;

/// Spend of one value of a dimension, per day of the window.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueDays {
    pub value: Option<String>,
    pub days: Vec<f64>,
}

/// One dimension's values over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub dimension: String,
    pub values: Vec<ValueDays>,
}

/// The anomaly to explain, in window coordinates.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Date of window index 0.
    pub start: NaiveDate,
    pub kind: Kind,
    /// (window index, expected spend of the scope) of each anomaly day.
    pub days: &'a [(usize, f64)],
    pub impact: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub dimension: String,
    pub value: Option<String>,
    /// Actual minus expected over the anomaly's days.
    pub impact: f64,
    /// Of the anomaly's impact.
    pub share: f64,
    /// Of the scope's expected spend on the anomaly's days.
    pub normal_share: f64,
    /// The value had no spend at all before the anomaly.
    pub new: bool,
}

const MIN_SHARE: f64 = 0.05;
const PER_DIMENSION: usize = 3;
const RESOURCES_COVER: f64 = 0.8;
const MAX_RESOURCES: usize = 10;

/// Days whose mix of values is what day `w` is expected to have: the same
/// weekday of the four weeks before (first-of-month days left out, their
/// charges are different), or for a first of the month the first days of
/// the months before. Days of the anomaly itself never count.
fn reference_days(t: &Target, w: usize) -> Vec<usize> {
    let date = |i: usize| t.start + Duration::days(i as i64);
    let anomalous = |r: usize| t.days.iter().any(|(a, _)| *a == r);
    if date(w).day() == 1 {
        return (1..w)
            .rev()
            .map(|k| w - k)
            .filter(|&r| date(r).day() == 1 && !anomalous(r))
            .take(2)
            .collect();
    }
    (1..=4)
        .filter_map(|k| w.checked_sub(7 * k))
        .filter(|&r| date(r).day() != 1 && !anomalous(r))
        .collect()
}

/// Every value's contribution, largest in the anomaly's direction first.
fn contributions(b: &Breakdown, t: &Target) -> Vec<Contribution> {
    let first = t.days.iter().map(|d| d.0).min().unwrap_or(0);
    let sign = if t.kind == Kind::Fall { -1.0 } else { 1.0 };
    let mut out: Vec<Contribution> = b
        .values
        .iter()
        .map(|v| {
            let mut impact = 0.0;
            let mut normal = 0.0;
            for &(w, expected) in t.days {
                let refs = reference_days(t, w);
                let total: f64 = refs
                    .iter()
                    .map(|&r| {
                        b.values
                            .iter()
                            .map(|x| x.days.get(r).copied().unwrap_or(0.0))
                            .sum::<f64>()
                    })
                    .sum();
                let own: f64 = refs
                    .iter()
                    .map(|&r| v.days.get(r).copied().unwrap_or(0.0))
                    .sum();
                let share = if total.abs() > 1e-9 { own / total } else { 0.0 };
                impact += v.days.get(w).copied().unwrap_or(0.0) - share * expected;
                normal += share * expected;
            }
            let expected: f64 = t.days.iter().map(|d| d.1).sum();
            Contribution {
                dimension: b.dimension.clone(),
                value: v.value.clone(),
                impact,
                share: if t.impact.abs() > 1e-9 {
                    impact / t.impact
                } else {
                    0.0
                },
                normal_share: if expected.abs() > 1e-9 {
                    normal / expected
                } else {
                    0.0
                },
                new: v.days[..first.min(v.days.len())].iter().all(|x| *x == 0.0),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.impact * sign)
            .total_cmp(&(a.impact * sign))
            .then(a.value.cmp(&b.value))
    });
    out
}

/// The values worth showing of one dimension: the few that carry the
/// impact, and for resources as many as explain most of it.
fn shown(dimension: &str, all: Vec<Contribution>) -> Vec<Contribution> {
    let mut out = Vec::new();
    let mut covered = 0.0;
    for c in all {
        let enough = if dimension == "resource" {
            covered >= RESOURCES_COVER || out.len() >= MAX_RESOURCES
        } else {
            out.len() >= PER_DIMENSION
        };
        if enough || (!out.is_empty() && c.share < MIN_SHARE) {
            break;
        }
        covered += c.share;
        out.push(c);
    }
    out
}

impl Contribution {
    /// How much more of the impact than of the normal spend the value carries.
    pub fn lift(&self) -> f64 {
        self.share - self.normal_share
    }
}

/// Below this lift for every value the rise is spread over the scope in
/// proportion, and the broad values that carry all of it explain it best.
const MIN_LIFT: f64 = 0.1;
/// Lifts this close are a tie, settled by how specific the dimension is.
const LIFT_STEP: f64 = 0.02;

/// Most specific first: what to name when values explain a rise equally.
fn specificity(dimension: &str) -> usize {
    [
        "resource",
        "sku",
        "sub_account",
        "region",
        "service",
        "billing_account",
        "provider",
    ]
    .iter()
    .position(|d| *d == dimension)
    .unwrap_or(7)
}

/// Broadest first: the order to name a rise spread over the whole scope.
fn breadth(dimension: &str) -> usize {
    [
        "billing_account",
        "sub_account",
        "service",
        "provider",
        "region",
        "resource",
        "sku",
    ]
    .iter()
    .position(|d| *d == dimension)
    .unwrap_or(7)
}

/// Ranked contributions across the dimensions of `breakdowns`: by lift
/// (ties to the more specific dimension) when some value concentrates the
/// rise, else by share (ties to the broader dimension). Values that are
/// "none" (lines without a region or resource) come after named ones.
pub fn explain(breakdowns: &[Breakdown], t: &Target) -> Vec<Contribution> {
    let mut ranked: Vec<Contribution> = breakdowns
        .iter()
        .flat_map(|b| shown(&b.dimension, contributions(b, t)))
        .collect();
    let concentrated = ranked
        .iter()
        .any(|c| c.value.is_some() && c.lift() >= MIN_LIFT);
    let step = |x: f64| (x / LIFT_STEP).round() as i64;
    ranked.sort_by(|a, b| {
        let named = b.value.is_some().cmp(&a.value.is_some());
        let order = if concentrated {
            step(b.lift())
                .cmp(&step(a.lift()))
                .then(specificity(&a.dimension).cmp(&specificity(&b.dimension)))
        } else {
            step(b.share)
                .cmp(&step(a.share))
                .then(breadth(&a.dimension).cmp(&breadth(&b.dimension)))
        };
        named
            .then(order)
            .then(b.share.total_cmp(&a.share))
            .then(a.dimension.cmp(&b.dimension))
            .then(a.value.cmp(&b.value))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(rows: &[(&str, f64, f64)], days: usize, spike_at: usize) -> Vec<ValueDays> {
        rows.iter()
            .map(|(name, normal, spike)| ValueDays {
                value: Some(name.to_string()),
                days: (0..days)
                    .map(|d| if d == spike_at { *spike } else { *normal })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn the_resource_that_moved_ranks_before_its_region() {
        let resources = Breakdown {
            dimension: "resource".into(),
            values: values(
                &[
                    ("i-1", 10.0, 10.0),
                    ("i-2", 10.0, 40.0),
                    ("i-3", 20.0, 20.0),
                ],
                36,
                35,
            ),
        };
        let regions = Breakdown {
            dimension: "region".into(),
            values: values(&[("east", 20.0, 50.0), ("west", 20.0, 20.0)], 36, 35),
        };
        let t = Target {
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            kind: Kind::Rise,
            days: &[(35, 40.0)],
            impact: 30.0,
        };
        let r = explain(&[regions, resources], &t);
        assert_eq!(r[0].dimension, "resource");
        assert_eq!(r[0].value.as_deref(), Some("i-2"));
        assert!((r[0].share - 1.0).abs() < 1e-9);
        assert_eq!(r[1].value.as_deref(), Some("east"));
        let sum: f64 = r
            .iter()
            .filter(|c| c.dimension == "region")
            .map(|c| c.impact)
            .sum();
        assert!(sum <= 30.0 + 1e-9);
    }
}
