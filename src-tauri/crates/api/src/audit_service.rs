//! Audit mode, the audit log and audit packs, for both front ends. The OS
//! user and the clock are passed in; secrets (passphrases) never enter a view.

use std::path::Path;

use cloudlens_audit::{
    build_pack, open_pack, verify_pack, Attachment, OpenedPack, PackError, PackFiles, PackRequest,
    PackScope,
};
use cloudlens_store::{
    AuditAction, AuditPublicKey, AuditRecord, Auditor, KeySource, SecretHome, Store, StoreError,
};
use zeroize::Zeroizing;

use crate::audit_views::*;
use crate::{ApiError, CloudLens, ErrorCode};

impl From<PackError> for ApiError {
    fn from(e: PackError) -> Self {
        let code = match e {
            PackError::Store(s) => return ApiError::from(s),
            PackError::InvalidInput(_) | PackError::NotVerified(_) => ErrorCode::InvalidInput,
            PackError::StoreChanged => ErrorCode::Busy,
            PackError::Export(_) | PackError::Io { .. } | PackError::Import(_) => {
                ErrorCode::Storage
            }
        };
        ApiError::new(code, e.to_string())
    }
}

fn parse_key(text: &str) -> Result<AuditPublicKey, ApiError> {
    text.parse()
        .map_err(|m: String| ApiError::new(ErrorCode::InvalidInput, format!("--key: {m}")))
}

impl CloudLens {
    /// Opens an existing store read-only: every change is refused with
    /// `audit_mode`, every view and export works.
    pub fn open_audit(path: &Path, key: &KeySource) -> Result<Self, ApiError> {
        Ok(Self::over(Store::open_audit(path, key)?))
    }

    fn over(store: Store) -> Self {
        Self {
            store,
            snapshot: None,
        }
    }

    pub fn is_audit_mode(&self) -> bool {
        self.store.is_audit_mode()
    }

    /// Every entry, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntryView>, ApiError> {
        Ok(self.store.audit_entries()?.iter().map(entry_view).collect())
    }

    /// The install's public key, made on first use (never in audit mode).
    pub fn audit_public_key(&self, home: &SecretHome) -> Result<String, ApiError> {
        let key = if self.is_audit_mode() {
            self.store.audit_key(home)?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    "this install has no audit key yet (it is made on the first change outside audit mode)",
                )
            })?
        } else {
            self.store.audit_key_or_create(home)?
        };
        Ok(key.public().to_string())
    }

    /// Walks the log against the install's key and any key the auditor gives.
    pub fn verify_audit_log(
        &self,
        home: &SecretHome,
        key: Option<&str>,
    ) -> Result<AuditLogCheckView, ApiError> {
        let mut trusted: Vec<AuditPublicKey> =
            key.map(parse_key).transpose()?.into_iter().collect();
        let install = self.store.audit_key(home)?.map(|k| k.public());
        trusted.extend(install);
        let mut note = None;
        if trusted.is_empty() {
            if let Some(head) = self.store.audit_head()? {
                trusted.push(head.signer);
                note = Some(format!(
                    "this install has no audit key: checked against the key the log names, {}; compare it with the one you were given",
                    head.signer
                ));
            }
        }
        let report = self.store.verify_audit_log(&trusted)?;
        Ok(log_check_view(&report, &trusted, note))
    }

    /// Builds an audit pack of the lines in scope and, outside audit mode,
    /// records the export in the log with the manifest's digest.
    pub fn build_audit_pack(
        &mut self,
        request: &AuditPackRequest,
        passphrase: Option<Zeroizing<String>>,
        who: &AuditActor<'_>,
    ) -> Result<AuditPackView, ApiError> {
        let key = if self.is_audit_mode() {
            self.store.audit_key(who.home)?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    "this install has no audit key to sign the pack with (it is made on the first change outside audit mode)",
                )
            })?
        } else {
            self.store.audit_key_or_create(who.home)?
        };
        let scope = PackScope {
            from: request.from.clone(),
            to: request.to.clone(),
            filters: request.filters.clone(),
        };
        let pack_request = PackRequest {
            scope,
            created_at: (who.clock)(),
            created_by: format!("CloudLens {}", env!("CARGO_PKG_VERSION")),
            attachments: request
                .attachments
                .iter()
                .map(|a| Attachment::File {
                    name: a.name.clone(),
                    path: a.path.clone().into(),
                })
                .collect(),
            passphrase,
        };
        let out = Path::new(&request.out);
        let summary = build_pack(&self.store, &pack_request, &key, out)?;
        if !self.is_audit_mode() {
            let auditor = Auditor {
                key,
                os_user: who.os_user.to_string(),
                clock: who.clock,
            };
            let record = AuditRecord::new(AuditAction::PackExport, out.display().to_string())
                .after(format!(
                    "{} to {}{}, {} lines, manifest SHA-256 {}{}",
                    request.from,
                    request.to,
                    request
                        .filters
                        .iter()
                        .map(|f| format!(", {f}"))
                        .collect::<String>(),
                    summary.lines,
                    summary.manifest_sha256,
                    if summary.encrypted { ", encrypted" } else { "" }
                ));
            self.store
                .audited(&auditor, |_| Ok::<_, StoreError>(((), record)))?;
        }
        Ok(pack_view(&summary))
    }
}

/// Who acts, from where their key comes, and the clock.
pub struct AuditActor<'a> {
    pub home: &'a SecretHome,
    pub os_user: &'a str,
    pub clock: fn() -> i64,
}

/// Verifies a pack with nothing but the file: no store, no network.
pub fn verify_audit_pack(
    path: &Path,
    key: Option<&str>,
    passphrase: Option<&str>,
) -> Result<PackCheckView, ApiError> {
    let expected = key.map(parse_key).transpose()?;
    let report = verify_pack(path, expected.as_ref(), passphrase)?;
    Ok(pack_check_view(&report))
}

/// An audit pack opened in audit mode: its own temporary encrypted store,
/// read-only, behind the same operations as any store.
pub struct OpenedAuditPack {
    pub lens: CloudLens,
    pub check: PackCheckView,
    /// Dropped after `lens`, which closes the store first.
    pub files: PackFiles,
}

/// Verifies the pack and opens it; one that does not verify is refused with
/// the reason.
pub fn open_audit_pack(
    path: &Path,
    key: Option<&str>,
    passphrase: Option<&str>,
    clock: fn() -> i64,
) -> Result<OpenedAuditPack, ApiError> {
    let expected = key.map(parse_key).transpose()?;
    let OpenedPack {
        store,
        report,
        files,
    } = open_pack(path, expected.as_ref(), passphrase, clock)?;
    Ok(OpenedAuditPack {
        lens: CloudLens::over(store),
        check: pack_check_view(&report),
        files,
    })
}

/// Whether `path` is an audit pack rather than a store.
pub fn is_audit_pack(path: &Path) -> bool {
    cloudlens_audit::looks_like_pack(path)
}

/// Whether the pack at `path` is encrypted (and so needs a passphrase).
pub fn is_encrypted_audit_pack(path: &Path) -> bool {
    cloudlens_audit::is_encrypted_pack(path)
}

/// Where the install's audit key lives for a store opened with `key`.
pub fn audit_key_home(key: &KeySource) -> SecretHome {
    crate::secret_home(key)
}
