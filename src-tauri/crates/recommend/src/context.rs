//! What every finder shares: the inputs indexed for lookup, the user's own
//! unit prices per size, evidence builders, and the draft a finder fills in
//! before it becomes a [`Recommendation`] (id, fingerprint, one rounding).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::book::{MeterCost, ResourceCost};
use crate::catalog::{normalise, Catalog};
use crate::inventory::ResourceKind;
use crate::inventory::{ResourceFacts, UtilSample};
use crate::model::{
    CostEvidence, CostEvidenceLine, Evidence, Finding, InventoryEvidence, Measure, Recommendation,
    Text, UtilPoint, UtilisationEvidence,
};
use crate::money::{cents, per_month, MONTH_DAYS};
use crate::providers::{console, Place};
use crate::settings::Settings;
use crate::stats::{mean, percentile};
use crate::{id, providers, Inputs};

/// Provider key, billing account, region, normalised size, currency.
type PriceKey = (String, String, String, String, String);

pub(crate) struct Ctx<'a> {
    pub inputs: &'a Inputs<'a>,
    pub settings: &'a Settings,
    pub catalog: &'a Catalog,
    pub as_of: NaiveDate,
    pub inventory: HashMap<&'a str, &'a ResourceFacts>,
    /// The user's unit price per hour, by size where they are billed for it.
    own_prices: HashMap<PriceKey, Decimal>,
}

pub(crate) fn day_of(ts: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(ts, 0).map(|d| d.date_naive())
}

/// An hourly meter, whose unit price is a price per instance hour.
fn hourly(m: &MeterCost) -> bool {
    m.key.pricing_unit.as_deref().is_some_and(|u| {
        matches!(
            u.trim().to_ascii_lowercase().as_str(),
            "hours" | "hour" | "hrs" | "hr" | "小时"
        )
    })
}

impl<'a> Ctx<'a> {
    pub fn new(inputs: &'a Inputs<'a>, settings: &'a Settings, catalog: &'a Catalog) -> Self {
        let inventory = inputs
            .inventory
            .iter()
            .map(|f| (f.id.as_str(), f))
            .collect();
        let mut own_prices = HashMap::new();
        for (_, rc) in inputs.book.resources() {
            let Some(pk) = providers::key(&rc.provider) else {
                continue;
            };
            for m in rc.meters.iter().filter(|m| hourly(m)) {
                let (Some(price), Some(size)) =
                    (m.unit_price, catalog.find_in(pk, &m.key.description))
                else {
                    continue;
                };
                let key = (
                    pk.to_string(),
                    rc.billing_account.clone(),
                    rc.region.clone().unwrap_or_default(),
                    normalise(&size.size),
                    rc.currency.clone(),
                );
                // The lowest where resources disagree, whatever order they come in.
                own_prices
                    .entry(key)
                    .and_modify(|p: &mut Decimal| *p = (*p).min(price))
                    .or_insert(price);
            }
        }
        Ctx {
            inputs,
            settings,
            catalog,
            as_of: crate::as_of(inputs.book, inputs.today),
            inventory,
            own_prices,
        }
    }

    /// The user's own hourly price for `size` in `region`, from the bills of `account`.
    pub fn own_price(
        &self,
        pk: &str,
        account: &str,
        region: &str,
        size: &str,
        currency: &str,
    ) -> Option<Decimal> {
        let key = (
            pk.to_string(),
            account.to_string(),
            region.to_string(),
            normalise(size),
            currency.to_string(),
        );
        self.own_prices.get(&key).copied()
    }

    /// The evidence window for costs: the 30 days ending at `as_of`.
    pub fn month_window(&self) -> (NaiveDate, NaiveDate) {
        (
            self.as_of - Duration::days(i64::from(MONTH_DAYS) - 1),
            self.as_of,
        )
    }

    /// A resource's cost as a 30-day month (exact), over the last 30 days or
    /// since its first line if later; `None` without lines in the window.
    pub fn monthly(
        &self,
        rc: &ResourceCost,
        pick: impl Fn(&MeterCost) -> bool + Copy,
    ) -> Option<(Decimal, NaiveDate)> {
        let (from, to) = self.month_window();
        let first = rc.first_day()?.max(from);
        if first > to {
            return None;
        }
        let s = rc.sum(first, to, pick);
        if s.lines == 0 {
            return None;
        }
        let days = (to - first).num_days() as u32 + 1;
        Some((per_month(s.effective, days), first))
    }

    pub fn cost_evidence(
        &self,
        rc: &ResourceCost,
        from: NaiveDate,
        pick: impl Fn(&MeterCost) -> bool,
    ) -> CostEvidence {
        let to = self.as_of;
        let mut lines = Vec::new();
        let (mut billed, mut effective, mut list) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for m in rc.meters.iter().filter(|m| pick(m)) {
            let mut days = m.days.range(from..=to);
            let Some((first, _)) = days.next() else {
                continue;
            };
            let last = m
                .days
                .range(from..=to)
                .next_back()
                .map_or(*first, |(d, _)| *d);
            let s = m.sum(from, to);
            billed += s.billed;
            effective += s.effective;
            list += s.list;
            lines.push(CostEvidenceLine {
                description: m.key.description.clone(),
                charge_category: m.key.charge_category.as_str().to_string(),
                pricing_category: m.key.pricing_category.map(|p| p.as_str().to_string()),
                pricing_unit: m.key.pricing_unit.clone(),
                quantity: s.quantity.normalize(),
                billed: s.billed.normalize(),
                effective: s.effective.normalize(),
                unit_price: m.unit_price.map(|p| p.normalize()),
                lines: s.lines,
                first_day: *first,
                last_day: last,
            });
        }
        lines.sort_by(|a, b| {
            b.effective
                .cmp(&a.effective)
                .then(a.description.cmp(&b.description))
        });
        CostEvidence {
            from,
            to,
            currency: rc.currency.clone(),
            billed: billed.normalize(),
            effective: effective.normalize(),
            list: list.normalize(),
            lines,
        }
    }

    pub fn inventory_evidence(&self, f: &ResourceFacts) -> InventoryEvidence {
        InventoryEvidence {
            kind: f.kind.as_str().to_string(),
            state: f.state.clone(),
            size: f.size.clone(),
            attached: f.attached,
            attached_to: f.attached_to.clone(),
            billing_mode: f.billing_mode.map(|m| m.as_str().to_string()),
            expires_on: f.expires_at.and_then(day_of),
            auto_renew: f.auto_renew,
            created_on: f.created_at.and_then(day_of),
            seen_on: day_of(f.seen_at).unwrap_or(self.as_of),
        }
    }

    /// The samples of the `days` days ending at the resource's latest sample,
    /// provided that sample is recent.
    pub fn samples(&self, id: &str, days: u32) -> Option<&'a [UtilSample]> {
        let all = self.inputs.utilisation.get(id)?;
        let last = all.last()?.day;
        if last < self.as_of - Duration::days(3) {
            return None;
        }
        let from = last - Duration::days(i64::from(days) - 1);
        let start = all.partition_point(|s| s.day < from);
        Some(&all[start..])
    }

    pub fn utilisation_evidence(
        &self,
        samples: &[UtilSample],
        threshold: f64,
    ) -> Option<UtilisationEvidence> {
        let cpu: Vec<f64> = samples.iter().map(|s| s.cpu).collect();
        let memory: Vec<f64> = samples.iter().filter_map(|s| s.memory).collect();
        Some(UtilisationEvidence {
            from: samples.first()?.day,
            to: samples.last()?.day,
            days: samples.len() as u32,
            cpu_p95: round1(percentile(&cpu, 95.0)?),
            cpu_mean: round1(mean(&cpu)?),
            cpu_max: round1(cpu.iter().copied().fold(f64::MIN, f64::max)),
            memory_p95: (memory.len() * 2 >= samples.len())
                .then(|| percentile(&memory, 95.0).map(round1))
                .flatten(),
            threshold,
            series: samples
                .iter()
                .map(|s| UtilPoint {
                    day: s.day,
                    cpu: round1(s.cpu),
                    memory: s.memory.map(round1),
                })
                .collect(),
        })
    }

    /// Whether a saving is worth listing.
    pub fn worth(&self, monthly: Decimal) -> bool {
        cents(monthly) >= self.settings.min_monthly_saving && monthly > Decimal::ZERO
    }
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A draft about one resource, from its inventory facts and its bills,
/// whichever are known; finders then set what the finding says.
pub(crate) fn resource_draft(
    ctx: &Ctx,
    finding: Finding,
    f: Option<&ResourceFacts>,
    id: &str,
    rc: Option<&ResourceCost>,
) -> Draft {
    let provider = rc
        .map(|r| r.provider.clone())
        .or_else(|| f.map(|f| f.provider.clone()))
        .unwrap_or_default();
    let kind = f.map_or(ResourceKind::Other, |f| f.kind);
    let mut evidence = Evidence::new(ctx.as_of);
    evidence.inventory = f.map(|f| ctx.inventory_evidence(f));
    Draft {
        finding,
        console: console(&provider, Place::Resource(kind)),
        billing_account: rc
            .map(|r| r.billing_account.clone())
            .or_else(|| f.and_then(|f| f.billing_account.clone()))
            .unwrap_or_default(),
        sub_account: rc.and_then(|r| r.sub_account.clone()),
        region: f
            .map(|f| f.region.clone())
            .or_else(|| rc.and_then(|r| r.region.clone())),
        service: rc.map(|r| r.service.clone()),
        resource: Some(id.to_string()),
        resource_name: f
            .and_then(|f| f.name.clone())
            .or_else(|| rc.and_then(|r| r.name.clone())),
        action: Text::new("", ""),
        saving: Decimal::ZERO,
        currency: rc.map(|r| r.currency.clone()).unwrap_or_default(),
        confidence: 0.0,
        evidence,
        id_parts: vec![
            providers::key(&provider).unwrap_or(&provider).to_string(),
            id.to_string(),
        ],
        facts: Vec::new(),
        baseline: Decimal::ZERO,
        provider,
        measure: Measure::Resource { id: id.to_string() },
    }
}

/// A recommendation being put together by a finder.
pub(crate) struct Draft {
    pub finding: Finding,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub service: Option<String>,
    pub resource: Option<String>,
    pub resource_name: Option<String>,
    pub action: Text,
    pub console: Text,
    /// Exact; rounded once in [`Draft::finish`].
    pub saving: Decimal,
    pub currency: String,
    pub confidence: f64,
    pub evidence: Evidence,
    /// What identifies the thing the finding is about (besides the finding).
    pub id_parts: Vec<String>,
    /// The facts the finding rests on; a change in them is a change of the recommendation.
    pub facts: Vec<String>,
    pub baseline: Decimal,
    pub measure: Measure,
}

impl Draft {
    pub fn finish(self) -> Recommendation {
        let mut parts: Vec<&str> = vec![self.finding.as_str()];
        parts.extend(self.id_parts.iter().map(String::as_str));
        let id = id::stable(&parts);
        let facts: Vec<&str> = self.facts.iter().map(String::as_str).collect();
        Recommendation {
            id,
            kind: self.finding.kind(),
            finding: self.finding,
            provider: providers::focus_name(&self.provider),
            billing_account: self.billing_account,
            sub_account: self.sub_account,
            region: self.region,
            service: self.service,
            resource: self.resource,
            resource_name: self.resource_name,
            action: self.action,
            console: self.console,
            monthly_saving: cents(self.saving.max(Decimal::ZERO)),
            currency: self.currency,
            confidence: (self.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
            evidence: self.evidence,
            fingerprint: id::stable(&facts),
            baseline_monthly: cents(self.baseline),
            measure: self.measure,
        }
    }
}
