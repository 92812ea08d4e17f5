//! Every candidate's forecast from one history. Charges recurring on day 1
//! are taken out first and put back on future first days; the regression's
//! calendar effects (holidays, make-up days) are lent to the models that
//! cannot see the calendar, so each model forecasts the regular part.

use chrono::NaiveDate;
use cloudlens_calendar::Calendar;

use crate::models::{ets, naive, seasonal_naive, theta, window, Design, ModelName, Regression};
use crate::prep::{day_one, first_days, level_shifts, DayOne};
use crate::seasonal::is_weekly;

/// The exponential smoothing and Theta fits look back at most this far.
const SMOOTHING_WINDOW: usize = 371;
/// Longest run of consecutive outlier days taken as one-off.
const MAX_RUN: usize = 3;
/// Outliers are at most one day in this many.
const RARE: usize = 20;
/// Theta starts after the latest level shift when this much follows it.
const AFTER_SHIFT: usize = 28;

pub(crate) struct Run {
    pub forecasts: Vec<(ModelName, Vec<f64>)>,
    pub day_one: Option<f64>,
    pub shifts: Vec<usize>,
}

impl Run {
    pub fn get(&self, m: ModelName) -> Option<&[f64]> {
        self.forecasts
            .iter()
            .find(|(n, _)| *n == m)
            .map(|(_, f)| f.as_slice())
    }
}

/// A history of `end` days with its recurring day-1 charges taken out and
/// its level shifts found.
pub(crate) struct Prepared {
    pub end: usize,
    pub day_one: Option<DayOne>,
    /// The history less the day-1 charges.
    pub y1: Vec<f64>,
    pub shifts: Vec<usize>,
}

fn prepare(y: &[f64], start: NaiveDate, end: usize) -> Prepared {
    let day_one = day_one(start, &y[..end]);
    let mut y1 = y[..end].to_vec();
    if let Some(d) = &day_one {
        for (v, r) in y1.iter_mut().zip(&d.removed) {
            *v -= r;
        }
    }
    let shifts = level_shifts(&y1);
    Prepared {
        end,
        day_one,
        y1,
        shifts,
    }
}

/// What the runs on every prefix of one series share: each prefix's
/// preparation and the regression's running sums.
pub(crate) struct Context<'a> {
    y: &'a [f64],
    pub start: NaiveDate,
    /// One per history length asked for, in the order given.
    pub prepared: Vec<Prepared>,
    regression: Regression<'a>,
}

impl<'a> Context<'a> {
    /// `ends`: the history lengths to forecast from; `h`: the longest
    /// horizon after the longest of them.
    pub fn new(
        y: &'a [f64],
        start: NaiveDate,
        cal: &Calendar,
        ends: &[usize],
        h: usize,
    ) -> Context<'a> {
        let prepared: Vec<Prepared> = ends.iter().map(|&e| prepare(y, start, e)).collect();
        let mut shifts: Vec<usize> = prepared.iter().flat_map(|p| p.shifts.clone()).collect();
        shifts.sort_unstable();
        shifts.dedup();
        let yearly = ends.iter().any(|&e| window(e).1);
        let len = ends.iter().max().map_or(0, |e| e + h);
        let design = Design::new(start, cal, len, yearly, shifts);
        Context {
            y,
            start,
            prepared,
            regression: Regression::new(y, design, ends),
        }
    }
}

/// Every candidate's forecast `h` days after the prepared history `p`.
pub(crate) fn run_all(ctx: &Context, p: &Prepared, h: usize) -> Run {
    let (start, n, d1, y1) = (ctx.start, p.end, &p.day_one, &p.y1);
    // The day-1 charge on the horizon's first days of the month.
    let mut day_one_future = vec![0.0; h];
    if let Some(d) = d1 {
        for i in first_days(start, n + h).filter(|i| *i >= n) {
            day_one_future[i - n] = d.projected;
        }
    }
    let mut future_extra = day_one_future.clone();
    let removed = d1.as_ref().map_or(&[][..], |d| d.removed.as_slice());
    let reg = ctx.regression.fit(n, removed, &p.shifts, h);
    let mut y2 = y1.clone();
    if let Some(r) = &reg {
        // One-off spikes and credits would drag the smoothed level: the
        // other models see the regression's fitted value instead.
        for (t, fitted) in isolated(&r.outliers, r.window, n) {
            y2[t] = fitted;
        }
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
    let after_shift = p
        .shifts
        .last()
        .map(|s| s - s % 7)
        .filter(|s| n - s >= AFTER_SHIFT)
        .unwrap_or(0);
    let theta_from = aligned(SMOOTHING_WINDOW).max(after_shift);
    let theta_seasonal = if theta_from == aligned(SMOOTHING_WINDOW) {
        seasonal
    } else {
        is_weekly(&y2[theta_from..])
    };
    let with_extra =
        |f: Vec<f64>| -> Vec<f64> { f.iter().zip(&future_extra).map(|(a, b)| a + b).collect() };
    let (e, t) = (
        with_extra(ets(recent, h, seasonal)),
        with_extra(theta(&y2[theta_from..], h, theta_seasonal)),
    );
    let mut forecasts = vec![
        (ModelName::Naive, with_extra(naive(&y2, h))),
        (ModelName::SeasonalNaive, with_extra(seasonal_naive(&y2, h))),
        (ModelName::Ets, e.clone()),
        (ModelName::Theta, t.clone()),
    ];
    let parts: Vec<Vec<f64>> = match reg {
        Some(r) => {
            let rf: Vec<f64> = r
                .forecast
                .iter()
                .zip(&day_one_future)
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
    if ctx.y[..n].iter().all(|v| *v >= 0.0) {
        for (_, f) in &mut forecasts {
            for v in f.iter_mut() {
                *v = v.max(0.0);
            }
        }
    }
    Run {
        forecasts,
        day_one: d1.as_ref().map(|d| d.projected),
        shifts: p.shifts.clone(),
    }
}

/// The outliers that are one-offs: rare (at most one day in `RARE` of the
/// `window` days fitted; sparse series' charges are not outliers but their
/// signal), in runs of at most `MAX_RUN` days with an ordinary day after
/// them (a run reaching the last day may be a new level the shift
/// detection cannot see yet).
fn isolated(flagged: &[(usize, f64)], window: usize, n: usize) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    if flagged.len() * RARE > window {
        return out;
    }
    let mut i = 0;
    while i < flagged.len() {
        let mut j = i + 1;
        while j < flagged.len() && flagged[j].0 == flagged[j - 1].0 + 1 {
            j += 1;
        }
        let last = flagged[j - 1].0;
        if j - i <= MAX_RUN && last + 1 < n {
            out.extend_from_slice(&flagged[i..j]);
        }
        i = j;
    }
    out
}
