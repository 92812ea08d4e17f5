//! The bill files Huawei's 账单数据存储 subscribes to OBS, written from the
//! account: the 资源按账期账单 (`{account}_InstanceBillMonth_{YYYYMM}`, one
//! row per resource and billing month, Chinese header with the payer's
//! 账号ID, eight-place
//! amounts, the list price 15% above the amount due), or the Cost
//! Center's FOCUS export (`{account}_FOCUS_{YYYYMM}`); a restated
//! period's new file has `_{n}` after the month.

use super::bills::{product, spec, tag_text};
use super::inventory::region_of;
use crate::bill_bucket::{BillFile, BillWriter, RowSink};
use crate::{Account, ResourceKind};

pub struct HuaweiBills;

const HEADER: &[&str] = &[
    "账期",
    "企业项目",
    "企业项目ID",
    "账号",
    "账号ID",
    "产品类型编码",
    "产品类型",
    "产品编码",
    "产品ID",
    "产品",
    "计费模式",
    "账单类型",
    "区域",
    "资源ID",
    "资源名称",
    "资源标签",
    "规格",
    "官网价",
    "折扣金额",
    "应付金额",
    "现金支付",
    "代金券抵扣",
    "储值卡抵扣",
    "欠费金额",
];

/// Hundredths as an eight-place amount.
fn eight(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}000000", cents.abs() / 100, cents.abs() % 100)
}

impl BillWriter for HuaweiBills {
    fn kind_in_name(&self, file: BillFile) -> &'static str {
        match file {
            BillFile::Native => "InstanceBillMonth",
            BillFile::Focus => "FOCUS",
        }
    }

    /// Huawei names the file by the account's name, not its id.
    fn owner_in_name<'a>(&self, account: &'a Account) -> &'a str {
        &account.name
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
        let mut sums = vec![0i64; account.resources.len()];
        for item in account.items_in_month(month) {
            sums[item.resource] += item.cents;
        }
        for (r, cents) in account.resources.iter().zip(sums) {
            let p = product(r.kind, false);
            let (desc, sku) = spec(r);
            // List price 15% above the amount due.
            let list = cents * 115 / 100;
            out(&[
                month.to_string(),
                "default".into(),
                "0".into(),
                account.name.clone(),
                account.billing_account.clone(),
                p.service_code.into(),
                p.service_name.into(),
                p.resource_code.into(),
                sku,
                p.resource_name.into(),
                "按需".into(),
                "消费-使用".into(),
                region_of(&r.region).to_string(),
                r.id.clone(),
                r.name.clone(),
                tag_text(&r.tags),
                desc,
                eight(list),
                eight(list - cents),
                eight(cents),
                eight(cents),
                eight(0),
                eight(0),
                eight(0),
            ])?;
        }
        Ok(())
    }

    fn focus_provider(&self) -> &'static str {
        "Huawei Cloud"
    }

    fn focus_service(&self, kind: ResourceKind) -> (&'static str, &'static str) {
        match kind {
            ResourceKind::Instance => ("Compute", "Elastic Cloud Server"),
            ResourceKind::Disk => ("Storage", "Elastic Volume Service"),
            ResourceKind::Ip => ("Networking", "Elastic IP"),
        }
    }
}
