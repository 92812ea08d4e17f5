//! Store keys in the OS keychain through `keyring`, one entry per store,
//! named by the store's salt.

use keyring::Entry;
use zeroize::Zeroizing;

use crate::{StoreError, StoreKey};

#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self {
            service: "CloudLens".to_string(),
        }
    }
}

impl Keychain {
    /// A keychain namespace; tests use their own so they never touch a real user's entries.
    pub fn with_service(service: &str) -> Self {
        Self {
            service: service.to_string(),
        }
    }

    fn entry(&self, salt: [u8; 16]) -> Result<Entry, StoreError> {
        Entry::new(&self.service, &format!("store-key-{}", hex::encode(salt))).map_err(unavailable)
    }

    /// Any other entry of this namespace (connection secrets, `secrets.rs`).
    pub(crate) fn entry_named(&self, user: &str) -> Result<Entry, StoreError> {
        Entry::new(&self.service, user).map_err(unavailable)
    }

    /// The key for an existing store, if the keychain has one.
    pub fn load(&self, salt: [u8; 16]) -> Result<Option<StoreKey>, StoreError> {
        let secret = match self.entry(salt)?.get_password() {
            Ok(s) => Zeroizing::new(s),
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        let mut key = [0u8; 32];
        hex::decode_to_slice(secret.as_bytes(), &mut key).map_err(|_| {
            StoreError::KeychainUnavailable("the keychain entry is not a CloudLens key".into())
        })?;
        Ok(Some(StoreKey::from_parts(key, salt)))
    }

    pub fn save(&self, key: &StoreKey) -> Result<(), StoreError> {
        self.entry(key.salt())?
            .set_password(&key.key_hex())
            .map_err(unavailable)
    }

    pub fn delete(&self, salt: [u8; 16]) -> Result<(), StoreError> {
        match self.entry(salt)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// keyring's errors describe the platform failure, never the secret.
pub(crate) fn unavailable(e: keyring::Error) -> StoreError {
    StoreError::KeychainUnavailable(e.to_string())
}
