//! Alerts are evaluated on their schedule while the app runs: with the
//! session's scheduler started, a budget overspent behind the session's
//! back (through a second handle on the same store file, as the CLI writes
//! it) raises no alert until the session clock passes the evaluation
//! interval since the last evaluation, and then raises one without anyone
//! asking.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cloudlens_alerts::NoDesktop;
use cloudlens_api::{
    default_thresholds, AlertSettings, BudgetPeriod, BudgetSpec, CloudLens, CostMetric,
    DimensionFilter, KeySource, Keychain, Locale, Session, SessionConfig, StoreState,
};
// The shared helpers name these through `crate::`.
#[allow(unused_imports)]
use cloudlens_api::{ExploreMetric, ExploreQuery, Granularity};
use common::wait_until;
use zeroize::Zeroizing;

const PASSPHRASE: &str = "schedule test";
/// 2025-06-15, a day the demo data ends at.
const START: i64 = 1_749_945_600;
const EVERY_MINUTES: u32 = 5;
const TICK: Duration = Duration::from_millis(20);

/// The session clock, moved by the test.
static CLOCK: AtomicI64 = AtomicI64::new(START);

fn clock() -> i64 {
    CLOCK.load(Ordering::SeqCst)
}

fn budget_alerts(session: &Session) -> usize {
    let history = session.alert_history(Locale::En, 100).unwrap();
    history
        .alerts
        .iter()
        .filter(|a| a.source == "budget")
        .count()
}

/// When the last scheduled (or background) evaluation ran, by the session clock.
fn last_evaluated(session: &Session) -> Option<i64> {
    let (result, at) = session.last_alert_evaluation()?;
    result.expect("the background evaluation succeeds");
    Some(at)
}

/// Lets the scheduler look many times at the current clock.
fn let_ticks_pass() {
    std::thread::sleep(TICK * 25);
}

fn overspent() -> BudgetSpec {
    BudgetSpec {
        name: "alibaba, tiny".into(),
        filters: vec![DimensionFilter {
            dimension: "provider".into(),
            values: vec![Some("Alibaba Cloud".into())],
            exclude: false,
        }],
        metric: CostMetric::Billed,
        period: BudgetPeriod::Month,
        fiscal_start: 1,
        amount: "1".into(),
        currency: "CNY".into(),
        thresholds: default_thresholds(),
        channels: Vec::new(),
        apply_shared_costs: false,
    }
}

#[test]
fn the_scheduler_raises_an_alert_only_once_the_interval_has_passed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let session = Session::start(
        SessionConfig {
            db_path: db.clone(),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-alert-schedule-test-unused"),
            passphrase: Some(Zeroizing::new(PASSPHRASE.into())),
            demo_lines: 2_000,
            demo_seed: 3,
            clock,
            os_user: "tester".into(),
            audit: false,
            system_zone: None,
        },
        |_| {},
    );
    wait_until("the store", || session.status().state == StoreState::Ready);
    // Detection after the demo loads may ask for an evaluation of its own.
    wait_until("detection on the demo", || {
        session
            .detection_status()
            .is_ok_and(|d| !d.running && d.last_at.is_some())
    });
    session
        .set_alert_settings(AlertSettings {
            evaluate_every_minutes: EVERY_MINUTES,
            ..AlertSettings::default()
        })
        .unwrap();
    session.set_alert_tick(TICK);
    session.on_alerts(Arc::new(NoDesktop));

    // The scheduler evaluates at its first look (nothing has run yet);
    // whatever the demo's detection asked for has ended a few ticks later.
    wait_until("the first scheduled evaluation", || {
        last_evaluated(&session).is_some()
    });
    let_ticks_pass();
    assert_eq!(last_evaluated(&session), Some(START));
    assert_eq!(budget_alerts(&session), 0);

    // Another process overspends a budget; the session is not told.
    let other = CloudLens::open(
        &db,
        &KeySource::Passphrase(Zeroizing::new(PASSPHRASE.into())),
        cloudlens_api::Actor::fixed("another process"),
    )
    .unwrap();
    other.add_budget(&overspent(), START).unwrap();
    drop(other);

    // Before the interval has passed on the session clock: nothing.
    let_ticks_pass();
    assert_eq!(last_evaluated(&session), Some(START));
    assert_eq!(budget_alerts(&session), 0);
    CLOCK.store(START + i64::from(EVERY_MINUTES) * 60 - 1, Ordering::SeqCst);
    let_ticks_pass();
    assert_eq!(last_evaluated(&session), Some(START));
    assert_eq!(budget_alerts(&session), 0, "evaluated before the interval");

    // Once it has: the scheduler evaluates and the budget alerts.
    let due = START + i64::from(EVERY_MINUTES) * 60;
    CLOCK.store(due, Ordering::SeqCst);
    wait_until("the scheduled budget alert", || budget_alerts(&session) > 0);
    // (The run is kept once its deliveries are done too.)
    wait_until("the scheduled evaluation's end", || {
        last_evaluated(&session) == Some(due)
    });

    // And not again until the next interval.
    CLOCK.store(due + 60, Ordering::SeqCst);
    let_ticks_pass();
    assert_eq!(last_evaluated(&session), Some(due));
}
