//! Forecasts of explorer scopes: the explorer's own query machinery gives
//! exact daily sums per group and currency (charged before `as_of`); they
//! become `f64` only for the model, and what is reported in money is
//! rounded once to the currency's minor unit.

mod chart;
mod commands;
mod history;
pub(crate) mod messages;
pub(crate) mod money;
pub(crate) mod overlay;
pub(crate) mod views;

use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use cloudlens_forecast::{self as fc, Calendar, Outcome};
use cloudlens_store::from_nanos;
use rust_decimal::Decimal;

pub use history::{ForecastHistory, HistorySeries};
use views::*;

use crate::{ApiError, CloudLens, ErrorCode, Locale};

fn invalid(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

/// Days from `as_of` to the end of the month after the one containing it.
pub fn default_horizon(as_of: NaiveDate) -> u32 {
    let first = as_of.with_day(1).unwrap_or(as_of);
    let end = first
        .checked_add_months(chrono::Months::new(2))
        .unwrap_or(first);
    u32::try_from((end - as_of).num_days()).unwrap_or(1)
}

/// The asked horizon checked, or the default one.
pub(crate) fn resolve_horizon(asked: Option<u32>, as_of: NaiveDate) -> Result<u32, ApiError> {
    match asked {
        Some(h) if h == 0 || h as usize > fc::MAX_HORIZON => Err(invalid(format!(
            "horizon: expected 1 to {} days, got {h}",
            fc::MAX_HORIZON
        ))),
        Some(h) => Ok(h),
        None => Ok(default_horizon(as_of)),
    }
}

impl CloudLens {
    /// Forecasts every group of the scope; series run on two threads.
    pub fn forecast(&self, q: &ForecastQuery, locale: Locale) -> Result<ForecastResult, ApiError> {
        let started = Instant::now();
        let hist = self.forecast_history(q)?;
        let horizon = resolve_horizon(q.horizon, hist.as_of)?;
        let cal = Calendar::new();
        let outcomes = forecast_all(&hist, &cal, horizon as usize)?;
        let series = hist
            .series
            .iter()
            .zip(outcomes)
            .map(|(s, o)| series_view(s, &hist, o, locale))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ForecastResult {
            as_of: hist.as_of.to_string(),
            horizon,
            series,
            elapsed_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        })
    }
}

fn forecast_all(
    hist: &ForecastHistory,
    cal: &Calendar,
    horizon: usize,
) -> Result<Vec<Outcome>, ApiError> {
    let inputs: Vec<fc::DailySeries> = hist.series.iter().map(|s| s.daily(hist.start)).collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2);
    let chunk = inputs.len().div_ceil(threads).max(1);
    let results: Vec<Result<Outcome, fc::ForecastError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| fc::forecast(s, cal, horizon))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(fc::ForecastError("a forecast thread failed".into()))]
                })
            })
            .collect()
    });
    results
        .into_iter()
        .map(|r| r.map_err(|e| ApiError::new(ErrorCode::Internal, e.0)))
        .collect()
}

pub(crate) fn series_view(
    s: &HistorySeries,
    hist: &ForecastHistory,
    outcome: Outcome,
    locale: Locale,
) -> Result<SeriesForecast, ApiError> {
    let cur = s.currency.as_str();
    let f = match outcome {
        Outcome::TooShort(t) => {
            return Ok(SeriesForecast {
                groups: s.groups.clone(),
                currency: s.currency.clone(),
                history_days: u32::try_from(t.history_days).unwrap_or(u32::MAX),
                model: "too_short".into(),
                points: Vec::new(),
                month_end: None,
                quarter_end: None,
                backtest: None,
                notes: hist
                    .rates_from
                    .iter()
                    .map(|(from, pairs)| messages::rates_from(*from, pairs, locale))
                    .collect(),
                too_short: Some(messages::too_short(&t, locale)),
            })
        }
        Outcome::Forecast(f) => f,
    };
    let amount = |v: f64| -> Result<String, ApiError> { Ok(money::round(money::decimal(v)?, cur)) };
    let points = f
        .points
        .iter()
        .map(|p| {
            Ok(ForecastPoint {
                date: p.date.to_string(),
                mean: amount(p.mean)?,
                lo80: amount(p.lo80)?,
                hi80: amount(p.hi80)?,
                lo95: amount(p.lo95)?,
                hi95: amount(p.hi95)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let month = &f.month_end;
    let quarter = &f.quarter_end;
    let b = &f.backtest;
    Ok(SeriesForecast {
        groups: s.groups.clone(),
        currency: s.currency.clone(),
        history_days: u32::try_from(f.history_days).unwrap_or(u32::MAX),
        model: f.model.as_str().to_string(),
        points,
        month_end: Some(projection(
            month,
            format!("{:04}-{:02}", month.start.year(), month.start.month()),
            s.exact_sum(hist.start, month.start, hist.as_of),
            cur,
        )?),
        quarter_end: Some(projection(
            quarter,
            format!(
                "{:04}-Q{}",
                quarter.start.year(),
                quarter.start.month0() / 3 + 1
            ),
            s.exact_sum(hist.start, quarter.start, hist.as_of),
            cur,
        )?),
        backtest: Some(BacktestView {
            model: b.model.as_str().to_string(),
            windows: u32::try_from(b.windows).unwrap_or(u32::MAX),
            horizon_days: u32::try_from(b.horizon).unwrap_or(u32::MAX),
            mase: b.mase,
            smape: b.smape,
            wape: b.wape,
            coverage80: b.coverage80,
            coverage95: b.coverage95,
            summary: messages::backtest_summary(b, locale),
        }),
        notes: hist
            .rates_from
            .iter()
            .map(|(from, pairs)| messages::rates_from(*from, pairs, locale))
            .chain(f.notes.iter().map(|n| messages::note(n, cur, locale)))
            .collect(),
        too_short: None,
    })
}

/// The charged part is the exact sum; the model's part (its figures less
/// its own copy of the charged part) is added to it and rounded once.
pub(crate) fn projection(
    p: &fc::Projection,
    period: String,
    actual_nanos: i128,
    currency: &str,
) -> Result<PeriodProjection, ApiError> {
    let actual: Decimal = from_nanos(actual_nanos);
    let total = |v: f64| -> Result<String, ApiError> {
        Ok(money::round(
            actual + money::decimal(v - p.actual_to_date)?,
            currency,
        ))
    };
    Ok(PeriodProjection {
        period,
        actual_to_date: money::round(actual, currency),
        mean: total(p.mean)?,
        lo80: total(p.lo80)?,
        hi80: total(p.hi80)?,
        lo95: total(p.lo95)?,
        hi95: total(p.hi95)?,
    })
}
