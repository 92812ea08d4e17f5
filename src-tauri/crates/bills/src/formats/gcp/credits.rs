//! The `credits` cell of Google's billing export: each non-zero credit is
//! a Credit line of its own beside the row's usage line, so the row's
//! lines sum to its cost net of credits exactly.

use std::collections::BTreeMap;

use cloudlens_model::{ChargeCategory, Decimal, LineDims};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::parse;

/// One entry of the `credits` array.
pub(super) struct Credit {
    pub amount: Decimal,
    pub name: Option<String>,
    pub full_name: Option<String>,
    pub id: Option<String>,
    pub kind: Option<String>,
}

const CREDITS_EXPECTED: &str =
    "a JSON array of credits such as [{\"name\": \"…\", \"amount\": -1.25, \"type\": \"PROMOTION\"}]";

/// Parses the `credits` cell. Amounts are read from their JSON text, never
/// through a binary float, so `-0.1` stays exactly `-0.1`.
pub(super) fn parse_credits(text: &str) -> Result<Vec<Credit>, String> {
    let items: Vec<BTreeMap<String, &RawValue>> =
        serde_json::from_str(text).map_err(|_| CREDITS_EXPECTED.to_string())?;
    let mut credits = Vec::with_capacity(items.len());
    for item in items {
        let field = |k: &str| -> Option<String> {
            let raw = item.get(k)?;
            match serde_json::from_str::<Value>(raw.get()).ok()? {
                Value::String(s) if !s.is_empty() => Some(s),
                Value::Null | Value::String(_) => None,
                other => Some(other.to_string()),
            }
        };
        let amount_text = item.get("amount").map(|r| r.get().trim()).unwrap_or("null");
        let amount = if amount_text == "null" {
            Decimal::ZERO
        } else {
            let unquoted = amount_text.trim_matches('"');
            parse::decimal(unquoted).ok_or_else(|| CREDITS_EXPECTED.to_string())?
        };
        credits.push(Credit {
            amount,
            name: field("name"),
            full_name: field("full_name"),
            id: field("id"),
            kind: field("type"),
        });
    }
    Ok(credits)
}

/// `COMMITTED_USAGE_DISCOUNT` is a resource-based commitment (Usage),
/// `COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE` a spend-based one (Spend).
pub(super) fn commitment_category(kind: Option<&str>) -> Option<&'static str> {
    match kind? {
        "COMMITTED_USAGE_DISCOUNT" => Some("Usage"),
        "COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE" => Some("Spend"),
        _ => None,
    }
}

impl Credit {
    /// The credit line's dimensions: the usage line's, as a Credit with
    /// the credit's name and its commitment, if any.
    pub(super) fn dims(&self, usage: &LineDims, subscription: Option<&String>) -> LineDims {
        let mut d = usage.clone();
        d.charge_category = ChargeCategory::Credit;
        // A credit recurs as the charge it reduces does.
        d.pricing_category = None;
        d.charge_description = self.full_name.clone().or_else(|| self.name.clone());
        d.consumed_unit = None;
        d.pricing_unit = None;
        match commitment_category(self.kind.as_deref()) {
            Some(category) => {
                d.commitment_discount_id = subscription.cloned().or_else(|| self.id.clone());
                d.commitment_discount_category = Some(category.to_string());
                d.commitment_discount_type = Some("Committed Use Discount".to_string());
            }
            None => {
                d.commitment_discount_id = None;
                d.commitment_discount_category = None;
                d.commitment_discount_type = None;
            }
        }
        d
    }

    /// The credit's own fields as `x_` extras.
    pub(super) fn extras(&self) -> Option<String> {
        let mut x = Map::new();
        for (key, v) in [
            ("x_CreditName", &self.name),
            ("x_CreditFullName", &self.full_name),
            ("x_CreditId", &self.id),
            ("x_CreditType", &self.kind),
        ] {
            if let Some(v) = v {
                x.insert(key.to_string(), Value::String(v.clone()));
            }
        }
        (!x.is_empty()).then(|| Value::Object(x).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_amounts_keep_their_decimal_text() {
        let c = parse_credits(
            r#"[{"name":"Sustained usage discount","amount":-0.1,"full_name":null,"id":"","type":"SUSTAINED_USAGE_DISCOUNT"},
                {"name":"Free tier","amount":"-1.5E-7","type":"FREE_TIER"}]"#,
        )
        .unwrap();
        assert_eq!(c[0].amount.to_string(), "-0.1");
        assert_eq!(c[0].id, None);
        assert_eq!(c[0].kind.as_deref(), Some("SUSTAINED_USAGE_DISCOUNT"));
        assert_eq!(c[1].amount.to_string(), "-0.00000015");
        assert!(parse_credits("[{\"amount\": \"abc\"}]").is_err());
        assert!(parse_credits("not json").is_err());
    }
}
