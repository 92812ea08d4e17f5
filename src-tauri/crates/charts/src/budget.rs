//! A budget's burn chart over its period: spend to date as a cumulative
//! line, then the forecast of the running total with its 80% band, and the
//! budget as a horizontal line, on the same day bands as every time chart.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind, DrawnSeries};
use crate::forecast::lighten;
use crate::frame::{self, Shape, Spec, XAxis};
use crate::text::sanitize;
use crate::theme::{css, Colors, Theme};
use crate::{exact_strings, ChartError, MAX_SIZE, MIN_SIZE};

/// Legend labels, in the caller's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLabels {
    pub actual: String,
    pub forecast: String,
    pub band80: String,
    pub budget: String,
}

/// `days` is every day of the period; `actual` the running total at the end
/// of each day charged so far, then `mean`/`lo80`/`hi80` the forecast
/// running total for each remaining day.
#[derive(Debug, Clone, Copy)]
pub struct BudgetChart<'a> {
    pub days: &'a [NaiveDate],
    pub actual: &'a [Decimal],
    pub mean: &'a [Decimal],
    pub lo80: &'a [Decimal],
    pub hi80: &'a [Decimal],
    pub budget: Decimal,
    pub currency: &'a str,
    pub labels: &'a BudgetLabels,
}

/// The budget line: red-orange from the palette, so it reads as a limit.
const LIMIT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

fn check(c: &BudgetChart, size: (u32, u32)) -> Result<(), ChartError> {
    let (w, h) = size;
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 || w > MAX_SIZE.0 || h > MAX_SIZE.1 {
        return Err(ChartError::InvalidSize {
            width: w,
            height: h,
        });
    }
    let future = c.days.len().saturating_sub(c.actual.len());
    let columns = [
        (&c.labels.actual, c.actual.len(), c.days.len() - future),
        (&c.labels.forecast, c.mean.len(), future),
        (&c.labels.band80, c.lo80.len(), future),
        (&c.labels.band80, c.hi80.len(), future),
    ];
    for (label, actual, expected) in columns {
        if actual != expected || c.actual.len() > c.days.len() {
            return Err(ChartError::LengthMismatch {
                series: label.clone(),
                expected,
                actual,
            });
        }
    }
    Ok(())
}

fn padded(before: usize, values: &[Decimal], after: usize) -> Vec<String> {
    let mut v = vec![String::new(); before];
    v.extend(exact_strings(values));
    v.extend(std::iter::repeat_n(String::new(), after));
    v
}

pub fn budget_burn(c: &BudgetChart, size: (u32, u32), theme: &Theme) -> Result<Chart, ChartError> {
    check(c, size)?;
    let colors = Colors::new(theme);
    let pal = colors.for_series(["actual", "forecast"].into_iter());
    let (actual_color, fc_color) = (pal[0], pal.get(1).copied().unwrap_or(pal[0]));
    let band = lighten(fc_color, 0.6);
    let f = |v: &Decimal| v.to_f64().unwrap_or(0.0);
    let n = c.actual.len();
    let x = |i: usize| i as f64 + 0.5;
    let (y_min, y_max) = c
        .actual
        .iter()
        .chain(c.mean)
        .chain(c.hi80)
        .chain(c.lo80)
        .map(f)
        .chain([f(&c.budget)])
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let y_max = y_max * 1.05;
    let on_days = |vals: &[Decimal], from: usize| -> Vec<(f64, f64)> {
        vals.iter()
            .enumerate()
            .map(|(i, v)| (x(from + i), f(v)))
            .collect()
    };
    // The forecast continues from the last day charged.
    let joined = |vals: &[Decimal]| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = c
            .actual
            .last()
            .map(|v| (x(n - 1), f(v)))
            .into_iter()
            .collect();
        pts.extend(on_days(vals, n));
        pts
    };
    let days = c.days.len().max(1);
    let mut shapes = vec![Shape::Area {
        upper: joined(c.hi80),
        lower: joined(c.lo80),
        color: band,
        opacity: 0.85,
    }];
    shapes.push(Shape::Line {
        points: vec![(0.0, f(&c.budget)), (days as f64, f(&c.budget))],
        color: LIMIT,
    });
    shapes.push(Shape::Line {
        points: on_days(c.actual, 0),
        color: actual_color,
    });
    if !c.mean.is_empty() {
        shapes.push(Shape::Line {
            points: joined(c.mean),
            color: fc_color,
        });
    }
    let legend = vec![
        (sanitize(&c.labels.actual), actual_color),
        (sanitize(&c.labels.forecast), fc_color),
        (sanitize(&c.labels.band80), band),
        (sanitize(&c.labels.budget), LIMIT),
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
    let budget_line = vec![c.budget; c.days.len()];
    let series = [
        (&c.labels.actual, actual_color, padded(0, c.actual, future)),
        (&c.labels.forecast, fc_color, padded(n, c.mean, 0)),
        (&c.labels.band80, band, padded(n, c.lo80, 0)),
        (&c.labels.band80, band, padded(n, c.hi80, 0)),
        (&c.labels.budget, LIMIT, exact_strings(&budget_line)),
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
                    2 => format!("{label} ↓"),
                    3 => format!("{label} ↑"),
                    _ => label.clone(),
                },
                color: css(color),
                values,
            })
            .collect(),
        currency: c.currency.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(i: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + chrono::Duration::days(i)
    }

    #[test]
    fn draws_actual_forecast_band_and_the_budget_line() {
        let days: Vec<NaiveDate> = (0..31).map(d).collect();
        let actual: Vec<Decimal> = (1..=5).map(|i| Decimal::from(i * 100)).collect();
        let mean: Vec<Decimal> = (6..=31).map(|i| Decimal::from(i * 100)).collect();
        let lo: Vec<Decimal> = mean.iter().map(|v| v - Decimal::from(50)).collect();
        let hi: Vec<Decimal> = mean.iter().map(|v| v + Decimal::from(50)).collect();
        let labels = BudgetLabels {
            actual: "Actual".into(),
            forecast: "Forecast".into(),
            band80: "80% range".into(),
            budget: "Budget".into(),
        };
        let chart = budget_burn(
            &BudgetChart {
                days: &days,
                actual: &actual,
                mean: &mean,
                lo80: &lo,
                hi80: &hi,
                budget: Decimal::from(2500),
                currency: "CNY",
                labels: &labels,
            },
            (720, 280),
            &Theme::default(),
        )
        .unwrap();
        assert!(chart.svg.starts_with("<svg"));
        assert_eq!(chart.x.len(), 31);
        assert_eq!(chart.series.len(), 5);
        assert_eq!(chart.series[0].values[4], "500");
        assert_eq!(chart.series[0].values[5], "");
        assert_eq!(chart.series[1].values[30], "3100");
        assert!(chart.series[4].values.iter().all(|v| v == "2500"));
        let short = budget_burn(
            &BudgetChart {
                mean: &mean[1..],
                ..BudgetChart {
                    days: &days,
                    actual: &actual,
                    mean: &mean,
                    lo80: &lo,
                    hi80: &hi,
                    budget: Decimal::from(2500),
                    currency: "CNY",
                    labels: &labels,
                }
            },
            (720, 280),
            &Theme::default(),
        );
        assert!(matches!(short, Err(ChartError::LengthMismatch { .. })));
    }
}
