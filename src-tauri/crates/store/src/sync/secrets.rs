//! Where a connection's secret lives: the OS keychain (an entry named by the
//! store's salt and the connection name, so two stores never share one), or,
//! in passphrase mode where there is no keychain, sealed inside the
//! encrypted store file. Secrets leave this module only as `Zeroizing`.

use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

use crate::keychain::unavailable;
use std::path::Path;

use crate::{Keychain, Store, StoreError, SyncRecords, SyncRecordsMut};

#[derive(Debug, Clone)]
pub enum SecretHome {
    Keychain(Keychain),
    /// Passphrase mode: the `connection.sealed_secret` column of the encrypted store.
    Sealed,
}

fn secret_entry(store: &Path, kc: &Keychain, name: &str) -> Result<keyring::Entry, StoreError> {
    let salt = Store::salt_of(store)?.ok_or_else(|| StoreError::NotAStore {
        path: store.to_path_buf(),
        reason: "the store file has no salt yet".into(),
    })?;
    kc.entry_named(&format!("connection-{}-{}", hex::encode(salt), name))
}

impl SyncRecordsMut<'_> {
    /// Replaces a connection's secret (a rotated key).
    pub fn set_connection_secret(
        &mut self,
        home: &SecretHome,
        name: &str,
        secret: &str,
    ) -> Result<(), StoreError> {
        self.put_secret(home, name, secret)
    }

    pub(crate) fn put_secret(
        &mut self,
        home: &SecretHome,
        name: &str,
        secret: &str,
    ) -> Result<(), StoreError> {
        self.refuse_in_audit_mode()?;
        match home {
            SecretHome::Keychain(kc) => secret_entry(self.path, kc, name)?
                .set_password(secret)
                .map_err(unavailable),
            SecretHome::Sealed => {
                self.conn.execute(
                    "UPDATE connection SET sealed_secret = ?2 WHERE name = ?1",
                    params![name, secret],
                )?;
                Ok(())
            }
        }
    }

    pub(crate) fn delete_secret(
        &mut self,
        home: &SecretHome,
        name: &str,
    ) -> Result<(), StoreError> {
        self.refuse_in_audit_mode()?;
        match home {
            SecretHome::Keychain(kc) => {
                match secret_entry(self.path, kc, name)?.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(unavailable(e)),
                }
            }
            // The row goes with the connection.
            SecretHome::Sealed => Ok(()),
        }
    }
}

impl SyncRecords<'_> {
    /// The connection's secret, `None` when it is missing (a deleted
    /// keychain entry, a store moved to another machine).
    pub fn connection_secret(
        &self,
        home: &SecretHome,
        name: &str,
    ) -> Result<Option<Zeroizing<String>>, StoreError> {
        match home {
            SecretHome::Keychain(kc) => match secret_entry(self.path, kc, name)?.get_password() {
                Ok(s) => Ok(Some(Zeroizing::new(s))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(unavailable(e)),
            },
            SecretHome::Sealed => Ok(self
                .conn
                .query_row(
                    "SELECT sealed_secret FROM connection WHERE name = ?1",
                    [name],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten()
                .map(Zeroizing::new)),
        }
    }
}
