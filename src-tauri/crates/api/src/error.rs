//! The one error shape that crosses to the UI and the CLI: a stable code the UI
//! may branch on, and a message for people. Secrets never appear in either.

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The key or passphrase does not open this store.
    WrongKey,
    /// No OS keychain answered; the store needs passphrase mode.
    KeychainUnavailable,
    /// The store is busy with a long operation (e.g. loading the demo).
    Busy,
    /// The store is not open yet.
    NotReady,
    /// The store is open read-only in audit mode: changes are refused.
    AuditMode,
    InvalidInput,
    /// The store file or its folder cannot be written.
    ReadOnly,
    /// The disk holding the store is full; the change was not kept.
    DiskFull,
    Storage,
    /// An update package or signature was refused (tampered, another key,
    /// older, not CloudLens...).
    UpdateRefused,
    /// A verified update needs administrator rights to install; the message
    /// gives the command.
    NeedsPrivileges,
    /// A verified update could not be installed (the package manager failed).
    UpdateNotInstalled,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<cloudlens_store::StoreError> for ApiError {
    fn from(e: cloudlens_store::StoreError) -> Self {
        use cloudlens_store::StoreError as S;
        let code = match &e {
            S::WrongKey(_) | S::NoKeyInKeychain(_) | S::BackupPassphraseNeeded(_) => {
                ErrorCode::WrongKey
            }
            S::KeychainUnavailable(_) => ErrorCode::KeychainUnavailable,
            S::AmountOutOfRange { .. } | S::BadPeriod { .. } | S::NoSuchRun(_) => {
                ErrorCode::InvalidInput
            }
            S::AuditMode => ErrorCode::AuditMode,
            S::NotAStore { .. }
            | S::TooNew { .. }
            | S::MigrationFailed { .. }
            | S::Io { .. }
            | S::Sqlite(_)
            | S::Audit(_) => ErrorCode::Storage,
            S::ReadOnly(_) => ErrorCode::ReadOnly,
            S::DiskFull(_) => ErrorCode::DiskFull,
            S::WriteFailed(_) => ErrorCode::Storage,
            S::Changed | S::Locked(_) => ErrorCode::Busy,
        };
        ApiError::new(code, e.to_string())
    }
}
