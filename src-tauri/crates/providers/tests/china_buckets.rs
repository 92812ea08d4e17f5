//! The bucket route of the three Chinese clouds against their mocks over
//! real HTTP: Alibaba OSS (V4 signatures, `ListObjectsV2` continuation
//! tokens), Tencent COS (`q-sign` signatures, GET Bucket markers) and
//! Huawei OBS (`OBS AK:Signature`, ListObjects markers), each verified by
//! the mock's own implementation. Every write is refused before a request
//! is built; listings page; each period's newest bill file is its delivery
//! and streams whole; a restated period keeps its window and changes its
//! signature; throttling, server errors, a wrong key and a skewed clock
//! come back in the engine's terms.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_mockcloud::bill_bucket::{BillBucketSpec, BillFile};
use cloudlens_mockcloud::{
    alibaba, huawei, tencent, Account, AccountSpec, BillItem, Faults, MockCloud,
};
use cloudlens_providers::bucket::{Delivery, ObjectInfo};
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ErrorKind, ProviderKind, Site,
};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAImockBucketReader0001";
const SECRET: &str = "mock-bucket-secret-0000000000000001";

/// 2025-03-10T00:00:00Z; a test may move it to skew the client's clock.
static NOW: AtomicI64 = AtomicI64::new(1_741_564_800);

fn clock() -> i64 {
    NOW.load(Ordering::SeqCst)
}

fn mock_clock() -> i64 {
    1_741_564_800
}

fn account() -> Account {
    Account::generate(&AccountSpec {
        seed: 23,
        resources: 12,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        days: 59,
        currency: "CNY".into(),
    })
}

const CLOUDS: [ProviderKind; 3] = [
    ProviderKind::Alibaba,
    ProviderKind::Tencent,
    ProviderKind::Huawei,
];

fn bucket_name(kind: ProviderKind) -> &'static str {
    match kind {
        // A COS bucket's name ends with the account's APPID.
        ProviderKind::Tencent => "cloudlens-bills-1250000000",
        _ => "cloudlens-bills",
    }
}

fn start(kind: ProviderKind, spec: BillBucketSpec) -> MockCloud {
    let m = match kind {
        ProviderKind::Alibaba => alibaba::start_alibaba_with(
            account(),
            alibaba::AlibabaMock::new(KEY_ID, SECRET).with_bucket(spec),
        ),
        ProviderKind::Tencent => tencent::start_tencent_with(
            account(),
            tencent::TencentMock::new(KEY_ID, SECRET).with_bucket(spec),
        ),
        _ => huawei::start_huawei_with(
            account(),
            huawei::HuaweiMock::new(KEY_ID, SECRET).with_bucket(spec),
        ),
    };
    let m = m.unwrap_or_else(|e| panic!("{e}"));
    m.set_clock(mock_clock);
    m
}

fn spec(kind: ProviderKind, file: BillFile) -> BillBucketSpec {
    BillBucketSpec::new(bucket_name(kind), file)
}

fn client(kind: ProviderKind, mock: &MockCloud, secret: &str) -> Client {
    Client::new(
        ClientConfig {
            kind,
            credentials: Credentials {
                key_id: KEY_ID.into(),
                secret: Zeroizing::new(secret.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
            clock,
            extra: ConnectionExtras {
                role_arn: None,
                bucket: Some(bucket_name(kind).into()),
                prefix: Some("bills/".into()),
                ..ConnectionExtras::default()
            },
        },
        reqwest::Client::new(),
    )
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every object under the prefix, page by page, and how many pages.
fn list_all(rt: &tokio::runtime::Runtime, c: &Client) -> (Vec<ObjectInfo>, usize) {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = rt
            .block_on(c.list_objects(cursor.as_deref()))
            .unwrap_or_else(|e| panic!("{e}"));
        pages += 1;
        assert!(!page.request_id.is_empty());
        out.extend(page.objects);
        match page.next {
            Some(n) => cursor = Some(n),
            None => return (out, pages),
        }
    }
}

fn deliveries(rt: &tokio::runtime::Runtime, c: &Client) -> Vec<Delivery> {
    let (objects, _) = list_all(rt, c);
    let (ds, unplaced) = c.deliveries_without_manifest(&objects);
    assert!(unplaced.is_empty(), "{unplaced:?}");
    ds
}

#[test]
fn every_write_is_refused_before_a_request_is_built() {
    for kind in CLOUDS {
        let mock = start(kind, spec(kind, BillFile::Native));
        let c = client(kind, &mock, SECRET);
        let rt = rt();
        let service = match kind {
            ProviderKind::Alibaba => "OSS",
            ProviderKind::Tencent => "COS",
            _ => "OBS",
        };
        for write in [
            "PutObject",
            "DeleteObject",
            "DeleteObjects",
            "PutBucketPolicy",
            "PutBucketAcl",
            "DeleteBucket",
            "CopyObject",
            "PostObject",
            "PutObjectAcl",
            "AppendObject",
            "InitiateMultipartUpload",
        ] {
            let action = format!("{service}:{write}");
            let e = rt
                .block_on(c.call_raw(&action, &[("Key", "bills/x.csv")]))
                .err();
            assert_eq!(
                e.as_ref().map(|e| e.kind),
                Some(ErrorKind::NotAllowed),
                "{action}"
            );
            assert_eq!(e.and_then(|e| e.code).as_deref(), Some(action.as_str()));
        }
        assert_eq!(mock.stats().requests, 0, "{kind:?}: the mock saw nothing");
        // The read-only actions do pass the gate.
        let listing = format!(
            "{service}:{}",
            match kind {
                ProviderKind::Alibaba => "ListObjects",
                ProviderKind::Tencent => "GetBucket",
                _ => "ListBucket",
            }
        );
        let params: &[(&str, &str)] = match kind {
            ProviderKind::Alibaba => &[("list-type", "2")],
            _ => &[],
        };
        let v = rt
            .block_on(c.call_raw(&listing, params))
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(
            v.as_str().is_some_and(|x| x.contains("<ListBucketResult>")),
            "{v}"
        );
        assert_eq!(mock.stats().requests, 1);
        assert_eq!(mock.stats().bad_signatures, 0);
    }
}

#[test]
fn listings_page_and_each_period_is_its_newest_file_streamed_whole() {
    for kind in CLOUDS {
        for file in [BillFile::Native, BillFile::Focus] {
            let mock = start(kind, spec(kind, file));
            mock.set_page_size(1);
            let c = client(kind, &mock, SECRET);
            let rt = rt();
            let (objects, pages) = list_all(&rt, &c);
            assert_eq!(
                (objects.len(), pages),
                (2, 2),
                "{kind:?} {file:?}: one file a period, one a page"
            );
            let ds = deliveries(&rt, &c);
            let periods: Vec<&str> = ds.iter().map(|d| d.period.as_str()).collect();
            assert_eq!(periods, ["2025-01", "2025-02"]);
            for d in &ds {
                assert_eq!(d.files.len(), 1);
                let mut body = rt
                    .block_on(c.open_object(&d.files[0].key))
                    .unwrap_or_else(|e| panic!("{e}"));
                let mut bytes = Vec::new();
                while let Some(chunk) = rt.block_on(body.chunk()).unwrap_or_else(|e| panic!("{e}"))
                {
                    bytes.extend(chunk);
                }
                assert_eq!(bytes.len() as u64, d.files[0].size);
                let text = String::from_utf8_lossy(&bytes);
                let header = text
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches('\u{feff}');
                let expected = match (kind, file) {
                    (_, BillFile::Focus) => "BilledCost,",
                    (ProviderKind::Alibaba, _) => "BillingCycle,",
                    (ProviderKind::Tencent, _) => "Payer Account ID,",
                    _ => "账期,",
                };
                assert!(header.starts_with(expected), "{kind:?}: {header}");
                let (whole, _) = rt
                    .block_on(c.read_object(&d.files[0].key))
                    .unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(whole, bytes);
            }
            assert_eq!(mock.stats().bad_signatures, 0, "{kind:?}");
        }
    }
}

#[test]
fn a_restated_period_keeps_its_window_and_changes_its_signature() {
    for kind in CLOUDS {
        for new_key in [false, true] {
            let mock = start(
                kind,
                BillBucketSpec {
                    new_key_on_restatement: new_key,
                    ..spec(kind, BillFile::Native)
                },
            );
            let c = client(kind, &mock, SECRET);
            let rt = rt();
            let before = deliveries(&rt, &c);
            let day = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap_or_default();
            mock.with_account(|a| {
                a.adjustments.push(BillItem {
                    resource: 3,
                    day,
                    cents: 1_234,
                })
            });
            let after = deliveries(&rt, &c);
            assert_eq!(after.len(), 2);
            assert_eq!(after[0].window_key("1"), before[0].window_key("1"));
            assert_ne!(
                after[0].signature(),
                before[0].signature(),
                "{kind:?} new key {new_key}"
            );
            assert_eq!(
                after[1].signature(),
                before[1].signature(),
                "February is untouched"
            );
            assert_eq!(after[0].files[0].key != before[0].files[0].key, new_key);
        }
    }
}

#[test]
fn throttling_server_errors_a_wrong_key_and_a_skewed_clock_in_the_engines_terms() {
    for kind in CLOUDS {
        let mock = start(kind, spec(kind, BillFile::Native));
        let c = client(kind, &mock, SECRET);
        let rt = rt();
        mock.set_faults(Faults {
            throttle_every: Some(1),
            ..Faults::default()
        });
        let e = rt.block_on(c.list_objects(None)).err();
        let throttle = match kind {
            ProviderKind::Alibaba => "ServerBusy",
            ProviderKind::Tencent => "SlowDown",
            _ => "ServiceUnavailable",
        };
        assert_eq!(
            e.as_ref().map(|e| e.kind),
            Some(ErrorKind::Throttled),
            "{kind:?}"
        );
        assert_eq!(e.as_ref().and_then(|e| e.code.as_deref()), Some(throttle));
        assert!(e
            .as_ref()
            .is_some_and(|e| e.retry_after.is_some() && e.request_id.is_some()));
        mock.set_faults(Faults {
            fail_every: Some(1),
            ..Faults::default()
        });
        let e = rt.block_on(c.open_object("bills/x.csv")).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::ServerError), "{kind:?}");
        mock.set_faults(Faults::default());
        let missing = rt.block_on(c.open_object("bills/missing.csv")).err();
        assert_eq!(missing.and_then(|e| e.code).as_deref(), Some("NoSuchKey"));

        let wrong = client(kind, &mock, "not-the-secret");
        let e = rt.block_on(wrong.list_objects(None)).err();
        assert_eq!(
            e.as_ref().map(|e| e.kind),
            Some(ErrorKind::CredentialsRejected),
            "{kind:?}"
        );
        assert_eq!(
            e.and_then(|e| e.code).as_deref(),
            Some("SignatureDoesNotMatch")
        );
        assert_eq!(mock.stats().bad_signatures, 1);

        NOW.store(mock_clock() + 20 * 60, Ordering::SeqCst);
        let e = rt.block_on(c.list_objects(None)).err();
        NOW.store(mock_clock(), Ordering::SeqCst);
        assert_eq!(
            e.as_ref().map(|e| e.kind),
            Some(ErrorKind::CredentialsRejected),
            "{kind:?}"
        );
        assert_eq!(
            e.and_then(|e| e.code).as_deref(),
            Some("RequestTimeTooSkewed")
        );
        assert!(rt.block_on(c.list_objects(None)).is_ok());
    }
}

#[test]
fn a_connection_without_a_bucket_is_refused_before_sending() {
    for kind in CLOUDS {
        let mock = start(kind, spec(kind, BillFile::Native));
        let c = Client::new(
            ClientConfig {
                kind,
                credentials: Credentials {
                    key_id: KEY_ID.into(),
                    secret: Zeroizing::new(SECRET.into()),
                },
                endpoint: Some(mock.endpoint()),
                region: None,
                site: Site::China,
                timeout: Duration::from_secs(10),
                clock,
                extra: ConnectionExtras::default(),
            },
            reqwest::Client::new(),
        );
        let e = rt().block_on(c.list_objects(None)).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::InvalidRequest));
        assert_eq!(mock.stats().requests, 0);
    }
}
