//! BssOpenApi 2017-12-14: `DescribeInstanceBill` (items directly under
//! `Data.Items`, paged by `NextToken`) and `QueryBillOverview` (per-product
//! totals under `Data.Items.Item`), rendered from the account.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Map, Value};

use super::errors::{bad_param, ok_body};
use super::{amount, region_name, tag_text, Params, Reply, ResourceKind};
use crate::{Account, MockResource};

/// How the bill names each kind of resource: product code, name (China
/// site wording), product type, commodity code, usage unit.
pub(super) fn product(
    kind: ResourceKind,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match kind {
        ResourceKind::Instance => ("ecs", "云服务器 ECS", "ecs", "ecs", "小时"),
        ResourceKind::Disk => ("yundisk", "块存储", "yundisk", "yundisk_dp", "GB*小时"),
        ResourceKind::Ip => ("eip", "弹性公网IP", "eip", "eip_pay_as_you_go", "小时"),
    }
}

/// The month (`YYYY-MM`) a billing cycle parameter names.
fn cycle(p: &Params) -> Result<(String, NaiveDate), Reply> {
    let c = p.get("BillingCycle").ok_or_else(|| {
        bad_param(
            "MissingBillingCycle",
            "BillingCycle is mandatory for this action.",
        )
    })?;
    let first = NaiveDate::parse_from_str(&format!("{c}-01"), "%Y-%m-%d").map_err(|_| {
        bad_param(
            "InvalidParameter.BillingCycle",
            "The specified BillingCycle is invalid.",
        )
    })?;
    Ok((c.clone(), first))
}

/// A discount of a tenth off the list price, in cents (so list, discount
/// and payable amounts are all consistent to the cent).
pub(super) fn discount_cents(cents: i64) -> i64 {
    cents / 10
}

/// One bill item: a resource's charge on a day (`Some`) or over the month.
fn item(account: &Account, r: &MockResource, day: Option<NaiveDate>, cents: i64) -> Value {
    let unit = product(r.kind).4;
    let hours = match day {
        Some(_) => 24,
        None => 24 * 30,
    };
    let (spec, usage) = match r.kind {
        ResourceKind::Instance => (format!("ecs.{}", r.instance_type), hours.to_string()),
        ResourceKind::Disk => (
            r.instance_type.clone(),
            (hours * r.size_gib as i64).to_string(),
        ),
        ResourceKind::Ip => (String::new(), hours.to_string()),
    };
    let mut v = charge(account, r.kind, cents, discount_cents(cents));
    let own = json!({
        "InstanceID": r.id,
        "NickName": r.name,
        "InstanceSpec": spec,
        "InstanceConfig": "",
        "InternetIP": "",
        "IntranetIP": "",
        "ResourceGroup": "默认资源组",
        "CostUnit": "未分配",
        "Tag": tag_text(&r.tags),
        "Region": region_name(&r.region),
        "Zone": format!("{}-h", r.region),
        "ListPriceUnit": format!("元/{unit}"),
        "Usage": usage,
        "UsageUnit": unit,
        "DeductedByResourcePackage": "0",
    });
    if let Value::Object(o) = own {
        v.extend(o);
    }
    if let Some(d) = day {
        v.insert(
            "BillingDate".into(),
            json!(d.format("%Y-%m-%d").to_string()),
        );
    }
    Value::Object(v)
}

/// The fields a bill item and a product's overview share: what was
/// charged, to whom, and how it was paid (all cash here).
fn charge(account: &Account, kind: ResourceKind, cents: i64, discount: i64) -> Map<String, Value> {
    let (code, name, ptype, commodity, _) = product(kind);
    let v = json!({
        "BillAccountID": account.billing_account,
        "BillAccountName": account.name,
        "OwnerID": account.billing_account,
        "ProductCode": code,
        "ProductName": name,
        "ProductType": ptype,
        "ProductDetail": name,
        "CommodityCode": commodity,
        "PipCode": code,
        "SubscriptionType": "PayAsYouGo",
        "Item": "PayAsYouGoBill",
        "BizType": "normal",
        "Currency": account.currency,
        "PretaxGrossAmount": amount(cents + discount),
        "InvoiceDiscount": amount(discount),
        "PretaxAmount": amount(cents),
        "PaymentAmount": amount(cents),
        "CashAmount": amount(cents),
        "DeductedByCoupons": amount(0),
        "DeductedByCashCoupons": amount(0),
        "DeductedByPrepaidCard": amount(0),
        "OutstandingAmount": amount(0),
        "AdjustAmount": amount(0),
    });
    match v {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

/// `NextToken` is the offset of the next item, opaque to the client.
fn token(offset: usize) -> String {
    format!("CAESBAgB{offset:08x}")
}

fn offset(token: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix("CAESBAgB")?, 16).ok()
}

pub(super) fn describe_instance_bill(p: &Params, account: &Account, page_size: usize) -> Reply {
    let (month, first) = match cycle(p) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let daily = match p.get("Granularity").map(String::as_str) {
        None | Some("MONTHLY") => false,
        Some("DAILY") => true,
        Some(_) => {
            return bad_param(
                "InvalidParameter.Granularity",
                "Granularity must be MONTHLY or DAILY.",
            )
        }
    };
    let max = match p.get("MaxResults").map(|m| m.parse::<usize>()) {
        None => 20,
        Some(Ok(m)) if (1..=300).contains(&m) => m,
        Some(_) => {
            return bad_param(
                "InvalidParameter.MaxResults",
                "MaxResults must be between 1 and 300.",
            )
        }
    };
    let start = match p.get("NextToken").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => match offset(t) {
            Some(o) => o,
            None => {
                return bad_param(
                    "InvalidParameter.NextToken",
                    "The specified NextToken is invalid.",
                )
            }
        },
    };
    // The page's items of the request (a stable order), as (resource, day,
    // cents), and how many the request has in all.
    let take = max.min(page_size.max(1));
    let (rows, total): (Vec<(usize, Option<NaiveDate>, i64)>, usize) = if daily {
        let Some(day) = p
            .get("BillingDate")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return bad_param(
                "InvalidParameter.BillingDate",
                "BillingDate is required for DAILY granularity.",
            );
        };
        if (day.year(), day.month()) != (first.year(), first.month()) {
            return bad_param(
                "InvalidParameter.BillingDate",
                "BillingDate is not in BillingCycle.",
            );
        }
        let days: Vec<NaiveDate> = account.days().filter(|d| *d == day).collect();
        let (items, total) = account.items_page(&days, start, take);
        let rows = items
            .into_iter()
            .map(|i| (i.resource, Some(day), i.cents))
            .collect();
        (rows, total)
    } else {
        let mut per: BTreeMap<usize, i64> = BTreeMap::new();
        for i in account.items_in_month(&month) {
            *per.entry(i.resource).or_default() += i.cents;
        }
        let all: Vec<_> = per.into_iter().map(|(r, c)| (r, None, c)).collect();
        let end = (start + take).min(all.len());
        (all.get(start..end).unwrap_or_default().to_vec(), all.len())
    };
    let end = start + rows.len();
    let items: Vec<Value> = rows
        .iter()
        .filter_map(|(r, d, c)| {
            account
                .resources
                .get(*r)
                .map(|res| item(account, res, *d, *c))
        })
        .collect();
    let next = if end < total {
        token(end)
    } else {
        String::new()
    };
    success(
        account,
        &month,
        json!({
            "MaxResults": max,
            "NextToken": next,
            "TotalCount": total,
            "Items": items,
        }),
    )
}

pub(super) fn query_bill_overview(p: &Params, account: &Account) -> Reply {
    let (month, _) = match cycle(p) {
        Ok(c) => c,
        Err(e) => return e,
    };
    // Per product: the sum of exactly the items DescribeInstanceBill lists.
    let mut per: BTreeMap<&'static str, (ResourceKind, i64, i64)> = BTreeMap::new();
    for i in account.items_in_month(&month) {
        if let Some(r) = account.resources.get(i.resource) {
            let e = per.entry(product(r.kind).0).or_insert((r.kind, 0, 0));
            e.1 += i.cents;
            e.2 += discount_cents(i.cents);
        }
    }
    let items: Vec<Value> = per
        .values()
        // Each item's discount is rounded down to the cent, so a product's
        // figures are sums of its items', not a tenth of its total.
        .map(|(kind, cents, discount)| Value::Object(charge(account, *kind, *cents, *discount)))
        .collect();
    success(account, &month, json!({"Items": {"Item": items}}))
}

/// BssOpenApi's success envelope; `Data` names the account and the cycle,
/// then the action's own members.
fn success(account: &Account, month: &str, own: Value) -> Reply {
    let mut data = json!({
        "AccountID": account.billing_account,
        "AccountName": account.name,
        "BillingCycle": month,
    });
    if let (Value::Object(d), Value::Object(o)) = (&mut data, own) {
        d.extend(o);
    }
    ok_body(json!({
        "Code": "Success",
        "Message": "Successful!",
        "Success": true,
        "Data": data,
    }))
}
