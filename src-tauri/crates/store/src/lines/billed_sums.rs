//! The store's side of invoice reconciliation: billed cost per provider,
//! billing account, billing period, currency, charge category and whether
//! the charge falls inside its billing period, summed exactly and also as
//! the sum of each line rounded to the cent (how providers that round per
//! line arrive at their invoice).

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;

use crate::{Lines, StoreError};

/// One group of a billing period's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilledSums {
    pub provider: String,
    pub billing_account: String,
    /// UTC seconds, `[start, end)`.
    pub period_start: i64,
    pub period_end: i64,
    pub currency: String,
    /// The FOCUS charge category (`Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`).
    pub charge_category: String,
    /// The lines' charge period starts outside their billing period.
    pub outside_period: bool,
    /// Exact sum, nano-units.
    pub billed: i128,
    /// Sum of each line rounded half away from zero to 0.01, nano-units.
    pub billed_cents: i128,
    pub lines: u64,
}

/// A line's billed cost rounded half away from zero to 0.01 (10⁷ nano-units).
fn cents(nanos: i64) -> i128 {
    const CENT: i128 = 10_000_000;
    let n = i128::from(nanos);
    if n >= 0 {
        (n + CENT / 2) / CENT * CENT
    } else {
        -((-n + CENT / 2) / CENT * CENT)
    }
}

#[derive(Default)]
struct Acc {
    billed: i128,
    cents: i128,
    lines: u64,
}

impl Lines<'_> {
    /// Sums of every billing period that overlaps `[from, to)` (UTC seconds).
    /// One pass over the lines, summed here: a SQL `GROUP BY` over the
    /// joined tables sorts every line first and is several times slower.
    pub fn billed_sums(&self, from: i64, to: i64) -> Result<Vec<BilledSums>, StoreError> {
        let mut periods: HashMap<i64, (i64, i64)> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, start, end FROM period WHERE end > ?1 AND start < ?2")?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        for row in rows {
            let (id, span) = row?;
            periods.insert(id, span);
        }
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let mut by_dims: HashMap<(i64, i64, bool), Acc> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT dims_id, billing_period_id, charge_start, billed FROM line")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let period: i64 = r.get(1)?;
            let Some(&(start, end)) = periods.get(&period) else {
                continue;
            };
            let charge: i64 = r.get(2)?;
            let billed: i64 = r.get(3)?;
            let acc = by_dims
                .entry((r.get(0)?, period, charge < start || charge >= end))
                .or_default();
            acc.billed += i128::from(billed);
            acc.cents += cents(billed);
            acc.lines += 1;
        }
        // Dimension combinations to (provider, account, currency, category).
        let mut dims: HashMap<i64, [i64; 4]> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, provider, billing_account_id, billing_currency, charge_category FROM dims",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })?;
        for row in rows {
            let (id, d) = row?;
            dims.insert(id, d);
        }
        let mut groups: BTreeMap<([i64; 4], i64, bool), Acc> = BTreeMap::new();
        for ((dims_id, period, outside), a) in by_dims {
            let Some(d) = dims.get(&dims_id) else {
                return Err(StoreError::NotAStore {
                    path: self.path().to_path_buf(),
                    reason: format!("lines refer to dimensions {dims_id}, which are missing"),
                });
            };
            let g = groups.entry((*d, period, outside)).or_default();
            g.billed += a.billed;
            g.cents += a.cents;
            g.lines += a.lines;
        }
        let names = self.strings(groups.keys().flat_map(|k| k.0))?;
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        Ok(groups
            .into_iter()
            .map(
                |(([provider, account, currency, category], period, outside), a)| {
                    let (start, end) = periods.get(&period).copied().unwrap_or_default();
                    BilledSums {
                        provider: name(provider),
                        billing_account: name(account),
                        period_start: start,
                        period_end: end,
                        currency: name(currency),
                        charge_category: name(category),
                        outside_period: outside,
                        billed: a.billed,
                        billed_cents: a.cents,
                        lines: a.lines,
                    }
                },
            )
            .collect())
    }
}
