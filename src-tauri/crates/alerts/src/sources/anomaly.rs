//! Anomaly alerts. The anomaly detector (in the api) finds anomalies per
//! monitor; each monitor says from which severity and money impact it
//! alerts and on which channels ([`MonitorRoute`]). The caller lists the
//! anomalies with their monitor's route as [`AnomalyAlerts`] among the
//! sources it evaluates; each anomaly fires once (`anomaly:<id>`, the
//! detector's stable id).

use rust_decimal::Decimal;

use crate::alert::{
    Figure, FigureKey, FigureValue, Money, OpenTarget, Route, Severity, Source, Subject, View,
};
use crate::evaluate::{AlertSource, EvalContext};
use crate::{Alert, AlertError};

/// One detected anomaly, in the words and figures an alert shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnomalyFacts {
    /// Stable across detection runs.
    pub id: String,
    pub monitor: String,
    /// What spent unusually, readable ("service ECS, account 1234").
    pub scope: String,
    /// `spike`, `drop` or `new_spend`.
    pub kind: String,
    pub start: String,
    pub end: String,
    pub severity: Severity,
    pub expected: Money,
    pub actual: Money,
    pub impact: Money,
}

/// Which of a monitor's anomalies alert, and where (no channels: none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorRoute {
    pub min_severity: Severity,
    /// Smallest absolute impact that alerts, in the impact's currency.
    pub min_impact: Option<Decimal>,
    pub channels: Vec<String>,
}

impl MonitorRoute {
    fn admits(&self, a: &AnomalyFacts) -> bool {
        let impact = a.impact.amount.parse::<Decimal>().map(|d| d.abs());
        !self.channels.is_empty()
            && a.severity >= self.min_severity
            && match (self.min_impact, impact) {
                (None, _) => true,
                (Some(min), Ok(i)) => i >= min,
                (Some(_), Err(_)) => false,
            }
    }
}

pub fn anomaly_alert(a: &AnomalyFacts, channels: &[String], now: i64) -> Alert {
    let fig = |key, value| Figure { key, value };
    Alert {
        source: Source::Anomaly,
        severity: a.severity,
        dedup_key: format!("anomaly:{}", a.id),
        subject: Subject::Anomaly {
            monitor: a.monitor.clone(),
            scope: a.scope.clone(),
            change: a.kind.clone(),
            start: a.start.clone(),
            end: a.end.clone(),
            expected: a.expected.clone(),
            actual: a.actual.clone(),
            impact: a.impact.clone(),
        },
        figures: vec![
            fig(FigureKey::Monitor, FigureValue::Text(a.monitor.clone())),
            fig(FigureKey::Scope, FigureValue::Text(a.scope.clone())),
            fig(FigureKey::Period, FigureValue::Text(period(a))),
            fig(FigureKey::Expected, FigureValue::Money(a.expected.clone())),
            fig(FigureKey::Actual, FigureValue::Money(a.actual.clone())),
            fig(FigureKey::Impact, FigureValue::Money(a.impact.clone())),
            fig(FigureKey::Severity, FigureValue::Severity(a.severity)),
        ],
        open: OpenTarget {
            view: View::Anomalies,
            item: Some(a.id.clone()),
            cli: format!("cloudlens anomalies show {}", a.id),
        },
        created: now,
        route: Route::Channels(channels.to_vec()),
    }
}

fn period(a: &AnomalyFacts) -> String {
    if a.start == a.end {
        a.start.clone()
    } else {
        format!("{} – {}", a.start, a.end)
    }
}

/// Anomalies with their monitors' routes, as a source: the ones a route
/// admits alert on its channels.
pub struct AnomalyAlerts(pub Vec<(AnomalyFacts, MonitorRoute)>);

impl AlertSource for AnomalyAlerts {
    fn name(&self) -> &'static str {
        "anomaly"
    }

    fn evaluate(&self, ctx: &EvalContext) -> Result<Vec<Alert>, AlertError> {
        Ok(self
            .0
            .iter()
            .filter(|(a, route)| route.admits(a))
            .map(|(a, route)| anomaly_alert(a, &route.channels, ctx.now))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(a: &str) -> Money {
        Money {
            amount: a.into(),
            currency: "CNY".into(),
        }
    }

    fn anomaly(severity: Severity, impact: &str) -> AnomalyFacts {
        AnomalyFacts {
            id: "a1".into(),
            monitor: "All spend".into(),
            scope: "service ECS".into(),
            kind: "spike".into(),
            start: "2026-11-02".into(),
            end: "2026-11-02".into(),
            severity,
            expected: money("100.00"),
            actual: money("900.00"),
            impact: money(impact),
        }
    }

    #[test]
    fn a_monitor_alerts_from_its_severity_and_impact_on_its_channels() {
        let route = MonitorRoute {
            min_severity: Severity::Warning,
            min_impact: Some(Decimal::from(500)),
            channels: vec!["ops".into()],
        };
        let ctx = EvalContext {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default(),
            now: 1,
        };
        let source = AnomalyAlerts(vec![
            (anomaly(Severity::Critical, "800.00"), route.clone()),
            (anomaly(Severity::Info, "800.00"), route.clone()),
            (anomaly(Severity::Critical, "-400.00"), route.clone()),
        ]);
        let alerts = source.evaluate(&ctx).unwrap();
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].dedup_key, "anomaly:a1");
        assert_eq!(alerts[0].route, Route::Channels(vec!["ops".into()]));
        let en = crate::render(&alerts[0], crate::Language::En);
        assert_eq!(en.title, "CloudLens: unusual spend in service ECS");
        assert!(en.summary.contains("+800.00 CNY"), "{}", en.summary);
        let zh = crate::render(&alerts[0], crate::Language::ZhCn);
        assert!(zh.summary.contains("多出 800.00 CNY"), "{}", zh.summary);
    }
}
