//! The engine against the Google Cloud mock over real HTTP, into a real
//! store file: the BigQuery billing export read day by day, reconciled to
//! the export's invoice-month totals, resumed after a cancel, and counted
//! once beside an import of the same month.

mod common;

use std::sync::LazyLock;

use cloudlens_mockcloud::gcp::{self, generate_key, service_account_json, PROJECTS};
use common::*;

const EMAIL: &str = "cloudlens-reader@billing-admin-4410.iam.gserviceaccount.com";

/// The key file is made when the tests run; its token_uri is Google's,
/// which the connection's endpoint replaces with the mock's.
static P: LazyLock<Provider> = LazyLock::new(|| {
    let key = generate_key().unwrap_or_else(|e| panic!("{e}"));
    Provider {
        name: "gcp",
        key_id: EMAIL,
        secret: Box::leak(
            service_account_json(EMAIL, PROJECTS[0], &key.pem, None).into_boxed_str(),
        ),
        start: gcp::start_gcp,
        inventory: 30,
    }
});

provider_suite!(&*P);

/// The same month imported from a file of the export and synced from the
/// table: both are itemised, one source is active, the month counts once.
#[test]
fn an_import_and_a_sync_of_one_month_do_not_add_up() {
    let mut s = setup(&P);
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    let csv = s.mock.with_account(|a| gcp::export_csv(a, "202501", true));
    let path = s
        .dir
        .path()
        .join("gcp_billing_export_resource_v1_202501.csv");
    std::fs::write(&path, csv).unwrap();
    import_file(&mut s.store, &path);
    assert_eq!(stored_total(&s.store), cents(expected));
    let run = sync(&mut s.store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(stored_total(&s.store), cents(expected), "counted once");
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    let held = origins_held(&s.store);
    assert_eq!(
        held.iter().filter(|(_, active)| *active).count(),
        1,
        "{held:?}"
    );
    assert!(held.len() >= 2, "{held:?}");
}

/// Jobs still running are polled until complete.
#[test]
fn unfinished_jobs_are_polled_to_completion() {
    let mock =
        gcp::GcpMock::new(EMAIL, gcp::public_key_of(P.secret).unwrap()).with_pending_polls(2);
    let m = gcp::start_gcp_with(account(), mock).unwrap();
    m.set_clock(clock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("s.db"));
    add(&mut store, &P, "c1", &m.endpoint(), P.secret);
    let run = sync(&mut store, "c1");
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    let expected = m.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(stored_total(&store), cents(expected));
    assert!(
        m.stats()
            .by_action
            .get("bigquery.jobs.getQueryResults")
            .copied()
            .unwrap_or(0)
            >= 31 * 2
    );
}
