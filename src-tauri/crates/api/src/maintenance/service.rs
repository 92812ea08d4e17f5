//! Backups, restores and the check, on the open store.

use std::path::Path;
use std::time::Instant;

use cloudlens_store::{
    AuditAction, AuditRecord, BackupInfo, BackupKey, CheckReport, KeySource, Store,
};
use zeroize::Zeroizing;

use crate::{ApiError, BackupView, CheckItemView, CheckView, CloudLens, ErrorCode};

fn view(info: BackupInfo, own_passphrase: bool, started: Instant) -> BackupView {
    BackupView {
        path: info.path.display().to_string(),
        bytes: info.bytes,
        lines: info.lines,
        runs: info.runs,
        own_passphrase,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

fn given(passphrase: Option<&str>) -> Result<Option<&str>, ApiError> {
    match passphrase {
        Some("") => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "the backup passphrase is empty",
        )),
        other => Ok(other),
    }
}

impl CloudLens {
    /// See the `backup_store` command.
    pub fn backup(&self, out: &Path, passphrase: Option<&str>) -> Result<BackupView, ApiError> {
        let started = Instant::now();
        let key = match given(passphrase)? {
            Some(p) => BackupKey::Passphrase(Zeroizing::new(p.to_string())),
            None => BackupKey::StoreKey,
        };
        let info = self.read_pool().backup_to(out, &key)?;
        let sealed = if passphrase.is_some() {
            "its own passphrase"
        } else {
            "the store's key"
        };
        self.record(
            AuditRecord::new(AuditAction::BackupExport, out.display().to_string()).after(format!(
                "{} lines, {} runs, {} bytes, encrypted with {sealed}",
                info.lines, info.runs, info.bytes
            )),
        )?;
        Ok(view(info, passphrase.is_some(), started))
    }

    /// See the `check_store` command.
    pub fn check(&self) -> Result<CheckView, ApiError> {
        let started = Instant::now();
        let report: CheckReport = self.reader()?.check()?;
        Ok(CheckView {
            ok: report.ok(),
            checks: report
                .results
                .into_iter()
                .map(|r| CheckItemView {
                    name: r.name.to_string(),
                    problems: r.problems,
                })
                .collect(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// Closes the store and replaces it with `backup`; the store keeps its
    /// key (`key` opens it). The caller reopens it.
    pub fn restore(
        self,
        key: &KeySource,
        backup: &Path,
        passphrase: Option<&str>,
    ) -> Result<BackupView, ApiError> {
        self.refuse_in_audit_mode()?;
        let started = Instant::now();
        let store = self.into_store();
        let info = store.restore_over(key, backup, given(passphrase)?)?;
        Ok(view(info, passphrase.is_some(), started))
    }
}

/// Restores `backup` over the (closed) store at `db`; for the CLI.
pub fn restore_file(
    db: &Path,
    key: &KeySource,
    backup: &Path,
    passphrase: Option<&str>,
) -> Result<BackupView, ApiError> {
    let started = Instant::now();
    let info = Store::restore(db, key, backup, given(passphrase)?)?;
    Ok(view(info, passphrase.is_some(), started))
}
