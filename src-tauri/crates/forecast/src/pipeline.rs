//! One series from history to forecast: checks, the backtest that picks a
//! model, the final fit, intervals and projections.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::{Calendar, LAST_YEAR};

use crate::backtest::{day, evaluate, layout, Choice};
use crate::calibrate::LeaveOneOut;
use crate::candidates::{run_all, Context};
use crate::intervals::{DailyErrors, ErrorModel};
use crate::models::ModelName;
use crate::prep::{charges_on_firsts, first_charge, recent_volatility, stopped};
use crate::projection::{month_of, project, quarter_of};
use crate::{
    Backtest, DailySeries, Forecast, ForecastError, Note, Outcome, Point, ShortReason, TooShort,
    MAX_HORIZON, MIN_HISTORY,
};

/// Volatility ratios beyond this (or its inverse) are taken as this.
const MIN_RATIO: f64 = 0.25;

/// Relative floating-point noise a point forecast may carry.
const ROUNDING: f64 = 1e-9;

/// Forecasts `horizon` days after the series (1..=366).
pub fn forecast(
    series: &DailySeries,
    cal: &Calendar,
    horizon: usize,
) -> Result<Outcome, ForecastError> {
    forecast_with_periods(series, cal, horizon, &[])
}

/// [`forecast`], also projecting each of `periods` (first day, first day
/// after) into [`Forecast::periods`]: budgets on fiscal quarters and years.
/// A period may end at most [`MAX_HORIZON`] days after the series.
pub fn forecast_with_periods(
    series: &DailySeries,
    cal: &Calendar,
    horizon: usize,
    periods: &[(NaiveDate, NaiveDate)],
) -> Result<Outcome, ForecastError> {
    if horizon == 0 || horizon > MAX_HORIZON {
        return Err(ForecastError(format!(
            "horizon: expected 1 to {MAX_HORIZON} days, got {horizon}"
        )));
    }
    if let Some(i) = series.values.iter().position(|v| !v.is_finite()) {
        return Err(ForecastError(format!(
            "value of {}: expected a finite number, got {}",
            day(series.start, i),
            series.values[i]
        )));
    }
    let Some(first) = first_charge(&series.values) else {
        return Ok(Outcome::TooShort(TooShort {
            history_days: series.values.len(),
            needed: MIN_HISTORY,
            reason: ShortReason::NoCharges,
        }));
    };
    let y = &series.values[first..];
    let start = day(series.start, first);
    if y.len() < MIN_HISTORY {
        return Ok(Outcome::TooShort(TooShort {
            history_days: y.len(),
            needed: MIN_HISTORY,
            reason: ShortReason::FewDays {
                first_charge: start,
            },
        }));
    }
    let as_of = series.end();
    let furthest = periods
        .iter()
        .map(|p| p.1)
        .fold(quarter_of(as_of).1, NaiveDate::max);
    let span = horizon.max((furthest - as_of).num_days().max(0) as usize);
    if span > MAX_HORIZON {
        return Err(ForecastError(format!(
            "a period ends {span} days after the history; at most {MAX_HORIZON} can be projected"
        )));
    }
    let mut notes = Vec::new();
    let last_day = as_of + Duration::days(span as i64 - 1);
    if cal
        .between(as_of, last_day + Duration::days(1))
        .any(|e| e.estimated)
    {
        notes.push(Note::EstimatedHolidays);
    }
    if last_day.year() > LAST_YEAR {
        notes.push(Note::BeyondCalendar);
    }
    let floor = y.iter().all(|v| *v >= 0.0).then_some(0.0);

    if let Some(days) = stopped(y) {
        notes.push(Note::Stopped {
            last_charge: day(start, y.len() - days - 1),
            days,
        });
        let zeros = vec![0.0; span];
        let backtest = Backtest {
            model: ModelName::Stopped,
            windows: 0,
            horizon: 0,
            span_days: 0,
            mase: None,
            smape: None,
            wape: None,
            coverage80: None,
            coverage95: None,
        };
        let parts = Parts {
            series,
            horizon,
            floor,
            history_days: y.len(),
            periods,
        };
        return Ok(parts.assemble(ModelName::Stopped, &zeros, None, backtest, notes));
    }

    let layout = layout(y.len());
    let mut ends = layout.origins.clone();
    ends.push(y.len());
    let ctx = Context::new(y, start, cal, &ends, span.max(layout.horizon));
    let eval = evaluate(y, &ctx, layout);
    let run = match ctx.prepared.last() {
        Some(p) => run_all(&ctx, p, span),
        None => return Err(ForecastError("no history to forecast from".into())),
    };
    let choice = eval.choice().unwrap_or(Choice {
        model: ModelName::Naive,
        errors: Vec::new(),
        forecasts: Vec::new(),
    });
    let (errors, loo) = if choice.errors.is_empty() {
        (None, None)
    } else {
        let vols: Vec<f64> = ctx
            .prepared
            .iter()
            .map(|p| recent_volatility(&p.y1))
            .collect();
        let now_errors = at_current_volatility(&choice.errors, &vols);
        // Where charges recur on the 1st (a tax, a subscription, a credit,
        // whatever their sign), that day's errors get bands of their own.
        let apart = charges_on_firsts(start, y);
        let origins = &eval.layout.origins;
        let daily = DailyErrors::new(&now_errors, |w, i| {
            apart
                && origins
                    .get(w)
                    .is_some_and(|&o| day(start, o + i).day() == 1)
        });
        let loo = LeaveOneOut::new(&daily, eval.layout.overlap());
        let errors = ErrorModel::new(&now_errors, &daily, loo.as_ref());
        (Some(errors), loo)
    };
    let backtest = eval.report(&choice, loo.as_ref());
    let model = choice.model;
    let mean = run
        .get(model)
        .or_else(|| run.get(ModelName::Naive))
        .unwrap_or(&[])
        .to_vec();
    if let Some(a) = run.day_one {
        notes.push(Note::DayOneCharge { amount: a });
    }
    if let Some(&s) = run.shifts.last() {
        notes.push(Note::LevelShift {
            date: day(start, s),
        });
    }
    let parts = Parts {
        series,
        horizon,
        floor,
        history_days: y.len(),
        periods,
    };
    Ok(parts.assemble(model, &mean, errors.as_ref(), backtest, notes))
}

/// What every forecast of one series shares.
struct Parts<'a> {
    series: &'a DailySeries,
    horizon: usize,
    floor: Option<f64>,
    history_days: usize,
    periods: &'a [(NaiveDate, NaiveDate)],
}

impl Parts<'_> {
    fn assemble(
        &self,
        model: ModelName,
        mean: &[f64],
        errors: Option<&ErrorModel>,
        backtest: Backtest,
        notes: Vec<Note>,
    ) -> Outcome {
        let as_of = self.series.end();
        let project_period = |period| {
            project(
                period,
                self.series.start,
                &self.series.values,
                as_of,
                mean,
                errors,
                self.floor,
            )
        };
        Outcome::Forecast(Box::new(Forecast {
            history_days: self.history_days,
            model,
            points: points(
                as_of,
                &mean[..self.horizon.min(mean.len())],
                errors,
                self.floor,
            ),
            month_end: project_period(month_of(as_of)),
            quarter_end: project_period(quarter_of(as_of)),
            periods: self.periods.iter().map(|p| project_period(*p)).collect(),
            backtest,
            notes,
        }))
    }
}

fn points(
    as_of: NaiveDate,
    mean: &[f64],
    errors: Option<&ErrorModel>,
    floor: Option<f64>,
) -> Vec<Point> {
    mean.iter()
        .enumerate()
        .map(|(i, &m)| {
            let first = day(as_of, i).day() == 1;
            let b = errors.map(|e| e.day(i + 1, first)).unwrap_or([0.0; 4]);
            let clamp = |v: f64| floor.map_or(v, |f| v.max(f));
            // A band is never narrower than the rounding noise of the
            // point forecast (a series that repeats one amount exactly
            // gets a band of that amount, not one a rounding error misses).
            let tol = ROUNDING * m.abs();
            Point {
                date: day(as_of, i),
                mean: m,
                lo95: clamp(m + b[0] - tol),
                lo80: clamp(m + b[1] - tol),
                hi80: clamp(m + b[2] + tol),
                hi95: clamp(m + b[3] + tol),
            }
        })
        .collect()
}

/// Each window's errors rescaled by how much more (or less) the series
/// moves day to day now than before that window's origin, so a calm
/// stretch in the backtest does not make a volatile present look calm.
/// `vols`: per window, then the full history. Unchanged when any is zero.
fn at_current_volatility(errors: &[Vec<f64>], vols: &[f64]) -> Vec<Vec<f64>> {
    let now = vols.last().copied().unwrap_or(0.0);
    if now <= 0.0 || vols.iter().any(|v| *v <= 0.0) || !now.is_finite() {
        return errors.to_vec();
    }
    errors
        .iter()
        .zip(vols)
        .map(|(w, v)| {
            let r = (now / v).clamp(MIN_RATIO, 1.0 / MIN_RATIO);
            w.iter().map(|e| e * r).collect()
        })
        .collect()
}
