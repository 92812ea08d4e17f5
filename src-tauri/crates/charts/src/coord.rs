//! A linear `f64` coordinate with caller-chosen key points. plotters' own
//! `f64` coordinate cannot drive the mesh once custom key points are bound
//! (its values have no default formatter), and its automatic key points
//! assert on NaN; this one maps exactly like it but never panics.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

pub(crate) struct Linear {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Linear {
    pub fn new(lo: f64, hi: f64, keys: Vec<f64>) -> Self {
        Self { lo, hi, keys }
    }
}

impl Ranged for Linear {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    /// Same arithmetic as plotters' `RangedCoordf64::map`, so band edges land
    /// on the same pixels plotters would choose.
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span == 0.0 || !span.is_finite() {
            return (limit.0 + limit.1) / 2;
        }
        let logic = (v - self.lo) / span;
        let actual = f64::from(limit.1 - limit.0);
        if !logic.is_finite() {
            return if logic > 0.0 { limit.1 } else { limit.0 };
        }
        let offset = if actual >= 0.0 {
            (actual * logic + 1e-3).floor()
        } else {
            (actual * logic - 1e-3).ceil()
        };
        // Added in f64 and converted with `as`, which saturates, so absurd
        // values cannot overflow i32 arithmetic.
        (f64::from(limit.0) + offset) as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only "bold" points (labelled ticks and their grid lines); no light
        // minor grid.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_like_plotters() {
        let ours = Linear::new(0.0, 10.0, vec![]);
        let theirs: plotters::coord::types::RangedCoordf64 = (0.0..10.0).into();
        for limit in [(60, 939), (259, 20)] {
            for v in [0.0, 0.5, 3.3, 9.99, 10.0] {
                assert_eq!(ours.map(&v, limit), theirs.map(&v, limit), "{v} {limit:?}");
            }
        }
    }

    #[test]
    fn degenerate_does_not_panic() {
        let nan = Linear::new(f64::NAN, f64::NAN, vec![]);
        assert_eq!(nan.map(&1.0, (0, 100)), 50);
        let flat = Linear::new(1.0, 1.0, vec![]);
        assert_eq!(flat.map(&1.0, (10, 20)), 15);
        let ok = Linear::new(0.0, 1.0, vec![]);
        assert_eq!(ok.map(&f64::MAX, (60, 100)), i32::MAX);
        assert_eq!(ok.map(&f64::MIN, (60, 100)), i32::MIN);
    }
}
