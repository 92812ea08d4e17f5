//! One source of truth per scope: a sync and an import of the same month
//! never add up; the complete, most detailed, most recent source holds the
//! scope unless the user prefers another; the others' lines are set aside
//! and come back exactly when their source is chosen again.

mod common;

use cloudlens_model::Decimal;
use cloudlens_store::{Detail, LineFilter, Route, RunKind, SourceClaim, Store, StoreError};
use common::{dims, line, open, spec};

fn total(store: &Store) -> Decimal {
    store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum()
}

fn dump(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    store
        .lines()
        .scan_lines::<StoreError>(&LineFilter::default(), |l| {
            out.push(format!(
                "{}|{}|{}|{}",
                l.dims.service_name, l.charge_period_start, l.billed_cost, l.provenance.source_row
            ));
            Ok(())
        })
        .unwrap();
    out.sort();
    out
}

/// January 2025 for account A, one line a day for `days` days at `amount`.
fn write(
    store: &mut Store,
    kind: RunKind,
    claim: Option<SourceClaim>,
    service: &str,
    days: u32,
    amount: &str,
) -> i64 {
    let d = dims("AWS", "A", "USD", service);
    let lines: Vec<_> = (1..=days)
        .map(|day| line(&d, (2025, 1, day), amount, amount, u64::from(day)))
        .collect();
    let mut s = spec(kind);
    s.restates = kind == RunKind::File;
    let outcome = store
        .lines_mut()
        .import_replacing(
            s,
            &[],
            |sink| {
                for l in lines {
                    sink.push(l)?;
                }
                Ok::<(), StoreError>(())
            },
            |tx, _| match &claim {
                Some(c) => tx.settle_sources(c, 1_700_000_000).map(|_| ()),
                None => Ok(()),
            },
        )
        .unwrap();
    outcome.run_id
}

fn sync_claim(route: Route, origin: &str, detail: Detail) -> Option<SourceClaim> {
    Some(SourceClaim {
        route,
        origin: origin.into(),
        detail,
        complete: Some(true),
    })
}

fn active(store: &Store) -> Vec<(String, bool)> {
    store
        .sources()
        .scope_sources()
        .unwrap()
        .into_iter()
        .map(|s| (format!("{}:{}", s.route, s.origin), s.active))
        .collect()
}

#[test]
fn a_sync_and_an_import_of_the_same_month_never_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    write(
        &mut store,
        RunKind::Sync,
        sync_claim(Route::Api, "aws-ce", Detail::Itemised),
        "EC2",
        31,
        "2",
    );
    assert_eq!(total(&store), Decimal::from(62));
    // The import is as complete and detailed, and newer: it holds January.
    write(&mut store, RunKind::File, None, "Amazon EC2", 31, "3");
    assert_eq!(total(&store), Decimal::from(93), "not 62 + 93");
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    assert_eq!(
        active(&store),
        [
            ("file:file".to_string(), true),
            ("api:aws-ce".to_string(), false)
        ]
    );
    // A newer bucket delivery takes over in turn.
    write(
        &mut store,
        RunKind::Sync,
        sync_claim(Route::Bucket, "aws-cur", Detail::Itemised),
        "Amazon EC2 (CUR)",
        31,
        "4",
    );
    assert_eq!(total(&store), Decimal::from(124));
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    let held: Vec<bool> = store
        .sources()
        .scope_sources()
        .unwrap()
        .iter()
        .map(|s| s.active)
        .collect();
    assert_eq!(
        held.iter().filter(|a| **a).count(),
        1,
        "one source holds the scope"
    );
}

#[test]
fn a_less_detailed_source_never_displaces_bill_lines_unless_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    write(&mut store, RunKind::File, None, "Amazon EC2", 31, "3");
    let file_lines = dump(&store);
    // Cost Explorer's daily summary arrives later: it is set aside at once.
    write(
        &mut store,
        RunKind::Sync,
        sync_claim(Route::Api, "aws", Detail::DailySummary),
        "EC2 daily",
        31,
        "3.10",
    );
    assert_eq!(total(&store), Decimal::from(93));
    assert_eq!(dump(&store), file_lines);
    // The user prefers the API for AWS: the summary holds January.
    let moved = store
        .sources_mut()
        .set_source_preference("aws", Some(Route::Api))
        .unwrap();
    assert_eq!((moved.parked, moved.restored), (31, 31));
    assert_eq!(total(&store), Decimal::new(9610, 2));
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    assert_eq!(
        store.sources().source_preferences().unwrap(),
        [("aws".to_string(), "api".to_string())]
    );
    // Back to the automatic rule: the file's lines come back exactly.
    store
        .sources_mut()
        .set_source_preference("AWS", None)
        .unwrap();
    assert_eq!(dump(&store), file_lines);
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
}

#[test]
fn a_complete_source_beats_an_incomplete_one_and_a_removed_import_gives_the_scope_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    write(
        &mut store,
        RunKind::Sync,
        sync_claim(Route::Api, "aws", Detail::DailySummary),
        "EC2 daily",
        31,
        "1",
    );
    // A file covering half the month is newer and more detailed but incomplete.
    let half = write(&mut store, RunKind::File, None, "Amazon EC2", 15, "5");
    assert_eq!(total(&store), Decimal::from(31));
    assert_eq!(active(&store)[0], ("api:aws".to_string(), true));
    // The whole month as a file: complete and more detailed, it wins.
    let whole = write(&mut store, RunKind::File, None, "Amazon EC2", 31, "5");
    assert_eq!(total(&store), Decimal::from(155));
    assert_eq!(
        store
            .lines()
            .runs()
            .unwrap()
            .iter()
            .find(|r| r.id == half)
            .map(|r| r.lines),
        Some(0)
    );
    // Removing that import gives January back to the summary.
    store.lines_mut().remove_run(whole).unwrap();
    assert_eq!(total(&store), Decimal::from(31));
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
}
