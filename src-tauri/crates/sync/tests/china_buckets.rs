//! The bucket route of the three Chinese clouds through the engine, over
//! real HTTP into a real store file: Alibaba's bill subscription in OSS,
//! Tencent's bill storage in COS and Huawei's bill subscription in OBS,
//! native bills and FOCUS exports. Each reconciles to the cent and
//! re-syncs without change; a restated period (the same key with another
//! ETag, or a new file) is fetched again and replaces the old run; a
//! cancelled sync resumes; and neither the bill API of the same month nor
//! an imported copy of the same file is counted twice.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use cloudlens_mockcloud::bill_bucket::{BillBucketSpec, BillFile};
use cloudlens_mockcloud::{alibaba, huawei, tencent, Account, BillItem, MockCloud};
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ProviderKind, Site,
};
use cloudlens_store::ConnectionRoute;
use common::*;

fn bucket(kind: &str) -> &'static str {
    match kind {
        "tencent" => "cloudlens-bills-1250000000",
        _ => "cloudlens-bills",
    }
}

fn spec(kind: &str, file: BillFile, new_key: bool) -> BillBucketSpec {
    BillBucketSpec {
        new_key_on_restatement: new_key,
        ..BillBucketSpec::new(bucket(kind), file)
    }
}

fn start_alibaba(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    alibaba::start_alibaba_with(
        a,
        alibaba::AlibabaMock::new(k, s).with_bucket(spec("alibaba", BillFile::Native, false)),
    )
}
fn start_alibaba_focus(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    alibaba::start_alibaba_with(
        a,
        alibaba::AlibabaMock::new(k, s).with_bucket(spec("alibaba", BillFile::Focus, true)),
    )
}
fn start_tencent(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    tencent::start_tencent_with(
        a,
        tencent::TencentMock::new(k, s).with_bucket(spec("tencent", BillFile::Native, true)),
    )
}
fn start_tencent_focus(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    tencent::start_tencent_with(
        a,
        tencent::TencentMock::new(k, s).with_bucket(spec("tencent", BillFile::Focus, false)),
    )
}
fn start_huawei(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    huawei::start_huawei_with(
        a,
        huawei::HuaweiMock::new(k, s).with_bucket(spec("huawei", BillFile::Native, false)),
    )
}
fn start_huawei_focus(a: Account, k: &str, s: &str) -> std::io::Result<MockCloud> {
    huawei::start_huawei_with(
        a,
        huawei::HuaweiMock::new(k, s).with_bucket(spec("huawei", BillFile::Focus, true)),
    )
}

fn route(s: &mut Setup, name: &str) {
    s.store
        .sources_mut()
        .set_connection_route(
            name,
            &ConnectionRoute {
                source: "bucket".into(),
                bucket: Some(bucket(s.p.name).into()),
                prefix: Some("bills/".into()),
                role_arn: None,
            },
        )
        .unwrap();
}

/// A bucket-route connection `c1` on its mock.
fn bucket_setup(p: &'static Provider) -> Setup {
    let mut s = setup(p);
    route(&mut s, "c1");
    s
}

fn january(s: &Setup) -> i64 {
    s.mock.with_account(|a| a.month_cents("2025-01"))
}

/// The bucket sync reconciles to the cent, every signature good, its
/// lines joined to the inventory, and a second sync changes nothing.
fn reconciles_and_resyncs_unchanged(p: &'static Provider) {
    let mut s = bucket_setup(p);
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(run.windows_done, 1, "one delivery: {run:?}");
    assert_eq!(s.mock.stats().bad_signatures, 0);
    assert_eq!(stored_total(&s.store), cents(january(&s)));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    let sources = s.store.sources().scope_sources().unwrap();
    assert!(
        !sources.is_empty() && sources.iter().all(|o| o.route == "bucket" && o.active),
        "{sources:?}"
    );
    assert_eq!(
        s.store.sync().inventory(Some("c1")).unwrap().len(),
        p.inventory
    );

    let before = line_dump(&s.store);
    let again = sync(&mut s.store, "c1");
    assert_eq!(again.outcome, "succeeded", "{again:?}");
    assert_eq!(
        (again.windows_done, again.windows_skipped),
        (0, 1),
        "{again:?}"
    );
    assert_eq!(line_dump(&s.store), before, "a re-sync changes nothing");
}

/// A restated January (delivered again) is fetched again and replaces the
/// old delivery's lines: the total is the new one, counted once.
fn a_restated_period_replaces_its_delivery(p: &'static Provider) {
    let mut s = bucket_setup(p);
    assert_eq!(sync(&mut s.store, "c1").outcome, "succeeded");
    s.mock.with_account(|a| {
        a.adjustments.push(BillItem {
            resource: 4,
            day: day(2025, 1, 17),
            cents: 2_345,
        })
    });
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(run.windows_done, 1, "{run:?}");
    assert_eq!(stored_total(&s.store), cents(january(&s)));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
}

/// Cancelled before the delivery is written: nothing half-written stays,
/// and the next sync ends as an uninterrupted one would.
fn a_cancelled_sync_resumes(p: &'static Provider) {
    let mut s = bucket_setup(p);
    let cancel = AtomicBool::new(true);
    let run = sync_with(&mut s.store, "c1", &options(), &cancel, &|_| {});
    assert_eq!(run.outcome, "cancelled", "{run:?}");
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(stored_total(&s.store), cents(january(&s)));

    let other = tempfile::tempdir().unwrap();
    let mut fresh = store_at(&other.path().join("f.db"));
    add(&mut fresh, p, "c1", &s.mock.endpoint(), p.secret);
    let mut f = Setup {
        mock: s.mock,
        store: fresh,
        dir: other,
        p,
    };
    route(&mut f, "c1");
    assert_eq!(sync(&mut f.store, "c1").outcome, "succeeded");
    assert_eq!(line_dump(&s.store), line_dump(&f.store));
}

/// The bill API and the bucket of the same month, and a file import of the
/// very file the bucket holds: one source of truth, the month counted once.
fn one_source_of_truth_per_month(p: &'static Provider) {
    let mut s = setup(p);
    let endpoint = s.mock.endpoint();
    add(&mut s.store, p, "bills", &endpoint, p.secret);
    route(&mut s, "bills");
    let expected = cents(january(&s));
    assert_eq!(sync(&mut s.store, "c1").outcome, "succeeded");
    assert_eq!(stored_total(&s.store), expected);
    assert_eq!(sync(&mut s.store, "bills").outcome, "succeeded");
    assert_eq!(stored_total(&s.store), expected);
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);

    // The same file, downloaded and imported by hand.
    let kind = ProviderKind::parse(p.name).unwrap();
    let client = Client::new(
        ClientConfig {
            kind,
            credentials: Credentials {
                key_id: p.key_id.into(),
                secret: zeroize::Zeroizing::new(p.secret.into()),
            },
            endpoint: Some(endpoint),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
            clock,
            extra: ConnectionExtras {
                role_arn: None,
                bucket: Some(bucket(p.name).into()),
                prefix: Some("bills/".into()),
                ..ConnectionExtras::default()
            },
        },
        reqwest::Client::new(),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let page = rt.block_on(client.list_objects(None)).unwrap();
    let (ds, _) = client.deliveries_without_manifest(&page.objects);
    let key = &ds[0].files[0].key;
    let (bytes, _) = rt.block_on(client.read_object(key)).unwrap();
    let path = s.dir.path().join(key.rsplit('/').next().unwrap());
    std::fs::write(&path, bytes).unwrap();
    import_file(&mut s.store, &path);
    assert_eq!(
        stored_total(&s.store),
        expected,
        "imported and synced, counted once"
    );
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    // Every scope has exactly one origin whose lines count.
    let origins = s.store.sources().scope_sources().unwrap();
    let mut scopes = std::collections::BTreeMap::new();
    for o in &origins {
        *scopes
            .entry((
                o.provider.clone(),
                o.billing_account.clone(),
                o.period_start,
            ))
            .or_insert(0) += usize::from(o.active);
    }
    assert!(scopes.values().all(|n| *n == 1), "{origins:?}");
}

macro_rules! bucket_suite {
    ($module:ident, $name:literal, $start:path) => {
        mod $module {
            use super::*;

            static P: Provider = Provider {
                name: $name,
                key_id: "MockBucketReaderKey0001",
                secret: "mock-bucket-secret-8f2b61c0a9d34e7f",
                start: $start,
                inventory: 30,
            };

            #[test]
            fn reconciles_and_resyncs_unchanged() {
                super::reconciles_and_resyncs_unchanged(&P);
            }

            #[test]
            fn a_restated_period_replaces_its_delivery() {
                super::a_restated_period_replaces_its_delivery(&P);
            }

            #[test]
            fn a_cancelled_sync_resumes() {
                super::a_cancelled_sync_resumes(&P);
            }

            #[test]
            fn one_source_of_truth_per_month() {
                super::one_source_of_truth_per_month(&P);
            }
        }
    };
}

bucket_suite!(alibaba_oss, "alibaba", start_alibaba);
bucket_suite!(alibaba_oss_focus, "alibaba", start_alibaba_focus);
bucket_suite!(tencent_cos, "tencent", start_tencent);
bucket_suite!(tencent_cos_focus, "tencent", start_tencent_focus);
bucket_suite!(huawei_obs, "huawei", start_huawei);
bucket_suite!(huawei_obs_focus, "huawei", start_huawei_focus);
