//! Accuracy measures as the M4 competition defines them, shared by the
//! backtest and the benchmark.

/// Mean of |actual − forecast|.
pub fn mae(actual: &[f64], forecast: &[f64]) -> f64 {
    let n = actual.len().min(forecast.len());
    if n == 0 {
        return 0.0;
    }
    actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum::<f64>()
        / n as f64
}

/// Symmetric MAPE in percent (0–200); a day where both are zero counts as
/// a perfect forecast.
pub fn smape(actual: &[f64], forecast: &[f64]) -> f64 {
    let n = actual.len().min(forecast.len());
    if n == 0 {
        return 0.0;
    }
    let total: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| {
            let d = a.abs() + f.abs();
            if d == 0.0 {
                0.0
            } else {
                2.0 * (a - f).abs() / d
            }
        })
        .sum();
    100.0 * total / n as f64
}

/// The MASE denominator: the in-sample mean absolute error of the naive
/// forecast at `lag` (7 for the weekly seasonal naive), or `None` when the
/// history is constant or too short.
pub fn mase_scale(history: &[f64], lag: usize) -> Option<f64> {
    if lag == 0 || history.len() <= lag {
        return None;
    }
    let s = history
        .iter()
        .skip(lag)
        .zip(history)
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        / (history.len() - lag) as f64;
    (s > 0.0 && s.is_finite()).then_some(s)
}

/// Share of `actual` inside `[lo, hi]`, percent.
pub fn coverage(actual: &[f64], lo: &[f64], hi: &[f64]) -> f64 {
    let n = actual.len().min(lo.len()).min(hi.len());
    if n == 0 {
        return 0.0;
    }
    let inside = (0..n)
        .filter(|&i| actual[i] >= lo[i] - 1e-9 && actual[i] <= hi[i] + 1e-9)
        .count();
    100.0 * inside as f64 / n as f64
}

/// The `p` quantile (0–1) of `values`, linear between order statistics.
pub fn quantile(values: &[f64], p: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    quantile_in_place(&mut v, p)
}

/// [`quantile`] of finite values, reordering them: selection rather than a
/// sort, since the backtest takes many medians of long residual series.
pub(crate) fn quantile_in_place(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let pos = p.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos - pos.floor());
    let (_, at, above) = v.select_nth_unstable_by(i, f64::total_cmp);
    let at = *at;
    if frac == 0.0 {
        return at;
    }
    match above.iter().copied().min_by(f64::total_cmp) {
        Some(next) => at + frac * (next - at),
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_match_hand_computed_values() {
        assert!((smape(&[100.0, 0.0], &[50.0, 0.0]) - 33.333_333).abs() < 1e-4);
        assert_eq!(mase_scale(&[1.0, 2.0, 4.0], 1), Some(1.5));
        assert_eq!(mase_scale(&[3.0; 10], 7), None);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), 3.0);
        assert_eq!(coverage(&[1.0, 5.0], &[0.0, 0.0], &[2.0, 2.0]), 50.0);
    }
}
