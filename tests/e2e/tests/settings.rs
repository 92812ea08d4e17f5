//! Settings in the real app: updates offline until the user answers, no
//! update key in a development build said plainly, the store check run on
//! the real store, and the alert interval, keep-in-tray and savings
//! thresholds saved and read back; the theme chosen over the system's and
//! kept across a restart; in both languages and both themes.

mod harness;

use std::time::Duration;

use fantoccini::Locator;
use harness::App;

/// The page's theme and background colour as the webview computes them.
async fn page_theme(app: &App) -> (String, String) {
    let v = app
        .client
        .execute(
            "return [document.documentElement.dataset.theme || '', getComputedStyle(document.body).backgroundColor]",
            vec![],
        )
        .await
        .expect("theme");
    let s = |i: usize| v[i].as_str().unwrap_or_default().to_string();
    (s(0), s(1))
}

/// On a light system: dark chosen in Settings applies at once and is still
/// there after a restart (before the bundle runs, so the first frame is
/// dark too); "same as the system" goes back to light.
async fn theme_over_the_system(app: App) -> App {
    let long = Duration::from_secs(120);
    assert_eq!(page_theme(&app).await.0, "light");
    app.wait_for("[data-testid=theme-switch]", long)
        .await
        .select_by_value("dark")
        .await
        .expect("dark");
    let (theme, background) = page_theme(&app).await;
    assert_eq!(theme, "dark");
    assert_eq!(background, "rgb(13, 14, 17)", "the dark page colour");
    app.screenshot("settings-theme-chosen-dark.png").await;

    let app = app.restart(&[]).await;
    app.wait_for("[data-testid=overview]", long).await;
    assert_eq!(page_theme(&app).await.0, "dark", "kept across a restart");
    app.wait_for("[data-testid=nav-settings]", long)
        .await
        .click()
        .await
        .expect("nav");
    app.wait_for("[data-testid=theme-switch]", long)
        .await
        .select_by_value("system")
        .await
        .expect("system");
    assert_eq!(
        page_theme(&app).await,
        ("light".into(), "rgb(247, 247, 248)".into())
    );
    app
}

async fn settings_in(theme: &str, env: &[(&str, &str)]) {
    let app = App::launch_with(2_000, env).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    assert!(
        app.all("[data-testid=boot-screen]").await.is_empty(),
        "the boot screen gives way to the app"
    );
    app.wait_for("[data-testid=nav-settings]", long)
        .await
        .click()
        .await
        .expect("nav");
    app.wait_for("[data-testid=settings-page]", long).await;
    // First run: asked once, and nothing goes out until answered.
    app.wait_for("[data-testid=update-ask]", long).await;
    let note = app
        .wait_for("[data-testid=update-offline-note]", long)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(note.contains("no network call"), "{note}");
    let check_now = app.wait_for("[data-testid=update-check-now]", long).await;
    assert!(!check_now.is_enabled().await.unwrap_or(true));
    app.wait_for("[data-testid=update-ask-no]", long)
        .await
        .click()
        .await
        .expect("stay offline");
    app.wait_until("the question is answered", long, || async {
        app.all("[data-testid=update-ask]").await.is_empty()
    })
    .await;

    app.wait_for("[data-testid=check-store]", long)
        .await
        .click()
        .await
        .expect("check");
    let result = app.wait_for("[data-testid=check-result]", long).await;
    let items = result
        .find_all(Locator::Css("[data-testid=check-item]"))
        .await
        .expect("check items");
    assert!(items.len() >= 5, "{} checks", items.len());
    assert!(result
        .text()
        .await
        .unwrap_or_default()
        .contains("Every check passed."));
    app.scroll_to("updates-card").await;
    app.screenshot(&format!("settings-en-{theme}.png")).await;

    // Alerts every 15 minutes, kept in the tray: saved in the store, read
    // back when the page opens again.
    app.wait_for("[data-testid=alert-every]", long)
        .await
        .select_by_value("15")
        .await
        .expect("every 15 minutes");
    let tray = app.wait_for("[data-testid=alert-tray]", long).await;
    if !tray.is_selected().await.unwrap_or(false) {
        tray.click().await.expect("keep in tray");
    }
    app.wait_for("[data-testid=alert-settings-save]", long)
        .await
        .click()
        .await
        .expect("save");
    app.wait_for("[data-testid=alert-settings-saved]", long)
        .await;
    app.wait_for("[data-testid=threshold-min_monthly_saving]", long)
        .await
        .send_keys("5")
        .await
        .expect("type a saving");
    app.wait_for("[data-testid=recs-thresholds-save]", long)
        .await
        .click()
        .await
        .expect("save thresholds");
    app.wait_for("[data-testid=recs-thresholds-saved]", long)
        .await;
    for nav in ["nav-overview", "nav-settings"] {
        app.wait_for(&format!("[data-testid={nav}]"), long)
            .await
            .click()
            .await
            .expect("nav");
    }
    let every = app.wait_for("[data-testid=alert-every]", long).await;
    app.wait_until("the interval is read back", long, || async {
        every.prop("value").await.ok().flatten().as_deref() == Some("15")
    })
    .await;
    assert!(app
        .wait_for("[data-testid=alert-tray]", long)
        .await
        .is_selected()
        .await
        .unwrap_or(false));
    app.scroll_to("alert-settings-card").await;
    app.screenshot(&format!("settings-alerts-en-{theme}.png"))
        .await;
    // The ended-projects editor with a row being added, for the screenshots.
    app.scroll_to("ended-projects").await;
    app.wait_for("[data-testid=ended-add]", long)
        .await
        .click()
        .await
        .expect("add an ended project");
    // A new row names the usual tag key; its value is the project.
    let key = app.wait_for("[data-testid=ended-tag-key]", long).await;
    assert_eq!(
        key.prop("value").await.ok().flatten().as_deref(),
        Some("project")
    );
    app.wait_for("[data-testid=ended-tag-value]", long)
        .await
        .send_keys("apollo")
        .await
        .expect("type a tag value");
    app.screenshot(&format!("settings-savings-en-{theme}.png"))
        .await;

    let select = app.wait_for("[data-testid=lang-switch]", long).await;
    select.select_by_value("zh-CN").await.expect("zh-CN");
    app.wait_until("the page is in Chinese", long, || async {
        match app
            .client
            .find(Locator::Css("[data-testid=update-from-file]"))
            .await
        {
            Ok(e) => e
                .text()
                .await
                .map(|t| t.contains("从文件更新"))
                .unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    app.scroll_to("updates-card").await;
    app.screenshot(&format!("settings-zh-{theme}.png")).await;
    app.scroll_to("alert-settings-card").await;
    app.screenshot(&format!("settings-alerts-zh-{theme}.png"))
        .await;
    app.scroll_to("ended-projects").await;
    app.screenshot(&format!("settings-savings-zh-{theme}.png"))
        .await;
    let app = if theme == "light" {
        theme_over_the_system(app).await
    } else {
        app
    };
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn settings_updates_and_backups_in_both_languages_and_themes() {
    settings_in("light", &[]).await;
    settings_in("dark", &[("GTK_THEME", "Adwaita:dark")]).await;
}
