//! The sources area's tables.

use crate::lines::schema::line_columns;
use crate::schema::{Area, Step};

/// A connection's route and bucket settings (`connection_route`), the
/// origin of each run (`run_origin`), each scope's origins and which one
/// holds it (`scope_origin`), and the lines set aside (`line_parked`, the
/// `line` table's columns).
const TABLES: &str = concat!(
    r#"
CREATE TABLE connection_route (
  connection TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  bucket TEXT,
  prefix TEXT,
  role_arn TEXT
) WITHOUT ROWID;
CREATE TABLE run_origin (
  run_id INTEGER PRIMARY KEY,
  route TEXT NOT NULL,
  origin TEXT NOT NULL,
  detail INTEGER NOT NULL
);
CREATE TABLE scope_origin (
  provider INTEGER NOT NULL,
  billing_account INTEGER NOT NULL,
  period_id INTEGER NOT NULL,
  route TEXT NOT NULL,
  origin TEXT NOT NULL,
  detail INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  at INTEGER NOT NULL,
  active INTEGER NOT NULL,
  PRIMARY KEY (provider, billing_account, period_id, route, origin)
) WITHOUT ROWID;
CREATE TABLE line_parked (
"#,
    line_columns!(),
    r#");
CREATE INDEX line_parked_run ON line_parked (run_id);
CREATE TRIGGER run_origin_gone AFTER DELETE ON run BEGIN
  DELETE FROM line_parked WHERE run_id = old.id;
  DELETE FROM run_origin WHERE run_id = old.id;
END;
"#
);

pub(crate) const AREA: Area = Area {
    name: "sources",
    steps: &[Step::Sql(TABLES)],
};
