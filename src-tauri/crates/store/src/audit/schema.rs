//! The audit area's tables.

use crate::schema::{Area, Step};

/// `audit_entry` is the hash chain (see `chain.rs`); triggers refuse any
/// update or delete, so the store's own code can only append (someone with
/// the key can drop them, which is what the chain and signatures are for).
/// `audit_head` is the signed position and hash of the last entry.
/// `audit_key` holds the signing key only in passphrase mode, sealed inside
/// the encrypted file (in keychain mode it is in the OS keychain).
/// `audit_pack_document` keeps the provenance documents of an audit pack
/// opened into a temporary store.
const TABLES: &str = r#"
CREATE TABLE audit_entry (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  os_user TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  before TEXT,
  after TEXT,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  signer BLOB NOT NULL,
  signature BLOB NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash BLOB NOT NULL,
  signer BLOB NOT NULL,
  signature BLOB NOT NULL
);
CREATE TABLE audit_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  secret TEXT NOT NULL
);
CREATE TABLE audit_pack_document (
  name TEXT PRIMARY KEY,
  content BLOB NOT NULL
);
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"#;

pub(crate) const AREA: Area = Area {
    name: "audit",
    steps: &[Step::Sql(TABLES)],
};
