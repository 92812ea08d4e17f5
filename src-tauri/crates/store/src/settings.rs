//! Small settings kept in the store (the sync schedule), and the `meta`
//! table that holds them. Other areas keep counters here under their own
//! keys (`generation`, owned by the lines area).

use rusqlite::{params, OptionalExtension};

use crate::schema::{Area, Step};
use crate::StoreError;

pub(crate) const AREA: Area = Area {
    name: "settings",
    steps: &[Step::Sql(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )],
};

area_handles!(
    /// Settings: text values by key.
    Settings,
    SettingsMut,
    settings,
    settings_mut
);

impl Settings<'_> {
    pub fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

impl SettingsMut<'_> {
    /// Sets `key` to `value`, or removes it when `value` is `None`.
    pub fn set(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            ),
            None => self.conn.execute("DELETE FROM meta WHERE key = ?1", [key]),
        }
        .map_err(|e| StoreError::from(e).at(self.path))?;
        Ok(())
    }
}
