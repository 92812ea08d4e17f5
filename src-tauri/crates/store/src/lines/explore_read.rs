//! Reads for the explorer's in-memory snapshot: every `dims` row with its
//! strings resolved, and the lines streamed as narrow columns (dimensions
//! id, charge day, one metric), so the snapshot can load a metric only when
//! a query first needs it. Also the store generation that tells a cached
//! snapshot it is stale.

use std::str::FromStr;
use std::sync::Arc;

use cloudlens_model::{DayZone, Decimal};
use rusqlite::types::ValueRef;
use rustc_hash::FxHashMap as HashMap;

use crate::money::to_nanos;
use crate::read::consistent;
use crate::{Lines, StoreError};

/// A tag set's (key, value) pairs, sorted by key.
pub type TagList = Vec<(Arc<str>, Arc<str>)>;

/// One distinct dimension combination, strings resolved and shared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DimsRecord {
    pub id: i64,
    pub provider: Arc<str>,
    pub billing_account_id: Arc<str>,
    pub billing_account_name: Option<Arc<str>>,
    pub sub_account_id: Option<Arc<str>>,
    pub sub_account_name: Option<Arc<str>>,
    pub billing_currency: Arc<str>,
    pub service_name: Arc<str>,
    pub service_category: Arc<str>,
    pub region_id: Option<Arc<str>>,
    pub resource_id: Option<Arc<str>>,
    pub resource_name: Option<Arc<str>>,
    pub charge_category: Arc<str>,
    /// FOCUS `ChargeClass`: `Correction` for corrections of earlier periods.
    pub charge_class: Option<Arc<str>>,
    /// FOCUS `ChargeFrequency` (`Recurring` for subscriptions).
    pub charge_frequency: Option<Arc<str>>,
    pub pricing_category: Option<Arc<str>>,
    pub commitment_discount_id: Option<Arc<str>>,
    pub consumed_unit: Option<Arc<str>>,
    pub sku_id: Option<Arc<str>>,
    /// Sorted by key.
    pub tags: Vec<(Arc<str>, Arc<str>)>,
}

/// Which per-line value a column scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineColumn {
    Billed,
    Effective,
    List,
    Contracted,
    /// Consumed quantity in nano-units of its unit (exact to nine places,
    /// rounded half-to-even beyond); absent quantities read as zero.
    ConsumedQuantity,
}

impl LineColumn {
    fn sql(self) -> &'static str {
        match self {
            LineColumn::Billed => "billed",
            LineColumn::Effective => "effective",
            LineColumn::List => "list",
            LineColumn::Contracted => "contracted",
            LineColumn::ConsumedQuantity => "consumed_qty",
        }
    }
}

impl Lines<'_> {
    /// A counter bumped (by triggers) whenever a run is added, changed or
    /// removed, i.e. whenever the set of lines may have changed.
    pub fn generation(&self) -> Result<i64, StoreError> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| {
                r.get(0)
            })
            .ok();
        Ok(v.and_then(|s| s.parse().ok()).unwrap_or(0))
    }

    /// Every `dims` row, strings resolved once through a shared table.
    pub fn explore_dims(&self) -> Result<Vec<DimsRecord>, StoreError> {
        consistent(self.conn, || self.explore_dims_now())
    }

    fn explore_dims_now(&self) -> Result<Vec<DimsRecord>, StoreError> {
        let conn = self.conn;
        let mut strings: HashMap<i64, Arc<str>> = HashMap::default();
        {
            let mut stmt = conn.prepare("SELECT id, v FROM str")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let v: String = r.get(1)?;
                strings.insert(r.get(0)?, Arc::from(v));
            }
        }
        let mut tagsets: HashMap<i64, TagList> = HashMap::default();
        {
            let mut stmt = conn.prepare("SELECT tagset_id, key_id, value_id FROM tag")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (k, v): (i64, i64) = (r.get(1)?, r.get(2)?);
                let (Some(k), Some(v)) = (strings.get(&k), strings.get(&v)) else {
                    return Err(self.corrupt("a tag refers to a missing string".into()));
                };
                tagsets
                    .entry(r.get(0)?)
                    .or_default()
                    .push((k.clone(), v.clone()));
            }
        }
        for tags in tagsets.values_mut() {
            tags.sort();
        }
        let mut stmt = conn.prepare(
            "SELECT id, provider, billing_account_id, billing_account_name, sub_account_id, \
             sub_account_name, billing_currency, service_name, service_category, region_id, \
             resource_id, resource_name, charge_category, pricing_category, \
             commitment_discount_id, consumed_unit, sku_id, tagset_id, charge_class, charge_frequency FROM dims ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let opt = |i: usize| -> Result<Option<Arc<str>>, StoreError> {
                match r.get::<_, Option<i64>>(i)? {
                    None => Ok(None),
                    Some(s) => strings.get(&s).cloned().map(Some).ok_or_else(|| {
                        self.corrupt(format!("dimensions {id} name a missing string"))
                    }),
                }
            };
            let req = |i: usize| -> Result<Arc<str>, StoreError> {
                opt(i)?.ok_or_else(|| self.corrupt(format!("dimensions {id} lack column {i}")))
            };
            out.push(DimsRecord {
                id,
                provider: req(1)?,
                billing_account_id: req(2)?,
                billing_account_name: opt(3)?,
                sub_account_id: opt(4)?,
                sub_account_name: opt(5)?,
                billing_currency: req(6)?,
                service_name: req(7)?,
                service_category: req(8)?,
                region_id: opt(9)?,
                resource_id: opt(10)?,
                resource_name: opt(11)?,
                charge_category: req(12)?,
                charge_class: opt(18)?,
                charge_frequency: opt(19)?,
                pricing_category: opt(13)?,
                commitment_discount_id: opt(14)?,
                consumed_unit: opt(15)?,
                sku_id: opt(16)?,
                tags: match r.get::<_, Option<i64>>(17)? {
                    Some(t) => tagsets.get(&t).cloned().unwrap_or_default(),
                    None => Vec::new(),
                },
            });
        }
        Ok(out)
    }

    /// Streams every line's (dimensions id, `column`) in line id order, which
    /// is stable while the generation is unchanged. One consistent read.
    pub fn scan_line_column(
        &self,
        column: LineColumn,
        mut each: impl FnMut(i64, i64),
    ) -> Result<u64, StoreError> {
        let sql = format!("SELECT dims_id, {} FROM line ORDER BY id", column.sql());
        consistent(self.conn, || {
            self.scan_now(&sql, |r| {
                each(r.get(0)?, self.column_value(r.get_ref(1)?)?);
                Ok(())
            })
        })
    }

    /// Streams every line's (dimensions id, day in `zone`, `column`) in line
    /// id order.
    pub fn scan_line_days(
        &self,
        column: LineColumn,
        zone: &DayZone,
        mut each: impl FnMut(i64, i64, i64),
    ) -> Result<u64, StoreError> {
        let sql = format!(
            "SELECT l.dims_id, l.charge_start, p.start, l.{} FROM line l \
             JOIN period p ON p.id = l.billing_period_id ORDER BY l.id",
            column.sql()
        );
        consistent(self.conn, || {
            self.scan_now(&sql, |r| {
                let day = zone.day(r.get(1)?, r.get(2)?);
                each(r.get(0)?, day, self.column_value(r.get_ref(3)?)?);
                Ok(())
            })
        })
    }

    /// Streams every line's (first day, last day) in `zone` of its charge
    /// period, in line id order: the days a period charge covers.
    pub fn scan_line_spans(
        &self,
        zone: &DayZone,
        mut each: impl FnMut(i64, i64),
    ) -> Result<u64, StoreError> {
        let sql = "SELECT l.charge_start, l.charge_secs, p.start FROM line l \
                   JOIN period p ON p.id = l.billing_period_id ORDER BY l.id";
        consistent(self.conn, || {
            self.scan_now(sql, |r| {
                let (start, secs, period): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let first = zone.day(start, period);
                // The end is exclusive: a period ending at midnight covers
                // the day before it, not the day it ends on.
                let last = zone.day(start + secs.max(1) - 1, period).max(first);
                each(first, last);
                Ok(())
            })
        })
    }

    fn scan_now(
        &self,
        sql: &str,
        mut each: impl FnMut(&rusqlite::Row<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            each(r)?;
            n += 1;
        }
        Ok(n)
    }

    fn column_value(&self, v: ValueRef<'_>) -> Result<i64, StoreError> {
        match v {
            ValueRef::Integer(v) => Ok(v),
            ValueRef::Null => Ok(0),
            ValueRef::Text(t) => {
                let s = std::str::from_utf8(t).unwrap_or("");
                let d = Decimal::from_str(s).map_err(|e| {
                    self.corrupt(format!("a stored quantity {s:?} is not a decimal ({e})"))
                })?;
                to_nanos("ConsumedQuantity", d)
            }
            ValueRef::Real(_) | ValueRef::Blob(_) => {
                Err(self.corrupt("a line column has an unexpected type".into()))
            }
        }
    }
}

/// One line of a resource, for the drill-down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceLineRecord {
    pub run_id: i64,
    pub source_row: i64,
    pub dims_id: i64,
    pub charge_start: i64,
    pub charge_secs: i64,
    pub billed: i64,
    pub effective: i64,
    pub consumed_qty: Option<String>,
}

impl Lines<'_> {
    /// The most recent lines (by charge start) of the given dimension
    /// combinations with a charge start in `[from, to)`, at most `limit`.
    pub fn lines_of_dims(
        &self,
        dims: &[i64],
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<ResourceLineRecord>, StoreError> {
        if dims.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are integers from the store itself, never user text.
        let list = dims
            .iter()
            .take(10_000)
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT run_id, source_row, dims_id, charge_start, charge_secs, billed, effective, \
             consumed_qty FROM line WHERE dims_id IN ({list}) AND charge_start >= ?1 \
             AND charge_start < ?2 ORDER BY charge_start DESC, id DESC LIMIT ?3"
        ))?;
        let rows = stmt.query_map(rusqlite::params![from, to, limit], |r| {
            Ok(ResourceLineRecord {
                run_id: r.get(0)?,
                source_row: r.get(1)?,
                dims_id: r.get(2)?,
                charge_start: r.get(3)?,
                charge_secs: r.get(4)?,
                billed: r.get(5)?,
                effective: r.get(6)?,
                consumed_qty: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
