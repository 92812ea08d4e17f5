//! Daily cost forecasts for one series at a time, in floating point (the
//! caller converts exact sums to `f64` and rounds what it reports once).
//!
//! Several models (naive, weekly seasonal naive, damped-trend exponential
//! smoothing with weekly seasonality, Theta, and a ridge regression on
//! trend, Fourier seasonality, holidays, make-up working days, day-1
//! charges and level shifts, fitted with linfa, plus their
//! combination) are scored by a rolling-origin backtest on the series' own
//! history; the combination forecasts unless one model is clearly better,
//! and the errors of choosing that way give the prediction intervals.
//! Month-start charges are projected on day 1, not smeared.
//! Nothing here reads the clock: the forecast starts the day after the
//! last value.

mod backtest;
mod calibrate;
mod candidates;
mod intervals;
pub mod metrics;
mod models;
mod pipeline;
mod prep;
mod projection;
mod seasonal;

use chrono::NaiveDate;

pub use cloudlens_calendar::Calendar;
pub use models::ModelName;
pub use pipeline::{forecast, forecast_with_periods};

/// The longest horizon accepted, in days.
pub const MAX_HORIZON: usize = 366;
/// Days of history (from the first day with a charge) below which no
/// forecast is made.
pub const MIN_HISTORY: usize = 21;

/// One value per day from `start`; days without any line are 0. The
/// forecast starts the day after the last value.
#[derive(Debug, Clone, PartialEq)]
pub struct DailySeries {
    pub start: NaiveDate,
    pub values: Vec<f64>,
}

impl DailySeries {
    /// The first day after the history: the day the forecast starts.
    pub fn end(&self) -> NaiveDate {
        self.start + chrono::Duration::days(self.values.len() as i64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub date: NaiveDate,
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// A calendar period's projected total: what was charged before the
/// forecast start plus the forecast of the rest of the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// First day of the period.
    pub start: NaiveDate,
    /// First day after the period.
    pub end: NaiveDate,
    pub actual_to_date: f64,
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// How the chosen method did on the series' own history: forecasts made at
/// `windows` past origins, each `horizon` days ahead, compared with what
/// happened. Metrics are `None` when nothing could be measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub model: ModelName,
    pub windows: usize,
    pub horizon: usize,
    /// Days from the first window's origin to the end of the last window.
    pub span_days: usize,
    /// Mean absolute error scaled by the in-sample weekly naive error.
    pub mase: Option<f64>,
    /// Symmetric mean absolute percentage error, 0–200.
    pub smape: Option<f64>,
    /// Sum of absolute errors over sum of absolute actuals, percent: "within
    /// N% on average".
    pub wape: Option<f64>,
    /// Share of actual days inside the 80% interval, percent, each window's
    /// interval built from the other windows' errors only.
    pub coverage80: Option<f64>,
    pub coverage95: Option<f64>,
}

/// Something about the series the user should know, with its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// No charge for `days` days: the series is taken as stopped and forecast at zero.
    Stopped { last_charge: NaiveDate, days: usize },
    /// A charge recurring on the first of the month, projected on day 1.
    DayOneCharge { amount: f64 },
    /// The level changed abruptly on this day; the models weigh what came after.
    LevelShift { date: NaiveDate },
    /// The horizon uses estimated (not yet published) holiday dates.
    EstimatedHolidays,
    /// The horizon goes past the holiday tables (2030).
    BeyondCalendar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Days from the first charge to the forecast start.
    pub history_days: usize,
    pub model: ModelName,
    pub points: Vec<Point>,
    pub month_end: Projection,
    pub quarter_end: Projection,
    /// The periods asked of [`forecast_with_periods`], in order.
    pub periods: Vec<Projection>,
    pub backtest: Backtest,
    pub notes: Vec<Note>,
}

/// Why a series was not forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortReason {
    /// Every day of the history is zero.
    NoCharges,
    /// The first charge came too recently.
    FewDays { first_charge: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooShort {
    pub history_days: usize,
    pub needed: usize,
    pub reason: ShortReason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Forecast(Box<Forecast>),
    TooShort(TooShort),
}

/// Input a forecast cannot be made from (a caller error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastError(pub String);

impl std::fmt::Display for ForecastError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ForecastError {}
