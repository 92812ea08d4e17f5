//! A forecast chart: the actual history as a line, then the forecast line
//! with its 95% and 80% bands, on the same day bands as every time chart,
//! and a faint rule where the forecast starts.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind, DrawnSeries};
use crate::frame::{self, Shape, Spec, XAxis};
use crate::text::sanitize;
use crate::theme::{css, Colors, Theme};
use crate::{exact_strings, ChartError, MAX_SIZE, MIN_SIZE};

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

/// `c` blended toward white by `t` (0 = `c`, 1 = white): lighter bands that
/// stay opaque, so the SVG needs no transparency.
pub(crate) fn lighten(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

fn check(c: &ForecastChart, size: (u32, u32)) -> Result<(), ChartError> {
    let (w, h) = size;
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 || w > MAX_SIZE.0 || h > MAX_SIZE.1 {
        return Err(ChartError::InvalidSize {
            width: w,
            height: h,
        });
    }
    let future = c.days.len().saturating_sub(c.history.len());
    let columns = [
        (&c.labels.actual, c.history.len(), c.days.len() - future),
        (&c.labels.forecast, c.mean.len(), future),
        (&c.labels.band80, c.lo80.len(), future),
        (&c.labels.band80, c.hi80.len(), future),
        (&c.labels.band95, c.lo95.len(), future),
        (&c.labels.band95, c.hi95.len(), future),
    ];
    for (label, actual, expected) in columns {
        if actual != expected || c.history.len() > c.days.len() {
            return Err(ChartError::LengthMismatch {
                series: label.clone(),
                expected,
                actual,
            });
        }
    }
    Ok(())
}

/// Values per day band, empty strings where a series has no value.
fn padded(before: usize, values: &[Decimal], after: usize) -> Vec<String> {
    let mut v = vec![String::new(); before];
    v.extend(exact_strings(values));
    v.extend(std::iter::repeat_n(String::new(), after));
    v
}

pub fn forecast_band(
    c: &ForecastChart,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    check(c, size)?;
    let colors = Colors::new(theme);
    let pal = colors.for_series(["actual", "forecast"].into_iter());
    let (actual_color, fc_color) = (pal[0], pal.get(1).copied().unwrap_or(pal[0]));
    let (band80, band95) = (lighten(fc_color, 0.55), lighten(fc_color, 0.8));
    let f = |v: &Decimal| v.to_f64().unwrap_or(0.0);
    let n = c.history.len();
    let x = |i: usize| i as f64 + 0.5;
    let all = c
        .history
        .iter()
        .chain(c.mean)
        .chain(c.lo95)
        .chain(c.hi95)
        .map(f);
    let (y_min, y_max) = all.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let band = |lo: &[Decimal], hi: &[Decimal], color| Shape::Area {
        upper: hi
            .iter()
            .enumerate()
            .map(|(i, v)| (x(n + i), f(v)))
            .collect(),
        lower: lo
            .iter()
            .enumerate()
            .map(|(i, v)| (x(n + i), f(v)))
            .collect(),
        color,
        opacity: 0.85,
    };
    let mut mean_line: Vec<(f64, f64)> = c
        .history
        .last()
        .map(|v| (x(n - 1), f(v)))
        .into_iter()
        .collect();
    mean_line.extend(c.mean.iter().enumerate().map(|(i, v)| (x(n + i), f(v))));
    let mut shapes = vec![band(c.lo95, c.hi95, band95), band(c.lo80, c.hi80, band80)];
    if n > 0 && !c.mean.is_empty() {
        shapes.push(Shape::Line {
            points: vec![(n as f64, y_min), (n as f64, y_max)],
            color: colors.grid,
        });
    }
    shapes.push(Shape::Line {
        points: c
            .history
            .iter()
            .enumerate()
            .map(|(i, v)| (x(i), f(v)))
            .collect(),
        color: actual_color,
    });
    shapes.push(Shape::Line {
        points: mean_line,
        color: fc_color,
    });
    let legend = vec![
        (sanitize(&c.labels.actual), actual_color),
        (sanitize(&c.labels.forecast), fc_color),
        (sanitize(&c.labels.band80), band80),
        (sanitize(&c.labels.band95), band95),
    ];
    let (svg, plot) = frame::render_with(
        &Spec {
            x: XAxis::Days(c.days),
            y_min,
            y_max,
            legend,
            currency: c.currency,
            size,
            theme,
        },
        &[],
        &shapes,
    )?;
    let future = c.mean.len();
    let series = [
        (&c.labels.actual, actual_color, padded(0, c.history, future)),
        (&c.labels.forecast, fc_color, padded(n, c.mean, 0)),
        (&c.labels.band80, band80, padded(n, c.lo80, 0)),
        (&c.labels.band80, band80, padded(n, c.hi80, 0)),
        (&c.labels.band95, band95, padded(n, c.lo95, 0)),
        (&c.labels.band95, band95, padded(n, c.hi95, 0)),
    ];
    Ok(Chart {
        kind: ChartKind::Line,
        svg,
        width: size.0,
        height: size.1,
        plot,
        x: c.days.iter().map(|d| d.to_string()).collect(),
        series: series
            .into_iter()
            .enumerate()
            .map(|(i, (label, color, values))| DrawnSeries {
                label: match i {
                    2 | 4 => format!("{label} ↓"),
                    3 | 5 => format!("{label} ↑"),
                    _ => label.clone(),
                },
                color: css(color),
                values,
            })
            .collect(),
        currency: c.currency.to_owned(),
    })
}
