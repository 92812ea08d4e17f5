//! The columns the cost details mapper reads, in named groups, with their
//! spellings across the EA and MCA schemas and their versions.

use crate::fields::{Col, Header, HeaderError};
use crate::formats::group::{group, Aliases};

use super::Agreement;

/// What the mapper cannot do without, in the order a missing one is named.
pub(super) struct Required {
    pub date: Col,
    pub cost: Col,
    pub currency: Col,
    pub account: Col,
}

pub(super) const DATE: Aliases = &["Date", "UsageDate", "UsageDateTime"];
pub(super) const COST: Aliases = &[
    "CostInBillingCurrency",
    "Cost",
    "PreTaxCost",
    "ExtendedCost",
];
pub(super) const CURRENCY: Aliases = &["BillingCurrencyCode", "BillingCurrency", "Currency"];

group!(
    /// The billing account's name and the subscription.
    Accounts {
        account_name,
        subscription,
        subscription_name,
    }
);

group!(
    /// What kind of charge the row is, and when it is billed.
    Charge {
        charge_type,
        pricing_model,
        frequency,
        billing_period_start,
        billing_period_end,
        invoice_id,
    }
);

group!(
    /// The reservation or savings plan a row draws on.
    Benefit {
        benefit_id,
        benefit_name,
        reservation_id,
        reservation_name,
    }
);

group!(
    /// Quantities, prices and the pricing currency.
    Price {
        quantity,
        unit,
        unit_price,
        payg_price,
        payg_cost,
        exchange_rate,
        pricing_currency,
        cost_in_pricing,
    }
);

group!(
    /// The resource and the service that consumed it.
    Resource {
        consumed_service,
        resource_id,
        resource_name,
        location,
        availability_zone,
        tags,
        additional_info,
    }
);

group!(
    /// The meter and product the row is priced by, and who sells it.
    Product {
        meter_category,
        meter_name,
        meter_id,
        product_name,
        product_id,
        publisher_name,
        partner_name,
    }
);

/// Every group, bound.
pub(super) struct Cols {
    pub accounts: Accounts<Option<Col>>,
    pub charge: Charge<Option<Col>>,
    pub benefit: Benefit<Option<Col>>,
    pub price: Price<Option<Col>>,
    pub resource: Resource<Option<Col>>,
    pub product: Product<Option<Col>>,
}

const CHARGE: Charge<Aliases> = Charge {
    charge_type: &["ChargeType"],
    pricing_model: &["PricingModel"],
    frequency: &["Frequency"],
    billing_period_start: &["BillingPeriodStartDate", "BillingPeriodStart"],
    billing_period_end: &["BillingPeriodEndDate", "BillingPeriodEnd"],
    invoice_id: &["InvoiceId"],
};

const BENEFIT: Benefit<Aliases> = Benefit {
    benefit_id: &["BenefitId"],
    benefit_name: &["BenefitName"],
    reservation_id: &["ReservationId"],
    reservation_name: &["ReservationName"],
};

const PRICE: Price<Aliases> = Price {
    quantity: &["Quantity", "ConsumedQuantity"],
    unit: &["UnitOfMeasure"],
    unit_price: &["UnitPrice"],
    payg_price: &["PayGPrice"],
    payg_cost: &["PaygCostInBillingCurrency"],
    exchange_rate: &["ExchangeRatePricingToBilling"],
    pricing_currency: &["PricingCurrency", "PricingCurrencyCode"],
    cost_in_pricing: &["CostInPricingCurrency"],
};

const RESOURCE: Resource<Aliases> = Resource {
    consumed_service: &["ConsumedService"],
    resource_id: &["ResourceId", "InstanceId", "InstanceName"],
    resource_name: &["ResourceName"],
    location: &["ResourceLocation", "ResourceLocationNormalized", "Location"],
    availability_zone: &["AvailabilityZone"],
    tags: &["Tags"],
    additional_info: &["AdditionalInfo"],
};

const PRODUCT: Product<Aliases> = Product {
    meter_category: &["MeterCategory"],
    meter_name: &["MeterName"],
    meter_id: &["MeterId"],
    product_name: &["ProductName", "Product"],
    product_id: &["ProductId"],
    publisher_name: &["PublisherName"],
    partner_name: &["PartnerName"],
};

/// The billing account an agreement bills under, its name, and the other
/// level of the billing hierarchy, kept as extras.
struct AccountNames {
    account: Aliases,
    name: Aliases,
    other: [Extra; 2],
}

fn account_names(agreement: Agreement) -> AccountNames {
    match agreement {
        Agreement::Ea => AccountNames {
            account: &["BillingAccountId", "EnrollmentNumber"],
            name: &["BillingAccountName"],
            other: [
                ("x_BillingProfileId", &["BillingProfileId"]),
                ("x_BillingProfileName", &["BillingProfileName"]),
            ],
        },
        Agreement::Mca => AccountNames {
            account: &["BillingProfileId"],
            name: &["BillingProfileName"],
            other: [
                ("x_BillingAccountId", &["BillingAccountId"]),
                ("x_BillingAccountName", &["BillingAccountName"]),
            ],
        },
    }
}

/// Native columns kept as `x_` extras, with their key.
pub(super) type Extras = Vec<(Col, &'static str)>;

/// Binds a header: the required columns, every group, and the extras.
pub(super) fn bind(
    h: &Header,
    agreement: Agreement,
) -> Result<(Required, Cols, Extras), HeaderError> {
    let names = account_names(agreement);
    let accounts = Accounts {
        account_name: names.name,
        // Old EA files have a numeric SubscriptionId next to the GUID.
        subscription: &["SubscriptionGuid", "SubscriptionId"],
        subscription_name: &["SubscriptionName"],
    };
    let cols = Cols {
        accounts: accounts.bind(h),
        charge: CHARGE.bind(h),
        benefit: BENEFIT.bind(h),
        price: PRICE.bind(h),
        resource: RESOURCE.bind(h),
        product: PRODUCT.bind(h),
    };
    let extras = EXTRAS
        .iter()
        .chain(names.other.iter())
        .filter_map(|(key, aliases)| h.find(aliases).map(|col| (col, *key)))
        .collect();
    let required = Required {
        date: h.require(DATE)?,
        cost: h.require(COST)?,
        currency: h.require(CURRENCY)?,
        account: h.require(names.account)?,
    };
    Ok((required, cols, extras))
}

/// An extra's key and the columns it may come from.
type Extra = (&'static str, Aliases);

/// Native columns kept as extras, under the names Microsoft's own FOCUS
/// export gives them where it has one.
pub(super) const EXTRAS: &[Extra] = &[
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
