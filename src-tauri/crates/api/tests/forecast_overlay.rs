//! The forecast band on the Overview's and the Explorer's day charts: the
//! actuals as those pages draw them, then the forecast engine's own figures
//! for the whole scope (the same as the Forecast page's), on a real
//! encrypted store.

use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::*;
use rust_decimal::Decimal;
use zeroize::Zeroizing;

fn demo() -> (tempfile::TempDir, CloudLens) {
    let dir = tempfile::tempdir().unwrap();
    let key = KeySource::Passphrase(Zeroizing::new("overlay test".into()));
    let cl = CloudLens::open(&dir.path().join("s.db"), &key, Actor::fixed("tester")).unwrap();
    let opts = DemoOptions {
        lines: 12_000,
        seed: 5,
        end: NaiveDate::from_ymd_opt(2026, 5, 19).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    (dir, cl)
}

fn scope(filters: Vec<DimensionFilter>, as_of: &str) -> ForecastQuery {
    ForecastQuery {
        group_by: Vec::new(),
        filters,
        metric: ExploreMetric::Billed,
        display_currency: None,
        as_of: Some(as_of.into()),
        horizon: Some(30),
        rules_version: None,
        apply_shared_costs: false,
    }
}

/// A series' hover values on the forecast days, as exact amounts (the chart
/// writes them normalised: "9312.8" for "9312.80").
fn band_values(chart: &ChartView, label: &str) -> Vec<Decimal> {
    let s = chart.series.iter().find(|s| s.label == label).unwrap();
    s.values
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| dec(v))
        .collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_overviews_daily_chart_runs_on_into_the_forecast_of_each_currency() {
    let (_dir, cl) = demo();
    let view = cl.overview(CostMetric::Billed, None, Locale::En).unwrap();
    let bands = cl
        .overview_forecast(CostMetric::Billed, None, Locale::En)
        .unwrap();
    assert_eq!(bands.len(), view.currencies.len());
    for (band, c) in bands.iter().zip(&view.currencies) {
        assert_eq!(band.currency, c.currency);
        let chart = band
            .chart
            .as_ref()
            .expect("the demo is long enough to forecast");
        assert_eq!(chart.kind, ChartKind::Stacked);
        assert_eq!(chart.x.len(), c.daily_chart.x.len() + 30);
        assert_eq!(chart.x[..90], c.daily_chart.x[..]);
        assert_eq!(chart.x[90], "2026-05-20");
        // The actual series are the Overview's, with nothing on forecast days.
        for (drawn, actual) in chart.series.iter().zip(&c.daily_chart.series) {
            assert_eq!(drawn.label, actual.label);
            assert_eq!(drawn.values[..90], actual.values[..]);
            assert!(drawn.values[90..].iter().all(String::is_empty));
        }
        // The band is the forecast engine's for the currency's whole bill.
        let same = cl
            .forecast(&scope(Vec::new(), "2026-05-20"), Locale::En)
            .unwrap();
        let f = same
            .series
            .iter()
            .find(|s| s.currency == c.currency)
            .unwrap();
        assert_eq!(band.forecast.points, f.points);
        let mean: Vec<Decimal> = f.points.iter().map(|p| dec(&p.mean)).collect();
        assert_eq!(band_values(chart, "Forecast"), mean);
        let hi95: Vec<Decimal> = f.points.iter().map(|p| dec(&p.hi95)).collect();
        assert_eq!(band_values(chart, "95% range ↑"), hi95);
        assert!(
            chart.svg.contains("#AA4499"),
            "the forecast has a colour of its own"
        );
    }
}

#[test]
fn the_explorers_day_chart_takes_the_forecast_of_its_filtered_scope() {
    let (_dir, cl) = demo();
    let filters = vec![DimensionFilter {
        dimension: "provider".into(),
        values: vec![Some("Alibaba Cloud".into())],
        exclude: false,
    }];
    let mut q = ExploreQuery {
        group_by: vec!["service".into()],
        filters: filters.clone(),
        from: "2026-04-01".into(),
        to: "2026-05-20".into(),
        granularity: Granularity::Day,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: true,
        spread_periods: false,
        limit: 0,
    };
    let plain = cl.explore(&q, ChartStyle::Line, Locale::ZhCn).unwrap();
    let plain_chart = plain.chart.unwrap();
    let band = cl
        .explore_forecast(&q, ChartStyle::Line, Locale::ZhCn)
        .unwrap()
        .expect("a day query in money gets a band");
    let chart = band.chart.unwrap();
    assert_eq!(chart.kind, ChartKind::Line);
    assert_eq!(chart.x.len(), plain_chart.x.len() + 30);
    assert_eq!(
        chart.series[0].values[..49],
        plain_chart.series[0].values[..]
    );
    let same = cl
        .forecast(
            &ForecastQuery {
                apply_shared_costs: true,
                ..scope(filters, "2026-05-20")
            },
            Locale::ZhCn,
        )
        .unwrap();
    let f = same
        .series
        .iter()
        .find(|s| s.currency == chart.currency)
        .unwrap();
    assert_eq!(band.forecast.points, f.points);
    assert_eq!(band_values(&chart, "预测").len(), 30);

    // An earlier range is forecast as of its own end (no later line read).
    q.to = "2026-05-01".into();
    let early = cl
        .explore_forecast(&q, ChartStyle::StackedBar, Locale::En)
        .unwrap()
        .unwrap();
    assert_eq!(early.forecast.points[0].date, "2026-05-01");

    // Months, or a metric that is not money, get no band.
    q.granularity = Granularity::Month;
    assert!(cl
        .explore_forecast(&q, ChartStyle::StackedBar, Locale::En)
        .unwrap()
        .is_none());
    q.granularity = Granularity::Day;
    q.metric = ExploreMetric::Usage;
    assert!(cl
        .explore_forecast(&q, ChartStyle::StackedBar, Locale::En)
        .unwrap()
        .is_none());
}
