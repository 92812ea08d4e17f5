//! The neutral account in Google's words (projects, regions, zones,
//! numeric ids, global names, Compute Engine SKUs) and as billing export
//! rows: one row per resource and day, some with a credit (the row's cost
//! is then its day's cents plus the credit, so cost plus credits is the
//! day's cents exactly). Public where tests state what they expect.

use chrono::{Datelike, NaiveDate};

use crate::{cents_text, Account, ResourceKind};

/// The projects resources are spread over, alternately.
pub const PROJECTS: [&str; 2] = ["shop-prod-4411", "data-lab-4412"];
/// The detailed (resource-level) export the mock serves by default.
pub const DETAILED_TABLE: &str =
    "billing-admin-4410.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9";
/// The standard export of the same billing account.
pub const STANDARD_TABLE: &str =
    "billing-admin-4410.billing_export.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9";

pub fn billing_account_id() -> &'static str {
    "01A2B3-C4D5E6-F7A8B9"
}

pub fn project_of(index: usize) -> &'static str {
    PROJECTS[index % PROJECTS.len()]
}

/// The Google region and zone standing for a neutral region.
pub fn zone_of(neutral: &str) -> (&'static str, &'static str, &'static str) {
    match neutral {
        "cn-hangzhou" => ("us-central1", "us-central1-a", "US"),
        "cn-shanghai" => ("europe-west1", "europe-west1-b", "BE"),
        _ => ("asia-east1", "asia-east1-c", "TW"),
    }
}

/// The resource's numeric id.
pub fn instance_id(index: usize) -> u64 {
    5_000_000_000_000_000 + index as u64
}

/// The resource's global name, as the detailed export and the client name it.
pub fn global_name(account: &Account, index: usize) -> String {
    let r = &account.resources[index];
    let (region, zone, _) = zone_of(&r.region);
    let project = project_of(index);
    let id = instance_id(index);
    match r.kind {
        ResourceKind::Instance => {
            format!("//compute.googleapis.com/projects/{project}/zones/{zone}/instances/{id}")
        }
        ResourceKind::Disk => {
            format!("//compute.googleapis.com/projects/{project}/zones/{zone}/disks/{id}")
        }
        ResourceKind::Ip => {
            format!("//compute.googleapis.com/projects/{project}/regions/{region}/addresses/{id}")
        }
    }
}

pub fn machine_type(neutral: &str) -> &'static str {
    match neutral {
        "g7.large" => "e2-standard-2",
        "g7.xlarge" => "e2-standard-4",
        "c7.2xlarge" => "c2-standard-8",
        _ => "n2-highmem-2",
    }
}

/// (SKU id, SKU description) of a resource's charge.
fn sku(kind: ResourceKind) -> (&'static str, &'static str) {
    match kind {
        ResourceKind::Instance => ("CF4E-A0C7-E3BF", "E2 Instance Core running in Americas"),
        ResourceKind::Disk => ("B188-61DD-52E4", "SSD backed PD Capacity"),
        ResourceKind::Ip => ("5A2C-1B9D-F0E3", "External IP Charge on a Standard VM"),
    }
}

/// One row of the export: a resource's day, its cost and its credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportRow {
    pub resource: usize,
    pub day: NaiveDate,
    pub cost_cents: i64,
    /// Negative, or zero for a row without credits.
    pub credit_cents: i64,
}

impl ExportRow {
    /// The row's usage start, noon UTC of its day (the same Pacific day).
    pub fn usage_start(&self) -> i64 {
        self.day
            .and_hms_opt(12, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    }

    pub fn invoice_month(&self) -> String {
        format!("{:04}{:02}", self.day.year(), self.day.month())
    }
}

/// Every row of the account, day by day in resource order.
pub fn rows(account: &Account) -> impl Iterator<Item = ExportRow> + '_ {
    account.days().flat_map(move |day| {
        account.items_on(day).map(move |item| {
            let credit = if (item.resource + day.ordinal() as usize).is_multiple_of(4) {
                -(item.cents.abs() / 5)
            } else {
                0
            };
            ExportRow {
                resource: item.resource,
                day,
                cost_cents: item.cents - credit,
                credit_cents: credit,
            }
        })
    })
}

/// A cell of a row: text (or null), or a repeated record of text fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Records(Vec<Vec<Option<String>>>),
}

/// A column the mock knows: its expression, BigQuery type and sub-fields.
pub struct Column {
    pub expr: &'static str,
    pub kind: &'static str,
    pub fields: &'static [(&'static str, &'static str)],
    pub detailed_only: bool,
}

const KV: &[(&str, &str)] = &[("key", "STRING"), ("value", "STRING")];
const CREDIT: &[(&str, &str)] = &[
    ("name", "STRING"),
    ("amount", "FLOAT"),
    ("full_name", "STRING"),
    ("id", "STRING"),
    ("type", "STRING"),
];

const fn col(expr: &'static str, kind: &'static str) -> Column {
    Column {
        expr,
        kind,
        fields: &[],
        detailed_only: false,
    }
}

/// The export's columns as the mock serves them.
pub const COLUMNS: &[Column] = &[
    col("billing_account_id", "STRING"),
    col("service.id", "STRING"),
    col("service.description", "STRING"),
    col("sku.id", "STRING"),
    col("sku.description", "STRING"),
    col(
        "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_start_time)",
        "STRING",
    ),
    col(
        "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_end_time)",
        "STRING",
    ),
    col("project.id", "STRING"),
    col("project.name", "STRING"),
    col("project.number", "STRING"),
    Column {
        expr: "project.labels",
        kind: "RECORD",
        fields: KV,
        detailed_only: false,
    },
    Column {
        expr: "labels",
        kind: "RECORD",
        fields: KV,
        detailed_only: false,
    },
    Column {
        expr: "system_labels",
        kind: "RECORD",
        fields: KV,
        detailed_only: false,
    },
    col("location.location", "STRING"),
    col("location.country", "STRING"),
    col("location.region", "STRING"),
    col("location.zone", "STRING"),
    col("cost", "FLOAT"),
    col("currency", "STRING"),
    col("currency_conversion_rate", "FLOAT"),
    col("usage.amount", "FLOAT"),
    col("usage.unit", "STRING"),
    col("usage.amount_in_pricing_units", "FLOAT"),
    col("usage.pricing_unit", "STRING"),
    Column {
        expr: "credits",
        kind: "RECORD",
        fields: CREDIT,
        detailed_only: false,
    },
    col("invoice.month", "STRING"),
    col("cost_type", "STRING"),
    col("adjustment_info.id", "STRING"),
    col("adjustment_info.description", "STRING"),
    col("cost_at_list", "FLOAT"),
    Column {
        expr: "resource.name",
        kind: "STRING",
        fields: &[],
        detailed_only: true,
    },
    Column {
        expr: "resource.global_name",
        kind: "STRING",
        fields: &[],
        detailed_only: true,
    },
    Column {
        expr: "price.effective_price",
        kind: "NUMERIC",
        fields: &[],
        detailed_only: true,
    },
    Column {
        expr: "price.unit",
        kind: "STRING",
        fields: &[],
        detailed_only: true,
    },
];

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Some(s.into()))
}

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn pairs(p: &[(String, String)]) -> Cell {
    Cell::Records(
        p.iter()
            .map(|(k, v)| vec![Some(k.clone()), Some(v.clone())])
            .collect(),
    )
}

/// The value of `expr` for `row`.
pub fn cell(expr: &str, row: &ExportRow, account: &Account) -> Cell {
    let r = &account.resources[row.resource];
    let (region, zone, country) = zone_of(&r.region);
    let project = project_of(row.resource);
    let (sku_id, sku_description) = sku(r.kind);
    let instance = r.kind == ResourceKind::Instance;
    let hourly = r.kind != ResourceKind::Disk;
    let none = Cell::Text(None);
    match expr {
        "billing_account_id" => text(billing_account_id()),
        "service.id" => text("6F81-5844-456A"),
        "service.description" => text("Compute Engine"),
        "sku.id" => text(sku_id),
        "sku.description" => text(sku_description),
        "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_start_time)" => text(iso(row.usage_start())),
        "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', usage_end_time)" => {
            text(iso(row.usage_start() + 3600))
        }
        "project.id" => text(project),
        "project.name" => text(project.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')),
        "project.number" => text(format!(
            "{}",
            880_000_000_000u64 + (row.resource % 2) as u64
        )),
        "project.labels" => pairs(&[("cost-center".into(), format!("cc-{project}"))]),
        "labels" => pairs(&r.tags),
        "system_labels" if instance => pairs(&[(
            "compute.googleapis.com/machine_spec".into(),
            machine_type(&r.instance_type).into(),
        )]),
        "system_labels" => Cell::Records(Vec::new()),
        "location.location" => text(if r.kind == ResourceKind::Ip {
            region
        } else {
            zone
        }),
        "location.country" => text(country),
        "location.region" => text(region),
        "location.zone" if r.kind != ResourceKind::Ip => text(zone),
        "location.zone" => none,
        "cost" | "cost_at_list" => text(cents_text(row.cost_cents)),
        "currency" => text(account.currency.clone()),
        "currency_conversion_rate" => text("1.0"),
        "usage.amount" if hourly => text("3600"),
        "usage.unit" if hourly => text("seconds"),
        "usage.amount_in_pricing_units" if hourly => text("1"),
        "usage.pricing_unit" if hourly => text("hour"),
        "usage.amount" | "usage.unit" | "usage.amount_in_pricing_units" | "usage.pricing_unit" => {
            none
        }
        "credits" if row.credit_cents != 0 => Cell::Records(vec![vec![
            Some("Sustained use discount".into()),
            Some(cents_text(row.credit_cents)),
            Some("Sustained use discount".into()),
            Some(format!("sud-{sku_id}")),
            Some("SUSTAINED_USAGE_DISCOUNT".into()),
        ]]),
        "credits" => Cell::Records(Vec::new()),
        "invoice.month" => text(row.invoice_month()),
        "cost_type" => text("regular"),
        "adjustment_info.id" | "adjustment_info.description" => none,
        "resource.name" => text(r.name.clone()),
        "resource.global_name" => text(global_name(account, row.resource)),
        "price.effective_price" | "price.unit" => none,
        _ => none,
    }
}

/// The flattened name a file export gives a column (`service.description`
/// → `service_description`, a formatted timestamp its own name).
fn file_name(expr: &str) -> String {
    let inner = expr
        .strip_prefix("FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', ")
        .and_then(|e| e.strip_suffix(')'))
        .unwrap_or(expr);
    inner.replace('.', "_")
}

/// A cell as a file export writes it: text, or records as JSON.
fn file_text(c: &Column, cell: Cell) -> String {
    match cell {
        Cell::Text(t) => t.unwrap_or_default(),
        Cell::Records(records) => {
            let list: Vec<serde_json::Value> = records
                .into_iter()
                .map(|r| {
                    serde_json::Value::Object(
                        c.fields
                            .iter()
                            .zip(r)
                            .map(|((n, _), v)| (n.to_string(), serde_json::json!(v)))
                            .collect(),
                    )
                })
                .collect();
            serde_json::Value::Array(list).to_string()
        }
    }
}

/// The rows of one invoice month (`YYYYMM`) as the CSV a user exports
/// from the table, for an import of the same month as a sync.
pub fn export_csv(account: &Account, invoice_month: &str, detailed: bool) -> String {
    let cols: Vec<&Column> = COLUMNS
        .iter()
        .filter(|c| detailed || !c.detailed_only)
        .collect();
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = cols
        .iter()
        .map(|c| quote(&file_name(c.expr)))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in rows(account).filter(|r| r.invoice_month() == invoice_month) {
        let line: Vec<String> = cols
            .iter()
            .map(|c| quote(&file_text(c, cell(c.expr, &row, account))))
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
