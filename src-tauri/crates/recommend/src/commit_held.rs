//! Commitments already held, read from the FOCUS commitment discount
//! columns: utilisation (used against unused amortized cost), coverage of
//! the services they apply to, unused commitment as waste, and
//! subscriptions whose covered usage now costs less at pay-as-you-go prices
//! than the subscription does.

use std::collections::BTreeSet;

use chrono::Duration;
use rust_decimal::Decimal;

use crate::book::CommitmentCost;
use crate::commit_buy::hourly_on_demand;
use crate::context::{Ctx, Draft};
use crate::model::{Evidence, Finding, Measure, Recommendation, Text};
use crate::money::{cents, per_month, percent, MONTH_DAYS};
use crate::providers::{self, console, Place};

pub(crate) fn find(ctx: &Ctx) -> Vec<Recommendation> {
    let mut list: Vec<&CommitmentCost> = ctx.inputs.book.commitments().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::new();
    for c in list {
        out.extend(unused(ctx, c));
        out.extend(to_pay_as_you_go(ctx, c));
    }
    out
}

fn evidence(ctx: &Ctx, c: &CommitmentCost) -> Option<(Evidence, Decimal, Decimal)> {
    let (from, to) = ctx.month_window();
    let s = c.sum(from, to);
    let total = s.used + s.unused;
    if total <= Decimal::ZERO {
        return None;
    }
    let mut e = Evidence::new(ctx.as_of);
    e.figure("commitment", c.name.as_deref().unwrap_or(&c.id))
        .figure("commitment_type", c.kind.as_deref().unwrap_or(""))
        .figure("used_monthly", cents(per_month(s.used, MONTH_DAYS)))
        .figure("unused_monthly", cents(per_month(s.unused, MONTH_DAYS)));
    if let Some(p) = percent(s.used, total) {
        e.figure("utilisation_percent", p);
    }
    if let Some(p) = coverage(ctx, c) {
        e.figure("coverage_percent", p);
    }
    Some((e, s.used, s.unused))
}

/// Covered against all usage (covered plus on-demand) of the services the
/// commitment applied to, in its billing account.
fn coverage(ctx: &Ctx, c: &CommitmentCost) -> Option<Decimal> {
    let (from, to) = ctx.month_window();
    let covered = c.sum(from, to).used;
    let services: &BTreeSet<String> = &c.services;
    let on_demand: Decimal = ctx
        .inputs
        .book
        .resources()
        .filter(|(_, r)| r.billing_account == c.billing_account && services.contains(&r.service))
        .map(|(_, r)| r.sum(from, to, hourly_on_demand).effective)
        .sum();
    percent(covered, covered + on_demand)
}

fn draft(c: &CommitmentCost, finding: Finding, e: Evidence) -> Draft {
    Draft {
        finding,
        console: console(&c.provider, Place::Commitments),
        provider: c.provider.clone(),
        billing_account: c.billing_account.clone(),
        sub_account: c.sub_account.clone(),
        region: c.region.clone(),
        service: c.services.iter().next().cloned(),
        resource: Some(c.id.clone()),
        resource_name: c.name.clone(),
        action: Text::new("", ""),
        saving: Decimal::ZERO,
        currency: c.currency.clone(),
        confidence: 0.0,
        evidence: e,
        id_parts: vec![
            providers::key(&c.provider)
                .unwrap_or(&c.provider)
                .to_string(),
            c.id.clone(),
        ],
        facts: Vec::new(),
        baseline: Decimal::ZERO,
        measure: Measure::CommitmentUnused { id: c.id.clone() },
    }
}

fn unused(ctx: &Ctx, c: &CommitmentCost) -> Option<Recommendation> {
    let (e, used, unused) = evidence(ctx, c)?;
    let monthly = per_month(unused, MONTH_DAYS);
    if !ctx.worth(monthly) {
        return None;
    }
    let util = percent(used, used + unused).unwrap_or_default();
    let name = c.name.as_deref().unwrap_or(&c.id);
    let waste = cents(monthly);
    let mut d = draft(c, Finding::UnusedCommitment, e);
    d.action = Text::new(
        format!(
            "{name} was {util}% used over the last 30 days: {waste} {} a month goes unused. Move eligible usage onto it, or commit less when it renews.",
            c.currency
        ),
        format!(
            "{name}过去30天利用率为{util}%，每月约有{waste} {}未被使用：请将符合条件的用量迁移到其上，或在续费时调低承诺额度。",
            c.currency
        ),
    );
    d.saving = monthly;
    d.baseline = monthly;
    d.confidence = 0.9;
    d.facts = vec!["unused".into()];
    Some(d.finish())
}

/// A subscription or reservation whose covered usage would now cost less
/// on demand than its amortized price: let it lapse into pay-as-you-go.
fn to_pay_as_you_go(ctx: &Ctx, c: &CommitmentCost) -> Option<Recommendation> {
    if !c
        .category
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("usage"))
    {
        return None;
    }
    let (from, to) = ctx.month_window();
    let now = c.sum(from, to);
    let amortized = now.used + now.unused;
    if now.used_contracted >= amortized || amortized <= Decimal::ZERO {
        return None;
    }
    let monthly = per_month(amortized - now.used_contracted, MONTH_DAYS);
    if !ctx.worth(monthly) {
        return None;
    }
    let (mut e, _, _) = evidence(ctx, c)?;
    let before_from = from - Duration::days(i64::from(MONTH_DAYS));
    let before_to = from - Duration::days(1);
    let before = c.sum(before_from, before_to);
    e.figure(
        "pay_as_you_go_monthly",
        cents(per_month(now.used_contracted, MONTH_DAYS)),
    )
    .figure("amortized_monthly", cents(per_month(amortized, MONTH_DAYS)))
    .figure("covered_quantity", now.used_quantity.normalize());
    // Daily averages, so a month with fewer days of lines compares fairly.
    let avg = |q: Decimal, days: u32| (days > 0).then(|| q / Decimal::from(days));
    let now_avg = avg(now.used_quantity, c.days_with_lines(from, to));
    let before_avg = avg(
        before.used_quantity,
        c.days_with_lines(before_from, before_to),
    );
    if let (Some(n), Some(b)) = (now_avg, before_avg.filter(|b| *b > Decimal::ZERO)) {
        e.figure("covered_quantity_before", before.used_quantity.normalize());
        if let Some(p) = percent(n - b, b) {
            e.figure("usage_change_percent", p);
        }
    }
    let name = c.name.as_deref().unwrap_or(&c.id);
    let payg = cents(per_month(now.used_contracted, MONTH_DAYS));
    let amort = cents(per_month(amortized, MONTH_DAYS));
    let mut d = draft(c, Finding::SubscriptionToPayg, e);
    d.action = Text::new(
        format!(
            "Usage under {name} has dropped: at pay-as-you-go prices it would cost {payg} instead of {amort} {} a month. Switch it to pay-as-you-go when it renews.",
            c.currency
        ),
        format!(
            "{name}的用量已下降：按量付费每月约{payg}，而包年包月摊销为每月{amort} {}。建议到期后转为按量付费。",
            c.currency
        ),
    );
    d.saving = monthly;
    d.baseline = per_month(amortized, MONTH_DAYS);
    d.measure = Measure::Unmeasured;
    d.confidence = 0.7;
    d.facts = vec!["payg_cheaper".into()];
    Some(d.finish())
}
