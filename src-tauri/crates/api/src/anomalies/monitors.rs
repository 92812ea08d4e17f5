//! Monitors: validation, the defaults created on the first detection (per
//! provider × service, per billing account, per team virtual tag where one
//! exists), adding, editing, muting and removing.

use std::str::FromStr;

use cloudlens_store::{MonitorRecord, NewMonitor};
use rust_decimal::Decimal;

use super::codec::{self, name, parse_name, to_json};
use super::views::{MonitorInput, MonitorScope, MonitorView};
use crate::explore_convert::{check_currency, invalid, stored_rules};
use crate::{ApiError, CloudLens, DimensionFilter, ExploreMetric};

/// Default thresholds: a rise must cost at least this much more than
/// expected per day (USD, converted per currency) and be this many percent
/// above it.
pub const DEFAULT_MIN_IMPACT: &str = "100";
pub const DEFAULT_IMPACT_CURRENCY: &str = "USD";
pub const DEFAULT_MIN_PERCENT: f64 = 20.0;

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
    }
}

pub(crate) fn view(r: &MonitorRecord) -> Result<MonitorView, ApiError> {
    let m = &r.monitor;
    Ok(MonitorView {
        id: r.id,
        builtin: m.builtin,
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
        },
    })
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
    let min = Decimal::from_str(m.min_impact.trim()).map_err(|_| {
        invalid(format!(
            "min impact: expected a decimal amount such as 100, got {:?}",
            m.min_impact
        ))
    })?;
    if min.is_sign_negative() {
        return Err(invalid("min impact: expected zero or more"));
    }
    check_currency("impact currency", &m.impact_currency)?;
    if !m.min_percent.is_finite() || m.min_percent < 0.0 {
        return Err(invalid(format!(
            "min percent: expected zero or more, got {}",
            m.min_percent
        )));
    }
    Ok(NewMonitor {
        name: trimmed.to_string(),
        scope: to_json(&m.scope)?,
        metric: name(&m.metric),
        min_impact: min.normalize().to_string(),
        impact_currency: m.impact_currency.clone(),
        min_percent: m.min_percent,
        falls: m.falls,
        new_spend: m.new_spend,
        muted: m.muted,
        builtin,
    })
}

impl CloudLens {
    pub fn anomaly_monitors(&self) -> Result<Vec<MonitorView>, ApiError> {
        self.store.anomaly_monitors()?.iter().map(view).collect()
    }

    pub fn add_anomaly_monitor(&self, m: &MonitorInput, now: i64) -> Result<MonitorView, ApiError> {
        let rec = record(m, false)?;
        match self.store.add_anomaly_monitor(&rec, now)? {
            Some(r) => view(&r),
            None => Err(invalid(format!(
                "name: a monitor named {:?} exists already",
                rec.name
            ))),
        }
    }

    /// Replaces a monitor's settings (muting is one of them). Days already
    /// decided keep their verdicts; new settings apply from the next run.
    pub fn update_anomaly_monitor(
        &self,
        id: i64,
        m: &MonitorInput,
        now: i64,
    ) -> Result<MonitorView, ApiError> {
        let builtin = self
            .store
            .anomaly_monitors()?
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.monitor.builtin)
            .ok_or_else(|| invalid(format!("monitor: no monitor with id {id}")))?;
        let rec = record(m, builtin)?;
        if !self.store.update_anomaly_monitor(id, &rec, now)? {
            return Err(invalid(format!(
                "name: a monitor named {:?} exists already",
                rec.name
            )));
        }
        self.anomaly_monitors()?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| invalid(format!("monitor: no monitor with id {id}")))
    }

    /// Removes a monitor and its anomalies.
    pub fn remove_anomaly_monitor(&mut self, name: &str) -> Result<(), ApiError> {
        if self.store.remove_anomaly_monitor(name)? {
            Ok(())
        } else {
            Err(invalid(format!("monitor: no monitor named {name:?}")))
        }
    }

    /// The default monitors, created once: before the first detection run
    /// when the store has none.
    pub(crate) fn ensure_default_monitors(&self, now: i64) -> Result<(), ApiError> {
        if !self.store.anomaly_monitors()?.is_empty()
            || self.store.last_anomaly_detection()?.is_some()
        {
            return Ok(());
        }
        let mut defaults = vec![
            input(&["provider", "service"], "Services"),
            input(&["billing_account"], "Billing accounts"),
        ];
        let rules = stored_rules(&self.store, None)?;
        if let Some(team) = rules
            .virtual_tags
            .iter()
            .find(|t| t.name.to_lowercase().contains("team"))
        {
            defaults.push(input(&[&format!("vtag:{}", team.name)], "Teams"));
        }
        for m in &defaults {
            self.store.add_anomaly_monitor(&record(m, true)?, now)?;
        }
        Ok(())
    }
}
