//! A user connects a Tencent Cloud account in the real app: against the
//! Tencent mock on 127.0.0.1 (which verifies every request's TC3 signature
//! and serves a small realistic account), adds the connection through the
//! form with the mock's endpoint, sees the test reach the account, syncs,
//! watches the progress finish, and finds the connection up to date with the
//! synced spend equal to the mock's own month totals (read back through
//! `cloudlens summary`). A second connection with a wrong secret is shown as
//! "credentials rejected" with what to check.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use cloudlens_mockcloud::tencent::start_tencent;
use cloudlens_mockcloud::{cents_text, Account, AccountSpec, Faults};
use fantoccini::key::Key;
use fantoccini::Locator;
use harness::{attr, App};
use rust_decimal::Decimal;

const KEY_ID: &str = "AKIDcloudlensE2E0000000000000000";
const SECRET: &str = "e2e-secret-0123456789abcdefghijkl";

/// Spend by (provider, currency) in `cloudlens summary --json`.
fn totals(summary: &serde_json::Value) -> BTreeMap<(String, String), Decimal> {
    let mut out: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for row in summary["totals"].as_array().expect("totals") {
        let key = (
            row["provider"].as_str().unwrap_or_default().to_string(),
            row["billing_currency"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
        *out.entry(key).or_default() +=
            Decimal::from_str(row["billed_cost"].as_str().unwrap_or("0")).expect("billed cost");
    }
    out
}

/// A small realistic account whose bills run from the first day of the month
/// two months back to yesterday: inside the default sync range (the last
/// three months), with nothing in the future.
// The app syncs relative to today, so the account must be too.
#[allow(clippy::disallowed_methods)]
fn account() -> Account {
    let today = Utc::now().date_naive();
    let (mut year, mut month) = (today.year(), today.month() as i32 - 2);
    if month < 1 {
        month += 12;
        year -= 1;
    }
    let first_day = NaiveDate::from_ymd_opt(year, month as u32, 1).expect("first day");
    let mut spec = AccountSpec::realistic(first_day);
    spec.days = (today - first_day).num_days() as u32;
    Account::generate(&spec)
}

async fn type_into(app: &App, testid: &str, text: &str) {
    let input = app
        .wait_for(&format!("[data-testid={testid}]"), Duration::from_secs(10))
        .await;
    // WebKitWebDriver refuses Element Clear on these inputs ("not
    // interactable"), so empty a filled field the way a user would.
    input.click().await.expect("focus");
    let filled = input.prop("value").await.ok().flatten().unwrap_or_default();
    if !filled.is_empty() {
        let select_all = format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace);
        input.send_keys(&select_all).await.expect("empty the field");
    }
    input.send_keys(text).await.expect("type");
}

async fn click(app: &App, css: &str) {
    app.wait_for(css, Duration::from_secs(20))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Fills the add form for Tencent Cloud and submits it; the form then tests
/// the connection by itself.
async fn add_connection(app: &App, name: &str, secret: &str, endpoint: &str) {
    click(app, "[data-testid=add-provider-tencent]").await;
    type_into(app, "add-name", name).await;
    type_into(app, "add-key-id", KEY_ID).await;
    type_into(app, "add-secret", secret).await;
    // Asked of the page: WebKitWebDriver reports the inputs inside a closed
    // <details> as displayed.
    let open = app
        .client
        .execute(
            "return document.querySelector('[data-testid=add-endpoint]').closest('details').open;",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if !open {
        click(app, "[data-testid=add-advanced]").await;
    }
    type_into(app, "add-endpoint", endpoint).await;
    click(app, "[data-testid=add-submit]").await;
}

/// The add form's test result for `name` once the test has answered.
struct TestShown {
    state: String,
    status: String,
    text: String,
}

/// Read in one script, so a re-render between reads (the live result
/// replaces the first one) cannot leave a stale element behind.
async fn test_result(app: &App, name: &str) -> TestShown {
    let css = format!("[data-testid=add-result][data-name='{name}'] [data-testid=add-test-result]");
    let script = format!(
        "const e = document.querySelector(\"{css}\"); \
         return e ? [e.dataset.state || '', e.dataset.status || '', e.textContent] : null;"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(serde_json::Value::Array(v)) = app.client.execute(&script, vec![]).await {
            let part = |i: usize| {
                v.get(i)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let state = part(0);
            if matches!(state.as_str(), "ok" | "failed" | "error") {
                return TestShown {
                    state,
                    status: part(1),
                    text: part(2),
                };
            }
        }
        assert!(
            Instant::now() < deadline,
            "the connection test did not answer"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn row_css(name: &str) -> String {
    format!("[data-testid=connection-row][data-name='{name}']")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_user_connects_tencent_cloud_syncs_and_sees_a_rejected_key() {
    let account = account();
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
    click(&app, "[data-testid=nav-data-sources]").await;
    app.wait_for("[data-testid=connections-empty]", long).await;
    let guide = app.wait_for("[data-testid=policy-guide]", long).await;
    assert_eq!(attr(&guide, "data-provider").await, "alibaba");

    // The guidance follows the provider chosen in the form.
    click(&app, "[data-testid=add-provider-tencent]").await;
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
    click(
        &app,
        &format!("{} [data-testid=connection-sync]", row_css("tencent-prod")),
    )
    .await;
    let progress = app
        .wait_for(
            &format!("{} [data-testid=sync-progress]", row_css("tencent-prod")),
            Duration::from_secs(30),
        )
        .await;
    let _ = progress;
    let mut seen_total = 0u64;
    let mut max_done = 0u64;
    let deadline = Instant::now() + Duration::from_secs(300);
    let summary = loop {
        if let Ok(p) = app
            .client
            .find(Locator::Css(&format!(
                "{} [data-testid=sync-progress]",
                row_css("tencent-prod")
            )))
            .await
        {
            let total: u64 = attr(&p, "data-windows-total").await.parse().unwrap_or(0);
            let done: u64 = attr(&p, "data-windows-done").await.parse().unwrap_or(0);
            assert!(done <= total || total == 0, "{done} of {total} windows");
            seen_total = seen_total.max(total);
            if done > max_done {
                if max_done == 0 {
                    app.screenshot("connections-sync-progress.png").await;
                }
                max_done = done;
            }
        } else if let Ok(s) = app
            .client
            .find(Locator::Css(&format!(
                "{} [data-testid=sync-run-summary]",
                row_css("tencent-prod")
            )))
            .await
        {
            break s;
        }
        assert!(Instant::now() < deadline, "the sync did not finish");
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    assert!(seen_total > 0, "the progress never showed its windows");
    assert_eq!(
        attr(&summary, "data-outcome").await,
        "succeeded",
        "{}",
        summary.text().await.unwrap_or_default()
    );
    app.wait_until("the connection is up to date", long, || async {
        match app
            .client
            .find(Locator::Css(&row_css("tencent-prod")))
            .await
        {
            Ok(r) => attr(&r, "data-status").await == "up_to_date",
            Err(_) => false,
        }
    })
    .await;
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
    let mut added = totals(&after);
    for (key, amount) in totals(&before) {
        *added.entry(key).or_default() -= amount;
    }
    added.retain(|_, v| !v.is_zero());
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
    click(
        &app,
        &format!(
            "{} [data-testid=connection-history-toggle]",
            row_css("tencent-prod")
        ),
    )
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
