//! The recommendations area's tables: recommendations with their status and
//! history, and the inventory facts recommendations need that the sync
//! area's first inventory tables lack (this area runs after sync's).

use crate::schema::{Area, Step};

pub(crate) const AREA: Area = Area {
    name: "recommendations",
    steps: &[Step::Sql(TABLES)],
};

/// `recommendation` holds the latest computation of each finding (its id is
/// stable across runs) with the user's status; `recommendation_event` is its
/// history (who, when, from which status to which, why). Money is exact
/// decimal text. `inventory` gains attachment (`attached` NULL = not read),
/// billing mode, expiry and auto-renewal; `utilisation` gains memory.
const TABLES: &str = r#"
CREATE TABLE recommendation (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  finding TEXT NOT NULL,
  provider TEXT NOT NULL,
  billing_account TEXT NOT NULL,
  region TEXT,
  resource TEXT,
  currency TEXT NOT NULL,
  monthly_saving TEXT NOT NULL,
  confidence REAL NOT NULL,
  fingerprint TEXT NOT NULL,
  payload TEXT NOT NULL,
  baseline_monthly TEXT NOT NULL,
  measure TEXT NOT NULL,
  status TEXT NOT NULL,
  status_note TEXT,
  closed_reason TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  done_at INTEGER,
  realised_saving TEXT,
  realised_days INTEGER,
  realised_complete INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX recommendation_status ON recommendation (status);
CREATE TABLE recommendation_event (
  id INTEGER PRIMARY KEY,
  recommendation TEXT NOT NULL,
  at INTEGER NOT NULL,
  who TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT
);
CREATE INDEX recommendation_event_of ON recommendation_event (recommendation, id);
ALTER TABLE inventory ADD COLUMN attached INTEGER;
ALTER TABLE inventory ADD COLUMN attached_to TEXT;
ALTER TABLE inventory ADD COLUMN billing_mode TEXT;
ALTER TABLE inventory ADD COLUMN expires_at INTEGER;
ALTER TABLE inventory ADD COLUMN auto_renew INTEGER;
ALTER TABLE utilisation ADD COLUMN memory_percent REAL;
"#;
