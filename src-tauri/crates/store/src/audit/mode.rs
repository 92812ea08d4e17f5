//! Audit mode: the store opened on a read-only SQLCipher connection. SQLite
//! itself refuses every write of every path (`SQLITE_READONLY`, reported as
//! [`StoreError::AuditMode`]), so a write path cannot forget the rule;
//! `query_only` refuses them again at the statement level. Writes outside
//! SQLite (keychain secrets, a new signing key) ask
//! [`Store::refuse_in_audit_mode`] first.

use std::path::Path;

use crate::open::{existing_key, read_salt, Access};
use crate::{KeySource, Store, StoreError, StoreKey};

pub(crate) const AUDIT_PRAGMAS: &str = "PRAGMA query_only = ON;";

/// `Err(AuditMode)` when `conn` is read-only: for writes that do not go
/// through SQLite.
pub(crate) fn refuse_read_only(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        Err(StoreError::AuditMode)
    } else {
        Ok(())
    }
}

impl Store {
    /// Opens an existing store read-only. Never creates a store or a key,
    /// never migrates.
    pub fn open_audit(path: &Path, source: &KeySource) -> Result<Store, StoreError> {
        let salt = read_salt(path)?.ok_or_else(|| StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: "there is no store at this path".into(),
        })?;
        let key = existing_key(path, salt, source)?;
        Self::open_keyed(path, key, Access::Audit)
    }

    pub fn open_audit_with_key(path: &Path, key: &StoreKey) -> Result<Store, StoreError> {
        Self::open_keyed(path, key.copy(), Access::Audit)
    }

    pub fn is_audit_mode(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// `Err(AuditMode)` in audit mode: for writes that do not go through SQLite.
    pub fn refuse_in_audit_mode(&self) -> Result<(), StoreError> {
        refuse_read_only(&self.conn)
    }
}
