//! Budget rows. The definition is the api's JSON; the store only keeps it,
//! names it uniquely and counts its revisions.

use rusqlite::{params, OptionalExtension, Row};

use crate::{Budgets, BudgetsMut, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRecord {
    pub id: i64,
    pub name: String,
    /// The definition as JSON.
    pub spec: String,
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A threshold first seen crossed in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossingRecord {
    pub period: String,
    /// `actual` or `forecast`.
    pub kind: String,
    /// The threshold's percentage as decimal text.
    pub percent: String,
    /// `YYYY-MM-DD`.
    pub crossed_on: String,
}

const COLUMNS: &str = "id, name, spec, revision, created_at, updated_at";

fn record(r: &Row<'_>) -> rusqlite::Result<BudgetRecord> {
    Ok(BudgetRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        spec: r.get(2)?,
        revision: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

impl Budgets<'_> {
    /// Every budget, by name.
    pub fn list(&self) -> Result<Vec<BudgetRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM budget ORDER BY name"))?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get(&self, name: &str) -> Result<Option<BudgetRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM budget WHERE name = ?1"),
                [name],
                record,
            )
            .optional()?)
    }

    /// The crossings recorded for a budget's revision in one period.
    pub fn crossings(
        &self,
        budget_id: i64,
        revision: i64,
        period: &str,
    ) -> Result<Vec<CrossingRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT period, kind, percent, crossed_on FROM budget_crossing \
             WHERE budget_id = ?1 AND revision = ?2 AND period = ?3 ORDER BY kind, percent",
        )?;
        let rows = stmt.query_map(params![budget_id, revision, period], |r| {
            Ok(CrossingRecord {
                period: r.get(0)?,
                kind: r.get(1)?,
                percent: r.get(2)?,
                crossed_on: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl BudgetsMut<'_> {
    /// Adds a budget; `None` when the name is taken.
    pub fn add(&mut self, name: &str, spec: &str, now: i64) -> Result<Option<i64>, StoreError> {
        let n = self.conn.execute(
            "INSERT INTO budget (name, spec, revision, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3) \
             ON CONFLICT (name) DO NOTHING",
            params![name, spec, now],
        )?;
        Ok((n > 0).then(|| self.conn.last_insert_rowid()))
    }

    /// Adds several budgets, all or none; returns the names already taken
    /// (and adds nothing) when any is.
    pub fn add_all(
        &mut self,
        budgets: &[(String, String)],
        now: i64,
    ) -> Result<Vec<String>, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut taken = Vec::new();
        for (name, spec) in budgets {
            let n = tx.execute(
                "INSERT INTO budget (name, spec, revision, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3) \
                 ON CONFLICT (name) DO NOTHING",
                params![name, spec, now],
            )?;
            if n == 0 {
                taken.push(name.clone());
            }
        }
        if taken.is_empty() {
            tx.commit()?;
        }
        Ok(taken)
    }

    /// Replaces budget `id`'s name and definition, a new revision. `false`
    /// when there is no such budget; an error when the new name is taken.
    pub fn update(
        &mut self,
        id: i64,
        name: &str,
        spec: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE budget SET name = ?2, spec = ?3, revision = revision + 1, updated_at = ?4 WHERE id = ?1",
            params![id, name, spec, now],
        )?;
        Ok(n > 0)
    }

    /// Removes a budget and its crossings; whether it existed.
    pub fn remove(&mut self, name: &str) -> Result<bool, StoreError> {
        let tx = self.conn.savepoint()?;
        tx.execute(
            "DELETE FROM budget_crossing WHERE budget_id IN (SELECT id FROM budget WHERE name = ?1)",
            [name],
        )?;
        let n = tx.execute("DELETE FROM budget WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// Records the day a threshold was first seen crossed; a crossing
    /// recorded before keeps its day.
    pub fn record_crossing(
        &mut self,
        budget_id: i64,
        revision: i64,
        crossing: &CrossingRecord,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO budget_crossing (budget_id, revision, period, kind, percent, crossed_on) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![
                budget_id,
                revision,
                crossing.period,
                crossing.kind,
                crossing.percent,
                crossing.crossed_on
            ],
        )?;
        Ok(())
    }
}
