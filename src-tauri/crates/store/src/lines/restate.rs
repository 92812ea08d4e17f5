//! Taking lines out of the store: a whole run (removal) or the part of an
//! older run that a newer import covers (restatement). Each removal first
//! subtracts the lines' contribution from the daily rollup, reading only
//! the run's own id range, so the cost grows with the run, not the store.

use rusqlite::{params, Connection};

use crate::StoreError;

/// The lines of one run, optionally only those in one scope: a provider,
/// billing account and billing period, as string and period ids.
pub struct LineSelection {
    pub run_id: i64,
    pub first_line: i64,
    pub last_line: i64,
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    pub provider: i64,
    pub billing_account: i64,
    pub period_id: i64,
}

impl LineSelection {
    fn filter(&self) -> &'static str {
        if self.scope.is_some() {
            "l.id BETWEEN ?1 AND ?2 AND l.run_id = ?3 AND l.billing_period_id = ?6 \
             AND l.dims_id IN (SELECT id FROM dims WHERE provider = ?4 AND billing_account_id = ?5)"
        } else {
            // The same six parameters bind either way; these use them inertly.
            "l.id BETWEEN ?1 AND ?2 AND l.run_id = ?3 AND ?4 = ?4 AND ?5 = ?5 AND ?6 = ?6"
        }
    }

    fn params(&self) -> [i64; 6] {
        let s = self.scope.unwrap_or(Scope {
            provider: 0,
            billing_account: 0,
            period_id: 0,
        });
        [
            self.first_line,
            self.last_line,
            self.run_id,
            s.provider,
            s.billing_account,
            s.period_id,
        ]
    }
}

/// Deletes the selected lines and their share of the daily rollup; returns
/// how many lines went.
pub fn remove_lines(tx: &Connection, sel: &LineSelection) -> Result<u64, StoreError> {
    let p = sel.params();
    let contributions = format!(
        "SELECT {}, d.billing_currency, d.provider, d.billing_account_id, \
         coalesce(d.sub_account_id, 0), d.service_name, sum(l.billed), sum(l.effective), sum(l.list), \
         sum(l.contracted), count(*) FROM line l JOIN dims d ON d.id = l.dims_id WHERE {} \
         GROUP BY 1, 2, 3, 4, 5, 6",
        super::day_zone::zone_day_sql("l"),
        sel.filter()
    );
    let mut read = tx.prepare(&contributions)?;
    let mut update = tx.prepare_cached(
        "UPDATE rollup_daily SET billed = billed - ?7, effective = effective - ?8, list = list - ?9, \
         contracted = contracted - ?10, lines = lines - ?11 WHERE day = ?1 AND currency = ?2 AND provider = ?3 \
         AND billing_account_id = ?4 AND sub_account_id = ?5 AND service_name = ?6",
    )?;
    let mut rows = read.query(p)?;
    while let Some(r) = rows.next()? {
        let v: [i64; 11] = [
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ];
        update.execute(v)?;
    }
    drop(rows);
    tx.execute("DELETE FROM rollup_daily WHERE lines <= 0", [])?;
    let removed = tx.execute(&format!("DELETE FROM line AS l WHERE {}", sel.filter()), p)?;
    Ok(removed as u64)
}

/// Older file runs holding lines in `scope`, other than `run_id`: a newer
/// file restates older files; other sources are settled by the
/// source-of-truth rule (`sources.rs`), and demo lines are never touched.
pub fn older_runs_in(
    tx: &Connection,
    scope: Scope,
    run_id: i64,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.id, r.first_line, r.last_line FROM run_scope s JOIN run r ON r.id = s.run_id \
         WHERE s.provider = ?1 AND s.billing_account = ?2 AND s.period_id = ?3 AND s.run_id <> ?4 \
         AND r.kind = 'file' AND r.first_line IS NOT NULL",
    )?;
    let rows = stmt.query_map(
        params![
            scope.provider,
            scope.billing_account,
            scope.period_id,
            run_id
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
