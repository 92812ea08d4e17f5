//! Allocation rules (virtual tags, shared costs): versions and previews.

mod commands;
pub(crate) mod rules;
pub(crate) mod views;
