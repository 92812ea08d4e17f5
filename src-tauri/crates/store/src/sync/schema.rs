//! The sync area's tables.

use crate::schema::{Area, Step};

/// Provider sync. `connection` keeps no secret in keychain mode
/// (`sealed_secret` is used only in passphrase mode, inside the encrypted
/// file); its last success and last error are separate columns so a failure
/// never hides the last good data. `sync_run` is one user-visible sync of
/// one connection; `sync_window` is one idempotent unit of bill work whose
/// lines are the store run `run_id` (written in the same transaction as its
/// `done` state); `sync_page` ties each line id range to the request and
/// page that delivered it; `sync_month` keeps the provider's own month total
/// seen when the month was last fully fetched (restatement detection).
/// `inventory` is replaced per (connection, region, kind); `utilisation`
/// holds daily CPU averages.
const TABLES: &str = r#"
CREATE TABLE connection (
  name TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  key_id TEXT NOT NULL,
  endpoint TEXT,
  region TEXT,
  site TEXT NOT NULL,
  sealed_secret TEXT,
  created_at INTEGER NOT NULL,
  billing_account TEXT,
  status TEXT NOT NULL,
  last_success INTEGER,
  last_error_at INTEGER,
  last_error_status TEXT,
  last_error_message TEXT,
  last_error_request TEXT
);
CREATE TABLE sync_run (
  id INTEGER PRIMARY KEY,
  connection TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT NOT NULL,
  windows_done INTEGER NOT NULL DEFAULT 0,
  windows_skipped INTEGER NOT NULL DEFAULT 0,
  windows_failed INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  resources INTEGER NOT NULL DEFAULT 0,
  message TEXT
);
CREATE TABLE sync_window (
  connection TEXT NOT NULL,
  window_key TEXT NOT NULL,
  month TEXT NOT NULL,
  state TEXT NOT NULL,
  run_id INTEGER,
  sync_run INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  provider_total TEXT,
  PRIMARY KEY (connection, window_key)
) WITHOUT ROWID;
CREATE TABLE sync_page (
  run_id INTEGER NOT NULL,
  page INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  first_line INTEGER,
  last_line INTEGER,
  PRIMARY KEY (run_id, page)
) WITHOUT ROWID;
CREATE TABLE sync_month (
  connection TEXT NOT NULL,
  month TEXT NOT NULL,
  totals TEXT NOT NULL,
  PRIMARY KEY (connection, month)
) WITHOUT ROWID;
CREATE TABLE inventory (
  connection TEXT NOT NULL,
  provider TEXT NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  region TEXT NOT NULL,
  state TEXT NOT NULL,
  size TEXT,
  tags TEXT NOT NULL,
  created_at INTEGER,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (connection, kind, id)
) WITHOUT ROWID;
CREATE INDEX inventory_id ON inventory (id);
CREATE TABLE utilisation (
  connection TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  cpu_percent REAL NOT NULL,
  PRIMARY KEY (connection, resource_id, at)
) WITHOUT ROWID;
"#;

/// Page provenance goes with its run: removing a run (from the history, or
/// a sync window replacing its previous run) removes its pages, without the
/// lines area knowing about sync.
const PAGES_FOLLOW_RUNS: &str = r#"
CREATE TRIGGER sync_page_run_delete AFTER DELETE ON run BEGIN
  DELETE FROM sync_page WHERE run_id = old.id;
END;
"#;

pub(crate) const AREA: Area = Area {
    name: "sync",
    steps: &[Step::Sql(TABLES), Step::Sql(PAGES_FOLLOW_RUNS)],
};
