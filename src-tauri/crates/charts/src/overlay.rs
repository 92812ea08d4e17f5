//! A day chart (stacked bars, stacked areas or lines) with the forecast of
//! the charted scope after it: the forecast line and its 80% and 95% bands
//! in a colour no series takes, so forecast and actuals never read alike.

use chrono::{Days, NaiveDate};
use plotters::style::RGBColor;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind};
use crate::forecast::{draw_band, Columns, ForecastLabels};
use crate::lines::{line_layers, LineStyle};
use crate::stacked::stacked_layers;
use crate::theme::{Colors, Theme};
use crate::{validate, ChartError, Series};

/// Tol's purple: outside the series palette, so the forecast never shares a
/// colour with a group.
const FORECAST: RGBColor = RGBColor(0xAA, 0x44, 0x99);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DailyStyle {
    StackedBars,
    Lines(LineStyle),
}

/// The forecast of the whole charted scope from `first_day` on, one value
/// per forecast day in each column.
#[derive(Debug, Clone, Copy)]
pub struct ForecastBand<'a> {
    pub first_day: NaiveDate,
    pub mean: &'a [Decimal],
    pub lo80: &'a [Decimal],
    pub hi80: &'a [Decimal],
    pub lo95: &'a [Decimal],
    pub hi95: &'a [Decimal],
    /// `actual` is not drawn: the series are the actuals.
    pub labels: &'a ForecastLabels,
}

/// `series` over `days` as [`crate::stacked_daily`] or [`crate::time_lines`]
/// draw them, then the band from its first day (a day on the chart, or the
/// day after its last); the x bands run on to the forecast's last day.
pub fn daily_with_forecast(
    days: &[NaiveDate],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
    theme: &Theme,
    style: DailyStyle,
    band: &ForecastBand,
) -> Result<Chart, ChartError> {
    validate(days.len(), series, size)?;
    let columns = Columns {
        mean: band.mean,
        lo80: band.lo80,
        hi80: band.hi80,
        lo95: band.lo95,
        hi95: band.hi95,
    };
    columns.check(band.labels, band.mean.len())?;
    let start = match days.iter().position(|d| *d == band.first_day) {
        Some(i) => i,
        None if days
            .last()
            .and_then(|d| d.succ_opt())
            .is_none_or(|next| next == band.first_day) =>
        {
            days.len()
        }
        None => {
            return Err(ChartError::BandOffChart {
                first_day: band.first_day.to_string(),
            })
        }
    };
    let mut all: Vec<NaiveDate> = days[..start].to_vec();
    all.extend(
        (0..band.mean.len() as u64).filter_map(|i| band.first_day.checked_add_days(Days::new(i))),
    );
    if all.len() < days.len() {
        all.extend_from_slice(&days[all.len()..]);
    }
    let (mut layers, kind) = match style {
        DailyStyle::StackedBars => (
            stacked_layers(series, all.len(), size, theme),
            ChartKind::Stacked,
        ),
        DailyStyle::Lines(line) => (
            line_layers(series, theme, line),
            match line {
                LineStyle::Area => ChartKind::Area,
                LineStyle::Line => ChartKind::Line,
            },
        ),
    };
    let grid = Colors::new(theme).grid;
    draw_band(
        &mut layers,
        start,
        &columns,
        band.labels,
        FORECAST,
        None,
        grid,
    );
    layers.finish(kind, &all, currency, size, theme)
}
