//! Streaming stored lines back out as [`CostLine`]s, for exports and checks.
//! Lines come in import order, one at a time: dimensions are rebuilt once
//! per distinct `dims` row and shared through `Arc`, so memory grows with the
//! number of distinct dimension combinations, never with the number of lines.
//! Runs give each a contiguous id range and a span of charge days, so a date
//! or run filter skips whole runs without touching their lines.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::Arc;

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory,
    Provenance, Tags, Timestamp,
};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::intern::DIMS_COLUMNS;
use crate::money::from_nanos;
use crate::read::consistent;
use crate::{Lines, StoreError};

/// Which stored lines to read. The default selects every line; each list
/// that is not empty keeps only lines whose value is one of its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineFilter {
    /// Earliest charge period start, inclusive (Unix seconds, UTC).
    pub from: Option<Timestamp>,
    /// Charge period starts before this instant, exclusive (Unix seconds, UTC).
    pub to: Option<Timestamp>,
    pub providers: Vec<String>,
    pub billing_account_ids: Vec<String>,
    /// Lines without a sub-account never match a sub-account filter.
    pub sub_account_ids: Vec<String>,
    pub service_names: Vec<String>,
    pub billing_currencies: Vec<String>,
    /// Only the lines of this import or sync run; an unknown run is an error.
    pub run_id: Option<i64>,
}

/// What a scan reads, worked out from a filter before any line is touched.
struct Plan {
    /// (run id, first line id, last line id) of each run that may hold matches.
    runs: Vec<(i64, i64, i64)>,
    from: i64,
    to: i64,
    /// The `dims` ids that pass the dimension filters; `None` when there are none.
    dims: Option<HashSet<i64>>,
}

const LINE_COLUMNS: &str =
    "id, source_row, dims_id, billing_period_id, charge_start, charge_secs, \
     billed, effective, list, contracted, pricing_qty, consumed_qty, list_unit_price, \
     contracted_unit_price, cd_status, cd_qty, cr_status, invoice_id, extras";

impl Lines<'_> {
    /// Calls `each` with every line matching `filter`, in import order, and
    /// returns how many there were. Stops at the first error from `each`.
    /// The whole scan reads one consistent snapshot of the store.
    pub fn scan_lines<E: From<StoreError>>(
        &self,
        filter: &LineFilter,
        mut each: impl FnMut(CostLine) -> Result<(), E>,
    ) -> Result<u64, E> {
        consistent(self.conn, || self.scan_lines_now(filter, &mut each))
    }

    fn scan_lines_now<E: From<StoreError>>(
        &self,
        filter: &LineFilter,
        each: &mut impl FnMut(CostLine) -> Result<(), E>,
    ) -> Result<u64, E> {
        let conn = self.conn;
        let Some(plan) = self.plan(conn, filter)? else {
            return Ok(0);
        };
        let mut cache = Rebuild::default();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {LINE_COLUMNS} FROM line WHERE id BETWEEN ?1 AND ?2 AND run_id = ?3 \
                 AND charge_start >= ?4 AND charge_start < ?5 ORDER BY id"
            ))
            .map_err(StoreError::from)?;
        let mut count = 0u64;
        for &(run, first, last) in &plan.runs {
            let mut rows = stmt
                .query(rusqlite::params![first, last, run, plan.from, plan.to])
                .map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                let dims_id: i64 = row.get(2).map_err(StoreError::from)?;
                if plan.dims.as_ref().is_some_and(|d| !d.contains(&dims_id)) {
                    continue;
                }
                let line = cache.line(self, conn, row, dims_id)?;
                each(line)?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// The distinct keys of the extra (`x_`) fields of the lines matching
    /// `filter`, sorted: what an export needs to name its extra columns
    /// before the first line is written.
    pub fn extras_keys(&self, filter: &LineFilter) -> Result<BTreeSet<String>, StoreError> {
        consistent(self.conn, || self.extras_keys_now(filter))
    }

    fn extras_keys_now(&self, filter: &LineFilter) -> Result<BTreeSet<String>, StoreError> {
        let conn = self.conn;
        let mut keys = BTreeSet::new();
        let Some(plan) = self.plan(conn, filter)? else {
            return Ok(keys);
        };
        let mut stmt = conn.prepare(
            "SELECT dims_id, extras FROM line WHERE id BETWEEN ?1 AND ?2 AND run_id = ?3 \
             AND charge_start >= ?4 AND charge_start < ?5 AND extras IS NOT NULL",
        )?;
        // Lines of one meter repeat the same extras; parse each text once in a row.
        let mut previous = String::new();
        for &(run, first, last) in &plan.runs {
            let mut rows = stmt.query(rusqlite::params![first, last, run, plan.from, plan.to])?;
            while let Some(row) = rows.next()? {
                let dims_id: i64 = row.get(0)?;
                if plan.dims.as_ref().is_some_and(|d| !d.contains(&dims_id)) {
                    continue;
                }
                let Some(text) = text(row, 1)? else { continue };
                if text == previous {
                    continue;
                }
                let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
                    .map_err(|e| {
                        self.corrupt(format!("a line's extras are not a JSON object ({e})"))
                    })?;
                for key in object.keys() {
                    if !keys.contains(key) {
                        keys.insert(key.clone());
                    }
                }
                previous.clear();
                previous.push_str(text);
            }
        }
        Ok(keys)
    }

    /// Resolves a filter into run ranges and allowed dims ids; `None` when
    /// nothing can match.
    fn plan(&self, conn: &Connection, f: &LineFilter) -> Result<Option<Plan>, StoreError> {
        let from = f.from.unwrap_or(i64::MIN);
        let to = f.to.unwrap_or(i64::MAX);
        if from >= to {
            return Ok(None);
        }
        if let Some(run) = f.run_id {
            let known: Option<i64> = conn
                .query_row("SELECT id FROM run WHERE id = ?1", [run], |r| r.get(0))
                .optional()?;
            if known.is_none() {
                return Err(StoreError::NoSuchRun(run));
            }
        }
        // Runs record the days their charges start on in the store's day
        // zone, at most one day away from the UTC day.
        let (first_day, last_day) = (from.div_euclid(86_400) - 1, (to - 1).div_euclid(86_400) + 1);
        let mut stmt = conn.prepare(
            "SELECT id, first_line, last_line FROM run WHERE first_line IS NOT NULL \
             AND last_day >= ?1 AND first_day <= ?2 AND (?3 IS NULL OR id = ?3) ORDER BY first_line",
        )?;
        let runs = stmt
            .query_map(rusqlite::params![first_day, last_day, f.run_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<Vec<(i64, i64, i64)>, _>>()?;
        if runs.is_empty() {
            return Ok(None);
        }
        let dims = match self.dims_matching(conn, f)? {
            DimsMatch::All => None,
            DimsMatch::Some(ids) if ids.is_empty() => return Ok(None),
            DimsMatch::Some(ids) => Some(ids),
        };
        Ok(Some(Plan {
            runs,
            from,
            to,
            dims,
        }))
    }

    fn dims_matching(&self, conn: &Connection, f: &LineFilter) -> Result<DimsMatch, StoreError> {
        // In `dims` table order: provider, billing account, sub-account, currency, service.
        let lists = [
            &f.providers,
            &f.billing_account_ids,
            &f.sub_account_ids,
            &f.billing_currencies,
            &f.service_names,
        ];
        if lists.iter().all(|l| l.is_empty()) {
            return Ok(DimsMatch::All);
        }
        let mut lookup = conn.prepare_cached("SELECT id FROM str WHERE v = ?1")?;
        let mut wanted: Vec<Option<HashSet<i64>>> = Vec::with_capacity(lists.len());
        for list in lists {
            if list.is_empty() {
                wanted.push(None);
                continue;
            }
            let mut ids = HashSet::default();
            for v in list.iter() {
                if let Some(id) = lookup.query_row([v], |r| r.get(0)).optional()? {
                    ids.insert(id);
                }
            }
            if ids.is_empty() {
                return Ok(DimsMatch::Some(HashSet::default()));
            }
            wanted.push(Some(ids));
        }
        let mut stmt = conn.prepare(
            "SELECT id, provider, billing_account_id, sub_account_id, billing_currency, service_name FROM dims",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = HashSet::default();
        while let Some(r) = rows.next()? {
            let mut keep = true;
            for (i, w) in wanted.iter().enumerate() {
                if let Some(ids) = w {
                    let v: Option<i64> = r.get(i + 1)?;
                    if !v.is_some_and(|v| ids.contains(&v)) {
                        keep = false;
                        break;
                    }
                }
            }
            if keep {
                out.insert(r.get(0)?);
            }
        }
        Ok(DimsMatch::Some(out))
    }
}

enum DimsMatch {
    All,
    Some(HashSet<i64>),
}

/// Caches for turning line rows back into lines: dims and billing periods by
/// id, and the few interned strings lines refer to directly (statuses,
/// invoice ids).
#[derive(Default)]
struct Rebuild {
    dims: HashMap<i64, Arc<LineDims>>,
    periods: HashMap<i64, (i64, i64)>,
    strings: HashMap<i64, String>,
}

impl Rebuild {
    fn line(
        &mut self,
        store: &Lines<'_>,
        conn: &Connection,
        row: &Row<'_>,
        dims_id: i64,
    ) -> Result<CostLine, StoreError> {
        let id: i64 = row.get(0)?;
        let dims = match self.dims.get(&dims_id) {
            Some(d) => Arc::clone(d),
            None => {
                let d = Arc::new(load_dims(store, conn, dims_id)?);
                self.dims.insert(dims_id, Arc::clone(&d));
                d
            }
        };
        let period_id: i64 = row.get(3)?;
        let (billing_period_start, billing_period_end) = match self.periods.get(&period_id) {
            Some(p) => *p,
            None => {
                let p: (i64, i64) = conn
                    .query_row(
                        "SELECT start, end FROM period WHERE id = ?1",
                        [period_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?
                    .ok_or_else(|| {
                        store.corrupt(format!("line {id} refers to a missing billing period"))
                    })?;
                self.periods.insert(period_id, p);
                p
            }
        };
        let charge_start: i64 = row.get(4)?;
        let charge_secs: i64 = row.get(5)?;
        let money = |i: usize| -> Result<Decimal, StoreError> {
            Ok(from_nanos(i128::from(row.get::<_, i64>(i)?)))
        };
        let decimal = |i: usize, column: &str| -> Result<Option<Decimal>, StoreError> {
            let Some(text) = text(row, i)? else {
                return Ok(None);
            };
            Decimal::from_str(text).map(Some).map_err(|_| {
                store.corrupt(format!(
                    "line {id} holds '{text}' as {column}, not a decimal"
                ))
            })
        };
        Ok(CostLine {
            billing_period_start,
            billing_period_end,
            charge_period_start: charge_start,
            charge_period_end: charge_start + charge_secs,
            billed_cost: money(6)?,
            effective_cost: money(7)?,
            list_cost: money(8)?,
            contracted_cost: money(9)?,
            pricing_quantity: decimal(10, "PricingQuantity")?,
            consumed_quantity: decimal(11, "ConsumedQuantity")?,
            list_unit_price: decimal(12, "ListUnitPrice")?,
            contracted_unit_price: decimal(13, "ContractedUnitPrice")?,
            commitment_discount_status: self.string(conn, row.get(14)?)?,
            commitment_discount_quantity: decimal(15, "CommitmentDiscountQuantity")?,
            capacity_reservation_status: self.string(conn, row.get(16)?)?,
            invoice_id: self.string(conn, row.get(17)?)?,
            extras: row.get(18)?,
            provenance: Provenance {
                source_row: u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
            },
            dims,
        })
    }

    fn string(&mut self, conn: &Connection, id: Option<i64>) -> Result<Option<String>, StoreError> {
        let Some(id) = id else { return Ok(None) };
        if let Some(s) = self.strings.get(&id) {
            return Ok(Some(s.clone()));
        }
        let s: String = conn
            .prepare_cached("SELECT v FROM str WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        self.strings.insert(id, s.clone());
        Ok(Some(s))
    }
}

/// One `dims` row with every string resolved, as the `LineDims` it was made from.
fn load_dims(store: &Lines<'_>, conn: &Connection, id: i64) -> Result<LineDims, StoreError> {
    let strings = DIMS_COLUMNS.len() - 1; // the last is the tag set
    let mut sql = String::from("SELECT ");
    for c in &DIMS_COLUMNS[..strings] {
        sql.push_str(&format!("(SELECT v FROM str WHERE id = d.{c}), "));
    }
    sql.push_str("d.tagset_id FROM dims d WHERE d.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Err(store.corrupt(format!("a line refers to missing dimensions {id}")));
    };
    let o = |i: usize| r.get::<_, Option<String>>(i);
    let req = |i: usize| -> Result<String, StoreError> {
        o(i)?
            .ok_or_else(|| store.corrupt(format!("dimensions {id} lack their {}", DIMS_COLUMNS[i])))
    };
    fn parsed<T: FromStr>(
        store: &Lines<'_>,
        id: i64,
        v: Option<String>,
    ) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        v.map(|s| {
            s.parse::<T>()
                .map_err(|e| store.corrupt(format!("dimensions {id}: {e}")))
        })
        .transpose()
    }
    let charge_category: ChargeCategory = parsed(store, id, Some(req(13)?))?
        .ok_or_else(|| store.corrupt(format!("dimensions {id} lack a charge category")))?;
    let tagset: Option<i64> = r.get(strings)?;
    Ok(LineDims {
        provider_name: req(0)?,
        publisher_name: req(1)?,
        invoice_issuer_name: req(2)?,
        billing_account_id: req(3)?,
        billing_account_name: o(4)?,
        billing_account_type: o(5)?,
        sub_account_id: o(6)?,
        sub_account_name: o(7)?,
        sub_account_type: o(8)?,
        billing_currency: req(9)?,
        service_name: req(10)?,
        service_category: req(11)?,
        service_subcategory: o(12)?,
        charge_category,
        charge_class: parsed::<ChargeClass>(store, id, o(14)?)?,
        charge_frequency: parsed::<ChargeFrequency>(store, id, o(15)?)?,
        charge_description: o(16)?,
        region_id: o(17)?,
        region_name: o(18)?,
        availability_zone: o(19)?,
        resource_id: o(20)?,
        resource_name: o(21)?,
        resource_type: o(22)?,
        sku_id: o(23)?,
        sku_price_id: o(24)?,
        sku_meter: o(25)?,
        pricing_category: parsed::<PricingCategory>(store, id, o(26)?)?,
        pricing_unit: o(27)?,
        pricing_currency: o(28)?,
        consumed_unit: o(29)?,
        commitment_discount_id: o(30)?,
        commitment_discount_name: o(31)?,
        commitment_discount_category: o(32)?,
        commitment_discount_type: o(33)?,
        commitment_discount_unit: o(34)?,
        capacity_reservation_id: o(35)?,
        tags: match tagset {
            Some(t) => load_tags(conn, t)?,
            None => Tags::new(),
        },
    })
}

fn load_tags(conn: &Connection, tagset: i64) -> Result<Tags, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.v, v.v FROM tag t JOIN str k ON k.id = t.key_id JOIN str v ON v.id = t.value_id \
         WHERE t.tagset_id = ?1",
    )?;
    let rows = stmt.query_map([tagset], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Tags, _>>()?)
}

/// A text column without copying it; `None` for NULL.
fn text<'r>(row: &'r Row<'_>, i: usize) -> Result<Option<&'r str>, StoreError> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|e| StoreError::Sqlite(rusqlite::Error::Utf8Error(e))),
        other => Err(StoreError::Sqlite(rusqlite::Error::InvalidColumnType(
            i,
            format!("column {i}"),
            other.data_type(),
        ))),
    }
}
