//! Drains the outbox. One delivery at a time: claim it (`sending`,
//! committed), send it, settle it (`sent`, back to `queued` with a later
//! time, or `failed`), so a delivery is never claimed by two senders and a
//! stop between any two steps leaves a state the next sender understands.
//!
//! The one uncertain case is a stop after the claim and before the settle:
//! the platform may or may not have the message. The generic webhook is
//! sent again with the same message id (`X-CloudLens-Id`, which receivers
//! use to drop repeats). The chat platforms and the desktop have no such
//! id, so the delivery is failed with an error saying it may have arrived,
//! never sent twice. A sender treats a `sending` row as interrupted only
//! when its attempt began longer ago than any live send can take.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use cloudlens_store::{AttemptOutcome, DueDelivery, SecretHome, Store};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::channel::{Channel, ChannelKind, Language};
use crate::desktop::{NoDesktop, Notifier};
use crate::limiter::{horizon_ms, next_allowed, RateLimit};
use crate::platforms::{self, Outcome, SendContext};
use crate::{desktop, http, message, Alert, AlertError, Clock};

/// Exponential backoff with jitter for transient failures, and how long a
/// delivery may wait in all before it is failed.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub base_ms: i64,
    pub cap_ms: i64,
    pub max_age_ms: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_ms: 30_000,
            cap_ms: 3_600_000,
            max_age_ms: 7 * 86_400_000,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub retry: RetryPolicy,
    /// How long one drain may sleep for a retry or a rate-limit window to
    /// come round; later deliveries stay queued for the next drain.
    pub max_wait_ms: i64,
    /// A `sending` row whose attempt began longer ago than this is taken
    /// as interrupted (longer than the HTTP and D-Bus timeouts).
    pub interrupted_after_ms: i64,
    /// Limits replacing a kind's documented ones.
    pub rate_limits: HashMap<ChannelKind, Vec<RateLimit>>,
}

impl Default for SenderConfig {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            max_wait_ms: 120_000,
            interrupted_after_ms: 120_000,
            rate_limits: HashMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u32,
    /// Attempts that failed transiently (the delivery waits for a retry).
    pub retried: u32,
    pub failed: u32,
    /// Interrupted webhook deliveries queued again under the same id.
    pub resumed: u32,
    /// Interrupted deliveries failed as "may have arrived".
    pub uncertain: u32,
    pub still_queued: u32,
    /// When the next queued delivery may be tried.
    pub next_attempt_ms: Option<i64>,
}

/// What the outbox holds now.
pub enum Next {
    Ready(DueDelivery),
    WaitUntil(i64),
    Idle,
}

/// A delivery claimed for one attempt.
pub struct Claim {
    pub delivery: DueDelivery,
    pub attempt: u32,
}

pub struct Sender<'a> {
    store: &'a mut Store,
    channels: HashMap<String, Channel>,
    clock: &'a dyn Clock,
    config: SenderConfig,
    transport: http::Transport,
    notifier: Arc<dyn Notifier>,
    /// Channels found unreachable in this drain: their queue waits.
    paused: HashSet<String>,
    report: DrainReport,
}

impl<'a> Sender<'a> {
    /// Loads the channels and their secrets, and settles deliveries a
    /// stopped sender left in `sending`.
    pub fn new(
        store: &'a mut Store,
        home: &SecretHome,
        clock: &'a dyn Clock,
        config: SenderConfig,
    ) -> Result<Sender<'a>, AlertError> {
        let mut channels = HashMap::new();
        for rec in store.alerts().channels()? {
            let kind = ChannelKind::parse(&rec.kind)?;
            let language = Language::parse(&rec.language).unwrap_or(Language::En);
            let secret = store.alerts().channel_secret(home, &rec.name)?;
            channels.insert(
                rec.name.clone(),
                Channel {
                    name: rec.name,
                    kind,
                    language,
                    secret,
                },
            );
        }
        let mut sender = Sender {
            store,
            channels,
            clock,
            config,
            transport: http::Transport::new().map_err(AlertError::Http)?,
            notifier: Arc::new(NoDesktop),
            paused: HashSet::new(),
            report: DrainReport::default(),
        };
        sender.settle_interrupted()?;
        Ok(sender)
    }

    /// Desktop notifications go through `notifier` (the program's own);
    /// without one they stay queued.
    pub fn with_notifier(mut self, notifier: Arc<dyn Notifier>) -> Self {
        self.notifier = notifier;
        self
    }

    fn settle_interrupted(&mut self) -> Result<(), AlertError> {
        let now = self.clock.now_ms();
        let stale = self
            .store
            .alerts()
            .interrupted_deliveries(now - self.config.interrupted_after_ms)?;
        for d in stale {
            let idempotent = self
                .channels
                .get(&d.channel)
                .is_some_and(|c| c.kind.idempotent());
            if idempotent {
                self.store.alerts_mut().settle_interrupted(
                    d.id,
                    true,
                    "interrupted mid-send; sent again under the same message id",
                    now,
                )?;
                self.report.resumed += 1;
            } else {
                self.store.alerts_mut().settle_interrupted(
                    d.id,
                    false,
                    "interrupted mid-send: it may have arrived, and is not sent again so it cannot arrive twice",
                    now,
                )?;
                self.report.uncertain += 1;
            }
        }
        Ok(())
    }

    fn limits(&self, kind: ChannelKind) -> Vec<RateLimit> {
        self.config
            .rate_limits
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| kind.rate_limits())
    }

    /// The first delivery that may go now, or when one may.
    pub fn next_due(&mut self) -> Result<Next, AlertError> {
        let now = self.clock.now_ms();
        let mut allowed: HashMap<String, i64> = HashMap::new();
        let mut earliest: Option<i64> = None;
        for d in self.store.alerts().queued_deliveries()? {
            if self.paused.contains(&d.channel) {
                continue;
            }
            let Some(kind) = self.channels.get(&d.channel).map(|c| c.kind) else {
                self.store
                    .alerts_mut()
                    .expire_delivery(d.id, "the channel was removed")?;
                self.report.failed += 1;
                continue;
            };
            if now - d.created_at * 1000 > self.config.retry.max_age_ms {
                self.store.alerts_mut().expire_delivery(
                    d.id,
                    &format!(
                        "not delivered within {} days; gave up after {} attempts",
                        self.config.retry.max_age_ms / 86_400_000,
                        d.attempts
                    ),
                )?;
                self.report.failed += 1;
                continue;
            }
            let at = match allowed.get(&d.channel) {
                Some(at) => *at,
                None => {
                    let limits = self.limits(kind);
                    let times = self
                        .store
                        .alerts()
                        .channel_attempt_times(&d.channel, now - horizon_ms(&limits))?;
                    let at = next_allowed(&limits, &times, now);
                    allowed.insert(d.channel.clone(), at);
                    at
                }
            }
            .max(d.next_at_ms);
            if at <= now {
                return Ok(Next::Ready(d));
            }
            earliest = Some(earliest.map_or(at, |e: i64| e.min(at)));
        }
        Ok(earliest.map_or(Next::Idle, Next::WaitUntil))
    }

    /// Claims a delivery for one attempt (committed before anything is sent).
    pub fn claim(&mut self, delivery: DueDelivery) -> Result<Option<Claim>, AlertError> {
        let now = self.clock.now_ms();
        Ok(self
            .store
            .alerts_mut()
            .begin_attempt(delivery.id, now)?
            .map(|attempt| Claim { delivery, attempt }))
    }

    /// Sends a claimed delivery and says how it went. Touches no state.
    pub fn send(&self, claim: &Claim) -> Outcome {
        let d = &claim.delivery;
        let Some(channel) = self.channels.get(&d.channel) else {
            return Outcome::permanent("the channel was removed");
        };
        let alert = match Alert::from_json(&d.payload) {
            Ok(a) => a,
            Err(e) => return Outcome::permanent(format!("the stored alert cannot be read: {e}")),
        };
        deliver(
            channel,
            &self.transport,
            self.notifier.as_ref(),
            &alert,
            &message_id(d),
            self.clock.now_ms(),
        )
    }

    /// Records how an attempt ended.
    pub fn settle(&mut self, claim: Claim, outcome: Outcome) -> Result<(), AlertError> {
        let now = self.clock.now_ms();
        let scrub = |reason: &str| match self.channels.get(&claim.delivery.channel) {
            Some(c) => scrub(reason, c),
            None => reason.to_string(),
        };
        let recorded = match outcome {
            Outcome::Sent => {
                self.report.sent += 1;
                AttemptOutcome::Sent
            }
            Outcome::Transient {
                reason,
                retry_after,
                unreachable,
            } => {
                self.report.retried += 1;
                if unreachable {
                    self.paused.insert(claim.delivery.channel.clone());
                }
                let wait = backoff(&self.config.retry, claim.attempt)
                    .max(retry_after.map_or(0, |d| d.as_millis() as i64));
                AttemptOutcome::Retry {
                    next_at_ms: now + wait,
                    error: scrub(&reason),
                }
            }
            Outcome::Permanent { reason } => {
                self.report.failed += 1;
                AttemptOutcome::Failed {
                    error: scrub(&reason),
                }
            }
        };
        self.store
            .alerts_mut()
            .finish_attempt(claim.delivery.id, claim.attempt, &recorded, now)?;
        Ok(())
    }

    /// Sends every delivery that is due, waiting (up to `max_wait_ms`) for
    /// retries and rate-limit windows; what is left stays queued.
    pub fn drain(mut self) -> Result<DrainReport, AlertError> {
        let deadline = self.clock.now_ms() + self.config.max_wait_ms;
        loop {
            match self.next_due()? {
                Next::Ready(d) => {
                    if let Some(claim) = self.claim(d)? {
                        let outcome = self.send(&claim);
                        self.settle(claim, outcome)?;
                    }
                }
                Next::WaitUntil(at) if at <= deadline => {
                    self.clock.sleep_ms(at - self.clock.now_ms());
                }
                Next::WaitUntil(at) => {
                    self.report.next_attempt_ms = Some(at);
                    break;
                }
                Next::Idle => break,
            }
        }
        self.report.still_queued = self.store.alerts().queued_deliveries()?.len() as u32;
        if self.report.next_attempt_ms.is_none() {
            self.report.next_attempt_ms = self
                .store
                .alerts()
                .queued_deliveries()?
                .first()
                .map(|d| d.next_at_ms);
        }
        Ok(self.report)
    }
}

/// Renders and sends one alert on one channel (the outbox and `channel test`).
pub fn deliver(
    channel: &Channel,
    transport: &http::Transport,
    notifier: &dyn Notifier,
    alert: &Alert,
    message_id: &str,
    now_ms: i64,
) -> Outcome {
    let msg = message::render(alert, channel.language);
    let outcome = if channel.kind == ChannelKind::Desktop {
        desktop::notify(notifier, &msg)
    } else {
        let ctx = SendContext {
            now_ms,
            message_id,
            alert,
        };
        match platforms::request(channel, &msg, &ctx) {
            Ok(req) => match transport.post(&req) {
                Ok(answer) => platforms::classify(channel.kind, &answer),
                Err(o) => o,
            },
            Err(o) => o,
        }
    };
    match outcome {
        Outcome::Transient {
            reason,
            retry_after,
            unreachable,
        } => Outcome::Transient {
            reason: scrub(&reason, channel),
            retry_after,
            unreachable,
        },
        Outcome::Permanent { reason } => Outcome::permanent(scrub(&reason, channel)),
        Outcome::Sent => Outcome::Sent,
    }
}

/// Error text with the channel's URL, its tokens and its secret removed.
fn scrub(reason: &str, channel: &Channel) -> String {
    let mut out = match channel.url() {
        Some(url) => http::redact(reason, url),
        None => reason.to_string(),
    };
    if let Some(secret) = channel.signing_secret().filter(|s| !s.is_empty()) {
        out = out.replace(secret, "<redacted>");
    }
    out
}

/// The delivery's stable message id: the same on every attempt.
pub fn message_id(d: &DueDelivery) -> String {
    let digest = Sha256::digest(format!("{}\n{}", d.dedup_key, d.channel).as_bytes());
    hex::encode(&digest[..16])
}

/// `base · 2^(attempt-1)`, capped, with the upper half jittered so
/// deliveries failing together do not retry together.
fn backoff(p: &RetryPolicy, attempt: u32) -> i64 {
    let exp = p
        .base_ms
        .saturating_mul(1_i64 << attempt.saturating_sub(1).min(30))
        .min(p.cap_ms)
        .max(1);
    let half = exp / 2;
    half + rand::thread_rng().gen_range(0..=exp - half)
}
