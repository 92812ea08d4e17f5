//! Per-series calibration of the interval width by leave-one-window-out:
//! each backtest window is checked against a band built from the other
//! windows, which gives, for every day, the widening its band would have
//! needed; the scale that holds 80% (95%) of those days widens (or narrows)
//! the final band. The reported coverage is nested: each window's scale
//! comes from the other windows only, so the figure is not fitted to itself.
//! Quantiles that leave one window out are read from one sorted pool.

use std::ops::Range;

use crate::intervals::{DailyErrors, PROBS};

const MIN_SCALE: f64 = 0.7;
const MAX_SCALE: f64 = 3.0;

/// Values labelled with their window, sorted once.
pub(crate) struct Pooled {
    sorted: Vec<(f64, usize)>,
    /// Values per window.
    counts: Vec<usize>,
}

impl Pooled {
    pub fn new(mut values: Vec<(f64, usize)>) -> Pooled {
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let windows = values.iter().map(|v| v.1 + 1).max().unwrap_or(0);
        let mut counts = vec![0; windows];
        for v in &values {
            counts[v.1] += 1;
        }
        Pooled {
            sorted: values,
            counts,
        }
    }

    /// The `p` quantile (linear between order statistics) of the values not
    /// from the windows `without`; 0 when there are none.
    pub fn quantile(&self, p: f64, without: Option<Range<usize>>) -> f64 {
        let out = |w: usize| without.as_ref().is_some_and(|r| r.contains(&w));
        let left_out: usize = without
            .clone()
            .map_or(0, |r| r.filter_map(|w| self.counts.get(w)).sum());
        let n = self.sorted.len() - left_out;
        if n == 0 {
            return 0.0;
        }
        let pos = p.clamp(0.0, 1.0) * (n - 1) as f64;
        let (i, frac) = (pos.floor() as usize, pos - pos.floor());
        let mut kept = self
            .sorted
            .iter()
            .filter(|v| !out(v.1))
            .map(|v| v.0)
            .skip(i);
        let at = kept.next().unwrap_or(0.0);
        match kept.next() {
            Some(next) if frac > 0.0 => at + frac * (next - at),
            _ => at,
        }
    }

    fn windows(&self) -> usize {
        self.counts.len()
    }
}

/// Per day (labelled with its window): the scale the 80% and the 95% band
/// needed.
pub(crate) struct LeaveOneOut {
    needed80: Pooled,
    needed95: Pooled,
    /// Per window: the windows left out with it.
    apart: Vec<Range<usize>>,
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

fn scale(pool: &Pooled, p: f64, without: Option<Range<usize>>) -> f64 {
    if pool.sorted.is_empty() {
        return 1.0;
    }
    pool.quantile(p, without).clamp(MIN_SCALE, MAX_SCALE)
}

impl LeaveOneOut {
    /// `None` with fewer than two windows. `overlap`: how many windows on
    /// either side share days with a window; they are left out with it
    /// (while two windows remain), since a band that saw the same days
    /// would look better than it is.
    pub fn new(daily: &DailyErrors, overlap: usize) -> Option<LeaveOneOut> {
        let pool = &daily.pooled;
        let windows = pool.windows();
        if windows < 2 {
            return None;
        }
        let apart: Vec<Range<usize>> = (0..windows)
            .map(|w| {
                let r = w.saturating_sub(overlap)..(w + overlap + 1).min(windows);
                if windows - r.len() >= 2 {
                    r
                } else {
                    w..w + 1
                }
            })
            .collect();
        let bands: Vec<[f64; 4]> = apart
            .iter()
            .map(|r| PROBS.map(|p| pool.quantile(p, Some(r.clone()))))
            .collect();
        let (mut n80, mut n95) = (Vec::new(), Vec::new());
        for &(z, w) in &pool.sorted {
            let b = bands[w];
            n80.push((needed(z, b[1], b[2]), w));
            n95.push((needed(z, b[0], b[3]), w));
        }
        Some(LeaveOneOut {
            needed80: Pooled::new(n80),
            needed95: Pooled::new(n95),
            apart,
        })
    }

    /// Scales of the 80% and 95% bands that hold their share of all days.
    pub fn scales(&self) -> (f64, f64) {
        (
            scale(&self.needed80, 0.80, None),
            scale(&self.needed95, 0.95, None),
        )
    }

    /// Percent of days inside the 80% and 95% bands, each window's scale
    /// chosen on the other windows.
    pub fn coverage(&self) -> (f64, f64) {
        let share = |pool: &Pooled, p: f64| {
            let scales: Vec<f64> = self
                .apart
                .iter()
                .map(|r| scale(pool, p, Some(r.clone())))
                .collect();
            let inside = pool.sorted.iter().filter(|v| v.0 <= scales[v.1]).count();
            100.0 * inside as f64 / pool.sorted.len().max(1) as f64
        };
        (share(&self.needed80, 0.80), share(&self.needed95, 0.95))
    }
}
