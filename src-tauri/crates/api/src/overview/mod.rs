//! The Overview (month to date, last month, providers, daily cost, top
//! services and accounts, per billing currency) and the CLI's summary.

mod band;
pub(crate) mod charges;
mod commands;
mod convert;
mod day_zone;
mod service;
pub(crate) mod summary;
pub(crate) mod views;
