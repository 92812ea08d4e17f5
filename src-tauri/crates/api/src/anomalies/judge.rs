//! Judging one monitor on the days a plan allows: its groups' daily series,
//! the detector's findings under what feedback taught it and the day's
//! threshold, root causes, and what becomes of the anomalies stored before
//! (kept, updated, or withdrawn when the detector no longer finds them on
//! days judged again). Anomalies a user has decided are never rewritten.

use std::collections::{BTreeMap, HashMap, HashSet};

use cloudlens_anomaly::{Detector, Learned, SeriesInput};
use cloudlens_store::{AnomalyFilter, AnomalyRecord, MonitorRecord};
use rust_decimal::prelude::ToPrimitive;

use super::codec::{self, from_json, to_json, Groups, StoredFeedback};
use super::detect::region;
use super::plan::DayPlan;
use super::rca::Case;
use super::records::{record, Found};
use super::series::{group_filters, GroupSeries};
use super::thresholds::{self, Thresholds};
use super::views::AnomalyStatus;
use crate::explore::convert::metric;
use crate::{ApiError, CloudLens};

/// Which of a monitor's groups a judgement covers.
#[derive(Default)]
pub(crate) struct Only<'a> {
    /// One group: (group JSON, currency).
    pub group: Option<(&'a str, &'a str)>,
    /// A rule learned but not stored yet.
    pub learned: Option<Learned>,
    /// An anomaly to leave alone (the one being judged by the user).
    pub skip: Option<&'a str>,
}

/// The outcome of judging one monitor.
#[derive(Default)]
pub(crate) struct Judged {
    pub anomalies: Vec<AnomalyRecord>,
    pub withdrawn: Vec<(String, String)>,
    pub series: u32,
    pub found: u32,
    /// Currencies no rate converts the threshold into, with the series
    /// left unjudged in each.
    pub missing_rates: Vec<(String, u32)>,
}

pub(crate) fn groups_json(group_by: &[String], s: &GroupSeries) -> Result<String, ApiError> {
    let g: Groups = group_by
        .iter()
        .cloned()
        .zip(s.groups.iter().cloned())
        .collect();
    to_json(&g)
}

/// Decided by the user: expected, not an anomaly, resolved.
fn frozen(r: &AnomalyRecord) -> bool {
    !matches!(r.status.as_str(), "open" | "acknowledged")
}

/// What an anomaly reports, to tell whether a re-judgement changed it.
fn reported(r: &AnomalyRecord) -> (&str, &str, &str, &str) {
    (&r.start, &r.end, &r.expected, &r.actual)
}

impl CloudLens {
    /// What feedback taught the detector, per (group JSON, currency).
    pub(crate) fn learned_of(
        &self,
        monitor_id: i64,
    ) -> Result<HashMap<(String, String), Vec<Learned>>, ApiError> {
        let mut out: HashMap<(String, String), Vec<Learned>> = HashMap::new();
        for f in self.reader()?.anomalies().feedback(Some(monitor_id))? {
            let stored: StoredFeedback = from_json("feedback", &f.learned)?;
            out.entry((f.groups, f.currency))
                .or_default()
                .push(codec::learned(&stored.learned)?);
        }
        Ok(out)
    }

    /// Judges one monitor's groups (or only `only` = (group JSON, currency))
    /// on the plan's days.
    pub(crate) fn judge(
        &self,
        m: &MonitorRecord,
        plan: &DayPlan,
        only: &Only,
        withdraw_reason: &str,
        now: i64,
    ) -> Result<Judged, ApiError> {
        let scope = codec::scope(&m.monitor.scope)?;
        let metric = metric(codec::parse_name("monitor metric", &m.monitor.metric)?);
        let w = plan.window;
        let all = self.daily_series(&scope, &[], &scope.group_by, metric, w)?;
        let learned = self.learned_of(m.id)?;
        let stored: BTreeMap<String, AnomalyRecord> = self
            .reader()?
            .anomalies()
            .list(&AnomalyFilter {
                monitor_ids: vec![m.id],
                include_withdrawn: true,
                ..AnomalyFilter::default()
            })?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let detector = Detector::default();
        let rates = self.rate_table()?;
        let mut limits =
            Thresholds::new(&m.monitor.min_impact, &m.monitor.impact_currency, &rates, w)?;
        let mut out = Judged::default();
        let mut unjudged: BTreeMap<String, u32> = BTreeMap::new();
        let mut reproduced: HashSet<String> = HashSet::new();
        for s in &all {
            let groups = groups_json(&scope.group_by, s)?;
            if only
                .group
                .is_some_and(|(g, c)| g != groups || c != s.currency)
            {
                continue;
            }
            let Some(limit) = limits.of(&s.currency) else {
                *unjudged.entry(s.currency.clone()).or_default() += 1;
                continue;
            };
            out.series += 1;
            let values = s.values();
            let mut rules = learned
                .get(&(groups.clone(), s.currency.clone()))
                .cloned()
                .unwrap_or_default();
            if only.group.is_some() {
                rules.extend(only.learned.clone());
            }
            let th = cloudlens_anomaly::Thresholds {
                min_impact: limit.monitor_amount.to_f64().unwrap_or(f64::INFINITY),
                min_percent: m.monitor.min_percent,
                falls: m.monitor.falls,
                new_spend: m.monitor.new_spend,
            };
            let analysis = detector.analyse(
                &SeriesInput {
                    start: w.from,
                    values: &values,
                    region: region(&s.currency),
                    covered_from: w.from,
                    learned: &rules,
                    impact_scale: Some(&limit.scale),
                },
                &th,
            );
            for f in &analysis.findings {
                let (a, b) = (w.index(f.start), w.index(f.end));
                let kind = codec::kind(f.kind);
                let id = codec::anomaly_id(m.id, &groups, &s.currency, kind, f.start);
                let existing = stored.get(&id);
                if existing.is_some_and(frozen) || only.skip == Some(id.as_str()) {
                    reproduced.insert(id);
                    continue;
                }
                let touches =
                    (a..=b).any(|i| plan.target[i]) || existing.is_some_and(|r| r.ongoing);
                let allowed = existing.is_some() || plan.insert[w.index(f.detected_on)];
                if !touches || !allowed {
                    continue;
                }
                reproduced.insert(id.clone());
                let group = group_filters(&scope.group_by, &s.groups);
                let causes = self.root_cause(&Case {
                    scope: &scope,
                    group: &group,
                    currency: &s.currency,
                    metric,
                    finding: f,
                    data_from: w.from,
                })?;
                let status = match existing {
                    Some(r) => codec::parse_name("anomaly status", &r.status)?,
                    None => AnomalyStatus::Open,
                };
                let detected = thresholds::index(w, f.detected_on);
                let found = Found {
                    monitor: m,
                    series: s,
                    groups: &groups,
                    window: w,
                    models: &analysis.models,
                    finding: f,
                    causes: &causes,
                    threshold: limit.stored(detected),
                    min_impact: limit.amount_on(detected),
                    params: detector.params(),
                };
                out.found += u32::from(existing.is_none());
                let mut new = record(&found, id, status, now)?;
                let changed = existing.is_none_or(|r| reported(r) != reported(&new));
                // Re-judged because its days' lines were replaced, or its
                // monitor changed: marked only if what it reports changed.
                new.restated = (a..=b).any(|i| plan.restated[i]) && existing.is_some() && changed;
                new.rejudged = plan.rejudge && changed;
                out.anomalies.push(new);
            }
            for r in stored.values() {
                if r.groups != groups || r.currency != s.currency || r.withdrawn.is_some() {
                    continue;
                }
                if reproduced.contains(&r.id) || frozen(r) || only.skip == Some(r.id.as_str()) {
                    continue;
                }
                let (a, b) = (w.index(codec::day(&r.start)?), w.index(codec::day(&r.end)?));
                let judged_again = plan.rejudge
                    || (a..=b.min(w.days.saturating_sub(1)))
                        .any(|i| plan.restated[i] || (only.group.is_some() && plan.target[i]));
                if judged_again {
                    out.withdrawn
                        .push((r.id.clone(), withdraw_reason.to_string()));
                }
            }
        }
        if plan.rejudge {
            // Groups that no longer exist under the new scope.
            for r in stored.values() {
                if r.withdrawn.is_none()
                    && !frozen(r)
                    && !reproduced.contains(&r.id)
                    && !out.withdrawn.iter().any(|(id, _)| id == &r.id)
                {
                    out.withdrawn
                        .push((r.id.clone(), withdraw_reason.to_string()));
                }
            }
        }
        out.missing_rates = unjudged.into_iter().collect();
        Ok(out)
    }
}
