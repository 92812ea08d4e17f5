//! Compute Engine instances, persistent disks and addresses of a project
//! as `Resource`s, from `aggregatedList` (every zone or region in one
//! list, paged by `pageToken`; a scope without any answers with a
//! `warning` in place of its list). A resource's id is its global name as
//! the detailed billing export writes it
//! (`//compute.googleapis.com/projects/P/zones/Z/instances/ID`), so the
//! inventory joins the bill lines.

use serde_json::Value;

use super::errors::bad;
use super::Client;
use crate::{BillingMode, InventoryKind, InventoryPage, ProviderError, Resource, Terms};

/// Compute Engine lists at most 500 items a page.
const PAGE: &str = "500";

fn action(kind: InventoryKind) -> &'static str {
    match kind {
        InventoryKind::Instance => "compute.instances.aggregatedList",
        InventoryKind::Disk => "compute.disks.aggregatedList",
        InventoryKind::Ip => "compute.addresses.aggregatedList",
    }
}

/// The list inside an `items` scope: `instances`, `disks` or `addresses`.
fn list_name(kind: InventoryKind) -> &'static str {
    match kind {
        InventoryKind::Instance => "instances",
        InventoryKind::Disk => "disks",
        InventoryKind::Ip => "addresses",
    }
}

/// The last segment of a resource URL (`…/zones/us-central1-a` → `us-central1-a`).
fn last(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// `us-central1-a` → `us-central1`.
fn region_of_zone(zone: &str) -> String {
    zone.rsplit_once('-')
        .map_or(zone, |(region, _)| region)
        .to_string()
}

fn text<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn labels(v: &Value) -> Vec<(String, String)> {
    v.get("labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn created(v: &Value) -> Option<i64> {
    text(v, "creationTimestamp")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
}

impl Client {
    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        project: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let action = action(kind);
        let mut params = vec![("Project", project), ("maxResults", PAGE)];
        if let Some(c) = cursor {
            params.push(("pageToken", c));
        }
        let body = self.send(action, &params).await?;
        let items = body
            .get("items")
            .map(|i| {
                i.as_object()
                    .ok_or_else(|| bad(action, "items as a map of scopes"))
            })
            .transpose()?;
        let mut out = Vec::new();
        for (scope, entry) in items.into_iter().flatten() {
            let Some(list) = entry.get(list_name(kind)) else {
                continue; // `warning: NO_RESULTS_ON_PAGE` for an empty scope.
            };
            let list = list
                .as_array()
                .ok_or_else(|| bad(action, &format!("{scope}.{} as a list", list_name(kind))))?;
            for item in list {
                out.push(resource(kind, project, scope, item).ok_or_else(|| {
                    bad(
                        action,
                        &format!("an id and a name for each of {scope}'s items"),
                    )
                })?);
            }
        }
        Ok(InventoryPage {
            items: out,
            next: text(&body, "nextPageToken").map(str::to_string),
            request_id: text(&body, "id").unwrap_or(action).to_string(),
        })
    }
}

/// One item of a scope (`zones/us-central1-a` or `regions/us-central1`).
fn resource(kind: InventoryKind, project: &str, scope: &str, v: &Value) -> Option<Resource> {
    let id = text(v, "id")?;
    let name = text(v, "name")?;
    let (place, region) = match kind {
        InventoryKind::Ip => {
            let region = text(v, "region")
                .map_or_else(|| last(scope), last)
                .to_string();
            (format!("regions/{region}"), region)
        }
        _ => {
            let zone = text(v, "zone")
                .map_or_else(|| last(scope), last)
                .to_string();
            (format!("zones/{zone}"), region_of_zone(&zone))
        }
    };
    let global = format!(
        "//compute.googleapis.com/projects/{project}/{place}/{}/{id}",
        list_name(kind)
    );
    let users: Option<String> = v
        .get("users")
        .and_then(Value::as_array)
        .and_then(|u| u.first())
        .and_then(Value::as_str)
        .map(|u| last(u).to_string());
    let (size, terms) = match kind {
        InventoryKind::Instance => (
            text(v, "machineType").map(|m| last(m).to_string()),
            Terms {
                billing_mode: Some(BillingMode::PayAsYouGo),
                ..Terms::default()
            },
        ),
        InventoryKind::Disk => (
            text(v, "sizeGb").map(str::to_string),
            Terms::attachment(users),
        ),
        InventoryKind::Ip => (
            text(v, "address").map(str::to_string),
            Terms::attachment(users),
        ),
    };
    Some(Resource {
        kind,
        id: global,
        name: Some(name.to_string()),
        region,
        state: text(v, "status").unwrap_or("UNKNOWN").to_string(),
        size,
        tags: labels(v),
        created_at: created(v),
        terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scopes_with_items_and_warnings() {
        let v = json!({"id": "9", "name": "web-1", "zone": "https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b",
            "machineType": "https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b/machineTypes/e2-standard-4",
            "status": "RUNNING", "labels": {"team": "data"}, "creationTimestamp": "2024-03-01T10:00:00.000-08:00"});
        let r = resource(InventoryKind::Instance, "p", "zones/europe-west1-b", &v);
        let r = r.unwrap_or_else(|| panic!("no resource"));
        assert_eq!(
            r.id,
            "//compute.googleapis.com/projects/p/zones/europe-west1-b/instances/9"
        );
        assert_eq!(r.region, "europe-west1");
        assert_eq!(r.size.as_deref(), Some("e2-standard-4"));
        assert_eq!(r.created_at, Some(1_709_316_000));
        let a = json!({"id": "5", "name": "ip", "region": "https://x/regions/us-east1", "status": "RESERVED", "address": "34.1.2.3"});
        let r = resource(InventoryKind::Ip, "p", "regions/us-east1", &a);
        assert_eq!(r.map(|r| r.terms.attached), Some(Some(false)));
    }
}
