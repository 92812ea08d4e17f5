//! What the connection tests share: a mock account dated from today, the
//! add form's test result, a connection's row, a sync watched to its end,
//! and spend read back through `cloudlens summary`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use cloudlens_mockcloud::{Account, AccountSpec};
use fantoccini::Locator;
use rust_decimal::Decimal;

use crate::harness::{attr, App};

/// Spend by (provider, currency) in `cloudlens summary --json`.
pub fn totals(summary: &serde_json::Value) -> BTreeMap<(String, String), Decimal> {
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

/// What changed between two summaries, by (provider, currency).
pub fn added(
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> BTreeMap<(String, String), Decimal> {
    let mut out = totals(after);
    for (key, amount) in totals(before) {
        *out.entry(key).or_default() -= amount;
    }
    out.retain(|_, v| !v.is_zero());
    out
}

/// A small realistic account in `currency` whose bills run from the first
/// day of the month two months back to yesterday: inside the default sync
/// range (the last three months), with nothing in the future.
// The app syncs relative to today, so the account must be too.
#[allow(clippy::disallowed_methods)]
pub fn account(currency: &str) -> Account {
    let today = Utc::now().date_naive();
    let (mut year, mut month) = (today.year(), today.month() as i32 - 2);
    if month < 1 {
        month += 12;
        year -= 1;
    }
    let first_day = NaiveDate::from_ymd_opt(year, month as u32, 1).expect("first day");
    let mut spec = AccountSpec::realistic(first_day);
    spec.days = (today - first_day).num_days() as u32;
    spec.currency = currency.to_string();
    Account::generate(&spec)
}

pub fn row_css(name: &str) -> String {
    format!("[data-testid=connection-row][data-name='{name}']")
}

/// The add form's test result for `name` once the test has answered.
pub struct TestShown {
    pub state: String,
    pub status: String,
    pub text: String,
}

/// Read in one script, so a re-render between reads (the live result
/// replaces the first one) cannot leave a stale element behind.
pub async fn test_result(app: &App, name: &str) -> TestShown {
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

/// Types the endpoint in the add form's advanced part, opening it first.
pub async fn type_endpoint(app: &App, endpoint: &str) {
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
        app.click("[data-testid=add-advanced]").await;
    }
    app.type_into("add-endpoint", endpoint).await;
}

/// Clicks the connection's Sync button, watches its progress (photographed
/// as `shot` once a window is done) until the run's summary shows, checks
/// it succeeded and waits for the row to be up to date. Returns the most
/// windows the progress showed.
pub async fn sync_and_watch(app: &App, name: &str, shot: &str) -> u64 {
    let row = row_css(name);
    app.click(&format!("{row} [data-testid=connection-sync]"))
        .await;
    let progress = format!("{row} [data-testid=sync-progress]");
    let summary = format!("{row} [data-testid=sync-run-summary]");
    let (mut seen_total, mut max_done) = (0u64, 0u64);
    let deadline = Instant::now() + Duration::from_secs(300);
    let summary = loop {
        if let Ok(p) = app.client.find(Locator::Css(&progress)).await {
            let total: u64 = attr(&p, "data-windows-total").await.parse().unwrap_or(0);
            let done: u64 = attr(&p, "data-windows-done").await.parse().unwrap_or(0);
            assert!(done <= total || total == 0, "{done} of {total} windows");
            seen_total = seen_total.max(total);
            if done > max_done {
                if max_done == 0 {
                    app.screenshot(shot).await;
                }
                max_done = done;
            }
        } else if let Ok(s) = app.client.find(Locator::Css(&summary)).await {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the sync of {name} did not finish"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    assert_eq!(
        attr(&summary, "data-outcome").await,
        "succeeded",
        "{}",
        summary.text().await.unwrap_or_default()
    );
    app.wait_until(
        "the connection is up to date",
        Duration::from_secs(120),
        || async {
            match app.client.find(Locator::Css(&row)).await {
                Ok(r) => attr(&r, "data-status").await == "up_to_date",
                Err(_) => false,
            }
        },
    )
    .await;
    seen_total
}
