//! CloudLens charts: every chart is drawn once, here, as SVG with plotters, so
//! the app (inline SVG) and exported reports show the same drawing. The UI
//! layers hover values and click-to-filter on top using the geometry in
//! [`Chart`]: x bands are equal-width and exactly span
//! `plot.left..plot.right`, band `i` centred at `left + (i + 0.5) * bandwidth`.
//!
//! Money stays [`Decimal`]: values are converted to `f64` only to compute
//! drawing coordinates; everything handed back is an exact decimal string.

mod anomaly;
mod axis;
mod budget;
mod chart;
mod coord;
mod forecast;
mod frame;
mod grouped;
mod layers;
mod legend;
mod lines;
mod overlay;
mod partial;
mod stacked;
mod text;
mod theme;
mod utilisation;

use std::fmt;

use rust_decimal::Decimal;

pub use anomaly::{anomaly_chart, AnomalyChart};
pub use budget::{budget_burn, BudgetChart, BudgetLabels};
pub use chart::{Chart, ChartKind, DrawnSeries, PlotArea};
pub use forecast::{forecast_band, ForecastChart, ForecastLabels};
pub use grouped::{grouped_bars, grouped_bars_keyed, grouped_bars_with_theme};
pub use lines::{time_lines, LineStyle};
pub use overlay::{daily_with_forecast, DailyStyle, ForecastBand};
pub use partial::mark_partial;
pub use stacked::{stacked_daily, stacked_daily_with_theme};
pub use theme::Theme;
pub use utilisation::{utilisation_chart, UtilisationLabels};

/// Suggested size for a daily stacked chart (SVG user units).
pub const DAILY_SIZE: (u32, u32) = (960, 320);
/// Suggested size for a grouped bar chart (SVG user units).
pub const GROUPED_SIZE: (u32, u32) = (480, 320);

/// Smallest and largest accepted chart sizes: below the minimum the axes and
/// legend cannot be laid out; above the maximum the SVG would be absurdly big.
pub const MIN_SIZE: (u32, u32) = (160, 100);
pub const MAX_SIZE: (u32, u32) = (8192, 8192);

/// One data series: one value per x band (day or category).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Decimal>,
}

impl Series {
    pub fn new(label: impl Into<String>, values: Vec<Decimal>) -> Self {
        Self {
            label: label.into(),
            values,
        }
    }
}

/// Why a chart could not be drawn. Data problems that merely make a chart
/// empty (no days, no series, all zeros) are not errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// The requested size is outside [`MIN_SIZE`]..=[`MAX_SIZE`].
    InvalidSize { width: u32, height: u32 },
    /// A series does not have exactly one value per x band (a caller bug:
    /// padding or truncating silently would misattribute money to days).
    LengthMismatch {
        series: String,
        expected: usize,
        actual: usize,
    },
    /// A forecast band starting on a day that neither is on the chart nor
    /// follows its last day.
    BandOffChart { first_day: String },
    /// plotters reported a drawing error.
    Draw(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidSize { width, height } => write!(
                f,
                "chart size {width}x{height} is outside {}x{}..={}x{}",
                MIN_SIZE.0, MIN_SIZE.1, MAX_SIZE.0, MAX_SIZE.1
            ),
            Self::LengthMismatch {
                series,
                expected,
                actual,
            } => write!(
                f,
                "series {series:?} has {actual} values but the chart has {expected} x bands"
            ),
            Self::BandOffChart { first_day } => write!(
                f,
                "the forecast starts on {first_day}, which is neither on the chart nor the day after it"
            ),
            Self::Draw(msg) => write!(f, "chart drawing failed: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {}

fn check_size((width, height): (u32, u32)) -> Result<(), ChartError> {
    if width < MIN_SIZE.0 || height < MIN_SIZE.1 || width > MAX_SIZE.0 || height > MAX_SIZE.1 {
        return Err(ChartError::InvalidSize { width, height });
    }
    Ok(())
}

/// Each `(label, length, expected length)` column must fit its days.
fn check_columns<'a>(
    columns: impl IntoIterator<Item = (&'a str, usize, usize)>,
) -> Result<(), ChartError> {
    for (label, actual, expected) in columns {
        if actual != expected {
            return Err(ChartError::LengthMismatch {
                series: label.to_owned(),
                expected,
                actual,
            });
        }
    }
    Ok(())
}

/// Checks the inputs every chart shares.
fn validate(bands: usize, series: &[Series], size: (u32, u32)) -> Result<(), ChartError> {
    check_size(size)?;
    check_columns(
        series
            .iter()
            .map(|s| (s.label.as_str(), s.values.len(), bands)),
    )
}

/// Exact decimal strings: `normalize` drops trailing zeros and turns -0 into 0
/// so equal amounts always read the same.
fn exact_strings(values: &[Decimal]) -> Vec<String> {
    values.iter().map(|v| v.normalize().to_string()).collect()
}
