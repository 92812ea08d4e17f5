//! Compute Engine `aggregatedList` of instances, disks and addresses of a
//! project: items grouped by scope (`zones/Z` or `regions/R`), a scope
//! without any answering with a `NO_RESULTS_ON_PAGE` warning, paged by
//! `maxResults` and `pageToken`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::errors::{error, Api};
use super::export::{instance_id, machine_type, project_of, zone_of, PROJECTS};
use super::field;
use crate::{Account, RawResponse, ResourceKind};

const API: &str = "https://www.googleapis.com/compute/v1";

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3f-00:00").to_string())
        .unwrap_or_default()
}

fn labels(tags: &[(String, String)]) -> Value {
    Value::Object(
        tags.iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// The self link of the instance a disk or address is attached to.
fn user(account: &Account, index: usize) -> Option<String> {
    let to = account.attached_to(index)?;
    let i = account.resources.iter().position(|r| r.id == to)?;
    let r = &account.resources[i];
    let (_, zone, _) = zone_of(&r.region);
    Some(format!(
        "{API}/projects/{}/zones/{zone}/instances/{}",
        project_of(i),
        r.name
    ))
}

fn item(account: &Account, index: usize) -> (String, Value) {
    let r = &account.resources[index];
    let (region, zone, _) = zone_of(&r.region);
    let project = project_of(index);
    let id = instance_id(index).to_string();
    match r.kind {
        ResourceKind::Instance => (
            format!("zones/{zone}"),
            json!({
                "kind": "compute#instance", "id": id, "name": r.name,
                "zone": format!("{API}/projects/{project}/zones/{zone}"),
                "machineType": format!("{API}/projects/{project}/zones/{zone}/machineTypes/{}", machine_type(&r.instance_type)),
                "status": if r.state == "Running" { "RUNNING" } else { "TERMINATED" },
                "labels": labels(&r.tags), "creationTimestamp": iso(r.created_at),
                "scheduling": {"preemptible": false, "provisioningModel": "STANDARD"},
                "selfLink": format!("{API}/projects/{project}/zones/{zone}/instances/{}", r.name)
            }),
        ),
        ResourceKind::Disk => {
            let mut d = json!({
                "kind": "compute#disk", "id": id, "name": r.name,
                "zone": format!("{API}/projects/{project}/zones/{zone}"),
                "sizeGb": r.size_gib.to_string(),
                "type": format!("{API}/projects/{project}/zones/{zone}/diskTypes/pd-ssd"),
                "status": "READY", "labels": labels(&r.tags), "creationTimestamp": iso(r.created_at)
            });
            if let Some(u) = user(account, index) {
                d["users"] = json!([u]);
            }
            (format!("zones/{zone}"), d)
        }
        ResourceKind::Ip => {
            let used = user(account, index);
            let mut a = json!({
                "kind": "compute#address", "id": id, "name": r.name,
                "region": format!("{API}/projects/{project}/regions/{region}"),
                "address": format!("34.{}.{}.{}", 100 + index % 100, index / 256 % 256, index % 256),
                "addressType": "EXTERNAL", "networkTier": "PREMIUM",
                "status": if used.is_some() { "IN_USE" } else { "RESERVED" },
                "labels": labels(&r.tags), "creationTimestamp": iso(r.created_at)
            });
            if let Some(u) = used {
                a["users"] = json!([u]);
            }
            (format!("regions/{region}"), a)
        }
    }
}

pub fn aggregated(
    project: &str,
    collection: &str,
    q: &[(String, String)],
    account: &Account,
    page: usize,
) -> RawResponse {
    if !PROJECTS.contains(&project) {
        return error(
            Api::Compute,
            403,
            "PERMISSION_DENIED",
            "forbidden",
            &format!("Required 'compute.{collection}.list' permission for 'projects/{project}'"),
        );
    }
    let kind = match collection {
        "instances" => ResourceKind::Instance,
        "disks" => ResourceKind::Disk,
        _ => ResourceKind::Ip,
    };
    let max = field(q, "maxResults")
        .and_then(|m| m.parse::<usize>().ok())
        .map_or(page, |m| m.min(page).max(1));
    let offset = match field(q, "pageToken") {
        Some(t) => match t.strip_prefix("ct-").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => n,
            None => {
                return error(
                    Api::Compute,
                    400,
                    "INVALID_ARGUMENT",
                    "invalid",
                    "Invalid value for field 'pageToken'.",
                )
            }
        },
        None => 0,
    };
    let mine: Vec<usize> = (0..account.resources.len())
        .filter(|i| account.resources[*i].kind == kind && project_of(*i) == project)
        .collect();
    let mut scopes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for &i in mine.iter().skip(offset).take(max) {
        let (scope, v) = item(account, i);
        scopes.entry(scope).or_default().push(v);
    }
    let mut items = Map::new();
    for (scope, list) in scopes {
        let mut entry = Map::new();
        entry.insert(collection.to_string(), Value::Array(list));
        items.insert(scope, Value::Object(entry));
    }
    // A scope the project has nothing in, as Google lists every one.
    items.insert(
        "zones/us-west4-c".into(),
        json!({"warning": {"code": "NO_RESULTS_ON_PAGE", "message": "There are no results for scope 'zones/us-west4-c' on this page.", "data": [{"key": "scope", "value": "zones/us-west4-c"}]}}),
    );
    let mut answer = json!({
        "kind": match kind {
            ResourceKind::Instance => "compute#instanceAggregatedList",
            ResourceKind::Disk => "compute#diskAggregatedList",
            ResourceKind::Ip => "compute#addressAggregatedList",
        },
        "id": format!("projects/{project}/aggregated/{collection}"),
        "items": items,
        "selfLink": format!("{API}/projects/{project}/aggregated/{collection}")
    });
    if offset + max < mine.len() {
        answer["nextPageToken"] = json!(format!("ct-{}", offset + max));
    }
    RawResponse::json(200, &answer)
}
