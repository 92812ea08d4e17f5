//! Behaviour of the detector on series with known structure.

use chrono::{Datelike, Duration, NaiveDate};

use crate::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A series with a weekly pattern, growth, a month-start charge and a
/// little deterministic noise.
fn series(start: NaiveDate, days: usize, level: f64) -> Vec<f64> {
    (0..days)
        .map(|i| {
            let date = start + Duration::days(i as i64);
            let weekend = date.weekday().num_days_from_monday() >= 5;
            let mut v = level * (1.0 + 0.001 * i as f64) * if weekend { 0.7 } else { 1.0 };
            v *= 1.0 + 0.03 * ((i * 7919 % 13) as f64 / 6.0 - 1.0);
            if date.day() == 1 {
                v += level * 1.5;
            }
            v
        })
        .collect()
}

fn input<'a>(start: NaiveDate, values: &'a [f64], learned: &'a [Learned]) -> SeriesInput<'a> {
    SeriesInput {
        start,
        values,
        region: HolidayRegion::Western,
        covered_from: start,
        learned,
        impact_scale: None,
    }
}

#[test]
fn expected_spend_does_not_alarm() {
    let start = d("2025-03-01");
    let y = series(start, 300, 1000.0);
    let found = Detector::default().detect(&input(start, &y, &[]), &Thresholds::default());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_large_month_start_charge_seen_on_the_first_day_of_the_data_does_not_alarm_a_month_later() {
    // Taxes of a whole month billed on its first day, many times a day's
    // spend; the data begins on such a day, before the model has a level.
    let start = d("2025-11-01");
    let mut y = series(start, 120, 1000.0);
    for (i, v) in y.iter_mut().enumerate() {
        if (start + Duration::days(i as i64)).day() == 1 {
            *v += 15_000.0;
        }
    }
    let found = Detector::default().detect(&input(start, &y, &[]), &Thresholds::default());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_two_day_spike_is_one_anomaly() {
    let start = d("2025-03-01");
    let mut y = series(start, 300, 1000.0);
    y[200] *= 3.0;
    y[201] *= 2.5;
    let found = Detector::default().detect(&input(start, &y, &[]), &Thresholds::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        (f.kind, f.start, f.end),
        (
            Kind::Rise,
            start + Duration::days(200),
            start + Duration::days(201)
        )
    );
    assert_eq!(f.detected_on, f.start);
    assert!(f.impact() > 2500.0 && f.percent() > 100.0, "{f:?}");
}

#[test]
fn planting_future_data_does_not_change_a_past_verdict() {
    let start = d("2025-03-01");
    let mut y = series(start, 300, 1000.0);
    y[200] *= 3.0;
    let det = Detector::default();
    let before = det.model(&input(start, &y[..=200], &[]));
    let mut later = y.clone();
    for v in &mut later[201..] {
        *v *= 5.0;
    }
    let after = det.model(&input(start, &later, &[]));
    assert_eq!(before[..], after[..=200]);
    let a = det.detect(&input(start, &y[..=200], &[]), &Thresholds::default());
    let b = det.detect(&input(start, &later, &[]), &Thresholds::default());
    assert_eq!(a[0].start, b[0].start);
    assert_eq!(a[0].detected_on, b[0].detected_on);
}

#[test]
fn an_expected_monthly_job_stops_alarming() {
    let start = d("2025-03-01");
    let mut y = series(start, 300, 1000.0);
    let day = |s: &str| (d(s) - start).num_days() as usize;
    y[day("2025-09-10")] += 2000.0;
    y[day("2025-10-10")] += 2100.0;
    let det = Detector::default();
    let th = Thresholds::default();
    let found = det.detect(&input(start, &y, &[]), &th);
    assert_eq!(found.len(), 2, "{found:#?}");
    let shape = AnomalyShape {
        kind: found[0].kind,
        start: found[0].start,
        end: found[0].end,
        latest_day: d("2025-09-20"),
        peak_percent: found[0].peak_percent(),
    };
    let learned = [learn(Verdict::Expected, &shape)];
    let again = det.detect(&input(start, &y, &learned), &th);
    assert!(
        again.iter().all(|f| f.start < d("2025-10-01")),
        "{again:#?}"
    );
}

#[test]
fn a_new_level_accepted_as_the_baseline_stops_alarming() {
    let start = d("2025-03-01");
    let mut y = series(start, 300, 1000.0);
    for v in &mut y[200..] {
        *v *= 2.0;
    }
    let det = Detector::default();
    let th = Thresholds::default();
    let found = det.detect(&input(start, &y[..203], &[]), &th);
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found
            .iter()
            .map(|f| (f.kind, f.start, f.end))
            .collect::<Vec<_>>()
    );
    assert!(found[0].ongoing);
    let shape = AnomalyShape {
        kind: Kind::Rise,
        start: found[0].start,
        end: found[0].end,
        latest_day: found[0].end,
        peak_percent: found[0].peak_percent(),
    };
    let learned = [learn(Verdict::Expected, &shape)];
    let again = det.detect(&input(start, &y, &learned), &th);
    assert!(again.iter().all(|f| f.end <= found[0].end), "{again:#?}");
}

#[test]
fn new_spend_is_reported_once() {
    let start = d("2025-03-01");
    let mut y = vec![0.0; 300];
    for (i, v) in y.iter_mut().enumerate().skip(150) {
        *v = 500.0 + (i % 3) as f64;
    }
    let found = Detector::default().detect(&input(start, &y, &[]), &Thresholds::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, Kind::New);
    assert_eq!(found[0].start, start + Duration::days(150));
}

#[test]
fn falls_are_reported_only_when_asked() {
    let start = d("2025-03-01");
    let mut y = series(start, 300, 1000.0);
    for v in &mut y[250..] {
        *v = 0.0;
    }
    let det = Detector::default();
    let none = det.detect(&input(start, &y, &[]), &Thresholds::default());
    assert!(
        none.is_empty(),
        "{:?}",
        none.iter()
            .map(|f| (f.kind, f.start, f.end))
            .collect::<Vec<_>>()
    );
    let th = Thresholds {
        falls: true,
        ..Thresholds::default()
    };
    let found = det.detect(&input(start, &y, &[]), &th);
    assert_eq!(found[0].kind, Kind::Fall);
    assert_eq!(found[0].start, start + Duration::days(250));
}

#[test]
fn the_money_threshold_follows_the_daily_scale() {
    let start = d("2025-03-01");
    let mut y = vec![1000.0; 120];
    // A rise of 150 a day for three days.
    for v in &mut y[100..103] {
        *v += 150.0;
    }
    let th = Thresholds {
        min_impact: 100.0,
        min_percent: 10.0,
        ..Thresholds::default()
    };
    let detector = Detector::default();
    assert_eq!(detector.detect(&input(start, &y, &[]), &th).len(), 1);
    // Converted at twice the rate, the threshold (200 a day) is not met.
    let scale = vec![2.0; y.len()];
    let scaled = SeriesInput {
        impact_scale: Some(&scale),
        ..input(start, &y, &[])
    };
    assert!(detector.detect(&scaled, &th).is_empty());
}
