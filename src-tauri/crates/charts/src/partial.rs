//! Marking an incomplete last period: diagonal hatching over its band, so a
//! month the data stops in reads as "not over yet" rather than as a drop.

use crate::chart::Chart;
use crate::theme::{css, Colors, Theme};

const PATTERN: &str = "cl-partial-hatch";

/// Hatches the band of x position `band` over the plot, lightening what is
/// drawn there. A band outside the chart leaves it unchanged.
pub fn mark_partial(chart: &mut Chart, band: usize, theme: &Theme) {
    let bands = chart.x.len();
    if band >= bands {
        return;
    }
    let p = chart.plot;
    let w = (p.right - p.left) / bands as f64;
    let x = p.left + w * band as f64;
    let overlay = format!(
        "<defs><pattern id=\"{PATTERN}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{bg}\" \
         fill-opacity=\"0.35\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{fg}\" \
         stroke-width=\"2\" stroke-opacity=\"0.45\"/></pattern></defs>\
         <rect class=\"partial-period\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{w:.1}\" \
         height=\"{h:.1}\" fill=\"url(#{PATTERN})\"/>",
        bg = "#ffffff",
        fg = css(Colors::new(theme).text),
        top = p.top,
        h = p.bottom - p.top,
    );
    match chart.svg.rfind("</svg>") {
        Some(end) => chart.svg.insert_str(end, &overlay),
        None => chart.svg.push_str(&overlay),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{stacked_daily_with_theme, Series, DAILY_SIZE};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    #[test]
    fn the_last_band_is_hatched_inside_the_svg() {
        let days: Vec<NaiveDate> = (1..=3)
            .map(|d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap())
            .collect();
        let series = [Series::new("EC2", vec![Decimal::ONE; 3])];
        let theme = Theme::default();
        let mut chart =
            stacked_daily_with_theme(&days, &series, "USD", DAILY_SIZE, &theme).unwrap();
        let before = chart.svg.clone();
        mark_partial(&mut chart, 5, &theme);
        assert_eq!(chart.svg, before, "no such band");
        mark_partial(&mut chart, 2, &theme);
        assert!(chart.svg.contains("class=\"partial-period\""));
        assert!(chart.svg.trim_end().ends_with("</svg>"));
    }
}
