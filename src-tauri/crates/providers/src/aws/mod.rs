//! Amazon Web Services: a read-only client of Cost Explorer (daily costs by
//! service and linked account, month totals), S3 (the Data Exports bucket:
//! `ListObjectsV2`, `GetObject`), EC2 (instances, volumes, Elastic IPs,
//! regions), CloudWatch (`GetMetricData` CPU) and STS (`GetCallerIdentity`,
//! `AssumeRole`). Every request is SigV4-signed and made by
//! [`Client::start`], which refuses anything outside [`ALLOWED_ACTIONS`]
//! before a request is built. The partition (`aws` or `aws-cn`) follows the
//! connection's site: the international site is the global partition, the
//! China site the Beijing and Ningxia regions. The client does not retry;
//! the sync engine does.

mod bills;
mod bucket;
mod credentials;
mod errors;
mod inventory;
mod monitoring;
pub mod signing;

use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use bucket::{parse_manifest, ExportManifest};

use self::credentials::{Keys, TempCredentials};
use self::errors::provider_error;
use crate::{ClientConfig, InventoryKind, PolicyGuide, ProviderError, RateLimit, Site};

/// Exactly the read-only actions this client calls, `service:Action` as IAM
/// names them (`ListObjectsV2` is authorised by `s3:ListBucket`).
pub const ALLOWED_ACTIONS: &[&str] = &[
    "ce:GetCostAndUsage",
    "s3:ListBucket",
    "s3:GetObject",
    "ec2:DescribeRegions",
    "ec2:DescribeInstances",
    "ec2:DescribeVolumes",
    "ec2:DescribeAddresses",
    "cloudwatch:GetMetricData",
    "sts:GetCallerIdentity",
    "sts:AssumeRole",
];

/// How an action is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// JSON 1.1 POST with `X-Amz-Target` (Cost Explorer).
    Json { target: &'static str },
    /// Form POST with `Action` and `Version` (STS, EC2, CloudWatch).
    Query { version: &'static str },
    /// REST GET on the bucket's host (S3).
    Rest,
}

/// The signing name, the protocol and whether the API is regional.
fn route(action: &str) -> Option<(&'static str, Protocol)> {
    Some(match action {
        "ce:GetCostAndUsage" => (
            "ce",
            Protocol::Json {
                target: "AWSInsightsIndexService.GetCostAndUsage",
            },
        ),
        "s3:ListBucket" | "s3:GetObject" => ("s3", Protocol::Rest),
        "ec2:DescribeRegions"
        | "ec2:DescribeInstances"
        | "ec2:DescribeVolumes"
        | "ec2:DescribeAddresses" => (
            "ec2",
            Protocol::Query {
                version: "2016-11-15",
            },
        ),
        "cloudwatch:GetMetricData" => (
            "monitoring",
            Protocol::Query {
                version: "2010-08-01",
            },
        ),
        "sts:GetCallerIdentity" | "sts:AssumeRole" => (
            "sts",
            Protocol::Query {
                version: "2011-06-15",
            },
        ),
        _ => return None,
    })
}

/// Cost Explorer's single endpoint of a partition, with its signing region.
fn cost_explorer(site: Site) -> (&'static str, &'static str) {
    match site {
        Site::China => ("ce.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
        Site::International => ("ce.us-east-1.amazonaws.com", "us-east-1"),
    }
}

pub fn policy_guide() -> PolicyGuide {
    let actions: Vec<String> = ALLOWED_ACTIONS.iter().map(|a| a.to_string()).collect();
    let doc = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudLensReadCostsInventoryAndMetrics",
                "Effect": "Allow",
                "Action": [
                    "ce:GetCostAndUsage",
                    "ec2:DescribeRegions",
                    "ec2:DescribeInstances",
                    "ec2:DescribeVolumes",
                    "ec2:DescribeAddresses",
                    "cloudwatch:GetMetricData",
                    "sts:GetCallerIdentity"
                ],
                "Resource": "*"
            },
            {
                "Sid": "CloudLensListTheExportPrefix",
                "Effect": "Allow",
                "Action": "s3:ListBucket",
                "Resource": "arn:aws:s3:::EXPORT-BUCKET",
                "Condition": {"StringLike": {"s3:prefix": ["EXPORT-PREFIX/*"]}}
            },
            {
                "Sid": "CloudLensReadTheExportFiles",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::EXPORT-BUCKET/EXPORT-PREFIX/*"
            },
            {
                "Sid": "CloudLensAssumeTheReadOnlyRole",
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Resource": "arn:aws:iam::ACCOUNT-ID:role/ROLE-NAME"
            }
        ]
    });
    PolicyGuide {
        // Billing read-only covers Cost Explorer; ReadOnlyAccess the rest
        // (broader than needed: the custom policy is the exact grant).
        managed_policies: vec![
            "AWSBillingReadOnlyAccess".to_string(),
            "ReadOnlyAccess".to_string(),
        ],
        custom_policy: serde_json::to_string_pretty(&doc).unwrap_or_default(),
        actions,
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    /// The assumed role's temporary keys, shared by clones of the client.
    assumed: Arc<tokio::sync::Mutex<Option<TempCredentials>>>,
}

/// A request about to be signed: where it goes and what it carries.
struct Outgoing {
    host: String,
    region: String,
    service: &'static str,
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self {
            config,
            http,
            assumed: Arc::new(tokio::sync::Mutex::new(None)),
        }
    }

    fn suffix(&self) -> &'static str {
        match self.config.site {
            Site::China => "amazonaws.com.cn",
            Site::International => "amazonaws.com",
        }
    }

    /// The configured region, or the partition's first.
    pub(crate) fn home_region(&self) -> String {
        self.config.region.clone().unwrap_or_else(|| {
            match self.config.site {
                Site::China => "cn-north-1",
                Site::International => "us-east-1",
            }
            .to_string()
        })
    }

    fn now(&self) -> i64 {
        (self.config.clock)()
    }

    crate::answer::whole_answer_methods!(request_id: request_id);

    /// Sends `action` through the allow-list and the signer and returns the
    /// successful response with its body unread, for a caller that streams
    /// it (an export file). `Region` picks a regional endpoint; `Body` is a
    /// JSON request's body; `Key` an object's key; other parameters are the
    /// form's or query's.
    pub(crate) async fn start(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<reqwest::Response, ProviderError> {
        if !ALLOWED_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let keys = self.keys().await?;
        self.send_with(action, params, &keys).await
    }

    /// Signs and sends with `keys` (the role's, or the connection's own when
    /// the role itself is being assumed).
    async fn send_with(
        &self,
        action: &str,
        params: &[(&str, &str)],
        keys: &Keys,
    ) -> Result<reqwest::Response, ProviderError> {
        let out = self.outgoing(action, params)?;
        let payload = hex::encode(Sha256::digest(&out.body));
        let amz_date = signing::amz_date(self.now());
        let mut headers = out.headers.clone();
        headers.push(("host".into(), out.host.clone()));
        headers.push(("x-amz-date".into(), amz_date.clone()));
        if out.service == "s3" {
            headers.push(("x-amz-content-sha256".into(), payload.clone()));
        }
        if let Some(token) = &keys.session_token {
            headers.push(("x-amz-security-token".into(), token.to_string()));
        }
        let signed = signing::sign(
            &signing::SignInput {
                method: out.method,
                path: &out.path,
                query: &out.query,
                headers: &headers,
                payload_sha256: &payload,
                amz_date: &amz_date,
                region: &out.region,
                service: out.service,
                normalize_path: out.service != "s3",
            },
            &signing::Keys {
                access_key_id: &keys.access_key_id,
                secret_access_key: &keys.secret_access_key,
            },
        );
        let base = match &self.config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{}", out.host),
        };
        let mut url = format!(
            "{base}{}",
            signing::canonical_path(&out.path, out.service != "s3")
        );
        let query = signing::canonical_query(&out.query);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let method = if out.method == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut req = self
            .http
            .request(method, url)
            .timeout(self.config.timeout)
            .header(reqwest::header::AUTHORIZATION, signed.authorization);
        for (k, v) in &headers {
            req = req.header(k.as_str(), v.as_str());
        }
        crate::answer::send(action, req.body(out.body), request_id, |f| {
            let id = (!f.request_id.is_empty()).then_some(f.request_id.as_str());
            provider_error(action, f.status, &f.body, id)
        })
        .await
    }

    fn outgoing(&self, action: &str, params: &[(&str, &str)]) -> Result<Outgoing, ProviderError> {
        let (service, protocol) =
            route(action).ok_or_else(|| ProviderError::not_allowed(action))?;
        let name = action.split_once(':').map_or(action, |(_, n)| n);
        let param = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let region = param("Region").map_or_else(|| self.home_region(), str::to_string);
        let rest = || {
            params
                .iter()
                .filter(|(k, _)| !matches!(*k, "Region" | "Body" | "Key"))
        };
        Ok(match protocol {
            Protocol::Json { target } => {
                let (host, region) = cost_explorer(self.config.site);
                Outgoing {
                    host: host.to_string(),
                    region: region.to_string(),
                    service,
                    method: "POST",
                    path: "/".into(),
                    query: Vec::new(),
                    headers: vec![
                        ("content-type".into(), "application/x-amz-json-1.1".into()),
                        ("x-amz-target".into(), target.into()),
                    ],
                    body: param("Body").unwrap_or("{}").as_bytes().to_vec(),
                }
            }
            Protocol::Query { version } => {
                let mut form: Vec<(String, String)> = vec![
                    ("Action".into(), name.into()),
                    ("Version".into(), version.into()),
                ];
                form.extend(rest().map(|(k, v)| (k.to_string(), v.to_string())));
                Outgoing {
                    host: format!("{service}.{region}.{}", self.suffix()),
                    region,
                    service,
                    method: "POST",
                    path: "/".into(),
                    query: Vec::new(),
                    headers: vec![(
                        "content-type".into(),
                        "application/x-www-form-urlencoded; charset=utf-8".into(),
                    )],
                    body: signing::canonical_query(&form).into_bytes(),
                }
            }
            Protocol::Rest => {
                let bucket = self.config.extra.bucket.as_deref().ok_or_else(|| {
                    ProviderError::new(
                        crate::ErrorKind::InvalidRequest,
                        format!("{action}: the connection names no bucket"),
                    )
                })?;
                let path = match param("Key") {
                    Some(key) => format!("/{key}"),
                    None => "/".to_string(),
                };
                Outgoing {
                    host: format!("{bucket}.s3.{region}.{}", self.suffix()),
                    region,
                    service,
                    method: "GET",
                    path,
                    query: rest()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    headers: Vec::new(),
                    body: Vec::new(),
                }
            }
        })
    }

    /// Cost Explorer publishes no request rate (each request is billed, so
    /// few are made; 5 a second stays clear of its throttling); EC2's
    /// Describe* calls refill at 20 a second; CloudWatch `GetMetricData`
    /// allows 50 a second.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 5,
            inventory: 20,
            monitor: 50,
        }
    }

    /// S3 serves at least 5,500 GET requests a second per prefix.
    pub fn object_rate(&self) -> u32 {
        5_500
    }

    /// Cost Explorer pages a month with `NextPageToken`: windows are months.
    pub fn bills_by_day(&self) -> bool {
        false
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip,
        ]
    }

    /// Instances per `GetMetricData` request.
    pub fn utilisation_batch(&self) -> usize {
        monitoring::BATCH
    }
}

/// `x-amz-request-id` (S3) or `x-amzn-requestid` (the others).
fn request_id(resp: &reqwest::Response) -> String {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .find_map(|h| resp.headers().get(*h).and_then(|v| v.to_str().ok()))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_grants_exactly_the_allow_list() {
        let g = policy_guide();
        let doc: serde_json::Value = serde_json::from_str(&g.custom_policy).unwrap_or_default();
        let mut granted: Vec<String> = Vec::new();
        for s in doc["Statement"].as_array().cloned().unwrap_or_default() {
            match &s["Action"] {
                serde_json::Value::String(a) => granted.push(a.clone()),
                serde_json::Value::Array(a) => {
                    granted.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                }
                _ => {}
            }
            assert_eq!(s["Effect"], "Allow");
        }
        granted.sort();
        let mut allowed: Vec<String> = ALLOWED_ACTIONS.iter().map(|a| a.to_string()).collect();
        allowed.sort();
        assert_eq!(granted, allowed);
        assert!(ALLOWED_ACTIONS.iter().all(|a| {
            let n = a.split(':').nth(1).unwrap_or("");
            n.starts_with("Get")
                || n.starts_with("Describe")
                || n.starts_with("List")
                || n == "AssumeRole"
        }));
        assert!(ALLOWED_ACTIONS.iter().all(|a| route(a).is_some()));
    }
}
