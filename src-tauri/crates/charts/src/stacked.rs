//! Daily spend as stacked bars, one band per day.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind};
use crate::frame::Bar;
use crate::layers::Layers;
use crate::theme::{Colors, Theme};
use crate::{exact_strings, validate, ChartError, Series};

/// Share of a band left empty between neighbouring bars (half each side);
/// dropped when bands get too narrow for a gap to survive pixel rounding.
const GAP: f64 = 0.2;

/// Daily time series as stacked bars; `days` are the x bands, left to right.
/// Positive values stack up from zero and negative ones (credits) down from
/// zero, each in series order, so a series keeps its place in every stack.
pub fn stacked_daily(
    days: &[NaiveDate],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    stacked_daily_with_theme(days, series, currency, size, &Theme::default())
}

/// [`stacked_daily`] with explicit colours and type.
pub fn stacked_daily_with_theme(
    days: &[NaiveDate],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    validate(days.len(), series, size)?;
    stacked_layers(series, days.len(), size, theme).finish(
        ChartKind::Stacked,
        days,
        currency,
        size,
        theme,
    )
}

/// The bars of `series` (one value per band from the first) on a chart of
/// `bands` bands.
pub(crate) fn stacked_layers(
    series: &[Series],
    bands: usize,
    size: (u32, u32),
    theme: &Theme,
) -> Layers {
    let colors = Colors::new(theme).for_series(series.iter().map(|s| s.label.as_str()));
    let plot_px = f64::from(size.0) * 0.85;
    let gap = if plot_px / (bands.max(1) as f64) < 4.0 {
        0.0
    } else {
        GAP / 2.0
    };
    let mut layers = Layers::default();
    let days = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    for day in 0..days {
        // f64 sums are for placing pixels only; they cannot overflow the way
        // Decimal addition can with extreme inputs.
        let (mut up, mut down) = (0.0f64, 0.0f64);
        for (s, color) in series.iter().zip(&colors) {
            let v = s.values.get(day).copied().unwrap_or(Decimal::ZERO);
            if v.is_zero() {
                continue;
            }
            let f = v.to_f64().unwrap_or(0.0);
            let base = if f > 0.0 { &mut up } else { &mut down };
            let (y0, y1) = (*base, *base + f);
            *base = y1;
            layers.bars.push(Bar {
                x0: day as f64 + gap,
                x1: day as f64 + 1.0 - gap,
                y0,
                y1,
                color: *color,
            });
        }
        layers.reach(up);
        layers.reach(down);
    }
    for (s, c) in series.iter().zip(&colors) {
        layers.entry(&s.label, *c, exact_strings(&s.values));
    }
    layers.stacked = series.len();
    layers
}
