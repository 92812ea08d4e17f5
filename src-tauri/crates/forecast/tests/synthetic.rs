//! Series with known structure: the forecast must recover it.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_forecast::{forecast, Calendar, DailySeries, ModelName, Note, Outcome, ShortReason};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Deterministic noise in [-1, 1).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

fn series(start: &str, days: usize, mut f: impl FnMut(NaiveDate, usize) -> f64) -> DailySeries {
    let s = date(start);
    DailySeries {
        start: s,
        values: (0..days)
            .map(|i| f(s + Duration::days(i as i64), i))
            .collect(),
    }
}

fn run(s: &DailySeries, h: usize) -> cloudlens_forecast::Forecast {
    match forecast(s, &Calendar::new(), h).unwrap() {
        Outcome::Forecast(f) => *f,
        Outcome::TooShort(t) => panic!("too short: {t:?}"),
    }
}

fn weekend(d: NaiveDate) -> bool {
    d.weekday().number_from_monday() >= 6
}

#[test]
fn a_weekly_pattern_is_recovered() {
    let mut n = Noise(1);
    let s = series("2026-01-05", 210, |d, _| {
        (if weekend(d) { 40.0 } else { 100.0 }) + 3.0 * n.next()
    });
    let f = run(&s, 28);
    for p in &f.points {
        let want = if weekend(p.date) { 40.0 } else { 100.0 };
        assert!(
            (p.mean - want).abs() < 8.0,
            "{}: {} vs {want} ({:?})",
            p.date,
            p.mean,
            f.model
        );
    }
    let b = &f.backtest;
    assert_eq!(b.windows, 8);
    assert!(b.mase.unwrap() < 1.2, "{b:?}");
}

#[test]
fn a_level_shift_is_followed_and_reported() {
    let mut n = Noise(2);
    let s = series(
        "2026-01-01",
        200,
        |_, i| if i < 160 { 100.0 } else { 200.0 } + 4.0 * n.next(),
    );
    let f = run(&s, 30);
    let mean: f64 = f.points.iter().map(|p| p.mean).sum::<f64>() / 30.0;
    assert!((mean - 200.0).abs() < 20.0, "{mean} ({:?})", f.model);
    assert!(
        f.notes.contains(&Note::LevelShift {
            date: date("2026-01-01") + Duration::days(160)
        }),
        "{:?}",
        f.notes
    );
}

#[test]
fn the_spring_festival_dip_is_forecast() {
    let cal = Calendar::new();
    let mut n = Noise(3);
    // Two years to 31 January 2026; Spring Festival 2026 runs 15–23 February.
    let s = series("2024-02-01", 731, |d, _| {
        let base = if weekend(d) { 70.0 } else { 100.0 };
        let dip = if cal.flags(d).spring_festival {
            0.4
        } else {
            1.0
        };
        base * dip + 2.0 * n.next()
    });
    assert_eq!(s.end(), date("2026-02-01"));
    let f = run(&s, 45);
    let avg = |from: &str, to: &str| {
        let v: Vec<f64> = f
            .points
            .iter()
            .filter(|p| p.date >= date(from) && p.date < date(to))
            .map(|p| p.mean)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let festival = avg("2026-02-16", "2026-02-21");
    let before = avg("2026-02-02", "2026-02-07");
    assert!(
        festival < 0.6 * before,
        "festival {festival} vs before {before} ({:?})",
        f.model
    );
}

#[test]
fn day_one_charges_are_projected_on_day_one() {
    let mut n = Noise(4);
    let s = series("2025-06-01", 200, |d, _| {
        50.0 + 2.0 * n.next() + if d.day() == 1 { 3000.0 } else { 0.0 }
    });
    let f = run(&s, 60);
    for p in &f.points {
        if p.date.day() == 1 {
            assert!((p.mean - 3050.0).abs() < 100.0, "{}: {}", p.date, p.mean);
        } else {
            assert!(
                (p.mean - 50.0).abs() < 10.0,
                "{}: {} ({:?})",
                p.date,
                p.mean,
                f.model
            );
        }
    }
    assert!(f
        .notes
        .iter()
        .any(|n| matches!(n, Note::DayOneCharge { amount } if (amount - 3000.0).abs() < 50.0)));
    // The month's projection carries exactly one day-1 charge per month.
    let january: f64 = f
        .points
        .iter()
        .filter(|p| p.date.month() == 1)
        .map(|p| p.mean)
        .sum();
    assert!(
        (january - (3000.0 + 31.0 * 50.0)).abs() < 200.0,
        "{january}"
    );
}

#[test]
fn intervals_widen_with_the_horizon() {
    let mut n = Noise(5);
    let mut level = 100.0;
    let s = series("2025-01-01", 300, |d, _| {
        level += 2.0 * n.next();
        level + if weekend(d) { -20.0 } else { 0.0 } + 3.0 * n.next()
    });
    let f = run(&s, 90);
    let width = |i: usize| f.points[i].hi80 - f.points[i].lo80;
    assert!(width(89) > width(0), "{} vs {}", width(89), width(0));
    assert!(f
        .points
        .iter()
        .all(|p| p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95));
    let m = &f.month_end;
    assert!(m.lo80 <= m.mean && m.mean <= m.hi80 && m.lo95 <= m.lo80 && m.hi80 <= m.hi95);
}

#[test]
fn month_and_quarter_projections_add_actuals_to_the_forecast() {
    let s = series("2026-01-01", 165, |_, _| 10.0);
    assert_eq!(s.end(), date("2026-06-15"));
    let f = run(&s, 10);
    assert_eq!(f.month_end.start, date("2026-06-01"));
    assert_eq!(f.month_end.end, date("2026-07-01"));
    assert!((f.month_end.actual_to_date - 140.0).abs() < 1e-9);
    assert!((f.month_end.mean - 300.0).abs() < 1.0, "{:?}", f.month_end);
    assert_eq!(f.quarter_end.start, date("2026-04-01"));
    assert!(
        (f.quarter_end.mean - 910.0).abs() < 2.0,
        "{:?}",
        f.quarter_end
    );
}

#[test]
fn zeros_short_and_stopped_series_get_clear_results() {
    let cal = Calendar::new();
    let zeros = series("2026-01-01", 90, |_, _| 0.0);
    assert!(matches!(
        forecast(&zeros, &cal, 14).unwrap(),
        Outcome::TooShort(t) if t.reason == ShortReason::NoCharges
    ));
    let one = series("2026-01-01", 1, |_, _| 12.5);
    match forecast(&one, &cal, 14).unwrap() {
        Outcome::TooShort(t) => {
            assert_eq!(t.history_days, 1);
            assert_eq!(
                t.reason,
                ShortReason::FewDays {
                    first_charge: date("2026-01-01")
                }
            );
        }
        o => panic!("{o:?}"),
    }
    let late = series("2026-01-01", 100, |_, i| if i >= 90 { 5.0 } else { 0.0 });
    assert!(
        matches!(forecast(&late, &cal, 14).unwrap(), Outcome::TooShort(t) if t.history_days == 10)
    );
    let stopped = series("2026-01-01", 100, |_, i| if i < 70 { 5.0 } else { 0.0 });
    let f = run(&stopped, 14);
    assert_eq!(f.model, ModelName::Stopped);
    assert!(f.points.iter().all(|p| p.mean == 0.0 && p.hi95 == 0.0));
    assert!(matches!(forecast(&stopped, &cal, 0), Err(e) if e.0.contains("horizon")));
    let mut bad = stopped.clone();
    bad.values[3] = f64::NAN;
    assert!(matches!(forecast(&bad, &cal, 7), Err(e) if e.0.contains("2026-01-04")));
}

#[test]
fn credits_and_mostly_zero_series_are_forecast() {
    let mut n = Noise(6);
    let credits = series("2025-09-01", 120, |d, _| {
        30.0 + n.next() + if d.day() == 15 { -400.0 } else { 0.0 }
    });
    let f = run(&credits, 30);
    assert!(f.points.iter().all(|p| p.mean.is_finite()));
    let sparse = series("2025-09-01", 120, |_, i| if i % 9 == 0 { 7.0 } else { 0.0 });
    let f = run(&sparse, 30);
    assert!(f.points.iter().all(|p| p.lo95 >= 0.0 && p.mean >= 0.0));
    let total: f64 = f.points.iter().map(|p| p.mean).sum();
    assert!((total - 30.0 * 7.0 / 9.0).abs() < 20.0, "{total}");
}

#[test]
fn the_80_percent_band_holds_about_80_percent_of_unseen_days() {
    // Held-out days after each series' end, never seen by the forecast.
    let (mut inside80, mut inside95, mut total) = (0usize, 0usize, 0usize);
    for seed in 0..24u64 {
        let mut n = Noise(100 + seed);
        let amp = 5.0 + seed as f64;
        let mut level = 200.0;
        let full = series("2025-01-01", 260, |d, _| {
            level += 0.3 * amp * n.next();
            level * if weekend(d) { 0.7 } else { 1.0 } + amp * n.next()
        });
        let hist = DailySeries {
            start: full.start,
            values: full.values[..246].to_vec(),
        };
        let f = run(&hist, 14);
        for (p, actual) in f.points.iter().zip(&full.values[246..]) {
            total += 1;
            inside80 += usize::from(*actual >= p.lo80 && *actual <= p.hi80);
            inside95 += usize::from(*actual >= p.lo95 && *actual <= p.hi95);
        }
    }
    let (c80, c95) = (
        100.0 * inside80 as f64 / total as f64,
        100.0 * inside95 as f64 / total as f64,
    );
    assert!((70.0..=90.0).contains(&c80), "80% band held {c80:.1}%");
    assert!((88.0..=99.5).contains(&c95), "95% band held {c95:.1}%");
}

#[test]
fn a_day_one_charge_that_changes_size_widens_only_the_firsts_bands() {
    // A monthly tax, or a tax and a larger credit, whose size swings from
    // month to month on a calm daily spend: the 1st is uncertain, the
    // other days are not.
    let taxes = [2000.0, 200.0, 3500.0, 800.0, 3000.0, 300.0, 2500.0, 1000.0];
    let taxes_and_credits = [
        200.0, -3000.0, 2500.0, -400.0, 3500.0, -2500.0, 900.0, -3800.0,
    ];
    for (seed, swings) in [taxes, taxes_and_credits].iter().enumerate() {
        let mut n = Noise(9 + seed as u64);
        let s = series("2025-03-01", 240, |d, _| {
            let month = (d.month0() as usize + 12 * (d.year() as usize - 2025)) % swings.len();
            1500.0 + 30.0 * n.next() + if d.day() == 1 { swings[month] } else { 0.0 }
        });
        let f = run(&s, 45);
        let width = |p: &cloudlens_forecast::Point| p.hi95 - p.lo95;
        let (firsts, others): (Vec<&cloudlens_forecast::Point>, Vec<_>) =
            f.points.iter().partition(|p| p.date.day() == 1);
        assert!(!firsts.is_empty());
        for p in &others {
            assert!(
                p.lo95 > 1000.0 && p.hi95 < 2000.0,
                "{}: 95% band {:.0}..{:.0} set by the 1sts' swings",
                p.date,
                p.lo95,
                p.hi95
            );
        }
        let widest_other = others.iter().map(|p| width(p)).fold(0.0, f64::max);
        for p in &firsts {
            assert!(
                width(p) > 3.0 * widest_other,
                "{swings:?} {}: {:.0} against {widest_other:.0}",
                p.date,
                width(p)
            );
        }
    }
}
