//! Rounding model output once, to the currency's minor unit.

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::{ApiError, ErrorCode};

/// ISO 4217 minor-unit digits; 2 for any currency not listed.
pub(crate) fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "PYG" | "XAF" | "XOF" | "KMF" | "GNF"
        | "RWF" | "VUV" | "XPF" | "BIF" | "DJF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    }
}

pub(crate) fn round(d: Decimal, currency: &str) -> String {
    let dp = minor_digits(currency);
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

/// A model value as a decimal (model output is always finite).
pub(crate) fn decimal(v: f64) -> Result<Decimal, ApiError> {
    Decimal::from_f64(v).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("a forecast value is out of range: {v}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_the_minor_unit_once() {
        assert_eq!(round(Decimal::new(12345, 3), "USD"), "12.34");
        assert_eq!(round(Decimal::new(12355, 3), "USD"), "12.36");
        assert_eq!(round(Decimal::new(12345, 1), "JPY"), "1234");
        assert_eq!(round(Decimal::from(5), "CNY"), "5.00");
        assert_eq!(round(Decimal::new(-1, 3), "USD"), "0.00");
        assert_eq!(round(Decimal::new(12345, 4), "KWD"), "1.234");
    }
}
