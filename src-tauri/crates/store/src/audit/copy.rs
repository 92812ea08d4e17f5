//! Filling the temporary store of an opened audit pack: the pack's log is
//! copied verbatim (so it verifies there exactly as in the pack) with its
//! documents, before the store is reopened in audit mode.

use rusqlite::params;

use super::chain::{ChainEntry, SignedHead};
use super::log::write_head;
use super::{AuditLog, AuditLogMut};
use crate::StoreError;

impl AuditLogMut<'_> {
    /// Copies a log as it is, in one transaction; only into an empty log.
    pub fn restore(
        &mut self,
        entries: &[ChainEntry],
        head: Option<&SignedHead>,
    ) -> Result<(), StoreError> {
        self.refuse_in_audit_mode()?;
        let tx = self.conn.savepoint()?;
        let existing: i64 = tx.query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))?;
        if existing > 0 {
            return Err(StoreError::Audit(
                "a log can only be restored into a store without one".into(),
            ));
        }
        {
            let mut insert = tx.prepare(
                "INSERT INTO audit_entry (seq, at, os_user, action, object, before, after, prev_hash, hash, signer, signature) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for e in entries {
                insert.execute(params![
                    e.seq as i64,
                    e.at,
                    e.os_user,
                    e.action,
                    e.object,
                    e.before,
                    e.after,
                    e.prev_hash.as_slice(),
                    e.hash.as_slice(),
                    e.signer.as_bytes().as_slice(),
                    e.signature.as_slice()
                ])?;
            }
        }
        if let Some(h) = head {
            write_head(&tx, h)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Keeps a document of an opened pack (provenance, reconciliation), by name.
    pub fn put_pack_document(&mut self, name: &str, content: &[u8]) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO audit_pack_document (name, content) VALUES (?1, ?2)",
            params![name, content],
        )?;
        Ok(())
    }
}

impl AuditLog<'_> {
    /// The documents of an opened pack, by name.
    pub fn pack_documents(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, content FROM audit_pack_document ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
