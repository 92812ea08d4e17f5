//! An anomaly found by the detector becomes a stored row (money rounded
//! once, days around it, root cause), and a stored row becomes a view.

use chrono::Duration;
use cloudlens_anomaly::{severity, Contribution, DayModel, Finding, Params};
use cloudlens_store::{AnomalyRecord, MonitorRecord};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::codec::{self, from_json, name, parse_name, to_json, Groups, StoredCause};
use super::links;
use super::money::{from_exact, from_model, text};
use super::series::{GroupSeries, Window};
use super::thresholds::{self, StoredThreshold};
use super::views::{AnomalyDayView, AnomalyKind, AnomalyStatus, AnomalyView, RootCauseView};
use crate::ApiError;

/// Days before an anomaly kept for its sparkline and chart context.
const CONTEXT_DAYS: i64 = 14;

pub(crate) struct Found<'a> {
    pub monitor: &'a MonitorRecord,
    pub series: &'a GroupSeries,
    pub groups: &'a str,
    pub window: Window,
    pub models: &'a [Option<DayModel>],
    pub finding: &'a Finding,
    pub causes: &'a [Contribution],
    /// The threshold on the day it was detected, as kept with it.
    pub threshold: StoredThreshold,
    /// The threshold per day in the series' currency on that day.
    pub min_impact: Decimal,
    pub params: &'a Params,
}

fn day_view(f: &Found, i: usize, anomalous: bool) -> AnomalyDayView {
    let cur = f.series.currency.as_str();
    let model = f.models.get(i).copied().flatten();
    let band = model.map(|m| m.band(f.params.z_open));
    let expected = match (
        model,
        anomalous && f.finding.kind == cloudlens_anomaly::Kind::New,
    ) {
        (_, true) => Some(Decimal::ZERO),
        (Some(m), _) => Some(from_model(m.expected, cur)),
        (None, _) => None,
    };
    AnomalyDayView {
        date: f.window.date(i).to_string(),
        actual: text(from_exact(f.series.nanos[i], cur), cur),
        expected: expected.map(|d| text(d, cur)),
        lower: band.map(|b| text(from_model(b.0, cur), cur)),
        upper: band.map(|b| text(from_model(b.1, cur), cur)),
        anomalous,
    }
}

/// The stored row of a finding (`restated` false: the caller knows).
pub(crate) fn record(
    f: &Found,
    id: String,
    status: AnomalyStatus,
    now: i64,
) -> Result<AnomalyRecord, ApiError> {
    let cur = f.series.currency.as_str();
    let fi = f.finding;
    let (a, b) = (f.window.index(fi.start), f.window.index(fi.end));
    let exact: i128 = f.series.nanos[a..=b].iter().sum();
    let actual = from_exact(exact, cur);
    let expected = from_model(fi.expected(), cur);
    let impact = actual - expected;
    let percent = if fi.kind == cloudlens_anomaly::Kind::New || expected.is_zero() {
        if impact.is_sign_negative() {
            -100.0
        } else {
            100.0
        }
    } else {
        (impact / expected.abs() * Decimal::from(100))
            .round_dp(2)
            .to_f64()
            .unwrap_or(0.0)
    };
    let impact_f = impact.to_f64().unwrap_or(0.0);
    let context = (fi.start - Duration::days(CONTEXT_DAYS)).max(f.window.from);
    let days: Vec<AnomalyDayView> = (f.window.index(context)..=b)
        .map(|i| day_view(f, i, i >= a))
        .collect();
    let causes: Vec<StoredCause> = f
        .causes
        .iter()
        .map(|c| StoredCause {
            dimension: c.dimension.clone(),
            value: c.value.clone(),
            impact: text(from_model(c.impact, cur), cur),
            share: (c.share * 1000.0).round() / 1000.0,
            normal_share: (c.normal_share * 1000.0).round() / 1000.0,
            new: c.new,
        })
        .collect();
    Ok(AnomalyRecord {
        id,
        monitor_id: f.monitor.id,
        groups: f.groups.to_string(),
        currency: cur.to_string(),
        kind: name(&codec::kind(fi.kind)),
        start: fi.start.to_string(),
        end: fi.end.to_string(),
        detected_on: fi.detected_on.to_string(),
        expected: text(expected, cur),
        actual: text(actual, cur),
        impact: text(impact, cur),
        percent,
        severity: name(&codec::severity(severity(
            impact_f,
            percent,
            f.min_impact.to_f64().unwrap_or(f64::INFINITY),
        ))),
        score: (fi.score() * 100.0).round() / 100.0,
        ongoing: fi.ongoing,
        status: codec::status_text(status),
        days: to_json(&days)?,
        root_cause: to_json(&causes)?,
        threshold: to_json(&f.threshold)?,
        restated: false,
        rejudged: false,
        withdrawn: None,
        first_seen_at: now,
        updated_at: now,
    })
}

pub(crate) fn view(r: &AnomalyRecord, monitor: &MonitorRecord) -> Result<AnomalyView, ApiError> {
    let groups: Groups = from_json("anomaly group", &r.groups)?;
    let causes: Vec<StoredCause> = from_json("root cause", &r.root_cause)?;
    let scope = codec::scope(&monitor.monitor.scope)?;
    let metric = parse_name("monitor metric", &monitor.monitor.metric)?;
    let (start, end) = (codec::day(&r.start)?, codec::day(&r.end)?);
    let place = links::Place {
        scope: &scope,
        groups: &groups,
        metric,
        start,
        end,
    };
    let mut providers: Vec<String> = groups
        .get("provider")
        .cloned()
        .flatten()
        .into_iter()
        .chain(
            scope
                .filters
                .iter()
                .filter(|f| f.dimension == "provider" && !f.exclude)
                .flat_map(|f| f.values.iter().flatten().cloned()),
        )
        .chain(
            causes
                .iter()
                .filter(|c| c.dimension == "provider")
                .filter_map(|c| c.value.clone()),
        )
        .collect();
    providers.sort();
    providers.dedup();
    Ok(AnomalyView {
        id: r.id.clone(),
        monitor: monitor.monitor.name.clone(),
        monitor_id: r.monitor_id,
        providers,
        currency: r.currency.clone(),
        kind: parse_name::<AnomalyKind>("anomaly kind", &r.kind)?,
        start: r.start.clone(),
        end: r.end.clone(),
        detected_on: r.detected_on.clone(),
        expected: r.expected.clone(),
        actual: r.actual.clone(),
        impact: r.impact.clone(),
        percent: r.percent,
        severity: parse_name("anomaly severity", &r.severity)?,
        score: r.score,
        status: parse_name("anomaly status", &r.status)?,
        ongoing: r.ongoing,
        restated: r.restated,
        rejudged: r.rejudged,
        withdrawn: r.withdrawn.clone(),
        threshold: thresholds::view(from_json("anomaly threshold", &r.threshold)?),
        root_cause: causes
            .into_iter()
            .map(|c| RootCauseView {
                explore_link: links::by_dimension(&place, &c.dimension),
                resource: c.value.clone().filter(|_| c.dimension == "resource"),
                dimension: c.dimension,
                value: c.value,
                impact: c.impact,
                share: c.share,
                normal_share: c.normal_share,
                new: c.new,
            })
            .collect(),
        days: from_json("anomaly days", &r.days)?,
        explore_link: links::scope(&place),
        groups,
    })
}
