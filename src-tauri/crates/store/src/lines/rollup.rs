//! Checking the daily rollup against the lines themselves. Imports merge
//! into the rollup and removals subtract from it incrementally; this full
//! recomputation proves both paths leave it exact (tests and `cloudlens
//! check` use it).

use crate::{Lines, StoreError};

/// Every rollup row recomputed from the lines, keyed by the stored zone day.
pub(crate) fn from_lines() -> String {
    format!(
        "SELECT {}, d.billing_currency, d.provider, d.billing_account_id, \
         coalesce(d.sub_account_id, 0), d.service_name, sum(l.billed), sum(l.effective), sum(l.list), \
         sum(l.contracted), count(*) FROM line l JOIN dims d ON d.id = l.dims_id GROUP BY 1, 2, 3, 4, 5, 6",
        super::day_zone::zone_day_sql("l")
    )
}

const FROM_ROLLUP: &str =
    "SELECT day, currency, provider, billing_account_id, sub_account_id, service_name, \
    billed, effective, list, contracted, lines FROM rollup_daily";

impl Lines<'_> {
    /// How many rollup rows differ from a recomputation over every line
    /// (0 when the rollup is exact). Reads the whole store.
    pub fn rollup_mismatches(&self) -> Result<u64, StoreError> {
        let from_lines = from_lines();
        let sql = format!(
            "SELECT count(*) FROM (SELECT * FROM ({from_lines}) EXCEPT SELECT * FROM ({FROM_ROLLUP})) \
             + (SELECT count(*) FROM (SELECT * FROM ({FROM_ROLLUP}) EXCEPT SELECT * FROM ({from_lines})))"
        );
        let sql = sql
            .replacen(
                "SELECT count(*) FROM (",
                "SELECT (SELECT count(*) FROM (",
                1,
            )
            .replacen(") + (SELECT", ")) + (SELECT", 1);
        let n: i64 = self.conn.query_row(&sql, [], |r| r.get(0))?;
        Ok(n as u64)
    }
}
