//! Penalised regression fitted with linfa's elastic net (coordinate descent;
//! half L1, half L2, a small penalty) on standardised columns, without the
//! days whose residual is an outlier (planted spikes, one-off credits) so
//! they do not bend the weekly and holiday terms.

use chrono::NaiveDate;
use cloudlens_calendar::Calendar;
use linfa::prelude::*;
use linfa_elasticnet::ElasticNet;
use ndarray::{Array1, Array2, Axis};

use super::features::{Design, CALENDAR_COLUMNS};
use crate::metrics::quantile;

/// Penalty on standardised coefficients (linfa's `alpha`).
const PENALTY: f64 = 0.002;
/// At most this much history trains the regression: two years when there
/// is enough for yearly terms, else the last year.
const WINDOW: usize = 730;
const SHORT_WINDOW: usize = 371;

pub(crate) struct RegressionFit {
    pub forecast: Vec<f64>,
    /// The calendar columns' fitted contribution over the history and the
    /// horizon, for the models that cannot see the calendar.
    pub calendar_history: Vec<f64>,
    pub calendar_future: Vec<f64>,
    /// History indices this fit found to be outliers.
    pub outliers: Vec<usize>,
}

struct Scaled {
    mean: Array1<f64>,
    std: Array1<f64>,
}

impl Scaled {
    fn new(x: &Array2<f64>) -> Scaled {
        let mean = x
            .mean_axis(Axis(0))
            .unwrap_or_else(|| Array1::zeros(x.ncols()));
        let std = x.std_axis(Axis(0), 0.0);
        Scaled { mean, std }
    }

    fn apply(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut z = x - &self.mean;
        for (j, mut col) in z.axis_iter_mut(Axis(1)).enumerate() {
            let s = self.std[j];
            if s > 1e-12 {
                col.mapv_inplace(|v| v / s);
            } else {
                col.fill(0.0);
            }
        }
        z
    }
}

/// Coefficients in original units (intercept first), or `None` when linfa
/// refuses the problem.
fn fit(x: &Array2<f64>, y: &Array1<f64>) -> Option<(f64, Array1<f64>)> {
    let sc = Scaled::new(x);
    // Column-major: coordinate descent walks one column at a time.
    let z = sc
        .apply(x)
        .reversed_axes()
        .as_standard_layout()
        .into_owned()
        .reversed_axes();
    let (ym, ys) = (y.mean().unwrap_or(0.0), y.std(0.0));
    let ys = if ys > 1e-12 { ys } else { 1.0 };
    let yz = y.mapv(|v| (v - ym) / ys);
    let model = ElasticNet::params()
        .penalty(PENALTY)
        .l1_ratio(0.5)
        .tolerance(1e-4)
        .max_iterations(500)
        .fit(&Dataset::new(z, yz))
        .ok()?;
    let w = model.hyperplane();
    let mut coef = Array1::<f64>::zeros(x.ncols());
    let mut intercept = ym + ys * model.intercept();
    for j in 0..x.ncols() {
        if sc.std[j] > 1e-12 {
            coef[j] = ys * w[j] / sc.std[j];
            intercept -= coef[j] * sc.mean[j];
        }
    }
    Some((intercept, coef))
}

/// Days whose residual is further than five robust deviations from the median.
fn outliers(resid: &[f64]) -> Vec<usize> {
    let med = quantile(resid, 0.5);
    let abs_dev: Vec<f64> = resid.iter().map(|r| (r - med).abs()).collect();
    let limit = 5.0 * 1.4826 * quantile(&abs_dev, 0.5);
    if limit <= 0.0 {
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

/// Fits on `y` and forecasts `h` days. `known_outliers` (history indices
/// flagged by an earlier fit on less history) are left out of a single
/// fit; without them the fit runs twice, the second time without the days
/// the first one flags. The returned fit flags outliers for the next call.
pub(crate) fn regression(
    y: &[f64],
    start: NaiveDate,
    cal: &Calendar,
    shifts: &[usize],
    h: usize,
    known_outliers: Option<&[usize]>,
) -> Option<RegressionFit> {
    let n = y.len();
    let from = n.saturating_sub(if n >= 700 + 28 { WINDOW } else { SHORT_WINDOW });
    let design = Design {
        from,
        shifts: shifts.iter().copied().filter(|s| *s > from + 7).collect(),
        yearly: n - from >= 700,
    };
    if n - from < design.columns() + 7 {
        return None;
    }
    let x = design.rows(start, cal, from, n);
    let yv = Array1::from(y[from..].to_vec());
    let keep_rows = |skip: &[usize]| -> Vec<usize> {
        let mut drop = vec![false; n - from];
        for &i in skip.iter().filter(|i| **i >= from && **i < n) {
            drop[i - from] = true;
        }
        (0..n - from).filter(|&i| !drop[i]).collect()
    };
    let fit_without = |skip: &[usize]| {
        let keep = keep_rows(skip);
        fit(&x.select(Axis(0), &keep), &yv.select(Axis(0), &keep))
    };
    let (b0, coef) = match known_outliers {
        Some(known) => fit_without(known)?,
        None => {
            let first = fit(&x, &yv)?;
            let resid: Vec<f64> = (&yv - &(x.dot(&first.1) + first.0)).to_vec();
            let flagged: Vec<usize> = outliers(&resid).into_iter().map(|i| i + from).collect();
            if flagged.is_empty() {
                first
            } else {
                fit_without(&flagged).unwrap_or(first)
            }
        }
    };
    let resid: Vec<f64> = (&yv - &(x.dot(&coef) + b0)).to_vec();
    let flagged: Vec<usize> = outliers(&resid).into_iter().map(|i| i + from).collect();
    let future = design.rows(start, cal, n, n + h);
    let forecast = (future.dot(&coef) + b0).to_vec();
    let cols = design.columns();
    let cal_coef = coef
        .slice(ndarray::s![cols - CALENDAR_COLUMNS..])
        .to_owned();
    let effect = |rows: &Array2<f64>| -> Vec<f64> {
        rows.slice(ndarray::s![.., cols - CALENDAR_COLUMNS..])
            .dot(&cal_coef)
            .to_vec()
    };
    let mut calendar_history = vec![0.0; from];
    calendar_history.extend(effect(&x));
    Some(RegressionFit {
        forecast,
        calendar_history,
        calendar_future: effect(&future),
        outliers: flagged,
    })
}
