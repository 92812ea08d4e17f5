//! The cost lines of the analysis window, summed per resource, meter and
//! charge day, and per commitment and day. Built by streaming the store's
//! lines through [`CostBook::add`]; memory grows with resources × meters ×
//! days, not with lines (hourly exports fold into days).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use cloudlens_model::{utc_day, ChargeCategory, CostLine, PricingCategory};
use rust_decimal::Decimal;

/// Exact sums of one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayAmounts {
    pub billed: Decimal,
    pub effective: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
    pub quantity: Decimal,
    pub lines: u32,
}

impl DayAmounts {
    fn add(&mut self, l: &CostLine) {
        self.billed += l.billed_cost;
        self.effective += l.effective_cost;
        self.list += l.list_cost;
        self.contracted += l.contracted_cost;
        self.quantity += l.pricing_quantity.unwrap_or_default();
        self.lines += 1;
    }

    fn plus(&mut self, o: &DayAmounts) {
        self.billed += o.billed;
        self.effective += o.effective;
        self.list += o.list;
        self.contracted += o.contracted;
        self.quantity += o.quantity;
        self.lines += o.lines;
    }
}

/// What tells one meter of a resource from another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MeterKey {
    /// SkuMeter, or the charge description where there is none.
    pub description: String,
    pub pricing_unit: Option<String>,
    pub charge_category: ChargeCategory,
    pub pricing_category: Option<PricingCategory>,
    pub commitment_id: Option<String>,
    pub commitment_status: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MeterCost {
    pub key: MeterKey,
    pub days: BTreeMap<NaiveDate, DayAmounts>,
    /// The latest contracted (else list) unit price seen: the user's own price.
    pub unit_price: Option<Decimal>,
}

impl MeterCost {
    /// Billed by time (instance hours, monthly fees), not by traffic or requests.
    pub fn time_based(&self) -> bool {
        self.key.pricing_unit.as_deref().is_some_and(time_unit)
    }

    /// A part of a machine billed over time, as Tencent splits an
    /// instance into its cores (`Core-Hours`) and its memory (`GB-Hours`);
    /// a disk billed in `GB-Hours` is not one.
    pub fn machine_component(&self) -> bool {
        let Some(unit) = self.key.pricing_unit.as_deref() else {
            return false;
        };
        match unit.trim().to_ascii_lowercase().as_str() {
            "core-hours" | "vcpu-hours" => true,
            "gb-hours" | "gib-hours" => {
                let d = self.key.description.to_lowercase();
                d.contains("memory") || d.contains("内存")
            }
            _ => false,
        }
    }

    pub fn on_demand_usage(&self) -> bool {
        self.key.charge_category == ChargeCategory::Usage
            && self.key.pricing_category == Some(PricingCategory::Standard)
            && self.key.commitment_id.is_none()
    }

    pub fn sum(&self, from: NaiveDate, to: NaiveDate) -> DayAmounts {
        let mut s = DayAmounts::default();
        for (_, a) in self.days.range(from..=to) {
            s.plus(a);
        }
        s
    }
}

/// A pricing unit that measures time (`Hours`, `Months`, `小时`...), or
/// one thing over time (`Instance-Hours`; Tencent's `元/个/天`, a fee per
/// address per day, is `Unit-Days`).
pub fn time_unit(unit: &str) -> bool {
    let u = unit.trim().to_ascii_lowercase();
    let time = |t: &str| {
        matches!(
            t,
            "hours"
                | "hour"
                | "hrs"
                | "hr"
                | "h"
                | "days"
                | "day"
                | "months"
                | "month"
                | "years"
                | "year"
                | "小时"
                | "天"
                | "月"
                | "年"
        )
    };
    match u.split_once('-') {
        Some((thing, t)) => {
            matches!(
                thing,
                "unit" | "units" | "ip" | "ips" | "instance" | "instances"
            ) && time(t)
        }
        None => time(&u),
    }
}

/// Every meter of one resource id.
#[derive(Debug, Clone)]
pub struct ResourceCost {
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub service: String,
    pub service_category: String,
    pub service_subcategory: Option<String>,
    pub resource_type: Option<String>,
    pub name: Option<String>,
    pub currency: String,
    pub tags: BTreeMap<String, String>,
    pub meters: Vec<MeterCost>,
}

impl ResourceCost {
    /// All meters, summed per day.
    pub fn daily(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        pick: impl Fn(&MeterCost) -> bool,
    ) -> BTreeMap<NaiveDate, DayAmounts> {
        let mut out: BTreeMap<NaiveDate, DayAmounts> = BTreeMap::new();
        for m in self.meters.iter().filter(|m| pick(m)) {
            for (d, a) in m.days.range(from..=to) {
                out.entry(*d).or_default().plus(a);
            }
        }
        out
    }

    pub fn sum(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        pick: impl Fn(&MeterCost) -> bool,
    ) -> DayAmounts {
        let mut s = DayAmounts::default();
        for m in self.meters.iter().filter(|m| pick(m)) {
            s.plus(&m.sum(from, to));
        }
        s
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.meters
            .iter()
            .filter_map(|m| m.days.keys().next().copied())
            .min()
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.meters
            .iter()
            .filter_map(|m| m.days.keys().next_back().copied())
            .max()
    }
}

/// One commitment's use per day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitmentDay {
    /// Amortized cost of usage the commitment covered.
    pub used: Decimal,
    /// What the covered usage would have cost at the negotiated on-demand rate.
    pub used_contracted: Decimal,
    pub used_list: Decimal,
    pub used_quantity: Decimal,
    /// Amortized cost of commitment nothing used.
    pub unused: Decimal,
    pub purchased: Decimal,
}

#[derive(Debug, Clone)]
pub struct CommitmentCost {
    pub id: String,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub name: Option<String>,
    /// CommitmentDiscountType (`Savings Plan`, `Reserved Instance`, `Subscription (包年包月)`...).
    pub kind: Option<String>,
    /// CommitmentDiscountCategory: `Spend` or `Usage`.
    pub category: Option<String>,
    pub currency: String,
    pub services: BTreeSet<String>,
    pub days: BTreeMap<NaiveDate, CommitmentDay>,
    /// Purchase lines: (charge day, billed, pricing unit).
    pub purchases: Vec<(NaiveDate, Decimal, Option<String>)>,
}

impl CommitmentCost {
    /// Days in `from..=to` with any line.
    pub fn days_with_lines(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        self.days.range(from..=to).count() as u32
    }

    pub fn sum(&self, from: NaiveDate, to: NaiveDate) -> CommitmentDay {
        let mut s = CommitmentDay::default();
        for (_, d) in self.days.range(from..=to) {
            s.used += d.used;
            s.used_contracted += d.used_contracted;
            s.used_list += d.used_list;
            s.used_quantity += d.used_quantity;
            s.unused += d.unused;
            s.purchased += d.purchased;
        }
        s
    }
}

pub struct CostBook {
    from: NaiveDate,
    /// Exclusive.
    to: NaiveDate,
    resources: HashMap<String, ResourceCost>,
    commitments: HashMap<String, CommitmentCost>,
    last_day: Option<NaiveDate>,
    lines: u64,
}

impl CostBook {
    /// A book of the charge days in `[from, to)`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        CostBook {
            from,
            to,
            resources: HashMap::new(),
            commitments: HashMap::new(),
            last_day: None,
            lines: 0,
        }
    }

    /// The book of the `days` charge days before `to`.
    pub fn ending(to: NaiveDate, days: u32) -> Self {
        Self::new(to - Duration::days(i64::from(days)), to)
    }

    pub fn window(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }

    /// The latest charge day of any line read.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.last_day
    }

    pub fn lines(&self) -> u64 {
        self.lines
    }

    pub fn resources(&self) -> impl Iterator<Item = (&String, &ResourceCost)> {
        self.resources.iter()
    }

    pub fn resource(&self, id: &str) -> Option<&ResourceCost> {
        self.resources.get(id)
    }

    pub fn commitments(&self) -> impl Iterator<Item = &CommitmentCost> {
        self.commitments.values()
    }

    /// Adds one line; lines outside the window are ignored.
    pub fn add(&mut self, l: &CostLine) {
        let Some(day) = utc_day(l.charge_period_start) else {
            return;
        };
        if day < self.from || day >= self.to {
            return;
        }
        self.lines += 1;
        self.last_day = Some(self.last_day.map_or(day, |d| d.max(day)));
        let d = &l.dims;
        if let Some(id) = d.commitment_discount_id.as_deref() {
            self.add_commitment(id, day, l);
        }
        let Some(rid) = d.resource_id.as_deref() else {
            return;
        };
        let r = self
            .resources
            .entry(rid.to_string())
            .or_insert_with(|| ResourceCost {
                provider: d.provider_name.clone(),
                billing_account: d.billing_account_id.clone(),
                sub_account: d.sub_account_id.clone(),
                region: d.region_id.clone(),
                service: d.service_name.clone(),
                service_category: d.service_category.clone(),
                service_subcategory: d.service_subcategory.clone(),
                resource_type: d.resource_type.clone(),
                name: d.resource_name.clone(),
                currency: d.billing_currency.clone(),
                tags: d.tags.clone(),
                meters: Vec::new(),
            });
        if d.charge_category == ChargeCategory::Usage && r.service != d.service_name {
            // A resource billed under several services keeps the usage one.
            r.service = d.service_name.clone();
        }
        if !d.tags.is_empty() {
            r.tags = d.tags.clone();
        }
        let key = MeterKey {
            description: d
                .sku_meter
                .clone()
                .or_else(|| d.charge_description.clone())
                .unwrap_or_else(|| d.service_name.clone()),
            pricing_unit: d.pricing_unit.clone(),
            charge_category: d.charge_category,
            pricing_category: d.pricing_category,
            commitment_id: d.commitment_discount_id.clone(),
            commitment_status: l.commitment_discount_status.clone(),
        };
        let meter = match r.meters.iter().position(|m| m.key == key) {
            Some(i) => &mut r.meters[i],
            None => {
                r.meters.push(MeterCost {
                    key,
                    days: BTreeMap::new(),
                    unit_price: None,
                });
                let last = r.meters.len() - 1;
                &mut r.meters[last]
            }
        };
        meter.days.entry(day).or_default().add(l);
        if let Some(p) = l.contracted_unit_price.or(l.list_unit_price) {
            meter.unit_price = Some(p);
        }
    }

    fn add_commitment(&mut self, id: &str, day: NaiveDate, l: &CostLine) {
        let d = &l.dims;
        let c = self
            .commitments
            .entry(id.to_string())
            .or_insert_with(|| CommitmentCost {
                id: id.to_string(),
                provider: d.provider_name.clone(),
                billing_account: d.billing_account_id.clone(),
                sub_account: d.sub_account_id.clone(),
                region: d.region_id.clone(),
                name: d.commitment_discount_name.clone(),
                kind: d.commitment_discount_type.clone(),
                category: d.commitment_discount_category.clone(),
                currency: d.billing_currency.clone(),
                services: BTreeSet::new(),
                days: BTreeMap::new(),
                purchases: Vec::new(),
            });
        let e = c.days.entry(day).or_default();
        match d.charge_category {
            ChargeCategory::Purchase => {
                e.purchased += l.billed_cost;
                c.purchases
                    .push((day, l.billed_cost, d.pricing_unit.clone()));
            }
            ChargeCategory::Usage => {
                let unused = l
                    .commitment_discount_status
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("unused"));
                if unused {
                    e.unused += l.effective_cost;
                } else {
                    e.used += l.effective_cost;
                    e.used_contracted += l.contracted_cost;
                    e.used_list += l.list_cost;
                    e.used_quantity += l.pricing_quantity.unwrap_or_default();
                    c.services.insert(d.service_name.clone());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::time_unit;

    #[test]
    fn time_and_one_thing_over_time_are_time_units() {
        for u in [
            "Hours",
            "小时",
            "Months",
            "Days",
            "Unit-Days",
            "Instance-Hours",
            "IP-Days",
        ] {
            assert!(time_unit(u), "{u}");
        }
        for u in [
            "GB-Hours",
            "Core-Hours",
            "GB-Days",
            "GB",
            "Requests",
            "Unit",
            "",
        ] {
            assert!(!time_unit(u), "{u}");
        }
    }
}
