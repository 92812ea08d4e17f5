//! Bill files in (inspection, import, history, removal) and FOCUS out.

mod commands;
pub(crate) mod export;
pub(crate) mod service;
pub(crate) mod views;
