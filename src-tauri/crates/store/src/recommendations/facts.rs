//! The inventory as recommendations read it: the first inventory columns
//! plus attachment, billing mode, expiry and auto-renewal, and utilisation
//! with memory. Writes replace what a connection holds in one transaction.

use rusqlite::{params, Connection};

use crate::sync::inventory::{inventory_row, INVENTORY_COLUMNS};
use crate::{InventoryRow, Recommendations, RecommendationsMut, StoreError};

/// Facts the first inventory read lacks; `None` = not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InventoryExtra {
    /// A disk attached, or an address associated, to something.
    pub attached: Option<bool>,
    pub attached_to: Option<String>,
    /// `subscription` or `pay_as_you_go`.
    pub billing_mode: Option<String>,
    pub expires_at: Option<i64>,
    pub auto_renew: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRecord {
    pub connection: String,
    pub row: InventoryRow,
    pub extra: InventoryExtra,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UtilisationRecord {
    pub resource_id: String,
    pub at: i64,
    /// Percent; ratios, not money.
    pub cpu_percent: f64,
    pub memory_percent: Option<f64>,
}

fn insert_rows(
    tx: &Connection,
    connection: &str,
    rows: &[(InventoryRow, InventoryExtra)],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO inventory (connection, provider, kind, id, name, region, state, size, tags, \
         created_at, last_seen, attached, attached_to, billing_mode, expires_at, auto_renew) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (r, x) in rows {
        insert.execute(params![
            connection,
            r.provider,
            r.kind,
            r.id,
            r.name,
            r.region,
            r.state,
            r.size,
            r.tags,
            r.created_at,
            r.last_seen,
            x.attached,
            x.attached_to,
            x.billing_mode,
            x.expires_at,
            x.auto_renew
        ])?;
    }
    Ok(())
}

fn insert_samples(
    tx: &Connection,
    connection: &str,
    samples: &[UtilisationRecord],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO utilisation (connection, resource_id, at, cpu_percent, memory_percent) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in samples {
        insert.execute(params![
            connection,
            s.resource_id,
            s.at,
            s.cpu_percent,
            s.memory_percent
        ])?;
    }
    Ok(())
}

impl RecommendationsMut<'_> {
    /// Replaces one connection's inventory for a region and kind, with the
    /// extra facts, in one transaction (resources gone disappear).
    pub fn replace_inventory_facts(
        &mut self,
        connection: &str,
        region: &str,
        kind: &str,
        rows: &[(InventoryRow, InventoryExtra)],
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        tx.execute(
            "DELETE FROM inventory WHERE connection = ?1 AND region = ?2 AND kind = ?3",
            params![connection, region, kind],
        )?;
        insert_rows(&tx, connection, rows)?;
        Ok(tx.commit()?)
    }

    /// Replaces everything one connection holds (inventory and utilisation)
    /// in one transaction: a source that knows its whole estate at once.
    pub fn replace_connection_inventory(
        &mut self,
        connection: &str,
        rows: &[(InventoryRow, InventoryExtra)],
        samples: &[UtilisationRecord],
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        tx.execute("DELETE FROM inventory WHERE connection = ?1", [connection])?;
        tx.execute(
            "DELETE FROM utilisation WHERE connection = ?1",
            [connection],
        )?;
        insert_rows(&tx, connection, rows)?;
        insert_samples(&tx, connection, samples)?;
        Ok(tx.commit()?)
    }

    /// Removes one connection's inventory and utilisation.
    pub fn remove_connection_inventory(&mut self, connection: &str) -> Result<(), StoreError> {
        self.replace_connection_inventory(connection, &[], &[])
    }

    /// Adds samples (with memory where known), replacing any at the same instant.
    pub fn save_utilisation_records(
        &mut self,
        connection: &str,
        samples: &[UtilisationRecord],
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        insert_samples(&tx, connection, samples)?;
        Ok(tx.commit()?)
    }
}

impl Recommendations<'_> {
    /// Every connection's inventory with the extra facts.
    pub fn inventory_records(&self) -> Result<Vec<InventoryRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT connection, {INVENTORY_COLUMNS}, attached, attached_to, billing_mode, expires_at, auto_renew \
             FROM inventory ORDER BY connection, kind, id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(InventoryRecord {
                connection: r.get(0)?,
                row: inventory_row(r, 1)?,
                extra: InventoryExtra {
                    attached: r.get(11)?,
                    attached_to: r.get(12)?,
                    billing_mode: r.get(13)?,
                    expires_at: r.get(14)?,
                    auto_renew: r.get(15)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Utilisation samples at or after `from` (Unix seconds), of every connection.
    pub fn utilisation_since(&self, from: i64) -> Result<Vec<UtilisationRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT resource_id, at, cpu_percent, memory_percent FROM utilisation WHERE at >= ?1 \
             ORDER BY resource_id, at",
        )?;
        let rows = stmt.query_map([from], |r| {
            Ok(UtilisationRecord {
                resource_id: r.get(0)?,
                at: r.get(1)?,
                cpu_percent: r.get(2)?,
                memory_percent: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
