//! The Data Export the mock bucket holds, generated from the neutral
//! account: for every billing period, data files under
//! `{prefix}/{name}/data/BILLING_PERIOD=YYYY-MM/` (CUR 2.0 or FOCUS 1.2
//! columns, gzipped CSV or Parquet, `rows_per_file` rows each) and a
//! `Manifest.json` under `.../metadata/BILLING_PERIOD=YYYY-MM/` naming
//! them, delivered the "overwrite" way: a restatement (an adjustment in
//! the period) is a new execution with new files under the same keys.
//! One row per resource and day, so the period's total is the account's.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::files::{self, Cell, FileFormat, Kind};
use super::inventory::{instance_type, region, resource_id, service};
use crate::periods::{adjustments_in, as_uuid, hash_adjustments, month_of};
use crate::{Account, BillItem, ResourceKind};

/// Which table the export delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTable {
    Cur2,
    Focus12,
}

/// Where and how the mock's export is delivered.
#[derive(Debug, Clone)]
pub struct ExportSpec {
    pub bucket: String,
    pub prefix: String,
    pub name: String,
    pub table: ExportTable,
    pub format: FileFormat,
    pub rows_per_file: usize,
}

impl ExportSpec {
    pub fn new(table: ExportTable, format: FileFormat) -> Self {
        Self {
            bucket: "cloudlens-billing".into(),
            prefix: "exports".into(),
            name: "cloudlens-export".into(),
            table,
            format,
            rows_per_file: 500,
        }
    }
}

/// One stored object.
#[derive(Debug, Clone)]
pub struct Object {
    pub key: String,
    pub etag: String,
    pub last_modified: i64,
    pub body: Arc<Vec<u8>>,
}

/// A period's delivery: its execution and objects (data files, manifest).
struct PeriodDelivery {
    execution: String,
    objects: Vec<Object>,
}

/// The generated export, kept while the account's period is unchanged.
#[derive(Default)]
pub struct ExportCache {
    periods: HashMap<String, PeriodDelivery>,
}

fn month_bounds(month: &str) -> (i64, i64) {
    let start = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or_default();
    let next = start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(start);
    let t = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    };
    (t(start), t(next))
}

/// A period's execution id: changes exactly when its bill does.
fn execution_id(account: &Account, month: &str, spec: &ExportSpec) -> String {
    let mut h = Sha256::new();
    h.update(month.as_bytes());
    h.update(
        format!(
            "{}|{}|{:?}|{:?}|{}",
            account.resources.len(),
            account.days,
            spec.table,
            spec.format,
            spec.rows_per_file
        )
        .as_bytes(),
    );
    hash_adjustments(&mut h, account, month);
    as_uuid(&hex::encode(h.finalize()))
}

impl ExportCache {
    /// Every object of the export, by key order.
    pub fn objects(
        &mut self,
        account: &Account,
        spec: &ExportSpec,
    ) -> std::io::Result<Vec<Object>> {
        let months = account.months();
        self.periods.retain(|m, _| months.contains(m));
        let mut out = Vec::new();
        for month in months {
            let execution = execution_id(account, &month, spec);
            let fresh = self
                .periods
                .get(&month)
                .is_some_and(|d| d.execution == execution);
            if !fresh {
                let delivery = deliver(account, spec, &month, &execution)?;
                self.periods.insert(month.clone(), delivery);
            }
            if let Some(d) = self.periods.get(&month) {
                out.extend(d.objects.iter().cloned());
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }
}

fn deliver(
    account: &Account,
    spec: &ExportSpec,
    month: &str,
    execution: &str,
) -> std::io::Result<PeriodDelivery> {
    let (start, end) = month_bounds(month);
    let restatements = adjustments_in(account, month).count() as i64;
    // Delivered the day after the period closes, an hour later per restatement.
    let delivered = end + 6 * 3600 + restatements * 3600;
    let days: Vec<NaiveDate> = account.days().filter(|d| month_of(*d) == month).collect();
    let per_day = account.resources.len();
    let total = per_day * days.len();
    let columns = columns(spec.table);
    let base = format!("{}/{}", spec.prefix.trim_end_matches('/'), spec.name);
    let mut objects = Vec::new();
    let mut data_files = Vec::new();
    let rows_per_file = spec.rows_per_file.max(1);
    let mut first = 0;
    let mut part = 1;
    while first < total {
        let last = total.min(first + rows_per_file);
        let rows: Vec<Vec<Cell>> = (first..last)
            .map(|i| {
                let (day, resource) = (days[i / per_day], i % per_day);
                let item = BillItem {
                    resource,
                    day,
                    cents: account.cents(resource, day),
                };
                row(spec.table, account, &item, (start, end))
            })
            .collect();
        let body = files::write(spec.format, &columns, &rows)?;
        let key = format!(
            "{base}/data/BILLING_PERIOD={month}/{}-{part:05}.{}",
            spec.name,
            spec.format.extension()
        );
        data_files.push(format!("s3://{}/{key}", spec.bucket));
        objects.push(object(key, body, delivered));
        first = last;
        part += 1;
    }
    let manifest = serde_json::json!({
        "executionId": execution,
        "exportArn": format!("arn:aws:bcm-data-exports:us-east-1:{}:export/{}-mock", account.billing_account, spec.name),
        "exportName": spec.name,
        "billingPeriod": {"start": iso(start), "end": iso(end)},
        "columns": columns.iter().map(|(n, k)| serde_json::json!({"name": n, "type": match k {
            Kind::Text => "string", Kind::Number => "double", Kind::Time => "timestamp"}})).collect::<Vec<_>>(),
        "dataFiles": data_files,
    });
    let key = format!(
        "{base}/metadata/BILLING_PERIOD={month}/{}-Manifest.json",
        spec.name
    );
    objects.push(object(
        key,
        manifest.to_string().into_bytes(),
        delivered + 60,
    ));
    Ok(PeriodDelivery {
        execution: execution.to_string(),
        objects,
    })
}

fn object(key: String, body: Vec<u8>, last_modified: i64) -> Object {
    let etag = hex::encode(&Sha256::digest(&body)[..16]);
    Object {
        key,
        etag,
        last_modified,
        body: Arc::new(body),
    }
}

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        .unwrap_or_default()
}

const CUR2: &[(&str, Kind)] = &[
    ("identity_line_item_id", Kind::Text),
    ("identity_time_interval", Kind::Text),
    ("bill_invoicing_entity", Kind::Text),
    ("bill_billing_entity", Kind::Text),
    ("bill_bill_type", Kind::Text),
    ("bill_payer_account_id", Kind::Text),
    ("bill_payer_account_name", Kind::Text),
    ("bill_billing_period_start_date", Kind::Time),
    ("bill_billing_period_end_date", Kind::Time),
    ("line_item_usage_account_id", Kind::Text),
    ("line_item_usage_account_name", Kind::Text),
    ("line_item_line_item_type", Kind::Text),
    ("line_item_usage_start_date", Kind::Time),
    ("line_item_usage_end_date", Kind::Time),
    ("line_item_product_code", Kind::Text),
    ("line_item_usage_type", Kind::Text),
    ("line_item_operation", Kind::Text),
    ("line_item_availability_zone", Kind::Text),
    ("line_item_resource_id", Kind::Text),
    ("line_item_currency_code", Kind::Text),
    ("line_item_unblended_cost", Kind::Number),
    ("line_item_net_unblended_cost", Kind::Number),
    ("line_item_line_item_description", Kind::Text),
    ("pricing_public_on_demand_cost", Kind::Number),
    ("product_instance_type", Kind::Text),
    ("product_region_code", Kind::Text),
    ("product", Kind::Text),
    ("resource_tags", Kind::Text),
    ("cost_category", Kind::Text),
    ("discount", Kind::Text),
];

const FOCUS12: &[(&str, Kind)] = &[
    ("BilledCost", Kind::Number),
    ("EffectiveCost", Kind::Number),
    ("ListCost", Kind::Number),
    ("ContractedCost", Kind::Number),
    ("BillingAccountId", Kind::Text),
    ("BillingAccountName", Kind::Text),
    ("BillingCurrency", Kind::Text),
    ("BillingPeriodStart", Kind::Time),
    ("BillingPeriodEnd", Kind::Time),
    ("ChargeCategory", Kind::Text),
    ("ChargeClass", Kind::Text),
    ("ChargeDescription", Kind::Text),
    ("ChargeFrequency", Kind::Text),
    ("ChargePeriodStart", Kind::Time),
    ("ChargePeriodEnd", Kind::Time),
    ("InvoiceIssuerName", Kind::Text),
    ("PricingCategory", Kind::Text),
    ("ProviderName", Kind::Text),
    ("PublisherName", Kind::Text),
    ("RegionId", Kind::Text),
    ("ResourceId", Kind::Text),
    ("ResourceName", Kind::Text),
    ("ResourceType", Kind::Text),
    ("ServiceCategory", Kind::Text),
    ("ServiceName", Kind::Text),
    ("SkuId", Kind::Text),
    ("SubAccountId", Kind::Text),
    ("SubAccountName", Kind::Text),
    ("Tags", Kind::Text),
    ("x_UsageType", Kind::Text),
];

pub fn columns(table: ExportTable) -> Vec<(&'static str, Kind)> {
    match table {
        ExportTable::Cur2 => CUR2.to_vec(),
        ExportTable::Focus12 => FOCUS12.to_vec(),
    }
}

fn usage_type(kind: ResourceKind, r: &crate::MockResource) -> String {
    match kind {
        ResourceKind::Instance => format!("BoxUsage:{}", instance_type(&r.instance_type)),
        ResourceKind::Disk => "EBS:VolumeUsage.gp3".into(),
        ResourceKind::Ip => "PublicIPv4:InUseAddress".into(),
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// One bill item as a row of `table`.
fn row(
    table: ExportTable,
    account: &Account,
    item: &BillItem,
    (start, end): (i64, i64),
) -> Vec<Cell> {
    let r = &account.resources[item.resource];
    let id = resource_id(r);
    let aws_region = region(&r.region);
    let (code, product_name, _, category) = service(r.kind);
    let day = item
        .day
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let usage = usage_type(r.kind, r);
    let description = format!("{usage} of {id}");
    let tags_json = |prefix: &str| {
        let map: serde_json::Map<String, serde_json::Value> = r
            .tags
            .iter()
            .map(|(k, v)| (format!("{prefix}{k}"), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::Value::Object(map).to_string()
    };
    let account_id = account.billing_account.clone();
    match table {
        ExportTable::Cur2 => vec![
            text(format!("{}-{}-{}", id, item.day, item.resource)),
            text(format!("{}/{}", iso(day), iso(day + 86_400))),
            text("Amazon Web Services, Inc."),
            text("AWS"),
            text("Anniversary"),
            text(account_id.clone()),
            text(account.name.clone()),
            Cell::Time(start),
            Cell::Time(end),
            text(account_id),
            text(account.name.clone()),
            text("Usage"),
            Cell::Time(day),
            Cell::Time(day + 86_400),
            text(code),
            text(usage),
            text(if r.kind == ResourceKind::Instance {
                "RunInstances"
            } else {
                ""
            }),
            text(format!("{aws_region}a")),
            text(id),
            text(account.currency.clone()),
            Cell::Cents(item.cents),
            Cell::Cents(item.cents),
            text(description),
            Cell::Cents(item.cents),
            if r.kind == ResourceKind::Instance {
                text(instance_type(&r.instance_type))
            } else {
                Cell::Null
            },
            text(aws_region),
            text(
                serde_json::json!({"product_name": product_name, "region": aws_region}).to_string(),
            ),
            text(tags_json("user_")),
            text("{}"),
            text("{}"),
        ],
        ExportTable::Focus12 => vec![
            Cell::Cents(item.cents),
            Cell::Cents(item.cents),
            Cell::Cents(item.cents),
            Cell::Cents(item.cents),
            text(account_id.clone()),
            text(account.name.clone()),
            text(account.currency.clone()),
            Cell::Time(start),
            Cell::Time(end),
            text("Usage"),
            Cell::Null,
            text(description),
            text("Usage-Based"),
            Cell::Time(day),
            Cell::Time(day + 86_400),
            text("Amazon Web Services, Inc."),
            text("Standard"),
            text("AWS"),
            text("Amazon Web Services, Inc."),
            text(aws_region),
            text(id),
            text(r.name.clone()),
            text(match r.kind {
                ResourceKind::Instance => "Instance",
                ResourceKind::Disk => "Volume",
                ResourceKind::Ip => "Elastic IP",
            }),
            text(category),
            text(product_name),
            text(usage.clone()),
            text(account_id),
            text(account.name.clone()),
            text(tags_json("")),
            text(usage),
        ],
    }
}
