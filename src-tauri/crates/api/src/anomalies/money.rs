//! Model figures (floating point) become money here, rounded once to the
//! currency's minor unit; exact sums are rounded once the same way.

use cloudlens_store::from_nanos;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places of a currency's minor unit (ISO 4217).
pub(crate) fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "PYG" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// A model amount as money: rounded half away from zero to the minor unit.
pub(crate) fn from_model(x: f64, currency: &str) -> Decimal {
    let dp = minor_units(currency);
    let scaled = (x * 10f64.powi(dp as i32)).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        return Decimal::ZERO;
    }
    Decimal::new(scaled as i64, dp)
}

/// An exact nano-unit sum, rounded once to the minor unit.
pub(crate) fn from_exact(nanos: i128, currency: &str) -> Decimal {
    from_nanos(nanos).round_dp_with_strategy(
        minor_units(currency),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// Nano-units as a model value (currency units).
pub(crate) fn model_value(nanos: i128) -> f64 {
    nanos as f64 / 1e9
}

/// Text for JSON and views: no trailing zeros beyond the minor unit.
pub(crate) fn text(d: Decimal, currency: &str) -> String {
    let mut d = d;
    d.rescale(minor_units(currency));
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_to_the_minor_unit_once() {
        assert_eq!(text(from_model(1234.565, "USD"), "USD"), "1234.57");
        assert_eq!(text(from_model(-0.004, "USD"), "USD"), "0.00");
        assert_eq!(text(from_model(1234.5, "JPY"), "JPY"), "1235");
        assert_eq!(text(from_exact(1_234_565_000_000, "CNY"), "CNY"), "1234.57");
        assert_eq!(text(from_model(f64::NAN, "USD"), "USD"), "0.00");
    }
}
