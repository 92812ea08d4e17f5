//! Azure cost details (Cost Management exports and downloads) for
//! Enterprise Agreement and Microsoft Customer Agreement accounts, actual or
//! amortized. The mapping is the FinOps toolkit's conversion to FOCUS
//! (FOCUS-NOTES §5.2): BilledCost is 0 on usage a reservation or savings
//! plan covers, EffectiveCost is 0 on the purchase of one.
//!
//! Actual and amortized files have the same columns, so the header cannot
//! tell them apart; the per-row rules are right for both, and only what
//! reconciliation compares against differs. The mapper watches the rows:
//! usage a commitment covers that carries cost, or unused-commitment rows,
//! only occur in amortized data; a commitment purchase carrying cost only in
//! actual data.

mod charge;
mod columns;
mod lookup;
mod prices;

use cloudlens_model::{ChargeClass, CostLine, LineDims};
use serde_json::{Map, Value};

use self::charge::{Charge, ChargeType, Model};
use self::columns::{Cols, Required, COST, CURRENCY, DATE};
use self::prices::Unit;
use super::focus::currency_noted;
use super::{category, Detected, Format, FormatId, Output, ReconcileOn, RowMapper, SourceAmount};
use crate::fields::{CellError, Header, HeaderError, Row};
use crate::parse::Zone;
use crate::tags;

/// Enterprise Agreement cost details.
pub struct AzureEa;

/// Microsoft Customer Agreement cost details.
pub struct AzureMca;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    Ea,
    Mca,
}

const DAY: i64 = 86_400;

/// Columns all cost-details schemas share (any spelling), for detection.
const FINGERPRINT: &[&[&str]] = &[
    DATE,
    COST,
    CURRENCY,
    &["MeterCategory"],
    &["MeterId"],
    &["MeterName"],
    &["ConsumedService"],
    &["SubscriptionId", "SubscriptionGuid"],
    &["ChargeType"],
    &["PricingModel"],
    &["BillingPeriodStartDate"],
    &["UnitOfMeasure"],
];
const MIN_FINGERPRINT: usize = 7;

/// Columns only MCA schemas have.
const MCA_MARKERS: &[&str] = &[
    "costInPricingCurrency",
    "pricingCurrency",
    "exchangeRatePricingToBilling",
    "paygCostInBillingCurrency",
    "costInUsd",
    "servicePeriodStartDate",
    "servicePeriodEndDate",
    "ProductId",
    "previousInvoiceId",
    "publisherId",
    "resellerName",
    "invoiceId",
];

/// Columns only EA schemas have.
const EA_MARKERS: &[&str] = &[
    "AccountOwnerId",
    "AccountName",
    "BillingCurrencyCode",
    "PartNumber",
    "OfferId",
    "Cost",
    "EnrollmentNumber",
    "DepartmentName",
];

fn classify(h: &Header) -> Option<Agreement> {
    let seen = FINGERPRINT.iter().filter(|a| h.find(a).is_some()).count();
    if seen < MIN_FINGERPRINT {
        return None;
    }
    let mca = h.count_present(MCA_MARKERS);
    let ea = h.count_present(EA_MARKERS);
    Some(if mca >= 2 && mca > ea {
        Agreement::Mca
    } else {
        Agreement::Ea
    })
}

fn detected(agreement: Agreement) -> Detected {
    let name = match agreement {
        Agreement::Ea => "EA",
        Agreement::Mca => "MCA",
    };
    Detected {
        score: 90,
        // The header alone cannot tell an amortized file; the mapper treats
        // the file as actual cost until its rows show amortization.
        variant: format!(
            "{name} cost details, actual cost (amortized files are recognised by their rows)"
        ),
    }
}

impl Format for AzureEa {
    fn id(&self) -> FormatId {
        FormatId::AzureEa
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        (classify(h)? == Agreement::Ea).then(|| detected(Agreement::Ea))
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(CostDetailsMapper::bind(h, Agreement::Ea)?))
    }
}

impl Format for AzureMca {
    fn id(&self) -> FormatId {
        FormatId::AzureMca
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        (classify(h)? == Agreement::Mca).then(|| detected(Agreement::Mca))
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(CostDetailsMapper::bind(h, Agreement::Mca)?))
    }
}

struct CostDetailsMapper {
    agreement: Agreement,
    required: Required,
    cols: Cols,
    extras: columns::Extras,
    /// Rows seen that only amortized data has, and that only actual has.
    amortized_rows: u64,
    actual_rows: u64,
}

impl CostDetailsMapper {
    fn bind(h: &Header, agreement: Agreement) -> Result<Self, HeaderError> {
        let (required, cols, extras) = columns::bind(h, agreement)?;
        Ok(Self {
            agreement,
            required,
            cols,
            extras,
            amortized_rows: 0,
            actual_rows: 0,
        })
    }
}

/// The FOCUS service of a row and what it was found from.
struct Service<'a> {
    name: &'a str,
    category: &'a str,
    subcategory: String,
    resource_id: Option<&'a str>,
    /// The ARM resource type of the resource id, lower-case.
    arm_type: Option<String>,
}

impl RowMapper for CostDetailsMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let cost = row.require_decimal(self.required.cost)?;
        let currency = currency_noted(row, self.required.currency, out)?;
        let ch = &self.cols.charge;
        let charge = Charge {
            kind: row
                .opt(ch.charge_type)
                .map_or(ChargeType::Usage, ChargeType::parse),
            model: Model::parse(row.opt(ch.pricing_model)),
        };
        let (day, billing_period) = self.periods(row)?;
        if !cost.is_zero() {
            match charge.shows_amortized() {
                Some(true) => self.amortized_rows += 1,
                Some(false) => self.actual_rows += 1,
                None => {}
            }
        }
        let (billed, effective) = charge.billed_and_effective(cost);
        let service = self.service(row);
        let mut dims = self.dims(row, charge, currency, &service)?;
        let commitment_status = self.commitment_dims(row, charge, &mut dims);
        let info = self.additional_info(row);
        let capacity_status =
            capacity_reservation(&mut dims, info.as_ref(), service.arm_type.as_deref());
        let unit_of_measure = row.opt(self.cols.price.unit);
        let unit = unit_of_measure.map(Unit::of);
        dims.pricing_unit = unit.as_ref().map(|u| u.name.clone());
        dims.pricing_currency = match self.agreement {
            Agreement::Ea => Some(currency.to_string()),
            Agreement::Mca => row.string(self.cols.price.pricing_currency),
        };
        let m = self.measures(row, charge, &mut dims, unit.as_ref(), cost)?;
        let more = self.pricing_extras(
            row,
            unit_of_measure,
            unit.as_ref(),
            &dims,
            &m,
            (cost, effective),
        )?;
        let extras = self.extras_json(row, service.arm_type.as_deref(), info, more);
        let line = CostLine {
            effective_cost: effective,
            list_cost: m.list_cost,
            contracted_cost: m.contracted_cost,
            pricing_quantity: m.pricing_quantity,
            consumed_quantity: m.consumed_quantity,
            list_unit_price: m.list_unit_price,
            contracted_unit_price: m.contracted_unit_price,
            commitment_discount_status: commitment_status,
            capacity_reservation_status: capacity_status,
            invoice_id: row.string(self.cols.charge.invoice_id),
            extras,
            ..super::cost_line(
                out.dims(dims),
                billing_period,
                (day, day + DAY),
                billed,
                row.line,
            )
        };
        out.source = Some(SourceAmount {
            billing_period_start: billing_period.0,
            currency: currency.to_string(),
            amount: cost,
        });
        out.push(line);
        Ok(())
    }

    /// Amortized data reconciles on EffectiveCost (its cost column is the
    /// amortized figure), actual data on BilledCost. Decided by the rows
    /// mapped so far, so ask after the last one; a file whose rows show
    /// both (two files concatenated) is taken as actual.
    fn reconcile_on(&self) -> ReconcileOn {
        if self.amortized_rows > 0 && self.actual_rows == 0 {
            ReconcileOn::Effective
        } else {
            ReconcileOn::Billed
        }
    }
}

/// (id, name, category, type) of the row's commitment discount.
type Commitment = (
    String,
    Option<String>,
    Option<&'static str>,
    Option<&'static str>,
);

impl CostDetailsMapper {
    /// The charge day and the billing period. Dates are inclusive days;
    /// FOCUS ends are exclusive.
    fn periods(&self, row: &Row<'_>) -> Result<(i64, (i64, i64)), CellError> {
        let ch = &self.cols.charge;
        let day = day_floor(row.require_time(self.required.date, Zone::Utc)?);
        let start = match row.time(ch.billing_period_start, Zone::Utc)? {
            Some(t) => day_floor(t),
            None => month_start(day),
        };
        let end = match row.time(ch.billing_period_end, Zone::Utc)? {
            Some(t) => day_floor(t) + DAY,
            None => next_month_start(start),
        };
        if end <= start {
            let col = ch.billing_period_end.unwrap_or(self.required.date);
            return Err(row.invalid(col, "a billing period end no earlier than its start"));
        }
        Ok((day, (start, end)))
    }

    /// The service of the consumed service and resource type (FinOps
    /// toolkit data), else of the meter category's name.
    fn service<'a>(&self, row: &Row<'a>) -> Service<'a> {
        let (r, p) = (&self.cols.resource, &self.cols.product);
        let resource_id = row.opt(r.resource_id);
        let arm_type = resource_id.and_then(lookup::arm_type);
        let consumed = row.opt(r.consumed_service);
        let service = lookup::service(consumed, arm_type.as_deref());
        let name = service
            .map(|s| s.name.as_str())
            .or_else(|| row.opt(p.meter_category))
            .or(consumed)
            .unwrap_or("Azure");
        // A name found without its service (a meter category) takes the
        // category the Services data gives that name, so that one name
        // always has one category.
        let named = service.is_none().then(|| lookup::by_name(name)).flatten();
        let category = service
            .map(|s| s.category.as_str())
            .or(named.map(|(cat, _)| cat))
            .or_else(|| consumed.and_then(lookup::consumed_category))
            .unwrap_or("Other");
        let subcategory = service
            .map(|s| s.subcategory.as_str())
            .or(named.and_then(|(_, sub)| sub))
            .filter(|s| !s.is_empty())
            .map_or_else(
                || category::service_subcategory(category, &[Some(name)]),
                str::to_string,
            );
        Service {
            name,
            category,
            subcategory,
            resource_id,
            arm_type,
        }
    }

    /// Everything about the line but its commitment, capacity
    /// reservation, units and prices.
    fn dims(
        &self,
        row: &Row<'_>,
        charge: Charge,
        currency: &str,
        service: &Service<'_>,
    ) -> Result<LineDims, CellError> {
        let (a, r, p) = (&self.cols.accounts, &self.cols.resource, &self.cols.product);
        let category = charge.category();
        let mut dims = LineDims::new(
            "Microsoft",
            row.require(self.required.account)?,
            currency,
            service.name,
            service.category,
            category,
        );
        dims.publisher_name = row.opt(p.publisher_name).unwrap_or("Microsoft").to_string();
        dims.invoice_issuer_name = row.opt(p.partner_name).unwrap_or("Microsoft").to_string();
        dims.billing_account_name = row.string(a.account_name);
        dims.billing_account_type = Some(
            match self.agreement {
                Agreement::Ea => "Billing Account",
                Agreement::Mca => "Billing Profile",
            }
            .to_string(),
        );
        dims.sub_account_id = row.string(a.subscription);
        dims.sub_account_name = row.string(a.subscription_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Subscription".to_string());
        }
        dims.service_subcategory = Some(service.subcategory.clone());
        if charge.kind == ChargeType::Refund {
            dims.charge_class = Some(ChargeClass::Correction);
        }
        dims.charge_frequency = charge::frequency(row.opt(self.cols.charge.frequency), category);
        dims.charge_description = row.string(p.product_name);
        if let Some(location) = row.opt(r.location) {
            let (id, name) = lookup::region(location);
            dims.region_id = Some(id);
            dims.region_name = Some(name);
        }
        dims.availability_zone = row.string(r.availability_zone);
        dims.resource_id = service.resource_id.map(str::to_string);
        dims.resource_name = row.string(r.resource_name).or_else(|| {
            service
                .resource_id
                .and_then(|id| id.rsplit('/').find(|s| !s.is_empty()))
                .map(str::to_string)
        });
        dims.resource_type = service.arm_type.clone();
        // The product (MCA) or else the meter is the SKU; the meter name
        // says what it meters.
        dims.sku_id = match self.agreement {
            Agreement::Mca => row.string(p.product_id),
            Agreement::Ea => None,
        }
        .or_else(|| row.string(p.meter_id));
        dims.sku_meter = row.string(p.meter_name).filter(|_| dims.sku_id.is_some());
        dims.pricing_category = charge.pricing_category();
        if let Some(col) = r.tags {
            if let Some(text) = row.str(col) {
                dims.tags = tags::from_json(text)
                    .map_err(|e| CellError::new(row.header.name(col), text, e))?;
            }
        }
        Ok(dims)
    }

    /// The commitment discount's columns; its status.
    fn commitment_dims(
        &self,
        row: &Row<'_>,
        charge: Charge,
        dims: &mut LineDims,
    ) -> Option<String> {
        let (id, name, cat, typ) = self.commitment(row, charge.model)?;
        dims.commitment_discount_id = Some(id);
        dims.commitment_discount_name = name;
        dims.commitment_discount_category = cat.map(str::to_string);
        dims.commitment_discount_type = typ.map(str::to_string);
        charge.commitment_status()
    }

    fn commitment(&self, row: &Row<'_>, model: Model) -> Option<Commitment> {
        let b = &self.cols.benefit;
        let by_model = match model {
            Model::Reservation => (Some("Usage"), Some("Reservation")),
            Model::SavingsPlan => (Some("Spend"), Some("Savings Plan")),
            _ => (None, None),
        };
        if let Some(id) = row.opt(b.benefit_id) {
            let lower = id.to_ascii_lowercase();
            let (cat, typ) = if lower.contains("/microsoft.capacity/") {
                (Some("Usage"), Some("Reservation"))
            } else if lower.contains("/microsoft.billingbenefits/") {
                (Some("Spend"), Some("Savings Plan"))
            } else {
                by_model
            };
            let name = row
                .string(b.benefit_name)
                .or_else(|| row.string(b.reservation_name));
            return Some((id.to_string(), name, cat, typ));
        }
        // Files from before benefitId: the reservation's own id.
        let id = row
            .opt(b.reservation_id)
            .filter(|_| model.is_commitment())?;
        Some((
            id.to_string(),
            row.string(b.reservation_name),
            by_model.0,
            by_model.1,
        ))
    }

    fn additional_info(&self, row: &Row<'_>) -> Option<Map<String, Value>> {
        let text = row.opt(self.cols.resource.additional_info)?;
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) => Some(m),
            _ => None,
        }
    }

    /// The native fields as `x_` extras, and `AdditionalInfo` as
    /// `x_SkuDetails` (the name Microsoft's FOCUS 1.0 export gives it;
    /// FOCUS 1.2's SkuPriceDetails describes a SkuPriceId, which cost
    /// details do not have). Unparsable text is kept whole as
    /// `x_AdditionalInfo`.
    fn extras_json(
        &self,
        row: &Row<'_>,
        arm_type: Option<&str>,
        info: Option<Map<String, Value>>,
        more: Map<String, Value>,
    ) -> Option<String> {
        let mut map = more;
        for (col, key) in &self.extras {
            if let Some(v) = row.str(*col) {
                map.insert((*key).to_string(), Value::String(v.to_string()));
            }
        }
        if let Some(t) = arm_type {
            map.insert("x_ResourceType".to_string(), Value::String(t.to_string()));
        }
        match info {
            Some(m) if !m.is_empty() => {
                map.insert(
                    "x_SkuDetails".to_string(),
                    Value::String(Value::Object(m).to_string()),
                );
            }
            Some(_) => {}
            None => {
                if let Some(text) = row.opt(self.cols.resource.additional_info) {
                    map.insert(
                        "x_AdditionalInfo".to_string(),
                        Value::String(text.to_string()),
                    );
                }
            }
        }
        (!map.is_empty()).then(|| Value::Object(map).to_string())
    }
}

/// The capacity reservation a VM ran in (`AdditionalInfo`), and its
/// status: Unused on the reservation's own row, Used on the VM's.
fn capacity_reservation(
    dims: &mut LineDims,
    info: Option<&Map<String, Value>>,
    arm_type: Option<&str>,
) -> Option<String> {
    let id = info
        .and_then(|m| m.get("VMCapacityReservationId"))
        .and_then(|v| {
            v.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        });
    let status = id.as_ref().map(|_| {
        if arm_type == Some("microsoft.compute/capacityreservationgroups/capacityreservations") {
            "Unused".to_string()
        } else {
            "Used".to_string()
        }
    });
    dims.capacity_reservation_id = id;
    status
}

fn day_floor(t: i64) -> i64 {
    t - t.rem_euclid(DAY)
}

fn month_start(t: i64) -> i64 {
    cloudlens_model::utc_day(t).map_or(t, |d| {
        cloudlens_model::day_start(cloudlens_model::month_start(d))
    })
}

fn next_month_start(t: i64) -> i64 {
    cloudlens_model::utc_day(t).map_or(t + 31 * DAY, |d| {
        cloudlens_model::day_start(cloudlens_model::next_month(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_from_days() {
        // 2025-03-17 → 2025-03-01 and 2025-04-01.
        assert_eq!(month_start(1_742_169_600), 1_740_787_200);
        assert_eq!(next_month_start(1_740_787_200), 1_743_465_600);
    }
}
