//! The bill files Tencent's 账单存储到COS stores, written from the
//! account: the bill detail in its bill 3.0 English column names (one row
//! per component of a resource's day, as `DescribeBillDetail` states them),
//! or the FOCUS bill. Named `{uin}_BillDetail_{YYYYMM}` (`_FOCUSBill_`), a
//! restated period's new file with `_{n}` after the month.

use serde_json::Value;

use super::bills::detail;
use crate::bill_bucket::{BillFile, BillWriter, RowSink};
use crate::{Account, ResourceKind};

pub struct TencentBills;

/// The file's header, in the order of [`COLUMNS`].
const HEADER: &[&str] = &[
    "Payer Account ID",
    "Owner Account ID",
    "Operator Account ID",
    "Product Name",
    "Billing Mode",
    "Project Name",
    "Region",
    "Availability Zone",
    "Instance ID",
    "Instance Name",
    "Instance Type",
    "Subproduct Name",
    "Transaction Type",
    "Transaction ID",
    "Transaction Time",
    "Usage Start Time",
    "Usage End Time",
    "Component Type",
    "Component Name",
    "Component List Price",
    "Component Contracted Price",
    "Component Price Measurement Unit",
    "Component Usage",
    "Component Usage Unit",
    "Usage Duration",
    "Duration Unit",
    "Original Cost",
    "Discount Multiplier",
    "Total Amount After Discount",
    "Voucher Deduction",
    "Cash Account Payment",
    "Free Account Payment",
    "Voucher Payment",
    "Currency",
    "Tags",
    "Bill Month",
];

/// The file's columns and the API fields each one holds (`""`: a fixed value).
const COLUMNS: &[(&str, &str)] = &[
    ("Payer Account ID", "PayerUin"),
    ("Owner Account ID", "OwnerUin"),
    ("Operator Account ID", "OperateUin"),
    ("Product Name", "BusinessCodeName"),
    ("Billing Mode", "PayModeName"),
    ("Project Name", "ProjectName"),
    ("Region", "RegionName"),
    ("Availability Zone", "ZoneName"),
    ("Instance ID", "ResourceId"),
    ("Instance Name", "ResourceName"),
    ("Instance Type", ""),
    ("Subproduct Name", "ProductCodeName"),
    ("Transaction Type", "ActionTypeName"),
    ("Transaction ID", "BillId"),
    ("Transaction Time", "PayTime"),
    ("Usage Start Time", "FeeBeginTime"),
    ("Usage End Time", "FeeEndTime"),
    ("Component Type", "ComponentCodeName"),
    ("Component Name", "ItemCodeName"),
    ("Component List Price", "SinglePrice"),
    ("Component Contracted Price", "ContractPrice"),
    ("Component Price Measurement Unit", "PriceUnit"),
    ("Component Usage", "UsedAmount"),
    ("Component Usage Unit", "UsedAmountUnit"),
    ("Usage Duration", "TimeSpan"),
    ("Duration Unit", "TimeUnitName"),
    ("Original Cost", "Cost"),
    ("Discount Multiplier", "Discount"),
    ("Total Amount After Discount", "RealCost"),
    ("Voucher Deduction", "VoucherPayAmount"),
    ("Cash Account Payment", "CashPayAmount"),
    ("Free Account Payment", "IncentivePayAmount"),
    ("Voucher Payment", "VoucherPayAmount"),
    ("Currency", ""),
    ("Tags", ""),
    ("Bill Month", ""),
];

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl BillWriter for TencentBills {
    fn kind_in_name(&self, file: BillFile) -> &'static str {
        match file {
            BillFile::Native => "BillDetail",
            BillFile::Focus => "FOCUSBill",
        }
    }

    fn native_header(&self) -> &'static [&'static str] {
        HEADER
    }

    fn native_rows(
        &self,
        account: &Account,
        month: &str,
        out: &mut RowSink<'_>,
    ) -> std::io::Result<()> {
        for (i, item) in account.items_in_month(month).enumerate() {
            let d = detail(account, &item, i);
            let tags = account.resources[item.resource]
                .tags
                .iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect::<Vec<_>>()
                .join(";");
            let components = d
                .get("ComponentSet")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for c in components {
                let row: Vec<String> = COLUMNS
                    .iter()
                    .map(|(column, field)| match (*column, *field) {
                        ("Instance Type", _) => "-".to_string(),
                        ("Currency", _) => account.currency.clone(),
                        ("Tags", _) => tags.clone(),
                        ("Bill Month", _) => month.to_string(),
                        (_, f) => text(c.get(f).or_else(|| d.get(f))),
                    })
                    .collect();
                out(&row)?;
            }
        }
        Ok(())
    }

    fn focus_provider(&self) -> &'static str {
        "Tencent Cloud"
    }

    fn focus_service(&self, kind: ResourceKind) -> (&'static str, &'static str) {
        match kind {
            ResourceKind::Instance => ("Compute", "Cloud Virtual Machine"),
            ResourceKind::Disk => ("Storage", "Cloud Block Storage"),
            ResourceKind::Ip => ("Networking", "Elastic IP"),
        }
    }
}
