//! BSS `ListPayPerUseCustomerResources` (`POST
//! /v2/orders/suscriptions/resources/query`): the account's yearly/monthly
//! resources among the `resource_ids` asked for, with `expire_time` (UTC)
//! and `expire_policy` (3 renews by itself, 0 enters the grace period).

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use super::errors::{bss_body, bss_invalid, reply};
use super::inventory::{flavor_of, project_id, region_of};
use super::HuaweiMock;
use crate::{Account, RawRequest, RawResponse};

impl HuaweiMock {
    pub(super) fn subscriptions(
        &self,
        req: &RawRequest,
        account: &Account,
        id: &str,
    ) -> RawResponse {
        let invalid = |what: &str| bss_invalid(what, id);
        let body = match bss_body(req, id) {
            Ok(b) => b,
            Err(refusal) => return refusal,
        };
        let int = |k: &str, default: i64| body.get(k).map_or(Some(default), Value::as_i64);
        let (Some(offset), Some(limit)) = (int("offset", 0), int("limit", 10)) else {
            return invalid("offset or limit");
        };
        if offset < 0 || !(1..=500).contains(&limit) {
            return invalid("offset or limit");
        }
        let asked: Vec<&str> = match body.get("resource_ids") {
            None => Vec::new(),
            Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
            Some(_) => return invalid("resource_ids"),
        };
        let time = |t: i64| {
            Utc.timestamp_opt(t, 0)
                .single()
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        };
        let rows: Vec<Value> = account
            .resources
            .iter()
            .filter(|r| asked.is_empty() || asked.contains(&r.id.as_str()))
            .filter_map(|r| {
                let s = r.subscription?;
                let region = region_of(&r.region);
                Some(json!({
                    "id": format!("sub-{}", r.id),
                    "resource_id": r.id,
                    "resource_name": r.name,
                    "region_code": region,
                    "cloud_service_type_code": "hws.service.type.ec2",
                    "resource_type_code": "hws.resource.type.vm",
                    "resource_spec_code": format!("{}.linux", flavor_of(&r.instance_type)),
                    "project_id": project_id(region),
                    "product_id": "00301-225396-0--0",
                    "parent_resource_id": "",
                    "is_main_resource": 1,
                    "status": 2,
                    "effective_time": time(r.created_at),
                    "expire_time": time(s.expires_at),
                    "expire_policy": if s.auto_renew { 3 } else { 0 },
                }))
            })
            .collect();
        let page: Vec<Value> = rows
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .cloned()
            .collect();
        reply(200, &json!({ "data": page, "total_count": rows.len() }), id)
    }
}
