//! A sync is followed by a recommendations run without anyone asking: the
//! session syncs a Chinese cloud from the mock (the provider's documented
//! shapes, signed requests) and the kept recommendations then name exactly
//! the mock's unattached disks, unassociated addresses, idle instances and
//! subscriptions due for renewal, each with the saving its own bill lines
//! give, to the cent; a resource deleted at the provider closes its
//! recommendation at the next sync.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use cloudlens_api::{
    AddConnectionRequest, Keychain, Locale, RecommendationList, RecommendationQuery,
    RecommendationStatus, RecommendationView, Session, SessionConfig, StoreState, SyncEvent,
    SyncRequest,
};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::huawei::start_huawei;
use cloudlens_mockcloud::{Account, AccountSpec, MockCloud, ResourceKind};
use rust_decimal::{Decimal, RoundingStrategy};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";
/// The session's fixed clock, 2025-06-15.
const NOW: i64 = 1_749_945_600;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 15).unwrap()
}

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

fn account() -> Account {
    Account::generate(&AccountSpec {
        seed: 11,
        resources: 60,
        first_day: NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
        days: 45,
        currency: "CNY".into(),
    })
}

/// A ready session on a new store, on the fixed clock, with a sync log.
fn session(dir: &tempfile::TempDir) -> (Session, Arc<Mutex<Vec<SyncEvent>>>) {
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-recommend-sync-test-unused"),
            passphrase: Some(Zeroizing::new("pass".into())),
            demo_lines: 2_000,
            demo_seed: 5,
            clock: || NOW,
            os_user: "tester".into(),
            audit: false,
            system_zone: None,
        },
        |_| {},
    );
    wait_for("the store", || {
        (session.status().state == StoreState::Ready).then_some(())
    });
    let events: Arc<Mutex<Vec<SyncEvent>>> = Arc::default();
    let log = Arc::clone(&events);
    session.on_sync(move |e| log.lock().unwrap().push(e));
    (session, events)
}

fn connect(session: &Session, name: &str, provider: &str, mock: &MockCloud) {
    session
        .add_connection(AddConnectionRequest {
            name: name.into(),
            provider: provider.into(),
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
}

/// Syncs May and June and waits for the run's end (the `nth` run's).
fn sync(session: &Session, events: &Mutex<Vec<SyncEvent>>, name: &str, nth: usize) -> u64 {
    session
        .sync_now(SyncRequest {
            connection: Some(name.into()),
            from: Some("2025-05".into()),
            to: Some("2025-06".into()),
        })
        .unwrap();
    let run = wait_for("the sync", || {
        events
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                SyncEvent::Finished(r) | SyncEvent::Failed(r) => Some(r.clone()),
                SyncEvent::Progress(_) => None,
            })
            .nth(nth)
    });
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    run.resources
}

fn list(session: &Session, status: Option<RecommendationStatus>) -> Option<RecommendationList> {
    let query = RecommendationQuery {
        status,
        ..RecommendationQuery::default()
    };
    session.recommendations(query, Locale::En).ok()
}

/// A resource's cost as the recommendations state it: its bill over the 30
/// days ending at `as_of` (or since its first day), as a 30-day month,
/// rounded to the cent once. The Chinese clouds bill by Beijing day, so a
/// day's charge starts at 16:00 UTC of the day before, the day it counts on.
fn monthly(account: &Account, id: &str, as_of: NaiveDate) -> Decimal {
    let index = account.resources.iter().position(|r| r.id == id).unwrap();
    let utc_day = |d: NaiveDate| d - Days::days(1);
    let first = utc_day(account.first_day).max(as_of - Days::days(29));
    let cents: i64 = account
        .days()
        .filter(|d| utc_day(*d) >= first && utc_day(*d) <= as_of)
        .map(|d| account.cents(index, d))
        .sum();
    let days = (as_of - first).num_days() + 1;
    let m = Decimal::new(cents, 2) * Decimal::from(30) / Decimal::from(days);
    let mut m = m.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    m.rescale(2);
    m
}

fn as_of(r: &RecommendationView) -> NaiveDate {
    r.evidence.as_of.parse().unwrap()
}

fn figure<'a>(r: &'a RecommendationView, key: &str) -> Option<&'a str> {
    r.evidence
        .figures
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.value.as_str())
}

#[test]
fn a_sync_finds_the_idle_disks_and_addresses_it_read() {
    let account = account();
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
    let mock = start_alibaba(account.clone(), KEY_ID, SECRET).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (session, events) = session(&dir);
    connect(&session, "ali", "alibaba", &mock);
    assert_eq!(sync(&session, &events, "ali", 0), 60);

    // Nobody asks for a refresh: the sync's end starts one. The session's
    // clock is fixed, so a refresh is told apart by what it kept, not by when.
    let list = wait_for("a refresh that kept the synced disks", || {
        let list = list(&session, None)?;
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
        let id = r.resource.as_deref().unwrap();
        assert_eq!(
            r.monthly_saving,
            monthly(&account, id, as_of(r)).to_string(),
            "{id}"
        );
    }
}

/// What the Huawei mock plants, by finding: free disks and addresses, idle
/// instances, subscriptions ending within 90 days that do not renew.
fn planted(account: &Account) -> BTreeMap<&'static str, BTreeSet<String>> {
    let horizon = today() + Days::days(90);
    let mut out: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for (i, r) in account.resources.iter().enumerate() {
        let finding = match r.kind {
            ResourceKind::Disk if account.attached_to(i).is_none() => "unattached_disk",
            ResourceKind::Ip if account.attached_to(i).is_none() => "unassociated_ip",
            ResourceKind::Instance if r.idle => "idle_instance",
            _ => continue,
        };
        out.entry(finding).or_default().insert(r.id.clone());
    }
    for r in &account.resources {
        let Some(s) = r.subscription else { continue };
        let ends = chrono::DateTime::from_timestamp(s.expires_at, 0)
            .unwrap()
            .date_naive();
        if ends <= horizon && !s.auto_renew {
            out.entry("renewal").or_default().insert(r.id.clone());
        }
    }
    out
}

#[test]
fn a_huawei_sync_finds_idle_addresses_instances_and_renewals_to_the_cent() {
    let account = account().with_savings_to_find(today());
    let want = planted(&account);
    assert_eq!(
        want.keys().copied().collect::<Vec<_>>(),
        [
            "idle_instance",
            "renewal",
            "unassociated_ip",
            "unattached_disk"
        ]
    );
    assert_eq!(want["renewal"].len(), 3, "{want:?}");
    let mock = start_huawei(account.clone(), KEY_ID, SECRET).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (session, events) = session(&dir);
    connect(&session, "hw", "huawei", &mock);
    assert_eq!(sync(&session, &events, "hw", 0), 60);

    let ours = |list: &RecommendationList| -> BTreeMap<&'static str, BTreeSet<String>> {
        want.keys()
            .map(|f| {
                let mine: BTreeSet<String> = of_finding(list, f)
                    .into_iter()
                    .filter(|id| account.resources.iter().any(|r| &r.id == id))
                    .collect();
                (*f, mine)
            })
            .collect()
    };
    let found = wait_for("a refresh that kept what the mock planted", || {
        let list = list(&session, Some(RecommendationStatus::Open))?;
        (ours(&list) == want).then_some(list)
    });
    let stats = mock.stats();
    assert_eq!(stats.bad_signatures, 0);
    for action in [
        "vpc:ListPublicips",
        "ces:BatchListMetricData",
        "bss:ListPayPerUseCustomerResources",
    ] {
        assert!(
            stats.by_action.get(action).is_some_and(|n| *n > 0),
            "{action}"
        );
    }
    for r in found.items.iter().filter(|r| {
        r.resource
            .as_ref()
            .is_some_and(|id| want.values().any(|s| s.contains(id)))
    }) {
        let id = r.resource.as_deref().unwrap();
        let cost = monthly(&account, id, as_of(r));
        assert_eq!(r.currency, "CNY");
        if r.finding == "renewal" {
            // A renewal saves nothing by itself; it states what renewing costs.
            assert_eq!(r.monthly_saving, "0.00");
            assert_eq!(
                figure(r, "renewal_cost"),
                Some(cost.to_string().as_str()),
                "{id}"
            );
        } else {
            assert_eq!(r.monthly_saving, cost.to_string(), "{} {id}", r.finding);
        }
    }

    // The provider deletes the last free address and everything after it;
    // the next sync closes their recommendations.
    let cut = account
        .resources
        .iter()
        .rposition(|r| want["unassociated_ip"].contains(&r.id))
        .unwrap();
    let gone: BTreeSet<String> = account.resources[cut..]
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let open_before: BTreeSet<String> = found
        .items
        .iter()
        .filter_map(|r| r.resource.clone())
        .filter(|id| gone.contains(id))
        .collect();
    assert!(!open_before.is_empty());
    mock.with_account(|a| a.resources.truncate(cut));
    assert_eq!(sync(&session, &events, "hw", 1), cut as u64);
    let closed = wait_for("the next sync's refresh closing them", || {
        let closed = list(&session, Some(RecommendationStatus::Closed))?;
        let ids: BTreeSet<String> = closed
            .items
            .iter()
            .filter_map(|r| r.resource.clone())
            .filter(|id| gone.contains(id))
            .collect();
        (ids == open_before).then_some(closed)
    });
    assert!(closed
        .items
        .iter()
        .filter(|r| r.resource.as_ref().is_some_and(|id| gone.contains(id)))
        .all(|r| r.closed_reason.as_deref() == Some("resource_gone")));
    let open = list(&session, Some(RecommendationStatus::Open)).unwrap();
    assert!(open
        .items
        .iter()
        .all(|r| r.resource.as_ref().is_none_or(|id| !gone.contains(id))));
}
