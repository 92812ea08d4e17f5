//! Google Cloud billing export (BigQuery `gcp_billing_export_v1_*` standard
//! and `gcp_billing_export_resource_v1_*` detailed usage cost) as a user
//! exports it: CSV with flattened column names, or newline-delimited JSON
//! that the JSON source flattens the same way (`service.description` →
//! `service_description`; arrays such as `credits` and `labels` as JSON
//! text cells). Dotted names are accepted too (FOCUS-NOTES.md §4.3, §5.3).
//!
//! Mapping decisions:
//! * `cost` is *before* credits. The row's usage line has BilledCost =
//!   EffectiveCost = ContractedCost = `cost`, ListCost = `cost_at_list`.
//!   Every non-zero credit in `credits` becomes its own line with
//!   ChargeCategory Credit and BilledCost = EffectiveCost = ListCost =
//!   ContractedCost = the credit's (negative) amount, sharing the row's
//!   dimensions and provenance. Credits are not also folded into the usage
//!   line's EffectiveCost, which would count them twice. The file's own
//!   figure for the row (SourceAmount) is `cost` + Σ credit amounts, so the
//!   lines of a row always sum to it exactly.
//! * Committed use discount credits mark the usage line as Committed
//!   pricing with its commitment (`subscription_instance_id`, else the
//!   credit id); commitment fee rows (`Commitment v1: …` SKUs) are Purchase.
//! * Billing period: `invoice_month` (YYYYMM) is a Pacific-time month
//!   (America/Los_Angeles), converted to UTC (202501 → 2025-01-01T08:00Z).
//! * ChargeCategory from `cost_type`: regular → Usage, tax → Tax,
//!   adjustment and rounding_error → Adjustment; ChargeClass Correction
//!   when `adjustment_info_id` is set.
//! * SubAccount is the project. Tags merge project labels, then resource
//!   manager tags, then resource labels (a resource's own label wins over
//!   an inherited one with the same key); system labels are Google's own
//!   and stay in the `x_SystemLabels` extra.

mod credits;
mod lookup;

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, LineDims, PricingCategory, Tags,
};
use serde_json::Map;

use self::credits::{commitment_category, parse_credits, Credit};
use super::binder::{self, Binder};
use super::{category, Detected, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::Zone;

pub struct Gcp;

const PROVIDER: &str = "Google Cloud";

const BILLING_ACCOUNT: &[&str] = &["billing_account_id", "billing_account.id"];
const COST: &[&str] = &["cost"];
const CURRENCY: &[&str] = &["currency"];
const INVOICE_MONTH: &[&str] = &["invoice_month", "invoice.month"];
const USAGE_START: &[&str] = &["usage_start_time"];
const USAGE_END: &[&str] = &["usage_end_time"];
const SERVICE: &[&str] = &["service_description", "service.description"];
const DETAILED: &[&str] = &[
    "resource_name",
    "resource.name",
    "resource_global_name",
    "resource.global_name",
    "price_effective_price",
    "price.effective_price",
];

impl Format for Gcp {
    fn id(&self) -> FormatId {
        FormatId::Gcp
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        let core = [BILLING_ACCOUNT, COST, INVOICE_MONTH, USAGE_START]
            .iter()
            .filter(|a| h.find(a).is_some())
            .count();
        let service = h.count_present(&[
            "service_description",
            "service.description",
            "service_id",
            "service.id",
            "sku_id",
            "sku.id",
        ]);
        if core < 4 || service == 0 {
            return None;
        }
        let detailed = h.count_present(DETAILED) > 0;
        Some(Detected {
            score: 95,
            variant: if detailed {
                "detailed usage cost"
            } else {
                "standard usage cost"
            }
            .to_string(),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(GcpMapper::bind(h)?))
    }
}

/// The columns every row needs.
struct Required {
    billing_account: Col,
    service: Col,
    cost: Col,
    currency: Col,
    invoice_month: Col,
    usage_start: Col,
    usage_end: Col,
}

/// The service, the SKU and who sells it.
struct ServiceCols {
    id: Option<Col>,
    sku_id: Option<Col>,
    sku_description: Option<Col>,
    transaction_type: Option<Col>,
    seller_name: Option<Col>,
}

/// The project (the sub-account), its labels and the resource's.
struct ProjectCols {
    id: Option<Col>,
    name: Option<Col>,
    labels: Option<Col>,
    tags: Option<Col>,
    resource_labels: Option<Col>,
}

/// Where the resource is, and what it is.
struct ResourceCols {
    location: Option<Col>,
    region: Option<Col>,
    zone: Option<Col>,
    name: Option<Col>,
    global_name: Option<Col>,
}

/// Usage, its units and prices.
struct UsageCols {
    amount: Option<Col>,
    unit: Option<Col>,
    pricing_amount: Option<Col>,
    pricing_unit: Option<Col>,
    price_unit: Option<Col>,
    effective_price: Option<Col>,
    cost_at_list: Option<Col>,
}

/// What kind of cost the row is, and what reduces it.
struct ChargeCols {
    credits: Option<Col>,
    cost_type: Option<Col>,
    adjustment_id: Option<Col>,
    subscription_id: Option<Col>,
}

struct GcpMapper {
    required: Required,
    service: ServiceCols,
    project: ProjectCols,
    resource: ResourceCols,
    usage: UsageCols,
    charge: ChargeCols,
    extras: Vec<(Col, String)>,
}

/// Native columns FOCUS has no place for, kept under `x_` keys.
const KEPT: &[(&[&str], &str)] = &[
    (&["project_number", "project.number"], "x_ProjectNumber"),
    (
        &["project_ancestry_numbers", "project.ancestry_numbers"],
        "x_ProjectAncestryNumbers",
    ),
    (
        &["project_ancestors", "project.ancestors"],
        "x_ProjectAncestors",
    ),
    (&["system_labels"], "x_SystemLabels"),
    (&["location_country", "location.country"], "x_Country"),
    (&["currency_conversion_rate"], "x_CurrencyConversionRate"),
    (
        &["invoice_publisher_type", "invoice.publisher_type"],
        "x_InvoicePublisherType",
    ),
    (
        &["adjustment_info_description", "adjustment_info.description"],
        "x_AdjustmentDescription",
    ),
    (
        &["adjustment_info_mode", "adjustment_info.mode"],
        "x_AdjustmentMode",
    ),
    (
        &["adjustment_info_type", "adjustment_info.type"],
        "x_AdjustmentType",
    ),
    (
        &["price_tier_start_amount", "price.tier_start_amount"],
        "x_PriceTierStartAmount",
    ),
    (
        &["price_pricing_unit_quantity", "price.pricing_unit_quantity"],
        "x_PricePricingUnitQuantity",
    ),
    (&["export_time"], "x_ExportTime"),
    (
        &["consumption_model_id", "consumption_model.id"],
        "x_ConsumptionModelId",
    ),
    (
        &[
            "consumption_model_description",
            "consumption_model.description",
        ],
        "x_ConsumptionModelDescription",
    ),
];

impl GcpMapper {
    fn bind(h: &Header) -> Result<Self, HeaderError> {
        let mut b = Binder::new(h);
        let required = Required {
            billing_account: b.require(BILLING_ACCOUNT)?,
            service: b.require(SERVICE)?,
            cost: b.require(COST)?,
            currency: b.require(CURRENCY)?,
            invoice_month: b.require(INVOICE_MONTH)?,
            usage_start: b.require(USAGE_START)?,
            usage_end: b.require(USAGE_END)?,
        };
        let service = ServiceCols {
            id: b.keep(&["service_id", "service.id"], "x_ServiceId"),
            sku_id: b.find(&["sku_id", "sku.id"]),
            sku_description: b.find(&["sku_description", "sku.description"]),
            transaction_type: b.keep(&["transaction_type"], "x_TransactionType"),
            seller_name: b.keep(&["seller_name"], "x_SellerName"),
        };
        let project = ProjectCols {
            id: b.find(&["project_id", "project.id"]),
            name: b.find(&["project_name", "project.name"]),
            labels: b.find(&["project_labels", "project.labels"]),
            tags: b.find(&["tags"]),
            resource_labels: b.find(&["labels"]),
        };
        let resource = ResourceCols {
            location: b.keep(&["location_location", "location.location"], "x_Location"),
            region: b.find(&["location_region", "location.region"]),
            zone: b.find(&["location_zone", "location.zone"]),
            name: b.find(&["resource_name", "resource.name"]),
            global_name: b.find(&["resource_global_name", "resource.global_name"]),
        };
        let usage = UsageCols {
            amount: b.find(&["usage_amount", "usage.amount"]),
            unit: b.find(&["usage_unit", "usage.unit"]),
            pricing_amount: b.find(&[
                "usage_amount_in_pricing_units",
                "usage.amount_in_pricing_units",
            ]),
            pricing_unit: b.find(&["usage_pricing_unit", "usage.pricing_unit"]),
            price_unit: b.find(&["price_unit", "price.unit"]),
            effective_price: b.find(&["price_effective_price", "price.effective_price"]),
            cost_at_list: b.find(&["cost_at_list"]),
        };
        let charge = ChargeCols {
            credits: b.keep(&["credits"], "x_Credits"),
            cost_type: b.keep(&["cost_type"], "x_CostType"),
            adjustment_id: b.keep(
                &["adjustment_info_id", "adjustment_info.id"],
                "x_AdjustmentId",
            ),
            subscription_id: b.find(&["subscription_instance_id", "subscription.instance_id"]),
        };
        for (aliases, key) in KEPT {
            b.keep(aliases, key);
        }
        Ok(Self {
            required,
            service,
            project,
            resource,
            usage,
            charge,
            extras: b.into_extras(),
        })
    }
}

/// A row's billing and charge periods.
#[derive(Clone, Copy)]
struct Periods {
    billing: (i64, i64),
    charge: (i64, i64),
}

impl RowMapper for GcpMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let billing = self.invoice_period(row)?;
        let cost = row.require_decimal(self.required.cost)?;
        let currency = super::focus::currency_noted(row, self.required.currency, out)?;
        let periods = Periods {
            billing,
            charge: self.charge_period(row)?,
        };
        let credits = self.credits(row)?;
        let category = self.category(row)?;
        let cud = credits
            .iter()
            .find_map(|cr| commitment_category(cr.kind.as_deref()).map(|cat| (cat, cr)));
        let mut dims = self.dims(row, category, currency)?;
        let subscription = row.string(self.charge.subscription_id);
        let status = self.commitment_dims(row, &mut dims, category, subscription.as_ref(), cud);
        dims.tags = self.tags(row)?;
        let mut pricing_quantity = row.decimal(self.usage.pricing_amount)?;
        let mut consumed_quantity = row
            .decimal(self.usage.amount)?
            .filter(|_| category == ChargeCategory::Usage);
        super::pair_units(&mut dims, &mut pricing_quantity, &mut consumed_quantity);
        let credit_dims: Vec<(LineDims, &Credit)> = credits
            .iter()
            .filter(|cr| !cr.amount.is_zero())
            .map(|cr| (cr.dims(&dims, subscription.as_ref()), cr))
            .collect();
        let dims = out.dims(dims);
        let usage_line = CostLine {
            list_cost: row.decimal(self.usage.cost_at_list)?.unwrap_or(cost),
            pricing_quantity,
            consumed_quantity,
            contracted_unit_price: row.decimal(self.usage.effective_price)?,
            commitment_discount_status: status,
            extras: binder::extras_json(row, &self.extras, Map::new()),
            ..super::cost_line(dims, periods.billing, periods.charge, cost, row.line)
        };
        out.push(usage_line);
        let mut total = cost;
        for (d, cr) in credit_dims {
            total += cr.amount;
            let dims = out.dims(d);
            out.push(CostLine {
                extras: cr.extras(),
                ..super::cost_line(dims, periods.billing, periods.charge, cr.amount, row.line)
            });
        }
        out.source = Some(SourceAmount {
            billing_period_start: periods.billing.0,
            currency: currency.to_string(),
            amount: total,
        });
        Ok(())
    }
}

impl GcpMapper {
    fn invoice_period(&self, row: &Row<'_>) -> Result<(i64, i64), CellError> {
        let col = self.required.invoice_month;
        let month = row.require(col)?;
        lookup::invoice_period(month).ok_or_else(|| {
            CellError::new(
                row.header.name(col),
                month,
                "an invoice month such as 202501",
            )
        })
    }

    fn charge_period(&self, row: &Row<'_>) -> Result<(i64, i64), CellError> {
        let start = row.require_time(self.required.usage_start, Zone::Utc)?;
        let end = row.require_time(self.required.usage_end, Zone::Utc)?;
        if end <= start {
            return Err(row.invalid(
                self.required.usage_end,
                "a usage_end_time later than usage_start_time",
            ));
        }
        Ok((start, end))
    }

    fn credits(&self, row: &Row<'_>) -> Result<Vec<Credit>, CellError> {
        match self
            .charge
            .credits
            .and_then(|col| row.str(col).map(|t| (col, t)))
        {
            Some((col, t)) => {
                parse_credits(t).map_err(|e| CellError::new(row.header.name(col), t, e))
            }
            None => Ok(Vec::new()),
        }
    }

    /// ChargeCategory from `cost_type`; commitment fee rows (`Commitment
    /// v1: …` SKUs) are purchases.
    fn category(&self, row: &Row<'_>) -> Result<ChargeCategory, CellError> {
        let sku_description = row.opt(self.service.sku_description);
        Ok(
            match row
                .opt(self.charge.cost_type)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                None | Some("regular") => {
                    if sku_description.is_some_and(|s| s.starts_with("Commitment")) {
                        ChargeCategory::Purchase
                    } else {
                        ChargeCategory::Usage
                    }
                }
                Some("tax") => ChargeCategory::Tax,
                Some("adjustment" | "rounding_error") => ChargeCategory::Adjustment,
                Some(_) => {
                    let col = self.charge.cost_type.unwrap_or(self.required.cost);
                    return Err(row.invalid(col, "one of regular, tax, adjustment, rounding_error"));
                }
            },
        )
    }

    /// Everything about the usage line but its commitment and tags.
    fn dims(
        &self,
        row: &Row<'_>,
        category: ChargeCategory,
        currency: &str,
    ) -> Result<LineDims, CellError> {
        let (s, p, r, u) = (&self.service, &self.project, &self.resource, &self.usage);
        let service = row.require(self.required.service)?;
        let service_category = lookup::service_category(service, row.opt(s.id));
        let mut dims = LineDims::new(
            PROVIDER,
            row.require(self.required.billing_account)?,
            currency,
            service,
            service_category,
            category,
        );
        dims.service_subcategory = Some(category::service_subcategory(
            service_category,
            &[Some(service)],
        ));
        dims.billing_account_type = Some("Billing Account".to_string());
        if row
            .opt(s.transaction_type)
            .is_some_and(|t| !t.eq_ignore_ascii_case("GOOGLE"))
        {
            if let Some(seller) = row.opt(s.seller_name) {
                dims.publisher_name = seller.to_string();
            }
        }
        dims.sub_account_id = row.string(p.id);
        dims.sub_account_name = row.string(p.name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Project".to_string());
        }
        dims.charge_class = row
            .opt(self.charge.adjustment_id)
            .map(|_| ChargeClass::Correction);
        dims.charge_frequency = Some(match category {
            ChargeCategory::Purchase | ChargeCategory::Tax => ChargeFrequency::Recurring,
            ChargeCategory::Adjustment | ChargeCategory::Credit => ChargeFrequency::OneTime,
            ChargeCategory::Usage => ChargeFrequency::UsageBased,
        });
        let sku_description = row.opt(s.sku_description);
        dims.charge_description = sku_description.map(str::to_string);
        dims.region_id = row.string(r.region).or_else(|| row.string(r.location));
        dims.region_name = dims.region_id.as_deref().map(lookup::region_name);
        dims.availability_zone = row.string(r.zone);
        let global = row.opt(r.global_name);
        dims.resource_id = global.or_else(|| row.opt(r.name)).map(str::to_string);
        dims.resource_name = row.string(r.name);
        dims.resource_type = global.and_then(lookup::resource_type);
        dims.sku_id = row.string(s.sku_id);
        dims.sku_meter = sku_description
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        // Prices are in the billing currency (converted from USD list
        // prices at the row's currency_conversion_rate).
        dims.pricing_currency = Some(currency.to_string());
        dims.pricing_unit = row
            .string(u.pricing_unit)
            .or_else(|| row.string(u.price_unit));
        dims.consumed_unit = row.string(u.unit);
        Ok(dims)
    }

    /// PricingCategory and the commitment: a commitment fee buys one; a
    /// committed use discount credit marks the usage it covers.
    fn commitment_dims(
        &self,
        row: &Row<'_>,
        dims: &mut LineDims,
        category: ChargeCategory,
        subscription: Option<&String>,
        cud: Option<(&'static str, &Credit)>,
    ) -> Option<String> {
        let sku_description = row.opt(self.service.sku_description);
        dims.pricing_category = match category {
            ChargeCategory::Usage if cud.is_some() => Some(PricingCategory::Committed),
            ChargeCategory::Usage
                if sku_description
                    .is_some_and(|s| s.contains("Spot") || s.contains("Preemptible")) =>
            {
                Some(PricingCategory::Dynamic)
            }
            ChargeCategory::Usage | ChargeCategory::Purchase => Some(PricingCategory::Standard),
            _ => None,
        };
        if category == ChargeCategory::Purchase {
            dims.commitment_discount_id = subscription.cloned();
            if dims.commitment_discount_id.is_some() {
                // `Commitment v1: Cpu in …` buys resources, `Commitment -
                // dollar based v1: …` spend.
                let spend = sku_description
                    .is_some_and(|d| d.to_ascii_lowercase().contains("dollar based"));
                dims.commitment_discount_category =
                    Some(if spend { "Spend" } else { "Usage" }.to_string());
                dims.commitment_discount_type = Some("Committed Use Discount".to_string());
            }
            None
        } else if let Some((cd_category, credit)) = cud {
            dims.commitment_discount_id = subscription.cloned().or_else(|| credit.id.clone());
            dims.commitment_discount_category = Some(cd_category.to_string());
            dims.commitment_discount_type = Some("Committed Use Discount".to_string());
            Some("Used".to_string())
        } else {
            None
        }
    }

    /// Project labels, then resource manager tags, then resource labels:
    /// a resource's own label wins over an inherited one with the same key.
    fn tags(&self, row: &Row<'_>) -> Result<Tags, CellError> {
        let p = &self.project;
        let mut tags = Tags::new();
        for col in [p.labels, p.tags, p.resource_labels].into_iter().flatten() {
            if let Some(t) = row.str(col) {
                let parsed = crate::tags::from_json_any(t).ok_or_else(|| {
                    CellError::new(
                        row.header.name(col),
                        t,
                        "a JSON array of {\"key\", \"value\"} objects",
                    )
                })?;
                tags.extend(parsed);
            }
        }
        Ok(tags)
    }
}
