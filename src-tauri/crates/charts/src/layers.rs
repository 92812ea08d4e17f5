//! What a day chart draws before the shared frame renders it: bars, lines
//! and bands in band/value coordinates, the y range they reach, the legend,
//! and the hover values. Every time chart fills one and calls `finish`, so
//! the frame, the geometry handed back and the padding of hover values to
//! every band are written once.

use chrono::NaiveDate;
use plotters::style::RGBColor;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::chart::{Chart, ChartKind, DrawnSeries};
use crate::frame::{self, Bar, Shape, Spec, XAxis};
use crate::text::sanitize;
use crate::theme::{css, Theme};
use crate::{exact_strings, ChartError};

/// Drawing coordinate of an amount (pixels only; money stays `Decimal`).
pub(crate) fn f(v: &Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// The centre of band `i`, where line points sit.
pub(crate) fn centre(i: usize) -> f64 {
    i as f64 + 0.5
}

/// `values` as points at the centres of the bands from `from` on.
pub(crate) fn on_bands(values: &[Decimal], from: usize) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (centre(from + i), f(v)))
        .collect()
}

/// Hover values for a series that starts at band `before`: blanks first.
pub(crate) fn blank_then(before: usize, values: &[Decimal]) -> Vec<String> {
    let mut v = vec![String::new(); before];
    v.extend(exact_strings(values));
    v
}

#[derive(Default)]
pub(crate) struct Layers {
    pub bars: Vec<Bar>,
    pub shapes: Vec<Shape>,
    y_min: f64,
    y_max: f64,
    legend: Vec<(String, RGBColor)>,
    series: Vec<DrawnSeries>,
    /// Leading `series` that stack into a bar's total.
    pub stacked: usize,
}

impl Layers {
    /// Widens the y range to take `v` (zero is always in it).
    pub fn reach(&mut self, v: f64) {
        self.y_min = self.y_min.min(v);
        self.y_max = self.y_max.max(v);
    }

    pub fn reach_all(&mut self, values: impl IntoIterator<Item = f64>) {
        for v in values {
            self.reach(v);
        }
    }

    /// Leaves headroom above the highest value (a limit line on the top edge
    /// would be hard to see).
    pub fn headroom(&mut self, factor: f64) {
        self.y_max *= factor;
    }

    pub fn y_range(&self) -> (f64, f64) {
        (self.y_min, self.y_max)
    }

    pub fn legend(&mut self, label: &str, color: RGBColor) {
        self.legend.push((sanitize(label), color));
    }

    /// Hover values of one series (one per band from the first; `finish`
    /// pads the rest with blanks).
    pub fn hover(&mut self, label: impl Into<String>, color: RGBColor, values: Vec<String>) {
        self.series.push(DrawnSeries {
            label: label.into(),
            color: css(color),
            values,
        });
    }

    /// A series both in the legend and in the hover values.
    pub fn entry(&mut self, label: &str, color: RGBColor, values: Vec<String>) {
        self.legend(label, color);
        self.hover(label, color, values);
    }

    pub fn finish(
        mut self,
        kind: ChartKind,
        days: &[NaiveDate],
        currency: &str,
        size: (u32, u32),
        theme: &Theme,
    ) -> Result<Chart, ChartError> {
        let (svg, plot) = frame::render_with(
            &Spec {
                x: XAxis::Days(days),
                y_min: self.y_min,
                y_max: self.y_max,
                legend: self.legend,
                currency,
                size,
                theme,
            },
            &self.bars,
            &self.shapes,
        )?;
        for s in &mut self.series {
            s.values.resize(days.len(), String::new());
        }
        Ok(Chart {
            kind,
            svg,
            width: size.0,
            height: size.1,
            plot,
            x: days.iter().map(|d| d.to_string()).collect(),
            series: self.series,
            stacked: self.stacked,
            currency: currency.to_owned(),
        })
    }
}
