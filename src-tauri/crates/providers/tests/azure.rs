//! The Azure client against the Azure mock over real HTTP: tokens issued
//! by the mock's identity platform, cached, renewed before they expire and
//! replaced when the service calls them expired; write actions refused
//! before anything is sent; query rows and totals equal to the account's
//! across `nextLink` pages; throttling with the service's waits; the
//! export's manifest and blobs found and streamed in every encoding, a
//! rerun restating its period; inventory and CPU read.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_mockcloud::azure::{
    month_cents, resource_id, start_azure_with, subscription_id, AzureMock, BlobFormat, ExportSpec,
    ExportType, Tokens,
};
use cloudlens_mockcloud::{Account, AccountSpec, BillItem, Faults, MockCloud};
use cloudlens_model::Decimal;
use cloudlens_providers::bucket::newest_per_period;
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ErrorKind, InventoryKind, ProviderKind,
    Site, Window,
};
use zeroize::Zeroizing;

const TENANT: &str = "72f988bf-0000-4000-8000-00000000aaaa";
const CLIENT_ID: &str = "0f1e2d3c-0000-4000-8000-00000000bbbb";
const SECRET: &str = "mock~azure~client~secret~0000000000000001";

static NOW: AtomicI64 = AtomicI64::new(1_749_945_600); // 2025-06-15

fn clock() -> i64 {
    NOW.load(Ordering::SeqCst)
}

fn account() -> Account {
    Account::generate(&AccountSpec {
        seed: 11,
        resources: 30,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        days: 59,
        currency: "USD".into(),
    })
}

fn mock(export: ExportSpec) -> AzureMock {
    AzureMock::new(TENANT, CLIENT_ID, SECRET).with_export(export)
}

fn start(m: AzureMock) -> MockCloud {
    let m = start_azure_with(account(), m).unwrap_or_else(|e| panic!("{e}"));
    m.set_clock(clock);
    m
}

fn billing_scope() -> String {
    format!(
        "providers/Microsoft.Billing/billingAccounts/{}",
        account().billing_account
    )
}

fn client_with(mock: &MockCloud, secret: &str, extra: ConnectionExtras) -> Client {
    Client::new(
        ClientConfig {
            kind: ProviderKind::Azure,
            credentials: Credentials {
                key_id: format!("{TENANT}/{CLIENT_ID}"),
                secret: Zeroizing::new(secret.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::International,
            timeout: Duration::from_secs(10),
            clock,
            extra,
        },
        reqwest::Client::new(),
    )
}

fn client(mock: &MockCloud) -> Client {
    client_with(
        mock,
        SECRET,
        ConnectionExtras {
            role_arn: Some(billing_scope()),
            bucket: Some("cloudlensbilling/cost-exports".into()),
            prefix: Some("costs/".into()),
            ..ConnectionExtras::default()
        },
    )
}

fn actual_csv_gz() -> ExportSpec {
    ExportSpec::new(ExportType::ActualCost, BlobFormat::CsvGzip)
}

/// The account's total of `month`, exact.
fn cents_of(month: &str) -> Decimal {
    month_cents(&account(), month)
        .parse()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn requests(mock: &MockCloud, action: &str) -> u64 {
    mock.stats().by_action.get(action).copied().unwrap_or(0)
}

fn window(month: &str) -> Window {
    Window {
        billing_account: account().billing_account,
        month: month.into(),
        day: None,
    }
}

#[tokio::test]
async fn write_actions_are_refused_before_anything_is_sent() {
    let m = start(mock(actual_csv_gz()));
    let c = client(&m);
    for action in [
        "storage:PutBlob",
        "storage:DeleteBlob",
        "compute:DeleteVirtualMachine",
        "costmanagement:CreateOrUpdateExport",
        "resources:DeleteResourceGroup",
        "identity:ClientCredentialsToken ",
    ] {
        let e = c
            .call_raw(action, &[("Path", "/subscriptions/x")])
            .await
            .err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::NotAllowed), "{action}");
    }
    assert_eq!(
        m.stats().requests,
        0,
        "the mock saw nothing, not even a token request"
    );
    assert!(Client::allowed_actions(ProviderKind::Azure).contains(&"costmanagement:Query"));
    let guide = Client::policy_guide(ProviderKind::Azure);
    assert_eq!(
        guide.managed_policies,
        [
            "Reader",
            "Cost Management Reader",
            "Storage Blob Data Reader"
        ]
    );
}

#[tokio::test]
async fn a_token_is_cached_renewed_before_expiry_and_replaced_when_refused() {
    let tokens: Tokens;
    let m = {
        let az = mock(actual_csv_gz());
        tokens = az.tokens();
        start(az)
    };
    let c = client(&m);
    let info = c.check().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.billing_account, account().billing_account);
    assert_eq!(info.name.as_deref(), Some("CloudLens Test Co."));
    c.check().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(requests(&m, "identity:ClientCredentialsToken"), 1, "cached");

    // The service calls the token expired (revoked, or its clock ahead):
    // ARM's 401, then a fresh token and the same request once more.
    tokens.expire_all(clock());
    c.check().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.stats().bad_signatures, 1);
    assert_eq!(tokens.issued(), 2);

    // Within five minutes of its expiry the client asks for a new one itself.
    NOW.fetch_add(3_400, Ordering::SeqCst);
    let before = m.stats().bad_signatures;
    c.check().await.unwrap_or_else(|e| panic!("{e}"));
    NOW.fetch_sub(3_400, Ordering::SeqCst);
    assert_eq!(tokens.issued(), 3);
    assert_eq!(
        m.stats().bad_signatures,
        before,
        "never sent an expired token"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_the_identity_platforms_refusal_and_never_shown() {
    let m = start(mock(actual_csv_gz()));
    let wrong = "not-the-secret-5e1d";
    let c = client_with(
        &m,
        wrong,
        ConnectionExtras {
            role_arn: Some(billing_scope()),
            ..ConnectionExtras::default()
        },
    );
    let e = c.check().await.err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(e.kind, ErrorKind::CredentialsRejected);
    assert_eq!(e.code.as_deref(), Some("invalid_client"));
    assert!(e.message.contains("AADSTS7000215"), "{}", e.message);
    assert!(!e.message.contains(wrong) && !format!("{e:?}").contains(wrong));
}

#[tokio::test]
async fn query_pages_add_up_to_the_account_to_the_cent() {
    let m = start(mock(actual_csv_gz()));
    m.set_page_size(7);
    let c = client(&m);
    let mut cursor: Option<String> = None;
    let (mut total, mut pages, mut lines) = (Decimal::ZERO, 0, 0);
    loop {
        let page = c
            .bill_page(&window("2025-01"), cursor.as_deref())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        pages += 1;
        lines += page.lines.len();
        total += page.lines.iter().map(|l| l.billed_cost).sum::<Decimal>();
        assert!(page
            .lines
            .iter()
            .all(|l| l.dims.provider_name == "Microsoft"
                && l.dims.billing_account_id == account().billing_account));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert!(pages > 3, "{pages}");
    assert!(lines >= 31, "{lines}");
    assert_eq!(total, cents_of("2025-01"));
    let sums = c
        .month_total("2025-02")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].currency, "USD");
    assert_eq!(sums[0].billed, cents_of("2025-02"));

    // A nextLink off Resource Manager's host is not followed (the token would go with it).
    let before = m.stats().requests;
    let e = c
        .month_total_page(
            "2025-01",
            Some("https://elsewhere.example/steal?$skiptoken=1"),
        )
        .await
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::BadResponse));
    assert_eq!(m.stats().requests, before);
}

#[tokio::test]
async fn throttled_answers_carry_the_services_wait() {
    let m = start(mock(actual_csv_gz()));
    let c = client(&m);
    // Both tokens first: the token endpoint throttles in its own shape.
    c.check().await.unwrap_or_else(|e| panic!("{e}"));
    c.list_objects(None).await.unwrap_or_else(|e| panic!("{e}"));
    m.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    let e = c
        .month_total_page("2025-01", None)
        .await
        .err()
        .unwrap_or_else(|| panic!("ok"));
    assert_eq!(e.kind, ErrorKind::Throttled);
    assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
    let e = c
        .inventory_page(InventoryKind::Instance, "global", None)
        .await
        .err()
        .unwrap_or_else(|| panic!("ok"));
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Throttled, Some("RateLimiting"))
    );
    let e = c
        .list_objects(None)
        .await
        .err()
        .unwrap_or_else(|| panic!("ok"));
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Throttled, Some("ServerBusy"))
    );
    m.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let e = c
        .month_total_page("2025-01", None)
        .await
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::ServerError));
}

/// Lists the export, reads its manifests and streams every blob of the
/// newest delivery of each period.
async fn deliveries(m: &MockCloud, c: &Client) -> Vec<cloudlens_providers::bucket::Delivery> {
    let mut objects = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = c
            .list_objects(cursor.as_deref())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        objects.extend(page.objects);
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let mut out = Vec::new();
    for manifest in c.manifests(&objects) {
        let (bytes, _) = c
            .read_object(&manifest.key)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        out.push(
            c.delivery(&manifest, &bytes, &objects)
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    assert_eq!(m.stats().bad_signatures, 0);
    newest_per_period(out)
}

#[tokio::test]
async fn the_export_is_found_and_streamed_in_every_encoding() {
    for format in [BlobFormat::Csv, BlobFormat::CsvGzip, BlobFormat::Parquet] {
        let mut spec = ExportSpec::new(ExportType::ActualCost, format);
        spec.rows_per_file = 400;
        let m = start(mock(spec));
        m.set_page_size(3);
        let c = client(&m);
        let ds = deliveries(&m, &c).await;
        assert_eq!(
            ds.iter().map(|d| d.period.as_str()).collect::<Vec<_>>(),
            ["2025-01", "2025-02"],
            "{format:?}"
        );
        assert_eq!(ds[0].files.len(), 3, "930 rows in files of 400");
        let file = &ds[0].files[0];
        let mut body = c
            .open_object(&file.key)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut bytes = Vec::new();
        while let Some(chunk) = body.chunk().await.unwrap_or_else(|e| panic!("{e}")) {
            bytes.extend(chunk);
        }
        assert_eq!(bytes.len() as u64, file.size);
        match format {
            BlobFormat::Csv => assert!(bytes.starts_with(b"BillingAccountId,")),
            BlobFormat::CsvGzip => assert_eq!(&bytes[..2], [0x1f, 0x8b]),
            BlobFormat::Parquet => assert_eq!(&bytes[..4], b"PAR1"),
        }
        assert!(ds[0].id.starts_with("ActualCost:"));
    }
    // Storage takes its own token; Resource Manager was never asked.
    let m = start(mock(actual_csv_gz()));
    let c = client(&m);
    c.list_objects(None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(requests(&m, "identity:ClientCredentialsToken"), 1);
    assert_eq!(m.stats().requests, 2);
}

#[tokio::test]
async fn a_rerun_restates_its_period_and_the_newest_run_wins() {
    let m = start(mock(actual_csv_gz()));
    let c = client(&m);
    let before = deliveries(&m, &c).await;
    m.with_account(|a| {
        a.adjustments.push(BillItem {
            resource: 2,
            day: NaiveDate::from_ymd_opt(2025, 1, 9).unwrap_or_default(),
            cents: 1_234,
        })
    });
    let after = deliveries(&m, &c).await;
    assert_ne!(before[0].signature(), after[0].signature());
    assert_eq!(
        before[1].signature(),
        after[1].signature(),
        "February is untouched"
    );
    assert!(after[0].delivered_at > before[0].delivered_at);
}

#[tokio::test]
async fn inventory_pages_and_cpu_are_read() {
    let m = start(mock(actual_csv_gz()));
    m.set_page_size(4);
    let c = client(&m);
    assert_eq!(c.regions().await.unwrap_or_default(), ["global"]);
    let mut vms = Vec::new();
    for kind in c.inventory_kinds() {
        let mut cursor: Option<String> = None;
        loop {
            let page = c
                .inventory_page(*kind, "global", cursor.as_deref())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            if *kind == InventoryKind::Instance {
                vms.extend(page.items.clone());
            }
            match page.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
    }
    let a = account();
    let expected: Vec<String> = a
        .resources
        .iter()
        .filter(|r| r.kind == cloudlens_mockcloud::ResourceKind::Instance)
        .map(|r| resource_id(&a, r))
        .collect();
    let mut got: Vec<String> = vms.iter().map(|r| r.id.clone()).collect();
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want, "ids lower-cased as the export writes them");
    assert!(vms[0]
        .id
        .starts_with(&format!("/subscriptions/{}/", subscription_id(&a))));
    let day = |d| NaiveDate::from_ymd_opt(2025, 6, d).unwrap_or_default();
    let points = c
        .utilisation("global", &expected[..2], day(12), day(15))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!points.is_empty() && points.len() <= 6, "{points:?}");
    assert_eq!(
        requests(&m, "monitor:ListMetrics"),
        2,
        "one machine a request"
    );
}

#[tokio::test]
async fn without_a_scope_the_one_readable_subscription_is_used() {
    let m = start(mock(actual_csv_gz()));
    let c = client_with(&m, SECRET, ConnectionExtras::default());
    let info = c.check().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.billing_account, subscription_id(&account()));
    assert_eq!(info.name.as_deref(), Some("CloudLens Production"));
    let total = c
        .month_total("2025-01")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(total[0].billed, cents_of("2025-01"));
    assert_eq!(requests(&m, "resources:ListSubscriptions"), 1, "found once");
}
