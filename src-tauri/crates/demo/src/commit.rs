//! Commitments and how they are amortized: Chinese providers' monthly and
//! annual subscriptions (包年包月), an AWS RDS reserved instance and an AWS
//! Compute Savings Plan. Purchases carry the billed cost with EffectiveCost 0;
//! covered usage carries BilledCost 0 and the amortized EffectiveCost.

use std::sync::Arc;

use cloudlens_model::{ChargeCategory, ChargeFrequency, LineDims, PricingCategory};

use crate::accounts::Accounts;
use crate::calendar::Calendar;
use crate::fixed::{cost, ratio, share, Fx};
use crate::meter::{account_dims, ResInfo};
use crate::population::{ResCommit, SP_SERVICE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amort {
    /// A monthly fee spread evenly over the days of each calendar month.
    Monthly,
    /// An upfront fee spread over 365-day terms starting on day `start`.
    Yearly { start: i32 },
    /// An hourly spend commitment; usage draws it down at the plan's rate.
    SavingsPlan { hourly: i64 },
}

pub struct Commitment {
    pub amort: Amort,
    /// Monthly fee or term upfront, micros.
    pub price: i64,
    pub list_price: i64,
    pub purchase: Arc<LineDims>,
    pub unused: Option<Arc<LineDims>>,
    pub from: u32,
    pub to: u32,
    /// Days with a one-time purchase (term starts inside the window).
    pub one_time: Vec<u32>,
    pub key: u32,
    pub billing: u16,
    pub group: u8,
}

impl Commitment {
    pub fn recurring(&self) -> bool {
        !matches!(self.amort, Amort::Yearly { .. })
    }

    /// Amortized share of the fee for one day of covered usage.
    pub fn share(&self, cal: &Calendar, day: u32) -> i64 {
        match self.amort {
            Amort::Monthly => {
                let m = cal.month(day);
                share(self.price, m.dim, day - m.first)
            }
            Amort::Yearly { start } => {
                share(self.price, 365, (day as i32 - start).rem_euclid(365) as u32)
            }
            Amort::SavingsPlan { .. } => 0,
        }
    }
}

pub struct Identity {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub kind: &'static str,
    pub unit: &'static str,
}

pub fn mark_committed(d: &mut LineDims, who: &Identity) {
    d.pricing_category = Some(PricingCategory::Committed);
    d.commitment_discount_id = Some(who.id.clone());
    d.commitment_discount_name = Some(who.name.clone());
    d.commitment_discount_category = Some(who.category.to_string());
    d.commitment_discount_type = Some(who.kind.to_string());
    d.commitment_discount_unit = Some(who.unit.to_string());
}

fn round_to(x: i64, step: i64) -> i64 {
    ratio(x, 1, step) * step
}

/// What a resource's commitment looks like and costs, for meter `i`.
pub struct Terms {
    pub who: Identity,
    pub amort: Amort,
    pub price: i64,
    pub list_price: i64,
    pub covered_from: u32,
}

pub fn terms(info: &mut ResInfo, i: usize) -> Terms {
    let r = info.r;
    let m = &r.tpl.meters[i];
    let list = info.list_price(m);
    let contracted = info.contracted_price(list);
    let full_day = Fx::new(r.bases[i] as i64 * crate::fixed::POW10[m.qs as usize], m.qs);
    let (daily_c, daily_l) = (cost(contracted, full_day), cost(list, full_day));
    match r.commit {
        ResCommit::Monthly | ResCommit::Yearly { .. } => {
            let yearly = matches!(r.commit, ResCommit::Yearly { .. });
            // Prepaid plans run roughly 35% (monthly) to 45% (annual) below
            // pay-as-you-go for the same hours.
            let (num, amort) = match r.commit {
                ResCommit::Yearly { start } => (365 * 55, Amort::Yearly { start }),
                _ => (3042 * 65 / 100, Amort::Monthly),
            };
            let who = Identity {
                id: info.id.clone(),
                name: format!("{} {}", info.name, if yearly { "包年" } else { "包月" }),
                category: "Usage",
                kind: "Subscription (包年包月)",
                unit: "Hours",
            };
            Terms {
                who,
                amort,
                price: round_to(ratio(daily_c, num, 100), 10_000),
                list_price: round_to(ratio(daily_l, num, 100), 10_000),
                covered_from: r.from,
            }
        }
        ResCommit::Reserved { from } => {
            let id = info.render("arn:aws:rds:{region}:{acct}:ri:{name}-ri-{hex:8}");
            let who = Identity {
                id,
                name: format!("{} MySQL 1yr All Upfront", info.size()),
                category: "Usage",
                kind: "Reserved Instance",
                unit: "Hours",
            };
            Terms {
                who,
                amort: Amort::Yearly { start: from as i32 },
                price: round_to(ratio(daily_c, 365 * 60, 100), 1_000_000),
                list_price: round_to(ratio(daily_l, 365 * 60, 100), 1_000_000),
                covered_from: from,
            }
        }
        ResCommit::None | ResCommit::SavingsPlan => unreachable!("no per-resource terms"),
    }
}

/// Purchase dims for a subscription or reserved instance.
pub fn purchase_dims(info: &mut ResInfo, i: usize, t: &Terms, usage: &LineDims) -> LineDims {
    let tpl = info.r.tpl;
    let mut d = account_dims(
        info.acc,
        info.r.sub,
        (tpl.service, tpl.category, tpl.subcategory),
        ChargeCategory::Purchase,
    );
    let yearly = matches!(t.amort, Amort::Yearly { .. });
    d.charge_frequency = Some(if yearly {
        ChargeFrequency::OneTime
    } else {
        ChargeFrequency::Recurring
    });
    d.charge_description = Some(match (info.chinese_bill(), yearly) {
        (true, true) => format!(
            "{} 包年续费 Annual subscription renewal - {}",
            tpl.zh,
            info.meter_name(&tpl.meters[i])
        ),
        (true, false) => format!(
            "{} 包月续费 Monthly subscription renewal - {}",
            tpl.zh,
            info.meter_name(&tpl.meters[i])
        ),
        _ => format!("Reserved Instance purchase - {}", t.who.name),
    });
    d.region_id = usage.region_id.clone();
    d.region_name = usage.region_name.clone();
    d.availability_zone = usage.availability_zone.clone();
    d.resource_id = Some(t.who.id.clone());
    d.resource_name = usage.resource_name.clone();
    d.resource_type = if info.chinese_bill() {
        usage.resource_type.clone()
    } else {
        Some("Reserved Instance".to_string())
    };
    d.sku_id = usage
        .sku_id
        .as_ref()
        .map(|s| format!("{s}:{}", if yearly { "prepaid-1y" } else { "prepaid-1m" }));
    d.pricing_unit = Some(if yearly { "Years" } else { "Months" }.to_string());
    d.tags = usage.tags.clone();
    mark_committed(&mut d, &t.who);
    d
}

pub fn covered_dims(info: &ResInfo, i: usize, who: &Identity, usage: &LineDims) -> LineDims {
    let mut d = usage.clone();
    mark_committed(&mut d, who);
    let m = &info.r.tpl.meters[i];
    d.charge_description = Some(match who.kind {
        "Reserved Instance" => format!("Reserved Instance applied - {}", info.meter_name(m)),
        "Compute Savings Plan" => format!(
            "Compute Savings Plan covered usage - {}",
            info.meter_name(m)
        ),
        _ => format!("{} {} 包年包月", info.r.tpl.zh, info.meter_name(m)),
    });
    d
}

/// The Savings Plan's identity, fixed before the covered meters are built.
pub fn savings_plan_identity(acc: &Accounts, owner: usize, rng: &mut crate::rng::Rng) -> Identity {
    let payer = &acc.billing_of(owner).id;
    let ctx = crate::ids::Ctx {
        acct: payer,
        ..Default::default()
    };
    Identity {
        id: crate::ids::render("arn:aws:savingsplans::{acct}:savingsplan/{uuid}", &ctx, rng),
        name: "Compute Savings Plan - 1yr No Upfront".to_string(),
        category: "Spend",
        kind: "Compute Savings Plan",
        unit: "USD",
    }
}

/// Purchase and unused-commitment dims of the Savings Plan.
pub fn savings_plan_dims(
    acc: &Accounts,
    owner: usize,
    who: &Identity,
    hourly: i64,
) -> (LineDims, LineDims) {
    let svc = (SP_SERVICE, "Compute", "Other (Compute)");
    let mut p = account_dims(acc, owner, svc, ChargeCategory::Purchase);
    p.charge_frequency = Some(ChargeFrequency::Recurring);
    p.charge_description = Some(format!(
        "Compute Savings Plan, 1 yr, No Upfront: ${}/hour commitment",
        Fx::micros(hourly).dec()
    ));
    p.resource_id = Some(who.id.clone());
    p.resource_type = Some("Savings Plan".to_string());
    p.sku_id = Some("ComputeSP:1yrNoUpfront".to_string());
    p.pricing_unit = Some("Hours".to_string());
    mark_committed(&mut p, who);
    let mut u = account_dims(acc, owner, svc, ChargeCategory::Usage);
    u.charge_frequency = Some(ChargeFrequency::UsageBased);
    u.charge_description = Some("Unused Savings Plan commitment".to_string());
    u.resource_id = Some(who.id.clone());
    u.resource_type = Some("Savings Plan".to_string());
    mark_committed(&mut u, who);
    (p, u)
}
