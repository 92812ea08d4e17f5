//! A budget's burn chart over its period: spend to date as a cumulative
//! line, then the forecast of the running total with its 80% band, and the
//! budget as a horizontal line, on the same day bands as every time chart.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind};
use crate::forecast::{band_shape, lighten};
use crate::frame::Shape;
use crate::layers::{blank_then, centre, f, on_bands, Layers};
use crate::theme::{Colors, Theme};
use crate::{check_columns, check_size, exact_strings, ChartError};

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

pub fn budget_burn(c: &BudgetChart, size: (u32, u32), theme: &Theme) -> Result<Chart, ChartError> {
    check_size(size)?;
    let n = c.actual.len();
    let future = c.days.len().saturating_sub(n);
    check_columns([
        (c.labels.actual.as_str(), n, c.days.len() - future),
        (c.labels.forecast.as_str(), c.mean.len(), future),
        (c.labels.band80.as_str(), c.lo80.len(), future),
        (c.labels.band80.as_str(), c.hi80.len(), future),
    ])?;
    let colors = Colors::new(theme);
    let pal = colors.for_series(["actual", "forecast"].into_iter());
    let (actual_color, fc_color) = (pal[0], pal.get(1).copied().unwrap_or(pal[0]));
    let band = lighten(fc_color, 0.6);
    let mut layers = Layers::default();
    layers.reach_all(
        c.actual
            .iter()
            .chain(c.mean)
            .chain(c.hi80)
            .chain(c.lo80)
            .chain([&c.budget])
            .map(f),
    );
    layers.headroom(1.05);
    // The forecast continues from the last day charged.
    let join = c.actual.last().map(|v| (centre(n - 1), f(v)));
    layers
        .shapes
        .push(band_shape(c.lo80, c.hi80, n, join, band, 0.85));
    let days = c.days.len().max(1);
    layers.shapes.push(Shape::Line {
        points: vec![(0.0, f(&c.budget)), (days as f64, f(&c.budget))],
        color: LIMIT,
    });
    layers.shapes.push(Shape::Line {
        points: on_bands(c.actual, 0),
        color: actual_color,
    });
    if !c.mean.is_empty() {
        layers.shapes.push(Shape::Line {
            points: join.into_iter().chain(on_bands(c.mean, n)).collect(),
            color: fc_color,
        });
    }
    layers.entry(&c.labels.actual, actual_color, blank_then(0, c.actual));
    layers.entry(&c.labels.forecast, fc_color, blank_then(n, c.mean));
    layers.legend(&c.labels.band80, band);
    layers.legend(&c.labels.budget, LIMIT);
    let label80 = &c.labels.band80;
    layers.hover(format!("{label80} ↓"), band, blank_then(n, c.lo80));
    layers.hover(format!("{label80} ↑"), band, blank_then(n, c.hi80));
    let budget_line = vec![c.budget; c.days.len()];
    layers.hover(c.labels.budget.clone(), LIMIT, exact_strings(&budget_line));
    layers.finish(ChartKind::Line, c.days, c.currency, size, theme)
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
