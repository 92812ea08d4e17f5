//! The audit log as a pack member: every entry with its chain fields in
//! hex, and the signed head, so the chain verifies from the pack alone.

use cloudlens_store::{AuditPublicKey, ChainEntry, SignedHead};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogDocument {
    pub entries: Vec<EntryJson>,
    pub head: Option<HeadJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryJson {
    pub seq: u64,
    pub at: i64,
    pub os_user: String,
    pub action: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    pub signer: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadJson {
    pub seq: u64,
    pub hash: String,
    pub signer: String,
    pub signature: String,
}

impl LogDocument {
    pub fn new(entries: &[ChainEntry], head: Option<&SignedHead>) -> Self {
        Self {
            entries: entries
                .iter()
                .map(|e| EntryJson {
                    seq: e.seq,
                    at: e.at,
                    os_user: e.os_user.clone(),
                    action: e.action.clone(),
                    object: e.object.clone(),
                    before: e.before.clone(),
                    after: e.after.clone(),
                    prev_hash: hex::encode(e.prev_hash),
                    hash: hex::encode(e.hash),
                    signer: e.signer.to_string(),
                    signature: hex::encode(e.signature),
                })
                .collect(),
            head: head.map(|h| HeadJson {
                seq: h.seq,
                hash: hex::encode(h.hash),
                signer: h.signer.to_string(),
                signature: hex::encode(h.signature),
            }),
        }
    }

    /// Back to chain rows; a field of the wrong shape names the entry.
    pub fn chain(&self) -> Result<(Vec<ChainEntry>, Option<SignedHead>), String> {
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let at = |field: &str| format!("entry #{}: {field}", e.seq);
                Ok(ChainEntry {
                    seq: e.seq,
                    at: e.at,
                    os_user: e.os_user.clone(),
                    action: e.action.clone(),
                    object: e.object.clone(),
                    before: e.before.clone(),
                    after: e.after.clone(),
                    prev_hash: bytes(&e.prev_hash)
                        .map_err(|m| format!("{} {m}", at("prev_hash")))?,
                    hash: bytes(&e.hash).map_err(|m| format!("{} {m}", at("hash")))?,
                    signer: AuditPublicKey::from_bytes(
                        bytes(&e.signer).map_err(|m| format!("{} {m}", at("signer")))?,
                    ),
                    signature: bytes(&e.signature)
                        .map_err(|m| format!("{} {m}", at("signature")))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let head = self
            .head
            .as_ref()
            .map(|h| {
                Ok::<_, String>(SignedHead {
                    seq: h.seq,
                    hash: bytes(&h.hash).map_err(|m| format!("head hash {m}"))?,
                    signer: AuditPublicKey::from_bytes(
                        bytes(&h.signer).map_err(|m| format!("head signer {m}"))?,
                    ),
                    signature: bytes(&h.signature).map_err(|m| format!("head signature {m}"))?,
                })
            })
            .transpose()?;
        Ok((entries, head))
    }
}

fn bytes<const N: usize>(text: &str) -> Result<[u8; N], String> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out)
        .map_err(|_| format!("is not {} hexadecimal digits", N * 2))?;
    Ok(out)
}
