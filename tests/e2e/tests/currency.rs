//! A finance team with CNY and USD bills opens CloudLens: the Overview shows
//! one total in the display currency, equal to `cloudlens explore --currency`
//! for the same days; billing currencies are an explicit choice in which the
//! Explorer's chart and table show the same currencies, each named; the
//! drill-down totals the Explorer's metric and says so; an XLSX export holds
//! typed numbers under headers in the user's language, with the comparison
//! columns when comparing, and the page says where it was written.

mod harness;

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use calamine::{Data, Reader, Xlsx};
use fantoccini::Locator;
use harness::{attr, release_binary, App};
use rust_decimal::Decimal;

const LONG: Duration = Duration::from_secs(180);

fn amount(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("amount {s:?}: {e}"))
}

/// The total `cloudlens explore` reports for `[from, to)` in `currency`.
fn cli_total(app: &App, from: &str, to: &str, metric: &str, currency: &str) -> Decimal {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args([
            "explore",
            "--from",
            from,
            "--to",
            to,
            "--granularity",
            "month",
        ])
        .args([
            "--metric",
            metric,
            "--currency",
            currency,
            "--format",
            "json",
        ])
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .output()
        .expect("run cloudlens explore");
    assert!(
        out.status.success(),
        "cloudlens explore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("explore JSON");
    json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            assert_eq!(r["currency"], currency, "a row in another currency: {r}");
            amount(r["amount"].as_str().expect("amount"))
        })
        .sum()
}

fn day_after(day: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a day");
    (d + chrono::Duration::days(1)).to_string()
}

async fn attrs_of(app: &App, css: &str, name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in app.all(css).await {
        out.insert(attr(&e, name).await);
    }
    out
}

/// Exports the table as XLSX to a typed path; returns the sheet's rows.
async fn export_xlsx(app: &App, name: &str) -> Vec<Vec<Data>> {
    let path = std::env::temp_dir().join(format!("cloudlens-e2e-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    app.click("[data-testid=export-toggle]").await;
    app.click("[data-testid=export-format-xlsx]").await;
    let field = app.wait_for("[data-testid=export-path]", LONG).await;
    // The field keeps the last path typed.
    field.clear().await.expect("clear export path");
    field
        .send_keys(&path.display().to_string())
        .await
        .expect("type export path");
    app.click("[data-testid=export-path-go]").await;
    let message = app.wait_for("[data-testid=export-message]", LONG).await;
    app.wait_until("the export is confirmed", LONG, || async {
        message
            .text()
            .await
            .unwrap_or_default()
            .contains(&path.display().to_string())
    })
    .await;
    let said = message.text().await.unwrap_or_default();
    assert!(path.exists(), "the export was not written: {said}");
    let rows = read_sheet(&path);
    let _ = std::fs::remove_file(&path);
    rows
}

fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("an XLSX workbook");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    sheet.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => panic!("expected text, got {other:?}"),
    }
}

/// The header is text in the user's language; every amount cell is a typed
/// number (never a formula or text); returns the header.
fn check_typed(rows: &[Vec<Data>], amount_header: &str) -> Vec<String> {
    let (header, data) = rows.split_first().expect("a header row");
    let header: Vec<String> = header.iter().map(text).collect();
    let col = header
        .iter()
        .position(|h| h == amount_header)
        .unwrap_or_else(|| panic!("no {amount_header:?} column in {header:?}"));
    assert!(!data.is_empty(), "the export has no rows");
    for row in data {
        assert!(
            matches!(row[col], Data::Float(_) | Data::Int(_)),
            "amount cell {:?} is not a number in {row:?}",
            row[col]
        );
    }
    header
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_finance_team_sees_one_converted_total_and_billing_currencies_only_by_choice() {
    let app = App::launch_converted(100_000).await;
    let overview = app.wait_for("[data-testid=overview]", LONG).await;

    // One total in the display currency, saying where its rates come from.
    let note = app
        .wait_for("[data-testid=conversion-note][data-mode=converted]", LONG)
        .await;
    let currency = attr(&note, "data-currency").await;
    assert!(
        currency == "USD" || currency == "CNY",
        "display currency {currency:?}"
    );
    assert!(
        note.text().await.unwrap_or_default().contains(&currency),
        "the note names the currency"
    );
    let kpis = app.all("[data-testid=kpi-mtd]").await;
    assert_eq!(kpis.len(), 1, "one converted month-to-date figure");
    assert_eq!(attr(&kpis[0], "data-currency").await, currency);
    let shown = amount(&attr(&kpis[0], "data-amount").await);
    let as_of = attr(
        &app.wait_for("[data-testid=as-of]", LONG).await,
        "data-date",
    )
    .await;
    let metric = attr(&overview, "data-metric").await;
    let month_start = format!("{}-01", &as_of[..7]);
    let cli = cli_total(&app, &month_start, &day_after(&as_of), &metric, &currency);
    // The Overview converts its daily service sums and the explorer its own
    // groups, each at the day's rate, so the two can differ in the last
    // nano-unit; what the user reads is cents, and those agree.
    assert_eq!(
        shown.round_dp(2),
        cli.round_dp(2),
        "converted month to date against the CLI: {shown} and {cli}"
    );
    app.screenshot("currency-overview-en.png").await;

    // The Explorer starts in the same display currency.
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-table]", LONG).await;
    let choice = app.wait_for("[data-testid=display-currency]", LONG).await;
    assert_eq!(
        choice
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        currency
    );
    assert!(app.all("[data-testid=currency-block]").await.is_empty());

    // Billing currencies, by choice: the chart and the table show the same
    // currencies, each block headed and each chart named.
    choice
        .select_by_value("")
        .await
        .expect("choose billing currencies");
    app.wait_until("the table has a block per currency", LONG, || async {
        app.all("[data-testid=currency-block]").await.len() >= 2
    })
    .await;
    let blocks = attrs_of(&app, "[data-testid=currency-block]", "data-currency").await;
    let totals = attrs_of(&app, "[data-testid=explorer-total-row]", "data-currency").await;
    let tabs = attrs_of(&app, "[data-testid=chart-currency-tab]", "data-currency").await;
    assert_eq!(blocks, totals, "block headings and totals rows");
    assert_eq!(
        tabs, blocks,
        "the chart offers exactly the table's currencies"
    );
    for c in &tabs {
        app.click(&format!(
            "[data-testid=chart-currency-tab][data-currency={c}]"
        ))
        .await;
        app.wait_for(
            &format!("[data-testid=chart-currency][data-currency={c}]"),
            LONG,
        )
        .await;
        app.wait_for("[data-testid=explorer-chart]", LONG).await;
    }
    app.screenshot("currency-explorer-billing-en.png").await;

    // XLSX with the comparison: typed numbers, English headers.
    app.click("[data-testid=compare-toggle]").await;
    app.wait_for("[data-testid=explorer-results][data-loading=false]", LONG)
        .await;
    let rows = export_xlsx(&app, "compare-en.xlsx").await;
    let header = check_typed(&rows, "Amount");
    for h in [
        "Currency",
        "Share (%)",
        "Previous period",
        "Change",
        "Change (%)",
    ] {
        assert!(header.iter().any(|x| x == h), "no {h:?} in {header:?}");
    }
    app.click("[data-testid=compare-toggle]").await;

    // The drill-down totals the Explorer's metric and says which.
    app.wait_for("[data-testid=metric]", LONG)
        .await
        .select_by_value("billed")
        .await
        .expect("billed metric");
    app.wait_for("[data-testid=group-by-0]", LONG)
        .await
        .select_by_value("resource")
        .await
        .expect("group by resource");
    let link = app.wait_for("[data-testid=resource-link]", LONG).await;
    link.click().await.expect("open a resource");
    let shown_metric = app.wait_for("[data-testid=resource-metric]", LONG).await;
    assert_eq!(attr(&shown_metric, "data-metric").await, "billed");
    assert!(shown_metric
        .text()
        .await
        .unwrap_or_default()
        .contains("Billed"));
    app.screenshot("currency-resource-billed-en.png").await;
    app.click("[data-testid=resource-close]").await;
    app.wait_for("[data-testid=metric]", LONG)
        .await
        .select_by_value("effective")
        .await
        .expect("effective metric");
    app.wait_for("[data-testid=explorer-results][data-loading=false]", LONG)
        .await;
    app.wait_for("[data-testid=resource-link]", LONG)
        .await
        .click()
        .await
        .expect("open a resource");
    app.wait_for("[data-testid=resource-metric][data-metric=effective]", LONG)
        .await;
    app.click("[data-testid=resource-close]").await;

    // In Chinese: the export's headers are Chinese too.
    app.set_page_language("zh-CN", "explorer-page", "成本浏览器")
        .await;
    app.wait_for("[data-testid=group-by-0]", LONG)
        .await
        .select_by_value("service")
        .await
        .expect("group by service");
    app.wait_for("[data-testid=explorer-results][data-loading=false]", LONG)
        .await;
    let header = check_typed(&export_xlsx(&app, "zh.xlsx").await, "金额");
    assert!(header.iter().any(|h| h == "服务"), "{header:?}");
    app.screenshot("currency-explorer-billing-zh.png").await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_for("[data-testid=conversion-note][data-mode=converted]", LONG)
        .await;
    app.screenshot("currency-overview-zh.png").await;

    // Dark theme, both languages.
    let app = app.restart(&[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_for("[data-testid=conversion-note][data-mode=converted]", LONG)
        .await;
    app.screenshot("currency-overview-zh-dark.png").await;
    app.wait_for("[data-testid=lang-switch]", LONG)
        .await
        .select_by_value("en")
        .await
        .expect("switch to English");
    app.wait_until("the page is in English", LONG, || async {
        app.client
            .find(Locator::Css("[data-testid=conversion-note]"))
            .await
            .ok()
            .is_some()
            && app
                .wait_for("[data-testid=conversion-note]", LONG)
                .await
                .text()
                .await
                .unwrap_or_default()
                .contains("All amounts")
    })
    .await;
    app.screenshot("currency-overview-en-dark.png").await;
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-table]", LONG).await;
    app.wait_for("[data-testid=display-currency]", LONG)
        .await
        .select_by_value("")
        .await
        .expect("choose billing currencies");
    app.wait_until("the table has a block per currency", LONG, || async {
        app.all("[data-testid=currency-block]").await.len() >= 2
    })
    .await;
    app.screenshot("currency-explorer-billing-en-dark.png")
        .await;
    app.close().await;
}
