//! Small robust statistics over slices the caller may reorder.

/// The median of `v` (reordered in place); `None` when empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *m;
    if v.len() % 2 == 1 {
        return Some(upper);
    }
    let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// Scale of values centred on zero: 1.4826 × median |v|, which estimates a
/// normal standard deviation and ignores a minority of outliers.
pub fn scale_around_zero(v: &mut [f64]) -> Option<f64> {
    for x in v.iter_mut() {
        *x = x.abs();
    }
    median(v).map(|m| 1.4826 * m)
}

pub fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

pub fn std_dev(v: &[f64]) -> Option<f64> {
    let m = mean(v)?;
    (v.len() > 1)
        .then(|| (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_lengths() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn scale_ignores_a_few_outliers() {
        let mut v = vec![0.01, -0.01, 0.02, -0.02, 0.01, 5.0];
        let s = scale_around_zero(&mut v).unwrap();
        assert!(s < 0.03, "{s}");
    }
}
