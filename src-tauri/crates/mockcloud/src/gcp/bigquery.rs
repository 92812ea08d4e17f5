//! BigQuery `jobs.query` and `jobs.getQueryResults` over the billing
//! export. The mock understands the SQL a billing reader sends and no
//! more: a SELECT of export columns (each `expr [AS alias]`) from its one
//! table, filtered by `invoice.month`, `usage_start_time` bounds and
//! `project.id IN UNNEST(@projects)` through named parameters, or the
//! invoice month's cost-plus-credits total grouped by month and currency.
//! Anything else is `invalidQuery`, as BigQuery answers what it cannot
//! run. A job keeps its rows; pages follow `pageToken`; a job may stay
//! unfinished for a few polls (`jobComplete: false`).

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde_json::{json, Value};

use super::errors::{error, Api};
use super::export::{self, Cell, Column, ExportRow, COLUMNS};
use super::{field, lock, GcpMock};
use crate::{cents_text, Account, RawResponse};

/// The total expression of the month-total statement.
const TOTAL: &str = "SUM(CAST(cost AS NUMERIC)) + SUM(IFNULL((SELECT SUM(CAST(c.amount AS NUMERIC)) FROM UNNEST(credits) AS c), 0))";
const GROUP: &str = " GROUP BY invoice_month, currency";

/// A query's result, held by its job.
pub struct Job {
    project: String,
    /// Polls left before the job is complete.
    pending: u32,
    /// Output names and types, with sub-fields for records.
    schema: Vec<(String, &'static Column)>,
    totals: Option<Vec<(String, String, i64)>>,
    rows: Vec<ExportRow>,
}

fn invalid(message: &str) -> RawResponse {
    error(
        Api::BigQuery,
        400,
        "INVALID_ARGUMENT",
        "invalidQuery",
        message,
    )
}

/// Splits at commas outside parentheses and quotes.
fn split_top(list: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut quoted) = (Vec::new(), String::new(), 0i32, false);
    for c in list.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur.trim().to_string());
    out
}

/// A filter's parameters: name → scalar value or array values.
struct Params(BTreeMap<String, Value>);

impl Params {
    fn of(body: &Value) -> Self {
        let mut m = BTreeMap::new();
        for p in body
            .get("queryParameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = p.get("name").and_then(Value::as_str) {
                m.insert(
                    name.to_string(),
                    p.get("parameterValue").cloned().unwrap_or_default(),
                );
            }
        }
        Self(m)
    }

    fn scalar(&self, name: &str) -> Option<String> {
        self.0.get(name)?.get("value")?.as_str().map(str::to_string)
    }

    fn list(&self, name: &str) -> Option<Vec<String>> {
        let a = self.0.get(name)?.get("arrayValues")?.as_array()?;
        Some(
            a.iter()
                .filter_map(|v| v.get("value").and_then(Value::as_str).map(str::to_string))
                .collect(),
        )
    }
}

/// `2025-01-02 08:00:00+00` (or with fractions) as Unix seconds.
fn timestamp(text: &str) -> Option<i64> {
    let t = text.trim_end_matches("+00");
    let t = t.split('.').next()?;
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|d| d.and_utc().timestamp())
}

/// Which rows a WHERE clause keeps.
#[derive(Default)]
struct Filter {
    month: Option<String>,
    from: Option<i64>,
    to: Option<i64>,
    projects: Option<Vec<String>>,
}

fn filter(clause: &str, params: &Params) -> Result<Filter, RawResponse> {
    let mut f = Filter::default();
    let missing = |n: &str| invalid(&format!("Query parameter '{n}' not found"));
    for cond in clause.split(" AND ") {
        match cond.trim() {
            "invoice.month = @invoice_month" => {
                f.month = Some(
                    params
                        .scalar("invoice_month")
                        .ok_or_else(|| missing("invoice_month"))?,
                )
            }
            "usage_start_time >= @from" => {
                let t = params.scalar("from").ok_or_else(|| missing("from"))?;
                f.from = Some(
                    timestamp(&t).ok_or_else(|| invalid(&format!("Invalid TIMESTAMP '{t}'")))?,
                );
            }
            "usage_start_time < @to" => {
                let t = params.scalar("to").ok_or_else(|| missing("to"))?;
                f.to = Some(
                    timestamp(&t).ok_or_else(|| invalid(&format!("Invalid TIMESTAMP '{t}'")))?,
                );
            }
            "project.id IN UNNEST(@projects)" => {
                f.projects = Some(params.list("projects").ok_or_else(|| missing("projects"))?)
            }
            other => {
                return Err(invalid(&format!(
                    "The mock does not evaluate the condition '{other}'"
                )))
            }
        }
    }
    Ok(f)
}

impl Filter {
    fn keeps(&self, row: &ExportRow) -> bool {
        self.month
            .as_ref()
            .is_none_or(|m| *m == row.invoice_month())
            && self.from.is_none_or(|t| row.usage_start() >= t)
            && self.to.is_none_or(|t| row.usage_start() < t)
            && self
                .projects
                .as_ref()
                .is_none_or(|p| p.iter().any(|p| p == export::project_of(row.resource)))
    }
}

impl GcpMock {
    /// The table's project, where jobs must run.
    fn table_project(&self) -> &str {
        self.table.split('.').next().unwrap_or_default()
    }

    pub(super) fn query(
        &self,
        project: &str,
        body: &[u8],
        account: &Account,
        page: usize,
    ) -> RawResponse {
        if project != self.table_project() {
            return error(
                Api::BigQuery,
                403,
                "PERMISSION_DENIED",
                "accessDenied",
                &format!("Access Denied: Project {project}: User does not have bigquery.jobs.create permission in project {project}."),
            );
        }
        let Ok(body) = serde_json::from_slice::<Value>(body) else {
            return error(
                Api::BigQuery,
                400,
                "INVALID_ARGUMENT",
                "invalid",
                "Invalid JSON payload received.",
            );
        };
        let job = match self.plan(&body, account) {
            Ok(j) => j,
            Err(r) => return r,
        };
        let id = format!(
            "job_mock{:08}",
            self.seq.fetch_add(1, Ordering::Relaxed) + 1
        );
        let max = body
            .get("maxResults")
            .and_then(Value::as_u64)
            .map_or(page, |m| (m as usize).min(page));
        let job = Job {
            project: project.to_string(),
            ..job
        };
        let answer = page_of(&id, &job, 0, max, "bigquery#queryResponse", account);
        lock(&self.jobs).insert(id, job);
        answer
    }

    pub(super) fn results(
        &self,
        project: &str,
        job_id: &str,
        q: &[(String, String)],
        account: &Account,
        page: usize,
    ) -> RawResponse {
        let mut jobs = lock(&self.jobs);
        let Some(job) = jobs.get_mut(job_id).filter(|j| j.project == project) else {
            return error(
                Api::BigQuery,
                404,
                "NOT_FOUND",
                "notFound",
                &format!("Not found: Job {project}:US.{job_id}"),
            );
        };
        job.pending = job.pending.saturating_sub(1);
        let offset = match field(q, "pageToken") {
            Some(t) => match t.strip_prefix("p").and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => n,
                None => {
                    return error(
                        Api::BigQuery,
                        400,
                        "INVALID_ARGUMENT",
                        "invalid",
                        "Invalid page token.",
                    )
                }
            },
            None => 0,
        };
        let max = field(q, "maxResults")
            .and_then(|m| m.parse::<usize>().ok())
            .map_or(page, |m| m.min(page));
        page_of(
            job_id,
            job,
            offset,
            max,
            "bigquery#getQueryResultsResponse",
            account,
        )
    }

    /// The statement checked and run against the account's rows.
    fn plan(&self, body: &Value, account: &Account) -> Result<Job, RawResponse> {
        if body.get("useLegacySql") != Some(&Value::Bool(false)) {
            return Err(invalid(
                "Invalid table name: the query is read as legacy SQL",
            ));
        }
        let sql = body
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let from = format!(" FROM `{}` WHERE ", self.table);
        let Some(rest) = sql.strip_prefix("SELECT ") else {
            return Err(invalid(
                "The mock's billing export is read-only: only SELECT statements run",
            ));
        };
        let Some((list, clause)) = rest.split_once(&from) else {
            return Err(error(
                Api::BigQuery,
                404,
                "NOT_FOUND",
                "notFound",
                "Not found: Table (the statement reads no table the mock holds)",
            ));
        };
        let params = Params::of(body);
        let detailed = self.table.contains("gcp_billing_export_resource_v1_");
        if let Some(clause) = clause.strip_suffix(GROUP) {
            let items = split_top(list);
            let total = format!("{TOTAL} AS total");
            if items != ["invoice.month AS invoice_month", "currency", total.as_str()] {
                return Err(invalid(
                    "The mock totals only cost plus credits by invoice month and currency",
                ));
            }
            let f = filter(clause, &params)?;
            let mut sums: BTreeMap<(String, String), i64> = BTreeMap::new();
            for row in export::rows(account).filter(|r| f.keeps(r)) {
                *sums
                    .entry((row.invoice_month(), account.currency.clone()))
                    .or_default() += row.cost_cents + row.credit_cents;
            }
            return Ok(Job {
                project: String::new(),
                pending: self.pending_polls,
                schema: Vec::new(),
                totals: Some(sums.into_iter().map(|((m, c), v)| (m, c, v)).collect()),
                rows: Vec::new(),
            });
        }
        let mut schema = Vec::new();
        for item in split_top(list) {
            let (expr, name) = match item.rsplit_once(" AS ") {
                Some((e, a)) => (e.to_string(), a.to_string()),
                None => (item.clone(), item.clone()),
            };
            let column = COLUMNS
                .iter()
                .find(|c| c.expr == expr && (detailed || !c.detailed_only))
                .ok_or_else(|| invalid(&format!("Unrecognized name: {expr}")))?;
            schema.push((name, column));
        }
        let f = filter(clause, &params)?;
        Ok(Job {
            project: String::new(),
            pending: self.pending_polls,
            schema,
            totals: None,
            rows: export::rows(account).filter(|r| f.keeps(r)).collect(),
        })
    }
}

fn field_schema(name: &str, c: &Column) -> Value {
    if c.fields.is_empty() {
        return json!({"name": name, "type": c.kind, "mode": "NULLABLE"});
    }
    let fields: Vec<Value> = c
        .fields
        .iter()
        .map(|(n, t)| json!({"name": n, "type": t, "mode": "NULLABLE"}))
        .collect();
    json!({"name": name, "type": "RECORD", "mode": "REPEATED", "fields": fields})
}

fn value_of(cell: Cell) -> Value {
    match cell {
        Cell::Text(t) => json!({ "v": t }),
        Cell::Records(records) => {
            json!({"v": records.into_iter().map(|r| json!({"v": {"f": r.into_iter().map(|x| json!({"v": x})).collect::<Vec<_>>()}})).collect::<Vec<_>>()})
        }
    }
}

/// A page of a job's answer, or its still-running answer.
fn page_of(
    id: &str,
    job: &Job,
    offset: usize,
    max: usize,
    kind: &str,
    account: &Account,
) -> RawResponse {
    let reference = json!({"projectId": job.project, "jobId": id, "location": "US"});
    if job.pending > 0 {
        return RawResponse::json(
            200,
            &json!({"kind": kind, "jobReference": reference, "jobComplete": false}),
        );
    }
    let (schema, rows, total): (Vec<Value>, Vec<Value>, usize) = match &job.totals {
        Some(t) => (
            vec![
                json!({"name": "invoice_month", "type": "STRING", "mode": "NULLABLE"}),
                json!({"name": "currency", "type": "STRING", "mode": "NULLABLE"}),
                json!({"name": "total", "type": "NUMERIC", "mode": "NULLABLE"}),
            ],
            t.iter()
                .skip(offset)
                .take(max)
                .map(|(m, c, v)| json!({"f": [{"v": m}, {"v": c}, {"v": cents_text(*v)}]}))
                .collect(),
            t.len(),
        ),
        None => (
            job.schema.iter().map(|(n, c)| field_schema(n, c)).collect(),
            job.rows
                .iter()
                .skip(offset)
                .take(max)
                .map(|r| json!({"f": job.schema.iter().map(|(_, c)| value_of(export::cell(c.expr, r, account))).collect::<Vec<_>>()}))
                .collect(),
            job.rows.len(),
        ),
    };
    let mut answer = json!({
        "kind": kind,
        "schema": {"fields": schema},
        "jobReference": reference,
        "totalRows": total.to_string(),
        "totalBytesProcessed": (total * 1024).to_string(),
        "jobComplete": true,
        "cacheHit": false
    });
    if !rows.is_empty() {
        answer["rows"] = Value::Array(rows);
    }
    if offset + max < total {
        answer["pageToken"] = json!(format!("p{}", offset + max));
    }
    RawResponse::json(200, &answer)
}
