//! Legend layout: entries flow left to right above the plot and wrap; what
//! does not fit collapses into "+N" so a long series list never eats the
//! plot.

use plotters::style::RGBColor;

use crate::text;

/// One laid-out entry. `color` is `None` for the "+N" summary.
pub(crate) struct LegendItem {
    /// Left edge of the marker (or of the text for "+N").
    pub x: f64,
    pub row: usize,
    pub label: String,
    pub color: Option<RGBColor>,
}

/// Space from a marker's left edge to its text, in ems.
pub(crate) const MARKER_EM: f64 = 1.1;

/// Lays out `entries` within `left..width - left`, using at most `max_rows`.
pub(crate) fn layout(
    entries: &[(String, RGBColor)],
    left: f64,
    width: f64,
    font: f64,
    max_rows: usize,
) -> Vec<LegendItem> {
    if max_rows == 0 {
        return Vec::new();
    }
    let gap = font * 1.3;
    let more_w = text::width("+999", font);
    let mut items = Vec::new();
    let (mut x, mut row) = (left, 0usize);
    for (i, (label, color)) in entries.iter().enumerate() {
        let label = text::truncate(label, font * 16.0, font);
        let w = font * MARKER_EM + text::width(&label, font);
        let last_row = row + 1 >= max_rows;
        // On the last row, keep room for "+N" unless this is the last entry.
        let reserve = if last_row && i + 1 < entries.len() {
            gap + more_w
        } else {
            0.0
        };
        // `x > left`: a row always takes at least one entry.
        if x + w + reserve > width - left && x > left {
            if last_row {
                items.push(LegendItem {
                    x,
                    row,
                    label: format!("+{}", entries.len() - i),
                    color: None,
                });
                return items;
            }
            row += 1;
            x = left;
        }
        items.push(LegendItem {
            x,
            row,
            label,
            color: Some(*color),
        });
        x += w + gap;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<(String, RGBColor)> {
        (0..n)
            .map(|i| (format!("Series {i}"), RGBColor(0, 0, 0)))
            .collect()
    }

    #[test]
    fn wraps_then_summarises() {
        let items = layout(&entries(40), 8.0, 480.0, 12.0, 2);
        assert_eq!(items.iter().map(|i| i.row).max(), Some(1));
        let last = items.last().map(|i| (i.label.clone(), i.color));
        let shown = items.iter().filter(|i| i.color.is_some()).count();
        assert_eq!(last, Some((format!("+{}", 40 - shown), None)));
        for i in &items {
            assert!(i.x + text::width(&i.label, 12.0) <= 480.0, "{}", i.label);
        }
    }

    #[test]
    fn few_entries_fit_one_row() {
        let items = layout(&entries(2), 8.0, 480.0, 12.0, 2);
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.row == 0 && i.color.is_some()));
        assert!(layout(&entries(2), 8.0, 480.0, 12.0, 0).is_empty());
    }
}
