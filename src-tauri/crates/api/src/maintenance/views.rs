//! View models of backups, the store check and updates.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupView {
    /// The file written (a backup) or replaced (a restore).
    pub path: String,
    pub bytes: u64,
    pub lines: u64,
    pub runs: u64,
    /// True when a passphrase of its own encrypts it, false for the store's key.
    pub own_passphrase: bool,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CheckItemView {
    /// `cipher_pages`, `sqlite_integrity`, `rollup_matches_lines`,
    /// `run_lines_present`, `lines_belong_to_runs`, `sync_windows_have_runs`.
    pub name: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CheckView {
    pub ok: bool,
    pub checks: Vec<CheckItemView>,
    pub elapsed_ms: u64,
}

/// Whether the app may look for updates online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum UpdateChecks {
    /// Never answered: off, and the user is asked once.
    Unasked,
    On,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UpdateSettingsView {
    pub checks: UpdateChecks,
    /// Ask the user now (never answered, and not in audit mode).
    pub ask: bool,
    /// Where online checks look (the user's, or the release's default).
    pub endpoint: String,
    pub default_endpoint: String,
    /// The running version.
    pub version: String,
    /// False for a build without an update key, which can verify nothing.
    pub can_verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UpdateOfferView {
    pub version: String,
    pub current: String,
    pub notes: Option<String>,
    /// RFC 3339, as the release says.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UpdateInstalledView {
    pub version: String,
    /// The package manager command that installed it.
    pub command: String,
}
