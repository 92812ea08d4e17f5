mod common;

use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_model::Decimal;
use cloudlens_store::{Metric, RollupDim, RunKind, StoreError};
use common::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn lines_round_trip_into_exact_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = open(&path);
    let ec2 = dims("AWS", "111", "USD", "Amazon EC2");
    let ecs = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&ec2, (2026, 1, 31), "0.1", "0.1", 1))?;
            s.push(line(&ec2, (2026, 1, 31), "0.2", "0.15", 2))?;
            s.push(line(&ec2, (2026, 2, 1), "123456789.123456789", "1", 3))?;
            s.push(line(&ecs, (2026, 2, 1), "-5.55", "-5.55", 4))
        })
        .unwrap();
    drop(store);
    let store = open(&path);

    let summary = store.lines().summary().unwrap();
    let row = |p: &str, m: &str| {
        summary
            .iter()
            .find(|r| r.provider == p && r.month == m)
            .unwrap()
    };
    assert_eq!(
        row("AWS", "2026-01").billed_cost,
        Decimal::from_str("0.3").unwrap()
    );
    assert_eq!(
        row("AWS", "2026-01").effective_cost,
        Decimal::from_str("0.25").unwrap()
    );
    assert_eq!(row("AWS", "2026-01").lines, 2);
    assert_eq!(
        row("AWS", "2026-02").billed_cost,
        Decimal::from_str("123456789.123456789").unwrap()
    );
    assert_eq!(row("Alibaba Cloud", "2026-02").billing_currency, "CNY");
    assert_eq!(
        row("Alibaba Cloud", "2026-02").billed_cost,
        Decimal::from_str("-5.55").unwrap()
    );
    assert_eq!(store.lines().line_count().unwrap(), 4);
    assert_eq!(store.lines().latest_day().unwrap(), Some(date(2026, 2, 1)));

    let by_account = store
        .lines()
        .aggregate(
            date(2026, 1, 1),
            date(2026, 3, 1),
            Metric::Billed,
            &[RollupDim::Account],
        )
        .unwrap();
    assert!(by_account.iter().any(|r| r.keys == ["111-sub"]));

    // The raw rollup rows carry ids; names and account names resolve them.
    let rows = store
        .lines()
        .rollup_rows(date(2026, 1, 1), date(2026, 3, 1), Metric::Effective)
        .unwrap();
    assert_eq!(rows.len(), 3, "two AWS days and one Alibaba day");
    let total: i128 = rows.iter().map(|r| i128::from(r.nanos)).sum();
    assert_eq!(
        cloudlens_store::from_nanos(total),
        Decimal::from_str("-4.30").unwrap()
    );
    let names = store
        .lines()
        .strings(rows.iter().map(|r| r.account))
        .unwrap();
    let accounts = store.lines().account_names().unwrap();
    let sub = rows
        .iter()
        .map(|r| r.account)
        .find(|a| names[a] == "111-sub")
        .expect("sub-account id");
    assert_eq!(accounts.get(&sub).map(String::as_str), Some("子账号 111"));
}

#[test]
fn a_failed_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let d = dims("AWS", "111", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 1, 1), "1", "1", 1))
        })
        .unwrap();

    let mut bad = line(&d, (2026, 1, 2), "2", "2", 2);
    bad.charge_period_end = bad.charge_period_start;
    let err = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 1, 2), "7", "7", 1))?;
            s.push(bad)
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::BadPeriod { row: 2, .. }),
        "{err:?}"
    );
    assert_eq!(store.lines().runs().unwrap().len(), 1);
    assert_eq!(store.lines().line_count().unwrap(), 1);
    let total: Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(total, Decimal::ONE);
}

#[test]
fn removing_a_run_recomputes_the_rollup_to_match_the_lines() {
    let check = |s: &cloudlens_store::Store| assert_eq!(s.lines().rollup_mismatches().unwrap(), 0);
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let d = dims("Microsoft", "ea-1", "USD", "Virtual Machines");
    let keep = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 3, 1), "1.25", "1", 1))
        })
        .unwrap();
    let gone = store
        .lines_mut()
        .import(spec(RunKind::Demo), |s| {
            s.push(line(&d, (2026, 3, 1), "2", "2", 1))?;
            s.push(line(&d, (2026, 3, 2), "3", "3", 2))
        })
        .unwrap();
    assert_eq!(gone.lines, 2);
    check(&store);
    store.lines_mut().remove_run(gone.run_id).unwrap();
    check(&store);

    let summary = store.lines().summary().unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].billed_cost, Decimal::from_str("1.25").unwrap());
    assert_eq!(summary[0].lines, 1);
    assert_eq!(
        store
            .lines()
            .runs()
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![keep.run_id]
    );
    assert!(matches!(
        store.lines_mut().remove_run(gone.run_id),
        Err(StoreError::NoSuchRun(_))
    ));
}

#[test]
fn migrations_record_the_schema_version_and_refuse_newer_stores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(open(&path));
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(
        None,
        "key",
        format!("x'{}{}'", "07".repeat(32), "09".repeat(16)),
    )
    .unwrap();
    raw.pragma_update(None, "cipher_page_size", cloudlens_store::PAGE_SIZE)
        .unwrap();
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 1);
    raw.pragma_update(None, "user_version", 99).unwrap();
    drop(raw);
    let err = cloudlens_store::Store::open_with_key(&path, &fixed_key()).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
}

#[test]
fn a_newer_import_restates_the_same_account_and_period_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let a = dims("Alibaba Cloud", "acct-1", "CNY", "ECS");
    let b = dims("Alibaba Cloud", "acct-2", "CNY", "ECS");
    let first = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&a, (2026, 1, 1), "10", "10", 1))?;
            s.push(line(&a, (2026, 2, 1), "20", "20", 2))?;
            s.push(line(&b, (2026, 1, 1), "30", "30", 3))
        })
        .unwrap();
    assert!(first.restated.is_empty());
    // The newer file covers acct-1 in January only.
    let second = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&a, (2026, 1, 1), "11", "11", 1))?;
            s.push(line(&a, (2026, 1, 2), "1", "1", 2))
        })
        .unwrap();
    assert_eq!(second.restated, vec![(first.run_id, 1)]);
    assert_eq!(second.totals.len(), 1);
    assert_eq!(second.totals[0].billed, Decimal::from_str("12").unwrap());
    assert_eq!(second.totals[0].currency, "CNY");

    let total: Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(total, Decimal::from_str("62").unwrap());
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    let runs = store.lines().runs().unwrap();
    assert_eq!(runs[0].lines, 2);
    assert_eq!(runs[0].lines_imported, 3);
    assert_eq!(runs[0].restated_by, vec![(second.run_id, 1)]);

    // Demo runs are never restated by imports.
    let demo = store
        .lines_mut()
        .import(spec(RunKind::Demo), |s| {
            s.push(line(&a, (2026, 1, 3), "5", "5", 1))
        })
        .unwrap();
    let third = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&a, (2026, 1, 1), "12", "12", 1))
        })
        .unwrap();
    assert_eq!(third.restated, vec![(second.run_id, 2)]);
    assert!(store
        .lines()
        .runs()
        .unwrap()
        .iter()
        .any(|r| r.id == demo.run_id && r.lines == 1));
    store.lines_mut().remove_run(third.run_id).unwrap();
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    let total: Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(total, Decimal::from_str("55").unwrap());
}
