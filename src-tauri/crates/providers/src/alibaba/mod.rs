//! Alibaba Cloud (阿里云): BssOpenApi bills, ECS and VPC inventory,
//! CloudMonitor CPU utilisation, all read-only, signed with ACS3-HMAC-SHA256;
//! and bill files subscribed to OSS (`oss.rs`, OSS V4 signatures). Every
//! request goes through [`Client::call_raw`] or the OSS gate, which refuse
//! any action off [`ALLOWED_ACTIONS`] and [`BUCKET_ACTIONS`] before a
//! request exists.

mod bills;
mod errors;
mod inventory;
mod monitoring;
mod oss;
pub mod oss_signing;
pub mod signing;

pub use oss::BUCKET_ACTIONS;

use std::time::Duration;

use rand::RngCore;
use serde_json::Value;

use self::errors::provider_error;
use crate::{ClientConfig, ErrorKind, InventoryKind, PolicyGuide, ProviderError, RateLimit, Site};
use signing::SignInput;

/// Bill lines per page: the API's maximum.
const BILL_PAGE: &str = "300";
/// Inventory items per page: ECS's and VPC's maximum.
const INVENTORY_PAGE: &str = "100";

/// Exactly the read-only actions the client calls, `Service:Action`.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "BssOpenApi:DescribeInstanceBill",
    "BssOpenApi:QueryBillOverview",
    "ECS:DescribeRegions",
    "ECS:DescribeInstances",
    "ECS:DescribeDisks",
    "VPC:DescribeEipAddresses",
    "CMS:DescribeMetricList",
];

/// An API product: its version and documented host names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    Bss,
    Ecs,
    Vpc,
    Cms,
}

impl Service {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "BssOpenApi" => Some(Self::Bss),
            "ECS" => Some(Self::Ecs),
            "VPC" => Some(Self::Vpc),
            "CMS" => Some(Self::Cms),
            _ => None,
        }
    }

    fn version(self) -> &'static str {
        match self {
            Self::Bss => "2017-12-14",
            Self::Ecs => "2014-05-26",
            Self::Vpc => "2016-04-28",
            Self::Cms => "2019-01-01",
        }
    }

    /// The documented endpoint. BssOpenApi has one per site (the
    /// international site's is Singapore); the others are regional, and a
    /// call naming no region goes to the site's default one.
    fn host(self, site: Site, region: Option<&str>) -> String {
        let home = match site {
            Site::China => "cn-hangzhou",
            Site::International => "ap-southeast-1",
        };
        match (self, site) {
            (Self::Bss, Site::China) => "business.aliyuncs.com".to_string(),
            (Self::Bss, Site::International) => "business.ap-southeast-1.aliyuncs.com".to_string(),
            (Self::Ecs, _) => format!("ecs.{}.aliyuncs.com", region.unwrap_or(home)),
            (Self::Vpc, _) => format!("vpc.{}.aliyuncs.com", region.unwrap_or(home)),
            (Self::Cms, _) => format!("metrics.{}.aliyuncs.com", region.unwrap_or(home)),
        }
    }
}

pub fn policy_guide() -> PolicyGuide {
    // RAM names the bill API `bssapi`; the others by their product code.
    let ram: Vec<String> = ALLOWED_ACTIONS
        .iter()
        .filter_map(|a| a.split_once(':'))
        .map(|(service, action)| {
            let ns = match service {
                "BssOpenApi" => "bssapi",
                "ECS" => "ecs",
                "VPC" => "vpc",
                "CMS" => "cms",
                other => other,
            };
            format!("{ns}:{action}")
        })
        .collect();
    // The bucket route reads only the bill subscription's bucket.
    let oss: Vec<String> = BUCKET_ACTIONS
        .iter()
        .filter_map(|a| a.split_once(':'))
        .map(|(_, action)| format!("oss:{action}"))
        .collect();
    let custom = serde_json::json!({
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": ram, "Resource": "*"},
            {"Effect": "Allow", "Action": oss,
             "Resource": ["acs:oss:*:*:BILL-BUCKET", "acs:oss:*:*:BILL-BUCKET/*"]},
        ],
    });
    PolicyGuide {
        managed_policies: [
            "AliyunBSSReadOnlyAccess",
            "AliyunECSReadOnlyAccess",
            "AliyunVPCReadOnlyAccess",
            "AliyunCloudMonitorReadOnlyAccess",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        custom_policy: serde_json::to_string_pretty(&custom).unwrap_or_default(),
        actions: ALLOWED_ACTIONS
            .iter()
            .chain(BUCKET_ACTIONS)
            .map(|s| s.to_string())
            .collect(),
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    /// Sends `action` (`Service:Action`) with `params` and returns the
    /// JSON body of a successful answer: the one way a request leaves the
    /// client. Refuses anything off the allow-list before building a
    /// request.
    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ProviderError> {
        let (config, http) = (&self.config, &self.http);
        if BUCKET_ACTIONS.contains(&action) {
            return self.object_raw(action, params).await;
        }
        if !ALLOWED_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let (service, name) = action
            .split_once(':')
            .and_then(|(s, a)| Some((Service::parse(s)?, a)))
            .ok_or_else(|| ProviderError::not_allowed(action))?;
        let region = params
            .iter()
            .find(|(k, _)| *k == "RegionId")
            .map(|(_, v)| *v);
        let host = service.host(config.site, region);
        let query = signing::canonical_query(params);
        let payload_hash = signing::sha256_hex(b"");
        let date = signing::date((config.clock)());
        let mut nonce = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut nonce);
        let nonce = hex::encode(nonce);
        let headers = [
            ("host", host.as_str()),
            ("x-acs-action", name),
            ("x-acs-version", service.version()),
            ("x-acs-date", date.as_str()),
            ("x-acs-signature-nonce", nonce.as_str()),
            ("x-acs-content-sha256", payload_hash.as_str()),
        ];
        let signed = signing::sign(
            &config.credentials.key_id,
            &config.credentials.secret,
            &SignInput {
                method: "POST",
                path: "/",
                query: &query,
                headers: &headers,
                payload_hash: &payload_hash,
            },
        );
        let base = match &config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{host}"),
        };
        let mut request = http
            .post(format!("{base}/?{query}"))
            .timeout(config.timeout)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::AUTHORIZATION, signed.authorization);
        for (k, v) in headers {
            request = request.header(k, v);
        }
        let response = request
            .send()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = crate::answer::body(action, response).await?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let failure = match &json {
            _ if !(200..300).contains(&status) => true,
            // Some answers come with HTTP 200 and `Success: false`, or a
            // throttling code, in the body.
            Some(v) => {
                v.get("Success") == Some(&Value::Bool(false))
                    || v.get("Code")
                        .and_then(Value::as_str)
                        .is_some_and(|c| c.starts_with("Throttling"))
            }
            None => false,
        };
        if failure {
            let mut err = provider_error(action, status, json.as_ref());
            err.retry_after = retry_after;
            return Err(err);
        }
        json.ok_or_else(|| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{action} answered HTTP {status} with a body that is not JSON"),
            )
        })
    }

    /// BssOpenApi's quota page gives DescribeInstanceBill 600 calls a
    /// minute per account. ECS, VPC and CloudMonitor publish no per-account
    /// figure for these reads in our references: 10 a second is the lowest
    /// read quota Alibaba lists for them, and throttling is retried anyway.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 10,
            inventory: 10,
            monitor: 10,
        }
    }

    /// DescribeInstanceBill filters by `BillingDate`: windows are days.
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

    /// Instances per utilisation request.
    pub fn utilisation_batch(&self) -> usize {
        monitoring::METRIC_INSTANCES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_per_site_and_region() {
        assert_eq!(
            Service::Bss.host(Site::China, None),
            "business.aliyuncs.com"
        );
        assert_eq!(
            Service::Bss.host(Site::International, Some("us-east-1")),
            "business.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            Service::Ecs.host(Site::China, Some("cn-beijing")),
            "ecs.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            Service::Cms.host(Site::China, Some("cn-beijing")),
            "metrics.cn-beijing.aliyuncs.com"
        );
    }
}
