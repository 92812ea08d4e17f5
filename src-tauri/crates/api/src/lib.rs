//! The one API that the Tauri shell and the `cloudlens` CLI both call. It
//! turns store results into view models and owns long-running work; it
//! knows nothing of Tauri.

mod audit_service;
mod audit_views;
mod demo;
mod error;
mod explore_chart;
mod explore_convert;
mod explore_detail;
mod explore_link;
mod explore_rates;
mod explore_rules;
mod explore_run;
mod explore_table;
mod explore_views;
mod export;
mod import_views;
mod imports;
mod locale;
mod overview;
mod percent;
mod service;
mod session;
mod session_explore;
mod session_sync;
mod summary;
mod sync_service;
mod sync_views;
mod views;

pub use audit_service::{
    audit_key_home, is_audit_pack, is_encrypted_audit_pack, open_audit_pack, verify_audit_pack,
    AuditActor, OpenedAuditPack,
};
pub use audit_views::*;
pub use cloudlens_audit::PackFiles;
pub use cloudlens_demo::DemoOptions;
pub use cloudlens_store::SecretHome;
pub use cloudlens_store::{KeySource, Keychain};
pub use cloudlens_sync::{Progress as SyncProgress, SyncOptions};
pub use error::{ApiError, ErrorCode};
pub use explore_run::exact_amount;
/// `cloudlens://explore?...` links of view states, without a session.
pub mod view_link {
    pub use crate::explore_link::{link, parse};
}
pub use explore_views::*;
pub use export::{ExportFilter, ExportResult};
pub use import_views::*;
pub use imports::{format_choices, inspect_file};
pub use locale::Locale;
pub use service::CloudLens;
pub use session::{Session, SessionConfig};
pub use summary::{SummaryRowView, SummaryView};
pub use sync_service::{run_sync, secret_home, test_target};
pub use sync_views::*;
pub use views::*;
