//! What drawing a chart returns: the SVG plus enough geometry and data for a
//! UI to show hover values and map clicks to categories. Plain types: the api
//! turns them into its own view models.

/// How the bars of a chart are laid out; every kind uses equal-width x bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrawnSeries {
    pub label: String,
    /// CSS colour, the same one used in the SVG, so the UI legend matches.
    pub color: String,
    /// Exact decimal strings, one per x band.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub plot: PlotArea,
    /// The x bands, left to right: ISO dates for time charts, names otherwise.
    pub x: Vec<String>,
    pub series: Vec<DrawnSeries>,
    /// How many of the first `series` stack into a bar's total; the series
    /// after them (a forecast and its ranges) are read on their own.
    pub stacked: usize,
    pub currency: String,
}
