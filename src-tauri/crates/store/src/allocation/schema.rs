//! The allocation area's tables.

use crate::schema::{Area, Step};

/// Allocation rule versions (every save kept, as JSON), exchange rates
/// (exact decimal text; `shipped` marks the starting set of approximate
/// monthly reference rates, 1 USD in CNY, EUR, GBP, JPY, HKD and SGD, which
/// users should replace with their own) and saved views.
const TABLES: &str = r#"
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

pub(crate) const AREA: Area = Area {
    name: "allocation",
    steps: &[Step::Sql(TABLES)],
};
