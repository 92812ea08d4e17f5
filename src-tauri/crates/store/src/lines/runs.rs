//! The history of import and sync runs, and removing one.

use rusqlite::{params, Connection, OptionalExtension};

use super::restate::{remove_lines, LineSelection};
use crate::{Lines, LinesMut, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Demo,
    File,
    Sync,
}

impl RunKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Demo => "demo",
            RunKind::File => "file",
            RunKind::Sync => "sync",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [RunKind::Demo, RunKind::File, RunKind::Sync]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    pub id: i64,
    pub kind: RunKind,
    pub source: String,
    pub format: Option<String>,
    pub started_at: i64,
    pub finished_at: i64,
    /// Lines the run holds now: its imported lines less those a newer run
    /// restated.
    pub lines: u64,
    pub lines_imported: u64,
    pub content_hash: Option<String>,
    /// What the import found, as its importer wrote it (JSON).
    pub report: Option<String>,
    /// Newer runs that replaced some of this run's lines: (run, lines).
    pub restated_by: Vec<(i64, u64)>,
}

/// A run that holds lines and the charge days they cover (day numbers
/// since the Unix epoch), so a consumer can tell which days changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSpan {
    pub run_id: i64,
    pub first_day: i64,
    pub last_day: i64,
}

impl Lines<'_> {
    /// Every run that holds lines, with the charge days they cover.
    pub fn run_spans(&self) -> Result<Vec<RunSpan>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, first_day, last_day FROM run WHERE first_day IS NOT NULL \
             AND last_day IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RunSpan {
                run_id: r.get(0)?,
                first_day: r.get(1)?,
                last_day: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let mut restated: std::collections::HashMap<i64, Vec<(i64, u64)>> = Default::default();
        let mut stmt = self
            .conn
            .prepare("SELECT run_id, by_run, lines FROM run_restated ORDER BY run_id, by_run")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (run, by, lines) = row?;
            restated.entry(run).or_default().push((by, lines as u64));
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, source, format, started_at, finished_at, lines, coalesce(lines_imported, lines), \
             content_hash, report FROM run ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ),
                (
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                (id, kind, source, format, started_at, finished_at),
                (lines, lines_imported, content_hash, report),
            ) = row?;
            let kind = RunKind::parse(&kind)
                .ok_or_else(|| self.corrupt(format!("run {id} has unknown kind '{kind}'")))?;
            out.push(RunRecord {
                id,
                kind,
                source,
                format,
                started_at,
                finished_at,
                lines: lines as u64,
                lines_imported: lines_imported as u64,
                content_hash,
                report,
                restated_by: restated.remove(&id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Total cost lines across all runs.
    pub fn line_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT coalesce(sum(lines), 0) FROM run", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The run that imported content with this hash, if it is still in the
    /// history (even when newer runs have since restated all its lines).
    pub fn run_by_hash(&self, hash: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM run WHERE content_hash = ?1 ORDER BY id LIMIT 1",
                [hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// What run `id` holds now, per billing period and currency; empty for
    /// a run without lines or no such run.
    pub fn run_totals(&self, id: i64) -> Result<Vec<crate::StoredTotal>, StoreError> {
        let span: Option<(Option<i64>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT first_line, last_line FROM run WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match span {
            Some((Some(first), Some(last))) => {
                super::import::run_totals(self.conn, id, first, last)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// The run kind and source of every run, for line provenance.
    pub fn run_sources(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, source FROM run ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl LinesMut<'_> {
    /// Removes a run and its lines in one transaction, subtracting them
    /// from the daily rollup.
    pub fn remove_run(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        let scopes = crate::sources::scopes_of(&tx, id)?;
        remove_run_in(&tx, id)?;
        crate::sources::resettle(&tx, &scopes)?;
        tx.commit()?;
        Ok(())
    }
}

/// Removes a run, its lines (and their rollup share), its scopes and
/// history inside the caller's transaction; other areas' rows that hang on
/// the run (sync page provenance) go by their own triggers.
pub(crate) fn remove_run_in(tx: &Connection, id: i64) -> Result<(), StoreError> {
    let span: Option<(Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT first_line, last_line FROM run WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((first_line, last_line)) = span else {
        return Err(StoreError::NoSuchRun(id));
    };
    if let (Some(first_line), Some(last_line)) = (first_line, last_line) {
        remove_lines(
            tx,
            &LineSelection {
                run_id: id,
                first_line,
                last_line,
                scope: None,
            },
        )?;
    }
    tx.execute("DELETE FROM run_scope WHERE run_id = ?1", params![id])?;
    tx.execute("DELETE FROM run_restated WHERE run_id = ?1", params![id])?;
    tx.execute("DELETE FROM run WHERE id = ?1", params![id])?;
    Ok(())
}
