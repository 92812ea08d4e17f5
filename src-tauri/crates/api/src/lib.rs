//! The one API that the Tauri shell and the `cloudlens` CLI both call. It
//! turns store results into view models and owns long-running work; it
//! knows nothing of Tauri. Modules are grouped by domain: each holds its
//! operations on `CloudLens`, its view models and what `Session` serves.

mod alerts;
mod allocation;
mod anomalies;
mod audit;
mod budgets;
mod chart_views;
mod cloudlens;
mod commands;
mod currency;
mod error;
mod explore;
mod forecast;
mod imports;
mod locale;
mod maintenance;
mod overview;
mod percent;
mod recommendations;
mod reports;
mod session;
mod sources;
mod spreadsheet;
mod sync;

pub use audit::service::{
    is_audit_pack, is_encrypted_audit_pack, open_audit_pack, verify_audit_pack, OpenedAuditPack,
};
pub use audit::views::*;
pub use cloudlens_alerts::{Notifier as DesktopNotifier, Severity as AlertSeverity};
pub use cloudlens_audit::PackFiles;
pub use cloudlens_demo::DemoOptions;
pub use cloudlens_explore::{CHARGE_TYPE, CHARGE_TYPES};
pub use cloudlens_store::Auditor;
pub use cloudlens_store::SecretHome;
pub use cloudlens_store::{KeySource, Keychain};
pub use cloudlens_sync::{Progress as SyncProgress, SyncOptions};
pub use error::{ApiError, ErrorCode};
/// Nano-units as an exact decimal string.
pub fn exact_amount(nanos: i128) -> String {
    explore::run::amount(nanos)
}
/// `cloudlens://explore?...` links of view states, without a session.
pub mod view_link {
    pub use crate::explore::link::{link, parse};
}
pub use alerts::tray::{close_action, tray_labels, CloseAction, TrayHost, TrayLabels};
pub use alerts::views::*;
pub use allocation::views::*;
pub use anomalies::views::*;
pub use anomalies::{
    FeedbackResult, DEFAULT_IMPACT_CURRENCY, DEFAULT_MIN_IMPACT, DEFAULT_MIN_PERCENT,
};
pub use budgets::default_thresholds;
pub use budgets::views::*;
pub use chart_views::{ChartKind, ChartView, PlotArea, SeriesView};
pub use cloudlens::{audit_mode_error, Actor, CloudLens};
pub use cloudlens_update::PACKAGE_NAME;
pub use currency::views::*;
pub use explore::views::*;
pub use forecast::views::*;
pub use forecast::{default_horizon, ForecastHistory, HistorySeries};
pub use imports::export::{ExportFilter, ExportResult};
pub use imports::service::{format_choices, inspect_file};
pub use imports::views::*;
pub use locale::{provider_label, Locale};
pub use maintenance::views::*;
pub use maintenance::{
    check_endpoint, install_downloaded, restore_file, update_from_file, verify_update_file,
    UpdateConfig, VerifiedUpdate,
};
pub use overview::charges::OverviewCharges;
pub use overview::summary::{SummaryRowView, SummaryView};
pub use overview::views::*;
pub use recommendations::views::*;
pub use recommendations::RecommendationBench;
pub use reports::*;
pub use session::views::*;
pub use session::{Session, SessionConfig};
pub use sources::views::*;
pub use sync::service::{run_sync, secret_home, test_target, ConnectionTarget};
pub use sync::views::*;
