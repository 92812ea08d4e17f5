//! CVM instances, CBS disks and EIPs as `Resource`s. The three APIs page
//! the same way (`Offset`/`Limit`, max 100, `TotalCount`) but name their
//! sets, states, sizes, tags and creation times differently.

use chrono::DateTime;
use serde_json::Value;

use chrono::NaiveDateTime;

use super::errors::{bad, list, request_id, text};
use super::{next_offset, parse_cursor, Client, INVENTORY_LIMIT};
use crate::{BillingMode, InventoryKind, InventoryPage, ProviderError, Resource, Terms};

impl Client {
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let action = "cvm:DescribeRegions";
        let r = self.call_raw(action, &[]).await?;
        let mut out = Vec::new();
        for (i, region) in list(action, &r, "RegionSet")?.iter().enumerate() {
            if text(region, "RegionState").is_some_and(|s| s != "AVAILABLE") {
                continue;
            }
            let id = text(region, "Region")
                .ok_or_else(|| bad(action, &format!("RegionSet[{i}].Region")))?;
            out.push(id.to_string());
        }
        Ok(out)
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let action = api(kind).action;
        let offset = parse_cursor(cursor)?;
        let o = offset.to_string();
        let limit = INVENTORY_LIMIT.to_string();
        let r = self
            .call_raw(
                action,
                &[("Region", region), ("Offset", &o), ("Limit", &limit)],
            )
            .await?;
        let (items, total) = resources(kind, region, &r)?;
        let next = next_offset(offset, items.len(), INVENTORY_LIMIT, total);
        Ok(InventoryPage {
            items,
            next,
            request_id: request_id(action, &r)?,
        })
    }
}

struct Api {
    action: &'static str,
    set: &'static str,
}

fn api(kind: InventoryKind) -> Api {
    match kind {
        InventoryKind::Instance => Api {
            action: "cvm:DescribeInstances",
            set: "InstanceSet",
        },
        InventoryKind::Disk => Api {
            action: "cbs:DescribeDisks",
            set: "DiskSet",
        },
        InventoryKind::Ip => Api {
            action: "vpc:DescribeAddresses",
            set: "AddressSet",
        },
    }
}

/// The page's resources and the `TotalCount` the API reports.
fn resources(
    kind: InventoryKind,
    region: &str,
    resp: &Value,
) -> Result<(Vec<Resource>, Option<u64>), ProviderError> {
    let api = api(kind);
    let items = list(api.action, resp, api.set)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let path = format!("{}[{i}]", api.set);
        let field = |key: &str| -> Result<&str, ProviderError> {
            text(v, key).ok_or_else(|| bad(api.action, &format!("{path}.{key}")))
        };
        let r = match kind {
            InventoryKind::Instance => Resource {
                kind,
                id: field("InstanceId")?.to_string(),
                name: text(v, "InstanceName").map(str::to_string),
                region: region.to_string(),
                state: field("InstanceState")?.to_string(),
                size: text(v, "InstanceType").map(str::to_string),
                tags: tags(api.action, v, "Tags", &path)?,
                created_at: text(v, "CreatedTime").and_then(instant),
                terms: charge_terms(v, "InstanceChargeType", "ExpiredTime", Terms::default()),
            },
            InventoryKind::Disk => Resource {
                kind,
                id: field("DiskId")?.to_string(),
                name: text(v, "DiskName").map(str::to_string),
                region: region.to_string(),
                state: field("DiskState")?.to_string(),
                size: v
                    .get("DiskSize")
                    .and_then(Value::as_u64)
                    .map(|g| g.to_string()),
                tags: tags(api.action, v, "Tags", &path)?,
                created_at: text(v, "CreateTime").and_then(instant),
                terms: charge_terms(
                    v,
                    "DiskChargeType",
                    "DeadlineTime",
                    Terms::attachment(text(v, "InstanceId").map(str::to_string)),
                ),
            },
            InventoryKind::Ip => Resource {
                kind,
                id: field("AddressId")?.to_string(),
                name: text(v, "AddressName").map(str::to_string),
                region: region.to_string(),
                state: field("AddressStatus")?.to_string(),
                size: v
                    .get("Bandwidth")
                    .and_then(Value::as_u64)
                    .map(|b| format!("{b} Mbps")),
                tags: tags(api.action, v, "TagSet", &path)?,
                created_at: text(v, "CreatedTime").and_then(instant),
                terms: Terms::attachment(text(v, "InstanceId").map(str::to_string)),
            },
        };
        out.push(r);
    }
    let total = resp.get("TotalCount").and_then(Value::as_u64);
    Ok((out, total))
}

/// `PREPAID` is a subscription (with its `ExpiredTime`/`DeadlineTime`
/// and `RenewFlag`: `NOTIFY_AND_AUTO_RENEW` renews by itself), the
/// `POSTPAID_*` modes pay-as-you-go.
fn charge_terms(v: &Value, charge: &str, expiry: &str, mut t: Terms) -> Terms {
    t.billing_mode = match text(v, charge) {
        Some("PREPAID") => Some(BillingMode::Subscription),
        Some(m) if m.starts_with("POSTPAID") => Some(BillingMode::PayAsYouGo),
        _ => None,
    };
    if t.billing_mode == Some(BillingMode::Subscription) {
        t.expires_at = text(v, expiry).and_then(instant);
        t.auto_renew = text(v, "RenewFlag").map(|f| f == "NOTIFY_AND_AUTO_RENEW");
    }
    t
}

/// `[{Key, Value}]` tag lists.
fn tags(
    action: &str,
    v: &Value,
    key: &str,
    path: &str,
) -> Result<Vec<(String, String)>, ProviderError> {
    let mut out = Vec::new();
    for (i, t) in list(action, v, key)?.iter().enumerate() {
        let k = text(t, "Key").ok_or_else(|| bad(action, &format!("{path}.{key}[{i}].Key")))?;
        let value = t.get("Value").and_then(Value::as_str).unwrap_or("");
        out.push((k.to_string(), value.to_string()));
    }
    Ok(out)
}

/// CVM and VPC write ISO 8601 in UTC (`2020-03-10T02:43:51Z`); CBS writes
/// Beijing time (`2020-03-10 10:43:51`).
fn instant(v: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.timestamp())
        .ok()
        .or_else(|| china_time(v))
}

/// `yyyy-mm-dd hh:ii:ss` in Beijing time (UTC+8), as Unix seconds.
fn china_time(v: &str) -> Option<i64> {
    NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc().timestamp() - 8 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepaid_resources_carry_expiry_and_renewal() {
        let v = serde_json::json!({"InstanceChargeType": "PREPAID", "ExpiredTime": "2025-07-01T16:00:00Z",
            "RenewFlag": "NOTIFY_AND_AUTO_RENEW"});
        let t = charge_terms(&v, "InstanceChargeType", "ExpiredTime", Terms::default());
        assert_eq!(t.billing_mode, Some(BillingMode::Subscription));
        assert_eq!(
            (t.expires_at, t.auto_renew),
            (Some(1_751_385_600), Some(true))
        );
        // CBS writes Beijing time.
        let v = serde_json::json!({"DiskChargeType": "PREPAID", "DeadlineTime": "2025-07-02 00:00:00",
            "RenewFlag": "NOTIFY_AND_MANUAL_RENEW"});
        let t = charge_terms(
            &v,
            "DiskChargeType",
            "DeadlineTime",
            Terms::attachment(None),
        );
        assert_eq!(
            (t.expires_at, t.auto_renew, t.attached),
            (Some(1_751_385_600), Some(false), Some(false))
        );
        let v = serde_json::json!({"InstanceChargeType": "POSTPAID_BY_HOUR", "ExpiredTime": null});
        let t = charge_terms(&v, "InstanceChargeType", "ExpiredTime", Terms::default());
        assert_eq!(
            (t.billing_mode, t.expires_at),
            (Some(BillingMode::PayAsYouGo), None)
        );
    }
}
