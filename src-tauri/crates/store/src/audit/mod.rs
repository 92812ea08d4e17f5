//! The tamper-evident audit log and audit mode.
//!
//! Every change to the store is meant to append one entry (time, OS user,
//! action, object, a before/after summary that never holds a secret) in the
//! same transaction as the change: [`Store::audited`] around any write on the
//! store, [`crate::RunTx::audit`] inside a sync window's transaction. Entries form a
//! SHA-256 hash chain; each entry and the chain's head are signed with the
//! install's Ed25519 key ([`AuditKey`]). [`AuditLog::verify`] names the
//! first entry that was edited, removed, inserted or reordered.
//!
//! Audit mode ([`Store::open_audit`]) opens the store on a read-only
//! SQLCipher connection: every write of every path fails in SQLite itself and
//! comes back as [`crate::StoreError::AuditMode`]; the few writes that are not
//! SQL (keychain secrets) check [`Store::refuse_in_audit_mode`] first.

mod chain;
mod copy;
mod key;
mod log;
mod mode;
mod schema;
mod verify;

pub use chain::{ChainEntry, SignedHead, GENESIS};
pub use key::{AuditKey, AuditPublicKey};
pub use verify::{label, verify_chain, ChainProblem, ChainReport, HeadStatus, ProblemKind};

pub(crate) use mode::{open_read_only, refuse_in_audit};
pub(crate) use schema::AREA;

area_handles!(
    /// The audit log: its entries, its signed head, the install's signing
    /// key (sealed mode), the documents of an opened audit pack. Entries are
    /// appended only by [`Store::audited`] and [`crate::RunTx::audit`].
    AuditLog,
    AuditLogMut,
    audit_log,
    audit_log_mut
);

/// What changed, as the write paths name it. Stored as its text, so logs
/// written by a newer build still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    ImportFile,
    ImportRemove,
    DemoLoad,
    DemoRemove,
    SyncWindow,
    ConnectionAdd,
    ConnectionRemove,
    RuleVersion,
    ExchangeRateSet,
    ExchangeRateRemove,
    ExchangeRateImport,
    SavedViewSave,
    SavedViewRemove,
    ReportSave,
    ReportRemove,
    InvoiceSet,
    InvoiceRemove,
    InvoiceImport,
    BudgetSave,
    BudgetRemove,
    MonitorSave,
    MonitorRemove,
    ChannelSave,
    ChannelRemove,
    AnomalyFeedback,
    RecommendationStatus,
    SettingSet,
    ReportExport,
    PackExport,
    BackupExport,
}

impl AuditAction {
    pub const ALL: [AuditAction; 30] = [
        AuditAction::ImportFile,
        AuditAction::ImportRemove,
        AuditAction::DemoLoad,
        AuditAction::DemoRemove,
        AuditAction::SyncWindow,
        AuditAction::ConnectionAdd,
        AuditAction::ConnectionRemove,
        AuditAction::RuleVersion,
        AuditAction::ExchangeRateSet,
        AuditAction::ExchangeRateRemove,
        AuditAction::ExchangeRateImport,
        AuditAction::SavedViewSave,
        AuditAction::SavedViewRemove,
        AuditAction::ReportSave,
        AuditAction::ReportRemove,
        AuditAction::InvoiceSet,
        AuditAction::InvoiceRemove,
        AuditAction::InvoiceImport,
        AuditAction::BudgetSave,
        AuditAction::BudgetRemove,
        AuditAction::MonitorSave,
        AuditAction::MonitorRemove,
        AuditAction::ChannelSave,
        AuditAction::ChannelRemove,
        AuditAction::AnomalyFeedback,
        AuditAction::RecommendationStatus,
        AuditAction::SettingSet,
        AuditAction::ReportExport,
        AuditAction::PackExport,
        AuditAction::BackupExport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::ImportFile => "import.file",
            AuditAction::ImportRemove => "import.remove",
            AuditAction::DemoLoad => "demo.load",
            AuditAction::DemoRemove => "demo.remove",
            AuditAction::SyncWindow => "sync.window",
            AuditAction::ConnectionAdd => "connection.add",
            AuditAction::ConnectionRemove => "connection.remove",
            AuditAction::RuleVersion => "allocation.rule_version",
            AuditAction::ExchangeRateSet => "exchange_rate.set",
            AuditAction::ExchangeRateRemove => "exchange_rate.remove",
            AuditAction::ExchangeRateImport => "exchange_rate.import",
            AuditAction::SavedViewSave => "saved_view.save",
            AuditAction::SavedViewRemove => "saved_view.remove",
            AuditAction::ReportSave => "report.save",
            AuditAction::ReportRemove => "report.remove",
            AuditAction::InvoiceSet => "invoice.set",
            AuditAction::InvoiceRemove => "invoice.remove",
            AuditAction::InvoiceImport => "invoice.import",
            AuditAction::BudgetSave => "budget.save",
            AuditAction::BudgetRemove => "budget.remove",
            AuditAction::MonitorSave => "monitor.save",
            AuditAction::MonitorRemove => "monitor.remove",
            AuditAction::ChannelSave => "channel.save",
            AuditAction::ChannelRemove => "channel.remove",
            AuditAction::AnomalyFeedback => "anomaly.feedback",
            AuditAction::RecommendationStatus => "recommendation.status",
            AuditAction::SettingSet => "setting.set",
            AuditAction::ReportExport => "report.export",
            AuditAction::PackExport => "pack.export",
            AuditAction::BackupExport => "backup.export",
        }
    }
}

/// One change as a write path describes it. `before` and `after` are short
/// summaries for people (a rate, a budget's amount, a rule set's id and
/// note, a connection's provider and key id) and never hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub action: AuditAction,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditRecord {
    pub fn new(action: AuditAction, object: impl Into<String>) -> Self {
        Self {
            action,
            object: object.into(),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, summary: impl Into<String>) -> Self {
        self.before = Some(summary.into());
        self
    }

    pub fn after(mut self, summary: impl Into<String>) -> Self {
        self.after = Some(summary.into());
        self
    }
}

/// Who writes, with what key, at what time: held by a front end for as long
/// as its store is open. The clock is passed in (the store never reads it).
pub struct Auditor {
    pub key: AuditKey,
    pub os_user: String,
    pub clock: fn() -> i64,
}

impl std::fmt::Debug for Auditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auditor")
            .field("key", &self.key)
            .field("os_user", &self.os_user)
            .finish_non_exhaustive()
    }
}
