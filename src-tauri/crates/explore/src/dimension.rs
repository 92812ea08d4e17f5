//! Dimension names shared by the UI, saved views and the CLI, and how each
//! reads its value from one dimension combination.

use std::sync::Arc;

use cloudlens_store::DimsRecord;

use crate::ExploreError;

pub const FIXED: [&str; 10] = [
    "provider",
    "billing_account",
    "sub_account",
    "service",
    "service_category",
    "region",
    "resource",
    "charge_category",
    "pricing_category",
    "commitment_discount",
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dimension {
    Provider,
    BillingAccount,
    SubAccount,
    Service,
    ServiceCategory,
    Region,
    Resource,
    ChargeCategory,
    PricingCategory,
    CommitmentDiscount,
    /// Usage, purchase, tax, credit or adjustment (see `charge_type`). Not
    /// among `FIXED` either: the toggles offer it, not the group-by picker.
    ChargeType,
    /// The SKU (usage type). Not offered among `FIXED`, which pickers list,
    /// but accepted wherever a dimension name is, so anomaly root causes
    /// can link to the explorer view that shows them.
    Sku,
    Tag(String),
    VirtualTag(String),
}

impl Dimension {
    pub fn parse(name: &str) -> Result<Dimension, ExploreError> {
        Ok(match name {
            "provider" => Dimension::Provider,
            "billing_account" => Dimension::BillingAccount,
            "sub_account" => Dimension::SubAccount,
            "service" => Dimension::Service,
            "service_category" => Dimension::ServiceCategory,
            "region" => Dimension::Region,
            "resource" => Dimension::Resource,
            "charge_category" => Dimension::ChargeCategory,
            "pricing_category" => Dimension::PricingCategory,
            "commitment_discount" => Dimension::CommitmentDiscount,
            "sku" => Dimension::Sku,
            crate::CHARGE_TYPE => Dimension::ChargeType,
            _ => {
                if let Some(k) = name.strip_prefix("tag:").filter(|k| !k.is_empty()) {
                    Dimension::Tag(k.to_string())
                } else if let Some(k) = name.strip_prefix("vtag:").filter(|k| !k.is_empty()) {
                    Dimension::VirtualTag(k.to_string())
                } else {
                    return Err(ExploreError(format!(
                        "unknown dimension {name:?}: expected one of {}, tag:KEY or vtag:NAME",
                        FIXED.join(", ")
                    )));
                }
            }
        })
    }

    pub fn name(&self) -> String {
        match self {
            Dimension::Tag(k) => format!("tag:{k}"),
            Dimension::VirtualTag(k) => format!("vtag:{k}"),
            Dimension::Sku => "sku".to_string(),
            Dimension::ChargeType => crate::CHARGE_TYPE.to_string(),
            other => {
                let i = match other {
                    Dimension::Provider => 0,
                    Dimension::BillingAccount => 1,
                    Dimension::SubAccount => 2,
                    Dimension::Service => 3,
                    Dimension::ServiceCategory => 4,
                    Dimension::Region => 5,
                    Dimension::Resource => 6,
                    Dimension::ChargeCategory => 7,
                    Dimension::PricingCategory => 8,
                    _ => 9,
                };
                FIXED[i].to_string()
            }
        }
    }

    /// The value of a stored dimension or tag; virtual tags are resolved by
    /// the rules, so they read as `None` here.
    pub fn stored<'a>(&self, d: &'a DimsRecord) -> Option<&'a Arc<str>> {
        match self {
            Dimension::Provider => Some(&d.provider),
            Dimension::BillingAccount => Some(&d.billing_account_id),
            Dimension::SubAccount => d.sub_account_id.as_ref(),
            Dimension::Service => Some(&d.service_name),
            Dimension::ServiceCategory => Some(&d.service_category),
            Dimension::Region => d.region_id.as_ref(),
            Dimension::Resource => d.resource_id.as_ref(),
            Dimension::ChargeCategory => Some(&d.charge_category),
            Dimension::PricingCategory => d.pricing_category.as_ref(),
            Dimension::CommitmentDiscount => d.commitment_discount_id.as_ref(),
            Dimension::Sku => d.sku_id.as_ref(),
            Dimension::ChargeType => Some(crate::charge_type::charge_type(d)),
            Dimension::Tag(k) => d
                .tags
                .binary_search_by(|(key, _)| (**key).cmp(k.as_str()))
                .ok()
                .map(|i| &d.tags[i].1),
            Dimension::VirtualTag(_) => None,
        }
    }
}
