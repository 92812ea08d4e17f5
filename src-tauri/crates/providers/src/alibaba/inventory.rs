//! ECS instances and disks, VPC elastic IPs: the documented response shapes
//! into [`Resource`]s.

use chrono::{DateTime, NaiveDateTime};
use serde_json::Value;

use super::errors::{member, request_id, scalar_text};
use super::{Client, INVENTORY_PAGE};
use crate::{BillingMode, ErrorKind, InventoryKind, InventoryPage, ProviderError, Resource, Terms};

impl Client {
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let body = self.call_raw("ECS:DescribeRegions", &[]).await?;
        let list = member(&body, "DescribeRegions", &["Regions", "Region"])?;
        let regions: Vec<String> = list
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.get("RegionId").and_then(scalar_text))
                    .collect()
            })
            .unwrap_or_default();
        if regions.is_empty() {
            return Err(ProviderError::new(
                crate::ErrorKind::BadResponse,
                "DescribeRegions answered without any Regions.Region[].RegionId",
            ));
        }
        Ok(regions)
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let mut params = vec![("RegionId", region)];
        let action = match kind {
            InventoryKind::Instance => "ECS:DescribeInstances",
            InventoryKind::Disk => "ECS:DescribeDisks",
            InventoryKind::Ip => "VPC:DescribeEipAddresses",
        };
        match kind {
            // ECS recommends the cursor; VPC pages by number only.
            InventoryKind::Instance | InventoryKind::Disk => {
                params.push(("MaxResults", INVENTORY_PAGE));
                if let Some(c) = cursor {
                    params.push(("NextToken", c));
                }
            }
            InventoryKind::Ip => {
                params.push(("PageSize", INVENTORY_PAGE));
                params.push(("PageNumber", cursor.unwrap_or("1")));
            }
        }
        let body = self.call_raw(action, &params).await?;
        Ok(InventoryPage {
            items: resources(kind, &body, region)?,
            next: next_cursor(&body),
            request_id: request_id(&body),
        })
    }
}

/// Where each kind's list sits in its answer, and the fields to read.
struct Shape {
    action: &'static str,
    list: [&'static str; 2],
    id: &'static str,
    name: &'static str,
    state: &'static str,
    size: &'static str,
    created: &'static str,
}

fn shape(kind: InventoryKind) -> Shape {
    match kind {
        InventoryKind::Instance => Shape {
            action: "DescribeInstances",
            list: ["Instances", "Instance"],
            id: "InstanceId",
            name: "InstanceName",
            state: "Status",
            size: "InstanceType",
            created: "CreationTime",
        },
        InventoryKind::Disk => Shape {
            action: "DescribeDisks",
            list: ["Disks", "Disk"],
            id: "DiskId",
            name: "DiskName",
            state: "Status",
            size: "Size",
            created: "CreationTime",
        },
        InventoryKind::Ip => Shape {
            action: "DescribeEipAddresses",
            list: ["EipAddresses", "EipAddress"],
            id: "AllocationId",
            name: "Name",
            state: "Status",
            size: "Bandwidth",
            created: "AllocationTime",
        },
    }
}

/// The resources of one answer; `region` is the region asked for (items
/// name theirs too, which wins).
fn resources(
    kind: InventoryKind,
    body: &Value,
    region: &str,
) -> Result<Vec<Resource>, ProviderError> {
    let s = shape(kind);
    let list = match member(body, s.action, &s.list)? {
        Value::Array(a) => a.as_slice(),
        Value::Null => &[],
        _ => {
            return Err(ProviderError::new(
                ErrorKind::BadResponse,
                format!(
                    "{} answered with {} that is not a list",
                    s.action,
                    s.list.join(".")
                ),
            ))
        }
    };
    list.iter()
        .map(|item| {
            let text = |f: &str| item.get(f).and_then(scalar_text).filter(|t| !t.is_empty());
            let id = text(s.id).ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    format!("{} answered with an item without {}", s.action, s.id),
                )
            })?;
            let state = text(s.state).ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    format!("{} answered with {id} without {}", s.action, s.state),
                )
            })?;
            Ok(Resource {
                kind,
                id,
                name: text(s.name),
                region: text("RegionId").unwrap_or_else(|| region.to_string()),
                state,
                size: text(s.size),
                tags: tags(item),
                created_at: text(s.created).as_deref().and_then(timestamp),
                terms: terms(kind, item),
            })
        })
        .collect()
}

/// The charge type (`PrePaid` is a subscription, `PostPaid` pay-as-you-go;
/// `InstanceChargeType`, `DiskChargeType`, `ChargeType` by kind), the
/// expiry of a subscription (`ExpiredTime`; pay-as-you-go resources carry
/// a far-future placeholder), and what a disk or address is attached to
/// (`InstanceId`, empty when nothing). Auto-renewal is another API's
/// answer, so it stays unknown.
fn terms(kind: InventoryKind, item: &Value) -> Terms {
    let text = |f: &str| item.get(f).and_then(scalar_text).filter(|t| !t.is_empty());
    let charge = match kind {
        InventoryKind::Instance => "InstanceChargeType",
        InventoryKind::Disk => "DiskChargeType",
        InventoryKind::Ip => "ChargeType",
    };
    let billing_mode = match text(charge).as_deref() {
        Some("PrePaid") => Some(BillingMode::Subscription),
        Some("PostPaid") => Some(BillingMode::PayAsYouGo),
        _ => None,
    };
    let mut t = match kind {
        InventoryKind::Instance => Terms::default(),
        _ => Terms::attachment(text("InstanceId")),
    };
    t.billing_mode = billing_mode;
    if billing_mode == Some(BillingMode::Subscription) {
        t.expires_at = text("ExpiredTime").as_deref().and_then(timestamp);
    }
    t
}

/// `Tags: {Tag: [...]}` with `TagKey`/`TagValue` (ECS) or `Key`/`Value` (VPC).
fn tags(item: &Value) -> Vec<(String, String)> {
    let Some(Value::Array(list)) = item.get("Tags").and_then(|t| t.get("Tag")) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|t| {
            let field = |a: &str, b: &str| {
                t.get(a)
                    .or_else(|| t.get(b))
                    .and_then(scalar_text)
                    .unwrap_or_default()
            };
            let key = field("TagKey", "Key");
            (!key.is_empty()).then(|| (key, field("TagValue", "Value")))
        })
        .collect()
}

/// ECS writes `2017-12-10T04:04Z` (no seconds), VPC and disks
/// `2021-04-23T01:37:38Z`; both UTC.
fn timestamp(t: &str) -> Option<i64> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.timestamp());
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%MZ")
        .ok()
        .map(|d| d.and_utc().timestamp())
}

/// The next page: `NextToken` when the action pages by cursor, else the
/// page number after this one while `TotalCount` is not reached.
fn next_cursor(body: &Value) -> Option<String> {
    if let Some(t) = body.get("NextToken") {
        return scalar_text(t).filter(|t| !t.is_empty());
    }
    let n = |f: &str| body.get(f).and_then(Value::as_u64);
    let (page, size, total) = (n("PageNumber")?, n("PageSize")?, n("TotalCount")?);
    (size > 0 && page * size < total).then(|| (page + 1).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charge_types_expiry_and_attachment() {
        let v = serde_json::json!({"InstanceChargeType": "PrePaid", "ExpiredTime": "2025-07-01T16:00Z"});
        let t = terms(InventoryKind::Instance, &v);
        assert_eq!(t.billing_mode, Some(BillingMode::Subscription));
        assert_eq!(t.expires_at, Some(1_751_385_600));
        assert_eq!(t.attached, None);
        let v = serde_json::json!({"DiskChargeType": "PostPaid", "InstanceId": "", "ExpiredTime": "2999-09-08T16:00:00Z"});
        let t = terms(InventoryKind::Disk, &v);
        assert_eq!((t.attached, t.expires_at), (Some(false), None));
        let v = serde_json::json!({"ChargeType": "PostPaid", "InstanceId": "i-1"});
        let t = terms(InventoryKind::Ip, &v);
        assert_eq!(
            (t.attached, t.attached_to.as_deref()),
            (Some(true), Some("i-1"))
        );
    }

    #[test]
    fn both_time_spellings() {
        assert_eq!(timestamp("2017-12-10T04:04Z"), Some(1_512_878_640));
        assert_eq!(timestamp("2017-12-10T04:04:00Z"), Some(1_512_878_640));
        assert_eq!(timestamp("yesterday"), None);
    }

    #[test]
    fn page_numbers_stop_at_the_total() {
        let v = |p: u64| serde_json::json!({"PageNumber": p, "PageSize": 10, "TotalCount": 25});
        assert_eq!(next_cursor(&v(1)).as_deref(), Some("2"));
        assert_eq!(next_cursor(&v(3)), None);
        assert_eq!(next_cursor(&serde_json::json!({"NextToken": ""})), None);
    }
}
