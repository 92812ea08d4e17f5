//! The bill files Alibaba's 账单订阅 pushes to OSS, written from the
//! account: the billing-item detail in the English field names of the OSS
//! "detailed" file (one row per resource and day, a tenth off the list
//! price, paid in cash), or the FOCUS bill. Named
//! `{AccountID}_BillingItemDetail_{YYYYMM}` (`_FOCUSBill_`), a restated
//! period's new file with `_{n}` after the month.

use chrono::NaiveDate;

use super::bills::{discount_cents, product};
use crate::bill_bucket::{BillFile, BillWriter, RowSink};
use crate::{cents_text, Account, ResourceKind};

pub struct AlibabaBills;

const HEADER: &[&str] = &[
    "BillingCycle",
    "BillingDate",
    "CostUnit",
    "AccountID",
    "AccountName",
    "OwnerID",
    "OwnerAccountName",
    "SubscriptionType",
    "ProductCode",
    "ProductName",
    "ProductType",
    "ProductDetail",
    "PaymentTime",
    "UsageStartTime",
    "UsageEndTime",
    "ServicePeriod",
    "RecordID",
    "Item",
    "BillingType",
    "InstanceID",
    "NickName",
    "ResourceGroup",
    "Tag",
    "InstanceConfig",
    "InstanceSpec",
    "InternetIP",
    "IntranetIP",
    "Region",
    "Zone",
    "BillingItem",
    "ListPrice",
    "ListPriceUnit",
    "Usage",
    "UsageUnit",
    "DeductedByResourcePackage",
    "PretaxGrossAmount",
    "InvoiceDiscount",
    "DeductedByCoupons",
    "PretaxAmount",
    "DeductedByCashCoupons",
    "DeductedByPrepaidCard",
    "PaymentAmount",
    "OutstandingAmount",
    "Currency",
];

fn day_time(d: NaiveDate) -> String {
    format!("{} 00:00:00", d.format("%Y-%m-%d"))
}

impl BillWriter for AlibabaBills {
    fn kind_in_name(&self, file: BillFile) -> &'static str {
        match file {
            BillFile::Native => "BillingItemDetail",
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
            let r = &account.resources[item.resource];
            let (code, name, ptype, _, unit) = product(r.kind);
            let discount = discount_cents(item.cents);
            let next = item.day + chrono::Duration::days(1);
            let (spec, usage, billing_item) = match r.kind {
                ResourceKind::Instance => (format!("ecs.{}", r.instance_type), 24, "instance_type"),
                ResourceKind::Disk => {
                    (r.instance_type.clone(), 24 * r.size_gib as i64, "disk_size")
                }
                ResourceKind::Ip => (String::new(), 24, "instance_fee"),
            };
            let cash = cents_text(item.cents);
            out(&[
                month.to_string(),
                item.day.format("%Y-%m-%d").to_string(),
                "未分配".into(),
                account.billing_account.clone(),
                account.name.clone(),
                account.billing_account.clone(),
                account.name.clone(),
                "PayAsYouGo".into(),
                code.into(),
                name.into(),
                ptype.into(),
                name.into(),
                day_time(next),
                day_time(item.day),
                day_time(next),
                String::new(),
                format!("{}{:08}", item.day.format("%Y%m%d"), i + 1),
                "PayAsYouGoBill".into(),
                "按量付费".into(),
                r.id.clone(),
                r.name.clone(),
                "默认资源组".into(),
                r.tags
                    .iter()
                    .map(|(k, v)| format!("{k}:{v}"))
                    .collect::<Vec<_>>()
                    .join(";"),
                String::new(),
                spec,
                String::new(),
                String::new(),
                r.region.clone(),
                format!("{}-h", r.region),
                billing_item.into(),
                String::new(),
                format!("CNY/{unit}"),
                usage.to_string(),
                unit.into(),
                "0".into(),
                cents_text(item.cents + discount),
                cents_text(discount),
                "0".into(),
                cash.clone(),
                "0".into(),
                "0".into(),
                cash,
                "0".into(),
                account.currency.clone(),
            ])?;
        }
        Ok(())
    }

    fn focus_provider(&self) -> &'static str {
        "Alibaba Cloud"
    }

    fn focus_service(&self, kind: ResourceKind) -> (&'static str, &'static str) {
        match kind {
            ResourceKind::Instance => ("Compute", "Elastic Compute Service"),
            ResourceKind::Disk => ("Storage", "Block Storage"),
            ResourceKind::Ip => ("Networking", "Elastic IP Address"),
        }
    }
}
