//! Huawei Cloud's APIs as a mock: the API gateway's AK/SK check, BSS v2
//! resource details and fee records, IAM projects and ECS servers, paged
//! the way each documents (BSS: row `offset` from 0; ECS: `offset` is a
//! page number from 1), with the gateway's throttling and the services'
//! error shapes.

mod names;
mod render;
mod verify;

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub use names::{flavor_of, region_of, status_of};
pub use render::project_id;

use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse, ResourceKind};

const RES_RECORDS: &str = "/v2/bills/customer-bills/res-records/query";
const FEE_RECORDS: &str = "/v2/bills/customer-bills/fee-records";
const PROJECTS: &str = "/v3/projects";
const BSS_HOSTS: [&str; 2] = ["bss.myhuaweicloud.com", "bss-intl.myhuaweicloud.com"];
const IAM_HOST: &str = "iam.myhuaweicloud.com";

/// Serves one account to the holder of one AK/SK pair.
pub struct HuaweiMock {
    key_id: String,
    secret: String,
    seq: AtomicU64,
}

impl HuaweiMock {
    pub fn new(key_id: &str, secret: &str) -> Self {
        Self {
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            seq: AtomicU64::new(0),
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

fn reply(status: u16, body: &Value, request_id: &str) -> RawResponse {
    let mut r = RawResponse::json(status, body);
    r.headers.push(("x-request-id".into(), request_id.into()));
    r
}

/// BSS and the API gateway: `{error_code, error_msg, request_id}`.
fn gateway_error(status: u16, code: &str, msg: &str, request_id: &str) -> RawResponse {
    reply(
        status,
        &json!({ "error_code": code, "error_msg": msg, "request_id": request_id }),
        request_id,
    )
}

/// ECS and IAM: `{error: {code, message}}`.
fn service_error(status: u16, code: &str, msg: &str, request_id: &str) -> RawResponse {
    reply(
        status,
        &json!({ "error": { "code": code, "message": msg } }),
        request_id,
    )
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
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

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `/v1/{project_id}/cloudservers/detail` → the project id.
fn servers_project(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/")?
        .strip_suffix("/cloudservers/detail")
        .filter(|p| !p.contains('/'))
}

fn valid_cycle(cycle: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{cycle}-01"), "%Y-%m-%d").is_ok() && cycle.len() == 7
}

fn day(v: Option<&Value>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v?.as_str()?, "%Y-%m-%d").ok()
}

/// A page of `items`: `offset` rows in, at most `limit` (capped by the
/// harness's page size).
fn page<T: Clone>(items: &[T], offset: usize, limit: usize, page_size: usize) -> Vec<T> {
    let n = limit.min(page_size.max(1));
    items.iter().skip(offset).take(n).cloned().collect()
}

impl HuaweiMock {
    fn res_records(&self, req: &RawRequest, account: &Account, ps: usize, id: &str) -> RawResponse {
        let invalid =
            |what: &str| gateway_error(400, "CBC.0100", &format!("Invalid parameter: {what}."), id);
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return invalid("request body");
        };
        let Some(cycle) = body
            .get("cycle")
            .and_then(Value::as_str)
            .filter(|c| valid_cycle(c))
        else {
            return invalid("cycle");
        };
        let int = |k: &str, default: i64| body.get(k).map_or(Some(default), Value::as_i64);
        let (Some(offset), Some(limit), Some(statistic)) =
            (int("offset", 0), int("limit", 10), int("statistic_type", 1))
        else {
            return invalid("offset, limit or statistic_type");
        };
        if offset < 0 || !(1..=1000).contains(&limit) || !(1..=3).contains(&statistic) {
            return invalid("offset, limit or statistic_type");
        }
        let daily = match body.get("query_type").and_then(Value::as_str) {
            None | Some("BILLCYCLE") => None,
            Some("DAILY") if statistic != 1 => {
                match (
                    day(body.get("bill_cycle_begin")),
                    day(body.get("bill_cycle_end")),
                ) {
                    (Some(b), Some(e)) => Some((b, e)),
                    _ => return invalid("bill_cycle_begin and bill_cycle_end"),
                }
            }
            Some(_) => return invalid("query_type"),
        };
        let english = req.header("x-language") == Some("en_US");
        let (rows, total): (Vec<(usize, Option<NaiveDate>, i64)>, usize) = if statistic == 1 {
            // By cycle: one record per resource.
            let mut sums = vec![0i64; account.resources.len()];
            for it in render::items(account, cycle, None) {
                sums[it.resource] += it.cents;
            }
            let rows: Vec<_> = sums
                .into_iter()
                .enumerate()
                .map(|(r, c)| (r, None, c))
                .collect();
            let total = rows.len();
            (page(&rows, offset as usize, limit as usize, ps), total)
        } else {
            let days = render::days(account, cycle, daily);
            let take = (limit as usize).min(ps.max(1));
            let (items, total) = account.items_page(&days, offset as usize, take);
            let rows = items
                .into_iter()
                .map(|it| (it.resource, Some(it.day), it.cents))
                .collect();
            (rows, total)
        };
        let records: Vec<Value> = rows
            .into_iter()
            .map(|(r, d, c)| render::res_record(account, r, cycle, d, c, english))
            .collect();
        reply(
            200,
            &json!({ "monthly_records": records, "total_count": total, "currency": account.currency }),
            id,
        )
    }

    fn fee_records(&self, req: &RawRequest, account: &Account, ps: usize, id: &str) -> RawResponse {
        let q = query_pairs(&req.query);
        let Some(cycle) = param(&q, "bill_cycle").filter(|c| valid_cycle(c)) else {
            return gateway_error(400, "CBC.0100", "Invalid parameter: bill_cycle.", id);
        };
        let offset = param(&q, "offset").map_or(Ok(0), str::parse::<usize>);
        let limit = param(&q, "limit").map_or(Ok(10), str::parse::<usize>);
        let (Ok(offset), Ok(limit)) = (offset, limit) else {
            return gateway_error(400, "CBC.0100", "Invalid parameter: offset or limit.", id);
        };
        if !(1..=1000).contains(&limit) {
            return gateway_error(400, "CBC.0100", "Invalid parameter: limit.", id);
        }
        let days = render::days(account, cycle, None);
        let (items, total) = account.items_page(&days, offset, limit.min(ps.max(1)));
        let records: Vec<Value> = items
            .into_iter()
            .map(|it| render::fee_record(account, it))
            .collect();
        reply(
            200,
            &json!({ "total_count": total, "records": records, "currency": account.currency }),
            id,
        )
    }

    fn servers(&self, req: &RawRequest, account: &Account, ps: usize, id: &str) -> RawResponse {
        let project = servers_project(&req.path).unwrap_or_default();
        let Some(region) = render::regions(account)
            .into_iter()
            .find(|r| render::project_id(r) == project)
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
        let mine: Vec<usize> = account
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == ResourceKind::Instance && region_of(&r.region) == region)
            .map(|(i, _)| i)
            .collect();
        let per_page = limit.min(ps.max(1));
        let servers: Vec<Value> = page(&mine, (page_no - 1) * per_page, per_page, ps)
            .into_iter()
            .map(|i| render::server(account, i, project))
            .collect();
        reply(200, &json!({ "count": mine.len(), "servers": servers }), id)
    }
}

impl MockKind for HuaweiMock {
    fn action(&self, req: &RawRequest) -> String {
        match (req.method.as_str(), req.path.as_str()) {
            ("POST", RES_RECORDS) => "bss:ListCustomerselfResourceRecordDetails",
            ("GET", FEE_RECORDS) => "bss:ListCustomerBillsFeeRecords",
            ("GET", PROJECTS) => "iam:KeystoneListProjects",
            ("GET", p) if servers_project(p).is_some() => "ecs:ListServersDetails",
            _ => "unknown",
        }
        .to_string()
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize) -> Handled {
        let id = self.request_id();
        if let Err(refusal) = verify::verify(req, &self.key_id, &self.secret) {
            return Handled {
                response: gateway_error(401, "APIG.0301", &refusal.message(), &id),
                bad_signature: true,
            };
        }
        // Each service has its own gateway host: a request signed for and
        // sent to another host would never reach this API.
        let host = req.header("host").unwrap_or_default();
        let global = match req.path.as_str() {
            RES_RECORDS | FEE_RECORDS => Some(BSS_HOSTS.contains(&host)),
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
            ("GET", PROJECTS) => {
                let q = query_pairs(&req.query);
                reply(200, &render::projects(account, param(&q, "name")), &id)
            }
            ("GET", p) if servers_project(p).is_some() => {
                self.servers(req, account, page_size, &id)
            }
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

    fn throttled(&self, _req: &RawRequest) -> RawResponse {
        let id = self.request_id();
        gateway_error(
            429,
            "APIG.0308",
            "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
            &id,
        )
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        let id = self.request_id();
        if req.path.starts_with("/v2/bills/") {
            gateway_error(500, "CBC.0999", "Other errors.", &id)
        } else {
            service_error(500, "Ecs.0000", "Internal server error.", &id)
        }
    }
}
