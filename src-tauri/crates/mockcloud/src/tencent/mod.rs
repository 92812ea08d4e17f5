//! Tencent Cloud API 3.0 as a mock: JSON POSTs to `/` on the service's
//! host (`billing.`, `cvm.`, `cbs.`, `vpc.`, `monitor.tencentcloudapi.com`),
//! action in `X-TC-Action`, every request's TC3-HMAC-SHA256 signature
//! verified, answers `{"Response": {..., "RequestId"}}` with errors (and
//! throttling) inside HTTP 200 bodies as the real gateway sends them; and
//! COS (`cos.rs`) holding the bill storage's files (`bill_files.rs`).

mod bill_files;
mod bills;
mod cos;
mod errors;
mod inventory;
mod monitoring;
mod signing;

use serde_json::Value;

use crate::bill_bucket::{xml_error, BillBucket, BillBucketSpec};
use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse};

pub use bill_files::TencentBills;
pub use inventory::{instance_type, region, resource_id};
pub use monitoring::cpu_percent;

use errors::{error, error_with_status};

/// The mock of one Tencent Cloud account, accepting one key.
pub struct TencentMock {
    key_id: String,
    secret: String,
    /// The COS bucket bills are stored to, if any.
    bucket: Option<(BillBucketSpec, BillBucket)>,
}

impl TencentMock {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            bucket: None,
        }
    }

    /// Bills stored to a COS bucket as `spec` says.
    pub fn with_bucket(mut self, spec: BillBucketSpec) -> Self {
        self.bucket = Some((spec, BillBucket::default()));
        self
    }

    /// A COS request: its signature, its bucket, then the listing or object.
    fn cos(
        &self,
        req: &RawRequest,
        bucket: String,
        account: &Account,
        page_size: usize,
        now: i64,
    ) -> Handled {
        if let Err((status, code, message)) = cos::verify(req, &self.key_id, &self.secret, now) {
            return Handled {
                response: xml_error(cos::ID_HEADER, status, code, &message),
                bad_signature: true,
            };
        }
        let response = match &self.bucket {
            Some((spec, store)) if spec.bucket == bucket => {
                match store.objects(account, spec, &TencentBills) {
                    Ok(objects) => cos::STORE.answer(req, &bucket, &objects, page_size),
                    Err(e) => xml_error(cos::ID_HEADER, 500, "InternalError", &e.to_string()),
                }
            }
            _ => xml_error(
                cos::ID_HEADER,
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
pub fn start_tencent_with(account: Account, mock: TencentMock) -> std::io::Result<MockCloud> {
    MockCloud::start(mock, account, 0)
}

/// Starts a Tencent mock of `account` on a free port, accepting `key_id`/`secret`.
pub fn start_tencent(account: Account, key_id: &str, secret: &str) -> std::io::Result<MockCloud> {
    MockCloud::start(TencentMock::new(key_id, secret), account, 0)
}

/// The service a request is addressed to: the first label of its `Host`.
fn service(req: &RawRequest) -> String {
    req.header("host")
        .and_then(|h| h.split('.').next())
        .map(|s| s.split(':').next().unwrap_or(s).to_string())
        .unwrap_or_default()
}

fn version(service: &str) -> Option<&'static str> {
    Some(match service {
        "billing" => "2018-07-09",
        "cvm" | "cbs" | "vpc" => "2017-03-12",
        "monitor" => "2018-07-24",
        _ => return None,
    })
}

impl MockKind for TencentMock {
    fn action(&self, req: &RawRequest) -> String {
        if cos::bucket_host(req).is_some() {
            return cos::STORE.action(req);
        }
        format!(
            "{}:{}",
            service(req),
            req.header("x-tc-action").unwrap_or("")
        )
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        if let Some(bucket) = cos::bucket_host(req) {
            return self.cos(req, bucket, account, page_size, now);
        }
        let service = service(req);
        if let Err(r) = signing::verify(req, &self.key_id, &self.secret, &service, now) {
            return Handled {
                response: error(r.code, &r.message),
                bad_signature: true,
            };
        }
        let response = answer(req, &service, account, page_size.max(1));
        Handled {
            response,
            bad_signature: false,
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        if cos::bucket_host(req).is_some() {
            return cos::STORE.throttled();
        }
        error(
            "RequestLimitExceeded",
            "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
        )
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        if cos::bucket_host(req).is_some() {
            return cos::STORE.server_error();
        }
        error_with_status(
            500,
            "InternalError",
            "An internal error has occurred. Retry your request, but if the problem persists, contact us.",
        )
    }
}

fn answer(req: &RawRequest, service: &str, account: &Account, page_size: usize) -> RawResponse {
    if req.method != "POST" {
        return error("InvalidParameter", "Only POST with a JSON body is mocked.");
    }
    let Some(expected) = version(service) else {
        return error(
            "InvalidAction",
            &format!("The service {service} is not mocked."),
        );
    };
    if req.header("x-tc-version") != Some(expected) {
        return error(
            "NoSuchVersion",
            &format!("The API version must be {expected}."),
        );
    }
    let body: Value = match serde_json::from_slice(&req.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => return error("InvalidParameter", "The request body is not a JSON object."),
    };
    let region = req.header("x-tc-region");
    let action = req.header("x-tc-action").unwrap_or("");
    match (service, action) {
        ("billing", "DescribeBillDetail") => bills::bill_detail(&body, account, page_size),
        ("billing", "DescribeBillResourceSummary") => {
            bills::resource_summary(&body, account, page_size)
        }
        ("billing", "DescribeAccountBalance") => bills::account_balance(account),
        ("cvm", "DescribeRegions") => inventory::regions(account),
        ("cvm", "DescribeInstances") | ("cbs", "DescribeDisks") | ("vpc", "DescribeAddresses") => {
            match region {
                Some(r) => inventory::list(service, r, &body, account, page_size),
                None => error(
                    "MissingParameter",
                    "The request is missing a required parameter `Region`.",
                ),
            }
        }
        ("monitor", "GetMonitorData") => match region {
            Some(r) => monitoring::monitor_data(r, &body, account),
            None => error(
                "MissingParameter",
                "The request is missing a required parameter `Region`.",
            ),
        },
        _ => error(
            "InvalidAction",
            &format!("The action {service}:{action} does not exist or is not mocked."),
        ),
    }
}

/// `Offset`/`Limit` of a request: the limit defaults to 20 and may not
/// exceed the action's maximum; the page is also capped by the harness.
pub(crate) fn paging(
    body: &Value,
    max: u64,
    page_size: usize,
) -> Result<(usize, usize), RawResponse> {
    let offset = match body.get("Offset") {
        None => 0,
        Some(v) => v.as_u64().ok_or_else(|| {
            error(
                "InvalidParameterValue",
                "Offset must be a non-negative integer.",
            )
        })?,
    };
    let limit = match body.get("Limit") {
        None => 20,
        Some(v) => match v.as_u64() {
            Some(l) if (1..=max).contains(&l) => l,
            _ => {
                return Err(error(
                    "InvalidParameterValue",
                    &format!("Limit must be an integer from 1 to {max}."),
                ))
            }
        },
    };
    Ok((offset as usize, (limit as usize).min(page_size)))
}
