//! Azure as a mock: the Microsoft identity platform's token endpoint,
//! Resource Manager (Cost Management query, Resource Graph, Azure Monitor
//! metrics, the subscription and the billing account) and Blob Storage
//! (the container a Cost Management export is delivered to), each on its
//! documented host (sent in `Host`, so one local port serves them all).
//! Tokens are issued for one app registration and checked on every
//! request ([`tokens`]); answers, errors and throttling are each service's
//! own ([`errors`]).

mod arm;
mod errors;
mod exports;
mod names;
mod storage;
mod tokens;

use std::sync::Mutex;

pub use arm::{cpu_percent, month_cents};
pub use exports::{BlobFormat, ExportSpec, ExportType};
pub use names::{location, resource_group, resource_id, subscription_id, vm_size};
pub use tokens::Tokens;

use self::errors::{arm as arm_error, Service};
use self::exports::{Blob, ExportCache};
use self::tokens::{App, Audience};
use crate::{Account, Handled, MockCloud, MockKind, RawRequest, RawResponse};

/// The mock of one Azure tenant with one app registration, one
/// subscription and one billing account (the account's own).
pub struct AzureMock {
    app: App,
    tokens: Tokens,
    export: Option<ExportSpec>,
    cache: Mutex<ExportCache>,
}

impl AzureMock {
    pub fn new(tenant: &str, client_id: &str, secret: &str) -> Self {
        Self {
            app: App {
                tenant: tenant.to_string(),
                client_id: client_id.to_string(),
                secret: secret.to_string(),
                lifetime: 3599,
            },
            tokens: Tokens::default(),
            export: None,
            cache: Mutex::new(ExportCache::default()),
        }
    }

    /// The export its container holds.
    pub fn with_export(mut self, spec: ExportSpec) -> Self {
        self.export = Some(spec);
        self
    }

    /// Seconds an issued token lives.
    pub fn with_token_lifetime(mut self, seconds: i64) -> Self {
        self.app.lifetime = seconds;
        self
    }

    /// A handle on the tokens it issues (to expire them from a test).
    pub fn tokens(&self) -> Tokens {
        self.tokens.clone()
    }
}

/// Starts an Azure mock of `account` for the app `TENANT/CLIENT-ID`
/// (`key_id`) with an actual-cost export in gzipped CSV.
pub fn start_azure(account: Account, key_id: &str, secret: &str) -> std::io::Result<MockCloud> {
    let (tenant, client) = key_id.split_once('/').unwrap_or(("tenant", key_id));
    let mock = AzureMock::new(tenant, client, secret)
        .with_export(ExportSpec::new(ExportType::ActualCost, BlobFormat::CsvGzip));
    start_azure_with(account, mock)
}

/// Starts `mock` serving `account`, its export generated before the first request.
pub fn start_azure_with(account: Account, mock: AzureMock) -> std::io::Result<MockCloud> {
    if let Some(spec) = &mock.export {
        lock(&mock.cache).blobs(&account, spec)?;
    }
    MockCloud::start(mock, account, 0)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a request is for, read from its `Host`, method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Token,
    Query,
    ResourceGraph,
    Metrics,
    ListSubscriptions,
    GetSubscription(String),
    BillingAccount(String),
    /// Any other Resource Manager operation (a write, or one not mocked).
    OtherArm,
    Blob {
        account: String,
    },
}

impl Op {
    fn of(req: &RawRequest) -> Option<Op> {
        let host = req.header("host")?.split(':').next()?.to_ascii_lowercase();
        if host.starts_with("login.") {
            return Some(Op::Token);
        }
        if let Some(account) = host
            .strip_suffix(".blob.core.windows.net")
            .or_else(|| host.strip_suffix(".blob.core.chinacloudapi.cn"))
        {
            return Some(Op::Blob {
                account: account.to_string(),
            });
        }
        if !host.starts_with("management.") {
            return None;
        }
        let path = req.path.to_ascii_lowercase();
        let parts: Vec<&str> = req.path.trim_matches('/').split('/').collect();
        Some(match (req.method.as_str(), parts.as_slice()) {
            ("POST", _) if path.ends_with("/providers/microsoft.costmanagement/query") => Op::Query,
            ("POST", _) if path == "/providers/microsoft.resourcegraph/resources" => {
                Op::ResourceGraph
            }
            ("GET", _) if path.ends_with("/providers/microsoft.insights/metrics") => Op::Metrics,
            ("GET", ["subscriptions"]) => Op::ListSubscriptions,
            ("GET", ["subscriptions", id]) => Op::GetSubscription(id.to_string()),
            ("GET", [p, b, a, id])
                if p.eq_ignore_ascii_case("providers")
                    && b.eq_ignore_ascii_case("Microsoft.Billing")
                    && a.eq_ignore_ascii_case("billingAccounts") =>
            {
                Op::BillingAccount(id.to_string())
            }
            _ => Op::OtherArm,
        })
    }

    fn service(&self) -> Service {
        match self {
            Op::Token => Service::Identity,
            Op::Query => Service::CostManagement,
            Op::ResourceGraph => Service::ResourceGraph,
            Op::Blob { .. } => Service::Storage,
            _ => Service::Arm,
        }
    }

    /// The name the client's allow-list uses.
    fn action(&self, req: &RawRequest) -> String {
        match self {
            Op::Token => "identity:ClientCredentialsToken".into(),
            Op::Query => "costmanagement:Query".into(),
            Op::ResourceGraph => "resourcegraph:Resources".into(),
            Op::Metrics => "monitor:ListMetrics".into(),
            Op::ListSubscriptions => "resources:ListSubscriptions".into(),
            Op::GetSubscription(_) => "resources:GetSubscription".into(),
            Op::BillingAccount(_) => "billing:GetBillingAccount".into(),
            Op::OtherArm => format!("arm:{} {}", req.method, req.path),
            Op::Blob { .. } if req.query.contains("comp=list") => "storage:ListBlobs".into(),
            Op::Blob { .. } => format!(
                "storage:{}Blob",
                if req.method == "GET" { "Get" } else { "Write" }
            ),
        }
    }
}

impl AzureMock {
    fn blobs(&self, account: &Account) -> Result<Vec<Blob>, RawResponse> {
        let Some(spec) = &self.export else {
            return Ok(Vec::new());
        };
        lock(&self.cache)
            .blobs(account, spec)
            .map_err(|e| errors::storage(500, "InternalError", &e.to_string()))
    }

    /// The scope a query names must be the mock's subscription or billing account.
    fn scope_ok(&self, req: &RawRequest, account: &Account) -> bool {
        let scope = req.path.to_ascii_lowercase();
        let scope = scope.trim_end_matches("/providers/microsoft.costmanagement/query");
        scope == format!("/subscriptions/{}", subscription_id(account))
            || scope
                == format!(
                    "/providers/microsoft.billing/billingaccounts/{}",
                    account.billing_account
                )
                .to_ascii_lowercase()
    }

    fn answer(
        &self,
        op: &Op,
        req: &RawRequest,
        account: &Account,
        page_size: usize,
    ) -> RawResponse {
        let host = req
            .header("host")
            .unwrap_or_default()
            .split(':')
            .next()
            .unwrap_or_default();
        let version = |v: &str| arm::api_version_ok(req, v);
        match op {
            Op::Token | Op::OtherArm => arm_error(
                403,
                "AuthorizationFailed",
                &format!(
                    "The client '{}' does not have authorization to perform action over scope '{}' or the scope is invalid.",
                    self.app.client_id, req.path
                ),
            ),
            Op::Query => {
                if let Err(e) = version("2023-03-01") {
                    return e;
                }
                if !self.scope_ok(req, account) {
                    return arm_error(403, "AuthorizationFailed", &format!("The client '{}' does not have authorization to perform action 'Microsoft.CostManagement/query/action' over scope '{}'.", self.app.client_id, req.path));
                }
                arm::query(req, host, account, page_size)
            }
            Op::ResourceGraph => match version("2021-03-01") {
                Ok(()) => arm::resource_graph(req, account, page_size),
                Err(e) => e,
            },
            Op::Metrics => match version("2023-10-01") {
                Ok(()) => arm::metrics(req, account),
                Err(e) => e,
            },
            Op::ListSubscriptions => match version("2022-12-01") {
                Ok(()) => arm::list_subscriptions(account, &self.app.tenant),
                Err(e) => e,
            },
            Op::GetSubscription(id) => match version("2022-12-01") {
                Ok(()) => arm::get_subscription(account, &self.app.tenant, id),
                Err(e) => e,
            },
            Op::BillingAccount(id) => match version("2024-04-01") {
                Ok(()) => arm::billing_account(account, id),
                Err(e) => e,
            },
            Op::Blob { account: name } => {
                let Some(spec) = &self.export else {
                    return errors::storage(404, "ResourceNotFound", "The specified resource does not exist.");
                };
                if *name != spec.storage_account {
                    return errors::storage(404, "ResourceNotFound", "The specified resource does not exist.");
                }
                match self.blobs(account) {
                    Ok(blobs) => storage::answer(&spec.container, req, &blobs, page_size),
                    Err(e) => e,
                }
            }
        }
    }
}

impl MockKind for AzureMock {
    fn action(&self, req: &RawRequest) -> String {
        Op::of(req).map_or_else(|| "unknown".into(), |op| op.action(req))
    }

    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled {
        let Some(op) = Op::of(req) else {
            return Handled {
                response: arm_error(
                    400,
                    "InvalidHost",
                    "The host is not an Azure endpoint the mock serves.",
                ),
                bad_signature: false,
            };
        };
        if op == Op::Token {
            let (response, refused) = tokens::token(&self.app, &self.tokens, req, now);
            return Handled {
                response,
                bad_signature: refused,
            };
        }
        let audience = match op {
            Op::Blob { .. } => Audience::Storage,
            _ => Audience::Management,
        };
        match tokens::check(&self.tokens, req, audience, now) {
            Ok(()) => Handled {
                response: self.answer(&op, req, account, page_size.max(1)),
                bad_signature: false,
            },
            Err(response) => Handled {
                response,
                bad_signature: true,
            },
        }
    }

    fn throttled(&self, req: &RawRequest) -> RawResponse {
        errors::throttled(Op::of(req).map_or(Service::Arm, |o| o.service()))
    }

    fn server_error(&self, req: &RawRequest) -> RawResponse {
        errors::server_error(Op::of(req).map_or(Service::Arm, |o| o.service()))
    }
}
