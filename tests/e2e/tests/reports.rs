//! A user builds a report on the demo: the saved definition is listed; the
//! preview's figures are those of `cloudlens report run` on the same store;
//! the Audit page shows the entry the save wrote (the CLI's own log agrees)
//! and a verified chain; both pages read in Chinese and in the dark theme.

mod harness;

use std::collections::BTreeMap;
use std::time::Duration;

use harness::{attr, release_binary, App};

const LONG: Duration = Duration::from_secs(300);
const TITLE: &str = "Quarterly review";

/// Every amount with cents in an HTML report, with how often it appears.
fn amounts(html: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',') {
                i += 1;
            }
            let cents = i + 3 <= bytes.len()
                && bytes[i] == b'.'
                && bytes[i + 1].is_ascii_digit()
                && bytes[i + 2].is_ascii_digit()
                && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_digit());
            if cents {
                *out.entry(html[start..i + 3].to_string()).or_insert(0) += 1;
                i += 3;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// `cloudlens report run NAME --format html` on the app's store.
fn cli_report_html(app: &App, name: &str) -> String {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let path = out_dir.path().join("report.html");
    let status = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args(["report", "run", name, "--format", "html", "--out"])
        .arg(&path)
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .status()
        .expect("run cloudlens report");
    assert!(status.success(), "cloudlens report run failed");
    std::fs::read_to_string(&path).expect("report html")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_saved_report_matches_the_cli_and_its_audit_entry_verifies() {
    let app = App::launch(50_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-reports]").await;
    app.wait_for("[data-testid=reports-page]", LONG).await;

    app.wait_for("[data-testid=report-title]", LONG)
        .await
        .send_keys(TITLE)
        .await
        .expect("type the title");
    app.wait_for("[data-testid=report-period]", LONG)
        .await
        .select_by_value("last_three_months")
        .await
        .expect("choose the period");
    app.click("[data-testid=report-save]").await;
    let saved = format!("[data-testid=saved-report][data-name='{TITLE}']");
    app.wait_for(&saved, LONG).await;
    let listed = app.cli_json(&["report", "list", "--json"]);
    assert!(
        listed.to_string().contains(TITLE),
        "the CLI lists the saved report: {listed}"
    );

    // The preview is built by the same core as the CLI's HTML: same figures.
    app.click("[data-testid=report-preview]").await;
    let frame = app
        .wait_for("[data-testid=report-preview-frame] iframe", LONG)
        .await;
    let preview = attr(&frame, "srcdoc").await;
    let shown = amounts(&preview);
    assert!(!shown.is_empty(), "the preview shows amounts");
    assert_eq!(shown, amounts(&cli_report_html(&app, TITLE)));
    app.screenshot("reports-en-light.png").await;

    // The save is in the audit log, as the CLI's log says, and the chain holds.
    app.click("[data-testid=nav-audit]").await;
    let entry = app
        .wait_for("[data-testid=audit-entry][data-action='report.save']", LONG)
        .await;
    let text = entry.text().await.unwrap_or_default();
    assert!(text.contains(TITLE), "audit entry: {text}");
    let log = app.cli_json(&["audit", "log", "--format", "json"]);
    let last_save = log
        .as_array()
        .expect("log array")
        .iter()
        .rev()
        .find(|e| e["action"] == "report.save")
        .expect("the CLI's log has the save");
    assert_eq!(attr(&entry, "data-seq").await, last_save["seq"].to_string());
    let chain = app.wait_for("[data-testid=audit-chain]", LONG).await;
    assert_eq!(attr(&chain, "data-intact").await, "true");
    let verified = app.cli_json(&["audit", "verify", "--format", "json"]);
    assert_eq!(verified["intact"], true, "{verified}");
    app.screenshot("audit-en-light.png").await;

    app.set_page_language("zh-CN", "audit-page", "审计日志")
        .await;
    app.screenshot("audit-zh-light.png").await;
    app.click("[data-testid=nav-reports]").await;
    app.wait_for(&saved, LONG).await;
    app.screenshot("reports-zh-light.png").await;

    let app = app.restart(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-reports]").await;
    app.set_page_language("zh-CN", "reports-page", "已保存的报告")
        .await;
    app.wait_for(&saved, LONG).await;
    app.screenshot("reports-zh-dark.png").await;
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-entry][data-action='report.save']", LONG)
        .await;
    app.screenshot("audit-zh-dark.png").await;
    app.set_page_language("en", "audit-page", "Audit log").await;
    app.screenshot("audit-en-dark.png").await;
    app.click("[data-testid=nav-reports]").await;
    app.wait_for(&saved, LONG).await;
    app.screenshot("reports-en-dark.png").await;
    app.close().await;
}
