//! BSS v2: resource details (`ListCustomerselfResourceRecordDetails`,
//! `MonthlyBillRes`, by cycle or by day) and fee records
//! (`ListCustomerBillsFeeRecords`, `MonthlyBillRecord`), rendered from the
//! account in Huawei's own words (service and resource type codes, specs,
//! tags), amounts as JSON numbers with the provider's digits.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use serde_json::{json, Number, Value};

use super::errors::{bss_body, bss_invalid, gateway_error, reply};
use super::inventory::{flavor_of, region_name, region_of};
use super::{page, param, query_pairs, HuaweiMock};
use crate::periods::month_of;
use crate::{Account, BillItem, MockResource, RawRequest, RawResponse, ResourceKind};

impl HuaweiMock {
    pub(super) fn res_records(
        &self,
        req: &RawRequest,
        account: &Account,
        ps: usize,
        id: &str,
    ) -> RawResponse {
        let invalid = |what: &str| bss_invalid(what, id);
        let body = match bss_body(req, id) {
            Ok(b) => b,
            Err(refusal) => return refusal,
        };
        let Some(cycle) = body
            .get("cycle")
            .and_then(Value::as_str)
            .filter(|c| valid_cycle(c))
        else {
            return invalid("cycle");
        };
        let int = |k: &str, default: i64| body.get(k).map_or(Some(default), Value::as_i64);
        let (Some(offset), Some(limit), Some(statistic)) =
            (int("offset", 0), int("limit", 10), int("statistic_type", 1))
        else {
            return invalid("offset, limit or statistic_type");
        };
        if offset < 0 || !(1..=1000).contains(&limit) || !(1..=3).contains(&statistic) {
            return invalid("offset, limit or statistic_type");
        }
        let daily = match body.get("query_type").and_then(Value::as_str) {
            None | Some("BILLCYCLE") => None,
            Some("DAILY") if statistic != 1 => {
                match (
                    day(body.get("bill_cycle_begin")),
                    day(body.get("bill_cycle_end")),
                ) {
                    (Some(b), Some(e)) => Some((b, e)),
                    _ => return invalid("bill_cycle_begin and bill_cycle_end"),
                }
            }
            Some(_) => return invalid("query_type"),
        };
        let english = req.header("x-language") == Some("en_US");
        let (rows, total): (Vec<(usize, Option<NaiveDate>, i64)>, usize) = if statistic == 1 {
            // By cycle: one record per resource.
            let mut sums = vec![0i64; account.resources.len()];
            for it in items(account, cycle, None) {
                sums[it.resource] += it.cents;
            }
            let rows: Vec<_> = sums
                .into_iter()
                .enumerate()
                .map(|(r, c)| (r, None, c))
                .collect();
            let total = rows.len();
            (page(&rows, offset as usize, limit as usize, ps), total)
        } else {
            let days = days(account, cycle, daily);
            let take = (limit as usize).min(ps.max(1));
            let (items, total) = account.items_page(&days, offset as usize, take);
            let rows = items
                .into_iter()
                .map(|it| (it.resource, Some(it.day), it.cents))
                .collect();
            (rows, total)
        };
        let records: Vec<Value> = rows
            .into_iter()
            .map(|(r, d, c)| res_record(account, r, cycle, d, c, english))
            .collect();
        reply(
            200,
            &json!({ "monthly_records": records, "total_count": total, "currency": account.currency }),
            id,
        )
    }

    pub(super) fn fee_records(
        &self,
        req: &RawRequest,
        account: &Account,
        ps: usize,
        id: &str,
    ) -> RawResponse {
        let q = query_pairs(&req.query);
        let (cycle, offset, limit) = match cycle_page(&q, id) {
            Ok(p) => p,
            Err(refused) => return refused,
        };
        let days = days(account, cycle, None);
        let (items, total) = account.items_page(&days, offset, limit.min(ps.max(1)));
        let records: Vec<Value> = items
            .into_iter()
            .map(|it| fee_record(account, it))
            .collect();
        reply(
            200,
            &json!({ "total_count": total, "records": records, "currency": account.currency }),
            id,
        )
    }

    /// `ShowCustomerMonthlySum`: the cycle's consumption summed whole at the
    /// top of the answer, and per service type in `bill_sums` (paged).
    pub(super) fn monthly_sum(&self, req: &RawRequest, account: &Account, id: &str) -> RawResponse {
        let q = query_pairs(&req.query);
        let (cycle, offset, limit) = match cycle_page(&q, id) {
            Ok(p) => p,
            Err(refused) => return refused,
        };
        let mut by_service: BTreeMap<&'static str, i64> = BTreeMap::new();
        for it in items(account, cycle, None) {
            let kind = account.resources[it.resource].kind;
            *by_service
                .entry(product(kind, false).service_code)
                .or_default() += it.cents;
        }
        let total: i64 = by_service.values().sum();
        let sums: Vec<Value> = by_service
            .iter()
            .skip(offset)
            .take(limit)
            .map(|(code, cents)| {
                json!({
                    "bill_cycle": cycle,
                    "service_type_code": code,
                    "charging_mode": 3,
                    "consume_amount": num(&fixed(*cents, 2)),
                    "cash_amount": num(&fixed(*cents, 2)),
                })
            })
            .collect();
        let due = fixed(total, 2);
        reply(
            200,
            &json!({
                "total_count": by_service.len(),
                "bill_sums": sums,
                "consume_amount": num(&due),
                "debt_amount": num("0"),
                "coupon_amount": num("0"),
                "cash_amount": num(&due),
                "credit_amount": num("0"),
                "measure_id": 1,
                "currency": account.currency,
            }),
            id,
        )
    }
}

/// The `bill_cycle`, `offset` (from 0) and `limit` (1 to 1000, default 10)
/// of a GET on the customer bills, or the gateway's refusal.
fn cycle_page<'a>(
    q: &'a [(String, String)],
    id: &str,
) -> Result<(&'a str, usize, usize), RawResponse> {
    let Some(cycle) = param(q, "bill_cycle").filter(|c| valid_cycle(c)) else {
        return Err(gateway_error(
            400,
            "CBC.0100",
            "Invalid parameter: bill_cycle.",
            id,
        ));
    };
    let offset = param(q, "offset").map_or(Ok(0), str::parse::<usize>);
    let limit = param(q, "limit").map_or(Ok(10), str::parse::<usize>);
    let (Ok(offset), Ok(limit)) = (offset, limit) else {
        return Err(gateway_error(
            400,
            "CBC.0100",
            "Invalid parameter: offset or limit.",
            id,
        ));
    };
    if !(1..=1000).contains(&limit) {
        return Err(gateway_error(
            400,
            "CBC.0100",
            "Invalid parameter: limit.",
            id,
        ));
    }
    Ok((cycle, offset, limit))
}

fn valid_cycle(cycle: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{cycle}-01"), "%Y-%m-%d").is_ok() && cycle.len() == 7
}

fn day(v: Option<&Value>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v?.as_str()?, "%Y-%m-%d").ok()
}

/// A JSON number from exact decimal text. serde_json holds it as an `f64`
/// and writes the shortest text that reads back as the same `f64`, which
/// is this text again for amounts of up to 15 significant digits.
fn num(text: &str) -> Value {
    text.parse::<Number>().map_or(Value::Null, Value::Number)
}

/// `units` in 10^-`places` as decimal text.
fn fixed(units: i64, places: u32) -> String {
    let scale = 10i64.pow(places);
    let sign = if units < 0 { "-" } else { "" };
    let u = units.abs();
    format!(
        "{sign}{}.{:0width$}",
        u / scale,
        u % scale,
        width = places as usize
    )
}

pub fn days(
    account: &Account,
    cycle: &str,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Vec<NaiveDate> {
    account
        .days()
        .filter(|d| month_of(*d) == cycle)
        .filter(|d| range.is_none_or(|(b, e)| *d >= b && *d <= e))
        .collect()
}

/// The bill items of a cycle (see [`days`]), day by day in resource order.
pub fn items<'a>(
    account: &'a Account,
    cycle: &'a str,
    range: Option<(NaiveDate, NaiveDate)>,
) -> impl Iterator<Item = BillItem> + 'a {
    days(account, cycle, range)
        .into_iter()
        .flat_map(move |d| account.items_on(d))
}

/// One `MonthlyBillRes`; `day` is `None` for a whole-cycle record.
pub fn res_record(
    account: &Account,
    resource: usize,
    cycle: &str,
    day: Option<NaiveDate>,
    cents: i64,
    english: bool,
) -> Value {
    let r = &account.resources[resource];
    let p = product(r.kind, english);
    let region = region_of(&r.region);
    let (spec, sku) = spec(r);
    // List price 15% above the amount due, in ten-thousandths.
    let official = cents * 115;
    let discount = official - cents * 100;
    let due = fixed(cents, 2);
    let trade = format!(
        "{}{:06}",
        cycle.replace('-', ""),
        resource * 100 + day.map_or(0, |d| d.day() as usize)
    );
    json!({
        "cycle": cycle,
        "bill_date": day.map(|d| d.format("%Y-%m-%d").to_string()),
        "bill_type": 5,
        "customer_id": account.billing_account,
        "region": region,
        "region_name": region_name(region, english),
        "cloud_service_type": p.service_code,
        "resource_Type_code": p.resource_code,
        "cloud_service_type_name": p.service_name,
        "resource_type_name": p.resource_name,
        "res_instance_id": r.id,
        "resource_name": r.name,
        "resource_tag": tag_text(&r.tags),
        "sku_code": sku,
        "enterprise_project_id": "0",
        "enterprise_project_name": "default",
        "charge_mode": 3,
        "consume_amount": num(&due),
        "cash_amount": num(&due),
        "credit_amount": num("0"),
        "coupon_amount": num("0"),
        "flexipurchase_coupon_amount": num("0"),
        "stored_card_amount": num("0"),
        "bonus_amount": num("0"),
        "debt_amount": num("0"),
        "adjustment_amount": num("0"),
        "official_amount": num(&fixed(official, 4)),
        "discount_amount": num(&fixed(discount, 4)),
        "measure_id": 1,
        "period_type": 25,
        "root_resource_id": r.id,
        "parent_resource_id": r.id,
        "trade_id": format!("CS{trade}"),
        "id": format!("{trade}{resource:04}"),
        "product_spec_desc": spec,
        "az_code_infos": [{ "az_code": format!("{region}a") }],
        "payer_account_id": account.billing_account,
        "effective_time": null,
        "expire_time": null,
        "consume_time": null,
        "be_id": "10",
    })
}

/// One `MonthlyBillRecord` (fee record) of a day's deduction.
pub fn fee_record(account: &Account, item: BillItem) -> Value {
    let r = &account.resources[item.resource];
    let p = product(r.kind, false);
    let region = region_of(&r.region);
    let at = item
        .day
        .and_hms_opt(23, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        - 8 * 3600;
    let when = Utc
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let due = fixed(item.cents, 2);
    json!({
        "bill_cycle": month_of(item.day),
        "customer_id": account.billing_account,
        "service_type_code": p.service_code,
        "resource_type_code": p.resource_code,
        "region_code": region,
        "region_name": region_name(region, false),
        "enterprise_project_id": "0",
        "enterprise_project_name": "default",
        "charging_mode": 3,
        "consume_time": when,
        "trade_time": when,
        "provider_type": 1,
        "trade_id": format!("CS{}{:06}", item.day.format("%Y%m%d"), item.resource),
        "id": format!("{}{:06}", item.day.format("%Y%m%d"), item.resource),
        "bill_type": 5,
        "status": 1,
        "official_amount": num(&fixed(item.cents * 115, 4)),
        "official_discount_amount": num(&fixed(item.cents * 15, 4)),
        "erase_amount": num("0"),
        "consume_amount": num(&due),
        "cash_amount": num(&due),
        "credit_amount": num("0"),
        "coupon_amount": num("0"),
        "flexipurchase_coupon_amount": num("0"),
        "stored_value_card_amount": num("0"),
        "bonus_amount": num("0"),
        "debt_amount": num("0"),
        "writeoff_amount": num("0"),
    })
}

pub struct Product {
    pub service_code: &'static str,
    pub resource_code: &'static str,
    pub service_name: &'static str,
    pub resource_name: &'static str,
}

pub fn product(kind: ResourceKind, english: bool) -> Product {
    let (service_code, resource_code, zh, en) = match kind {
        ResourceKind::Instance => (
            "hws.service.type.ec2",
            "hws.resource.type.vm",
            ("弹性云服务器", "云主机"),
            ("Elastic Cloud Server", "ECS"),
        ),
        ResourceKind::Disk => (
            "hws.service.type.ebs",
            "hws.resource.type.volume",
            ("云硬盘", "云硬盘"),
            ("Elastic Volume Service", "EVS Disk"),
        ),
        ResourceKind::Ip => (
            "hws.service.type.vpc",
            "hws.resource.type.ip",
            ("虚拟私有云", "弹性公网IP"),
            ("Virtual Private Cloud", "Elastic IP"),
        ),
    };
    let (service_name, resource_name) = if english { en } else { zh };
    Product {
        service_code,
        resource_code,
        service_name,
        resource_name,
    }
}

/// What the bill says the resource is (`product_spec_desc`, `sku_code`).
pub fn spec(r: &MockResource) -> (String, String) {
    match r.kind {
        ResourceKind::Instance => {
            let f = flavor_of(&r.instance_type);
            (format!("{f} | Linux"), format!("{f}.linux"))
        }
        ResourceKind::Disk => (format!("通用型SSD | {}GB", r.size_gib), "GPSSD".to_string()),
        ResourceKind::Ip => ("全动态BGP | 按流量计费".to_string(), "5_bgp".to_string()),
    }
}

/// Resource tags as the bills write them: `k=v;k2=v2`.
pub fn tag_text(tags: &[(String, String)]) -> String {
    tags.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}
