//! Chat-robot and webhook receivers on 127.0.0.1 for the alert tests: one
//! per platform (DingTalk custom robot, WeCom group robot, Feishu custom
//! bot, Slack incoming webhook, a signed JSON webhook). Each checks the
//! request shape and signature the way the platform does, with its own
//! implementation of the algorithm, answers with the platform's own success
//! and error bodies (errors inside HTTP 200 where the platform does that),
//! and enforces the platform's rate limit over a sliding window. They run
//! on the providers' harness ([`MockCloud`]), so `Faults` (5xx, throttling,
//! latency) apply too.

mod dingtalk;
mod feishu;
mod generic;
mod slack;
mod wecom;

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{Account, Faults, Handled, MockCloud, MockKind, RawRequest, RawResponse, Stats};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    DingTalk,
    WeCom,
    Feishu,
    Slack,
    Webhook,
}

impl Platform {
    fn name(self) -> &'static str {
        match self {
            Platform::DingTalk => "dingtalk",
            Platform::WeCom => "wecom",
            Platform::Feishu => "feishu",
            Platform::Slack => "slack",
            Platform::Webhook => "webhook",
        }
    }

    /// The platform's documented limits: (requests, window).
    pub fn documented_limits(self) -> Vec<(u32, Duration)> {
        match self {
            Platform::DingTalk | Platform::WeCom => vec![(20, Duration::from_secs(60))],
            Platform::Feishu => vec![(5, Duration::from_secs(1)), (100, Duration::from_secs(60))],
            Platform::Slack => vec![(1, Duration::from_secs(1))],
            Platform::Webhook => vec![],
        }
    }
}

/// What a receiver accepts.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    pub platform: Platform,
    /// The robot's token (DingTalk `access_token`, WeCom `key`, the last
    /// path segment for Feishu, Slack and the webhook).
    pub token: String,
    /// The signing secret, when the robot is signed.
    pub secret: Option<String>,
    /// A keyword every message must contain (DingTalk, Feishu).
    pub keyword: Option<String>,
    /// (requests, window); defaults to the documented limits.
    pub limits: Vec<(u32, Duration)>,
}

impl ReceiverConfig {
    pub fn new(platform: Platform, token: &str, secret: Option<&str>) -> Self {
        Self {
            platform,
            token: token.to_string(),
            secret: secret.map(str::to_string),
            keyword: None,
            limits: platform.documented_limits(),
        }
    }
}

/// A message the receiver accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub body: serde_json::Value,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

#[derive(Default)]
struct State {
    accepted: Vec<Received>,
    /// Error bodies of refused requests (bad signature, wrong token...).
    refused: Vec<String>,
    rate_limited: u64,
    /// Webhook requests whose message id was seen before (answered 200, not kept).
    duplicates: u64,
    seen_ids: HashSet<String>,
    arrivals: VecDeque<Instant>,
}

struct Hooks {
    config: ReceiverConfig,
    state: Arc<Mutex<State>>,
}

/// A platform's answer to one request, before the harness sends it.
pub(crate) enum Verdict {
    Accept,
    /// The message id was seen before (webhook): answered as accepted.
    Duplicate,
    Refuse(RawResponse),
}

fn lock(m: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hooks {
    /// Counts this arrival; true when it exceeds a limit.
    fn over_limit(&self, st: &mut State) -> bool {
        let now = Instant::now();
        let longest = self
            .config
            .limits
            .iter()
            .map(|l| l.1)
            .max()
            .unwrap_or_default();
        while st
            .arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) > longest)
        {
            st.arrivals.pop_front();
        }
        let over = self.config.limits.iter().any(|(max, per)| {
            st.arrivals
                .iter()
                .filter(|t| now.duration_since(**t) <= *per)
                .count()
                >= *max as usize
        });
        if !over {
            st.arrivals.push_back(now);
        }
        over
    }
}

impl MockKind for Hooks {
    fn action(&self, _req: &RawRequest) -> String {
        self.config.platform.name().to_string()
    }

    fn handle(
        &self,
        req: &RawRequest,
        _account: &Account,
        _page_size: usize,
        _now: i64,
    ) -> Handled {
        let cfg = &self.config;
        let verdict = match cfg.platform {
            Platform::DingTalk => dingtalk::verify(req, cfg),
            Platform::WeCom => wecom::verify(req, cfg),
            Platform::Feishu => feishu::verify(req, cfg),
            Platform::Slack => slack::verify(req, cfg),
            Platform::Webhook => generic::verify(req, cfg, &lock(&self.state).seen_ids),
        };
        let mut st = lock(&self.state);
        let response = match verdict {
            Verdict::Refuse(r) => {
                st.refused
                    .push(String::from_utf8_lossy(&r.body).into_owned());
                return Handled {
                    response: r,
                    bad_signature: true,
                };
            }
            Verdict::Duplicate => {
                st.duplicates += 1;
                success(cfg.platform)
            }
            Verdict::Accept if self.over_limit(&mut st) => {
                st.rate_limited += 1;
                drop(st);
                return Handled {
                    response: self.throttled(req),
                    bad_signature: false,
                };
            }
            Verdict::Accept => {
                if let Some(id) = req.header("x-cloudlens-id") {
                    st.seen_ids.insert(id.to_string());
                }
                st.accepted.push(Received {
                    body: serde_json::from_slice(&req.body).unwrap_or_default(),
                    headers: req.headers.clone(),
                    at: Instant::now(),
                });
                success(cfg.platform)
            }
        };
        Handled {
            response,
            bad_signature: false,
        }
    }

    fn throttled(&self, _req: &RawRequest) -> RawResponse {
        match self.config.platform {
            Platform::DingTalk => dingtalk::throttled(),
            Platform::WeCom => wecom::throttled(),
            Platform::Feishu => feishu::throttled(),
            Platform::Slack => slack::throttled(),
            Platform::Webhook => generic::throttled(),
        }
    }

    fn server_error(&self, _req: &RawRequest) -> RawResponse {
        RawResponse {
            status: 502,
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        }
    }
}

fn success(p: Platform) -> RawResponse {
    match p {
        Platform::DingTalk | Platform::WeCom => {
            RawResponse::json(200, &serde_json::json!({"errcode": 0, "errmsg": "ok"}))
        }
        Platform::Feishu => RawResponse::json(
            200,
            &serde_json::json!({"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"}),
        ),
        Platform::Slack => text(200, "ok"),
        Platform::Webhook => RawResponse::json(200, &serde_json::json!({"ok": true})),
    }
}

pub(crate) fn text(status: u16, body: &str) -> RawResponse {
    RawResponse {
        status,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: body.as_bytes().to_vec(),
    }
}

pub(crate) fn query_param(req: &RawRequest, name: &str) -> Option<String> {
    req.query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A running receiver; stops when dropped. Start another on the same port
/// to bring it "back online".
pub struct Receiver {
    server: MockCloud,
    config: ReceiverConfig,
    state: Arc<Mutex<State>>,
}

impl Receiver {
    /// Starts on 127.0.0.1 (a free port, or `port`).
    pub fn start(config: ReceiverConfig, port: u16) -> std::io::Result<Receiver> {
        let state = Arc::new(Mutex::new(State::default()));
        let kind = Hooks {
            config: config.clone(),
            state: state.clone(),
        };
        let server = MockCloud::start(kind, empty_account(), port)?;
        Ok(Receiver {
            server,
            config,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.server
            .endpoint()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// The webhook URL in the platform's shape, carrying the token.
    pub fn url(&self) -> String {
        url_for(self.config.platform, self.port(), &self.config.token)
    }

    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).accepted.clone()
    }

    pub fn refused(&self) -> Vec<String> {
        lock(&self.state).refused.clone()
    }

    pub fn rate_limited(&self) -> u64 {
        lock(&self.state).rate_limited
    }

    pub fn duplicates(&self) -> u64 {
        lock(&self.state).duplicates
    }

    pub fn set_faults(&self, faults: Faults) {
        self.server.set_faults(faults);
    }

    pub fn stats(&self) -> Stats {
        self.server.stats()
    }
}

/// The URL a platform gives for a robot with this token, on a local port.
pub fn url_for(platform: Platform, port: u16, token: &str) -> String {
    let base = format!("http://127.0.0.1:{port}");
    match platform {
        Platform::DingTalk => format!("{base}/robot/send?access_token={token}"),
        Platform::WeCom => format!("{base}/cgi-bin/webhook/send?key={token}"),
        Platform::Feishu => format!("{base}/open-apis/bot/v2/hook/{token}"),
        Platform::Slack => format!("{base}/services/T0CLOUDLENS/B0ALERTS/{token}"),
        Platform::Webhook => format!("{base}/hooks/{token}"),
    }
}

fn empty_account() -> Account {
    Account {
        billing_account: String::new(),
        name: String::new(),
        currency: String::new(),
        regions: Vec::new(),
        resources: Vec::new(),
        first_day: chrono::NaiveDate::MIN,
        days: 0,
        adjustments: Vec::new(),
    }
}
