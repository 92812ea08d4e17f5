//! `cloudlens check`: SQLCipher's page checks, SQLite's integrity check,
//! then the store's own invariants, each reported by name with what broke.
//! Reads only, in one read transaction, so it may run beside a writer.

use rusqlite::Connection;

use crate::{Lines, Reader, Store, StoreError};

/// One check and what it found (`problems` empty when it holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// A stable name: `cipher_pages`, `sqlite_integrity`, `rollup_matches_lines`...
    pub name: &'static str,
    pub problems: Vec<String>,
}

/// Every check, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub results: Vec<CheckResult>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.results.iter().all(|r| r.problems.is_empty())
    }
}

/// At most this many problems are listed per check; the count says the rest.
const LIST_AT_MOST: usize = 20;

/// SQLCipher's HMAC check of every page, then SQLite's integrity check (or
/// the quicker check that skips index contents).
pub(crate) fn page_problems(conn: &Connection, quick: bool) -> Result<Vec<String>, StoreError> {
    let mut out = cipher_problems(conn)?;
    out.extend(sqlite_problems(conn, quick)?);
    Ok(out)
}

fn cipher_problems(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn sqlite_problems(conn: &Connection, quick: bool) -> Result<Vec<String>, StoreError> {
    let pragma = if quick {
        "PRAGMA quick_check"
    } else {
        "PRAGMA integrity_check"
    };
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            out.push(row);
        }
    }
    Ok(out)
}

/// A check that could not run (a damaged page stops its query) is itself
/// a problem of that check.
fn result(name: &'static str, found: Result<Vec<String>, StoreError>) -> CheckResult {
    CheckResult {
        name,
        problems: found.unwrap_or_else(|e| vec![format!("the check could not run: {e}")]),
    }
}

fn capped(mut problems: Vec<String>, total: u64) -> Vec<String> {
    if total as usize > problems.len() {
        problems.push(format!("… {} more", total as usize - problems.len()));
    }
    problems
}

impl Store {
    /// Every check of the store; see the module comment.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        self.lines().check()
    }
}

impl Reader {
    /// Every check of the store; see the module comment.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        self.lines().check()
    }
}

impl Lines<'_> {
    fn check(&self) -> Result<CheckReport, StoreError> {
        self.consistent(|lines| {
            Ok::<_, StoreError>(CheckReport {
                results: vec![
                    result("cipher_pages", cipher_problems(lines.conn)),
                    result("sqlite_integrity", sqlite_problems(lines.conn, false)),
                    result("rollup_matches_lines", lines.rollup_problems()),
                    result("run_lines_present", lines.run_line_problems()),
                    result("lines_belong_to_runs", lines.orphan_line_problems()),
                    result("sync_windows_have_runs", lines.window_problems()),
                ],
            })
        })
    }

    fn rollup_problems(&self) -> Result<Vec<String>, StoreError> {
        let n = self.rollup_mismatches()?;
        Ok(if n == 0 {
            Vec::new()
        } else {
            vec![format!(
                "{n} rows of the daily rollup differ from the sums of the lines"
            )]
        })
    }

    /// Each run holds as many lines as it records, all inside its id range.
    fn run_line_problems(&self) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT r.id, r.kind, r.source, r.lines, \
             (SELECT count(*) FROM line l WHERE l.run_id = r.id), \
             (SELECT count(*) FROM line l WHERE l.run_id = r.id \
                AND (r.first_line IS NULL OR l.id NOT BETWEEN r.first_line AND r.last_line)) \
             FROM run r ORDER BY r.id";
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        let mut total = 0u64;
        while let Some(r) = rows.next()? {
            let (id, kind, source): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (recorded, found, outside): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let mut say = |what: String| {
                total += 1;
                if out.len() < LIST_AT_MOST {
                    out.push(format!("{kind} run {id} ({source}): {what}"));
                }
            };
            if recorded != found {
                say(format!("records {recorded} lines, holds {found}"));
            }
            if outside > 0 {
                say(format!("{outside} of its lines lie outside its id range"));
            }
        }
        Ok(capped(out, total))
    }

    /// No line belongs to a run that is not recorded.
    fn orphan_line_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT l.run_id, count(*) FROM line l LEFT JOIN run r ON r.id = l.run_id \
             WHERE r.id IS NULL GROUP BY l.run_id ORDER BY l.run_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        let mut total = 0u64;
        for row in rows {
            let (run, n) = row?;
            total += 1;
            if out.len() < LIST_AT_MOST {
                out.push(format!(
                    "{n} lines belong to run {run}, which is not recorded"
                ));
            }
        }
        Ok(capped(out, total))
    }

    /// A sync window marked done points at a run that exists.
    fn window_problems(&self) -> Result<Vec<String>, StoreError> {
        let has_windows: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'sync_window'",
            [],
            |r| r.get(0),
        )?;
        if !has_windows {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT w.connection, w.window_key, w.run_id FROM sync_window w LEFT JOIN run r ON r.id = w.run_id \
             WHERE w.state = 'done' AND w.run_id IS NOT NULL AND r.id IS NULL ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        let mut total = 0u64;
        for row in rows {
            let (conn, key, run) = row?;
            total += 1;
            if out.len() < LIST_AT_MOST {
                out.push(format!(
                    "sync window {key} of {conn} is done but its run {run} is missing"
                ));
            }
        }
        Ok(capped(out, total))
    }
}
