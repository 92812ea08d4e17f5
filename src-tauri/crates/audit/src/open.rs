//! Opening a pack in audit mode: verify it (extracting members into a
//! private temporary folder in the same pass), import its Parquet lines and
//! its rules, rates, log and documents into a temporary encrypted store with
//! a key that lives only in memory, then reopen that store read-only.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use cloudlens_ingest::{import_path, FormatId, ImportOptions, Mode, Outcome};
use cloudlens_store::{AuditPublicKey, RateRecord, Store, StoreKey};
use serde_json::Value;

use crate::container::Keep;
use crate::documents::LogDocument;
use crate::documents::{AUDIT_LOG, LINES, RATES, RULES};
use crate::verify::{check, PackReport};
use crate::PackError;

/// A verified pack, open read-only. The temporary folder (store and
/// extracted members) is removed when its [`PackFiles`] is dropped, after
/// the store (fields drop in order).
pub struct OpenedPack {
    pub store: Store,
    pub report: PackReport,
    pub files: PackFiles,
}

impl std::fmt::Debug for OpenedPack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedPack")
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}

/// The members of an opened pack, extracted into its temporary folder.
pub struct PackFiles {
    members: Vec<(String, PathBuf)>,
    _dir: tempfile::TempDir,
}

impl PackFiles {
    /// Where an extracted member (an attached report, a document) is.
    pub fn member_file(&self, name: &str) -> Option<&Path> {
        self.members
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_path())
    }
}

fn bad(member: &str, what: impl std::fmt::Display) -> PackError {
    PackError::Import(format!("{member}: {what}"))
}

/// Verifies the pack and opens it. A pack that does not verify is not
/// opened: the error says what failed.
pub fn open_pack(
    path: &Path,
    expected_key: Option<&AuditPublicKey>,
    passphrase: Option<&str>,
    clock: fn() -> i64,
) -> Result<OpenedPack, PackError> {
    let dir = tempfile::Builder::new()
        .prefix("cloudlens-pack-")
        .tempdir()
        .map_err(crate::error::io_at(&std::env::temp_dir()))?;
    let files = dir.path().join("members");
    std::fs::create_dir(&files).map_err(crate::error::io_at(&files))?;
    // Extracted under their index, so no member name becomes a path.
    let (report, members) = check(path, expected_key, passphrase, |_, i| {
        Keep::File(files.join(format!("{i}")))
    })?;
    if let Some(p) = &report.problem {
        return Err(PackError::NotVerified(p.message.clone()));
    }
    let content = |name: &str| -> Result<Vec<u8>, PackError> {
        let m = members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| bad(name, "missing"))?;
        match (&m.content, &m.file) {
            (Some(c), _) => Ok(c.clone()),
            (None, Some(f)) => std::fs::read(f).map_err(crate::error::io_at(f)),
            (None, None) => Err(bad(name, "not extracted")),
        }
    };
    let db = dir.path().join("pack.db");
    let key = StoreKey::random(StoreKey::new_salt());
    let mut store = Store::open_with_key(&db, &key)?;
    if report.manifest.as_ref().is_some_and(|m| m.lines > 0) {
        let parquet = members
            .iter()
            .find(|m| m.name == LINES)
            .and_then(|m| m.file.clone())
            .ok_or_else(|| bad(LINES, "missing"))?;
        let opts = ImportOptions {
            format: Some(FormatId::Focus),
            mode: Mode::Strict,
            clock,
        };
        let imported = import_path(
            &mut store,
            &parquet,
            &opts,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .map_err(|e| bad(LINES, e))?;
        if imported.outcome != Outcome::Imported || !imported.reconciles() {
            let first = imported.problems.first().map(|p| p.to_string());
            return Err(bad(
                LINES,
                first.unwrap_or_else(|| "the lines did not reconcile".into()),
            ));
        }
    }
    restore_documents(&mut store, &content)?;
    for m in members.iter().filter(|m| is_document(&m.name)) {
        store
            .audit_log_mut()
            .put_pack_document(&m.name, &content(&m.name)?)?;
    }
    drop(store);
    let store = Store::open_audit_with_key(&db, &key)?;
    let extracted = members
        .iter()
        .filter_map(|m| m.file.clone().map(|f| (m.name.clone(), f)))
        .collect();
    Ok(OpenedPack {
        store,
        report,
        files: PackFiles {
            members: extracted,
            _dir: dir,
        },
    })
}

/// The text members kept in the store for the views (provenance, totals,
/// reconciliation, the manifest); Parquet and reports stay files.
fn is_document(name: &str) -> bool {
    [".json", ".sig", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Rules, rates and the log into the (still writable) temporary store.
fn restore_documents(
    store: &mut Store,
    content: &impl Fn(&str) -> Result<Vec<u8>, PackError>,
) -> Result<(), PackError> {
    let parse = |name: &str| -> Result<Value, PackError> {
        serde_json::from_slice(&content(name)?).map_err(|e| bad(name, e))
    };
    let text = |v: &Value, field: &str, name: &str| -> Result<String, PackError> {
        match &v[field] {
            Value::String(s) => Ok(s.clone()),
            Value::Null => Err(bad(name, format!("{field} is missing"))),
            other => Ok(other.to_string()),
        }
    };
    for v in parse(RULES)?.as_array().into_iter().flatten() {
        let at = v["saved_at"]
            .as_i64()
            .ok_or_else(|| bad(RULES, "saved_at is not a time"))?;
        store.allocation_mut().save_rule_version(
            &text(v, "rules", RULES)?,
            &text(v, "note", RULES)?,
            at,
        )?;
    }
    for old in store.allocation().exchange_rates()? {
        store
            .allocation_mut()
            .remove_exchange_rate(&old.date, &old.from, &old.to)?;
    }
    let rates = parse(RATES)?
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            Ok(RateRecord {
                date: text(v, "date", RATES)?,
                from: text(v, "from", RATES)?,
                to: text(v, "to", RATES)?,
                rate: text(v, "rate", RATES)?,
            })
        })
        .collect::<Result<Vec<_>, PackError>>()?;
    store.allocation_mut().put_exchange_rates(&rates)?;
    let log: LogDocument =
        serde_json::from_slice(&content(AUDIT_LOG)?).map_err(|e| bad(AUDIT_LOG, e))?;
    store
        .audit_log_mut()
        .restore(&log.entries, log.head.as_ref())?;
    Ok(())
}
