//! FOCUS cost-and-usage data, versions 1.0 to 1.3 (and the 1.0-preview
//! names): columns are mapped by name, legacy names are accepted, and
//! columns outside the canonical model are kept in the `x_` extras.

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, LineDims, PricingCategory, Provenance,
};
use serde_json::{Map, Value};

use super::{Detected, DimsCache, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::Zone;
use crate::tags;

pub struct Focus;

/// Columns first added in each version, newest first, for naming the version.
const VERSION_MARKERS: &[(&str, &[&str])] = &[
    (
        "1.3",
        &[
            "ServiceProviderName",
            "HostProviderName",
            "ContractApplied",
            "AllocatedMethodId",
        ],
    ),
    (
        "1.2",
        &[
            "BillingAccountType",
            "InvoiceId",
            "PricingCurrency",
            "SubAccountType",
            "PricingCurrencyEffectiveCost",
        ],
    ),
    (
        "1.1",
        &[
            "CapacityReservationId",
            "CommitmentDiscountQuantity",
            "ServiceSubcategory",
            "SkuMeter",
            "SkuPriceDetails",
        ],
    ),
    (
        "1.0",
        &[
            "ChargeClass",
            "ContractedCost",
            "ConsumedQuantity",
            "RegionId",
        ],
    ),
];

/// The columns every FOCUS version has (with legacy spellings). A header is
/// taken for FOCUS only when it has them all: a few cost-like names in an
/// unrelated file are not a guess at "FOCUS 1.0-preview".
const MANDATORY: [&[&str]; 11] = [
    &["BilledCost"],
    &["EffectiveCost", "AmortizedCost"],
    &["BillingPeriodStart"],
    &["BillingPeriodEnd"],
    &["ChargePeriodStart"],
    &["ChargePeriodEnd"],
    &["BillingCurrency"],
    &["BillingAccountId"],
    &["ProviderName", "Provider", "ServiceProviderName"],
    &["ServiceName"],
    &["ChargeCategory", "ChargeType"],
];

/// FOCUS's mandatory columns a header lacks, when it looks like FOCUS
/// otherwise (most of the core cost and period columns are there): what to
/// tell the user instead of "not a bill format".
pub fn missing_mandatory(h: &Header) -> Option<Vec<&'static str>> {
    if core_count(h) < 3 {
        return None;
    }
    let missing: Vec<&str> = MANDATORY
        .iter()
        .filter(|names| h.find(names).is_none())
        .filter_map(|names| names.first().copied())
        .collect();
    (!missing.is_empty()).then_some(missing)
}

fn core_count(h: &Header) -> usize {
    h.count_present(&[
        "BilledCost",
        "ChargePeriodStart",
        "BillingPeriodStart",
        "BillingCurrency",
    ])
}

impl Format for Focus {
    fn id(&self) -> FormatId {
        FormatId::Focus
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        if MANDATORY.iter().any(|names| h.find(names).is_none()) {
            return None;
        }
        let core = core_count(h);
        let version = VERSION_MARKERS
            .iter()
            .find(|(_, cols)| h.count_present(cols) > 0)
            .map_or("1.0-preview", |(v, _)| v);
        Some(Detected {
            score: 60 + 10 * core as u32,
            variant: format!("FOCUS {version}"),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(FocusMapper::bind(h)?))
    }
}

struct FocusMapper {
    billed: Col,
    effective: Col,
    list: Option<Col>,
    contracted: Option<Col>,
    billing_period_start: Col,
    billing_period_end: Col,
    charge_period_start: Col,
    charge_period_end: Col,
    currency: Col,
    account: Col,
    provider: Col,
    service: Col,
    category: Col,
    opt: OptCols,
    extras: Vec<(Col, String)>,
    /// Every column that feeds the dimensions, for the cache key.
    dim_cols: Vec<Col>,
    cache: DimsCache,
    /// The last text and value of each period column: rows of one export
    /// repeat the same few timestamps, so most rows parse none.
    times: [LastTime; 4],
}

#[derive(Default)]
struct LastTime {
    text: String,
    value: i64,
}

impl LastTime {
    fn get(&mut self, row: &Row<'_>, c: Col) -> Result<i64, CellError> {
        let text = row.require(c)?;
        if text != self.text {
            self.value = row.require_time(c, Zone::Utc)?;
            self.text.clear();
            self.text.push_str(text);
        }
        Ok(self.value)
    }
}

struct OptCols {
    account_name: Option<Col>,
    account_type: Option<Col>,
    sub_account: Option<Col>,
    sub_account_name: Option<Col>,
    sub_account_type: Option<Col>,
    publisher: Option<Col>,
    invoice_issuer: Option<Col>,
    service_category: Option<Col>,
    service_subcategory: Option<Col>,
    charge_class: Option<Col>,
    charge_frequency: Option<Col>,
    charge_description: Option<Col>,
    region_id: Option<Col>,
    region_name: Option<Col>,
    availability_zone: Option<Col>,
    resource_id: Option<Col>,
    resource_name: Option<Col>,
    resource_type: Option<Col>,
    sku_id: Option<Col>,
    sku_price_id: Option<Col>,
    sku_meter: Option<Col>,
    pricing_category: Option<Col>,
    pricing_unit: Option<Col>,
    pricing_currency: Option<Col>,
    consumed_unit: Option<Col>,
    cd_id: Option<Col>,
    cd_name: Option<Col>,
    cd_category: Option<Col>,
    cd_type: Option<Col>,
    cd_unit: Option<Col>,
    cd_status: Option<Col>,
    cd_quantity: Option<Col>,
    cr_id: Option<Col>,
    cr_status: Option<Col>,
    pricing_quantity: Option<Col>,
    consumed_quantity: Option<Col>,
    list_unit_price: Option<Col>,
    contracted_unit_price: Option<Col>,
    invoice_id: Option<Col>,
    tags: Option<Col>,
}

/// Every column name the mapper reads into the canonical model, with the
/// legacy spellings; anything else is kept as an extra.
const MODELLED: &[&str] = &[
    "BilledCost",
    "EffectiveCost",
    "AmortizedCost",
    "ListCost",
    "ContractedCost",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingCurrency",
    "BillingAccountId",
    "ProviderName",
    "Provider",
    "ServiceProviderName",
    "ServiceName",
    "ChargeCategory",
    "ChargeType",
    "BillingAccountName",
    "BillingAccountType",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "PublisherName",
    "Publisher",
    "HostProviderName",
    "InvoiceIssuerName",
    "InvoiceIssuer",
    "ServiceCategory",
    "ServiceSubcategory",
    "ChargeClass",
    "ChargeFrequency",
    "ChargeDescription",
    "RegionId",
    "Region",
    "RegionName",
    "AvailabilityZone",
    "ResourceId",
    "ResourceID",
    "ResourceName",
    "ResourceType",
    "SkuId",
    "SkuPriceId",
    "SkuMeter",
    "PricingCategory",
    "PricingUnit",
    "PricingCurrency",
    "ConsumedUnit",
    "UsageUnit",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountCategory",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "CommitmentDiscountStatus",
    "CommitmentDiscountQuantity",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "PricingQuantity",
    "ConsumedQuantity",
    "UsageQuantity",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "InvoiceId",
    "Tags",
];

impl FocusMapper {
    fn bind(h: &Header) -> Result<Self, HeaderError> {
        let f = |names: &[&str]| h.find(names);
        let opt = OptCols {
            account_name: f(&["BillingAccountName"]),
            account_type: f(&["BillingAccountType"]),
            sub_account: f(&["SubAccountId"]),
            sub_account_name: f(&["SubAccountName"]),
            sub_account_type: f(&["SubAccountType"]),
            publisher: f(&["PublisherName", "Publisher", "HostProviderName"]),
            invoice_issuer: f(&["InvoiceIssuerName", "InvoiceIssuer"]),
            service_category: f(&["ServiceCategory"]),
            service_subcategory: f(&["ServiceSubcategory"]),
            charge_class: f(&["ChargeClass"]),
            charge_frequency: f(&["ChargeFrequency"]),
            charge_description: f(&["ChargeDescription"]),
            region_id: f(&["RegionId", "Region"]),
            region_name: f(&["RegionName"]),
            availability_zone: f(&["AvailabilityZone"]),
            resource_id: f(&["ResourceId", "ResourceID"]),
            resource_name: f(&["ResourceName"]),
            resource_type: f(&["ResourceType"]),
            sku_id: f(&["SkuId"]),
            sku_price_id: f(&["SkuPriceId"]),
            sku_meter: f(&["SkuMeter"]),
            pricing_category: f(&["PricingCategory"]),
            pricing_unit: f(&["PricingUnit"]),
            pricing_currency: f(&["PricingCurrency"]),
            consumed_unit: f(&["ConsumedUnit", "UsageUnit"]),
            cd_id: f(&["CommitmentDiscountId"]),
            cd_name: f(&["CommitmentDiscountName"]),
            cd_category: f(&["CommitmentDiscountCategory"]),
            cd_type: f(&["CommitmentDiscountType"]),
            cd_unit: f(&["CommitmentDiscountUnit"]),
            cd_status: f(&["CommitmentDiscountStatus"]),
            cd_quantity: f(&["CommitmentDiscountQuantity"]),
            cr_id: f(&["CapacityReservationId"]),
            cr_status: f(&["CapacityReservationStatus"]),
            pricing_quantity: f(&["PricingQuantity"]),
            consumed_quantity: f(&["ConsumedQuantity", "UsageQuantity"]),
            list_unit_price: f(&["ListUnitPrice"]),
            contracted_unit_price: f(&["ContractedUnitPrice"]),
            invoice_id: f(&["InvoiceId"]),
            tags: f(&["Tags"]),
        };
        let extras = h
            .names()
            .iter()
            .enumerate()
            .filter(|(_, n)| !MODELLED.iter().any(|m| m.eq_ignore_ascii_case(n)))
            .map(|(i, n)| {
                let key = if n.starts_with("x_") || is_focus_column(n) {
                    n.clone()
                } else {
                    format!("x_{n}")
                };
                (Col(i), key)
            })
            .collect();
        Ok(Self {
            billed: h.require(MANDATORY[0])?,
            effective: h.require(MANDATORY[1])?,
            list: f(&["ListCost"]),
            contracted: f(&["ContractedCost"]),
            billing_period_start: h.require(MANDATORY[2])?,
            billing_period_end: h.require(MANDATORY[3])?,
            charge_period_start: h.require(MANDATORY[4])?,
            charge_period_end: h.require(MANDATORY[5])?,
            currency: h.require(MANDATORY[6])?,
            account: h.require(MANDATORY[7])?,
            provider: h.require(MANDATORY[8])?,
            service: h.require(MANDATORY[9])?,
            category: h.require(MANDATORY[10])?,
            opt,
            dim_cols: Vec::new(),
            cache: DimsCache::default(),
            times: Default::default(),
            extras,
        }
        .with_dim_cols())
    }
}

impl FocusMapper {
    fn with_dim_cols(mut self) -> Self {
        let o = &self.opt;
        let optional = [
            o.account_name,
            o.account_type,
            o.sub_account,
            o.sub_account_name,
            o.sub_account_type,
            o.publisher,
            o.invoice_issuer,
            o.service_category,
            o.service_subcategory,
            o.charge_class,
            o.charge_frequency,
            o.charge_description,
            o.region_id,
            o.region_name,
            o.availability_zone,
            o.resource_id,
            o.resource_name,
            o.resource_type,
            o.sku_id,
            o.sku_price_id,
            o.sku_meter,
            o.pricing_category,
            o.pricing_unit,
            o.pricing_currency,
            o.consumed_unit,
            o.cd_id,
            o.cd_name,
            o.cd_category,
            o.cd_type,
            o.cd_unit,
            o.cr_id,
            o.tags,
        ];
        self.dim_cols = [
            self.provider,
            self.account,
            self.currency,
            self.service,
            self.category,
        ]
        .into_iter()
        .chain(optional.into_iter().flatten())
        .collect();
        self
    }
}

/// FOCUS columns CloudLens does not model but keeps and re-exports.
fn is_focus_column(n: &str) -> bool {
    [
        "SkuPriceDetails",
        "PricingCurrencyContractedUnitPrice",
        "PricingCurrencyEffectiveCost",
        "PricingCurrencyListUnitPrice",
        "AllocatedMethodDetails",
        "AllocatedMethodId",
        "AllocatedResourceId",
        "AllocatedResourceName",
        "AllocatedTags",
        "ContractApplied",
    ]
    .iter()
    .any(|c| c.eq_ignore_ascii_case(n))
}

impl FocusMapper {
    fn build_dims(&self, row: &Row<'_>) -> Result<LineDims, CellError> {
        let o = &self.opt;
        let provider = row.require(self.provider)?;
        let currency = currency_code(row, self.currency)?.code;
        let category: ChargeCategory = row
            .parse_enum(
                Some(self.category),
                "one of Usage, Purchase, Tax, Credit, Adjustment",
            )?
            .ok_or_else(|| {
                row.invalid(self.category, "a ChargeCategory (this column is mandatory)")
            })?;
        let mut dims = LineDims::new(
            provider,
            row.require(self.account)?,
            currency,
            row.require(self.service)?,
            row.opt(o.service_category).unwrap_or("Other"),
            category,
        );
        dims.publisher_name = row.opt(o.publisher).unwrap_or(provider).to_string();
        dims.invoice_issuer_name = row.opt(o.invoice_issuer).unwrap_or(provider).to_string();
        dims.billing_account_name = row.string(o.account_name);
        dims.billing_account_type = row.string(o.account_type);
        dims.sub_account_id = row.string(o.sub_account);
        dims.sub_account_name = row.string(o.sub_account_name);
        dims.sub_account_type = row.string(o.sub_account_type);
        dims.service_subcategory = row.string(o.service_subcategory);
        dims.charge_class = row.parse_enum::<ChargeClass>(o.charge_class, "empty or Correction")?;
        dims.charge_frequency = row.parse_enum::<ChargeFrequency>(
            o.charge_frequency,
            "one of One-Time, Recurring, Usage-Based",
        )?;
        dims.charge_description = row.string(o.charge_description);
        dims.region_id = row.string(o.region_id);
        dims.region_name = row.string(o.region_name);
        dims.availability_zone = row.string(o.availability_zone);
        dims.resource_id = row.string(o.resource_id);
        dims.resource_name = row.string(o.resource_name);
        dims.resource_type = row.string(o.resource_type);
        dims.sku_id = row.string(o.sku_id);
        dims.sku_price_id = row.string(o.sku_price_id);
        dims.sku_meter = row.string(o.sku_meter);
        dims.pricing_category = row.parse_enum::<PricingCategory>(
            o.pricing_category,
            "one of Standard, Dynamic, Committed, Other",
        )?;
        dims.pricing_unit = row.string(o.pricing_unit);
        // A file without the column (FOCUS before 1.2, or a 1.2 provider
        // that never prices in another currency) prices in the billing
        // currency: FOCUS 1.0 and 1.1 define unit prices in it, and 1.2
        // requires the column wherever the two can differ.
        dims.pricing_currency = match o.pricing_currency {
            Some(_) => row.string(o.pricing_currency),
            None => Some(currency.to_string()),
        };
        dims.consumed_unit = row.string(o.consumed_unit);
        dims.commitment_discount_id = row.string(o.cd_id);
        dims.commitment_discount_name = row.string(o.cd_name);
        dims.commitment_discount_category = row.string(o.cd_category);
        dims.commitment_discount_type = row.string(o.cd_type);
        dims.commitment_discount_unit = row.string(o.cd_unit);
        dims.capacity_reservation_id = row.string(o.cr_id);
        if let Some(c) = o.tags {
            if let Some(text) = row.str(c) {
                dims.tags = tags::from_json(text)
                    .map_err(|e| CellError::new(row.header.name(c), text, e))?;
            }
        }
        Ok(dims)
    }
}

impl RowMapper for FocusMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let mut cache = std::mem::take(&mut self.cache);
        let dims = cache.get_or_build(row, &self.dim_cols, out, || self.build_dims(row));
        self.cache = cache;
        let dims = dims?;
        if let Some(written) = row.str(self.currency) {
            if written != &*dims.billing_currency {
                out.note_currency(currency_code(row, self.currency)?);
            }
        }
        let category = dims.charge_category;
        let billing_period_start = self.times[0].get(row, self.billing_period_start)?;
        let billing_period_end = self.times[1].get(row, self.billing_period_end)?;
        let charge_period_start = self.times[2].get(row, self.charge_period_start)?;
        let charge_period_end = self.times[3].get(row, self.charge_period_end)?;
        let o = &self.opt;

        let billed = row.require_decimal(self.billed)?;
        let effective = row.require_decimal(self.effective)?;
        let line = CostLine {
            dims,
            billing_period_start,
            billing_period_end,
            charge_period_start,
            charge_period_end,
            billed_cost: billed,
            effective_cost: effective,
            // Files from before 1.0 may lack these; the billed figure is the
            // closest statement of the price actually charged.
            list_cost: row.decimal(self.list)?.unwrap_or(billed),
            contracted_cost: row.decimal(self.contracted)?.unwrap_or(billed),
            pricing_quantity: row.decimal(o.pricing_quantity)?,
            consumed_quantity: row.decimal(o.consumed_quantity)?,
            list_unit_price: row.decimal(o.list_unit_price)?,
            contracted_unit_price: row.decimal(o.contracted_unit_price)?,
            commitment_discount_status: row.string(o.cd_status),
            commitment_discount_quantity: row.decimal(o.cd_quantity)?,
            capacity_reservation_status: row.string(o.cr_status),
            invoice_id: row.string(o.invoice_id),
            extras: extras_json(row, &self.extras),
            provenance: Provenance {
                source_row: row.line,
            },
        };
        check_periods(row, self, &line)?;
        // FOCUS: unit prices of regular usage and purchases are never
        // negative; credits and corrections may carry negative ones.
        let regular = matches!(category, ChargeCategory::Usage | ChargeCategory::Purchase)
            && line.dims.charge_class.is_none();
        for (c, v) in [
            (o.list_unit_price, line.list_unit_price),
            (o.contracted_unit_price, line.contracted_unit_price),
        ] {
            if let (true, Some(c), Some(v)) = (regular, c, v) {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(row.invalid(c, "a non-negative unit price"));
                }
            }
        }
        out.source = Some(SourceAmount {
            billing_period_start,
            currency: line.dims.billing_currency.clone(),
            amount: billed,
        });
        out.push(line);
        Ok(())
    }
}

fn check_periods(row: &Row<'_>, m: &FocusMapper, line: &CostLine) -> Result<(), CellError> {
    if line.charge_period_end <= line.charge_period_start {
        return Err(row.invalid(
            m.charge_period_end,
            "a ChargePeriodEnd later than ChargePeriodStart",
        ));
    }
    if line.billing_period_end <= line.billing_period_start {
        return Err(row.invalid(
            m.billing_period_end,
            "a BillingPeriodEnd later than BillingPeriodStart",
        ));
    }
    Ok(())
}

/// The row's currency as ISO 4217: the code itself, or a known alias (RMB,
/// a lower-case code) whose spelling `Currency::written_as` keeps for the
/// import to report.
pub(crate) fn currency_code(row: &Row<'_>, c: Col) -> Result<cloudlens_model::Currency, CellError> {
    let v = row.require(c)?;
    cloudlens_model::currency(v).ok_or_else(|| row.invalid(c, cloudlens_model::CURRENCY_EXPECTED))
}

/// [`currency_code`], noting an alias on `out`.
pub(crate) fn currency_noted(
    row: &Row<'_>,
    c: Col,
    out: &mut Output,
) -> Result<&'static str, CellError> {
    let found = currency_code(row, c)?;
    out.note_currency(found);
    Ok(found.code)
}

/// The extra columns of a row as a JSON object, or `None` when all are empty.
pub(crate) fn extras_json(row: &Row<'_>, extras: &[(Col, String)]) -> Option<String> {
    let mut map = Map::new();
    for (c, key) in extras {
        if let Some(v) = row.str(*c) {
            map.insert(key.clone(), Value::String(v.to_string()));
        }
    }
    (!map.is_empty()).then(|| Value::Object(map).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_1_3_names_its_version_and_maps_the_service_provider() {
        let names = [
            "BilledCost",
            "EffectiveCost",
            "BillingPeriodStart",
            "BillingPeriodEnd",
            "ChargePeriodStart",
            "ChargePeriodEnd",
            "BillingCurrency",
            "BillingAccountId",
            "ServiceProviderName",
            "HostProviderName",
            "ServiceName",
            "ChargeCategory",
            "ContractApplied",
        ];
        let header = Header::new(names);
        let detected = Focus.detect(&header).unwrap();
        assert_eq!(detected.variant, "FOCUS 1.3");
        let mut mapper = Focus.bind(&header).unwrap();
        let record = [
            "1.5",
            "1.5",
            "2026-01-01T00:00:00Z",
            "2026-02-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            "2026-01-03T00:00:00Z",
            "EUR",
            "acct",
            "Snowflake",
            "AWS",
            "Warehouse",
            "Usage",
            "{\"id\":\"c1\"}",
        ];
        let mut out = Output::default();
        mapper
            .map(
                &Row {
                    line: 2,
                    header: &header,
                    fields: &record,
                },
                &mut out,
            )
            .unwrap();
        let line = &out.lines[0];
        assert_eq!(line.dims.provider_name, "Snowflake");
        assert_eq!(line.dims.publisher_name, "AWS");
        assert!(line
            .extras
            .as_deref()
            .unwrap_or("")
            .contains("ContractApplied"));
    }
}
