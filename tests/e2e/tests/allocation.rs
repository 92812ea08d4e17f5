//! A user allocates cost to teams in the real app: finds the demo's own
//! rules (a team read from either spelling of the tag key, with a value read
//! from the tag itself), creates a virtual tag with two rules, previews what
//! it changes, saves it as a version, and reads the showback, whose untagged
//! row is always there and whose every amount equals `cloudlens explore
//! --group-by vtag:cloud-team` on the same store.

mod harness;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;
use harness::{attr, release_binary, App};
use rust_decimal::Decimal;

const TAG: &str = "cloud-team";

/// `YYYY-MM-01` of the month after `month`.
fn next_month(month: &str) -> String {
    let year: i32 = month[0..4].parse().expect("year");
    let m: u32 = month[5..7].parse().expect("month");
    let (year, m) = if m == 12 {
        (year + 1, 1)
    } else {
        (year, m + 1)
    };
    format!("{year:04}-{m:02}-01")
}

/// Effective cost per (team, currency) from the CLI, untagged as `None`.
fn cli_showback(app: &App, from: &str, to: &str) -> BTreeMap<(Option<String>, String), Decimal> {
    let out = std::process::Command::new(release_binary("cloudlens"))
        .arg("--db")
        .arg(&app.db)
        .args([
            "explore",
            "--group-by",
            &format!("vtag:{TAG}"),
            "--from",
            from,
            "--to",
            to,
        ])
        .args([
            "--granularity",
            "month",
            "--metric",
            "effective",
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
    let mut totals = BTreeMap::new();
    for row in json["rows"].as_array().expect("rows") {
        let team = row["groups"][format!("vtag:{TAG}")]
            .as_str()
            .map(str::to_string);
        let currency = row["currency"].as_str().expect("currency").to_string();
        let amount = Decimal::from_str(row["amount"].as_str().expect("amount")).expect("decimal");
        *totals.entry((team, currency)).or_insert(Decimal::ZERO) += amount;
    }
    totals
}

async fn within(parent: &Element, css: &str) -> Element {
    parent
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` inside its parent: {e}"))
}

/// Fills rule `index` (1-based): provider `op` `value` → `assigned`.
async fn fill_rule(app: &App, index: usize, op: &str, value: &str, assigned: &str) {
    let long = Duration::from_secs(20);
    let rule = app
        .wait_for(&format!("[data-testid=rule]:nth-child({index})"), long)
        .await;
    let condition = within(&rule, "[data-testid=condition]").await;
    within(&condition, "[data-testid=condition-dimension]")
        .await
        .select_by_value("provider")
        .await
        .expect("choose provider");
    // The row re-renders with the new dimension; find it again.
    let condition = within(&rule, "[data-testid=condition][data-dimension=provider]").await;
    within(&condition, "[data-testid=condition-op]")
        .await
        .select_by_value(op)
        .await
        .expect("choose operator");
    let condition = within(&rule, &format!("[data-testid=condition][data-op={op}]")).await;
    if op == "in" {
        let search = within(&condition, "[data-testid=value-search]").await;
        search.send_keys(value).await.expect("type value");
        search
            .send_keys(&Key::Enter.to_string())
            .await
            .expect("add value");
        within(&condition, "[data-testid=value-chip]").await;
    } else {
        within(&condition, "[data-testid=condition-text]")
            .await
            .send_keys(value)
            .await
            .expect("type text");
    }
    within(&rule, "[data-testid=rule-value]")
        .await
        .send_keys(assigned)
        .await
        .expect("type the value");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_user_allocates_cost_to_teams_and_reads_the_showback() {
    let app = App::launch(20_000).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    app.wait_for("[data-testid=nav-allocation]", long)
        .await
        .click()
        .await
        .expect("nav");
    app.wait_for("[data-testid=allocation-card]", long).await;

    // The demo starts with rules of its own: its team tag reads the value of
    // the resource's team tag, under either spelling of the key.
    app.wait_for("[data-testid=vtag-item][data-name=team]", long)
        .await;
    app.wait_for("[data-testid=vtag-item][data-name=environment]", long)
        .await;
    let read = app
        .wait_for("[data-testid=rule-source]", long)
        .await
        .prop("value")
        .await
        .ok()
        .flatten();
    assert_eq!(read.as_deref(), Some("tag:team"));
    app.wait_for("[data-testid=rule-falls-through]", long).await;
    app.screenshot("allocation-demo-rules.png").await;

    app.wait_for("[data-testid=vtag-add]", long)
        .await
        .click()
        .await
        .expect("add a virtual tag");
    app.wait_until("the new tag is the one being edited", long, || async {
        let name = app.wait_for("[data-testid=vtag-name]", long).await;
        name.prop("value").await.ok().flatten().as_deref() != Some("team")
    })
    .await;
    app.client
        .execute(
            "const e = document.querySelector('[data-testid=vtag-name]'); e.value = ''; e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await
        .expect("clear the name");
    let name = app.wait_for("[data-testid=vtag-name]", long).await;
    name.send_keys(TAG).await.expect("name the tag");
    fill_rule(&app, 1, "in", "AWS", "aws-team").await;
    app.wait_for("[data-testid=rule-add]", long)
        .await
        .click()
        .await
        .expect("add a rule");
    fill_rule(&app, 2, "starts_with", "Alibaba", "ali-team").await;
    assert!(
        app.all("[data-testid=rule-problem]").await.is_empty(),
        "the rules should be complete"
    );

    app.wait_for("[data-testid=rules-preview]", long)
        .await
        .click()
        .await
        .expect("preview");
    app.wait_for("[data-testid=preview-row][data-value=aws-team]", long)
        .await;
    app.screenshot("allocation-preview.png").await;

    app.wait_for("[data-testid=rules-note]", long)
        .await
        .send_keys("AWS and Alibaba teams")
        .await
        .expect("note");
    app.wait_for("[data-testid=rules-save]", long)
        .await
        .click()
        .await
        .expect("save");
    let saved = app.wait_for("[data-testid=rules-saved]", long).await;
    assert!(saved.text().await.unwrap_or_default().contains("version"));

    app.wait_for("[data-testid=allocation-tab][data-tab=showback]", long)
        .await
        .click()
        .await
        .expect("showback tab");
    app.wait_for("[data-testid=showback-tag]", long)
        .await
        .select_by_value(TAG)
        .await
        .expect("show the new tag");
    app.wait_for("[data-testid=showback-row][data-team=aws-team]", long)
        .await;
    app.wait_for("[data-testid=showback-row][data-untagged=true]", long)
        .await;
    let month = attr(
        &app.wait_for("[data-testid=showback-month]", long).await,
        "data-month",
    )
    .await;
    app.screenshot("allocation-showback.png").await;

    let mut shown: BTreeMap<(Option<String>, String), Decimal> = BTreeMap::new();
    for row in app.all("[data-testid=showback-row]").await {
        let team = attr(&row, "data-team").await;
        let team = (!team.is_empty()).then_some(team);
        let currency = attr(&row, "data-currency").await;
        let amount = attr(
            &within(&row, "[data-testid=showback-amount]").await,
            "data-amount",
        )
        .await;
        shown.insert(
            (team, currency),
            Decimal::from_str(&amount).expect("amount"),
        );
    }
    assert!(
        shown
            .keys()
            .any(|(team, _)| team.as_deref() == Some("aws-team")),
        "the AWS team has spend: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|((team, _), amount)| team.is_none() && !amount.is_zero()),
        "Azure, GCP, Tencent and Huawei stay untagged: {shown:?}"
    );

    let cli = cli_showback(&app, &month, &next_month(&month));
    for (key, amount) in &cli {
        assert_eq!(
            shown.get(key),
            Some(amount),
            "{key:?}: app {shown:?}, CLI {cli:?}"
        );
    }
    for (key, amount) in &shown {
        assert_eq!(
            cli.get(key).copied().unwrap_or(Decimal::ZERO),
            *amount,
            "{key:?} only in the app"
        );
    }

    // The version is kept with its note.
    app.wait_for("[data-testid=allocation-tab][data-tab=history]", long)
        .await
        .click()
        .await
        .expect("history tab");
    // The note cell is cut short with an ellipsis when long, and
    // WebKitWebDriver reads such text as empty: compare the row's content.
    let row = app.wait_for("[data-testid=version-row]", long).await;
    let content = row
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(
        content.contains("AWS and Alibaba teams"),
        "the saved version shows its note: {content}"
    );
    app.screenshot("allocation-history.png").await;
    app.close().await;
}
