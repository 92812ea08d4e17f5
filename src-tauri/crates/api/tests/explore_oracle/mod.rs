//! The explorer's oracle: the demo in a real encrypted store, its lines read
//! back with `Store::scan_lines`, and plain `Decimal` sums of them to hold
//! every explorer answer against.
// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate};
use cloudlens_api::*;
use cloudlens_model::CostLine;
use cloudlens_store::{LineFilter, Store};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

pub const PASS: &str = "explore test";

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub cl: CloudLens,
    pub lines: Vec<CostLine>,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let key = KeySource::Passphrase(Zeroizing::new(PASS.into()));
    let cl = CloudLens::open(&path, &key, Actor::fixed("tester")).unwrap();
    let opts = DemoOptions {
        lines: 30_000,
        seed: 7,
        end: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    let store = Store::open(&path, &key).unwrap();
    let mut lines = Vec::new();
    store
        .lines()
        .scan_lines::<cloudlens_store::StoreError>(&LineFilter::default(), |l| {
            lines.push(l);
            Ok(())
        })
        .unwrap();
    assert!(lines.len() > 10_000);
    Fixture {
        _dir: dir,
        cl,
        lines,
    }
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn day_of(l: &CostLine) -> NaiveDate {
    chrono::DateTime::from_timestamp(l.charge_period_start, 0)
        .unwrap()
        .date_naive()
}

pub fn period(day: NaiveDate, g: Granularity) -> NaiveDate {
    match g {
        Granularity::Day => day,
        Granularity::Week => {
            day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64)
        }
        Granularity::Month => day.with_day(1).unwrap(),
    }
}

pub fn query(group_by: &[&str], from: &str, to: &str, g: Granularity) -> ExploreQuery {
    ExploreQuery {
        group_by: group_by.iter().map(|s| s.to_string()).collect(),
        filters: Vec::new(),
        from: from.into(),
        to: to.into(),
        granularity: g,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: true,
        spread_periods: false,
        limit: 0,
    }
}

pub type Sums = BTreeMap<(String, Vec<Option<String>>, String), Decimal>;

pub fn got(r: &ExploreResult) -> Sums {
    let mut out = Sums::new();
    for row in &r.rows {
        let prev = out.insert(
            (row.period.clone(), row.groups.clone(), row.currency.clone()),
            Decimal::from_str(&row.amount).unwrap(),
        );
        assert!(prev.is_none(), "duplicate row {row:?}");
    }
    out
}

/// Sums billed cost per (period, groups, currency) over the lines `keep`
/// accepts, dropping zero sums (the explorer shows no empty groups).
pub fn expected(
    lines: &[CostLine],
    from: &str,
    to: &str,
    g: Granularity,
    keep: impl Fn(&CostLine) -> bool,
    groups: impl Fn(&CostLine) -> Vec<Option<String>>,
) -> Sums {
    let (from, to) = (d(from), d(to));
    let mut out = Sums::new();
    for l in lines {
        let day = day_of(l);
        if day < from || day >= to || !keep(l) {
            continue;
        }
        *out.entry((
            period(day, g).to_string(),
            groups(l),
            l.dims.billing_currency.clone(),
        ))
        .or_default() += l.billed_cost;
    }
    out.retain(|_, v| !v.is_zero());
    for v in out.values_mut() {
        *v = v.normalize();
    }
    out
}

pub fn tag(l: &CostLine, k: &str) -> Option<String> {
    l.dims.tags.get(k).cloned()
}
