//! The cost explorer: queries over the in-memory snapshot turned into view
//! models, comparisons, resource detail, table export, view links and saved
//! views.

mod automation;
pub(crate) mod chart;
mod commands;
pub(crate) mod convert;
mod detail;
pub(crate) mod link;
pub(crate) mod run;
mod saved;
pub(crate) mod snapshots;
mod table;
pub(crate) mod views;
