//! The account in the documented response shapes: BSS v2 resource details
//! (`MonthlyBillRes`) and fee records (`MonthlyBillRecord`), IAM projects,
//! ECS server details.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use serde_json::{json, Number, Value};
use sha2::{Digest, Sha256};

use super::names::{self, product, region_name};
use crate::{Account, BillItem};

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

pub fn project_id(region: &str) -> String {
    let d = Sha256::digest(format!("project:{region}").as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The regions the account uses, in Huawei's ids.
pub fn regions(account: &Account) -> Vec<&str> {
    account
        .regions
        .iter()
        .map(|r| names::region_of(r))
        .collect()
}

pub fn projects(account: &Account, name: Option<&str>) -> Value {
    let mut list: Vec<Value> = regions(account)
        .into_iter()
        .chain(["MOS"])
        .filter(|r| name.is_none_or(|n| n == *r))
        .map(|r| {
            let id = project_id(r);
            json!({
                "id": id,
                "name": r,
                "domain_id": account.billing_account,
                "parent_id": account.billing_account,
                "enabled": true,
                "is_domain": false,
                "description": "",
                "links": { "self": format!("https://iam.myhuaweicloud.com/v3/projects/{id}") },
            })
        })
        .collect();
    list.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    json!({
        "projects": list,
        "links": { "self": "https://iam.myhuaweicloud.com/v3/projects", "previous": null, "next": null },
    })
}

/// The billed days of a cycle, optionally from `begin` to `end` (inclusive).
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
    let region = names::region_of(&r.region);
    let (spec, sku) = names::spec(r);
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
        "resource_tag": names::tag_text(&r.tags),
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
    let region = names::region_of(&r.region);
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

pub fn server(account: &Account, resource: usize, project: &str) -> Value {
    let r = &account.resources[resource];
    let region = names::region_of(&r.region);
    let flavor = names::flavor_of(&r.instance_type);
    let created = Utc
        .timestamp_opt(r.created_at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let vpc = format!("vpc-{}", &project[..8]);
    let tags: Vec<String> = r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let status = names::status_of(&r.state);
    json!({
        "id": r.id,
        "name": r.name,
        "status": status,
        "created": created,
        "updated": created,
        "tenant_id": project,
        "user_id": format!("{:032x}", resource),
        "flavor": { "id": flavor, "name": flavor, "vcpus": "2", "ram": "8192", "disk": "0" },
        "addresses": { vpc.clone(): [{ "version": "4", "addr": format!("192.168.0.{}", resource % 250 + 2), "OS-EXT-IPS:type": "fixed" }] },
        "metadata": { "charging_mode": "0", "vpc_id": vpc, "metering.resourcespeccode": format!("{flavor}.linux"), "os_type": "Linux" },
        "tags": tags,
        "OS-EXT-AZ:availability_zone": format!("{region}a"),
        "OS-EXT-STS:vm_state": if status == "ACTIVE" { "active" } else { "stopped" },
        "OS-EXT-STS:power_state": if status == "ACTIVE" { 1 } else { 4 },
        "enterprise_project_id": "0",
        "locked": false,
    })
}
