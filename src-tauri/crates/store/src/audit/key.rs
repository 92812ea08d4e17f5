//! The install's Ed25519 signing key for the audit log and audit packs.
//! In keychain mode it is one keychain entry for the whole install (so every
//! store and pack of this machine is signed by the same key, which an
//! auditor compares out of band); in passphrase mode, where there is no
//! keychain, it is sealed inside the encrypted store. It is made on first
//! use, never in audit mode, and never leaves this module but as signatures
//! and its public half.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;
use rusqlite::OptionalExtension;
use zeroize::Zeroizing;

use super::{AuditLog, AuditLogMut};
use crate::keychain::unavailable;
use crate::{SecretHome, StoreError};

/// The keychain entry (in the app's keychain namespace) holding the key.
const KEYCHAIN_ENTRY: &str = "audit-signing-key";

/// The private signing key; zeroized on drop (ed25519-dalek), redacted in `Debug`.
pub struct AuditKey {
    key: SigningKey,
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditKey(public={}, secret=<redacted>)", self.public())
    }
}

impl AuditKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut secret = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(secret.as_mut());
        Self {
            key: SigningKey::from_bytes(&secret),
        }
    }

    pub fn public(&self) -> AuditPublicKey {
        AuditPublicKey(self.key.verifying_key().to_bytes())
    }

    /// Signs a message of this crate's or the pack's own framing.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    fn from_hex(text: &str) -> Option<Self> {
        let mut secret = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), secret.as_mut()).ok()?;
        Some(Self {
            key: SigningKey::from_bytes(&secret),
        })
    }

    fn secret_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.key.to_bytes()))
    }
}

/// An Ed25519 public key, shown and parsed as 64 lowercase hex digits. As
/// JSON any 32 bytes read back (a forged key then fails verification).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct AuditPublicKey(#[serde(with = "super::chain::hex_bytes")] [u8; 32]);

impl AuditPublicKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `None` when the bytes are not a point of the curve (a forged key).
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        VerifyingKey::from_bytes(&self.0).ok()
    }

    /// Whether `signature` is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.verifying_key()
            .is_some_and(|k| k.verify(message, &Signature::from_bytes(signature)).is_ok())
    }
}

impl fmt::Display for AuditPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for AuditPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditPublicKey({self})")
    }
}

impl FromStr for AuditPublicKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(s.trim(), &mut bytes).map_err(|_| {
            format!("'{s}' is not a public key: expected 64 hexadecimal digits (as `cloudlens audit key` prints)")
        })?;
        let key = AuditPublicKey(bytes);
        match key.verifying_key() {
            Some(_) => Ok(key),
            None => Err(format!("'{s}' is not a valid Ed25519 public key")),
        }
    }
}

impl AuditLog<'_> {
    /// The install's audit key, or `None` when none was made yet.
    pub fn signing_key(&self, home: &SecretHome) -> Result<Option<AuditKey>, StoreError> {
        let text: Option<Zeroizing<String>> = match home {
            SecretHome::Keychain(kc) => match kc.entry_named(KEYCHAIN_ENTRY)?.get_password() {
                Ok(s) => Some(Zeroizing::new(s)),
                Err(keyring::Error::NoEntry) => None,
                Err(e) => return Err(unavailable(e)),
            },
            SecretHome::Sealed => self
                .conn
                .query_row("SELECT secret FROM audit_key WHERE id = 1", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .map(Zeroizing::new),
        };
        text.map(|t| {
            AuditKey::from_hex(&t).ok_or_else(|| {
                StoreError::Audit("the stored audit signing key is not an Ed25519 key".into())
            })
        })
        .transpose()
    }
}

impl AuditLogMut<'_> {
    /// The install's audit key, made and kept on first use. Refused in audit mode.
    pub fn signing_key_or_create(&mut self, home: &SecretHome) -> Result<AuditKey, StoreError> {
        if let Some(key) = self.read().signing_key(home)? {
            return Ok(key);
        }
        self.refuse_in_audit_mode()?;
        let key = AuditKey::generate();
        match home {
            SecretHome::Keychain(kc) => kc
                .entry_named(KEYCHAIN_ENTRY)?
                .set_password(&key.secret_hex())
                .map_err(unavailable)?,
            SecretHome::Sealed => {
                // A key made by another connection meanwhile wins; re-read below.
                self.conn.execute(
                    "INSERT OR IGNORE INTO audit_key (id, public_key, secret) VALUES (1, ?1, ?2)",
                    rusqlite::params![key.public().to_string(), key.secret_hex().as_str()],
                )?;
            }
        }
        self.read()
            .signing_key(home)?
            .ok_or_else(|| StoreError::Audit("the audit signing key was not kept".into()))
    }
}
