//! Every page of the navigation, on the demo, in both languages and both
//! themes: each opens without an error and is photographed once it has
//! finished loading, at its top whatever the scroll of the page before, for
//! a person to look at (`tests/artifacts/page-*`).

mod harness;

use std::time::Duration;

use harness::App;

const LONG: Duration = Duration::from_secs(90);

/// Each page's navigation id and the element that says it is on screen.
const PAGES: &[(&str, &str)] = &[
    ("overview", "overview"),
    ("explorer", "explorer-page"),
    ("anomalies", "anomalies-page"),
    ("budgets", "budgets-page"),
    ("alerts", "alerts-page"),
    ("forecast", "forecast-page"),
    ("allocation", "allocation-page"),
    ("recommendations", "recommendations-page"),
    ("reports", "reports-page"),
    ("audit", "audit-page"),
    ("currency", "currency-page"),
    ("data-sources", "data-sources"),
    ("settings", "settings-page"),
];

/// The main column's scroll position.
async fn scroll_top(app: &App, set: Option<u32>) -> u64 {
    let script = match set {
        Some(v) => format!("const c = document.querySelector('[data-testid=main-column]'); c.scrollTop = {v}; return c.scrollTop;"),
        None => "return document.querySelector('[data-testid=main-column]').scrollTop;".to_string(),
    };
    let top = app
        .client
        .execute(&script, vec![])
        .await
        .expect("scrollTop");
    top.as_f64().unwrap_or(f64::NAN) as u64
}

/// Opens `page` from the bottom of the page `from` on screen: another page
/// opens at its top.
async fn open(app: &App, from: &str, page: &str, marker: &str) {
    scroll_top(app, Some(100_000)).await;
    app.wait_for(&format!("[data-testid=nav-{page}]"), LONG)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("open {page}: {e}"));
    // Not `wait_for`, which scrolls what it finds into view.
    let marker = format!("[data-testid={marker}]");
    app.wait_until(&format!("{page} finishes loading"), LONG, || async {
        !app.all(&marker).await.is_empty() && app.all("[data-testid$=-loading]").await.is_empty()
    })
    .await;
    // Charts fade in after their data arrives.
    tokio::time::sleep(Duration::from_millis(600)).await;
    if from != page {
        assert_eq!(scroll_top(app, None).await, 0, "{page} opens at its top");
    }
}

async fn no_error(app: &App, page: &str, variant: &str) {
    for e in app.all("[data-testid$=-error], [role=alert]").await {
        let shown = e.is_displayed().await.unwrap_or(false);
        let text = e.text().await.unwrap_or_default();
        assert!(
            !shown || text.trim().is_empty(),
            "{page} ({variant}) shows an error: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn every_page_opens_without_an_error_in_both_languages_and_themes() {
    let app = App::launch_converted(20_000).await;
    app.wait_for("[data-testid=overview]", LONG).await;
    let mut on = "overview";
    for theme in ["light", "dark"] {
        open(&app, on, "settings", "settings-page").await;
        on = "settings";
        app.choose("[data-testid=theme-switch]", theme).await;
        for (lang, overview) in [("en", "Overview"), ("zh-CN", "概览")] {
            app.set_language(lang, overview).await;
            let variant = format!("{}-{theme}", if lang == "en" { "en" } else { "zh" });
            for (page, marker) in PAGES {
                open(&app, on, page, marker).await;
                on = page;
                no_error(&app, page, &variant).await;
                app.screenshot(&format!("page-{page}-{variant}.png")).await;
            }
        }
    }
    app.close().await;
}
