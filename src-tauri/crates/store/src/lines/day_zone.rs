//! The time zone that decides which day a line counts on. The daily rollup
//! is keyed by that local day (`meta.day_zone`, UTC when absent, which is
//! how stores kept days before the setting existed), so dashboards stay one
//! range scan; changing the zone recomputes the rollup in one transaction.
//! SQL reaches the same rule through `zone_day(charge_start, period_start,
//! zone)`, registered on every connection.

use cloudlens_model::DayZone;
use rusqlite::functions::FunctionFlags;
use rusqlite::{params, Connection};

use crate::{Lines, LinesMut, StoreError};

const KEY: &str = "day_zone";

/// The stored zone day of the lines of table `t`, for SQL over `line` or
/// `line_parked`.
pub(crate) fn zone_day_sql(t: &str) -> String {
    format!(
        "zone_day({t}.charge_start, (SELECT start FROM period WHERE id = {t}.billing_period_id), \
         (SELECT value FROM meta WHERE key = '{KEY}'))"
    )
}

pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "zone_day",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let start: i64 = ctx.get(0)?;
            let period: i64 = ctx.get(1)?;
            // The zone is the same for every row of a statement: parsed once
            // and kept by SQLite beside the argument, not once per line.
            let zone = ctx.get_or_create_aux(2, |v| match v.as_str_or_null()? {
                None => Ok::<_, Box<dyn std::error::Error + Send + Sync>>(DayZone::default()),
                Some(s) => Ok(s.parse::<DayZone>()?),
            })?;
            Ok(zone.day(start, period))
        },
    )
}

pub(crate) fn stored_zone(conn: &Connection) -> Result<DayZone, StoreError> {
    Ok(chosen_zone(conn)?.unwrap_or_default())
}

fn chosen_zone(conn: &Connection) -> Result<Option<DayZone>, StoreError> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [KEY], |r| r.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    v.map(|s| {
        s.parse()
            .map_err(|e: cloudlens_model::UnknownZone| StoreError::NotAStore {
                path: Default::default(),
                reason: format!("the stored day zone is unreadable: {e}"),
            })
    })
    .transpose()
}

impl Lines<'_> {
    /// The zone the daily rollup is keyed in.
    pub fn day_zone(&self) -> Result<DayZone, StoreError> {
        stored_zone(self.conn)
    }

    /// The zone the user chose, `None` while the store keeps the UTC days
    /// of stores made before the choice existed.
    pub fn chosen_day_zone(&self) -> Result<Option<DayZone>, StoreError> {
        chosen_zone(self.conn)
    }
}

impl LinesMut<'_> {
    /// Keys the daily rollup and the runs' day spans in `zone`; returns
    /// whether anything changed. One transaction: readers see the old days or
    /// the new ones, and the generation moves so cached snapshots reload.
    pub fn set_day_zone(&mut self, zone: DayZone) -> Result<bool, StoreError> {
        let tx = self.conn.savepoint()?;
        if chosen_zone(&tx)? == Some(zone) {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, zone.to_string()],
        )?;
        tx.execute("DELETE FROM rollup_daily", [])?;
        tx.execute(
            &format!(
                "INSERT INTO rollup_daily (day, currency, provider, billing_account_id, sub_account_id, \
                 service_name, billed, effective, list, contracted, lines) {}",
                super::rollup::from_lines()
            ),
            [],
        )?;
        let (line, parked) = (zone_day_sql("l"), zone_day_sql("p"));
        tx.execute(
            &format!(
                "UPDATE run SET (first_day, last_day) = (SELECT min(d), max(d) FROM \
                 (SELECT {line} AS d FROM line l WHERE l.run_id = run.id \
                  UNION ALL SELECT {parked} FROM line_parked p WHERE p.run_id = run.id)) \
                 WHERE first_day IS NOT NULL"
            ),
            [],
        )?;
        tx.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'",
            [],
        )?;
        tx.commit()?;
        Ok(true)
    }
}
