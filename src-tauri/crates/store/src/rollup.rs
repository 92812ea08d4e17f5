//! Rebuilding the daily rollup from the lines themselves, for the days a
//! removal or restatement touched. Imports merge their rollup incrementally;
//! a test proves both paths agree. Charge periods start after 1970, so
//! integer division gives the UTC day.

use rusqlite::{params, Transaction};

use crate::StoreError;

pub fn rebuild(tx: &Transaction<'_>, first_day: i64, last_day: i64) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM rollup_daily WHERE day BETWEEN ?1 AND ?2",
        params![first_day, last_day],
    )?;
    tx.execute(
        "INSERT INTO rollup_daily (day, currency, provider, billing_account_id, sub_account_id, service_name, \
         billed, effective, list, contracted, lines) \
         SELECT l.charge_start / 86400, d.billing_currency, d.provider, d.billing_account_id, coalesce(d.sub_account_id, 0), \
         d.service_name, sum(l.billed), sum(l.effective), sum(l.list), sum(l.contracted), count(*) \
         FROM line l JOIN dims d ON d.id = l.dims_id \
         WHERE l.charge_start >= ?1 * 86400 AND l.charge_start < (?2 + 1) * 86400 \
         GROUP BY 1, 2, 3, 4, 5, 6",
        params![first_day, last_day],
    )?;
    Ok(())
}
