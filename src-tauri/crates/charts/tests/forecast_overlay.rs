//! A day chart with the forecast of its scope after it: the actuals as the
//! chart draws them, then the forecast line and both bands in a colour no
//! series takes, the x bands running on to the forecast's last day.

mod support;

use cloudlens_charts::{
    daily_with_forecast, stacked_daily, ChartError, DailyStyle, ForecastBand, ForecastLabels,
    LineStyle, Series, Theme, DAILY_SIZE,
};
use rust_decimal::Decimal;
use support::{days, parse, texts};

fn labels() -> ForecastLabels {
    ForecastLabels {
        actual: "Actual".into(),
        forecast: "Forecast".into(),
        band80: "80%".into(),
        band95: "95%".into(),
    }
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

struct Fixture {
    mean: Vec<Decimal>,
    lo80: Vec<Decimal>,
    hi80: Vec<Decimal>,
    lo95: Vec<Decimal>,
    hi95: Vec<Decimal>,
    labels: ForecastLabels,
}

fn fixture(n: usize) -> Fixture {
    Fixture {
        mean: vec![d(10); n],
        lo80: vec![d(8); n],
        hi80: vec![d(12); n],
        lo95: vec![d(6); n],
        hi95: vec![d(14); n],
        labels: labels(),
    }
}

fn band(f: &Fixture, first_day: chrono::NaiveDate) -> ForecastBand<'_> {
    ForecastBand {
        first_day,
        mean: &f.mean,
        lo80: &f.lo80,
        hi80: &f.hi80,
        lo95: &f.lo95,
        hi95: &f.hi95,
        labels: &f.labels,
    }
}

fn two_services() -> Vec<Series> {
    vec![
        Series::new("ECS", (1..=6).map(d).collect()),
        Series::new("OSS", vec![d(2); 6]),
    ]
}

#[test]
fn bars_then_the_forecast_on_the_days_after() {
    let history = days((2026, 3, 1), 6);
    let f = fixture(4);
    let next = *history.last().unwrap() + chrono::Duration::days(1);
    let series = two_services();
    let v = daily_with_forecast(
        &history,
        &series,
        "CNY",
        DAILY_SIZE,
        &Theme::default(),
        DailyStyle::StackedBars,
        &band(&f, next),
    )
    .unwrap();
    assert_eq!(
        v.x.len(),
        10,
        "the x bands run on to the forecast's last day"
    );
    assert_eq!(v.x[6], "2026-03-07");
    assert!(v.series.iter().all(|s| s.values.len() == 10));
    let labels: Vec<&str> = v.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["ECS", "OSS", "Forecast", "80% ↓", "80% ↑", "95% ↓", "95% ↑"]
    );
    assert_eq!(v.stacked, 2, "only the bars add up to a day's total");
    assert_eq!(v.series[0].values[5], "6");
    assert_eq!(v.series[0].values[6], "", "no actual on forecast days");
    assert_eq!(v.series[2].values[5], "", "no forecast on charged days");
    assert_eq!(v.series[2].values[6], "10");
    assert_eq!(v.series[6].values[9], "14");
    let elements = parse(&v.svg);
    assert_eq!(elements.iter().filter(|e| e.name == "polygon").count(), 2);
    let t = texts(&elements);
    for label in ["ECS", "OSS", "Forecast", "80%", "95%"] {
        assert!(t.iter().any(|s| s == label), "{label} missing from {t:?}");
    }
    // The forecast's colour is none of the series'.
    let forecast = &v.series[2].color;
    assert!(v.series[..2].iter().all(|s| &s.color != forecast));
    // The bars keep their own chart's geometry per band.
    let plain = stacked_daily(&history, &series, "CNY", DAILY_SIZE).unwrap();
    assert_eq!(plain.series[0].values, v.series[0].values[..6]);
}

#[test]
fn lines_and_areas_take_the_same_band() {
    let history = days((2026, 3, 1), 6);
    let f = fixture(3);
    let next = *history.last().unwrap() + chrono::Duration::days(1);
    for style in [LineStyle::Line, LineStyle::Area] {
        let v = daily_with_forecast(
            &history,
            &two_services(),
            "USD",
            DAILY_SIZE,
            &Theme::default(),
            DailyStyle::Lines(style),
            &band(&f, next),
        )
        .unwrap();
        assert_eq!(v.x.len(), 9, "{style:?}");
        assert_eq!(v.series[2].values[8], "10", "{style:?}");
    }
}

#[test]
fn a_forecast_from_inside_the_chart_overlaps_its_last_days() {
    let history = days((2026, 3, 1), 6);
    let f = fixture(4);
    let v = daily_with_forecast(
        &history,
        &two_services(),
        "CNY",
        DAILY_SIZE,
        &Theme::default(),
        DailyStyle::StackedBars,
        &band(&f, history[4]),
    )
    .unwrap();
    assert_eq!(v.x.len(), 8);
    assert_eq!(v.series[2].values[4], "10");
    assert_eq!(v.series[0].values[5], "6");
}

#[test]
fn refuses_a_band_off_the_chart_or_with_ragged_columns() {
    let history = days((2026, 3, 1), 6);
    let f = fixture(4);
    let later = *history.last().unwrap() + chrono::Duration::days(3);
    let off = daily_with_forecast(
        &history,
        &two_services(),
        "CNY",
        DAILY_SIZE,
        &Theme::default(),
        DailyStyle::StackedBars,
        &band(&f, later),
    );
    assert!(matches!(off, Err(ChartError::BandOffChart { .. })));
    let next = *history.last().unwrap() + chrono::Duration::days(1);
    let short = vec![d(1); 3];
    let ragged = ForecastBand {
        hi95: &short,
        ..band(&f, next)
    };
    assert!(matches!(
        daily_with_forecast(
            &history,
            &two_services(),
            "CNY",
            DAILY_SIZE,
            &Theme::default(),
            DailyStyle::StackedBars,
            &ragged,
        ),
        Err(ChartError::LengthMismatch {
            expected: 4,
            actual: 3,
            ..
        })
    ));
}
