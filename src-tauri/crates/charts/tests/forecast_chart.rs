//! The forecast chart: history line, forecast line, 80% and 95% bands on the
//! shared day bands, hover values padded to every band.

mod support;

use cloudlens_charts::{
    forecast_band, ChartError, ForecastChart, ForecastLabels, Theme, DAILY_SIZE,
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

#[test]
fn draws_history_forecast_and_both_bands() {
    let all = days((2026, 3, 1), 10);
    let history: Vec<Decimal> = (1..=6).map(d).collect();
    let mean = vec![d(7); 4];
    let (lo80, hi80) = (vec![d(6); 4], vec![d(8); 4]);
    let (lo95, hi95) = (vec![d(5); 4], vec![d(9); 4]);
    let l = labels();
    let chart = ForecastChart {
        days: &all,
        history: &history,
        mean: &mean,
        lo80: &lo80,
        hi80: &hi80,
        lo95: &lo95,
        hi95: &hi95,
        currency: "CNY",
        labels: &l,
    };
    let v = forecast_band(&chart, DAILY_SIZE, &Theme::default()).unwrap();
    let elements = parse(&v.svg);
    assert_eq!(elements.iter().filter(|e| e.name == "polygon").count(), 2);
    assert!(elements.iter().filter(|e| e.name == "polyline").count() >= 3);
    let t = texts(&elements);
    for label in ["Actual", "Forecast", "80%", "95%"] {
        assert!(t.iter().any(|s| s == label), "{label} missing from {t:?}");
    }
    assert_eq!(v.x.len(), 10);
    assert!(v.series.iter().all(|s| s.values.len() == 10));
    assert_eq!(v.series[0].values[5], "6");
    assert_eq!(v.series[0].values[6], "");
    assert_eq!(v.series[1].values[6], "7");
    assert_eq!(v.series[5].values[9], "9");
    // The 80% band is drawn darker (closer to the forecast colour) than the 95% band.
    assert_ne!(v.series[2].color, v.series[4].color);
}

#[test]
fn refuses_columns_that_do_not_fit_the_days() {
    let all = days((2026, 3, 1), 5);
    let history = vec![d(1); 3];
    let short = vec![d(1); 1];
    let two = vec![d(1); 2];
    let l = labels();
    let chart = ForecastChart {
        days: &all,
        history: &history,
        mean: &two,
        lo80: &short,
        hi80: &two,
        lo95: &two,
        hi95: &two,
        currency: "USD",
        labels: &l,
    };
    assert!(matches!(
        forecast_band(&chart, DAILY_SIZE, &Theme::default()),
        Err(ChartError::LengthMismatch {
            expected: 2,
            actual: 1,
            ..
        })
    ));
}
