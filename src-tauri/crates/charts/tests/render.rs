//! End-to-end checks on the SVG and geometry the UI relies on.

mod support;

use cloudlens_charts::{
    grouped_bars, grouped_bars_with_theme, stacked_daily, stacked_daily_with_theme, Chart,
    ChartError, ChartKind, Series, Theme, DAILY_SIZE, GROUPED_SIZE,
};
use rust_decimal::Decimal;
use support::{bars, days, dec, parse, series, texts, Element};

fn colors(view: &Chart) -> Vec<String> {
    view.series.iter().map(|s| s.color.clone()).collect()
}

fn center(rect: &Element) -> f64 {
    rect.num("x") + rect.num("width") / 2.0
}

/// The UI's band lookup, verbatim from the contract.
fn band_of(view: &Chart, x: f64) -> usize {
    let p = view.plot;
    ((x - p.left) / (p.right - p.left) * view.x.len() as f64).floor() as usize
}

fn assert_frame(view: &Chart) -> Vec<Element> {
    let els = parse(&view.svg);
    let root = &els[0];
    assert_eq!(root.attr("width"), Some(view.width.to_string().as_str()));
    assert_eq!(root.attr("height"), Some(view.height.to_string().as_str()));
    let vb = format!("0 0 {} {}", view.width, view.height);
    assert_eq!(root.attr("viewBox"), Some(vb.as_str()));
    let p = view.plot;
    assert!(
        0.0 <= p.left && p.left < p.right && p.right <= f64::from(view.width),
        "{p:?}"
    );
    assert!(
        0.0 <= p.top && p.top < p.bottom && p.bottom <= f64::from(view.height),
        "{p:?}"
    );
    // Every bar stays inside the plot area.
    for r in bars(&els, &colors(view)) {
        assert!(
            r.num("x") >= p.left && r.num("x") + r.num("width") <= p.right + 1.0,
            "{r:?}"
        );
        assert!(
            r.num("y") >= p.top && r.num("y") + r.num("height") <= p.bottom + 1.0,
            "{r:?}"
        );
        assert!(r.num("width") >= 1.0 && r.num("height") >= 1.0, "{r:?}");
    }
    els
}

#[test]
fn stacked_svg_is_well_formed_with_one_rect_per_nonzero_value() {
    let s = vec![
        series("Compute", &["10", "20", "30", "40", "50"]),
        series("Storage", &["5", "5", "5", "0", "5"]),
        series("Network", &["1", "2", "3", "4", "5"]),
    ];
    let view = stacked_daily(&days((2025, 3, 1), 5), &s, "USD", DAILY_SIZE).expect("chart");
    assert_eq!(view.kind, ChartKind::Stacked);
    assert_eq!((view.width, view.height), DAILY_SIZE);
    let els = assert_frame(&view);
    assert_eq!(bars(&els, &colors(&view)).len(), 14);
    assert!(view.svg.starts_with("<svg "));
    assert_eq!(view.x[0], "2025-03-01");
    let t = texts(&els);
    assert!(t.iter().any(|t| t == "USD"), "{t:?}");
    assert!(t.iter().any(|t| t == "03-01"), "{t:?}");
}

#[test]
fn grouped_svg_has_one_rect_per_nonzero_value() {
    let cats: Vec<String> = ["AWS", "Azure", "GCP", "阿里云"].map(String::from).to_vec();
    let s = vec![
        series("Last month", &["1200", "800", "300", "0"]),
        series("Month to date", &["600", "500", "100", "50"]),
    ];
    let view = grouped_bars(&cats, &s, "USD", GROUPED_SIZE).expect("chart");
    assert_eq!(view.kind, ChartKind::Grouped);
    let els = assert_frame(&view);
    assert_eq!(bars(&els, &colors(&view)).len(), 7);
    assert_eq!(view.x, cats);
    let t = texts(&els);
    for c in &cats {
        assert!(t.contains(c), "{c} missing from {t:?}");
    }
}

#[test]
fn stacked_bands_match_plot_geometry() {
    let s = vec![
        series("A", &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]),
        series("B", &["3", "3", "3", "3", "3", "3", "3", "3", "3", "3"]),
    ];
    let view = stacked_daily(&days((2025, 1, 27), 10), &s, "EUR", DAILY_SIZE).expect("chart");
    let els = assert_frame(&view);
    let rects = bars(&els, &colors(&view));
    assert_eq!(rects.len(), 20);
    let p = view.plot;
    let bw = (p.right - p.left) / 10.0;
    let mut per_band = [0usize; 10];
    for r in &rects {
        let cx = center(r);
        let i = band_of(&view, cx);
        assert!(i < 10, "{cx} outside bands");
        let want = p.left + (i as f64 + 0.5) * bw;
        assert!(
            (cx - want).abs() <= 1.0,
            "band {i}: centre {cx}, expected {want}"
        );
        per_band[i] += 1;
    }
    assert_eq!(per_band, [2; 10]);
    // The rects are in band order, A then B within each band.
    let order: Vec<usize> = rects.iter().map(|r| band_of(&view, center(r))).collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);
}

#[test]
fn grouped_bars_sit_inside_their_band() {
    let cats: Vec<String> = (0..7).map(|i| format!("Provider {i}")).collect();
    let s = vec![
        series("Last", &["9", "8", "7", "6", "5", "4", "3"]),
        series("MTD", &["1", "2", "3", "4", "5", "6", "7"]),
        series("Forecast", &["5", "5", "5", "5", "5", "5", "5"]),
    ];
    let view = grouped_bars(&cats, &s, "USD", (700, 320)).expect("chart");
    let els = assert_frame(&view);
    let rects = bars(&els, &colors(&view));
    assert_eq!(rects.len(), 21);
    let p = view.plot;
    let bw = (p.right - p.left) / 7.0;
    for (band, group) in rects.chunks(3).enumerate() {
        let lo = group.iter().map(|r| r.num("x")).fold(f64::MAX, f64::min);
        let hi = group
            .iter()
            .map(|r| r.num("x") + r.num("width"))
            .fold(f64::MIN, f64::max);
        let want = p.left + (band as f64 + 0.5) * bw;
        assert!(((lo + hi) / 2.0 - want).abs() <= 1.0, "group {band}");
        assert!(lo >= p.left + band as f64 * bw - 1.0);
        assert!(hi <= p.left + (band + 1) as f64 * bw + 1.0);
        // Series left to right in series order.
        for pair in group.windows(2) {
            assert!(pair[0].num("x") < pair[1].num("x"));
        }
    }
}

#[test]
fn exact_decimal_strings_survive() {
    let s = vec![
        series("A", &["1234567.891234", "0.10", "-0", "100.00"]),
        Series::new(
            "B",
            vec![
                Decimal::MAX,
                Decimal::new(1, 28),
                Decimal::MIN,
                Decimal::ZERO,
            ],
        ),
    ];
    let view = stacked_daily(&days((2025, 2, 1), 4), &s, "USD", DAILY_SIZE).expect("chart");
    assert_eq!(view.series[0].values, ["1234567.891234", "0.1", "0", "100"]);
    assert_eq!(
        view.series[1].values,
        [
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "-79228162514264337593543950335",
            "0"
        ]
    );
    let g = grouped_bars(
        &["x".into()],
        &[series("A", &["1234567.891234"])],
        "USD",
        GROUPED_SIZE,
    )
    .expect("chart");
    assert_eq!(g.series[0].values, ["1234567.891234"]);
}

#[test]
fn negatives_stack_below_zero() {
    let s = vec![
        series("Usage", &["100"]),
        series("Credits", &["-40"]),
        series("Tax", &["50"]),
    ];
    let view = stacked_daily(&days((2025, 3, 1), 1), &s, "USD", DAILY_SIZE).expect("chart");
    let els = assert_frame(&view);
    let c = colors(&view);
    let one = |color: &String| {
        let found = bars(&els, std::slice::from_ref(color));
        assert_eq!(found.len(), 1, "{color}");
        found[0].clone()
    };
    let (usage, credits, tax) = (one(&c[0]), one(&c[1]), one(&c[2]));
    let zero = usage.num("y") + usage.num("height");
    // Tax stacks on top of usage; credits hang from zero downwards.
    assert_eq!(tax.num("y") + tax.num("height"), usage.num("y"));
    assert_eq!(credits.num("y"), zero);
    let ratio = credits.num("height") / usage.num("height");
    assert!((ratio - 0.4).abs() < 0.05, "{ratio}");
    assert!(
        zero < view.plot.bottom - 10.0,
        "room below zero for credits"
    );
    assert!(
        texts(&els).iter().any(|t| t.starts_with('-')),
        "negative tick label"
    );

    let g = grouped_bars(
        &["AWS".into()],
        &[series("A", &["-30"]), series("B", &["60"])],
        "USD",
        GROUPED_SIZE,
    )
    .expect("chart");
    let els = assert_frame(&g);
    let c = colors(&g);
    let a = bars(&els, std::slice::from_ref(&c[0]))[0].clone();
    let b = bars(&els, std::slice::from_ref(&c[1]))[0].clone();
    assert_eq!(
        a.num("y"),
        b.num("y") + b.num("height"),
        "A hangs from B's baseline"
    );
}

#[test]
fn empty_inputs_draw_an_empty_frame() {
    let no_days: Vec<chrono::NaiveDate> = Vec::new();
    let ten = days((2025, 3, 1), 10);
    let cases: Vec<(Vec<chrono::NaiveDate>, Vec<Series>)> = vec![
        (no_days.clone(), vec![]),
        (ten.clone(), vec![]),
        (no_days, vec![Series::new("A", vec![])]),
        (
            ten,
            vec![series("A", &["0"; 10]), series("Other", &["0.000"; 10])],
        ),
    ];
    for (d, s) in &cases {
        let view = stacked_daily(d, s, "USD", DAILY_SIZE).expect("empty chart is fine");
        let els = assert_frame(&view);
        assert!(bars(&els, &colors(&view)).is_empty());
        assert_eq!(view.x.len(), d.len());
        let t = texts(&els);
        assert!(t.iter().any(|t| t == "0"), "{t:?}");
        assert!(!t.iter().any(|t| t == "1" || t.starts_with("0.")), "{t:?}");
    }
    for (cats, s) in [
        (Vec::<String>::new(), vec![]),
        (vec!["AWS".to_owned()], vec![]),
        (vec!["AWS".to_owned()], vec![series("A", &["0"])]),
    ] {
        let view = grouped_bars(&cats, &s, "USD", GROUPED_SIZE).expect("empty chart is fine");
        let els = assert_frame(&view);
        assert!(bars(&els, &colors(&view)).is_empty());
    }
}

#[test]
fn text_is_escaped_and_sanitised() {
    let nasty = r#"<b>&"it's"</b>"#;
    let s = vec![
        series(nasty, &["1", "2"]),
        series("阿里云 ECS", &["3", "4"]),
    ];
    let view = stacked_daily(&days((2025, 3, 1), 2), &s, "<USD>", DAILY_SIZE).expect("chart");
    assert!(!view.svg.contains("<b>"));
    let t = texts(&assert_frame(&view));
    assert!(t.iter().any(|t| t == nasty), "{t:?}");
    assert!(t.iter().any(|t| t == "阿里云 ECS"), "{t:?}");
    assert!(t.iter().any(|t| t == "<USD>"), "{t:?}");
    assert_eq!(view.series[0].label, nasty);

    let cats = vec!["<script>&".to_owned(), "控\u{0}制\u{1b}字符".to_owned()];
    let g =
        grouped_bars(&cats, &[series("A\nB", &["1", "2"])], "USD", GROUPED_SIZE).expect("chart");
    assert!(!g.svg.contains("<script>"));
    let t = texts(&assert_frame(&g));
    assert!(t.iter().any(|t| t == "<script>&"), "{t:?}");
    assert!(t.iter().any(|t| t == "控制字符"), "{t:?}");
    assert!(t.iter().any(|t| t == "A B"), "{t:?}");
    // The full names stay in `x` for the UI.
    assert_eq!(g.x, cats);
}

#[test]
fn long_category_names_are_truncated() {
    let cats: Vec<String> = [
        "阿里云计算有限公司国际站点很长很长",
        "Amazon Web Services (China) Ningxia",
    ]
    .map(String::from)
    .to_vec();
    let s = vec![series("A", &["1", "2"]), series("B", &["2", "1"])];
    let view = grouped_bars(&cats, &s, "CNY", (240, 200)).expect("chart");
    let t = texts(&assert_frame(&view));
    let cut: Vec<&String> = t.iter().filter(|t| t.ends_with('…')).collect();
    assert_eq!(cut.len(), 2, "{t:?}");
    assert!(cut[0].starts_with("阿里云"), "{cut:?}");
}

#[test]
fn output_is_deterministic() {
    let s = vec![
        series("AWS", &["1.5", "2.25", "-0.5"]),
        series("Other", &["3", "0", "1"]),
        series("Azure", &["7", "8", "9"]),
    ];
    let d = days((2024, 12, 30), 3);
    let a = stacked_daily(&d, &s, "USD", DAILY_SIZE).expect("chart");
    let b = stacked_daily(&d, &s, "USD", DAILY_SIZE).expect("chart");
    assert_eq!(a, b);
    let cats: Vec<String> = vec!["x".into(), "y".into(), "z".into()];
    assert_eq!(
        grouped_bars(&cats, &s, "USD", GROUPED_SIZE).expect("chart"),
        grouped_bars(&cats, &s, "USD", GROUPED_SIZE).expect("chart")
    );
    // A series' colour follows its label, not its rank, and "Other" takes
    // the reserved grey without shifting the next series' colour.
    let swapped = vec![s[2].clone(), s[0].clone()];
    let c = stacked_daily(&d, &swapped, "USD", DAILY_SIZE).expect("chart");
    let (ca, cc) = (colors(&a), colors(&c));
    assert_eq!(ca[1], "#A3A3A3");
    assert_eq!(
        (ca[0].as_str(), ca[2].as_str()),
        (cc[1].as_str(), cc[0].as_str())
    );
}

#[test]
fn extreme_values_do_not_break_the_chart() {
    let huge = Series::new("Huge", vec![Decimal::MAX, Decimal::MAX, Decimal::MIN]);
    let tiny = Series::new(
        "Tiny",
        vec![Decimal::new(1, 28), Decimal::new(-1, 28), Decimal::ONE],
    );
    let d = days((2025, 1, 1), 3);
    for s in [
        vec![huge.clone(), huge.clone()],
        vec![tiny.clone()],
        vec![huge, tiny],
    ] {
        let view = stacked_daily(&d, &s, "USD", DAILY_SIZE).expect("chart");
        assert_frame(&view);
        let g = grouped_bars(
            &["a".into(), "b".into(), "c".into()],
            &s,
            "USD",
            GROUPED_SIZE,
        )
        .expect("chart");
        assert_frame(&g);
    }
    // Many narrow bands: every bar still at least one unit wide.
    let many = days((2020, 1, 1), 2000);
    let s = vec![Series::new("A", vec![Decimal::ONE; 2000])];
    let view = stacked_daily(&many, &s, "USD", (480, 200)).expect("chart");
    assert_eq!(bars(&assert_frame(&view), &colors(&view)).len(), 2000);
}

#[test]
fn caller_mistakes_are_errors_not_panics() {
    let d = days((2025, 1, 1), 3);
    let err = stacked_daily(&d, &[series("A", &["1"])], "USD", DAILY_SIZE).unwrap_err();
    assert!(
        matches!(
            err,
            ChartError::LengthMismatch {
                expected: 3,
                actual: 1,
                ..
            }
        ),
        "{err}"
    );
    for size in [(0, 0), (100, 320), (960, 50), (100_000, 320)] {
        let err = stacked_daily(&d, &[], "USD", size).unwrap_err();
        assert!(matches!(err, ChartError::InvalidSize { .. }), "{size:?}");
        assert!(grouped_bars(&[], &[], "USD", size).is_err());
    }
}

#[test]
fn day_labels_do_not_overlap() {
    for n in [1, 7, 14, 31, 45, 90, 180, 400] {
        let d = days((2024, 11, 17), n);
        let view = stacked_daily(&d, &[], "USD", DAILY_SIZE).expect("chart");
        let els = assert_frame(&view);
        let mut xs: Vec<f64> = els
            .iter()
            .filter(|e| e.name == "text")
            .filter(|e| {
                let t = e.text.trim();
                t.len() == 5 && t.as_bytes()[2] == b'-'
            })
            .map(|e| e.num("x"))
            .collect();
        assert!(!xs.is_empty(), "{n} days: no labels");
        assert!(xs.len() <= 16, "{n} days: {} labels", xs.len());
        xs.sort_by(f64::total_cmp);
        for w in xs.windows(2) {
            assert!(w[1] - w[0] >= 40.0, "{n} days: labels at {w:?}");
        }
    }
}

#[test]
fn y_labels_are_compact_with_currency() {
    let s = vec![series("A", &["1234567", "250000"])];
    let view = stacked_daily(&days((2025, 1, 1), 2), &s, "JPY", DAILY_SIZE).expect("chart");
    let t = texts(&assert_frame(&view));
    assert!(t.iter().any(|t| t.ends_with('M')), "{t:?}");
    assert!(t.iter().any(|t| t == "JPY"), "{t:?}");
    assert!(
        !t.iter().any(|t| t.contains("000")),
        "uncompact label: {t:?}"
    );
}

#[test]
fn legend_can_be_turned_off() {
    let s = vec![series("A", &["1"]), series("B", &["2"])];
    let d = days((2025, 1, 1), 1);
    let on = stacked_daily(&d, &s, "USD", DAILY_SIZE).expect("chart");
    assert_eq!(
        parse(&on.svg).iter().filter(|e| e.name == "circle").count(),
        2
    );
    let theme = Theme {
        legend: false,
        ..Theme::default()
    };
    let off = stacked_daily_with_theme(&d, &s, "USD", DAILY_SIZE, &theme).expect("chart");
    let els = assert_frame(&off);
    assert_eq!(els.iter().filter(|e| e.name == "circle").count(), 0);
    assert!(!texts(&els).iter().any(|t| t == "A"));
    assert!(
        off.plot.top < on.plot.top,
        "plot grows into the legend's space"
    );
    let g = grouped_bars_with_theme(&["x".into()], &s, "USD", GROUPED_SIZE, &theme).expect("chart");
    assert_frame(&g);
}

#[test]
fn legend_overflow_is_summarised() {
    let s: Vec<Series> = (0..30)
        .map(|i| series(&format!("Service number {i}"), &["1"]))
        .collect();
    let view = stacked_daily(&days((2025, 1, 1), 1), &s, "USD", GROUPED_SIZE).expect("chart");
    let els = assert_frame(&view);
    let t = texts(&els);
    assert!(t.iter().any(|t| t.starts_with('+')), "{t:?}");
    assert!(view.plot.bottom - view.plot.top > 100.0, "{:?}", view.plot);
    assert_eq!(bars(&els, &colors(&view)).len(), 30);
}

/// Writes sample charts to the temp dir for eyeballing:
/// `cargo test --release -p cloudlens-charts -- --ignored samples`, then e.g.
/// `rsvg-convert -b white /tmp/charts-sample-stacked.svg -o stacked.png`.
#[test]
#[ignore = "writes files; run by hand to look at the charts"]
fn samples() {
    let dir = std::env::temp_dir().display().to_string();
    let d = days((2025, 2, 1), 60);
    let wave = |base: f64, amp: f64, k: usize| -> Vec<Decimal> {
        (0..60)
            .map(|i| {
                let v = base + amp * ((i * k) as f64 * 0.37).sin() + (i as f64) * base * 0.004;
                Decimal::from_f64_retain(v).unwrap_or_default().round_dp(2)
            })
            .collect()
    };
    let mut credits = vec![Decimal::ZERO; 60];
    credits[27] = dec("-1800");
    credits[57] = dec("-2100");
    let s = vec![
        Series::new("Amazon EC2", wave(3200.0, 600.0, 1)),
        Series::new("Amazon S3", wave(1400.0, 200.0, 2)),
        Series::new("Azure Virtual Machines", wave(1900.0, 400.0, 3)),
        Series::new("阿里云 ECS", wave(900.0, 150.0, 5)),
        Series::new("Other", wave(600.0, 100.0, 7)),
        Series::new("Credits", credits),
    ];
    let view = stacked_daily(&d, &s, "USD", DAILY_SIZE).expect("chart");
    std::fs::write(format!("{dir}/charts-sample-stacked.svg"), &view.svg).expect("write");
    let cats: Vec<String> = [
        "AWS",
        "Azure",
        "Google Cloud",
        "阿里云",
        "Oracle Cloud Infrastructure",
    ]
    .map(String::from)
    .to_vec();
    let g = vec![
        series(
            "Last month",
            &["182340.12", "96120.5", "40210", "28800", "5120"],
        ),
        series(
            "Month to date",
            &["121004.88", "70311", "22950.75", "21000", "3900"],
        ),
    ];
    let view = grouped_bars(&cats, &g, "USD", GROUPED_SIZE).expect("chart");
    std::fs::write(format!("{dir}/charts-sample-grouped.svg"), &view.svg).expect("write");

    let year = days((2024, 4, 1), 365);
    let ys: Vec<Decimal> = (0..365)
        .map(|i| Decimal::from(40_000 + (i * 7919 % 1000) * 20 + i * 90))
        .collect();
    let view = stacked_daily(&year, &[Series::new("Total", ys)], "CNY", DAILY_SIZE).expect("chart");
    std::fs::write(format!("{dir}/charts-sample-year.svg"), &view.svg).expect("write");
    let view = stacked_daily(&days((2025, 3, 1), 10), &[], "EUR", DAILY_SIZE).expect("chart");
    std::fs::write(format!("{dir}/charts-sample-empty.svg"), &view.svg).expect("write");

    let cats: Vec<String> = (0..12).map(|i| format!("account-prod-{i:02}")).collect();
    let vals: Vec<String> = (0..12).map(|i| format!("{}", 1000 - i * 70)).collect();
    let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
    let g = vec![
        series("Last month", &refs),
        series("Month to date", &refs[..]),
    ];
    let view = grouped_bars(&cats, &g, "EUR", (480, 240)).expect("chart");
    std::fs::write(format!("{dir}/charts-sample-small.svg"), &view.svg).expect("write");
}

#[test]
fn odd_themes_and_tiny_sizes_do_not_panic() {
    let many: Vec<Series> = (0..30)
        .map(|i| series(&format!("Series with a long name {i}"), &["1"; 3]))
        .collect();
    let themes = [
        Theme {
            font_size: 48.0,
            ..Theme::default()
        },
        Theme {
            font_size: f64::NAN,
            grid_opacity: f64::NAN,
            palette: vec![],
            other: "red".into(),
            font_family: "Evil\u{0}\"<Font>".into(),
            ..Theme::default()
        },
    ];
    let cats: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    for theme in &themes {
        for size in [cloudlens_charts::MIN_SIZE, (200, 1000), (8192, 100)] {
            let v = stacked_daily_with_theme(&days((2025, 1, 1), 3), &many, "USD", size, theme)
                .expect("chart");
            let els = assert_frame(&v);
            assert_eq!(bars(&els, &colors(&v)).len(), 90, "{size:?}");
            assert!(v.plot.bottom - v.plot.top >= 20.0, "{size:?} {:?}", v.plot);
            assert!(!v.svg.contains("NaN"));
            let g = grouped_bars_with_theme(&cats, &many, "USD", size, theme).expect("chart");
            assert_frame(&g);
        }
    }
}
