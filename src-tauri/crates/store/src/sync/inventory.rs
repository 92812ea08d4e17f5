//! Provider inventory (instances, disks, IPs) and daily CPU utilisation,
//! joined to cost lines by resource id. Written with the facts
//! recommendations read (`recommendations/facts.rs`), whose area adds
//! those columns.

use crate::{StoreError, SyncRecords};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRow {
    pub provider: String,
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
    pub region: String,
    pub state: String,
    pub size: Option<String>,
    /// `[[key, value], ...]` as JSON.
    pub tags: String,
    pub created_at: Option<i64>,
    pub last_seen: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UtilSample {
    pub resource_id: String,
    pub at: i64,
    /// A ratio, not money.
    pub cpu_percent: f64,
}

/// The inventory columns every read of [`InventoryRow`] selects, in order.
pub(crate) const INVENTORY_COLUMNS: &str =
    "provider, kind, id, name, region, state, size, tags, created_at, last_seen";

/// An [`InventoryRow`] from the columns of [`INVENTORY_COLUMNS`] starting at `at`.
pub(crate) fn inventory_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<InventoryRow> {
    Ok(InventoryRow {
        provider: r.get(at)?,
        kind: r.get(at + 1)?,
        id: r.get(at + 2)?,
        name: r.get(at + 3)?,
        region: r.get(at + 4)?,
        state: r.get(at + 5)?,
        size: r.get(at + 6)?,
        tags: r.get(at + 7)?,
        created_at: r.get(at + 8)?,
        last_seen: r.get(at + 9)?,
    })
}

impl SyncRecords<'_> {
    pub fn inventory(&self, connection: Option<&str>) -> Result<Vec<InventoryRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INVENTORY_COLUMNS} FROM inventory WHERE ?1 IS NULL OR connection = ?1 ORDER BY kind, id"
        ))?;
        let rows = stmt.query_map([connection], |r| inventory_row(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What the most recent sync saw of one resource, from any connection.
    pub fn inventory_of(&self, resource_id: &str) -> Result<Option<InventoryRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INVENTORY_COLUMNS} FROM inventory WHERE id = ?1 ORDER BY last_seen DESC LIMIT 1"
        ))?;
        let mut rows = stmt.query_map([resource_id], |r| inventory_row(r, 0))?;
        Ok(rows.next().transpose()?)
    }

    pub fn inventory_count(&self, connection: &str) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM inventory WHERE connection = ?1",
            [connection],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    pub fn utilisation(&self, connection: &str) -> Result<Vec<UtilSample>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT resource_id, at, cpu_percent FROM utilisation WHERE connection = ?1 ORDER BY resource_id, at",
        )?;
        let rows = stmt.query_map([connection], |r| {
            Ok(UtilSample {
                resource_id: r.get(0)?,
                at: r.get(1)?,
                cpu_percent: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each inventory resource of the connection with the billed cost of
    /// the cost lines naming it (resource id join), per currency.
    pub fn inventory_costs(
        &self,
        connection: &str,
    ) -> Result<Vec<(String, String, String, cloudlens_model::Decimal)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT i.id, i.kind, c.v, dsum(l.billed) FROM inventory i JOIN str s ON s.v = i.id \
             JOIN dims d ON d.resource_id = s.id JOIN line l ON l.dims_id = d.id \
             JOIN str c ON c.id = d.billing_currency WHERE i.connection = ?1 GROUP BY i.id, i.kind, c.v ORDER BY i.id",
        )?;
        let rows = stmt.query_map([connection], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, cur, sum) = row?;
            let billed = sum.parse().map_err(|_| StoreError::AmountOutOfRange {
                column: "BilledCost",
                value: sum.clone(),
            })?;
            out.push((id, kind, cur, billed));
        }
        Ok(out)
    }
}
