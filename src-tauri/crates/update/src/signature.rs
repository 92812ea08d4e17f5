//! Checking a package against its `.sig` file (minisign, base64-wrapped by
//! Tauri's signer) before anything reads the package's content.

use std::path::Path;

use minisign_verify::{Error as MinisignError, Signature};

use crate::key::{decode_text, key_id_of};
use crate::{UpdateError, UpdateKey};

/// A signature that verified: what its trusted (signed) comment says.
pub struct Signed {
    pub trusted_comment: String,
}

impl Signed {
    /// The version Tauri's signer records in the trusted comment
    /// (`version:1.2.3`), when it did.
    pub fn version(&self) -> Option<&str> {
        self.trusted_comment
            .split('\t')
            .find_map(|f| f.strip_prefix("version:"))
    }
}

/// Verifies `bytes` (the package read from `path`) against the signature
/// text `sig` (read from `sig_path`) with `key`.
pub fn verify(
    bytes: &[u8],
    path: &Path,
    sig: &str,
    sig_path: &Path,
    key: &UpdateKey,
) -> Result<Signed, UpdateError> {
    let bad = |reason: String| UpdateError::BadSignature {
        path: sig_path.to_path_buf(),
        reason,
    };
    let text = decode_text(sig).map_err(&bad)?;
    let signature = Signature::decode(&text).map_err(|e| bad(e.to_string()))?;
    match key.key.verify(bytes, &signature, true) {
        Ok(()) => Ok(Signed {
            trusted_comment: signature.trusted_comment().to_string(),
        }),
        Err(MinisignError::UnexpectedKeyId) => Err(UpdateError::OtherKey {
            path: sig_path.to_path_buf(),
            found: key_id_of(&text).unwrap_or_else(|| "?".into()),
            expected: key.id.clone(),
        }),
        Err(MinisignError::InvalidSignature) => Err(UpdateError::Tampered {
            path: path.to_path_buf(),
            signature: sig_path.to_path_buf(),
        }),
        Err(e) => Err(bad(e.to_string())),
    }
}
