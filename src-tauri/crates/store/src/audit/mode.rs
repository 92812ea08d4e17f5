//! Audit mode: the store opened on a read-only SQLCipher connection whose
//! authorizer denies every statement that would change the store
//! (`SQLITE_AUTH`, reported as [`StoreError::AuditMode`]), so a write path
//! cannot forget the rule; the read-only open and `query_only` refuse them
//! again underneath. Writes outside
//! SQLite (keychain secrets, a new signing key) ask
//! [`Store::refuse_in_audit_mode`] first.

use std::path::Path;

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::OpenFlags;

use crate::open::{connect, existing_key, read_salt, Access};
use crate::{schema, KeySource, Store, StoreError, StoreKey};

/// Opens an existing store read-only, as it is (never migrated).
pub(crate) fn open_read_only(path: &Path, key: StoreKey) -> Result<Store, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = connect(path, &key, flags).map_err(|e| e.at(path))?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    schema::require_current(&conn, path)?;
    conn.authorizer(Some(refuse_changes));
    Ok(Store {
        conn,
        path: path.to_path_buf(),
        key,
    })
}

/// Denies what changes the main database; the temporary schema a read may
/// use stays open.
fn refuse_changes(ctx: AuthContext<'_>) -> Authorization {
    use AuthAction as A;
    if ctx.database_name == Some("temp") {
        return Authorization::Allow;
    }
    match ctx.action {
        A::Insert { .. }
        | A::Update { .. }
        | A::Delete { .. }
        | A::CreateIndex { .. }
        | A::CreateTable { .. }
        | A::CreateTrigger { .. }
        | A::CreateView { .. }
        | A::CreateVtable { .. }
        | A::DropIndex { .. }
        | A::DropTable { .. }
        | A::DropTrigger { .. }
        | A::DropView { .. }
        | A::DropVtable { .. }
        | A::AlterTable { .. }
        | A::Reindex { .. }
        | A::Analyze { .. }
        | A::Attach { .. }
        | A::Detach { .. } => Authorization::Deny,
        _ => Authorization::Allow,
    }
}

/// `Err(AuditMode)` when `conn` is read-only: for writes that do not go
/// through SQLite.
pub(crate) fn refuse_in_audit(conn: &rusqlite::Connection) -> Result<(), StoreError> {
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
        refuse_in_audit(&self.conn)
    }
}
