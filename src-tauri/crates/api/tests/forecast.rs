//! Forecasts through the API on a real encrypted store: projections whose
//! charged part is the explorer's exact sum, scopes with filters and
//! display currencies, and the too-short message in both languages.

mod demo_store;

use std::str::FromStr;

use cloudlens_api::*;
use rust_decimal::Decimal;

fn demo() -> (tempfile::TempDir, CloudLens) {
    demo_store::demo("forecast test")
}

fn query(group_by: &[&str]) -> ForecastQuery {
    ForecastQuery {
        group_by: group_by.iter().map(|s| s.to_string()).collect(),
        filters: Vec::new(),
        metric: ExploreMetric::Billed,
        display_currency: None,
        as_of: None,
        horizon: None,
        rules_version: None,
        apply_shared_costs: false,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn month_to_date_is_the_explorers_exact_sum() {
    let (_dir, cl) = demo();
    let r = cl.forecast(&query(&["provider"]), Locale::En).unwrap();
    assert_eq!(r.as_of, "2026-05-20");
    // To the end of June.
    assert_eq!(r.horizon, 42);
    let month = cl
        .explore_rows(&ExploreQuery {
            group_by: vec!["provider".into()],
            filters: Vec::new(),
            from: "2026-05-01".into(),
            to: "2026-05-20".into(),
            granularity: Granularity::Month,
            metric: ExploreMetric::Billed,
            display_currency: None,
            rules_version: None,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        })
        .unwrap()
        .0;
    assert!(r.series.len() >= 3);
    for s in &r.series {
        let row = month
            .rows
            .iter()
            .find(|r| r.groups[0].as_deref() == s.groups[0].as_deref() && r.currency == s.currency)
            .unwrap();
        let exact = dec(&row.amount).round_dp(2);
        let m = s.month_end.as_ref().unwrap();
        assert_eq!(dec(&m.actual_to_date), exact, "{:?}", s.groups);
        assert_eq!(m.period, "2026-05");
        let rest: Decimal = s.points[..12].iter().map(|p| dec(&p.mean)).sum();
        assert!(
            (dec(&m.mean) - exact - rest).abs() <= Decimal::new(12, 2),
            "{m:?}"
        );
        assert!(dec(&m.lo80) <= dec(&m.mean) && dec(&m.mean) <= dec(&m.hi80));
        let b = s.backtest.as_ref().unwrap();
        assert!(b.summary.starts_with("Over the last"), "{}", b.summary);
        assert_eq!(s.quarter_end.as_ref().unwrap().period, "2026-Q2");
    }
}

#[test]
fn filters_currencies_and_short_histories() {
    let (_dir, cl) = demo();
    let mut q = query(&["service"]);
    q.filters.push(DimensionFilter {
        dimension: "provider".into(),
        values: vec![Some("AWS".into())],
        exclude: false,
    });
    q.display_currency = Some("CNY".into());
    q.horizon = Some(7);
    let r = cl.forecast(&q, Locale::En).unwrap();
    assert!(!r.series.is_empty());
    assert!(r
        .series
        .iter()
        .all(|s| s.currency == "CNY" && s.points.len() == 7));
    // The shipped rates start in October 2025: earlier days are left out, and said so.
    assert!(
        r.series[0].notes[0].starts_with("History before 2025-10-01 is left out"),
        "{:?}",
        r.series[0].notes
    );

    // Ten days after the demo starts, nothing can be forecast yet.
    let mut q = query(&[]);
    q.as_of = Some("2025-05-11".into());
    let r = cl.forecast(&q, Locale::ZhCn).unwrap();
    assert!(!r.series.is_empty());
    for s in &r.series {
        assert_eq!(s.model, "too_short");
        assert!(s.points.is_empty() && s.month_end.is_none());
        assert!(
            s.too_short.as_deref().unwrap().contains("数据太少"),
            "{:?}",
            s.too_short
        );
    }
    let r = cl.forecast(&q, Locale::En).unwrap();
    assert!(r.series[0]
        .too_short
        .as_deref()
        .unwrap()
        .contains("at least 21 days"));

    let mut bad = query(&[]);
    bad.metric = ExploreMetric::Usage;
    assert_eq!(
        cl.forecast(&bad, Locale::En).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    bad = query(&[]);
    bad.as_of = Some("20-05-2026".into());
    assert!(cl
        .forecast(&bad, Locale::En)
        .unwrap_err()
        .message
        .contains("as_of"));
}
