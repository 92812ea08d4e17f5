//! A user connects a Tencent Cloud account in the real app: against the
//! Tencent mock on 127.0.0.1 (which verifies every request's TC3 signature
//! and serves a small realistic account), adds the connection through the
//! form with the mock's endpoint, sees the test reach the account, syncs,
//! watches the progress finish, and finds the connection up to date with the
//! synced spend equal to the mock's own month totals (read back through
//! `cloudlens summary`). A second connection with a wrong secret is shown as
//! "credentials rejected" with what to check.

mod connect;
mod harness;

use std::str::FromStr;
use std::time::Duration;

use cloudlens_mockcloud::cents_text;
use cloudlens_mockcloud::tencent::start_tencent;
use cloudlens_mockcloud::Faults;
use connect::{account, added, row_css, sync_and_watch, test_result, type_endpoint};
use fantoccini::Locator;
use harness::{attr, App};
use rust_decimal::Decimal;

const KEY_ID: &str = "AKIDcloudlensE2E0000000000000000";
const SECRET: &str = "e2e-secret-0123456789abcdefghijkl";

/// Fills the add form for Tencent Cloud and submits it; the form then tests
/// the connection by itself.
async fn add_connection(app: &App, name: &str, secret: &str, endpoint: &str) {
    app.click("[data-testid=add-provider-tencent]").await;
    app.type_into("add-name", name).await;
    app.type_into("add-key-id", KEY_ID).await;
    app.type_into("add-secret", secret).await;
    type_endpoint(app, endpoint).await;
    app.click("[data-testid=add-submit]").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_user_connects_tencent_cloud_syncs_and_sees_a_rejected_key() {
    let account = account("CNY");
    let expected_cents: i64 = account
        .months()
        .iter()
        .map(|m| account.month_cents(m))
        .sum();
    let expected = Decimal::from_str(&cents_text(expected_cents)).expect("expected total");
    let billing_account = account.billing_account.clone();
    let currency = account.currency.clone();
    let mock = start_tencent(account, KEY_ID, SECRET).expect("start the Tencent mock");
    // Latency per request, so the sync lasts long enough to be watched.
    mock.set_faults(Faults {
        latency: Duration::from_millis(120),
        ..Faults::default()
    });
    let endpoint = mock.endpoint();

    let app = App::launch(20_000).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    app.click("[data-testid=nav-data-sources]").await;
    app.wait_for("[data-testid=connections-empty]", long).await;
    let guide = app.wait_for("[data-testid=policy-guide]", long).await;
    assert_eq!(attr(&guide, "data-provider").await, "alibaba");

    // The guidance follows the provider chosen in the form.
    app.click("[data-testid=add-provider-tencent]").await;
    app.wait_for(
        "[data-testid=policy-guide][data-provider=tencent] [data-testid=policy-document]",
        long,
    )
    .await;
    assert!(
        !app.all("[data-testid=policy-guide][data-provider=tencent] [data-testid=policy-action]")
            .await
            .is_empty(),
        "no allow-listed actions shown for Tencent Cloud"
    );
    app.screenshot("connections-add-form.png").await;

    let before = app.cli_summary();

    add_connection(&app, "tencent-prod", SECRET, &endpoint).await;
    let result = test_result(&app, "tencent-prod").await;
    assert_eq!(result.state, "ok", "test of the good key: {}", result.text);
    assert!(
        result.text.contains(&billing_account),
        "the test names the account"
    );
    let secret = app.wait_for("[data-testid=add-secret]", long).await;
    assert_eq!(
        secret
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        "",
        "the secret field is cleared after submit"
    );
    assert_eq!(attr(&secret, "type").await, "password");
    let row = app.wait_for(&row_css("tencent-prod"), long).await;
    let key = row
        .find(Locator::Css("[data-testid=connection-key-id]"))
        .await
        .expect("key id");
    // The cell is cut short with an ellipsis (the full id is its tooltip),
    // and WebKitWebDriver reads such text as empty: compare its content.
    assert_eq!(
        key.prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        KEY_ID
    );
    assert_eq!(attr(&key, "title").await, KEY_ID);
    let page = app.client.source().await.unwrap_or_default();
    assert!(!page.contains(SECRET), "the secret is on the page");

    // Sync now, and watch it.
    let seen_total = sync_and_watch(&app, "tencent-prod", "connections-sync-progress.png").await;
    assert!(seen_total > 0, "the progress never showed its windows");
    let row = app.wait_for(&row_css("tencent-prod"), long).await;
    let lines: u64 = attr(&row, "data-lines").await.parse().expect("lines");
    let resources: u64 = attr(&row, "data-resources")
        .await
        .parse()
        .expect("resources");
    assert!(lines > 0, "no lines counted");
    assert!(resources > 0, "no resources counted");
    let last_success = row
        .find(Locator::Css("[data-testid=connection-last-success]"))
        .await
        .expect("last success");
    assert!(!attr(&last_success, "data-at").await.is_empty());
    app.screenshot("connections-up-to-date.png").await;

    // What the sync added equals the mock's own month totals, and the CLI
    // counts the same lines the page does.
    let after = app.cli_summary();
    let added = added(&before, &after);
    assert_eq!(added.len(), 1, "spend changed elsewhere: {added:?}");
    let ((provider, synced_currency), synced) = added.into_iter().next().expect("one change");
    assert!(provider.contains("Tencent"), "{provider}");
    assert_eq!(synced_currency, currency);
    assert_eq!(synced, expected, "synced total vs the mock's month totals");
    assert_eq!(
        after["lines"].as_u64().unwrap_or(0) - before["lines"].as_u64().unwrap_or(0),
        lines,
        "lines in the store vs the connection's count"
    );
    assert_eq!(
        mock.stats().bad_signatures,
        0,
        "the mock refused a signature"
    );

    // The run is in the history.
    app.click(&format!(
        "{} [data-testid=connection-history-toggle]",
        row_css("tencent-prod")
    ))
    .await;
    let run = app.wait_for("[data-testid=sync-history-row]", long).await;
    assert_eq!(attr(&run, "data-outcome").await, "succeeded");
    assert_eq!(
        attr(&run, "data-lines").await.parse::<u64>().unwrap_or(0),
        lines
    );

    // A wrong secret: the test says the credentials were rejected, and so
    // does the connection's status, with what to check.
    add_connection(
        &app,
        "tencent-wrong",
        "not-the-secret-0000000000000000",
        &endpoint,
    )
    .await;
    let result = test_result(&app, "tencent-wrong").await;
    assert_eq!(result.state, "failed", "{}", result.text);
    assert_eq!(result.status, "credentials_rejected");
    app.wait_until("the wrong key's status is shown", long, || async {
        match app
            .client
            .find(Locator::Css(&format!(
                "{} [data-testid=connection-status]",
                row_css("tencent-wrong")
            )))
            .await
        {
            Ok(s) => attr(&s, "data-status").await == "credentials_rejected",
            Err(_) => false,
        }
    })
    .await;
    let wrong = app.wait_for(&row_css("tencent-wrong"), long).await;
    let status = wrong
        .find(Locator::Css("[data-testid=connection-status]"))
        .await
        .expect("status");
    assert_eq!(
        status.text().await.unwrap_or_default(),
        "Credentials rejected"
    );
    let advice = wrong
        .find(Locator::Css("[data-testid=connection-advice]"))
        .await
        .expect("advice");
    assert!(advice
        .text()
        .await
        .unwrap_or_default()
        .contains("Check the access key ID and secret"));
    let last_error = wrong
        .find(Locator::Css("[data-testid=connection-last-error]"))
        .await
        .expect("last error");
    assert_eq!(
        attr(&last_error, "data-status").await,
        "credentials_rejected",
        "the failed test is the wrong key's last error"
    );
    assert!(
        mock.stats().bad_signatures > 0,
        "the mock saw no bad signature"
    );
    app.screenshot("connections-rejected.png").await;

    // The good connection still shows its last success.
    let good = app.wait_for(&row_css("tencent-prod"), long).await;
    assert_eq!(attr(&good, "data-status").await, "up_to_date");

    app.close().await;
}
