//! IAM projects (one per region, the account's id as `domain_id`) and ECS
//! server details, and the account's regions, flavors and states in
//! Huawei's words. Public where tests state what they expect.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::errors::{reply, service_error};
use super::{page, param, query_pairs, HuaweiMock};
use crate::{Account, RawRequest, RawResponse, ResourceKind};

impl HuaweiMock {
    pub(super) fn servers(
        &self,
        req: &RawRequest,
        account: &Account,
        ps: usize,
        id: &str,
    ) -> RawResponse {
        let project = servers_project(&req.path).unwrap_or_default();
        let Some(region) = regions(account)
            .into_iter()
            .find(|r| project_id(r) == project)
        else {
            return service_error(404, "Ecs.0114", "The project does not exist.", id);
        };
        // The regional endpoint only knows its own region's projects.
        if req.header("host") != Some(&format!("ecs.{region}.myhuaweicloud.com")) {
            return service_error(400, "Ecs.0005", "The project is not in this region.", id);
        }
        let q = query_pairs(&req.query);
        let page_no = param(&q, "offset").map_or(Ok(1), str::parse::<usize>);
        let limit = param(&q, "limit").map_or(Ok(25), str::parse::<usize>);
        let (Ok(page_no), Ok(limit)) = (page_no, limit) else {
            return service_error(400, "Ecs.0005", "Invalid offset or limit.", id);
        };
        if page_no == 0 || !(1..=1000).contains(&limit) {
            return service_error(400, "Ecs.0005", "Invalid offset or limit.", id);
        }
        let mine = in_region(account, ResourceKind::Instance, region);
        let per_page = limit.min(ps.max(1));
        let servers: Vec<Value> = page(&mine, (page_no - 1) * per_page, per_page, ps)
            .into_iter()
            .map(|i| server(account, i, project))
            .collect();
        reply(200, &json!({ "count": mine.len(), "servers": servers }), id)
    }
}

/// The indices of the account's resources of `kind` in a Huawei region.
pub(super) fn in_region(account: &Account, kind: ResourceKind, region: &str) -> Vec<usize> {
    account
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind && region_of(&r.region) == region)
        .map(|(i, _)| i)
        .collect()
}

/// `/v1/{project_id}/cloudservers/detail` → the project id.
pub(super) fn servers_project(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/")?
        .strip_suffix("/cloudservers/detail")
        .filter(|p| !p.contains('/'))
}

pub fn project_id(region: &str) -> String {
    let d = Sha256::digest(format!("project:{region}").as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The regions the account uses, in Huawei's ids.
pub fn regions(account: &Account) -> Vec<&str> {
    account.regions.iter().map(|r| region_of(r)).collect()
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
pub fn server(account: &Account, resource: usize, project: &str) -> Value {
    let r = &account.resources[resource];
    let region = region_of(&r.region);
    let flavor = flavor_of(&r.instance_type);
    let created = Utc
        .timestamp_opt(r.created_at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let vpc = format!("vpc-{}", &project[..8]);
    let tags: Vec<String> = r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let status = status_of(&r.state);
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
        "metadata": { "charging_mode": if r.subscription.is_some() { "1" } else { "0" }, "vpc_id": vpc, "metering.resourcespeccode": format!("{flavor}.linux"), "os_type": "Linux" },
        "tags": tags,
        "OS-EXT-AZ:availability_zone": format!("{region}a"),
        "OS-EXT-STS:vm_state": if status == "ACTIVE" { "active" } else { "stopped" },
        "OS-EXT-STS:power_state": if status == "ACTIVE" { 1 } else { 4 },
        "enterprise_project_id": "0",
        "locked": false,
    })
}
/// Huawei's region for a neutral region of the account.
pub fn region_of(neutral: &str) -> &str {
    match neutral {
        "cn-hangzhou" => "cn-east-3",
        "cn-shanghai" => "cn-east-2",
        "cn-beijing" => "cn-north-4",
        other => other,
    }
}

pub fn region_name(region: &str, english: bool) -> &str {
    match (region, english) {
        ("cn-east-3", false) => "华东-上海一",
        ("cn-east-3", true) => "CN East-Shanghai1",
        ("cn-east-2", false) => "华东-上海二",
        ("cn-east-2", true) => "CN East-Shanghai2",
        ("cn-north-4", false) => "华北-北京四",
        ("cn-north-4", true) => "CN North-Beijing4",
        (other, _) => other,
    }
}

/// The ECS flavor for a neutral instance type.
pub fn flavor_of(neutral: &str) -> &str {
    match neutral {
        "g7.large" => "s7.large.2",
        "g7.xlarge" => "s7.xlarge.2",
        "c7.2xlarge" => "c7.2xlarge.2",
        "r7.large" => "m7.large.8",
        other => other,
    }
}

/// The ECS status for a neutral state.
pub fn status_of(neutral: &str) -> &str {
    match neutral {
        "Running" => "ACTIVE",
        "Stopped" => "SHUTOFF",
        other => other,
    }
}
