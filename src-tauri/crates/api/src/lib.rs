//! The one API that the Tauri shell and the `cloudlens` CLI both call. It
//! turns store results into view models and owns long-running work; it
//! knows nothing of Tauri. Modules are grouped by domain: each holds its
//! operations on `CloudLens`, its view models and what `Session` serves.

mod allocation;
mod audit;
mod chart_views;
mod cloudlens;
mod commands;
mod currency;
mod error;
mod explore;
mod imports;
mod locale;
mod overview;
mod percent;
mod session;
mod sync;

pub use audit::service::{
    is_audit_pack, is_encrypted_audit_pack, open_audit_pack, verify_audit_pack, OpenedAuditPack,
};
pub use audit::views::*;
pub use cloudlens_audit::PackFiles;
pub use cloudlens_demo::DemoOptions;
pub use cloudlens_store::Auditor;
pub use cloudlens_store::SecretHome;
pub use cloudlens_store::{KeySource, Keychain};
pub use cloudlens_sync::{Progress as SyncProgress, SyncOptions};
pub use error::{ApiError, ErrorCode};
/// `cloudlens://explore?...` links of view states, without a session.
pub mod view_link {
    pub use crate::explore::link::{link, parse};
}
pub use allocation::views::*;
pub use chart_views::{ChartKind, ChartView, PlotArea, SeriesView};
pub use cloudlens::{Actor, CloudLens};
pub use currency::views::*;
pub use explore::views::*;
pub use imports::export::{ExportFilter, ExportResult};
pub use imports::service::{format_choices, inspect_file};
pub use imports::views::*;
pub use locale::Locale;
pub use overview::summary::{SummaryRowView, SummaryView};
pub use overview::views::*;
pub use session::views::*;
pub use session::{Session, SessionConfig};
pub use sync::service::{run_sync, secret_home, test_target};
pub use sync::views::*;
