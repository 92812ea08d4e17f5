//! The Cost Management export the mock container holds, generated from the
//! neutral account as a partitioned export writes it: for every billing
//! period a run folder `{prefix}/{name}/{YYYYMMDD-YYYYMMDD}/{runId}/` with
//! `part_{n}_0001.{csv,csv.gz,parquet}` data blobs and a `manifest.json`
//! naming them. A restatement (an adjustment in the period) is a new run in
//! a new folder, delivered later; the older run stays, as exports that
//! create a new report each run leave it. Actual and amortized cost details
//! use the Enterprise Agreement columns; FOCUS the FOCUS 1.0 columns. One
//! row per resource and day, so the period's total is the account's.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::names::{location, resource_group, resource_id, service, subscription_id, vm_size};
use crate::aws::files::{self, Cell, FileFormat, Kind};
use crate::periods::{as_uuid, hash_adjustments, month_days, month_of};
use crate::{Account, BillItem, ResourceKind};

/// Which dataset the export delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportType {
    ActualCost,
    AmortizedCost,
    FocusCost,
}

impl ExportType {
    fn as_str(self) -> &'static str {
        match self {
            ExportType::ActualCost => "ActualCost",
            ExportType::AmortizedCost => "AmortizedCost",
            ExportType::FocusCost => "FocusCost",
        }
    }
}

/// How the data blobs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobFormat {
    Csv,
    CsvGzip,
    Parquet,
}

/// Where and how the mock's export is delivered.
#[derive(Debug, Clone)]
pub struct ExportSpec {
    pub storage_account: String,
    pub container: String,
    pub prefix: String,
    pub name: String,
    pub export_type: ExportType,
    pub format: BlobFormat,
    pub rows_per_file: usize,
}

impl ExportSpec {
    pub fn new(export_type: ExportType, format: BlobFormat) -> Self {
        Self {
            storage_account: "cloudlensbilling".into(),
            container: "cost-exports".into(),
            prefix: "costs".into(),
            name: "monthly-costs".into(),
            export_type,
            format,
            rows_per_file: 500,
        }
    }
}

/// One stored blob.
#[derive(Debug, Clone)]
pub struct Blob {
    pub name: String,
    pub etag: String,
    pub last_modified: i64,
    pub body: Arc<Vec<u8>>,
}

/// Every run delivered so far, per period; a run is kept while its
/// period's bill is unchanged.
#[derive(Default)]
pub struct ExportCache {
    runs: HashMap<String, Vec<(String, Vec<Blob>)>>,
}

fn unix(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}

/// A period's run id: changes exactly when its bill does.
fn run_id(account: &Account, month: &str, spec: &ExportSpec) -> String {
    let mut h = Sha256::new();
    h.update(
        format!(
            "{month}|{}|{}|{:?}|{:?}|{}",
            account.resources.len(),
            account.days,
            spec.export_type,
            spec.format,
            spec.rows_per_file
        )
        .as_bytes(),
    );
    hash_adjustments(&mut h, account, month);
    as_uuid(&hex::encode(h.finalize()))
}

impl ExportCache {
    /// Every blob of the export, by name.
    pub fn blobs(&mut self, account: &Account, spec: &ExportSpec) -> std::io::Result<Vec<Blob>> {
        let months = account.months();
        self.runs.retain(|m, _| months.contains(m));
        let mut out = Vec::new();
        for month in months {
            let run = run_id(account, &month, spec);
            let runs = self.runs.entry(month.clone()).or_default();
            if runs.last().map(|(id, _)| id) != Some(&run) {
                let blobs = deliver(account, spec, &month, &run, runs.len() as i64)?;
                runs.push((run, blobs));
            }
            out.extend(runs.iter().flat_map(|(_, b)| b.iter().cloned()));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn deliver(
    account: &Account,
    spec: &ExportSpec,
    month: &str,
    run: &str,
    earlier: i64,
) -> std::io::Result<Vec<Blob>> {
    let (start, next) = month_days(month);
    let last = next.pred_opt().unwrap_or(start);
    // Delivered the morning after the period closes, a day later per rerun.
    let delivered = unix(next) + 6 * 3600 + earlier * 86_400;
    let days: Vec<NaiveDate> = account.days().filter(|d| month_of(*d) == month).collect();
    let per_day = account.resources.len();
    let total = per_day * days.len();
    let columns = columns(spec.export_type);
    let folder = format!(
        "{}/{}/{}-{}/{run}",
        spec.prefix.trim_matches('/'),
        spec.name,
        start.format("%Y%m%d"),
        last.format("%Y%m%d")
    );
    let mut blobs = Vec::new();
    let mut listed = Vec::new();
    let rows_per_file = spec.rows_per_file.max(1);
    let (mut first, mut part) = (0, 0);
    while first < total {
        let end = total.min(first + rows_per_file);
        let rows: Vec<Vec<Cell>> = (first..end)
            .map(|i| {
                let (day, resource) = (days[i / per_day], i % per_day);
                let item = BillItem {
                    resource,
                    day,
                    cents: account.cents(resource, day),
                };
                row(spec.export_type, account, &item, (start, next))
            })
            .collect();
        let body = write(spec.format, &columns, &rows)?;
        let ext = match spec.format {
            BlobFormat::Csv => "csv",
            BlobFormat::CsvGzip => "csv.gz",
            BlobFormat::Parquet => "parquet",
        };
        let name = format!("{folder}/part_{part}_0001.{ext}");
        listed.push(serde_json::json!({"blobName": name, "byteCount": body.len(), "dataRowCount": rows.len()}));
        blobs.push(blob(name, body, delivered));
        first = end;
        part += 1;
    }
    let (file_format, compression) = match spec.format {
        BlobFormat::Csv => ("Csv", "None"),
        BlobFormat::CsvGzip => ("Csv", "gzip"),
        BlobFormat::Parquet => ("Parquet", "snappy"),
    };
    let sub = subscription_id(account);
    let manifest = serde_json::json!({
        "manifestVersion": "2024-04-01",
        "byteCount": blobs.iter().map(|b| b.body.len()).sum::<usize>(),
        "blobCount": blobs.len(),
        "dataRowCount": total,
        "exportConfig": {
            "exportName": spec.name,
            "resourceId": format!("/subscriptions/{sub}/providers/Microsoft.CostManagement/exports/{}", spec.name),
            "dataVersion": if spec.export_type == ExportType::FocusCost { "1.0" } else { "2024-08-01" },
            "apiVersion": "2023-07-01-preview",
            "type": spec.export_type.as_str(),
            "timeFrame": "BillingMonthToDate",
            "granularity": "Daily",
        },
        "deliveryConfig": {
            "partitionData": true,
            "dataOverwriteBehavior": "CreateNewReport",
            "fileFormat": file_format,
            "compressionMode": compression,
            "containerUri": format!("/subscriptions/{sub}/resourceGroups/rg-billing/providers/Microsoft.Storage/storageAccounts/{}", spec.storage_account),
            "rootFolderPath": spec.prefix,
        },
        "runInfo": {
            "executionType": "Scheduled",
            "submittedTime": format!("{}T06:00:00.0000000Z", next.format("%Y-%m-%d")),
            "runId": run,
            "startDate": format!("{}T00:00:00", start.format("%Y-%m-%d")),
            "endDate": format!("{}T00:00:00", last.format("%Y-%m-%d")),
        },
        "blobs": listed,
    });
    blobs.push(blob(
        format!("{folder}/manifest.json"),
        manifest.to_string().into_bytes(),
        delivered + 60,
    ));
    Ok(blobs)
}

fn blob(name: String, body: Vec<u8>, last_modified: i64) -> Blob {
    let etag = format!("0x8DC{}", hex::encode_upper(&Sha256::digest(&body)[..6]));
    Blob {
        name,
        etag,
        last_modified,
        body: Arc::new(body),
    }
}

fn write(
    format: BlobFormat,
    columns: &[(&str, Kind)],
    rows: &[Vec<Cell>],
) -> std::io::Result<Vec<u8>> {
    match format {
        BlobFormat::CsvGzip => files::write(FileFormat::CsvGzip, columns, rows),
        BlobFormat::Parquet => files::write(FileFormat::Parquet, columns, rows),
        BlobFormat::Csv => {
            let gz = files::write(FileFormat::CsvGzip, columns, rows)?;
            let mut out = Vec::new();
            std::io::copy(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out)?;
            out.flush()?;
            Ok(out)
        }
    }
}

/// The Enterprise Agreement cost details columns (schema 2024-08-01).
const EA: &[&str] = &[
    "BillingAccountId",
    "BillingAccountName",
    "BillingPeriodStartDate",
    "BillingPeriodEndDate",
    "BillingProfileId",
    "BillingProfileName",
    "AccountOwnerId",
    "AccountName",
    "SubscriptionId",
    "SubscriptionName",
    "Date",
    "Product",
    "PartNumber",
    "MeterId",
    "ServiceFamily",
    "MeterCategory",
    "MeterSubCategory",
    "MeterRegion",
    "MeterName",
    "Quantity",
    "EffectivePrice",
    "Cost",
    "UnitPrice",
    "BillingCurrency",
    "ResourceLocation",
    "AvailabilityZone",
    "ConsumedService",
    "ResourceId",
    "ResourceName",
    "ServiceInfo1",
    "ServiceInfo2",
    "AdditionalInfo",
    "Tags",
    "InvoiceSectionId",
    "InvoiceSection",
    "CostCenter",
    "UnitOfMeasure",
    "ResourceGroup",
    "ReservationId",
    "ReservationName",
    "ProductOrderId",
    "ProductOrderName",
    "OfferId",
    "IsAzureCreditEligible",
    "Term",
    "PublisherName",
    "PlanName",
    "ChargeType",
    "Frequency",
    "PublisherType",
    "PayGPrice",
    "PricingModel",
    "CostAllocationRuleName",
    "benefitId",
    "benefitName",
];

/// The FOCUS 1.0 columns the export fills (the rest are left out).
const FOCUS: &[&str] = &[
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "InvoiceIssuerName",
    "PricingCategory",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SubAccountId",
    "SubAccountName",
    "Tags",
    "x_ResourceGroupName",
];

fn kind(name: &str) -> Kind {
    match name {
        "Cost" | "BilledCost" | "EffectiveCost" | "ListCost" | "ContractedCost"
        | "EffectivePrice" | "UnitPrice" | "PayGPrice" => Kind::Number,
        "BillingPeriodStart" | "BillingPeriodEnd" | "ChargePeriodStart" | "ChargePeriodEnd" => {
            Kind::Time
        }
        _ => Kind::Text,
    }
}

fn columns(t: ExportType) -> Vec<(&'static str, Kind)> {
    let names = if t == ExportType::FocusCost {
        FOCUS
    } else {
        EA
    };
    names.iter().map(|n| (*n, kind(n))).collect()
}

fn mdy(d: NaiveDate) -> String {
    d.format("%m/%d/%Y").to_string()
}

/// One bill item as a row of the export's columns.
fn row(
    t: ExportType,
    account: &Account,
    item: &BillItem,
    (start, next): (NaiveDate, NaiveDate),
) -> Vec<Cell> {
    let r = &account.resources[item.resource];
    let id = resource_id(account, r);
    let (consumed, meter_category, service_name, meter) = service(r.kind);
    let loc = location(&r.region);
    let text = |s: &str| Cell::Text(s.to_string());
    let sub = subscription_id(account);
    let tags_fragment = r
        .tags
        .iter()
        .map(|(k, v)| format!("\"{k}\": \"{v}\""))
        .collect::<Vec<_>>()
        .join(",");
    let product = match r.kind {
        ResourceKind::Instance => format!("Virtual Machines {} - {loc}", vm_size(&r.instance_type)),
        _ => format!("{meter_category} {meter} - {loc}"),
    };
    if t == ExportType::FocusCost {
        let day = unix(item.day);
        let resource_type = match r.kind {
            ResourceKind::Instance => "Virtual machine",
            ResourceKind::Disk => "Disk",
            ResourceKind::Ip => "Public IP address",
        };
        let category = match r.kind {
            ResourceKind::Instance => "Compute",
            ResourceKind::Disk => "Storage",
            ResourceKind::Ip => "Networking",
        };
        return FOCUS
            .iter()
            .map(|c| match *c {
                "BilledCost" | "EffectiveCost" | "ListCost" | "ContractedCost" => {
                    Cell::Cents(item.cents)
                }
                "BillingAccountId" => text(&account.billing_account),
                "BillingAccountName" => text(&account.name),
                "BillingCurrency" => text(&account.currency),
                "BillingPeriodStart" => Cell::Time(unix(start)),
                "BillingPeriodEnd" => Cell::Time(unix(next)),
                "ChargeCategory" => text("Usage"),
                "ChargeDescription" => text(&product),
                "ChargeFrequency" => text("Usage-Based"),
                "ChargePeriodStart" => Cell::Time(day),
                "ChargePeriodEnd" => Cell::Time(day + 86_400),
                "InvoiceIssuerName" | "ProviderName" | "PublisherName" => text("Microsoft"),
                "PricingCategory" => text("Standard"),
                "RegionId" => text(loc),
                "ResourceId" => text(&id),
                "ResourceName" => text(&r.name),
                "ResourceType" => text(resource_type),
                "ServiceCategory" => text(category),
                "ServiceName" => text(service_name),
                "SubAccountId" => text(&sub),
                "SubAccountName" => text("CloudLens Production"),
                "Tags" => text(&format!("{{{tags_fragment}}}")),
                "x_ResourceGroupName" => text(&resource_group(r)),
                _ => Cell::Null,
            })
            .collect();
    }
    let cost = Cell::Cents(item.cents);
    EA.iter()
        .map(|c| match *c {
            "BillingAccountId" | "BillingProfileId" => text(&account.billing_account),
            "BillingAccountName" | "BillingProfileName" => text(&account.name),
            "BillingPeriodStartDate" => text(&mdy(start)),
            "BillingPeriodEndDate" => text(&mdy(next.pred_opt().unwrap_or(start))),
            "AccountOwnerId" => text("finops@cloudlens.example"),
            "AccountName" => text("FinOps"),
            "SubscriptionId" => text(&sub),
            "SubscriptionName" => text("CloudLens Production"),
            "Date" => text(&mdy(item.day)),
            "Product" => text(&product),
            "PartNumber" => text("AAA-00001"),
            "MeterId" => text(&format!("00000000-0000-4000-9000-{:012}", r.kind as u8)),
            "ServiceFamily" => text(if r.kind == ResourceKind::Ip {
                "Networking"
            } else {
                "Compute"
            }),
            "MeterCategory" => text(meter_category),
            "MeterSubCategory" => text(meter),
            "MeterRegion" => text(loc),
            "MeterName" => text(meter),
            "Quantity" => text("1"),
            "EffectivePrice" | "Cost" | "UnitPrice" | "PayGPrice" => cost.clone(),
            "BillingCurrency" => text(&account.currency),
            "ResourceLocation" => text(loc),
            "ConsumedService" => text(consumed),
            "ResourceId" => text(&id),
            "ResourceName" => text(&r.name),
            "Tags" => text(&tags_fragment),
            "InvoiceSection" => text("FinOps"),
            "CostCenter" => text("cc-100"),
            "UnitOfMeasure" => text("1 Day"),
            "ResourceGroup" => text(&resource_group(r)),
            "OfferId" => text("MS-AZR-0017P"),
            "IsAzureCreditEligible" => text("True"),
            "PublisherName" => text("Microsoft"),
            "ChargeType" => text("Usage"),
            "Frequency" => text("UsageBased"),
            "PublisherType" => text("Azure"),
            "PricingModel" => text("OnDemand"),
            "AdditionalInfo" if r.kind == ResourceKind::Instance => text(&format!(
                "{{\"ServiceType\":\"{}\",\"VCPUs\":2}}",
                vm_size(&r.instance_type)
            )),
            _ => Cell::Null,
        })
        .collect()
}
