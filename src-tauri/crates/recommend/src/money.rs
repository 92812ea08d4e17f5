//! Money is exact: daily sums are scaled to a 30-day month and rounded to
//! the cent once, at the end.

use rust_decimal::{Decimal, RoundingStrategy};

/// A month, for savings: thirty days.
pub const MONTH_DAYS: u32 = 30;

/// Hours in a 30-day month, for list prices quoted per hour.
pub const MONTH_HOURS: u32 = 720;

/// `sum` over `days` days, as a 30-day month (exact; not rounded).
pub fn per_month(sum: Decimal, days: u32) -> Decimal {
    if days == 0 {
        return Decimal::ZERO;
    }
    sum * Decimal::from(MONTH_DAYS) / Decimal::from(days)
}

/// Rounded to the cent, half away from zero: the one rounding money gets.
pub fn cents(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// A percentage with two decimals, for figures.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(cents(part * Decimal::ONE_HUNDRED / whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_month_is_thirty_days_rounded_once() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(cents(per_month(d("10.005"), 30)), d("10.01"));
        assert_eq!(cents(per_month(d("14"), 14)), d("30.00"));
        assert_eq!(per_month(d("1"), 0), Decimal::ZERO);
        assert_eq!(percent(d("1"), d("3")), Some(d("33.33")));
    }
}
