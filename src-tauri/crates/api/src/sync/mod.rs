//! Provider connections and sync: shared operations (`service`), the
//! session's sync thread and schedule (`session`), and their view models.

mod commands;
mod gcp;
pub(crate) mod service;
pub(crate) mod session;
pub(crate) mod views;
