//! The frame every bar chart shares: legend, y grid with compact labels, x
//! band labels, zero line. Chart kinds only decide where their bars go (in
//! band/value coordinates); this module maps them to SVG units through
//! plotters' own coordinate system so the bars and the reported `PlotArea`
//! agree exactly.

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::{self, YAxis};
use crate::chart::PlotArea;
use crate::coord::Linear;
use crate::legend::{self, LegendItem};
use crate::text;
use crate::theme::{Colors, Theme};
use crate::ChartError;

/// What the x bands represent, which decides how they are labelled.
pub(crate) enum XAxis<'a> {
    Days(&'a [NaiveDate]),
    Categories(&'a [String]),
}

impl XAxis<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Days(d) => d.len(),
            Self::Categories(c) => c.len(),
        }
    }
}

/// A filled bar in chart coordinates: x in bands (band `i` spans `i..i+1`),
/// y in currency units. Only drawing coordinates are `f64`.
pub(crate) struct Bar {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub color: RGBColor,
}

pub(crate) struct Spec<'a> {
    pub x: XAxis<'a>,
    /// Smallest and largest y any bar reaches (zero is always included).
    pub y_min: f64,
    pub y_max: f64,
    pub legend: Vec<(String, RGBColor)>,
    pub currency: &'a str,
    pub size: (u32, u32),
    pub theme: &'a Theme,
}

const PAD: f64 = 8.0;
/// Legend rows allowed before the rest collapses into "+N" (fewer on short
/// charts, see `render`).
const MAX_LEGEND_ROWS: usize = 2;

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// plotters writes `font-size = size / 1.24` into the SVG; pick the `f64`
/// that comes out as exactly `px` so the markup reads `font-size="12"`.
fn plotters_font_size(px: f64) -> f64 {
    let guess = px * 1.24;
    [
        guess,
        f64::from_bits(guess.to_bits() + 1),
        f64::from_bits(guess.to_bits() - 1),
    ]
    .into_iter()
    .find(|s| s / 1.24 == px)
    .unwrap_or(guess)
}

/// Where everything goes, computed before drawing: there are no font
/// metrics (the webview renders the text), so sizes come from estimates, and
/// tick density and x label spacing depend on the final plot size.
struct Layout {
    font: f64,
    row_h: f64,
    legend: Vec<LegendItem>,
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
    x_label_h: f64,
    y_area: f64,
    y: YAxis,
    currency: String,
    /// Labelled bands, ascending, with their text.
    x_labels: Vec<(usize, String)>,
    /// Bands that start a new month (not the first band).
    separators: Vec<usize>,
}

/// Invisible tick marks: plotters places labels twice this far from the axis.
const TICK: f64 = 4.0;

fn layout(spec: &Spec) -> Layout {
    let theme = spec.theme;
    let (w, h) = (f64::from(spec.size.0), f64::from(spec.size.1));
    // Text is capped relative to the chart so small charts keep a plot area.
    let font = if theme.font_size.is_finite() {
        theme.font_size.min(h / 10.0).min(w / 16.0).clamp(6.0, 48.0)
    } else {
        12.0
    };
    let row_h = (font * 1.5).round();
    // The legend may take at most a quarter of the height.
    let rows_fit = ((h * 0.25 - PAD - font) / row_h).floor().max(0.0) as usize;
    let legend = if theme.legend {
        legend::layout(&spec.legend, PAD, w, font, rows_fit.min(MAX_LEGEND_ROWS))
    } else {
        Vec::new()
    };
    let legend_rows = legend.iter().map(|i| i.row + 1).max().unwrap_or(0);
    // The top tick label is centred on the top grid line: leave it room, and
    // keep it clear of the legend.
    let top = if legend_rows > 0 {
        PAD + legend_rows as f64 * row_h + font
    } else {
        PAD + font / 2.0
    };
    let x_label_h = (2.0 * TICK + font * 1.4).ceil();
    let bottom = 4.0;
    let plot_h = (h - top - x_label_h - bottom).max(1.0);
    let intervals = ((plot_h / 45.0).round() as usize).clamp(2, 6);
    let y = axis::y_axis(spec.y_min, spec.y_max, intervals);
    let y_label_w = y
        .ticks
        .iter()
        .map(|&t| text::width(&y.label(t), font))
        .fold(0.0, f64::max);
    // Rotated currency code, a gap, then the right-aligned tick labels;
    // capped so huge labels on a narrow chart cannot swallow the plot.
    let y_area = (font * 1.2 + 4.0 + y_label_w + 2.0 * TICK)
        .min(w * 0.35)
        .ceil();
    let currency = text::truncate(&text::sanitize(spec.currency), plot_h, font);
    let left = 6.0;
    // Room for half of the last day label, centred on the last band.
    let right = (font * 1.5 + 4.0).ceil();
    let band_px = (w - left - y_area - right).max(1.0) / spec.x.len().max(1) as f64;

    let (x_labels, separators) = match &spec.x {
        XAxis::Days(days) => {
            let min_gap = text::width("00-00", font) + font;
            let labels = axis::day_label_bands(days, band_px, min_gap)
                .into_iter()
                .filter_map(|i| days.get(i).map(|d| (i, axis::day_label(*d))))
                .collect();
            let seps = axis::month_starts(days)
                .into_iter()
                .filter(|&i| i > 0)
                .collect();
            (labels, seps)
        }
        XAxis::Categories(names) => {
            let clean: Vec<String> = names.iter().map(|n| text::sanitize(n)).collect();
            (axis::category_labels(&clean, band_px, font), Vec::new())
        }
    };

    Layout {
        font,
        row_h,
        legend,
        top,
        bottom,
        left,
        right,
        x_label_h,
        y_area,
        y,
        currency,
        x_labels,
        separators,
    }
}

/// Draws the chart and returns the SVG plus the plot area in SVG units.
pub(crate) fn render(spec: &Spec, bars: &[Bar]) -> Result<(String, PlotArea), ChartError> {
    render_with(spec, bars, &[])
}

/// A line or a filled band through points in chart coordinates (x in
/// bands, points at band centres).
pub(crate) enum Shape {
    Line {
        points: Vec<(f64, f64)>,
        color: RGBColor,
    },
    /// The polygon between `upper` (left to right) and `lower` (left to
    /// right), filled at `opacity` (translucent fills read on light and
    /// dark pages alike, since the SVG background is transparent).
    Area {
        upper: Vec<(f64, f64)>,
        lower: Vec<(f64, f64)>,
        color: RGBColor,
        opacity: f64,
    },
}

/// [`render`] with lines and areas drawn over the grid, under the zero line.
pub(crate) fn render_with(
    spec: &Spec,
    bars: &[Bar],
    shapes: &[Shape],
) -> Result<(String, PlotArea), ChartError> {
    let lay = layout(spec);
    let mut svg = String::new();
    let plot = draw(&mut svg, spec, &lay, bars, shapes)?;
    Ok((svg, plot))
}

fn draw(
    svg: &mut String,
    spec: &Spec,
    lay: &Layout,
    bars: &[Bar],
    shapes: &[Shape],
) -> Result<PlotArea, ChartError> {
    let theme = spec.theme;
    let colors = Colors::new(theme);
    let y = &lay.y;
    let family = text::sanitize(&theme.font_family);
    let label_style = TextStyle::from((family.as_str(), plotters_font_size(lay.font)).into_font())
        .color(&colors.text);
    let opacity = if theme.grid_opacity.is_finite() {
        theme.grid_opacity.clamp(0.0, 1.0)
    } else {
        0.3
    };
    let grid_style = colors.grid.mix(opacity).stroke_width(1);
    let x_end = spec.x.len().max(1) as f64;
    let x_keys: Vec<f64> = lay.x_labels.iter().map(|(i, _)| *i as f64 + 0.5).collect();
    let x_fmt = |v: &f64| -> String {
        let band = v.floor() as usize;
        lay.x_labels
            .binary_search_by_key(&band, |(i, _)| *i)
            .ok()
            .and_then(|k| lay.x_labels.get(k))
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let y_fmt = |v: &f64| y.label(*v);

    let root = SVGBackend::with_string(svg, spec.size).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(lay.top)
        .margin_bottom(lay.bottom)
        .margin_left(lay.left)
        .margin_right(lay.right)
        .x_label_area_size(lay.x_label_h)
        .y_label_area_size(lay.y_area)
        .build_cartesian_2d(
            Linear::new(0.0, x_end, x_keys),
            Linear::new(y.lo, y.hi, y.ticks.clone()),
        )
        .map_err(draw_err)?;

    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(grid_style)
        .light_line_style(TRANSPARENT)
        .axis_style(TRANSPARENT)
        .set_all_tick_mark_size(TICK)
        .x_label_style(label_style.clone())
        .y_label_style(label_style.clone())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_desc(lay.currency.as_str())
        .axis_desc_style(label_style.clone())
        .draw()
        .map_err(draw_err)?;

    // Month boundaries: a faint line at the left edge of each month's first
    // band, behind the bars.
    chart
        .draw_series(
            lay.separators
                .iter()
                .map(|&i| PathElement::new(vec![(i as f64, y.lo), (i as f64, y.hi)], grid_style)),
        )
        .map_err(draw_err)?;

    // Bars are mapped through the chart's coordinates but drawn on the root
    // in pixels, so a bar is never narrower than one unit and zero-height
    // slivers are skipped.
    for bar in bars {
        let clamp = |v: f64| v.clamp(y.lo, y.hi);
        let (px0, py0) = chart.backend_coord(&(bar.x0, clamp(bar.y0)));
        let (px1, py1) = chart.backend_coord(&(bar.x1, clamp(bar.y1)));
        if py0 == py1 {
            continue;
        }
        let corners = [(px0, py0), (px1.max(px0 + 1), py1)];
        root.draw(&Rectangle::new(corners, bar.color.filled()))
            .map_err(draw_err)?;
    }

    for shape in shapes {
        let clamp = |&(x, v): &(f64, f64)| (x, v.clamp(y.lo, y.hi));
        match shape {
            Shape::Line { points, color } => {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        points.iter().map(clamp).collect::<Vec<_>>(),
                        color.stroke_width(2),
                    )))
                    .map_err(draw_err)?;
            }
            Shape::Area {
                upper,
                lower,
                color,
                opacity,
            } => {
                let mut ring: Vec<(f64, f64)> = upper.iter().map(clamp).collect();
                ring.extend(lower.iter().rev().map(clamp));
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        ring,
                        color.mix(*opacity).filled(),
                    )))
                    .map_err(draw_err)?;
            }
        }
    }

    // The zero line, over the bars so stacks and credits meet on it.
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (x_end, 0.0)],
            colors.baseline.stroke_width(1),
        )))
        .map_err(draw_err)?;

    let legend_style = label_style.pos(Pos::new(HPos::Left, VPos::Center));
    for item in &lay.legend {
        let cy = (PAD + item.row as f64 * lay.row_h + lay.row_h / 2.0).round() as i32;
        let mut tx = item.x;
        if let Some(color) = item.color {
            let r = (lay.font / 3.0).round() as i32;
            let centre = (item.x.round() as i32 + r, cy);
            root.draw(&Circle::new(centre, r, color.filled()))
                .map_err(draw_err)?;
            tx += lay.font * legend::MARKER_EM;
        }
        let pos = (tx.round() as i32, cy);
        root.draw(&Text::new(item.label.as_str(), pos, legend_style.clone()))
            .map_err(draw_err)?;
    }

    // The plot area exactly as plotters maps band edges 0 and n (the right
    // edge is the plotting area's last pixel column, `x_range.end - 1`),
    // which is what the UI's band arithmetic must match.
    let (l, t) = chart.backend_coord(&(0.0, y.hi));
    let (r, b) = chart.backend_coord(&(x_end, y.lo));
    root.present().map_err(draw_err)?;
    Ok(PlotArea {
        left: f64::from(l),
        top: f64::from(t),
        right: f64::from(r),
        bottom: f64::from(b),
    })
}
