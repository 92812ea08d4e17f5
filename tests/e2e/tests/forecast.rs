//! An analyst opens the Forecast page on the demo: the month-end projection
//! of every currency equals `cloudlens forecast --format json` on the same
//! store, the band chart and the accuracy on the store's own history are
//! shown, grouping by service gives a row per service, and the page reads
//! in Chinese; the band on the Overview's and the Explorer's day charts is
//! the CLI's forecast, and the Overview's savings are the Savings page's;
//! in the light and the dark theme.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use fantoccini::Locator;
use harness::{attr, release_binary, App};
use rust_decimal::Decimal;

const LONG: Duration = Duration::from_secs(120);

fn amount(s: &str) -> Decimal {
    Decimal::from_str(s.trim()).unwrap_or_else(|e| panic!("amount {s:?}: {e}"))
}

async fn scroll_to(app: &App, testid: &str) {
    let js = format!("document.querySelector('[data-testid={testid}]').scrollIntoView()");
    app.client
        .execute(&js, vec![])
        .await
        .unwrap_or_else(|e| panic!("scroll to {testid}: {e}"));
}

/// Waits until the shown forecast answers this grouping and nothing newer runs.
async fn wait_for_forecast(app: &App, group_by: &str) {
    app.wait_until(
        &format!("the forecast answers group by {group_by:?}"),
        LONG,
        || async {
            let Ok(results) = app
                .client
                .find(Locator::Css("[data-testid=forecast-results]"))
                .await
            else {
                return false;
            };
            attr(&results, "data-loading").await == "false"
                && attr(&results, "data-group-by").await == group_by
        },
    )
    .await;
    app.wait_for("[data-testid=forecast-chart] svg", LONG).await;
}

/// (currency, month) → month-end mean as the page shows it.
async fn shown_month_ends(app: &App) -> BTreeMap<(String, String), Decimal> {
    let mut out = BTreeMap::new();
    for card in app.all("[data-testid=projection-month]").await {
        let mean = card
            .find(Locator::Css("[data-testid=projection-mean]"))
            .await
            .expect("projection mean");
        out.insert(
            (
                attr(&card, "data-currency").await,
                attr(&card, "data-period").await,
            ),
            amount(&attr(&mean, "data-amount").await),
        );
    }
    out
}

/// The same projections from `cloudlens forecast --format json`.
fn cli_month_ends(app: &App, metric: &str) -> BTreeMap<(String, String), Decimal> {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args(["forecast", "--format", "json", "--metric", metric])
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .output()
        .expect("run cloudlens");
    assert!(
        out.status.success(),
        "cloudlens forecast failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("forecast JSON");
    let mut totals = BTreeMap::new();
    for s in json["series"].as_array().expect("series") {
        let m = &s["month_end"];
        if m.is_null() {
            continue;
        }
        let text = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
        totals.insert(
            (text(&s["currency"]), text(&m["month"])),
            amount(&text(&m["mean"])),
        );
    }
    totals
}

async fn forecast_page_in(theme: &str, env: &[(&str, &str)]) {
    let app = App::launch_with(60_000, env).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-forecast]").await;
    app.wait_for("[data-testid=forecast-page]", LONG).await;
    wait_for_forecast(&app, "").await;

    // The month-end cards against the CLI on the same store and metric.
    let results = app.wait_for("[data-testid=forecast-results]", LONG).await;
    let metric = attr(&results, "data-metric").await;
    assert!(
        metric == "billed" || metric == "effective",
        "metric {metric:?}"
    );
    let shown = shown_month_ends(&app).await;
    assert!(!shown.is_empty(), "no month-end card");
    assert_eq!(
        shown,
        cli_month_ends(&app, &metric),
        "month-end projections"
    );

    // The accuracy on the store's own history, in words and figures.
    let summary = app
        .wait_for("[data-testid=accuracy-summary]", LONG)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(summary.contains("this forecast"), "{summary}");
    let coverage = app
        .wait_for("[data-testid=accuracy-coverage80]", LONG)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(coverage.ends_with('%'), "coverage {coverage:?}");
    let legend = app
        .wait_for("[data-testid=forecast-chart-card]", LONG)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(legend.contains("95% range"), "{legend}");
    app.screenshot(&format!("forecast-en-{theme}.png")).await;

    // By service: a row per service and currency, each with its projection.
    app.wait_for("[data-testid=forecast-group-by-0]", LONG)
        .await
        .select_by_value("service")
        .await
        .expect("group by service");
    wait_for_forecast(&app, "service").await;
    let rows = app.all("[data-testid=forecast-row]").await;
    assert!(rows.len() > 3, "{} rows", rows.len());
    // The cards still total the scope per currency.
    assert_eq!(shown_month_ends(&app).await, shown);
    app.screenshot(&format!("forecast-by-service-en-{theme}.png"))
        .await;

    app.wait_for("[data-testid=lang-switch]", LONG)
        .await
        .select_by_value("zh-CN")
        .await
        .expect("switch to Chinese");
    app.wait_until("the page is in Chinese", LONG, || async {
        let text = app
            .wait_for("[data-testid=forecast-page]", LONG)
            .await
            .text()
            .await
            .unwrap_or_default();
        text.contains("成本预测") && text.contains("落在 80% 区间内的天数")
    })
    .await;
    wait_for_forecast(&app, "service").await;
    scroll_to(&app, "forecast-page").await;
    app.screenshot(&format!("forecast-zh-{theme}.png")).await;
    app.close().await;
}

/// `cloudlens forecast --horizon 30` on the store: each currency's first
/// forecast day and its mean.
fn cli_first_days(app: &App, metric: &str) -> BTreeMap<String, (String, Decimal)> {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args([
            "forecast",
            "--format",
            "json",
            "--horizon",
            "30",
            "--metric",
            metric,
        ])
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .output()
        .expect("run cloudlens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("forecast JSON");
    let mut firsts = BTreeMap::new();
    for s in json["series"].as_array().expect("series") {
        let p = &s["points"][0];
        let (Some(day), Some(mean)) = (p["date"].as_str(), p["mean"].as_str()) else {
            continue;
        };
        let currency = s["currency"].as_str().expect("currency").to_string();
        firsts.insert(currency, (day.to_string(), amount(mean)));
    }
    firsts
}

/// Sums the Savings page's potential totals by kind, per currency.
async fn savings_page_totals(app: &App) -> BTreeMap<String, Decimal> {
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    let block = "[data-testid=recs-potential-totals] [data-testid=recs-potential-totals-row]";
    for row in app.all(block).await {
        // The first block is by kind; by provider repeats the same money.
        let group = attr(&row, "data-group").await;
        if !["idle", "rightsize", "commitment", "discount", "renewal"].contains(&group.as_str()) {
            continue;
        }
        *sums.entry(attr(&row, "data-currency").await).or_default() +=
            amount(&attr(&row, "data-amount").await);
    }
    sums
}

async fn bands_and_savings_in(theme: &str, env: &[(&str, &str)]) {
    let app = App::launch_with(60_000, env).await;
    let overview = app.wait_for("[data-testid=overview]", LONG).await;
    let metric = attr(&overview, "data-metric").await;
    // The Overview's band is the forecast engine's, as the CLI gives it.
    let note = app
        .wait_for("[data-testid=band-note][data-state=drawn]", LONG)
        .await;
    let currency = attr(&note, "data-currency").await;
    let cli = cli_first_days(&app, &metric);
    let (day, mean) = cli.get(&currency).expect("the CLI forecasts the currency");
    assert_eq!(&attr(&note, "data-first-day").await, day);
    assert_eq!(&amount(&attr(&note, "data-first-mean").await), mean);
    scroll_to(&app, "daily-card").await;
    app.screenshot(&format!("overview-band-en-{theme}.png"))
        .await;

    // Savings: the page recomputes; the Overview then shows its total.
    app.click("[data-testid=nav-recommendations]").await;
    app.wait_for("[data-testid=rec-row]", LONG).await;
    let totals = savings_page_totals(&app).await;
    assert!(!totals.is_empty(), "the demo has savings");
    app.screenshot(&format!("savings-en-{theme}.png")).await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_until("the Overview shows the savings", LONG, || async {
        let mut shown = BTreeMap::new();
        for f in app.all("[data-testid=overview-savings-figure]").await {
            shown.insert(
                attr(&f, "data-currency").await,
                amount(&attr(&f, "data-amount").await),
            );
        }
        shown == totals
    })
    .await;
    scroll_to(&app, "overview-savings").await;
    app.screenshot(&format!("overview-savings-en-{theme}.png"))
        .await;

    // The Explorer's day chart takes the band when asked.
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-chart] svg", LONG).await;
    app.click("[data-testid=band-toggle]").await;
    app.wait_for("[data-testid=band-note][data-state=drawn]", LONG)
        .await;
    app.screenshot(&format!("explorer-band-en-{theme}.png"))
        .await;

    app.wait_for("[data-testid=lang-switch]", LONG)
        .await
        .select_by_value("zh-CN")
        .await
        .expect("switch to Chinese");
    app.wait_until("the band is redrawn in Chinese", LONG, || async {
        let legend = app
            .wait_for("[data-testid=explorer-legend]", LONG)
            .await
            .text()
            .await
            .unwrap_or_default();
        legend.contains("预测") && legend.contains("80% 区间")
    })
    .await;
    app.screenshot(&format!("explorer-band-zh-{theme}.png"))
        .await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_for("[data-testid=band-note][data-state=drawn]", LONG)
        .await;
    scroll_to(&app, "daily-card").await;
    app.screenshot(&format!("overview-band-zh-{theme}.png"))
        .await;
    app.click("[data-testid=nav-recommendations]").await;
    app.wait_for("[data-testid=rec-row]", LONG).await;
    app.screenshot(&format!("savings-zh-{theme}.png")).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn forecast_bands_on_the_overview_and_explorer_and_the_savings_figure_in_both_languages_and_themes(
) {
    bands_and_savings_in("light", &[]).await;
    bands_and_savings_in("dark", &[("GTK_THEME", "Adwaita:dark")]).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn the_forecast_page_matches_the_cli_in_both_languages_and_themes() {
    forecast_page_in("light", &[]).await;
    forecast_page_in("dark", &[("GTK_THEME", "Adwaita:dark")]).await;
}
