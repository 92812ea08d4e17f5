//! View models of forecasts: amounts are decimal strings rounded once to
//! the currency's minor unit; accuracy figures are plain numbers.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ChartView, DimensionFilter, ExploreMetric};

/// A forecast of an explorer scope: the same dimensions, filters, metric
/// and display currency as an explorer query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ForecastQuery {
    /// Zero, one or two dimension names; none gives one series per currency.
    pub group_by: Vec<String>,
    pub filters: Vec<DimensionFilter>,
    /// `billed` or `effective`.
    pub metric: ExploreMetric,
    pub display_currency: Option<String>,
    /// `YYYY-MM-DD`: forecast as made at the start of that day, from lines
    /// charged before it. `None`: the day after the store's last charge day.
    pub as_of: Option<String>,
    /// Days to forecast, 1–366. `None`: to the end of the next month.
    pub horizon: Option<u32>,
    pub rules_version: Option<i64>,
    pub apply_shared_costs: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ForecastResult {
    pub as_of: String,
    pub horizon: u32,
    pub series: Vec<SeriesForecast>,
    /// Time spent reading sums and forecasting, milliseconds.
    pub elapsed_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ForecastPoint {
    pub date: String,
    pub mean: String,
    pub lo80: String,
    pub hi80: String,
    pub lo95: String,
    pub hi95: String,
}

/// A period's projected total: charged so far plus the forecast of the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PeriodProjection {
    /// `YYYY-MM` or `YYYY-Qn`.
    pub period: String,
    pub actual_to_date: String,
    pub mean: String,
    pub lo80: String,
    pub hi80: String,
    pub lo95: String,
    pub hi95: String,
}

/// How the chosen method did on this series' own history.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BacktestView {
    pub model: String,
    /// Past forecasts compared with what happened.
    pub windows: u32,
    /// Days each past forecast looked ahead.
    pub horizon_days: u32,
    pub mase: Option<f64>,
    /// Percent, 0–200.
    pub smape: Option<f64>,
    /// Mean absolute error as a percentage of actual spend.
    pub wape: Option<f64>,
    /// Percent of days inside the 80% (95%) band.
    pub coverage80: Option<f64>,
    pub coverage95: Option<f64>,
    /// The figures in words, in the requested language.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SeriesForecast {
    /// One value per `group_by` dimension; `None` = untagged / none.
    pub groups: Vec<Option<String>>,
    pub currency: String,
    /// Days from the first charge to the forecast start.
    pub history_days: u32,
    /// The winning model (`naive`, `seasonal_naive`, `ets_damped`, `theta`,
    /// `regression`, `combination`, `stopped`), or `too_short`.
    pub model: String,
    pub points: Vec<ForecastPoint>,
    pub month_end: Option<PeriodProjection>,
    pub quarter_end: Option<PeriodProjection>,
    pub backtest: Option<BacktestView>,
    /// What the user should know (stopped, day-1 charges, level shifts, estimated holidays).
    pub notes: Vec<String>,
    /// Why there is no forecast, when there is none.
    pub too_short: Option<String>,
}

/// Which series of a forecast scope to chart, and how much history to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ForecastSeriesKey {
    /// As in `SeriesForecast::groups`.
    pub groups: Vec<Option<String>>,
    pub currency: String,
    /// Days of history before the forecast; `None`: 90.
    pub history_days: Option<u32>,
}

/// One series' forecast with its band chart (history, forecast, 80% and 95%
/// bands), drawn by the core.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ForecastSeriesChart {
    pub as_of: String,
    pub series: SeriesForecast,
    pub chart: ChartView,
}

/// A day chart drawn again with the forecast of its whole scope after it
/// (the forecast line and its 80% and 95% bands), for one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ForecastOverlay {
    pub currency: String,
    /// The forecast of the scope's total; `too_short` says why there is none.
    pub forecast: SeriesForecast,
    /// `None` when there is no forecast to draw.
    pub chart: Option<ChartView>,
}
