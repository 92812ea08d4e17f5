//! Renewals: subscriptions (包年包月) expiring within the horizon, bucketed
//! into 30, 60 and 90 days, with their renewal cost, so nothing lapses by
//! accident (auto-renewal off on a resource in use) and nothing renews that
//! should not (auto-renewal on a resource found idle or stopped).

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::book::ResourceCost;
use crate::context::{day_of, resource_draft, Ctx};
use crate::inventory::{BillingMode, ResourceFacts};
use crate::model::{Finding, Measure, Recommendation, Text};
use crate::money::cents;
use crate::providers::{self, console, Place};

pub(crate) fn find(ctx: &Ctx, flagged: &HashSet<String>) -> Vec<Recommendation> {
    ctx.inputs
        .inventory
        .iter()
        .filter(|f| f.billing_mode == Some(BillingMode::Subscription))
        .filter_map(|f| one(ctx, f, flagged.contains(&f.id)))
        .collect()
}

fn default_currency(pk: &str) -> &'static str {
    match pk {
        "alibaba" | "tencent" | "huawei" => "CNY",
        _ => "USD",
    }
}

/// The last purchase (renewal) of the resource in the bills, with its term
/// (`month` or `year`), else its amortized cost for a month (`amortized`).
fn renewal_cost(
    ctx: &Ctx,
    f: &ResourceFacts,
    rc: Option<&ResourceCost>,
) -> Option<(Decimal, &'static str)> {
    let purchase = ctx
        .inputs
        .book
        .commitments()
        .filter(|c| c.id == f.id)
        .flat_map(|c| c.purchases.iter())
        .max_by_key(|p| p.0);
    if let Some((_, amount, unit)) = purchase {
        let term = match unit.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("years" | "year" | "年") => "year",
            _ => "month",
        };
        return Some((*amount, term));
    }
    let (monthly, _) = ctx.monthly(rc?, |_| true)?;
    Some((monthly, "amortized"))
}

fn one(ctx: &Ctx, f: &ResourceFacts, idle: bool) -> Option<Recommendation> {
    let expires_on = day_of(f.expires_at?)?;
    let days_left = (expires_on - ctx.inputs.today).num_days();
    if days_left < 0 || days_left > i64::from(ctx.settings.renewal_horizon_days) {
        return None;
    }
    // Auto-renewal of a resource in use is what the user wants.
    if f.auto_renew == Some(true) && !idle {
        return None;
    }
    let pk = providers::key(&f.provider)
        .unwrap_or(&f.provider)
        .to_string();
    let rc = ctx.inputs.book.resource(&f.id);
    let cost = renewal_cost(ctx, f, rc);
    let currency = rc.map_or_else(|| default_currency(&pk).to_string(), |r| r.currency.clone());
    let within = match days_left {
        0..=30 => 30,
        31..=60 => 60,
        _ => 90,
    };
    let (cost_en, cost_zh) = match cost {
        Some((amount, "year")) => (
            format!("{} {currency} a year", cents(amount)),
            format!("每年{} {currency}", cents(amount)),
        ),
        Some((amount, "month")) => (
            format!("{} {currency} a month", cents(amount)),
            format!("每月{} {currency}", cents(amount)),
        ),
        Some((amount, _)) => (
            format!(
                "about {} {currency} a month at its amortized rate",
                cents(amount)
            ),
            format!("按当前摊销约每月{} {currency}", cents(amount)),
        ),
        None => ("an unknown amount".to_string(), "金额未知".to_string()),
    };
    let action = match (idle, f.auto_renew) {
        (true, Some(true)) => Text::new(
            format!("Turn off auto-renewal: it renews on {expires_on} ({days_left} days) for {cost_en}, but the resource is idle or stopped."),
            format!("请关闭自动续费：该资源将于{expires_on}（{days_left}天后）自动续费，{cost_zh}，但资源处于闲置或停止状态。"),
        ),
        (true, _) => Text::new(
            format!("Let it lapse on {expires_on} ({days_left} days): the resource is idle or stopped, and renewing costs {cost_en}."),
            format!("资源闲置或已停止，可于{expires_on}（{days_left}天后）到期后不再续费（续费{cost_zh}）。"),
        ),
        (false, _) => Text::new(
            format!("Renew before {expires_on} ({days_left} days left) or turn on auto-renewal: renewing costs {cost_en}."),
            format!("请在{expires_on}前续费（剩余{days_left}天）或开启自动续费：续费{cost_zh}。"),
        ),
    };
    let mut d = resource_draft(ctx, Finding::Renewal, Some(f), &f.id, rc);
    let evidence = &mut d.evidence;
    evidence
        .figure("expires_on", expires_on)
        .figure("days_left", days_left)
        .figure("within_days", within)
        .figure(
            "auto_renew",
            f.auto_renew
                .map_or("unknown", |a| if a { "on" } else { "off" }),
        )
        .figure("resource_idle", idle);
    if let Some((amount, term)) = cost {
        evidence
            .figure("renewal_cost", cents(amount))
            .figure("renewal_term", term);
    }
    if let Some(rc) = rc {
        let (from, _) = ctx.month_window();
        evidence.costs = Some(ctx.cost_evidence(rc, from, |_| true));
    }
    d.console = console(&f.provider, Place::Renewals);
    d.action = action;
    d.currency = currency;
    d.confidence = 0.95;
    d.id_parts.push(expires_on.to_string());
    d.facts = vec![
        format!("{:?}", f.auto_renew),
        idle.to_string(),
        within.to_string(),
    ];
    d.measure = Measure::Unmeasured;
    Some(d.finish())
}
