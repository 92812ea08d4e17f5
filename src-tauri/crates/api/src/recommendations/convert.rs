//! Kept recommendations to view models, filters and totals.

use std::collections::BTreeMap;

use cloudlens_recommend::{Evidence, Kind, Recommendation};
use cloudlens_store::{RecEvent, RecStatus, StoredRecommendation};
use rust_decimal::Decimal;

use super::views::*;
use crate::{ApiError, ErrorCode, Locale};

pub(crate) fn time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

pub(crate) fn kind(k: Kind) -> RecommendationKind {
    match k {
        Kind::Idle => RecommendationKind::Idle,
        Kind::Rightsize => RecommendationKind::Rightsize,
        Kind::Commitment => RecommendationKind::Commitment,
        Kind::Discount => RecommendationKind::Discount,
        Kind::Renewal => RecommendationKind::Renewal,
    }
}

pub(crate) fn status(s: RecStatus) -> RecommendationStatus {
    match s {
        RecStatus::Open => RecommendationStatus::Open,
        RecStatus::Accepted => RecommendationStatus::Accepted,
        RecStatus::Dismissed => RecommendationStatus::Dismissed,
        RecStatus::Done => RecommendationStatus::Done,
        RecStatus::Closed => RecommendationStatus::Closed,
    }
}

pub(crate) fn store_status(s: RecommendationStatus) -> RecStatus {
    match s {
        RecommendationStatus::Open => RecStatus::Open,
        RecommendationStatus::Accepted => RecStatus::Accepted,
        RecommendationStatus::Dismissed => RecStatus::Dismissed,
        RecommendationStatus::Done => RecStatus::Done,
        RecommendationStatus::Closed => RecStatus::Closed,
    }
}

pub(crate) fn kind_name(k: RecommendationKind) -> &'static str {
    match k {
        RecommendationKind::Idle => "idle",
        RecommendationKind::Rightsize => "rightsize",
        RecommendationKind::Commitment => "commitment",
        RecommendationKind::Discount => "discount",
        RecommendationKind::Renewal => "renewal",
    }
}

pub(crate) fn status_name(s: RecommendationStatus) -> &'static str {
    store_status(s).as_str()
}

/// The recommendation as computed, from its kept payload.
pub(crate) fn payload(s: &StoredRecommendation) -> Result<Recommendation, ApiError> {
    serde_json::from_str(&s.record.payload).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!(
                "recommendation {}: its kept payload does not read: {e}",
                s.record.id
            ),
        )
    })
}

fn evidence(e: &Evidence) -> EvidenceView {
    let d = |x: Decimal| x.to_string();
    EvidenceView {
        as_of: e.as_of.to_string(),
        inventory: e.inventory.as_ref().map(|i| InventoryEvidenceView {
            kind: i.kind.clone(),
            state: i.state.clone(),
            size: i.size.clone(),
            attached: i.attached,
            attached_to: i.attached_to.clone(),
            billing_mode: i.billing_mode.clone(),
            expires_on: i.expires_on.map(|x| x.to_string()),
            auto_renew: i.auto_renew,
            created_on: i.created_on.map(|x| x.to_string()),
            seen_on: i.seen_on.to_string(),
        }),
        utilisation: e.utilisation.as_ref().map(|u| UtilisationEvidenceView {
            from: u.from.to_string(),
            to: u.to.to_string(),
            days: u.days,
            cpu_p95: u.cpu_p95,
            cpu_mean: u.cpu_mean,
            cpu_max: u.cpu_max,
            memory_p95: u.memory_p95,
            threshold: u.threshold,
        }),
        costs: e.costs.as_ref().map(|c| CostEvidenceView {
            from: c.from.to_string(),
            to: c.to.to_string(),
            currency: c.currency.clone(),
            billed: d(c.billed),
            effective: d(c.effective),
            list: d(c.list),
            lines: c
                .lines
                .iter()
                .map(|l| CostLineEvidenceView {
                    description: l.description.clone(),
                    charge_category: l.charge_category.clone(),
                    pricing_category: l.pricing_category.clone(),
                    pricing_unit: l.pricing_unit.clone(),
                    quantity: d(l.quantity),
                    billed: d(l.billed),
                    effective: d(l.effective),
                    unit_price: l.unit_price.map(d),
                    lines: l.lines,
                    first_day: l.first_day.to_string(),
                    last_day: l.last_day.to_string(),
                })
                .collect(),
        }),
        discounts: e
            .discounts
            .iter()
            .map(|p| DiscountPointView {
                month: p.month.clone(),
                list: d(p.list),
                contracted: d(p.contracted),
                effective: d(p.effective),
                negotiated_rate: p.negotiated_rate.map(d),
                effective_rate: p.effective_rate.map(d),
            })
            .collect(),
        figures: e
            .figures
            .iter()
            .map(|(k, v)| FigureView {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
    }
}

pub(crate) fn view(
    s: &StoredRecommendation,
    locale: Locale,
) -> Result<RecommendationView, ApiError> {
    let r = payload(s)?;
    let text = |t: &cloudlens_recommend::Text| match locale {
        Locale::En => t.en.clone(),
        Locale::ZhCn => t.zh.clone(),
    };
    Ok(RecommendationView {
        id: r.id.clone(),
        kind: kind(r.kind),
        finding: r.finding.as_str().to_string(),
        provider: r.provider.clone(),
        billing_account: r.billing_account.clone(),
        sub_account: r.sub_account.clone(),
        region: r.region.clone(),
        service: r.service.clone(),
        resource: r.resource.clone(),
        resource_name: r.resource_name.clone(),
        action: text(&r.action),
        console: text(&r.console),
        monthly_saving: s.record.monthly_saving.to_string(),
        currency: r.currency.clone(),
        display_saving: None,
        confidence: r.confidence,
        status: status(s.status),
        status_note: s.status_note.clone(),
        closed_reason: s.closed_reason.clone(),
        first_seen: time(s.first_seen),
        updated_at: time(s.updated_at),
        done_at: s.done_at.map(time),
        realised_saving: s.realised_saving.map(|d| d.to_string()),
        realised_complete: s.realised_complete,
        evidence: evidence(&r.evidence),
    })
}

pub(crate) fn event(e: &RecEvent) -> RecommendationEventView {
    let st = |s: &str| RecStatus::parse(s).map(status);
    RecommendationEventView {
        at: time(e.at),
        who: e.who.clone(),
        from: e.from.as_deref().and_then(st),
        to: st(&e.to).unwrap_or(RecommendationStatus::Open),
        note: e.note.clone(),
    }
}

/// Whether a kept recommendation passes the query.
pub(crate) fn matches(v: &RecommendationView, q: &RecommendationQuery) -> bool {
    if !q.kinds.is_empty() && !q.kinds.contains(&v.kind) {
        return false;
    }
    if !q.providers.is_empty() {
        let key = cloudlens_recommend::provider_key(&v.provider);
        let hit = q.providers.iter().any(|p| {
            p.eq_ignore_ascii_case(&v.provider)
                || (key.is_some() && cloudlens_recommend::provider_key(p) == key)
        });
        if !hit {
            return false;
        }
    }
    match q.status {
        Some(s) if v.status != s => return false,
        None if v.status == RecommendationStatus::Closed => return false,
        _ => {}
    }
    if let Some(text) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let t = text.to_lowercase();
        let fields = [
            v.resource.as_deref(),
            v.resource_name.as_deref(),
            Some(v.billing_account.as_str()),
            v.region.as_deref(),
            v.service.as_deref(),
            Some(v.action.as_str()),
            Some(v.provider.as_str()),
        ];
        if !fields
            .into_iter()
            .flatten()
            .any(|f| f.to_lowercase().contains(&t))
        {
            return false;
        }
    }
    true
}

/// Sums per group and currency, never across currencies.
pub(crate) fn totals<'a>(
    items: impl Iterator<Item = (&'a str, &'a str, Decimal)>,
) -> Vec<SavingTotal> {
    let mut sums: BTreeMap<(String, String), (Decimal, u32)> = BTreeMap::new();
    for (group, currency, amount) in items {
        let e = sums
            .entry((group.to_string(), currency.to_string()))
            .or_default();
        e.0 += amount;
        e.1 += 1;
    }
    sums.into_iter()
        .map(|((group, currency), (amount, count))| SavingTotal {
            group,
            currency,
            amount: amount.to_string(),
            count,
        })
        .collect()
}
