//! Versioned migrations, tracked in `PRAGMA user_version`. Each step runs in
//! its own transaction; a store from a newer build is refused, not altered.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

/// Strings (names, ids, enum values) are interned in `str`; a distinct
/// combination of a line's dimensions is kept once in `dims`; `line` holds
/// only the per-line facts, narrow because insert cost grows with columns;
/// a run's lines have contiguous ids (`run.first_line..=run.last_line`), so no
/// index on `run_id` is needed; `rollup_daily` answers dashboards. Ids are
/// assigned by the store's single writer, so foreign keys are not declared:
/// checking them would cost three lookups per inserted line.
const V1: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE run (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  format TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  first_line INTEGER,
  last_line INTEGER,
  first_day INTEGER,
  last_day INTEGER
);
CREATE TABLE account_name (account INTEGER PRIMARY KEY, name INTEGER NOT NULL);
CREATE TABLE period (id INTEGER PRIMARY KEY, start INTEGER NOT NULL, end INTEGER NOT NULL, UNIQUE (start, end));
CREATE TABLE str (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE);
CREATE TABLE tagset (id INTEGER PRIMARY KEY, canon TEXT NOT NULL UNIQUE);
CREATE TABLE tag (
  tagset_id INTEGER NOT NULL,
  key_id INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  PRIMARY KEY (tagset_id, key_id)
) WITHOUT ROWID;
CREATE TABLE dims (
  id INTEGER PRIMARY KEY,
  key BLOB NOT NULL UNIQUE,
  provider INTEGER NOT NULL,
  publisher INTEGER NOT NULL,
  invoice_issuer INTEGER NOT NULL,
  billing_account_id INTEGER NOT NULL,
  billing_account_name INTEGER,
  billing_account_type INTEGER,
  sub_account_id INTEGER,
  sub_account_name INTEGER,
  sub_account_type INTEGER,
  billing_currency INTEGER NOT NULL,
  service_name INTEGER NOT NULL,
  service_category INTEGER NOT NULL,
  service_subcategory INTEGER,
  charge_category INTEGER NOT NULL,
  charge_class INTEGER,
  charge_frequency INTEGER,
  charge_description INTEGER,
  region_id INTEGER,
  region_name INTEGER,
  availability_zone INTEGER,
  resource_id INTEGER,
  resource_name INTEGER,
  resource_type INTEGER,
  sku_id INTEGER,
  sku_price_id INTEGER,
  sku_meter INTEGER,
  pricing_category INTEGER,
  pricing_unit INTEGER,
  pricing_currency INTEGER,
  consumed_unit INTEGER,
  commitment_discount_id INTEGER,
  commitment_discount_name INTEGER,
  commitment_discount_category INTEGER,
  commitment_discount_type INTEGER,
  commitment_discount_unit INTEGER,
  capacity_reservation_id INTEGER,
  tagset_id INTEGER
);
CREATE TABLE line (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  source_row INTEGER NOT NULL,
  dims_id INTEGER NOT NULL,
  billing_period_id INTEGER NOT NULL,
  charge_start INTEGER NOT NULL,
  charge_secs INTEGER NOT NULL,
  billed INTEGER NOT NULL,
  effective INTEGER NOT NULL,
  list INTEGER NOT NULL,
  contracted INTEGER NOT NULL,
  pricing_qty TEXT,
  consumed_qty TEXT,
  list_unit_price TEXT,
  contracted_unit_price TEXT,
  cd_status INTEGER,
  cd_qty TEXT,
  cr_status INTEGER,
  invoice_id INTEGER,
  extras TEXT
);
CREATE TABLE rollup_daily (
  day INTEGER NOT NULL,
  currency INTEGER NOT NULL,
  provider INTEGER NOT NULL,
  billing_account_id INTEGER NOT NULL,
  sub_account_id INTEGER NOT NULL,
  service_name INTEGER NOT NULL,
  billed INTEGER NOT NULL,
  effective INTEGER NOT NULL,
  list INTEGER NOT NULL,
  contracted INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  PRIMARY KEY (day, currency, provider, billing_account_id, sub_account_id, service_name)
) WITHOUT ROWID;
"#;

/// File imports: the content hash makes re-importing a file a no-op; the
/// report keeps what the import found (format, totals, problems) for the
/// history; `lines_imported` keeps the original count after restatements
/// remove some of a run's lines. `run_scope` lists the provider, billing
/// account and billing period a run covers, so a newer run for the same
/// scope finds the lines it replaces; `run_restated` records each
/// replacement for the history.
const V2: &str = r#"
ALTER TABLE run ADD COLUMN content_hash TEXT;
ALTER TABLE run ADD COLUMN report TEXT;
ALTER TABLE run ADD COLUMN lines_imported INTEGER;
UPDATE run SET lines_imported = lines;
CREATE INDEX run_content_hash ON run (content_hash);
CREATE TABLE run_scope (
  provider INTEGER NOT NULL,
  billing_account INTEGER NOT NULL,
  period_id INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (provider, billing_account, period_id, run_id)
) WITHOUT ROWID;
CREATE TABLE run_restated (
  run_id INTEGER NOT NULL,
  by_run INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (run_id, by_run)
) WITHOUT ROWID;
"#;

/// Explorer: allocation rule versions (every save kept, as JSON), exchange
/// rates (exact decimal text; `shipped` marks the starting set of approximate
/// monthly reference rates, 1 USD in CNY, EUR, GBP, JPY, HKD and SGD, which
/// users should replace with their own), saved views, and a generation
/// counter that triggers bump on every change to the runs, so a cached
/// explorer snapshot knows when the lines changed (imports, removals,
/// restatements and syncs all go through `run`).
const V3: &str = r#"
CREATE TABLE rule_version (
  id INTEGER PRIMARY KEY,
  saved_at INTEGER NOT NULL,
  note TEXT NOT NULL,
  rules TEXT NOT NULL
);
CREATE TABLE exchange_rate (
  date TEXT NOT NULL,
  from_cur TEXT NOT NULL,
  to_cur TEXT NOT NULL,
  rate TEXT NOT NULL,
  shipped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (from_cur, to_cur, date)
) WITHOUT ROWID;
CREATE TABLE saved_view (
  name TEXT PRIMARY KEY,
  link TEXT NOT NULL,
  saved_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
CREATE TRIGGER run_insert_generation AFTER INSERT ON run BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
END;
CREATE TRIGGER run_update_generation AFTER UPDATE ON run BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
END;
CREATE TRIGGER run_delete_generation AFTER DELETE ON run BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
END;
INSERT INTO exchange_rate (date, from_cur, to_cur, rate, shipped) SELECT column1, column2, column3, column4, 1 FROM (VALUES
('2025-10-01', 'USD', 'CNY', '7.12'),
('2025-11-01', 'USD', 'CNY', '7.1'),
('2025-12-01', 'USD', 'CNY', '7.08'),
('2026-01-01', 'USD', 'CNY', '7.06'),
('2026-02-01', 'USD', 'CNY', '7.05'),
('2026-03-01', 'USD', 'CNY', '7.04'),
('2026-04-01', 'USD', 'CNY', '7.03'),
('2026-05-01', 'USD', 'CNY', '7.02'),
('2026-06-01', 'USD', 'CNY', '7.01'),
('2026-07-01', 'USD', 'CNY', '7.0'),
('2026-08-01', 'USD', 'CNY', '7.0'),
('2026-09-01', 'USD', 'CNY', '6.99'),
('2026-10-01', 'USD', 'CNY', '6.98'),
('2026-11-01', 'USD', 'CNY', '6.97'),
('2025-10-01', 'USD', 'EUR', '0.86'),
('2025-11-01', 'USD', 'EUR', '0.86'),
('2025-12-01', 'USD', 'EUR', '0.85'),
('2026-01-01', 'USD', 'EUR', '0.85'),
('2026-02-01', 'USD', 'EUR', '0.85'),
('2026-03-01', 'USD', 'EUR', '0.86'),
('2026-04-01', 'USD', 'EUR', '0.86'),
('2026-05-01', 'USD', 'EUR', '0.85'),
('2026-06-01', 'USD', 'EUR', '0.85'),
('2026-07-01', 'USD', 'EUR', '0.85'),
('2026-08-01', 'USD', 'EUR', '0.86'),
('2026-09-01', 'USD', 'EUR', '0.86'),
('2026-10-01', 'USD', 'EUR', '0.86'),
('2026-11-01', 'USD', 'EUR', '0.86'),
('2025-10-01', 'USD', 'GBP', '0.75'),
('2025-11-01', 'USD', 'GBP', '0.76'),
('2025-12-01', 'USD', 'GBP', '0.75'),
('2026-01-01', 'USD', 'GBP', '0.74'),
('2026-02-01', 'USD', 'GBP', '0.74'),
('2026-03-01', 'USD', 'GBP', '0.74'),
('2026-04-01', 'USD', 'GBP', '0.74'),
('2026-05-01', 'USD', 'GBP', '0.74'),
('2026-06-01', 'USD', 'GBP', '0.74'),
('2026-07-01', 'USD', 'GBP', '0.74'),
('2026-08-01', 'USD', 'GBP', '0.75'),
('2026-09-01', 'USD', 'GBP', '0.75'),
('2026-10-01', 'USD', 'GBP', '0.75'),
('2026-11-01', 'USD', 'GBP', '0.75'),
('2025-10-01', 'USD', 'JPY', '151.0'),
('2025-11-01', 'USD', 'JPY', '154.0'),
('2025-12-01', 'USD', 'JPY', '155.0'),
('2026-01-01', 'USD', 'JPY', '156.0'),
('2026-02-01', 'USD', 'JPY', '155.0'),
('2026-03-01', 'USD', 'JPY', '153.0'),
('2026-04-01', 'USD', 'JPY', '152.0'),
('2026-05-01', 'USD', 'JPY', '150.0'),
('2026-06-01', 'USD', 'JPY', '149.0'),
('2026-07-01', 'USD', 'JPY', '148.0'),
('2026-08-01', 'USD', 'JPY', '148.0'),
('2026-09-01', 'USD', 'JPY', '147.0'),
('2026-10-01', 'USD', 'JPY', '147.0'),
('2026-11-01', 'USD', 'JPY', '146.0'),
('2025-10-01', 'USD', 'HKD', '7.77'),
('2025-11-01', 'USD', 'HKD', '7.78'),
('2025-12-01', 'USD', 'HKD', '7.78'),
('2026-01-01', 'USD', 'HKD', '7.79'),
('2026-02-01', 'USD', 'HKD', '7.79'),
('2026-03-01', 'USD', 'HKD', '7.8'),
('2026-04-01', 'USD', 'HKD', '7.8'),
('2026-05-01', 'USD', 'HKD', '7.81'),
('2026-06-01', 'USD', 'HKD', '7.81'),
('2026-07-01', 'USD', 'HKD', '7.81'),
('2026-08-01', 'USD', 'HKD', '7.8'),
('2026-09-01', 'USD', 'HKD', '7.8'),
('2026-10-01', 'USD', 'HKD', '7.79'),
('2026-11-01', 'USD', 'HKD', '7.79'),
('2025-10-01', 'USD', 'SGD', '1.3'),
('2025-11-01', 'USD', 'SGD', '1.3'),
('2025-12-01', 'USD', 'SGD', '1.29'),
('2026-01-01', 'USD', 'SGD', '1.29'),
('2026-02-01', 'USD', 'SGD', '1.29'),
('2026-03-01', 'USD', 'SGD', '1.28'),
('2026-04-01', 'USD', 'SGD', '1.28'),
('2026-05-01', 'USD', 'SGD', '1.28'),
('2026-06-01', 'USD', 'SGD', '1.28'),
('2026-07-01', 'USD', 'SGD', '1.27'),
('2026-08-01', 'USD', 'SGD', '1.27'),
('2026-09-01', 'USD', 'SGD', '1.27'),
('2026-10-01', 'USD', 'SGD', '1.27'),
('2026-11-01', 'USD', 'SGD', '1.27'));
"#;

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
const V4: &str = r#"
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

const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, crate::audit::SCHEMA];

pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// The store's schema version; one from a newer build is refused.
fn known_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    Ok(found)
}

pub fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found = known_version(conn, path)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Audit mode reads the store as it is: one from an older build must be
/// opened once normally (which upgrades it) first.
pub fn require_current(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found = known_version(conn, path)?;
    if found < VERSION {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: format!(
                "it was written by an older CloudLens (schema {found}, this build knows {VERSION}); open it once outside audit mode to upgrade it"
            ),
        });
    }
    Ok(())
}
