#![allow(dead_code)]
//! A provider's mock, a real store file and the engine, for the sync tests.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_ingest::{import_path, ImportOptions, Mode, Outcome};
use cloudlens_mockcloud::{Account, AccountSpec, MockCloud};
use cloudlens_model::Decimal;
use cloudlens_store::{
    AuditKey, Auditor, LineFilter, NewConnection, SecretHome, Store, StoreKey, SyncRunRecord,
};
use cloudlens_sync::{sync_connection, Progress, SyncOptions};

pub mod suite;

pub struct Provider {
    pub name: &'static str,
    pub key_id: &'static str,
    pub secret: &'static str,
    pub start: fn(Account, &str, &str) -> std::io::Result<MockCloud>,
    /// Resources of `account()` the client's inventory kinds cover.
    pub inventory: usize,
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// January 2025, every resource every day; synced from a `today` in June,
/// so January is a closed month.
pub fn account() -> Account {
    Account::generate(&AccountSpec {
        seed: 11,
        resources: 30,
        first_day: day(2025, 1, 1),
        days: 31,
        currency: "CNY".into(),
    })
}

pub fn clock() -> i64 {
    1_749_945_600 // 2025-06-15
}

pub fn options() -> SyncOptions {
    let auditor = Auditor {
        key: AuditKey::generate(),
        os_user: "tester".into(),
        clock,
    };
    let mut o = SyncOptions::new(day(2025, 6, 15), clock, std::sync::Arc::new(auditor));
    // The mocks run on the same fixed clock.
    o.request_clock = clock;
    o.from = Some("2025-01".into());
    o.to = Some("2025-01".into());
    o.backoff_base = Duration::from_millis(50);
    o.backoff_cap = Duration::from_millis(400);
    o.timeout = Duration::from_secs(5);
    o.utilisation_days = 3;
    o
}

pub struct Setup {
    pub mock: MockCloud,
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub p: &'static Provider,
}

pub fn store_at(path: &std::path::Path) -> Store {
    Store::open_with_key(path, &StoreKey::from_parts([3u8; 32], [5u8; 16])).unwrap()
}

pub fn setup(p: &'static Provider) -> Setup {
    let mock = (p.start)(account(), p.key_id, p.secret).unwrap();
    mock.set_clock(clock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("s.db"));
    add(&mut store, p, "c1", &mock.endpoint(), p.secret);
    Setup {
        mock,
        store,
        dir,
        p,
    }
}

pub fn add(store: &mut Store, p: &Provider, name: &str, endpoint: &str, secret: &str) {
    let ok = store
        .sync_mut()
        .add_connection(
            &NewConnection {
                name: name.into(),
                provider: p.name.into(),
                key_id: p.key_id.into(),
                endpoint: Some(endpoint.into()),
                region: None,
                site: "china".into(),
                created_at: clock(),
            },
            secret,
            &SecretHome::Sealed,
        )
        .unwrap();
    assert!(ok);
    if p.name == "gcp" {
        // Google's export is a BigQuery table the connection names, with
        // the projects it reads.
        store
            .sources_mut()
            .set_connection_route(
                name,
                &cloudlens_store::ConnectionRoute {
                    source: "api".into(),
                    bucket: Some(cloudlens_mockcloud::gcp::DETAILED_TABLE.into()),
                    prefix: Some(cloudlens_mockcloud::gcp::PROJECTS.join(",")),
                    role_arn: None,
                },
            )
            .unwrap();
    }
}

pub fn sync_with(
    store: &mut Store,
    name: &str,
    opts: &SyncOptions,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&Progress) + Sync),
) -> SyncRunRecord {
    let conn = store.sync().connection(name).unwrap().unwrap();
    let secret = store
        .sync()
        .connection_secret(&SecretHome::Sealed, name)
        .unwrap()
        .unwrap();
    sync_connection(store, &conn, secret, opts, cancel, progress).unwrap()
}

pub fn sync(store: &mut Store, name: &str) -> SyncRunRecord {
    sync_with(store, name, &options(), &AtomicBool::new(false), &|_| {})
}

/// Imports the bill file (or folder of files) at `path` as a user would,
/// strictly, and checks it was imported.
pub fn import_file(store: &mut Store, path: &std::path::Path) {
    let report = import_path(
        store,
        path,
        &ImportOptions {
            format: None,
            mode: Mode::Strict,
            clock,
        },
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.outcome, Outcome::Imported, "{report:?}");
}

/// Billed total of every stored line, per currency.
pub fn stored_total(store: &Store) -> Decimal {
    store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum()
}

/// Each origin the store holds for a scope: its route and whether its
/// lines are the ones that count.
pub fn origins_held(store: &Store) -> Vec<(String, bool)> {
    store
        .sources()
        .scope_sources()
        .unwrap()
        .into_iter()
        .map(|o| (o.route, o.active))
        .collect()
}

/// Every stored line in a comparable form, sorted (ids and runs left out).
pub fn line_dump(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    store
        .lines()
        .scan_lines::<cloudlens_store::StoreError>(&LineFilter::default(), |l| {
            out.push(format!(
                "{}|{}|{}|{}|{}|{}|{:?}|{}",
                l.dims.provider_name,
                l.dims.resource_id.as_deref().unwrap_or(""),
                l.dims.service_name,
                l.charge_period_start,
                l.billed_cost,
                l.effective_cost,
                l.pricing_quantity,
                l.provenance.source_row
            ));
            Ok(())
        })
        .unwrap();
    out.sort();
    out
}

pub fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

pub fn cancel_after(cancel: &AtomicBool, windows: u32) -> impl Fn(&Progress) + Sync + '_ {
    move |p: &Progress| {
        if p.windows_done >= windows {
            cancel.store(true, Ordering::SeqCst);
        }
    }
}
