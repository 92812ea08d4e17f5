//! `billing` 2018-07-09: `DescribeBillDetail` (one row per resource and
//! day, components inside, money as strings), `DescribeBillResourceSummary`
//! (one row per resource and month, totals consistent with the details)
//! and `DescribeAccountBalance`.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::errors::{error, ok};
use super::inventory::{instance_spec, region, region_facts, resource_id};
use super::paging;
use crate::periods::month_of;
use crate::{cents_text, Account, BillItem, RawResponse, ResourceKind};

/// How a resource's product reads in the bill: (BusinessCodeName,
/// BusinessCode, ProductCodeName, ProductCode).
pub(crate) fn product(
    kind: ResourceKind,
) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ResourceKind::Instance => ("云服务器CVM", "p_cvm", "云服务器CVM-标准型S5", "sp_cvm_s5"),
        ResourceKind::Disk => ("云硬盘", "p_cbs", "云硬盘-增强型SSD云硬盘", "sp_cbs_hssd"),
        ResourceKind::Ip => ("弹性公网IP", "p_eip", "弹性公网IP-IP资源", "sp_eip_ip"),
    }
}

const DETAIL_MAX: u64 = 100;
const SUMMARY_MAX: u64 = 1000;

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn str_field<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

pub(crate) fn tags(account: &Account, r: usize, key: &str, value: &str) -> Vec<Value> {
    account.resources[r]
        .tags
        .iter()
        .map(|(k, v)| {
            let mut m = serde_json::Map::new();
            m.insert(key.to_string(), Value::String(k.clone()));
            m.insert(value.to_string(), Value::String(v.clone()));
            Value::Object(m)
        })
        .collect()
}

/// Which days a detail request covers: the `BeginTime`..`EndTime` days
/// (within `Month`), else the whole month.
fn days(body: &Value) -> Result<(String, Option<(NaiveDate, NaiveDate)>), RawResponse> {
    let month = str_field(body, "Month")
        .filter(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok())
        .ok_or_else(|| error("InvalidParameterValue", "Month must be given as yyyy-mm."))?
        .to_string();
    let date = |k: &str| {
        str_field(body, k).map(|t| {
            chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
                .map(|t| t.date())
                .map_err(|_| {
                    error(
                        "InvalidParameterValue",
                        &format!("{k} must be yyyy-mm-dd hh:ii:ss."),
                    )
                })
        })
    };
    match (date("BeginTime"), date("EndTime")) {
        (None, None) => Ok((month, None)),
        (Some(b), Some(e)) => {
            let (b, e) = (b?, e?);
            if month_of(b) != month || month_of(e) != month || e < b {
                return Err(error(
                    "InvalidParameterValue",
                    "BeginTime and EndTime must be in the same month as Month, in order.",
                ));
            }
            Ok((month, Some((b, e))))
        }
        _ => Err(error(
            "MissingParameter",
            "BeginTime and EndTime go together.",
        )),
    }
}

pub fn bill_detail(body: &Value, account: &Account, page_size: usize) -> RawResponse {
    let (offset, limit) = match paging(body, DETAIL_MAX, page_size) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let (month, range) = match days(body) {
        Ok(d) => d,
        Err(e) => return e,
    };
    let days: Vec<NaiveDate> = account
        .days()
        .filter(|d| match range {
            Some((b, e)) => *d >= b && *d <= e,
            None => month_of(*d) == month,
        })
        .collect();
    let (items, total) = account.items_page(&days, offset, limit);
    let page: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, item)| detail(account, item, offset + i))
        .collect();
    let mut fields = json!({ "DetailSet": page, "Context": format!("ctx-{}", offset + limit) });
    if body.get("NeedRecordNum").and_then(Value::as_u64) == Some(1) {
        fields["Total"] = json!(total);
    }
    ok(fields)
}

/// One bill row: a resource's day, with its components splitting the cost.
pub(super) fn detail(account: &Account, item: &BillItem, seq: usize) -> Value {
    let r = &account.resources[item.resource];
    let (_, region_num, _, _) = region_facts(region(&r.region));
    let day = day_text(item.day);
    let pay_day = day_text(item.day + Duration::days(1));
    let components = match r.kind {
        ResourceKind::Instance => {
            let (_, cores, mem) = instance_spec(&r.instance_type);
            let cpu = item.cents * 2 / 3;
            vec![
                component("CPU", "CPU", "元/核/小时", cores, "核", "24", "小时", cpu),
                component(
                    "内存",
                    "内存",
                    "元/GB/小时",
                    mem,
                    "GB",
                    "24",
                    "小时",
                    item.cents - cpu,
                ),
            ]
        }
        ResourceKind::Disk => vec![component(
            "存储空间",
            "增强型SSD云硬盘",
            "元/GB/天",
            r.size_gib,
            "GB",
            "1",
            "天",
            item.cents,
        )],
        ResourceKind::Ip => vec![component(
            "IP资源",
            "IP资源费",
            "元/个/天",
            1,
            "个",
            "1",
            "天",
            item.cents,
        )],
    };
    merged(
        resource_fields(account, item.resource),
        json!({
        "BillId": format!("{}{:08}", item.day.format("%Y%m%d"), seq + 1),
        "PayTime": format!("{pay_day} 01:00:03"),
        "FeeBeginTime": format!("{day} 00:00:00"),
        "FeeEndTime": format!("{day} 23:59:59"),
        "ComponentSet": components,
        "ActionType": "postpay_deduct_d",
        "RegionId": region_num,
        "ProjectId": 0,
        "PriceInfo": ["按量计费"],
        "AssociatedOrder": {},
        "Formula": "",
        "FormulaUrl": "",
        }),
    )
}

/// The fields bill details and resource summaries both state of a resource.
fn resource_fields(account: &Account, i: usize) -> Value {
    let r = &account.resources[i];
    let (name, code, sub_name, sub_code) = product(r.kind);
    let (region_name, _, _, zone_name) = region_facts(region(&r.region));
    json!({
        "BusinessCodeName": name,
        "ProductCodeName": sub_name,
        "PayModeName": "按量计费",
        "ProjectName": "默认项目",
        "RegionName": region_name,
        "ZoneName": zone_name,
        "ResourceId": resource_id(r),
        "ResourceName": r.name,
        "ActionTypeName": "按量计费日结",
        "OrderId": "-",
        "PayerUin": account.billing_account,
        "OwnerUin": account.billing_account,
        "OperateUin": account.billing_account,
        "Tags": tags(account, i, "TagKey", "TagValue"),
        "BusinessCode": code,
        "ProductCode": sub_code,
    })
}

/// `base` with the fields of `more` added.
fn merged(mut base: Value, more: Value) -> Value {
    if let (Some(b), Value::Object(m)) = (base.as_object_mut(), more) {
        b.extend(m);
    }
    base
}

#[allow(clippy::too_many_arguments)]
fn component(
    kind: &str,
    item: &str,
    price_unit: &str,
    used: u32,
    used_unit: &str,
    span: &str,
    span_unit: &str,
    cents: i64,
) -> Value {
    let cost = cents_text(cents);
    // The unit price shown to six places; the cost is the stated figure.
    let per: i64 = used.max(1) as i64 * span.parse::<i64>().unwrap_or(1);
    let micro = cents * 10_000 / per;
    let single = format!(
        "{}{}.{:06}",
        if micro < 0 { "-" } else { "" },
        micro.abs() / 1_000_000,
        micro.abs() % 1_000_000
    );
    json!({
        "ComponentCodeName": kind,
        "ItemCodeName": item,
        "SinglePrice": single,
        "PriceUnit": price_unit,
        "UsedAmount": used.to_string(),
        "UsedAmountUnit": used_unit,
        "TimeSpan": span,
        "TimeUnitName": span_unit,
        "Cost": cost,
        "Discount": "1",
        "ReduceType": "折扣",
        "RealCost": cost,
        "VoucherPayAmount": "0",
        "CashPayAmount": cost,
        "IncentivePayAmount": "0",
        "TransferPayAmount": "0",
        "ItemCode": "",
        "ComponentCode": "",
        "ContractPrice": single,
        "InstanceType": "-",
        "RiTimeSpan": "0",
        "OriginalCostWithRI": cost,
        "SPDeductionRate": "0",
        "OriginalCostWithSP": cost,
        "BlendedDiscount": "1",
    })
}

pub fn resource_summary(body: &Value, account: &Account, page_size: usize) -> RawResponse {
    let (offset, limit) = match paging(body, SUMMARY_MAX, page_size) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let Some(month) = str_field(body, "Month") else {
        return error(
            "MissingParameter",
            "The request is missing a required parameter `Month`.",
        );
    };
    let days: Vec<NaiveDate> = account.days().filter(|d| month_of(*d) == month).collect();
    let rows: Vec<usize> = if days.is_empty() {
        vec![]
    } else {
        (0..account.resources.len()).collect()
    };
    let page: Vec<Value> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| summary(account, i, &days))
        .collect();
    let mut fields = json!({ "ResourceSummarySet": page });
    if body.get("NeedRecordNum").and_then(Value::as_u64) == Some(1) {
        fields["Total"] = json!(rows.len());
    }
    ok(fields)
}

fn summary(account: &Account, i: usize, days: &[NaiveDate]) -> Value {
    let r = &account.resources[i];
    let (_, region_num, _, _) = region_facts(region(&r.region));
    let cents: i64 = days.iter().map(|d| account.cents(i, *d)).sum();
    let total = cents_text(cents);
    let first = days.first().map(|d| day_text(*d)).unwrap_or_default();
    let last = days.last().map(|d| day_text(*d)).unwrap_or_default();
    merged(
        resource_fields(account, i),
        json!({
        "PayTime": format!("{last} 23:59:59"),
        "FeeBeginTime": format!("{first} 00:00:00"),
        "FeeEndTime": format!("{last} 23:59:59"),
        "ConfigDesc": r.instance_type,
        "ExtendField1": "", "ExtendField2": "", "ExtendField3": "", "ExtendField4": "", "ExtendField5": "",
        "TotalCost": total,
        "Discount": "1",
        "ReduceType": "折扣",
        "RealTotalCost": total,
        "VoucherPayAmount": "0",
        "CashPayAmount": total,
        "IncentivePayAmount": "0",
        "TransferPayAmount": "0",
        "RegionId": region_num.parse::<i64>().unwrap_or(0),
        "InstanceType": "-",
        "OriginalCostWithRI": total,
        "OriginalCostWithSP": total,
        }),
    )
}

pub fn account_balance(account: &Account) -> RawResponse {
    let uin: u64 = account.billing_account.parse().unwrap_or(0);
    // Balances in fen (hundredths of a yuan) as integers, as the API sends them.
    ok(json!({
        "Balance": 1_234_567,
        "Uin": uin,
        "RealBalance": 12345.67,
        "CashAccountBalance": 12345.67,
        "IncomeIntoAccountBalance": 0,
        "PresentAccountBalance": 0,
        "FreezeAmount": 0,
        "OweAmount": 0,
        "IsAllowArrears": false,
        "IsCreditLimited": false,
        "CreditAmount": 0,
        "CreditBalance": 0,
        "RealCreditBalance": 0,
    }))
}
