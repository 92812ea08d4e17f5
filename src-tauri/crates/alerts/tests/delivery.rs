//! Each platform receives a readable, correctly signed message through the
//! outbox; refusals are recognised (including errors inside HTTP 200
//! bodies) and reported without the URL or the secret.

mod common;

use cloudlens_alerts::{list_channels, test_channel, ChannelKind, Language, Outcome};
use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};
use cloudlens_store::SecretHome;
use common::*;

const PLATFORMS: [Platform; 5] = [
    Platform::DingTalk,
    Platform::WeCom,
    Platform::Feishu,
    Platform::Slack,
    Platform::Webhook,
];

/// The message text a platform received, whatever its layout.
fn text_of(p: Platform, body: &serde_json::Value) -> String {
    match p {
        Platform::DingTalk => body["markdown"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        Platform::WeCom => body["markdown"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        Platform::Feishu => body["card"].to_string(),
        Platform::Slack => body["blocks"].to_string(),
        Platform::Webhook => body["message"].to_string(),
    }
}

#[test]
fn every_platform_receives_one_signed_readable_message() {
    for p in PLATFORMS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let r = receiver(p);
        add_for(&mut store, "team", &r, p, Language::En);
        assert_eq!(raise(&mut store, 0, 1), 1);
        let report = drain(&mut store, fast());
        assert_eq!(report.sent, 1, "{p:?}: {report:?} {:?}", r.refused());
        let got = r.received();
        assert_eq!(got.len(), 1, "{p:?}");
        let text = text_of(p, &got[0].body);
        for needle in [
            "sync of conn-0 is failing",
            "credentials rejected",
            "cloudlens connection test conn-0",
            "Data sources",
        ] {
            assert!(
                text.contains(needle),
                "{p:?} message lacks {needle:?}: {text}"
            );
        }
        assert_eq!(
            deliveries(&store),
            vec![("sent".to_string(), 1, None)],
            "{p:?}"
        );
        assert!(r.refused().is_empty(), "{p:?}: {:?}", r.refused());
    }
}

#[test]
fn messages_are_in_the_channels_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let feishu = receiver(Platform::Feishu);
    let dingtalk = receiver(Platform::DingTalk);
    add_for(
        &mut store,
        "飞书群",
        &feishu,
        Platform::Feishu,
        Language::ZhCn,
    );
    add_for(
        &mut store,
        "ding",
        &dingtalk,
        Platform::DingTalk,
        Language::En,
    );
    raise(&mut store, 0, 1);
    assert_eq!(drain(&mut store, fast()).sent, 2);
    let zh = text_of(Platform::Feishu, &feishu.received()[0].body);
    assert!(
        zh.contains("连接 conn-0 同步失败") && zh.contains("凭证被拒绝") && zh.contains("数据源"),
        "{zh}"
    );
    let en = text_of(Platform::DingTalk, &dingtalk.received()[0].body);
    assert!(
        en.contains("sync of conn-0 is failing") && !en.contains("同步"),
        "{en}"
    );
}

#[test]
fn a_wrong_secret_fails_with_the_platforms_reason_and_no_secret() {
    for p in [Platform::DingTalk, Platform::Feishu, Platform::Webhook] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let r = receiver(p);
        let wrong = "SECwrong-secret-0123456789";
        add(
            &mut store,
            "team",
            common::kind_of(p),
            Some(r.url()),
            Some(wrong),
            Language::En,
        );
        raise(&mut store, 0, 1);
        let report = drain(&mut store, fast());
        assert_eq!((report.sent, report.failed), (0, 1), "{p:?}");
        let (state, attempts, error) = deliveries(&store).remove(0);
        let error = error.unwrap();
        assert_eq!((state.as_str(), attempts), ("failed", 1), "{p:?}: {error}");
        let expected = match p {
            Platform::DingTalk => "errcode 310000: sign not match",
            Platform::Feishu => "code 19021: sign match fail",
            _ => "HTTP 401",
        };
        assert!(error.contains(expected), "{p:?}: {error}");
        for secret in [wrong, TOKEN, r.url().as_str()] {
            assert!(
                !error.contains(secret),
                "{p:?} error echoes a secret: {error}"
            );
        }
        assert_eq!(r.received().len(), 0);
        assert_eq!(
            r.refused().len(),
            1,
            "the receiver refused it as the platform would"
        );
    }
}

#[test]
fn a_wrong_url_is_permanent_and_not_echoed() {
    for p in PLATFORMS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let r = receiver(p);
        let url = r.url().replace(TOKEN, "not-the-robots-token-42");
        add(
            &mut store,
            "team",
            common::kind_of(p),
            Some(url.clone()),
            signed(p).then_some(SECRET),
            Language::En,
        );
        raise(&mut store, 0, 1);
        let report = drain(&mut store, fast());
        assert_eq!(report.failed, 1, "{p:?}: {report:?}");
        let error = deliveries(&store).remove(0).2.unwrap();
        assert!(
            !error.contains("not-the-robots-token-42") && !error.contains(&url),
            "{p:?}: {error}"
        );
        let expected = match p {
            Platform::DingTalk => "errcode 300001",
            Platform::WeCom => "errcode 93000",
            Platform::Feishu => "code 19001",
            Platform::Slack => "invalid_token",
            Platform::Webhook => "HTTP 404",
        };
        assert!(error.contains(expected), "{p:?}: {error}");
    }
}

#[test]
fn a_missing_keyword_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let mut cfg = ReceiverConfig::new(Platform::DingTalk, TOKEN, Some(SECRET));
    cfg.keyword = Some("Kosten".into());
    let r = Receiver::start(cfg, 0).unwrap();
    add_for(&mut store, "team", &r, Platform::DingTalk, Language::En);
    raise(&mut store, 0, 1);
    drain(&mut store, fast());
    let error = deliveries(&store).remove(0).2.unwrap();
    assert!(
        error.contains("keywords not in content") && error.contains("CloudLens"),
        "{error}"
    );
}

#[test]
fn evaluating_twice_sends_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::WeCom);
    add_for(&mut store, "team", &r, Platform::WeCom, Language::En);
    assert_eq!(raise(&mut store, 0, 3), 3);
    assert_eq!(drain(&mut store, fast()).sent, 3);
    assert_eq!(
        raise(&mut store, 0, 3),
        0,
        "the same dedup keys raise nothing"
    );
    let again = drain(&mut store, fast());
    assert_eq!((again.sent, again.still_queued), (0, 0));
    assert_eq!(r.received().len(), 3);
    assert_eq!(store.alerts().history(100).unwrap().len(), 3);
}

#[test]
fn server_errors_are_retried_and_in_body_throttles_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::Feishu);
    r.set_faults(cloudlens_mockcloud::Faults {
        fail_every: Some(2),
        ..Default::default()
    });
    add_for(&mut store, "team", &r, Platform::Feishu, Language::En);
    raise(&mut store, 0, 2);
    let report = drain(&mut store, fast());
    assert_eq!(report.sent, 2, "{report:?}");
    assert!(report.retried >= 1, "{report:?}");
    assert_eq!(r.received().len(), 2);

    // A DingTalk robot over its limit answers errcode 130101 in an HTTP 200
    // body; the delivery waits out DingTalk's ten-minute mute.
    let d = receiver(Platform::DingTalk);
    d.set_faults(cloudlens_mockcloud::Faults {
        throttle_every: Some(1),
        ..Default::default()
    });
    add_for(&mut store, "ding", &d, Platform::DingTalk, Language::En);
    raise(&mut store, 10, 1);
    let before = now_ms();
    let report = drain(&mut store, fast());
    assert_eq!(report.still_queued, 1, "{report:?}");
    let queued = store.alerts().queued_deliveries().unwrap();
    assert_eq!(queued[0].channel, "ding");
    assert!(
        queued[0].next_at_ms >= before + 600_000,
        "waits for the mute to end"
    );
    assert!(deliveries(&store)
        .iter()
        .any(|d| d.2.as_deref().is_some_and(|e| e.contains("130101"))));
}

#[test]
fn listings_and_debug_never_show_the_url_or_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::DingTalk);
    add_for(&mut store, "team", &r, Platform::DingTalk, Language::En);
    let listed = format!(
        "{:?}",
        list_channels(&store.alerts(), &SecretHome::Sealed).unwrap()
    );
    let secret = store
        .alerts()
        .channel_secret(&SecretHome::Sealed, "team")
        .unwrap();
    let debug = format!("{secret:?}");
    for text in [&listed, &debug] {
        assert!(!text.contains(TOKEN) && !text.contains(SECRET), "{text}");
    }
    assert!(
        listed.contains("127.0.0.1") && listed.contains("signed: true"),
        "{listed}"
    );
}

#[test]
fn channel_test_sends_now_and_reports_failures_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    let r = receiver(Platform::Slack);
    add_for(&mut store, "slack", &r, Platform::Slack, Language::ZhCn);
    let outcome = test_channel(
        &store.alerts(),
        &SecretHome::Sealed,
        &cloudlens_alerts::NoDesktop,
        "slack",
        now_ms(),
    )
    .unwrap();
    assert_eq!(outcome, Outcome::Sent);
    assert!(r.received()[0].body["text"]
        .as_str()
        .unwrap()
        .contains("测试消息"));
    add(
        &mut store,
        "gone",
        ChannelKind::Slack,
        Some(r.url().replace(TOKEN, "revoked-token-123")),
        None,
        Language::En,
    );
    match test_channel(
        &store.alerts(),
        &SecretHome::Sealed,
        &cloudlens_alerts::NoDesktop,
        "gone",
        now_ms(),
    )
    .unwrap()
    {
        Outcome::Permanent { reason } => {
            assert!(
                reason.contains("invalid_token") && !reason.contains("revoked-token-123"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
}
