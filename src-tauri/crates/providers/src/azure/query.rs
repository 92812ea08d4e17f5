//! Cost Management `query`: a scope's daily actual cost by service and
//! resource group, for scopes without an export (and as the `api` route of
//! an Azure connection), and the month's total for reconciling an export.
//! Rows are positional arrays read through the answer's `columns`; amounts
//! are JSON numbers read from their text, so no digit is lost to a float.
//! Pages follow `properties.nextLink` (the same body POSTed to it), only
//! on Resource Manager's own host. Each row becomes a FOCUS record mapped
//! by the FOCUS mapper (`cloudlens-bills`), marked in `x_SourceDetail` as
//! less detailed than an export: no resources, meters or usage.

use chrono::NaiveDate;
use cloudlens_model::{CostLine, Decimal};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::errors::bad;
use super::Client;
use crate::focus_rows::{rfc3339, FocusRows};
use crate::{BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

const ACTION: &str = "costmanagement:Query";
pub(super) const API_VERSION: &str = "2023-03-01";

/// What the `x_SourceDetail` extra of a query line says.
pub const SUMMARY_DETAIL: &str =
    "Cost Management query, daily actual cost by service and resource group; less detailed than a cost export (no resources, meters or usage)";

/// The FOCUS columns a query row fills, in this order.
const COLUMNS: [&str; 16] = [
    "ProviderName",
    "BillingAccountId",
    "ServiceName",
    "ChargeCategory",
    "ChargeDescription",
    "BillingCurrency",
    "BilledCost",
    "EffectiveCost",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "InvoiceIssuerName",
    "PublisherName",
    "x_ResourceGroupName",
    "x_SourceDetail",
];

#[derive(Deserialize)]
struct Answer {
    properties: Properties,
}

#[derive(Deserialize)]
struct Properties {
    #[serde(rename = "nextLink")]
    next_link: Option<String>,
    columns: Vec<Column>,
    rows: Vec<Vec<Box<RawValue>>>,
}

#[derive(Deserialize)]
struct Column {
    name: String,
}

impl Properties {
    fn column(&self, name: &str) -> Result<usize, ProviderError> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| bad(ACTION, &format!("'{name}' column")))
    }
}

/// The first day of `month` and of the month after it.
fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate), ProviderError> {
    let start = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").map_err(|_| {
        ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("{ACTION}: month '{month}' is not YYYY-MM"),
        )
    })?;
    let next = start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(start);
    Ok((start, next))
}

fn body(month: &str, today: NaiveDate, daily: bool) -> Result<String, ProviderError> {
    let (start, next) = month_bounds(month)?;
    let last = next.pred_opt().unwrap_or(start).min(today).max(start);
    let mut dataset = json!({
        "granularity": if daily { "Daily" } else { "None" },
        "aggregation": {"totalCost": {"name": "Cost", "function": "Sum"}},
    });
    if daily {
        dataset["grouping"] = json!([
            {"type": "Dimension", "name": "ServiceName"},
            {"type": "Dimension", "name": "ResourceGroupName"}
        ]);
    }
    Ok(json!({
        "type": "ActualCost",
        "timeframe": "Custom",
        "timePeriod": {
            "from": format!("{start}T00:00:00Z"),
            "to": format!("{last}T23:59:59Z"),
        },
        "dataset": dataset,
    })
    .to_string())
}

impl Client {
    fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp(self.now(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// Sends the query to the scope, or to the page `cursor` names.
    async fn query(
        &self,
        body: &str,
        cursor: Option<&str>,
    ) -> Result<(Properties, String), ProviderError> {
        let scope = self.scope().await?;
        let (path, extra) = match cursor {
            Some(link) => self.next_link(link)?,
            None => (
                format!("{}/providers/Microsoft.CostManagement/query", scope.path()),
                Vec::new(),
            ),
        };
        let mut params: Vec<(&str, &str)> = vec![("Path", path.as_str()), ("Body", body)];
        params.extend(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let (bytes, request_id) = self.call(ACTION, &params).await?;
        let answer: Answer =
            serde_json::from_slice(&bytes).map_err(|e| bad(ACTION, &format!("answer ({e})")))?;
        Ok((answer.properties, request_id))
    }

    /// A `nextLink`'s path and query (its `api-version` left to the
    /// client), refused unless it is on Resource Manager's host: the
    /// token goes wherever the link points.
    fn next_link(&self, link: &str) -> Result<(String, Vec<(String, String)>), ProviderError> {
        let url = reqwest::Url::parse(link).map_err(|_| bad(ACTION, "nextLink URL"))?;
        if url.scheme() != "https" || url.host_str() != Some(self.cloud().management) {
            return Err(ProviderError::new(
                ErrorKind::BadResponse,
                format!(
                    "{ACTION}: the nextLink leaves {}; not followed",
                    self.cloud().management
                ),
            ));
        }
        let query = url
            .query_pairs()
            .filter(|(k, _)| k != "api-version")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let path = percent_encoding::percent_decode_str(url.path())
            .decode_utf8_lossy()
            .into_owned();
        Ok((path, query))
    }

    /// One page of a month's daily cost by service and resource group.
    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let body = body(&window.month, self.today(), true)?;
        let (props, request_id) = self.query(&body, cursor).await?;
        let lines = lines(
            &props,
            &window.billing_account,
            month_bounds(&window.month)?,
        )?;
        Ok(BillPage {
            lines,
            next: props.next_link.filter(|l| !l.is_empty()),
            request_id,
        })
    }

    /// The month's actual cost per currency, as Cost Management states it.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let body = body(month, self.today(), false)?;
        let (props, _) = self.query(&body, cursor).await?;
        let (cost, currency) = (props.column("Cost")?, props.column("Currency")?);
        let mut totals = Vec::new();
        for (i, row) in props.rows.iter().enumerate() {
            crate::add_month_totals(
                &mut totals,
                vec![MonthTotal {
                    currency: text(row, currency, i, "Currency")?,
                    billed: amount(row, cost, i)?,
                }],
            );
        }
        Ok(MonthTotalPage {
            totals,
            next: props.next_link.filter(|l| !l.is_empty()),
        })
    }
}

fn cell<'a>(
    row: &'a [Box<RawValue>],
    at: usize,
    i: usize,
    name: &str,
) -> Result<&'a str, ProviderError> {
    row.get(at)
        .map(|v| v.get())
        .ok_or_else(|| bad(ACTION, &format!("rows[{i}] '{name}' cell")))
}

fn text(row: &[Box<RawValue>], at: usize, i: usize, name: &str) -> Result<String, ProviderError> {
    let raw = cell(row, at, i, name)?;
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::String(s)) => Ok(s),
        Ok(Value::Null) => Ok(String::new()),
        _ => Err(bad(ACTION, &format!("rows[{i}] '{name}' text"))),
    }
}

fn amount(row: &[Box<RawValue>], at: usize, i: usize) -> Result<Decimal, ProviderError> {
    let raw = cell(row, at, i, "Cost")?;
    cloudlens_bills::parse::decimal(raw.trim_matches('"')).ok_or_else(|| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{ACTION}: rows[{i}] Cost '{raw}' is not a decimal number"),
        )
    })
}

/// `20250107` (a number, or its text) as a day.
fn usage_date(row: &[Box<RawValue>], at: usize, i: usize) -> Result<NaiveDate, ProviderError> {
    let raw = cell(row, at, i, "UsageDate")?.trim_matches('"');
    NaiveDate::parse_from_str(raw, "%Y%m%d")
        .or_else(|_| NaiveDate::parse_from_str(raw.get(..10).unwrap_or(raw), "%Y-%m-%d"))
        .map_err(|_| bad(ACTION, &format!("rows[{i}] UsageDate ('{raw}')")))
}

/// Every row of a daily answer, through the FOCUS mapper.
fn lines(
    props: &Properties,
    billing_account: &str,
    (start, next): (NaiveDate, NaiveDate),
) -> Result<Vec<CostLine>, ProviderError> {
    let mut rows = FocusRows::new(ACTION, &COLUMNS, bad)?;
    let at = |n: &str| props.column(n);
    let (cost, date, service, group, currency) = (
        at("Cost")?,
        at("UsageDate")?,
        at("ServiceName")?,
        at("ResourceGroupName")?,
        at("Currency")?,
    );
    for (i, row) in props.rows.iter().enumerate() {
        let day = usage_date(row, date, i)?;
        if day < start || day >= next {
            return Err(bad(
                ACTION,
                &format!("rows[{i}] UsageDate inside the month"),
            ));
        }
        let billed = amount(row, cost, i)?;
        let service = text(row, service, i, "ServiceName")?;
        let group = text(row, group, i, "ResourceGroupName")?;
        let service = if service.is_empty() {
            "Unassigned".to_string()
        } else {
            service
        };
        let category = if service.eq_ignore_ascii_case("tax") {
            "Tax"
        } else {
            "Usage"
        };
        let fields: Vec<String> = vec![
            "Microsoft".into(),
            billing_account.into(),
            service.clone(),
            category.into(),
            format!("{service}, daily total from Cost Management"),
            text(row, currency, i, "Currency")?,
            billed.to_string(),
            billed.to_string(),
            rfc3339(start),
            rfc3339(next),
            rfc3339(day),
            rfc3339(day.succ_opt().unwrap_or(day)),
            "Microsoft".into(),
            "Microsoft".into(),
            group,
            SUMMARY_DETAIL.into(),
        ];
        rows.map(&fields, &format!("rows[{i}]"))?;
    }
    Ok(rows.into_lines())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn positional_rows_map_to_less_detailed_lines_without_losing_digits() {
        let text = r#"{"id":"x","name":"y","type":"microsoft.costmanagement/Query","properties":{"nextLink":null,
          "columns":[{"name":"Cost","type":"Number"},{"name":"UsageDate","type":"Number"},{"name":"ServiceName","type":"String"},{"name":"ResourceGroupName","type":"String"},{"name":"Currency","type":"String"}],
          "rows":[[0.009865586851323632,20250107,"Virtual Machines","rg-web","USD"],[1.2E-5,20250108,"Storage","","USD"]]}}"#;
        let a: Answer = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let l = lines(&a.properties, "8611537", (day(2025, 1, 1), day(2025, 2, 1)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].billed_cost.to_string(), "0.009865586851323632");
        assert_eq!(l[1].billed_cost.to_string(), "0.000012");
        assert_eq!(l[0].dims.billing_account_id, "8611537");
        assert_eq!(l[0].charge_period_end - l[0].charge_period_start, 86_400);
        let extras = l[0].extras.clone().unwrap_or_default();
        assert!(
            extras.contains("less detailed") && extras.contains("rg-web"),
            "{extras}"
        );
        let outside = r#"{"properties":{"columns":[{"name":"Cost"},{"name":"UsageDate"},{"name":"ServiceName"},{"name":"ResourceGroupName"},{"name":"Currency"}],"rows":[[1,20250301,"a","b","USD"]]}}"#;
        let a: Answer = serde_json::from_str(outside).unwrap_or_else(|e| panic!("{e}"));
        assert!(lines(&a.properties, "1", (day(2025, 1, 1), day(2025, 2, 1))).is_err());
    }

    #[test]
    fn the_current_month_is_asked_up_to_today() {
        let b = body("2025-06", day(2025, 6, 15), true).unwrap_or_default();
        assert!(
            b.contains("2025-06-15T23:59:59Z") && b.contains("ResourceGroupName"),
            "{b}"
        );
        let b = body("2025-01", day(2025, 6, 15), false).unwrap_or_default();
        assert!(
            b.contains("2025-01-31T23:59:59Z") && b.contains("\"None\""),
            "{b}"
        );
    }
}
