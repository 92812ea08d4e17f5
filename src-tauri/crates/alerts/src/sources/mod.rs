//! Alert sources. Data health reads the store itself. Budget thresholds
//! and anomalies are worked out by the api (which computes their figures
//! with the explorer, the forecast and the anomaly detector) and handed
//! here as facts: [`BudgetAlerts`] and [`AnomalyAlerts`] turn them into
//! alerts with their dedup keys, words and routes.

mod anomaly;
mod budget;
mod data_health;

pub use anomaly::{anomaly_alert, AnomalyAlerts, AnomalyFacts, MonitorRoute};
pub use budget::{budget_alert, BudgetAlerts, BudgetCrossing};
pub use data_health::{DataHealth, DataHealthSource};
