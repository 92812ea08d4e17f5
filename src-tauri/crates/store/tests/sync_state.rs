//! A sync window's lines, page provenance and `done` mark commit together;
//! a failure inside the transaction leaves the previous run in place.

mod common;

use cloudlens_store::{PageRecord, RunKind, Store, StoreError};
use common::{dims, line, open, spec};

fn write_window(
    store: &mut Store,
    replaces: &[i64],
    billed: &str,
    fail_inside: bool,
) -> Result<i64, StoreError> {
    let d = dims("alibaba", "A1", "CNY", "ECS");
    let out = store.lines_mut().import_replacing(
        spec(RunKind::Sync),
        replaces,
        |sink| {
            for r in 0..3 {
                sink.push(line(&d, (2025, 1, 7), billed, billed, r))?;
            }
            Ok::<(), StoreError>(())
        },
        |tx, outcome| {
            let ids = (outcome.run_id, outcome.lines);
            assert_eq!(ids.1, 3);
            tx.finish_window(
                "c1",
                "A1/2025-01/2025-01-07",
                "2025-01",
                1,
                1,
                &[PageRecord {
                    page: 1,
                    request_id: "req-1".into(),
                    lines: None,
                }],
            )?;
            if fail_inside {
                return Err(StoreError::NoSuchRun(-1));
            }
            Ok(())
        },
    )?;
    Ok(out.run_id)
}

#[test]
fn a_window_replaces_its_previous_run_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("w.db"));
    let first = write_window(&mut store, &[], "1.00", false).unwrap();
    assert_eq!(store.lines().line_count().unwrap(), 3);
    let w = store.sync().sync_windows("c1").unwrap();
    assert_eq!((w[0].state.as_str(), w[0].run_id), ("done", Some(first)));

    // Fails inside the transaction: the old run, its lines and its window stay.
    assert!(write_window(&mut store, &[first], "2.00", true).is_err());
    assert_eq!(store.lines().line_count().unwrap(), 3);
    assert_eq!(
        store.sync().sync_windows("c1").unwrap()[0].run_id,
        Some(first)
    );
    let billed: cloudlens_model::Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(billed.to_string(), "3");

    // Succeeds: the old run is gone, the new one holds the window.
    let second = write_window(&mut store, &[first], "2.00", false).unwrap();
    assert_eq!(store.lines().line_count().unwrap(), 3);
    assert_eq!(
        store.sync().sync_windows("c1").unwrap()[0].run_id,
        Some(second)
    );
    // The old run is gone (SQLite may hand its id to the new one).
    let runs = store.lines().runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].id, second);
    let billed: cloudlens_model::Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(billed.to_string(), "6");
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
}

#[test]
fn a_day_window_does_not_restate_its_sibling_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("d.db"));
    let d = dims("alibaba", "A1", "CNY", "ECS");
    for day in [6, 7] {
        let mut s = spec(RunKind::Sync);
        s.restates = false;
        store
            .lines_mut()
            .import_replacing(
                s,
                &[],
                |sink| sink.push(line(&d, (2025, 1, day), "1.00", "1.00", 0)),
                |_, _| Ok::<(), StoreError>(()),
            )
            .unwrap();
    }
    assert_eq!(store.lines().line_count().unwrap(), 2);
}

#[test]
fn removing_a_window_run_removes_its_page_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("p.db"));
    let run = write_window(&mut store, &[], "1.00", false).unwrap();
    assert_eq!(store.sync().run_pages(run).unwrap().len(), 1);
    store.lines_mut().remove_run(run).unwrap();
    assert!(store.sync().run_pages(run).unwrap().is_empty());
}
