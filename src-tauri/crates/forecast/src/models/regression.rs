//! Ridge regression on the shared design (trend, weekly and yearly Fourier
//! terms, calendar columns, level-shift steps), without the days whose
//! residual is an outlier (planted spikes, one-off credits) so they do not
//! bend the weekly and holiday terms.
//!
//! The forecast itself is fitted by linfa on the window's rows. Every
//! backtest window trains on a stretch of the same rows, so for those the
//! cross products are summed once, in one pass, and snapshotted where
//! windows start and end: a window's normal equations are the difference of
//! two snapshots, less its outlier rows (see `ridge` for why both ways).

use ndarray::{Array1, Array2, ShapeBuilder};

use super::features::{Design, CALENDAR};
use super::ridge;
use crate::metrics::quantile_in_place;
/// At most this much history trains the regression: two years (in whole
/// weeks) when there is enough for yearly terms, else the last 53 weeks.
const WINDOW: usize = 728;
const SHORT_WINDOW: usize = 371;
/// Yearly terms need this many days in the window.
const YEARLY_DAYS: usize = 700;

pub(crate) struct RegressionFit {
    pub forecast: Vec<f64>,
    /// The calendar columns' fitted contribution over the history (zero
    /// before the window) and the horizon, for the models that cannot see
    /// the calendar.
    pub calendar_history: Vec<f64>,
    pub calendar_future: Vec<f64>,
    /// Days the fit left out as outliers, with its fitted value for each.
    pub outliers: Vec<(usize, f64)>,
    /// Days the fit trained on (outliers included).
    pub window: usize,
}

/// The rows a history of `to` days trains on, and whether they span two years.
pub(crate) fn window(to: usize) -> (usize, bool) {
    let from = to.saturating_sub(if to >= YEARLY_DAYS + 28 {
        WINDOW
    } else {
        SHORT_WINDOW
    });
    (from, to - from >= YEARLY_DAYS)
}

/// Running sums of the design's cross products with itself and with the
/// series, snapshotted at the days windows start and end.
pub(crate) struct Regression<'a> {
    design: Design,
    y: &'a [f64],
    /// Subtracted from the series before summing, for precision.
    centre: f64,
    at: Vec<usize>,
    /// The history length whose fit is the forecast shown (the longest):
    /// fitted from its rows by linfa, the others from the snapshots.
    shown: usize,
    /// Per snapshot: the upper triangle of Σ x xᵀ (k × k, row-major) and Σ x y.
    gram: Vec<Vec<f64>>,
    xy: Vec<Vec<f64>>,
}

impl<'a> Regression<'a> {
    /// `ends`: the history lengths that will be fitted; the design runs to
    /// `len` days (the longest history and its horizon).
    pub fn new(y: &'a [f64], design: Design, ends: &[usize]) -> Regression<'a> {
        let k = design.k;
        let mut at: Vec<usize> = ends
            .iter()
            .flat_map(|&e| [window(e).0, e])
            .filter(|&t| t <= y.len())
            .collect();
        at.sort_unstable();
        at.dedup();
        let centre = y.iter().sum::<f64>() / y.len().max(1) as f64;
        let (mut g, mut b) = (vec![0.0; k * k], vec![0.0; k]);
        let (mut gram, mut xy) = (Vec::with_capacity(at.len()), Vec::with_capacity(at.len()));
        let mut t = at.first().copied().unwrap_or(0);
        for &stop in &at {
            while t < stop {
                let (x, v) = (design.row(t), y[t] - centre);
                for j in 0..k {
                    let xj = x[j];
                    if xj == 0.0 {
                        continue;
                    }
                    b[j] += xj * v;
                    let gj = &mut g[j * k..(j + 1) * k];
                    for l in j..k {
                        gj[l] += xj * x[l];
                    }
                }
                t += 1;
            }
            gram.push(g.clone());
            xy.push(b.clone());
        }
        Regression {
            shown: ends.iter().copied().max().unwrap_or(0),
            design,
            y,
            centre,
            at,
            gram,
            xy,
        }
    }

    fn snapshot(&self, t: usize) -> Option<usize> {
        self.at.binary_search(&t).ok()
    }

    /// Fits on the first `to` days less `removed` (the charges taken out
    /// on day 1), with steps at `shifts`, and forecasts `h` days. The fit
    /// runs twice when the first one flags outliers, the second time
    /// without them.
    pub fn fit(
        &self,
        to: usize,
        removed: &[f64],
        shifts: &[usize],
        h: usize,
    ) -> Option<RegressionFit> {
        let (from, yearly) = window(to);
        let own: Vec<usize> = shifts
            .iter()
            .copied()
            .filter(|s| *s > from + 7 && *s < to)
            .collect();
        let cols = self.design.columns(yearly, &own);
        if to - from < cols.len() + 7 || to + h > self.design.len() {
            return None;
        }
        let y1 = |t: usize| self.y[t] - removed.get(t).copied().unwrap_or(0.0);
        // Coefficients spread over every column of the design (zero where the
        // window does not use one), so a prediction is one contiguous dot
        // product with the day's row.
        let spread = |beta: &[f64]| -> Vec<f64> {
            let mut all = vec![0.0; self.design.k];
            for (c, b) in cols.iter().zip(beta) {
                all[*c] = *b;
            }
            all
        };
        let predict = |all: &[f64], t: usize| -> f64 { self.centre + dot(self.design.row(t), all) };
        let solve = |skip: &[usize]| {
            if to == self.shown {
                self.solve_rows(from, to, &cols, removed, skip)
            } else {
                self.solve(from, to, &cols, removed, skip)
            }
        };
        let first = solve(&[])?;
        let first_all = spread(&first);
        let resid: Vec<f64> = (from..to).map(|t| y1(t) - predict(&first_all, t)).collect();
        let flagged: Vec<usize> = outliers(&resid).into_iter().map(|i| i + from).collect();
        let beta = if flagged.is_empty() {
            first
        } else {
            solve(&flagged).unwrap_or(first)
        };
        // Every window uses the calendar columns, at the same places.
        let calendar = |t: usize| -> f64 {
            let x = &self.design.row(t)[CALENDAR];
            x.iter().zip(&beta[CALENDAR]).map(|(a, b)| a * b).sum()
        };
        let beta_all = spread(&beta);
        let mut calendar_history = vec![0.0; from];
        calendar_history.extend((from..to).map(calendar));
        Some(RegressionFit {
            forecast: (to..to + h).map(|t| predict(&beta_all, t)).collect(),
            calendar_history,
            calendar_future: (to..to + h).map(calendar).collect(),
            outliers: flagged
                .iter()
                .map(|&t| (t, predict(&beta_all, t)))
                .collect(),
            window: to - from,
        })
    }

    /// Coefficients of `cols` (the constant first, in centred units) on
    /// days `from..to` without the days in `skip`.
    fn solve(
        &self,
        from: usize,
        to: usize,
        cols: &[usize],
        removed: &[f64],
        skip: &[usize],
    ) -> Option<Vec<f64>> {
        let (a, b) = (self.snapshot(from)?, self.snapshot(to)?);
        let (k, m) = (self.design.k, cols.len());
        let mut g = vec![0.0; m * m];
        let mut r = vec![0.0; m];
        for (i, &ci) in cols.iter().enumerate() {
            r[i] = self.xy[b][ci] - self.xy[a][ci];
            for (j, &cj) in cols.iter().enumerate().skip(i) {
                let v = self.gram[b][ci * k + cj] - self.gram[a][ci * k + cj];
                g[i * m + j] = v;
                g[j * m + i] = v;
            }
        }
        // Day-1 charges taken out of the series, and outlier days left out.
        for (t, d) in removed.iter().enumerate().take(to).skip(from) {
            if *d != 0.0 {
                let x = self.design.row(t);
                for (ri, c) in r.iter_mut().zip(cols) {
                    *ri -= x[*c] * d;
                }
            }
        }
        for &t in skip {
            let x = self.design.row(t);
            let v = self.y[t] - removed.get(t).copied().unwrap_or(0.0) - self.centre;
            for (i, &ci) in cols.iter().enumerate() {
                r[i] -= x[ci] * v;
                for (j, &cj) in cols.iter().enumerate() {
                    g[i * m + j] -= x[ci] * x[cj];
                }
            }
        }
        ridge::from_normal_equations(&g, &r, m)
    }

    /// The same coefficients as `solve`, fitted from the rows themselves.
    fn solve_rows(
        &self,
        from: usize,
        to: usize,
        cols: &[usize],
        removed: &[f64],
        skip: &[usize],
    ) -> Option<Vec<f64>> {
        let days: Vec<usize> = (from..to).filter(|t| !skip.contains(t)).collect();
        // Column-major, the layout the fit reads columns in.
        let column_major: Vec<f64> = cols
            .iter()
            .flat_map(|&c| days.iter().map(move |&t| self.design.row(t)[c]))
            .collect();
        let x = Array2::from_shape_vec((days.len(), cols.len()).f(), column_major).ok()?;
        let y = Array1::from_iter(
            days.iter()
                .map(|&t| self.y[t] - removed.get(t).copied().unwrap_or(0.0) - self.centre),
        );
        ridge::from_rows(&x, &y)
    }
}

/// Σ aᵢbᵢ in four independent sums, which the compiler can keep in vector
/// registers (one running sum cannot be, its order being fixed).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let (mut acc, n) = ([0.0; 4], a.len().min(b.len()));
    let (a4, b4) = (a[..n].chunks_exact(4), b[..n].chunks_exact(4));
    let (ra, rb) = (a4.remainder(), b4.remainder());
    for (x, y) in a4.zip(b4) {
        for i in 0..4 {
            acc[i] += x[i] * y[i];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Days whose residual is further than five robust deviations from the median.
fn outliers(resid: &[f64]) -> Vec<usize> {
    let mut work = resid.to_vec();
    let med = quantile_in_place(&mut work, 0.5);
    for (w, r) in work.iter_mut().zip(resid) {
        *w = (r - med).abs();
    }
    let limit = 5.0 * 1.4826 * quantile_in_place(&mut work, 0.5);
    if limit <= 0.0 || !limit.is_finite() {
        return Vec::new();
    }
    let out: Vec<usize> = (0..resid.len())
        .filter(|&i| (resid[i] - med).abs() > limit)
        .collect();
    // Not outliers but a different regime: leave them to the fit.
    if out.len() * 5 > resid.len() {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use cloudlens_calendar::Calendar;

    /// A weekly series with a level shift and a few spikes, over two years.
    fn series(len: usize) -> Vec<f64> {
        (0..len)
            .map(|t| {
                let weekly = [1.0, 1.1, 1.1, 1.0, 0.9, 0.6, 0.5][t % 7];
                let level = if t > 500 { 140.0 } else { 100.0 };
                let spike = if t % 97 == 13 { 400.0 } else { 0.0 };
                level * weekly + 0.02 * t as f64 + spike + ((t * 31) % 11) as f64
            })
            .collect()
    }

    #[test]
    fn the_shown_fit_and_the_backtest_fits_agree() {
        let y = series(760);
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
        let design = Design::new(start, &Calendar::new(), 760 + 14, true, vec![501]);
        let reg = Regression::new(&y, design, &[700, 760]);
        let (from, yearly) = window(760);
        let cols = reg.design.columns(yearly, &[501]);
        let skip = [13 + 97 * 6, 13 + 97 * 7];
        let rows = reg.solve_rows(from, 760, &cols, &[], &skip).expect("rows");
        let sums = reg.solve(from, 760, &cols, &[], &skip).expect("sums");
        for (a, b) in rows.iter().zip(&sums) {
            assert!(
                (a - b).abs() < 1e-6 * (1.0 + b.abs()),
                "{rows:?} against {sums:?}"
            );
        }
        let shown = reg.fit(760, &[], &[501], 14).expect("the shown forecast");
        assert_eq!(shown.forecast.len(), 14);
        assert!(shown.outliers.iter().any(|(t, _)| *t == 13 + 97 * 7));
    }
}
