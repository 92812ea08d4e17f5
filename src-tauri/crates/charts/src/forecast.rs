//! A forecast chart: the actual history as a line, then the forecast line
//! with its 95% and 80% bands, on the same day bands as every time chart,
//! and a faint rule where the forecast starts. The band itself is drawn by
//! [`draw_band`], which the day charts with a forecast overlay share.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind};
use crate::frame::Shape;
use crate::layers::{blank_then, centre, f, on_bands, Layers};
use crate::lines::{line_layers, LineStyle};
use crate::theme::{Colors, Theme};
use crate::{check_columns, check_size, ChartError, Series};

/// Legend labels, in the caller's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastLabels {
    pub actual: String,
    pub forecast: String,
    pub band80: String,
    pub band95: String,
}

/// `days` covers the history then the forecast; `history` has one value per
/// history day, and each forecast column one value per forecast day.
#[derive(Debug, Clone, Copy)]
pub struct ForecastChart<'a> {
    pub days: &'a [NaiveDate],
    pub history: &'a [Decimal],
    pub mean: &'a [Decimal],
    pub lo80: &'a [Decimal],
    pub hi80: &'a [Decimal],
    pub lo95: &'a [Decimal],
    pub hi95: &'a [Decimal],
    pub currency: &'a str,
    pub labels: &'a ForecastLabels,
}

/// The forecast columns, one value per forecast day each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns<'a> {
    pub mean: &'a [Decimal],
    pub lo80: &'a [Decimal],
    pub hi80: &'a [Decimal],
    pub lo95: &'a [Decimal],
    pub hi95: &'a [Decimal],
}

impl Columns<'_> {
    /// Each column against `expected` days, named by its legend label.
    pub fn check(&self, labels: &ForecastLabels, expected: usize) -> Result<(), ChartError> {
        check_columns([
            (labels.forecast.as_str(), self.mean.len(), expected),
            (labels.band80.as_str(), self.lo80.len(), expected),
            (labels.band80.as_str(), self.hi80.len(), expected),
            (labels.band95.as_str(), self.lo95.len(), expected),
            (labels.band95.as_str(), self.hi95.len(), expected),
        ])
    }
}

/// `c` blended toward white by `t` (0 = `c`, 1 = white): lighter bands that
/// stay opaque, so the SVG needs no transparency.
pub(crate) fn lighten(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The band between `lo` and `hi`, from band `start` on; `join` is the point
/// the band (and the line) continue from, if any.
pub(crate) fn band_shape(
    lo: &[Decimal],
    hi: &[Decimal],
    start: usize,
    join: Option<(f64, f64)>,
    color: RGBColor,
    opacity: f64,
) -> Shape {
    let joined = |v: &[Decimal]| join.into_iter().chain(on_bands(v, start)).collect();
    Shape::Area {
        upper: joined(hi),
        lower: joined(lo),
        color,
        opacity,
    }
}

/// The forecast from band `start`: the 95% and 80% bands (lighter tints of
/// `color`), a faint rule where it starts, the mean line (continuing from
/// `join`), their legend entries and hover values (the bands' edges marked
/// ↓ and ↑).
pub(crate) fn draw_band(
    layers: &mut Layers,
    start: usize,
    c: &Columns,
    labels: &ForecastLabels,
    color: RGBColor,
    join: Option<(f64, f64)>,
    rule: RGBColor,
) {
    let (band80, band95) = (lighten(color, 0.55), lighten(color, 0.8));
    layers.reach_all(c.mean.iter().chain(c.lo95).chain(c.hi95).map(f));
    let (y_min, y_max) = layers.y_range();
    layers
        .shapes
        .push(band_shape(c.lo95, c.hi95, start, None, band95, 0.85));
    layers
        .shapes
        .push(band_shape(c.lo80, c.hi80, start, None, band80, 0.85));
    if start > 0 && !c.mean.is_empty() {
        layers.shapes.push(Shape::Line {
            points: vec![(start as f64, y_min), (start as f64, y_max)],
            color: rule,
        });
    }
    layers.shapes.push(Shape::Line {
        points: join.into_iter().chain(on_bands(c.mean, start)).collect(),
        color,
    });
    layers.entry(&labels.forecast, color, blank_then(start, c.mean));
    layers.legend(&labels.band80, band80);
    layers.legend(&labels.band95, band95);
    for (label, edge, color, values) in [
        (&labels.band80, "↓", band80, c.lo80),
        (&labels.band80, "↑", band80, c.hi80),
        (&labels.band95, "↓", band95, c.lo95),
        (&labels.band95, "↑", band95, c.hi95),
    ] {
        layers.hover(format!("{label} {edge}"), color, blank_then(start, values));
    }
}

pub fn forecast_band(
    c: &ForecastChart,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    check_size(size)?;
    let n = c.history.len();
    let future = c.days.len().saturating_sub(n);
    check_columns([(c.labels.actual.as_str(), n, c.days.len() - future)])?;
    let columns = Columns {
        mean: c.mean,
        lo80: c.lo80,
        hi80: c.hi80,
        lo95: c.lo95,
        hi95: c.hi95,
    };
    columns.check(c.labels, future)?;
    let colors = Colors::new(theme);
    let pal = colors.for_series(["actual", "forecast"].into_iter());
    let fc_color = pal.get(1).copied().unwrap_or(pal[0]);
    let actual = [Series::new(c.labels.actual.clone(), c.history.to_vec())];
    let mut layers = line_layers(&actual, theme, LineStyle::Line);
    // The history line is drawn over the bands, so its shape moves last.
    let history_line = layers.shapes.pop();
    let join = c.history.last().map(|v| (centre(n - 1), f(v)));
    draw_band(
        &mut layers,
        n,
        &columns,
        c.labels,
        fc_color,
        join,
        colors.grid,
    );
    let mean_line = layers.shapes.pop();
    layers
        .shapes
        .extend(history_line.into_iter().chain(mean_line));
    layers.finish(ChartKind::Line, c.days, c.currency, size, theme)
}
