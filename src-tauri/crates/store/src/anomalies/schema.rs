//! The anomalies area's tables.

use crate::schema::{Area, Step};

/// Monitors (`rejudge` marks one whose settings changed since its days were
/// decided: the next detection judges all of them again; `alert_*` is the
/// route its anomalies alert on); anomalies (amounts exact decimal text,
/// rounded once to the currency's minor unit; `threshold` the money
/// threshold as converted for it, with the rate used; `withdrawn` marks one
/// the detector no longer finds after a restatement, feedback or a monitor
/// edit, kept for the record; `restated` one whose own days' lines changed
/// after it was first reported; `rejudged` one found or changed when its
/// monitor's settings changed); status history; feedback; decided day
/// ranges per monitor; detection runs.
const TABLES: &str = r#"
CREATE TABLE anomaly_monitor (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  metric TEXT NOT NULL,
  min_impact TEXT NOT NULL,
  impact_currency TEXT NOT NULL,
  min_percent REAL NOT NULL,
  falls INTEGER NOT NULL,
  new_spend INTEGER NOT NULL,
  muted INTEGER NOT NULL DEFAULT 0,
  builtin INTEGER NOT NULL DEFAULT 0,
  rejudge INTEGER NOT NULL DEFAULT 0,
  alert_channels TEXT NOT NULL DEFAULT '[]',
  alert_min_severity TEXT NOT NULL DEFAULT 'high',
  alert_min_impact TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE anomaly (
  id TEXT PRIMARY KEY,
  monitor_id INTEGER NOT NULL,
  groups TEXT NOT NULL,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_day TEXT NOT NULL,
  end_day TEXT NOT NULL,
  detected_on TEXT NOT NULL,
  expected TEXT NOT NULL,
  actual TEXT NOT NULL,
  impact TEXT NOT NULL,
  percent REAL NOT NULL,
  severity TEXT NOT NULL,
  score REAL NOT NULL,
  ongoing INTEGER NOT NULL,
  status TEXT NOT NULL,
  days TEXT NOT NULL,
  root_cause TEXT NOT NULL,
  threshold TEXT NOT NULL,
  restated INTEGER NOT NULL DEFAULT 0,
  rejudged INTEGER NOT NULL DEFAULT 0,
  withdrawn TEXT,
  first_seen_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX anomaly_by_monitor ON anomaly (monitor_id, start_day);
CREATE INDEX anomaly_by_start ON anomaly (start_day);
CREATE TABLE anomaly_status (
  anomaly_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (anomaly_id, seq)
) WITHOUT ROWID;
CREATE TABLE anomaly_feedback (
  id INTEGER PRIMARY KEY,
  anomaly_id TEXT NOT NULL,
  monitor_id INTEGER NOT NULL,
  groups TEXT NOT NULL,
  currency TEXT NOT NULL,
  verdict TEXT NOT NULL,
  learned TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT
);
CREATE INDEX anomaly_feedback_by_monitor ON anomaly_feedback (monitor_id);
CREATE TABLE anomaly_decided (
  monitor_id INTEGER NOT NULL,
  from_day TEXT NOT NULL,
  to_day TEXT NOT NULL,
  PRIMARY KEY (monitor_id, from_day)
) WITHOUT ROWID;
CREATE TABLE anomaly_detection (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  from_day TEXT,
  to_day TEXT,
  generation INTEGER NOT NULL,
  runs TEXT NOT NULL,
  monitors INTEGER NOT NULL,
  found INTEGER NOT NULL,
  millis INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '[]'
);
"#;

pub(crate) const AREA: Area = Area {
    name: "anomalies",
    steps: &[Step::Sql(TABLES)],
};
