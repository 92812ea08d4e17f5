//! CVM instances, CBS disks and EIPs as `Resource`s. The three APIs page
//! the same way (`Offset`/`Limit`, max 100, `TotalCount`) but name their
//! sets, states, sizes, tags and creation times differently.

use chrono::DateTime;
use serde_json::Value;

use super::bill::china_time;
use super::reply::{bad, list, text};
use crate::{InventoryKind, ProviderError, Resource};

pub(super) struct Api {
    pub action: &'static str,
    set: &'static str,
}

pub(super) fn api(kind: InventoryKind) -> Api {
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
pub(super) fn resources(
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
            },
        };
        out.push(r);
    }
    let total = resp.get("TotalCount").and_then(Value::as_u64);
    Ok((out, total))
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
