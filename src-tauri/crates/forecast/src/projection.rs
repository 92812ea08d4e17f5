//! Month-end and quarter-end projections: what was charged in the period
//! before the forecast start, plus the forecast of the rest, with the
//! interval of a running total.

use chrono::{Datelike, NaiveDate};

use crate::intervals::ErrorModel;
use crate::Projection;

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months))
        .unwrap_or(d)
}

/// The month containing `d`: (first day, first day of the next month).
pub(crate) fn month_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let s = month_start(d);
    (s, add_months(s, 1))
}

/// The calendar quarter containing `d`.
pub(crate) fn quarter_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let q0 = (d.month0() / 3) * 3 + 1;
    let s = NaiveDate::from_ymd_opt(d.year(), q0, 1).unwrap_or(d);
    (s, add_months(s, 3))
}

/// `history` runs from `hist_start` to `as_of` (exclusive); `mean` holds
/// daily forecasts from `as_of`, at least to `period.1`.
pub(crate) fn project(
    period: (NaiveDate, NaiveDate),
    hist_start: NaiveDate,
    history: &[f64],
    as_of: NaiveDate,
    mean: &[f64],
    errors: Option<&ErrorModel>,
    floor: Option<f64>,
) -> Projection {
    let (start, end) = period;
    let from = (start - hist_start).num_days().max(0) as usize;
    let actual: f64 = history.iter().skip(from).sum();
    let k = (end - as_of).num_days().max(0) as usize;
    let rest: f64 = mean.iter().take(k).sum();
    let band = errors.map(|e| e.sum(k)).unwrap_or([0.0; 4]);
    let total = actual + rest;
    let bound = |b: f64| match floor {
        Some(f) => (total + b).max(actual + f),
        None => total + b,
    };
    Projection {
        start,
        end,
        actual_to_date: actual,
        mean: total,
        lo95: bound(band[0]),
        lo80: bound(band[1]),
        hi80: bound(band[2]),
        hi95: bound(band[3]),
    }
}
