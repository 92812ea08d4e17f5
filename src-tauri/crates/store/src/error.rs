use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Store failures. Messages never contain key material or passphrases.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the key or passphrase does not open the store at {0}")]
    WrongKey(PathBuf),
    #[error("no OS keychain is available ({0}); use passphrase mode")]
    KeychainUnavailable(String),
    #[error("the keychain holds no key for the store at {0}; it may have been created with a passphrase")]
    NoKeyInKeychain(PathBuf),
    #[error("the backup {0} is encrypted with a passphrase of its own; give that passphrase to restore it")]
    BackupPassphraseNeeded(PathBuf),
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
    /// A migration step failed; its transaction rolled back and, when a
    /// backup was taken before the upgrade, the store was restored from it.
    #[error("upgrading the store at {} failed at step {step} of the {area} schema: {reason}{}", path.display(), restored_note(.backup))]
    MigrationFailed {
        path: PathBuf,
        area: String,
        step: usize,
        reason: String,
        backup: Option<PathBuf>,
    },
    /// Another connection kept the store locked longer than the busy
    /// timeout. The path is empty where the failing statement did not know it.
    #[error("the store{} is in use by another CloudLens process (the app, a sync or a `cloudlens` command) and stayed locked for {} s; try again when it has finished", at(.0), crate::open::BUSY_TIMEOUT.as_secs())]
    Locked(PathBuf),
    #[error("the store{} is read-only (file permissions or a read-only disk); CloudLens needs to write to it and to its folder", at(.0))]
    ReadOnly(PathBuf),
    #[error("the disk holding the store{} is full; nothing of this change was kept, the store is as it was; free some space and try again", at(.0))]
    DiskFull(PathBuf),
    /// The OS refused a write for another reason than a full disk: a file
    /// size limit (EFBIG), a quota, a failing disk.
    #[error("writing to the store{} failed (a file size limit or quota was reached, or the disk is failing); nothing of this change was kept, the store is as it was", at(.0))]
    WriteFailed(PathBuf),
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

fn at(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" at {}", path.display())
    }
}

fn restored_note(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(b) => format!(
            "; the store was restored from the backup taken before the upgrade ({}) and is as it was",
            b.display()
        ),
        None => "; nothing was changed".into(),
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Lock contention, a read-only file and a full disk get their own
    /// variants, so callers and users can tell them from a broken store.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Locked(PathBuf::new())
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(PathBuf::new()),
            // Only audit mode's authorizer denies statements.
            Some(ErrorCode::AuthorizationForStatementDenied) => StoreError::AuditMode,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(PathBuf::new()),
            Some(ErrorCode::SystemIoFailure) if is_failed_write(&e) => {
                StoreError::WriteFailed(PathBuf::new())
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// SQLite reports a write the OS refused (other than with ENOSPC, which is
/// `DiskFull`) as one of these I/O errors; the transaction is rolled back.
fn is_failed_write(e: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return false;
    };
    [
        ffi::SQLITE_IOERR_WRITE,
        ffi::SQLITE_IOERR_TRUNCATE,
        ffi::SQLITE_IOERR_FSYNC,
        ffi::SQLITE_IOERR_SHMSIZE,
    ]
    .contains(&f.extended_code)
}

impl StoreError {
    /// Names the store file in an error raised where it was not known.
    pub fn at(self, path: &Path) -> Self {
        match self {
            StoreError::Locked(p) if p.as_os_str().is_empty() => StoreError::Locked(path.into()),
            StoreError::ReadOnly(p) if p.as_os_str().is_empty() => {
                StoreError::ReadOnly(path.into())
            }
            StoreError::DiskFull(p) if p.as_os_str().is_empty() => {
                StoreError::DiskFull(path.into())
            }
            StoreError::WriteFailed(p) if p.as_os_str().is_empty() => {
                StoreError::WriteFailed(path.into())
            }
            other => other,
        }
    }

    /// An I/O error on a store file, classified like SQLite's own.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        match source.raw_os_error() {
            // ENOSPC, EDQUOT
            Some(28) | Some(122) => StoreError::DiskFull(path.into()),
            // EROFS
            Some(30) => StoreError::ReadOnly(path.into()),
            // EFBIG
            Some(27) => StoreError::WriteFailed(path.into()),
            _ if source.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::ReadOnly(path.into())
            }
            _ => StoreError::Io {
                path: path.into(),
                source,
            },
        }
    }
}
