//! The columns of a FOCUS 1.2 export: the 57 columns of the specification in
//! alphabetical order, then the custom `x_` columns, and how each cell is
//! taken from a [`CostLine`]. Both writers share this, so CSV and Parquet
//! always carry the same columns with the same values.

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Timelike};
use cloudlens_model::{CostLine, Decimal, LineDims, Timestamp};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use super::ExportError;

/// How a column's values are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A decimal; in Parquet `DECIMAL(38, scale)`.
    Decimal {
        scale: u32,
    },
    /// An instant in UTC; in CSV `YYYY-MM-DDTHH:MM:SSZ`, in Parquet a
    /// UTC-adjusted microsecond timestamp.
    DateTime,
    /// JSON object text (`Tags`, `SkuPriceDetails`).
    Json,
}

/// Money as the store keeps it: nano-units, so nine places are always exact.
const MONEY: Kind = Kind::Decimal { scale: 9 };
/// Quantities and unit prices, whose range is wider than money's.
const QUANTITY: Kind = Kind::Decimal { scale: 18 };

macro_rules! focus_columns {
    ($($variant:ident: $kind:expr, $required:literal;)+) => {
        /// A FOCUS 1.2 column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum FocusColumn { $($variant),+ }

        impl FocusColumn {
            /// Every FOCUS 1.2 column, in export order (alphabetical).
            pub const ALL: &'static [FocusColumn] = &[$(FocusColumn::$variant),+];

            pub fn name(self) -> &'static str {
                match self { $(FocusColumn::$variant => stringify!($variant)),+ }
            }

            pub fn kind(self) -> Kind {
                match self { $(FocusColumn::$variant => $kind),+ }
            }

            /// Whether every line has a value (the model makes it non-optional).
            pub fn required(self) -> bool {
                match self { $(FocusColumn::$variant => $required),+ }
            }
        }
    };
}

focus_columns! {
    AvailabilityZone: Kind::String, false;
    BilledCost: MONEY, true;
    BillingAccountId: Kind::String, true;
    BillingAccountName: Kind::String, false;
    BillingAccountType: Kind::String, false;
    BillingCurrency: Kind::String, true;
    BillingPeriodEnd: Kind::DateTime, true;
    BillingPeriodStart: Kind::DateTime, true;
    CapacityReservationId: Kind::String, false;
    CapacityReservationStatus: Kind::String, false;
    ChargeCategory: Kind::String, true;
    ChargeClass: Kind::String, false;
    ChargeDescription: Kind::String, false;
    ChargeFrequency: Kind::String, false;
    ChargePeriodEnd: Kind::DateTime, true;
    ChargePeriodStart: Kind::DateTime, true;
    CommitmentDiscountCategory: Kind::String, false;
    CommitmentDiscountId: Kind::String, false;
    CommitmentDiscountName: Kind::String, false;
    CommitmentDiscountQuantity: QUANTITY, false;
    CommitmentDiscountStatus: Kind::String, false;
    CommitmentDiscountType: Kind::String, false;
    CommitmentDiscountUnit: Kind::String, false;
    ConsumedQuantity: QUANTITY, false;
    ConsumedUnit: Kind::String, false;
    ContractedCost: MONEY, true;
    ContractedUnitPrice: QUANTITY, false;
    EffectiveCost: MONEY, true;
    InvoiceId: Kind::String, false;
    InvoiceIssuerName: Kind::String, true;
    ListCost: MONEY, true;
    ListUnitPrice: QUANTITY, false;
    PricingCategory: Kind::String, false;
    PricingCurrency: Kind::String, false;
    PricingCurrencyContractedUnitPrice: QUANTITY, false;
    PricingCurrencyEffectiveCost: QUANTITY, false;
    PricingCurrencyListUnitPrice: QUANTITY, false;
    PricingQuantity: QUANTITY, false;
    PricingUnit: Kind::String, false;
    ProviderName: Kind::String, true;
    PublisherName: Kind::String, true;
    RegionId: Kind::String, false;
    RegionName: Kind::String, false;
    ResourceId: Kind::String, false;
    ResourceName: Kind::String, false;
    ResourceType: Kind::String, false;
    ServiceCategory: Kind::String, true;
    ServiceName: Kind::String, true;
    ServiceSubcategory: Kind::String, false;
    SkuId: Kind::String, false;
    SkuMeter: Kind::String, false;
    SkuPriceDetails: Kind::Json, false;
    SkuPriceId: Kind::String, false;
    SubAccountId: Kind::String, false;
    SubAccountName: Kind::String, false;
    SubAccountType: Kind::String, false;
    Tags: Kind::Json, false;
}

/// FOCUS 1.2 columns the model does not hold; imports keep them in a line's
/// extras under their own names and the export puts them back in place.
const FROM_EXTRAS: [FocusColumn; 4] = [
    FocusColumn::SkuPriceDetails,
    FocusColumn::PricingCurrencyContractedUnitPrice,
    FocusColumn::PricingCurrencyEffectiveCost,
    FocusColumn::PricingCurrencyListUnitPrice,
];

/// One cell, borrowed from the line where possible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Text(&'a str),
    Decimal(Decimal),
    Time(Timestamp),
}

impl FocusColumn {
    /// This column's value for `line`, whose extras and tags are in `x`.
    /// The pricing-currency columns come from the line's extras, or, when
    /// the line is priced in its billing currency, are its billing-currency
    /// values (FOCUS wants `PricingCurrencyEffectiveCost` on every line).
    pub(crate) fn cell<'a>(self, line: &'a CostLine, x: &'a LineExtras) -> Cell<'a> {
        use FocusColumn as C;
        let d: &'a LineDims = &line.dims;
        let s = |v: &'a str| Cell::Text(v);
        let o = |v: &'a Option<String>| v.as_deref().map_or(Cell::Null, Cell::Text);
        let n = |v: Option<Decimal>| v.map_or(Cell::Null, Cell::Decimal);
        // Priced in the billing currency, the pricing-currency amounts are
        // the billing-currency ones; otherwise only the source can say.
        let same_currency = d.pricing_currency.as_deref() == Some(d.billing_currency.as_str());
        match self {
            C::AvailabilityZone => o(&d.availability_zone),
            C::BilledCost => Cell::Decimal(line.billed_cost),
            C::BillingAccountId => s(&d.billing_account_id),
            C::BillingAccountName => o(&d.billing_account_name),
            C::BillingAccountType => o(&d.billing_account_type),
            C::BillingCurrency => s(&d.billing_currency),
            C::BillingPeriodEnd => Cell::Time(line.billing_period_end),
            C::BillingPeriodStart => Cell::Time(line.billing_period_start),
            C::CapacityReservationId => o(&d.capacity_reservation_id),
            C::CapacityReservationStatus => o(&line.capacity_reservation_status),
            C::ChargeCategory => s(d.charge_category.as_str()),
            C::ChargeClass => d.charge_class.map_or(Cell::Null, |c| s(c.as_str())),
            C::ChargeDescription => o(&d.charge_description),
            C::ChargeFrequency => d.charge_frequency.map_or(Cell::Null, |c| s(c.as_str())),
            C::ChargePeriodEnd => Cell::Time(line.charge_period_end),
            C::ChargePeriodStart => Cell::Time(line.charge_period_start),
            C::CommitmentDiscountCategory => o(&d.commitment_discount_category),
            C::CommitmentDiscountId => o(&d.commitment_discount_id),
            C::CommitmentDiscountName => o(&d.commitment_discount_name),
            C::CommitmentDiscountQuantity => n(line.commitment_discount_quantity),
            C::CommitmentDiscountStatus => o(&line.commitment_discount_status),
            C::CommitmentDiscountType => o(&d.commitment_discount_type),
            C::CommitmentDiscountUnit => o(&d.commitment_discount_unit),
            C::ConsumedQuantity => n(line.consumed_quantity),
            C::ConsumedUnit => o(&d.consumed_unit),
            C::ContractedCost => Cell::Decimal(line.contracted_cost),
            C::ContractedUnitPrice => n(line.contracted_unit_price),
            C::EffectiveCost => Cell::Decimal(line.effective_cost),
            C::InvoiceId => o(&line.invoice_id),
            C::InvoiceIssuerName => s(&d.invoice_issuer_name),
            C::ListCost => Cell::Decimal(line.list_cost),
            C::ListUnitPrice => n(line.list_unit_price),
            C::PricingCategory => d.pricing_category.map_or(Cell::Null, |c| s(c.as_str())),
            C::PricingCurrency => o(&d.pricing_currency),
            C::PricingCurrencyContractedUnitPrice => {
                n(x.pricing_currency_contracted_unit_price.or(same_currency
                    .then_some(line.contracted_unit_price)
                    .flatten()))
            }
            C::PricingCurrencyEffectiveCost => n(x
                .pricing_currency_effective_cost
                .or(same_currency.then_some(line.effective_cost))),
            C::PricingCurrencyListUnitPrice => n(x
                .pricing_currency_list_unit_price
                .or(same_currency.then_some(line.list_unit_price).flatten())),
            C::PricingQuantity => n(line.pricing_quantity),
            C::PricingUnit => o(&d.pricing_unit),
            C::ProviderName => s(&d.provider_name),
            C::PublisherName => s(&d.publisher_name),
            C::RegionId => o(&d.region_id),
            C::RegionName => o(&d.region_name),
            C::ResourceId => o(&d.resource_id),
            C::ResourceName => o(&d.resource_name),
            C::ResourceType => o(&d.resource_type),
            C::ServiceCategory => s(&d.service_category),
            C::ServiceName => s(&d.service_name),
            C::ServiceSubcategory => o(&d.service_subcategory),
            C::SkuId => o(&d.sku_id),
            // FOCUS 1.2: SkuMeter is null when SkuId is, SkuPriceDetails
            // when SkuPriceId is (lines imported before the mappers gave
            // every meter a SKU may have one without the other).
            C::SkuMeter if d.sku_id.is_none() => Cell::Null,
            C::SkuMeter => o(&d.sku_meter),
            C::SkuPriceDetails if d.sku_price_id.is_none() => Cell::Null,
            C::SkuPriceDetails => o(&x.sku_price_details),
            C::SkuPriceId => o(&d.sku_price_id),
            C::SubAccountId => o(&d.sub_account_id),
            C::SubAccountName => o(&d.sub_account_name),
            C::SubAccountType => o(&d.sub_account_type),
            C::Tags => o(&x.tags),
        }
    }
}

/// The custom columns of an export, named before the first line is written
/// (CSV needs its header, Parquet its schema). A line's extras key `k`
/// goes to column `k` when it starts with `x_`, else to `x_k`, so every
/// custom column carries the prefix FOCUS requires; the four FOCUS 1.2
/// columns that imports keep among the extras go to their own columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraColumns {
    names: Vec<String>,
    by_key: HashMap<String, usize>,
}

impl ExtraColumns {
    /// The columns for these extras keys (as [`cloudlens_store::Lines::extras_keys`]
    /// lists them), sorted by name.
    pub fn from_keys<S: AsRef<str>>(keys: impl IntoIterator<Item = S>) -> Self {
        let mut pairs: Vec<(String, String)> = keys
            .into_iter()
            .map(|k| k.as_ref().to_string())
            .filter(|k| focus_column_of(k).is_none())
            .map(|k| {
                let name = if k.starts_with("x_") {
                    k.clone()
                } else {
                    format!("x_{k}")
                };
                (k, name)
            })
            .collect();
        let mut names: Vec<String> = pairs.iter().map(|(_, n)| n.clone()).collect();
        names.sort();
        names.dedup();
        let by_key = pairs
            .drain(..)
            .filter_map(|(k, n)| names.binary_search(&n).ok().map(|i| (k, i)))
            .collect();
        ExtraColumns { names, by_key }
    }

    /// Column names, in export order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Which of the FOCUS columns kept among the extras `key` names, if any.
fn focus_column_of(key: &str) -> Option<FocusColumn> {
    FROM_EXTRAS
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(key))
}

/// The per-line values that need work before they can be written: the
/// `Tags` JSON and the parsed extras. Reused from line to line; both are
/// recomputed only when they differ from the previous line's.
#[derive(Debug, Default)]
pub(crate) struct LineExtras {
    pub tags: Option<String>,
    pub sku_price_details: Option<String>,
    pub pricing_currency_contracted_unit_price: Option<Decimal>,
    pub pricing_currency_effective_cost: Option<Decimal>,
    pub pricing_currency_list_unit_price: Option<Decimal>,
    /// One value per [`ExtraColumns`] column.
    pub custom: Vec<Option<String>>,
    tags_of: Option<Arc<LineDims>>,
    extras_of: Option<String>,
}

impl LineExtras {
    /// Prepares the values of `line`.
    pub(crate) fn load(
        &mut self,
        line: &CostLine,
        columns: &ExtraColumns,
    ) -> Result<(), ExportError> {
        if !self
            .tags_of
            .as_ref()
            .is_some_and(|d| Arc::ptr_eq(d, &line.dims))
        {
            self.tags = if line.dims.tags.is_empty() {
                None
            } else {
                Some(
                    serde_json::to_string(&line.dims.tags).map_err(|e| ExportError::BadValue {
                        row: line.provenance.source_row,
                        column: "Tags".into(),
                        value: e.to_string(),
                    })?,
                )
            };
            self.tags_of = Some(Arc::clone(&line.dims));
        }
        if self.custom.len() != columns.len() {
            self.custom = vec![None; columns.len()];
            self.extras_of = None;
        }
        if self.extras_of.as_deref() == Some(line.extras.as_deref().unwrap_or("")) {
            return Ok(());
        }
        self.sku_price_details = None;
        self.pricing_currency_contracted_unit_price = None;
        self.pricing_currency_effective_cost = None;
        self.pricing_currency_list_unit_price = None;
        self.custom.iter_mut().for_each(|c| *c = None);
        self.extras_of = None;
        if let Some(text) = line.extras.as_deref() {
            self.parse(line.provenance.source_row, text, columns)?;
        }
        self.extras_of = Some(line.extras.clone().unwrap_or_default());
        Ok(())
    }

    fn parse(&mut self, row: u64, text: &str, columns: &ExtraColumns) -> Result<(), ExportError> {
        let bad = |column: &str, value: &str| ExportError::BadValue {
            row,
            column: column.to_string(),
            value: value.to_string(),
        };
        let object: serde_json::Map<String, Value> =
            serde_json::from_str(text).map_err(|_| bad("extras", text))?;
        for (key, value) in object {
            if value.is_null() {
                continue;
            }
            let text = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
            if let Some(column) = focus_column_of(&key) {
                let number = || {
                    crate::parse::decimal(&text)
                        .map(Some)
                        .ok_or_else(|| bad(column.name(), &text))
                };
                match column {
                    FocusColumn::PricingCurrencyContractedUnitPrice => {
                        self.pricing_currency_contracted_unit_price = number()?
                    }
                    FocusColumn::PricingCurrencyEffectiveCost => {
                        self.pricing_currency_effective_cost = number()?
                    }
                    FocusColumn::PricingCurrencyListUnitPrice => {
                        self.pricing_currency_list_unit_price = number()?
                    }
                    _ => self.sku_price_details = Some(text),
                }
                continue;
            }
            let Some(&i) = columns.by_key.get(&key) else {
                return Err(ExportError::UnknownExtra { row, key });
            };
            // When `k` and `x_k` both occur, the `x_` spelling wins.
            if self.custom[i].is_none() || key.starts_with("x_") {
                self.custom[i] = Some(text);
            }
        }
        Ok(())
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, appended to `out`.
pub fn write_time(
    out: &mut String,
    ts: Timestamp,
    row: u64,
    column: &str,
) -> Result<(), ExportError> {
    let t = DateTime::from_timestamp(ts, 0)
        .filter(|t| (0..=9999).contains(&t.year()))
        .ok_or_else(|| ExportError::BadValue {
            row,
            column: column.to_string(),
            value: ts.to_string(),
        })?;
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    Ok(())
}

/// Exact decimal text, appended to `out`, always with a fractional part
/// (`24.0`, not `24`): readers that guess column types from CSV text then
/// see a decimal column rather than an integer one.
pub fn write_decimal(out: &mut String, d: Decimal) {
    if d.is_zero() {
        out.push_str("0.0");
        return;
    }
    let start = out.len();
    let _ = write!(out, "{}", d.normalize());
    if !out[start..].contains('.') {
        out.push_str(".0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_57_columns_of_focus_1_2_in_alphabetical_order() {
        assert_eq!(FocusColumn::ALL.len(), 57);
        let names: Vec<&str> = FocusColumn::ALL.iter().map(|c| c.name()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn decimals_and_times_in_focus_formats() {
        let text = |s: &str| {
            let mut out = String::new();
            write_decimal(&mut out, Decimal::from_str(s).unwrap());
            out
        };
        assert_eq!(text("24.000"), "24.0");
        assert_eq!(text("-0.000"), "0.0");
        assert_eq!(text("-1234.567890123"), "-1234.567890123");
        assert_eq!(
            text("0.0000000000000000000000000001"),
            "0.0000000000000000000000000001"
        );
        assert_eq!(
            text("79228162514264337593543950335"),
            "79228162514264337593543950335.0"
        );
        let mut out = String::new();
        write_time(&mut out, 1_767_225_600, 1, "ChargePeriodStart").unwrap();
        assert_eq!(out, "2026-01-01T00:00:00Z");
        assert!(write_time(&mut out, i64::MAX, 1, "ChargePeriodStart").is_err());
    }

    #[test]
    fn extras_keys_become_prefixed_custom_columns() {
        let cols = ExtraColumns::from_keys([
            "x_UsageType",
            "SkuPriceDetails",
            "AllocatedMethodId",
            "x_AllocatedMethodId",
            "pricingcurrencyeffectivecost",
        ]);
        assert_eq!(cols.names(), ["x_AllocatedMethodId", "x_UsageType"]);
        assert_eq!(cols.by_key.get("AllocatedMethodId"), Some(&0));
    }
}
