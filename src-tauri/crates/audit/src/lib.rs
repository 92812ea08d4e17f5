//! The audit pack: one file an auditor verifies on any machine, offline,
//! with no store. It holds the lines in scope as FOCUS 1.2 Parquet, their
//! provenance and totals, the rule and rate versions, the audit log with its
//! hash chain, attachments made elsewhere (PDF and XLSX reports, the invoice
//! reconciliation), and a manifest with the SHA-256 of every member, signed
//! with the install's Ed25519 key. The container is tar, optionally
//! encrypted as a whole with age under a passphrase.

mod build;
mod container;
mod documents;
mod error;
mod manifest;
mod open;
mod scope;
mod verify;

pub use build::{build_pack, Attachment, PackRequest, PackSummary};
pub use documents::{LogDocument, AUDIT_LOG, LINES, PROVENANCE, RATES, README, RULES, TOTALS};
pub use error::PackError;
pub use manifest::{LogHead, Manifest, MemberDigest, MANIFEST, SIGNATURE};
pub use open::{open_pack, OpenedPack, PackFiles};
pub use scope::{PackScope, FILTER_DIMENSIONS};
pub use verify::{verify_pack, PackProblem, PackProblemKind, PackReport};

/// Whether the file at `path` looks like an audit pack (plain or
/// encrypted), from its first bytes, so a front end can open it as one.
pub fn looks_like_pack(path: &std::path::Path) -> bool {
    let mut head = [0u8; 24];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = std::io::Read::read(&mut f, &mut head).unwrap_or(0);
    head[..n].starts_with(README.as_bytes()) || head[..n].starts_with(b"age-encryption.org/v1")
}

/// Whether the pack at `path` is encrypted (and so needs a passphrase).
pub fn is_encrypted_pack(path: &std::path::Path) -> bool {
    container::is_encrypted(path).unwrap_or(false)
}
