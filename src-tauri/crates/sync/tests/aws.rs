//! The engine against the AWS mock over real HTTP, into a real store file:
//! the API route (Cost Explorer, a daily summary per service and account)
//! and the bucket route (the CUR 2.0 Data Export in S3), and one source of
//! truth when both feed the same month.

mod common;

use std::sync::atomic::AtomicBool;

use cloudlens_store::{ConnectionRoute, Detail};
use common::*;

static P: Provider = Provider {
    name: "aws",
    key_id: "AKIAMOCKREADONLYKEY01",
    secret: "mock/secret+8f2b61c0a9d34e7f0b1c2d3e4f",
    start: cloudlens_mockcloud::aws::start_aws,
    inventory: 30,
};

fn bucket_route(s: &mut Setup, name: &str) {
    s.store
        .sources_mut()
        .set_connection_route(
            name,
            &ConnectionRoute {
                source: "bucket".into(),
                bucket: Some("cloudlens-billing".into()),
                prefix: Some("exports".into()),
                role_arn: None,
            },
        )
        .unwrap();
}

/// Syncs `c1` and checks it succeeded with every signature good and the
/// stored total equal to the provider's to the cent.
fn sync_reconciled(s: &mut Setup, expected: i64) -> cloudlens_store::SyncRunRecord {
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(s.mock.stats().bad_signatures, 0);
    assert_eq!(stored_total(&s.store), cents(expected));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    run
}

/// A second sync of the closed month fetches no window and changes no line.
fn resync_changes_nothing(s: &mut Setup) {
    let before = line_dump(&s.store);
    let again = sync(&mut s.store, "c1");
    assert_eq!(again.outcome, "succeeded", "{again:?}");
    assert_eq!(again.windows_done, 0, "{again:?}");
    assert_eq!(line_dump(&s.store), before, "a re-sync changes nothing");
}

#[test]
fn cost_explorer_reconciles_to_the_cent_and_resyncs_idempotently() {
    let mut s = setup(&P);
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    sync_reconciled(&mut s, expected);
    assert_eq!(s.store.sync().inventory(Some("c1")).unwrap().len(), 30);
    let sources = s.store.sources().scope_sources().unwrap();
    assert!(!sources.is_empty());
    assert!(
        sources
            .iter()
            .all(|o| o.route == "api" && o.detail == Detail::DailySummary && o.active),
        "{sources:?}"
    );

    resync_changes_nothing(&mut s);
}

#[test]
fn the_bucket_export_reconciles_joins_the_inventory_and_resyncs_idempotently() {
    let mut s = setup(&P);
    bucket_route(&mut s, "c1");
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    let run = sync_reconciled(&mut s, expected);
    assert!(run.lines >= 31 * 30, "{run:?}");
    let joined = s.store.sync().inventory_costs("c1").unwrap();
    assert_eq!(joined.len(), 30, "each resource has cost lines");
    let joined_total: cloudlens_model::Decimal = joined.iter().map(|j| j.3).sum();
    assert_eq!(
        joined_total,
        cents(expected),
        "all spend joins the inventory"
    );

    resync_changes_nothing(&mut s);
}

/// The export and Cost Explorer feed the same month: the itemised export
/// holds it, the summary is set aside, and the total is counted once.
#[test]
fn an_export_and_cost_explorer_of_one_month_do_not_add_up() {
    let mut s = setup(&P);
    let endpoint = s.mock.endpoint();
    add(&mut s.store, &P, "export", &endpoint, P.secret);
    bucket_route(&mut s, "export");
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(sync(&mut s.store, "c1").outcome, "succeeded");
    assert_eq!(sync(&mut s.store, "export").outcome, "succeeded");
    assert_eq!(stored_total(&s.store), cents(expected));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    let held = origins_held(&s.store);
    assert!(held.contains(&("bucket".into(), true)), "{held:?}");
    assert!(held.contains(&("api".into(), false)), "{held:?}");
}

/// Cancelled before the export's delivery is written: the next sync
/// fetches it and ends as an uninterrupted one.
#[test]
fn a_cancelled_bucket_sync_resumes() {
    let mut s = setup(&P);
    bucket_route(&mut s, "c1");
    let cancel = AtomicBool::new(true);
    let run = sync_with(&mut s.store, "c1", &options(), &cancel, &|_| {});
    assert_eq!(run.outcome, "cancelled", "{run:?}");
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(stored_total(&s.store), cents(expected));
}
