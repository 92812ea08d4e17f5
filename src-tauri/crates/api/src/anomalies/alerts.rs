//! Anomaly alerts, as the alerts domain takes them: every open anomaly with
//! its monitor's alert route (channels, minimum severity and money impact),
//! for the alerts crate's anomaly source to admit or not. Each carries the
//! detector's stable id, so the outbox, keyed on it, raises an anomaly once
//! however often it is evaluated.

use std::collections::HashMap;

use cloudlens_alerts::sources::{AnomalyAlerts, AnomalyFacts, MonitorRoute};
use cloudlens_alerts::{Money, Severity};
use rust_decimal::Decimal;

use super::codec::{from_json, parse_name, unreadable};
use super::views::{AnomalyKind, AnomalyListQuery, AnomalySeverity, AnomalyStatus, AnomalyView};
use crate::{ApiError, CloudLens};

fn severity(s: AnomalySeverity) -> Severity {
    match s {
        AnomalySeverity::Low => Severity::Info,
        AnomalySeverity::Medium => Severity::Warning,
        AnomalySeverity::High => Severity::Critical,
    }
}

/// The scope group in words: `service = ECS, provider = Alibaba Cloud`.
fn scope(a: &AnomalyView) -> String {
    if a.groups.is_empty() {
        return a.monitor.clone();
    }
    a.groups
        .iter()
        .map(|(d, v)| format!("{d} = {}", v.as_deref().unwrap_or("(none)")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn facts(a: AnomalyView) -> AnomalyFacts {
    let money = |amount: String| Money {
        amount,
        currency: a.currency.clone(),
    };
    AnomalyFacts {
        scope: scope(&a),
        kind: match a.kind {
            AnomalyKind::Rise => "spike",
            AnomalyKind::Fall => "drop",
            AnomalyKind::New => "new_spend",
        }
        .to_string(),
        severity: severity(a.severity),
        expected: money(a.expected.clone()),
        actual: money(a.actual.clone()),
        impact: money(a.impact.clone()),
        id: a.id,
        monitor: a.monitor,
        start: a.start,
        end: a.end,
    }
}

impl CloudLens {
    /// Every open anomaly with its monitor's alert route, as an alert source.
    pub fn anomaly_alert_source(&self) -> Result<AnomalyAlerts, ApiError> {
        let mut routes: HashMap<i64, MonitorRoute> = HashMap::new();
        for m in self.reader()?.anomalies().monitors()? {
            let min_impact = match &m.monitor.alert_min_impact {
                Some(t) => Some(
                    t.parse::<Decimal>()
                        .map_err(|e| unreadable("alert minimum", e))?,
                ),
                None => None,
            };
            let min: AnomalySeverity = parse_name("alert severity", &m.monitor.alert_min_severity)?;
            routes.insert(
                m.id,
                MonitorRoute {
                    channels: from_json("monitor alert channels", &m.monitor.alert_channels)?,
                    min_severity: severity(min),
                    min_impact,
                },
            );
        }
        let open = self.anomalies(&AnomalyListQuery {
            statuses: vec![AnomalyStatus::Open],
            ..AnomalyListQuery::default()
        })?;
        Ok(AnomalyAlerts(
            open.anomalies
                .into_iter()
                .filter_map(|a| {
                    let route = routes.get(&a.monitor_id)?.clone();
                    Some((facts(a), route))
                })
                .collect(),
        ))
    }
}
