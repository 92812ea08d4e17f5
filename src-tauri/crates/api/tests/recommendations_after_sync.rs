//! A sync is followed by a recommendations run without anyone asking: the
//! session syncs a Chinese cloud from the mock (Alibaba Cloud's documented
//! shapes, signed requests) and the kept recommendations then name exactly
//! the mock's unattached disks and unassociated addresses, each with a
//! saving from its own bill lines.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_api::{
    AddConnectionRequest, Keychain, Locale, RecommendationList, RecommendationQuery, Session,
    SessionConfig, StoreState, SyncEvent, SyncRequest,
};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec, ResourceKind};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";

fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn of_finding(list: &RecommendationList, finding: &str) -> BTreeSet<String> {
    list.items
        .iter()
        .filter(|r| r.finding == finding)
        .filter_map(|r| r.resource.clone())
        .collect()
}

#[test]
fn a_sync_finds_the_idle_disks_and_addresses_it_read() {
    let account = Account::generate(&AccountSpec {
        seed: 11,
        resources: 60,
        first_day: NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
        days: 45,
        currency: "CNY".into(),
    });
    let idle = |kind: ResourceKind| -> BTreeSet<String> {
        account
            .resources
            .iter()
            .filter(|r| r.kind == kind && r.state != "Running")
            .map(|r| r.id.clone())
            .collect()
    };
    let (idle_disks, idle_ips) = (idle(ResourceKind::Disk), idle(ResourceKind::Ip));
    assert!(!idle_disks.is_empty() && !idle_ips.is_empty());
    let mock = start_alibaba(account, KEY_ID, SECRET).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-recommend-sync-test-unused"),
            passphrase: Some(Zeroizing::new("pass".into())),
            demo_lines: 2_000,
            demo_seed: 5,
            clock: || 1_749_945_600, // 2025-06-15
            os_user: "tester".into(),
            audit: false,
        },
        |_| {},
    );
    wait_for("the store", || {
        (session.status().state == StoreState::Ready).then_some(())
    });
    let events: Arc<Mutex<Vec<SyncEvent>>> = Arc::default();
    let log = Arc::clone(&events);
    session.on_sync(move |e| log.lock().unwrap().push(e));
    session
        .add_connection(AddConnectionRequest {
            name: "ali".into(),
            provider: "alibaba".into(),
            key_id: KEY_ID.into(),
            secret: SECRET.into(),
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Some("china".into()),
            source: None,
            bucket: None,
            prefix: None,
            role_arn: None,
        })
        .unwrap();
    session
        .sync_now(SyncRequest {
            connection: Some("ali".into()),
            from: Some("2025-05".into()),
            to: Some("2025-06".into()),
        })
        .unwrap();
    let run = wait_for("the sync", || {
        events.lock().unwrap().iter().find_map(|e| match e {
            SyncEvent::Finished(r) | SyncEvent::Failed(r) => Some(r.clone()),
            SyncEvent::Progress(_) => None,
        })
    });
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(run.resources, 60);

    // Nobody asks for a refresh: the sync's end starts one. The session's
    // clock is fixed, so a refresh is told apart by what it kept, not by when.
    let list = wait_for("a refresh that kept the synced disks", || {
        let list = session
            .recommendations(RecommendationQuery::default(), Locale::En)
            .ok()?;
        // A refresh that ran mid-sync may have kept a part; the one the
        // sync's end starts must keep them all.
        (of_finding(&list, "unattached_disk") == idle_disks
            && of_finding(&list, "unassociated_ip") == idle_ips)
            .then_some(list)
    });
    let (summary, _) = session
        .last_recommendation_refresh()
        .expect("a refresh ran");
    let summary = summary.expect("the refresh succeeded");
    assert!(summary.created > 0, "{summary:?}");
    for r in list
        .items
        .iter()
        .filter(|r| r.finding == "unattached_disk" || r.finding == "unassociated_ip")
    {
        assert_eq!(r.currency, "CNY");
        assert!(
            r.monthly_saving.parse::<Decimal>().unwrap() > Decimal::ZERO,
            "{r:?}"
        );
    }
}
