//! The reference: what the older CloudLens did. Each day is compared with
//! the mean and standard deviation of the 28 days before it; a day above
//! mean + 2σ (below mean − 2σ for falls) is anomalous; consecutive
//! anomalous days are one anomaly, reported under the same money and
//! percent thresholds as ours, so the two differ only in the model.

use crate::detect::{DayPoint, Finding, Kind};
use crate::stats::{mean, std_dev};
use crate::{DayInfo, Thresholds};

const WINDOW: usize = 28;
const Z: f64 = 2.0;

fn point(info: &DayInfo, actual: f64, mean: f64, sd: f64) -> DayPoint {
    DayPoint {
        date: info.date,
        actual,
        expected: mean,
        lo: mean - Z * sd,
        hi: mean + Z * sd,
        score: (actual - mean) / sd.max(1e-9),
    }
}

pub fn detect(y: &[f64], info: &[DayInfo], th: &Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut open: Vec<DayPoint> = Vec::new();
    let mut kind = Kind::Rise;
    let flush = |open: &mut Vec<DayPoint>, kind: Kind, out: &mut Vec<Finding>, ongoing: bool| {
        if open.is_empty() {
            return;
        }
        let s = if kind == Kind::Fall { -1.0 } else { 1.0 };
        let mut impact = 0.0;
        let mut expected = 0.0;
        let mut detected = None;
        for (i, d) in open.iter().enumerate() {
            impact += d.actual - d.expected;
            expected += d.expected;
            let pct = impact / expected.abs().max(1e-9) * 100.0;
            let per_day = impact / (i + 1) as f64;
            if detected.is_none() && per_day * s >= th.min_impact && pct * s >= th.min_percent {
                detected = Some(d.date);
            }
        }
        if let Some(detected_on) = detected {
            out.push(Finding {
                kind,
                start: open[0].date,
                end: open[open.len() - 1].date,
                detected_on,
                days: std::mem::take(open),
                ongoing,
            });
        }
        open.clear();
    };
    for t in WINDOW..y.len().min(info.len()) {
        let w = &y[t - WINDOW..t];
        let (Some(m), Some(s)) = (mean(w), std_dev(w)) else {
            continue;
        };
        let day_kind = if y[t] > m + Z * s {
            Some(Kind::Rise)
        } else if th.falls && y[t] < m - Z * s {
            Some(Kind::Fall)
        } else {
            None
        };
        match day_kind {
            Some(k) if open.is_empty() || k == kind => {
                kind = k;
                open.push(point(&info[t], y[t], m, s));
            }
            other => {
                flush(&mut open, kind, &mut out, false);
                if let Some(k) = other {
                    kind = k;
                    open.push(point(&info[t], y[t], m, s));
                }
            }
        }
    }
    flush(&mut open, kind, &mut out, true);
    out
}
