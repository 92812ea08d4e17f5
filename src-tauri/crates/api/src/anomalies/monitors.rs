//! Monitors: validation, the defaults created on the first detection (per
//! provider × service, per billing account, per team virtual tag where one
//! exists), adding, editing, muting and removing.

use std::str::FromStr;

use cloudlens_store::{AuditAction, AuditRecord, MonitorRecord, NewMonitor};
use rust_decimal::Decimal;

use super::codec::{self, from_json, name, parse_name, to_json};
use super::views::{MonitorAlerts, MonitorInput, MonitorScope, MonitorView};
use crate::explore::convert::{check_currency, invalid, stored_rules};
use crate::{ApiError, CloudLens, DimensionFilter, ExploreMetric};

/// Default thresholds: a rise must cost at least this much more than
/// expected per day (USD, converted per currency) and be this many percent
/// above it.
pub const DEFAULT_MIN_IMPACT: &str = "100";
pub const DEFAULT_IMPACT_CURRENCY: &str = "USD";
pub const DEFAULT_MIN_PERCENT: f64 = 20.0;
/// A team's spend pools every resource its people run, so it moves by tens
/// of percent whenever a sizeable development resource comes or goes; the
/// service and account monitors already see each of those where it lands.
/// The team monitor is for shifts that change what a team costs: it
/// reports only rises of this much money and this share of the team's day.
const TEAM_MIN_IMPACT: &str = "500";
const TEAM_MIN_PERCENT: f64 = 50.0;

/// Credits and billing adjustments are accounting entries rather than
/// spend behaviour (a credit programme running out is not a runaway
/// service), so the default monitors leave them out; tax and purchases stay,
/// and their monthly recurrence is expected by the model.
fn accounting_entries() -> DimensionFilter {
    DimensionFilter {
        dimension: "charge_category".into(),
        values: vec![Some("Credit".into()), Some("Adjustment".into())],
        exclude: true,
    }
}

fn input(group_by: &[&str], name: &str) -> MonitorInput {
    MonitorInput {
        name: name.to_string(),
        scope: MonitorScope {
            group_by: group_by.iter().map(|s| s.to_string()).collect(),
            filters: vec![accounting_entries()],
        },
        metric: ExploreMetric::Effective,
        min_impact: DEFAULT_MIN_IMPACT.into(),
        impact_currency: DEFAULT_IMPACT_CURRENCY.into(),
        min_percent: DEFAULT_MIN_PERCENT,
        falls: false,
        new_spend: true,
        muted: false,
        alerts: MonitorAlerts::default(),
    }
}

pub(crate) fn view(r: &MonitorRecord) -> Result<MonitorView, ApiError> {
    let m = &r.monitor;
    Ok(MonitorView {
        id: r.id,
        builtin: m.builtin,
        rejudging: r.rejudge > 0,
        monitor: MonitorInput {
            name: m.name.clone(),
            scope: codec::scope(&m.scope)?,
            metric: parse_name("monitor metric", &m.metric)?,
            min_impact: m.min_impact.clone(),
            impact_currency: m.impact_currency.clone(),
            min_percent: m.min_percent,
            falls: m.falls,
            new_spend: m.new_spend,
            muted: m.muted,
            alerts: MonitorAlerts {
                channels: from_json("monitor alert channels", &m.alert_channels)?,
                min_severity: parse_name("monitor alert severity", &m.alert_min_severity)?,
                min_impact: m.alert_min_impact.clone(),
            },
        },
    })
}

fn amount(field: &str, text: &str) -> Result<Decimal, ApiError> {
    let v = Decimal::from_str(text.trim()).map_err(|_| {
        invalid(format!(
            "{field}: expected a decimal amount such as 100, got {text:?}"
        ))
    })?;
    if v.is_sign_negative() {
        return Err(invalid(format!("{field}: expected zero or more")));
    }
    Ok(v.normalize())
}

fn record(m: &MonitorInput, builtin: bool) -> Result<NewMonitor, ApiError> {
    let trimmed = m.name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 80 {
        return Err(invalid("name: expected 1 to 80 characters"));
    }
    if m.scope.group_by.len() > 2 {
        return Err(invalid(format!(
            "group by: expected at most two dimensions, got {}",
            m.scope.group_by.len()
        )));
    }
    for d in m
        .scope
        .group_by
        .iter()
        .chain(m.scope.filters.iter().map(|f| &f.dimension))
    {
        cloudlens_explore::Dimension::parse(d).map_err(|e| invalid(e.0))?;
    }
    if m.metric == ExploreMetric::Usage {
        return Err(invalid(
            "metric: expected billed, effective, list or contracted (a monitor watches money)",
        ));
    }
    let min = amount("min impact", &m.min_impact)?;
    check_currency("impact currency", &m.impact_currency)?;
    if !m.min_percent.is_finite() || m.min_percent < 0.0 {
        return Err(invalid(format!(
            "min percent: expected zero or more, got {}",
            m.min_percent
        )));
    }
    let mut channels: Vec<String> = Vec::new();
    for c in &m.alerts.channels {
        let c = c.trim();
        if c.is_empty() || c.chars().count() > 80 {
            return Err(invalid(
                "alert channel: expected a name of 1 to 80 characters",
            ));
        }
        if !channels.iter().any(|x| x == c) {
            channels.push(c.to_string());
        }
    }
    let alert_min_impact = match m.alerts.min_impact.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(amount("alert min impact", t)?.to_string()),
    };
    Ok(NewMonitor {
        name: trimmed.to_string(),
        scope: to_json(&m.scope)?,
        metric: name(&m.metric),
        min_impact: min.to_string(),
        impact_currency: m.impact_currency.clone(),
        min_percent: m.min_percent,
        falls: m.falls,
        new_spend: m.new_spend,
        muted: m.muted,
        builtin,
        alert_channels: to_json(&channels)?,
        alert_min_severity: name(&m.alerts.min_severity),
        alert_min_impact,
    })
}

/// Whether two settings judge days differently (name, muting and alerts
/// do not).
fn judges_differently(a: &NewMonitor, b: &NewMonitor) -> bool {
    (
        &a.scope,
        &a.metric,
        &a.min_impact,
        &a.impact_currency,
        a.falls,
        a.new_spend,
    ) != (
        &b.scope,
        &b.metric,
        &b.min_impact,
        &b.impact_currency,
        b.falls,
        b.new_spend,
    ) || a.min_percent.to_bits() != b.min_percent.to_bits()
}

impl CloudLens {
    pub fn anomaly_monitors(&self) -> Result<Vec<MonitorView>, ApiError> {
        self.reader()?
            .anomalies()
            .monitors()?
            .iter()
            .map(view)
            .collect()
    }

    pub fn add_anomaly_monitor(&self, m: &MonitorInput, now: i64) -> Result<MonitorView, ApiError> {
        let rec = record(m, false)?;
        let entry = AuditRecord::new(AuditAction::MonitorSave, &rec.name).after(summary(m)?);
        let added = self.logged(entry, |store| {
            store
                .anomalies_mut()
                .add_monitor(&rec, now)?
                .ok_or_else(|| {
                    invalid(format!(
                        "name: a monitor named {:?} exists already",
                        rec.name
                    ))
                })
        })?;
        view(&added)
    }

    /// Replaces a monitor's settings (muting is one of them). When the
    /// change alters how days are judged, all its days are judged again by
    /// the next detection (its anomalies then say so).
    pub fn update_anomaly_monitor(
        &self,
        id: i64,
        m: &MonitorInput,
        now: i64,
    ) -> Result<MonitorView, ApiError> {
        let before = self
            .reader()?
            .anomalies()
            .monitors()?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| invalid(format!("monitor: no monitor with id {id}")))?;
        let rec = record(m, before.monitor.builtin)?;
        let rejudge = judges_differently(&before.monitor, &rec);
        let before_summary = summary(&view(&before)?.monitor)?;
        let entry = AuditRecord::new(AuditAction::MonitorSave, &rec.name)
            .before(before_summary)
            .after(summary(m)?);
        self.logged(entry, |store| {
            if store
                .anomalies_mut()
                .update_monitor(id, &rec, rejudge, now)?
            {
                Ok(())
            } else {
                Err(invalid(format!(
                    "name: a monitor named {:?} exists already",
                    rec.name
                )))
            }
        })?;
        self.anomaly_monitors()?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| invalid(format!("monitor: no monitor with id {id}")))
    }

    /// Removes a monitor and its anomalies.
    pub fn remove_anomaly_monitor(&self, name: &str) -> Result<(), ApiError> {
        self.logged(
            AuditRecord::new(AuditAction::MonitorRemove, name),
            |store| {
                if store.anomalies_mut().remove_monitor(name)? {
                    Ok(())
                } else {
                    Err(invalid(format!("monitor: no monitor named {name:?}")))
                }
            },
        )
    }

    /// The default monitors, created once: before the first detection run
    /// when the store has none.
    pub(crate) fn ensure_default_monitors(&self, now: i64) -> Result<(), ApiError> {
        let reader = self.reader()?;
        if !reader.anomalies().monitors()?.is_empty()
            || reader.anomalies().last_detection()?.is_some()
        {
            return Ok(());
        }
        let mut defaults = vec![
            input(&["provider", "service"], "Services"),
            input(&["billing_account"], "Billing accounts"),
        ];
        let rules = stored_rules(reader.allocation(), None)?;
        if let Some(team) = rules
            .virtual_tags
            .iter()
            .find(|t| t.name.to_lowercase().contains("team"))
        {
            defaults.push(MonitorInput {
                min_impact: TEAM_MIN_IMPACT.into(),
                min_percent: TEAM_MIN_PERCENT,
                ..input(&[&format!("vtag:{}", team.name)], "Teams")
            });
        }
        let records: Vec<NewMonitor> = defaults
            .iter()
            .map(|m| record(m, true))
            .collect::<Result<_, _>>()?;
        let names: Vec<&str> = records.iter().map(|m| m.name.as_str()).collect();
        let entry = AuditRecord::new(AuditAction::MonitorSave, names.join(", "))
            .after("the default monitors");
        self.logged(entry, |store| {
            for m in &records {
                store.anomalies_mut().add_monitor(m, now)?;
            }
            Ok(())
        })
    }
}

/// A monitor's settings as the audit log shows them.
fn summary(m: &MonitorInput) -> Result<String, ApiError> {
    to_json(m)
}
