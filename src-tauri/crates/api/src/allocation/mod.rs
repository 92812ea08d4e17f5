//! Allocation rules (virtual tags, shared costs): versions and previews.

mod commands;
mod coverage;
pub(crate) mod demo_rules;
pub(crate) mod rules;
pub(crate) mod views;
