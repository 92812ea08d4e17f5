//! Charts as the UI sees them: the drawing (`cloudlens-charts`) plus its
//! geometry and exact values, so the UI adds hover readouts and
//! click-to-filter on top. Converted from the charts crate's plain types.

use serde::Serialize;
use specta::Type;

/// How the bars of a chart are laid out; every kind uses equal-width x bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// One bar per x band, series stacked on top of each other.
    Stacked,
    /// Series side by side within each x band.
    Grouped,
    /// Series as stacked filled areas through the band centres.
    Area,
    /// Each series a line through the band centres.
    Line,
}

/// The plot area inside the SVG, in SVG user units (the SVG's viewBox is
/// `0 0 width height`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
pub struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SeriesView {
    /// The text drawn in the legend, in the UI's language.
    pub label: String,
    /// What the series stands for as the data spells it (a filter value
    /// such as `Alibaba Cloud` whose label is `阿里云`); equal to `label`
    /// unless a label was translated.
    pub key: String,
    /// CSS colour, the same one used in the SVG, so the UI legend matches.
    pub color: String,
    /// Exact decimal strings, one per x band.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ChartView {
    pub kind: ChartKind,
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub plot: PlotArea,
    /// The x bands, left to right: ISO dates for time charts, names otherwise,
    /// as drawn (in the UI's language).
    pub x: Vec<String>,
    /// The same bands as the data spells them, to filter by; equal to `x`
    /// unless a name was translated.
    pub x_keys: Vec<String>,
    pub series: Vec<SeriesView>,
    /// How many of the first `series` stack into a bar's total (0 unless
    /// stacked); a forecast and its ranges after them are not part of it.
    pub stacked: u32,
    pub currency: String,
}

impl ChartView {
    pub(crate) fn of(c: cloudlens_charts::Chart) -> Self {
        use cloudlens_charts::ChartKind as K;
        Self {
            kind: match c.kind {
                K::Stacked => ChartKind::Stacked,
                K::Grouped => ChartKind::Grouped,
                K::Area => ChartKind::Area,
                K::Line => ChartKind::Line,
            },
            svg: c.svg,
            width: c.width,
            height: c.height,
            plot: PlotArea {
                left: c.plot.left,
                top: c.plot.top,
                right: c.plot.right,
                bottom: c.plot.bottom,
            },
            x_keys: c.x.clone(),
            x: c.x,
            series: c
                .series
                .into_iter()
                .map(|s| SeriesView {
                    key: s.label.clone(),
                    label: s.label,
                    color: s.color,
                    values: s.values,
                })
                .collect(),
            stacked: u32::try_from(c.stacked).unwrap_or(u32::MAX),
            currency: c.currency,
        }
    }

    /// The data's own names of the x bands, when the drawn ones are translated.
    pub(crate) fn with_x_keys(mut self, keys: Vec<String>) -> Self {
        if keys.len() == self.x.len() {
            self.x_keys = keys;
        }
        self
    }

    /// The data's own names of the first series, when their labels are translated.
    pub(crate) fn with_series_keys(mut self, keys: Vec<String>) -> Self {
        for (s, k) in self.series.iter_mut().zip(keys) {
            s.key = k;
        }
        self
    }
}
