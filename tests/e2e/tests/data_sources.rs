//! A user imports a provider's bill file in the real app: sees what was
//! detected, imports it, reads the reconciliation (which agrees with
//! `cloudlens summary`), finds a re-import changes nothing, is told exactly
//! where a broken file is wrong, exports FOCUS, and removes the import.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use fantoccini::Locator;
use harness::{attr, workspace_root, App};
use rust_decimal::Decimal;

async fn import_path(app: &App, path: &str) {
    let input = app
        .wait_for("[data-testid=path-input]", Duration::from_secs(10))
        .await;
    input.send_keys(path).await.expect("type the path");
    app.wait_for("[data-testid=path-add]", Duration::from_secs(5))
        .await
        .click()
        .await
        .expect("add");
    let card = app
        .wait_for(
            &format!("[data-testid=staged-file][data-path='{path}'][data-ready=true]"),
            Duration::from_secs(20),
        )
        .await;
    let _ = card;
    app.wait_for("[data-testid=import-start]", Duration::from_secs(5))
        .await
        .click()
        .await
        .expect("import");
}

/// Billed cost of Tencent Cloud by currency, from `cloudlens summary`.
fn tencent_totals(summary: &serde_json::Value) -> BTreeMap<String, Decimal> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for row in summary["totals"].as_array().expect("totals") {
        if row["provider"] == "Tencent Cloud" {
            *out.entry(
                row["billing_currency"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
            .or_default() +=
                Decimal::from_str(row["billed_cost"].as_str().unwrap_or("0")).expect("billed");
        }
    }
    out
}

/// The newest report once it has arrived.
async fn report(app: &App) -> fantoccini::elements::Element {
    app.wait_for("[data-testid=import-report]", Duration::from_secs(60))
        .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_user_imports_checks_exports_and_removes_a_bill_file() {
    let app = App::launch(20_000).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    app.wait_for("[data-testid=nav-data-sources]", long)
        .await
        .click()
        .await
        .expect("nav");
    app.wait_for("[data-testid=data-sources]", long).await;

    let fixture = workspace_root().join("tests/fixtures/ingest/tencent_bill3_en.csv");
    let fixture = fixture.display().to_string();
    let input = app.wait_for("[data-testid=path-input]", long).await;
    input.send_keys(&fixture).await.expect("type");
    app.wait_for("[data-testid=path-add]", long)
        .await
        .click()
        .await
        .expect("add");
    let card = app
        .wait_for("[data-testid=staged-file][data-ready=true]", long)
        .await;
    assert_eq!(attr(&card, "data-format").await, "tencent");
    let detected = card
        .find(Locator::Css("[data-testid=detected-format]"))
        .await
        .expect("detected format");
    assert!(detected
        .text()
        .await
        .unwrap_or_default()
        .contains("Tencent"));
    assert!(
        !app.all("[data-testid=preview-row]").await.is_empty(),
        "no preview rows"
    );
    app.screenshot("data-sources-preview.png").await;

    let before = tencent_totals(&app.cli_summary());
    app.wait_for("[data-testid=import-start]", long)
        .await
        .click()
        .await
        .expect("import");
    let done = report(&app).await;
    assert_eq!(attr(&done, "data-outcome").await, "imported");
    let mut stored: BTreeMap<String, Decimal> = BTreeMap::new();
    let rows = app.all("[data-testid=reconciliation-row]").await;
    assert!(!rows.is_empty(), "no reconciliation rows");
    for row in rows {
        assert_eq!(attr(&row, "data-matches").await, "true");
        *stored.entry(attr(&row, "data-currency").await).or_default() +=
            Decimal::from_str(&attr(&row, "data-stored").await).expect("stored total");
    }
    app.screenshot("data-sources-report.png").await;

    // The CLI reads the same store: what the import added to Tencent's
    // totals (the demo has Tencent spend too) equals the report.
    let mut added = tencent_totals(&app.cli_summary());
    for (currency, amount) in &before {
        *added.entry(currency.clone()).or_default() -= amount;
    }
    added.retain(|_, v| !v.is_zero());
    assert_eq!(added, stored, "CLI summary vs the import report");
    let history = app.all("[data-testid=history-row]").await;
    assert_eq!(history.len(), 1);

    // The same file again changes nothing.
    import_path(&app, &fixture).await;
    app.wait_until("the re-import is reported", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=import-report]"))
            .await
        {
            Ok(r) => attr(&r, "data-outcome").await == "already_imported",
            Err(_) => false,
        }
    })
    .await;
    assert_eq!(app.all("[data-testid=history-row]").await.len(), 1);

    // A broken copy is refused with the line, column and value.
    let broken =
        std::env::temp_dir().join(format!("cloudlens-e2e-broken-{}.csv", std::process::id()));
    let text = std::fs::read_to_string(
        workspace_root().join("tests/fixtures/ingest/focus/quirks_focus_1.2.csv"),
    )
    .expect("fixture");
    std::fs::write(&broken, text.replacen("12.3456789", "twelve", 1)).expect("write broken");
    import_path(&app, &broken.display().to_string()).await;
    app.wait_until("the broken file is refused", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=import-report]"))
            .await
        {
            Ok(r) => attr(&r, "data-outcome").await == "refused",
            Err(_) => false,
        }
    })
    .await;
    let problem = app.wait_for("[data-testid=problem]", long).await;
    assert_eq!(attr(&problem, "data-column").await, "BilledCost");
    let text = problem.text().await.unwrap_or_default();
    assert!(
        text.contains("line 4") && text.contains("'twelve' is not a decimal number"),
        "{text}"
    );
    app.screenshot("data-sources-refused.png").await;
    let _ = std::fs::remove_file(&broken);

    // FOCUS export of everything in the store.
    let out = std::env::temp_dir().join(format!("cloudlens-e2e-{}.parquet", std::process::id()));
    let path = app.wait_for("[data-testid=export-path]", long).await;
    path.send_keys(&out.display().to_string())
        .await
        .expect("type export path");
    app.wait_for("[data-testid=export-path-go]", long)
        .await
        .click()
        .await
        .expect("export");
    let result = app.wait_for("[data-testid=export-result]", long).await;
    let lines: u64 = attr(&result, "data-lines").await.parse().expect("lines");
    assert_eq!(lines, app.cli_summary()["lines"].as_u64().expect("lines"));
    assert!(std::fs::metadata(&out)
        .map(|m| m.len() > 0)
        .unwrap_or(false));
    let _ = std::fs::remove_file(&out);

    // Removing the import takes its lines out.
    app.wait_for("[data-testid=history-remove]", long)
        .await
        .click()
        .await
        .expect("remove");
    app.wait_for("[data-testid=confirm-ok]", long)
        .await
        .click()
        .await
        .expect("confirm");
    app.wait_until("the history is empty", long, || async {
        app.all("[data-testid=history-row]").await.is_empty()
    })
    .await;
    assert_eq!(
        tencent_totals(&app.cli_summary()),
        before,
        "Tencent totals after removal"
    );
    app.close().await;
}
