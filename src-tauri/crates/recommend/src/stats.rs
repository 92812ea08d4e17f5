//! Small statistics over utilisation (floats: ratios, not money) and over
//! daily amounts (exact decimals).

use rust_decimal::Decimal;

/// Nearest-rank percentile (`p` in 0..=100) of `values`; `None` when empty.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    Some(v[rank.min(v.len()) - 1])
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Nearest-rank percentile of exact amounts.
pub fn percentile_dec(values: &[Decimal], p: u32) -> Option<Decimal> {
    let mut v = values.to_vec();
    if v.is_empty() {
        return None;
    }
    v.sort();
    let n = v.len();
    let rank = (n * p as usize).div_ceil(100).max(1);
    Some(v[rank.min(n) - 1])
}

/// Coefficient of variation (standard deviation over mean) of daily amounts,
/// as a float: it only grades confidence.
pub fn variation(values: &[Decimal]) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    let f: Vec<f64> = values.iter().filter_map(|d| d.to_f64()).collect();
    let Some(m) = mean(&f).filter(|m| *m > 0.0) else {
        return 1.0;
    };
    let var = f.iter().map(|x| (x - m).powi(2)).sum::<f64>() / f.len() as f64;
    var.sqrt() / m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 95.0), Some(19.0));
        assert_eq!(percentile(&v, 100.0), Some(20.0));
        assert_eq!(percentile(&[], 95.0), None);
        let d: Vec<Decimal> = (1..=10).map(Decimal::from).collect();
        assert_eq!(percentile_dec(&d, 10), Some(Decimal::ONE));
        assert_eq!(percentile_dec(&d, 50), Some(Decimal::from(5)));
    }
}
