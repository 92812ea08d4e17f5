//! The budgets area's tables.

use crate::schema::{Area, Step};

/// `budget` keeps each budget's definition as the api's JSON (scope,
/// metric, period, amount, thresholds, channels) under a unique name;
/// `revision` goes up with every edit, so a threshold crossed under one
/// definition is not taken for a crossing of the next. `budget_crossing`
/// records the day a threshold was first seen crossed in a period (the
/// forecast's crossings cannot be worked out again later: they depend on
/// what the forecast said on that day).
const TABLES: &str = r#"
CREATE TABLE budget (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE budget_crossing (
  budget_id INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL,
  percent TEXT NOT NULL,
  crossed_on TEXT NOT NULL,
  PRIMARY KEY (budget_id, revision, period, kind, percent)
) WITHOUT ROWID;
"#;

pub(crate) const AREA: Area = Area {
    name: "budgets",
    steps: &[Step::Sql(TABLES)],
};
