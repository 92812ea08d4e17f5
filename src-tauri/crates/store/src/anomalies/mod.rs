//! Anomaly detection's records: monitors (a scope, its metric, thresholds
//! and alert route), the anomalies found (stable ids, so a re-run updates
//! rather than duplicates), each anomaly's status history (who, when), user
//! feedback with what it taught the detector, the day ranges each monitor
//! has decided, and one row per detection run (with the import runs it
//! saw, so the next run knows which days changed). Scopes, days, root
//! causes, thresholds and learned rules are JSON written and read by the
//! caller.

mod detection;
mod monitors;
mod records;
mod schema;
mod status;

pub use detection::{DecidedRange, DetectionRecord, DetectionWrite, StatusWrite};
pub use monitors::{MonitorRecord, NewMonitor};
pub use records::{AnomalyFilter, AnomalyRecord};
pub(crate) use schema::AREA;
pub use status::{FeedbackRecord, StatusRecord};

area_handles!(
    /// Anomaly monitors, anomalies, their status history and feedback,
    /// decided days and detection runs.
    Anomalies,
    AnomaliesMut,
    anomalies,
    anomalies_mut
);
