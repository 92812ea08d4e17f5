//! View models of the audit log, its check, and audit packs.

use cloudlens_audit::{PackProblemKind, PackReport, PackSummary};
use cloudlens_store::{AuditPublicKey, ChainEntry, ChainReport, HeadStatus, ProblemKind};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AuditEntryView {
    pub seq: u64,
    /// RFC 3339, UTC.
    pub at: String,
    pub os_user: String,
    /// `exchange_rate.set`, `pack.export`...
    pub action: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The entry's SHA-256 in the chain (hex).
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AuditProblemView {
    /// `edited`, `removed`, `inserted`, `reordered`, `head` or `wrong_key`.
    pub kind: String,
    /// The entry named.
    pub seq: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AuditLogCheckView {
    pub entries: u64,
    pub intact: bool,
    pub problem: Option<AuditProblemView>,
    /// `valid`, `missing`, `untrusted`, `bad_signature` or `empty`.
    pub head: String,
    /// The key that signed the head, when its signature holds.
    pub head_signer: Option<String>,
    /// The keys the log was checked against.
    pub trusted: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PackAttachmentFile {
    /// The name inside the pack (`reports/summary.pdf`).
    pub name: String,
    pub path: String,
}

/// Which entries of the log to list; every field narrows, `None` keeps all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AuditLogFilter {
    /// An action or its family: `exchange_rate` keeps `exchange_rate.set`...
    pub action: Option<String>,
    /// Case-insensitive text in the object, the user or the summaries.
    pub text: Option<String>,
    /// `YYYY-MM-DD`, UTC, both days included.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl AuditLogFilter {
    pub(crate) fn keeps(&self, e: &ChainEntry) -> bool {
        let day = chrono::DateTime::from_timestamp(e.at, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let action_ok = self.action.as_deref().is_none_or(|a| {
            a.is_empty() || e.action == a || e.action.starts_with(&format!("{a}."))
        });
        let text_ok = self.text.as_deref().is_none_or(|t| {
            let t = t.to_lowercase();
            [
                Some(&e.object),
                Some(&e.os_user),
                e.before.as_ref(),
                e.after.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|f| f.to_lowercase().contains(&t))
        });
        let from_ok = self
            .from
            .as_deref()
            .is_none_or(|f| f.is_empty() || day.as_str() >= f);
        let to_ok = self
            .to
            .as_deref()
            .is_none_or(|t| t.is_empty() || day.as_str() <= t);
        action_ok && text_ok && from_ok && to_ok
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AuditPackRequest {
    /// `YYYY-MM`, both months included.
    pub from: String,
    pub to: String,
    /// `DIM=VALUE`: provider, billing_account, sub_account, service, currency.
    pub filters: Vec<String>,
    pub out: String,
    /// Files made elsewhere, packed as they are (the pack holds its own
    /// PDF and XLSX report and the invoice reconciliation besides).
    pub attachments: Vec<PackAttachmentFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PackMemberView {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AuditPackView {
    pub path: String,
    pub bytes: u64,
    pub lines: u64,
    pub members: Vec<PackMemberView>,
    pub manifest_sha256: String,
    pub signer: String,
    pub encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PackProblemView {
    /// `needs_passphrase`, `wrong_passphrase`, `damaged`, `manifest_missing`,, `manifest_signature`, `wrong_key`,
    /// `member_changed`, `member_missing`, `member_added` or `log`.
    pub kind: String,
    pub member: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PackCheckView {
    pub verified: bool,
    pub encrypted: bool,
    /// "Signed by KEY": the key to compare out of band.
    pub signer: Option<String>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub filters: Vec<String>,
    pub lines: Option<u64>,
    pub members_checked: u64,
    pub log_entries: Option<u64>,
    pub problem: Option<PackProblemView>,
}

pub(crate) fn entry_view(e: &ChainEntry) -> AuditEntryView {
    AuditEntryView {
        seq: e.seq,
        at: chrono::DateTime::from_timestamp(e.at, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_else(|| e.at.to_string()),
        os_user: e.os_user.clone(),
        action: e.action.clone(),
        object: e.object.clone(),
        before: e.before.clone(),
        after: e.after.clone(),
        hash: hex_of(&e.hash),
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn problem_kind(k: ProblemKind) -> &'static str {
    match k {
        ProblemKind::Edited => "edited",
        ProblemKind::Removed => "removed",
        ProblemKind::Inserted => "inserted",
        ProblemKind::Reordered => "reordered",
        ProblemKind::Head => "head",
        ProblemKind::WrongKey => "wrong_key",
    }
}

pub(crate) fn log_check_view(
    r: &ChainReport,
    trusted: &[AuditPublicKey],
    note: Option<String>,
) -> AuditLogCheckView {
    let (head, head_signer) = match &r.head {
        HeadStatus::Empty => ("empty", None),
        HeadStatus::Missing => ("missing", None),
        HeadStatus::Valid { signer, .. } => ("valid", Some(signer.to_string())),
        HeadStatus::Untrusted { signer } => ("untrusted", Some(signer.to_string())),
        HeadStatus::BadSignature => ("bad_signature", None),
    };
    AuditLogCheckView {
        entries: r.entries,
        intact: r.is_intact(),
        problem: r.problem.as_ref().map(|p| AuditProblemView {
            kind: problem_kind(p.kind).into(),
            seq: p.seq,
            message: p.message.clone(),
        }),
        head: head.into(),
        head_signer,
        trusted: trusted.iter().map(|k| k.to_string()).collect(),
        note,
    }
}

pub(crate) fn pack_view(s: &PackSummary) -> AuditPackView {
    AuditPackView {
        path: s.path.display().to_string(),
        bytes: s.bytes,
        lines: s.lines,
        members: s
            .members
            .iter()
            .map(|m| PackMemberView {
                name: m.name.clone(),
                bytes: m.bytes,
                sha256: m.sha256.clone(),
            })
            .collect(),
        manifest_sha256: s.manifest_sha256.clone(),
        signer: s.signer.clone(),
        encrypted: s.encrypted,
    }
}

fn pack_problem_kind(k: PackProblemKind) -> &'static str {
    match k {
        PackProblemKind::NeedsPassphrase => "needs_passphrase",
        PackProblemKind::WrongPassphrase => "wrong_passphrase",
        PackProblemKind::Damaged => "damaged",
        PackProblemKind::ManifestMissing => "manifest_missing",
        PackProblemKind::ManifestSignature => "manifest_signature",
        PackProblemKind::WrongKey => "wrong_key",
        PackProblemKind::MemberChanged => "member_changed",
        PackProblemKind::MemberMissing => "member_missing",
        PackProblemKind::MemberAdded => "member_added",
        PackProblemKind::Log => "log",
    }
}

pub(crate) fn pack_check_view(r: &PackReport) -> PackCheckView {
    let m = r.manifest.as_ref();
    PackCheckView {
        verified: r.is_verified(),
        encrypted: r.encrypted,
        signer: r.signer.map(|k| k.to_string()),
        created_at: m.map(|m| m.created_at.clone()),
        created_by: m.map(|m| m.created_by.clone()),
        from: m.map(|m| m.scope.from.clone()),
        to: m.map(|m| m.scope.to.clone()),
        filters: m.map(|m| m.scope.filters.clone()).unwrap_or_default(),
        lines: m.map(|m| m.lines),
        members_checked: r.members_checked,
        log_entries: r.log.as_ref().map(|l| l.entries),
        problem: r.problem.as_ref().map(|p| PackProblemView {
            kind: pack_problem_kind(p.kind).into(),
            member: p.member.clone(),
            message: p.message.clone(),
        }),
    }
}
