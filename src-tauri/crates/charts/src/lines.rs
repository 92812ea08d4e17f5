//! Time series as stacked areas or as lines, on the same frame and x bands
//! as the stacked bars (points at band centres), so the UI's hover and
//! click-to-filter arithmetic is the same for every style.

use chrono::NaiveDate;

use crate::chart::{Chart, ChartKind};
use crate::frame::Shape;
use crate::layers::{centre, f, on_bands, Layers};
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
    let kind = match style {
        LineStyle::Area => ChartKind::Area,
        LineStyle::Line => ChartKind::Line,
    };
    line_layers(series, theme, style).finish(kind, days, currency, size, theme)
}

/// The lines or stacked areas of `series`, from the first band on.
pub(crate) fn line_layers(series: &[Series], theme: &Theme, style: LineStyle) -> Layers {
    let colors = Colors::new(theme).for_series(series.iter().map(|s| s.label.as_str()));
    let days = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let mut base = vec![0.0f64; days];
    let mut layers = Layers::default();
    for (s, color) in series.iter().zip(&colors) {
        match style {
            LineStyle::Line => {
                let points = on_bands(&s.values, 0);
                layers.reach_all(points.iter().map(|p| p.1));
                layers.shapes.push(Shape::Line {
                    points,
                    color: *color,
                });
            }
            LineStyle::Area => {
                let lower: Vec<(f64, f64)> = base
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (centre(i), *b))
                    .collect();
                for (b, v) in base.iter_mut().zip(&s.values) {
                    *b += f(v);
                }
                layers.reach_all(base.iter().copied());
                let upper: Vec<(f64, f64)> = base
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (centre(i), *b))
                    .collect();
                layers.shapes.push(Shape::Area {
                    upper,
                    lower,
                    color: *color,
                    opacity: 0.85,
                });
            }
        }
        layers.entry(&s.label, *color, exact_strings(&s.values));
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

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
