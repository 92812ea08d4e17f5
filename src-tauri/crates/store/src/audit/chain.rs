//! The hash chain: how an entry is encoded, hashed and signed. An entry's
//! hash covers its position, its content, its signer and the previous
//! entry's hash, so editing, removing, inserting or moving an entry breaks
//! either its own hash or the link from its successor; each entry's hash and
//! the chain's head are signed with Ed25519, so a rewritten chain needs the
//! install's private key.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::key::{AuditKey, AuditPublicKey};

/// The `prev_hash` of the first entry.
pub const GENESIS: [u8; 32] = [0u8; 32];

const ENTRY_HASH_DOMAIN: &[u8] = b"cloudlens-audit-chain/1\0";
const ENTRY_SIGNATURE_DOMAIN: &[u8] = b"cloudlens-audit-entry/1\0";
const HEAD_SIGNATURE_DOMAIN: &[u8] = b"cloudlens-audit-head/1\0";

/// One entry of the log exactly as stored (and as carried in an audit pack,
/// as JSON with the byte fields in hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEntry {
    /// Position in the log, from 1, contiguous.
    pub seq: u64,
    /// Unix seconds, UTC, given by the caller.
    pub at: i64,
    pub os_user: String,
    pub action: String,
    pub object: String,
    /// A short description of the object before the change (never a secret).
    pub before: Option<String>,
    pub after: Option<String>,
    #[serde(with = "hex_bytes")]
    pub prev_hash: [u8; 32],
    #[serde(with = "hex_bytes")]
    pub hash: [u8; 32],
    pub signer: AuditPublicKey,
    #[serde(with = "hex_bytes")]
    pub signature: [u8; 64],
}

/// The last entry's position and hash, signed, so removing entries from the
/// end of the log is seen too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    pub seq: u64,
    #[serde(with = "hex_bytes")]
    pub hash: [u8; 32],
    pub signer: AuditPublicKey,
    #[serde(with = "hex_bytes")]
    pub signature: [u8; 64],
}

/// Fixed-size byte fields as hex text.
pub(crate) mod hex_bytes {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, const N: usize>(b: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; N];
        hex::decode_to_slice(&text, &mut out).map_err(|_| {
            D::Error::custom(format!("'{text}' is not {} hexadecimal digits", N * 2))
        })?;
        Ok(out)
    }
}

/// The fields an entry's hash covers besides the chain link.
pub(crate) struct EntryContent<'a> {
    pub at: i64,
    pub os_user: &'a str,
    pub action: &'a str,
    pub object: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Length-prefixed, so no two different entries encode alike.
fn put_text(h: &mut Sha256, v: &str) {
    h.update((v.len() as u64).to_be_bytes());
    h.update(v.as_bytes());
}

fn put_opt(h: &mut Sha256, v: Option<&str>) {
    match v {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            put_text(h, v);
        }
    }
}

pub(crate) fn entry_hash(
    seq: u64,
    c: &EntryContent<'_>,
    signer: &AuditPublicKey,
    prev_hash: &[u8; 32],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(ENTRY_HASH_DOMAIN);
    h.update(seq.to_be_bytes());
    h.update(c.at.to_be_bytes());
    put_text(&mut h, c.os_user);
    put_text(&mut h, c.action);
    put_text(&mut h, c.object);
    put_opt(&mut h, c.before);
    put_opt(&mut h, c.after);
    h.update(signer.as_bytes());
    h.update(prev_hash);
    h.finalize().into()
}

fn head_message(seq: u64, hash: &[u8; 32]) -> Vec<u8> {
    let mut m = Vec::with_capacity(HEAD_SIGNATURE_DOMAIN.len() + 40);
    m.extend_from_slice(HEAD_SIGNATURE_DOMAIN);
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(hash);
    m
}

fn entry_message(hash: &[u8; 32]) -> Vec<u8> {
    [ENTRY_SIGNATURE_DOMAIN, hash.as_slice()].concat()
}

pub(crate) fn sign_entry(key: &AuditKey, hash: &[u8; 32]) -> [u8; 64] {
    key.sign(&entry_message(hash))
}

pub(crate) fn sign_head(key: &AuditKey, seq: u64, hash: &[u8; 32]) -> SignedHead {
    SignedHead {
        seq,
        hash: *hash,
        signer: key.public(),
        signature: key.sign(&head_message(seq, hash)),
    }
}

impl ChainEntry {
    pub(crate) fn content(&self) -> EntryContent<'_> {
        EntryContent {
            at: self.at,
            os_user: &self.os_user,
            action: &self.action,
            object: &self.object,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
        }
    }

    /// The hash this entry would have at position `seq`.
    pub(crate) fn hash_at(&self, seq: u64) -> [u8; 32] {
        entry_hash(seq, &self.content(), &self.signer, &self.prev_hash)
    }

    /// Whether `signature` is its signer's signature of the stored hash.
    pub(crate) fn signature_holds(&self) -> bool {
        self.signer
            .verifies(&entry_message(&self.hash), &self.signature)
    }
}

impl SignedHead {
    pub(crate) fn signature_holds(&self) -> bool {
        self.signer
            .verifies(&head_message(self.seq, &self.hash), &self.signature)
    }
}
