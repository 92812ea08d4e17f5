//! The columns the CUR mapper reads, in named groups, and how each flavour
//! spells them: the legacy CUR in CSV (`lineItem/UnblendedCost`), and CUR
//! 2.0 with the legacy CUR's Athena/Parquet spelling (snake_case, which
//! differs only where a second alias says so). Each group is declared once
//! and holds either the alias lists or the columns bound from a header.

use crate::fields::{Col, Header, HeaderError};
use crate::formats::group::{group, Aliases};

/// What the mapper cannot do without: binding refuses a header missing
/// any of them, in this order.
pub(super) struct Required<T> {
    pub line_item_type: T,
    pub unblended_cost: T,
    pub usage_start: T,
    pub usage_end: T,
    pub billing_period_start: T,
    pub billing_period_end: T,
    pub currency: T,
    pub payer_account: T,
}

group!(
    /// Accounts, the charge's description and who invoices it.
    Charge {
        line_item_id,
        payer_account_name,
        usage_account,
        usage_account_name,
        description,
        tax_type,
        legal_entity,
        invoicing_entity,
        invoice_id,
        bill_type,
        billing_entity,
    }
);

group!(
    /// The product charged for and where it runs.
    Product {
        product_code,
        product_name,
        service_code,
        product_family,
        sku,
        instance_type,
        usage_type,
        operation,
        region_code,
        region,
        location,
        availability_zone,
        resource_id,
    }
);

group!(
    /// Amounts, rates and prices besides the unblended cost.
    Pricing {
        net_unblended_cost,
        unblended_rate,
        net_unblended_rate,
        usage_amount,
        public_od_cost,
        public_od_rate,
        rate_code,
        rate_id,
        term,
        unit,
        currency,
        purchase_option,
    }
);

group!(
    /// A Reserved Instance's amortization.
    Reservation {
        arn,
        effective,
        net_effective,
        unused_upfront,
        net_unused_upfront,
        unused_recurring,
        net_unused_recurring,
        total_units,
    }
);

group!(
    /// A Savings Plan's amortization.
    SavingsPlan {
        arn,
        effective,
        net_effective,
        total_commitment,
        used_commitment,
    }
);

group!(
    /// CUR 2.0's JSON-object cells.
    Maps {
        product,
        tags,
        cost_category,
        discount,
    }
);

/// Every column of one flavour.
pub(super) struct Names {
    pub required: Required<Aliases>,
    pub charge: Charge<Aliases>,
    pub product: Product<Aliases>,
    pub pricing: Pricing<Aliases>,
    pub reservation: Reservation<Aliases>,
    pub savings_plan: SavingsPlan<Aliases>,
    pub maps: Maps<Aliases>,
    /// One column per key: `resourceTags/user:team`, `costCategory/team`.
    pub tag_prefix: &'static str,
    pub cost_category_prefix: &'static str,
}

impl Required<Aliases> {
    /// The required columns, or the first one missing.
    pub(super) fn require(&self, h: &Header) -> Result<Required<Col>, HeaderError> {
        Ok(Required {
            line_item_type: h.require(self.line_item_type)?,
            unblended_cost: h.require(self.unblended_cost)?,
            usage_start: h.require(self.usage_start)?,
            usage_end: h.require(self.usage_end)?,
            billing_period_start: h.require(self.billing_period_start)?,
            billing_period_end: h.require(self.billing_period_end)?,
            currency: h.require(self.currency)?,
            payer_account: h.require(self.payer_account)?,
        })
    }
}

/// Legacy CUR as delivered in CSV: `lineItem/UnblendedCost`.
pub(super) const SLASH: Names = Names {
    required: Required {
        line_item_type: &["lineItem/LineItemType"],
        unblended_cost: &["lineItem/UnblendedCost"],
        usage_start: &["lineItem/UsageStartDate"],
        usage_end: &["lineItem/UsageEndDate"],
        billing_period_start: &["bill/BillingPeriodStartDate"],
        billing_period_end: &["bill/BillingPeriodEndDate"],
        currency: &["lineItem/CurrencyCode"],
        payer_account: &["bill/PayerAccountId"],
    },
    charge: Charge {
        line_item_id: &["identity/LineItemId"],
        payer_account_name: &["bill/PayerAccountName"],
        usage_account: &["lineItem/UsageAccountId"],
        usage_account_name: &["lineItem/UsageAccountName"],
        description: &["lineItem/LineItemDescription"],
        tax_type: &["lineItem/TaxType"],
        legal_entity: &["lineItem/LegalEntity"],
        invoicing_entity: &["bill/InvoicingEntity"],
        invoice_id: &["bill/InvoiceId"],
        bill_type: &["bill/BillType"],
        billing_entity: &["bill/BillingEntity"],
    },
    product: Product {
        product_code: &["lineItem/ProductCode"],
        product_name: &["product/ProductName"],
        service_code: &["product/servicecode"],
        product_family: &["product/productFamily"],
        sku: &["product/sku"],
        instance_type: &["product/instanceType"],
        usage_type: &["lineItem/UsageType"],
        operation: &["lineItem/Operation"],
        region_code: &["product/regionCode"],
        region: &["product/region"],
        location: &["product/location"],
        availability_zone: &["lineItem/AvailabilityZone"],
        resource_id: &["lineItem/ResourceId"],
    },
    pricing: Pricing {
        net_unblended_cost: &["lineItem/NetUnblendedCost"],
        unblended_rate: &["lineItem/UnblendedRate"],
        net_unblended_rate: &["lineItem/NetUnblendedRate"],
        usage_amount: &["lineItem/UsageAmount"],
        public_od_cost: &["pricing/publicOnDemandCost"],
        public_od_rate: &["pricing/publicOnDemandRate"],
        rate_code: &["pricing/RateCode"],
        rate_id: &["pricing/RateId"],
        term: &["pricing/term"],
        unit: &["pricing/unit"],
        currency: &["pricing/currency"],
        purchase_option: &["pricing/purchaseOption"],
    },
    reservation: Reservation {
        arn: &["reservation/ReservationARN"],
        effective: &["reservation/EffectiveCost"],
        net_effective: &["reservation/NetEffectiveCost"],
        unused_upfront: &["reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"],
        net_unused_upfront: &["reservation/NetUnusedAmortizedUpfrontFeeForBillingPeriod"],
        unused_recurring: &["reservation/UnusedRecurringFee"],
        net_unused_recurring: &["reservation/NetUnusedRecurringFee"],
        total_units: &["reservation/TotalReservedUnits"],
    },
    savings_plan: SavingsPlan {
        arn: &["savingsPlan/SavingsPlanARN"],
        effective: &["savingsPlan/SavingsPlanEffectiveCost"],
        net_effective: &["savingsPlan/NetSavingsPlanEffectiveCost"],
        total_commitment: &["savingsPlan/TotalCommitmentToDate"],
        used_commitment: &["savingsPlan/UsedCommitment"],
    },
    maps: Maps {
        product: &[],
        tags: &[],
        cost_category: &[],
        discount: &[],
    },
    tag_prefix: "resourceTags/",
    cost_category_prefix: "costCategory/",
};

/// CUR 2.0, and the legacy CUR's Athena/Parquet spelling of the same
/// columns.
pub(super) const SNAKE: Names = Names {
    required: Required {
        line_item_type: &["line_item_line_item_type"],
        unblended_cost: &["line_item_unblended_cost"],
        usage_start: &["line_item_usage_start_date"],
        usage_end: &["line_item_usage_end_date"],
        billing_period_start: &["bill_billing_period_start_date"],
        billing_period_end: &["bill_billing_period_end_date"],
        currency: &["line_item_currency_code"],
        payer_account: &["bill_payer_account_id"],
    },
    charge: Charge {
        line_item_id: &["identity_line_item_id"],
        payer_account_name: &["bill_payer_account_name"],
        usage_account: &["line_item_usage_account_id"],
        usage_account_name: &["line_item_usage_account_name"],
        description: &["line_item_line_item_description"],
        tax_type: &["line_item_tax_type"],
        legal_entity: &["line_item_legal_entity"],
        invoicing_entity: &["bill_invoicing_entity"],
        invoice_id: &["bill_invoice_id"],
        bill_type: &["bill_bill_type"],
        billing_entity: &["bill_billing_entity"],
    },
    // CUR 2.0 keeps the product name and region in the `product` map
    // (`product_name`, `region`).
    product: Product {
        product_code: &["line_item_product_code"],
        product_name: &["product_product_name"],
        service_code: &["product_servicecode", "product_service_code"],
        product_family: &["product_product_family"],
        sku: &["product_sku"],
        instance_type: &["product_instance_type"],
        usage_type: &["line_item_usage_type"],
        operation: &["line_item_operation"],
        region_code: &["product_region_code"],
        region: &["product_region"],
        location: &["product_location"],
        availability_zone: &["line_item_availability_zone"],
        resource_id: &["line_item_resource_id"],
    },
    pricing: Pricing {
        net_unblended_cost: &["line_item_net_unblended_cost"],
        unblended_rate: &["line_item_unblended_rate"],
        net_unblended_rate: &["line_item_net_unblended_rate"],
        usage_amount: &["line_item_usage_amount"],
        public_od_cost: &["pricing_public_on_demand_cost"],
        public_od_rate: &["pricing_public_on_demand_rate"],
        rate_code: &["pricing_rate_code"],
        rate_id: &["pricing_rate_id"],
        term: &["pricing_term"],
        unit: &["pricing_unit"],
        currency: &["pricing_currency"],
        purchase_option: &["pricing_purchase_option"],
    },
    reservation: Reservation {
        arn: &[
            "reservation_reservation_a_r_n",
            "reservation_reservation_arn",
        ],
        effective: &["reservation_effective_cost"],
        net_effective: &["reservation_net_effective_cost"],
        unused_upfront: &["reservation_unused_amortized_upfront_fee_for_billing_period"],
        net_unused_upfront: &["reservation_net_unused_amortized_upfront_fee_for_billing_period"],
        unused_recurring: &["reservation_unused_recurring_fee"],
        net_unused_recurring: &["reservation_net_unused_recurring_fee"],
        total_units: &["reservation_total_reserved_units"],
    },
    savings_plan: SavingsPlan {
        arn: &[
            "savings_plan_savings_plan_a_r_n",
            "savings_plan_savings_plan_arn",
        ],
        effective: &["savings_plan_savings_plan_effective_cost"],
        net_effective: &["savings_plan_net_savings_plan_effective_cost"],
        total_commitment: &["savings_plan_total_commitment_to_date"],
        used_commitment: &["savings_plan_used_commitment"],
    },
    maps: Maps {
        product: &["product"],
        tags: &["resource_tags"],
        cost_category: &["cost_category"],
        discount: &["discount"],
    },
    tag_prefix: "resource_tags_",
    cost_category_prefix: "cost_category_",
};

/// Columns every CUR has, for detection (a file missing one or two is
/// still recognised, so that binding can name what is missing).
pub(super) const SLASH_KEYS: &[&str] = &[
    "identity/LineItemId",
    "lineItem/LineItemType",
    "lineItem/UnblendedCost",
    "lineItem/UsageStartDate",
    "lineItem/CurrencyCode",
    "lineItem/ProductCode",
    "bill/BillingPeriodStartDate",
    "bill/PayerAccountId",
];
pub(super) const SNAKE_KEYS: &[&str] = &[
    "identity_line_item_id",
    "line_item_line_item_type",
    "line_item_unblended_cost",
    "line_item_usage_start_date",
    "line_item_currency_code",
    "line_item_product_code",
    "bill_billing_period_start_date",
    "bill_payer_account_id",
];
/// Columns only CUR 2.0 has: the map columns and the two account names.
pub(super) const CUR2_MARKERS: &[&str] = &[
    "product",
    "resource_tags",
    "cost_category",
    "discount",
    "bill_payer_account_name",
    "line_item_usage_account_name",
];
