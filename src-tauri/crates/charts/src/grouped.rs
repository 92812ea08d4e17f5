//! Categories on x with the series side by side in each band (e.g. last
//! month next to month to date, per provider).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind, DrawnSeries};
use crate::frame::{self, Bar, Spec, XAxis};
use crate::text::sanitize;
use crate::theme::{Colors, Theme};
use crate::{exact_strings, validate, ChartError, Series};

/// Share of a band left empty around its group, so groups read as groups.
const GROUP_GAP: f64 = 0.25;
/// Share of a bar's slot left empty between bars of the same group.
const BAR_GAP: f64 = 0.1;

/// Categories as x bands (names are shown truncated; `Chart::x` keeps
/// them whole), one bar per series within each band, growing from zero
/// (negative values hang below it).
pub fn grouped_bars(
    categories: &[String],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    grouped_bars_with_theme(categories, series, currency, size, &Theme::default())
}

/// [`grouped_bars`] with explicit colours and type.
pub fn grouped_bars_with_theme(
    categories: &[String],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    let keys: Vec<&str> = series.iter().map(|s| s.label.as_str()).collect();
    grouped_bars_keyed(categories, series, &keys, currency, size, theme)
}

/// [`grouped_bars_with_theme`] with each series' colour chosen by `keys`
/// (one per series) rather than by its label, so a translated label keeps
/// the colour it has in every language.
pub fn grouped_bars_keyed(
    categories: &[String],
    series: &[Series],
    keys: &[&str],
    currency: &str,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    validate(categories.len(), series, size)?;
    let keys = series
        .iter()
        .enumerate()
        .map(|(i, s)| keys.get(i).copied().unwrap_or(s.label.as_str()));
    let colors = Colors::new(theme).for_series(keys);

    let slots = series.len().max(1) as f64;
    let slot = (1.0 - GROUP_GAP) / slots;
    let mut bars = Vec::new();
    let (mut y_min, mut y_max) = (0.0f64, 0.0f64);
    for band in 0..categories.len() {
        let start = band as f64 + GROUP_GAP / 2.0;
        for (k, (s, color)) in series.iter().zip(&colors).enumerate() {
            let v = s.values.get(band).copied().unwrap_or(Decimal::ZERO);
            if v.is_zero() {
                continue;
            }
            let f = v.to_f64().unwrap_or(0.0);
            y_min = y_min.min(f);
            y_max = y_max.max(f);
            let x0 = start + k as f64 * slot;
            bars.push(Bar {
                x0: x0 + slot * BAR_GAP / 2.0,
                x1: x0 + slot * (1.0 - BAR_GAP / 2.0),
                y0: 0.0,
                y1: f,
                color: *color,
            });
        }
    }

    let legend = series
        .iter()
        .zip(&colors)
        .map(|(s, c)| (sanitize(&s.label), *c))
        .collect();
    let (svg, plot) = frame::render(
        &Spec {
            x: XAxis::Categories(categories),
            y_min,
            y_max,
            legend,
            currency,
            size,
            theme,
        },
        &bars,
    )?;

    Ok(Chart {
        kind: ChartKind::Grouped,
        svg,
        width: size.0,
        height: size.1,
        plot,
        x: categories.to_vec(),
        series: series
            .iter()
            .zip(&colors)
            .map(|(s, c)| DrawnSeries {
                label: s.label.clone(),
                color: crate::theme::css(*c),
                values: exact_strings(&s.values),
            })
            .collect(),
        stacked: 0,
        currency: currency.to_owned(),
    })
}
