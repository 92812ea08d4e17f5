//! The Google Cloud client against the Google mock over real HTTP: the
//! service account's JWT verified by the mock with the key's public half
//! and the token cached until shortly before it expires; calls outside the
//! allow-list and statements the client did not build refused before
//! anything is sent; the export's days and totals equal to the account's
//! through paging and job polling, in both export tables and for a subset
//! of projects; inventory and CPU read; Google's throttling and failures
//! named.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_mockcloud::gcp::{
    self, generate_key, service_account_json, start_gcp_with, GcpMock, DETAILED_TABLE, PROJECTS,
    STANDARD_TABLE,
};
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_model::Decimal;
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ErrorKind, InventoryKind, ProviderKind,
    Site, Window,
};
use zeroize::Zeroizing;

const EMAIL: &str = "cloudlens-reader@billing-admin-4410.iam.gserviceaccount.com";

fn clock() -> i64 {
    1_749_945_600 // 2025-06-15
}

static MOVING: AtomicI64 = AtomicI64::new(1_749_945_600);

fn moving_clock() -> i64 {
    MOVING.load(Ordering::SeqCst)
}

fn account() -> Account {
    Account::generate(&AccountSpec {
        seed: 11,
        resources: 30,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        days: 31,
        currency: "USD".into(),
    })
}

fn key_json(token_uri: Option<&str>) -> String {
    let key = generate_key().unwrap_or_else(|e| panic!("{e}"));
    service_account_json(EMAIL, PROJECTS[0], &key.pem, token_uri)
}

fn start(mock: GcpMock, clock: fn() -> i64) -> MockCloud {
    let m = start_gcp_with(account(), mock).unwrap_or_else(|e| panic!("{e}"));
    m.set_clock(clock);
    m
}

fn mock() -> GcpMock {
    let key = generate_key().unwrap_or_else(|e| panic!("{e}"));
    GcpMock::new(EMAIL, key.public_der)
}

fn extras(table: &str, projects: &[&str]) -> ConnectionExtras {
    ConnectionExtras {
        billing_table: Some(table.into()),
        projects: projects.iter().map(|p| p.to_string()).collect(),
        ..ConnectionExtras::default()
    }
}

fn client_with(
    mock: &MockCloud,
    secret: String,
    extra: ConnectionExtras,
    clock: fn() -> i64,
) -> Client {
    Client::new(
        ClientConfig {
            kind: ProviderKind::Gcp,
            credentials: Credentials {
                key_id: EMAIL.into(),
                secret: Zeroizing::new(secret),
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

fn client(mock: &MockCloud, extra: ConnectionExtras) -> Client {
    client_with(mock, key_json(None), extra, clock)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn calls(mock: &MockCloud, action: &str) -> u64 {
    mock.stats().by_action.get(action).copied().unwrap_or(0)
}

/// Every day window of January, added up.
fn january(c: &Client, rt: &tokio::runtime::Runtime) -> (Decimal, usize) {
    let mut total = Decimal::ZERO;
    let mut lines = 0;
    for d in 1..=31 {
        let window = Window {
            billing_account: gcp::billing_account_id().into(),
            month: "2025-01".into(),
            day: NaiveDate::from_ymd_opt(2025, 1, d),
        };
        let mut cursor: Option<String> = None;
        loop {
            let page = rt
                .block_on(c.bill_page(&window, cursor.as_deref()))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!page.request_id.is_empty());
            lines += page.lines.len();
            total += page.lines.iter().map(|l| l.billed_cost).sum::<Decimal>();
            match page.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
    }
    (total, lines)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

#[test]
fn the_token_is_verified_by_the_mock_and_cached_until_near_expiry() {
    let m = start(mock(), moving_clock);
    let mock_uri = format!("{}/token", m.endpoint());
    // The key's own token_uri is honoured.
    let secret = service_account_json(
        EMAIL,
        PROJECTS[0],
        &generate_key().unwrap_or_else(|e| panic!("{e}")).pem,
        Some(&mock_uri),
    );
    let c = client_with(&m, secret, extras(DETAILED_TABLE, &[]), moving_clock);
    let rt = rt();
    let info = rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.billing_account, "01A2B3-C4D5E6-F7A8B9");
    rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(calls(&m, "oauth2.token"), 1, "a fresh token is reused");
    MOVING.fetch_add(3_400, Ordering::SeqCst); // 199 s before it expires
    rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        calls(&m, "oauth2.token"),
        2,
        "a token about to expire is replaced"
    );
    assert_eq!(m.stats().bad_signatures, 0);
}

#[test]
fn a_key_the_mock_does_not_know_is_rejected_by_its_signature() {
    let m = start(mock(), clock);
    let other = gcp::make_key().unwrap_or_else(|e| panic!("{e}"));
    let secret = service_account_json(EMAIL, PROJECTS[0], &other.pem, None);
    let c = client_with(&m, secret, extras(DETAILED_TABLE, &[]), clock);
    let e = rt().block_on(c.check()).err();
    assert_eq!(
        e.as_ref().map(|e| e.kind),
        Some(ErrorKind::CredentialsRejected)
    );
    assert!(!e
        .map(|e| e.message)
        .unwrap_or_default()
        .contains("PRIVATE KEY"));
    assert_eq!(m.stats().bad_signatures, 1);
    assert_eq!(calls(&m, "bigquery.jobs.query"), 0);

    let c = client_with(
        &m,
        "not a key file".into(),
        extras(DETAILED_TABLE, &[]),
        clock,
    );
    let e = rt().block_on(c.check()).err().map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::CredentialsRejected));
}

#[test]
fn writes_and_foreign_statements_are_refused_before_anything_is_sent() {
    let m = start(mock(), clock);
    let c = client(&m, extras(DETAILED_TABLE, &[]));
    let rt = rt();
    for action in [
        "compute.instances.delete",
        "compute.instances.insert",
        "bigquery.jobs.insert",
        "bigquery.tables.delete",
        "bigquery.datasets.update",
        "storage.objects.create",
    ] {
        let e = rt.block_on(c.call_raw(action, &[("Project", PROJECTS[0])]));
        assert_eq!(
            e.err().map(|e| e.kind),
            Some(ErrorKind::NotAllowed),
            "{action}"
        );
    }
    let table = DETAILED_TABLE;
    for query in [
        format!("DELETE FROM `{table}` WHERE TRUE"),
        format!("DROP TABLE `{table}`"),
        format!("INSERT INTO `{table}` (cost) VALUES (1)"),
        format!("SELECT * FROM `{table}`"),
        format!("UPDATE `{table}` SET cost = 0 WHERE TRUE"),
    ] {
        let body = serde_json::json!({"query": query, "useLegacySql": false}).to_string();
        let e = rt.block_on(c.call_raw(
            "bigquery.jobs.query",
            &[("Project", "billing-admin-4410"), ("Body", &body)],
        ));
        assert_eq!(
            e.err().map(|e| e.kind),
            Some(ErrorKind::NotAllowed),
            "{query}"
        );
    }
    assert_eq!(
        m.stats().requests,
        0,
        "the mock saw nothing, not even a token request"
    );
}

#[test]
fn the_detailed_export_pages_polls_and_reconciles_to_the_cent() {
    let m = start(mock().with_pending_polls(2), clock);
    m.set_page_size(7);
    let c = client(&m, extras(DETAILED_TABLE, &[]));
    let rt = rt();
    let expected = cents(m.with_account(|a| a.month_cents("2025-01")));
    let totals = rt
        .block_on(c.month_total("2025-01"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(totals.len(), 1);
    assert_eq!(
        (totals[0].currency.as_str(), totals[0].billed),
        ("USD", expected)
    );
    let (total, lines) = january(&c, &rt);
    assert_eq!(total, expected, "cost plus credit lines equal the month");
    assert!(lines > 31 * 30, "credits are lines of their own: {lines}");
    assert!(calls(&m, "bigquery.jobs.getQueryResults") > 31 * 2);
    assert_eq!(m.stats().bad_signatures, 0);
}

#[test]
fn the_standard_export_and_a_project_subset_reconcile() {
    let m = start(mock().with_table(STANDARD_TABLE), clock);
    let c = client(&m, extras(STANDARD_TABLE, &[]));
    let rt = rt();
    let expected = cents(m.with_account(|a| a.month_cents("2025-01")));
    let (total, _) = january(&c, &rt);
    assert_eq!(total, expected);
    // One query a day (the detailed columns are not asked of a standard
    // table, which would refuse them).
    assert_eq!(calls(&m, "bigquery.jobs.query"), 31);

    let only = client(&m, extras(STANDARD_TABLE, &[PROJECTS[1]]));
    let part = m.with_account(|a| {
        (0..a.resources.len())
            .filter(|i| gcp::project_of(*i) == PROJECTS[1])
            .flat_map(|i| a.days().map(move |d| (i, d)))
            .map(|(i, d)| a.cents(i, d))
            .sum::<i64>()
    });
    let totals = rt
        .block_on(only.month_total("2025-01"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(totals[0].billed, cents(part));
    assert_eq!(january(&only, &rt).0, cents(part));
}

#[test]
fn inventory_and_cpu_are_read_per_project() {
    let m = start(mock(), clock);
    m.set_page_size(4);
    let c = client(&m, extras(DETAILED_TABLE, &PROJECTS));
    let rt = rt();
    let projects = rt.block_on(c.regions()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(projects, PROJECTS.to_vec());
    let mut all = Vec::new();
    for p in &projects {
        for kind in c.inventory_kinds() {
            let mut cursor: Option<String> = None;
            loop {
                let page = rt
                    .block_on(c.inventory_page(*kind, p, cursor.as_deref()))
                    .unwrap_or_else(|e| panic!("{e}"));
                all.extend(page.items);
                match page.next {
                    Some(n) => cursor = Some(n),
                    None => break,
                }
            }
        }
    }
    assert_eq!(all.len(), 30);
    let names: Vec<String> = m.with_account(|a| (0..30).map(|i| gcp::global_name(a, i)).collect());
    assert!(
        all.iter().all(|r| names.contains(&r.id)),
        "ids are the export's global names"
    );
    let running: Vec<String> = all
        .iter()
        .filter(|r| {
            r.kind == InventoryKind::Instance && r.state == "RUNNING" && r.id.contains(PROJECTS[0])
        })
        .map(|r| r.id.clone())
        .collect();
    let from = NaiveDate::from_ymd_opt(2025, 6, 12).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap_or_default();
    let points = rt
        .block_on(c.utilisation(PROJECTS[0], &running, from, to))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(points.len(), running.len() * 3);
    assert!(points
        .iter()
        .all(|p| running.contains(&p.resource_id) && (0.0..=100.0).contains(&p.cpu_percent)));
}

#[test]
fn googles_throttling_and_failures_are_named() {
    let m = start(mock(), clock);
    let c = client(&m, extras(DETAILED_TABLE, &PROJECTS));
    let rt = rt();
    rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    m.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    let e = rt.block_on(c.month_total_page("2025-01", None)).err();
    assert_eq!(e.as_ref().map(|e| e.kind), Some(ErrorKind::Throttled));
    assert!(e.and_then(|e| e.retry_after).is_some());
    let e = rt
        .block_on(c.inventory_page(InventoryKind::Disk, PROJECTS[0], None))
        .err();
    assert_eq!(
        e.as_ref().and_then(|e| e.code.clone()).as_deref(),
        Some("RESOURCE_EXHAUSTED")
    );
    m.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let e = rt
        .block_on(c.month_total_page("2025-01", None))
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::ServerError));
    m.set_faults(Faults::default());
    // A table the account cannot read: the job runs in the table's project.
    let other = client(
        &m,
        extras("someone-else-1.billing.gcp_billing_export_v1_0", &[]),
    );
    let e = rt
        .block_on(other.month_total_page("2025-01", None))
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::PermissionMissing));
}
