//! The outbox delivers every alert exactly once: through a receiver that
//! is down and then up, within each platform's rate limit, and across a
//! sender stopped between any two of its steps.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use cloudlens_alerts::{ChannelKind, Language, Next, RateLimit, Sender, SenderConfig, SystemClock};
use cloudlens_mockcloud::webhooks::{url_for, Platform, Receiver, ReceiverConfig};
use cloudlens_store::SecretHome;
use common::*;

fn unique_subjects(r: &Receiver) -> HashSet<String> {
    r.received().iter().map(|m| m.body.to_string()).collect()
}

#[test]
fn a_receiver_down_then_up_gets_every_alert_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let port = {
        let probe = receiver(Platform::DingTalk);
        probe.port()
    };
    let url = url_for(Platform::DingTalk, port, TOKEN);
    add(
        &mut store,
        "ding",
        ChannelKind::DingTalk,
        Some(url),
        Some(SECRET),
        Language::En,
    );
    raise(&mut store, 0, 5);

    let offline = drain(&mut store, fast());
    assert_eq!(
        (offline.sent, offline.retried, offline.still_queued),
        (0, 1, 5),
        "{offline:?}"
    );
    let states = deliveries(&store);
    assert_eq!(
        states.iter().map(|d| d.1).sum::<u32>(),
        1,
        "one try finds it offline; the rest wait untried"
    );
    let error = states.iter().find_map(|d| d.2.clone()).unwrap();
    assert!(
        error.contains("could not connect") && !error.contains(TOKEN),
        "{error}"
    );

    let r = Receiver::start(
        ReceiverConfig::new(Platform::DingTalk, TOKEN, Some(SECRET)),
        port,
    )
    .unwrap();
    let online = drain(&mut store, fast());
    assert_eq!((online.sent, online.still_queued), (5, 0), "{online:?}");
    assert_eq!(r.received().len(), 5);
    assert_eq!(unique_subjects(&r).len(), 5);
    assert!(deliveries(&store).iter().all(|d| d.0 == "sent"));
    assert_eq!(drain(&mut store, fast()).sent, 0);
    assert_eq!(r.received().len(), 5);
}

/// Arrival times never put more than `max` requests in any `per` window.
fn assert_within(r: &Receiver, max: usize, per: Duration) {
    let at: Vec<_> = r.received().iter().map(|m| m.at).collect();
    for w in at.windows(max + 1) {
        assert!(
            w[max].duration_since(w[0]) > per,
            "{} requests within {per:?}",
            max + 1
        );
    }
    assert_eq!(r.rate_limited(), 0, "the receiver never had to throttle");
}

#[test]
fn rate_limits_hold_across_senders() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let mut cfg = ReceiverConfig::new(Platform::DingTalk, TOKEN, Some(SECRET));
    cfg.limits = vec![(3, Duration::from_secs(1))];
    let r = Receiver::start(cfg, 0).unwrap();
    add_for(&mut store, "ding", &r, Platform::DingTalk, Language::En);
    let mut config = fast();
    config
        .rate_limits
        .insert(ChannelKind::DingTalk, vec![RateLimit::new(3, 1_000)]);
    raise(&mut store, 0, 4);
    assert_eq!(drain(&mut store, config.clone()).sent, 4);
    // A second sender (another process) sees the first one's attempts.
    raise(&mut store, 4, 4);
    assert_eq!(drain(&mut store, config).sent, 4);
    assert_eq!(r.received().len(), 8);
    assert_within(&r, 3, Duration::from_secs(1));
}

#[test]
fn documented_limits_of_slack_and_feishu_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let slack = receiver(Platform::Slack);
    let feishu = receiver(Platform::Feishu);
    add_for(&mut store, "slack", &slack, Platform::Slack, Language::En);
    add_for(
        &mut store,
        "feishu",
        &feishu,
        Platform::Feishu,
        Language::En,
    );
    raise(&mut store, 0, 7);
    let mut config = fast();
    config.max_wait_ms = 15_000;
    let report = drain(&mut store, config);
    assert_eq!(report.sent, 14, "{report:?}");
    assert_within(&slack, 1, Duration::from_secs(1));
    assert_within(&feishu, 5, Duration::from_secs(1));
}

#[test]
fn a_drain_that_cannot_wait_leaves_the_rest_queued() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::WeCom);
    add_for(&mut store, "wecom", &r, Platform::WeCom, Language::En);
    let mut config = fast();
    config.max_wait_ms = 0;
    config
        .rate_limits
        .insert(ChannelKind::WeCom, vec![RateLimit::new(2, 60_000)]);
    raise(&mut store, 0, 3);
    let report = drain(&mut store, config);
    assert_eq!((report.sent, report.still_queued), (2, 1), "{report:?}");
    assert!(report
        .next_attempt_ms
        .is_some_and(|t| t > now_ms() + 50_000));
}

/// Claims and sends the next delivery, then stops before recording how it
/// went (a crash between sending and marking).
fn send_and_stop(store: &mut cloudlens_store::Store) {
    let mut s = Sender::new(store, &SecretHome::Sealed, &SystemClock, fast()).unwrap();
    let Next::Ready(d) = s.next_due().unwrap() else {
        panic!("a delivery is due")
    };
    let claim = s.claim(d).unwrap().unwrap();
    assert_eq!(s.send(&claim), cloudlens_alerts::Outcome::Sent);
}

#[test]
fn a_webhook_send_interrupted_before_marking_is_repeated_under_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::Webhook);
    add_for(&mut store, "hook", &r, Platform::Webhook, Language::En);
    raise(&mut store, 0, 3);
    send_and_stop(&mut store);
    assert_eq!(r.received().len(), 1);
    let report = drain(&mut store, fast());
    assert_eq!((report.resumed, report.sent), (1, 3), "{report:?}");
    assert_eq!(r.received().len(), 3, "each message handled once");
    assert_eq!(
        r.duplicates(),
        1,
        "the repeat carried the same X-CloudLens-Id and was dropped"
    );
    let ids: HashSet<_> = r
        .received()
        .iter()
        .map(|m| m.body["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(deliveries(&store).iter().all(|d| d.0 == "sent"));
}

#[test]
fn a_chat_send_interrupted_before_marking_is_never_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::DingTalk);
    add_for(&mut store, "ding", &r, Platform::DingTalk, Language::En);
    raise(&mut store, 0, 3);
    send_and_stop(&mut store);
    let report = drain(&mut store, fast());
    assert_eq!((report.uncertain, report.sent), (1, 2), "{report:?}");
    assert_eq!(r.received().len(), 3);
    assert_eq!(
        unique_subjects(&r).len(),
        3,
        "nothing arrived twice, nothing was lost"
    );
    let states = deliveries(&store);
    let uncertain: Vec<_> = states.iter().filter(|d| d.0 == "failed").collect();
    assert_eq!(uncertain.len(), 1);
    assert!(uncertain[0]
        .2
        .as_deref()
        .unwrap()
        .contains("may have arrived"));
    let attempts = store
        .alerts()
        .delivery_attempts(
            store
                .alerts()
                .history(10)
                .unwrap()
                .last()
                .unwrap()
                .deliveries[0]
                .id,
        )
        .unwrap();
    assert_eq!(attempts[0].outcome, "interrupted");
}

#[test]
fn a_sender_stopped_between_deliveries_leaves_the_rest_for_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::Slack);
    add_for(&mut store, "slack", &r, Platform::Slack, Language::En);
    raise(&mut store, 0, 3);
    {
        let mut s = Sender::new(&mut store, &SecretHome::Sealed, &SystemClock, fast()).unwrap();
        let Next::Ready(d) = s.next_due().unwrap() else {
            panic!()
        };
        let claim = s.claim(d).unwrap().unwrap();
        let outcome = s.send(&claim);
        s.settle(claim, outcome).unwrap();
        // Dropped here: the other two were never claimed.
    }
    let report = drain(&mut store, fast());
    assert_eq!(
        (report.sent, report.uncertain, report.resumed),
        (2, 0, 0),
        "{report:?}"
    );
    assert_eq!(r.received().len(), 3);
    assert_eq!(unique_subjects(&r).len(), 3);
}

#[test]
fn two_senders_never_claim_one_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = store(dir.path());
    let mut second = store(dir.path());
    let r = receiver(Platform::WeCom);
    add_for(&mut first, "wecom", &r, Platform::WeCom, Language::En);
    raise(&mut first, 0, 1);
    let live = SenderConfig::default();
    let mut a = Sender::new(&mut first, &SecretHome::Sealed, &SystemClock, live.clone()).unwrap();
    let Next::Ready(d) = a.next_due().unwrap() else {
        panic!()
    };
    let claim = a.claim(d.clone()).unwrap().unwrap();
    // Another process starting now leaves the live send alone.
    let mut b = Sender::new(&mut second, &SecretHome::Sealed, &SystemClock, live).unwrap();
    assert!(b.claim(d).unwrap().is_none());
    assert!(matches!(b.next_due().unwrap(), Next::Idle));
    let outcome = a.send(&claim);
    a.settle(claim, outcome).unwrap();
    assert_eq!(r.received().len(), 1);
}
