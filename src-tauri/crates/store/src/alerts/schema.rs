//! The alerts area's tables.

use crate::schema::{Area, Step};

/// `alert_channel` keeps a channel's name, kind and language; its webhook
/// URL and signing secret live in the OS keychain, or in `sealed_url` /
/// `sealed_secret` only in passphrase mode (inside the encrypted file).
/// `alert` has one row per dedup key. `alert_delivery` is the outbox: one row
/// per (alert, channel) with its state, attempts, the earliest time of the
/// next attempt (`next_at_ms`) and the last error; `alert_attempt` records
/// every attempt (times in milliseconds, because platform rate limits are
/// per second).
const TABLES: &str = r#"
CREATE TABLE alert_channel (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sealed_url TEXT,
  sealed_secret TEXT
);
CREATE TABLE alert (
  id INTEGER PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  severity TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE alert_delivery (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at_ms INTEGER NOT NULL,
  last_error TEXT,
  sent_at_ms INTEGER,
  UNIQUE (alert_id, channel)
);
CREATE INDEX alert_delivery_state ON alert_delivery (state, next_at_ms);
CREATE TABLE alert_attempt (
  delivery_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  channel TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER,
  outcome TEXT NOT NULL,
  error TEXT,
  PRIMARY KEY (delivery_id, n)
) WITHOUT ROWID;
CREATE INDEX alert_attempt_channel ON alert_attempt (channel, started_ms);
"#;

pub(crate) const AREA: Area = Area {
    name: "alerts",
    steps: &[Step::Sql(TABLES)],
};
