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
    InvalidInput,
    Storage,
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
        Self { code, message: message.into() }
    }
}
