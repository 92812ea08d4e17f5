//! Budgets: a scope of the explorer, a metric, a period (month, or a
//! fiscal quarter or year) and an amount in a currency, with thresholds on
//! actual spend and on the forecast at period end. Figures come from the
//! explorer's exact sums and the forecast engine; crossings raise alerts
//! (`crate::alerts`).

mod chart;
mod commands;
mod copy;
pub(crate) mod figures;
pub(crate) mod period;
pub(crate) mod service;
mod session;
pub(crate) mod spec;
pub(crate) mod views;

pub use spec::default_thresholds;
