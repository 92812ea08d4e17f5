//! Anomaly detection's tables: monitors (a scope, its metric and
//! thresholds), the anomalies found (stable ids, so a re-run updates rather
//! than duplicates), each anomaly's status history (who, when), user
//! feedback with what it taught the detector, the day ranges each monitor
//! has decided, and one row per detection run (with the import runs it
//! saw, so the next run knows which days changed). Scopes, days, root
//! causes and learned rules are JSON written and read by the caller.

mod detection;
mod monitors;
mod records;
mod schema;
mod status;

pub use detection::{DecidedRange, DetectionRecord, DetectionWrite, RunSpan, StatusWrite};
pub use monitors::{MonitorRecord, NewMonitor};
pub use records::{AnomalyFilter, AnomalyRecord};
pub use schema::MIGRATION;
pub use status::{FeedbackRecord, StatusRecord};
