//! The AWS client against the AWS mock over real HTTP: every request
//! signed and verified, write actions refused before anything is sent,
//! Cost Explorer lines and totals equal to the account's, the export's
//! manifest and files found and streamed, inventory and CPU read, and an
//! assumed role's keys refreshed before they expire.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_mockcloud::aws::{start_aws_with, AwsMock, ExportSpec, ExportTable, FileFormat};
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_model::Decimal;
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ErrorKind, InventoryKind, ProviderKind,
    Site, Window,
};
use zeroize::Zeroizing;

const KEY_ID: &str = "AKIAMOCKREADONLY0001";
const SECRET: &str = "mock/aws/secret/key/0000000000000000000001";
const ROLE: &str = "arn:aws:iam::100000000000011:role/cloudlens-read-only";

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

fn start(mock: AwsMock) -> MockCloud {
    let m = match start_aws_with(account(), mock) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    m.set_clock(clock);
    m
}

fn client(mock: &MockCloud, extra: ConnectionExtras) -> Client {
    client_in(mock, Some("us-east-1"), extra)
}

fn client_in(mock: &MockCloud, region: Option<&str>, extra: ConnectionExtras) -> Client {
    Client::new(
        ClientConfig {
            kind: ProviderKind::Aws,
            credentials: Credentials {
                key_id: KEY_ID.into(),
                secret: Zeroizing::new(SECRET.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: region.map(str::to_string),
            site: Site::International,
            timeout: Duration::from_secs(10),
            clock,
            extra,
        },
        reqwest::Client::new(),
    )
}

fn bucket() -> ConnectionExtras {
    ConnectionExtras {
        role_arn: None,
        bucket: Some("cloudlens-billing".into()),
        prefix: Some("exports/".into()),
        ..ConnectionExtras::default()
    }
}

fn export(table: ExportTable, format: FileFormat) -> AwsMock {
    AwsMock::new(KEY_ID, SECRET).with_export(ExportSpec {
        rows_per_file: 400,
        ..ExportSpec::new(table, format)
    })
}

fn rt() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_write_action_is_refused_before_a_request_is_built() {
    let mock = start(AwsMock::new(KEY_ID, SECRET));
    let c = client(&mock, bucket());
    let rt = rt();
    for action in [
        "ec2:TerminateInstances",
        "ec2:RunInstances",
        "ec2:DeleteVolume",
        "ec2:ReleaseAddress",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:PutBucketPolicy",
        "ce:CreateAnomalyMonitor",
        "ce:UpdateCostAllocationTagsStatus",
        "cloudwatch:PutMetricData",
        "cloudwatch:DeleteAlarms",
        "iam:CreateAccessKey",
        "sts:GetSessionToken",
        "organizations:LeaveOrganization",
    ] {
        let e = rt.block_on(c.call_raw(action, &[("Key", "x")])).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::NotAllowed), "{action}");
    }
    assert_eq!(mock.stats().requests, 0, "the mock saw nothing");
}

#[test]
fn the_key_names_the_account_and_cost_explorer_reconciles_to_the_cent() {
    let mock = start(AwsMock::new(KEY_ID, SECRET));
    mock.set_page_size(25);
    let c = client(&mock, ConnectionExtras::default());
    let rt = rt();
    let info = rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    let expected_account = mock.with_account(|a| a.billing_account.clone());
    assert_eq!(info.billing_account, expected_account);
    let window = Window {
        billing_account: info.billing_account.clone(),
        month: "2025-02".into(),
        day: None,
    };
    let mut cursor: Option<String> = None;
    let mut total = Decimal::ZERO;
    let mut lines = 0;
    let mut pages = 0;
    loop {
        let page = rt
            .block_on(c.bill_page(&window, cursor.as_deref()))
            .unwrap_or_else(|e| panic!("{e}"));
        pages += 1;
        assert!(!page.request_id.is_empty());
        for l in &page.lines {
            assert_eq!(l.dims.provider_name, "AWS");
            assert!(l.extras.as_deref().unwrap_or("").contains("less detailed"));
            total += l.billed_cost;
        }
        lines += page.lines.len();
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert!(pages > 1, "paged");
    assert_eq!(lines, 28 * 3, "28 days × 3 services");
    let cents = mock.with_account(|a| a.month_cents("2025-02"));
    assert_eq!(total, Decimal::new(cents, 2));
    let month = rt
        .block_on(c.month_total("2025-02"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(month.len(), 1);
    assert_eq!(
        (month[0].currency.as_str(), month[0].billed),
        ("USD", Decimal::new(cents, 2))
    );
    assert_eq!(mock.stats().bad_signatures, 0);
}

#[test]
fn the_export_manifests_name_files_that_stream_in_both_encodings() {
    for (table, format) in [
        (ExportTable::Cur2, FileFormat::CsvGzip),
        (ExportTable::Focus12, FileFormat::Parquet),
    ] {
        let mock = start(export(table, format));
        mock.set_page_size(7);
        let c = client(&mock, bucket());
        let rt = rt();
        let mut listing = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = rt
                .block_on(c.list_objects(cursor.as_deref()))
                .unwrap_or_else(|e| panic!("{e}"));
            listing.extend(page.objects);
            match page.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        let manifests = c.manifests(&listing);
        assert_eq!(manifests.len(), 2, "one per period");
        let (bytes, _) = rt
            .block_on(c.read_object(&manifests[0].key))
            .unwrap_or_else(|e| panic!("{e}"));
        let d = c
            .delivery(&manifests[0], &bytes, &listing)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.period, "2025-01");
        assert_eq!(d.files.len(), (31 * 30usize).div_ceil(400));
        let mut body = rt
            .block_on(c.open_object(&d.files[0].key))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut read = 0u64;
        while let Some(chunk) = rt.block_on(body.chunk()).unwrap_or_else(|e| panic!("{e}")) {
            read += chunk.len() as u64;
        }
        assert_eq!(read, d.files[0].size);
        assert_eq!(mock.stats().bad_signatures, 0);
    }
}

#[test]
fn inventory_and_cpu_are_read_per_region() {
    let mock = start(AwsMock::new(KEY_ID, SECRET));
    mock.set_page_size(5);
    let c = client_in(&mock, None, ConnectionExtras::default());
    let rt = rt();
    let regions = rt.block_on(c.regions()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(regions.len(), 3);
    let mut found = 0;
    let mut instances = Vec::new();
    for region in &regions {
        for kind in c.inventory_kinds() {
            let mut cursor: Option<String> = None;
            loop {
                let page = rt
                    .block_on(c.inventory_page(*kind, region, cursor.as_deref()))
                    .unwrap_or_else(|e| panic!("{e}"));
                found += page.items.len();
                instances.extend(
                    page.items
                        .iter()
                        .filter(|r| r.kind == InventoryKind::Instance && r.state == "running")
                        .map(|r| (region.clone(), r.id.clone())),
                );
                match page.next {
                    Some(n) => cursor = Some(n),
                    None => break,
                }
            }
        }
    }
    assert_eq!(found, 30);
    let (region, id) = instances[0].clone();
    let day = |d| NaiveDate::from_ymd_opt(2025, 6, d).unwrap_or_default();
    let points = rt
        .block_on(c.utilisation(&region, std::slice::from_ref(&id), day(8), day(15)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(points.len(), 7);
    assert!(points
        .iter()
        .all(|p| p.resource_id == id && p.cpu_percent > 0.0));
}

#[test]
fn an_assumed_role_is_refreshed_before_its_keys_expire() {
    NOW.store(1_749_945_600, Ordering::SeqCst);
    let mock = start(AwsMock::new(KEY_ID, SECRET).with_role(ROLE));
    let c = client(
        &mock,
        ConnectionExtras {
            role_arn: Some(ROLE.into()),
            ..ConnectionExtras::default()
        },
    );
    let rt = rt();
    let assumed = || {
        mock.stats()
            .by_action
            .get("sts:AssumeRole")
            .copied()
            .unwrap_or(0)
    };
    let info = rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert!(info.name.unwrap_or_default().contains("assumed-role"));
    assert_eq!(assumed(), 1);
    NOW.fetch_add(1_800, Ordering::SeqCst);
    rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(assumed(), 1, "keys still fresh are reused");
    NOW.fetch_add(1_600, Ordering::SeqCst); // 200 s before they expire
    rt.block_on(c.check()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(assumed(), 2, "keys about to expire are replaced");
    assert_eq!(mock.stats().bad_signatures, 0);

    // A role the key may not assume is refused by STS, as a permission.
    let other = client(
        &mock,
        ConnectionExtras {
            role_arn: Some("arn:aws:iam::100000000000011:role/admin".into()),
            ..ConnectionExtras::default()
        },
    );
    let e = rt.block_on(other.check()).err().map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::PermissionMissing));
    NOW.store(1_749_945_600, Ordering::SeqCst);
}

#[test]
fn throttling_and_bad_keys_come_back_in_the_engines_terms() {
    let mock = start(export(ExportTable::Cur2, FileFormat::CsvGzip));
    let c = client(&mock, bucket());
    let rt = rt();
    mock.set_faults(Faults {
        throttle_every: Some(1),
        ..Default::default()
    });
    let e = rt.block_on(c.list_objects(None)).err();
    assert_eq!(e.as_ref().map(|e| e.kind), Some(ErrorKind::Throttled));
    assert_eq!(e.and_then(|e| e.code).as_deref(), Some("SlowDown"));
    let e = rt.block_on(c.check()).err().and_then(|e| e.code);
    assert_eq!(e.as_deref(), Some("Throttling"));
    mock.set_faults(Faults::default());
    let wrong = Client::new(
        ClientConfig {
            kind: ProviderKind::Aws,
            credentials: Credentials {
                key_id: KEY_ID.into(),
                secret: Zeroizing::new("wrong".into()),
            },
            endpoint: Some(mock.endpoint()),
            region: Some("us-east-1".into()),
            site: Site::International,
            timeout: Duration::from_secs(10),
            clock,
            extra: bucket(),
        },
        reqwest::Client::new(),
    );
    let e = rt.block_on(wrong.list_objects(None)).err();
    assert_eq!(
        e.as_ref().map(|e| e.kind),
        Some(ErrorKind::CredentialsRejected)
    );
    assert!(!e.map(|e| e.message).unwrap_or_default().contains("wrong"));
    assert!(mock.stats().bad_signatures >= 1);
}
