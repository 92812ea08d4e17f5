//! Rightsizing: a running instance whose CPU p95 (and memory p95 where the
//! provider reports it) over 14 to 30 days fits a smaller size of the same
//! family with the same memory per vCPU. The target's price comes from the
//! user's own bills where they show that size, else from the shipped list
//! prices, else from vCPU (sizes of a family are priced in proportion).

use std::collections::HashSet;

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use cloudlens_model::ChargeCategory;

use crate::book::{MeterCost, ResourceCost};
use crate::catalog::SizeRow;
use crate::context::{resource_draft, Ctx};
use crate::inventory::{BillingMode, ResourceFacts, ResourceKind, StateClass};
use crate::model::{Finding, Recommendation, Text};
use crate::money::{cents, MONTH_HOURS};
use crate::providers;

pub(crate) fn find(ctx: &Ctx, flagged: &HashSet<String>) -> Vec<Recommendation> {
    ctx.inputs
        .inventory
        .iter()
        .filter(|f| matches!(f.kind, ResourceKind::Instance | ResourceKind::Database))
        .filter(|f| f.state_class() == StateClass::Running && !flagged.contains(&f.id))
        .filter_map(|f| one(ctx, f))
        .collect()
}

/// Where a price ratio between two sizes came from.
#[derive(Clone, Copy)]
enum Basis {
    Bills,
    List,
    Vcpu,
}

impl Basis {
    fn as_str(self) -> &'static str {
        match self {
            Basis::Bills => "bills",
            Basis::List => "list_price",
            Basis::Vcpu => "vcpu_ratio",
        }
    }
}

fn one(ctx: &Ctx, f: &ResourceFacts) -> Option<Recommendation> {
    let s = ctx.settings;
    let pk = providers::key(&f.provider)?;
    let current = ctx.catalog.size(pk, f.size.as_deref()?)?;
    let samples = ctx.samples(&f.id, s.rightsize_lookback_days)?;
    if samples.len() < s.rightsize_min_days as usize {
        return None;
    }
    let util = ctx.utilisation_evidence(samples, s.rightsize_target_cpu_percent)?;
    let need_vcpu = f64::from(current.vcpu) * util.cpu_p95 / s.rightsize_target_cpu_percent;
    let need_memory = util.memory_p95.map(|m| {
        Decimal::from_f64(m / s.rightsize_target_memory_percent).unwrap_or(Decimal::ONE)
            * current.memory_gib
    });
    let target = ctx.catalog.siblings(current).into_iter().find(|t| {
        t.vcpu < current.vcpu
            && f64::from(t.vcpu) >= need_vcpu
            && need_memory.is_none_or(|m| t.memory_gib >= m)
    })?;
    let rc = ctx.inputs.book.resource(&f.id);
    let (saving, current_monthly, basis, currency) =
        match rc.and_then(|rc| ctx.monthly(rc, sized_by(rc)).map(|m| (rc, m.0))) {
            Some((rc, monthly)) => {
                let (ratio, basis) = ratio(
                    ctx,
                    pk,
                    &rc.billing_account,
                    &f.region,
                    &rc.currency,
                    current,
                    target,
                );
                (
                    monthly * (Decimal::ONE - ratio),
                    monthly,
                    basis,
                    rc.currency.clone(),
                )
            }
            None => {
                let (now, cur) = ctx.catalog.price(pk, &current.size, &f.region)?;
                let (then, _) = ctx.catalog.price(pk, &target.size, &f.region)?;
                let hours = Decimal::from(MONTH_HOURS);
                (
                    (now - then) * hours,
                    now * hours,
                    Basis::List,
                    cur.to_string(),
                )
            }
        };
    if !ctx.worth(saving) {
        return None;
    }
    let mut d = resource_draft(ctx, Finding::Rightsize, Some(f), &f.id, rc);
    let evidence = &mut d.evidence;
    if let Some(rc) = rc {
        let (from, _) = ctx.month_window();
        evidence.costs =
            Some(ctx.cost_evidence(rc, from.max(rc.first_day().unwrap_or(from)), |_| true));
    }
    evidence
        .figure("current_size", &current.size)
        .figure("target_size", &target.size)
        .figure("current_vcpu", current.vcpu)
        .figure("target_vcpu", target.vcpu)
        .figure("current_memory_gib", current.memory_gib.normalize())
        .figure("target_memory_gib", target.memory_gib.normalize())
        .figure("cpu_p95", util.cpu_p95)
        .figure("current_monthly", cents(current_monthly))
        .figure("target_monthly", cents(current_monthly - saving))
        .figure("price_basis", basis.as_str());
    let account = rc.map_or("", |r| r.billing_account.as_str());
    if let Some(p) = ctx
        .own_price(pk, account, &f.region, &target.size, &currency)
        .or_else(|| {
            ctx.catalog
                .price(pk, &target.size, &f.region)
                .filter(|p| p.1 == currency)
                .map(|p| p.0)
        })
    {
        evidence.figure("target_hourly", p.normalize());
    }
    if let Some(m) = util.memory_p95 {
        evidence.figure("memory_p95", m);
    }
    let days = util.days;
    let (mem_en, mem_zh) = match util.memory_p95 {
        Some(m) => (format!(", memory p95 {m}%"), format!("，内存P95为{m}%")),
        None => (
            "; memory is not measured, check it before resizing".to_string(),
            "；未采集内存使用率，调整前请先确认".to_string(),
        ),
    };
    let mut action = Text::new(
        format!(
            "Resize from {} to {} ({} vCPU, {} GiB): CPU p95 was {}% over {days} days{mem_en}.",
            current.size,
            target.size,
            target.vcpu,
            target.memory_gib.normalize(),
            util.cpu_p95
        ),
        format!(
            "建议将规格从{}调整为{}（{}核 {}GiB）：过去{days}天CPU P95为{}%{mem_zh}。",
            current.size,
            target.size,
            target.vcpu,
            target.memory_gib.normalize(),
            util.cpu_p95
        ),
    );
    if f.billing_mode == Some(BillingMode::Subscription) {
        action
            .en
            .push_str(" For a subscription, downgrade the configuration or change it at renewal.");
        action.zh.push_str("包年包月实例可通过降配或在续费时调整。");
    }
    let coverage = (f64::from(days) / f64::from(s.rightsize_lookback_days)).min(1.0);
    let confidence = 0.5
        + 0.3 * coverage
        + if util.memory_p95.is_some() { 0.1 } else { 0.0 }
        + match basis {
            Basis::Bills => 0.05,
            Basis::List => 0.0,
            Basis::Vcpu => -0.1,
        };
    evidence.utilisation = Some(util);
    d.action = action;
    d.saving = saving;
    d.currency = currency;
    d.confidence = confidence;
    d.facts = vec![current.size.clone(), target.size.clone()];
    d.baseline = rc
        .and_then(|rc| ctx.monthly(rc, |_| true))
        .map_or(current_monthly, |m| m.0);
    Some(d.finish())
}

/// The meters a resize changes: the machine's time-based fees (instance
/// hours, monthly fees); else its components over time (Tencent bills cores
/// and memory apart); else, where the resource's bills state no unit at all
/// (Huawei's API fee records), its usage and purchase fees, which for an
/// instance are the machine's own (its disks and addresses are resources of
/// their own there).
fn sized_by(rc: &ResourceCost) -> fn(&MeterCost) -> bool {
    if rc.meters.iter().any(MeterCost::time_based) {
        MeterCost::time_based
    } else if rc.meters.iter().any(MeterCost::machine_component) {
        MeterCost::machine_component
    } else if rc.meters.iter().all(|m| m.key.pricing_unit.is_none()) {
        |m| {
            matches!(
                m.key.charge_category,
                ChargeCategory::Usage | ChargeCategory::Purchase
            )
        }
    } else {
        MeterCost::time_based
    }
}

/// The target's price over the current size's.
fn ratio(
    ctx: &Ctx,
    pk: &str,
    account: &str,
    region: &str,
    currency: &str,
    current: &SizeRow,
    target: &SizeRow,
) -> (Decimal, Basis) {
    let own = (
        ctx.own_price(pk, account, region, &current.size, currency),
        ctx.own_price(pk, account, region, &target.size, currency),
    );
    if let (Some(c), Some(t)) = own {
        if c > Decimal::ZERO {
            return (t / c, Basis::Bills);
        }
    }
    let list = (
        ctx.catalog.price(pk, &current.size, region),
        ctx.catalog.price(pk, &target.size, region),
    );
    if let (Some((c, _)), Some((t, _))) = list {
        if c > Decimal::ZERO {
            return (t / c, Basis::List);
        }
    }
    (
        Decimal::from(target.vcpu) / Decimal::from(current.vcpu),
        Basis::Vcpu,
    )
}
