//! The HTTP harness every provider mock shares: a server on 127.0.0.1 on its
//! own thread and runtime (so blocking tests, async tests and other
//! processes can all talk to it), with faults injected on demand and counts
//! of what it saw.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{Request, Response, StatusCode};
use axum::Router;

use crate::Account;

/// A request as the provider's API gateway sees it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Lower-cased names, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }
}

/// A provider's API as a mock: checks the signature, routes the action,
/// renders the account, and knows its own throttling and error shapes.
pub trait MockKind: Send + Sync + 'static {
    /// The action a request names (for counting and fault targeting).
    fn action(&self, req: &RawRequest) -> String;
    /// Answers a request: signature check first (its date against `now`,
    /// Unix seconds), then the action.
    fn handle(&self, req: &RawRequest, account: &Account, page_size: usize, now: i64) -> Handled;
    /// The provider's rate-limit answer (some providers use HTTP 200 bodies).
    fn throttled(&self, req: &RawRequest) -> RawResponse;
    /// The provider's internal-error answer.
    fn server_error(&self, req: &RawRequest) -> RawResponse;
}

/// A mock's answer, and whether it refused the request's signature
/// (counted in [`Stats::bad_signatures`]; some providers answer that in an
/// HTTP 200 body, so the status alone does not tell).
#[derive(Debug, Clone)]
pub struct Handled {
    pub response: RawResponse,
    pub bad_signature: bool,
}

/// Faults to inject; counters are per server, over all requests.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Added to every response.
    pub latency: Duration,
    /// Every n-th request is throttled.
    pub throttle_every: Option<u64>,
    /// Every n-th request fails with the provider's 5xx.
    pub fail_every: Option<u64>,
    /// Every n-th request is delayed by the given time (to trip client timeouts).
    pub slow_every: Option<(u64, Duration)>,
    /// Requests of one action above this rate per second are throttled,
    /// like the real APIs, which meter each action separately.
    pub max_per_second: Option<u32>,
    /// Actions (`service:Action`, as in [`Stats::by_action`]) with a
    /// documented rate of their own, in place of `max_per_second`.
    pub action_max_per_second: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: u64,
    pub throttled: u64,
    pub failed: u64,
    pub slowed: u64,
    /// Requests refused for a bad or missing signature.
    pub bad_signatures: u64,
    pub by_action: BTreeMap<String, u64>,
}

struct Shared {
    kind: Box<dyn MockKind>,
    account: std::sync::RwLock<Account>,
    faults: Mutex<Faults>,
    page_size: AtomicU64,
    seq: AtomicU64,
    stats: Mutex<Stats>,
    /// Per action: start of the current one-second window and the
    /// requests in it.
    windows: Mutex<HashMap<String, (std::time::Instant, u32)>>,
    /// The gateway's clock, which signature dates are checked against.
    clock: Mutex<fn() -> i64>,
}

/// The machine's clock in Unix seconds: the gateway's unless a test sets
/// another ([`MockCloud::set_clock`]).
pub fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A running mock; stops when dropped.
pub struct MockCloud {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl MockCloud {
    /// Starts serving `account` through `kind` on 127.0.0.1 (a free port, or `port`).
    pub fn start(kind: impl MockKind, account: Account, port: u16) -> std::io::Result<MockCloud> {
        let shared = Arc::new(Shared {
            kind: Box::new(kind),
            account: std::sync::RwLock::new(account),
            faults: Mutex::new(Faults::default()),
            page_size: AtomicU64::new(100),
            seq: AtomicU64::new(0),
            stats: Mutex::new(Stats::default()),
            windows: Mutex::new(HashMap::new()),
            clock: Mutex::new(system_clock),
        });
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = shared.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let thread = thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                    return;
                };
                let app = Router::new().fallback(serve).with_state(state);
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Ok(MockCloud {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, for a client's endpoint override.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.shared.faults) = faults;
    }

    /// The clock signature dates are checked against (a test's fixed one,
    /// the same its client signs with).
    pub fn set_clock(&self, clock: fn() -> i64) {
        *lock(&self.shared.clock) = clock;
    }

    pub fn set_page_size(&self, n: usize) {
        self.shared.page_size.store(n as u64, Ordering::Relaxed);
    }

    /// Changes the account being served (a restatement, new resources).
    pub fn with_account<R>(&self, f: impl FnOnce(&mut Account) -> R) -> R {
        f(&mut self
            .shared
            .account
            .write()
            .unwrap_or_else(|e| e.into_inner()))
    }

    pub fn stats(&self) -> Stats {
        lock(&self.shared.stats).clone()
    }
}

impl Drop for MockCloud {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

async fn serve(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let raw = RawRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    let n = shared.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let faults = lock(&shared.faults).clone();
    let action = shared.kind.action(&raw);
    {
        let mut stats = lock(&shared.stats);
        stats.requests += 1;
        *stats.by_action.entry(action.clone()).or_default() += 1;
    }
    let mut delay = faults.latency;
    if let Some((every, extra)) = faults.slow_every {
        if every > 0 && n % every == 0 {
            delay += extra;
            lock(&shared.stats).slowed += 1;
        }
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let cap = faults
        .action_max_per_second
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, max)| *max)
        .or(faults.max_per_second);
    let over_rate = cap.is_some_and(|max| {
        let mut windows = lock(&shared.windows);
        let w = windows
            .entry(action.clone())
            .or_insert_with(|| (std::time::Instant::now(), 0));
        if w.0.elapsed() >= Duration::from_secs(1) {
            *w = (std::time::Instant::now(), 0);
        }
        w.1 += 1;
        w.1 > max
    });
    let response = if over_rate || faults.throttle_every.is_some_and(|e| e > 0 && n % e == 0) {
        lock(&shared.stats).throttled += 1;
        shared.kind.throttled(&raw)
    } else if faults.fail_every.is_some_and(|e| e > 0 && n % e == 0) {
        lock(&shared.stats).failed += 1;
        shared.kind.server_error(&raw)
    } else {
        let page_size = shared.page_size.load(Ordering::Relaxed) as usize;
        let handled = {
            let account = shared.account.read().unwrap_or_else(|e| e.into_inner());
            let now = (*lock(&shared.clock))();
            shared.kind.handle(&raw, &account, page_size, now)
        };
        if handled.bad_signature {
            lock(&shared.stats).bad_signatures += 1;
        }
        handled.response
    };
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (k, v) in &response.headers {
        builder = builder.header(k, v);
    }
    builder
        .body(Body::from(response.body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}
