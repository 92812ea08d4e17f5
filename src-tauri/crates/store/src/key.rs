//! Key material for SQLCipher. The 16-byte salt is also SQLCipher's file salt
//! (the first 16 bytes of the database file), so a store carries its own salt
//! and its keychain entry name wherever the file is moved.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use zeroize::{Zeroize, Zeroizing};

use crate::StoreError;

/// How the store's key is obtained.
pub enum KeySource {
    /// A random key kept in the OS keychain (Secret Service on Linux).
    Keychain(crate::Keychain),
    /// A key derived from the user's passphrase with Argon2id.
    Passphrase(Zeroizing<String>),
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Keychain(k) => f.debug_tuple("Keychain").field(k).finish(),
            KeySource::Passphrase(_) => f.write_str("Passphrase(<redacted>)"),
        }
    }
}

pub struct StoreKey {
    key: [u8; 32],
    salt: [u8; 16],
}

impl Drop for StoreKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StoreKey(salt={}, key=<redacted>)",
            hex::encode(self.salt)
        )
    }
}

/// Argon2id at 64 MiB, 3 passes: memory-hard, about a third of a second on a
/// laptop, paid once per unlock.
const KDF_MEMORY_KIB: u32 = 64 * 1024;
const KDF_PASSES: u32 = 3;

impl StoreKey {
    pub fn random(salt: [u8; 16]) -> Self {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self { key, salt }
    }

    pub fn from_parts(key: [u8; 32], salt: [u8; 16]) -> Self {
        Self { key, salt }
    }

    pub fn from_passphrase(passphrase: &str, salt: [u8; 16]) -> Result<Self, StoreError> {
        let params = Params::new(KDF_MEMORY_KIB, KDF_PASSES, 1, Some(32))
            .map_err(|e| StoreError::KeychainUnavailable(format!("argon2 parameters: {e}")))?;
        let mut key = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &salt, &mut key)
            .map_err(|e| StoreError::KeychainUnavailable(format!("argon2: {e}")))?;
        Ok(Self { key, salt })
    }

    /// The same key, for another connection; both copies are zeroized on drop.
    pub(crate) fn copy(&self) -> Self {
        Self {
            key: self.key,
            salt: self.salt,
        }
    }

    pub fn new_salt() -> [u8; 16] {
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        salt
    }

    pub fn salt(&self) -> [u8; 16] {
        self.salt
    }

    pub(crate) fn key_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.key))
    }

    /// The `PRAGMA key` value: a raw key plus an explicit salt, which makes
    /// SQLCipher skip its own PBKDF2 (the key is already random or
    /// Argon2-derived) and use our salt for a new file.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "x'{}{}'",
            hex::encode(self.key),
            hex::encode(self.salt)
        ))
    }
}
