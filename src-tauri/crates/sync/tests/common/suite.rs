//! The same checks against every provider's mock.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use cloudlens_mockcloud::{BillItem, Faults};
use cloudlens_store::SecretHome;

use super::*;

/// Lines reconcile to the provider's month total to the cent; every line
/// traces to its run, page and request id; inventory joins cost lines by
/// resource id; a second sync of the closed month changes nothing.
pub fn reconciles_traces_joins_and_resyncs_idempotently(p: &'static Provider) {
    let mut s = setup(p);
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(run.windows_done, 31, "{run:?}");
    assert_eq!(s.mock.stats().bad_signatures, 0);
    assert_eq!(stored_total(&s.store), cents(expected));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    let lines = s.store.sync().connection_lines("c1").unwrap();
    assert_eq!(lines, run.lines);
    assert!(lines >= 31 * 30, "{lines} lines");

    let prov = s.store.sync().connection_line_provenance("c1").unwrap();
    assert_eq!(prov.len() as u64, lines);
    for (id, page) in &prov {
        let (_, request) = page
            .as_ref()
            .unwrap_or_else(|| panic!("line {id} has no page"));
        assert!(!request.is_empty());
    }
    let windows = s.store.sync().sync_windows("c1").unwrap();
    assert_eq!(windows.len(), 31);
    assert!(windows
        .iter()
        .all(|w| w.state == "done" && w.run_id.is_some()));

    let inventory = s.store.sync().inventory(Some("c1")).unwrap();
    assert_eq!(
        inventory.len(),
        p.inventory,
        "every resource of the kinds read"
    );
    let joined = s.store.sync().inventory_costs("c1").unwrap();
    assert_eq!(
        joined.len(),
        inventory.len(),
        "each resource has cost lines"
    );
    let joined_total: cloudlens_model::Decimal = joined.iter().map(|j| j.3).sum();
    if p.inventory == 30 {
        assert_eq!(
            joined_total,
            cents(expected),
            "all spend joins the inventory"
        );
    } else {
        assert!(joined_total > cents(0) && joined_total < cents(expected));
    }

    let conn = s.store.sync().connection("c1").unwrap().unwrap();
    assert_eq!(conn.status, "up_to_date");
    assert_eq!(conn.last_success, Some(clock()));

    let before = line_dump(&s.store);
    let again = sync(&mut s.store, "c1");
    assert_eq!(again.outcome, "succeeded", "{again:?}");
    assert_eq!(again.windows_skipped, 31);
    assert_eq!(again.windows_done, 0);
    assert_eq!(line_dump(&s.store), before, "a re-sync changes nothing");
    assert_eq!(stored_total(&s.store), cents(expected));
}

/// The provider restates a closed month: the next sync sees the new month
/// total, re-fetches the month and ends with the new total, no duplicates.
pub fn restated_month_is_refetched(p: &'static Provider) {
    let mut s = setup(p);
    assert_eq!(sync(&mut s.store, "c1").outcome, "succeeded");
    let count = line_dump(&s.store).len();
    s.mock.with_account(|a| {
        a.adjustments.push(BillItem {
            resource: 3,
            day: day(2025, 1, 10),
            cents: 12_345,
        })
    });
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(run.windows_done, 31, "the whole month again");
    assert_eq!(stored_total(&s.store), cents(expected));
    assert_eq!(line_dump(&s.store).len(), count, "no duplicates");
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
}

/// Throttling, 5xx and slow answers are retried until the data is complete.
pub fn faults_are_retried(p: &'static Provider) {
    let mut s = setup(p);
    s.mock.set_faults(Faults {
        throttle_every: Some(7),
        fail_every: Some(11),
        // A slow answer outlasts the timeout by a second, and the timeout
        // leaves an ordinary answer seconds to spare on a loaded machine:
        // only the injected delays time out, never a busy test host.
        slow_every: Some((29, Duration::from_millis(4000))),
        ..Default::default()
    });
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    let mut opts = options();
    opts.timeout = Duration::from_secs(3);
    let run = sync_with(&mut s.store, "c1", &opts, &AtomicBool::new(false), &|_| {});
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    let stats = s.mock.stats();
    assert!(
        stats.throttled > 0 && stats.failed > 0 && stats.slowed > 0,
        "{stats:?}"
    );
    // Pages of a paged month total are retried inside the client, out of
    // the engine's count; every other fault is an engine retry.
    assert!(run.retries > 0, "{run:?} {stats:?}");
    // Engine calls; a client may page inside one call (Tencent's month
    // summary), so the mock can see more requests than the engine counts.
    assert!(
        run.requests > 0 && run.requests <= stats.requests,
        "{run:?} {stats:?}"
    );
    assert_eq!(stored_total(&s.store), cents(expected));
}

/// A rejected key: the status says so and the data of the last good sync stays.
pub fn wrong_secret_keeps_the_last_good_data(p: &'static Provider) {
    let mut s = setup(p);
    assert_eq!(sync(&mut s.store, "c1").outcome, "succeeded");
    let before = line_dump(&s.store);
    s.store
        .sync_mut()
        .set_connection_secret(&SecretHome::Sealed, "c1", "not-the-secret")
        .unwrap();
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "failed", "{run:?}");
    let conn = s.store.sync().connection("c1").unwrap().unwrap();
    assert_eq!(conn.status, "credentials_rejected");
    assert_eq!(conn.last_success, Some(clock()), "last success kept");
    let err = conn.last_error.expect("the error is recorded");
    assert_eq!(err.status, "credentials_rejected");
    assert!(!err.message.contains("not-the-secret"));
    assert_eq!(line_dump(&s.store), before);
    assert_eq!(
        s.store.sync().inventory_count("c1").unwrap() as usize,
        p.inventory
    );
}

/// Cancelled mid-run: finished windows stay, the rest is fetched next time
/// and the result equals an uninterrupted sync.
pub fn cancelled_run_resumes(p: &'static Provider) {
    let mut s = setup(p);
    let cancel = AtomicBool::new(false);
    let stop = cancel_after(&cancel, 5);
    let run = sync_with(&mut s.store, "c1", &options(), &cancel, &stop);
    assert_eq!(run.outcome, "cancelled", "{run:?}");
    assert!(run.windows_done >= 5 && run.windows_done < 31, "{run:?}");
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert!(run.windows_skipped >= 5, "{run:?}");
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(stored_total(&s.store), cents(expected));

    let other = tempfile::tempdir().unwrap();
    let mut fresh = store_at(&other.path().join("f.db"));
    add(&mut fresh, p, "c1", &s.mock.endpoint(), p.secret);
    assert_eq!(sync(&mut fresh, "c1").outcome, "succeeded");
    assert_eq!(line_dump(&s.store), line_dump(&fresh));
}

/// Every test of the suite for one provider, each a test of its own so they
/// run (and fail) separately.
#[macro_export]
macro_rules! provider_suite {
    ($p:expr) => {
        #[test]
        fn reconciles_traces_joins_and_resyncs_idempotently() {
            common::suite::reconciles_traces_joins_and_resyncs_idempotently($p);
        }

        #[test]
        fn restated_month_is_refetched() {
            common::suite::restated_month_is_refetched($p);
        }

        #[test]
        fn faults_are_retried() {
            common::suite::faults_are_retried($p);
        }

        #[test]
        fn wrong_secret_keeps_the_last_good_data() {
            common::suite::wrong_secret_keeps_the_last_good_data($p);
        }

        #[test]
        fn cancelled_run_resumes() {
            common::suite::cancelled_run_resumes($p);
        }
    };
}
