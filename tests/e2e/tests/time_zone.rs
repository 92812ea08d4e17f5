//! A user with an Alibaba Cloud bill in Beijing time: with the provider's
//! own days the Overview's last month is that bill's month to the cent, as
//! `cloudlens summary` and `explore` say; counting every line in UTC moves
//! the Beijing first of the month to the day before, in the app and the
//! CLI alike. Screenshots of the setting in both languages and themes.

mod harness;

use std::str::FromStr;
use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate, Utc};
use fantoccini::Locator;
use harness::{attr, App};
use rust_decimal::Decimal;

/// The first day of the month before `d`'s, and of `d`'s month.
fn month_starts(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this = d.with_day(1).expect("day 1");
    let prev = this
        .checked_sub_days(Days::new(1))
        .and_then(|p| p.with_day(1))
        .expect("previous month");
    (prev, this)
}

/// An Alibaba bill (OSS export, English header) with one line on the
/// Beijing first of last month (21.17 CNY) and one on the Beijing first of
/// this month (5.00 CNY).
fn beijing_bill(dir: &std::path::Path, last: NaiveDate, this: NaiveDate) -> std::path::PathBuf {
    let fixture = harness::workspace_root().join("tests/fixtures/ingest/alibaba_oss_en.csv");
    let text = std::fs::read_to_string(fixture).expect("fixture");
    let mut lines = text.lines();
    let (header, row) = (lines.next().expect("header"), lines.next().expect("row"));
    let mut csv = format!("{header}\n");
    for (i, (day, amount)) in [(last, "21.17"), (this, "5.00")].iter().enumerate() {
        let next = day.succ_opt().expect("next day");
        let r = row
            .replacen("2025-01,", &format!("{},", day.format("%Y-%m")), 1)
            .replace("2025-01-15", &day.to_string())
            .replace("2025-01-16 00:00:00", &format!("{next} 00:00:00"))
            .replace("2025011600000001", &format!("20261200000000{i}"))
            .replace("21.17", amount);
        csv.push_str(&r);
        csv.push('\n');
    }
    let path = dir.join("alibaba_beijing.csv");
    std::fs::write(&path, csv).expect("write bill");
    path
}

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("amount string")).expect("decimal")
}

/// (all CNY in `month`, Alibaba Cloud's CNY in `month`) from a summary.
fn cny_month(summary: &serde_json::Value, month: &str) -> (Decimal, Decimal) {
    let mut all = Decimal::ZERO;
    let mut alibaba = Decimal::ZERO;
    for r in summary["totals"].as_array().expect("totals") {
        if r["billing_currency"] == "CNY" && r["month"] == month {
            all += dec(&r["billed_cost"]);
            if r["provider"] == "Alibaba Cloud" {
                alibaba += dec(&r["billed_cost"]);
            }
        }
    }
    (all, alibaba)
}

async fn overview_last_month_cny(app: &App) -> Decimal {
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=nav-overview]", long)
        .await
        .click()
        .await
        .expect("nav overview");
    app.wait_for("[data-testid=overview]", long).await;
    app.wait_for("[data-testid=kpi-row][data-currency=CNY]", long)
        .await;
    let card = app
        .wait_for(
            "[data-testid=kpi-row][data-currency=CNY] [data-testid=kpi-last-month]",
            long,
        )
        .await;
    Decimal::from_str(&attr(&card, "data-amount").await).expect("data-amount")
}

async fn open_day_zone(app: &App) {
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=nav-settings]", long)
        .await
        .click()
        .await
        .expect("nav settings");
    app.wait_for("[data-testid=day-zone-select]", long).await;
}

async fn save_day_zone(app: &App, zone: &str, provider_zones: bool) {
    let long = Duration::from_secs(120);
    open_day_zone(app).await;
    app.wait_for("[data-testid=day-zone-select]", long)
        .await
        .select_by_value(zone)
        .await
        .expect("select zone");
    let provider = app.wait_for("[data-testid=day-zone-provider]", long).await;
    if provider.is_selected().await.unwrap_or(false) != provider_zones {
        provider.click().await.expect("provider zones");
    }
    app.wait_for("[data-testid=day-zone-save]", long)
        .await
        .click()
        .await
        .expect("save");
    app.wait_for("[data-testid=day-zone-saved]", long).await;
}

async fn screenshots(app: &App, theme: &str) {
    let long = Duration::from_secs(60);
    open_day_zone(app).await;
    app.wait_for("[data-testid=day-zone-card]", long).await;
    app.screenshot(&format!("day-zone-en-{theme}.png")).await;
    let select = app.wait_for("[data-testid=lang-switch]", long).await;
    select.select_by_value("zh-CN").await.expect("zh-CN");
    app.wait_until("the page is in Chinese", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=day-zone-card]"))
            .await
        {
            Ok(c) => c.text().await.unwrap_or_default().contains("时区"),
            Err(_) => false,
        }
    })
    .await;
    app.wait_for("[data-testid=day-zone-card]", long).await;
    app.screenshot(&format!("day-zone-zh-{theme}.png")).await;
    let select = app.wait_for("[data-testid=lang-switch]", long).await;
    select.select_by_value("en").await.expect("en");
}

/// The app ends its demo yesterday by the real clock, so the test reads it
/// too.
#[allow(clippy::disallowed_methods)]
fn demo_end() -> NaiveDate {
    Utc::now().date_naive().pred_opt().expect("yesterday")
}

#[tokio::test]
#[ignore = "needs the release app, tauri-driver, WebKitWebDriver and Xvfb"]
async fn a_beijing_bill_adds_up_to_its_months_and_a_zone_change_moves_its_days() {
    let app = App::launch(3_000).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;

    // The demo ends yesterday; the Overview's last month is the month
    // before the demo's last day.
    let yesterday = demo_end();
    let (last, this) = month_starts(yesterday);
    let month = last.format("%Y-%m").to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let bill = beijing_bill(dir.path(), last, this);

    // Provider zones on: the Beijing first of each month is its own day.
    save_day_zone(&app, "UTC", true).await;
    let imported = app.cli_json(&["import", "--json", bill.to_str().expect("path")]);
    assert!(imported.is_array() || imported.is_object(), "{imported}");

    let summary = app.cli_summary();
    let (cny, alibaba_bill) = cny_month(&summary, &month);
    // Alibaba's month as the provider bills it, in Beijing time (the
    // demo's lines start at UTC midnight, the same date in Beijing).
    let beijing = app.cli_json(&["summary", "--json", "--time-zone", "Asia/Shanghai"]);
    assert_eq!(
        alibaba_bill,
        cny_month(&beijing, &month).1,
        "provider days vs Beijing time"
    );
    assert_eq!(
        overview_last_month_cny(&app).await,
        cny,
        "Overview vs summary"
    );
    let explored = app.cli_json(&[
        "explore",
        "--from",
        &last.to_string(),
        "--to",
        &this.to_string(),
        "--granularity",
        "month",
        "--metric",
        "billed",
        "--filter",
        "provider=Alibaba Cloud",
    ]);
    let explorer_alibaba: Decimal = explored["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["currency"] == "CNY")
        .map(|r| dec(&r["amount"]))
        .sum();
    assert_eq!(explorer_alibaba, alibaba_bill, "explorer vs summary");
    screenshots(&app, "light").await;

    // Every line in UTC: the bill's Beijing first of last month moves into
    // the month before, the first of this month into last month.
    save_day_zone(&app, "UTC", false).await;
    let utc_summary = app.cli_summary();
    let (cny_utc, alibaba_utc) = cny_month(&utc_summary, &month);
    let moved = Decimal::from_str("-16.17").expect("decimal");
    assert_eq!(alibaba_utc - alibaba_bill, moved, "21.17 out, 5.00 in");
    assert_eq!(cny_utc - cny, moved);
    assert_eq!(
        overview_last_month_cny(&app).await,
        cny_utc,
        "Overview vs summary in UTC"
    );
    app.close().await;

    let app = App::launch_with(1_000, &[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_for("[data-testid=overview]", long).await;
    screenshots(&app, "dark").await;
    app.close().await;
}
