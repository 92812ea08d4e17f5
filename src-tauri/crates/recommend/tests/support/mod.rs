#![allow(dead_code)]

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use cloudlens_model::{
    day_start, month_start, next_month, ChargeCategory, CostLine, Decimal, LineDims,
    PricingCategory, Provenance,
};
use cloudlens_recommend::{
    BillingMode, CostBook, DiscountMonth, Inputs, ResourceFacts, ResourceKind, UtilSample,
};

/// Asserts `text` holds `part`, showing the text when it does not.
pub fn says(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in {text:?}");
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub struct Res<'a> {
    pub provider: &'a str,
    pub account: &'a str,
    pub currency: &'a str,
    pub service: &'a str,
    pub category: &'a str,
    pub region: &'a str,
    pub id: &'a str,
}

/// An EC2 resource of the usual test account.
pub fn aws(id: &'static str) -> Res<'static> {
    Res {
        provider: "AWS",
        account: "111111111111",
        currency: "USD",
        service: "Amazon Elastic Compute Cloud",
        category: "Compute",
        region: "us-east-1",
        id,
    }
}

/// An ECS resource of the usual Alibaba Cloud account.
pub fn ali(id: &'static str) -> Res<'static> {
    Res {
        provider: "Alibaba Cloud",
        account: "1888",
        currency: "CNY",
        service: "Elastic Compute Service (ECS)",
        category: "Compute",
        region: "cn-hangzhou",
        id,
    }
}

/// `dims` priced under commitment `id` of `category` (`Usage` or `Spend`).
pub fn committed(mut dims: LineDims, id: &str, category: &str, name: Option<&str>) -> LineDims {
    dims.pricing_category = Some(PricingCategory::Committed);
    dims.commitment_discount_id = Some(id.to_string());
    dims.commitment_discount_category = Some(category.to_string());
    dims.commitment_discount_name = name.map(str::to_string);
    dims
}

/// A day a line of usage a commitment covered: `effective` amortized
/// against `on_demand` at list and contracted prices.
pub fn covered_daily(
    dims: LineDims,
    from: NaiveDate,
    to: NaiveDate,
    effective: &str,
    on_demand: &str,
    qty: Option<&str>,
) -> Vec<CostLine> {
    daily_with(dims, from, to, |l| {
        l.effective_cost = dec(effective);
        l.contracted_cost = dec(on_demand);
        l.list_cost = dec(on_demand);
        l.pricing_quantity = qty.map(dec);
        l.commitment_discount_status = Some("Used".into());
    })
}

/// The covered hours of an Alibaba ecs.g7.large subscription: 3.00 a day
/// amortized, 5.00 at pay-as-you-go prices.
pub fn g7_subscription(
    id: &'static str,
    name: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<CostLine> {
    let dims = committed(
        meter(&ali(id), "实例规格 ecs.g7.large", "Hours"),
        id,
        "Usage",
        name,
    );
    covered_daily(dims, from, to, "3.00", "5.00", Some("24"))
}

/// Usage dims of one meter of a resource.
pub fn meter(r: &Res, description: &str, unit: &str) -> LineDims {
    let mut d = LineDims::new(
        r.provider,
        r.account,
        r.currency,
        r.service,
        r.category,
        ChargeCategory::Usage,
    );
    d.region_id = Some(r.region.to_string());
    d.resource_id = Some(r.id.to_string());
    d.resource_name = Some(format!("{}-name", r.id));
    d.sku_meter = Some(description.to_string());
    d.pricing_unit = Some(unit.to_string());
    d.pricing_category = Some(PricingCategory::Standard);
    d
}

/// One line a day from `from` to `to` inclusive, every metric `amount`.
pub fn daily(
    dims: LineDims,
    from: NaiveDate,
    to: NaiveDate,
    amount: &str,
    qty: &str,
    unit_price: Option<&str>,
) -> Vec<CostLine> {
    daily_with(dims, from, to, |l| {
        l.billed_cost = dec(amount);
        l.effective_cost = dec(amount);
        l.list_cost = dec(amount);
        l.contracted_cost = dec(amount);
        l.pricing_quantity = Some(dec(qty));
        l.contracted_unit_price = unit_price.map(dec);
    })
}

pub fn daily_with(
    dims: LineDims,
    from: NaiveDate,
    to: NaiveDate,
    set: impl Fn(&mut CostLine),
) -> Vec<CostLine> {
    let dims = Arc::new(dims);
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        let mut l = CostLine {
            dims: Arc::clone(&dims),
            billing_period_start: day_start(month_start(d)),
            billing_period_end: day_start(next_month(d)),
            charge_period_start: day_start(d),
            charge_period_end: day_start(d) + 86_400,
            billed_cost: Decimal::ZERO,
            effective_cost: Decimal::ZERO,
            list_cost: Decimal::ZERO,
            contracted_cost: Decimal::ZERO,
            pricing_quantity: None,
            consumed_quantity: None,
            list_unit_price: None,
            contracted_unit_price: None,
            commitment_discount_status: None,
            commitment_discount_quantity: None,
            capacity_reservation_status: None,
            invoice_id: None,
            extras: None,
            provenance: Provenance::default(),
        };
        set(&mut l);
        out.push(l);
        d += Duration::days(1);
    }
    out
}

pub fn facts(
    provider: &str,
    kind: ResourceKind,
    id: &str,
    region: &str,
    state: &str,
) -> ResourceFacts {
    ResourceFacts {
        provider: provider.to_string(),
        kind,
        id: id.to_string(),
        name: Some(format!("{id}-name")),
        region: region.to_string(),
        billing_account: None,
        state: state.to_string(),
        size: None,
        tags: Vec::new(),
        created_at: None,
        seen_at: day_start(day(2026, 4, 1)),
        attached: None,
        attached_to: None,
        billing_mode: Some(BillingMode::PayAsYouGo),
        expires_at: None,
        auto_renew: None,
    }
}

/// `days` daily samples ending on `last`, CPU cycling through `cpu`.
pub fn samples(last: NaiveDate, days: i64, cpu: &[f64], memory: Option<f64>) -> Vec<UtilSample> {
    (0..days)
        .map(|i| UtilSample {
            day: last - Duration::days(days - 1 - i),
            cpu: cpu[i as usize % cpu.len()],
            memory,
        })
        .collect()
}

pub struct Fixture {
    pub today: NaiveDate,
    pub lines: Vec<CostLine>,
    pub inventory: Vec<ResourceFacts>,
    pub utilisation: HashMap<String, Vec<UtilSample>>,
    pub discounts: Vec<DiscountMonth>,
}

impl Fixture {
    pub fn book(&self) -> CostBook {
        let mut b = CostBook::ending(self.today, 62);
        for l in &self.lines {
            b.add(l);
        }
        b
    }

    pub fn inputs<'a>(&'a self, book: &'a CostBook) -> Inputs<'a> {
        Inputs {
            today: self.today,
            inventory: &self.inventory,
            utilisation: &self.utilisation,
            book,
            discounts: &self.discounts,
        }
    }
}

pub fn month(
    provider: &str,
    account: &str,
    service: &str,
    month: &str,
    list: &str,
    contracted: &str,
) -> DiscountMonth {
    DiscountMonth {
        provider: provider.to_string(),
        billing_account: account.to_string(),
        service: service.to_string(),
        month: month.to_string(),
        currency: "USD".to_string(),
        billed: dec(contracted),
        effective: dec(contracted),
        list: dec(list),
        contracted: dec(contracted),
    }
}
