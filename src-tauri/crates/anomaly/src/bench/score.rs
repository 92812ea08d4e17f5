//! Scoring a detector against the planted anomalies of a world.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::world::{Plant, Planted, Scope, DIMENSIONS};
use crate::detect::Finding;
use crate::root_cause::{explain, Breakdown, Target, ValueDays};

/// Days of history before clean days are counted (both detectors need some).
const WARMUP: usize = 60;
/// Days of a scope's own spend before its clean days are counted.
const SETTLE: usize = 28;
/// After a lasting change, days that still belong to it.
const AFTERMATH: usize = 14;
/// Days before the change's start that the history window of root cause covers.
const RC_HISTORY: usize = 35;
const FOUND_WITHIN: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub planted_above: usize,
    pub found_above: usize,
    pub planted_below: usize,
    pub reported_below: usize,
    pub findings: usize,
    pub true_findings: usize,
    pub false_alarms: usize,
    pub clean_days: usize,
    pub delays: Vec<i64>,
    pub root_cause_checked: usize,
    pub root_cause_first: usize,
}

impl Figures {
    pub fn precision(&self) -> f64 {
        self.true_findings as f64 / (self.findings as f64).max(1.0)
    }

    pub fn recall(&self) -> f64 {
        self.found_above as f64 / (self.planted_above as f64).max(1.0)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn median_delay(&self) -> Option<f64> {
        let mut d = self.delays.clone();
        d.sort_unstable();
        match d.len() {
            0 => None,
            n if n % 2 == 1 => Some(d[n / 2] as f64),
            n => Some((d[n / 2 - 1] + d[n / 2]) as f64 / 2.0),
        }
    }

    pub fn false_alarms_per_100_scope_months(&self) -> f64 {
        let months = self.clean_days as f64 / 30.44;
        self.false_alarms as f64 / months.max(1e-9) * 100.0
    }

    pub fn root_cause_rate(&self) -> f64 {
        self.root_cause_first as f64 / (self.root_cause_checked as f64).max(1.0)
    }

    pub fn add(&mut self, o: &Figures) {
        self.planted_above += o.planted_above;
        self.found_above += o.found_above;
        self.planted_below += o.planted_below;
        self.reported_below += o.reported_below;
        self.findings += o.findings;
        self.true_findings += o.true_findings;
        self.false_alarms += o.false_alarms;
        self.clean_days += o.clean_days;
        self.delays.extend(&o.delays);
        self.root_cause_checked += o.root_cause_checked;
        self.root_cause_first += o.root_cause_first;
    }
}

/// Days that belong to a planted change, for telling true findings from false.
fn influence(p: &Planted) -> (usize, usize) {
    let end = if p.kind == Plant::Spike {
        p.last + 3
    } else {
        p.start + AFTERMATH
    };
    (p.start.saturating_sub(1), end)
}

pub struct ScopeCase<'a> {
    pub start: NaiveDate,
    pub scope: &'a Scope,
    pub y: &'a [f64],
    pub planted: Vec<&'a Planted>,
    pub min_impact: f64,
    pub min_percent: f64,
}

impl ScopeCase<'_> {
    fn index(&self, d: NaiveDate) -> usize {
        (d - self.start).num_days().max(0) as usize
    }

    fn above(&self, p: &Planted) -> bool {
        p.impact >= self.min_impact && p.percent >= self.min_percent
    }

    pub fn score(&self, findings: &[Finding]) -> Figures {
        let mut fig = Figures::default();
        let spans: Vec<(usize, usize)> = findings
            .iter()
            .map(|f| (self.index(f.start), self.index(f.end)))
            .collect();
        for &(a, b) in &spans {
            fig.findings += 1;
            let real = self.planted.iter().any(|p| {
                let (lo, hi) = influence(p);
                a <= hi && b >= lo
            });
            if real {
                fig.true_findings += 1;
            } else {
                fig.false_alarms += 1;
            }
        }
        for p in &self.planted {
            let matched = findings.iter().zip(&spans).find(|(f, &(a, b))| {
                a <= p.last && b >= p.start && self.index(f.detected_on) <= p.start + FOUND_WITHIN
            });
            if !self.above(p) {
                fig.planted_below += 1;
                fig.reported_below += usize::from(matched.is_some());
                continue;
            }
            fig.planted_above += 1;
            let Some((f, _)) = matched else { continue };
            fig.found_above += 1;
            fig.delays
                .push(self.index(f.detected_on) as i64 - p.start as i64);
            if let Some(cause) = &p.cause {
                fig.root_cause_checked += 1;
                let top = self.root_cause(f);
                if top == Some((DIMENSIONS[cause.0], cause.1.clone())) {
                    fig.root_cause_first += 1;
                }
            }
        }
        let first = self
            .y
            .iter()
            .position(|v| *v != 0.0)
            .unwrap_or(self.y.len());
        fig.clean_days = (WARMUP.max(first + SETTLE)..self.y.len())
            .filter(|&t| {
                !self.planted.iter().any(|p| {
                    let (lo, hi) = influence(p);
                    t >= lo && t <= hi
                })
            })
            .count();
        fig
    }

    fn root_cause(&self, f: &Finding) -> Option<(&'static str, String)> {
        let w0 = self.index(f.start).saturating_sub(RC_HISTORY);
        let w1 = self.index(f.end) + 1;
        let breakdowns: Vec<Breakdown> = DIMENSIONS
            .iter()
            .enumerate()
            .map(|(d, name)| {
                let mut values: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
                for r in &self.scope.resources {
                    let v = values
                        .entry(r.attrs[d].as_str())
                        .or_insert_with(|| vec![0.0; w1 - w0]);
                    for (i, x) in r.days[w0..w1].iter().enumerate() {
                        v[i] += x;
                    }
                }
                Breakdown {
                    dimension: name.to_string(),
                    values: values
                        .into_iter()
                        .map(|(k, days)| ValueDays {
                            value: Some(k.to_string()),
                            days,
                        })
                        .collect(),
                }
            })
            .collect();
        let days: Vec<(usize, f64)> = f
            .days
            .iter()
            .map(|d| (self.index(d.date) - w0, d.expected))
            .collect();
        let ranked = explain(
            &breakdowns,
            &Target {
                start: self.start + chrono::Duration::days(w0 as i64),
                kind: f.kind,
                days: &days,
                impact: f.impact(),
            },
        );
        let top = ranked.into_iter().next()?;
        let dim = DIMENSIONS.iter().find(|d| **d == top.dimension)?;
        Some((dim, top.value?))
    }
}
