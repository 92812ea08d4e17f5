//! Bill lines and month totals from the BigQuery billing export. A window
//! (one Pacific-time day of an invoice month) is one `jobs.query`; a job
//! not complete within its wait is polled with `jobs.getQueryResults`
//! until it is; later pages follow `pageToken`, the job carried in the
//! cursor. Rows map through the billing export's own mapper
//! (`cloudlens-bills`), read by field name, so a synced row and the same
//! row of an exported file are the same lines (credits as Credit lines).

use chrono::{Datelike, NaiveDate};
use cloudlens_bills::formats::{self, FormatId, Output};
use cloudlens_bills::{Header, Row};
use cloudlens_model::CostLine;
use serde_json::{json, Value};

use super::errors::bad;
use super::rows::{cells, schema};
use super::statements::{self, day_bounds, project_list, scalar};
use super::Client;
use crate::{AccountInfo, BillPage, ErrorKind, MonthTotal, MonthTotalPage, ProviderError, Window};

const QUERY: &str = "bigquery.jobs.query";
const RESULTS: &str = "bigquery.jobs.getQueryResults";
/// Rows per page (BigQuery also stops a page at 10 MB).
const PAGE_ROWS: u32 = 5000;
/// How long BigQuery holds each call open waiting for the job.
const WAIT_MS: u32 = 10_000;
/// Polls of an unfinished job before the window is failed (and retried by
/// the engine): ten minutes at BigQuery's wait.
const MAX_POLLS: u32 = 60;

/// Where a query's next page is: its job, location and page token.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cursor {
    job: String,
    location: String,
    page: String,
}

impl Cursor {
    fn text(&self) -> String {
        json!({"job": self.job, "location": self.location, "page": self.page}).to_string()
    }

    fn parse(text: &str) -> Result<Self, ProviderError> {
        let v: Value = serde_json::from_str(text).unwrap_or_default();
        let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        match (field("job"), field("location"), field("page")) {
            (Some(job), Some(location), Some(page)) => Ok(Self {
                job,
                location,
                page,
            }),
            _ => Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("{RESULTS}: the page cursor '{text}' is not one this client wrote"),
            )),
        }
    }
}

/// One complete page of a query's answer, and where the next one is.
struct Answer {
    body: Value,
    next: Option<Cursor>,
    /// The job and page, as provenance.
    request_id: String,
}

/// `YYYY-MM` as the export's `invoice.month` (`YYYYMM`).
fn invoice_month(month: &str) -> Result<String, ProviderError> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| format!("{:04}{:02}", d.year(), d.month()))
        .map_err(|_| {
            ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("{QUERY}: month '{month}' is not YYYY-MM"),
            )
        })
}

impl Client {
    /// The current invoice month's totals: proves the key, the token, the
    /// job permission and the table's read; the account is the export's.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let table = self.table()?;
        let now = chrono::DateTime::from_timestamp(self.now(), 0).unwrap_or_default();
        let pacific = now.with_timezone(&chrono_tz::America::Los_Angeles);
        self.month_total_page(&pacific.format("%Y-%m").to_string(), None)
            .await?;
        Ok(AccountInfo {
            billing_account: table.billing_account(),
            name: Some(self.config.credentials.key_id.clone()).filter(|n| !n.is_empty()),
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let table = self.table()?;
        let answer = match cursor {
            Some(c) => self.results_page(&Cursor::parse(c)?).await?,
            None => {
                let projects = self.config.extra.projects.clone();
                let (from, to) = day_bounds(window.day);
                let mut params = vec![
                    scalar("invoice_month", "STRING", &invoice_month(&window.month)?),
                    scalar("from", "TIMESTAMP", &from),
                    scalar("to", "TIMESTAMP", &to),
                ];
                if !projects.is_empty() {
                    params.push(project_list(&projects));
                }
                let stmt = statements::lines(&table, !projects.is_empty());
                self.query(&table.project, &stmt, params).await?
            }
        };
        Ok(BillPage {
            lines: lines(&answer.body)?,
            next: answer.next.map(|c| c.text()),
            request_id: answer.request_id,
        })
    }

    /// The export's own total of an invoice month, per currency.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let table = self.table()?;
        let answer = match cursor {
            Some(c) => self.results_page(&Cursor::parse(c)?).await?,
            None => {
                let projects = self.config.extra.projects.clone();
                let mut params = vec![scalar("invoice_month", "STRING", &invoice_month(month)?)];
                if !projects.is_empty() {
                    params.push(project_list(&projects));
                }
                let stmt = statements::totals(&table, !projects.is_empty());
                self.query(&table.project, &stmt, params).await?
            }
        };
        Ok(MonthTotalPage {
            totals: totals(&answer.body)?,
            next: answer.next.map(|c| c.text()),
        })
    }

    /// Starts a query in the export's project and waits for its first page.
    async fn query(
        &self,
        project: &str,
        statement: &str,
        params: Vec<Value>,
    ) -> Result<Answer, ProviderError> {
        let body = json!({
            "query": statement,
            "useLegacySql": false,
            "parameterMode": "NAMED",
            "queryParameters": params,
            "maxResults": PAGE_ROWS,
            "timeoutMs": WAIT_MS,
        })
        .to_string();
        let first = self
            .send(QUERY, &[("Project", project), ("Body", &body)])
            .await?;
        let job = first
            .get("jobReference")
            .ok_or_else(|| bad(QUERY, "jobReference"))?;
        let text = |k: &str| job.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let cursor = Cursor {
            job: text("jobId"),
            location: text("location"),
            page: String::new(),
        };
        if cursor.job.is_empty() {
            return Err(bad(QUERY, "jobReference.jobId"));
        }
        if complete(&first) {
            return Ok(answer(first, &cursor));
        }
        self.results_page(&cursor).await
    }

    /// A page of a job's results, polling while the job runs.
    async fn results_page(&self, cursor: &Cursor) -> Result<Answer, ProviderError> {
        let project = self.table()?.project;
        let (rows, wait) = (PAGE_ROWS.to_string(), WAIT_MS.to_string());
        for _ in 0..MAX_POLLS {
            let mut params = vec![
                ("Project", project.as_str()),
                ("Job", cursor.job.as_str()),
                ("maxResults", rows.as_str()),
                ("timeoutMs", wait.as_str()),
            ];
            if !cursor.location.is_empty() {
                params.push(("location", cursor.location.as_str()));
            }
            if !cursor.page.is_empty() {
                params.push(("pageToken", cursor.page.as_str()));
            }
            let body = self.send(RESULTS, &params).await?;
            if complete(&body) {
                return Ok(answer(body, cursor));
            }
        }
        Err(ProviderError::new(
            ErrorKind::Timeout,
            format!(
                "{RESULTS}: job {} did not complete after {MAX_POLLS} waits",
                cursor.job
            ),
        ))
    }
}

fn complete(answer: &Value) -> bool {
    answer.get("jobComplete").and_then(Value::as_bool) == Some(true)
}

fn answer(body: Value, cursor: &Cursor) -> Answer {
    let next = body
        .get("pageToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(|t| Cursor {
            page: t.to_string(),
            ..cursor.clone()
        });
    let request_id = if cursor.page.is_empty() {
        cursor.job.clone()
    } else {
        format!("{}/{}", cursor.job, cursor.page)
    };
    Answer {
        body,
        next,
        request_id,
    }
}

/// A page's rows through the billing export mapper.
fn lines(answer: &Value) -> Result<Vec<CostLine>, ProviderError> {
    let fields = match answer.get("rows") {
        None => return Ok(Vec::new()),
        Some(_) => schema(answer, RESULTS)?,
    };
    let rows = cells(answer, &fields, RESULTS)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let header = Header::exact(fields.iter().map(|f| f.name.as_str()));
    let format = formats::by_id(FormatId::Gcp)
        .ok_or_else(|| bad(RESULTS, "rows the billing export mapper is built for"))?;
    let mut mapper = format.bind(&header).map_err(|e| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{RESULTS} answered without a column the bill needs: {e}"),
        )
    })?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(rows.len());
    for (i, cells) in rows.iter().enumerate() {
        let line = i as u64 + 1;
        let row = Row {
            line,
            header: &header,
            fields: cells,
        };
        mapper.map(&row, &mut out).map_err(|e| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{RESULTS}: row {line} does not map: {e}"),
            )
        })?;
        lines.append(&mut out.lines);
        out.reset();
    }
    Ok(lines)
}

/// The totals statement's rows: `invoice_month, currency, total`.
fn totals(answer: &Value) -> Result<Vec<MonthTotal>, ProviderError> {
    let fields = match answer.get("rows") {
        None => return Ok(Vec::new()),
        Some(_) => schema(answer, QUERY)?,
    };
    let col = |name: &str| {
        fields
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| bad(QUERY, &format!("the {name} column")))
    };
    let (currency, total) = (col("currency")?, col("total")?);
    let mut sums = Vec::new();
    for row in cells(answer, &fields, QUERY)? {
        let amount = cloudlens_bills::parse::decimal(&row[total]).ok_or_else(|| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{QUERY}: the total '{}' is not a number", row[total]),
            )
        })?;
        crate::add_month_totals(
            &mut sums,
            vec![MonthTotal {
                currency: row[currency].to_ascii_uppercase(),
                billed: amount,
            }],
        );
    }
    Ok(sums)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlens_model::ChargeCategory;

    fn field(name: &str) -> Value {
        json!({"name": name, "type": "STRING", "mode": "NULLABLE"})
    }

    #[test]
    fn a_detailed_row_with_a_credit_maps_to_usage_and_credit_lines() {
        let names = [
            "billing_account_id",
            "service_description",
            "cost",
            "currency",
            "invoice_month",
            "usage_start_time",
            "usage_end_time",
            "project_id",
            "resource_global_name",
        ];
        let mut fields: Vec<Value> = names.iter().map(|n| field(n)).collect();
        fields.push(json!({"name": "credits", "type": "RECORD", "mode": "REPEATED", "fields": [
            {"name": "name", "type": "STRING"}, {"name": "amount", "type": "FLOAT"}, {"name": "type", "type": "STRING"}]}));
        let v = |s: &str| json!({"v": s});
        let answer = json!({
            "schema": {"fields": fields},
            "rows": [{"f": [
                v("01A2B3-C4D5E6-F7A8B9"), v("Compute Engine"), v("12.5"), v("USD"), v("202501"),
                v("2025-01-02T12:00:00Z"), v("2025-01-02T13:00:00Z"), v("shop-prod"),
                v("//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/42"),
                {"v": [{"v": {"f": [v("Sustained use"), v("-2.5"), v("SUSTAINED_USAGE_DISCOUNT")]}}]}
            ]}],
            "jobComplete": true
        });
        let lines = lines(&answer).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].billed_cost, "12.5".parse().unwrap_or_default());
        assert_eq!(lines[1].dims.charge_category, ChargeCategory::Credit);
        assert_eq!(lines[1].billed_cost, "-2.5".parse().unwrap_or_default());
        assert_eq!(lines[0].dims.sub_account_id.as_deref(), Some("shop-prod"));
        assert!(lines[0]
            .dims
            .resource_id
            .as_deref()
            .is_some_and(|r| r.ends_with("/instances/42")));
    }

    #[test]
    fn totals_and_cursors_read_back() {
        let answer = json!({
            "schema": {"fields": [field("invoice_month"), field("currency"), field("total")]},
            "rows": [{"f": [{"v": "202501"}, {"v": "USD"}, {"v": "1234.56"}]}]
        });
        let t = totals(&answer).unwrap_or_default();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].billed, "1234.56".parse().unwrap_or_default());
        let c = Cursor {
            job: "job_1".into(),
            location: "US".into(),
            page: "BEE".into(),
        };
        assert_eq!(Cursor::parse(&c.text()).ok(), Some(c));
        assert!(Cursor::parse("nonsense").is_err());
        assert_eq!(invoice_month("2025-01").unwrap_or_default(), "202501");
    }
}
