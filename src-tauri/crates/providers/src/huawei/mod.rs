//! Huawei Cloud: BSS v2 resource details for bill lines and the summary
//! bill for the provider's month totals, IAM projects for regions and project
//! ids, ECS for instances, EVS for disks, VPC for EIPs, BSS subscription
//! resources for the expiry of yearly/monthly ones, Cloud Eye for CPU.
//! Every request is signed with SDK-HMAC-SHA256 and passes the read-only
//! allow-list first ([`Client::call_raw`]); bill files in OBS are read
//! through `obs.rs`, whose gate allows only [`BUCKET_ACTIONS`].

mod addresses;
mod bills;
mod disks;
mod errors;
mod inventory;
mod monitoring;
mod obs;
pub mod obs_signing;
pub mod signing;
mod subscriptions;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub use bills::month_period;
pub use obs::BUCKET_ACTIONS;

use self::errors::{error_in, parse};
use crate::{ClientConfig, ErrorKind, InventoryKind, PolicyGuide, ProviderError, RateLimit, Site};

/// Rows per BSS page: the request model allows 1–100 (older SDK models
/// state the bound; newer ones only the default of 10).
const BSS_LIMIT: u32 = 100;
/// Servers per ECS page: documented maximum 1000.
const ECS_LIMIT: u32 = 1000;
/// Disks per EVS page: documented maximum 1000.
const EVS_LIMIT: u32 = 1000;
/// EIPs per VPC page: documented maximum 2000 (the default).
const EIP_LIMIT: u32 = 1000;
/// The customer-operations (BSS) APIs allow 10 requests per second per
/// user and API; ECS publishes no lower figure for its reads.
const REQUESTS_PER_SECOND: u32 = 10;

const RES_RECORDS: &str = "bss:ListCustomerselfResourceRecordDetails";
const MONTHLY_SUM: &str = "bss:ShowCustomerMonthlySum";
const PROJECTS: &str = "iam:KeystoneListProjects";
const SERVERS: &str = "ecs:ListServersDetails";
const VOLUMES: &str = "evs:ListVolumes";
const PUBLIC_IPS: &str = "vpc:ListPublicips";
const SUBSCRIPTIONS: &str = "bss:ListPayPerUseCustomerResources";
const METRIC_DATA: &str = "ces:BatchListMetricData";

/// `service:Action` names of the only APIs the client calls; all read.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "bss:ListCustomerselfResourceRecordDetails",
    "bss:ShowCustomerMonthlySum",
    "iam:KeystoneListProjects",
    "ecs:ListServersDetails",
    "evs:ListVolumes",
    "vpc:ListPublicips",
    "bss:ListPayPerUseCustomerResources",
    "ces:BatchListMetricData",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    /// Parameters go in a JSON body.
    PostJson,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::PostJson => "POST",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    /// Global, `bss.myhuaweicloud.com` / `bss-intl.myhuaweicloud.com`.
    Bss,
    /// Global, `iam.myhuaweicloud.com`.
    Iam,
    /// Regional, `ecs.{region}.myhuaweicloud.com`.
    Ecs,
    /// Regional, `evs.{region}.myhuaweicloud.com`.
    Evs,
    /// Regional, `vpc.{region}.myhuaweicloud.com` (EIPs).
    Vpc,
    /// Regional, `ces.{region}.myhuaweicloud.com` (Cloud Eye).
    Ces,
}

impl Service {
    fn regional(self) -> bool {
        !matches!(self, Service::Bss | Service::Iam)
    }
}

#[derive(Debug, Clone, Copy)]
struct Route {
    service: Service,
    method: Method,
    /// `{name}` segments are filled from the parameters of the same name.
    path: &'static str,
    /// The IAM permission the action needs (for the custom policy).
    permission: &'static str,
}

/// The route of an allowed action; `None` for anything else.
fn route(action: &str) -> Option<Route> {
    let r = |service, method, path, permission| {
        Some(Route {
            service,
            method,
            path,
            permission,
        })
    };
    match action {
        "bss:ListCustomerselfResourceRecordDetails" => r(
            Service::Bss,
            Method::PostJson,
            "/v2/bills/customer-bills/res-records/query",
            "bss:bill:view",
        ),
        "bss:ShowCustomerMonthlySum" => r(
            Service::Bss,
            Method::Get,
            "/v2/bills/customer-bills/monthly-sum",
            "bss:bill:view",
        ),
        "iam:KeystoneListProjects" => r(
            Service::Iam,
            Method::Get,
            "/v3/projects",
            "iam:projects:list",
        ),
        "ecs:ListServersDetails" => r(
            Service::Ecs,
            Method::Get,
            "/v1/{project_id}/cloudservers/detail",
            "ecs:cloudServers:list",
        ),
        "evs:ListVolumes" => r(
            Service::Evs,
            Method::Get,
            "/v2/{project_id}/cloudvolumes/detail",
            "evs:volumes:list",
        ),
        "vpc:ListPublicips" => r(
            Service::Vpc,
            Method::Get,
            "/v1/{project_id}/publicips",
            "vpc:publicIps:list",
        ),
        // "Querying Customer's Yearly/Monthly Resources" (the path's
        // spelling is the documented one).
        "bss:ListPayPerUseCustomerResources" => r(
            Service::Bss,
            Method::PostJson,
            "/v2/orders/suscriptions/resources/query",
            "bss:order:view",
        ),
        "ces:BatchListMetricData" => r(
            Service::Ces,
            Method::PostJson,
            "/V1.0/{project_id}/batch-query-metric-data",
            "ces:metricData:list",
        ),
        _ => None,
    }
}

/// The documented host name of a service; `region` for regional ones.
fn host(service: Service, site: Site, region: Option<&str>) -> String {
    match (service, site) {
        (Service::Bss, Site::China) => "bss.myhuaweicloud.com".into(),
        (Service::Bss, Site::International) => "bss-intl.myhuaweicloud.com".into(),
        (Service::Iam, _) => "iam.myhuaweicloud.com".into(),
        (Service::Ecs, _) => format!("ecs.{}.myhuaweicloud.com", region.unwrap_or_default()),
        (Service::Evs, _) => format!("evs.{}.myhuaweicloud.com", region.unwrap_or_default()),
        (Service::Vpc, _) => format!("vpc.{}.myhuaweicloud.com", region.unwrap_or_default()),
        (Service::Ces, _) => format!("ces.{}.myhuaweicloud.com", region.unwrap_or_default()),
    }
}

/// BSS body fields that are numbers or booleans in the documented request
/// model (`QueryResRecordsDetailReq`); every other value is a string.
fn json_number_field(name: &str) -> bool {
    matches!(
        name,
        "offset" | "limit" | "statistic_type" | "charge_mode" | "bill_type" | "only_main_resource"
    )
}

fn json_bool_field(name: &str) -> bool {
    name == "include_zero_record"
}

/// The system policies that grant read access (API-NOTES §4.4: names to
/// confirm in the IAM console), and a custom policy granting exactly the
/// permissions of the allowed actions.
pub fn policy_guide() -> PolicyGuide {
    let mut permissions: Vec<&str> = ALLOWED_ACTIONS
        .iter()
        .filter_map(|a| route(a).map(|r| r.permission))
        .collect();
    permissions.sort_unstable();
    permissions.dedup();
    // The bucket route reads only the bill bucket.
    let custom = serde_json::json!({
        "Version": "1.1",
        "Statement": [
            { "Effect": "Allow", "Action": permissions },
            {
                "Effect": "Allow",
                "Action": ["obs:bucket:ListBucket", "obs:object:GetObject"],
                "Resource": ["OBS:*:*:bucket:BILL-BUCKET", "OBS:*:*:object:BILL-BUCKET/*"]
            },
        ],
    });
    PolicyGuide {
        managed_policies: vec![
            "BSS ReadonlyAccess".into(),
            "ECS ReadOnlyAccess".into(),
            "EVS ReadOnlyAccess".into(),
            "VPC ReadOnlyAccess".into(),
            "CES ReadOnlyAccess".into(),
            "Tenant Guest".into(),
        ],
        custom_policy: serde_json::to_string_pretty(&custom).unwrap_or_default(),
        actions: ALLOWED_ACTIONS
            .iter()
            .chain(BUCKET_ACTIONS)
            .map(|a| a.to_string())
            .collect(),
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    /// Each region's project id, looked up once.
    projects: Arc<Mutex<HashMap<String, String>>>,
}

/// A successful answer: the exact body bytes and the request id.
struct Reply {
    body: Vec<u8>,
    request_id: String,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self {
            config,
            http,
            projects: Arc::default(),
        }
    }

    fn english(&self) -> bool {
        self.config.site == Site::International
    }

    async fn get<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<(T, String), ProviderError> {
        self.request(action, params, None).await
    }

    /// A POST whose JSON body holds `params` and the members of `body`
    /// (lists and objects, which parameters cannot carry).
    async fn post<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &[(&str, &str)],
        body: Value,
    ) -> Result<(T, String), ProviderError> {
        self.request(action, params, Some(body)).await
    }

    async fn request<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<(T, String), ProviderError> {
        let reply = self.send(action, params, body).await?;
        let value = parse(action, &reply.body).map_err(|e| match reply.request_id.as_str() {
            "" => e,
            id => e.with_request_id(id),
        })?;
        Ok((value, reply.request_id))
    }

    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        if BUCKET_ACTIONS.contains(&action) {
            return self.object_raw(action, params).await;
        }
        self.get(action, params).await.map(|(v, _)| v)
    }

    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: REQUESTS_PER_SECOND,
            inventory: REQUESTS_PER_SECOND,
            monitor: REQUESTS_PER_SECOND,
        }
    }

    /// Resource details filter by day (`query_type=DAILY` with
    /// `bill_cycle_begin` = `bill_cycle_end`), so windows are days.
    pub fn bills_by_day(&self) -> bool {
        true
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip,
        ]
    }

    /// The one way a request leaves the client: the allow-list check (an
    /// action has a route only if it is allowed), the request, its
    /// signature, and the provider's error shapes.
    async fn send(
        &self,
        action: &str,
        params: &[(&str, &str)],
        members: Option<Value>,
    ) -> Result<Reply, ProviderError> {
        let (config, http) = (&self.config, &self.http);
        let Some(route) = route(action) else {
            return Err(ProviderError::not_allowed(action));
        };
        let mut region = None;
        let mut path = route.path.to_string();
        let mut rest: Vec<(&str, &str)> = Vec::new();
        for &(k, v) in params {
            let slot = format!("{{{k}}}");
            if path.contains(&slot) {
                path = path.replace(&slot, &signing::encode(v));
            } else if k == "region" && route.service.regional() {
                region = Some(v);
            } else {
                rest.push((k, v));
            }
        }
        if path.contains('{') {
            return Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("{action} needs the path parameters of {}", route.path),
            ));
        }
        if route.service.regional() && region.is_none() {
            return Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("{action} needs a region"),
            ));
        }
        let host = host(route.service, config.site, region);
        let (query, body) = match route.method {
            Method::Get => (
                rest.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>(),
                Vec::new(),
            ),
            Method::PostJson => (Vec::new(), json_body(&rest, members)?),
        };
        let date = signing::date((config.clock)());
        let content_type = "application/json";
        let headers = vec![
            ("content-type".to_string(), content_type.to_string()),
            ("host".to_string(), host.clone()),
            ("x-sdk-date".to_string(), date.clone()),
        ];
        let secret = config.credentials.secret.as_str();
        let signed = signing::sign(
            &signing::Request {
                method: route.method.as_str(),
                path: &path,
                query: &query,
                headers: &headers,
                body: &body,
            },
            &config.credentials.key_id,
            secret,
        );
        let base = match &config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{host}"),
        };
        let query_text = signing::canonical_query(&query);
        let url = if query_text.is_empty() {
            format!("{base}{}", signing::encoded_path(&path))
        } else {
            format!("{base}{}?{query_text}", signing::encoded_path(&path))
        };
        let method = match route.method {
            Method::Get => reqwest::Method::GET,
            Method::PostJson => reqwest::Method::POST,
        };
        let mut req = http
            .request(method, &url)
            .timeout(config.timeout)
            // Sent explicitly: with an endpoint override the connection goes
            // elsewhere, but the signature covers the documented host.
            .header(reqwest::header::HOST, &host)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .header("X-Sdk-Date", &date)
            .header(reqwest::header::AUTHORIZATION, &signed.authorization)
            .header(
                "X-Language",
                match config.site {
                    crate::Site::China => "zh_CN",
                    crate::Site::International => "en_US",
                },
            );
        if route.method == Method::PostJson {
            req = req.body(body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        let status = resp.status().as_u16();
        let header_id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = crate::answer::body(action, resp).await?;
        let fault = error_in(status, &bytes);
        let request_id = header_id
            .or_else(|| fault.as_ref().and_then(|f| f.request_id.clone()))
            .unwrap_or_default();
        if let Some(f) = fault {
            let mut err = ProviderError::new(
                f.kind,
                format!("{action}: {} {}", f.code, f.message)
                    .trim_end()
                    .to_string(),
            )
            .with_code(f.code);
            if !request_id.is_empty() {
                err = err.with_request_id(request_id);
            }
            err.retry_after = retry_after;
            return Err(err);
        }
        Ok(Reply {
            body: bytes,
            request_id,
        })
    }
}

/// A JSON object of the parameters, numbers and booleans where the request
/// model has them, and the members of `members`.
fn json_body(params: &[(&str, &str)], members: Option<Value>) -> Result<Vec<u8>, ProviderError> {
    let mut map = match members {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for &(k, v) in params {
        let value = if json_number_field(k) {
            let n: i64 = v.parse().map_err(|_| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("parameter {k} must be a whole number, not '{v}'"),
                )
            })?;
            Value::from(n)
        } else if json_bool_field(k) {
            Value::Bool(v == "true")
        } else {
            Value::String(v.to_string())
        };
        map.insert(k.to_string(), value);
    }
    serde_json::to_vec(&Value::Object(map))
        .map_err(|e| ProviderError::new(ErrorKind::InvalidRequest, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_action_has_a_route_and_nothing_else_does() {
        for a in ALLOWED_ACTIONS {
            assert!(route(a).is_some(), "{a} has no route");
        }
        for a in [
            "ecs:CreateServers",
            "bss:PayOrders",
            "ecs:DeleteServers",
            "",
        ] {
            assert!(route(a).is_none());
        }
    }

    #[test]
    fn the_custom_policy_grants_only_read_permissions() {
        let g = policy_guide();
        let doc: serde_json::Value = serde_json::from_str(&g.custom_policy).unwrap();
        let actions: Vec<&str> = doc["Statement"][0]["Action"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "bss:bill:view",
                "bss:order:view",
                "ces:metricData:list",
                "ecs:cloudServers:list",
                "evs:volumes:list",
                "iam:projects:list",
                "vpc:publicIps:list"
            ]
        );
        assert!(actions
            .iter()
            .all(|a| a.ends_with(":view") || a.ends_with(":list")));
        assert_eq!(
            g.actions.len(),
            ALLOWED_ACTIONS.len() + BUCKET_ACTIONS.len()
        );
    }

    #[test]
    fn json_bodies_carry_numbers_where_the_model_has_them() {
        let body = json_body(
            &[("cycle", "2025-01"), ("offset", "200"), ("limit", "100")],
            Some(serde_json::json!({"resource_ids": ["a"]})),
        )
        .unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["cycle"], "2025-01");
        assert_eq!(v["offset"], 200);
        assert_eq!(v["resource_ids"][0], "a");
        assert!(json_body(&[("limit", "ten")], None).is_err());
    }
}
