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

use chrono::TimeZone;
use chrono_tz::America::Los_Angeles;
use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory,
    Provenance, Tags,
};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::binder::{self, Binder};
use super::category;
use super::{Detected, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::{self, Zone};

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

struct GcpMapper {
    billing_account: Col,
    service: Col,
    cost: Col,
    currency: Col,
    invoice_month: Col,
    usage_start: Col,
    usage_end: Col,
    c: Cols,
    extras: Vec<(Col, String)>,
}

struct Cols {
    service_id: Option<Col>,
    sku_id: Option<Col>,
    sku_description: Option<Col>,
    project_id: Option<Col>,
    project_name: Option<Col>,
    project_labels: Option<Col>,
    labels: Option<Col>,
    tags: Option<Col>,
    location: Option<Col>,
    region: Option<Col>,
    zone: Option<Col>,
    resource_name: Option<Col>,
    resource_global_name: Option<Col>,
    usage_amount: Option<Col>,
    usage_unit: Option<Col>,
    pricing_amount: Option<Col>,
    pricing_unit: Option<Col>,
    credits: Option<Col>,
    cost_type: Option<Col>,
    adjustment_id: Option<Col>,
    transaction_type: Option<Col>,
    seller_name: Option<Col>,
    cost_at_list: Option<Col>,
    effective_price: Option<Col>,
    price_unit: Option<Col>,
    subscription_id: Option<Col>,
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
        let billing_account = b.require(BILLING_ACCOUNT)?;
        let service = b.require(SERVICE)?;
        let cost = b.require(COST)?;
        let currency = b.require(CURRENCY)?;
        let invoice_month = b.require(INVOICE_MONTH)?;
        let usage_start = b.require(USAGE_START)?;
        let usage_end = b.require(USAGE_END)?;
        let c = Cols {
            service_id: b.keep(&["service_id", "service.id"], "x_ServiceId"),
            sku_id: b.find(&["sku_id", "sku.id"]),
            sku_description: b.find(&["sku_description", "sku.description"]),
            project_id: b.find(&["project_id", "project.id"]),
            project_name: b.find(&["project_name", "project.name"]),
            project_labels: b.find(&["project_labels", "project.labels"]),
            labels: b.find(&["labels"]),
            tags: b.find(&["tags"]),
            location: b.keep(&["location_location", "location.location"], "x_Location"),
            region: b.find(&["location_region", "location.region"]),
            zone: b.find(&["location_zone", "location.zone"]),
            resource_name: b.find(&["resource_name", "resource.name"]),
            resource_global_name: b.find(&["resource_global_name", "resource.global_name"]),
            usage_amount: b.find(&["usage_amount", "usage.amount"]),
            usage_unit: b.find(&["usage_unit", "usage.unit"]),
            pricing_amount: b.find(&[
                "usage_amount_in_pricing_units",
                "usage.amount_in_pricing_units",
            ]),
            pricing_unit: b.find(&["usage_pricing_unit", "usage.pricing_unit"]),
            credits: b.keep(&["credits"], "x_Credits"),
            cost_type: b.keep(&["cost_type"], "x_CostType"),
            adjustment_id: b.keep(
                &["adjustment_info_id", "adjustment_info.id"],
                "x_AdjustmentId",
            ),
            transaction_type: b.keep(&["transaction_type"], "x_TransactionType"),
            seller_name: b.keep(&["seller_name"], "x_SellerName"),
            cost_at_list: b.find(&["cost_at_list"]),
            effective_price: b.find(&["price_effective_price", "price.effective_price"]),
            price_unit: b.find(&["price_unit", "price.unit"]),
            subscription_id: b.find(&["subscription_instance_id", "subscription.instance_id"]),
        };
        for (aliases, key) in KEPT {
            b.keep(aliases, key);
        }
        Ok(Self {
            billing_account,
            service,
            cost,
            currency,
            invoice_month,
            usage_start,
            usage_end,
            c,
            extras: b.into_extras(),
        })
    }
}

/// The billing period of an invoice month: that month in Pacific time,
/// as UTC instants.
pub(crate) fn invoice_period(month: &str) -> Option<(i64, i64)> {
    let first = parse::month(month)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let at = |d: chrono::NaiveDate| {
        Los_Angeles
            .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .single()
            .map(|t| t.timestamp())
    };
    Some((at(first)?, at(next)?))
}

/// One entry of the `credits` array.
struct Credit {
    amount: Decimal,
    name: Option<String>,
    full_name: Option<String>,
    id: Option<String>,
    kind: Option<String>,
}

const CREDITS_EXPECTED: &str =
    "a JSON array of credits such as [{\"name\": \"…\", \"amount\": -1.25, \"type\": \"PROMOTION\"}]";

/// Parses the `credits` cell. Amounts are read from their JSON text, never
/// through a binary float, so `-0.1` stays exactly `-0.1`.
fn parse_credits(text: &str) -> Result<Vec<Credit>, String> {
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
fn commitment_category(kind: Option<&str>) -> Option<&'static str> {
    match kind? {
        "COMMITTED_USAGE_DISCOUNT" => Some("Usage"),
        "COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE" => Some("Spend"),
        _ => None,
    }
}

/// `//compute.googleapis.com/projects/p/zones/z/instances/123` →
/// `compute.googleapis.com/instances`.
fn resource_type(global_name: &str) -> Option<String> {
    let rest = global_name.strip_prefix("//")?;
    let mut parts = rest.split('/');
    let host = parts.next().filter(|h| !h.is_empty())?;
    let segments: Vec<&str> = parts.collect();
    let collection = segments
        .len()
        .checked_sub(2)
        .and_then(|i| segments.get(i))?;
    Some(format!("{host}/{collection}"))
}

impl GcpMapper {
    fn tags(&self, row: &Row<'_>) -> Result<Tags, CellError> {
        let mut tags = Tags::new();
        for col in [self.c.project_labels, self.c.tags, self.c.labels]
            .into_iter()
            .flatten()
        {
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

impl RowMapper for GcpMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let c = &self.c;
        let month_text = row.require(self.invoice_month)?;
        let (bp_start, bp_end) = invoice_period(month_text).ok_or_else(|| {
            CellError::new(
                row.header.name(self.invoice_month),
                month_text,
                "an invoice month such as 202501",
            )
        })?;
        let cost = row.require_decimal(self.cost)?;
        let currency = super::focus::currency_code(row, self.currency)?;
        let cp_start = row.require_time(self.usage_start, Zone::Utc)?;
        let cp_end = row.require_time(self.usage_end, Zone::Utc)?;
        if cp_end <= cp_start {
            return Err(row.invalid(
                self.usage_end,
                "a usage_end_time later than usage_start_time",
            ));
        }
        let credits = match c.credits.and_then(|col| row.str(col).map(|t| (col, t))) {
            Some((col, t)) => {
                parse_credits(t).map_err(|e| CellError::new(row.header.name(col), t, e))?
            }
            None => Vec::new(),
        };

        let sku_description = row.opt(c.sku_description);
        let cost_type = row.opt(c.cost_type);
        let category = match cost_type.map(str::to_ascii_lowercase).as_deref() {
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
                let col = c.cost_type.unwrap_or(self.cost);
                return Err(row.invalid(col, "one of regular, tax, adjustment, rounding_error"));
            }
        };
        let cud = credits
            .iter()
            .find_map(|cr| commitment_category(cr.kind.as_deref()).map(|cat| (cat, cr)));

        let service = row.require(self.service)?;
        let service_id = row.opt(c.service_id);
        let service_category = service_category(service, service_id);
        let mut dims = LineDims::new(
            PROVIDER,
            row.require(self.billing_account)?,
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
        let transaction = row.opt(c.transaction_type);
        if transaction.is_some_and(|t| !t.eq_ignore_ascii_case("GOOGLE")) {
            if let Some(seller) = row.opt(c.seller_name) {
                dims.publisher_name = seller.to_string();
            }
        }
        dims.sub_account_id = row.string(c.project_id);
        dims.sub_account_name = row.string(c.project_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Project".to_string());
        }
        dims.charge_class = row.opt(c.adjustment_id).map(|_| ChargeClass::Correction);
        dims.charge_frequency = Some(match category {
            ChargeCategory::Purchase | ChargeCategory::Tax => ChargeFrequency::Recurring,
            ChargeCategory::Adjustment | ChargeCategory::Credit => ChargeFrequency::OneTime,
            ChargeCategory::Usage => ChargeFrequency::UsageBased,
        });
        dims.charge_description = sku_description.map(str::to_string);
        dims.region_id = row.string(c.region).or_else(|| row.string(c.location));
        dims.region_name = dims.region_id.as_deref().map(region_name);
        dims.availability_zone = row.string(c.zone);
        let global = row.opt(c.resource_global_name);
        dims.resource_id = global
            .or_else(|| row.opt(c.resource_name))
            .map(str::to_string);
        dims.resource_name = row.string(c.resource_name);
        dims.resource_type = global.and_then(resource_type);
        dims.sku_id = row.string(c.sku_id);
        dims.sku_meter = sku_description
            .filter(|_| dims.sku_id.is_some())
            .map(str::to_string);
        // Prices are in the billing currency (converted from USD list
        // prices at the row's currency_conversion_rate).
        dims.pricing_currency = Some(currency.to_string());
        dims.pricing_unit = row
            .string(c.pricing_unit)
            .or_else(|| row.string(c.price_unit));
        dims.consumed_unit = row.string(c.usage_unit);
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
        let subscription = row.string(c.subscription_id);
        let mut status = None;
        if category == ChargeCategory::Purchase {
            dims.commitment_discount_id = subscription.clone();
            if dims.commitment_discount_id.is_some() {
                // `Commitment v1: Cpu in …` buys resources, `Commitment -
                // dollar based v1: …` spend.
                let spend = sku_description
                    .is_some_and(|d| d.to_ascii_lowercase().contains("dollar based"));
                dims.commitment_discount_category =
                    Some(if spend { "Spend" } else { "Usage" }.to_string());
                dims.commitment_discount_type = Some("Committed Use Discount".to_string());
            }
        } else if let Some((cd_category, credit)) = cud {
            dims.commitment_discount_id = subscription.clone().or_else(|| credit.id.clone());
            dims.commitment_discount_category = Some(cd_category.to_string());
            dims.commitment_discount_type = Some("Committed Use Discount".to_string());
            status = Some("Used".to_string());
        }
        dims.tags = self.tags(row)?;

        let mut pricing_quantity = row.decimal(c.pricing_amount)?;
        let mut consumed_quantity = row
            .decimal(c.usage_amount)?
            .filter(|_| category == ChargeCategory::Usage);
        super::pair_units(&mut dims, &mut pricing_quantity, &mut consumed_quantity);
        let credit_dims: Vec<(LineDims, &Credit)> = credits
            .iter()
            .filter(|cr| !cr.amount.is_zero())
            .map(|cr| {
                let mut d = dims.clone();
                d.charge_category = ChargeCategory::Credit;
                // A credit recurs as the charge it reduces does.
                d.pricing_category = None;
                d.charge_description = cr.full_name.clone().or_else(|| cr.name.clone());
                d.consumed_unit = None;
                d.pricing_unit = None;
                match commitment_category(cr.kind.as_deref()) {
                    Some(cd_category) => {
                        d.commitment_discount_id = subscription.clone().or_else(|| cr.id.clone());
                        d.commitment_discount_category = Some(cd_category.to_string());
                        d.commitment_discount_type = Some("Committed Use Discount".to_string());
                    }
                    None => {
                        d.commitment_discount_id = None;
                        d.commitment_discount_category = None;
                        d.commitment_discount_type = None;
                    }
                }
                (d, cr)
            })
            .collect();

        let usage_line = CostLine {
            dims: out.dims(dims),
            billing_period_start: bp_start,
            billing_period_end: bp_end,
            charge_period_start: cp_start,
            charge_period_end: cp_end,
            billed_cost: cost,
            effective_cost: cost,
            list_cost: row.decimal(c.cost_at_list)?.unwrap_or(cost),
            contracted_cost: cost,
            pricing_quantity,
            consumed_quantity,
            list_unit_price: None,
            contracted_unit_price: row.decimal(c.effective_price)?,
            commitment_discount_status: status,
            commitment_discount_quantity: None,
            capacity_reservation_status: None,
            invoice_id: None,
            extras: binder::extras_json(row, &self.extras, Map::new()),
            provenance: Provenance {
                source_row: row.line,
            },
        };
        let mut total = cost;
        out.push(usage_line);
        for (d, cr) in credit_dims {
            total += cr.amount;
            let mut x = Map::new();
            for (key, v) in [
                ("x_CreditName", &cr.name),
                ("x_CreditFullName", &cr.full_name),
                ("x_CreditId", &cr.id),
                ("x_CreditType", &cr.kind),
            ] {
                if let Some(v) = v {
                    x.insert(key.to_string(), Value::String(v.clone()));
                }
            }
            let dims = out.dims(d);
            out.push(CostLine {
                dims,
                billing_period_start: bp_start,
                billing_period_end: bp_end,
                charge_period_start: cp_start,
                charge_period_end: cp_end,
                billed_cost: cr.amount,
                effective_cost: cr.amount,
                list_cost: cr.amount,
                contracted_cost: cr.amount,
                pricing_quantity: None,
                consumed_quantity: None,
                list_unit_price: None,
                contracted_unit_price: None,
                commitment_discount_status: None,
                commitment_discount_quantity: None,
                capacity_reservation_status: None,
                invoice_id: None,
                extras: (!x.is_empty()).then(|| Value::Object(x).to_string()),
                provenance: Provenance {
                    source_row: row.line,
                },
            });
        }
        out.source = Some(SourceAmount {
            billing_period_start: bp_start,
            currency: currency.to_string(),
            amount: total,
        });
        Ok(())
    }
}

/// The name of a Google Cloud location: the city or area Google names it
/// by, else the id itself (FOCUS wants a RegionName wherever there is a
/// RegionId).
fn region_name(id: &str) -> String {
    REGION_NAMES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| *name)
        .to_string()
}

/// Google Cloud regions and multi-regions with the names Google's
/// locations page gives them.
const REGION_NAMES: &[(&str, &str)] = &[
    ("global", "Global"),
    ("us", "United States"),
    ("eu", "European Union"),
    ("asia", "Asia"),
    ("us-central1", "Iowa"),
    ("us-east1", "South Carolina"),
    ("us-east4", "Northern Virginia"),
    ("us-east5", "Columbus"),
    ("us-south1", "Dallas"),
    ("us-west1", "Oregon"),
    ("us-west2", "Los Angeles"),
    ("us-west3", "Salt Lake City"),
    ("us-west4", "Las Vegas"),
    ("northamerica-northeast1", "Montreal"),
    ("northamerica-northeast2", "Toronto"),
    ("northamerica-south1", "Queretaro"),
    ("southamerica-east1", "Sao Paulo"),
    ("southamerica-west1", "Santiago"),
    ("europe-central2", "Warsaw"),
    ("europe-north1", "Finland"),
    ("europe-north2", "Stockholm"),
    ("europe-southwest1", "Madrid"),
    ("europe-west1", "Belgium"),
    ("europe-west2", "London"),
    ("europe-west3", "Frankfurt"),
    ("europe-west4", "Netherlands"),
    ("europe-west6", "Zurich"),
    ("europe-west8", "Milan"),
    ("europe-west9", "Paris"),
    ("europe-west10", "Berlin"),
    ("europe-west12", "Turin"),
    ("asia-east1", "Taiwan"),
    ("asia-east2", "Hong Kong"),
    ("asia-northeast1", "Tokyo"),
    ("asia-northeast2", "Osaka"),
    ("asia-northeast3", "Seoul"),
    ("asia-south1", "Mumbai"),
    ("asia-south2", "Delhi"),
    ("asia-southeast1", "Singapore"),
    ("asia-southeast2", "Jakarta"),
    ("australia-southeast1", "Sydney"),
    ("australia-southeast2", "Melbourne"),
    ("me-central1", "Doha"),
    ("me-central2", "Dammam"),
    ("me-west1", "Tel Aviv"),
    ("africa-south1", "Johannesburg"),
];

/// FOCUS ServiceCategory for a service description: the FOCUS converters'
/// GCP table, else by keyword.
fn service_category(description: &str, service_id: Option<&str>) -> &'static str {
    SERVICE_CATEGORIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(description))
        .map(|(_, cat)| *cat)
        .unwrap_or_else(|| category::service_category(&[Some(description), service_id]))
}

/// Service description → ServiceCategory, from the FinOps Foundation's
/// focus_converters `gcp_category_mapping.csv` (MIT licence, © 2023 FinOps
/// Foundation).
const SERVICE_CATEGORIES: &[(&str, &str)] = &[
    ("Directions API", "Integration"),
    ("Distance Matrix API", "Integration"),
    ("Maps Elevation API", "Integration"),
    ("Geocoding API", "Integration"),
    ("Geolocation API", "Integration"),
    ("Google Maps Mobile SDK", "Integration"),
    ("Roads API", "Integration"),
    ("Maps Static API", "Integration"),
    ("Time Zone API", "Integration"),
    ("Custom Search", "Integration"),
    ("Places API", "Integration"),
    ("Prediction", "AI and Machine Learning"),
    ("Street View Static API", "Integration"),
    ("Translate", "Developer Tools"),
    ("App Engine", "Compute"),
    ("BigQuery", "Databases"),
    ("Cloud DNS", "Networking"),
    ("Cloud SQL", "Databases"),
    ("Cloud Storage", "Storage"),
    ("Compute Engine", "Compute"),
    ("Actifio GO", "Security"),
    ("Vertex AI", "AI and Machine Learning"),
    ("Anthos", "Compute"),
    ("Anthos Config Management", "Compute"),
    ("API Gateway", "Integration"),
    (
        "Google Cloud Platform Apigee team Apigee Developer Portal",
        "Integration",
    ),
    ("Artifact Registry", "Compute"),
    ("Cloud AutoML", "AI and Machine Learning"),
    ("BigQuery BI Engine", "Analytics"),
    ("BigQuery Data Transfer Service", "Migration"),
    ("BigQuery Reservation API", "Analytics"),
    ("BigQuery Storage API", "Storage"),
    ("Cloud Bigtable", "Databases"),
    ("Networking", "Networking"),
    ("Binary Authorization", "Security"),
    ("Cloud Build", "Developer Tools"),
    ("Cloud Functions", "Compute"),
    ("Cloud IoT Core", "Internet of Things"),
    ("Cloud Key Management Service (KMS)", "Security"),
    ("Cloud Optimization", "AI and Machine Learning"),
    ("Cloud Scheduler", "Developer Tools"),
    ("Cloud Tasks", "Developer Tools"),
    ("Stackdriver Trace", "Compute"),
    ("Cloud Composer", "Analytics"),
    ("Confidential Computing", "Compute"),
    ("Contact Center AI Insights", "AI and Machine Learning"),
    ("Kubernetes Engine", "Compute"),
    ("Container Registry Vulnerability Scanning", "Security"),
    ("Data Catalog", "Analytics"),
    ("Cloud Dataflow", "Analytics"),
    ("Cloud Data Fusion", "Analytics"),
    ("Cloud Data Labeling Service", "AI and Machine Learning"),
    (
        "Google Cloud Platform Financial Services team Datashare",
        "Management and Governance",
    ),
    ("Datastream", "Databases"),
    ("Cloud Dialogflow API", "Integration"),
    ("Cloud Data Loss Prevention", "Security"),
    ("Cloud Document API", "Integration"),
    ("Cloud Document AI API", "Integration"),
    ("Cloud Domains", "Web"),
    ("Enterprise Agreement", "Management and Governance"),
    ("Elastifile Cloud File System", "Storage"),
    ("Cloud Filestore", "Storage"),
    ("Firebase", "Mobile"),
    ("Firebase Auth", "Security"),
    ("Firebase Realtime Database", "Databases"),
    ("Firebase Hosting", "Mobile"),
    ("Game Services API", "Integration"),
    (
        "Google Quickstart Simple pre-configured Debian VM",
        "Compute",
    ),
    ("Genomics", "AI and Machine Learning"),
    ("Backup for GKE", "Storage"),
    ("Cloud Healthcare", "Integration"),
    ("BeyondCorp Enterprise", "Security"),
    ("Identity Platform", "Security"),
    ("Cloud IDS", "Security"),
    ("Cloud Talent Solution", "AI and Machine Learning"),
    ("Cloud Natural Language", "AI and Machine Learning"),
    ("Live Stream API", "Integration"),
    ("Cloud Logging", "Management and Governance"),
    ("Looker Data Platform SaaS", "Analytics"),
    ("Maps Embed API", "Integration"),
    ("Cloud Media Translation API", "Integration"),
    ("Cloud Memorystore for Memcached", "Databases"),
    ("Anthos Service Mesh", "Management and Governance"),
    ("Dataproc Metastore", "Storage"),
    ("Cloud Machine Learning Engine", "AI and Machine Learning"),
    ("Stackdriver Monitoring", "Compute"),
    ("MultiClusterIngress", "Compute"),
    ("Notebooks", "AI and Machine Learning"),
    ("Google Cloud Vision OCR On-Prem", "AI and Machine Learning"),
    ("On-Demand Scanning", "Security"),
    ("VM Manager", "Compute"),
    ("Certificate Authority Service", "Security"),
    ("Programmable Search Element", "Integration"),
    ("Cloud Pub/Sub", "Integration"),
    ("Pub/Sub Lite", "Integration"),
    ("reCAPTCHA Enterprise", "Security"),
    ("Recommendations AI", "AI and Machine Learning"),
    ("Cloud Memorystore for Redis", "Databases"),
    ("Remote Build Execution", "Developer Tools"),
    ("Cloud Run", "Compute"),
    ("Secret Manager", "Security"),
    ("Security Command Center", "Security"),
    ("Google Service Control", "Networking"),
    ("Source Repository", "Developer Tools"),
    ("Cloud Spanner", "Databases"),
    ("Speaker ID", "AI and Machine Learning"),
    ("Cloud Speech API", "Integration"),
    ("Transfer Service", "Storage"),
    (
        "Google Click to Deploy Deep Learning VM",
        "AI and Machine Learning",
    ),
    ("Firebase Test Lab", "Mobile"),
    ("Cloud Text-to-Speech API", "Integration"),
    ("Cloud TPU", "AI and Machine Learning"),
    ("Transcode API", "Integration"),
    ("Transcoder API", "Integration"),
    ("Transfer Appliance", "Migration"),
    ("Maps SDK for Unity", "Integration"),
    ("Cloud Video Intelligence API", "Integration"),
    ("Video Stitcher API", "Integration"),
    ("Cloud Vision API", "Integration"),
    ("VMware Engine", "Compute"),
    ("Web Risk", "Security"),
    ("Workflows", "Developer Tools"),
    ("Zync", "Media"),
    ("Cloud CDN", "Networking"),
    ("Stackdriver", "Management and Governance"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_months_are_pacific_months() {
        // PST in winter: midnight is 08:00 UTC.
        assert_eq!(
            invoice_period("202501"),
            Some((1_735_718_400, 1_738_396_800))
        );
        // PDT from March: midnight is 07:00 UTC.
        assert_eq!(invoice_period("202504").map(|p| p.0), Some(1_743_490_800));
        assert_eq!(invoice_period("2025-13"), None);
    }

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

    #[test]
    fn resource_types_from_global_names() {
        assert_eq!(
            resource_type("//compute.googleapis.com/projects/p/zones/us-central1-a/instances/123")
                .as_deref(),
            Some("compute.googleapis.com/instances")
        );
        assert_eq!(resource_type("my-bucket"), None);
    }

    #[test]
    fn categories_from_the_table_then_keywords() {
        assert_eq!(service_category("Compute Engine", None), "Compute");
        assert_eq!(service_category("Cloud Storage", None), "Storage");
        assert_eq!(
            service_category("Some New Database Service", None),
            "Databases"
        );
    }
}
