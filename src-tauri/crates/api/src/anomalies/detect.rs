//! A detection run: for every monitor that is not muted, the scope's daily
//! series per group (the whole history, so each day's model is the same
//! whichever days are judged), the detector's verdicts on the days the plan
//! allows, root causes of what it reports, and one transaction that stores
//! the anomalies, withdraws those a restatement undid, and records the days
//! decided and the runs seen.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use cloudlens_anomaly::{Detector, HolidayRegion, Learned, SeriesInput, Thresholds};
use cloudlens_explore::{date_of, day_number, RateTable};
use cloudlens_store::{AnomalyFilter, AnomalyRecord, DecidedRange, DetectionWrite, MonitorRecord};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::codec::{self, from_json, to_json, Groups, StoredFeedback};
use super::plan::{changed_spans, DayPlan, SeenRuns};
use super::rca::Case;
use super::records::{record, Found};
use super::series::{group_filters, GroupSeries, Window};
use super::views::{AnomalyStatus, DetectionSummary};
use crate::explore_convert::{date, invalid, metric};
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
}

/// Holidays by billing currency: spend billed in CNY follows the mainland
/// calendar, everything else the Western one.
pub(crate) fn region(currency: &str) -> HolidayRegion {
    if currency == "CNY" {
        HolidayRegion::China
    } else {
        HolidayRegion::Western
    }
}

pub(crate) fn groups_json(group_by: &[String], s: &GroupSeries) -> Result<String, ApiError> {
    let g: Groups = group_by
        .iter()
        .cloned()
        .zip(s.groups.iter().cloned())
        .collect();
    to_json(&g)
}

/// Stored anomalies a user has judged keep the verdict's picture.
fn millis(since: Instant) -> u32 {
    since.elapsed().as_millis().min(u128::from(u32::MAX)) as u32
}

fn epoch_date(day: i64) -> NaiveDate {
    date_of(i32::try_from(day).unwrap_or(0))
}

fn frozen(r: &AnomalyRecord) -> bool {
    !matches!(r.status.as_str(), "open" | "acknowledged")
}

impl CloudLens {
    /// Runs detection. Without a range: the days no monitor has decided
    /// yet and the days imports or syncs changed since the last run.
    pub fn detect_anomalies(
        &mut self,
        from: Option<&str>,
        to: Option<&str>,
        now: i64,
    ) -> Result<DetectionSummary, ApiError> {
        let started = Instant::now();
        self.ensure_default_monitors(now)?;
        let spans = self.store.run_spans()?;
        let runs = SeenRuns::of(&spans);
        let seen: Option<SeenRuns> = self
            .store
            .last_anomaly_detection()?
            .map(|l| from_json("detection run", &l.runs))
            .transpose()?;
        let mut write = DetectionWrite {
            at: now,
            record_run: true,
            generation: self.store.generation()?,
            runs: to_json(&runs)?,
            ..DetectionWrite::default()
        };
        let mut summary = DetectionSummary {
            from: None,
            to: None,
            monitors: 0,
            series: 0,
            found: 0,
            updated: 0,
            withdrawn: 0,
            millis: 0,
            load_millis: 0,
        };
        // The runs' day spans tell whether anything is due without loading
        // the lines; the judging itself uses the lines' own span.
        let first = spans.iter().map(|s| s.first_day).min();
        let last = spans.iter().map(|s| s.last_day).max();
        let (Some(first), Some(last)) = (first, last) else {
            self.store.save_detection(&write)?;
            return Ok(summary);
        };
        let span_window = Window::between(epoch_date(first), epoch_date(last));
        let explicit = match (from, to) {
            (None, None) => None,
            (a, b) => {
                let a = a
                    .map(|s| date("from", s))
                    .transpose()?
                    .unwrap_or(span_window.from);
                let b = b
                    .map(|s| date("to", s))
                    .transpose()?
                    .unwrap_or(epoch_date(last));
                if a > b {
                    return Err(invalid(format!(
                        "range: expected from on or before to, got {a} to {b}"
                    )));
                }
                Some((a, b))
            }
        };
        let changed = changed_spans(&runs, seen.as_ref());
        let mut due = Vec::new();
        for m in self.store.anomaly_monitors()? {
            if m.monitor.muted {
                continue;
            }
            let decided: Vec<(NaiveDate, NaiveDate)> = self
                .store
                .anomaly_decided(m.id)?
                .iter()
                .map(|(a, b)| Ok((codec::day(a)?, codec::day(b)?)))
                .collect::<Result<_, ApiError>>()?;
            if DayPlan::new(span_window, &decided, &changed, explicit).any() {
                due.push((m, decided));
            }
        }
        let loading = Instant::now();
        let lines_span = if due.is_empty() {
            None
        } else {
            let snapshot = self.explore_snapshot()?;
            for (m, _) in &due {
                let metric = metric(codec::parse_name("monitor metric", &m.monitor.metric)?);
                snapshot.metric(&self.store, metric)?;
            }
            summary.load_millis = millis(loading);
            snapshot.day_span()
        };
        if let Some((first, last)) = lines_span {
            let window = Window::between(date_of(first), date_of(last));
            for (m, decided) in due {
                let plan = DayPlan::new(window, &decided, &changed, explicit);
                if !plan.any() {
                    continue;
                }
                let judged = self.judge(&m, &plan, &Only::default(), "restated", now)?;
                summary.monitors += 1;
                summary.series += judged.series;
                summary.found += judged.found;
                summary.updated += judged.anomalies.len() as u32 - judged.found;
                summary.withdrawn += judged.withdrawn.len() as u32;
                for (a, b) in plan.ranges() {
                    let (a, b) = (a.to_string(), b.to_string());
                    summary.from = Some(summary.from.map_or(a.clone(), |f| f.min(a.clone())));
                    summary.to = Some(summary.to.map_or(b.clone(), |t| t.max(b.clone())));
                    write.decided.push(DecidedRange {
                        monitor_id: m.id,
                        from: a,
                        to: b,
                    });
                }
                write.anomalies.extend(judged.anomalies);
                write.withdrawn.extend(judged.withdrawn);
            }
        }
        summary.millis = millis(started);
        write.from = summary.from.clone();
        write.to = summary.to.clone();
        write.monitors = i64::from(summary.monitors);
        write.millis = i64::from(summary.millis);
        self.store.save_detection(&write)?;
        Ok(summary)
    }

    /// What feedback taught the detector, per (group JSON, currency).
    fn learned_of(
        &self,
        monitor_id: i64,
    ) -> Result<HashMap<(String, String), Vec<Learned>>, ApiError> {
        let mut out: HashMap<(String, String), Vec<Learned>> = HashMap::new();
        for f in self.store.anomaly_feedback(Some(monitor_id))? {
            let stored: StoredFeedback = from_json("feedback", &f.learned)?;
            out.entry((f.groups, f.currency))
                .or_default()
                .push(codec::learned(&stored.learned)?);
        }
        Ok(out)
    }

    /// The monitor's threshold in `currency` (converted at the latest rate;
    /// unconverted when the store has no rate for the pair).
    fn min_impact(
        rates: &RateTable,
        m: &MonitorRecord,
        currency: &str,
        day: NaiveDate,
    ) -> Result<f64, ApiError> {
        let min: Decimal = m
            .monitor
            .min_impact
            .parse()
            .map_err(|e| codec::unreadable("monitor threshold", e))?;
        let from = m.monitor.impact_currency.as_str();
        let rate = if from == currency {
            Decimal::ONE
        } else {
            rates
                .rate(day_number(day), from, currency)
                .unwrap_or(Decimal::ONE)
        };
        Ok((min * rate).to_f64().unwrap_or(0.0))
    }

    /// Judges one monitor's groups (or only `only` = (group JSON, currency))
    /// on the plan's days.
    pub(crate) fn judge(
        &mut self,
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
            .store
            .anomalies(&AnomalyFilter {
                monitor_ids: vec![m.id],
                include_withdrawn: true,
                ..AnomalyFilter::default()
            })?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let detector = Detector::default();
        let rates = self.rate_table()?;
        let mut out = Judged::default();
        let mut reproduced: HashSet<String> = HashSet::new();
        let last = w.date(w.days.saturating_sub(1));
        for s in &all {
            let groups = groups_json(&scope.group_by, s)?;
            if only
                .group
                .is_some_and(|(g, c)| g != groups || c != s.currency)
            {
                continue;
            }
            out.series += 1;
            let values = s.values();
            let mut rules = learned
                .get(&(groups.clone(), s.currency.clone()))
                .cloned()
                .unwrap_or_default();
            if only.group.is_some() {
                rules.extend(only.learned.clone());
            }
            let min_impact = Self::min_impact(&rates, m, &s.currency, last)?;
            let th = Thresholds {
                min_impact,
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
                let rejudged = (a..=b).any(|i| plan.restated[i]);
                let found = Found {
                    monitor: m,
                    series: s,
                    groups: &groups,
                    window: w,
                    models: &analysis.models,
                    finding: f,
                    causes: &causes,
                    min_impact,
                    params: detector.params(),
                };
                out.found += u32::from(existing.is_none());
                let mut new = record(&found, id, status, now)?;
                // Re-judged because its days' lines were replaced: restated
                // only if what it reports changed.
                new.restated = rejudged
                    && existing.is_some_and(|r| {
                        (&r.start, &r.end, &r.expected, &r.actual)
                            != (&new.start, &new.end, &new.expected, &new.actual)
                    });
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
                let judged_again = (a..=b.min(w.days.saturating_sub(1)))
                    .any(|i| plan.restated[i] || (only.group.is_some() && plan.target[i]));
                if judged_again {
                    out.withdrawn
                        .push((r.id.clone(), withdraw_reason.to_string()));
                }
            }
        }
        Ok(out)
    }
}
