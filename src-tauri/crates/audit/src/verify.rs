//! Verifying a pack with nothing but the file (and its passphrase when it
//! is encrypted): the manifest's signature, the expected key, every
//! member's SHA-256 and size, no member missing or added, and the audit log's
//! chain. Names the first member that does not match.

use std::path::Path;

use cloudlens_store::{verify_chain, AuditPublicKey, ChainReport};

use crate::container::{read_members, Keep, ReadFailure, ReadMember};
use crate::documents::LogDocument;
use crate::documents::AUDIT_LOG;
use crate::manifest::{self, Manifest, MANIFEST, SIGNATURE};
use crate::PackError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackProblemKind {
    NeedsPassphrase,
    WrongPassphrase,
    /// The archive or its encryption is broken (a changed byte in an
    /// encrypted pack, a truncated file).
    Damaged,
    ManifestMissing,
    /// The manifest's signature does not verify: it was replaced or edited.
    ManifestSignature,
    /// Signed, but not by the expected key.
    WrongKey,
    MemberChanged,
    MemberMissing,
    MemberAdded,
    /// The audit log inside does not verify.
    Log,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub kind: PackProblemKind,
    /// The member named, when there is one.
    pub member: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackReport {
    pub encrypted: bool,
    /// The key the manifest names and verifies under.
    pub signer: Option<AuditPublicKey>,
    pub manifest: Option<Manifest>,
    pub members_checked: u64,
    pub log: Option<ChainReport>,
    pub problem: Option<PackProblem>,
}

impl PackReport {
    pub fn is_verified(&self) -> bool {
        self.problem.is_none()
    }
}

fn problem(kind: PackProblemKind, member: Option<&str>, message: String) -> Option<PackProblem> {
    Some(PackProblem {
        kind,
        member: member.map(str::to_string),
        message,
    })
}

/// Verifies the pack at `path`.
pub fn verify_pack(
    path: &Path,
    expected_key: Option<&AuditPublicKey>,
    passphrase: Option<&str>,
) -> Result<PackReport, PackError> {
    Ok(check(path, expected_key, passphrase, |_, _| Keep::Nothing)?.0)
}

/// Reads and verifies the pack, keeping what `keep` asks of each member
/// besides the manifest, its signature and the log (always read into memory).
pub(crate) fn check(
    path: &Path,
    expected_key: Option<&AuditPublicKey>,
    passphrase: Option<&str>,
    keep: impl Fn(&str, usize) -> Keep,
) -> Result<(PackReport, Vec<ReadMember>), PackError> {
    let encrypted = crate::container::is_encrypted(path).map_err(crate::error::io_at(path))?;
    let mut report = PackReport {
        encrypted,
        signer: None,
        manifest: None,
        members_checked: 0,
        log: None,
        problem: None,
    };
    let members = read_members(path, passphrase, |name, i| match name {
        MANIFEST | SIGNATURE | AUDIT_LOG => Keep::Memory,
        _ => keep(name, i),
    });
    let members = match members {
        Ok(m) => m,
        Err(failure) => {
            report.problem = Some(read_problem(failure, path)?);
            return Ok((report, Vec::new()));
        }
    };
    report.problem = check_members(&mut report, &members, expected_key);
    Ok((report, members))
}

fn read_problem(failure: ReadFailure, path: &Path) -> Result<PackProblem, PackError> {
    let (kind, member, message) = match failure {
        ReadFailure::NeedsPassphrase => (
            PackProblemKind::NeedsPassphrase,
            None,
            "the pack is encrypted: give its passphrase".to_string(),
        ),
        ReadFailure::WrongPassphrase => (
            PackProblemKind::WrongPassphrase,
            None,
            "the passphrase does not decrypt this pack".to_string(),
        ),
        ReadFailure::Damaged { member, message } => {
            let at = member
                .as_deref()
                .map(|m| format!(" while reading member {m}"))
                .unwrap_or_default();
            let why = if encrypted_error(&message) {
                " (encrypted data that was changed or cut short no longer decrypts)"
            } else {
                ""
            };
            (
                PackProblemKind::Damaged,
                member,
                format!("the pack is damaged{at}: {message}{why}"),
            )
        }
        ReadFailure::NotRegular(name) => (
            PackProblemKind::MemberAdded,
            Some(name.clone()),
            format!("member {name} is not a regular file"),
        ),
        ReadFailure::Io(source) => {
            return Err(PackError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    Ok(PackProblem {
        kind,
        member,
        message,
    })
}

fn encrypted_error(message: &str) -> bool {
    message.contains("decryption")
}

fn check_members(
    report: &mut PackReport,
    members: &[ReadMember],
    expected_key: Option<&AuditPublicKey>,
) -> Option<PackProblem> {
    let content = |name: &str| {
        members
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.content.as_deref())
    };
    let Some(manifest_bytes) = content(MANIFEST) else {
        return problem(
            PackProblemKind::ManifestMissing,
            Some(MANIFEST),
            "the pack has no manifest.json: it is not a CloudLens audit pack or the manifest was removed".into(),
        );
    };
    let manifest: Manifest = match serde_json::from_slice(manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            return problem(
                PackProblemKind::ManifestSignature,
                Some(MANIFEST),
                format!("manifest.json is not a pack manifest ({e}): it was replaced or edited"),
            )
        }
    };
    let signer = match manifest.signer.parse::<AuditPublicKey>() {
        Ok(k) => k,
        Err(e) => return problem(PackProblemKind::ManifestSignature, Some(MANIFEST), e),
    };
    report.manifest = Some(manifest.clone());
    let signed = content(SIGNATURE)
        .is_some_and(|sig| manifest::signature_holds(&signer, manifest_bytes, sig));
    if !signed {
        return problem(
            PackProblemKind::ManifestSignature,
            Some(MANIFEST),
            format!("the manifest's signature does not verify with its key {signer}: manifest.json or manifest.sig was replaced or edited"),
        );
    }
    report.signer = Some(signer);
    if let Some(expected) = expected_key.filter(|k| **k != signer) {
        return problem(
            PackProblemKind::WrongKey,
            Some(SIGNATURE),
            format!("the pack is signed by key {signer}, not by the expected key {expected}"),
        );
    }
    for listed in &manifest.members {
        let found: Vec<&ReadMember> = members.iter().filter(|m| m.name == listed.name).collect();
        let Some(m) = found.first() else {
            return problem(
                PackProblemKind::MemberMissing,
                Some(&listed.name),
                format!(
                    "member {} is listed in the manifest but missing from the pack",
                    listed.name
                ),
            );
        };
        if m.digest != *listed || found.len() > 1 {
            return problem(
                PackProblemKind::MemberChanged,
                Some(&listed.name),
                format!(
                    "member {} does not match the manifest: SHA-256 {} ({} bytes), the manifest says {} ({} bytes)",
                    listed.name, m.digest.sha256, m.digest.bytes, listed.sha256, listed.bytes
                ),
            );
        }
        report.members_checked += 1;
    }
    let own = [MANIFEST, SIGNATURE];
    let mut seen = std::collections::HashSet::new();
    for m in members {
        let listed = manifest.members.iter().any(|l| l.name == m.name);
        if (!listed && !own.contains(&m.name.as_str())) || !seen.insert(m.name.as_str()) {
            return problem(
                PackProblemKind::MemberAdded,
                Some(&m.name),
                format!(
                    "member {} is not in the manifest: it was added to the pack",
                    m.name
                ),
            );
        }
    }
    check_log(report, content(AUDIT_LOG), &manifest, signer)
}

fn check_log(
    report: &mut PackReport,
    log: Option<&[u8]>,
    manifest: &Manifest,
    signer: AuditPublicKey,
) -> Option<PackProblem> {
    let log_problem = |message: String| problem(PackProblemKind::Log, Some(AUDIT_LOG), message);
    let bytes = log?;
    let doc: LogDocument = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => return log_problem(format!("audit-log.json cannot be read: {e}")),
    };
    let chain = verify_chain(&doc.entries, doc.head.as_ref(), &[signer]);
    let chain_problem = chain.problem.clone();
    report.log = Some(chain);
    if let Some(p) = chain_problem {
        return log_problem(format!("the audit log does not verify: {}", p.message));
    }
    let carried = doc.head.as_ref().map(|h| (h.seq, hex::encode(h.hash)));
    let claimed = manifest.log_head.as_ref().map(|h| (h.seq, h.hash.clone()));
    if carried != claimed {
        return log_problem("the audit log's head is not the one the manifest names".into());
    }
    None
}
