//! Resource Manager's answers: the Cost Management query (positional rows
//! with a `columns` list, daily or whole-period, `nextLink` pages carrying
//! a `$skiptoken`), Resource Graph (object arrays, `$skipToken` pages),
//! Azure Monitor's `Percentage CPU` of a virtual machine, the subscription
//! and the billing account. Each checks its `api-version` as ARM does.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::errors::arm;
use super::names::{location, resource_group, resource_id, service, subscription_id, vm_size};
use crate::{cents_text, Account, RawRequest, RawResponse, ResourceKind};

pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (d(k), d(v))
        })
        .collect()
}

fn ok(value: &Value) -> RawResponse {
    let mut r = RawResponse::json(200, value);
    r.headers
        .push(("x-ms-request-id".into(), super::names::request_id()));
    r
}

/// The one api-version each mocked operation accepts.
pub fn api_version_ok(req: &RawRequest, want: &str) -> Result<(), RawResponse> {
    let pairs = query_pairs(&req.query);
    match pairs.iter().find(|(k, _)| k == "api-version") {
        Some((_, v)) if v == want => Ok(()),
        Some((_, v)) => Err(arm(
            400,
            "InvalidApiVersionParameter",
            &format!("The api-version '{v}' is invalid. The supported versions are '{want}'."),
        )),
        None => Err(arm(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )),
    }
}

fn day_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// `POST {scope}/providers/Microsoft.CostManagement/query`.
pub fn query(req: &RawRequest, host: &str, account: &Account, page_size: usize) -> RawResponse {
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return arm(
            400,
            "BadRequest",
            "Invalid query definition: the body is not JSON.",
        );
    };
    if body["type"] != "ActualCost" && body["type"] != "AmortizedCost" && body["type"] != "Usage" {
        return arm(400, "BadRequest", "Invalid query definition: type.");
    }
    let (Some(from), Some(to)) = (
        body["timePeriod"]["from"].as_str().and_then(day_of),
        body["timePeriod"]["to"].as_str().and_then(day_of),
    ) else {
        return arm(
            400,
            "BadRequest",
            "Invalid query definition: timePeriod requires from and to.",
        );
    };
    let daily = match body["dataset"]["granularity"].as_str() {
        Some("Daily") => true,
        Some("None") | None => false,
        Some(_) => return arm(400, "BadRequest", "Invalid query definition: granularity."),
    };
    let grouping: Vec<&str> = body["dataset"]["grouping"]
        .as_array()
        .map(|g| g.iter().filter_map(|d| d["name"].as_str()).collect())
        .unwrap_or_default();
    if grouping.len() > 2
        || grouping
            .iter()
            .any(|g| !matches!(*g, "ServiceName" | "ResourceGroupName"))
    {
        return arm(400, "BadRequest", "Invalid query definition: up to 2 groupings by ServiceName or ResourceGroupName are mocked.");
    }
    // (day, grouping values) → cents, in a stable order.
    let mut sums: BTreeMap<(String, Vec<String>), i64> = BTreeMap::new();
    for day in account.days().filter(|d| *d >= from && *d <= to) {
        for item in account.items_on(day) {
            let r = &account.resources[item.resource];
            let values = grouping
                .iter()
                .map(|g| match *g {
                    "ServiceName" => service(r.kind).2.to_string(),
                    _ => resource_group(r),
                })
                .collect();
            let d = if daily {
                day.format("%Y%m%d").to_string()
            } else {
                String::new()
            };
            *sums.entry((d, values)).or_default() += item.cents;
        }
    }
    let pairs = query_pairs(&req.query);
    let skip = pairs
        .iter()
        .find(|(k, _)| k == "$skiptoken")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let all: Vec<_> = sums.into_iter().collect();
    let end = all.len().min(skip + page_size.max(1));
    let mut columns = vec![json!({"name": "Cost", "type": "Number"})];
    if daily {
        columns.push(json!({"name": "UsageDate", "type": "Number"}));
    }
    for g in &grouping {
        columns.push(json!({"name": g, "type": "String"}));
    }
    columns.push(json!({"name": "Currency", "type": "String"}));
    // Rows are written by hand so amounts are exact JSON numbers.
    let rows: Vec<String> = all
        .get(skip..end)
        .unwrap_or_default()
        .iter()
        .map(|((d, values), cents)| {
            let mut cells = vec![cents_text(*cents)];
            if daily {
                cells.push(d.clone());
            }
            cells.extend(values.iter().map(|v| Value::String(v.clone()).to_string()));
            cells.push(Value::String(account.currency.clone()).to_string());
            format!("[{}]", cells.join(","))
        })
        .collect();
    let next = if end < all.len() {
        let path = req.path.clone();
        Value::String(format!(
            "https://{host}{path}?api-version=2023-03-01&$skiptoken={end}"
        ))
        .to_string()
    } else {
        "null".to_string()
    };
    let text = format!(
        "{{\"id\":\"{}/providers/Microsoft.CostManagement/query/{}\",\"name\":\"{}\",\"type\":\"Microsoft.CostManagement/query\",\"location\":null,\"sku\":null,\"eTag\":null,\"properties\":{{\"nextLink\":{next},\"columns\":{},\"rows\":[{}]}}}}",
        req.path.trim_end_matches("/providers/Microsoft.CostManagement/query"),
        super::names::request_id(),
        super::names::request_id(),
        Value::Array(columns),
        rows.join(","),
    );
    RawResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-ms-request-id".into(), super::names::request_id()),
            (
                "x-ms-ratelimit-microsoft.costmanagement-qpu-consumed".into(),
                "1".into(),
            ),
            (
                "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining".into(),
                "QueryResource=11".into(),
            ),
        ],
        body: text.into_bytes(),
    }
}

/// `POST /providers/Microsoft.ResourceGraph/resources`.
pub fn resource_graph(req: &RawRequest, account: &Account, page_size: usize) -> RawResponse {
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return arm(400, "BadRequest", "Please provide a valid query.");
    };
    let q = body["query"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let kind = if q.contains("'microsoft.compute/virtualmachines'") {
        ResourceKind::Instance
    } else if q.contains("'microsoft.compute/disks'") {
        ResourceKind::Disk
    } else if q.contains("'microsoft.network/publicipaddresses'") {
        ResourceKind::Ip
    } else {
        return arm(
            400,
            "BadRequest",
            "Only virtual machine, disk and public IP queries are mocked.",
        );
    };
    let sub = subscription_id(account);
    if let Some(subs) = body["subscriptions"].as_array() {
        if !subs.iter().any(|s| s.as_str() == Some(sub.as_str())) {
            return ok(
                &json!({"totalRecords": 0, "count": 0, "resultTruncated": "false", "facets": [], "data": []}),
            );
        }
    }
    let top = body["options"]["$top"].as_u64().unwrap_or(100).min(1000) as usize;
    let skip = match body["options"]["$skipToken"].as_str() {
        None => 0,
        Some(t) => match t.strip_prefix("ew0K").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => n,
            None => return arm(400, "BadRequest", "The skip token is invalid."),
        },
    };
    let all: Vec<(usize, &crate::MockResource)> = account
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind)
        .collect();
    let end = all.len().min(skip + top.min(page_size.max(1)));
    let data: Vec<Value> = all
        .get(skip..end)
        .unwrap_or_default()
        .iter()
        .map(|(i, r)| object(account, *i, r))
        .collect();
    let mut answer = json!({
        "totalRecords": all.len(),
        "count": data.len(),
        "resultTruncated": "false",
        "facets": [],
        "data": data,
    });
    if end < all.len() {
        answer["$skipToken"] = Value::String(format!("ew0K{end}"));
    }
    ok(&answer)
}

fn created(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S.0000000Z").to_string())
        .unwrap_or_default()
}

/// A resource as Resource Graph projects it (ids in ARM's mixed case).
fn object(account: &Account, index: usize, r: &crate::MockResource) -> Value {
    let id = resource_id(account, r)
        .replace("/resourcegroups/", "/resourceGroups/")
        .replace(
            "microsoft.compute/virtualmachines",
            "Microsoft.Compute/virtualMachines",
        )
        .replace("microsoft.compute/disks", "Microsoft.Compute/disks")
        .replace(
            "microsoft.network/publicipaddresses",
            "Microsoft.Network/publicIPAddresses",
        );
    let tags: serde_json::Map<String, Value> = r
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let running = r.state == "Running";
    let attached_to = account
        .attached_to(index)
        .and_then(|vm| account.resources.iter().find(|x| x.id == vm))
        .map(|vm| resource_id(account, vm));
    let (kind, properties, sku, managed_by) = match r.kind {
        ResourceKind::Instance => (
            "microsoft.compute/virtualmachines",
            json!({"vmId": r.id, "hardwareProfile": {"vmSize": vm_size(&r.instance_type)},
                   "provisioningState": "Succeeded", "timeCreated": created(r.created_at),
                   "extended": {"instanceView": {"powerState": {"code": if running { "PowerState/running" } else { "PowerState/deallocated" },
                     "level": "Info", "displayStatus": if running { "VM running" } else { "VM deallocated" }}}}}),
            Value::Null,
            Value::Null,
        ),
        ResourceKind::Disk => (
            "microsoft.compute/disks",
            json!({"diskSizeGB": r.size_gib, "diskState": if attached_to.is_some() { "Attached" } else { "Unattached" },
                   "provisioningState": "Succeeded", "timeCreated": created(r.created_at)}),
            json!({"name": "Premium_LRS", "tier": "Premium"}),
            attached_to.clone().map_or(Value::Null, Value::String),
        ),
        ResourceKind::Ip => {
            let mut p = json!({"ipAddress": format!("20.0.{}.{}", index / 250, index % 250 + 1),
                   "publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4", "provisioningState": "Succeeded"});
            if let Some(vm) = &attached_to {
                p["ipConfiguration"] =
                    json!({"id": format!("{vm}-nic/ipConfigurations/ipconfig1")});
            }
            (
                "microsoft.network/publicipaddresses",
                p,
                json!({"name": "Standard", "tier": "Regional"}),
                Value::Null,
            )
        }
    };
    let mut o = json!({"id": id, "name": r.name, "type": kind, "location": location(&r.region),
        "tags": tags, "properties": properties, "sku": sku});
    if r.kind == ResourceKind::Disk {
        o["managedBy"] = managed_by;
    }
    o
}

/// The daily average CPU percent the mock reports for instance `index` on
/// day `ordinal`: planted ones as planted, the others 15% to 75%.
pub fn cpu_percent(account: &Account, index: usize, ordinal: i64) -> f64 {
    let i = index as i64;
    account
        .planted_cpu(index, ordinal)
        .unwrap_or_else(|| (150 + (i * 29 + ordinal * 13).rem_euclid(600)) as f64 / 10.0)
}

/// `GET {vm}/providers/Microsoft.Insights/metrics`.
pub fn metrics(req: &RawRequest, account: &Account) -> RawResponse {
    let pairs = query_pairs(&req.query);
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if field("metricnames") != Some("Percentage CPU") {
        return arm(400, "BadRequest", "Failed to find metric configuration for provider: Microsoft.Compute, resource Type: virtualMachines. Only Percentage CPU is mocked.");
    }
    let span = field("timespan").unwrap_or_default();
    let (Some(from), Some(to)) = span
        .split_once('/')
        .map_or((None, None), |(a, b)| (day_of(a), day_of(b)))
    else {
        return arm(400, "BadRequest", "Detected invalid timespan.");
    };
    let vm = req.path.to_ascii_lowercase();
    let vm = vm.trim_end_matches("/providers/microsoft.insights/metrics");
    let Some((index, r)) = account
        .resources
        .iter()
        .enumerate()
        .find(|(_, r)| r.kind == ResourceKind::Instance && resource_id(account, r) == vm)
    else {
        return arm(404, "ResourceNotFound", "The Resource was not found.");
    };
    let mut data = Vec::new();
    let mut d = from;
    while d < to {
        let at = format!("{}T00:00:00Z", d.format("%Y-%m-%d"));
        let ordinal = (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days();
        if r.state == "Running" {
            data.push(json!({"timeStamp": at, "average": cpu_percent(account, index, ordinal)}));
        } else {
            data.push(json!({"timeStamp": at}));
        }
        d = d.succ_opt().unwrap_or(to);
    }
    ok(&json!({
        "cost": 0, "timespan": span, "interval": "P1D",
        "value": [{"id": format!("{}/providers/Microsoft.Insights/metrics/Percentage CPU", req.path.trim_end_matches("/providers/Microsoft.Insights/metrics")),
            "type": "Microsoft.Insights/metrics",
            "name": {"value": "Percentage CPU", "localizedValue": "Percentage CPU"},
            "displayDescription": "The percentage of allocated compute units that are currently in use by the Virtual Machine(s)",
            "unit": "Percent", "timeseries": [{"metadatavalues": [], "data": data}], "errorCode": "Success"}],
        "namespace": "Microsoft.Compute/virtualMachines", "resourceregion": location(&r.region)
    }))
}

pub fn subscription(account: &Account, tenant: &str) -> Value {
    let sub = subscription_id(account);
    json!({"id": format!("/subscriptions/{sub}"), "authorizationSource": "RoleBased", "managedByTenants": [],
        "subscriptionId": sub, "tenantId": tenant, "displayName": "CloudLens Production", "state": "Enabled",
        "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "EnterpriseAgreement_2014-09-01", "spendingLimit": "Off"}})
}

pub fn get_subscription(account: &Account, tenant: &str, id: &str) -> RawResponse {
    if id != subscription_id(account) {
        return arm(
            404,
            "SubscriptionNotFound",
            &format!("The subscription '{id}' could not be found."),
        );
    }
    ok(&subscription(account, tenant))
}

pub fn list_subscriptions(account: &Account, tenant: &str) -> RawResponse {
    ok(&json!({"value": [subscription(account, tenant)], "count": {"type": "Total", "value": 1}}))
}

pub fn billing_account(account: &Account, id: &str) -> RawResponse {
    if id != account.billing_account {
        return arm(
            404,
            "NotFound",
            &format!("Billing account '{id}' not found."),
        );
    }
    ok(
        &json!({"id": format!("/providers/Microsoft.Billing/billingAccounts/{id}"), "name": id,
        "type": "Microsoft.Billing/billingAccounts",
        "properties": {"accountStatus": "Active", "accountType": "Enterprise", "agreementType": "EnterpriseAgreement",
            "displayName": account.name, "hasReadAccess": true}}),
    )
}

/// The month's total in hundredths, for tests.
pub fn month_cents(account: &Account, month: &str) -> String {
    cents_text(account.month_cents(month))
}
