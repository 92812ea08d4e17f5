//! The audit log and audit packs, for both front ends. Secrets (pack
//! passphrases, the signing key) never enter a view.

use std::path::Path;

use cloudlens_audit::{
    build_pack, open_pack, verify_pack, Attachment, OpenedPack, PackError, PackFiles, PackRequest,
    PackScope,
};
use cloudlens_store::{AuditAction, AuditKey, AuditPublicKey, AuditRecord, SecretHome};
use zeroize::Zeroizing;

use super::views::*;
use crate::cloudlens::Actor;
use crate::{ApiError, CloudLens, ErrorCode};

impl From<PackError> for ApiError {
    fn from(e: PackError) -> Self {
        let code = match e {
            PackError::Store(s) => return ApiError::from(s),
            PackError::InvalidInput(_) | PackError::NotVerified(_) => ErrorCode::InvalidInput,
            PackError::Export(_) | PackError::Io { .. } | PackError::Import(_) => {
                ErrorCode::Storage
            }
        };
        ApiError::new(code, e.to_string())
    }
}

fn parse_key(text: &str) -> Result<AuditPublicKey, ApiError> {
    text.parse()
        .map_err(|m: String| ApiError::new(ErrorCode::InvalidInput, format!("key: {m}")))
}

fn no_key() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidInput,
        "this install has no audit key yet (it is made on the first change outside audit mode)",
    )
}

impl CloudLens {
    /// The entries `filter` keeps, oldest first.
    pub fn audit_log(&self, filter: &AuditLogFilter) -> Result<Vec<AuditEntryView>, ApiError> {
        let entries = self.reader()?.audit_log().entries()?;
        Ok(entries
            .iter()
            .filter(|e| filter.keeps(e))
            .map(entry_view)
            .collect())
    }

    /// The install's signing key; made on first use outside audit mode.
    fn signing_key(&self) -> Result<AuditKey, ApiError> {
        if self.is_audit_mode() {
            return self
                .reader()?
                .audit_log()
                .signing_key(&self.key_home)?
                .ok_or_else(no_key);
        }
        let mut store = self.writer()?;
        Ok(store
            .audit_log_mut()
            .signing_key_or_create(&self.key_home)?)
    }

    /// The install's public key, for an auditor to compare out of band.
    pub fn audit_public_key(&self) -> Result<String, ApiError> {
        Ok(self.signing_key()?.public().to_string())
    }

    /// Walks the log against the install's key and any key the auditor
    /// gives; with neither, against the key the log's head names (said in
    /// the note, to compare by hand).
    pub fn verify_audit_log(&self, key: Option<&str>) -> Result<AuditLogCheckView, ApiError> {
        let mut trusted: Vec<AuditPublicKey> =
            key.map(parse_key).transpose()?.into_iter().collect();
        let reader = self.reader()?;
        let log = reader.audit_log();
        trusted.extend(log.signing_key(&self.key_home)?.map(|k| k.public()));
        let mut note = None;
        if trusted.is_empty() {
            if let Some(head) = log.head()? {
                trusted.push(head.signer);
                note = Some(format!(
                    "this install has no audit key: checked against the key the log names, {}; compare it with the one you were given",
                    head.signer
                ));
            }
        }
        let report = log.verify(&trusted)?;
        Ok(log_check_view(&report, &trusted, note))
    }

    /// Builds an audit pack of the lines in scope with the request's file
    /// attachments.
    pub fn build_audit_pack(
        &self,
        request: &AuditPackRequest,
        passphrase: Option<Zeroizing<String>>,
    ) -> Result<AuditPackView, ApiError> {
        let attachments = request
            .attachments
            .iter()
            .map(|a| Attachment::File {
                name: a.name.clone(),
                path: a.path.clone().into(),
            })
            .collect();
        self.build_audit_pack_with(request, attachments, passphrase)
    }

    /// Builds an audit pack of the lines in scope, with `attachments` made
    /// by the caller (reports, the reconciliation), and records the export
    /// in the log with the manifest's digest (outside audit mode).
    pub(crate) fn build_audit_pack_with(
        &self,
        request: &AuditPackRequest,
        attachments: Vec<Attachment>,
        passphrase: Option<Zeroizing<String>>,
    ) -> Result<AuditPackView, ApiError> {
        let key = self.signing_key()?;
        let pack_request = PackRequest {
            scope: PackScope {
                from: request.from.clone(),
                to: request.to.clone(),
                filters: request.filters.clone(),
            },
            created_at: self.now(),
            created_by: format!("CloudLens {}", env!("CARGO_PKG_VERSION")),
            attachments,
            passphrase,
        };
        let out = Path::new(&request.out);
        let reader = self.reader()?;
        let summary = build_pack(&reader, &pack_request, &key, out)?;
        drop(reader);
        let filters: String = request.filters.iter().map(|f| format!(", {f}")).collect();
        self.record(
            AuditRecord::new(AuditAction::PackExport, out.display().to_string()).after(format!(
                "{} to {}{filters}, {} lines, manifest SHA-256 {}{}",
                request.from,
                request.to,
                summary.lines,
                summary.manifest_sha256,
                if summary.encrypted { ", encrypted" } else { "" }
            )),
        )?;
        Ok(pack_view(&summary))
    }
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
    actor: Actor,
) -> Result<OpenedAuditPack, ApiError> {
    let expected = key.map(parse_key).transpose()?;
    let OpenedPack {
        store,
        report,
        files,
    } = open_pack(path, expected.as_ref(), passphrase, actor.clock)?;
    Ok(OpenedAuditPack {
        // The temporary store has no signing key of its own.
        lens: CloudLens::over(store, SecretHome::Sealed, actor),
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

/// SHA-256 of `bytes` in hex, for audit summaries of documents.
pub(crate) fn digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
