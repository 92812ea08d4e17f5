//! The dimension half of a cost line: everything that repeats across the daily
//! lines of one resource and SKU. Sources build one `LineDims` per distinct
//! combination and share it through `Arc`, and the store keeps each distinct
//! combination once.

use std::collections::BTreeMap;

use crate::{ChargeCategory, ChargeClass, ChargeFrequency, PricingCategory};

/// Resource tags, key to value, ordered so equal sets compare and hash equal.
pub type Tags = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LineDims {
    pub provider_name: String,
    pub publisher_name: String,
    pub invoice_issuer_name: String,
    pub billing_account_id: String,
    pub billing_account_name: Option<String>,
    pub billing_account_type: Option<String>,
    pub sub_account_id: Option<String>,
    pub sub_account_name: Option<String>,
    pub sub_account_type: Option<String>,
    /// ISO 4217 code.
    pub billing_currency: String,
    pub service_name: String,
    pub service_category: String,
    pub service_subcategory: Option<String>,
    pub charge_category: ChargeCategory,
    pub charge_class: Option<ChargeClass>,
    pub charge_frequency: Option<ChargeFrequency>,
    pub charge_description: Option<String>,
    pub region_id: Option<String>,
    pub region_name: Option<String>,
    pub availability_zone: Option<String>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub resource_type: Option<String>,
    pub sku_id: Option<String>,
    pub sku_price_id: Option<String>,
    pub sku_meter: Option<String>,
    pub pricing_category: Option<PricingCategory>,
    pub pricing_unit: Option<String>,
    pub pricing_currency: Option<String>,
    pub consumed_unit: Option<String>,
    pub commitment_discount_id: Option<String>,
    pub commitment_discount_name: Option<String>,
    pub commitment_discount_category: Option<String>,
    pub commitment_discount_type: Option<String>,
    pub commitment_discount_unit: Option<String>,
    pub capacity_reservation_id: Option<String>,
    pub tags: Tags,
}

impl LineDims {
    /// A minimal set of dimensions; the optional ones start empty.
    pub fn new(
        provider_name: &str,
        billing_account_id: &str,
        billing_currency: &str,
        service_name: &str,
        service_category: &str,
        charge_category: ChargeCategory,
    ) -> Self {
        Self {
            provider_name: provider_name.to_string(),
            publisher_name: provider_name.to_string(),
            invoice_issuer_name: provider_name.to_string(),
            billing_account_id: billing_account_id.to_string(),
            billing_account_name: None,
            billing_account_type: None,
            sub_account_id: None,
            sub_account_name: None,
            sub_account_type: None,
            billing_currency: billing_currency.to_string(),
            service_name: service_name.to_string(),
            service_category: service_category.to_string(),
            service_subcategory: None,
            charge_category,
            charge_class: None,
            charge_frequency: None,
            charge_description: None,
            region_id: None,
            region_name: None,
            availability_zone: None,
            resource_id: None,
            resource_name: None,
            resource_type: None,
            sku_id: None,
            sku_price_id: None,
            sku_meter: None,
            pricing_category: None,
            pricing_unit: None,
            pricing_currency: None,
            consumed_unit: None,
            commitment_discount_id: None,
            commitment_discount_name: None,
            commitment_discount_category: None,
            commitment_discount_type: None,
            commitment_discount_unit: None,
            capacity_reservation_id: None,
            tags: Tags::new(),
        }
    }
}
