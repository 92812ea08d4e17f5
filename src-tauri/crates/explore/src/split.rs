//! Exact splits: parts in proportion to weights that add up to the whole to
//! the nano-unit (largest remainders get the leftover nano-units).

/// Splits `amount` in proportion to `weights` (non-negative). When every
/// weight is zero the split is even.
pub fn split_exact(amount: i128, weights: &[i128]) -> Vec<i128> {
    if weights.is_empty() {
        return Vec::new();
    }
    let total: i128 = weights.iter().map(|w| (*w).max(0)).sum();
    let even = total == 0;
    let weight = |w: i128| if even { 1 } else { w.max(0) };
    let total = if even { weights.len() as i128 } else { total };
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let product = amount * weight(*w);
        parts.push(product / total);
        remainders.push(((product % total).abs(), i));
    }
    let mut left = amount - parts.iter().sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let step = left.signum();
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        parts[i] += step;
        left -= step;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_add_up_to_the_whole() {
        for amount in [100i128, -100, 1, -7, 999_999_999_999, 0] {
            for weights in [vec![1, 1, 1], vec![3, 0, 5], vec![0, 0], vec![7]] {
                let parts = split_exact(amount, &weights);
                assert_eq!(parts.iter().sum::<i128>(), amount, "{amount} {weights:?}");
            }
        }
        assert_eq!(split_exact(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split_exact(10, &[1, 3]), vec![3, 7]);
    }
}
