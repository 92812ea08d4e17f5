//! Idle and orphaned resources: disks attached to nothing, addresses
//! associated with nothing, stopped instances still billed, instances and
//! databases idle by CPU, load balancers and NAT gateways with no traffic in
//! the bills, and resources billed after their project ended. The saving is
//! the resource's own cost in the bills (its list price where it has none).

use std::collections::HashSet;

use chrono::Duration;
use rust_decimal::Decimal;

use crate::book::{MeterCost, ResourceCost};
use crate::context::{resource_draft, Ctx, Draft};
use crate::inventory::{ResourceFacts, ResourceKind, StateClass};
use crate::model::{Finding, Recommendation, Text};
use crate::money::{cents, MONTH_HOURS};
use crate::providers::{self, console, Place};

pub(crate) fn find(ctx: &Ctx) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for f in ctx.inputs.inventory {
        if let Some(r) = inventory_finding(ctx, f) {
            seen.insert(f.id.clone());
            out.push(r);
        }
    }
    let mut ids: Vec<&String> = ctx.inputs.book.resources().map(|(id, _)| id).collect();
    ids.sort();
    for id in ids {
        let Some(rc) = ctx.inputs.book.resource(id) else {
            continue;
        };
        if seen.contains(id.as_str()) {
            continue;
        }
        if let Some(r) = no_traffic(ctx, id, rc).or_else(|| project_ended(ctx, id, rc)) {
            seen.insert(id.clone());
            out.push(r);
        }
    }
    out
}

pub(crate) fn all(_: &MeterCost) -> bool {
    true
}

/// Sets the saving to the resource's own monthly cost of the picked meters,
/// with the cost evidence; false when the bills have no such line.
pub(crate) fn billed_saving(
    ctx: &Ctx,
    d: &mut Draft,
    rc: Option<&ResourceCost>,
    pick: fn(&MeterCost) -> bool,
) -> bool {
    let Some(rc) = rc else {
        return false;
    };
    let Some((monthly, from)) = ctx.monthly(rc, pick) else {
        return false;
    };
    d.saving = monthly;
    d.baseline = ctx.monthly(rc, all).map_or(monthly, |m| m.0);
    d.evidence.costs = Some(ctx.cost_evidence(rc, from, all));
    d.evidence.figure("saving_basis", "bills");
    true
}

/// Without a bill line yet, an instance's list price for a month.
fn list_saving(ctx: &Ctx, d: &mut Draft, f: &ResourceFacts) -> bool {
    let (Some(pk), Some(size)) = (providers::key(&f.provider), f.size.as_deref()) else {
        return false;
    };
    let Some((hourly, currency)) = ctx.catalog.price(pk, size, &f.region) else {
        return false;
    };
    d.saving = hourly * Decimal::from(MONTH_HOURS);
    d.baseline = d.saving;
    d.currency = currency.to_string();
    d.evidence.figure("saving_basis", "list_price");
    d.evidence.figure("list_price_hourly", hourly.normalize());
    true
}

fn inventory_finding(ctx: &Ctx, f: &ResourceFacts) -> Option<Recommendation> {
    let rc = ctx.inputs.book.resource(&f.id);
    match f.kind {
        ResourceKind::Disk if f.is_free() == Some(true) => {
            let mut d = resource_draft(ctx, Finding::UnattachedDisk, Some(f), &f.id, rc);
            d.action = Text::new(
                "The disk is attached to nothing: snapshot it if its data still matters, then release it.",
                "该云盘未挂载到任何实例：如数据仍需保留请先创建快照，然后释放。",
            );
            d.confidence = if f.attached.is_some() { 0.95 } else { 0.85 };
            d.facts = vec!["free".into(), f.size.clone().unwrap_or_default()];
            orphan(ctx, d, rc, all)
        }
        ResourceKind::Ip if f.is_free() == Some(true) => {
            let mut d = resource_draft(ctx, Finding::UnassociatedIp, Some(f), &f.id, rc);
            d.action = Text::new(
                "The address is associated with nothing: release it.",
                "该弹性公网IP未绑定任何资源，建议释放。",
            );
            d.confidence = if f.attached.is_some() { 0.95 } else { 0.85 };
            d.facts = vec!["free".into()];
            // An address bound to nothing carries no traffic: what releasing
            // it saves is its time-based fee. Bills that state no unit at all
            // (Huawei's API records) cannot tell fee from traffic, and with
            // nothing bound there is no traffic: then all of its cost.
            let stated = rc.is_some_and(|r| r.meters.iter().any(|m| m.key.pricing_unit.is_some()));
            let pick = if stated { fee_net_of_credits } else { all };
            orphan(ctx, d, rc, pick)
        }
        ResourceKind::Instance | ResourceKind::Database
            if f.state_class() == StateClass::Stopped =>
        {
            crate::stopped::stopped(ctx, f, rc)
        }
        ResourceKind::Instance | ResourceKind::Database
            if f.state_class() == StateClass::Running =>
        {
            idle_by_cpu(ctx, f, rc)
        }
        _ => None,
    }
}

/// A time-based fee and the credits given on the resource (Google's export
/// states credits as lines of their own, without a unit): releasing it
/// saves the fee net of them.
fn fee_net_of_credits(m: &MeterCost) -> bool {
    m.time_based() || m.key.charge_category == cloudlens_model::ChargeCategory::Credit
}

/// A disk or address: listed even before its first bill line (then with no
/// saving estimate), since an orphan costs money from the day it exists.
fn orphan(
    ctx: &Ctx,
    mut d: Draft,
    rc: Option<&ResourceCost>,
    pick: fn(&MeterCost) -> bool,
) -> Option<Recommendation> {
    if billed_saving(ctx, &mut d, rc, pick) {
        if !ctx.worth(d.saving) {
            return None;
        }
    } else {
        d.evidence.figure("saving_basis", "no_bill_line_yet");
        d.confidence -= 0.2;
    }
    Some(d.finish())
}

fn idle_by_cpu(ctx: &Ctx, f: &ResourceFacts, rc: Option<&ResourceCost>) -> Option<Recommendation> {
    let s = ctx.settings;
    let samples = ctx.samples(&f.id, s.idle_lookback_days)?;
    let needed = (s.idle_lookback_days as usize).div_ceil(2).max(7);
    if samples.len() < needed {
        return None;
    }
    let util = ctx.utilisation_evidence(samples, s.idle_cpu_percent)?;
    if util.cpu_p95 >= s.idle_cpu_percent {
        return None;
    }
    // Busy memory with idle CPU is a cache or a queue, not an idle machine.
    if util.memory_p95.is_some_and(|m| m >= 50.0) {
        return None;
    }
    let database = f.kind == ResourceKind::Database;
    let finding = if database {
        Finding::IdleDatabase
    } else {
        Finding::IdleInstance
    };
    let mut d = resource_draft(ctx, finding, Some(f), &f.id, rc);
    if !billed_saving(ctx, &mut d, rc, all) && !list_saving(ctx, &mut d, f) {
        return None;
    }
    if !ctx.worth(d.saving) {
        return None;
    }
    let (p95, days) = (util.cpu_p95, util.days);
    d.action = if database {
        Text::new(
            format!("CPU p95 was {p95}% over {days} days (idle by CPU alone: connections and queries are not measured): if nothing connects to it, back it up and release it."),
            format!("过去{days}天CPU P95为{p95}%（仅依据CPU判断闲置，未采集连接数与查询量）：如无业务连接，建议备份后释放该数据库实例。"),
        )
    } else {
        Text::new(
            format!("CPU p95 was {p95}% over {days} days: stop or release the instance, or move its work onto another."),
            format!("过去{days}天CPU P95为{p95}%：建议停止或释放该实例，或将其负载合并到其他实例。"),
        )
    };
    let coverage = f64::from(days) / f64::from(s.idle_lookback_days);
    d.confidence =
        0.5 + 0.4 * coverage.min(1.0) + if util.memory_p95.is_some() { 0.05 } else { 0.0 };
    d.facts = vec!["idle".into(), f.size.clone().unwrap_or_default()];
    d.evidence.figure("cpu_p95", p95);
    if database {
        // A database's utilisation is its CPU only: connections and queries are not read.
        d.evidence.figure("idle_basis", "cpu_p95");
    }
    d.evidence.utilisation = Some(util);
    Some(d.finish())
}

fn is_balancer_or_nat(rc: &ResourceCost) -> Option<ResourceKind> {
    let text = format!(
        "{} {} {}",
        rc.service_subcategory.as_deref().unwrap_or(""),
        rc.resource_type.as_deref().unwrap_or(""),
        rc.service
    )
    .to_ascii_lowercase();
    if text.contains("nat gateway") || text.contains("nat网关") {
        Some(ResourceKind::NatGateway)
    } else if text.contains("load balanc") || text.contains("负载均衡") {
        Some(ResourceKind::LoadBalancer)
    } else {
        None
    }
}

/// A load balancer or NAT gateway whose bills show its hourly fee every day
/// of the lookback and its traffic meter at zero.
fn no_traffic(ctx: &Ctx, id: &str, rc: &ResourceCost) -> Option<Recommendation> {
    let kind = ctx
        .inventory
        .get(id)
        .map(|f| f.kind)
        .filter(|k| matches!(k, ResourceKind::LoadBalancer | ResourceKind::NatGateway))
        .or_else(|| is_balancer_or_nat(rc))?;
    let days = ctx.settings.idle_lookback_days;
    let from = ctx.as_of - Duration::days(i64::from(days) - 1);
    let fee_days = rc.daily(from, ctx.as_of, MeterCost::time_based).len() as u32;
    if fee_days < days {
        return None;
    }
    // Only a traffic meter billed at zero shows no traffic: some balancers
    // bill none at all (their traffic goes on an address's bill).
    let traffic: Vec<&MeterCost> = rc.meters.iter().filter(|m| !m.time_based()).collect();
    if traffic.is_empty() {
        return None;
    }
    let moved: Decimal = traffic
        .iter()
        .map(|m| m.sum(from, ctx.as_of).quantity)
        .sum();
    if moved > Decimal::ZERO {
        return None;
    }
    let f = ctx.inventory.get(id).copied();
    let mut d = resource_draft(ctx, Finding::NoTraffic, f, id, Some(rc));
    d.console = console(&rc.provider, Place::Resource(kind));
    if !billed_saving(ctx, &mut d, Some(rc), all) || !ctx.worth(d.saving) {
        return None;
    }
    let (en, zh) = match kind {
        ResourceKind::NatGateway => ("NAT gateway", "NAT网关"),
        _ => ("load balancer", "负载均衡实例"),
    };
    d.action = Text::new(
        format!("No traffic was billed for {days} days: delete the {en} if nothing uses it."),
        format!("过去{days}天未产生任何流量费用：如无业务使用，建议删除该{zh}。"),
    );
    d.confidence = 0.75;
    d.facts = vec!["no_traffic".into()];
    d.evidence.figure("days_without_traffic", days);
    Some(d.finish())
}

/// A resource tagged with a project that has ended and still billed since.
fn project_ended(ctx: &Ctx, id: &str, rc: &ResourceCost) -> Option<Recommendation> {
    let f = ctx.inventory.get(id).copied();
    let tags: Vec<(String, String)> = f
        .map(|f| f.tags.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            rc.tags
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        });
    let p = ctx.settings.ended_projects.iter().find(|p| {
        tags.iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(p.tag_key.trim()) && v == p.tag_value.trim())
    })?;
    let since = rc.sum(p.ended_on + Duration::days(1), ctx.as_of, all);
    if since.effective <= Decimal::ZERO {
        return None;
    }
    let mut d = resource_draft(ctx, Finding::ProjectEnded, f, id, Some(rc));
    if !billed_saving(ctx, &mut d, Some(rc), all) || !ctx.worth(d.saving) {
        return None;
    }
    d.action = Text::new(
        format!(
            "Project {} ended on {} but the resource is still billed: release it or move it to a live project.",
            p.tag_value, p.ended_on
        ),
        format!(
            "项目{}已于{}结束，但该资源仍在计费：请释放或转移到在用项目。",
            p.tag_value, p.ended_on
        ),
    );
    d.confidence = 0.6;
    d.facts = vec![
        format!("{}={}", p.tag_key, p.tag_value),
        p.ended_on.to_string(),
    ];
    d.evidence
        .figure("project_ended_on", p.ended_on)
        .figure("billed_since_end", cents(since.effective));
    Some(d.finish())
}
