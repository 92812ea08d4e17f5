//! Sync bookkeeping: user-visible sync runs, the state of each window, the
//! request and page behind every synced line, and the provider's month
//! totals last seen. A window's `done` mark and its page provenance are
//! written through [`RunTx`], inside the transaction holding its lines.

use rusqlite::{params, OptionalExtension};

use crate::{RunTx, StoreError, SyncRecords, SyncRecordsMut};

/// One page of a window's lines: the request that delivered it and the
/// line ids it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub page: u32,
    pub request_id: String,
    pub lines: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowRecord {
    pub key: String,
    pub month: String,
    /// `done`, `failed` or `stale` (a restated month waiting to be re-fetched).
    pub state: String,
    /// The store run holding the window's lines.
    pub run_id: Option<i64>,
    pub sync_run: Option<i64>,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRunRecord {
    pub id: i64,
    pub connection: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// `running`, `succeeded`, `partial`, `failed`, `cancelled`, `interrupted`.
    pub outcome: String,
    pub windows_done: u32,
    pub windows_skipped: u32,
    pub windows_failed: u32,
    pub requests: u64,
    pub retries: u64,
    pub lines: u64,
    pub resources: u64,
    pub message: Option<String>,
}

/// A line id with the page and request id that delivered it, if any.
pub type LineSource = (i64, Option<(u32, String)>);

impl RunTx<'_> {
    /// Marks a window done with this run's lines and records their pages.
    pub fn finish_window(
        &self,
        connection: &str,
        key: &str,
        month: &str,
        sync_run: i64,
        attempts: u32,
        pages: &[PageRecord],
    ) -> Result<(), StoreError> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO sync_page (run_id, page, request_id, first_line, last_line) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for p in pages {
            insert.execute(params![
                self.run_id,
                p.page,
                p.request_id,
                p.lines.map(|l| l.0),
                p.lines.map(|l| l.1)
            ])?;
        }
        self.tx.execute(
            "INSERT INTO sync_window (connection, window_key, month, state, run_id, sync_run, attempts, last_error) \
             VALUES (?1, ?2, ?3, 'done', ?4, ?5, ?6, NULL) ON CONFLICT (connection, window_key) DO UPDATE SET \
             state = 'done', run_id = excluded.run_id, sync_run = excluded.sync_run, \
             attempts = excluded.attempts, last_error = NULL",
            params![connection, key, month, self.run_id, sync_run, attempts],
        )?;
        Ok(())
    }
}

impl SyncRecords<'_> {
    /// The newest charge day (days since 1970-01-01) of the lines a sync
    /// connection's windows hold, for the data-health check.
    pub fn connection_latest_day(&self, connection: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.conn.query_row(
            "SELECT max(r.last_day) FROM sync_window w JOIN run r ON r.id = w.run_id WHERE w.connection = ?1",
            [connection],
            |r| r.get(0),
        )?)
    }

    /// Sync runs, newest first; of one connection or all.
    pub fn sync_runs(&self, connection: Option<&str>) -> Result<Vec<SyncRunRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, connection, started_at, finished_at, outcome, windows_done, windows_skipped, \
             windows_failed, requests, retries, lines, resources, message FROM sync_run \
             WHERE ?1 IS NULL OR connection = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([connection], |r| {
            Ok(SyncRunRecord {
                id: r.get(0)?,
                connection: r.get(1)?,
                started_at: r.get(2)?,
                finished_at: r.get(3)?,
                outcome: r.get(4)?,
                windows_done: r.get(5)?,
                windows_skipped: r.get(6)?,
                windows_failed: r.get(7)?,
                requests: r.get::<_, i64>(8)? as u64,
                retries: r.get::<_, i64>(9)? as u64,
                lines: r.get::<_, i64>(10)? as u64,
                resources: r.get::<_, i64>(11)? as u64,
                message: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn sync_windows(&self, connection: &str) -> Result<Vec<WindowRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT window_key, month, state, run_id, sync_run, attempts, last_error FROM sync_window \
             WHERE connection = ?1 ORDER BY window_key",
        )?;
        let rows = stmt.query_map([connection], |r| {
            Ok(WindowRecord {
                key: r.get(0)?,
                month: r.get(1)?,
                state: r.get(2)?,
                run_id: r.get(3)?,
                sync_run: r.get(4)?,
                attempts: r.get(5)?,
                last_error: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The provider's month totals last seen complete (`CUR=amount;...`).
    pub fn month_totals(
        &self,
        connection: &str,
        month: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT totals FROM sync_month WHERE connection = ?1 AND month = ?2",
                params![connection, month],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Lines the connection's windows hold now.
    pub fn connection_lines(&self, connection: &str) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT coalesce(sum(r.lines), 0) FROM sync_window w JOIN run r ON r.id = w.run_id \
             WHERE w.connection = ?1",
            [connection],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// The pages that delivered a run's lines, in page order.
    pub fn run_pages(&self, run_id: i64) -> Result<Vec<PageRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT page, request_id, first_line, last_line FROM sync_page WHERE run_id = ?1 ORDER BY page",
        )?;
        let rows = stmt.query_map([run_id], |r| {
            let first: Option<i64> = r.get(2)?;
            let last: Option<i64> = r.get(3)?;
            Ok(PageRecord {
                page: r.get(0)?,
                request_id: r.get(1)?,
                lines: first.zip(last),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sync provenance of one stored line: (store run, page, request id).
    pub fn line_provenance(&self, line_id: i64) -> Result<Option<(i64, u32, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.run_id, p.page, p.request_id FROM sync_page p JOIN line l ON l.run_id = p.run_id \
                 WHERE l.id = ?1 AND ?1 BETWEEN p.first_line AND p.last_line",
                [line_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Every line id of the connection's windows, with its page provenance
    /// (`None` for a line no page claims: a bug the tests look for).
    pub fn connection_line_provenance(
        &self,
        connection: &str,
    ) -> Result<Vec<LineSource>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT l.id, p.page, p.request_id FROM sync_window w JOIN line l ON l.run_id = w.run_id \
             LEFT JOIN sync_page p ON p.run_id = l.run_id AND l.id BETWEEN p.first_line AND p.last_line \
             WHERE w.connection = ?1 ORDER BY l.id",
        )?;
        let rows = stmt.query_map([connection], |r| {
            let page: Option<u32> = r.get(1)?;
            let req: Option<String> = r.get(2)?;
            Ok((r.get(0)?, page.zip(req)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl SyncRecordsMut<'_> {
    pub fn begin_sync_run(&mut self, connection: &str, started_at: i64) -> Result<i64, StoreError> {
        // A run still `running` was killed: nothing of its unfinished
        // windows was kept, so it is history now.
        self.conn.execute(
            "UPDATE sync_run SET outcome = 'interrupted' WHERE connection = ?1 AND outcome = 'running'",
            [connection],
        )?;
        self.conn.execute(
            "INSERT INTO sync_run (connection, started_at, outcome) VALUES (?1, ?2, 'running')",
            params![connection, started_at],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes a sync run's counts (and, once it ended, outcome and end time).
    pub fn save_sync_run(&mut self, r: &SyncRunRecord) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_run SET finished_at = ?2, outcome = ?3, windows_done = ?4, windows_skipped = ?5, \
             windows_failed = ?6, requests = ?7, retries = ?8, lines = ?9, resources = ?10, message = ?11 \
             WHERE id = ?1",
            params![
                r.id,
                r.finished_at,
                r.outcome,
                r.windows_done,
                r.windows_skipped,
                r.windows_failed,
                r.requests as i64,
                r.retries as i64,
                r.lines as i64,
                r.resources as i64,
                r.message
            ],
        )?;
        Ok(())
    }

    /// Records a failed window; a window done before keeps its run and
    /// lines (a failure never hides the last good data).
    pub fn fail_window(
        &mut self,
        connection: &str,
        key: &str,
        month: &str,
        sync_run: i64,
        attempts: u32,
        error: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_window (connection, window_key, month, state, sync_run, attempts, last_error) \
             VALUES (?1, ?2, ?3, 'failed', ?4, ?5, ?6) ON CONFLICT (connection, window_key) DO UPDATE SET \
             state = CASE WHEN run_id IS NULL THEN 'failed' ELSE state END, \
             sync_run = excluded.sync_run, attempts = excluded.attempts, last_error = excluded.last_error",
            params![connection, key, month, sync_run, attempts, error],
        )?;
        Ok(())
    }

    /// A closed month the provider restated: its windows are fetched again
    /// (their lines stay until each replacement commits).
    pub fn invalidate_month(&mut self, connection: &str, month: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_window SET state = 'stale' WHERE connection = ?1 AND month = ?2",
            params![connection, month],
        )?;
        Ok(())
    }

    pub fn set_month_totals(
        &mut self,
        connection: &str,
        month: &str,
        totals: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_month (connection, month, totals) VALUES (?1, ?2, ?3) \
             ON CONFLICT (connection, month) DO UPDATE SET totals = excluded.totals",
            params![connection, month, totals],
        )?;
        Ok(())
    }
}
