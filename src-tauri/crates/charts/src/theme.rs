//! Colours and type. Colours are CSS hex strings so the UI can reuse them; the
//! SVG and `DrawnSeries::color` both use the canonical `#RRGGBB` form plotters
//! writes, so the UI legend matches the drawing byte for byte.

use plotters::style::RGBColor;

/// Visual settings for a chart. [`Theme::default`] is the app's light theme;
/// its greys are chosen to stay legible on a dark page too, because the SVG
/// background is transparent (the UI may also override text fill via CSS).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Series colours in assignment order (cycled if there are more series).
    pub palette: Vec<String>,
    /// Reserved for a series labelled "Other", so the long tail never takes
    /// (or shifts) a real colour.
    pub other: String,
    /// Axis labels, legend and axis description.
    pub text: String,
    /// Horizontal grid lines (drawn with `grid_opacity`).
    pub grid: String,
    pub grid_opacity: f64,
    /// The zero line, and month separators (drawn with `grid_opacity`).
    pub baseline: String,
    /// CSS font-family list written into every `<text>`.
    pub font_family: String,
    /// Label font size in SVG user units (px at 1:1 scale).
    pub font_size: f64,
    /// Draw a legend row above the plot. The SVG is self-contained for
    /// reports; the app may turn this off and render its own legend from
    /// `DrawnSeries::color`.
    pub legend: bool,
}

/// Okabe–Ito (colour-blind safe) first, extended with three Paul Tol "muted"
/// colours that stay distinguishable from it; the order keeps adjacent stack
/// segments contrasting.
const PALETTE: [&str; 10] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#009E73", // bluish green
    "#D55E00", // vermillion
    "#56B4E9", // sky blue
    "#CC79A7", // reddish purple
    "#F0E442", // yellow
    "#332288", // indigo
    "#882255", // wine
    "#999933", // olive
];

impl Default for Theme {
    fn default() -> Self {
        Self {
            palette: PALETTE.iter().map(|c| (*c).to_owned()).collect(),
            other: "#A3A3A3".to_owned(),
            text: "#6B7280".to_owned(),
            grid: "#808080".to_owned(),
            grid_opacity: 0.3,
            baseline: "#808080".to_owned(),
            font_family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'PingFang SC', \
                          'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
                .to_owned(),
            font_size: 12.0,
            legend: true,
        }
    }
}

/// True for the long-tail series (in either UI language), which gets the reserved grey.
pub(crate) fn is_other(label: &str) -> bool {
    let label = label.trim();
    label.eq_ignore_ascii_case("other") || label == "其他"
}

/// `#RGB` or `#RRGGBB`; anything else is rejected so a bad theme cannot panic.
pub(crate) fn parse_hex(css: &str) -> Option<RGBColor> {
    let hex = css.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some(RGBColor(r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => Some(RGBColor(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => None,
    }
}

/// The exact string the SVG backend writes for a colour.
pub(crate) fn css(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Theme colours parsed once; unparsable entries fall back to neutral greys.
pub(crate) struct Colors {
    palette: Vec<RGBColor>,
    other: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub baseline: RGBColor,
}

const FALLBACK: RGBColor = RGBColor(0x80, 0x80, 0x80);

impl Colors {
    pub fn new(theme: &Theme) -> Self {
        let parse = |s: &str| parse_hex(s).unwrap_or(FALLBACK);
        let mut palette: Vec<RGBColor> =
            theme.palette.iter().filter_map(|c| parse_hex(c)).collect();
        if palette.is_empty() {
            palette.push(FALLBACK);
        }
        Self {
            palette,
            other: parse(&theme.other),
            text: parse(&theme.text),
            grid: parse(&theme.grid),
            baseline: parse(&theme.baseline),
        }
    }

    /// One colour per series, chosen from the series' label rather than its
    /// rank, so a group keeps its colour across charts and pages: the label's
    /// hash picks a palette slot, and a slot already taken in this chart
    /// passes to the next free one (distinct colours while the palette
    /// lasts). "Other" keeps its own grey and takes no slot.
    pub fn for_series<'a>(&self, labels: impl Iterator<Item = &'a str>) -> Vec<RGBColor> {
        let n = self.palette.len();
        let mut taken = vec![false; n];
        let mut named = 0usize;
        labels
            .map(|label| {
                if is_other(label) {
                    return self.other;
                }
                let start = (stable_hash(label) % n as u64) as usize;
                let slot = if named < n {
                    (0..n)
                        .map(|i| (start + i) % n)
                        .find(|&i| !taken[i])
                        .unwrap_or(start)
                } else {
                    start
                };
                taken[slot] = true;
                named += 1;
                self.palette[slot]
            })
            .collect()
    }
}

/// FNV-1a: the same on every run and machine (std's hasher is seeded).
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_forms() {
        assert_eq!(parse_hex("#0072B2"), Some(RGBColor(0, 0x72, 0xB2)));
        assert_eq!(parse_hex("#fff"), Some(RGBColor(255, 255, 255)));
        assert_eq!(parse_hex("0072B2"), None);
        assert_eq!(parse_hex("#12345"), None);
        assert_eq!(parse_hex("#ggg"), None);
        assert_eq!(parse_hex("#é12"), None);
    }

    #[test]
    fn a_series_keeps_its_colour_whatever_its_rank_and_colours_stay_distinct() {
        let colors = Colors::new(&Theme::default());
        // Their hashes pick slots 6, 8, 2 and 4: no two collide.
        let a = colors.for_series(["ECS", "OSS", "CDN", "Other"].into_iter());
        let b = colors.for_series(["CDN", "VPC", "ECS"].into_iter());
        assert_eq!(a[0], b[2], "ECS");
        assert_eq!(a[2], b[0], "CDN");
        assert_eq!(a[3], colors.other);
        // OSS and RDS share a slot: the second in a chart takes the next
        // free one, so both stay distinct.
        let c = colors.for_series(["OSS", "RDS"].into_iter());
        assert_ne!(c[0], c[1]);
        let many: Vec<String> = (0..10).map(|i| format!("service-{i}")).collect();
        let c = colors.for_series(many.iter().map(String::as_str));
        let distinct: std::collections::HashSet<_> = c.iter().map(|c| (c.0, c.1, c.2)).collect();
        assert_eq!(distinct.len(), 10);
    }

    #[test]
    fn palette_round_trips_through_css() {
        for c in PALETTE {
            assert_eq!(parse_hex(c).map(css).as_deref(), Some(c));
        }
    }

    #[test]
    fn other_is_grey_and_takes_no_slot() {
        let colors = Colors::new(&Theme::default());
        let alone = colors.for_series(["AWS", "Azure"].into_iter());
        let got = colors.for_series(["AWS", "Other", "Azure"].into_iter());
        assert_eq!(got, vec![alone[0], colors.other, alone[1]]);
    }

    #[test]
    fn empty_palette_does_not_panic() {
        let theme = Theme {
            palette: vec!["nonsense".into()],
            ..Theme::default()
        };
        let colors = Colors::new(&theme);
        assert_eq!(colors.for_series(["a", "b"].into_iter()).len(), 2);
    }
}
