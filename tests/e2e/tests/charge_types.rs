//! Charge-type toggles and spread period charges in the real app on the demo:
//! hiding credits on the Overview gives last month's total that
//! `cloudlens explore --charge-types` gives; hiding taxes and credits and
//! spreading period charges in the Explorer gives the totals of
//! `cloudlens explore --charge-types ... --spread-periods`. Screenshots of
//! both pages with toggles: English and Chinese light, Chinese dark.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use fantoccini::Locator;
use harness::{attr, App};
use rust_decimal::Decimal;

const LONG: Duration = Duration::from_secs(120);

fn amount(s: &str) -> Decimal {
    Decimal::from_str(s.trim()).unwrap_or_else(|e| panic!("amount {s:?}: {e}"))
}

/// The CLI's total per currency of the explore query `args`.
fn cli_totals(app: &App, args: &[&str]) -> BTreeMap<String, Decimal> {
    let mut all = vec!["explore", "--format", "json"];
    all.extend_from_slice(args);
    let json = app.cli_json(&all);
    let mut sums = BTreeMap::new();
    for row in json["rows"].as_array().expect("rows array") {
        let currency = row["currency"].as_str().expect("currency").to_string();
        *sums.entry(currency).or_insert(Decimal::ZERO) +=
            amount(row["amount"].as_str().expect("amount string"));
    }
    sums
}

async fn kpis(app: &App, testid: &str) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for e in app.all(&format!("[data-testid={testid}]")).await {
        out.insert(
            attr(&e, "data-currency").await,
            amount(&attr(&e, "data-amount").await),
        );
    }
    out
}

async fn explorer_totals(app: &App) -> BTreeMap<String, Decimal> {
    let mut totals = BTreeMap::new();
    for row in app.all("[data-testid=explorer-total-row]").await {
        let cell = row
            .find(Locator::Css("[data-testid=grand-total]"))
            .await
            .expect("grand total");
        totals.insert(
            attr(&row, "data-currency").await,
            amount(&attr(&cell, "data-amount").await),
        );
    }
    totals
}

/// Hides credits on the Overview and waits for the answer.
async fn hide_credits_on_overview(app: &App) -> BTreeMap<String, Decimal> {
    app.click("[data-testid=nav-overview]").await;
    app.wait_for("[data-testid=charge-types]", LONG).await;
    let before = kpis(app, "kpi-last-month").await;
    app.click("[data-testid=charge-type-credit]").await;
    app.wait_until("the Overview answers without credits", LONG, || async {
        let o = app.wait_for("[data-testid=overview]", LONG).await;
        attr(&o, "aria-busy").await == "false"
            && attr(&o, "data-hidden").await == "credit"
            && kpis(app, "kpi-last-month").await != before
    })
    .await;
    app.wait_for("[data-testid=charge-types-hidden]", LONG)
        .await;
    kpis(app, "kpi-last-month").await
}

/// Hides taxes and credits in the Explorer, spreads period charges, and
/// waits for the answer.
async fn hide_and_spread_in_explorer(app: &App) {
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-table]", LONG).await;
    app.click("[data-testid=charge-type-tax]").await;
    app.click("[data-testid=charge-type-credit]").await;
    app.click("[data-testid=spread-toggle]").await;
    let want = serde_json::json!([{ "dimension": "charge_type", "values": ["tax", "credit"], "exclude": true }]);
    app.wait_until("the Explorer answers the toggles", LONG, || async {
        let Ok(r) = app
            .client
            .find(Locator::Css("[data-testid=explorer-results]"))
            .await
        else {
            return false;
        };
        attr(&r, "data-loading").await == "false"
            && attr(&r, "data-spread").await == "true"
            && serde_json::from_str::<serde_json::Value>(&attr(&r, "data-filters").await).ok()
                == Some(want.clone())
    })
    .await;
}

async fn switch_language(app: &App, lang: &str, probe: &str) {
    app.wait_for("[data-testid=lang-switch]", LONG)
        .await
        .select_by_value(lang)
        .await
        .expect("switch language");
    app.wait_until("the page changed language", LONG, || async {
        app.wait_for("[data-testid=charge-types]", LONG)
            .await
            .text()
            .await
            .unwrap_or_default()
            .contains(probe)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn charge_types_and_spreading_agree_with_the_cli() {
    let app = App::launch(200_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;

    // Overview: last month without credits equals the CLI's.
    let shown = hide_credits_on_overview(&app).await;
    let as_of = attr(
        &app.wait_for("[data-testid=as-of]", LONG).await,
        "data-date",
    )
    .await;
    let as_of = NaiveDate::parse_from_str(&as_of, "%Y-%m-%d").expect("as-of date");
    let this_month = as_of.with_day(1).expect("first of month");
    let last_month = (this_month - chrono::Duration::days(1))
        .with_day(1)
        .expect("first of last month");
    let (from, to) = (last_month.to_string(), this_month.to_string());
    let metric = attr(
        &app.wait_for("[data-testid=overview]", LONG).await,
        "data-metric",
    )
    .await;
    let cli = cli_totals(
        &app,
        &[
            "--metric",
            &metric,
            "--from",
            &from,
            "--to",
            &to,
            "--granularity",
            "month",
            "--charge-types",
            "usage,purchase,tax,adjustment",
        ],
    );
    assert_eq!(shown, cli, "Overview last month without credits vs CLI");
    app.screenshot("charges-overview-en.png").await;

    // Explorer: taxes and credits hidden, period charges spread.
    hide_and_spread_in_explorer(&app).await;
    let r = app.wait_for("[data-testid=explorer-results]", LONG).await;
    let (from, to) = (attr(&r, "data-from").await, attr(&r, "data-to").await);
    let metric = attr(&r, "data-metric").await;
    let args = [
        "--metric",
        &metric,
        "--group-by",
        "service",
        "--from",
        &from,
        "--to",
        &to,
        "--granularity",
        "day",
        "--charge-types",
        "usage,purchase,adjustment",
    ];
    let spread_cli = {
        let mut a = args.to_vec();
        a.push("--spread-periods");
        cli_totals(&app, &a)
    };
    // (Amortized cost carries no purchases to spread; the api tests check
    // what spreading moves.)
    let shown = explorer_totals(&app).await;
    assert_eq!(
        shown, spread_cli,
        "Explorer totals vs CLI with --spread-periods"
    );
    app.wait_for("[data-testid=charge-types-hidden]", LONG)
        .await;
    app.screenshot("charges-explorer-en.png").await;

    switch_language(&app, "zh-CN", "费用类型").await;
    app.screenshot("charges-explorer-zh.png").await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_for("[data-testid=charge-types-hidden]", LONG)
        .await;
    app.screenshot("charges-overview-zh.png").await;

    // Dark theme (the language chosen stays Chinese).
    let app = app.restart(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    hide_credits_on_overview(&app).await;
    app.screenshot("charges-overview-zh-dark.png").await;
    hide_and_spread_in_explorer(&app).await;
    app.screenshot("charges-explorer-zh-dark.png").await;
    app.close().await;
}
