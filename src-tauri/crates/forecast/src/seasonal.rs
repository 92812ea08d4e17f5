//! The weekly cycle: whether a series has one, and its additive day-of-week
//! indices from a classical decomposition.

/// Whether the lag-7 autocorrelation is significant at 90% (the test the
/// M4 benchmarks use to decide on seasonal adjustment).
pub(crate) fn is_weekly(y: &[f64]) -> bool {
    let n = y.len();
    if n < 21 {
        return false;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let var: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    if var <= 0.0 {
        return false;
    }
    let d: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let acf = |k: usize| -> f64 { d[k..].iter().zip(&d).map(|(a, b)| a * b).sum::<f64>() / var };
    let r: Vec<f64> = (1..=7).map(acf).collect();
    let sum_sq: f64 = r[..6].iter().map(|x| x * x).sum();
    let limit = 1.645 * ((1.0 + 2.0 * sum_sq) / n as f64).sqrt();
    r[6].abs() > limit
}

/// Additive weekly indices (summing to zero), indexed by `t % 7` where `t`
/// is the position in `y`: the mean deviation of each weekday from a
/// centred 7-day moving average.
pub(crate) fn weekly_indices(y: &[f64]) -> [f64; 7] {
    let n = y.len();
    let mut sums = [0.0f64; 7];
    let mut counts = [0usize; 7];
    if n < 7 {
        return [0.0; 7];
    }
    let mut window: f64 = y[..7].iter().sum();
    for centre in 3..n - 3 {
        if centre > 3 {
            window += y[centre + 3] - y[centre - 4];
        }
        sums[centre % 7] += y[centre] - window / 7.0;
        counts[centre % 7] += 1;
    }
    let mut idx = [0.0f64; 7];
    for k in 0..7 {
        if counts[k] > 0 {
            idx[k] = sums[k] / counts[k] as f64;
        }
    }
    let mean = idx.iter().sum::<f64>() / 7.0;
    idx.map(|v| v - mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekend_dip_is_found_and_measured() {
        let y: Vec<f64> = (0..70)
            .map(|t| if t % 7 >= 5 { 40.0 } else { 100.0 } + (t as f64 * 0.7).sin())
            .collect();
        assert!(is_weekly(&y));
        let idx = weekly_indices(&y);
        assert!((idx[5] - (40.0 - (5.0 * 100.0 + 2.0 * 40.0) / 7.0)).abs() < 2.0);
        let flat: Vec<f64> = (0..70)
            .map(|t| ((t * 7919 + t * t * 31) % 17) as f64)
            .collect();
        assert!(!is_weekly(&flat));
    }
}
