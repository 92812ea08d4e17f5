//! An analyst builds an Explorer view on the demo data (by service, one
//! provider, last 90 days); its table equals `cloudlens explore --format json`
//! on the same store; a resource drill-down shows the resource's lines; the
//! CSV export holds exactly the table's rows; a saved view reopened after a
//! reload shows the same table.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use fantoccini::Locator;
use harness::{attr, release_binary, App};
use rust_decimal::Decimal;

const LONG: Duration = Duration::from_secs(120);
const VIEW_NAME: &str = "E2E provider by service";

/// One table row as shown: groups (JSON text of the engine's values),
/// currency, exact total, whether it is the folded "other" group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    groups: String,
    currency: String,
    total: Decimal,
    other: bool,
}

fn amount(s: &str) -> Decimal {
    Decimal::from_str(s.trim()).unwrap_or_else(|e| panic!("amount {s:?}: {e}"))
}

/// Waits until the shown result answers a query with this grouping and
/// range (and, when given, these filters) and no newer query is running.
async fn wait_for_result(
    app: &App,
    group_by: &str,
    range: Option<(&str, &str)>,
    filters: Option<&serde_json::Value>,
) {
    app.wait_until(
        &format!("the table answers group by {group_by}"),
        LONG,
        || async {
            let Ok(results) = app
                .client
                .find(Locator::Css("[data-testid=explorer-results]"))
                .await
            else {
                return false;
            };
            let ready = attr(&results, "data-loading").await == "false"
                && attr(&results, "data-group-by").await == group_by;
            let in_range = match range {
                Some((from, to)) => {
                    attr(&results, "data-from").await == from
                        && attr(&results, "data-to").await == to
                }
                None => true,
            };
            let filtered = match filters {
                Some(f) => {
                    serde_json::from_str::<serde_json::Value>(&attr(&results, "data-filters").await)
                        .ok()
                        .as_ref()
                        == Some(f)
                }
                None => true,
            };
            ready && in_range && filtered
        },
    )
    .await;
}

async fn table_rows(app: &App) -> Vec<Row> {
    let mut rows = Vec::new();
    for row in app.all("[data-testid=explorer-row]").await {
        let total = row
            .find(Locator::Css("[data-testid=row-total]"))
            .await
            .expect("row total");
        rows.push(Row {
            groups: attr(&row, "data-groups").await,
            currency: attr(&row, "data-currency").await,
            total: amount(&attr(&total, "data-amount").await),
            other: attr(&row, "data-other").await == "true",
        });
    }
    rows.sort();
    rows
}

async fn grand_totals(app: &App) -> BTreeMap<String, Decimal> {
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

/// `cloudlens explore --format json` on the app's store: per (service, currency) sums.
fn cli_by_service(
    app: &App,
    provider: &str,
    metric: &str,
    from: &str,
    to: &str,
) -> BTreeMap<(Option<String>, String), Decimal> {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args(["explore", "--group-by", "service", "--filter"])
        .arg(format!("provider={provider}"))
        .args([
            "--from",
            from,
            "--to",
            to,
            "--granularity",
            "day",
            "--metric",
            metric,
        ])
        .args(["--format", "json"])
        .env("CLOUDLENS_KEYCHAIN_SERVICE", &app.keychain_service)
        .output()
        .expect("run cloudlens explore");
    assert!(
        out.status.success(),
        "cloudlens explore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("explore JSON");
    let mut sums = BTreeMap::new();
    for row in json["rows"].as_array().expect("rows array") {
        let service = row["groups"]["service"].as_str().map(str::to_string);
        let currency = row["currency"].as_str().expect("currency").to_string();
        let value = amount(row["amount"].as_str().expect("amount string"));
        *sums.entry((service, currency)).or_default() += value;
    }
    sums
}

/// RFC 4180 fields of a CSV text (quoted fields, doubled quotes, CRLF or LF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Every table row has its own CSV row: its group value(s) (the "other" row by
/// amount alone) and its exact total. Beyond those, the file may hold only the
/// table's totals rows (one per currency, with the grand total).
fn check_export(csv: &[Vec<String>], rows: &[Row], totals: &BTreeMap<String, Decimal>) {
    let (header, data) = csv.split_first().expect("a header row");
    let has_amount = |fields: &[String], amount: Decimal| {
        fields.iter().any(|f| {
            Decimal::from_str(f.trim())
                .map(|d| d == amount)
                .unwrap_or(false)
        })
    };
    let mut unused: Vec<&Vec<String>> = data.iter().collect();
    for row in rows {
        let groups: Vec<Option<String>> = serde_json::from_str(&row.groups).expect("groups JSON");
        let position = unused.iter().position(|fields| {
            let has_groups = row.other
                || groups.iter().all(|g| {
                    fields
                        .iter()
                        .any(|f| Some(f.as_str()) == g.as_deref() || (g.is_none() && f.is_empty()))
                });
            has_amount(fields, row.total) && has_groups
        });
        let index =
            position.unwrap_or_else(|| panic!("no CSV row for {row:?} in {header:?} {data:?}"));
        unused.remove(index);
    }
    assert!(
        unused.len() <= totals.len()
            && unused
                .iter()
                .all(|fields| totals.values().any(|t| has_amount(fields, *t))),
        "CSV rows that the table does not show: {unused:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn an_analyst_builds_checks_exports_saves_and_reopens_an_explorer_view() {
    let app = App::launch(200_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-page]", LONG).await;
    app.wait_for("[data-testid=explorer-table]", LONG).await;

    // Build the view: by service, one provider, last 90 days.
    app.wait_for("[data-testid=group-by-0]", LONG)
        .await
        .select_by_value("service")
        .await
        .expect("group by service");
    app.click("[data-testid=preset-last_90]").await;
    app.click("[data-testid=filter-add]").await;
    app.wait_for("[data-testid=filter-dimension]", LONG)
        .await
        .select_by_value("provider")
        .await
        .expect("filter on provider");
    let first = app
        .wait_for(
            "[data-testid=filter-values][data-dimension=provider] [data-testid=filter-value][data-null=false]",
            LONG,
        )
        .await;
    let provider = attr(&first, "data-value").await;
    assert!(!provider.is_empty(), "the provider list is empty");
    first.click().await.expect("pick provider");
    app.screenshot("explorer-filter-picker.png").await;
    app.click("[data-testid=filter-apply]").await;

    let range = app.wait_for("[data-testid=explorer-range]", LONG).await;
    let (from, to) = (
        attr(&range, "data-from").await,
        attr(&range, "data-to").await,
    );
    let filters =
        serde_json::json!([{ "dimension": "provider", "values": [provider], "exclude": false }]);
    wait_for_result(&app, "service", Some((&from, &to)), Some(&filters)).await;
    app.screenshot("explorer-view.png").await;

    // The table against the CLI on the same store.
    let rows = table_rows(&app).await;
    assert!(!rows.is_empty(), "no table rows");
    // The page starts on the app-wide metric (effective unless switched).
    let results = app.wait_for("[data-testid=explorer-results]", LONG).await;
    let metric = attr(&results, "data-metric").await;
    assert!(!metric.is_empty(), "the results name no metric");
    let cli = cli_by_service(&app, &provider, &metric, &from, &to);
    let mut cli_totals: BTreeMap<String, Decimal> = BTreeMap::new();
    for ((_, currency), value) in &cli {
        *cli_totals.entry(currency.clone()).or_default() += *value;
    }
    assert_eq!(
        grand_totals(&app).await,
        cli_totals,
        "grand totals per currency"
    );
    let mut named: BTreeMap<String, Decimal> = BTreeMap::new();
    for row in rows.iter().filter(|r| !r.other) {
        let groups: Vec<Option<String>> = serde_json::from_str(&row.groups).expect("groups JSON");
        let key = (groups.first().cloned().flatten(), row.currency.clone());
        assert_eq!(Some(&row.total), cli.get(&key), "service {key:?}");
        *named.entry(row.currency.clone()).or_default() += row.total;
    }
    for row in rows.iter().filter(|r| r.other) {
        let rest =
            cli_totals[&row.currency] - named.get(&row.currency).copied().unwrap_or_default();
        assert_eq!(
            row.total, rest,
            "the folded other group in {}",
            row.currency
        );
    }

    // Export CSV: exactly the table's rows.
    let out =
        std::env::temp_dir().join(format!("cloudlens-e2e-explorer-{}.csv", std::process::id()));
    app.click("[data-testid=export-toggle]").await;
    app.click("[data-testid=export-format-csv]").await;
    app.wait_for("[data-testid=export-path]", LONG)
        .await
        .send_keys(&out.display().to_string())
        .await
        .expect("type export path");
    app.click("[data-testid=export-path-go]").await;
    let message = app.wait_for("[data-testid=export-message]", LONG).await;
    let text = message.text().await.unwrap_or_default();
    let csv_text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{text}: {e}"));
    check_export(&parse_csv(&csv_text), &rows, &cli_totals);
    let _ = std::fs::remove_file(&out);

    // Save the view.
    app.click("[data-testid=saved-toggle]").await;
    app.wait_for("[data-testid=view-name]", LONG)
        .await
        .send_keys(VIEW_NAME)
        .await
        .expect("type view name");
    app.click("[data-testid=view-save]").await;
    app.wait_for(
        &format!("[data-testid=saved-view][data-name='{VIEW_NAME}']"),
        LONG,
    )
    .await;
    app.screenshot("explorer-saved-views.png").await;
    app.click("[data-testid=saved-close]").await;

    // Drill down: the provider's resources (some services bill without one,
    // so not through a service row), then one resource's lines.
    app.wait_for("[data-testid=group-by-0]", LONG)
        .await
        .select_by_value("resource")
        .await
        .expect("group by resource");
    wait_for_result(&app, "resource", Some((&from, &to)), Some(&filters)).await;
    let link = app.wait_for("[data-testid=resource-link]", LONG).await;
    let resource = attr(&link, "data-resource").await;
    link.click().await.expect("open resource");
    let panel = app
        .wait_for(
            &format!("[data-testid=resource-panel][data-resource='{resource}']"),
            LONG,
        )
        .await;
    app.wait_for("[data-testid=resource-line]", LONG).await;
    let lines = app.all("[data-testid=resource-line]").await;
    assert!(!lines.is_empty(), "resource {resource} shows no lines");
    for line in app.all("[data-testid=line-provenance]").await {
        assert!(
            !line.text().await.unwrap_or_default().trim().is_empty(),
            "a line without provenance"
        );
    }
    assert!(
        panel
            .find(Locator::Css("[data-testid=resource-total]"))
            .await
            .is_ok(),
        "no resource total"
    );
    app.screenshot("explorer-resource.png").await;
    app.click("[data-testid=resource-close]").await;

    // Reload the app: the page starts over; the saved view brings the table back.
    app.client.refresh().await.expect("reload");
    app.wait_for("[data-testid=overview]", LONG).await;
    app.click("[data-testid=nav-explorer]").await;
    app.wait_for("[data-testid=explorer-table]", LONG).await;
    app.click("[data-testid=saved-toggle]").await;
    app.click(&format!(
        "[data-testid=saved-view][data-name='{VIEW_NAME}'] [data-testid=saved-open]"
    ))
    .await;
    wait_for_result(&app, "service", Some((&from, &to)), Some(&filters)).await;
    assert_eq!(table_rows(&app).await, rows, "the reopened view's table");
    assert_eq!(grand_totals(&app).await, cli_totals);
    app.screenshot("explorer-reopened.png").await;

    // The page reads in Chinese too.
    app.set_page_language("zh-CN", "explorer-page", "成本浏览器")
        .await;
    app.screenshot("explorer-zh.png").await;
    app.close().await;
}
