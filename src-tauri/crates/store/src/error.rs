use std::path::PathBuf;

/// Store failures. Messages never contain key material or passphrases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the key or passphrase does not open the store at {0}")]
    WrongKey(PathBuf),
    #[error("no OS keychain is available ({0}); use passphrase mode")]
    KeychainUnavailable(String),
    #[error("the keychain holds no key for the store at {0}; it may have been created with a passphrase")]
    NoKeyInKeychain(PathBuf),
    #[error("{path} is not a CloudLens store: {reason}")]
    NotAStore { path: PathBuf, reason: String },
    /// `what` names the part of the schema: `layout`, or an area.
    #[error("the store at {path} was written by a newer CloudLens ({what} schema {found}, this build knows {known})")]
    TooNew {
        path: PathBuf,
        what: String,
        found: i64,
        known: i64,
    },
    #[error("amount {value} in {column} is outside the storable range")]
    AmountOutOfRange { column: &'static str, value: String },
    #[error("line {row}: charge period end {end} is not after its start {start}")]
    BadPeriod { row: u64, start: i64, end: i64 },
    /// A read that had to see the same store state as an earlier one (a
    /// snapshot's lazily loaded column) found that a write had committed since.
    #[error("the store changed since this view of it was taken")]
    Changed,
    #[error("no import or sync run with id {0}")]
    NoSuchRun(i64),
    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the store is open read-only (audit mode, or a file that cannot be written): changes are refused")]
    AuditMode,
    #[error("audit log: {0}")]
    Audit(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// A write refused by a read-only connection is audit mode's refusal.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::AuditMode,
            _ => StoreError::Sqlite(e),
        }
    }
}
