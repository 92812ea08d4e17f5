//! Alibaba Cloud's OpenAPI as a mock: RPC-style POST requests signed with
//! ACS3-HMAC-SHA256 (verified by [`verify`]), routed by the `Host` the
//! request was signed for (`business.*`, `ecs.*`, `vpc.*`, `metrics.*`) and
//! the `x-acs-action` header, answered in the documented JSON shapes, with
//! the gateway's `{RequestId, HostId, Code, Message}` errors; and OSS
//! (`oss.rs`) holding the bill subscription's files (`bill_files.rs`).

mod bill_files;
mod bills;
mod errors;
mod inventory;
mod monitoring;
mod oss;
mod signing;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use serde_json::Value;

pub use bill_files::AlibabaBills;
pub use monitoring::cpu_tenths;

use errors::{error_body, respond};

use crate::bill_bucket::{xml_error, BillBucket, BillBucketSpec};
use crate::{
    cents_text, Account, Handled, MockCloud, MockKind, RawRequest, RawResponse, ResourceKind,
};

type Params = BTreeMap<String, String>;

/// Nonces remembered before the set starts over.
const MAX_NONCES: usize = 1 << 20;
/// An answer before the harness wraps it (the request id is added last).
type Reply = (u16, Value);

/// Serves one account to one access key.
pub struct AlibabaMock {
    key_id: String,
    secret: String,
    /// Nonces seen, so a replayed request is refused like the gateway does.
    nonces: Mutex<HashSet<String>>,
    /// The OSS bucket the bill subscription delivers to, if any.
    bucket: Option<(BillBucketSpec, BillBucket)>,
}

impl AlibabaMock {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            nonces: Mutex::new(HashSet::new()),
            bucket: None,
        }
    }

    /// Bills subscribed to an OSS bucket as `spec` says.
    pub fn with_bucket(mut self, spec: BillBucketSpec) -> Self {
        self.bucket = Some((spec, BillBucket::default()));
        self
    }

    /// An OSS request: its signature, its bucket, then the listing or object.
    fn oss(
        &self,
        req: &RawRequest,
        (bucket, region): (String, String),
        account: &Account,
        page_size: usize,
        now: i64,
    ) -> Handled {
        if let Err((status, code, message)) =
            oss::verify(req, &bucket, &region, &self.key_id, &self.secret, now)
        {
            return Handled {
                response: xml_error(oss::ID_HEADER, status, code, &message),
                bad_signature: true,
            };
        }
        let response = match &self.bucket {
            Some((spec, store)) if spec.bucket == bucket => {
                match store.objects(account, spec, &AlibabaBills) {
                    Ok(objects) => oss::STORE.answer(req, &bucket, &objects, page_size),
                    Err(e) => xml_error(oss::ID_HEADER, 500, "InternalError", &e.to_string()),
                }
            }
            _ => xml_error(
                oss::ID_HEADER,
                404,
                "NoSuchBucket",
                "The specified bucket does not exist.",
            ),
        };
        Handled {
            response,
            bad_signature: false,
        }
    }
}

/// Starts `mock` serving `account`.
pub fn start_alibaba_with(account: Account, mock: AlibabaMock) -> std::io::Result<MockCloud> {
    MockCloud::start(mock, account, 0)
}

/// Starts a mock of `account` that accepts requests signed by `key_id` / `secret`.
pub fn start_alibaba(account: Account, key_id: &str, secret: &str) -> std::io::Result<MockCloud> {
    MockCloud::start(AlibabaMock::new(key_id, secret), account, 0)
}

/// The product a request's host belongs to, in the client's allow-list words.
fn service(req: &RawRequest) -> &'static str {
    let host = req.header("host").unwrap_or_default();
    match host.split('.').next().unwrap_or_default() {
        "business" => "BssOpenApi",
        "ecs" => "ECS",
        "vpc" => "VPC",
        "metrics" => "CMS",
        _ => "Unknown",
    }
}

/// A JSON number with exactly the digits of `cents` as a decimal (parsed
/// from that text, as the real API's serializer would print it).
pub(crate) fn amount(cents: i64) -> Value {
    serde_json::from_str(&cents_text(cents)).unwrap_or(Value::Null)
}

/// Tags as bills write them: `key:k value:v;key:k2 value:v2`.
fn tag_text(tags: &[(String, String)]) -> String {
    tags.iter()
        .map(|(k, v)| format!("key:{k} value:{v}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Regions as the China site's bills and consoles name them.
fn region_name(id: &str) -> String {
    match id {
        "cn-hangzhou" => "华东1（杭州）",
        "cn-shanghai" => "华东2（上海）",
        "cn-beijing" => "华北2（北京）",
        "cn-shenzhen" => "华南1（深圳）",
        "ap-southeast-1" => "新加坡",
        other => other,
    }
    .to_string()
}

impl MockKind for AlibabaMock {
    fn action(&self, req: &RawRequest) -> String {
        if oss::bucket_host(req).is_some() {
            return oss::STORE.action(req);
        }
        format!(
            "{}:{}",
            service(req),
            req.header("x-acs-action").unwrap_or("Unknown")
        )
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        if let Some(host) = oss::bucket_host(req) {
            return self.oss(req, host, account, page_size, now);
        }
        if let Err(r) = signing::verify(req, &self.key_id, &self.secret, now) {
            return Handled {
                response: respond(req, error_body(r.status, r.code, &r.message)),
                bad_signature: r.bad_signature,
            };
        }
        let nonce = req
            .header("x-acs-signature-nonce")
            .unwrap_or_default()
            .to_string();
        let fresh = self
            .nonces
            .lock()
            .map(|mut seen| {
                // The gateway only needs nonces within the date window; a
                // long benchmark must not grow this without bound.
                if seen.len() >= MAX_NONCES {
                    seen.clear();
                }
                seen.insert(nonce)
            })
            .unwrap_or(true);
        if !fresh {
            let reply = error_body(
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            );
            return Handled {
                response: respond(req, reply),
                bad_signature: false,
            };
        }
        if req.method != "POST" && req.method != "GET" {
            let reply = error_body(
                400,
                "UnsupportedHTTPMethod",
                "This http method is not supported.",
            );
            return Handled {
                response: respond(req, reply),
                bad_signature: false,
            };
        }
        let p = signing::params(&req.query);
        let version = req.header("x-acs-version").unwrap_or_default();
        let expected = match service(req) {
            "BssOpenApi" => "2017-12-14",
            "ECS" => "2014-05-26",
            "VPC" => "2016-04-28",
            "CMS" => "2019-01-01",
            _ => "",
        };
        let reply = if version != expected {
            error_body(
                400,
                "InvalidVersion",
                "Specified parameter Version is not valid.",
            )
        } else {
            match self.action(req).as_str() {
                "BssOpenApi:DescribeInstanceBill" => {
                    bills::describe_instance_bill(&p, account, page_size)
                }
                "BssOpenApi:QueryBillOverview" => bills::query_bill_overview(&p, account),
                "ECS:DescribeRegions" => inventory::describe_regions(account),
                "ECS:DescribeInstances" => {
                    inventory::describe(ResourceKind::Instance, &p, account, page_size)
                }
                "ECS:DescribeDisks" => {
                    inventory::describe(ResourceKind::Disk, &p, account, page_size)
                }
                "VPC:DescribeEipAddresses" => {
                    inventory::describe(ResourceKind::Ip, &p, account, page_size)
                }
                "CMS:DescribeMetricList" => {
                    monitoring::describe_metric_list(&p, account, page_size)
                }
                _ => error_body(
                    404,
                    "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.",
                ),
            }
        };
        Handled {
            response: respond(req, reply),
            bad_signature: false,
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        if oss::bucket_host(req).is_some() {
            return oss::STORE.throttled();
        }
        errors::throttled(req)
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        if oss::bucket_host(req).is_some() {
            return oss::STORE.server_error();
        }
        errors::server_error(req)
    }
}
