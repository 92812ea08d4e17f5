//! The pack's manifest: what the pack claims (scope, signer, the log head it
//! carries) and the SHA-256 and size of every other member, signed as one
//! byte string with the install's Ed25519 key.

use cloudlens_store::{AuditKey, AuditPublicKey};
use serde::{Deserialize, Serialize};

use crate::PackScope;

pub const FORMAT: &str = "cloudlens-audit-pack/1";
pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
const SIGNATURE_DOMAIN: &[u8] = b"cloudlens-audit-pack-manifest/1\0";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub created_by: String,
    pub scope: PackScope,
    pub lines: u64,
    /// The audit log's signed head when the pack was made, if any.
    pub log_head: Option<LogHead>,
    /// The public key that signs this manifest (hex).
    pub signer: String,
    pub members: Vec<MemberDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogHead {
    pub seq: u64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDigest {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The manifest signature file's text: the signature in hex.
pub fn sign(key: &AuditKey, manifest: &[u8]) -> String {
    hex::encode(key.sign(&[SIGNATURE_DOMAIN, manifest].concat()))
}

pub fn signature_holds(signer: &AuditPublicKey, manifest: &[u8], signature_text: &[u8]) -> bool {
    let mut sig = [0u8; 64];
    if hex::decode_to_slice(String::from_utf8_lossy(signature_text).trim(), &mut sig).is_err() {
        return false;
    }
    signer.verifies(&[SIGNATURE_DOMAIN, manifest].concat(), &sig)
}
