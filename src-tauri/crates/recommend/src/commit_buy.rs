//! Commitments to buy: steady pay-as-you-go usage per provider, account,
//! service, region and instance family. The covered baseline is the 10th
//! percentile of the group's daily on-demand cost over the lookback (what it
//! spends even on its quietest days); the discount is the one the user's own
//! commitments with that provider get in the bills, else the shipped offer's.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::book::{MeterCost, ResourceCost};
use crate::catalog::{Catalog, Payment, Scope};
use crate::context::{Ctx, Draft};
use crate::inventory::{ResourceFacts, ResourceKind};
use crate::model::{Evidence, Finding, Measure, Recommendation, Text};
use crate::money::{cents, per_month, percent, MONTH_DAYS};
use crate::providers::{self, console, Place};
use crate::stats::{percentile_dec, variation};

/// What a commitment purchase would cover.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Group {
    pub provider: String,
    pub billing_account: String,
    pub service: String,
    pub region: String,
    pub family: String,
    pub currency: String,
}

/// The family and offer scope of a resource's usage, if it is an instance
/// or database whose size the catalog knows.
pub(crate) fn family_of(
    catalog: &Catalog,
    pk: &str,
    rc: &ResourceCost,
    f: Option<&ResourceFacts>,
) -> Option<(String, Scope)> {
    let scope = match f.map(|f| f.kind) {
        Some(ResourceKind::Database) => Scope::Database,
        Some(ResourceKind::Instance) => Scope::Compute,
        _ if rc.service_category == "Databases" => Scope::Database,
        _ if rc.service_category == "Compute" => Scope::Compute,
        _ => return None,
    };
    let size = f
        .and_then(|f| f.size.as_deref())
        .and_then(|s| catalog.size(pk, s))
        .or_else(|| {
            rc.meters
                .iter()
                .find_map(|m| catalog.find_in(pk, &m.key.description))
        })?;
    Some((size.family.clone(), scope))
}

pub(crate) fn hourly_on_demand(m: &MeterCost) -> bool {
    m.on_demand_usage() && m.time_based()
}

fn covered(m: &MeterCost) -> bool {
    m.key.commitment_id.is_some()
        && m.key.charge_category == cloudlens_model::ChargeCategory::Usage
        && !m
            .key
            .commitment_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("unused"))
}

#[derive(Default)]
struct Totals {
    scope: Option<Scope>,
    on_demand: BTreeMap<NaiveDate, Decimal>,
    covered: Decimal,
    resources: u32,
}

/// The user's own commitment discount with a provider: amortized cost of
/// covered usage against what it would cost on demand, over the window.
fn own_discount(ctx: &Ctx, pk: &str, from: NaiveDate) -> Option<Decimal> {
    let (mut used, mut on_demand) = (Decimal::ZERO, Decimal::ZERO);
    for c in ctx.inputs.book.commitments() {
        if providers::key(&c.provider) != Some(pk) {
            continue;
        }
        let s = c.sum(from, ctx.as_of);
        used += s.used + s.unused;
        on_demand += s.used_contracted;
    }
    if on_demand <= Decimal::ZERO {
        return None;
    }
    let d = Decimal::ONE - used / on_demand;
    (d > Decimal::ZERO && d < Decimal::new(9, 1)).then_some(d)
}

pub(crate) fn find(ctx: &Ctx, flagged: &HashSet<String>) -> Vec<Recommendation> {
    let days = ctx.settings.commitment_lookback_days;
    let from = ctx.as_of - Duration::days(i64::from(days) - 1);
    if ctx.inputs.book.window().0 > from {
        return Vec::new();
    }
    let mut groups: BTreeMap<Group, Totals> = BTreeMap::new();
    for (id, rc) in ctx.inputs.book.resources() {
        if flagged.contains(id) {
            continue;
        }
        let Some(pk) = providers::key(&rc.provider) else {
            continue;
        };
        let Some((family, scope)) =
            family_of(ctx.catalog, pk, rc, ctx.inventory.get(id.as_str()).copied())
        else {
            continue;
        };
        let g = groups
            .entry(Group {
                provider: pk.to_string(),
                billing_account: rc.billing_account.clone(),
                service: rc.service.clone(),
                region: rc.region.clone().unwrap_or_default(),
                family,
                currency: rc.currency.clone(),
            })
            .or_default();
        g.scope = Some(scope);
        g.resources += 1;
        for (d, a) in rc.daily(from, ctx.as_of, hourly_on_demand) {
            *g.on_demand.entry(d).or_default() += a.effective;
        }
        g.covered += rc.sum(from, ctx.as_of, covered).effective;
    }
    groups
        .into_iter()
        .filter_map(|(g, t)| one(ctx, g, t, from, days))
        .collect()
}

fn one(ctx: &Ctx, g: Group, t: Totals, from: NaiveDate, days: u32) -> Option<Recommendation> {
    let daily: Vec<Decimal> = (0..days)
        .map(|i| {
            t.on_demand
                .get(&(from + Duration::days(i64::from(i))))
                .copied()
                .unwrap_or_default()
        })
        .collect();
    let baseline = percentile_dec(&daily, 10)?;
    if baseline <= Decimal::ZERO {
        return None;
    }
    let offer = ctx.catalog.offer(&g.provider, t.scope?)?;
    let (discount, basis) = match own_discount(ctx, &g.provider, from) {
        Some(d) => (d, "your_commitments"),
        None => (offer.discount_percent / Decimal::ONE_HUNDRED, "offer_table"),
    };
    let month = Decimal::from(MONTH_DAYS);
    let saving = baseline * month * discount;
    if !ctx.worth(saving) {
        return None;
    }
    let on_demand: Decimal = daily.iter().sum();
    let commitment_monthly = baseline * month * (Decimal::ONE - discount);
    let term = Decimal::from(offer.term_months);
    let break_even = match offer.payment {
        Payment::AllUpfront => (term * (Decimal::ONE - discount)).ceil(),
        Payment::NoUpfront | Payment::Monthly => Decimal::ONE,
    };
    let hourly = cents(baseline / Decimal::from(24));
    let covered_baseline = baseline * Decimal::from(days);
    let mut evidence = Evidence::new(ctx.as_of);
    evidence
        .figure("offering", &offer.en)
        .figure("term_months", offer.term_months)
        .figure(
            "payment",
            match offer.payment {
                Payment::AllUpfront => "all_upfront",
                Payment::NoUpfront => "no_upfront",
                Payment::Monthly => "monthly",
            },
        )
        .figure("discount_percent", cents(discount * Decimal::ONE_HUNDRED))
        .figure("discount_basis", basis)
        .figure("covered_daily", cents(baseline))
        .figure("covered_hourly", hourly)
        .figure("commitment_monthly", cents(commitment_monthly))
        .figure("break_even_month", break_even)
        .figure("on_demand_monthly", cents(per_month(on_demand, days)))
        .figure("resources", t.resources)
        .figure("days_analysed", days)
        .figure("family", &g.family);
    if offer.payment == Payment::AllUpfront {
        evidence.figure("upfront", cents(commitment_monthly * term));
    }
    let whole = t.covered + on_demand;
    if let Some(p) = percent(t.covered, whole) {
        evidence.figure("coverage_percent", p);
    }
    if let Some(p) = percent(t.covered + covered_baseline, whole) {
        evidence.figure("coverage_after_percent", p);
    }
    let base = cents(baseline);
    let save = cents(saving);
    let action = Text::new(
        format!(
            "Buy {} for {} in {}: it covers {base} {cur} a day of steady pay-as-you-go spend ({hourly} an hour), pays back in month {break_even} and saves about {save} {cur} a month.",
            offer.en,
            g.family,
            if g.region.is_empty() { "all regions" } else { &g.region },
            cur = g.currency
        ),
        format!(
            "建议为{}的{}购买{}：覆盖每天{base} {cur}的稳定按量费用（每小时{hourly}），第{break_even}个月回本，每月约节省{save} {cur}。",
            if g.region.is_empty() { "全部地域" } else { &g.region },
            g.family,
            offer.zh,
            cur = g.currency
        ),
    );
    let confidence = (0.9 - variation(&daily)).clamp(0.3, 0.9);
    Some(
        Draft {
            finding: Finding::BuyCommitment,
            console: console(&g.provider, Place::Commitments),
            billing_account: g.billing_account.clone(),
            sub_account: None,
            region: (!g.region.is_empty()).then(|| g.region.clone()),
            service: Some(g.service.clone()),
            resource: None,
            resource_name: None,
            action,
            saving,
            currency: g.currency.clone(),
            confidence,
            evidence,
            id_parts: vec![
                g.provider.clone(),
                g.billing_account.clone(),
                g.service.clone(),
                g.region.clone(),
                g.family.clone(),
            ],
            facts: vec![offer.en.clone(), g.family.clone()],
            baseline: per_month(on_demand, days),
            measure: Measure::OnDemand {
                provider: g.provider.clone(),
                billing_account: g.billing_account,
                service: g.service,
                region: g.region,
                family: g.family,
            },
            provider: g.provider,
        }
        .finish(),
    )
}
