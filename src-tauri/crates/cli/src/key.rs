//! Where the store key comes from: `CLOUDLENS_PASSPHRASE`, a passphrase file,
//! or (by default) the OS keychain.

use std::path::Path;

use cloudlens_api::{ApiError, ErrorCode, KeySource, Keychain};
use zeroize::Zeroizing;

pub fn key_source(passphrase_file: Option<&Path>) -> Result<KeySource, ApiError> {
    if let Some(path) = passphrase_file {
        return Ok(KeySource::Passphrase(read_passphrase_file(path)?));
    }
    match std::env::var("CLOUDLENS_PASSPHRASE") {
        Ok(p) if !p.is_empty() => Ok(KeySource::Passphrase(Zeroizing::new(p))),
        _ => Ok(KeySource::Keychain(keychain())),
    }
}

/// A passphrase kept in a file (its last line break is not part of it).
pub fn read_passphrase_file(path: &Path) -> Result<Zeroizing<String>, ApiError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("cannot read passphrase file {}: {e}", path.display()),
        )
    })?;
    let pass = text.trim_end_matches(['\n', '\r']).to_string();
    if pass.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("passphrase file {} is empty", path.display()),
        ));
    }
    Ok(Zeroizing::new(pass))
}

/// `CLOUDLENS_KEYCHAIN_SERVICE` names a separate keychain namespace (tests use it).
fn keychain() -> Keychain {
    match std::env::var("CLOUDLENS_KEYCHAIN_SERVICE") {
        Ok(s) if !s.is_empty() => Keychain::with_service(&s),
        _ => Keychain::default(),
    }
}
