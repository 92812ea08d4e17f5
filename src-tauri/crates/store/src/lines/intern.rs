//! Interning of strings, tag sets and dimension combinations during one
//! import transaction, so each distinct value is written once.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use cloudlens_model::{LineDims, Tags};
use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;

/// The dimensions a daily rollup row is keyed by: currency, provider, billing
/// account, sub-account (0 when none) and service, as string ids.
pub type RollupKey = [i64; 5];

#[derive(Clone, Copy)]
pub struct DimsRef {
    pub id: i64,
    pub rollup: RollupKey,
}

/// Address-keyed dims held at most (as many as a bill mapper shares at
/// once). A source that shares one `Arc` across many lines hits this
/// cache; one that makes new dims for every line would otherwise keep
/// every line's dims alive until the commit. Past this the cache starts
/// over; the key-based map still finds every dims row.
const DIMS_BY_PTR_MAX: usize = 16_384;

/// Values each key-based map holds at most. Every value is also a row the
/// transaction can look up by its unique key, so a map that starts over
/// costs lookups, not correctness; without the bound, memory would grow
/// with the number of distinct resources in one import.
const STRINGS_MAX: usize = 65_536;
const TAGSETS_MAX: usize = 16_384;
const DIMS_BY_KEY_MAX: usize = 65_536;

/// A map that starts over when it reaches `MAX` entries.
struct Bounded<K, V, const MAX: usize>(HashMap<K, V>);

impl<K, V, const MAX: usize> Default for Bounded<K, V, MAX> {
    fn default() -> Self {
        Bounded(HashMap::default())
    }
}

impl<K: std::hash::Hash + Eq, V: Copy, const MAX: usize> Bounded<K, V, MAX> {
    fn get<Q>(&self, k: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.get(k).copied()
    }

    fn insert(&mut self, k: K, v: V) {
        if self.0.len() >= MAX {
            self.0 = HashMap::default();
        }
        self.0.insert(k, v);
    }
}

#[derive(Default)]
pub struct Interner {
    strings: Bounded<String, i64, STRINGS_MAX>,
    periods: HashMap<(i64, i64), i64>,
    tagsets: Bounded<String, i64, TAGSETS_MAX>,
    dims_by_key: Bounded<Vec<u8>, DimsRef, DIMS_BY_KEY_MAX>,
    /// Sources share one `Arc<LineDims>` across many lines; keyed by address,
    /// with the `Arc` kept alive here so an address is never reused.
    dims_by_ptr: HashMap<usize, DimsRef>,
    keep_alive: Vec<Arc<LineDims>>,
}

impl Interner {
    pub fn string(&mut self, tx: &Connection, v: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.strings.get(v) {
            return Ok(id);
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM str WHERE v = ?1")?
            .query_row([v], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO str (v) VALUES (?1)")?
                    .execute([v])?;
                tx.last_insert_rowid()
            }
        };
        self.strings.insert(v.to_string(), id);
        Ok(id)
    }

    /// A billing period (start, end); runs of lines share a handful.
    pub fn period(&mut self, tx: &Connection, start: i64, end: i64) -> Result<i64, StoreError> {
        if let Some(id) = self.periods.get(&(start, end)) {
            return Ok(*id);
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM period WHERE start = ?1 AND end = ?2")?
            .query_row([start, end], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO period (start, end) VALUES (?1, ?2)")?
                    .execute([start, end])?;
                tx.last_insert_rowid()
            }
        };
        self.periods.insert((start, end), id);
        Ok(id)
    }

    /// The id of an optional string, `None` for none.
    pub fn opt_string(
        &mut self,
        tx: &Connection,
        v: Option<&str>,
    ) -> Result<Option<i64>, StoreError> {
        v.map(|s| self.string(tx, s)).transpose()
    }

    fn opt(&mut self, tx: &Connection, v: Option<&str>) -> Result<i64, StoreError> {
        match v {
            Some(s) => self.string(tx, s),
            None => Ok(0),
        }
    }

    fn tagset(&mut self, tx: &Connection, tags: &Tags) -> Result<i64, StoreError> {
        if tags.is_empty() {
            return Ok(0);
        }
        let canon = serde_json::to_string(tags).unwrap_or_default();
        if let Some(id) = self.tagsets.get(&canon) {
            return Ok(id);
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM tagset WHERE canon = ?1")?
            .query_row([&canon], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO tagset (canon) VALUES (?1)")?
                    .execute([&canon])?;
                let id = tx.last_insert_rowid();
                for (k, v) in tags {
                    let (k, v) = (self.string(tx, k)?, self.string(tx, v)?);
                    tx.prepare_cached(
                        "INSERT INTO tag (tagset_id, key_id, value_id) VALUES (?1, ?2, ?3)",
                    )?
                    .execute([id, k, v])?;
                }
                id
            }
        };
        self.tagsets.insert(canon, id);
        Ok(id)
    }

    pub fn dims(&mut self, tx: &Connection, dims: &Arc<LineDims>) -> Result<DimsRef, StoreError> {
        let ptr = Arc::as_ptr(dims) as usize;
        if let Some(r) = self.dims_by_ptr.get(&ptr) {
            return Ok(*r);
        }
        let ids = self.dims_ids(tx, dims)?;
        let mut key = Vec::with_capacity(ids.len() * 3);
        for id in ids {
            push_varint(&mut key, id as u64);
        }
        let r = match self.dims_by_key.get(&key) {
            Some(r) => r,
            None => {
                let found: Option<i64> = tx
                    .prepare_cached("SELECT id FROM dims WHERE key = ?1")?
                    .query_row([&key], |r| r.get(0))
                    .optional()?;
                let id = match found {
                    Some(id) => id,
                    None => insert_dims(tx, &key, &ids)?,
                };
                // Positions in DIMS_COLUMNS: currency, provider, billing account, sub-account, service.
                let r = DimsRef {
                    id,
                    rollup: [ids[9], ids[0], ids[3], ids[6], ids[10]],
                };
                self.dims_by_key.insert(key, r);
                r
            }
        };
        if self.keep_alive.len() >= DIMS_BY_PTR_MAX {
            // Cleared together, so no address outlives the `Arc` it named.
            self.dims_by_ptr.clear();
            self.keep_alive.clear();
        }
        self.dims_by_ptr.insert(ptr, r);
        self.keep_alive.push(Arc::clone(dims));
        Ok(r)
    }

    /// The string ids of every dimension column, in `dims` table order.
    fn dims_ids(
        &mut self,
        tx: &Connection,
        d: &LineDims,
    ) -> Result<[i64; DIMS_COLUMNS.len()], StoreError> {
        Ok([
            self.string(tx, &d.provider_name)?,
            self.string(tx, &d.publisher_name)?,
            self.string(tx, &d.invoice_issuer_name)?,
            self.string(tx, &d.billing_account_id)?,
            self.opt(tx, o(&d.billing_account_name))?,
            self.opt(tx, o(&d.billing_account_type))?,
            self.opt(tx, o(&d.sub_account_id))?,
            self.opt(tx, o(&d.sub_account_name))?,
            self.opt(tx, o(&d.sub_account_type))?,
            self.string(tx, &d.billing_currency)?,
            self.string(tx, &d.service_name)?,
            self.string(tx, &d.service_category)?,
            self.opt(tx, o(&d.service_subcategory))?,
            self.string(tx, d.charge_category.as_str())?,
            self.opt(tx, d.charge_class.map(|c| c.as_str()))?,
            self.opt(tx, d.charge_frequency.map(|c| c.as_str()))?,
            self.opt(tx, o(&d.charge_description))?,
            self.opt(tx, o(&d.region_id))?,
            self.opt(tx, o(&d.region_name))?,
            self.opt(tx, o(&d.availability_zone))?,
            self.opt(tx, o(&d.resource_id))?,
            self.opt(tx, o(&d.resource_name))?,
            self.opt(tx, o(&d.resource_type))?,
            self.opt(tx, o(&d.sku_id))?,
            self.opt(tx, o(&d.sku_price_id))?,
            self.opt(tx, o(&d.sku_meter))?,
            self.opt(tx, d.pricing_category.map(|c| c.as_str()))?,
            self.opt(tx, o(&d.pricing_unit))?,
            self.opt(tx, o(&d.pricing_currency))?,
            self.opt(tx, o(&d.consumed_unit))?,
            self.opt(tx, o(&d.commitment_discount_id))?,
            self.opt(tx, o(&d.commitment_discount_name))?,
            self.opt(tx, o(&d.commitment_discount_category))?,
            self.opt(tx, o(&d.commitment_discount_type))?,
            self.opt(tx, o(&d.commitment_discount_unit))?,
            self.opt(tx, o(&d.capacity_reservation_id))?,
            self.tagset(tx, &d.tags)?,
        ])
    }
}

pub const DIMS_COLUMNS: [&str; 37] = [
    "provider",
    "publisher",
    "invoice_issuer",
    "billing_account_id",
    "billing_account_name",
    "billing_account_type",
    "sub_account_id",
    "sub_account_name",
    "sub_account_type",
    "billing_currency",
    "service_name",
    "service_category",
    "service_subcategory",
    "charge_category",
    "charge_class",
    "charge_frequency",
    "charge_description",
    "region_id",
    "region_name",
    "availability_zone",
    "resource_id",
    "resource_name",
    "resource_type",
    "sku_id",
    "sku_price_id",
    "sku_meter",
    "pricing_category",
    "pricing_unit",
    "pricing_currency",
    "consumed_unit",
    "commitment_discount_id",
    "commitment_discount_name",
    "commitment_discount_category",
    "commitment_discount_type",
    "commitment_discount_unit",
    "capacity_reservation_id",
    "tagset_id",
];

fn insert_dims(
    tx: &Connection,
    key: &[u8],
    ids: &[i64; DIMS_COLUMNS.len()],
) -> Result<i64, StoreError> {
    let sql = format!(
        "INSERT INTO dims (key, {}) VALUES (?1, {})",
        DIMS_COLUMNS.join(", "),
        (2..=DIMS_COLUMNS.len() + 1)
            .map(|i| format!("nullif(?{i}, 0)"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut params: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(ids.len() + 1);
    params.push(&key);
    for id in ids {
        params.push(id);
    }
    stmt.execute(params.as_slice())?;
    let id = tx.last_insert_rowid();
    // Display names of billing and sub-accounts, latest wins, so queries need not scan `dims`.
    for (account, name) in [(ids[3], ids[4]), (ids[6], ids[7])] {
        if account != 0 && name != 0 {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO account_name (account, name) VALUES (?1, ?2)",
            )?
            .execute([account, name])?;
        }
    }
    Ok(id)
}

fn o(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn a_bounded_map_starts_over_when_full_and_keeps_the_newest() {
        let mut m: Bounded<&str, i64, 2> = Bounded::default();
        m.insert("a", 1);
        m.insert("b", 2);
        assert_eq!((m.get("a"), m.get("b")), (Some(1), Some(2)));
        m.insert("c", 3);
        assert_eq!((m.get("a"), m.get("b"), m.get("c")), (None, None, Some(3)));
    }
}
