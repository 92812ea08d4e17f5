//! Money from JSON exactly. BSS sends amounts as JSON numbers; read as
//! `f64` they would lose digits (8-decimal resource amounts), so the
//! number's own text is kept (`RawValue`) and parsed as a `Decimal`.

use std::str::FromStr;

use cloudlens_model::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// An amount as the provider wrote it; `None` for `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amount(pub Option<Decimal>);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        parse(raw.get())
            .map(Amount)
            .ok_or_else(|| serde::de::Error::custom(format!("not an amount: {}", raw.get())))
    }
}

/// A JSON number (or a number in a JSON string, or `null`) as a decimal.
fn parse(text: &str) -> Option<Option<Decimal>> {
    let t = text.trim();
    if t == "null" {
        return Some(None);
    }
    let t = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t);
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).ok().map(Some);
    }
    Decimal::from_str(t).ok().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_every_digit() {
        #[derive(Deserialize)]
        struct R {
            a: Amount,
            b: Amount,
            c: Amount,
            d: Amount,
        }
        let r: R = serde_json::from_str(r#"{"a":1234567.12345678,"b":null,"c":"0.10","d":1.5E-7}"#)
            .unwrap();
        assert_eq!(r.a.0.unwrap().to_string(), "1234567.12345678");
        assert_eq!(r.b.0, None);
        assert_eq!(r.c.0.unwrap().to_string(), "0.10");
        assert_eq!(r.d.0.unwrap().to_string(), "0.00000015");
        // 0.1 + 0.2 in f64 is not 0.3; in the provider's digits it is.
        let sum = parse("0.1").unwrap().unwrap() + parse("0.2").unwrap().unwrap();
        assert_eq!(sum.to_string(), "0.3");
        assert!(serde_json::from_str::<Amount>("\"abc\"").is_err());
    }
}
