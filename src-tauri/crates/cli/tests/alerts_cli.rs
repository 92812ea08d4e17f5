//! `cloudlens channel …` and `cloudlens alerts …` as a user runs them, on
//! a real encrypted store in passphrase mode, against local receivers.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};
use cloudlens_store::{
    ConnectionError, ConnectionUpdate, KeySource, NewConnection, SecretHome, Store,
};
use common::ok;
use zeroize::Zeroizing;

const PASS: &str = "a long passphrase";
const TOKEN: &str = "robot-token-0123456789";
const SECRET: &str = "SECsigning-secret-abcdef";

fn cloudlens(db: &Path, args: &[&str], envs: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cloudlens");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn channels_evaluate_and_history_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let feishu = Receiver::start(
        ReceiverConfig::new(Platform::Feishu, TOKEN, Some(SECRET)),
        0,
    )
    .unwrap();
    let hook = Receiver::start(
        ReceiverConfig::new(Platform::Webhook, TOKEN, Some(SECRET)),
        0,
    )
    .unwrap();

    let out = cloudlens(
        &db,
        &[
            "channel",
            "add",
            "ops",
            "--kind",
            "feishu",
            "--url-env",
            "HOOK_URL",
            "--secret-env",
            "HOOK_SECRET",
            "--language",
            "zh-CN",
        ],
        &[("HOOK_URL", &feishu.url()), ("HOOK_SECRET", SECRET)],
        None,
    );
    assert!(ok(&out).contains("added feishu channel ops (signed)"));
    // URL and secret on standard input.
    let out = cloudlens(
        &db,
        &["channel", "add", "audit", "--kind", "webhook"],
        &[],
        Some(&format!("{}\n{SECRET}\n", hook.url())),
    );
    ok(&out);
    let out = cloudlens(
        &db,
        &["channel", "add", "bad", "--kind", "wecom"],
        &[],
        Some("https://example.com/nothing\n"),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("must carry the robot's key"),
        "{err}"
    );

    let listed = ok(&cloudlens(
        &db,
        &["channel", "list", "--format", "json"],
        &[],
        None,
    ));
    assert!(
        listed.contains("\"ops\"") && listed.contains("127.0.0.1"),
        "{listed}"
    );
    assert!(
        !listed.contains(TOKEN) && !listed.contains(SECRET),
        "{listed}"
    );

    assert!(ok(&cloudlens(&db, &["channel", "test", "ops"], &[], None))
        .contains("ok: a test message went to ops"));
    assert_eq!(feishu.received().len(), 1);

    {
        let mut store =
            Store::open(&db, &KeySource::Passphrase(Zeroizing::new(PASS.into()))).unwrap();
        let new = NewConnection {
            name: "prod-ali".into(),
            provider: "alibaba".into(),
            key_id: "LTAI-test".into(),
            endpoint: None,
            region: None,
            site: "china".into(),
            created_at: 1_700_000_000,
        };
        store
            .sync_mut()
            .add_connection(&new, "secret", &SecretHome::Sealed)
            .unwrap();
        let error = ConnectionError {
            at: 1_700_000_100,
            status: "credentials_rejected".into(),
            message: "InvalidAccessKeyId.NotFound".into(),
            request_id: None,
        };
        let update = ConnectionUpdate {
            status: "credentials_rejected".into(),
            billing_account: None,
            success_at: None,
            error: Some(error),
        };
        store
            .sync_mut()
            .update_connection("prod-ali", &update)
            .unwrap();
    }
    let out = ok(&cloudlens(
        &db,
        &["alerts", "evaluate", "--as-of", "2026-05-01"],
        &[],
        None,
    ));
    assert!(
        out.contains("1 new alert(s)") && out.contains("deliveries: 2 sent, 0 failed, 0 waiting"),
        "{out}"
    );
    let again = ok(&cloudlens(
        &db,
        &["alerts", "evaluate", "--as-of", "2026-05-02"],
        &[],
        None,
    ));
    assert!(
        again.contains("0 new alert(s), 1 raised before") && again.contains("0 sent"),
        "{again}"
    );
    assert_eq!(feishu.received().len(), 2, "the test message and the alert");
    assert_eq!(hook.received().len(), 1);

    let out = cloudlens(&db, &["alerts", "history", "--format", "json"], &[], None);
    ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alert = &v["alerts"][0];
    assert_eq!(alert["source"], "data");
    assert_eq!(alert["subject"], "CloudLens: sync of prod-ali is failing");
    assert!(alert["id"].is_i64() && alert["created"].as_str().is_some());
    let deliveries = alert["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2);
    for d in deliveries {
        assert_eq!(d["status"], "sent");
        assert_eq!(d["attempts"], 1);
        assert!(d["last_error"].is_null());
    }
    let zh = ok(&cloudlens(
        &db,
        &["alerts", "history", "--language", "zh-CN"],
        &[],
        None,
    ));
    assert!(zh.contains("CloudLens：连接 prod-ali 同步失败"), "{zh}");

    ok(&cloudlens(&db, &["channel", "remove", "ops"], &[], None));
    let listed = ok(&cloudlens(&db, &["channel", "list"], &[], None));
    assert!(
        !listed.contains("ops") && listed.contains("audit"),
        "{listed}"
    );
}
