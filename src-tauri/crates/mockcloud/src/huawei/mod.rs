//! Huawei Cloud's APIs as a mock: the API gateway's AK/SK check, BSS v2
//! resource details, fee records and yearly/monthly resources, IAM
//! projects, ECS servers, EVS disks, VPC EIPs and Cloud Eye CPU, paged the
//! way each documents (BSS and EVS: row `offset` from 0; ECS: `offset` is a
//! page number from 1; VPC: `marker`), with the gateway's throttling and
//! the services' error shapes; and OBS (`obs.rs`) holding the subscribed
//! bill files (`bill_files.rs`).

mod addresses;
mod bill_files;
mod bills;
mod disks;
mod errors;
mod inventory;
mod monitoring;
mod obs;
mod signing;
mod subscriptions;

use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

pub use bill_files::HuaweiBills;
pub use inventory::{flavor_of, project_id, region_of, status_of};
pub use monitoring::cpu_percent;

use addresses::publicips_project;
use disks::volumes_project;
use errors::{gateway_error, reply, service_error};
use inventory::servers_project;
use monitoring::metrics_project;

use crate::bill_bucket::{xml_error, BillBucket, BillBucketSpec};
use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse};

const RES_RECORDS: &str = "/v2/bills/customer-bills/res-records/query";
const FEE_RECORDS: &str = "/v2/bills/customer-bills/fee-records";
const MONTHLY_SUM: &str = "/v2/bills/customer-bills/monthly-sum";
const PROJECTS: &str = "/v3/projects";
const SUBSCRIPTIONS: &str = "/v2/orders/suscriptions/resources/query";
const BSS_HOSTS: [&str; 2] = ["bss.myhuaweicloud.com", "bss-intl.myhuaweicloud.com"];
const IAM_HOST: &str = "iam.myhuaweicloud.com";

/// Serves one account to the holder of one AK/SK pair.
pub struct HuaweiMock {
    key_id: String,
    secret: String,
    seq: AtomicU64,
    /// The OBS bucket bills are subscribed to, if any.
    bucket: Option<(BillBucketSpec, BillBucket)>,
}

impl HuaweiMock {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            seq: AtomicU64::new(0),
            bucket: None,
        }
    }

    /// Bills subscribed to an OBS bucket as `spec` says.
    pub fn with_bucket(mut self, spec: BillBucketSpec) -> Self {
        self.bucket = Some((spec, BillBucket::default()));
        self
    }

    /// An OBS request: its signature, its bucket, then the listing or object.
    fn obs(
        &self,
        req: &RawRequest,
        bucket: String,
        account: &Account,
        page_size: usize,
        now: i64,
    ) -> Handled {
        if let Err((status, code, message)) =
            obs::verify(req, &bucket, &self.key_id, &self.secret, now)
        {
            return Handled {
                response: xml_error(obs::ID_HEADER, status, code, &message),
                bad_signature: true,
            };
        }
        let response = match &self.bucket {
            Some((spec, store)) if spec.bucket == bucket => {
                match store.objects(account, spec, &HuaweiBills) {
                    Ok(objects) => obs::STORE.answer(req, &bucket, &objects, page_size),
                    Err(e) => xml_error(obs::ID_HEADER, 500, "InternalError", &e.to_string()),
                }
            }
            _ => xml_error(
                obs::ID_HEADER,
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

    fn request_id(&self) -> String {
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        let d = Sha256::digest(format!("huawei-request-{n}").as_bytes());
        d.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}

/// Starts a Huawei mock serving `account` on a free port of 127.0.0.1.
pub fn start_huawei(account: Account, key_id: &str, secret: &str) -> std::io::Result<MockCloud> {
    MockCloud::start(HuaweiMock::new(key_id, secret), account, 0)
}

/// Starts `mock` serving `account`.
pub fn start_huawei_with(account: Account, mock: HuaweiMock) -> std::io::Result<MockCloud> {
    MockCloud::start(mock, account, 0)
}

pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect()
}

pub(super) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The region whose project `project` is, when the request reached that
/// region's `service` host (a regional endpoint knows only its own).
pub(super) fn project_region<'a>(
    account: &'a Account,
    project: &str,
    req: &RawRequest,
    service: &str,
) -> Result<&'a str, &'static str> {
    let region = inventory::regions(account)
        .into_iter()
        .find(|r| project_id(r) == project)
        .ok_or("The project does not exist.")?;
    if req.header("host") != Some(&format!("{service}.{region}.myhuaweicloud.com")) {
        return Err("The project is not in this region.");
    }
    Ok(region)
}

/// A page of `items`: `offset` rows in, at most `limit` (capped by the
/// harness's page size).
pub(super) fn page<T: Clone>(items: &[T], offset: usize, limit: usize, page_size: usize) -> Vec<T> {
    let n = limit.min(page_size.max(1));
    items.iter().skip(offset).take(n).cloned().collect()
}

impl MockKind for HuaweiMock {
    fn action(&self, req: &RawRequest) -> String {
        if obs::bucket_host(req).is_some() {
            return obs::STORE.action(req);
        }
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", RES_RECORDS) => "bss:ListCustomerselfResourceRecordDetails",
            ("GET", FEE_RECORDS) => "bss:ListCustomerBillsFeeRecords",
            ("GET", MONTHLY_SUM) => "bss:ShowCustomerMonthlySum",
            ("GET", PROJECTS) => "iam:KeystoneListProjects",
            ("GET", p) if servers_project(p).is_some() => "ecs:ListServersDetails",
            ("GET", p) if volumes_project(p).is_some() => "evs:ListVolumes",
            ("GET", p) if publicips_project(p).is_some() => "vpc:ListPublicips",
            ("POST", SUBSCRIPTIONS) => "bss:ListPayPerUseCustomerResources",
            ("POST", p) if metrics_project(p).is_some() => "ces:BatchListMetricData",
            _ => "unknown",
        }
        .to_string()
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        if let Some(bucket) = obs::bucket_host(req) {
            return self.obs(req, bucket, account, page_size, now);
        }
        let id = self.request_id();
        if let Err(refusal) = signing::verify(req, &self.key_id, &self.secret, now) {
            return Handled {
                response: gateway_error(401, "APIG.0301", &refusal.message(), &id),
                bad_signature: true,
            };
        }
        // Each service has its own gateway host: a request signed for and
        // sent to another host would never reach this API.
        let host = req.header("host").unwrap_or_default();
        let global = match req.path.as_str() {
            RES_RECORDS | FEE_RECORDS | MONTHLY_SUM | SUBSCRIPTIONS => {
                Some(BSS_HOSTS.contains(&host))
            }
            PROJECTS => Some(host == IAM_HOST),
            _ => None,
        };
        if global == Some(false) {
            return Handled {
                response: gateway_error(
                    404,
                    "APIG.0101",
                    "The API does not exist or has not been published in the environment.",
                    &id,
                ),
                bad_signature: false,
            };
        }
        let response = match (req.method.as_str(), req.path.as_str()) {
            ("POST", RES_RECORDS) => self.res_records(req, account, page_size, &id),
            ("GET", FEE_RECORDS) => self.fee_records(req, account, page_size, &id),
            ("GET", MONTHLY_SUM) => self.monthly_sum(req, account, &id),
            ("GET", PROJECTS) => {
                let q = query_pairs(&req.query);
                reply(200, &inventory::projects(account, param(&q, "name")), &id)
            }
            ("GET", p) if servers_project(p).is_some() => {
                self.servers(req, account, page_size, &id)
            }
            ("GET", p) if volumes_project(p).is_some() => {
                self.volumes(req, account, page_size, &id)
            }
            ("GET", p) if publicips_project(p).is_some() => {
                self.public_ips(req, account, page_size, &id)
            }
            ("POST", SUBSCRIPTIONS) => self.subscriptions(req, account, &id),
            ("POST", p) if metrics_project(p).is_some() => self.metric_data(req, account, &id),
            _ => gateway_error(
                404,
                "APIG.0101",
                "The API does not exist or has not been published in the environment.",
                &id,
            ),
        };
        Handled {
            response,
            bad_signature: false,
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        if obs::bucket_host(req).is_some() {
            return obs::STORE.throttled();
        }
        let id = self.request_id();
        gateway_error(
            429,
            "APIG.0308",
            "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
            &id,
        )
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        if obs::bucket_host(req).is_some() {
            return obs::STORE.server_error();
        }
        let id = self.request_id();
        if req.path.starts_with("/v2/bills/") {
            gateway_error(500, "CBC.0999", "Other errors.", &id)
        } else {
            service_error(500, "Ecs.0000", "Internal server error.", &id)
        }
    }
}
