//! Cost anomaly detection on an open store: monitors (scopes with their
//! thresholds, defaults created on the first run), detection runs over the
//! days that are due (or a range), root causes through explorer queries,
//! feedback that teaches the detector, the views the app and the CLI show,
//! and the session's background detection after imports and syncs. The
//! model itself is `cloudlens-anomaly`; this module feeds it exact daily
//! sums and stores what it finds.

pub(crate) mod alerts;
mod codec;
mod commands;
mod detect;
mod feedback;
mod judge;
mod links;
mod money;
mod monitors;
mod plan;
mod query;
mod rca;
mod records;
mod series;
pub(crate) mod session;
mod thresholds;
pub(crate) mod views;

pub use feedback::FeedbackResult;
pub use monitors::{DEFAULT_IMPACT_CURRENCY, DEFAULT_MIN_IMPACT, DEFAULT_MIN_PERCENT};
