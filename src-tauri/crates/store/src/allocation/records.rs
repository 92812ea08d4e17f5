//! The allocation area's records: allocation rule versions (kept whole as
//! JSON, every save a new version), exchange rates (exact decimal text) and
//! saved views.

use rusqlite::{params, OptionalExtension};

use crate::{Allocation, AllocationMut, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleVersionRecord {
    pub id: i64,
    pub saved_at: i64,
    pub note: String,
    /// The rule set as its owner serialised it.
    pub rules: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRecord {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub from: String,
    pub to: String,
    /// Exact decimal text.
    pub rate: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedViewRecord {
    pub name: String,
    pub link: String,
    pub saved_at: i64,
}

impl Allocation<'_> {
    /// Every version, oldest first.
    pub fn rule_versions(&self) -> Result<Vec<RuleVersionRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, saved_at, note, rules FROM rule_version ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(RuleVersionRecord {
                id: r.get(0)?,
                saved_at: r.get(1)?,
                note: r.get(2)?,
                rules: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One version, or the latest when `id` is `None`; `None` when there is none.
    pub fn rule_version(&self, id: Option<i64>) -> Result<Option<RuleVersionRecord>, StoreError> {
        let sql = "SELECT id, saved_at, note, rules FROM rule_version \
                   WHERE (?1 IS NULL OR id = ?1) ORDER BY id DESC LIMIT 1";
        Ok(self
            .conn
            .query_row(sql, [id], |r| {
                Ok(RuleVersionRecord {
                    id: r.get(0)?,
                    saved_at: r.get(1)?,
                    note: r.get(2)?,
                    rules: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Every rate, by pair then date.
    pub fn exchange_rates(&self) -> Result<Vec<RateRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT date, from_cur, to_cur, rate FROM exchange_rate ORDER BY from_cur, to_cur, date",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RateRecord {
                date: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                rate: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn saved_views(&self) -> Result<Vec<SavedViewRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, link, saved_at FROM saved_view ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(SavedViewRecord {
                name: r.get(0)?,
                link: r.get(1)?,
                saved_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl AllocationMut<'_> {
    pub fn save_rule_version(
        &mut self,
        rules: &str,
        note: &str,
        at: i64,
    ) -> Result<RuleVersionRecord, StoreError> {
        self.conn.execute(
            "INSERT INTO rule_version (saved_at, note, rules) VALUES (?1, ?2, ?3)",
            params![at, note, rules],
        )?;
        Ok(RuleVersionRecord {
            id: self.conn.last_insert_rowid(),
            saved_at: at,
            note: note.to_string(),
            rules: rules.to_string(),
        })
    }

    /// Adds or replaces rates in one transaction; returns (added, replaced).
    pub fn put_exchange_rates(&mut self, rates: &[RateRecord]) -> Result<(u32, u32), StoreError> {
        let tx = self.conn.savepoint()?;
        let (mut added, mut replaced) = (0u32, 0u32);
        {
            let mut exists = tx.prepare(
                "SELECT 1 FROM exchange_rate WHERE from_cur = ?1 AND to_cur = ?2 AND date = ?3",
            )?;
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO exchange_rate (date, from_cur, to_cur, rate, shipped) \
                 VALUES (?1, ?2, ?3, ?4, 0)",
            )?;
            for r in rates {
                let found = exists
                    .query_row(params![r.from, r.to, r.date], |_| Ok(()))
                    .optional()?;
                if found.is_some() {
                    replaced += 1;
                } else {
                    added += 1;
                }
                put.execute(params![r.date, r.from, r.to, r.rate])?;
            }
        }
        tx.commit()?;
        Ok((added, replaced))
    }

    /// Removes the rate for (date, from, to); `false` when there was none.
    pub fn remove_exchange_rate(
        &mut self,
        date: &str,
        from: &str,
        to: &str,
    ) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "DELETE FROM exchange_rate WHERE date = ?1 AND from_cur = ?2 AND to_cur = ?3",
            params![date, from, to],
        )?;
        Ok(n > 0)
    }

    /// Adds or replaces the view named `name`.
    pub fn save_view(&mut self, name: &str, link: &str, at: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO saved_view (name, link, saved_at) VALUES (?1, ?2, ?3)",
            params![name, link, at],
        )?;
        Ok(())
    }

    /// `false` when there was no view of that name.
    pub fn remove_view(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM saved_view WHERE name = ?1", [name])?
            > 0)
    }
}
