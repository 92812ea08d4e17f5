//! Setting a run's lines in one scope aside, and bringing them back: a
//! source that does not hold a scope keeps its lines in `line_parked`,
//! with their ids, out of the `line` table and the daily rollup, so
//! totals are never doubled and choosing that source again needs no
//! re-import or re-fetch.

use rusqlite::{params, Connection};

use crate::lines::Scope;
use crate::StoreError;

const COLUMNS: &str = "id, run_id, source_row, dims_id, billing_period_id, charge_start, charge_secs, \
    billed, effective, list, contracted, pricing_qty, consumed_qty, list_unit_price, contracted_unit_price, \
    cd_status, cd_qty, cr_status, invoice_id, extras";

/// The lines of `run` in `scope`, in table `t` (`line` or `line_parked`).
fn filter(t: &str) -> String {
    format!(
        "{t}.run_id = ?1 AND {t}.billing_period_id = ?2 \
         AND {t}.dims_id IN (SELECT id FROM dims WHERE provider = ?3 AND billing_account_id = ?4)"
    )
}

fn args(run: i64, s: Scope) -> [i64; 4] {
    [run, s.period_id, s.provider, s.billing_account]
}

/// Adds (`sign` 1) or subtracts (-1) the selected lines of table `t` to
/// or from the daily rollup.
fn rollup(tx: &Connection, t: &str, run: i64, s: Scope, sign: i64) -> Result<(), StoreError> {
    let day = crate::lines::zone_day_sql(t);
    let sql = format!(
        "INSERT INTO rollup_daily (day, currency, provider, billing_account_id, sub_account_id, service_name, \
         billed, effective, list, contracted, lines) \
         SELECT {day}, d.billing_currency, d.provider, d.billing_account_id, \
         coalesce(d.sub_account_id, 0), d.service_name, {sign} * sum({t}.billed), {sign} * sum({t}.effective), \
         {sign} * sum({t}.list), {sign} * sum({t}.contracted), {sign} * count(*) \
         FROM {t} JOIN dims d ON d.id = {t}.dims_id WHERE {} GROUP BY 1, 2, 3, 4, 5, 6 \
         ON CONFLICT (day, currency, provider, billing_account_id, sub_account_id, service_name) DO UPDATE SET \
         billed = billed + excluded.billed, effective = effective + excluded.effective, \
         list = list + excluded.list, contracted = contracted + excluded.contracted, lines = lines + excluded.lines",
        filter(t)
    );
    tx.execute(&sql, args(run, s))?;
    tx.execute("DELETE FROM rollup_daily WHERE lines <= 0", [])?;
    Ok(())
}

/// Moves `run`'s lines in `scope` from `from` to `to`; returns how many.
fn relocate(tx: &Connection, from: &str, to: &str, run: i64, s: Scope) -> Result<u64, StoreError> {
    let moved = tx.execute(
        &format!(
            "INSERT INTO {to} ({COLUMNS}) SELECT {COLUMNS} FROM {from} WHERE {}",
            filter(from)
        ),
        args(run, s),
    )?;
    if moved == 0 {
        return Ok(0);
    }
    tx.execute(
        &format!("DELETE FROM {from} WHERE {}", filter(from)),
        args(run, s),
    )?;
    let delta = if to == "line" {
        moved as i64
    } else {
        -(moved as i64)
    };
    tx.execute(
        "UPDATE run SET lines = lines + ?2 WHERE id = ?1",
        params![run, delta],
    )?;
    Ok(moved as u64)
}

/// Sets `run`'s lines in `scope` aside; returns how many.
pub fn park(tx: &Connection, run: i64, s: Scope) -> Result<u64, StoreError> {
    rollup(tx, "line", run, s, -1)?;
    relocate(tx, "line", "line_parked", run, s)
}

/// Brings `run`'s set-aside lines in `scope` back; returns how many.
pub fn unpark(tx: &Connection, run: i64, s: Scope) -> Result<u64, StoreError> {
    rollup(tx, "line_parked", run, s, 1)?;
    relocate(tx, "line_parked", "line", run, s)
}

/// Drops the set-aside lines in `scope` of runs that no longer hold it (a
/// newer file restated them while they were set aside).
pub fn forget_restated(tx: &Connection, s: Scope) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM line_parked WHERE billing_period_id = ?1 \
         AND dims_id IN (SELECT id FROM dims WHERE provider = ?2 AND billing_account_id = ?3) \
         AND run_id NOT IN (SELECT run_id FROM run_scope WHERE provider = ?2 AND billing_account = ?3 AND period_id = ?1)",
        params![s.period_id, s.provider, s.billing_account],
    )?;
    Ok(())
}
