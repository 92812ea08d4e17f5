//! Fixed-point money and quantities. Amounts are i64 micro-units; prices and
//! quantities are mantissas with their own scale, chosen per SKU so that
//! price scale + quantity scale <= 6 and every product is exact in micros.

use rust_decimal::Decimal;

pub const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/// A mantissa and its number of decimal places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fx {
    pub m: i64,
    pub s: u32,
}

impl Fx {
    pub const fn new(m: i64, s: u32) -> Self {
        Fx { m, s }
    }

    pub const fn micros(m: i64) -> Self {
        Fx { m, s: 6 }
    }

    pub fn dec(self) -> Decimal {
        dec(self.m, self.s)
    }
}

/// Decimal with trailing zeros dropped, so `4.608000` reads `4.608` like a bill.
pub fn dec(mut m: i64, mut s: u32) -> Decimal {
    // Three fixed steps strip up to six zeros without a loop.
    if s >= 4 && m % 10_000 == 0 {
        m /= 10_000;
        s -= 4;
    }
    if s >= 2 && m % 100 == 0 {
        m /= 100;
        s -= 2;
    }
    if s >= 1 && m % 10 == 0 {
        m /= 10;
        s -= 1;
    }
    let a = m.unsigned_abs();
    Decimal::from_parts(a as u32, (a >> 32) as u32, 0, m < 0, s)
}

/// `price × qty` in micro-units; exact because the scales add up to at most 6.
pub fn cost(price: Fx, qty: Fx) -> i64 {
    let s = price.s + qty.s;
    debug_assert!(s <= 6, "price scale {} + qty scale {} > 6", price.s, qty.s);
    price.m * qty.m * POW10[(6 - s) as usize]
}

/// Part `idx` of `total` split into `parts` pieces that sum back to `total`
/// exactly: the first `total % parts` pieces carry one extra unit.
pub fn share(total: i64, parts: u32, idx: u32) -> i64 {
    let p = i64::from(parts);
    total / p + i64::from(i64::from(idx) < total % p)
}

/// `x × num / den`, rounded half away from zero.
pub fn ratio(x: i64, num: i64, den: i64) -> i64 {
    let p = i128::from(x) * i128::from(num);
    let d = i128::from(den);
    let q = if p >= 0 {
        (p + d / 2) / d
    } else {
        (p - d / 2) / d
    };
    q as i64
}

/// Rescale a mantissa to `s` places (rounding when dropping digits).
pub fn rescale(x: Fx, s: u32) -> Fx {
    if s >= x.s {
        Fx::new(x.m * POW10[(s - x.s) as usize], s)
    } else {
        Fx::new(ratio(x.m, 1, POW10[(x.s - s) as usize]), s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_the_total() {
        let total = 1_234_567_891;
        assert_eq!((0..31).map(|i| share(total, 31, i)).sum::<i64>(), total);
        assert_eq!((0..365).map(|i| share(7, 365, i)).sum::<i64>(), 7);
    }

    #[test]
    fn decimals_are_exact_and_trimmed() {
        assert_eq!(dec(4_608_000, 6).to_string(), "4.608");
        assert_eq!(dec(-1_500_000, 6).to_string(), "-1.5");
        for (m, s, text) in [
            (5_000_000, 6, "5"),
            (0, 6, "0"),
            (1_000_000, 6, "1"),
            (120, 3, "0.12"),
            (100_000, 6, "0.1"),
            (7, 0, "7"),
        ] {
            assert_eq!(dec(m, s).to_string(), text);
            assert_eq!(dec(m, s), Decimal::new(m, s));
        }
        assert_eq!(cost(Fx::new(1920, 4), Fx::new(24, 0)), 4_608_000);
        assert_eq!(cost(Fx::new(23, 3), Fx::new(166_667, 3)), 3_833_341);
        assert_eq!(ratio(-5, 1, 2), -3);
        assert_eq!(rescale(Fx::new(1389, 6), 4), Fx::new(14, 4));
    }
}
