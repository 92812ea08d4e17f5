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

mod columns;
mod figures;
mod kind;
mod lookup;

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory,
    Tags,
};
use serde_json::{Map, Value};

use self::columns::{
    Charge, Maps, Names, Pricing, Product, Required, Reservation, SavingsPlan, CUR2_MARKERS, SLASH,
    SLASH_KEYS, SNAKE, SNAKE_KEYS,
};
use self::figures::Figures;
use self::kind::{Kind, Refunded};
use super::focus::currency_noted;
use super::{Detected, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::Zone;
use crate::tags;

/// The legacy Cost and Usage Report.
pub struct AwsCur;

/// CUR 2.0, the `COST_AND_USAGE_REPORT` table of AWS Data Exports.
pub struct AwsCur2;

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

struct CurMapper {
    names: &'static Names,
    required: Required<Col>,
    charge: Charge<Option<Col>>,
    product: Product<Option<Col>>,
    pricing: Pricing<Option<Col>>,
    reservation: Reservation<Option<Col>>,
    savings_plan: SavingsPlan<Option<Col>>,
    maps: Maps<Option<Col>>,
    /// Tag columns with the tag key each holds.
    tag_cols: Vec<(Col, String)>,
    /// Cost-category columns with the category name.
    cost_category_cols: Vec<(Col, String)>,
}

impl CurMapper {
    fn bind(h: &Header, n: &'static Names) -> Result<Self, HeaderError> {
        Ok(Self {
            names: n,
            required: n.required.require(h)?,
            charge: n.charge.bind(h),
            product: n.product.bind(h),
            pricing: n.pricing.bind(h),
            reservation: n.reservation.bind(h),
            savings_plan: n.savings_plan.bind(h),
            maps: n.maps.bind(h),
            tag_cols: h
                .with_prefix(n.tag_prefix)
                .map(|(col, key)| (col, lookup::tag_key(key)))
                .collect(),
            cost_category_cols: h
                .with_prefix(n.cost_category_prefix)
                .map(|(col, name)| (col, name.to_string()))
                .collect(),
        })
    }
}

/// A row's billing and charge periods.
#[derive(Clone, Copy)]
struct Periods {
    billing: (i64, i64),
    charge: (i64, i64),
}

/// The commitment a row belongs to: its ARN, FOCUS category and type.
type Commitment<'a> = (&'a str, &'static str, &'static str);

/// A line's quantities and unit prices.
struct Measures {
    pricing_quantity: Option<Decimal>,
    consumed_quantity: Option<Decimal>,
    list_unit_price: Option<Decimal>,
    contracted_unit_price: Option<Decimal>,
}

impl RowMapper for CurMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let kind = Kind::parse(row.require(self.required.line_item_type)?);
        let currency = currency_noted(row, self.required.currency, out)?;
        let periods = self.periods(row)?;
        let product = self.product_map(row)?;
        let figures = self.figures(row, kind)?;
        let commitment = self.commitment(row);
        let refunded = if row.opt(self.charge.tax_type).is_some() {
            Refunded::Tax
        } else if commitment.is_some() {
            Refunded::Commitment
        } else {
            Refunded::Usage
        };
        let category = kind.category(refunded);
        let mut dims = self.dims(row, kind, category, currency, product.as_ref(), periods)?;
        self.commitment_dims(row, &mut dims, category, commitment);
        let measures = self.measures(row, kind, category, &figures, &mut dims)?;
        let status = (kind.is_covered() && commitment.is_some()).then(|| "Used".to_string());
        let extras = self.extras(row, figures.unblended_differs);
        let unused_dims = (figures.unused != Decimal::ZERO && kind.is_commitment_fee())
            .then(|| unused_commitment(&dims));
        let line = CostLine {
            effective_cost: figures.effective,
            list_cost: figures.list,
            contracted_cost: figures.contracted,
            pricing_quantity: measures.pricing_quantity,
            consumed_quantity: measures.consumed_quantity,
            list_unit_price: measures.list_unit_price,
            contracted_unit_price: measures.contracted_unit_price,
            commitment_discount_status: status,
            invoice_id: row.string(self.charge.invoice_id),
            extras,
            ..super::cost_line(
                out.dims(dims),
                periods.billing,
                periods.charge,
                figures.billed,
                row.line,
            )
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
            billing_period_start: periods.billing.0,
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

/// The Usage line's dimensions for the unused part of a commitment fee.
fn unused_commitment(fee: &LineDims) -> LineDims {
    let mut u = fee.clone();
    u.charge_category = ChargeCategory::Usage;
    u.charge_frequency = Some(ChargeFrequency::UsageBased);
    u.pricing_category = Some(PricingCategory::Committed);
    u.pricing_unit = None;
    u.consumed_unit = None;
    u
}

impl CurMapper {
    fn periods(&self, row: &Row<'_>) -> Result<Periods, CellError> {
        let r = &self.required;
        let start = row.require_time(r.billing_period_start, Zone::Utc)?;
        let end = row.require_time(r.billing_period_end, Zone::Utc)?;
        if end <= start {
            return Err(row.invalid(
                r.billing_period_end,
                "a billing period end later than its start",
            ));
        }
        let charge_start = row.require_time(r.usage_start, Zone::Utc)?;
        let charge_end = charge_end(row, r.usage_end, charge_start)?;
        Ok(Periods {
            billing: (start, end),
            charge: (charge_start, charge_end),
        })
    }

    fn commitment<'a>(&self, row: &Row<'a>) -> Option<Commitment<'a>> {
        row.opt(self.savings_plan.arn)
            .map(|id| (id, "Spend", "Savings Plan"))
            .or_else(|| {
                row.opt(self.reservation.arn)
                    .map(|id| (id, "Usage", "Reserved Instance"))
            })
    }

    /// Everything about the line but its commitment and measures.
    fn dims(
        &self,
        row: &Row<'_>,
        kind: Kind,
        category: ChargeCategory,
        currency: &str,
        product: Option<&Map<String, Value>>,
        periods: Periods,
    ) -> Result<LineDims, CellError> {
        let (c, p) = (&self.charge, &self.product);
        let product_code = row.opt(p.product_code);
        let service_name = row
            .opt(p.product_name)
            .or_else(|| map_str(product, "product_name"))
            .or(product_code)
            .unwrap_or("AWS");
        let service_category = product_code.map_or("Other", lookup::service_category);
        let mut dims = LineDims::new(
            "AWS",
            row.require(self.required.payer_account)?,
            currency,
            service_name,
            service_category,
            category,
        );
        dims.publisher_name = row.opt(c.legal_entity).unwrap_or("AWS").to_string();
        dims.invoice_issuer_name = row.opt(c.invoicing_entity).unwrap_or("AWS").to_string();
        dims.service_subcategory = Some(super::category::service_subcategory(
            service_category,
            &[Some(service_name), product_code],
        ));
        dims.billing_account_name = row.string(c.payer_account_name);
        dims.billing_account_type = Some("Payer Account".to_string());
        dims.sub_account_id = row.string(c.usage_account);
        dims.sub_account_name = row.string(c.usage_account_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Linked Account".to_string());
        }
        if kind == Kind::Refund && periods.charge.0 < periods.billing.0 {
            dims.charge_class = Some(ChargeClass::Correction);
        }
        let anniversary = row
            .opt(c.bill_type)
            .is_some_and(|t| t.eq_ignore_ascii_case("Anniversary"));
        dims.charge_frequency =
            kind.frequency(row.opt(self.reservation.arn).is_some(), anniversary);
        dims.charge_description = row.string(c.description);
        self.location_dims(row, product, &mut dims);
        // FOCUS: no SKU on tax.
        if category != ChargeCategory::Tax {
            dims.sku_id = row.string(p.sku);
        }
        // The usage type is what AWS meters a SKU by (`USE1-BoxUsage:m7i.large`).
        dims.sku_meter = row.string(p.usage_type).filter(|_| dims.sku_id.is_some());
        let pr = &self.pricing;
        dims.sku_price_id = row.string(pr.rate_code).or_else(|| row.string(pr.rate_id));
        dims.pricing_category = self.pricing_category(row, kind, category);
        dims.pricing_unit = row.string(pr.unit);
        // Public prices are in USD; AWS bills in USD unless the account
        // chose another currency, and then converts (pricing/currency says).
        dims.pricing_currency = row
            .string(pr.currency)
            .or_else(|| Some(currency.to_string()));
        dims.tags = self.tags(row)?;
        Ok(dims)
    }

    /// Region and availability zone.
    fn location_dims(
        &self,
        row: &Row<'_>,
        product: Option<&Map<String, Value>>,
        dims: &mut LineDims,
    ) {
        let p = &self.product;
        dims.region_id = row
            .opt(p.region_code)
            .or_else(|| row.opt(p.region))
            .or_else(|| map_str(product, "region"))
            .map(str::to_string);
        dims.region_name = row
            .string(p.location)
            .or_else(|| map_str(product, "location").map(str::to_string))
            .or_else(|| dims.region_id.as_deref().map(lookup::region_name));
        dims.availability_zone = row.string(p.availability_zone);
    }

    /// The resource and the commitment the line draws on: a purchase's
    /// resource is the commitment it buys when the row names no other.
    fn commitment_dims(
        &self,
        row: &Row<'_>,
        dims: &mut LineDims,
        category: ChargeCategory,
        commitment: Option<Commitment<'_>>,
    ) {
        let bought = commitment
            .filter(|_| category == ChargeCategory::Purchase)
            .map(|(id, _, _)| id);
        let resource_id = row.opt(self.product.resource_id).or(bought);
        if let Some(id) = resource_id {
            let (resource_type, name) = lookup::split_arn(id);
            dims.resource_type = resource_type
                .map(str::to_string)
                .or_else(|| lookup::plain_resource_type(id, row.opt(self.product.product_code)));
            dims.resource_name = Some(name.to_string());
        }
        dims.resource_id = resource_id.map(str::to_string);
        if let Some((id, cat, typ)) = commitment {
            dims.commitment_discount_id = Some(id.to_string());
            dims.commitment_discount_category = Some(cat.to_string());
            dims.commitment_discount_type = Some(typ.to_string());
        }
    }

    fn pricing_category(
        &self,
        row: &Row<'_>,
        kind: Kind,
        category: ChargeCategory,
    ) -> Option<PricingCategory> {
        let has = |col: Option<Col>, needle: &str| {
            row.opt(col)
                .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
        };
        let pr = &self.pricing;
        let spot = has(self.product.usage_type, "spotusage")
            || has(pr.term, "spot")
            || has(pr.purchase_option, "spot");
        kind.pricing_category(category, spot, has(pr.term, "reserved"))
    }

    /// Quantities and unit prices. Quantities describe usage once: a
    /// negation row repeats the covered row's amount and must not count
    /// it again.
    fn measures(
        &self,
        row: &Row<'_>,
        kind: Kind,
        category: ChargeCategory,
        figures: &Figures,
        dims: &mut LineDims,
    ) -> Result<Measures, CellError> {
        let pr = &self.pricing;
        let usage_amount = row.decimal(pr.usage_amount)?;
        let (mut pricing_quantity, mut consumed_quantity) = match kind {
            k if k.is_unpriced() => (None, None),
            Kind::RiFee => (
                row.decimal(self.reservation.total_units)?.or(usage_amount),
                None,
            ),
            _ if category == ChargeCategory::Usage => (usage_amount, usage_amount),
            _ => (usage_amount, None),
        };
        if consumed_quantity.is_some() {
            dims.consumed_unit = dims.pricing_unit.clone();
        }
        super::pair_units(dims, &mut pricing_quantity, &mut consumed_quantity);
        let list_unit_price = if kind.is_unpriced() {
            None
        } else {
            row.decimal(pr.public_od_rate)?
        };
        let contracted_unit_price = match kind {
            k if k.is_unpriced() => None,
            Kind::DiscountedUsage => None,
            _ if figures.net => row
                .decimal(pr.net_unblended_rate)?
                .or(row.decimal(pr.unblended_rate)?),
            _ => row.decimal(pr.unblended_rate)?,
        };
        Ok(Measures {
            pricing_quantity,
            consumed_quantity,
            list_unit_price,
            contracted_unit_price,
        })
    }

    /// The CUR 2.0 `product` map, when the file has one.
    fn product_map(&self, row: &Row<'_>) -> Result<Option<Map<String, Value>>, CellError> {
        let Some(col) = self.maps.product else {
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
        if let Some(col) = self.maps.tags {
            if let Some(text) = row.str(col) {
                let map = tags::from_json(text)
                    .map_err(|e| CellError::new(row.header.name(col), text, e))?;
                tags.extend(
                    map.into_iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| (lookup::tag_key(&k), v)),
                );
            }
        }
        Ok(tags)
    }

    /// AWS fields FOCUS lacks, under the `x_` names AWS's own FOCUS export
    /// uses where it has one.
    fn extras(&self, row: &Row<'_>, unblended_differs: bool) -> Option<String> {
        let (c, p, pr) = (&self.charge, &self.product, &self.pricing);
        let mut map = Map::new();
        let mut put = |key: &str, col: Option<Col>| {
            if let Some(v) = row.opt(col) {
                map.insert(key.to_string(), Value::String(v.to_string()));
            }
        };
        put("x_LineItemType", Some(self.required.line_item_type));
        put("x_UsageType", p.usage_type);
        put("x_Operation", p.operation);
        put("x_ProductCode", p.product_code);
        put("x_ServiceCode", p.service_code);
        put("x_ProductFamily", p.product_family);
        put("x_InstanceType", p.instance_type);
        put("x_PricingTerm", pr.term);
        put("x_PurchaseOption", pr.purchase_option);
        put("x_BillType", c.bill_type);
        put("x_BillingEntity", c.billing_entity);
        put("x_TaxType", c.tax_type);
        put("x_LineItemId", c.line_item_id);
        if unblended_differs {
            put("x_UnblendedCost", Some(self.required.unblended_cost));
        }
        if let Some(categories) = self.cost_categories(row, &mut map) {
            map.insert("x_CostCategories".to_string(), Value::String(categories));
        }
        if let Some(text) = row.opt(self.maps.discount) {
            if text != "{}" {
                map.insert("x_Discounts".to_string(), Value::String(text.to_string()));
            }
        }
        (!map.is_empty()).then(|| Value::Object(map).to_string())
    }

    /// The cost categories, from their columns and the CUR 2.0 map, as
    /// JSON text; an unreadable map is kept whole in `map`.
    fn cost_categories(&self, row: &Row<'_>, map: &mut Map<String, Value>) -> Option<String> {
        let mut categories = Map::new();
        for (col, name) in &self.cost_category_cols {
            if let Some(v) = row.str(*col) {
                categories.insert(name.clone(), Value::String(v.to_string()));
            }
        }
        if let Some(text) = row.opt(self.maps.cost_category) {
            if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(text) {
                categories.extend(m);
            } else {
                map.insert(
                    "x_CostCategories".to_string(),
                    Value::String(text.to_string()),
                );
            }
        }
        (!categories.is_empty()).then(|| Value::Object(categories).to_string())
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

fn map_str<'m>(map: Option<&'m Map<String, Value>>, key: &str) -> Option<&'m str> {
    map?.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|v| !v.is_empty())
}
