//! BSS v2 resource details (`ListCustomerselfResourceRecordDetails`,
//! `MonthlyBillRes`) into canonical cost lines, the way the file importer
//! maps Huawei's console export of the same bill (资源详单 / 资源按账期账单).

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use cloudlens_model::{
    ChargeCategory, ChargeFrequency, CostLine, Decimal, LineDims, PricingCategory, Provenance, Tags,
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::amount::Amount;
use super::words::{self, Mode};
use crate::{ErrorKind, ProviderError};

pub const PROVIDER: &str = "Huawei Cloud";

/// UTC+8, the zone of Huawei's billing cycles and bill dates.
const CHINA_OFFSET: i64 = 8 * 3600;

#[derive(Debug, Deserialize)]
pub struct ResRecordsPage {
    pub monthly_records: Option<Vec<ResRecord>>,
    pub total_count: Option<u64>,
    pub currency: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AzCodeInfo {
    pub az_code: Option<String>,
}

/// The fields of `MonthlyBillRes` the mapping reads.
#[derive(Debug, Deserialize)]
pub struct ResRecord {
    pub cycle: Option<String>,
    pub bill_date: Option<String>,
    pub bill_type: Option<i64>,
    pub customer_id: Option<String>,
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub cloud_service_type: Option<String>,
    /// The JSON key really is `resource_Type_code`.
    #[serde(rename = "resource_Type_code", alias = "resource_type_code")]
    pub resource_type_code: Option<String>,
    pub cloud_service_type_name: Option<String>,
    pub resource_type_name: Option<String>,
    pub res_instance_id: Option<String>,
    pub resource_name: Option<String>,
    pub resource_tag: Option<String>,
    pub sku_code: Option<String>,
    pub enterprise_project_id: Option<String>,
    pub enterprise_project_name: Option<String>,
    pub charge_mode: Option<i64>,
    #[serde(default)]
    pub consume_amount: Amount,
    #[serde(default)]
    pub cash_amount: Amount,
    #[serde(default)]
    pub credit_amount: Amount,
    #[serde(default)]
    pub coupon_amount: Amount,
    #[serde(default)]
    pub stored_card_amount: Amount,
    #[serde(default)]
    pub bonus_amount: Amount,
    #[serde(default)]
    pub debt_amount: Amount,
    #[serde(default)]
    pub official_amount: Amount,
    #[serde(default)]
    pub discount_amount: Amount,
    pub trade_id: Option<String>,
    pub product_spec_desc: Option<String>,
    pub az_code_infos: Option<Vec<AzCodeInfo>>,
    pub be_id: Option<String>,
}

/// What a page's lines share.
pub struct Context<'a> {
    pub billing_account: &'a str,
    /// The window's billing cycle, `YYYY-MM`.
    pub month: &'a str,
    pub currency: &'a str,
    /// Whether names come in English (international site).
    pub english: bool,
    /// The offset of the page's first record, for provenance.
    pub first_row: u64,
}

fn bad(what: String) -> ProviderError {
    ProviderError::new(ErrorKind::BadResponse, what)
}

fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The UTC start of a UTC+8 day.
fn china_day_start(d: NaiveDate) -> i64 {
    d.and_time(NaiveTime::MIN).and_utc().timestamp() - CHINA_OFFSET
}

/// A billing cycle `YYYY-MM` (a UTC+8 month) as a UTC period.
pub fn month_period(month: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = cloudlens_model::next_month(first);
    Some((china_day_start(first), china_day_start(next)))
}

/// `k=v;k2=v2` (also `:`, `,` and full-width separators), as the
/// bills write resource tags; split as the importer splits them.
fn tags(text: Option<&str>) -> Tags {
    let mut out = Tags::new();
    for pair in text.unwrap_or_default().split([';', ',', '；', '，']) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair
            .split_once(['=', ':'])
            .map_or((pair, ""), |(k, v)| (k.trim(), v.trim()));
        out.insert(k.to_string(), v.to_string());
    }
    out
}

pub fn to_lines(records: &[ResRecord], ctx: &Context<'_>) -> Result<Vec<CostLine>, ProviderError> {
    let mut dims_seen: Vec<Arc<LineDims>> = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let at = |field: &str| format!("monthly_records[{i}].{field}");
        let billed = r
            .consume_amount
            .0
            .ok_or_else(|| bad(format!("the answer lacks {}", at("consume_amount"))))?;
        let month = text(&r.cycle).unwrap_or(ctx.month);
        let billing_period = month_period(month)
            .ok_or_else(|| bad(format!("{} is '{month}', not YYYY-MM", at("cycle"))))?;
        let charge_period = match text(&r.bill_date) {
            Some(d) => {
                let day = NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| bad(format!("{} is '{d}', not YYYY-MM-DD", at("bill_date"))))?;
                let s = china_day_start(day);
                (s, s + 86_400)
            }
            None => billing_period,
        };
        let dims = dims_of(r, ctx).map_err(|f| bad(format!("the answer lacks {}", at(f))))?;
        let dims = match dims_seen.iter().find(|d| ***d == dims) {
            Some(d) => d.clone(),
            None => {
                let d = Arc::new(dims);
                dims_seen.push(d.clone());
                d
            }
        };
        let list = r.official_amount.0;
        let contracted = match (list, r.discount_amount.0) {
            (Some(l), Some(d)) => l - d,
            _ => list.unwrap_or(billed),
        };
        out.push(CostLine {
            dims,
            billing_period_start: billing_period.0,
            billing_period_end: billing_period.1,
            charge_period_start: charge_period.0,
            charge_period_end: charge_period.1,
            billed_cost: billed,
            effective_cost: billed,
            list_cost: list.unwrap_or(billed),
            contracted_cost: contracted,
            pricing_quantity: None,
            consumed_quantity: None,
            list_unit_price: None,
            contracted_unit_price: None,
            commitment_discount_status: None,
            commitment_discount_quantity: None,
            capacity_reservation_status: None,
            invoice_id: None,
            extras: extras(r, ctx, month),
            provenance: Provenance {
                source_row: ctx.first_row + i as u64,
            },
        });
    }
    Ok(out)
}

/// The dimensions of a record; `Err` names a missing mandatory field.
fn dims_of(r: &ResRecord, ctx: &Context<'_>) -> Result<LineDims, &'static str> {
    let service = text(&r.cloud_service_type_name)
        .or(text(&r.cloud_service_type))
        .ok_or("cloud_service_type_name")?;
    let mode_text = r
        .charge_mode
        .and_then(|c| words::charge_mode_text(c, ctx.english));
    let mode = words::mode(mode_text);
    let bill_type = r.bill_type.map(|b| words::bill_type_text(b, ctx.english));
    let category = match &bill_type {
        Some(bt) => words::category(bt, mode),
        None => match mode {
            Some(Mode::PayPerUse) | None => ChargeCategory::Usage,
            Some(_) => ChargeCategory::Purchase,
        },
    };
    let committed_usage = category == ChargeCategory::Usage
        && bill_type
            .as_deref()
            .is_some_and(|bt| words::committed(bt, mode));
    let (service_category, subcategory) = words::service_category(text(&r.cloud_service_type));
    let mut dims = LineDims::new(
        PROVIDER,
        ctx.billing_account,
        ctx.currency,
        service,
        service_category,
        category,
    );
    dims.service_subcategory = Some(subcategory.to_string());
    dims.billing_account_type = Some("Account".to_string());
    // An enterprise master account's query includes its members' records.
    if let Some(c) = text(&r.customer_id).filter(|c| *c != ctx.billing_account) {
        dims.sub_account_id = Some(c.to_string());
        dims.sub_account_type = Some("Linked Account".to_string());
    }
    dims.charge_frequency = Some(match (category, mode) {
        (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
        (ChargeCategory::Tax, _) => ChargeFrequency::Recurring,
        (_, Some(Mode::OneTime)) => ChargeFrequency::OneTime,
        (ChargeCategory::Usage, _) => ChargeFrequency::UsageBased,
        (_, Some(Mode::Periodic | Mode::Commitment)) => ChargeFrequency::Recurring,
        _ => ChargeFrequency::OneTime,
    });
    let resource_type = text(&r.resource_type_name);
    let specification = text(&r.product_spec_desc);
    dims.charge_description = Some(match (resource_type.or(specification), &bill_type) {
        (Some(what), _) => format!("{service} {what}"),
        (None, Some(bt)) => format!("{service} {bt}"),
        (None, None) => service.to_string(),
    });
    dims.pricing_category = match category {
        ChargeCategory::Usage if committed_usage => Some(PricingCategory::Committed),
        ChargeCategory::Usage | ChargeCategory::Purchase => Some(PricingCategory::Standard),
        _ => None,
    };
    dims.resource_type = resource_type.map(str::to_string);
    dims.region_id = text(&r.region).map(str::to_string);
    dims.region_name = text(&r.region_name).or(text(&r.region)).map(str::to_string);
    dims.availability_zone = r
        .az_code_infos
        .iter()
        .flatten()
        .find_map(|a| text(&a.az_code))
        .map(str::to_string);
    dims.resource_id = text(&r.res_instance_id).map(str::to_string);
    dims.resource_name = text(&r.resource_name).map(str::to_string);
    if category != ChargeCategory::Tax {
        dims.sku_id = text(&r.sku_code).map(str::to_string);
    }
    dims.sku_meter = resource_type
        .filter(|_| dims.sku_id.is_some())
        .map(str::to_string);
    dims.pricing_currency = Some(ctx.currency.to_string());
    dims.tags = tags(text(&r.resource_tag));
    Ok(dims)
}

/// Native fields FOCUS has no column for, under the importer's `x_` keys.
fn extras(r: &ResRecord, ctx: &Context<'_>, month: &str) -> Option<String> {
    let mut map = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            map.insert(k.to_string(), Value::String(v));
        }
    };
    let amount = |a: &Amount| a.0.map(|d: Decimal| d.to_string());
    put("x_BillingCycle", Some(month.to_string()));
    put(
        "x_ServiceTypeCode",
        text(&r.cloud_service_type).map(str::to_string),
    );
    put(
        "x_ResourceTypeCode",
        text(&r.resource_type_code).map(str::to_string),
    );
    put(
        "x_BillingMode",
        r.charge_mode
            .and_then(|c| words::charge_mode_text(c, ctx.english))
            .map(str::to_string),
    );
    put(
        "x_BillType",
        r.bill_type.map(|b| words::bill_type_text(b, ctx.english)),
    );
    put(
        "x_Specification",
        text(&r.product_spec_desc).map(str::to_string),
    );
    put("x_DiscountAmount", amount(&r.discount_amount));
    put(
        "x_EnterpriseProject",
        text(&r.enterprise_project_name).map(str::to_string),
    );
    put(
        "x_EnterpriseProjectId",
        text(&r.enterprise_project_id).map(str::to_string),
    );
    put("x_CashPayment", amount(&r.cash_amount));
    put("x_CreditPayment", amount(&r.credit_amount));
    put("x_CashCouponDeduction", amount(&r.coupon_amount));
    put("x_StoredValueCardDeduction", amount(&r.stored_card_amount));
    put("x_OutstandingAmount", amount(&r.debt_amount));
    put("x_BonusDeduction", amount(&r.bonus_amount));
    put("x_OrderId", text(&r.trade_id).map(str::to_string));
    put("x_BusinessEntity", text(&r.be_id).map(str::to_string));
    (!map.is_empty()).then(|| Value::Object(map).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_maps_like_the_console_export() {
        let page: ResRecordsPage = serde_json::from_str(
            r#"{"total_count":1,"currency":"CNY","monthly_records":[{
              "cycle":"2025-01","bill_date":"2025-01-01","bill_type":5,"customer_id":"acc",
              "region":"cn-north-4","region_name":"华北-北京四",
              "cloud_service_type":"hws.service.type.ec2","resource_Type_code":"hws.resource.type.vm",
              "cloud_service_type_name":"弹性云服务器","resource_type_name":"云主机",
              "res_instance_id":"i-1","resource_name":"web-1","resource_tag":"team=data;env=prod",
              "sku_code":"s7.large.2.linux","charge_mode":3,"consume_amount":11.50123456,
              "official_amount":13.2,"discount_amount":1.69876544,"cash_amount":11.50123456,
              "trade_id":"T1","az_code_infos":[{"az_code":"cn-north-4a"}]}]}"#,
        )
        .unwrap();
        let ctx = Context {
            billing_account: "acc",
            month: "2025-01",
            currency: "CNY",
            english: false,
            first_row: 0,
        };
        let lines = to_lines(page.monthly_records.as_deref().unwrap(), &ctx).unwrap();
        let l = &lines[0];
        assert_eq!(l.billed_cost.to_string(), "11.50123456");
        assert_eq!(l.contracted_cost.to_string(), "11.50123456");
        assert_eq!(l.list_cost.to_string(), "13.2");
        // 2025-01 in UTC+8 starts 2024-12-31T16:00Z.
        assert_eq!(l.billing_period_start, 1_735_660_800);
        assert_eq!(l.billing_period_end, 1_738_339_200);
        assert_eq!(l.charge_period_start, 1_735_660_800);
        assert_eq!(l.charge_period_end - l.charge_period_start, 86_400);
        let d = &l.dims;
        assert_eq!(d.provider_name, "Huawei Cloud");
        assert_eq!(d.service_name, "弹性云服务器");
        assert_eq!(d.service_category, "Compute");
        assert_eq!(d.charge_category, ChargeCategory::Usage);
        assert_eq!(d.charge_frequency, Some(ChargeFrequency::UsageBased));
        assert_eq!(d.sub_account_id, None);
        assert_eq!(d.availability_zone.as_deref(), Some("cn-north-4a"));
        assert_eq!(d.tags.get("team").map(String::as_str), Some("data"));
        let x: Value = serde_json::from_str(l.extras.as_deref().unwrap()).unwrap();
        assert_eq!(x["x_BillType"], "消费-使用");
        assert_eq!(x["x_BillingMode"], "按需");
        assert_eq!(x["x_ResourceTypeCode"], "hws.resource.type.vm");
    }

    #[test]
    fn a_missing_amount_is_named() {
        let r: ResRecord =
            serde_json::from_str(r#"{"cycle":"2025-01","cloud_service_type_name":"x"}"#).unwrap();
        let ctx = Context {
            billing_account: "a",
            month: "2025-01",
            currency: "CNY",
            english: true,
            first_row: 0,
        };
        let e = to_lines(&[r], &ctx).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadResponse);
        assert!(
            e.message.contains("monthly_records[0].consume_amount"),
            "{}",
            e.message
        );
    }
}
