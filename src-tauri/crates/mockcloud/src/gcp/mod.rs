//! Google Cloud as a mock: the OAuth token endpoint (`POST /token`, a
//! service account's RS256 JWT verified with the key's public half by its
//! own check, then iss, aud, scope, iat and exp), BigQuery `jobs.query` and
//! `jobs.getQueryResults` over a billing export table, Compute Engine
//! `aggregatedList` and Cloud Monitoring `timeSeries.list`, every API
//! request's bearer token checked. Throttling the Google way: BigQuery 403
//! `rateLimitExceeded`, the others 429 `RESOURCE_EXHAUSTED`, all in the
//! `{"error": {...}}` shape.

mod bigquery;
mod compute;
mod errors;
mod export;
mod keys;
mod monitoring;
mod token;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Mutex;

pub use export::{
    billing_account_id, export_csv, global_name, instance_id, project_of, zone_of, DETAILED_TABLE,
    PROJECTS, STANDARD_TABLE,
};
pub use keys::{generate_key, make_key, public_key_of, service_account_json, TestKey};
pub use monitoring::cpu_ratio;

use self::errors::{error, Api};
use self::token::Issued;
use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse};

/// The mock of one billing account's export and its projects, accepting
/// one service account.
pub struct GcpMock {
    client_email: String,
    /// The service account's public key (PKCS#1 `RSAPublicKey` DER).
    public_key: Vec<u8>,
    /// `PROJECT.DATASET.TABLE` the export is in.
    table: String,
    /// Answers to `jobs.query` say `jobComplete: false` until polled this often.
    pending_polls: u32,
    tokens: Mutex<Vec<Issued>>,
    jobs: Mutex<HashMap<String, bigquery::Job>>,
    seq: AtomicU64,
}

impl GcpMock {
    pub fn new(client_email: &str, public_key: Vec<u8>) -> Self {
        Self {
            client_email: client_email.to_string(),
            public_key,
            table: DETAILED_TABLE.to_string(),
            pending_polls: 0,
            tokens: Mutex::new(Vec::new()),
            jobs: Mutex::new(HashMap::new()),
            seq: AtomicU64::new(0),
        }
    }

    /// The export table queries must name (the standard or detailed one).
    pub fn with_table(mut self, table: &str) -> Self {
        self.table = table.to_string();
        self
    }

    /// Every query is still running for this many `getQueryResults` polls.
    pub fn with_pending_polls(mut self, n: u32) -> Self {
        self.pending_polls = n;
        self
    }
}

/// Starts a Google Cloud mock of `account` for the service account whose
/// key file is `key_json` (its public half is all the mock keeps).
pub fn start_gcp(
    account: Account,
    client_email: &str,
    key_json: &str,
) -> std::io::Result<MockCloud> {
    let public = keys::public_key_of(key_json)
        .ok_or_else(|| std::io::Error::other("the key file holds no RSA PKCS#8 private key"))?;
    MockCloud::start(GcpMock::new(client_email, public), account, 0)
}

/// Starts `mock` serving `account`.
pub fn start_gcp_with(account: Account, mock: GcpMock) -> std::io::Result<MockCloud> {
    MockCloud::start(mock, account, 0)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Path segments after a fixed prefix.
fn segments<'a>(path: &'a str, prefix: &str) -> Option<Vec<&'a str>> {
    Some(path.strip_prefix(prefix)?.split('/').collect())
}

/// The method a request calls.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    Token,
    Query { project: String },
    Results { project: String, job: String },
    Aggregated { project: String, collection: String },
    TimeSeries { project: String },
}

impl Call {
    fn of(req: &RawRequest) -> Option<Call> {
        let post = req.method == "POST";
        if req.path == "/token" && post {
            return Some(Call::Token);
        }
        if let Some(s) = segments(&req.path, "/bigquery/v2/projects/") {
            return match (s.as_slice(), post) {
                ([p, "queries"], true) => Some(Call::Query {
                    project: p.to_string(),
                }),
                ([p, "queries", job], false) => Some(Call::Results {
                    project: p.to_string(),
                    job: job.to_string(),
                }),
                _ => None,
            };
        }
        if let Some(s) = segments(&req.path, "/compute/v1/projects/") {
            return match (s.as_slice(), post) {
                ([p, "aggregated", c @ ("instances" | "disks" | "addresses")], false) => {
                    Some(Call::Aggregated {
                        project: p.to_string(),
                        collection: c.to_string(),
                    })
                }
                _ => None,
            };
        }
        if let Some(s) = segments(&req.path, "/v3/projects/") {
            return match (s.as_slice(), post) {
                ([p, "timeSeries"], false) => Some(Call::TimeSeries {
                    project: p.to_string(),
                }),
                _ => None,
            };
        }
        None
    }

    fn action(&self) -> String {
        match self {
            Call::Token => "oauth2.token".into(),
            Call::Query { .. } => "bigquery.jobs.query".into(),
            Call::Results { .. } => "bigquery.jobs.getQueryResults".into(),
            Call::Aggregated { collection, .. } => format!("compute.{collection}.aggregatedList"),
            Call::TimeSeries { .. } => "monitoring.timeSeries.list".into(),
        }
    }

    fn api(&self) -> Api {
        match self {
            Call::Token => Api::Token,
            Call::Query { .. } | Call::Results { .. } => Api::BigQuery,
            Call::Aggregated { .. } => Api::Compute,
            Call::TimeSeries { .. } => Api::Monitoring,
        }
    }

    /// The scope a token needs for the call.
    fn scope(&self) -> &'static str {
        match self.api() {
            Api::BigQuery => "https://www.googleapis.com/auth/bigquery",
            Api::Compute => "https://www.googleapis.com/auth/compute.readonly",
            Api::Monitoring => "https://www.googleapis.com/auth/monitoring.read",
            Api::Token => "",
        }
    }
}

/// The query string's fields, decoded (`+` is a space, as forms write it).
fn query_fields(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', "%20"))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], k: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

impl MockKind for GcpMock {
    fn action(&self, req: &RawRequest) -> String {
        Call::of(req).map_or_else(|| format!("{} {}", req.method, req.path), |c| c.action())
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        let Some(call) = Call::of(req) else {
            return Handled {
                response: error(
                    Api::Compute,
                    404,
                    "NOT_FOUND",
                    "notFound",
                    "The requested URL was not found on this server.",
                ),
                bad_signature: false,
            };
        };
        if call == Call::Token {
            return self.token(req, now);
        }
        if let Err(response) = self.authorised(req, call.scope(), now) {
            return Handled {
                response,
                bad_signature: true,
            };
        }
        let q = query_fields(&req.query);
        let page_size = page_size.max(1);
        let response = match &call {
            Call::Query { project } => self.query(project, &req.body, account, page_size),
            Call::Results { project, job } => self.results(project, job, &q, account, page_size),
            Call::Aggregated {
                project,
                collection,
            } => compute::aggregated(project, collection, &q, account, page_size),
            Call::TimeSeries { project } => {
                monitoring::time_series(project, &q, account, page_size)
            }
            Call::Token => unreachable_token(),
        };
        Handled {
            response,
            bad_signature: false,
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        errors::throttled(Call::of(req).map_or(Api::Compute, |c| c.api()))
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        errors::server_error(Call::of(req).map_or(Api::Compute, |c| c.api()))
    }
}

/// The token call is answered before the bearer check; never reached.
fn unreachable_token() -> RawResponse {
    error(
        Api::Token,
        500,
        "INTERNAL",
        "backendError",
        "token call routed as an API call",
    )
}
