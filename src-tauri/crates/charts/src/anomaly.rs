//! One scope's daily spend around an anomaly: the expected band (the range
//! outside which a day is anomalous), the expected line, the actual line,
//! and the anomaly's days shaded, on the same frame and x bands as every
//! other time chart.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind};
use crate::frame::Shape;
use crate::layers::{centre, f, on_bands, Layers};
use crate::theme::Theme;
use crate::{exact_strings, validate, ChartError, Series};

/// What the chart shows; every vector has one value per day.
pub struct AnomalyChart<'a> {
    pub days: &'a [NaiveDate],
    pub actual: &'a [Decimal],
    /// `None` where the detector had too little history to judge.
    pub expected: &'a [Option<Decimal>],
    pub lower: &'a [Option<Decimal>],
    pub upper: &'a [Option<Decimal>],
    /// Band indices of the anomaly's first and last day.
    pub anomaly: (usize, usize),
    pub currency: &'a str,
    /// Legend labels: actual, expected, expected range, anomaly.
    pub labels: [&'a str; 4],
}

/// Okabe–Ito blue and vermillion, and a grey; the band and the marked days
/// are translucent so they read on light and dark pages alike.
const ACTUAL: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const EXPECTED: RGBColor = RGBColor(0x80, 0x80, 0x80);
const BAND: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
const MARK: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const BAND_OPACITY: f64 = 0.25;
const MARK_OPACITY: f64 = 0.2;

/// Runs of consecutive days where `v` is known, as (index, value) points.
fn runs(v: &[Option<Decimal>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, x) in v.iter().enumerate() {
        match x {
            Some(x) => cur.push((centre(i), f(x))),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn anomaly_chart(
    c: &AnomalyChart,
    size: (u32, u32),
    theme: &Theme,
) -> Result<Chart, ChartError> {
    let n = c.days.len();
    let known = |label: &str, v: &[Option<Decimal>]| {
        Series::new(label, v.iter().map(|x| x.unwrap_or_default()).collect())
    };
    let series = [
        Series::new(c.labels[0], c.actual.to_vec()),
        known(c.labels[1], c.expected),
        known(&format!("{} ↓", c.labels[2]), c.lower),
        known(&format!("{} ↑", c.labels[2]), c.upper),
    ];
    validate(n, &series, size)?;
    let mut layers = Layers::default();
    layers.reach_all(
        c.actual
            .iter()
            .chain(c.lower.iter().chain(c.upper).flatten())
            .map(f),
    );
    let (y_min, y_max) = layers.y_range();
    if n > 0 {
        let (a, b) = (c.anomaly.0.min(n - 1), c.anomaly.1.min(n - 1));
        let (x0, x1) = (a as f64, b.max(a) as f64 + 1.0);
        layers.shapes.push(Shape::Area {
            upper: vec![(x0, y_max), (x1, y_max)],
            lower: vec![(x0, y_min), (x1, y_min)],
            color: MARK,
            opacity: MARK_OPACITY,
        });
    }
    for (lower, upper) in runs(c.lower).into_iter().zip(runs(c.upper)) {
        layers.shapes.push(Shape::Area {
            upper,
            lower,
            color: BAND,
            opacity: BAND_OPACITY,
        });
    }
    for points in runs(c.expected) {
        layers.shapes.push(Shape::Line {
            points,
            color: EXPECTED,
        });
    }
    layers.shapes.push(Shape::Line {
        points: on_bands(c.actual, 0),
        color: ACTUAL,
    });
    for (label, color) in c.labels.iter().zip([ACTUAL, EXPECTED, BAND, MARK]) {
        layers.legend(label, color);
    }
    for (s, color) in series.iter().zip([ACTUAL, EXPECTED, BAND, BAND]) {
        layers.hover(s.label.clone(), color, exact_strings(&s.values));
    }
    layers.finish(ChartKind::Line, c.days, c.currency, size, theme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::css;

    #[test]
    fn the_band_lines_and_marked_days_are_drawn() {
        let days: Vec<NaiveDate> = (1..=10)
            .filter_map(|d| NaiveDate::from_ymd_opt(2026, 3, d))
            .collect();
        let actual: Vec<Decimal> = (0..10)
            .map(|i| Decimal::from(if i == 7 { 300 } else { 100 }))
            .collect();
        let expected: Vec<Option<Decimal>> = (0..10)
            .map(|i| (i > 1).then(|| Decimal::from(100)))
            .collect();
        let lower: Vec<Option<Decimal>> = expected
            .iter()
            .map(|e| e.map(|v| v - Decimal::from(20)))
            .collect();
        let upper: Vec<Option<Decimal>> = expected
            .iter()
            .map(|e| e.map(|v| v + Decimal::from(20)))
            .collect();
        let v = anomaly_chart(
            &AnomalyChart {
                days: &days,
                actual: &actual,
                expected: &expected,
                lower: &lower,
                upper: &upper,
                anomaly: (7, 7),
                currency: "USD",
                labels: ["Actual", "Expected", "Expected range", "Anomaly"],
            },
            crate::DAILY_SIZE,
            &Theme::default(),
        )
        .unwrap();
        assert_eq!(v.series.len(), 4);
        assert_eq!(v.series[0].values[7], "300");
        assert_eq!(v.series[1].values[0], "0");
        assert!(v.svg.contains("<polygon"));
        assert!(v.svg.contains(&css(MARK)), "the anomaly's days are marked");
        assert!(v.svg.contains(&css(BAND)), "the expected range is drawn");
    }
}
