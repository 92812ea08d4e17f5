//! Amounts are stored as integer nano-units (10^-9 of the currency unit):
//! exact, compact, and summed as integers. Sources with more than nine decimal
//! places are rounded half-to-even at the ninth, which keeps any realistic
//! total exact to the cent.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::StoreError;

pub const SCALE: u32 = 9;

pub fn to_nanos(column: &'static str, value: Decimal) -> Result<i64, StoreError> {
    let mut v = value.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointNearestEven);
    v.rescale(SCALE);
    i64::try_from(v.mantissa()).map_err(|_| StoreError::AmountOutOfRange {
        column,
        value: value.to_string(),
    })
}

/// An exact decimal from a nano-unit sum (which may exceed i64 when summed).
/// Decimal holds ±7.9e19 currency units at nine places; reaching that takes
/// billions of lines at the i64 maximum each, so the saturation below is
/// unreachable for real bills rather than a silent clamp.
pub fn from_nanos(nanos: i128) -> Decimal {
    Decimal::try_from_i128_with_scale(nanos, SCALE)
        .map(|d| d.normalize())
        .unwrap_or(Decimal::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn round_trips_exactly_and_rounds_beyond_nine_places() {
        let d = Decimal::from_str("-1234.567890123").unwrap();
        assert_eq!(from_nanos(to_nanos("c", d).unwrap() as i128), d);
        let tiny = Decimal::from_str("0.0000000045").unwrap();
        assert_eq!(to_nanos("c", tiny).unwrap(), 4);
        let big = Decimal::from_str("100000000000").unwrap();
        assert!(matches!(
            to_nanos("BilledCost", big),
            Err(StoreError::AmountOutOfRange {
                column: "BilledCost",
                ..
            })
        ));
    }
}
