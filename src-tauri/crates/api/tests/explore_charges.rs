//! Charge types, spread period charges and the partial last period on the
//! demo in a real encrypted store: the charge-type filter keeps exactly the
//! categories asked for, spreading moves monthly charges onto the days they
//! cover without changing a month's total by a nano-unit, and a month the
//! data stops in is marked.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::*;
use rust_decimal::Decimal;
use zeroize::Zeroizing;

fn demo() -> (tempfile::TempDir, CloudLens) {
    let dir = tempfile::tempdir().unwrap();
    let key = KeySource::Passphrase(Zeroizing::new("charges test".into()));
    let cl = CloudLens::open(&dir.path().join("s.db"), &key).unwrap();
    let opts = DemoOptions {
        lines: 30_000,
        seed: 11,
        end: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    (dir, cl)
}

fn query(group_by: &[&str], from: &str, to: &str, g: Granularity) -> ExploreQuery {
    ExploreQuery {
        group_by: group_by.iter().map(|s| s.to_string()).collect(),
        filters: Vec::new(),
        from: from.into(),
        to: to.into(),
        granularity: g,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: false,
        spread_periods: false,
        limit: 0,
    }
}

fn charge_types(types: &[&str], exclude: bool) -> DimensionFilter {
    DimensionFilter {
        dimension: CHARGE_TYPE.into(),
        values: types.iter().map(|t| Some(t.to_string())).collect(),
        exclude,
    }
}

/// Amount per (first group, currency) over the whole result.
fn by_group(r: &ExploreResult) -> BTreeMap<(Option<String>, String), Decimal> {
    let mut out = BTreeMap::new();
    for row in &r.rows {
        *out.entry((row.groups[0].clone(), row.currency.clone()))
            .or_insert(Decimal::ZERO) += Decimal::from_str(&row.amount).unwrap();
    }
    out
}

/// Amount per (month, currency) of a day result.
fn by_month(r: &ExploreResult) -> BTreeMap<(String, String), Decimal> {
    let mut out = BTreeMap::new();
    for row in &r.rows {
        *out.entry((row.period[..7].to_string(), row.currency.clone()))
            .or_insert(Decimal::ZERO) += Decimal::from_str(&row.amount).unwrap();
    }
    out
}

#[test]
fn charge_types_spreading_and_the_partial_month() {
    let (_dir, cl) = demo();
    let all = cl
        .explore(
            &query(
                &["charge_category"],
                "2026-01-01",
                "2026-03-01",
                Granularity::Month,
            ),
            ChartStyle::StackedBar,
            Locale::En,
        )
        .unwrap();
    let all = by_group(&all);
    let categories: Vec<&str> = all.keys().filter_map(|k| k.0.as_deref()).collect();
    for c in ["Usage", "Tax", "Credit"] {
        assert!(
            categories.contains(&c),
            "the demo has {c} lines: {categories:?}"
        );
    }

    // Only usage and taxes: exactly those categories, to the nano-unit.
    let mut q = query(
        &["charge_category"],
        "2026-01-01",
        "2026-03-01",
        Granularity::Month,
    );
    q.filters = vec![charge_types(&["usage", "tax"], false)];
    let some = by_group(&cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap());
    let expected: BTreeMap<_, _> = all
        .iter()
        .filter(|(k, _)| matches!(k.0.as_deref(), Some("Usage" | "Tax")))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(some, expected);

    // Hiding credits leaves everything else.
    q.filters = vec![charge_types(&["credit"], true)];
    let no_credit = by_group(&cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap());
    let without: BTreeMap<_, _> = all
        .iter()
        .filter(|(k, _)| k.0.as_deref() != Some("Credit"))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(no_credit, without);

    // Taxes by day: unspread on the 1st only, spread over every day of the
    // month, each month's total unchanged.
    let mut q = query(&[], "2026-01-01", "2026-03-01", Granularity::Day);
    q.filters = vec![charge_types(&["tax"], false)];
    let lumped = cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap();
    assert!(
        lumped.rows.iter().all(|r| r.period.ends_with("-01")),
        "taxes charged on the 1st"
    );
    q.spread_periods = true;
    let spread = cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap();
    assert_eq!(by_month(&spread), by_month(&lumped));
    let days: std::collections::BTreeSet<&str> =
        spread.rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(
        days.len(),
        31 + 28,
        "every day of January and February carries tax"
    );
    for r in &spread.rows {
        let cents = Decimal::from_str(&r.amount).unwrap() * Decimal::from(100);
        assert!(
            r.period.ends_with("-01") || cents.fract().is_zero(),
            "days after the first hold whole cents: {r:?}"
        );
    }

    // The whole store spread: month totals of every currency unchanged.
    let mut q = query(&[], "2026-01-01", "2026-03-01", Granularity::Day);
    let plain = by_month(&cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap());
    q.spread_periods = true;
    let spread = by_month(&cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap());
    assert_eq!(spread, plain);

    // March ends after the data (17 March): partial, and hatched.
    let q = query(&[], "2026-01-01", "2026-04-01", Granularity::Month);
    let r = cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap();
    assert_eq!(r.partial_period.as_deref(), Some("2026-03-01"));
    assert!(r.chart.unwrap().svg.contains("partial-period"));
    let q = query(&[], "2026-01-01", "2026-03-01", Granularity::Month);
    let r = cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap();
    assert_eq!(r.partial_period, None);
    assert!(!r.chart.unwrap().svg.contains("partial-period"));
}

#[test]
fn missing_group_values_are_named_in_the_users_language() {
    let (_dir, cl) = demo();
    let mut q = query(&["region"], "2026-01-01", "2026-03-01", Granularity::Month);
    q.filters = vec![charge_types(&["tax", "credit"], false)];
    let labels = |locale| -> Vec<String> {
        let r = cl.explore(&q, ChartStyle::StackedBar, locale).unwrap();
        r.chart
            .unwrap()
            .series
            .into_iter()
            .map(|s| s.label)
            .collect()
    };
    let (en, zh) = (labels(Locale::En), labels(Locale::ZhCn));
    assert!(
        en.iter().any(|l| l == "(none)"),
        "taxes and credits have no region: {en:?}"
    );
    assert!(zh.iter().any(|l| l == "（无）"), "{zh:?}");
    assert!(!zh.iter().any(|l| l == "(none)"));
}

fn overview_total(view: &OverviewView, currency: &str, last: bool) -> Decimal {
    let c = view
        .currencies
        .iter()
        .find(|c| c.currency == currency)
        .unwrap();
    Decimal::from_str(if last {
        &c.last_month
    } else {
        &c.month_to_date
    })
    .unwrap()
}

#[test]
fn the_overview_hides_charge_types_and_spreads_like_the_explorer() {
    let (_dir, cl) = demo();
    let plain = cl.overview(CostMetric::Billed, None, Locale::En).unwrap();
    // Through the explorer engine but hiding nothing: the rollup's numbers.
    let spread = OverviewCharges {
        hidden: Vec::new(),
        spread_periods: true,
    };
    let spread = cl
        .overview_of(CostMetric::Billed, None, Locale::En, &spread)
        .unwrap();
    for c in &plain.currencies {
        assert_eq!(
            overview_total(&spread, &c.currency, true),
            overview_total(&plain, &c.currency, true),
            "last month is whole: spreading keeps it"
        );
    }

    // Credits hidden: last month equals the explorer's February without credits.
    let hide = OverviewCharges {
        hidden: vec!["credit".into()],
        spread_periods: false,
    };
    let hidden = cl
        .overview_of(CostMetric::Billed, None, Locale::En, &hide)
        .unwrap();
    let mut q = query(&[], "2026-02-01", "2026-03-01", Granularity::Month);
    q.filters = vec![charge_types(&["credit"], true)];
    let explored = cl.explore(&q, ChartStyle::StackedBar, Locale::En).unwrap();
    let mut credits_seen = false;
    for g in &explored.grand_totals {
        assert_eq!(
            overview_total(&hidden, &g.currency, true),
            Decimal::from_str(&g.amount).unwrap(),
            "{}",
            g.currency
        );
        credits_seen |=
            overview_total(&hidden, &g.currency, true) > overview_total(&plain, &g.currency, true);
    }
    assert!(credits_seen, "hiding credits raises a total");

    let bad = OverviewCharges {
        hidden: vec!["taxes".into()],
        spread_periods: false,
    };
    let err = cl
        .overview_of(CostMetric::Billed, None, Locale::En, &bad)
        .unwrap_err();
    assert!(err.message.contains("\"taxes\""), "{}", err.message);

    // The provider chart's two series keep their colours in both languages.
    let zh = cl.overview(CostMetric::Billed, None, Locale::ZhCn).unwrap();
    let colours = |v: &OverviewView| -> Vec<String> {
        v.currencies[0]
            .provider_chart
            .series
            .iter()
            .map(|s| s.color.clone())
            .collect()
    };
    assert_eq!(colours(&zh), colours(&plain));
}
