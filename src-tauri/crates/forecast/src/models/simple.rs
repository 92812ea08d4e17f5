//! The benchmarks every method must beat.

pub(crate) fn naive(y: &[f64], h: usize) -> Vec<f64> {
    vec![y.last().copied().unwrap_or(0.0); h]
}

/// The same weekday of the last full week; naive when under a week.
pub(crate) fn seasonal_naive(y: &[f64], h: usize) -> Vec<f64> {
    if y.len() < 7 {
        return naive(y, h);
    }
    let last_week = &y[y.len() - 7..];
    (0..h).map(|i| last_week[i % 7]).collect()
}
