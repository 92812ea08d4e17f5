//! Per-series calibration of the interval width by leave-one-window-out:
//! each backtest window is checked against a band built from the other
//! windows, which gives, for every day, the widening its band would have
//! needed; the scale that holds 80% (95%) of those days widens (or narrows)
//! the final band. The reported coverage is nested: each window's scale
//! comes from the other windows only, so the figure is not fitted to itself.

use crate::intervals::ErrorModel;
use crate::metrics::quantile;

const MIN_SCALE: f64 = 0.7;
const MAX_SCALE: f64 = 3.0;

/// Per window, per day: the scale the 80% and the 95% band needed.
pub(crate) struct LeaveOneOut {
    needed80: Vec<Vec<f64>>,
    needed95: Vec<Vec<f64>>,
}

fn needed(e: f64, lo: f64, hi: f64) -> f64 {
    let (bound, e) = if e >= 0.0 { (hi, e) } else { (-lo, -e) };
    if e == 0.0 {
        0.0
    } else if bound > 0.0 {
        e / bound
    } else {
        MAX_SCALE
    }
}

fn scale<'a>(values: impl Iterator<Item = &'a f64>, p: f64) -> f64 {
    let v: Vec<f64> = values.copied().collect();
    if v.is_empty() {
        return 1.0;
    }
    quantile(&v, p).clamp(MIN_SCALE, MAX_SCALE)
}

impl LeaveOneOut {
    /// `None` with fewer than two windows.
    pub fn new(errors: &[Vec<f64>]) -> Option<LeaveOneOut> {
        if errors.len() < 2 {
            return None;
        }
        let (mut needed80, mut needed95) = (Vec::new(), Vec::new());
        for w in 0..errors.len() {
            let others: Vec<Vec<f64>> = errors
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != w)
                .map(|(_, e)| e.clone())
                .collect();
            let m = ErrorModel::new(&others);
            let (mut n80, mut n95) = (Vec::new(), Vec::new());
            for (i, e) in errors[w].iter().enumerate() {
                let b = m.day(i + 1);
                n80.push(needed(*e, b[1], b[2]));
                n95.push(needed(*e, b[0], b[3]));
            }
            needed80.push(n80);
            needed95.push(n95);
        }
        Some(LeaveOneOut { needed80, needed95 })
    }

    /// Scales of the 80% and 95% bands that hold their share of all days.
    pub fn scales(&self) -> (f64, f64) {
        (
            scale(self.needed80.iter().flatten(), 0.80),
            scale(self.needed95.iter().flatten(), 0.95),
        )
    }

    /// Percent of days inside the 80% and 95% bands, each window's scale
    /// chosen on the other windows.
    pub fn coverage(&self) -> (f64, f64) {
        let (mut in80, mut in95, mut total) = (0usize, 0usize, 0usize);
        for w in 0..self.needed80.len() {
            let others = |v: &[Vec<f64>], p| {
                scale(
                    v.iter()
                        .enumerate()
                        .filter(|(i, _)| *i != w)
                        .flat_map(|(_, d)| d.iter()),
                    p,
                )
            };
            let (s80, s95) = (others(&self.needed80, 0.80), others(&self.needed95, 0.95));
            in80 += self.needed80[w].iter().filter(|n| **n <= s80).count();
            in95 += self.needed95[w].iter().filter(|n| **n <= s95).count();
            total += self.needed80[w].len();
        }
        let pct = |k: usize| 100.0 * k as f64 / total.max(1) as f64;
        (pct(in80), pct(in95))
    }
}
