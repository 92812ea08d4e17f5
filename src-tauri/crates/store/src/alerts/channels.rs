//! Alert channels: name, kind and language in the table; the webhook URL
//! (it carries the robot's token) and the signing secret only in the OS
//! keychain, or sealed in the encrypted store in passphrase mode.

use std::fmt;

use rusqlite::{params, OptionalExtension, Row};
use zeroize::Zeroizing;

use crate::keychain::unavailable;
use std::path::Path;

use crate::{Alerts, AlertsMut, SecretHome, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlertChannel {
    pub name: String,
    /// `desktop`, `dingtalk`, `wecom`, `feishu`, `slack` or `webhook`.
    pub kind: String,
    /// `en` or `zh-CN`.
    pub language: String,
    pub created_at: i64,
}

/// A channel as stored, without its URL or secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertChannelRecord {
    pub name: String,
    pub kind: String,
    pub language: String,
    pub created_at: i64,
}

/// A channel's webhook URL and signing secret. `Debug` never shows them.
#[derive(Clone, Default)]
pub struct ChannelSecret {
    pub url: Option<Zeroizing<String>>,
    pub secret: Option<Zeroizing<String>>,
}

impl fmt::Debug for ChannelSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChannelSecret")
            .field("url", &self.url.as_ref().map(|_| "<redacted>"))
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl ChannelSecret {
    /// One keychain entry holds both, one per line (neither may hold a
    /// line break; the caller checks).
    fn joined(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::new());
        s.push_str(self.url.as_deref().map_or("", |u| u.as_str()));
        s.push('\n');
        s.push_str(self.secret.as_deref().map_or("", |u| u.as_str()));
        s
    }

    fn split(joined: &str) -> ChannelSecret {
        let (url, secret) = joined.split_once('\n').unwrap_or((joined, ""));
        let some = |s: &str| (!s.is_empty()).then(|| Zeroizing::new(s.to_string()));
        ChannelSecret {
            url: some(url),
            secret: some(secret),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.url.is_none() && self.secret.is_none()
    }
}

fn record(r: &Row<'_>) -> rusqlite::Result<AlertChannelRecord> {
    Ok(AlertChannelRecord {
        name: r.get(0)?,
        kind: r.get(1)?,
        language: r.get(2)?,
        created_at: r.get(3)?,
    })
}

fn channel_entry(
    store: &Path,
    kc: &crate::Keychain,
    name: &str,
) -> Result<keyring::Entry, StoreError> {
    let salt = Store::salt_of(store)?.ok_or_else(|| StoreError::NotAStore {
        path: store.to_path_buf(),
        reason: "the store file has no salt yet".into(),
    })?;
    kc.entry_named(&format!("alert-channel-{}-{}", hex::encode(salt), name))
}

impl AlertsMut<'_> {
    /// Adds a channel with its URL and secret; `false` when the name is in
    /// use. In keychain mode the entry is written first and removed again if
    /// the row cannot be added, so neither is left without the other.
    pub fn add_channel(
        &mut self,
        new: &NewAlertChannel,
        secret: &ChannelSecret,
        home: &SecretHome,
    ) -> Result<bool, StoreError> {
        if self.read().channel(&new.name)?.is_some() {
            return Ok(false);
        }
        let keychain_entry = match (home, secret.is_empty()) {
            (SecretHome::Keychain(kc), false) => {
                let entry = channel_entry(self.path, kc, &new.name)?;
                entry.set_password(&secret.joined()).map_err(unavailable)?;
                Some(entry)
            }
            _ => None,
        };
        let sealed = matches!(home, SecretHome::Sealed);
        let inserted = self.conn.execute(
            "INSERT INTO alert_channel (name, kind, language, created_at, sealed_url, sealed_secret) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.name,
                new.kind,
                new.language,
                new.created_at,
                secret.url.as_deref().filter(|_| sealed).map(|s| s.as_str()),
                secret.secret.as_deref().filter(|_| sealed).map(|s| s.as_str()),
            ],
        );
        if let Err(e) = inserted {
            if let Some(entry) = keychain_entry {
                let _ = entry.delete_credential();
            }
            return Err(e.into());
        }
        Ok(true)
    }

    /// Removes the channel and its secret; its deliveries still waiting are
    /// failed (they have nowhere to go). Returns whether it existed.
    pub fn remove_channel(&mut self, name: &str, home: &SecretHome) -> Result<bool, StoreError> {
        if let SecretHome::Keychain(kc) = home {
            match channel_entry(self.path, kc, name)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => return Err(unavailable(e)),
            }
        }
        let tx = self.conn.savepoint()?;
        tx.execute(
            "UPDATE alert_delivery SET state = 'failed', last_error = 'the channel was removed' \
             WHERE channel = ?1 AND state = 'queued'",
            [name],
        )?;
        let n = tx.execute("DELETE FROM alert_channel WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(n > 0)
    }
}

impl Alerts<'_> {
    pub fn channels(&self) -> Result<Vec<AlertChannelRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, kind, language, created_at FROM alert_channel ORDER BY name")?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn channel(&self, name: &str) -> Result<Option<AlertChannelRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, kind, language, created_at FROM alert_channel WHERE name = ?1",
                [name],
                record,
            )
            .optional()?)
    }

    /// The channel's URL and secret; empty when none is stored (a desktop
    /// channel, a deleted keychain entry, a store moved to another machine).
    pub fn channel_secret(
        &self,
        home: &SecretHome,
        name: &str,
    ) -> Result<ChannelSecret, StoreError> {
        match home {
            SecretHome::Keychain(kc) => match channel_entry(self.path, kc, name)?.get_password() {
                Ok(s) => Ok(ChannelSecret::split(&Zeroizing::new(s))),
                Err(keyring::Error::NoEntry) => Ok(ChannelSecret::default()),
                Err(e) => Err(unavailable(e)),
            },
            SecretHome::Sealed => {
                let row: Option<(Option<String>, Option<String>)> = self
                    .conn
                    .query_row(
                        "SELECT sealed_url, sealed_secret FROM alert_channel WHERE name = ?1",
                        [name],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let (url, secret) = row.unwrap_or_default();
                Ok(ChannelSecret {
                    url: url.map(Zeroizing::new),
                    secret: secret.map(Zeroizing::new),
                })
            }
        }
    }
}
