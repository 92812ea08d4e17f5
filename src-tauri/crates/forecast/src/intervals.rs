//! Prediction intervals from backtest errors (actual − forecast, each
//! window forecast the way the final forecast is chosen, so the luck of the
//! choice is in them). Errors are divided by their spread at their horizon
//! and pooled over windows and horizons, so empirical quantiles exist even
//! with few windows; a per-series factor from leave-one-window-out
//! (`calibrate.rs`) widens or narrows them. Running sums of errors are
//! pooled the same way for month and quarter totals (errors of neighbouring
//! days are correlated, so a sum's error grows faster than √k).
//!
//! Where charges recur on the 1st of the month, that day's errors (a tax or
//! a credit that changed size) are kept apart: pooled with the other days,
//! the few large ones would set every day's 95% band.

use crate::calibrate::{LeaveOneOut, Pooled};
use crate::metrics::quantile;

/// Lower 95, lower 80, upper 80, upper 95 quantiles.
pub(crate) const PROBS: [f64; 4] = [0.025, 0.10, 0.90, 0.975];

#[derive(Debug, Clone)]
pub(crate) struct ErrorModel {
    /// Daily errors' spread by horizon: √(noise + drift·h).
    day_noise: f64,
    day_drift: f64,
    day_q: [f64; 4],
    /// Bands of the 1st of the month where its errors are kept apart.
    first_q: Option<[f64; 4]>,
    sum_kappa: f64,
    sum_q: [f64; 4],
}

/// The spread of errors `h` days ahead as a level's noise plus a drift
/// that accumulates (variance `a + b·h`, the local level model's), fitted
/// by least squares to the squared mean absolute error by horizon, both
/// terms non-negative. A flat profile (the regression's errors) and a
/// random walk's are both in the family.
fn profile(m: &[f64]) -> (f64, f64) {
    if m.is_empty() {
        return (0.0, 0.0);
    }
    let n = m.len() as f64;
    let pts = || m.iter().enumerate().map(|(i, v)| ((i + 1) as f64, v * v));
    let hm = pts().map(|p| p.0).sum::<f64>() / n;
    let vm = pts().map(|p| p.1).sum::<f64>() / n;
    let shh: f64 = pts().map(|p| (p.0 - hm).powi(2)).sum();
    let shv: f64 = pts().map(|p| (p.0 - hm) * (p.1 - vm)).sum();
    let b = if shh > 0.0 { shv / shh } else { 0.0 };
    let a = vm - b * hm;
    if b <= 0.0 {
        (vm, 0.0)
    } else if a <= 0.0 {
        let through_origin =
            pts().map(|p| p.0 * p.1).sum::<f64>() / pts().map(|p| p.0 * p.0).sum::<f64>();
        (0.0, through_origin)
    } else {
        (a, b)
    }
}

fn spread(noise: f64, drift: f64, h: usize) -> f64 {
    (noise + drift * h as f64).sqrt()
}

/// Exponent of `m(k) ≈ a·k^κ` by least squares on logs, clamped.
fn growth(m: &[f64], lo: f64, hi: f64) -> f64 {
    let pts: Vec<(f64, f64)> = m
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0.0)
        .map(|(i, v)| (((i + 1) as f64).ln(), v.ln()))
        .collect();
    if pts.len() < 3 {
        return lo;
    }
    let n = pts.len() as f64;
    let xm = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let ym = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - xm) * (p.1 - ym)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - xm).powi(2)).sum();
    if sxx <= 0.0 {
        return lo;
    }
    (sxy / sxx).clamp(lo, hi)
}

fn mean_abs_by_step(errors: &[Vec<f64>]) -> Vec<f64> {
    let steps = errors.iter().map(Vec::len).max().unwrap_or(0);
    (0..steps)
        .map(|i| {
            let (sum, n) = errors
                .iter()
                .filter_map(|w| w.get(i))
                .fold((0.0, 0usize), |(s, n), e| (s + e.abs(), n + 1));
            sum / n.max(1) as f64
        })
        .collect()
}

/// What the daily bands come from: each error over its horizon's spread,
/// labelled with its window.
pub(crate) struct DailyErrors {
    noise: f64,
    drift: f64,
    /// Every day's but the kept-apart 1sts of the month; the leave-one-out
    /// calibration and its reported coverage are of these days.
    pub pooled: Pooled,
    /// The 1sts' errors, when `first(w, i)` marks any.
    firsts: Vec<f64>,
}

impl DailyErrors {
    /// `errors[w][h-1]`: window `w`'s error `h` days after its origin;
    /// `first(w, h-1)` says that day is a 1st of the month kept apart.
    pub fn new(errors: &[Vec<f64>], first: impl Fn(usize, usize) -> bool) -> DailyErrors {
        let (noise, drift) = profile(&mean_abs_by_step(errors));
        let (mut values, mut firsts) = (Vec::new(), Vec::new());
        for (w, win) in errors.iter().enumerate() {
            for (i, e) in win.iter().enumerate() {
                let s = spread(noise, drift, i + 1);
                if s > 0.0 && e.is_finite() {
                    if first(w, i) {
                        firsts.push(e / s);
                    } else {
                        values.push((e / s, w));
                    }
                }
            }
        }
        DailyErrors {
            noise,
            drift,
            pooled: Pooled::new(values),
            firsts,
        }
    }

    /// The 1sts' bands: the other days' widened to the 1sts' own
    /// quantiles (read from few values, so never narrower than a day's).
    fn first_bands(&self, ordinary: [f64; 4]) -> Option<[f64; 4]> {
        if self.firsts.is_empty() {
            return None;
        }
        let own = PROBS.map(|p| quantile(&self.firsts, p));
        Some([
            ordinary[0].min(own[0]),
            ordinary[1].min(own[1]),
            ordinary[2].max(own[2]),
            ordinary[3].max(own[3]),
        ])
    }
}

impl ErrorModel {
    /// Bands from `errors[w][h-1]` (window `w`'s error `h` days after its
    /// origin), the daily ones calibrated by leave-one-window-out.
    pub fn new(errors: &[Vec<f64>], daily: &DailyErrors, loo: Option<&LeaveOneOut>) -> ErrorModel {
        let (s80, s95) = loo.map_or((1.0, 1.0), LeaveOneOut::scales);
        let q = PROBS.map(|p| daily.pooled.quantile(p, None));
        let day_q = widen(q, s80, s95);
        // The other days' calibration says nothing about the 1sts: their own
        // quantiles are taken as they are.
        let first_q = daily.first_bands(day_q);
        let sums: Vec<Vec<f64>> = errors
            .iter()
            .map(|w| {
                w.iter()
                    .scan(0.0, |s, e| {
                        *s += e;
                        Some(*s)
                    })
                    .collect()
            })
            .collect();
        let sum_kappa = growth(&mean_abs_by_step(&sums), 0.5, 1.0);
        let norm: Vec<f64> = sums
            .iter()
            .flat_map(|w| {
                w.iter()
                    .enumerate()
                    .map(move |(i, e)| e / ((i + 1) as f64).powf(sum_kappa))
            })
            .collect();
        ErrorModel {
            day_noise: daily.noise,
            day_drift: daily.drift,
            day_q,
            first_q,
            sum_kappa,
            sum_q: widen(PROBS.map(|p| quantile(&norm, p)), s80, s95),
        }
    }

    /// Offsets to add to the day's point forecast `h` days ahead (h ≥ 1);
    /// `first`: the day is a 1st of the month.
    pub fn day(&self, h: usize, first: bool) -> [f64; 4] {
        let g = spread(self.day_noise, self.day_drift, h.max(1));
        let q = match self.first_q {
            Some(f) if first => f,
            _ => self.day_q,
        };
        q.map(|q| q * g)
    }

    /// Offsets to add to the forecast total of the next `k` days.
    pub fn sum(&self, k: usize) -> [f64; 4] {
        if k == 0 {
            return [0.0; 4];
        }
        let g = (k as f64).powf(self.sum_kappa);
        self.sum_q.map(|q| q * g)
    }
}

/// The 80% quantiles multiplied by `s80` and the 95% ones by `s95`, never
/// inside the 80% band.
fn widen(mut q: [f64; 4], s80: f64, s95: f64) -> [f64; 4] {
    q[1] *= s80;
    q[2] *= s80;
    q[0] = (q[0] * s95).min(q[1]);
    q[3] = (q[3] * s95).max(q[2]);
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_widen_with_the_horizon_and_hold_the_errors() {
        let errors: Vec<Vec<f64>> = (0..10)
            .map(|w| {
                (1..=28)
                    .map(|h| (h as f64).sqrt() * (((w * 31 + h * 17) % 11) as f64 - 5.0))
                    .collect()
            })
            .collect();
        let daily = DailyErrors::new(&errors, |_, _| false);
        let m = ErrorModel::new(&errors, &daily, None);
        assert!(m.day(28, false)[3] > m.day(1, false)[3]);
        assert!(m.day(28, false)[0] < m.day(1, false)[0]);
        assert!(m.sum(60)[3] > m.sum(10)[3]);
        let inside = errors
            .iter()
            .flat_map(|w| w.iter().enumerate())
            .filter(|(i, e)| {
                let b = m.day(i + 1, false);
                **e >= b[1] && **e <= b[2]
            })
            .count();
        let share = inside as f64 / 280.0;
        assert!((0.72..=0.88).contains(&share), "{share}");
    }
}
