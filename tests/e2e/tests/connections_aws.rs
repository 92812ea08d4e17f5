//! A user connects one AWS account twice in the real app, against the AWS
//! mock on 127.0.0.1 (every request's SigV4 signature verified): once with
//! its bills from the CUR 2.0 export in an S3 bucket (the route chosen in
//! the form, with the bucket, prefix and the mock's endpoint), once through
//! Cost Explorer. Both sync; the spend added is the mock's own month totals
//! once, not twice; "Where each month comes from" shows the export counted
//! and the daily summary kept aside, and choosing the bill API for AWS
//! swaps them with the spend unchanged.

mod connect;
mod harness;

use std::str::FromStr;
use std::time::Duration;

use cloudlens_mockcloud::aws::start_aws;
use cloudlens_mockcloud::cents_text;
use connect::{account, added, test_result, type_endpoint};
use harness::{attr, App};
use rust_decimal::Decimal;

const KEY_ID: &str = "AKIAMOCKREADONLYKEY01";
const SECRET: &str = "mock/secret+8f2b61c0a9d34e7f0b1c2d3e4f";

/// Fills the add form for AWS, with the bucket route when `bucket` is
/// true, and submits it; the form then tests the connection by itself.
async fn add_aws(app: &App, name: &str, bucket: bool, endpoint: &str) {
    app.click("[data-testid=add-provider-aws]").await;
    app.wait_for(
        "[data-testid=policy-guide][data-provider=aws] [data-testid=policy-document]",
        Duration::from_secs(60),
    )
    .await;
    app.type_into("add-name", name).await;
    app.type_into("add-key-id", KEY_ID).await;
    app.type_into("add-secret", SECRET).await;
    if bucket {
        app.click("[data-testid=add-source-bucket]").await;
        app.type_into("add-bucket", "cloudlens-billing").await;
        app.type_into("add-prefix", "exports").await;
    } else {
        app.click("[data-testid=add-source-api]").await;
    }
    type_endpoint(app, endpoint).await;
    app.click("[data-testid=add-submit]").await;
    let result = test_result(app, name).await;
    assert_eq!(result.state, "ok", "test of {name}: {}", result.text);
}

/// The AWS rows of "Where each month comes from", as (month, counted route).
async fn counted(app: &App) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for row in app
        .all("[data-testid=period-source-row][data-provider=AWS]")
        .await
    {
        out.push((
            attr(&row, "data-month").await,
            attr(&row, "data-counted").await,
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver, Xvfb and a keyring (run by .ci/run)"]
async fn a_user_syncs_aws_from_its_bucket_export_and_chooses_the_source_of_each_month() {
    let account = account("USD");
    let months = account.months();
    let expected_cents: i64 = months.iter().map(|m| account.month_cents(m)).sum();
    let expected = Decimal::from_str(&cents_text(expected_cents)).expect("expected total");
    let mock = start_aws(account, KEY_ID, SECRET).expect("start the AWS mock");
    let endpoint = mock.endpoint();

    let app = App::launch(20_000).await;
    let long = Duration::from_secs(120);
    app.wait_for("[data-testid=overview]", long).await;
    app.click("[data-testid=nav-data-sources]").await;
    app.wait_for("[data-testid=connections-empty]", long).await;
    let before = app.cli_summary();

    add_aws(&app, "aws-cur", true, &endpoint).await;
    connect::sync_and_watch(&app, "aws-cur", "connections-aws-sync.png").await;
    add_aws(&app, "aws-ce", false, &endpoint).await;
    connect::sync_and_watch(&app, "aws-ce", "connections-aws-ce-sync.png").await;
    assert_eq!(
        mock.stats().bad_signatures,
        0,
        "the mock refused a signature"
    );

    let spend = |summary: &serde_json::Value| {
        let added = added(&before, summary);
        assert_eq!(added.len(), 1, "spend changed elsewhere: {added:?}");
        let ((provider, currency), amount) = added.into_iter().next().expect("one change");
        assert_eq!((provider.as_str(), currency.as_str()), ("AWS", "USD"));
        amount
    };
    assert_eq!(
        spend(&app.cli_summary()),
        expected,
        "each month counted once"
    );

    // Every month of the account, the export counted.
    let all_bucket: Vec<(String, String)> = months
        .iter()
        .map(|m| (m.clone(), "bucket".to_string()))
        .collect();
    app.wait_until("every month's sources are listed", long, || async {
        counted(&app).await.len() == months.len()
    })
    .await;
    let mut shown = counted(&app).await;
    shown.sort();
    assert_eq!(shown, all_bucket);
    app.screenshot("connections-aws-sources.png").await;

    // The user prefers the bill API for AWS: every month swaps, nothing is
    // fetched again and the spend stays the month totals.
    let requests = mock.stats().requests;
    app.choose("[data-testid=source-preference][data-provider=AWS]", "api")
        .await;
    app.wait_until("the bill API is counted", long, || async {
        let now = counted(&app).await;
        now.len() == months.len() && now.iter().all(|(_, route)| route == "api")
    })
    .await;
    assert_eq!(mock.stats().requests, requests, "choosing fetched nothing");
    assert_eq!(spend(&app.cli_summary()), expected, "still counted once");

    app.choose("[data-testid=source-preference][data-provider=AWS]", "auto")
        .await;
    app.wait_until("the export is counted again", long, || async {
        counted(&app)
            .await
            .iter()
            .all(|(_, route)| route == "bucket")
    })
    .await;
    assert_eq!(spend(&app.cli_summary()), expected);
    app.close().await;
}
