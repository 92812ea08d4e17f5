use cloudlens_model::Decimal;
use rust_decimal::RoundingStrategy;

/// `part / whole` in percent, two decimals; `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<String> {
    if whole.is_zero() {
        return None;
    }
    let p = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    let rounded = p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{rounded:.2}"))
}

/// Change from `before` to `now` in percent, relative to `|before|`.
pub fn change(now: Decimal, before: Decimal) -> Option<String> {
    percent(now - before, before.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_two_places_and_handles_zero() {
        assert_eq!(
            percent(Decimal::ONE, Decimal::from(3)),
            Some("33.33".into())
        );
        assert_eq!(
            change(Decimal::from(150), Decimal::from(100)),
            Some("50.00".into())
        );
        assert_eq!(
            change(Decimal::from(50), Decimal::from(-100)),
            Some("150.00".into())
        );
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), None);
    }
}
