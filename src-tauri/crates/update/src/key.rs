//! CloudLens's update key: the minisign public key Tauri's signer makes,
//! as `tauri.conf.json` carries it (base64 of the key file's two lines).
//! Released builds get the real key from the release script; the committed
//! configuration holds a placeholder, which verifies nothing.

use base64::Engine;
use minisign_verify::PublicKey;

use crate::UpdateError;

/// What the committed configuration holds in place of a key.
pub const PLACEHOLDER: &str = "REPLACED-BY-THE-RELEASE-SCRIPT";

pub struct UpdateKey {
    pub(crate) key: PublicKey,
    /// The key id as minisign prints it (hex, as in the key file's comment).
    pub(crate) id: String,
}

impl std::fmt::Debug for UpdateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UpdateKey({})", self.id)
    }
}

impl UpdateKey {
    /// Parses the configured key; the placeholder (or nothing) is
    /// [`UpdateError::NoKey`].
    pub fn parse(configured: &str) -> Result<UpdateKey, UpdateError> {
        let configured = configured.trim();
        if configured.is_empty() || configured == PLACEHOLDER {
            return Err(UpdateError::NoKey);
        }
        let text = decode_text(configured).map_err(UpdateError::BadKey)?;
        let key = PublicKey::decode(&text).map_err(|e| UpdateError::BadKey(e.to_string()))?;
        let id = key_id_of(&text).unwrap_or_default();
        Ok(UpdateKey { key, id })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

/// Tauri wraps minisign's text files (key, signature) in base64.
pub(crate) fn decode_text(b64: &str) -> Result<String, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| format!("not base64: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "not text once decoded".into())
}

/// The key id of a minisign key or signature text: bytes 2..10 of its
/// base64 line, printed as minisign does (little-endian hex).
pub(crate) fn key_id_of(text: &str) -> Option<String> {
    let line = text
        .lines()
        .find(|l| !l.starts_with("untrusted comment:") && !l.trim().is_empty())?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(line.trim())
        .ok()?;
    let id = raw.get(2..10)?;
    Some(id.iter().rev().map(|b| format!("{b:02X}")).collect())
}
