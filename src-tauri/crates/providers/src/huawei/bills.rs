//! BSS v2 resource details (`ListCustomerselfResourceRecordDetails`,
//! `MonthlyBillRes`) into canonical cost lines. Each record becomes a row
//! of Huawei's console export of the same bill (资源详单, Chinese or English
//! headers as the site's console writes them) and goes through the file
//! importer's own Huawei mapper, so a synced line and an imported line of
//! the same charge are the same line.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cloudlens_ingest::formats::{self, FormatId, Output};
use cloudlens_ingest::{Header, Row};
use cloudlens_model::CostLine;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::words;
use crate::{ErrorKind, ProviderError};

/// A record's fields, each as the JSON text the provider sent, so amounts
/// reach the mapper digit for digit (never through `f64`).
pub type Record = BTreeMap<String, Box<RawValue>>;

#[derive(Debug, Deserialize)]
pub struct ResRecordsPage {
    pub monthly_records: Option<Vec<Record>>,
    pub total_count: Option<u64>,
    pub currency: Option<String>,
}

/// What a page's rows share.
pub struct Context<'a> {
    pub billing_account: &'a str,
    /// The window's billing cycle, `YYYY-MM`.
    pub month: &'a str,
    pub currency: &'a str,
    /// Whether the console writes English (international site).
    pub english: bool,
    /// The offset of the page's first record, for provenance.
    pub first_row: u64,
}

/// Where a console column's value comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A record field, as sent.
    Field(&'static str),
    Cycle,
    BillingAccount,
    /// The consuming account, when not the payer (enterprise members).
    LinkedAccount,
    ChargeMode,
    BillType,
    Zone,
    Currency,
}

/// The console's columns (Chinese, English) and their sources.
const COLUMNS: &[(&str, &str, Source)] = &[
    ("账期", "Billing Cycle", Source::Cycle),
    (
        "企业项目",
        "Enterprise Project",
        Source::Field("enterprise_project_name"),
    ),
    (
        "企业项目ID",
        "Enterprise Project ID",
        Source::Field("enterprise_project_id"),
    ),
    ("账号ID", "Account ID", Source::BillingAccount),
    ("关联账号", "Linked Account", Source::LinkedAccount),
    (
        "产品类型编码",
        "Service Type Code",
        Source::Field("cloud_service_type"),
    ),
    (
        "产品类型",
        "Service Type",
        Source::Field("cloud_service_type_name"),
    ),
    (
        "产品编码",
        "Resource Type Code",
        Source::Field("resource_Type_code"),
    ),
    ("产品", "Resource Type", Source::Field("resource_type_name")),
    ("计费模式", "Billing Mode", Source::ChargeMode),
    ("账单类型", "Bill Type", Source::BillType),
    ("区域编码", "Region Code", Source::Field("region")),
    ("区域", "Region", Source::Field("region_name")),
    ("可用区", "AZ", Source::Zone),
    ("资源ID", "Resource ID", Source::Field("res_instance_id")),
    ("资源名称", "Resource Name", Source::Field("resource_name")),
    ("资源标签", "Resource Tag", Source::Field("resource_tag")),
    ("规格", "Specifications", Source::Field("product_spec_desc")),
    ("产品ID", "Product ID", Source::Field("sku_code")),
    ("官网价", "List Price", Source::Field("official_amount")),
    (
        "折扣金额",
        "Discount Amount",
        Source::Field("discount_amount"),
    ),
    ("应付金额", "Amount Due", Source::Field("consume_amount")),
    ("现金支付", "Cash Payment", Source::Field("cash_amount")),
    (
        "信用额度支付",
        "Credit Payment",
        Source::Field("credit_amount"),
    ),
    ("代金券抵扣", "Cash Coupon", Source::Field("coupon_amount")),
    (
        "储值卡抵扣",
        "Stored-Value Card",
        Source::Field("stored_card_amount"),
    ),
    (
        "欠费金额",
        "Outstanding Amount",
        Source::Field("debt_amount"),
    ),
    (
        "奖励金抵扣",
        "Bonus Credit Deduction",
        Source::Field("bonus_amount"),
    ),
    ("订单号", "Order ID", Source::Field("trade_id")),
    ("运营实体", "Business Entity", Source::Field("be_id")),
    ("消费日期", "Expenditure Date", Source::Field("bill_date")),
    ("币种", "Currency", Source::Currency),
];

fn bad(what: String) -> ProviderError {
    ProviderError::new(ErrorKind::BadResponse, what)
}

/// A field's text: a string's contents, a number's own digits, `""` for
/// null or absent.
fn field(r: &Record, name: &str) -> String {
    let Some(raw) = r.get(name).or_else(|| {
        // The documented key is `resource_Type_code`; accept either case.
        (name == "resource_Type_code")
            .then(|| r.get("resource_type_code"))
            .flatten()
    }) else {
        return String::new();
    };
    let t = raw.get().trim();
    if t == "null" {
        return String::new();
    }
    serde_json::from_str::<String>(t).unwrap_or_else(|_| t.to_string())
}

fn code(r: &Record, name: &str) -> Option<i64> {
    field(r, name).parse().ok()
}

/// The first availability zone of `az_code_infos`.
fn zone(r: &Record) -> String {
    #[derive(Deserialize)]
    struct Az {
        az_code: Option<String>,
    }
    r.get("az_code_infos")
        .and_then(|raw| serde_json::from_str::<Vec<Az>>(raw.get()).ok())
        .and_then(|list| list.into_iter().find_map(|a| a.az_code))
        .unwrap_or_default()
}

fn cell(r: &Record, source: Source, ctx: &Context<'_>) -> String {
    match source {
        Source::Field(name) => field(r, name),
        Source::Cycle => Some(field(r, "cycle"))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| ctx.month.to_string()),
        Source::BillingAccount => ctx.billing_account.to_string(),
        Source::LinkedAccount => Some(field(r, "customer_id"))
            .filter(|c| c != ctx.billing_account)
            .unwrap_or_default(),
        Source::ChargeMode => code(r, "charge_mode")
            .and_then(|c| words::charge_mode_text(c, ctx.english))
            .unwrap_or_default()
            .to_string(),
        Source::BillType => code(r, "bill_type")
            .map(|c| words::bill_type_text(c, ctx.english))
            .unwrap_or_default(),
        Source::Zone => zone(r),
        Source::Currency => ctx.currency.to_string(),
    }
}

/// The UTC start of a Beijing-time (UTC+8) day.
fn china_day_start(d: NaiveDate) -> i64 {
    d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - 8 * 3600
}

/// A billing cycle `YYYY-MM` (a UTC+8 month) as a UTC period.
pub fn month_period(month: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = cloudlens_model::next_month(first);
    Some((china_day_start(first), china_day_start(next)))
}

pub fn to_lines(records: &[Record], ctx: &Context<'_>) -> Result<Vec<CostLine>, ProviderError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let header = Header::new(
        COLUMNS
            .iter()
            .map(|(zh, en, _)| if ctx.english { *en } else { *zh }),
    );
    let format = formats::by_id(FormatId::Huawei)
        .ok_or_else(|| bad("the file importer has no Huawei bill mapper".into()))?;
    let mut mapper = format
        .bind(&header)
        .map_err(|e| bad(format!("the Huawei bill mapper refused the columns: {e}")))?;
    let mut out = Output::default();
    let mut lines = Vec::with_capacity(records.len());
    let mut row = csv::StringRecord::new();
    for (i, r) in records.iter().enumerate() {
        row.clear();
        for (_, _, source) in COLUMNS {
            row.push_field(&cell(r, *source, ctx));
        }
        let n = ctx.first_row + i as u64;
        mapper
            .map(
                &Row {
                    line: n,
                    header: &header,
                    fields: &cloudlens_ingest::RecordFields(&row),
                },
                &mut out,
            )
            .map_err(|e| bad(format!("monthly_records[{i}] (row {n}) does not map: {e}")))?;
        lines.append(&mut out.lines);
        out.reset();
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use cloudlens_model::{ChargeCategory, ChargeFrequency};
    use serde_json::Value;

    use super::*;

    fn ctx(english: bool) -> Context<'static> {
        Context {
            billing_account: "acc",
            month: "2025-01",
            currency: "CNY",
            english,
            first_row: 40,
        }
    }

    #[test]
    fn a_record_maps_like_the_console_export() {
        let page: ResRecordsPage = serde_json::from_str(
            r#"{"total_count":1,"currency":"CNY","monthly_records":[{
              "cycle":"2025-01","bill_date":"2025-01-01","bill_type":5,"customer_id":"member",
              "region":"cn-north-4","region_name":"华北-北京四",
              "cloud_service_type":"hws.service.type.ec2","resource_Type_code":"hws.resource.type.vm",
              "cloud_service_type_name":"弹性云服务器","resource_type_name":"云主机",
              "res_instance_id":"i-1","resource_name":"web-1","resource_tag":"team=data;env=prod",
              "sku_code":"s7.large.2.linux","charge_mode":3,"consume_amount":11.50123456,
              "official_amount":13.2,"discount_amount":1.69876544,"cash_amount":11.50123456,
              "trade_id":"T1","az_code_infos":[{"az_code":"cn-north-4a"}]}]}"#,
        )
        .unwrap();
        let lines = to_lines(page.monthly_records.as_deref().unwrap(), &ctx(false)).unwrap();
        let l = &lines[0];
        assert_eq!(l.billed_cost.to_string(), "11.50123456");
        assert_eq!(l.contracted_cost.to_string(), "11.50123456");
        assert_eq!(l.list_cost.to_string(), "13.2");
        // 2025-01 in UTC+8 starts 2024-12-31T16:00Z.
        assert_eq!(
            (l.billing_period_start, l.billing_period_end),
            month_period("2025-01").unwrap()
        );
        assert_eq!(l.billing_period_start, 1_735_660_800);
        assert_eq!(l.charge_period_start, 1_735_660_800);
        assert_eq!(l.charge_period_end - l.charge_period_start, 86_400);
        assert_eq!(l.provenance.source_row, 40);
        let d = &l.dims;
        assert_eq!(d.provider_name, "Huawei Cloud");
        assert_eq!(d.billing_account_id, "acc");
        assert_eq!(d.sub_account_id.as_deref(), Some("member"));
        assert_eq!(d.service_name, "弹性云服务器");
        assert_eq!(d.service_category, "Compute");
        assert_eq!(d.charge_category, ChargeCategory::Usage);
        assert_eq!(d.charge_frequency, Some(ChargeFrequency::UsageBased));
        assert_eq!(d.availability_zone.as_deref(), Some("cn-north-4a"));
        assert_eq!(d.region_id.as_deref(), Some("cn-north-4"));
        assert_eq!(d.tags.get("team").map(String::as_str), Some("data"));
        let x: Value = serde_json::from_str(l.extras.as_deref().unwrap()).unwrap();
        assert_eq!(x["x_BillType"], "消费-使用");
        assert_eq!(x["x_BillingMode"], "按需");
        assert_eq!(x["x_ResourceTypeCode"], "hws.resource.type.vm");
        assert_eq!(x["x_DiscountAmount"], "1.69876544");
    }

    #[test]
    fn a_missing_amount_is_named() {
        let r: Record =
            serde_json::from_str(r#"{"cycle":"2025-01","cloud_service_type_name":"x"}"#).unwrap();
        let e = to_lines(&[r], &ctx(true)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadResponse);
        assert!(e.message.contains("monthly_records[0]"), "{}", e.message);
        assert!(e.message.contains("Amount Due"), "{}", e.message);
    }
}
