//! Charge types, the explorer's coarse view of FOCUS `ChargeCategory` and
//! `ChargeClass` that the Overview and Explorer toggles show or hide: usage,
//! purchases, taxes, credits, and refunds/adjustments (the `Adjustment`
//! category and every `Correction` of an earlier period, whatever its
//! category, since a correction is what a user reads as a refund).

use std::sync::{Arc, OnceLock};

use cloudlens_store::DimsRecord;

/// The dimension name of the charge type (`charge_type=usage`, ...).
pub const CHARGE_TYPE: &str = "charge_type";

/// Every charge type, in the order the toggles list them.
pub const CHARGE_TYPES: [&str; 5] = ["usage", "purchase", "tax", "credit", "adjustment"];

fn names() -> &'static [Arc<str>; 5] {
    static NAMES: OnceLock<[Arc<str>; 5]> = OnceLock::new();
    NAMES.get_or_init(|| CHARGE_TYPES.map(Arc::from))
}

/// The charge type of one dimension combination. An unknown category (a
/// store written by a later version) reads as usage rather than vanishing
/// from every total.
pub fn charge_type(d: &DimsRecord) -> &'static Arc<str> {
    let n = names();
    if d.charge_class
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("Correction"))
    {
        return &n[4];
    }
    let i = match d.charge_category.to_ascii_lowercase().as_str() {
        "purchase" => 1,
        "tax" => 2,
        "credit" => 3,
        "adjustment" => 4,
        _ => 0,
    };
    &n[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(category: &str, class: Option<&str>) -> DimsRecord {
        let s = |v: &str| Arc::<str>::from(v);
        DimsRecord {
            id: 1,
            provider: s("AWS"),
            billing_account_id: s("1"),
            billing_account_name: None,
            sub_account_id: None,
            sub_account_name: None,
            billing_currency: s("USD"),
            service_name: s("EC2"),
            service_category: s("Compute"),
            region_id: None,
            resource_id: None,
            resource_name: None,
            charge_category: s(category),
            charge_class: class.map(s),
            charge_frequency: None,
            pricing_category: None,
            commitment_discount_id: None,
            consumed_unit: None,
            sku_id: None,
            tags: Vec::new(),
        }
    }

    #[test]
    fn categories_map_to_their_type_and_corrections_to_adjustments() {
        assert_eq!(&**charge_type(&dims("Usage", None)), "usage");
        assert_eq!(&**charge_type(&dims("Purchase", None)), "purchase");
        assert_eq!(&**charge_type(&dims("Tax", None)), "tax");
        assert_eq!(&**charge_type(&dims("Credit", None)), "credit");
        assert_eq!(&**charge_type(&dims("Adjustment", None)), "adjustment");
        assert_eq!(
            &**charge_type(&dims("Usage", Some("Correction"))),
            "adjustment"
        );
        assert_eq!(&**charge_type(&dims("Something", None)), "usage");
    }
}
