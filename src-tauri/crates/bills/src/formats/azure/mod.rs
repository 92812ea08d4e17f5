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

mod lookup;

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory,
    Provenance,
};
use serde_json::{Map, Value};

use super::focus::currency_code;
use super::{Detected, Format, FormatId, Output, ReconcileOn, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
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

const DATE: &[&str] = &["Date", "UsageDate", "UsageDateTime"];
const COST: &[&str] = &[
    "CostInBillingCurrency",
    "Cost",
    "PreTaxCost",
    "ExtendedCost",
];
const CURRENCY: &[&str] = &["BillingCurrencyCode", "BillingCurrency", "Currency"];

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

struct Cols {
    account_name: Option<Col>,
    billing_period_start: Option<Col>,
    billing_period_end: Option<Col>,
    subscription: Option<Col>,
    subscription_name: Option<Col>,
    charge_type: Option<Col>,
    pricing_model: Option<Col>,
    frequency: Option<Col>,
    benefit_id: Option<Col>,
    benefit_name: Option<Col>,
    reservation_id: Option<Col>,
    reservation_name: Option<Col>,
    quantity: Option<Col>,
    unit: Option<Col>,
    unit_price: Option<Col>,
    payg_price: Option<Col>,
    payg_cost: Option<Col>,
    exchange_rate: Option<Col>,
    pricing_currency: Option<Col>,
    consumed_service: Option<Col>,
    resource_id: Option<Col>,
    resource_name: Option<Col>,
    location: Option<Col>,
    availability_zone: Option<Col>,
    meter_category: Option<Col>,
    meter_name: Option<Col>,
    product_name: Option<Col>,
    product_id: Option<Col>,
    meter_id: Option<Col>,
    cost_in_pricing: Option<Col>,
    publisher_name: Option<Col>,
    partner_name: Option<Col>,
    invoice_id: Option<Col>,
    tags: Option<Col>,
    additional_info: Option<Col>,
}

struct CostDetailsMapper {
    agreement: Agreement,
    date: Col,
    cost: Col,
    currency: Col,
    account: Col,
    c: Cols,
    /// Native columns kept as `x_` extras, with their key.
    extras: Vec<(Col, &'static str)>,
    /// Rows seen that only amortized data has, and that only actual has.
    amortized_rows: u64,
    actual_rows: u64,
}

type Names = &'static [&'static str];

/// An extra's key and the columns it may come from.
type Extra = (&'static str, Names);

/// Native columns kept as extras, under the names Microsoft's own FOCUS
/// export gives them where it has one.
const EXTRAS: &[Extra] = &[
    ("x_ChargeType", &["ChargeType"]),
    ("x_PricingModel", &["PricingModel"]),
    ("x_AccountName", &["AccountName"]),
    ("x_AccountOwnerId", &["AccountOwnerId"]),
    ("x_CostCenter", &["CostCenter"]),
    ("x_CostAllocationRuleName", &["CostAllocationRuleName"]),
    ("x_EffectiveUnitPrice", &["EffectivePrice"]),
    ("x_InvoiceSectionId", &["InvoiceSectionId"]),
    (
        "x_InvoiceSectionName",
        &["InvoiceSectionName", "InvoiceSection"],
    ),
    ("x_PublisherCategory", &["PublisherType"]),
    ("x_PublisherId", &["PublisherId"]),
    ("x_ResellerName", &["ResellerName"]),
    (
        "x_ResourceGroupName",
        &["ResourceGroupName", "ResourceGroup"],
    ),
    ("x_ServicePeriodStart", &["ServicePeriodStartDate"]),
    ("x_ServicePeriodEnd", &["ServicePeriodEndDate"]),
    ("x_BillingExchangeRate", &["ExchangeRatePricingToBilling"]),
    ("x_BillingExchangeRateDate", &["ExchangeRateDate"]),
    ("x_BilledCostInUsd", &["CostInUsd"]),
    ("x_SkuMeterCategory", &["MeterCategory"]),
    ("x_SkuMeterSubcategory", &["MeterSubCategory"]),
    ("x_SkuMeterId", &["MeterId"]),
    ("x_SkuRegion", &["MeterRegion"]),
    ("x_SkuServiceFamily", &["ServiceFamily"]),
    ("x_SkuOfferId", &["OfferId"]),
    ("x_SkuOrderId", &["ProductOrderId"]),
    ("x_SkuOrderName", &["ProductOrderName"]),
    ("x_SkuPartNumber", &["PartNumber"]),
    ("x_SkuPlanName", &["PlanName"]),
    ("x_SkuTerm", &["Term"]),
    ("x_ConsumedService", &["ConsumedService"]),
];

impl CostDetailsMapper {
    fn bind(h: &Header, agreement: Agreement) -> Result<Self, HeaderError> {
        let f = |names: &[&str]| h.find(names);
        let (account, account_name, other_account): (Names, Names, [Extra; 2]) = match agreement {
            Agreement::Ea => (
                &["BillingAccountId", "EnrollmentNumber"],
                &["BillingAccountName"],
                [
                    ("x_BillingProfileId", &["BillingProfileId"]),
                    ("x_BillingProfileName", &["BillingProfileName"]),
                ],
            ),
            Agreement::Mca => (
                &["BillingProfileId"],
                &["BillingProfileName"],
                [
                    ("x_BillingAccountId", &["BillingAccountId"]),
                    ("x_BillingAccountName", &["BillingAccountName"]),
                ],
            ),
        };
        let c = Cols {
            account_name: f(account_name),
            billing_period_start: f(&["BillingPeriodStartDate", "BillingPeriodStart"]),
            billing_period_end: f(&["BillingPeriodEndDate", "BillingPeriodEnd"]),
            // Old EA files have a numeric SubscriptionId next to the GUID.
            subscription: f(&["SubscriptionGuid", "SubscriptionId"]),
            subscription_name: f(&["SubscriptionName"]),
            charge_type: f(&["ChargeType"]),
            pricing_model: f(&["PricingModel"]),
            frequency: f(&["Frequency"]),
            benefit_id: f(&["BenefitId"]),
            benefit_name: f(&["BenefitName"]),
            reservation_id: f(&["ReservationId"]),
            reservation_name: f(&["ReservationName"]),
            quantity: f(&["Quantity", "ConsumedQuantity"]),
            unit: f(&["UnitOfMeasure"]),
            unit_price: f(&["UnitPrice"]),
            payg_price: f(&["PayGPrice"]),
            payg_cost: f(&["PaygCostInBillingCurrency"]),
            exchange_rate: f(&["ExchangeRatePricingToBilling"]),
            pricing_currency: f(&["PricingCurrency", "PricingCurrencyCode"]),
            consumed_service: f(&["ConsumedService"]),
            resource_id: f(&["ResourceId", "InstanceId", "InstanceName"]),
            resource_name: f(&["ResourceName"]),
            location: f(&["ResourceLocation", "ResourceLocationNormalized", "Location"]),
            availability_zone: f(&["AvailabilityZone"]),
            meter_category: f(&["MeterCategory"]),
            meter_name: f(&["MeterName"]),
            product_name: f(&["ProductName", "Product"]),
            product_id: f(&["ProductId"]),
            meter_id: f(&["MeterId"]),
            cost_in_pricing: f(&["CostInPricingCurrency"]),
            publisher_name: f(&["PublisherName"]),
            partner_name: f(&["PartnerName"]),
            invoice_id: f(&["InvoiceId"]),
            tags: f(&["Tags"]),
            additional_info: f(&["AdditionalInfo"]),
        };
        let extras = EXTRAS
            .iter()
            .chain(other_account.iter())
            .filter_map(|(key, names)| f(names).map(|col| (col, *key)))
            .collect();
        Ok(Self {
            agreement,
            date: h.require(DATE)?,
            cost: h.require(COST)?,
            currency: h.require(CURRENCY)?,
            account: h.require(account)?,
            c,
            extras,
            amortized_rows: 0,
            actual_rows: 0,
        })
    }
}

/// `ChargeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChargeType {
    Usage,
    Purchase,
    Refund,
    UnusedReservation,
    UnusedSavingsPlan,
    Tax,
    Credit,
    Other,
}

impl ChargeType {
    fn parse(v: &str) -> ChargeType {
        let is = |s: &str| v.eq_ignore_ascii_case(s);
        if is("Usage") {
            ChargeType::Usage
        } else if is("Purchase") {
            ChargeType::Purchase
        } else if is("Refund") {
            ChargeType::Refund
        } else if is("UnusedReservation") {
            ChargeType::UnusedReservation
        } else if is("UnusedSavingsPlan") {
            ChargeType::UnusedSavingsPlan
        } else if is("Tax") {
            ChargeType::Tax
        } else if is("Credit") {
            ChargeType::Credit
        } else {
            ChargeType::Other
        }
    }

    fn is_unused(self) -> bool {
        matches!(
            self,
            ChargeType::UnusedReservation | ChargeType::UnusedSavingsPlan
        )
    }
}

/// `PricingModel`, reduced to what the mapping needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    OnDemand,
    Spot,
    Reservation,
    SavingsPlan,
    Other,
}

impl Model {
    fn parse(v: Option<&str>) -> Model {
        let Some(v) = v else { return Model::Other };
        let key: String = v
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "ondemand" => Model::OnDemand,
            "spot" => Model::Spot,
            "reservation" => Model::Reservation,
            "savingsplan" => Model::SavingsPlan,
            _ => Model::Other,
        }
    }

    fn is_commitment(self) -> bool {
        matches!(self, Model::Reservation | Model::SavingsPlan)
    }
}

impl RowMapper for CostDetailsMapper {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let c = &self.c;
        let cost = row.require_decimal(self.cost)?;
        let currency = currency_code(row, self.currency)?;
        let charge_type = row
            .opt(c.charge_type)
            .map_or(ChargeType::Usage, ChargeType::parse);
        let model = Model::parse(row.opt(c.pricing_model));

        // Dates are inclusive days; FOCUS ends are exclusive.
        let day = day_floor(row.require_time(self.date, Zone::Utc)?);
        let billing_period_start = match row.time(c.billing_period_start, Zone::Utc)? {
            Some(t) => day_floor(t),
            None => month_start(day),
        };
        let billing_period_end = match row.time(c.billing_period_end, Zone::Utc)? {
            Some(t) => day_floor(t) + DAY,
            None => next_month_start(billing_period_start),
        };
        if billing_period_end <= billing_period_start {
            let col = c.billing_period_end.unwrap_or(self.date);
            return Err(row.invalid(col, "a billing period end no earlier than its start"));
        }

        let covered_usage = charge_type == ChargeType::Usage && model.is_commitment();
        let commitment_purchase = matches!(charge_type, ChargeType::Purchase | ChargeType::Refund)
            && model.is_commitment();
        if !cost.is_zero() {
            if covered_usage || charge_type.is_unused() {
                self.amortized_rows += 1;
            } else if commitment_purchase {
                self.actual_rows += 1;
            }
        }
        // Covered usage and unused commitment were paid for by the
        // purchase: they are amortization, not billing.
        let billed = if covered_usage || charge_type.is_unused() {
            Decimal::ZERO
        } else {
            cost
        };
        let effective = if commitment_purchase {
            Decimal::ZERO
        } else {
            cost
        };

        let category = match charge_type {
            ChargeType::Usage | ChargeType::UnusedReservation | ChargeType::UnusedSavingsPlan => {
                ChargeCategory::Usage
            }
            ChargeType::Purchase | ChargeType::Refund => ChargeCategory::Purchase,
            ChargeType::Tax => ChargeCategory::Tax,
            ChargeType::Credit => ChargeCategory::Credit,
            ChargeType::Other => ChargeCategory::Adjustment,
        };
        let frequency = match row.opt(c.frequency) {
            Some(v) if v.eq_ignore_ascii_case("OneTime") => Some(ChargeFrequency::OneTime),
            Some(v) if v.eq_ignore_ascii_case("UsageBased") => Some(ChargeFrequency::UsageBased),
            Some(v) => v.parse().ok(),
            None if category == ChargeCategory::Usage => Some(ChargeFrequency::UsageBased),
            None => None,
        };
        let pricing_category = match (category, model) {
            (ChargeCategory::Tax | ChargeCategory::Credit | ChargeCategory::Adjustment, _) => None,
            // A commitment purchase is never Committed itself (FOCUS 1.2).
            (ChargeCategory::Purchase, Model::Reservation | Model::SavingsPlan) => {
                Some(PricingCategory::Standard)
            }
            (_, Model::OnDemand) => Some(PricingCategory::Standard),
            (_, Model::Spot) => Some(PricingCategory::Dynamic),
            (_, Model::Reservation | Model::SavingsPlan) => Some(PricingCategory::Committed),
            (_, Model::Other) => None,
        };

        let resource_id = row.opt(c.resource_id);
        let arm_type = resource_id.and_then(lookup::arm_type);
        let consumed = row.opt(c.consumed_service);
        let service = lookup::service(consumed, arm_type.as_deref());
        let service_name = service
            .map(|s| s.name.as_str())
            .or_else(|| row.opt(c.meter_category))
            .or(consumed)
            .unwrap_or("Azure");
        // A name found without its service (a meter category) takes the
        // category the Services data gives that name, so that one name
        // always has one category.
        let named = service
            .is_none()
            .then(|| lookup::by_name(service_name))
            .flatten();
        let service_category = service
            .map(|s| s.category.as_str())
            .or(named.map(|(cat, _)| cat))
            .or_else(|| consumed.and_then(lookup::consumed_category))
            .unwrap_or("Other");

        let mut dims = LineDims::new(
            "Microsoft",
            row.require(self.account)?,
            currency,
            service_name,
            service_category,
            category,
        );
        dims.publisher_name = row.opt(c.publisher_name).unwrap_or("Microsoft").to_string();
        dims.invoice_issuer_name = row.opt(c.partner_name).unwrap_or("Microsoft").to_string();
        dims.billing_account_name = row.string(c.account_name);
        dims.billing_account_type = Some(
            match self.agreement {
                Agreement::Ea => "Billing Account",
                Agreement::Mca => "Billing Profile",
            }
            .to_string(),
        );
        dims.sub_account_id = row.string(c.subscription);
        dims.sub_account_name = row.string(c.subscription_name);
        if dims.sub_account_id.is_some() {
            dims.sub_account_type = Some("Subscription".to_string());
        }
        dims.service_subcategory = Some(
            service
                .map(|s| s.subcategory.as_str())
                .or(named.and_then(|(_, sub)| sub))
                .filter(|s| !s.is_empty())
                .map_or_else(
                    || {
                        super::category::service_subcategory(
                            service_category,
                            &[Some(service_name)],
                        )
                    },
                    str::to_string,
                ),
        );
        if charge_type == ChargeType::Refund {
            dims.charge_class = Some(ChargeClass::Correction);
        }
        dims.charge_frequency = frequency;
        dims.charge_description = row.string(c.product_name);
        if let Some(location) = row.opt(c.location) {
            let (id, name) = lookup::region(location);
            dims.region_id = Some(id);
            dims.region_name = Some(name);
        }
        dims.availability_zone = row.string(c.availability_zone);
        dims.resource_id = resource_id.map(str::to_string);
        dims.resource_name = row.string(c.resource_name).or_else(|| {
            resource_id
                .and_then(|id| id.rsplit('/').find(|s| !s.is_empty()))
                .map(str::to_string)
        });
        dims.resource_type = arm_type.clone();
        // The product (MCA) or else the meter is the SKU; the meter name
        // says what it meters.
        dims.sku_id = match self.agreement {
            Agreement::Mca => row.string(c.product_id),
            Agreement::Ea => None,
        }
        .or_else(|| row.string(c.meter_id));
        dims.sku_meter = row.string(c.meter_name).filter(|_| dims.sku_id.is_some());
        dims.pricing_category = pricing_category;
        let unit_of_measure = row.opt(c.unit);
        let unit = unit_of_measure.map(Unit::of);
        dims.pricing_unit = unit
            .as_ref()
            .map(|u| u.name.clone())
            .or_else(|| unit_of_measure.map(str::to_string));
        dims.pricing_currency = match self.agreement {
            Agreement::Ea => Some(currency.to_string()),
            Agreement::Mca => row.string(c.pricing_currency),
        };
        let commitment = self.commitment(row, model);
        if let Some((id, name, cat, typ)) = &commitment {
            dims.commitment_discount_id = Some(id.clone());
            dims.commitment_discount_name = name.clone();
            dims.commitment_discount_category = cat.map(str::to_string);
            dims.commitment_discount_type = typ.map(str::to_string);
        }
        if let Some(col) = c.tags {
            if let Some(text) = row.str(col) {
                dims.tags = tags::from_json(text)
                    .map_err(|e| CellError::new(row.header.name(col), text, e))?;
            }
        }
        let info = self.additional_info(row);
        let capacity_reservation = info
            .as_ref()
            .and_then(|m| m.get("VMCapacityReservationId"))
            .and_then(|v| {
                v.as_str()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            });
        let capacity_status = capacity_reservation.as_ref().map(|_| {
            if arm_type.as_deref()
                == Some("microsoft.compute/capacityreservationgroups/capacityreservations")
            {
                "Unused".to_string()
            } else {
                "Used".to_string()
            }
        });
        dims.capacity_reservation_id = capacity_reservation;

        let scale = |v: Option<Decimal>| match unit.as_ref().and_then(|u| u.scale) {
            Some(block) => v.and_then(|v| v.checked_mul(block)),
            None => v,
        };
        let per_block = |v: Option<Decimal>| match unit.as_ref().and_then(|u| u.scale) {
            Some(block) => v.and_then(|v| v.checked_div(block)),
            None => v,
        };
        let quantity = row.decimal(c.quantity)?;
        let mut consumed_quantity = (charge_type == ChargeType::Usage)
            .then_some(scale(quantity))
            .flatten();
        if consumed_quantity.is_some() {
            dims.consumed_unit = dims.pricing_unit.clone();
        }
        let mut pricing_quantity = scale(quantity);
        super::pair_units(&mut dims, &mut pricing_quantity, &mut consumed_quantity);
        // MCA prices are in the pricing currency.
        let rate = match self.agreement {
            Agreement::Ea => Some(Decimal::ONE),
            Agreement::Mca => match row.decimal(c.exchange_rate)? {
                Some(r) if !r.is_zero() => Some(r),
                _ if dims
                    .pricing_currency
                    .as_deref()
                    .is_none_or(|p| p.eq_ignore_ascii_case(currency)) =>
                {
                    Some(Decimal::ONE)
                }
                _ => None,
            },
        };
        let in_billing =
            |price: Option<Decimal>| price.zip(rate).and_then(|(p, r)| p.checked_mul(r));
        let payg_price = row.decimal(c.payg_price)?;
        let unit_price = row.decimal(c.unit_price)?;
        let list_unit_price = per_block(in_billing(payg_price));
        let contracted_unit_price = per_block(in_billing(unit_price));
        let times_quantity = |price: Option<Decimal>| {
            price
                .filter(|p| !p.is_zero())
                .zip(scale(quantity))
                .and_then(|(p, q)| p.checked_mul(q))
        };
        let (list_cost, contracted_cost) = if charge_type.is_unused() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            let list = match row.decimal(c.payg_cost)? {
                Some(v) => v,
                None => times_quantity(list_unit_price).unwrap_or(cost),
            };
            (list, times_quantity(contracted_unit_price).unwrap_or(cost))
        };
        let commitment_status = match charge_type {
            _ if commitment.is_none() => None,
            ChargeType::UnusedReservation | ChargeType::UnusedSavingsPlan => {
                Some("Unused".to_string())
            }
            _ if category == ChargeCategory::Usage && model.is_commitment() => {
                Some("Used".to_string())
            }
            _ => None,
        };

        let mut more = Map::new();
        if let Some(raw) = unit_of_measure {
            more.insert(
                "x_PricingUnitDescription".to_string(),
                Value::String(raw.to_string()),
            );
        }
        if let Some(u) = &unit {
            more.insert(
                "x_PricingBlockSize".to_string(),
                Value::String(u.block.normalize().to_string()),
            );
        }
        // Priced in another currency (MCA): the pricing-currency figures
        // are the file's own.
        let other_currency = dims
            .pricing_currency
            .as_deref()
            .is_some_and(|p| !p.eq_ignore_ascii_case(currency));
        if other_currency {
            let in_pricing = row.decimal(c.cost_in_pricing)?;
            let pricing_effective = if effective.is_zero() {
                Some(Decimal::ZERO)
            } else if effective == cost {
                in_pricing
            } else {
                None
            };
            for (key, v) in [
                ("PricingCurrencyEffectiveCost", pricing_effective),
                ("PricingCurrencyListUnitPrice", per_block(payg_price)),
                ("PricingCurrencyContractedUnitPrice", per_block(unit_price)),
            ] {
                if let Some(v) = v {
                    more.insert(key.to_string(), Value::String(v.normalize().to_string()));
                }
            }
        }
        let extras = self.extras_json(row, arm_type.as_deref(), info, more);
        let line = CostLine {
            dims: out.dims(dims),
            billing_period_start,
            billing_period_end,
            charge_period_start: day,
            charge_period_end: day + DAY,
            billed_cost: billed,
            effective_cost: effective,
            list_cost,
            contracted_cost,
            pricing_quantity,
            consumed_quantity,
            list_unit_price,
            contracted_unit_price,
            commitment_discount_status: commitment_status,
            commitment_discount_quantity: None,
            capacity_reservation_status: capacity_status,
            invoice_id: row.string(c.invoice_id),
            extras,
            provenance: Provenance {
                source_row: row.line,
            },
        };
        out.source = Some(SourceAmount {
            billing_period_start,
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
    fn commitment(&self, row: &Row<'_>, model: Model) -> Option<Commitment> {
        let c = &self.c;
        let by_model = match model {
            Model::Reservation => (Some("Usage"), Some("Reservation")),
            Model::SavingsPlan => (Some("Spend"), Some("Savings Plan")),
            _ => (None, None),
        };
        if let Some(id) = row.opt(c.benefit_id) {
            let lower = id.to_ascii_lowercase();
            let (cat, typ) = if lower.contains("/microsoft.capacity/") {
                (Some("Usage"), Some("Reservation"))
            } else if lower.contains("/microsoft.billingbenefits/") {
                (Some("Spend"), Some("Savings Plan"))
            } else {
                by_model
            };
            let name = row
                .string(c.benefit_name)
                .or_else(|| row.string(c.reservation_name));
            return Some((id.to_string(), name, cat, typ));
        }
        // Files from before benefitId: the reservation's own id.
        let id = row
            .opt(c.reservation_id)
            .filter(|_| model.is_commitment())?;
        Some((
            id.to_string(),
            row.string(c.reservation_name),
            by_model.0,
            by_model.1,
        ))
    }

    fn additional_info(&self, row: &Row<'_>) -> Option<Map<String, Value>> {
        let text = row.opt(self.c.additional_info)?;
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
                if let Some(text) = row.opt(self.c.additional_info) {
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

/// A `UnitOfMeasure` in FOCUS terms (FinOps toolkit PricingUnits data):
/// `1 Hour` is `Hours`; a block of several units (`10K`, `100 Hours`) is
/// kept as the FOCUS `<quantity> <units>` form (`10000 Units`), where
/// quantities and prices are per block as the file has them; a block
/// FOCUS has no form for (`1K/Month`: per 1,000 units a month) is spread
/// out, quantities times the block and prices divided by it, when that
/// division is exact.
struct Unit {
    name: String,
    block: Decimal,
    /// Quantities are multiplied and prices divided by this.
    scale: Option<Decimal>,
}

impl Unit {
    fn of(unit_of_measure: &str) -> Unit {
        let Some((block, distinct)) = lookup::pricing_unit(unit_of_measure) else {
            return Unit {
                name: unit_of_measure.to_string(),
                block: Decimal::ONE,
                scale: None,
            };
        };
        let keep = |name: String| Unit {
            name,
            block,
            scale: None,
        };
        if block == Decimal::ONE {
            return keep(distinct.to_string());
        }
        let blocked = format!("{} {distinct}", block.normalize());
        if crate::formats::units::is_focus_unit(&blocked) {
            return keep(blocked);
        }
        // Spread out only when a price per block divides exactly: the
        // block is a power of ten then, and decimals hold the result.
        let exact = block
            .normalize()
            .to_string()
            .strip_prefix('1')
            .is_some_and(|zeros| zeros.bytes().all(|b| b == b'0'));
        if exact {
            Unit {
                name: distinct.to_string(),
                block,
                scale: Some(block),
            }
        } else {
            keep(blocked)
        }
    }
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
    fn pricing_models_and_charge_types_parse_loosely() {
        assert_eq!(Model::parse(Some("Savings Plan")), Model::SavingsPlan);
        assert_eq!(Model::parse(Some("OnDemand")), Model::OnDemand);
        assert_eq!(Model::parse(None), Model::Other);
        assert_eq!(
            ChargeType::parse("unusedreservation"),
            ChargeType::UnusedReservation
        );
        assert_eq!(ChargeType::parse("RoundingAdjustment"), ChargeType::Other);
    }

    #[test]
    fn units_of_measure_in_focus_terms() {
        let u = Unit::of("10K");
        assert_eq!((u.name.as_str(), u.scale), ("10000 Units", None));
        let u = Unit::of("1 Hour");
        assert_eq!((u.name.as_str(), u.scale), ("Hours", None));
        let u = Unit::of("1K/Month");
        assert_eq!(
            (u.name.as_str(), u.scale),
            ("Units/Month", Some(Decimal::from(1000)))
        );
        let u = Unit::of("1K/Day");
        assert_eq!(
            (u.name.as_str(), u.scale),
            ("Units/Day", Some(Decimal::from(1000)))
        );
        let u = Unit::of("30 /Day");
        assert_eq!((u.name.as_str(), u.scale), ("30 Units/Day", None));
        let u = Unit::of("Bushels");
        assert_eq!((u.name.as_str(), u.scale), ("Bushels", None));
    }

    #[test]
    fn months_from_days() {
        // 2025-03-17 → 2025-03-01 and 2025-04-01.
        assert_eq!(month_start(1_742_169_600), 1_740_787_200);
        assert_eq!(next_month_start(1_740_787_200), 1_743_465_600);
    }
}
