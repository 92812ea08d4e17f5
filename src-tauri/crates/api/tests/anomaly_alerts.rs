//! Anomalies alert through the outbox like budgets do: an open anomaly
//! above its monitor's alert minimums becomes one alert (`anomaly:<id>`),
//! delivered to each of the monitor's channels (local receivers that check
//! the platform's signature) in the channel's language, recorded in the
//! history, and never raised or sent again.

mod anomaly_data;

use std::sync::Arc;

use anomaly_data::{d, import, normal, open, scale, COMPUTE};
use cloudlens_alerts::{Clock, NoDesktop, SystemClock};
use cloudlens_api::{
    AddChannelRequest, AlertChannelKind, AnomalySeverity, CloudLens, DeliveryStatus,
    EvaluationView, Locale, MonitorAlerts, SecretHome,
};
use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};

const NOW: i64 = 1_780_000_000;
const TOKEN: &str = "robot-token-0123456789";
const SECRET: &str = "SECsigning-secret-abcdef";

fn channel(cl: &CloudLens, name: &str, kind: AlertChannelKind, r: &Receiver, language: Locale) {
    // Slack's URL is its only credential; DingTalk robots also sign.
    let secret = (kind == AlertChannelKind::Dingtalk).then(|| SECRET.to_string());
    cl.add_alert_channel(
        &SecretHome::Sealed,
        AddChannelRequest {
            name: name.into(),
            kind,
            language,
            url: Some(r.url()),
            secret,
        },
        NOW,
    )
    .unwrap();
}

/// Routes every monitor's alerts to `channels` from `min_impact` up.
fn route(cl: &CloudLens, channels: &[&str], min_impact: &str) {
    for m in cl.anomaly_monitors().unwrap() {
        let mut input = m.monitor.clone();
        input.alerts = MonitorAlerts {
            channels: channels.iter().map(|c| c.to_string()).collect(),
            min_severity: AnomalySeverity::Low,
            min_impact: Some(min_impact.into()),
        };
        cl.update_anomaly_monitor(m.id, &input, NOW).unwrap();
    }
}

fn evaluate(cl: &CloudLens) -> EvaluationView {
    // Alerts are raised now: the sender gives up on one older than its
    // delivery window, judged by the same clock.
    let now_ms = SystemClock.now_ms();
    let mut view = cl
        .evaluate_alerts_with(d("2025-07-01"), 3, now_ms / 1000, now_ms)
        .unwrap();
    cl.deliver_alerts(
        &SecretHome::Sealed,
        Arc::new(NoDesktop),
        &SystemClock,
        10_000,
        &mut view,
    )
    .unwrap();
    view
}

fn text(r: &Receiver) -> String {
    r.received()
        .iter()
        .map(|m| m.body.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_anomaly_above_its_monitors_minimum_alerts_once_on_its_channels() {
    let dir = tempfile::tempdir().unwrap();
    let mut cl = open(&dir);
    let mut costs = normal(d("2025-01-01"), d("2025-06-30"));
    scale(
        &mut costs,
        "i-0bbb",
        &[d("2025-06-20"), d("2025-06-21")],
        5.0,
    );
    import(&mut cl, &dir, "a", &costs);
    cl.detect_anomalies(None, None, NOW).unwrap();
    let spike = cl
        .anomalies(&Default::default())
        .unwrap()
        .anomalies
        .into_iter()
        .find(|a| a.groups.get("service").cloned().flatten().as_deref() == Some(COMPUTE))
        .expect("the compute spike is found");

    let dingtalk = Receiver::start(
        ReceiverConfig::new(Platform::DingTalk, TOKEN, Some(SECRET)),
        0,
    )
    .unwrap();
    let slack = Receiver::start(ReceiverConfig::new(Platform::Slack, TOKEN, None), 0).unwrap();
    channel(
        &cl,
        "钉钉",
        AlertChannelKind::Dingtalk,
        &dingtalk,
        Locale::ZhCn,
    );
    channel(&cl, "ops", AlertChannelKind::Slack, &slack, Locale::En);

    // Below the monitor's alert minimum: nothing is raised.
    route(&cl, &["钉钉", "ops"], "1000000");
    let view = evaluate(&cl);
    assert_eq!((view.raised, view.sent), (0, 0), "{view:?}");

    // Above it: one alert, one delivery per channel, in each one's language.
    route(&cl, &["钉钉", "ops"], "100");
    // (Each monitor that sees the spike raises its own anomaly.)
    let view = evaluate(&cl);
    assert!(view.raised >= 1, "{view:?}");
    assert_eq!((view.sent, view.failed), (2 * view.raised, 0), "{view:?}");
    let raised = view.raised as usize;
    assert_eq!(
        dingtalk.received().len(),
        raised,
        "{:?}",
        dingtalk.refused()
    );
    assert_eq!(slack.received().len(), raised, "{:?}", slack.refused());
    let zh = text(&dingtalk);
    assert!(zh.contains("的费用异常上涨"), "{zh}");
    assert!(
        zh.contains(&format!("由监控 {} 发现", spike.monitor)),
        "{zh}"
    );
    let en = text(&slack);
    assert!(en.contains("CloudLens: unusual spend in"), "{en}");
    assert!(
        en.contains(&format!("cloudlens anomalies show {}", spike.id)),
        "{en}"
    );

    // The history has it with both deliveries sent.
    let history = cl.alert_history(Locale::En, 10).unwrap();
    let alert = history
        .alerts
        .iter()
        .find(|a| a.source == "anomaly")
        .expect("the anomaly alert is in the history");
    assert!(
        alert.subject.starts_with("CloudLens: unusual spend in"),
        "{alert:?}"
    );
    assert_eq!(alert.deliveries.len(), 2);
    assert!(alert
        .deliveries
        .iter()
        .all(|d| d.status == DeliveryStatus::Sent && d.attempts == 1));

    // Evaluating again (or detecting again) raises and sends nothing new.
    cl.detect_anomalies(None, None, NOW + 60).unwrap();
    let view = evaluate(&cl);
    assert_eq!((view.raised, view.sent), (0, 0), "{view:?}");
    assert_eq!(
        dingtalk.received().len() + slack.received().len(),
        2 * raised
    );
}
