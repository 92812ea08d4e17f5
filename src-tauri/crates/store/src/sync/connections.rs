//! Provider connections: what to call and how it went. No secret is ever
//! read into these records (see `secrets.rs`).

use rusqlite::{params, OptionalExtension, Row};

use crate::{SecretHome, StoreError, SyncRecords, SyncRecordsMut};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConnection {
    pub name: String,
    pub provider: String,
    pub key_id: String,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub site: String,
    pub created_at: i64,
}

/// A connection as stored, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRecord {
    pub name: String,
    pub provider: String,
    pub key_id: String,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub site: String,
    pub created_at: i64,
    pub billing_account: Option<String>,
    /// A `ConnectionStatus` word (`not_synced`, `up_to_date`...).
    pub status: String,
    pub last_success: Option<i64>,
    pub last_error: Option<ConnectionError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionError {
    pub at: i64,
    pub status: String,
    pub message: String,
    pub request_id: Option<String>,
}

/// The outcome of a test or a sync, applied to a connection. A failure
/// sets the last error and leaves the last success alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionUpdate {
    pub status: String,
    pub billing_account: Option<String>,
    pub success_at: Option<i64>,
    pub error: Option<ConnectionError>,
}

const COLUMNS: &str =
    "name, provider, key_id, endpoint, region, site, created_at, billing_account, status, \
     last_success, last_error_at, last_error_status, last_error_message, last_error_request";

fn record(r: &Row<'_>) -> rusqlite::Result<ConnectionRecord> {
    let at: Option<i64> = r.get(10)?;
    Ok(ConnectionRecord {
        name: r.get(0)?,
        provider: r.get(1)?,
        key_id: r.get(2)?,
        endpoint: r.get(3)?,
        region: r.get(4)?,
        site: r.get(5)?,
        created_at: r.get(6)?,
        billing_account: r.get(7)?,
        status: r.get(8)?,
        last_success: r.get(9)?,
        last_error: match at {
            Some(at) => Some(ConnectionError {
                at,
                status: r.get(11)?,
                message: r.get(12)?,
                request_id: r.get(13)?,
            }),
            None => None,
        },
    })
}

impl SyncRecords<'_> {
    pub fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM connection ORDER BY name"))?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn connection(&self, name: &str) -> Result<Option<ConnectionRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM connection WHERE name = ?1"),
                [name],
                record,
            )
            .optional()?)
    }
}

impl SyncRecordsMut<'_> {
    /// Adds a connection and puts its secret in `home`; refuses a name in use.
    /// The secret is written first for the keychain and removed again when
    /// the row cannot be added, so neither is left without the other.
    pub fn add_connection(
        &mut self,
        new: &NewConnection,
        secret: &str,
        home: &SecretHome,
    ) -> Result<bool, StoreError> {
        if self.read().connection(&new.name)?.is_some() {
            return Ok(false);
        }
        if let SecretHome::Keychain(_) = home {
            self.put_secret(home, &new.name, secret)?;
        }
        let inserted = self.conn.execute(
            "INSERT INTO connection (name, provider, key_id, endpoint, region, site, created_at, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'not_synced')",
            params![
                new.name,
                new.provider,
                new.key_id,
                new.endpoint,
                new.region,
                new.site,
                new.created_at
            ],
        );
        if let Err(e) = inserted {
            let _ = self.delete_secret(home, &new.name);
            return Err(e.into());
        }
        if let SecretHome::Sealed = home {
            self.put_secret(home, &new.name, secret)?;
        }
        Ok(true)
    }

    /// Removes the connection and its secret; returns whether it existed.
    /// Synced lines, windows and inventory stay (the lines until removed
    /// from the history; the windows so a re-added connection of the same
    /// name replaces rather than duplicates them).
    pub fn remove_connection(&mut self, name: &str, home: &SecretHome) -> Result<bool, StoreError> {
        self.delete_secret(home, name)?;
        let n = self
            .conn
            .execute("DELETE FROM connection WHERE name = ?1", [name])?;
        Ok(n > 0)
    }

    pub fn update_connection(
        &mut self,
        name: &str,
        u: &ConnectionUpdate,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE connection SET status = ?2, billing_account = coalesce(?3, billing_account), \
             last_success = coalesce(?4, last_success) WHERE name = ?1",
            params![name, u.status, u.billing_account, u.success_at],
        )?;
        if let Some(e) = &u.error {
            self.conn.execute(
                "UPDATE connection SET last_error_at = ?2, last_error_status = ?3, last_error_message = ?4, \
                 last_error_request = ?5 WHERE name = ?1",
                params![name, e.at, e.status, e.message, e.request_id],
            )?;
        }
        Ok(())
    }
}
