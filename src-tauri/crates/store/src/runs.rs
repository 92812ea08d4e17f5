//! The history of import and sync runs, and removing one.

use rusqlite::{params, OptionalExtension};

use crate::{rollup, Store, StoreError};

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
    pub lines: u64,
}

impl Store {
    pub fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, source, format, started_at, finished_at, lines FROM run ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, source, format, started_at, finished_at, lines) = row?;
            let kind = RunKind::parse(&kind).ok_or_else(|| StoreError::NotAStore {
                path: self.path().to_path_buf(),
                reason: format!("run {id} has unknown kind '{kind}'"),
            })?;
            out.push(RunRecord {
                id,
                kind,
                source,
                format,
                started_at,
                finished_at,
                lines: lines as u64,
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

    /// Removes a run and its lines in one transaction, recomputing the
    /// rollups of the days it touched.
    pub fn remove_run(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        type Span = (Option<i64>, Option<i64>, Option<i64>, Option<i64>);
        let span: Option<Span> = tx
            .query_row(
                "SELECT first_line, last_line, first_day, last_day FROM run WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((first_line, last_line, first_day, last_day)) = span else {
            return Err(StoreError::NoSuchRun(id));
        };
        if let (Some(a), Some(b)) = (first_line, last_line) {
            tx.execute(
                "DELETE FROM line WHERE id BETWEEN ?1 AND ?2 AND run_id = ?3",
                params![a, b, id],
            )?;
        }
        tx.execute("DELETE FROM run WHERE id = ?1", params![id])?;
        if let (Some(first), Some(last)) = (first_day, last_day) {
            rollup::rebuild(&tx, first, last)?;
        }
        tx.commit()?;
        Ok(())
    }
}
