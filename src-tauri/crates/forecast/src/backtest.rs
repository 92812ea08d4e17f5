//! Rolling-origin backtest on the series' own history: forecasts made at
//! past origins, each compared with what followed. It chooses the model
//! (the combination unless a single candidate's scaled error is clearly
//! lower), supplies the errors of choosing that way, which the intervals
//! are built from, and reports how the choice did.

use chrono::{Duration, NaiveDate};

use crate::calibrate::LeaveOneOut;
use crate::candidates::{run_all, Context};
use crate::metrics::{mae, mase_scale, smape};
use crate::models::ModelName;
use crate::Backtest;

/// At most this many origins.
pub(crate) const MAX_WINDOWS: usize = 8;
/// Origins this far apart when the history allows: the windows then span
/// about four months, so the choice and the bands rest on more than one
/// stretch of the series' behaviour (a month's errors persist from day to
/// day, and windows a week apart mostly repeat each other).
const STEP: usize = 14;
/// The combination of exponential smoothing, Theta and the regression
/// forecasts well across very different series; a single candidate
/// replaces it only when its backtest score is lower by more than this
/// factor, since the lowest of several noisy scores is lower by luck too.
const SWITCH: f64 = 1.1;
/// Origins a week apart in shorter histories.
const SHORT_STEP: usize = 7;

pub(crate) struct Layout {
    pub horizon: usize,
    pub origins: Vec<usize>,
}

impl Layout {
    /// How many neighbouring windows on either side share days with a window.
    pub fn overlap(&self) -> usize {
        match self.origins.as_slice() {
            [a, b, ..] => (self.horizon - 1) / (b - a).max(1),
            _ => 0,
        }
    }
}

/// Windows of 28 days when the history allows eight of them (a month's
/// projection), two weeks for shorter histories; every origin leaves at
/// least two weeks of training data.
pub(crate) fn layout(n: usize) -> Layout {
    let span = |step: usize| (MAX_WINDOWS - 1) * step;
    let (horizon, min_train) = if n >= 28 + 28 + span(SHORT_STEP) {
        (28, 28)
    } else if n >= 14 + 14 + SHORT_STEP {
        (14, 14)
    } else {
        (7, 14.min(n.saturating_sub(7)))
    };
    let step = if n >= horizon + min_train + span(STEP) {
        STEP
    } else {
        SHORT_STEP
    };
    let last = n.saturating_sub(horizon);
    let mut origins: Vec<usize> = (0..MAX_WINDOWS)
        .map(|k| last.saturating_sub(k * step))
        .filter(|o| *o >= min_train.max(7))
        .collect();
    origins.dedup();
    origins.reverse();
    Layout { horizon, origins }
}

pub(crate) struct ModelErrors {
    pub model: ModelName,
    /// Per window: actual − forecast, by horizon.
    pub errors: Vec<Vec<f64>>,
    pub forecasts: Vec<Vec<f64>>,
    /// Per window: (MAE + |error of the total| / days) / in-sample weekly
    /// naive MAE.
    pub window_scores: Vec<f64>,
}

/// The candidate the backtest chose, with the errors of choosing that way.
pub(crate) struct Choice {
    pub model: ModelName,
    /// Per window: actual − forecast of the candidate chosen without that
    /// window, by horizon.
    pub errors: Vec<Vec<f64>>,
    pub forecasts: Vec<Vec<f64>>,
}

/// The candidate with the lowest total score on `windows`, the others'
/// scores counted `SWITCH` times: a single model must beat the combination
/// clearly to be chosen over it (the first on ties).
fn choose<'a>(models: &'a [ModelErrors], windows: &[usize]) -> Option<&'a ModelErrors> {
    let score = |m: &ModelErrors| {
        let total: f64 = windows.iter().map(|&j| m.window_scores[j]).sum();
        if m.model == ModelName::Combination {
            total
        } else {
            total * SWITCH
        }
    };
    models
        .iter()
        .filter(|m| score(m).is_finite())
        .min_by(|a, b| score(a).total_cmp(&score(b)))
}

pub(crate) struct Evaluation {
    pub layout: Layout,
    /// Per window: the in-sample weekly naive MAE before its origin.
    pub scales: Vec<f64>,
    pub actuals: Vec<Vec<f64>>,
    pub models: Vec<ModelErrors>,
}

/// Runs every candidate at the layout's origins; `ctx` was prepared for
/// those origins (first, in order) and the full history.
pub(crate) fn evaluate(y: &[f64], ctx: &Context, layout: Layout) -> Evaluation {
    let h = layout.horizon;
    let (mut actuals, mut scales) = (Vec::new(), Vec::new());
    let mut models: Vec<ModelErrors> = ModelName::CANDIDATES
        .iter()
        .map(|&model| ModelErrors {
            model,
            errors: Vec::new(),
            forecasts: Vec::new(),
            window_scores: Vec::new(),
        })
        .collect();
    for (&o, prepared) in layout.origins.iter().zip(&ctx.prepared) {
        let run = run_all(ctx, prepared, h);
        let actual = &y[o..o + h];
        let scale = mase_scale(&y[..o], 7)
            .or_else(|| mase_scale(&y[..o], 1))
            .unwrap_or(1.0);
        for m in &mut models {
            // A model that could not fit (the regression on too little
            // data) scores as the naive forecast would.
            let f = run
                .get(m.model)
                .or_else(|| run.get(ModelName::Naive))
                .unwrap_or(&[])
                .to_vec();
            // Daily error and the error of the window's total count alike:
            // a forecast of zeros for a sparse series has a small daily
            // error but misses every month's total.
            let total_err = (actual.iter().sum::<f64>() - f.iter().sum::<f64>()).abs();
            m.window_scores
                .push((mae(actual, &f) + total_err / h as f64) / scale);
            m.errors
                .push(actual.iter().zip(&f).map(|(a, b)| a - b).collect());
            m.forecasts.push(f);
        }
        actuals.push(actual.to_vec());
        scales.push(scale);
    }
    Evaluation {
        layout,
        scales,
        actuals,
        models,
    }
}

impl Evaluation {
    /// The model the backtest chooses, and the errors of choosing by
    /// backtest: each window is forecast by the candidate that won on the
    /// windows sharing no day with it (all others when none do), so the
    /// luck of the choice is in the errors.
    pub fn choice(&self) -> Option<Choice> {
        let windows = self.layout.origins.len();
        let (mut errors, mut forecasts) = (Vec::new(), Vec::new());
        for w in 0..windows {
            let apart = |j: usize| {
                self.layout.origins[j].abs_diff(self.layout.origins[w]) >= self.layout.horizon
            };
            let mut others: Vec<usize> = (0..windows).filter(|&j| apart(j)).collect();
            if others.is_empty() {
                others = (0..windows).filter(|&j| j != w).collect();
            }
            let pick = choose(&self.models, &others)?;
            errors.push(pick.errors[w].clone());
            forecasts.push(pick.forecasts[w].clone());
        }
        let all: Vec<usize> = (0..windows).collect();
        Some(Choice {
            model: choose(&self.models, &all)?.model,
            errors,
            forecasts,
        })
    }

    /// The report of the choice `m`, with the nested leave-one-window-out
    /// coverage.
    pub fn report(&self, m: &Choice, loo: Option<&LeaveOneOut>) -> Backtest {
        let windows = self.layout.origins.len();
        let coverage = loo.map(LeaveOneOut::coverage);
        let all_actual: Vec<f64> = self.actuals.concat();
        let all_fc: Vec<f64> = m.forecasts.concat();
        let abs_actual: f64 = all_actual.iter().map(|v| v.abs()).sum();
        let abs_err: f64 = m.errors.iter().flatten().map(|e| e.abs()).sum();
        let any = windows > 0;
        Backtest {
            model: m.model,
            windows,
            horizon: self.layout.horizon,
            span_days: match (self.layout.origins.first(), self.layout.origins.last()) {
                (Some(a), Some(b)) => b - a + self.layout.horizon,
                _ => 0,
            },
            mase: any.then(|| mase(&self.actuals, &m.forecasts, &self.scales)),
            smape: any.then(|| smape(&all_actual, &all_fc)),
            wape: (any && abs_actual > 0.0).then(|| 100.0 * abs_err / abs_actual),
            coverage80: coverage.map(|c| c.0),
            coverage95: coverage.map(|c| c.1),
        }
    }
}

/// Mean over windows of MAE scaled by the window's in-sample naive error.
fn mase(actuals: &[Vec<f64>], forecasts: &[Vec<f64>], scales: &[f64]) -> f64 {
    let n = actuals.len().max(1) as f64;
    actuals
        .iter()
        .zip(forecasts)
        .zip(scales)
        .map(|((a, f), s)| mae(a, f) / s)
        .sum::<f64>()
        / n
}

/// The day `i` days after `start`.
pub(crate) fn day(start: NaiveDate, i: usize) -> NaiveDate {
    start + Duration::days(i as i64)
}
