//! A user starts CloudLens on an empty store: the demo loads, the Overview's
//! numbers equal what `cloudlens summary --json` reports, the metric switch
//! and the language switch work.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;
use harness::{attr, App};
use rust_decimal::Decimal;

/// (currency, month) → (billed, effective) from the CLI summary; and
/// (provider, currency, month) → (billed, effective).
type Totals = BTreeMap<(String, String), (Decimal, Decimal)>;
type ProviderTotals = BTreeMap<(String, String, String), (Decimal, Decimal)>;

fn totals(summary: &serde_json::Value) -> (Totals, ProviderTotals) {
    let mut by_cur = Totals::new();
    let mut by_prov = ProviderTotals::new();
    for row in summary["totals"].as_array().expect("totals array") {
        let s = |k: &str| {
            row[k]
                .as_str()
                .unwrap_or_else(|| panic!("{k} in {row}"))
                .to_string()
        };
        let d = |k: &str| Decimal::from_str(&s(k)).unwrap_or_else(|e| panic!("{k}: {e}"));
        let (b, e) = (d("billed_cost"), d("effective_cost"));
        let t = by_cur
            .entry((s("billing_currency"), s("month")))
            .or_default();
        t.0 += b;
        t.1 += e;
        let t = by_prov
            .entry((s("provider"), s("billing_currency"), s("month")))
            .or_default();
        t.0 += b;
        t.1 += e;
    }
    (by_cur, by_prov)
}

fn previous_month(month: &str) -> String {
    let (y, m): (i32, u32) = (month[..4].parse().unwrap(), month[5..7].parse().unwrap());
    if m == 1 {
        format!("{}-12", y - 1)
    } else {
        format!("{y}-{:02}", m - 1)
    }
}

fn amount(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("data-amount {s:?}: {e}"))
}

async fn check_kpis(app: &App, by_cur: &Totals, month: &str, effective: bool) {
    let pick = |t: &(Decimal, Decimal)| if effective { t.1 } else { t.0 };
    let cards = app.all("[data-testid=kpi-mtd]").await;
    assert!(
        cards.len() >= 2,
        "expected KPI cards for CNY and USD, found {}",
        cards.len()
    );
    for card in cards {
        let currency = attr(&card, "data-currency").await;
        let shown = amount(&attr(&card, "data-amount").await);
        let expected = by_cur
            .get(&(currency.clone(), month.to_string()))
            .map(pick)
            .unwrap_or_default();
        assert_eq!(
            shown, expected,
            "month to date in {currency} (effective={effective})"
        );
        let text = card.text().await.unwrap_or_default();
        assert!(!text.trim().is_empty(), "the {currency} card shows no text");
    }
    let last = previous_month(month);
    for card in app.all("[data-testid=kpi-last-month]").await {
        let currency = attr(&card, "data-currency").await;
        let shown = amount(&attr(&card, "data-amount").await);
        let expected = by_cur
            .get(&(currency.clone(), last.clone()))
            .map(pick)
            .unwrap_or_default();
        assert_eq!(
            shown, expected,
            "last month in {currency} (effective={effective})"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_new_user_sees_the_demo_overview_matching_the_cli_then_explores_and_removes_it() {
    let app = App::launch(1_000_000).await;
    let long = Duration::from_secs(240);

    app.wait_for("[data-testid=overview]", long).await;
    let as_of = attr(
        &app.wait_for("[data-testid=as-of]", long).await,
        "data-date",
    )
    .await;
    assert_eq!(as_of.len(), 10, "as-of date {as_of:?}");
    let month = &as_of[..7];
    app.screenshot("overview-en.png").await;

    let summary = app.cli_summary();
    assert!(
        summary["lines"].as_u64().unwrap_or(0) > 900_000,
        "demo lines: {}",
        summary["lines"]
    );
    let (by_cur, by_prov) = totals(&summary);

    // Effective cost is the default metric.
    check_kpis(&app, &by_cur, month, true).await;

    // Provider rows of the selected currency.
    let rows = app.all("[data-testid=provider-row]").await;
    assert!(!rows.is_empty(), "no provider rows");
    for row in rows {
        let provider = attr(&row, "data-provider").await;
        let cell = row
            .find(Locator::Css("[data-testid=provider-mtd]"))
            .await
            .expect("provider-mtd");
        let currency = attr(&cell, "data-currency").await;
        let expected = by_prov
            .get(&(provider.clone(), currency.clone(), month.to_string()))
            .map(|t| t.1)
            .unwrap_or_default();
        assert_eq!(
            amount(&attr(&cell, "data-amount").await),
            expected,
            "{provider} month to date in {currency}"
        );
    }

    // Billed cost.
    app.client
        .find(Locator::Css("[data-testid=metric-billed]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.wait_until("billed is the active metric", long, || async {
        let e = app
            .client
            .find(Locator::Css("[data-testid=metric-billed]"))
            .await;
        match e {
            Ok(e) => attr(&e, "aria-pressed").await == "true",
            Err(_) => false,
        }
    })
    .await;
    // The overview re-renders after the fetch; poll until the numbers match.
    let deadline = std::time::Instant::now() + long;
    loop {
        let card = app
            .wait_for("[data-testid=overview] [data-testid=kpi-mtd]", long)
            .await;
        let currency = attr(&card, "data-currency").await;
        let shown = amount(&attr(&card, "data-amount").await);
        if by_cur.get(&(currency, month.to_string())).map(|t| t.0) == Some(shown) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "billed figures never appeared"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    check_kpis(&app, &by_cur, month, false).await;

    // The other currency: its provider rows match the summary too.
    let tab = app
        .wait_for("[data-testid=currency-tab][data-currency=CNY]", long)
        .await;
    tab.click().await.unwrap();
    app.wait_until("the provider table shows CNY", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=provider-mtd]"))
            .await
        {
            Ok(e) => attr(&e, "data-currency").await == "CNY",
            Err(_) => false,
        }
    })
    .await;
    for row in app.all("[data-testid=provider-row]").await {
        let provider = attr(&row, "data-provider").await;
        let cell = row
            .find(Locator::Css("[data-testid=provider-mtd]"))
            .await
            .expect("provider-mtd");
        let key = (provider.clone(), "CNY".to_string(), month.to_string());
        let expected = by_prov.get(&key).map(|t| t.0).unwrap_or_default();
        assert_eq!(
            amount(&attr(&cell, "data-amount").await),
            expected,
            "{key:?} billed"
        );
    }

    // Hovering the daily chart reads out one day, once the forecast band
    // (which comes after the sums) has redrawn it.
    app.wait_until("the forecast band has loaded", long, || async {
        attr(
            &app.wait_for("[data-testid=band-note]", long).await,
            "data-state",
        )
        .await
            != "loading"
    })
    .await;
    app.wait_for("[data-testid=daily-chart] svg", long).await;
    app.client
        .execute(
            "document.querySelector('[data-testid=daily-chart]').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await
        .expect("scroll to the daily chart");
    let svg = app.wait_for("[data-testid=daily-chart] svg", long).await;
    let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: svg,
        duration: Some(Duration::from_millis(50)),
        x: 40,
        y: 0,
    });
    app.client
        .perform_actions(hover)
        .await
        .expect("pointer move");
    let tooltip = app.wait_for("[data-testid=chart-tooltip]", long).await;
    let text = tooltip.text().await.unwrap_or_default();
    assert!(
        text.contains("CN¥") || text.contains('¥'),
        "tooltip shows CNY amounts: {text:?}"
    );
    app.screenshot("overview-hover.png").await;

    // Chinese.
    let nav = app.wait_for("[data-testid=nav-overview]", long).await;
    assert_eq!(nav.text().await.unwrap().trim(), "Overview");
    let select = app.wait_for("[data-testid=lang-switch]", long).await;
    select.select_by_value("zh-CN").await.unwrap();
    app.wait_until("the navigation is in Chinese", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=nav-overview]"))
            .await
        {
            Ok(e) => e.text().await.map(|t| t.trim() == "概览").unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    app.screenshot("overview-zh.png").await;

    // Removing the demo data (with confirmation) empties the store.
    app.wait_for("[data-testid=demo-remove]", long).await;
    app.client
        .execute(
            "document.querySelector('[data-testid=demo-remove]').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await
        .expect("scroll to the demo banner");
    app.wait_for("[data-testid=demo-remove]", long)
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=confirm-ok]", long)
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=empty-state]", long).await;
    assert!(app.all("[data-testid=demo-banner]").await.is_empty());
    assert_eq!(app.cli_summary()["lines"].as_u64(), Some(0));
    app.screenshot("empty-after-demo-removed.png").await;
    app.close().await;
}
