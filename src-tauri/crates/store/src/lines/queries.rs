//! Typed reads over the daily rollup. Group and metric choices map to fixed
//! SQL fragments, so nothing user-supplied is ever spliced into SQL.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_model::Decimal;
use rusqlite::{params, OptionalExtension};

use crate::{Lines, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Billed,
    Effective,
    List,
    Contracted,
}

impl Metric {
    fn column(self) -> &'static str {
        match self {
            Metric::Billed => "billed",
            Metric::Effective => "effective",
            Metric::List => "list",
            Metric::Contracted => "contracted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollupDim {
    Currency,
    Provider,
    BillingAccount,
    /// The sub-account where the line has one, else the billing account.
    Account,
    Service,
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
}

impl RollupDim {
    fn sql(self) -> &'static str {
        match self {
            RollupDim::Currency => "(SELECT v FROM str WHERE id = r.currency)",
            RollupDim::Provider => "(SELECT v FROM str WHERE id = r.provider)",
            RollupDim::BillingAccount => "(SELECT v FROM str WHERE id = r.billing_account_id)",
            RollupDim::Account => {
                "(SELECT v FROM str WHERE id = CASE r.sub_account_id WHEN 0 THEN r.billing_account_id ELSE r.sub_account_id END)"
            }
            RollupDim::Service => "(SELECT v FROM str WHERE id = r.service_name)",
            RollupDim::Day => "date(r.day * 86400, 'unixepoch')",
            RollupDim::Month => "strftime('%Y-%m', r.day * 86400, 'unixepoch')",
        }
    }

    /// What to group by: ids where there is one, so the string lookup runs
    /// once per group rather than once per row.
    fn group(self) -> &'static str {
        match self {
            RollupDim::Currency => "r.currency",
            RollupDim::Provider => "r.provider",
            RollupDim::BillingAccount => "r.billing_account_id",
            RollupDim::Account => {
                "CASE r.sub_account_id WHEN 0 THEN r.billing_account_id ELSE r.sub_account_id END"
            }
            RollupDim::Service => "r.service_name",
            RollupDim::Day => "r.day",
            RollupDim::Month => "strftime('%Y-%m', r.day * 86400, 'unixepoch')",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggRow {
    /// One value per requested dimension, in the order requested.
    pub keys: Vec<String>,
    pub amount: Decimal,
    pub lines: u64,
}

/// Totals per provider, billing currency and charge month (the month of the
/// charge period start, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub provider: String,
    pub billing_currency: String,
    pub month: String,
    pub billed_cost: Decimal,
    pub effective_cost: Decimal,
    pub list_cost: Decimal,
    pub contracted_cost: Decimal,
    pub lines: u64,
}

/// The day number of a date, as `RollupRow::day` counts: days since the Unix epoch.
pub fn day_index(d: NaiveDate) -> i64 {
    cloudlens_model::day_start(d).div_euclid(86_400)
}

fn decimal(s: &str) -> Result<Decimal, StoreError> {
    Decimal::from_str(s)
        .map_err(|e| StoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

impl Lines<'_> {
    /// Sums `metric` over charge days in `[from, to)`, grouped by `group`.
    pub fn aggregate(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        metric: Metric,
        group: &[RollupDim],
    ) -> Result<Vec<AggRow>, StoreError> {
        let select: Vec<&str> = group.iter().map(|g| g.sql()).collect();
        let group_by: Vec<&str> = group.iter().map(|g| g.group()).collect();
        let mut sql = format!("SELECT dsum(r.{}), sum(r.lines)", metric.column());
        for s in &select {
            sql.push_str(", ");
            sql.push_str(s);
        }
        sql.push_str(" FROM rollup_daily r WHERE r.day >= ?1 AND r.day < ?2");
        if !group_by.is_empty() {
            sql.push_str(" GROUP BY ");
            sql.push_str(&group_by.join(", "));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![day_index(from), day_index(to)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let lines: Option<i64> = r.get(1)?;
            if lines.unwrap_or(0) == 0 {
                continue; // an ungrouped query over no rows still yields one row
            }
            let amount: String = r.get(0)?;
            let keys = (0..group.len()).map(|i| {
                r.get::<_, Option<String>>(i + 2)
                    .map(|v| v.unwrap_or_default())
            });
            out.push(AggRow {
                keys: keys.collect::<Result<_, _>>()?,
                amount: decimal(&amount)?,
                lines: lines.unwrap_or(0) as u64,
            });
        }
        Ok(out)
    }

    /// Totals per provider, currency and month of the daily rollup (months of
    /// the store's day zone).
    pub fn summary(&self) -> Result<Vec<SummaryRow>, StoreError> {
        self.summary_of(
            "SELECT (SELECT v FROM str WHERE id = r.provider), (SELECT v FROM str WHERE id = r.currency), \
             strftime('%Y-%m', r.day * 86400, 'unixepoch') AS month, dsum(r.billed), dsum(r.effective), \
             dsum(r.list), dsum(r.contracted), sum(r.lines) \
             FROM rollup_daily r GROUP BY r.provider, r.currency, month",
            [],
        )
    }

    /// Like [`Lines::summary`] with months in `zone`, from the lines
    /// themselves (a scan of every line; the rollup is keyed in the store's
    /// zone only).
    pub fn summary_in(
        &self,
        zone: &cloudlens_model::DayZone,
    ) -> Result<Vec<SummaryRow>, StoreError> {
        self.summary_of(
            "SELECT (SELECT v FROM str WHERE id = d.provider), (SELECT v FROM str WHERE id = d.billing_currency), \
             strftime('%Y-%m', zone_day(l.charge_start, p.start, ?1) * 86400, 'unixepoch') AS month, \
             dsum(l.billed), dsum(l.effective), dsum(l.list), dsum(l.contracted), count(*) \
             FROM line l JOIN dims d ON d.id = l.dims_id JOIN period p ON p.id = l.billing_period_id \
             GROUP BY d.provider, d.billing_currency, month",
            [zone.to_string()],
        )
    }

    fn summary_of(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<SummaryRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(args)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(SummaryRow {
                provider: r.get(0)?,
                billing_currency: r.get(1)?,
                month: r.get(2)?,
                billed_cost: decimal(&r.get::<_, String>(3)?)?,
                effective_cost: decimal(&r.get::<_, String>(4)?)?,
                list_cost: decimal(&r.get::<_, String>(5)?)?,
                contracted_cost: decimal(&r.get::<_, String>(6)?)?,
                lines: r.get::<_, i64>(7)? as u64,
            });
        }
        out.sort_by(|a, b| {
            (&a.month, &a.provider, &a.billing_currency).cmp(&(
                &b.month,
                &b.provider,
                &b.billing_currency,
            ))
        });
        Ok(out)
    }

    /// The last charge day with any data.
    pub fn latest_day(&self) -> Result<Option<NaiveDate>, StoreError> {
        let day: Option<i64> =
            self.conn
                .query_row("SELECT max(day) FROM rollup_daily", [], |r| r.get(0))?;
        Ok(day.and_then(|d| cloudlens_model::utc_day(d * 86_400)))
    }

    /// Display names of billing accounts and sub-accounts, keyed by the
    /// account's string id.
    pub fn account_names(&self) -> Result<HashMap<i64, String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.account, s.v FROM account_name a JOIN str s ON s.id = a.name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// One daily rollup row with its dimensions as string ids (see
/// [`Lines::strings`]) and one metric in nano-units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollupRow {
    /// Days since the Unix epoch (UTC).
    pub day: i64,
    pub currency: i64,
    pub provider: i64,
    pub billing_account: i64,
    /// The sub-account where there is one, else the billing account.
    pub account: i64,
    pub service: i64,
    pub nanos: i64,
}

impl Lines<'_> {
    /// The raw rollup rows of charge days in `[from, to)`: one range scan,
    /// for callers that compute several aggregates over the same window.
    pub fn rollup_rows(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        metric: Metric,
    ) -> Result<Vec<RollupRow>, StoreError> {
        let sql = format!(
            "SELECT day, currency, provider, billing_account_id, \
             CASE sub_account_id WHEN 0 THEN billing_account_id ELSE sub_account_id END, service_name, {} \
             FROM rollup_daily WHERE day >= ?1 AND day < ?2",
            metric.column()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![day_index(from), day_index(to)], |r| {
            Ok(RollupRow {
                day: r.get(0)?,
                currency: r.get(1)?,
                provider: r.get(2)?,
                billing_account: r.get(3)?,
                account: r.get(4)?,
                service: r.get(5)?,
                nanos: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The text of interned strings by id.
    pub fn strings(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT v FROM str WHERE id = ?1")?;
        let mut out = HashMap::new();
        for id in ids {
            if let std::collections::hash_map::Entry::Vacant(e) = out.entry(id) {
                if let Some(v) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                    e.insert(v);
                }
            }
        }
        Ok(out)
    }
}
