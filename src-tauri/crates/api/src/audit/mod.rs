//! The audit log, audit mode and audit packs: listing and verifying the
//! log, the install's public key, building a signed pack of the lines in
//! scope with its reports, and verifying or opening a pack.

mod commands;
pub(crate) mod service;
pub(crate) mod views;

pub(crate) use service::digest;
