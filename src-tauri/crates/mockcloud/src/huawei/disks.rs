//! EVS `ListVolumes` as the mock serves it: the account's disks of one
//! region's project, `offset` a row offset from 0 and `limit` at most 1000,
//! `available` for a disk attached to nothing and `in-use` (with its
//! server in `attachments`) otherwise.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use super::errors::{reply, service_error};
use super::inventory::{in_region, project_id, regions};
use super::{page, param, query_pairs, HuaweiMock};
use crate::{Account, RawRequest, RawResponse, ResourceKind};

/// `/v2/{project_id}/cloudvolumes/detail` → the project id.
pub(super) fn volumes_project(path: &str) -> Option<&str> {
    path.strip_prefix("/v2/")?
        .strip_suffix("/cloudvolumes/detail")
        .filter(|p| !p.contains('/'))
}

impl HuaweiMock {
    pub(super) fn volumes(
        &self,
        req: &RawRequest,
        account: &Account,
        ps: usize,
        id: &str,
    ) -> RawResponse {
        let project = volumes_project(&req.path).unwrap_or_default();
        let Some(region) = regions(account)
            .into_iter()
            .find(|r| project_id(r) == project)
        else {
            return service_error(404, "EVS.2001", "The project does not exist.", id);
        };
        if req.header("host") != Some(&format!("evs.{region}.myhuaweicloud.com")) {
            return service_error(400, "EVS.2001", "The project is not in this region.", id);
        }
        let q = query_pairs(&req.query);
        let offset = param(&q, "offset").map_or(Ok(0), str::parse::<usize>);
        let limit = param(&q, "limit").map_or(Ok(1000), str::parse::<usize>);
        let (Ok(offset), Ok(limit)) = (offset, limit) else {
            return service_error(400, "EVS.2001", "Invalid offset or limit.", id);
        };
        if !(1..=1000).contains(&limit) {
            return service_error(400, "EVS.2001", "Invalid offset or limit.", id);
        }
        let mine = in_region(account, ResourceKind::Disk, region);
        let volumes: Vec<Value> = page(&mine, offset, limit, ps)
            .into_iter()
            .map(|i| volume(account, i, region))
            .collect();
        reply(200, &json!({ "count": mine.len(), "volumes": volumes }), id)
    }
}

pub fn volume(account: &Account, resource: usize, region: &str) -> Value {
    let r = &account.resources[resource];
    let created = Utc
        .timestamp_opt(r.created_at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string());
    let in_use = r.state == "Running";
    // The server it is attached to: the account's first instance in its region.
    let server = account
        .resources
        .iter()
        .find(|s| s.kind == ResourceKind::Instance && s.region == r.region)
        .map_or_else(|| format!("srv-{resource}"), |s| s.id.clone());
    let attachments: Vec<Value> = if in_use {
        vec![json!({
            "server_id": server,
            "attachment_id": format!("att-{}", r.id),
            "volume_id": r.id,
            "device": "/dev/vdb",
            "id": r.id,
        })]
    } else {
        vec![]
    };
    let tags: serde_json::Map<String, Value> = r
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "id": r.id,
        "name": r.name,
        "status": if in_use { "in-use" } else { "available" },
        "size": r.size_gib,
        "volume_type": "SSD",
        "bootable": "false",
        "multiattach": false,
        "availability_zone": format!("{region}a"),
        "attachments": attachments,
        "tags": tags,
        "metadata": { "hw:passthrough": "false" },
        "created_at": created,
        "updated_at": created,
        "service_type": "EVS",
        "enterprise_project_id": "0",
    })
}
