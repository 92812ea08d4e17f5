//! Cost anomaly detection on an open store: monitors (scopes with their
//! thresholds, defaults created on the first run), detection runs over the
//! days that are due (or a range), root causes through explorer queries,
//! feedback that teaches the detector, and the views the app and the CLI
//! show. The model itself is `cloudlens-anomaly`; this module feeds it
//! exact daily sums and stores what it finds.

mod codec;
mod detect;
mod feedback;
mod links;
mod money;
mod monitors;
mod plan;
mod query;
mod rca;
mod records;
mod series;
mod views;

pub use feedback::FeedbackResult;
pub use monitors::{DEFAULT_IMPACT_CURRENCY, DEFAULT_MIN_IMPACT, DEFAULT_MIN_PERCENT};
pub use views::*;
