//! Time series as stacked areas or as lines, on the same frame and x bands
//! as the stacked bars (points at band centres), so the UI's hover and
//! click-to-filter arithmetic is the same for every style.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind, DrawnSeries};
use crate::frame::{self, Shape, Spec, XAxis};
use crate::text::sanitize;
use crate::theme::{Colors, Theme};
use crate::{exact_strings, validate, ChartError, Series};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    /// Series stacked as filled areas (each on top of the ones before).
    Area,
    /// Each series its own line.
    Line,
}

pub fn time_lines(
    days: &[NaiveDate],
    series: &[Series],
    currency: &str,
    size: (u32, u32),
    theme: &Theme,
    style: LineStyle,
) -> Result<Chart, ChartError> {
    validate(days.len(), series, size)?;
    let colors = Colors::new(theme).for_series(series.iter().map(|s| s.label.as_str()));
    let f = |v: &Decimal| v.to_f64().unwrap_or(0.0);
    let mut base = vec![0.0f64; days.len()];
    let (mut y_min, mut y_max) = (0.0f64, 0.0f64);
    let mut shapes = Vec::new();
    for (s, color) in series.iter().zip(&colors) {
        let x = |i: usize| i as f64 + 0.5;
        match style {
            LineStyle::Line => {
                let points: Vec<(f64, f64)> = s
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (x(i), f(v)))
                    .collect();
                for p in &points {
                    y_min = y_min.min(p.1);
                    y_max = y_max.max(p.1);
                }
                shapes.push(Shape::Line {
                    points,
                    color: *color,
                });
            }
            LineStyle::Area => {
                let lower: Vec<(f64, f64)> =
                    base.iter().enumerate().map(|(i, b)| (x(i), *b)).collect();
                for (b, v) in base.iter_mut().zip(&s.values) {
                    *b += f(v);
                    y_min = y_min.min(*b);
                    y_max = y_max.max(*b);
                }
                let upper: Vec<(f64, f64)> =
                    base.iter().enumerate().map(|(i, b)| (x(i), *b)).collect();
                shapes.push(Shape::Area {
                    upper,
                    lower,
                    color: *color,
                    opacity: 0.85,
                });
            }
        }
    }
    let legend = series
        .iter()
        .zip(&colors)
        .map(|(s, c)| (sanitize(&s.label), *c))
        .collect();
    let (svg, plot) = frame::render_with(
        &Spec {
            x: XAxis::Days(days),
            y_min,
            y_max,
            legend,
            currency,
            size,
            theme,
        },
        &[],
        &shapes,
    )?;
    Ok(Chart {
        kind: match style {
            LineStyle::Area => ChartKind::Area,
            LineStyle::Line => ChartKind::Line,
        },
        svg,
        width: size.0,
        height: size.1,
        plot,
        x: days.iter().map(|d| d.to_string()).collect(),
        series: series
            .iter()
            .zip(&colors)
            .map(|(s, c)| DrawnSeries {
                label: s.label.clone(),
                color: crate::theme::css(*c),
                values: exact_strings(&s.values),
            })
            .collect(),
        currency: currency.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_and_line_share_the_band_geometry_of_bars() {
        let days: Vec<NaiveDate> = (1..=5)
            .filter_map(|d| NaiveDate::from_ymd_opt(2026, 3, d))
            .collect();
        let series = vec![
            Series::new("a", (1..=5).map(Decimal::from).collect()),
            Series::new("b", vec![Decimal::from(2); 5]),
        ];
        let bars = crate::stacked_daily(&days, &series, "USD", crate::DAILY_SIZE).unwrap();
        for style in [LineStyle::Area, LineStyle::Line] {
            let v = time_lines(
                &days,
                &series,
                "USD",
                crate::DAILY_SIZE,
                &Theme::default(),
                style,
            )
            .unwrap();
            assert_eq!(v.plot, bars.plot, "{style:?}");
            assert_eq!(v.series[0].values, vec!["1", "2", "3", "4", "5"]);
            assert!(
                v.svg.contains(if style == LineStyle::Area {
                    "<polygon"
                } else {
                    "<polyline"
                }),
                "{style:?}"
            );
        }
    }
}
