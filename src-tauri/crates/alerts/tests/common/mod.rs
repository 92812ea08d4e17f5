#![allow(dead_code)]

use std::path::Path;

use cloudlens_alerts::{
    add_channel, record, Alert, AlertError, AlertSource, ChannelKind, DrainReport, EvalContext,
    Figure, FigureKey, FigureValue, Language, NewChannel, OpenTarget, RetryPolicy, Route, Sender,
    SenderConfig, Severity, Source, Subject, SystemClock, View,
};
use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};
use cloudlens_store::{SecretHome, Store, StoreKey};
use zeroize::Zeroizing;

pub const SECRET: &str = "SEC0123456789abcdef-signing-secret";
pub const TOKEN: &str = "tok3n0123456789abcdef";

/// A store in passphrase mode (secrets sealed inside it), with a fixed key
/// so tests skip the key derivation.
pub fn store(dir: &Path) -> Store {
    Store::open_with_key(
        &dir.join("alerts.db"),
        &StoreKey::from_parts([3u8; 32], [5u8; 16]),
    )
    .unwrap()
}

pub fn now_ms() -> i64 {
    cloudlens_alerts::Clock::now_ms(&SystemClock)
}

/// Short retries and waits, so tests run in seconds.
pub fn fast() -> SenderConfig {
    SenderConfig {
        retry: RetryPolicy {
            base_ms: 100,
            cap_ms: 400,
            max_age_ms: 86_400_000,
        },
        max_wait_ms: 5_000,
        interrupted_after_ms: 0,
        rate_limits: Default::default(),
    }
}

pub fn kind_of(p: Platform) -> ChannelKind {
    match p {
        Platform::DingTalk => ChannelKind::DingTalk,
        Platform::WeCom => ChannelKind::WeCom,
        Platform::Feishu => ChannelKind::Feishu,
        Platform::Slack => ChannelKind::Slack,
        Platform::Webhook => ChannelKind::Webhook,
    }
}

/// Whether the platform signs with a secret.
pub fn signed(p: Platform) -> bool {
    matches!(p, Platform::DingTalk | Platform::Feishu | Platform::Webhook)
}

pub fn receiver(p: Platform) -> Receiver {
    let secret = signed(p).then_some(SECRET);
    Receiver::start(ReceiverConfig::new(p, TOKEN, secret), 0).unwrap()
}

pub fn add(
    store: &mut Store,
    name: &str,
    kind: ChannelKind,
    url: Option<String>,
    secret: Option<&str>,
    lang: Language,
) {
    add_channel(
        &mut store.alerts_mut(),
        &SecretHome::Sealed,
        NewChannel {
            name: name.to_string(),
            kind,
            language: lang,
            url: url.map(Zeroizing::new),
            secret: secret.map(|s| Zeroizing::new(s.to_string())),
        },
        1_700_000_000,
    )
    .unwrap();
}

/// A channel for the receiver, signed with the receiver's secret.
pub fn add_for(store: &mut Store, name: &str, r: &Receiver, p: Platform, lang: Language) {
    add(
        store,
        name,
        kind_of(p),
        Some(r.url()),
        signed(p).then_some(SECRET),
        lang,
    );
}

/// A source that proposes the alerts it was given.
pub struct Fixed(pub Vec<Alert>);

impl AlertSource for Fixed {
    fn name(&self) -> &'static str {
        "fixed"
    }
    fn evaluate(&self, _ctx: &EvalContext) -> Result<Vec<Alert>, AlertError> {
        Ok(self.0.clone())
    }
}

pub fn alert(i: usize) -> Alert {
    Alert {
        source: Source::Data,
        severity: Severity::Warning,
        dedup_key: format!("data:sync-failed:conn-{i}:never"),
        subject: Subject::SyncFailing {
            connection: format!("conn-{i}"),
            provider: "alibaba".into(),
            status: "credentials_rejected".into(),
            error: "InvalidAccessKeyId.NotFound".into(),
        },
        figures: vec![
            Figure {
                key: FigureKey::Connection,
                value: FigureValue::Text(format!("conn-{i}")),
            },
            Figure {
                key: FigureKey::Status,
                value: FigureValue::Status("credentials_rejected".into()),
            },
            Figure {
                key: FigureKey::LastSuccess,
                value: FigureValue::Never,
            },
        ],
        open: OpenTarget {
            view: View::Connections,
            item: Some(format!("conn-{i}")),
            cli: format!("cloudlens connection test conn-{i}"),
        },
        created: now_ms() / 1000,
        route: Route::AllChannels,
    }
}

/// Raises `n` distinct alerts (numbered from `from`) to every channel.
pub fn raise(store: &mut Store, from: usize, n: usize) -> usize {
    let source = Fixed((from..from + n).map(alert).collect());
    let ctx = EvalContext {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        now: now_ms() / 1000,
    };
    let proposed = cloudlens_alerts::propose(&[&source], &ctx).unwrap();
    record(store, &proposed, now_ms()).unwrap().raised.len()
}

pub fn drain(store: &mut Store, config: SenderConfig) -> DrainReport {
    Sender::new(store, &SecretHome::Sealed, &SystemClock, config)
        .unwrap()
        .drain()
        .unwrap()
}

/// (status, attempts, last error) of every delivery, oldest alert first.
pub fn deliveries(store: &Store) -> Vec<(String, u32, Option<String>)> {
    let mut out: Vec<_> = store
        .alerts()
        .history(10_000)
        .unwrap()
        .into_iter()
        .rev()
        .flat_map(|a| a.deliveries)
        .map(|d| (d.state, d.attempts, d.last_error))
        .collect();
    out.shrink_to_fit();
    out
}
