//! The only SQL the client sends: SELECTs over the billing export table,
//! built here from fixed text. What varies (the invoice month, the day's
//! bounds, the projects) travels as query parameters; the one identifier,
//! the table, is checked against BigQuery's naming rules before it is
//! quoted into the statement. [`check_request`] refuses any `jobs.query`
//! body whose statement is not one of these, before a request is built.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::America::Los_Angeles;
use serde_json::{json, Value};

use crate::{ErrorKind, ProviderError};

/// A billing export table, `PROJECT.DATASET.TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub project: String,
    pub dataset: String,
    pub table: String,
}

const STANDARD_PREFIX: &str = "gcp_billing_export_v1_";
const DETAILED_PREFIX: &str = "gcp_billing_export_resource_v1_";

impl Table {
    /// Accepts `PROJECT.DATASET.TABLE` (or `PROJECT:DATASET.TABLE`) whose
    /// table is a standard or detailed billing export.
    pub fn parse(text: &str) -> Result<Self, ProviderError> {
        let invalid = |why: &str| {
            ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("'{text}' is not a billing export table: {why}"),
            )
        };
        let t = text.trim().replacen(':', ".", 1);
        let parts: Vec<&str> = t.split('.').collect();
        let [project, dataset, table] = parts.as_slice() else {
            return Err(invalid("expected PROJECT.DATASET.TABLE"));
        };
        let project_ok = (6..=30).contains(&project.len())
            && project.starts_with(|c: char| c.is_ascii_lowercase())
            && project
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !project_ok {
            return Err(invalid("the project id is not a Google Cloud project id"));
        }
        let word = |s: &str| {
            !s.is_empty()
                && s.len() <= 1024
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !word(dataset) || !word(table) {
            return Err(invalid("dataset and table names are letters, digits and _"));
        }
        if !table.starts_with(STANDARD_PREFIX) && !table.starts_with(DETAILED_PREFIX) {
            return Err(invalid(
                "the table is not a gcp_billing_export_v1_* or gcp_billing_export_resource_v1_* export",
            ));
        }
        Ok(Self {
            project: project.to_string(),
            dataset: dataset.to_string(),
            table: table.to_string(),
        })
    }

    /// The detailed (resource-level) export.
    pub fn detailed(&self) -> bool {
        self.table.starts_with(DETAILED_PREFIX)
    }

    /// The billing account the export is named after (`01A2B3_C4D5E6_F7A8B9`
    /// → `01A2B3-C4D5E6-F7A8B9`).
    pub fn billing_account(&self) -> String {
        let prefix = if self.detailed() {
            DETAILED_PREFIX
        } else {
            STANDARD_PREFIX
        };
        self.table[prefix.len()..].replace('_', "-")
    }

    fn quoted(&self) -> String {
        format!("`{}.{}.{}`", self.project, self.dataset, self.table)
    }
}

/// Columns of both exports, with the flattened names the bill mapper reads.
/// Timestamps are formatted in SQL: BigQuery's JSON gives TIMESTAMP cells
/// as floating-point epoch seconds.
const COLUMNS: &[&str] = &[
    "billing_account_id",
    "service.id AS service_id",
    "service.description AS service_description",
    "sku.id AS sku_id",
    "sku.description AS sku_description",
    "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_start_time) AS usage_start_time",
    "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_end_time) AS usage_end_time",
    "project.id AS project_id",
    "project.name AS project_name",
    "project.number AS project_number",
    "project.labels AS project_labels",
    "labels",
    "system_labels",
    "location.location AS location_location",
    "location.country AS location_country",
    "location.region AS location_region",
    "location.zone AS location_zone",
    "cost",
    "currency",
    "currency_conversion_rate",
    "usage.amount AS usage_amount",
    "usage.unit AS usage_unit",
    "usage.amount_in_pricing_units AS usage_amount_in_pricing_units",
    "usage.pricing_unit AS usage_pricing_unit",
    "credits",
    "invoice.month AS invoice_month",
    "cost_type",
    "adjustment_info.id AS adjustment_info_id",
    "adjustment_info.description AS adjustment_info_description",
    "cost_at_list",
];

/// The detailed export's resource and price columns.
const DETAILED_COLUMNS: &[&str] = &[
    "resource.name AS resource_name",
    "resource.global_name AS resource_global_name",
    "price.effective_price AS price_effective_price",
    "price.unit AS price_unit",
];

const PROJECT_FILTER: &str = " AND project.id IN UNNEST(@projects)";

/// One day's rows of one invoice month: `@invoice_month` (`YYYYMM`),
/// `@from` and `@to` (TIMESTAMP), and `@projects` when filtered.
pub fn lines(table: &Table, by_project: bool) -> String {
    let mut cols: Vec<&str> = COLUMNS.to_vec();
    if table.detailed() {
        cols.extend_from_slice(DETAILED_COLUMNS);
    }
    format!(
        "SELECT {} FROM {} WHERE invoice.month = @invoice_month AND usage_start_time >= @from AND usage_start_time < @to{}",
        cols.join(", "),
        table.quoted(),
        if by_project { PROJECT_FILTER } else { "" }
    )
}

/// The export's own total of an invoice month per currency: cost plus
/// credits (which are negative), summed exactly as NUMERIC.
pub fn totals(table: &Table, by_project: bool) -> String {
    format!(
        "SELECT invoice.month AS invoice_month, currency, SUM(CAST(cost AS NUMERIC)) + SUM(IFNULL((SELECT SUM(CAST(c.amount AS NUMERIC)) FROM UNNEST(credits) AS c), 0)) AS total FROM {} WHERE invoice.month = @invoice_month{} GROUP BY invoice_month, currency",
        table.quoted(),
        if by_project { PROJECT_FILTER } else { "" }
    )
}

/// Every statement the client may send for `table`.
fn own(table: &Table) -> [String; 4] {
    [
        lines(table, false),
        lines(table, true),
        totals(table, false),
        totals(table, true),
    ]
}

/// Refuses a `jobs.query` body unless its statement is one the client
/// built for the connection's table, in standard SQL, with nothing that
/// could write (no destination table, no DML or DDL text).
pub fn check_request(body: &str, table: &Table, action: &str) -> Result<(), ProviderError> {
    let refuse = |why: &str| {
        ProviderError::new(
            ErrorKind::NotAllowed,
            format!("{action}: {why}; CloudLens only sends the SELECT statements it builds"),
        )
        .with_code(action)
    };
    let v: Value = serde_json::from_str(body).map_err(|_| refuse("the body is not JSON"))?;
    let query = v
        .get("query")
        .and_then(Value::as_str)
        .ok_or_else(|| refuse("the body has no query"))?;
    if v.get("useLegacySql") != Some(&Value::Bool(false)) {
        return Err(refuse("the query is not marked as standard SQL"));
    }
    if v.get("destinationTable").is_some() || v.get("dryRun").is_some_and(|d| d != false) {
        return Err(refuse("the body names a destination or a dry run"));
    }
    if !own(table).iter().any(|s| s == query) {
        return Err(refuse("the statement is not one of the client's own"));
    }
    Ok(())
}

/// A named query parameter of a scalar type.
pub fn scalar(name: &str, kind: &str, value: &str) -> Value {
    json!({"name": name, "parameterType": {"type": kind}, "parameterValue": {"value": value}})
}

/// `@projects`, an `ARRAY<STRING>`.
pub fn project_list(projects: &[String]) -> Value {
    json!({
        "name": "projects",
        "parameterType": {"type": "ARRAY", "arrayType": {"type": "STRING"}},
        "parameterValue": {"arrayValues": projects.iter().map(|p| json!({"value": p})).collect::<Vec<_>>()}
    })
}

/// The earliest and latest TIMESTAMP BigQuery holds: the open ends of a
/// month's first and last day, so rows an invoice month carries from
/// before or after it (late usage, adjustments) still fall in a window.
const EARLIEST: &str = "0001-01-01 00:00:00+00";
const LATEST: &str = "9999-12-31 23:59:59.999999+00";

/// Midnight of `day` in Pacific time, as a BigQuery TIMESTAMP literal.
fn pacific_midnight(day: NaiveDate) -> Option<String> {
    let local = day.and_hms_opt(0, 0, 0)?;
    let at = Los_Angeles.from_local_datetime(&local).earliest()?;
    Some(
        at.with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M:%S+00")
            .to_string(),
    )
}

/// The `@from` and `@to` of a day of an invoice month (Google's invoice
/// months are Pacific-time months): the day's Pacific midnights, open at
/// the month's first and last day; the whole month without a day.
pub fn day_bounds(day: Option<NaiveDate>) -> (String, String) {
    let Some(day) = day else {
        return (EARLIEST.to_string(), LATEST.to_string());
    };
    let next = day.succ_opt();
    let from = if day.day() == 1 {
        EARLIEST.to_string()
    } else {
        pacific_midnight(day).unwrap_or_else(|| EARLIEST.to_string())
    };
    let to = match next {
        Some(n) if n.month() == day.month() => {
            pacific_midnight(n).unwrap_or_else(|| LATEST.to_string())
        }
        _ => LATEST.to_string(),
    };
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::parse("billing-admin-42.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn tables_are_checked_before_they_are_quoted() {
        let t = table();
        assert!(t.detailed());
        assert_eq!(t.billing_account(), "01A2B3-C4D5E6-F7A8B9");
        for bad in [
            "p.d.t",
            "billing-admin-42.billing.orders",
            "billing-admin-42.bil`ling.gcp_billing_export_v1_X",
            "billing-admin-42.billing.gcp_billing_export_v1_X; DROP TABLE x",
            "a.b",
        ] {
            assert!(Table::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_clients_own_statements_pass() {
        let t = table();
        let ok = json!({"query": lines(&t, true), "useLegacySql": false}).to_string();
        assert!(check_request(&ok, &t, "q").is_ok());
        for q in [
            "DELETE FROM `x.y.z` WHERE TRUE".to_string(),
            format!("{} ; DROP TABLE x", lines(&t, false)),
            "SELECT 1".to_string(),
        ] {
            let body = json!({"query": q, "useLegacySql": false}).to_string();
            let e = check_request(&body, &t, "q").err().map(|e| e.kind);
            assert_eq!(e, Some(ErrorKind::NotAllowed), "{q}");
        }
        let legacy = json!({"query": lines(&t, true)}).to_string();
        assert!(check_request(&legacy, &t, "q").is_err());
    }

    #[test]
    fn days_are_pacific_and_the_month_ends_are_open() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default();
        assert_eq!(
            day_bounds(Some(d(1, 2))),
            (
                "2025-01-02 08:00:00+00".to_string(),
                "2025-01-03 08:00:00+00".to_string()
            )
        );
        assert_eq!(day_bounds(Some(d(1, 1))).0, EARLIEST);
        assert_eq!(day_bounds(Some(d(1, 31))).1, LATEST);
        assert_eq!(day_bounds(Some(d(7, 2))).0, "2025-07-02 07:00:00+00");
    }
}
