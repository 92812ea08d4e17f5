//! View models of the store's lifecycle, pushed to the UI on every change.

use serde::Serialize;
use specta::Type;

use crate::{ApiError, PackCheckView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreState {
    /// The store is being opened (the keychain may be asking the user).
    Opening,
    /// No keychain is available and the store needs a passphrase.
    NeedsPassphrase,
    /// The demo dataset is being generated into the empty store.
    LoadingDemo,
    /// Bill files are being imported; progress counts bytes.
    Importing,
    Ready,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StoreStatus {
    pub state: StoreState,
    /// Cost lines in the store.
    pub lines: u64,
    /// True while the store holds the generated demo dataset.
    pub demo: bool,
    pub progress: Option<Progress>,
    pub error: Option<ApiError>,
    /// Set when the store is read-only: every change is refused.
    pub audit: Option<AuditModeView>,
    /// True when the store was opened with a passphrase: cloud keys and
    /// webhook secrets are then sealed in the encrypted store, not put in
    /// the system keychain, and the UI says so where it asks for them.
    pub secrets_in_store: bool,
}

/// Why the store is in audit mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditOrigin {
    /// The app was started with `--audit`.
    Flag,
    /// The Settings switch is on.
    Setting,
    /// An audit pack is open.
    Pack,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AuditModeView {
    pub origin: AuditOrigin,
    /// The opened pack's check ("verified, signed by KEY").
    pub pack: Option<PackCheckView>,
}
