//! The explorer checked against an independent computation: the demo is
//! loaded into a real encrypted store, its lines are read back with
//! `Store::scan_lines` and summed here with plain `Decimal` arithmetic, and
//! every explorer answer must agree to the exact decimal (converted amounts
//! to the cent).

mod explore_oracle;

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::Datelike;
use cloudlens_api::*;
use rust_decimal::Decimal;

use explore_oracle::*;

#[test]
fn grouping_filters_buckets_compare_and_links_agree_with_a_plain_sum() {
    let f = fixture();
    let r =
        f.cl.explore(
            &query(&["service"], "2025-01-01", "2026-12-01", Granularity::Month),
            ChartStyle::StackedBar,
            Locale::En,
        )
        .unwrap();
    let want = expected(
        &f.lines,
        "2025-01-01",
        "2026-12-01",
        Granularity::Month,
        |_| true,
        |l| vec![Some(l.dims.service_name.clone())],
    );
    assert_eq!(got(&r), want);
    assert!(r.chart.is_some());
    // Grand totals per currency equal the plain sum per currency.
    let mut per_cur: BTreeMap<String, Decimal> = BTreeMap::new();
    for ((_, _, c), v) in &want {
        *per_cur.entry(c.clone()).or_default() += v;
    }
    for g in &r.grand_totals {
        assert_eq!(
            Decimal::from_str(&g.amount).unwrap(),
            per_cur[&g.currency].normalize()
        );
    }

    // Two dimensions (provider, tag), ISO weeks, include and exclude filters.
    let mut q = query(
        &["provider", "tag:team"],
        "2025-12-10",
        "2026-02-20",
        Granularity::Week,
    );
    q.filters = vec![
        DimensionFilter {
            dimension: "provider".into(),
            values: vec![Some("AWS".into()), Some("Microsoft".into())],
            exclude: false,
        },
        DimensionFilter {
            dimension: "tag:env".into(),
            values: vec![Some("prod".into())],
            exclude: true,
        },
    ];
    let r = f.cl.explore(&q, ChartStyle::Area, Locale::En).unwrap();
    let want = expected(
        &f.lines,
        "2025-12-10",
        "2026-02-20",
        Granularity::Week,
        |l| {
            ["AWS", "Microsoft"].contains(&l.dims.provider_name.as_str())
                && tag(l, "env").as_deref() != Some("prod")
        },
        |l| vec![Some(l.dims.provider_name.clone()), tag(l, "team")],
    );
    assert!(
        want.keys().any(|k| k.1[1].is_none()),
        "untagged spend is its own group"
    );
    assert_eq!(got(&r), want);
    assert!(r
        .periods
        .iter()
        .all(|p| d(p).weekday() == chrono::Weekday::Mon));

    // Untagged only, by day.
    let mut q = query(&["region"], "2026-02-01", "2026-03-01", Granularity::Day);
    q.filters = vec![DimensionFilter {
        dimension: "tag:team".into(),
        values: vec![None],
        exclude: false,
    }];
    let r = f.cl.explore(&q, ChartStyle::Line, Locale::En).unwrap();
    let want = expected(
        &f.lines,
        "2026-02-01",
        "2026-03-01",
        Granularity::Day,
        |l| tag(l, "team").is_none(),
        |l| vec![l.dims.region_id.clone()],
    );
    assert_eq!(got(&r), want);

    // The comparison: current and previous 28 days, per service.
    let q = query(&["service"], "2026-02-15", "2026-03-15", Granularity::Month);
    let c = f.cl.explore_compare(&q).unwrap();
    assert_eq!(
        (c.previous_from.as_str(), c.previous_to.as_str()),
        ("2026-01-18", "2026-02-15")
    );
    let total = |from: &str, to: &str| {
        let mut m: BTreeMap<(Vec<Option<String>>, String), Decimal> = BTreeMap::new();
        for ((_, g, cur), v) in expected(
            &f.lines,
            from,
            to,
            Granularity::Month,
            |_| true,
            |l| vec![Some(l.dims.service_name.clone())],
        ) {
            *m.entry((g, cur)).or_default() += v;
        }
        m
    };
    let (now, before) = (
        total("2026-02-15", "2026-03-15"),
        total("2026-01-18", "2026-02-15"),
    );
    for row in &c.rows {
        let k = (row.groups.clone(), row.currency.clone());
        let cur = now.get(&k).copied().unwrap_or_default();
        let prev = before.get(&k).copied().unwrap_or_default();
        assert_eq!(Decimal::from_str(&row.current).unwrap(), cur.normalize());
        assert_eq!(Decimal::from_str(&row.previous).unwrap(), prev.normalize());
        assert_eq!(
            Decimal::from_str(&row.delta).unwrap(),
            (cur - prev).normalize()
        );
    }
    assert!(!c.top_up.is_empty() && !c.top_down.is_empty());
    let up = Decimal::from_str(&c.top_up[0].delta).unwrap();
    assert!(c
        .rows
        .iter()
        .all(|r| Decimal::from_str(&r.delta).unwrap() <= up));

    // A limit folds the rest into "other" without losing money.
    let mut q = query(
        &["resource"],
        "2026-02-01",
        "2026-03-01",
        Granularity::Month,
    );
    q.limit = 5;
    let r =
        f.cl.explore(&q, ChartStyle::StackedBar, Locale::En)
            .unwrap();
    let per_cur =
        r.totals
            .iter()
            .filter(|t| !t.other)
            .fold(BTreeMap::<String, usize>::new(), |mut m, t| {
                *m.entry(t.currency.clone()).or_default() += 1;
                m
            });
    assert!(per_cur.values().all(|n| *n <= 5));
    assert!(r.totals.iter().any(|t| t.other));
    let all = expected(
        &f.lines,
        "2026-02-01",
        "2026-03-01",
        Granularity::Month,
        |_| true,
        |_| vec![],
    );
    for g in &r.grand_totals {
        let want: Decimal = all
            .iter()
            .filter(|(k, _)| k.2 == g.currency)
            .map(|(_, v)| *v)
            .sum();
        assert_eq!(Decimal::from_str(&g.amount).unwrap(), want.normalize());
    }

    // Every field survives a link round trip; a bad parameter is named.
    let state = ViewState {
        query: q.clone(),
        style: ChartStyle::Area,
        compare: true,
    };
    let mut fancy = state.clone();
    fancy.query.filters = vec![DimensionFilter {
        dimension: "tag:cost centre".into(),
        values: vec![Some("a&b=c %".into()), None, Some("支付".into())],
        exclude: true,
    }];
    fancy.query.display_currency = Some("EUR".into());
    fancy.query.rules_version = Some(3);
    for s in [state, fancy] {
        let link = cloudlens_api_link(&s);
        assert!(link.starts_with("cloudlens://explore?"));
        assert_eq!(open_link(&link).unwrap(), s);
    }
    let bad = cloudlens_api_link(&ViewState {
        query: q,
        style: ChartStyle::Line,
        compare: false,
    })
    .replace("granularity=month", "granularity=fortnight");
    let e = open_link(&bad).unwrap_err();
    assert!(e.message.contains("granularity"), "{}", e.message);

    // Exports write exactly the rows shown.
    let q = query(&["service"], "2026-02-01", "2026-03-01", Granularity::Month);
    let r =
        f.cl.explore(&q, ChartStyle::StackedBar, Locale::En)
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("t.csv");
    let n = export(&f.cl, &q, &csv_path, TableFormat::Csv);
    assert_eq!(n as usize, r.totals.len());
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(text.lines().count(), r.totals.len() + 1);
    assert!(text.lines().nth(1).unwrap().contains(&r.totals[0].amount));
    let xlsx = dir.path().join("t.xlsx");
    assert_eq!(export(&f.cl, &q, &xlsx, TableFormat::Xlsx), n);
    let sheet = read_xlsx(&xlsx);
    assert_eq!(
        sheet[0],
        ["Service", "Currency", "Amount", "Share (%)"].map(|h| calamine::Data::String(h.into()))
    );
    // Amounts and shares are typed numbers, never formulas or text.
    for (row, total) in sheet[1..].iter().zip(&r.totals) {
        let calamine::Data::Float(v) = row[2] else {
            panic!("amount cell {:?}", row[2]);
        };
        assert_eq!(v, total.amount.parse::<f64>().unwrap());
        assert!(matches!(row[3], calamine::Data::Float(_)), "{:?}", row[3]);
    }

    // With the comparison on, the previous period's columns, headed in Chinese.
    let zh = dir.path().join("zh.xlsx");
    f.cl.export_table(
        &q,
        (false, true),
        TableFormat::Xlsx,
        Locale::ZhCn,
        zh.to_str().unwrap(),
    )
    .unwrap();
    let sheet = read_xlsx(&zh);
    let header: Vec<String> = sheet[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "服务",
            "币种",
            "金额",
            "占比 (%)",
            "上一期间",
            "变化",
            "变化 (%)"
        ]
    );
    let compare = f.cl.explore_compare(&q).unwrap();
    let first = &r.totals[0];
    let previous = compare
        .rows
        .iter()
        .find(|c| c.groups == first.groups && c.currency == first.currency)
        .unwrap();
    assert_eq!(
        sheet[1][4],
        calamine::Data::Float(previous.previous.parse::<f64>().unwrap())
    );
}

fn read_xlsx(path: &std::path::Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn cloudlens_api_link(s: &ViewState) -> String {
    session_free::link(s)
}

fn open_link(l: &str) -> Result<ViewState, ApiError> {
    session_free::parse(l)
}

fn export(cl: &CloudLens, q: &ExploreQuery, path: &std::path::Path, f: TableFormat) -> u32 {
    cl.export_table(q, (false, false), f, Locale::En, path.to_str().unwrap())
        .unwrap()
}

mod session_free {
    pub use cloudlens_api::view_link::{link, parse};
}
