//! The reports area's tables.

use crate::schema::{Area, Step};

/// `report_definition`: one row per name, replaced on save. `invoice_amount`:
/// the amount on the provider's invoice (exact decimal text) for one
/// billing month (`YYYY-MM`), with where it came from (`entered` or the
/// imported file's name) and when.
const TABLES: &str = r#"
CREATE TABLE report_definition (
  name TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  saved_at INTEGER NOT NULL
);
CREATE TABLE invoice_amount (
  provider TEXT NOT NULL,
  billing_account TEXT NOT NULL,
  month TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount TEXT NOT NULL,
  invoice_id TEXT,
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  entered_at INTEGER NOT NULL,
  PRIMARY KEY (provider, billing_account, month, currency)
) WITHOUT ROWID;
"#;

pub(crate) const AREA: Area = Area {
    name: "reports",
    steps: &[Step::Sql(TABLES)],
};
