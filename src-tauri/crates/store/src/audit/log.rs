//! Appending to the log inside a write path's own transaction, and reading
//! it back.

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::chain::{
    entry_hash, sign_entry, sign_head, ChainEntry, EntryContent, SignedHead, GENESIS,
};
use super::key::AuditPublicKey;
use super::verify::{verify_chain, ChainReport};
use super::AuditLog;
use super::{AuditRecord, Auditor};
use crate::{RunTx, Store, StoreError};

impl Store {
    /// Runs `change` and appends the entry it describes in one transaction:
    /// both land or neither does. `change` gets the store itself and may call
    /// its write methods (each runs in a savepoint, so it joins the open
    /// transaction) and read the state before it changes it, for the record.
    /// `change` answers `None` when it turned out to change nothing (a file
    /// imported before): then no entry is written.
    pub fn audited<T, E: From<StoreError>>(
        &mut self,
        auditor: &Auditor,
        change: impl FnOnce(&mut Store) -> Result<(T, Option<AuditRecord>), E>,
    ) -> Result<(T, Option<ChainEntry>), E> {
        self.refuse_in_audit_mode()?;
        // The write lock is taken first, so the head read for the new entry
        // is the head this entry extends.
        let outer = self.conn.is_autocommit();
        let begin = if outer {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT audited"
        };
        // Lock waits, a read-only file and a failed write name the store file.
        let path = self.path().to_path_buf();
        self.conn
            .execute_batch(begin)
            .map_err(|e| StoreError::from(e).at(&path))?;
        let result = change(self).and_then(|(value, record)| {
            let entry = record
                .map(|r| append_in(&self.conn, auditor, &r).map_err(|e| e.at(&path)))
                .transpose()?;
            Ok((value, entry))
        });
        let end = match (&result, outer) {
            (Ok(_), true) => "COMMIT",
            (Ok(_), false) => "RELEASE audited",
            (Err(_), true) => "ROLLBACK",
            (Err(_), false) => "ROLLBACK TO audited; RELEASE audited",
        };
        match self.conn.execute_batch(end) {
            Ok(()) => result,
            Err(e) => {
                if outer && !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                result.and(Err(StoreError::from(e).at(&path).into()))
            }
        }
    }
}

impl AuditLog<'_> {
    /// Every entry, in stored order.
    pub fn entries(&self) -> Result<Vec<ChainEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, os_user, action, object, before, after, prev_hash, hash, signer, signature \
             FROM audit_entry ORDER BY seq",
        )?;
        let rows = stmt.query_map([], entry_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn head(&self) -> Result<Option<SignedHead>, StoreError> {
        read_head(self.conn)
    }

    /// Walks the whole log against the `trusted` keys (the install's key,
    /// and any an auditor names).
    pub fn verify(&self, trusted: &[AuditPublicKey]) -> Result<ChainReport, StoreError> {
        let entries = self.entries()?;
        let head = self.head()?;
        Ok(verify_chain(&entries, head.as_ref(), trusted))
    }
}

impl RunTx<'_> {
    /// Appends the entry recording this run (an import, a sync window, a
    /// removal or restatement it causes) inside the run's transaction.
    pub fn audit(&self, auditor: &Auditor, record: &AuditRecord) -> Result<ChainEntry, StoreError> {
        append_in(self.tx, auditor, record)
    }
}

/// Appends one entry and re-signs the head, on the caller's open
/// transaction. The entry extends the signed head when its signature holds,
/// so removing entries from the end before a write stays visible; its
/// position is past every stored row.
pub(crate) fn append_in(
    conn: &Connection,
    auditor: &Auditor,
    record: &AuditRecord,
) -> Result<ChainEntry, StoreError> {
    let last: Option<(u64, [u8; 32])> = conn
        .query_row(
            "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((lenient_seq(r.get_ref(0)?), fixed(r.get_ref(1)?))),
        )
        .optional()?;
    let head = read_head(conn)?.filter(SignedHead::signature_holds);
    let prev_hash = match (&head, &last) {
        (Some(h), _) => h.hash,
        (None, Some((_, hash))) => *hash,
        (None, None) => GENESIS,
    };
    let seq = last
        .map_or(0, |l| l.0)
        .max(head.as_ref().map_or(0, |h| h.seq))
        + 1;
    let at = (auditor.clock)();
    let content = EntryContent {
        at,
        os_user: &auditor.os_user,
        action: record.action.as_str(),
        object: &record.object,
        before: record.before.as_deref(),
        after: record.after.as_deref(),
    };
    let signer = auditor.key.public();
    let hash = entry_hash(seq, &content, &signer, &prev_hash);
    let signature = sign_entry(&auditor.key, &hash);
    conn.execute(
        "INSERT INTO audit_entry (seq, at, os_user, action, object, before, after, prev_hash, hash, signer, signature) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            seq as i64,
            at,
            content.os_user,
            content.action,
            content.object,
            content.before,
            content.after,
            prev_hash.as_slice(),
            hash.as_slice(),
            signer.as_bytes().as_slice(),
            signature.as_slice()
        ],
    )?;
    write_head(conn, &sign_head(&auditor.key, seq, &hash))?;
    Ok(ChainEntry {
        seq,
        at,
        os_user: auditor.os_user.clone(),
        action: record.action.as_str().to_string(),
        object: record.object.clone(),
        before: record.before.clone(),
        after: record.after.clone(),
        prev_hash,
        hash,
        signer,
        signature,
    })
}

fn read_head(conn: &Connection) -> Result<Option<SignedHead>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT seq, hash, signer, signature FROM audit_head WHERE id = 1",
            [],
            |r| {
                Ok(SignedHead {
                    seq: lenient_seq(r.get_ref(0)?),
                    hash: fixed(r.get_ref(1)?),
                    signer: AuditPublicKey::from_bytes(fixed(r.get_ref(2)?)),
                    signature: fixed(r.get_ref(3)?),
                })
            },
        )
        .optional()?)
}

pub(crate) fn write_head(conn: &Connection, head: &SignedHead) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO audit_head (id, seq, hash, signer, signature) VALUES (1, ?1, ?2, ?3, ?4)",
        params![
            head.seq as i64,
            head.hash.as_slice(),
            head.signer.as_bytes().as_slice(),
            head.signature.as_slice()
        ],
    )?;
    Ok(())
}

/// Rows are read leniently: a value someone rewrote with the wrong type or
/// length becomes one that fails verification, so it is reported, not fatal.
fn entry_row(r: &Row<'_>) -> rusqlite::Result<ChainEntry> {
    Ok(ChainEntry {
        seq: lenient_seq(r.get_ref(0)?),
        at: match r.get_ref(1)? {
            ValueRef::Integer(v) => v,
            _ => i64::MIN,
        },
        os_user: text(r.get_ref(2)?),
        action: text(r.get_ref(3)?),
        object: text(r.get_ref(4)?),
        before: opt_text(r.get_ref(5)?),
        after: opt_text(r.get_ref(6)?),
        prev_hash: fixed(r.get_ref(7)?),
        hash: fixed(r.get_ref(8)?),
        signer: AuditPublicKey::from_bytes(fixed(r.get_ref(9)?)),
        signature: fixed(r.get_ref(10)?),
    })
}

fn lenient_seq(v: ValueRef<'_>) -> u64 {
    match v {
        ValueRef::Integer(n) => n.max(0) as u64,
        _ => 0,
    }
}

fn text(v: ValueRef<'_>) -> String {
    opt_text(v).unwrap_or_default()
}

fn opt_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
    }
}

fn fixed<const N: usize>(v: ValueRef<'_>) -> [u8; N] {
    match v {
        ValueRef::Blob(b) if b.len() == N => {
            let mut out = [0u8; N];
            out.copy_from_slice(b);
            out
        }
        _ => [0u8; N],
    }
}
