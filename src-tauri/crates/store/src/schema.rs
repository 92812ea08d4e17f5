//! Migrations, owned by area. Each area of the store (settings, lines,
//! allocation, sync, and any added later) declares an [`Area`]: its name and
//! the ordered steps that build its tables. `schema_area` records how many
//! steps of each area a store has taken; opening a store applies every
//! pending step of every area in one transaction, so an upgrade lands whole
//! or not at all. A store written by a newer build (a higher layout, an
//! area further along than this build knows, or an area it does not know)
//! is refused, not altered.
//!
//! Stores of schema V1–V4 kept one list for the whole store in
//! `PRAGMA user_version`; [`legacy_versions`] says which steps of which
//! areas each of them had taken, and they carry on from there.
//!
//! A new area (`reports`, say) is a folder `src/reports/` with:
//! - `schema.rs`: `pub(crate) const AREA: Area = Area { name: "reports",
//!   steps: &[Step::Sql(TABLES)] };` with its `CREATE TABLE`s;
//! - `mod.rs`: `area_handles!(Reports, ReportsMut, reports, reports_mut);`, its
//!   reads in `impl Reports<'_>` and its writes in `impl ReportsMut<'_>`
//!   (`self.conn`; `self.conn.savepoint()` for several statements, so the
//!   write joins a transaction [`Store::audited`] holds open);
//!
//! plus `mod reports;` and its `pub use` in `lib.rs`, and `&reports::AREA`
//! appended to [`AREAS`]. A later change to its tables is one more step
//! appended to its `steps`; a released step is never edited.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::{
    alerts, allocation, anomalies, audit, budgets, lines, recommendations, reports, settings,
    sources, sync, StoreError,
};

/// One step of an area's schema. Released steps are never edited or
/// reordered: a change is a new step at the end.
pub(crate) enum Step {
    Sql(&'static str),
    /// For what SQL alone cannot do (rewriting values in Rust); no area
    /// needs one yet.
    #[allow(dead_code)]
    Run(fn(&Transaction<'_>) -> Result<(), StoreError>),
}

/// The tables of one area and how they came to be.
pub(crate) struct Area {
    /// Recorded in `schema_area`; never renamed.
    pub name: &'static str,
    pub steps: &'static [Step],
}

/// Every area, in the order their steps run: an area may refer to the
/// tables of areas before it (triggers on `run`, the `meta` counter).
pub(crate) const AREAS: &[&Area] = &[
    &settings::AREA,
    &lines::AREA,
    &allocation::AREA,
    &sync::AREA,
    &anomalies::AREA,
    &alerts::AREA,
    &budgets::AREA,
    &recommendations::AREA,
    &audit::AREA,
    &reports::AREA,
    &sources::AREA,
];

/// `PRAGMA user_version` of a store whose areas are versioned in
/// `schema_area`; 1–4 were the single-list schemas.
pub(crate) const LAYOUT: i64 = 5;

/// The steps each area had taken in a store of the single-list schema
/// `version`: V1 made `meta` and the line tables, V2 added run scopes and
/// restatements, V3 the generation counter with the allocation tables,
/// V4 the sync tables.
fn legacy_versions(version: i64) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    if version >= 1 {
        out.push((settings::AREA.name, 1));
    }
    match version {
        1 => out.push((lines::AREA.name, 1)),
        2 => out.push((lines::AREA.name, 2)),
        v if v >= 3 => {
            out.push((lines::AREA.name, 3));
            out.push((allocation::AREA.name, 1));
        }
        _ => {}
    }
    if version >= 4 {
        out.push((sync::AREA.name, 1));
    }
    out
}

fn too_new(path: &Path, what: &str, found: i64, known: i64) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        what: what.to_string(),
        found,
        known,
    }
}

/// Brings every area up to date in one write transaction; does not write
/// when nothing is pending.
#[cfg(test)]
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    migrate_areas(conn, path, AREAS)
}

/// [`migrate`] over a given list of areas (tests add a failing one). A
/// failing step is reported with its area and number; the transaction
/// rolls back, so the store is left as it was.
pub(crate) fn migrate_areas(
    conn: &mut Connection,
    path: &Path,
    areas: &[&Area],
) -> Result<(), StoreError> {
    if up_to_date(conn, path, areas)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found < LAYOUT {
        tx.execute_batch(
            "CREATE TABLE schema_area (area TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;",
        )?;
        for (area, version) in legacy_versions(found) {
            set_version(&tx, area, version)?;
        }
        tx.pragma_update(None, "user_version", LAYOUT)?;
    }
    let recorded = versions(&tx, path, areas)?;
    for area in areas {
        let taken = recorded
            .iter()
            .find(|(name, _)| name == area.name)
            .map_or(0, |(_, v)| *v);
        for (i, step) in area.steps.iter().enumerate().skip(taken) {
            let done = match step {
                Step::Sql(sql) => tx.execute_batch(sql).map_err(StoreError::from),
                Step::Run(f) => f(&tx),
            };
            done.map_err(|e| StoreError::MigrationFailed {
                path: path.to_path_buf(),
                area: area.name.to_string(),
                step: i + 1,
                reason: e.to_string(),
                backup: None,
            })?;
        }
        if taken < area.steps.len() {
            set_version(&tx, area.name, area.steps.len())?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Audit mode reads a store as it is: one from an older build (an area
/// with steps pending) must be opened once normally, which upgrades it.
pub(crate) fn require_current(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    if up_to_date(conn, path, AREAS)? {
        return Ok(());
    }
    Err(StoreError::NotAStore {
        path: path.to_path_buf(),
        reason:
            "it was written by an older CloudLens; open it once outside audit mode to upgrade it"
                .into(),
    })
}

/// Whether the store has any step pending (false for a new, empty store:
/// it has nothing to back up). Refuses a store from a newer build.
pub(crate) fn needs_upgrade(conn: &Connection, path: &Path) -> Result<bool, StoreError> {
    if up_to_date(conn, path, AREAS)? {
        return Ok(false);
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(tables > 0)
}

/// Refuses a store (or a backup) written by a newer build.
pub(crate) fn refuse_newer(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    up_to_date(conn, path, AREAS).map(|_| ())
}

/// Whether the store is at this build's layout with every area complete;
/// refuses a store from a newer build.
fn up_to_date(conn: &Connection, path: &Path, areas: &[&Area]) -> Result<bool, StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > LAYOUT {
        return Err(too_new(path, "layout", found, LAYOUT));
    }
    if found < LAYOUT {
        return Ok(false);
    }
    let recorded = versions(conn, path, areas)?;
    Ok(areas.iter().all(|a| {
        recorded
            .iter()
            .any(|(name, v)| name == a.name && *v == a.steps.len())
    }))
}

/// The steps each recorded area has taken; refuses areas this build does
/// not know or knows fewer steps of.
fn versions(
    conn: &Connection,
    path: &Path,
    areas: &[&Area],
) -> Result<Vec<(String, usize)>, StoreError> {
    let mut stmt = conn.prepare("SELECT area, version FROM schema_area ORDER BY area")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, version) = row?;
        let known = areas.iter().find(|a| a.name == name).map(|a| a.steps.len());
        match known {
            Some(k) if version >= 0 && version as usize <= k => out.push((name, version as usize)),
            Some(k) => return Err(too_new(path, &name, version, k as i64)),
            None => return Err(too_new(path, &name, version, 0)),
        }
    }
    Ok(out)
}

fn set_version(tx: &Transaction<'_>, area: &str, version: usize) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO schema_area (area, version) VALUES (?1, ?2) \
         ON CONFLICT (area) DO UPDATE SET version = excluded.version",
        params![area, version as i64],
    )?;
    Ok(())
}

/// Each area's name and the steps the store has taken, for diagnostics.
pub(crate) fn area_versions(conn: &Connection) -> Result<Vec<(String, u32)>, StoreError> {
    let layout: Option<i64> = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .optional()?;
    if layout != Some(LAYOUT) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT area, version FROM schema_area ORDER BY area")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, u32>(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a store as the single-list schema `version` left it: the
    /// legacy steps, in the order the old list ran them.
    fn legacy_store(version: i64) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for (area, taken) in legacy_versions(version) {
            let area = AREAS.iter().find(|a| a.name == area).unwrap();
            for step in &area.steps[..taken] {
                let Step::Sql(sql) = step else {
                    panic!("legacy steps are SQL")
                };
                conn.execute_batch(sql).unwrap();
            }
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        conn
    }

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn every_single_list_schema_upgrades_to_what_a_new_store_has() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("new")).unwrap();
        let want = tables(&fresh);
        assert!(want.contains(&"table schema_area".to_string()));
        for version in 1..=4 {
            let mut old = legacy_store(version);
            migrate(&mut old, Path::new("old")).unwrap();
            assert_eq!(tables(&old), want, "from V{version}");
            assert_eq!(area_versions(&old).unwrap(), area_versions(&fresh).unwrap());
        }
    }

    #[test]
    fn a_store_from_a_newer_build_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new("s")).unwrap();
        conn.execute(
            "INSERT INTO schema_area (area, version) VALUES ('future', 1)",
            [],
        )
        .unwrap();
        let err = migrate(&mut conn, Path::new("s")).unwrap_err();
        assert!(err.to_string().contains("future schema 1"), "{err}");
        conn.execute("DELETE FROM schema_area WHERE area = 'future'", [])
            .unwrap();
        conn.execute(
            "UPDATE schema_area SET version = 99 WHERE area = 'lines'",
            [],
        )
        .unwrap();
        let err = migrate(&mut conn, Path::new("s")).unwrap_err();
        assert!(err.to_string().contains("lines schema 99"), "{err}");
        conn.pragma_update(None, "user_version", LAYOUT + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn, Path::new("s")),
            Err(StoreError::TooNew { .. })
        ));
    }
}
