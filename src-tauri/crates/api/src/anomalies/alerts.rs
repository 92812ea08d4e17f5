//! Anomaly alerts, as the alerts domain takes them: the open anomalies
//! whose monitor routes them to channels and whose severity and impact pass
//! the monitor's alert minimums. Each carries the detector's stable id, so
//! an alert outbox keyed on it raises each anomaly once however often it is
//! evaluated.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::codec::{from_json, parse_name};
use super::views::{AnomalyListQuery, AnomalySeverity, AnomalyStatus, AnomalyView};
use crate::{ApiError, CloudLens};

/// One anomaly to alert on, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyAlert {
    pub anomaly: AnomalyView,
    /// The scope group in words: `service = ECS, provider = Alibaba Cloud`.
    pub scope: String,
    pub channels: Vec<String>,
}

struct Route {
    channels: Vec<String>,
    min_severity: AnomalySeverity,
    min_impact: Option<Decimal>,
}

impl Route {
    fn admits(&self, a: &AnomalyView) -> bool {
        let impact = a.impact.parse::<Decimal>().map(|d| d.abs());
        !self.channels.is_empty()
            && a.severity >= self.min_severity
            && match (self.min_impact, impact) {
                (None, _) => true,
                (Some(min), Ok(i)) => i >= min,
                (Some(_), Err(_)) => false,
            }
    }
}

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

impl CloudLens {
    /// The open anomalies their monitors' alert routes admit.
    pub fn anomaly_alerts(&self) -> Result<Vec<AnomalyAlert>, ApiError> {
        let mut routes: HashMap<i64, Route> = HashMap::new();
        for m in self.reader()?.anomalies().monitors()? {
            let min_impact = match &m.monitor.alert_min_impact {
                Some(t) => Some(
                    t.parse::<Decimal>()
                        .map_err(|e| super::codec::unreadable("alert minimum", e))?,
                ),
                None => None,
            };
            routes.insert(
                m.id,
                Route {
                    channels: from_json("monitor alert channels", &m.monitor.alert_channels)?,
                    min_severity: parse_name("alert severity", &m.monitor.alert_min_severity)?,
                    min_impact,
                },
            );
        }
        let open = self.anomalies(&AnomalyListQuery {
            statuses: vec![AnomalyStatus::Open],
            ..AnomalyListQuery::default()
        })?;
        Ok(open
            .anomalies
            .into_iter()
            .filter_map(|a| {
                let route = routes.get(&a.monitor_id)?;
                route.admits(&a).then(|| AnomalyAlert {
                    scope: scope(&a),
                    channels: route.channels.clone(),
                    anomaly: a,
                })
            })
            .collect())
    }
}
