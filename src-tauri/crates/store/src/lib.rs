//! The encrypted local store: SQLCipher through rusqlite, keyed from the OS
//! keychain or a passphrase. Its tables are grouped by area, each area with
//! its own handles and migrations beside its code:
//!
//! - `settings` ([`Settings`]): small key/value settings (`meta`);
//! - `lines` ([`Lines`]): cost lines, runs, restatements, the daily rollup,
//!   and every read of them (dashboards, explorer, export);
//! - `allocation` ([`Allocation`]): rule versions, exchange rates, saved views;
//! - `sync` ([`SyncRecords`]): connections and their secrets, sync runs,
//!   windows, page provenance, month totals, inventory, utilisation;
//! - `anomalies` ([`Anomalies`]): monitors, anomalies, their status history
//!   and feedback, decided days, detection runs.
//! - `alerts` ([`Alerts`]): alert channels and their secrets, the alerts
//!   raised, the outbox and every delivery attempt;
//! - `budgets` ([`Budgets`]): budget definitions and threshold crossings.
//! - `recommendations` ([`Recommendations`]): savings recommendations with
//!   their status and history, and the inventory facts they read.
//! - `sources` ([`Sources`]): one source of truth per scope (which of a
//!   scope's imports, API syncs and bucket syncs holds it; the others' lines
//!   set aside) and each connection's route.
//! - `reports` ([`Reports`]): saved report definitions and invoice amounts.
//! - `audit` ([`AuditLog`]): the tamper-evident log of every change, its
//!   signed head, the documents of an opened audit pack.
//!
//! A [`Store`] is a connection that may write (`store.lines_mut()`...); a
//! [`Reader`] is a read-only connection to the same file that sees the last
//! commit and never waits for a writer (WAL). Lines are written only through
//! [`LinesMut::import`], one transaction per run. No SQL leaves this crate.

/// Declares an area's handles: `$read` (reads, from a [`Store`] or a
/// [`Reader`]) and `$write` (writes, only from a [`Store`]), with their
/// accessors `$get` and `$get_mut`.
macro_rules! area_handles {
    ($(#[$doc:meta])* $read:ident, $write:ident, $get:ident, $get_mut:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $read<'a> {
            pub(crate) conn: &'a rusqlite::Connection,
            pub(crate) path: &'a std::path::Path,
        }

        $(#[$doc])*
        pub struct $write<'a> {
            pub(crate) conn: &'a mut rusqlite::Connection,
            pub(crate) path: &'a std::path::Path,
        }

        impl<'a> $read<'a> {
            /// The store file these reads come from.
            pub fn path(&self) -> &'a std::path::Path {
                self.path
            }
        }

        impl<'a> $write<'a> {
            /// `Err(AuditMode)` on a store open in audit mode: for writes
            /// that do not go through SQLite (keychain entries).
            #[allow(dead_code)]
            pub(crate) fn refuse_in_audit_mode(&self) -> Result<(), $crate::StoreError> {
                $crate::audit::refuse_in_audit(self.conn)
            }

            /// The same area's reads, through the writing connection (they
            /// see its uncommitted work).
            pub fn read(&self) -> $read<'_> {
                $read {
                    conn: self.conn,
                    path: self.path,
                }
            }
        }

        impl $crate::Store {
            pub fn $get(&self) -> $read<'_> {
                $read {
                    conn: &self.conn,
                    path: &self.path,
                }
            }

            pub fn $get_mut(&mut self) -> $write<'_> {
                $write {
                    conn: &mut self.conn,
                    path: &self.path,
                }
            }
        }

        impl $crate::Reader {
            pub fn $get(&self) -> $read<'_> {
                $read {
                    conn: &self.conn,
                    path: &self.path,
                }
            }
        }
    };
}

mod alerts;
mod allocation;
mod anomalies;
mod audit;
mod backup;
mod budgets;
mod check;
mod dsum;
mod error;
mod key;
mod keychain;
mod lines;
mod money;
mod open;
mod read;
mod recommendations;
mod reports;
mod schema;
mod settings;
mod sources;
mod sync;
#[cfg(test)]
mod tests;

pub use alerts::{
    AlertChannelRecord, AlertRecord, Alerts, AlertsMut, AttemptOutcome, AttemptRecord,
    ChannelSecret, DeliveryRecord, DueDelivery, NewAlert, NewAlertChannel,
};
pub use allocation::{Allocation, AllocationMut, RateRecord, RuleVersionRecord, SavedViewRecord};
pub use anomalies::{
    Anomalies, AnomaliesMut, AnomalyFilter, AnomalyRecord, DecidedRange, DetectionRecord,
    DetectionWrite, FeedbackRecord, MonitorRecord, NewMonitor, StatusRecord, StatusWrite,
};
pub use audit::{
    label as audit_entry_label, verify_chain, AuditAction, AuditKey, AuditLog, AuditLogMut,
    AuditPublicKey, AuditRecord, Auditor, ChainEntry, ChainProblem, ChainReport, HeadStatus,
    ProblemKind, SignedHead, GENESIS as AUDIT_GENESIS,
};
pub use backup::{upgrade_backups, BackupInfo, BackupKey, KEEP_UPGRADE_BACKUPS};
pub use budgets::{BudgetRecord, Budgets, BudgetsMut, CrossingRecord};
pub use check::{CheckReport, CheckResult};
/// The day zone type, for crates that see the model only through the store.
pub use cloudlens_model::DayZone;
pub use error::StoreError;
pub use key::{KeySource, StoreKey};
pub use keychain::Keychain;
pub use lines::{
    day_index, AggRow, BilledSums, DimsRecord, ImportOutcome, LineColumn, LineFilter, LineSink,
    Lines, LinesMut, Metric, PreparedLine, ResourceLineRecord, RollupDim, RollupRow, RunKind,
    RunRecord, RunSpan, RunSpec, RunTx, StoredTotal, SummaryRow,
};
pub use money::{from_nanos, to_nanos};
pub use open::{Store, BUSY_TIMEOUT, PAGE_SIZE};
pub use read::{PooledReader, ReadPool, Reader};
pub use recommendations::{
    CloseReason, InventoryExtra, InventoryRecord, RecEvent, RecStatus, RecommendationError,
    RecommendationRecord, Recommendations, RecommendationsMut, RefreshOutcome,
    StoredRecommendation, UtilisationRecord,
};
pub use reports::{InvoiceRecord, ReportDefinitionRecord, Reports, ReportsMut};
pub use settings::{Settings, SettingsMut};
pub use sources::{
    ConnectionRoute, Detail, Route, ScopeSourceRecord, Settlement, SourceClaim, Sources, SourcesMut,
};
pub use sync::{
    ConnectionError, ConnectionRecord, ConnectionUpdate, InventoryRow, LineSource, NewConnection,
    PageRecord, SecretHome, SyncRecords, SyncRecordsMut, SyncRunRecord, UtilSample, WindowRecord,
};
