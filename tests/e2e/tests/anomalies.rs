//! A user opens the Anomalies page on the demo: the detector has found the
//! planted incidents; one anomaly's impact equals what `cloudlens anomalies
//! --format json` reports; marking it expected changes its status, which
//! survives a restart; the page reads in Chinese and in the dark theme.

mod harness;

use std::time::Duration;

use harness::{attr, App};

const LONG: Duration = Duration::from_secs(300);

/// `cloudlens anomalies --format json` on the app's store.
fn cli_anomalies(app: &App) -> Vec<serde_json::Value> {
    let json = app.cli_json(&["anomalies", "--format", "json"]);
    json["anomalies"]
        .as_array()
        .expect("anomalies array")
        .clone()
}

async fn open_page(app: &App) {
    app.click("[data-testid=nav-anomalies]").await;
    app.wait_for("[data-testid=anomaly-row]", LONG).await;
}

async fn row_status(app: &App, id: &str) -> String {
    let css = format!("[data-testid=anomaly-row][data-id='{id}']");
    attr(&app.wait_for(&css, LONG).await, "data-status").await
}

async fn open_detail(app: &App, id: &str) {
    app.click(&format!(
        "[data-testid=anomaly-row][data-id='{id}'] [data-testid=anomaly-open]"
    ))
    .await;
    let css = format!("[data-testid=anomaly-detail][data-id='{id}']");
    app.wait_for(&css, LONG).await;
    app.wait_for("[data-testid=anomaly-chart] svg", LONG).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn the_demo_anomalies_match_the_cli_and_a_verdict_survives_a_restart() {
    let app = App::launch(200_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    open_page(&app).await;

    // Detection ran after the demo load; the page lists what the CLI lists.
    app.wait_until("detection has finished", LONG, || async {
        let status = app.wait_for("[data-testid=detection-status]", LONG).await;
        attr(&status, "data-running").await == "false"
            && !attr(&status, "data-last").await.is_empty()
    })
    .await;
    let cli = cli_anomalies(&app);
    assert!(!cli.is_empty(), "the demo's planted anomalies are found");
    app.wait_until("the list shows every anomaly", LONG, || async {
        app.all("[data-testid=anomaly-row]").await.len() == cli.len()
    })
    .await;

    // The largest open rise: its impact in the page equals the CLI's.
    let chosen = cli
        .iter()
        .filter(|a| a["status"] == "open" && a["kind"] == "rise")
        .max_by_key(|a| {
            a["impact"]
                .as_str()
                .and_then(|s| s.split('.').next())
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(0)
        })
        .expect("an open rise");
    let id = chosen["id"].as_str().expect("id").to_string();
    let impact = chosen["impact"].as_str().expect("impact");
    let row = app
        .wait_for(&format!("[data-testid=anomaly-row][data-id='{id}']"), LONG)
        .await;
    assert_eq!(attr(&row, "data-impact").await, impact, "row impact");
    app.screenshot("anomalies-en-light.png").await;

    open_detail(&app, &id).await;
    let shown = attr(
        &app.wait_for("[data-testid=detail-impact]", LONG).await,
        "data-amount",
    )
    .await;
    assert_eq!(shown, impact, "the detail's impact is the CLI's");
    let top = app.wait_for("[data-testid=root-cause-row]", LONG).await;
    let cause = &chosen["root_cause"][0];
    assert_eq!(
        attr(&top, "data-dimension").await,
        cause["dimension"].as_str().unwrap_or_default()
    );
    assert_eq!(
        attr(&top, "data-value").await,
        cause["value"].as_str().unwrap_or_default()
    );
    app.screenshot("anomaly-detail-en-light.png").await;

    // Mark it expected: the page and the CLI both see it.
    app.click("[data-testid=feedback-expected]").await;
    app.wait_until("the detail shows expected", LONG, || async {
        attr(
            &app.wait_for("[data-testid=anomaly-detail]", LONG).await,
            "data-status",
        )
        .await
            == "expected"
    })
    .await;
    app.wait_for("[data-testid=feedback-learned]", LONG).await;
    assert_eq!(row_status(&app, &id).await, "expected");
    let after = cli_anomalies(&app);
    let stored = after
        .iter()
        .find(|a| a["id"] == id.as_str())
        .expect("still listed");
    assert_eq!(stored["status"], "expected");
    app.screenshot("anomaly-feedback-en-light.png").await;

    app.set_page_language("zh-CN", "anomalies-page", "成本异常")
        .await;
    app.screenshot("anomaly-detail-zh-light.png").await;

    // After a restart (in the dark theme, still in Chinese) the verdict stands.
    let app = app.restart(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    open_page(&app).await;
    app.set_page_language("zh-CN", "anomalies-page", "成本异常")
        .await;
    assert_eq!(row_status(&app, &id).await, "expected", "after a restart");
    let text = app
        .wait_for(
            &format!("[data-testid=anomaly-row][data-id='{id}'] [data-testid=anomaly-status]"),
            LONG,
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(text.trim(), "预期内");
    open_detail(&app, &id).await;
    let history = app
        .wait_for("[data-testid=anomaly-history]", LONG)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(history.contains("预期内"), "history: {history}");
    app.screenshot("anomaly-detail-zh-dark.png").await;

    app.set_page_language("en", "anomalies-page", "Cost anomalies")
        .await;
    app.wait_for("[data-testid=anomaly-detail]", LONG).await;
    app.screenshot("anomaly-detail-en-dark.png").await;
    app.click("[data-testid=anomaly-close]").await;
    app.wait_for("[data-testid=anomalies-card]", LONG).await;
    app.screenshot("anomalies-en-dark.png").await;
    app.close().await;
}
