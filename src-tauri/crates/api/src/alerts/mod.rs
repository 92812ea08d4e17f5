//! Alerts: channels, the history, background settings, and evaluation of
//! every source (data health, budget thresholds; anomalies plug in as one
//! more `AlertSource` built from the detector's findings) followed by
//! delivery through the outbox of `cloudlens-alerts`.

mod budget_source;
mod commands;
pub(crate) mod service;
pub(crate) mod session;
pub(crate) mod views;
