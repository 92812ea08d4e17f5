//! Every candidate's forecast from one history. Charges recurring on day 1
//! are taken out first and put back on future first days; the regression's
//! calendar effects (holidays, make-up days) are lent to the models that
//! cannot see the calendar, so each model forecasts the regular part.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::Calendar;

use crate::models::{ets, naive, regression, seasonal_naive, theta, ModelName};
use crate::prep::{day_one, level_shifts};
use crate::seasonal::is_weekly;

/// The exponential smoothing and Theta fits look back at most this far.
const SMOOTHING_WINDOW: usize = 371;
/// Theta starts after the latest level shift when this much follows it.
const AFTER_SHIFT: usize = 28;

pub(crate) struct Run {
    pub forecasts: Vec<(ModelName, Vec<f64>)>,
    pub day_one: Option<f64>,
    pub shifts: Vec<usize>,
    /// History days the regression found to be outliers.
    pub outliers: Vec<usize>,
}

impl Run {
    pub fn get(&self, m: ModelName) -> Option<&[f64]> {
        self.forecasts
            .iter()
            .find(|(n, _)| *n == m)
            .map(|(_, f)| f.as_slice())
    }
}

/// `known_outliers`: days an earlier run (on less history) flagged, so the
/// regression fits once; the returned run flags them for the next one.
pub(crate) fn run_all(
    y: &[f64],
    start: NaiveDate,
    cal: &Calendar,
    h: usize,
    known_outliers: Option<&[usize]>,
) -> Run {
    let n = y.len();
    let d1 = day_one(start, y);
    let mut y1 = y.to_vec();
    let mut future_extra = vec![0.0; h];
    if let Some(d) = &d1 {
        for (v, r) in y1.iter_mut().zip(&d.removed) {
            *v -= r;
        }
        for (i, e) in future_extra.iter_mut().enumerate() {
            if (start + Duration::days((n + i) as i64)).day() == 1 {
                *e = d.projected;
            }
        }
    }
    let shifts = level_shifts(&y1);
    let reg = regression(&y1, start, cal, &shifts, h, known_outliers);
    let outliers = reg.as_ref().map(|r| r.outliers.clone()).unwrap_or_default();
    let mut y2 = y1.clone();
    if let Some(r) = &reg {
        for (v, c) in y2.iter_mut().zip(&r.calendar_history) {
            *v -= c;
        }
        for (e, c) in future_extra.iter_mut().zip(&r.calendar_future) {
            *e += c;
        }
    }
    // Slices keep `t % 7` aligned with the full history's weekday slots.
    let aligned = |len: usize| -> usize {
        let from = n.saturating_sub(len);
        from - from % 7
    };
    let recent = &y2[aligned(SMOOTHING_WINDOW)..];
    let seasonal = is_weekly(recent);
    let after_shift = shifts
        .last()
        .map(|s| s - s % 7)
        .filter(|s| n - s >= AFTER_SHIFT)
        .unwrap_or(0);
    let theta_from = aligned(SMOOTHING_WINDOW).max(after_shift);
    let with_extra =
        |f: Vec<f64>| -> Vec<f64> { f.iter().zip(&future_extra).map(|(a, b)| a + b).collect() };
    let (e, t) = (
        with_extra(ets(recent, h, seasonal)),
        with_extra(theta(&y2[theta_from..], h)),
    );
    let mut forecasts = vec![
        (ModelName::Naive, with_extra(naive(&y2, h))),
        (ModelName::SeasonalNaive, with_extra(seasonal_naive(&y2, h))),
        (ModelName::Ets, e.clone()),
        (ModelName::Theta, t.clone()),
    ];
    let parts: Vec<Vec<f64>> = match reg {
        Some(r) => {
            let d1_extra: Vec<f64> = (0..h)
                .map(|i| match &d1 {
                    Some(d) if (start + Duration::days((n + i) as i64)).day() == 1 => d.projected,
                    _ => 0.0,
                })
                .collect();
            let rf: Vec<f64> = r
                .forecast
                .iter()
                .zip(&d1_extra)
                .map(|(a, b)| a + b)
                .collect();
            forecasts.push((ModelName::Regression, rf.clone()));
            vec![e, t, rf]
        }
        None => vec![e, t],
    };
    let combo = (0..h)
        .map(|i| parts.iter().map(|p| p[i]).sum::<f64>() / parts.len() as f64)
        .collect();
    forecasts.push((ModelName::Combination, combo));
    if y.iter().all(|v| *v >= 0.0) {
        for (_, f) in &mut forecasts {
            for v in f.iter_mut() {
                *v = v.max(0.0);
            }
        }
    }
    Run {
        forecasts,
        day_one: d1.map(|d| d.projected),
        shifts,
        outliers,
    }
}
