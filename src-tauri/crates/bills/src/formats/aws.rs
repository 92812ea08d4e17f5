//! AWS Cost and Usage Reports: the legacy CUR (`lineItem/UnblendedCost`
//! names, or the same columns in the snake_case spelling of its Athena and
//! Parquet flavour) and CUR 2.0 from AWS Data Exports (snake_case, with
//! `product`, `resource_tags`, `cost_category` and `discount` as JSON-object
//! cells). Both formats share one mapper, driven by a table of column names.
//!
//! The mapping follows focus_converters' `aws-cur` rules (FOCUS-NOTES §5.1),
//! updated to FOCUS 1.2: Credit is `Credit`, a Refund keeps the category of
//! what it refunds, and the unused part of a commitment fee is its own
//! `Usage` line with `CommitmentDiscountStatus` `Unused`.

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory,
    Provenance, Tags,
};
use serde_json::{Map, Value};

use super::focus::currency_code;
use super::{Detected, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::Zone;
use crate::tags;

/// The legacy Cost and Usage Report.
pub struct AwsCur;

/// CUR 2.0, the `COST_AND_USAGE_REPORT` table of AWS Data Exports.
pub struct AwsCur2;

type Aliases = &'static [&'static str];

/// The columns the mapper reads, as one flavour spells them; each field
/// lists the accepted names, preferred first.
struct Names {
    line_item_id: Aliases,
    line_item_type: Aliases,
    unblended_cost: Aliases,
    net_unblended_cost: Aliases,
    unblended_rate: Aliases,
    net_unblended_rate: Aliases,
    usage_start: Aliases,
    usage_end: Aliases,
    billing_period_start: Aliases,
    billing_period_end: Aliases,
    currency: Aliases,
    payer_account: Aliases,
    payer_account_name: Aliases,
    usage_account: Aliases,
    usage_account_name: Aliases,
    product_code: Aliases,
    usage_type: Aliases,
    operation: Aliases,
    availability_zone: Aliases,
    resource_id: Aliases,
    usage_amount: Aliases,
    description: Aliases,
    tax_type: Aliases,
    legal_entity: Aliases,
    invoicing_entity: Aliases,
    invoice_id: Aliases,
    bill_type: Aliases,
    billing_entity: Aliases,
    product_name: Aliases,
    region_code: Aliases,
    region: Aliases,
    location: Aliases,
    product_family: Aliases,
    service_code: Aliases,
    sku: Aliases,
    instance_type: Aliases,
    rate_code: Aliases,
    rate_id: Aliases,
    public_od_cost: Aliases,
    public_od_rate: Aliases,
    pricing_term: Aliases,
    pricing_unit: Aliases,
    pricing_currency: Aliases,
    purchase_option: Aliases,
    ri_arn: Aliases,
    ri_effective: Aliases,
    ri_net_effective: Aliases,
    ri_unused_upfront: Aliases,
    ri_net_unused_upfront: Aliases,
    ri_unused_recurring: Aliases,
    ri_net_unused_recurring: Aliases,
    ri_total_units: Aliases,
    sp_arn: Aliases,
    sp_effective: Aliases,
    sp_net_effective: Aliases,
    sp_total_commitment: Aliases,
    sp_used_commitment: Aliases,
    /// CUR 2.0 JSON-object cells.
    product_map: Aliases,
    tags_map: Aliases,
    cost_category_map: Aliases,
    discount_map: Aliases,
    /// One column per key: `resourceTags/user:team`, `costCategory/team`.
    tag_prefix: &'static str,
    cost_category_prefix: &'static str,
}

/// Legacy CUR as delivered in CSV: `lineItem/UnblendedCost`.
const SLASH: Names = Names {
    line_item_id: &["identity/LineItemId"],
    line_item_type: &["lineItem/LineItemType"],
    unblended_cost: &["lineItem/UnblendedCost"],
    net_unblended_cost: &["lineItem/NetUnblendedCost"],
    unblended_rate: &["lineItem/UnblendedRate"],
    net_unblended_rate: &["lineItem/NetUnblendedRate"],
    usage_start: &["lineItem/UsageStartDate"],
    usage_end: &["lineItem/UsageEndDate"],
    billing_period_start: &["bill/BillingPeriodStartDate"],
    billing_period_end: &["bill/BillingPeriodEndDate"],
    currency: &["lineItem/CurrencyCode"],
    payer_account: &["bill/PayerAccountId"],
    payer_account_name: &["bill/PayerAccountName"],
    usage_account: &["lineItem/UsageAccountId"],
    usage_account_name: &["lineItem/UsageAccountName"],
    product_code: &["lineItem/ProductCode"],
    usage_type: &["lineItem/UsageType"],
    operation: &["lineItem/Operation"],
    availability_zone: &["lineItem/AvailabilityZone"],
    resource_id: &["lineItem/ResourceId"],
    usage_amount: &["lineItem/UsageAmount"],
    description: &["lineItem/LineItemDescription"],
    tax_type: &["lineItem/TaxType"],
    legal_entity: &["lineItem/LegalEntity"],
    invoicing_entity: &["bill/InvoicingEntity"],
    invoice_id: &["bill/InvoiceId"],
    bill_type: &["bill/BillType"],
    billing_entity: &["bill/BillingEntity"],
    product_name: &["product/ProductName"],
    region_code: &["product/regionCode"],
    region: &["product/region"],
    location: &["product/location"],
    product_family: &["product/productFamily"],
    service_code: &["product/servicecode"],
    sku: &["product/sku"],
    instance_type: &["product/instanceType"],
    rate_code: &["pricing/RateCode"],
    rate_id: &["pricing/RateId"],
    public_od_cost: &["pricing/publicOnDemandCost"],
    public_od_rate: &["pricing/publicOnDemandRate"],
    pricing_term: &["pricing/term"],
    pricing_unit: &["pricing/unit"],
    pricing_currency: &["pricing/currency"],
    purchase_option: &["pricing/purchaseOption"],
    ri_arn: &["reservation/ReservationARN"],
    ri_effective: &["reservation/EffectiveCost"],
    ri_net_effective: &["reservation/NetEffectiveCost"],
    ri_unused_upfront: &["reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"],
    ri_net_unused_upfront: &["reservation/NetUnusedAmortizedUpfrontFeeForBillingPeriod"],
    ri_unused_recurring: &["reservation/UnusedRecurringFee"],
    ri_net_unused_recurring: &["reservation/NetUnusedRecurringFee"],
    ri_total_units: &["reservation/TotalReservedUnits"],
    sp_arn: &["savingsPlan/SavingsPlanARN"],
    sp_effective: &["savingsPlan/SavingsPlanEffectiveCost"],
    sp_net_effective: &["savingsPlan/NetSavingsPlanEffectiveCost"],
    sp_total_commitment: &["savingsPlan/TotalCommitmentToDate"],
    sp_used_commitment: &["savingsPlan/UsedCommitment"],
    product_map: &[],
    tags_map: &[],
    cost_category_map: &[],
    discount_map: &[],
    tag_prefix: "resourceTags/",
    cost_category_prefix: "costCategory/",
};

/// CUR 2.0, and the legacy CUR's Athena/Parquet spelling of the same
/// columns (which differs only where noted by the second alias).
const SNAKE: Names = Names {
    line_item_id: &["identity_line_item_id"],
    line_item_type: &["line_item_line_item_type"],
    unblended_cost: &["line_item_unblended_cost"],
    net_unblended_cost: &["line_item_net_unblended_cost"],
    unblended_rate: &["line_item_unblended_rate"],
    net_unblended_rate: &["line_item_net_unblended_rate"],
    usage_start: &["line_item_usage_start_date"],
    usage_end: &["line_item_usage_end_date"],
    billing_period_start: &["bill_billing_period_start_date"],
    billing_period_end: &["bill_billing_period_end_date"],
    currency: &["line_item_currency_code"],
    payer_account: &["bill_payer_account_id"],
    payer_account_name: &["bill_payer_account_name"],
    usage_account: &["line_item_usage_account_id"],
    usage_account_name: &["line_item_usage_account_name"],
    product_code: &["line_item_product_code"],
    usage_type: &["line_item_usage_type"],
    operation: &["line_item_operation"],
    availability_zone: &["line_item_availability_zone"],
    resource_id: &["line_item_resource_id"],
    usage_amount: &["line_item_usage_amount"],
    description: &["line_item_line_item_description"],
    tax_type: &["line_item_tax_type"],
    legal_entity: &["line_item_legal_entity"],
    invoicing_entity: &["bill_invoicing_entity"],
    invoice_id: &["bill_invoice_id"],
    bill_type: &["bill_bill_type"],
    billing_entity: &["bill_billing_entity"],
    // CUR 2.0 keeps these two in the `product` map (`product_name`, `region`).
    product_name: &["product_product_name"],
    region_code: &["product_region_code"],
    region: &["product_region"],
    location: &["product_location"],
    product_family: &["product_product_family"],
    service_code: &["product_servicecode", "product_service_code"],
    sku: &["product_sku"],
    instance_type: &["product_instance_type"],
    rate_code: &["pricing_rate_code"],
    rate_id: &["pricing_rate_id"],
    public_od_cost: &["pricing_public_on_demand_cost"],
    public_od_rate: &["pricing_public_on_demand_rate"],
    pricing_term: &["pricing_term"],
    pricing_unit: &["pricing_unit"],
    pricing_currency: &["pricing_currency"],
    purchase_option: &["pricing_purchase_option"],
    ri_arn: &[
        "reservation_reservation_a_r_n",
        "reservation_reservation_arn",
    ],
    ri_effective: &["reservation_effective_cost"],
    ri_net_effective: &["reservation_net_effective_cost"],
    ri_unused_upfront: &["reservation_unused_amortized_upfront_fee_for_billing_period"],
    ri_net_unused_upfront: &["reservation_net_unused_amortized_upfront_fee_for_billing_period"],
    ri_unused_recurring: &["reservation_unused_recurring_fee"],
    ri_net_unused_recurring: &["reservation_net_unused_recurring_fee"],
    ri_total_units: &["reservation_total_reserved_units"],
    sp_arn: &[
        "savings_plan_savings_plan_a_r_n",
        "savings_plan_savings_plan_arn",
    ],
    sp_effective: &["savings_plan_savings_plan_effective_cost"],
    sp_net_effective: &["savings_plan_net_savings_plan_effective_cost"],
    sp_total_commitment: &["savings_plan_total_commitment_to_date"],
    sp_used_commitment: &["savings_plan_used_commitment"],
    product_map: &["product"],
    tags_map: &["resource_tags"],
    cost_category_map: &["cost_category"],
    discount_map: &["discount"],
    tag_prefix: "resource_tags_",
    cost_category_prefix: "cost_category_",
};

/// Columns every CUR has, for detection (a file missing one or two is
/// still recognised, so that binding can name what is missing).
const SLASH_KEYS: &[&str] = &[
    "identity/LineItemId",
    "lineItem/LineItemType",
    "lineItem/UnblendedCost",
    "lineItem/UsageStartDate",
    "lineItem/CurrencyCode",
    "lineItem/ProductCode",
    "bill/BillingPeriodStartDate",
    "bill/PayerAccountId",
];
const SNAKE_KEYS: &[&str] = &[
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
const CUR2_MARKERS: &[&str] = &[
    "product",
    "resource_tags",
    "cost_category",
    "discount",
    "bill_payer_account_name",
    "line_item_usage_account_name",
];
const MIN_KEYS: usize = 5;

impl Format for AwsCur {
    fn id(&self) -> FormatId {
        FormatId::AwsCur
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        let slash = h.count_present(SLASH_KEYS);
        if slash >= MIN_KEYS {
            return Some(Detected {
                score: 80 + slash as u32,
                variant: "legacy CUR".to_string(),
            });
        }
        let snake = h.count_present(SNAKE_KEYS);
        (snake >= MIN_KEYS && h.count_present(CUR2_MARKERS) == 0).then(|| Detected {
            score: 80 + snake as u32,
            variant: "legacy CUR, Athena/Parquet column names".to_string(),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        let names = if h.count_present(SLASH_KEYS) >= h.count_present(SNAKE_KEYS) {
            &SLASH
        } else {
            &SNAKE
        };
        Ok(Box::new(CurMapper::bind(h, names)?))
    }
}

impl Format for AwsCur2 {
    fn id(&self) -> FormatId {
        FormatId::AwsCur2
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        let snake = h.count_present(SNAKE_KEYS);
        (snake >= MIN_KEYS && h.count_present(CUR2_MARKERS) > 0).then(|| Detected {
            score: 80 + snake as u32,
            variant: "CUR 2.0".to_string(),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(CurMapper::bind(h, &SNAKE)?))
    }
}

/// Resolved columns; see [`Names`] for what each holds.
struct Cols {
    line_item_id: Option<Col>,
    unblended_rate: Option<Col>,
    net_unblended_rate: Option<Col>,
    payer_account_name: Option<Col>,
    usage_account: Option<Col>,
    usage_account_name: Option<Col>,
    product_code: Option<Col>,
    usage_type: Option<Col>,
    operation: Option<Col>,
    availability_zone: Option<Col>,
    resource_id: Option<Col>,
    usage_amount: Option<Col>,
    description: Option<Col>,
    tax_type: Option<Col>,
    legal_entity: Option<Col>,
    invoicing_entity: Option<Col>,
    invoice_id: Option<Col>,
    bill_type: Option<Col>,
    billing_entity: Option<Col>,
    product_name: Option<Col>,
    region_code: Option<Col>,
    region: Option<Col>,
    location: Option<Col>,
    product_family: Option<Col>,
    service_code: Option<Col>,
    sku: Option<Col>,
    instance_type: Option<Col>,
    rate_code: Option<Col>,
    rate_id: Option<Col>,
    public_od_cost: Option<Col>,
    public_od_rate: Option<Col>,
    pricing_term: Option<Col>,
    pricing_unit: Option<Col>,
    pricing_currency: Option<Col>,
    purchase_option: Option<Col>,
    ri_arn: Option<Col>,
    ri_effective: Option<Col>,
    ri_net_effective: Option<Col>,
    ri_unused_upfront: Option<Col>,
    ri_net_unused_upfront: Option<Col>,
    ri_unused_recurring: Option<Col>,
    ri_net_unused_recurring: Option<Col>,
    ri_total_units: Option<Col>,
    sp_arn: Option<Col>,
    sp_effective: Option<Col>,
    sp_net_effective: Option<Col>,
    sp_total_commitment: Option<Col>,
    sp_used_commitment: Option<Col>,
    product_map: Option<Col>,
    tags_map: Option<Col>,
    cost_category_map: Option<Col>,
    discount_map: Option<Col>,
}

struct CurMapper {
    names: &'static Names,
    line_item_type: Col,
    unblended: Col,
    net_unblended: Option<Col>,
    usage_start: Col,
    usage_end: Col,
    billing_period_start: Col,
    billing_period_end: Col,
    currency: Col,
    payer_account: Col,
    c: Cols,
    /// Tag columns with the tag key each holds.
    tag_cols: Vec<(Col, String)>,
    /// Cost-category columns with the category name.
    cost_category_cols: Vec<(Col, String)>,
}

impl CurMapper {
    fn bind(h: &Header, n: &'static Names) -> Result<Self, HeaderError> {
        let f = |a: Aliases| h.find(a);
        let c = Cols {
            line_item_id: f(n.line_item_id),
            unblended_rate: f(n.unblended_rate),
            net_unblended_rate: f(n.net_unblended_rate),
            payer_account_name: f(n.payer_account_name),
            usage_account: f(n.usage_account),
            usage_account_name: f(n.usage_account_name),
            product_code: f(n.product_code),
            usage_type: f(n.usage_type),
            operation: f(n.operation),
            availability_zone: f(n.availability_zone),
            resource_id: f(n.resource_id),
            usage_amount: f(n.usage_amount),
            description: f(n.description),
            tax_type: f(n.tax_type),
            legal_entity: f(n.legal_entity),
            invoicing_entity: f(n.invoicing_entity),
            invoice_id: f(n.invoice_id),
            bill_type: f(n.bill_type),
            billing_entity: f(n.billing_entity),
            product_name: f(n.product_name),
            region_code: f(n.region_code),
            region: f(n.region),
            location: f(n.location),
            product_family: f(n.product_family),
            service_code: f(n.service_code),
            sku: f(n.sku),
            instance_type: f(n.instance_type),
            rate_code: f(n.rate_code),
            rate_id: f(n.rate_id),
            public_od_cost: f(n.public_od_cost),
            public_od_rate: f(n.public_od_rate),
            pricing_term: f(n.pricing_term),
            pricing_unit: f(n.pricing_unit),
            pricing_currency: f(n.pricing_currency),
            purchase_option: f(n.purchase_option),
            ri_arn: f(n.ri_arn),
            ri_effective: f(n.ri_effective),
            ri_net_effective: f(n.ri_net_effective),
            ri_unused_upfront: f(n.ri_unused_upfront),
            ri_net_unused_upfront: f(n.ri_net_unused_upfront),
            ri_unused_recurring: f(n.ri_unused_recurring),
            ri_net_unused_recurring: f(n.ri_net_unused_recurring),
            ri_total_units: f(n.ri_total_units),
            sp_arn: f(n.sp_arn),
            sp_effective: f(n.sp_effective),
            sp_net_effective: f(n.sp_net_effective),
            sp_total_commitment: f(n.sp_total_commitment),
            sp_used_commitment: f(n.sp_used_commitment),
            product_map: f(n.product_map),
            tags_map: f(n.tags_map),
            cost_category_map: f(n.cost_category_map),
            discount_map: f(n.discount_map),
        };
        let tag_cols = h
            .with_prefix(n.tag_prefix)
            .map(|(col, key)| (col, tag_key(key)))
            .collect();
        let cost_category_cols = h
            .with_prefix(n.cost_category_prefix)
            .map(|(col, name)| (col, name.to_string()))
            .collect();
        Ok(Self {
            names: n,
            line_item_type: h.require(n.line_item_type)?,
            unblended: h.require(n.unblended_cost)?,
            net_unblended: f(n.net_unblended_cost),
            usage_start: h.require(n.usage_start)?,
            usage_end: h.require(n.usage_end)?,
            billing_period_start: h.require(n.billing_period_start)?,
            billing_period_end: h.require(n.billing_period_end)?,
            currency: h.require(n.currency)?,
            payer_account: h.require(n.payer_account)?,
            c,
            tag_cols,
            cost_category_cols,
        })
    }
}

/// `lineItem/LineItemType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Usage,
    DiscountedUsage,
    SpCoveredUsage,
    SpNegation,
    SpUpfrontFee,
    SpRecurringFee,
    RiFee,
    Fee,
    Tax,
    Credit,
    Refund,
    /// BundledDiscount, Discount, EdpDiscount, PrivateRateDiscount and the
    /// other `…Discount` types.
    Discount,
    /// A type AWS added after this table was written.
    Other,
}

impl Kind {
    fn parse(v: &str) -> Kind {
        let is = |s: &str| v.eq_ignore_ascii_case(s);
        if is("Usage") {
            Kind::Usage
        } else if is("DiscountedUsage") {
            Kind::DiscountedUsage
        } else if is("SavingsPlanCoveredUsage") {
            Kind::SpCoveredUsage
        } else if is("SavingsPlanNegation") {
            Kind::SpNegation
        } else if is("SavingsPlanUpfrontFee") {
            Kind::SpUpfrontFee
        } else if is("SavingsPlanRecurringFee") {
            Kind::SpRecurringFee
        } else if is("RIFee") {
            Kind::RiFee
        } else if is("Fee") {
            Kind::Fee
        } else if is("Tax") {
            Kind::Tax
        } else if is("Credit") {
            Kind::Credit
        } else if is("Refund") {
            Kind::Refund
        } else if v.len() >= 8
            && v.get(v.len() - 8..)
                .is_some_and(|t| t.eq_ignore_ascii_case("discount"))
        {
            Kind::Discount
        } else {
            Kind::Other
        }
    }

    fn is_commitment_fee(self) -> bool {
        matches!(
            self,
            Kind::RiFee | Kind::SpRecurringFee | Kind::SpUpfrontFee
        )
    }
}

/// The figures of one row, before they are split into lines.
struct Figures {
    billed: Decimal,
    effective: Decimal,
    /// The unused part of a commitment fee (RIFee, SavingsPlanRecurringFee).
    unused: Decimal,
    list: Decimal,
    contracted: Decimal,
    /// Whether BilledCost is the file's NetUnblendedCost.
    net: bool,
    /// Whether that differs from the UnblendedCost (kept as an extra).
    unblended_differs: bool,
}

impl RowMapper for CurMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let c = &self.c;
        let kind = Kind::parse(row.require(self.line_item_type)?);
        let currency = currency_code(row, self.currency)?;
        let billing_period_start = row.require_time(self.billing_period_start, Zone::Utc)?;
        let billing_period_end = row.require_time(self.billing_period_end, Zone::Utc)?;
        if billing_period_end <= billing_period_start {
            return Err(row.invalid(
                self.billing_period_end,
                "a billing period end later than its start",
            ));
        }
        let charge_period_start = row.require_time(self.usage_start, Zone::Utc)?;
        let charge_period_end = charge_end(row, self.usage_end, charge_period_start)?;

        let product = self.product_map(row)?;
        let figures = self.figures(row, kind)?;
        let sp_arn = row.opt(c.sp_arn);
        let ri_arn = row.opt(c.ri_arn);
        let commitment = sp_arn
            .map(|id| (id, "Spend", "Savings Plan"))
            .or_else(|| ri_arn.map(|id| (id, "Usage", "Reserved Instance")));

        let category = match kind {
            Kind::Tax => ChargeCategory::Tax,
            Kind::Credit => ChargeCategory::Credit,
            Kind::Fee | Kind::RiFee | Kind::SpUpfrontFee | Kind::SpRecurringFee => {
                ChargeCategory::Purchase
            }
            Kind::Usage
            | Kind::DiscountedUsage
            | Kind::SpCoveredUsage
            | Kind::SpNegation
            | Kind::Discount => ChargeCategory::Usage,
            // A refund keeps the category of what it refunds.
            Kind::Refund if row.opt(c.tax_type).is_some() => ChargeCategory::Tax,
            Kind::Refund if commitment.is_some() => ChargeCategory::Purchase,
            Kind::Refund => ChargeCategory::Usage,
            Kind::Other => ChargeCategory::Adjustment,
        };
        let bill_type = row.opt(c.bill_type).unwrap_or("");
        let frequency = match kind {
            Kind::Usage
            | Kind::DiscountedUsage
            | Kind::SpCoveredUsage
            | Kind::SpNegation
            | Kind::Discount => Some(ChargeFrequency::UsageBased),
            Kind::RiFee | Kind::SpRecurringFee | Kind::Tax => Some(ChargeFrequency::Recurring),
            Kind::SpUpfrontFee | Kind::Credit | Kind::Refund => Some(ChargeFrequency::OneTime),
            Kind::Fee if ri_arn.is_some() || !bill_type.eq_ignore_ascii_case("Anniversary") => {
                Some(ChargeFrequency::OneTime)
            }
            Kind::Fee => Some(ChargeFrequency::Recurring),
            Kind::Other => None,
        };
        let pricing_category = self.pricing_category(row, kind, category);

        let product_code = row.opt(c.product_code);
        let product_name = row
            .opt(c.product_name)
            .or_else(|| map_str(&product, "product_name"));
        let service_name = product_name.or(product_code).unwrap_or("AWS");
        let service_category = product_code.map_or("Other", service_category);
        let service_subcategory = super::category::service_subcategory(
            service_category,
            &[Some(service_name), product_code],
        );
        let mut dims = LineDims::new(
            "AWS",
            row.require(self.payer_account)?,
            currency,
            service_name,
            service_category,
            category,
        );
        dims.publisher_name = row.opt(c.legal_entity).unwrap_or("AWS").to_string();
        dims.invoice_issuer_name = row.opt(c.invoicing_entity).unwrap_or("AWS").to_string();
        dims.service_subcategory = Some(service_subcategory);
        dims.billing_account_name = row.string(c.payer_account_name);
        dims.billing_account_type = Some("Payer Account".to_string());
        dims.sub_account_id = row.string(c.usage_account);
        dims.sub_account_name = row.string(c.usage_account_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Linked Account".to_string());
        }
        if kind == Kind::Refund && charge_period_start < billing_period_start {
            dims.charge_class = Some(ChargeClass::Correction);
        }
        dims.charge_frequency = frequency;
        dims.charge_description = row.string(c.description);
        dims.region_id = row
            .opt(c.region_code)
            .or_else(|| row.opt(c.region))
            .or_else(|| map_str(&product, "region"))
            .map(str::to_string);
        dims.region_name = row
            .string(c.location)
            .or_else(|| map_str(&product, "location").map(str::to_string))
            .or_else(|| dims.region_id.as_deref().map(region_name));
        dims.availability_zone = row.string(c.availability_zone);
        let resource_id = row
            .opt(c.resource_id)
            .or(if category == ChargeCategory::Purchase {
                commitment.map(|(id, _, _)| id)
            } else {
                None
            });
        if let Some(id) = resource_id {
            let (resource_type, name) = split_arn(id);
            dims.resource_type = resource_type
                .map(str::to_string)
                .or_else(|| plain_resource_type(id, product_code));
            dims.resource_name = Some(name.to_string());
        }
        dims.resource_id = resource_id.map(str::to_string);
        // FOCUS: no SKU on tax.
        if category != ChargeCategory::Tax {
            dims.sku_id = row.string(c.sku);
        }
        // The usage type is what AWS meters a SKU by (`USE1-BoxUsage:m7i.large`).
        dims.sku_meter = row.string(c.usage_type).filter(|_| dims.sku_id.is_some());
        dims.sku_price_id = row.string(c.rate_code).or_else(|| row.string(c.rate_id));
        dims.pricing_category = pricing_category;
        dims.pricing_unit = row.string(c.pricing_unit);
        // Public prices are in USD; AWS bills in USD unless the account
        // chose another currency, and then converts (pricing/currency says).
        dims.pricing_currency = row
            .string(c.pricing_currency)
            .or_else(|| Some(currency.to_string()));
        if let Some((id, cat, typ)) = commitment {
            dims.commitment_discount_id = Some(id.to_string());
            dims.commitment_discount_category = Some(cat.to_string());
            dims.commitment_discount_type = Some(typ.to_string());
        }
        dims.tags = self.tags(row)?;

        // Quantities describe usage once: a negation row repeats the
        // covered row's amount and must not count it again.
        let usage_amount = row.decimal(c.usage_amount)?;
        let (mut pricing_quantity, mut consumed_quantity) = match kind {
            Kind::SpNegation | Kind::Tax | Kind::Credit | Kind::Other => (None, None),
            Kind::RiFee => (row.decimal(c.ri_total_units)?.or(usage_amount), None),
            _ if category == ChargeCategory::Usage => (usage_amount, usage_amount),
            _ => (usage_amount, None),
        };
        if consumed_quantity.is_some() {
            dims.consumed_unit = dims.pricing_unit.clone();
        }
        super::pair_units(&mut dims, &mut pricing_quantity, &mut consumed_quantity);
        let unit_prices = !matches!(
            kind,
            Kind::SpNegation | Kind::Tax | Kind::Credit | Kind::Other
        );
        let list_unit_price = if unit_prices {
            row.decimal(c.public_od_rate)?
        } else {
            None
        };
        let contracted_unit_price = match kind {
            _ if !unit_prices => None,
            Kind::DiscountedUsage => None,
            _ if figures.net => row
                .decimal(c.net_unblended_rate)?
                .or(row.decimal(c.unblended_rate)?),
            _ => row.decimal(c.unblended_rate)?,
        };
        let commitment_status = match kind {
            Kind::DiscountedUsage | Kind::SpCoveredUsage | Kind::SpNegation
                if commitment.is_some() =>
            {
                Some("Used".to_string())
            }
            _ => None,
        };

        let extras = self.extras(row, figures.unblended_differs);
        let unused_dims =
            (figures.unused != Decimal::ZERO && kind.is_commitment_fee()).then(|| {
                let mut u = dims.clone();
                u.charge_category = ChargeCategory::Usage;
                u.charge_frequency = Some(ChargeFrequency::UsageBased);
                u.pricing_category = Some(PricingCategory::Committed);
                u.pricing_unit = None;
                u.consumed_unit = None;
                u
            });
        let line = CostLine {
            dims: out.dims(dims),
            billing_period_start,
            billing_period_end,
            charge_period_start,
            charge_period_end,
            billed_cost: figures.billed,
            effective_cost: figures.effective,
            list_cost: figures.list,
            contracted_cost: figures.contracted,
            pricing_quantity,
            consumed_quantity,
            list_unit_price,
            contracted_unit_price,
            commitment_discount_status: commitment_status,
            commitment_discount_quantity: None,
            capacity_reservation_status: None,
            invoice_id: row.string(c.invoice_id),
            extras,
            provenance: Provenance {
                source_row: row.line,
            },
        };
        // The unused part of a commitment fee: FOCUS puts it on a Usage line
        // of its own, so the purchase line's EffectiveCost stays 0.
        let unused = unused_dims.map(|u| CostLine {
            dims: out.dims(u),
            billed_cost: Decimal::ZERO,
            effective_cost: figures.unused,
            list_cost: Decimal::ZERO,
            contracted_cost: Decimal::ZERO,
            pricing_quantity: None,
            consumed_quantity: None,
            list_unit_price: None,
            contracted_unit_price: None,
            commitment_discount_status: Some("Unused".to_string()),
            ..line.clone()
        });
        out.source = Some(SourceAmount {
            billing_period_start,
            currency: currency.to_string(),
            amount: figures.billed,
        });
        out.push(line);
        if let Some(u) = unused {
            out.push(u);
        }
        Ok(())
    }
}

impl CurMapper {
    /// BilledCost, EffectiveCost and the rest by line item type (§5.1).
    fn figures(&self, row: &Row<'_>, kind: Kind) -> Result<Figures, CellError> {
        let c = &self.c;
        let unblended = row.require_decimal(self.unblended)?;
        let net = row.decimal(self.net_unblended)?;
        let use_net = net.is_some();
        let billed = net.unwrap_or(unblended);
        // The net (after-discount) amortization figures go with a net
        // billed figure; the gross ones otherwise or when absent.
        let pick = |gross: Option<Col>, net: Option<Col>| -> Result<Option<Decimal>, CellError> {
            if use_net {
                if let Some(v) = row.decimal(net)? {
                    return Ok(Some(v));
                }
            }
            row.decimal(gross)
        };
        let needed = |v: Option<Decimal>, col: Option<Col>, names: Aliases| {
            v.ok_or_else(|| {
                let name = col.map_or_else(
                    || names.first().copied().unwrap_or_default(),
                    |c| row.header.name(c),
                );
                CellError::new(
                    name,
                    "",
                    format!("a decimal number (needed for {} rows)", kind_name(kind)),
                )
            })
        };
        let n = self.names;
        let mut unused = Decimal::ZERO;
        let effective = match kind {
            Kind::SpCoveredUsage => needed(
                pick(c.sp_effective, c.sp_net_effective)?,
                c.sp_effective,
                n.sp_effective,
            )?,
            Kind::DiscountedUsage => needed(
                pick(c.ri_effective, c.ri_net_effective)?,
                c.ri_effective,
                n.ri_effective,
            )?,
            Kind::SpRecurringFee => {
                let total = needed(
                    row.decimal(c.sp_total_commitment)?,
                    c.sp_total_commitment,
                    n.sp_total_commitment,
                )?;
                let used = needed(
                    row.decimal(c.sp_used_commitment)?,
                    c.sp_used_commitment,
                    n.sp_used_commitment,
                )?;
                unused = total.checked_sub(used).ok_or_else(|| {
                    row.invalid(self.unblended, "an amount within the decimal range")
                })?;
                Decimal::ZERO
            }
            Kind::RiFee => {
                let upfront =
                    pick(c.ri_unused_upfront, c.ri_net_unused_upfront)?.unwrap_or_default();
                let recurring =
                    pick(c.ri_unused_recurring, c.ri_net_unused_recurring)?.unwrap_or_default();
                unused = upfront.checked_add(recurring).ok_or_else(|| {
                    row.invalid(self.unblended, "an amount within the decimal range")
                })?;
                Decimal::ZERO
            }
            Kind::SpNegation | Kind::SpUpfrontFee => Decimal::ZERO,
            Kind::Fee if row.opt(c.ri_arn).is_some() => Decimal::ZERO,
            _ => billed,
        };
        let public = match row.decimal(c.public_od_cost)? {
            Some(v) if !v.is_zero() => Some(v),
            _ => match (row.decimal(c.public_od_rate)?, row.decimal(c.usage_amount)?) {
                (Some(rate), Some(qty)) => rate.checked_mul(qty).filter(|v| !v.is_zero()),
                _ => None,
            },
        };
        let (list, contracted) = match kind {
            Kind::SpNegation => (Decimal::ZERO, Decimal::ZERO),
            Kind::Tax | Kind::Credit | Kind::Refund | Kind::Other => (billed, billed),
            Kind::DiscountedUsage => {
                let list = public.unwrap_or(effective);
                (list, list)
            }
            _ => (public.unwrap_or(billed), billed),
        };
        Ok(Figures {
            billed,
            effective,
            unused,
            list,
            contracted,
            net: use_net,
            unblended_differs: billed != unblended,
        })
    }

    fn pricing_category(
        &self,
        row: &Row<'_>,
        kind: Kind,
        category: ChargeCategory,
    ) -> Option<PricingCategory> {
        let c = &self.c;
        match kind {
            Kind::Tax | Kind::Credit | Kind::Refund | Kind::Other => None,
            _ if category != ChargeCategory::Usage && category != ChargeCategory::Purchase => None,
            Kind::DiscountedUsage | Kind::SpCoveredUsage | Kind::SpNegation => {
                Some(PricingCategory::Committed)
            }
            // A commitment purchase is never Committed itself (FOCUS 1.2).
            Kind::Fee | Kind::RiFee | Kind::SpUpfrontFee | Kind::SpRecurringFee => {
                Some(PricingCategory::Standard)
            }
            Kind::Discount => Some(PricingCategory::Other),
            Kind::Usage => {
                let has = |col: Option<Col>, needle: &str| {
                    row.opt(col)
                        .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
                };
                if has(c.usage_type, "spotusage")
                    || has(c.pricing_term, "spot")
                    || has(c.purchase_option, "spot")
                {
                    Some(PricingCategory::Dynamic)
                } else if has(c.pricing_term, "reserved") {
                    Some(PricingCategory::Committed)
                } else {
                    Some(PricingCategory::Standard)
                }
            }
        }
    }

    /// The CUR 2.0 `product` map, when the file has one.
    fn product_map(&self, row: &Row<'_>) -> Result<Option<Map<String, Value>>, CellError> {
        let Some(col) = self.c.product_map else {
            return Ok(None);
        };
        let Some(text) = row.str(col) else {
            return Ok(None);
        };
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(Some(map)),
            _ => Err(row.invalid(col, "a JSON object of product attributes")),
        }
    }

    fn tags(&self, row: &Row<'_>) -> Result<Tags, CellError> {
        let mut tags = Tags::new();
        for (col, key) in &self.tag_cols {
            if let Some(v) = row.str(*col) {
                tags.insert(key.clone(), v.to_string());
            }
        }
        if let Some(col) = self.c.tags_map {
            if let Some(text) = row.str(col) {
                let map = tags::from_json(text)
                    .map_err(|e| CellError::new(row.header.name(col), text, e))?;
                tags.extend(
                    map.into_iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| (tag_key(&k), v)),
                );
            }
        }
        Ok(tags)
    }

    /// AWS fields FOCUS lacks, under the `x_` names AWS's own FOCUS export
    /// uses where it has one.
    fn extras(&self, row: &Row<'_>, unblended_differs: bool) -> Option<String> {
        let c = &self.c;
        let mut map = Map::new();
        let mut put = |key: &str, col: Option<Col>| {
            if let Some(v) = row.opt(col) {
                map.insert(key.to_string(), Value::String(v.to_string()));
            }
        };
        put("x_LineItemType", Some(self.line_item_type));
        put("x_UsageType", c.usage_type);
        put("x_Operation", c.operation);
        put("x_ProductCode", c.product_code);
        put("x_ServiceCode", c.service_code);
        put("x_ProductFamily", c.product_family);
        put("x_InstanceType", c.instance_type);
        put("x_PricingTerm", c.pricing_term);
        put("x_PurchaseOption", c.purchase_option);
        put("x_BillType", c.bill_type);
        put("x_BillingEntity", c.billing_entity);
        put("x_TaxType", c.tax_type);
        put("x_LineItemId", c.line_item_id);
        if unblended_differs {
            put("x_UnblendedCost", Some(self.unblended));
        }
        let mut categories = Map::new();
        for (col, name) in &self.cost_category_cols {
            if let Some(v) = row.str(*col) {
                categories.insert(name.clone(), Value::String(v.to_string()));
            }
        }
        if let Some(text) = row.opt(c.cost_category_map) {
            if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(text) {
                categories.extend(m);
            } else {
                map.insert(
                    "x_CostCategories".to_string(),
                    Value::String(text.to_string()),
                );
            }
        }
        if !categories.is_empty() {
            map.insert(
                "x_CostCategories".to_string(),
                Value::String(Value::Object(categories).to_string()),
            );
        }
        if let Some(text) = row.opt(c.discount_map) {
            if text != "{}" {
                map.insert("x_Discounts".to_string(), Value::String(text.to_string()));
            }
        }
        (!map.is_empty()).then(|| Value::Object(map).to_string())
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::SpCoveredUsage => "SavingsPlanCoveredUsage",
        Kind::DiscountedUsage => "DiscountedUsage",
        Kind::SpRecurringFee => "SavingsPlanRecurringFee",
        Kind::RiFee => "RIFee",
        _ => "these",
    }
}

/// The charge period's end; a zero-length period (a point-in-time fee) is
/// taken as the UTC day it falls on, so that the end is always later than
/// the start.
fn charge_end(row: &Row<'_>, c: Col, start: i64) -> Result<i64, CellError> {
    let end = row.require_time(c, Zone::Utc)?;
    if end > start {
        Ok(end)
    } else if end == start {
        Ok(start - start.rem_euclid(86_400) + 86_400)
    } else {
        Err(row.invalid(c, "a usage end date no earlier than the usage start date"))
    }
}

fn map_str<'m>(map: &'m Option<Map<String, Value>>, key: &str) -> Option<&'m str> {
    map.as_ref()?
        .get(key)?
        .as_str()
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A FOCUS tag key: the `user:` (legacy) or `user_` (CUR 2.0) prefix of
/// user-defined tags is dropped; AWS-generated keys keep an `aws:` prefix.
fn tag_key(key: &str) -> String {
    let k = key.trim();
    for p in ["user:", "user_"] {
        if let Some(rest) = k
            .get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &k[p.len()..])
        {
            return rest.to_string();
        }
    }
    if let Some(rest) = k
        .get(..4)
        .filter(|h| h.eq_ignore_ascii_case("aws_"))
        .map(|_| &k[4..])
    {
        return format!("aws:{rest}");
    }
    k.to_string()
}

/// `(resource type, resource name)` from an ARN
/// (`arn:aws:ec2:us-east-1:123:instance/i-1` gives `instance`, `i-1`);
/// anything else is a name alone.
fn split_arn(id: &str) -> (Option<&str>, &str) {
    let Some(resource) = id
        .strip_prefix("arn:")
        .and_then(|rest| rest.splitn(5, ':').nth(4))
    else {
        return (None, id);
    };
    match resource.split_once(['/', ':']) {
        Some((kind, name)) if !kind.is_empty() && !name.is_empty() => (Some(kind), name),
        _ => (None, resource),
    }
}

/// The type of a resource whose id is not an ARN, as its ARN would name
/// it: EC2 ids by their prefix (`i-` an instance, `vol-` a volume), S3
/// resource ids are bucket names.
fn plain_resource_type(id: &str, product_code: Option<&str>) -> Option<String> {
    const PREFIXES: &[(&str, &str)] = &[
        ("i-", "instance"),
        ("vol-", "volume"),
        ("snap-", "snapshot"),
        ("ami-", "image"),
        ("eipalloc-", "elastic-ip"),
        ("eni-", "network-interface"),
        ("nat-", "natgateway"),
        ("vpc-", "vpc"),
        ("vpce-", "vpc-endpoint"),
        ("subnet-", "subnet"),
        ("igw-", "internet-gateway"),
        ("tgw-", "transit-gateway"),
        ("fs-", "file-system"),
        ("h-", "dedicated-host"),
        ("cr-", "capacity-reservation"),
    ];
    let typed = PREFIXES.iter().find(|(p, _)| {
        id.strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    match typed {
        Some((_, kind)) => Some((*kind).to_string()),
        None if product_code.is_some_and(|p| p.eq_ignore_ascii_case("AmazonS3")) => {
            Some("bucket".to_string())
        }
        None => None,
    }
}

/// The name AWS gives a region in its bills (`product/location`), else
/// the id itself (FOCUS wants a RegionName wherever there is a RegionId).
fn region_name(id: &str) -> String {
    REGION_NAMES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| *name)
        .to_string()
}

/// AWS regions with their `product/location` names.
const REGION_NAMES: &[(&str, &str)] = &[
    ("global", "Global"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("eu-central-1", "EU (Frankfurt)"),
    ("eu-central-2", "EU (Zurich)"),
    ("eu-west-1", "EU (Ireland)"),
    ("eu-west-2", "EU (London)"),
    ("eu-west-3", "EU (Paris)"),
    ("eu-south-1", "EU (Milan)"),
    ("eu-south-2", "EU (Spain)"),
    ("eu-north-1", "EU (Stockholm)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
];

/// FOCUS ServiceCategory of an AWS product code. Derived from the
/// focus_converters `aws_category_mapping.csv` (FinOps Foundation, MIT).
fn service_category(product_code: &str) -> &'static str {
    SERVICE_CATEGORIES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(product_code))
        .map_or("Other", |(_, cat)| cat)
}

const AI: &str = "AI and Machine Learning";
const ANALYTICS: &str = "Analytics";
const BUSINESS: &str = "Business Applications";
const COMPUTE: &str = "Compute";
const DATABASES: &str = "Databases";
const DEV: &str = "Developer Tools";
const INTEGRATION: &str = "Integration";
const IOT: &str = "Internet of Things";
const MGMT: &str = "Management and Governance";
const MEDIA: &str = "Media";
const MIGRATION: &str = "Migration";
const NETWORKING: &str = "Networking";
const SECURITY: &str = "Security";
const STORAGE: &str = "Storage";

const SERVICE_CATEGORIES: &[(&str, &str)] = &[
    ("AmazonEC2", COMPUTE),
    ("AmazonS3", STORAGE),
    ("AmazonRDS", DATABASES),
    ("AWSLambda", COMPUTE),
    ("AmazonCloudWatch", MGMT),
    ("AWSDataTransfer", NETWORKING),
    ("AmazonVPC", NETWORKING),
    ("AmazonEKS", COMPUTE),
    ("AmazonECS", COMPUTE),
    ("AmazonECR", COMPUTE),
    ("AmazonECRPublic", COMPUTE),
    ("AmazonDynamoDB", DATABASES),
    ("AmazonElastiCache", DATABASES),
    ("AmazonRedshift", DATABASES),
    ("AmazonDocDB", DATABASES),
    ("AmazonNeptune", DATABASES),
    ("AmazonMemoryDB", DATABASES),
    ("AmazonTimestream", DATABASES),
    ("AmazonMCS", DATABASES),
    ("AmazonEBS", STORAGE),
    ("AmazonEFS", STORAGE),
    ("AmazonFSx", STORAGE),
    ("AmazonGlacier", STORAGE),
    ("AmazonS3GlacierDeepArchive", STORAGE),
    ("AWSBackup", STORAGE),
    ("AWSStorageGateway", STORAGE),
    ("AWSStorageGatewayDeepArchive", STORAGE),
    ("AWSElasticDisasterRecovery", STORAGE),
    ("IngestionServiceSnowball", STORAGE),
    ("SnowballExtraDays", STORAGE),
    ("AmazonCloudFront", NETWORKING),
    ("AmazonRoute53", NETWORKING),
    ("AmazonApiGateway", NETWORKING),
    ("AWSELB", NETWORKING),
    ("AWSDirectConnect", NETWORKING),
    ("AWSGlobalAccelerator", NETWORKING),
    ("AWSCloudMap", NETWORKING),
    ("AWSCloudWAN", NETWORKING),
    ("AWSNetworkFirewall", NETWORKING),
    ("AWSPrivate5G", NETWORKING),
    ("AWSAppRunner", COMPUTE),
    ("AWSOutposts", COMPUTE),
    ("AmazonLightsail", COMPUTE),
    ("AmazonAppStream", COMPUTE),
    ("ComputeSavingsPlans", COMPUTE),
    ("VMwareCloudOnAWS", COMPUTE),
    ("SimSpaceWeaver", COMPUTE),
    ("AWSGlue", ANALYTICS),
    ("AmazonAthena", ANALYTICS),
    ("AmazonES", ANALYTICS),
    ("AmazonKinesis", ANALYTICS),
    ("AmazonKinesisFirehose", ANALYTICS),
    ("AmazonKinesisAnalytics", ANALYTICS),
    ("AmazonMSK", ANALYTICS),
    ("AmazonQuickSight", ANALYTICS),
    ("ElasticMapReduce", ANALYTICS),
    ("AWSLakeFormation", ANALYTICS),
    ("AWSDataExchange", ANALYTICS),
    ("AWSCleanRooms", ANALYTICS),
    ("AmazonCloudSearch", ANALYTICS),
    ("AmazonFinSpace", ANALYTICS),
    ("datapipeline", ANALYTICS),
    ("AWSQueueService", INTEGRATION),
    ("AmazonSNS", INTEGRATION),
    ("AmazonMQ", INTEGRATION),
    ("AmazonMWAA", INTEGRATION),
    ("AmazonStates", INTEGRATION),
    ("AWSEvents", INTEGRATION),
    ("AppFlow", INTEGRATION),
    ("AWSAppFabric", INTEGRATION),
    ("AmazonSES", BUSINESS),
    ("AmazonConnect", BUSINESS),
    ("AmazonChime", BUSINESS),
    ("AmazonPinpoint", BUSINESS),
    ("AmazonWorkMail", BUSINESS),
    ("AmazonWorkDocs", BUSINESS),
    ("AmazonWorkSpaces", COMPUTE),
    ("AWSCloudFormation", MGMT),
    ("AWSCloudTrail", MGMT),
    ("AWSConfig", MGMT),
    ("AWSSystemsManager", MGMT),
    ("AWSServiceCatalog", MGMT),
    ("AmazonGrafana", MGMT),
    ("AmazonPrometheus", MGMT),
    ("AWSCostExplorer", MGMT),
    ("AWSBudgets", MGMT),
    ("AWSBillingConductor", MGMT),
    ("AWSResilienceHub", MGMT),
    ("OpsWorks", MGMT),
    ("AWSCodeCommit", DEV),
    ("AWSCodeDeploy", DEV),
    ("AWSCodePipeline", DEV),
    ("AWSCodeArtifact", DEV),
    ("CodeBuild", DEV),
    ("CodeGuru", DEV),
    ("AWSAmplify", DEV),
    ("AWSAppSync", DEV),
    ("AWSDeviceFarm", DEV),
    ("AWSXRay", DEV),
    ("AWSCloudShell", DEV),
    ("AmazonSageMaker", AI),
    ("AmazonBedrock", AI),
    ("AmazonRekognition", AI),
    ("AmazonTextract", AI),
    ("AmazonPolly", AI),
    ("AmazonLex", AI),
    ("AmazonKendra", AI),
    ("AmazonPersonalize", AI),
    ("AmazonForecast", AI),
    ("comprehend", AI),
    ("transcribe", AI),
    ("translate", AI),
    ("AWSIoT", IOT),
    ("AWSGreengrass", IOT),
    ("AWSIoTAnalytics", IOT),
    ("AWSIoTEvents", IOT),
    ("AWSIoTSiteWise", IOT),
    ("IoTDeviceDefender", IOT),
    ("IoTDeviceManagement", IOT),
    ("AWSElementalMediaConvert", MEDIA),
    ("AWSElementalMediaLive", MEDIA),
    ("AWSElementalMediaPackage", MEDIA),
    ("AmazonIVS", MEDIA),
    ("AmazonKinesisVideo", MEDIA),
    ("AWSDatabaseMigrationSvc", MIGRATION),
    ("AWSDataSync", MIGRATION),
    ("AWSTransfer", MIGRATION),
    ("AWSApplicationMigrationSvc", MIGRATION),
    ("AWSMigrationHubRefactorSpaces", MIGRATION),
    ("awskms", SECURITY),
    ("awswaf", SECURITY),
    ("AWSSecretsManager", SECURITY),
    ("AWSCertificateManager", SECURITY),
    ("AWSShield", SECURITY),
    ("AWSSecurityHub", SECURITY),
    ("AmazonGuardDuty", SECURITY),
    ("AmazonInspector", SECURITY),
    ("AmazonInspectorV2", SECURITY),
    ("AmazonMacie", SECURITY),
    ("AmazonDetective", SECURITY),
    ("AmazonCognito", SECURITY),
    ("AWSDirectoryService", SECURITY),
    ("AWSFMS", SECURITY),
    ("CloudHSM", SECURITY),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_keys_lose_the_user_prefix_and_keep_the_aws_one() {
        assert_eq!(tag_key("user:CostCenter"), "CostCenter");
        assert_eq!(tag_key("user_cost_center"), "cost_center");
        assert_eq!(tag_key("aws:createdBy"), "aws:createdBy");
        assert_eq!(tag_key("aws_createdBy"), "aws:createdBy");
        assert_eq!(tag_key("team"), "team");
    }

    #[test]
    fn arns_split_into_type_and_name() {
        assert_eq!(
            split_arn("arn:aws:ec2:us-east-1:1:instance/i-1"),
            (Some("instance"), "i-1")
        );
        assert_eq!(
            split_arn("arn:aws:rds:us-east-1:1:db:orders"),
            (Some("db"), "orders")
        );
        assert_eq!(split_arn("arn:aws:s3:::my-bucket"), (None, "my-bucket"));
        assert_eq!(split_arn("i-0abc"), (None, "i-0abc"));
    }

    #[test]
    fn line_item_types_parse_with_discounts_grouped() {
        assert_eq!(Kind::parse("EdpDiscount"), Kind::Discount);
        assert_eq!(Kind::parse("Discount"), Kind::Discount);
        assert_eq!(Kind::parse("savingsplannegation"), Kind::SpNegation);
        assert_eq!(Kind::parse("SomethingNew"), Kind::Other);
        assert_eq!(service_category("AmazonEC2"), "Compute");
        assert_eq!(service_category("NotAService"), "Other");
    }
}
