//! Days keyed in a chosen time zone: a bill in Beijing time adds up to the
//! provider's months, the rollup follows a change of zone, and runs that
//! come and go after the change keep it exact.

mod common;

use std::str::FromStr;

use cloudlens_model::{CostLine, DayZone, Decimal};
use cloudlens_store::RunKind;
use common::{dims, line, open, spec};

const HOUR: i64 = 3600;

/// An Alibaba-style daily line of Beijing day (y, m, d): charge and billing
/// periods start at 16:00 UTC the day before.
fn beijing_line(day: (i32, u32, u32), billed: &str, row: u64) -> CostLine {
    let d = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    let mut l = line(&d, day, billed, billed, row);
    l.charge_period_start -= 8 * HOUR;
    l.charge_period_end -= 8 * HOUR;
    l.billing_period_start -= 8 * HOUR;
    l.billing_period_end -= 8 * HOUR;
    l
}

fn month_totals(rows: &[cloudlens_store::SummaryRow]) -> Vec<(String, Decimal)> {
    rows.iter()
        .map(|r| (r.month.clone(), r.billed_cost))
        .collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn beijing_months_equal_the_bill_once_days_follow_the_provider_zone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(beijing_line((2026, 9, 30), "10.01", 1))?;
            s.push(beijing_line((2026, 10, 1), "20.02", 2))?;
            s.push(beijing_line((2026, 10, 31), "30.03", 3))?;
            s.push(beijing_line((2026, 11, 1), "40.04", 4))
        })
        .unwrap();
    // A store that never chose a zone keeps UTC days: 1 October Beijing
    // counts on 30 September.
    assert_eq!(store.lines().chosen_day_zone().unwrap(), None);
    assert_eq!(
        month_totals(&store.lines().summary().unwrap()),
        vec![
            ("2026-09".into(), dec("30.03")),
            ("2026-10".into(), dec("70.07"))
        ]
    );

    let provider_zones = DayZone::from_str("Europe/Berlin;provider").unwrap();
    assert!(store.lines_mut().set_day_zone(provider_zones).unwrap());
    let bill = vec![
        ("2026-09".into(), dec("10.01")),
        ("2026-10".into(), dec("50.05")),
        ("2026-11".into(), dec("40.04")),
    ];
    assert_eq!(month_totals(&store.lines().summary().unwrap()), bill);
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    assert_eq!(
        store.lines().latest_day().unwrap().unwrap().to_string(),
        "2026-11-01"
    );
    // The same months from the lines in an explicit zone, without the rollup.
    let shanghai = DayZone::from_str("Asia/Shanghai").unwrap();
    assert_eq!(
        month_totals(&store.lines().summary_in(&shanghai).unwrap()),
        bill
    );
    assert_eq!(
        month_totals(&store.lines().summary_in(&DayZone::default()).unwrap()),
        vec![
            ("2026-09".into(), dec("30.03")),
            ("2026-10".into(), dec("70.07"))
        ]
    );
    // Setting the same zone again changes nothing.
    assert!(!store.lines_mut().set_day_zone(provider_zones).unwrap());
}

#[test]
fn a_zone_change_moves_day_boundaries_and_later_runs_keep_the_rollup_exact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let aws = dims("AWS", "111", "USD", "Amazon EC2");
    // 23:00 UTC on 31 October: 1 November in Berlin, 31 October in UTC.
    let mut late = line(&aws, (2026, 10, 31), "5", "5", 1);
    late.charge_period_start += 23 * HOUR;
    late.charge_period_end = late.charge_period_start + HOUR;
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| s.push(late.clone()))
        .unwrap();
    let generation = store.lines().generation().unwrap();
    let berlin = DayZone::from_str("Europe/Berlin").unwrap();
    store.lines_mut().set_day_zone(berlin).unwrap();
    assert!(store.lines().generation().unwrap() > generation);
    assert_eq!(
        month_totals(&store.lines().summary().unwrap()),
        vec![("2026-11".into(), dec("5"))]
    );
    assert_eq!(store.lines().day_zone().unwrap(), berlin);
    let spans = store.lines().run_spans().unwrap();
    let nov_1 = cloudlens_store::day_index(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    assert_eq!((spans[0].first_day, spans[0].last_day), (nov_1, nov_1));

    // Imports, restatements and removals after the change use the new days.
    let out = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            let mut other = late.clone();
            other.dims = dims("AWS", "222", "USD", "Amazon EC2");
            s.push(other)?;
            s.push(beijing_line((2026, 11, 1), "1.5", 2))
        })
        .unwrap();
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    store.lines_mut().remove_run(out.run_id).unwrap();
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    store.lines_mut().set_day_zone(DayZone::default()).unwrap();
    assert_eq!(
        month_totals(&store.lines().summary().unwrap()),
        vec![("2026-10".into(), dec("5"))]
    );
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
}
