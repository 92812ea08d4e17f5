//! AWS as a mock: Cost Explorer, S3 (the Data Export's bucket), EC2,
//! CloudWatch and STS, each on its documented host (sent in `Host`, so one
//! local port serves them all), every request's SigV4 signature verified
//! ([`signing`]), answers and errors in each protocol's own shape, and
//! throttling the AWS way: Cost Explorer `ThrottlingException` (400), STS
//! and CloudWatch `Throttling` (400), EC2 `RequestLimitExceeded` (503), S3
//! `SlowDown` (503).

mod bills;
mod bucket;
mod credentials;
mod errors;
mod exports;
pub(crate) mod files;
mod inventory;
mod monitoring;
mod signing;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub use exports::{ExportSpec, ExportTable};
pub use files::FileFormat;
pub use inventory::{instance_type, region, resource_id, service};
pub use monitoring::cpu_percent;

use self::credentials::Session;
use self::errors::{error, Shape};
use self::exports::{ExportCache, Object};
use self::signing::{decode, KnownKey};
use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse};

/// The mock of one AWS account, accepting one access key (and, when told
/// a role, the session keys it hands out for it).
pub struct AwsMock {
    key_id: String,
    secret: String,
    role_arn: Option<String>,
    export: Option<ExportSpec>,
    cache: Mutex<ExportCache>,
    sessions: Mutex<Vec<Session>>,
    seq: AtomicU64,
}

impl AwsMock {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            role_arn: None,
            export: None,
            cache: Mutex::new(ExportCache::default()),
            sessions: Mutex::new(Vec::new()),
            seq: AtomicU64::new(0),
        }
    }

    /// The role `AssumeRole` grants (with the account's own key only).
    pub fn with_role(mut self, role_arn: &str) -> Self {
        self.role_arn = Some(role_arn.to_string());
        self
    }

    /// The Data Export its bucket holds.
    pub fn with_export(mut self, spec: ExportSpec) -> Self {
        self.export = Some(spec);
        self
    }
}

/// Starts an AWS mock of `account` with a CUR 2.0 export in gzipped CSV.
pub fn start_aws(account: Account, key_id: &str, secret: &str) -> std::io::Result<MockCloud> {
    let mock = AwsMock::new(key_id, secret)
        .with_export(ExportSpec::new(ExportTable::Cur2, FileFormat::CsvGzip));
    start_aws_with(account, mock)
}

/// Starts `mock` serving `account`, its export generated before the first request.
pub fn start_aws_with(account: Account, mock: AwsMock) -> std::io::Result<MockCloud> {
    if let Some(spec) = &mock.export {
        lock(&mock.cache).objects(&account, spec)?;
    }
    MockCloud::start(mock, account, 0)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Which API a request is for, read from its `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Api {
    CostExplorer { region: String },
    Sts { region: String },
    Ec2 { region: String },
    CloudWatch { region: String },
    S3 { bucket: String, region: String },
}

impl Api {
    fn of(req: &RawRequest) -> Option<Api> {
        let host = req.header("host")?.split(':').next()?;
        let rest = host
            .strip_suffix(".amazonaws.com.cn")
            .or_else(|| host.strip_suffix(".amazonaws.com"))?;
        let parts: Vec<&str> = rest.split('.').collect();
        match parts.as_slice() {
            [bucket @ .., "s3", region] if !bucket.is_empty() => Some(Api::S3 {
                bucket: bucket.join("."),
                region: region.to_string(),
            }),
            [service, region] => {
                let region = region.to_string();
                Some(match *service {
                    "ce" => Api::CostExplorer { region },
                    "sts" => Api::Sts { region },
                    "ec2" => Api::Ec2 { region },
                    "monitoring" => Api::CloudWatch { region },
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    fn shape(&self) -> Shape {
        match self {
            Api::CostExplorer { .. } => Shape::Json,
            Api::Sts { .. } | Api::CloudWatch { .. } => Shape::Query,
            Api::Ec2 { .. } => Shape::Ec2,
            Api::S3 { .. } => Shape::S3,
        }
    }

    /// The signing name and region.
    fn scope(&self) -> (&'static str, &str) {
        match self {
            Api::CostExplorer { region } => ("ce", region),
            Api::Sts { region } => ("sts", region),
            Api::Ec2 { region } => ("ec2", region),
            Api::CloudWatch { region } => ("monitoring", region),
            Api::S3 { region, .. } => ("s3", region),
        }
    }
}

/// A form body's fields, decoded.
fn form(req: &RawRequest) -> Vec<(String, String)> {
    String::from_utf8_lossy(&req.body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn form_action(req: &RawRequest) -> String {
    form(req)
        .into_iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v)
        .unwrap_or_default()
}

impl AwsMock {
    fn objects(&self, account: &Account) -> Result<Vec<Object>, RawResponse> {
        let Some(spec) = &self.export else {
            return Ok(Vec::new());
        };
        lock(&self.cache)
            .objects(account, spec)
            .map_err(|e| error(Shape::S3, 500, "InternalError", &e.to_string()))
    }

    fn answer(
        &self,
        api: &Api,
        req: &RawRequest,
        signer: &str,
        account: &Account,
        page_size: usize,
        now: i64,
    ) -> RawResponse {
        let shape = api.shape();
        match api {
            Api::CostExplorer { .. } => match req.header("x-amz-target") {
                Some("AWSInsightsIndexService.GetCostAndUsage") => {
                    bills::cost_and_usage(&req.body, account, page_size)
                }
                _ => error(
                    shape,
                    400,
                    "UnknownOperationException",
                    "The operation is not mocked.",
                ),
            },
            Api::Sts { .. } => {
                let fields = form(req);
                match form_action(req).as_str() {
                    "GetCallerIdentity" => credentials::caller_identity(account, signer),
                    "AssumeRole" => {
                        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
                        match credentials::assume_role(
                            &fields,
                            self.role_arn.as_deref(),
                            signer != self.key_id,
                            seq,
                            now,
                        ) {
                            Ok((session, answer)) => {
                                lock(&self.sessions).push(session);
                                answer
                            }
                            Err(refusal) => refusal,
                        }
                    }
                    other => error(
                        shape,
                        400,
                        "InvalidAction",
                        &format!("Could not find operation {other}."),
                    ),
                }
            }
            Api::Ec2 { region } => match form_action(req).as_str() {
                "DescribeRegions" => inventory::regions(account),
                a @ ("DescribeInstances" | "DescribeVolumes" | "DescribeAddresses") => {
                    inventory::list(a, &form(req), region, account, page_size)
                }
                other => error(
                    shape,
                    400,
                    "InvalidAction",
                    &format!("The action {other} is not valid for this web service."),
                ),
            },
            Api::CloudWatch { region } => match form_action(req).as_str() {
                "GetMetricData" => monitoring::metric_data(&form(req), region, account),
                other => error(
                    shape,
                    400,
                    "InvalidAction",
                    &format!("Could not find operation {other}."),
                ),
            },
            Api::S3 { bucket, .. } => {
                if self.export.as_ref().map(|e| e.bucket.as_str()) != Some(bucket.as_str()) {
                    return error(
                        shape,
                        404,
                        "NoSuchBucket",
                        "The specified bucket does not exist",
                    );
                }
                if req.method != "GET" {
                    return error(
                        shape,
                        405,
                        "MethodNotAllowed",
                        "The specified method is not allowed against this resource.",
                    );
                }
                let objects = match self.objects(account) {
                    Ok(o) => o,
                    Err(e) => return e,
                };
                if req.path == "/" || req.path.is_empty() {
                    bucket::list(bucket, &req.query, &objects, page_size)
                } else {
                    bucket::get(&req.path, &objects)
                }
            }
        }
    }
}

impl MockKind for AwsMock {
    fn action(&self, req: &RawRequest) -> String {
        match Api::of(req) {
            Some(Api::CostExplorer { .. }) => format!(
                "ce:{}",
                req.header("x-amz-target")
                    .and_then(|t| t.rsplit('.').next())
                    .unwrap_or("")
            ),
            Some(Api::Sts { .. }) => format!("sts:{}", form_action(req)),
            Some(Api::Ec2 { .. }) => format!("ec2:{}", form_action(req)),
            Some(Api::CloudWatch { .. }) => format!("cloudwatch:{}", form_action(req)),
            Some(Api::S3 { .. }) if req.path == "/" || req.path.is_empty() => {
                "s3:ListBucket".into()
            }
            Some(Api::S3 { .. }) => "s3:GetObject".into(),
            None => "unknown".into(),
        }
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        let Some(api) = Api::of(req) else {
            return Handled {
                response: error(
                    Shape::S3,
                    400,
                    "InvalidURI",
                    "The host is not an AWS endpoint the mock serves.",
                ),
                bad_signature: false,
            };
        };
        let (service, region) = api.scope();
        let sessions = lock(&self.sessions).clone();
        let verified = signing::verify(req, region, service, now, |id| {
            if id == self.key_id {
                return Some(KnownKey {
                    secret: &self.secret,
                    session: None,
                });
            }
            sessions.iter().find(|s| s.key_id == id).map(|s| KnownKey {
                secret: &s.secret,
                session: Some((&s.token, s.expires_at)),
            })
        });
        match verified {
            Ok(signer) => Handled {
                response: self.answer(&api, req, &signer, account, page_size.max(1), now),
                bad_signature: false,
            },
            Err(r) => Handled {
                response: error(api.shape(), r.status, r.code, &r.message),
                bad_signature: true,
            },
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        errors::throttled(Api::of(req).map_or(Shape::S3, |a| a.shape()))
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        errors::server_error(Api::of(req).map_or(Shape::S3, |a| a.shape()))
    }
}
