//! Stopped instances still billed: their own lines (a subscription runs on
//! while the machine stands still) and the disks attached to them, which
//! are billed whether the instance runs or not and go when it is released.

use chrono::Duration;
use rust_decimal::Decimal;

use crate::book::ResourceCost;
use crate::context::{resource_draft, Ctx, Draft};
use crate::idle::{all, billed_saving};
use crate::inventory::{ResourceFacts, ResourceKind};
use crate::model::{Finding, Measure, Recommendation, Text};

/// The billed disks attached to `f` (in use, not free), by id.
fn attached_disks<'a>(ctx: &Ctx<'a>, f: &ResourceFacts) -> Vec<(&'a str, &'a ResourceCost)> {
    let mut out: Vec<(&str, &ResourceCost)> = ctx
        .inputs
        .inventory
        .iter()
        .filter(|d| d.kind == ResourceKind::Disk && d.attached_to.as_deref() == Some(&f.id))
        .filter(|d| d.is_free() != Some(true))
        .filter_map(|d| Some((d.id.as_str(), ctx.inputs.book.resource(&d.id)?)))
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out
}

fn billed_last_week(ctx: &Ctx, rc: &ResourceCost) -> bool {
    let week = rc.sum(ctx.as_of - Duration::days(6), ctx.as_of, all);
    week.effective > Decimal::ZERO || week.billed > Decimal::ZERO
}

/// Adds each disk's monthly cost to the saving and its lines to the cost
/// evidence (named by the disk, so the evidence says what each costs).
fn add_disks(ctx: &Ctx, d: &mut Draft, disks: &[(&str, &ResourceCost)]) -> Vec<String> {
    let mut added = Vec::new();
    for (id, rc) in disks {
        let Some((monthly, from)) = ctx.monthly(rc, all) else {
            continue;
        };
        d.saving += monthly;
        d.baseline += monthly;
        d.currency.clone_from(&rc.currency);
        d.evidence
            .figure(&format!("disk_monthly:{id}"), crate::money::cents(monthly));
        let mut disk = ctx.cost_evidence(rc, from, all);
        for line in &mut disk.lines {
            line.description = format!("{id} · {}", line.description);
        }
        match d.evidence.costs.as_mut() {
            None => d.evidence.costs = Some(disk),
            Some(c) => {
                c.from = c.from.min(disk.from);
                c.billed = (c.billed + disk.billed).normalize();
                c.effective = (c.effective + disk.effective).normalize();
                c.list = (c.list + disk.list).normalize();
                c.lines.extend(disk.lines);
                c.lines.sort_by(|a, b| {
                    b.effective
                        .cmp(&a.effective)
                        .then(a.description.cmp(&b.description))
                });
            }
        }
        added.push(id.to_string());
    }
    added
}

pub(crate) fn stopped(
    ctx: &Ctx,
    f: &ResourceFacts,
    rc: Option<&ResourceCost>,
) -> Option<Recommendation> {
    let disks = attached_disks(ctx, f);
    let currency = rc.or(disks.first().map(|(_, r)| *r))?.currency.clone();
    // What stopped being billed before the last week is not what releasing
    // saves; amounts in different currencies are never added together.
    let disks: Vec<_> = disks
        .into_iter()
        .filter(|(_, r)| r.currency == currency && billed_last_week(ctx, r))
        .collect();
    let own_billed = rc.is_some_and(|r| billed_last_week(ctx, r));
    if !own_billed && disks.is_empty() {
        return None;
    }
    let mut d = resource_draft(ctx, Finding::StoppedBilled, Some(f), &f.id, rc);
    let own = own_billed && billed_saving(ctx, &mut d, rc, all);
    if own_billed && !own {
        return None;
    }
    if own {
        d.evidence
            .figure("instance_monthly", crate::money::cents(d.saving));
    }
    let disk_ids = add_disks(ctx, &mut d, &disks);
    if !ctx.worth(d.saving) {
        return None;
    }
    let mode = f.billing_mode.map_or("unknown", |m| m.as_str());
    d.action = if disk_ids.is_empty() {
        Text::new(
            format!(
                "The instance is stopped but still billed ({}): release it if it is no longer needed, and do not renew it.",
                mode.replace('_', "-")
            ),
            "实例已停止但仍在计费：如不再需要请释放，并且不要续费。",
        )
    } else {
        let n = disk_ids.len();
        Text::new(
            format!(
                "The instance is stopped but still billed ({}), and so are its {n} attached disk(s) ({}): if it is no longer needed, snapshot what must be kept, then release it with its disks, and do not renew it.",
                mode.replace('_', "-"),
                disk_ids.join(", ")
            ),
            format!(
                "实例已停止但仍在计费，其挂载的{n}块云盘（{}）也在计费：如不再需要，请先为需保留的数据创建快照，再连同云盘一起释放，并且不要续费。",
                disk_ids.join("、")
            ),
        )
    };
    d.confidence = 0.85;
    d.facts = vec!["stopped".into(), mode.to_string()];
    if !disk_ids.is_empty() {
        d.evidence.figure("saving_basis", "bills");
        d.facts.extend(disk_ids.iter().cloned());
        let mut ids = vec![f.id.clone()];
        ids.extend(disk_ids);
        d.measure = Measure::Resources { ids };
    }
    Some(d.finish())
}
