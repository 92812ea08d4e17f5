//! The lines area's tables, one step per schema change.

use crate::schema::{Area, Step};

/// The columns of a stored line. The sources area's `line_parked` holds
/// lines set aside with exactly these columns, so they move back unchanged.
macro_rules! line_columns {
    () => {
        "  id INTEGER PRIMARY KEY,
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
"
    };
}
pub(crate) use line_columns;

/// Strings (names, ids, enum values) are interned in `str`; a distinct
/// combination of a line's dimensions is kept once in `dims`; `line` holds
/// only the per-line facts, narrow because insert cost grows with columns;
/// a run's lines have contiguous ids (`run.first_line..=run.last_line`), so no
/// index on `run_id` is needed; `rollup_daily` answers dashboards. Ids are
/// assigned by the store's single writer, so foreign keys are not declared:
/// checking them would cost three lookups per inserted line.
const TABLES: &str = concat!(
    r#"
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
"#,
    line_columns!(),
    r#");
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
"#
);

/// File imports: the content hash makes re-importing a file a no-op; the
/// report keeps what the import found (format, totals, problems) for the
/// history; `lines_imported` keeps the original count after restatements
/// remove some of a run's lines. `run_scope` lists the provider, billing
/// account and billing period a run covers, so a newer run for the same
/// scope finds the lines it replaces; `run_restated` records each
/// replacement for the history.
const RUN_HISTORY: &str = r#"
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

/// A counter in `meta` that triggers bump on every change to the runs, so a
/// cached explorer snapshot knows when the lines changed (imports, removals,
/// restatements and syncs all go through `run`).
const GENERATION: &str = r#"
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
"#;

pub(crate) const AREA: Area = Area {
    name: "lines",
    steps: &[
        Step::Sql(TABLES),
        Step::Sql(RUN_HISTORY),
        Step::Sql(GENERATION),
    ],
};
