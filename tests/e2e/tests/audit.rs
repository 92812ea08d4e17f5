//! An auditor's round trip in the real app: a report is built and saved in
//! the app and exported as PDF (through the command the Export button
//! calls, since WebDriver cannot drive the save dialog); the app packs the
//! same store with that PDF the same way; it opens the pack by its typed
//! path and shows it verified and signed by the install's key in full, the
//! pack's log chain intact under the same key; a banner says the store is read-only, editing controls are gone
//! while views and exports stay; closing the pack returns to the user's
//! store. The app's audit entries name the real OS account. Chinese and
//! both themes are photographed.

mod harness;

use std::path::Path;
use std::time::Duration;

use harness::{artifacts_dir, attr, release_binary, App};

const LONG: Duration = Duration::from_secs(300);
const TITLE: &str = "Auditor review";

async fn absent(app: &App, css: &str) {
    assert!(
        app.all(css).await.is_empty(),
        "{css} is shown in audit mode"
    );
}

/// Calls one of the app's commands as its UI does.
async fn invoke(app: &App, command: &str, args: serde_json::Value) -> serde_json::Value {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((ok) => done({ ok }), (err) => done({ err }));",
            vec![command.into(), args],
        )
        .await
        .unwrap_or_else(|e| panic!("{command}: {e}"));
    assert!(answer.get("err").is_none(), "{command}: {answer}");
    answer["ok"].clone()
}

/// `cloudlens --db DB ARGS` on the app's store and keychain.
fn cli(app: &App, args: &[&str]) -> String {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args(args)
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .output()
        .expect("run cloudlens");
    assert!(
        out.status.success(),
        "cloudlens {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn os_account() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("run id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The Audit page with the pack open, then the pages whose editing
/// controls audit mode hides, photographed as `audit-pack-*-{suffix}`.
/// `key`: the key that signed the pack, which also signed its log's head.
async fn audit_mode_pages(app: &App, suffix: &str, key: &str) {
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-banner][data-origin=pack]", LONG)
        .await;
    let chain = app
        .wait_for("[data-testid=audit-chain][data-intact=true]", LONG)
        .await;
    assert_eq!(attr(&chain, "data-signer").await, key);
    absent(app, "[data-testid=audit-error]").await;
    app.screenshot(&format!("audit-pack-open-{suffix}.png"))
        .await;
    app.click("[data-testid=nav-data-sources]").await;
    app.wait_for("[data-testid=history-card]", LONG).await;
    absent(app, "[data-testid=import-card]").await;
    absent(app, "[data-testid=add-connection-card]").await;
    absent(app, "[data-testid=history-remove]").await;
    app.wait_for("[data-testid=export-card]", LONG).await;
    app.screenshot(&format!("audit-pack-sources-{suffix}.png"))
        .await;
    app.click("[data-testid=nav-currency]").await;
    app.wait_for("[data-testid=rates-card]", LONG).await;
    absent(app, "[data-testid=rate-submit]").await;
    absent(app, "[data-testid=rate-edit]").await;
    app.click("[data-testid=nav-reports]").await;
    app.wait_for("[data-testid=report-export]", LONG).await;
    absent(app, "[data-testid=report-save]").await;
    absent(app, "[data-testid=saved-report-remove]").await;
    app.click("[data-testid=nav-settings]").await;
    app.wait_for("[data-testid=audit-mode-locked]", LONG).await;
    absent(app, "[data-testid=day-zone-card]").await;
    absent(app, "[data-testid=restore-choose]").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn an_exported_pack_opens_verified_in_audit_mode_and_hides_every_edit() {
    let app = App::launch(50_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;

    // Build and save a report in the app, then export it as PDF.
    app.click("[data-testid=nav-reports]").await;
    app.wait_for("[data-testid=report-title]", LONG)
        .await
        .send_keys(TITLE)
        .await
        .expect("type the title");
    app.choose("[data-testid=report-period]", "last_three_months")
        .await;
    app.click("[data-testid=report-save]").await;
    app.wait_for(
        &format!("[data-testid=saved-report][data-name='{TITLE}']"),
        LONG,
    )
    .await;
    let saved = invoke(&app, "saved_reports", serde_json::json!({})).await;
    let definition = saved
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == TITLE))
        .map(|r| r["definition"].clone())
        .expect("the saved report");
    let work = tempfile::tempdir().expect("tempdir");
    let pdf = work.path().join("auditor-review.pdf");
    let exported = invoke(
        &app,
        "export_report",
        serde_json::json!({"definition": definition, "format": "pdf", "path": pdf}),
    )
    .await;
    assert!(exported["bytes"].as_u64().unwrap_or(0) > 1000, "{exported}");
    assert!(pdf_text(&pdf).contains(TITLE), "the PDF has the title");

    // The app's entries name the account the app runs as.
    let log: serde_json::Value =
        serde_json::from_str(&cli(&app, &["audit", "log", "--format", "json"])).expect("log");
    let save = log
        .as_array()
        .and_then(|a| a.iter().rev().find(|e| e["action"] == "report.save"))
        .expect("the save is logged")
        .clone();
    assert_eq!(save["os_user"], os_account(), "{save}");
    assert!(
        !save["after"].as_str().unwrap_or("").starts_with('{'),
        "the save reads as a summary, not JSON: {save}"
    );

    // The store's last three months.
    let summary = app.cli_summary();
    let mut months: Vec<String> = summary["totals"]
        .as_array()
        .expect("totals")
        .iter()
        .filter_map(|t| t["month"].as_str().map(str::to_string))
        .collect();
    months.sort();
    months.dedup();
    let last = months.last().expect("a month").clone();
    let first = months[months.len().saturating_sub(3)].clone();
    // The app builds the pack (the command the Audit page's export button
    // calls once the system file chooser, which WebDriver cannot reach,
    // has named the file), with the PDF attached.
    let pack = work.path().join("review.clpack");
    let built = invoke(
        &app,
        "build_audit_pack",
        serde_json::json!({
            "request": {
                "from": first,
                "to": last,
                "filters": [],
                "out": pack,
                "attachments": [{"name": "reports/auditor-review.pdf", "path": pdf}],
            },
            "passphrase": null,
        }),
    )
    .await;
    assert!(built["bytes"].as_u64().unwrap_or(0) > 1000, "{built}");
    let key = cli(&app, &["audit", "key"]).trim().to_string();
    assert_eq!(key.len(), 64, "{key}");

    // Open it in the app by its typed path.
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=open-pack-path]", LONG)
        .await
        .send_keys(&pack.display().to_string())
        .await
        .expect("type the pack's path");
    app.click("[data-testid=open-pack-open]").await;
    let banner = app
        .wait_for("[data-testid=audit-banner][data-origin=pack]", LONG)
        .await;
    let signer = app
        .wait_for("[data-testid=audit-banner-signer]", LONG)
        .await;
    assert_eq!(signer.text().await.unwrap_or_default().trim(), key);
    let check = app.wait_for("[data-testid=audit-banner-check]", LONG).await;
    assert_eq!(attr(&check, "data-verified").await, "true");
    assert!(banner
        .text()
        .await
        .unwrap_or_default()
        .contains("read-only"));
    audit_mode_pages(&app, "en-light", &key).await;

    // Chinese, then dark.
    app.choose("[data-testid=lang-switch]", "zh-CN").await;
    app.wait_until("the banner reads in Chinese", LONG, || async {
        app.wait_for("[data-testid=audit-banner]", LONG)
            .await
            .text()
            .await
            .unwrap_or_default()
            .contains("审计模式")
    })
    .await;
    audit_mode_pages(&app, "zh-light", &key).await;
    app.choose("[data-testid=theme-switch]", "dark").await;
    audit_mode_pages(&app, "zh-dark", &key).await;
    app.choose("[data-testid=lang-switch]", "en").await;
    audit_mode_pages(&app, "en-dark", &key).await;

    // A changed byte in the pack is named, and the pack is not opened.
    let mut bytes = std::fs::read(&pack).expect("pack");
    let at = bytes
        .windows(22)
        .position(|w| w == b"CloudLens audit pack /")
        .expect("the manifest's text");
    bytes[at + 1] ^= 0x01;
    let bad = work.path().join("tampered.clpack");
    std::fs::write(&bad, bytes).expect("write the tampered pack");

    // Closing returns to the user's own, writable store.
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-close-pack]").await;
    app.wait_until("the banner goes", LONG, || async {
        app.all("[data-testid=audit-banner]").await.is_empty()
    })
    .await;
    let path = app.wait_for("[data-testid=open-pack-path]", LONG).await;
    path.clear().await.expect("clear the path");
    path.send_keys(&bad.display().to_string())
        .await
        .expect("type the tampered path");
    app.click("[data-testid=open-pack-open]").await;
    let refused = app
        .wait_for("[data-testid=open-pack-check][data-verified=false]", LONG)
        .await;
    let why = refused.text().await.unwrap_or_default();
    assert!(why.contains("manifest") || why.contains("member"), "{why}");
    app.screenshot("audit-pack-refused-en-dark.png").await;
    assert!(app.all("[data-testid=audit-banner]").await.is_empty());
    app.click("[data-testid=nav-data-sources]").await;
    app.wait_for("[data-testid=import-card]", LONG).await;
    assert!(artifacts_dir().join("audit-pack-open-zh-dark.png").exists());
    app.close().await;
}
