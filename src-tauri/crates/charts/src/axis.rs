//! Axis maths: round y ticks with compact labels, and which x bands get a
//! label so labels never overlap. Pure functions, so they are unit tested
//! without drawing.

use chrono::{Datelike, NaiveDate};

use crate::text;

/// A y axis from `lo` to `hi` (both ticks) in steps of `step`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YAxis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
    /// No data to scale to: the ticks only draw a neutral grid.
    pub empty: bool,
}

/// Round tick steps: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    let exp = raw.log10().floor();
    // powi of a negative exponent is less exact than dividing by 10^n.
    let base = if exp < 0.0 {
        1.0 / 10f64.powi(-exp as i32)
    } else {
        10f64.powi(exp as i32)
    };
    let f = raw / base;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * base
}

/// An axis covering `min..=max` and zero (bars grow from zero) with about
/// `target` intervals. Degenerate input (no data, all zeros) gets 0..1 so an
/// empty chart still has a sensible frame.
pub(crate) fn y_axis(min: f64, max: f64, target: usize) -> YAxis {
    let lo0 = if min.is_finite() { min.min(0.0) } else { 0.0 };
    let hi0 = if max.is_finite() { max.max(0.0) } else { 0.0 };
    let span = hi0 - lo0;
    let empty = !(span > 0.0 && span.is_finite());
    let (lo0, hi0, span) = if empty {
        (0.0, 1.0, 1.0)
    } else {
        (lo0, hi0, span)
    };
    let step = nice_step(span / target.max(1) as f64);
    // The epsilon keeps a value sitting exactly on a tick from adding an
    // empty interval because of float noise.
    let lo_k = (lo0 / step + 1e-9).floor();
    let hi_k = (hi0 / step - 1e-9).ceil();
    let ticks: Vec<f64> = (0..=((hi_k - lo_k) as i64).clamp(1, 64))
        .map(|k| (lo_k + k as f64) * step)
        .collect();
    YAxis {
        lo: lo_k * step,
        hi: ticks.last().copied().unwrap_or(hi_k * step),
        step,
        ticks,
        empty,
    }
}

impl YAxis {
    /// The label for a tick; an empty axis labels only zero, since made-up
    /// amounts like "0.2" would suggest data that is not there.
    pub fn label(&self, v: f64) -> String {
        if self.empty && v != 0.0 {
            String::new()
        } else {
            compact(v, self.step)
        }
    }
}

/// Compact tick label ("0", "250", "12k", "1.5M", "2B"). Decimals follow the
/// step so neighbouring ticks never print the same text.
pub(crate) fn compact(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    if a <= step.abs() * 1e-6 {
        return "0".to_owned();
    }
    // Beyond trillions or below micro-units a suffix stops helping.
    if a >= 1e15 || step < 1e-6 {
        return format!("{v:.1e}");
    }
    let close = 1.0 - 1e-9;
    let (unit, suffix) = if a >= 1e12 * close {
        (1e12, "T")
    } else if a >= 1e9 * close {
        (1e9, "B")
    } else if a >= 1e6 * close {
        (1e6, "M")
    } else if a >= 1e3 * close {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let rel = step / unit;
    let decimals = ((-rel.log10()).ceil() + 1.0).clamp(0.0, 12.0) as usize;
    let mut s = format!("{:.*}", decimals, v / unit);
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    s.push_str(suffix);
    s
}

/// Most x labels we want on a time axis, however wide the chart is.
const MAX_DAY_LABELS: usize = 12;

/// Which day bands get an "MM-DD" label. Short ranges label every day or
/// every other day; longer ones anchor on the 1st, 8th, 15th and 22nd (or
/// 1st and 15th) so the labels line up with month boundaries; very long
/// ranges label month starts only. Labels closer than `min_gap_px` are
/// skipped, month starts winning.
pub(crate) fn day_label_bands(days: &[NaiveDate], band_px: f64, min_gap_px: f64) -> Vec<usize> {
    let n = days.len();
    if n == 0 || band_px <= 0.0 || !band_px.is_finite() {
        return Vec::new();
    }
    let need = ((min_gap_px / band_px).ceil() as usize).max(1);
    let step = [1usize, 2, 7, 14]
        .into_iter()
        .find(|&k| k >= need && n.div_ceil(k) <= MAX_DAY_LABELS);

    let candidates: Vec<usize> = match step {
        Some(k @ (1 | 2)) => (0..n).step_by(k).collect(),
        other => {
            // Weekly or fortnightly, counted from the 1st of each month.
            let anchors: &[u32] = match other {
                Some(7) => &[8, 15, 22, 29],
                Some(14) => &[15, 29],
                _ => &[],
            };
            month_starts(days)
                .into_iter()
                .chain((0..n).filter(|&i| anchors.contains(&days[i].day())))
                .chain(std::iter::once(0))
                .collect()
        }
    };

    let mut picked: Vec<usize> = Vec::new();
    for i in candidates {
        if picked.iter().all(|&j| i.abs_diff(j) >= need) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked
}

/// Bands where a new month begins: the first band when it is the 1st, and
/// any band whose month differs from the previous band's (so gaps in the
/// data still mark the boundary).
pub(crate) fn month_starts(days: &[NaiveDate]) -> Vec<usize> {
    (0..days.len())
        .filter(|&i| match i.checked_sub(1).and_then(|p| days.get(p)) {
            Some(prev) => (prev.year(), prev.month()) != (days[i].year(), days[i].month()),
            None => days[i].day() == 1,
        })
        .collect()
}

pub(crate) fn day_label(d: NaiveDate) -> String {
    format!("{:02}-{:02}", d.month(), d.day())
}

/// Category labels, truncated with an ellipsis to their band. When a band
/// cannot show a few characters (less is just noise like "a…"), only every
/// k-th band is labelled, with k bands of room; hover still names every band.
pub(crate) fn category_labels(
    names: &[String],
    band_px: f64,
    font_px: f64,
) -> Vec<(usize, String)> {
    if names.is_empty() || band_px <= 0.0 || !band_px.is_finite() {
        return Vec::new();
    }
    let pad = font_px * 0.5;
    let min_px = font_px * 3.5 + pad;
    let every = ((min_px / band_px).ceil() as usize).max(1);
    let room = band_px * every as f64 - pad;
    (0..names.len())
        .step_by(every)
        .map(|i| (i, text::truncate(&names[i], room, font_px)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn days_from(start: NaiveDate, n: usize) -> Vec<NaiveDate> {
        start.iter_days().take(n).collect()
    }

    #[test]
    fn ticks_are_round_and_cover_data() {
        let a = y_axis(0.0, 12_345.0, 5);
        assert_eq!(a.step, 2_500.0);
        assert_eq!(a.lo, 0.0);
        assert_eq!(a.hi, 12_500.0);
        assert_eq!(a.ticks.len(), 6);

        let b = y_axis(-40.0, 100.0, 5);
        assert_eq!(b.step, 50.0);
        assert_eq!((b.lo, b.hi), (-50.0, 100.0));
        assert!(b.ticks.contains(&0.0));
    }

    #[test]
    fn degenerate_ranges_get_a_frame() {
        let single = y_axis(5.0, 5.0, 5);
        assert!(
            !single.empty && single.hi >= 5.0 && single.lo == 0.0,
            "{single:?}"
        );
        for (lo, hi) in [(0.0, 0.0), (f64::NAN, f64::NAN), (f64::INFINITY, 0.0)] {
            let a = y_axis(lo, hi, 5);
            assert!(a.empty && a.hi > a.lo, "{lo} {hi}: {a:?}");
            assert_eq!(a.label(0.0), "0");
            assert_eq!(a.label(a.hi), "");
            assert!(a.ticks.len() >= 2);
        }
    }

    #[test]
    fn huge_and_tiny_ranges() {
        let a = y_axis(0.0, 7.9e28, 5);
        assert!(a.hi >= 7.9e28 && a.ticks.len() <= 8, "{a:?}");
        let b = y_axis(0.0, 1e-28, 5);
        assert!(b.hi >= 1e-28 && b.ticks.len() <= 8, "{b:?}");
    }

    #[test]
    fn compact_labels() {
        assert_eq!(compact(0.0, 2_500.0), "0");
        assert_eq!(compact(12_000.0, 2_000.0), "12k");
        assert_eq!(compact(7_500.0, 2_500.0), "7.5k");
        assert_eq!(compact(1_500_000.0, 500_000.0), "1.5M");
        assert_eq!(compact(1_250_000.0, 250_000.0), "1.25M");
        assert_eq!(compact(1_000_000.0, 250_000.0), "1M");
        assert_eq!(compact(750_000.0, 250_000.0), "750k");
        assert_eq!(compact(-50.0, 50.0), "-50");
        assert_eq!(compact(0.3, 0.1), "0.3");
        assert_eq!(compact(2e9, 1e9), "2B");
        assert_eq!(compact(2e28, 1e28), "2.0e28");
    }

    #[test]
    fn ten_days_label_every_day() {
        let days = days_from(day(2025, 3, 1), 10);
        assert_eq!(
            day_label_bands(&days, 80.0, 44.0),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn ninety_days_anchor_on_month_and_never_overlap() {
        let days = days_from(day(2025, 1, 10), 90);
        let band_px = 880.0 / 90.0;
        let picked = day_label_bands(&days, band_px, 44.0);
        assert!(
            !picked.is_empty() && picked.len() <= MAX_DAY_LABELS,
            "{picked:?}"
        );
        for m in month_starts(&days) {
            assert!(picked.contains(&m), "month start {m} missing: {picked:?}");
        }
        for w in picked.windows(2) {
            assert!((w[1] - w[0]) as f64 * band_px >= 44.0, "{picked:?}");
        }
    }

    #[test]
    fn a_year_labels_months_only() {
        let days = days_from(day(2024, 1, 1), 366);
        let picked = day_label_bands(&days, 2.4, 44.0);
        assert!(picked.iter().all(|&i| days[i].day() == 1), "{picked:?}");
        assert!(picked.len() >= 6, "{picked:?}");
    }

    #[test]
    fn month_starts_with_gaps() {
        let days = vec![day(2025, 1, 30), day(2025, 2, 3), day(2025, 2, 4)];
        assert_eq!(month_starts(&days), vec![1]);
    }

    #[test]
    fn categories_truncate_or_thin_out() {
        let names: Vec<String> = ["AWS", "阿里云计算国际站很长的名字"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let labels = category_labels(&names, 80.0, 12.0);
        assert_eq!(labels[0], (0, "AWS".to_owned()));
        assert!(labels[1].1.ends_with('…'));
        let many: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
        let thin = category_labels(&many, 5.0, 12.0);
        assert!(thin.len() < 100 && thin[0].0 == 0);
    }
}
