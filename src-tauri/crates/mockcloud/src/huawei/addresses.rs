//! VPC `ListPublicips` as the mock serves it: the account's addresses of
//! one region's project, paged by `marker` (the id before the page) and
//! `limit` (default 2000); `DOWN` for an EIP bound to nothing, `ACTIVE`
//! with its `port_id` otherwise.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use super::errors::{reply, service_error};
use super::inventory::{in_region, region_of};
use super::{page, param, project_region, query_pairs, HuaweiMock};
use crate::{Account, RawRequest, RawResponse, ResourceKind};

/// `/v1/{project_id}/publicips` → the project id.
pub(super) fn publicips_project(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/")?
        .strip_suffix("/publicips")
        .filter(|p| !p.contains('/'))
}

impl HuaweiMock {
    pub(super) fn public_ips(
        &self,
        req: &RawRequest,
        account: &Account,
        ps: usize,
        id: &str,
    ) -> RawResponse {
        let project = publicips_project(&req.path).unwrap_or_default();
        let region = match project_region(account, project, req, "vpc") {
            Ok(r) => r,
            Err(msg) => return service_error(400, "VPC.0101", msg, id),
        };
        let q = query_pairs(&req.query);
        let Ok(limit) = param(&q, "limit").map_or(Ok(2000), str::parse::<usize>) else {
            return service_error(400, "VPC.0101", "Invalid limit.", id);
        };
        let mine = in_region(account, ResourceKind::Ip, region);
        let from = match param(&q, "marker") {
            None => 0,
            Some(m) => match mine.iter().position(|&i| account.resources[i].id == m) {
                Some(p) => p + 1,
                None => return service_error(400, "VPC.0101", "Invalid marker.", id),
            },
        };
        let list: Vec<Value> = page(&mine, from, limit, ps)
            .into_iter()
            .map(|i| public_ip(account, i, project))
            .collect();
        reply(200, &json!({ "publicips": list }), id)
    }
}

fn public_ip(account: &Account, resource: usize, project: &str) -> Value {
    let r = &account.resources[resource];
    let created = Utc
        .timestamp_opt(r.created_at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
    let bound = account.attached_to(resource).is_some();
    let mut ip = json!({
        "id": r.id,
        "status": if bound { "ACTIVE" } else { "DOWN" },
        "profile": { "user_id": "", "product_id": "", "region_id": region_of(&r.region), "order_id": "" },
        "type": "5_bgp",
        "public_ip_address": format!("122.112.{}.{}", resource / 250, resource % 250 + 2),
        "tenant_id": project,
        "create_time": created,
        "bandwidth_id": format!("bw-{}", r.id),
        "bandwidth_size": 5,
        "bandwidth_share_type": "PER",
        "bandwidth_name": format!("bandwidth-{}", r.name),
        "enterprise_project_id": "0",
        "ip_version": 4,
    });
    if let (true, Value::Object(o)) = (bound, &mut ip) {
        o.insert("port_id".into(), json!(format!("port-{}", r.id)));
        o.insert("private_ip_address".into(), json!("192.168.0.10"));
    }
    ip
}
