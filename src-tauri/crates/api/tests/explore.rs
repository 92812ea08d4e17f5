//! The explorer checked against an independent computation: the demo is
//! loaded into a real encrypted store, its lines are read back with
//! `Store::scan_lines` and summed here with plain `Decimal` arithmetic, and
//! every explorer answer must agree to the exact decimal (converted amounts
//! to the cent).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate};
use cloudlens_api::*;
use cloudlens_model::CostLine;
use cloudlens_store::{LineFilter, Store};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

const PASS: &str = "explore test";

struct Fixture {
    _dir: tempfile::TempDir,
    cl: CloudLens,
    lines: Vec<CostLine>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let key = KeySource::Passphrase(Zeroizing::new(PASS.into()));
    let cl = CloudLens::open(&path, &key, actor()).unwrap();
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

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn day_of(l: &CostLine) -> NaiveDate {
    chrono::DateTime::from_timestamp(l.charge_period_start, 0)
        .unwrap()
        .date_naive()
}

fn period(day: NaiveDate, g: Granularity) -> NaiveDate {
    match g {
        Granularity::Day => day,
        Granularity::Week => {
            day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64)
        }
        Granularity::Month => day.with_day(1).unwrap(),
    }
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
        apply_shared_costs: true,
        limit: 0,
    }
}

type Sums = BTreeMap<(String, Vec<Option<String>>, String), Decimal>;

fn got(r: &ExploreResult) -> Sums {
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
fn expected(
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

fn tag(l: &CostLine, k: &str) -> Option<String> {
    l.dims.tags.get(k).cloned()
}

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

fn cond(dim: &str, op: MatchOp, values: &[&str]) -> Condition {
    Condition {
        dimension: dim.into(),
        op,
        values: values.iter().map(|s| s.to_string()).collect(),
    }
}

fn owner_rules(storage_value: &str) -> RuleSet {
    RuleSet {
        virtual_tags: vec![VirtualTag {
            name: "owner".into(),
            rules: vec![
                VirtualTagRule {
                    conditions: vec![cond("provider", MatchOp::In, &["AWS"])],
                    value: "aws-team".into(),
                    value_from: None,
                },
                VirtualTagRule {
                    conditions: vec![cond("tag:team", MatchOp::In, &["payments"])],
                    value: "payments".into(),
                    value_from: None,
                },
                VirtualTagRule {
                    conditions: vec![cond("service", MatchOp::Contains, &["STORAGE"])],
                    value: storage_value.into(),
                    value_from: None,
                },
                // Otherwise the line's own env tag, for lines that have one.
                VirtualTagRule {
                    conditions: vec![cond("tag:env", MatchOp::NotIn, &["none"])],
                    value: String::new(),
                    value_from: Some("tag:env".into()),
                },
            ],
        }],
        shared_costs: Vec::new(),
    }
}

/// The same rules, written out by hand: first match wins, no match = untagged.
fn owner_of(l: &CostLine, storage_value: &str) -> Option<String> {
    if l.dims.provider_name == "AWS" {
        Some("aws-team".into())
    } else if tag(l, "team").as_deref() == Some("payments") {
        Some("payments".into())
    } else if l.dims.service_name.to_lowercase().contains("storage") {
        Some(storage_value.into())
    } else {
        tag(l, "env")
    }
}

#[test]
fn virtual_tags_versions_shared_costs_and_currency_agree_with_a_plain_sum() {
    let f = fixture();
    let v1 = f.cl.save_rules(&owner_rules("storage"), "first").unwrap();
    let v2 = f.cl.save_rules(&owner_rules("data"), "second").unwrap();
    assert!(v2.version > v1.version);
    assert_eq!(f.cl.rule_versions().unwrap()[0].note, "second");
    let (from, to) = ("2025-10-01", "2026-03-01");

    // Current rules, and the same query as of the first version.
    let mut q = query(&["vtag:owner"], from, to, Granularity::Month);
    for (version, value) in [(None, "data"), (Some(v1.version), "storage")] {
        q.rules_version = version;
        let r =
            f.cl.explore(&q, ChartStyle::StackedBar, Locale::En)
                .unwrap();
        let want = expected(
            &f.lines,
            from,
            to,
            Granularity::Month,
            |_| true,
            |l| vec![owner_of(l, value)],
        );
        assert!(
            want.keys().any(|k| k.1[0].is_none()),
            "untagged stays visible"
        );
        assert!(want.keys().any(|k| k.1[0].as_deref() == Some(value)));
        assert_eq!(got(&r), want, "rules version {version:?}");
    }

    // Shared costs: one service's cost split across two owners.
    let shared_service = f
        .lines
        .iter()
        .filter(|l| l.dims.provider_name == "AWS" && l.dims.billing_currency == "USD")
        .map(|l| l.dims.service_name.clone())
        .next()
        .unwrap();
    let targets = ["payments".to_string(), "data".to_string()];
    for method in [
        SplitMethod::Even,
        SplitMethod::Proportional,
        SplitMethod::Fixed {
            percents: vec!["30".into(), "70".into()],
        },
    ] {
        let mut rules = owner_rules("data");
        rules.shared_costs = vec![SharedCostRule {
            name: "platform".into(),
            scope: vec![cond("service", MatchOp::In, &[shared_service.as_str()])],
            target_dimension: "vtag:owner".into(),
            targets: targets.to_vec(),
            method: method.clone(),
        }];
        let v = f.cl.save_rules(&rules, "shared").unwrap();
        let mut q = query(&["vtag:owner"], from, to, Granularity::Month);
        q.rules_version = Some(v.version);
        let r = got(&f
            .cl
            .explore(&q, ChartStyle::StackedBar, Locale::En)
            .unwrap());
        let is_shared = |l: &CostLine| l.dims.service_name == shared_service;
        let own = expected(
            &f.lines,
            from,
            to,
            Granularity::Month,
            |l| !is_shared(l),
            |l| vec![owner_of(l, "data")],
        );
        let pool = expected(
            &f.lines,
            from,
            to,
            Granularity::Month,
            |l| is_shared(l),
            |_| vec![],
        );
        assert!(!pool.is_empty());
        for ((p, _, cur), whole) in &pool {
            let own_of = |t: &str| {
                own.get(&(p.clone(), vec![Some(t.to_string())], cur.clone()))
                    .copied()
                    .unwrap_or_default()
            };
            let got_of = |t: &str| {
                r.get(&(p.clone(), vec![Some(t.to_string())], cur.clone()))
                    .copied()
                    .unwrap_or_default()
            };
            let parts: Vec<Decimal> = targets.iter().map(|t| got_of(t) - own_of(t)).collect();
            assert_eq!(
                parts.iter().sum::<Decimal>(),
                *whole,
                "{method:?} {p} {cur}: parts add up"
            );
            let weights: Vec<Decimal> = match &method {
                SplitMethod::Even => vec![Decimal::ONE, Decimal::ONE],
                SplitMethod::Proportional => targets
                    .iter()
                    .map(|t| own_of(t).max(Decimal::ZERO))
                    .collect(),
                SplitMethod::Fixed { .. } => vec![Decimal::from(30), Decimal::from(70)],
            };
            let wsum: Decimal = weights.iter().sum();
            for (part, w) in parts.iter().zip(&weights) {
                let ideal = *whole * *w / wsum;
                assert!(
                    (*part - ideal).abs() <= Decimal::new(1, 9),
                    "{method:?} {p}: {part} vs {ideal}"
                );
            }
        }
        // Groups other than the targets keep exactly their own cost.
        for (k, v) in &own {
            if !targets
                .iter()
                .any(|t| k.1[0].as_deref() == Some(t.as_str()))
            {
                assert_eq!(r.get(k), Some(v), "{k:?}");
            }
        }
    }

    // Currency: CHF only from 2026-01-15 (USD→CHF), CNY through USD (given
    // as USD→CNY, so inverted); earlier days are missing, never converted at 1.
    for r in [
        ExchangeRate {
            date: "2026-01-15".into(),
            from: "USD".into(),
            to: "CHF".into(),
            rate: "0.8".into(),
        },
        ExchangeRate {
            date: "2026-02-01".into(),
            from: "USD".into(),
            to: "CHF".into(),
            rate: "0.79".into(),
        },
        ExchangeRate {
            date: "2025-12-01".into(),
            from: "USD".into(),
            to: "CNY".into(),
            rate: "7.2".into(),
        },
    ] {
        f.cl.set_exchange_rate(&r).unwrap();
    }
    let rates: Vec<(NaiveDate, &str, Decimal)> = vec![
        (d("2026-01-15"), "USD", Decimal::from_str("0.8").unwrap()),
        (d("2026-02-01"), "USD", Decimal::from_str("0.79").unwrap()),
    ];
    let usd_cny: Vec<(NaiveDate, Decimal)> =
        f.cl.exchange_rates()
            .unwrap()
            .into_iter()
            .filter(|r| r.from == "USD" && r.to == "CNY")
            .map(|r| (d(&r.date), Decimal::from_str(&r.rate).unwrap()))
            .collect();
    let chf_per_usd = |day: NaiveDate| rates.iter().rfind(|r| r.0 <= day).map(|r| r.2);
    let cny_per_usd = |day: NaiveDate| usd_cny.iter().rfind(|r| r.0 <= day).map(|r| r.1);
    let (from, to) = ("2026-01-01", "2026-03-01");
    let mut q = query(&["provider"], from, to, Granularity::Month);
    q.display_currency = Some("CHF".into());
    let r =
        f.cl.explore(&q, ChartStyle::StackedBar, Locale::En)
            .unwrap();
    // Per (provider, day, currency) sums, converted with that day's rate.
    let mut daily: BTreeMap<(String, NaiveDate, String), Decimal> = BTreeMap::new();
    for l in &f.lines {
        let day = day_of(l);
        if day >= d(from) && day < d(to) {
            *daily
                .entry((
                    l.dims.provider_name.clone(),
                    day,
                    l.dims.billing_currency.clone(),
                ))
                .or_default() += l.billed_cost;
        }
    }
    let mut want: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut missing: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for ((p, day, cur), v) in daily {
        if v.is_zero() {
            continue;
        }
        let rate = match cur.as_str() {
            "USD" => chf_per_usd(day),
            "CNY" => chf_per_usd(day).zip(cny_per_usd(day)).map(|(a, b)| a / b),
            other => panic!("unexpected currency {other}"),
        };
        match rate {
            Some(rate) => {
                *want
                    .entry((period(day, Granularity::Month).to_string(), p))
                    .or_default() += (v * rate).round_dp(9)
            }
            None => *missing.entry((day.to_string(), cur)).or_default() += v,
        }
    }
    assert!(!missing.is_empty());
    let got_rows: BTreeMap<(String, String), Decimal> = r
        .rows
        .iter()
        .map(|row| {
            assert_eq!(row.currency, "CHF");
            (
                (row.period.clone(), row.groups[0].clone().unwrap()),
                Decimal::from_str(&row.amount).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got_rows.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (k, v) in &want {
        assert!(
            (got_rows[k] - v).abs() < Decimal::new(1, 2),
            "{k:?}: {} vs {v}",
            got_rows[k]
        );
    }
    let got_missing: BTreeMap<(String, String), Decimal> = r
        .missing_rates
        .iter()
        .map(|m| {
            assert_eq!(m.to, "CHF");
            (
                (m.date.clone(), m.from.clone()),
                Decimal::from_str(&m.amount).unwrap(),
            )
        })
        .collect();
    let missing: BTreeMap<_, _> = missing
        .into_iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(k, v)| (k, v.normalize()))
        .collect();
    assert_eq!(got_missing, missing);
    assert!(got_missing.keys().all(|(day, _)| d(day) < d("2026-01-15")));

    // Rates from a CSV file; a bad row names file, line, column and what was expected.
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("rates.csv");
    std::fs::write(
        &good,
        "date,from,to,rate\n2026-03-01,EUR,USD,1.08\n2026-02-01,USD,CHF,0.78\n2026-03-01,RMB,usd,0.14\n",
    )
    .unwrap();
    let res = f.cl.import_exchange_rates(good.to_str().unwrap()).unwrap();
    assert_eq!((res.added, res.replaced), (2, 1));
    // Aliases are stored under their ISO code and reported, never as a bucket of their own.
    assert_eq!(res.notes.len(), 2, "{:?}", res.notes);
    assert!(res.notes[0].ends_with(
        "rates.csv, line 4, column from: currency written as \"RMB\" read as ISO 4217 CNY"
    ));
    let stored = f.cl.exchange_rates().unwrap();
    assert!(stored
        .iter()
        .any(|r| r.from == "CNY" && r.to == "USD" && r.date == "2026-03-01"));
    assert!(!stored.iter().any(|r| r.from == "RMB"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "date,from,to,rate\n2026-03-01,EUR,USD,1.08\n2026-03-01,EUR,DOLLAR,1.1\n",
    )
    .unwrap();
    let e =
        f.cl.import_exchange_rates(bad.to_str().unwrap())
            .unwrap_err();
    assert!(
        e.message.contains("bad.csv, line 3, column to") && e.message.contains("expected"),
        "{}",
        e.message
    );
    let shipped = f.cl.exchange_rates().unwrap();
    assert!(shipped
        .iter()
        .any(|r| r.from == "USD" && r.to == "JPY" && r.date == "2026-11-01"));

    // One resource in detail: its lines (with provenance) add up to its total.
    let res = f
        .lines
        .iter()
        .rev()
        .find(|l| l.dims.resource_id.is_some() && day_of(l) >= d("2026-02-01"))
        .and_then(|l| l.dims.resource_id.clone())
        .unwrap();
    let detail =
        f.cl.explore_resource(
            &res,
            ("2026-02-01", "2026-03-01"),
            ExploreMetric::Billed,
            None,
            Locale::En,
        )
        .unwrap();
    assert_eq!(detail.metric, ExploreMetric::Billed);
    let want: Decimal = f
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some(res.as_str()))
        .filter(|l| day_of(l) >= d("2026-02-01") && day_of(l) < d("2026-03-01"))
        .map(|l| l.billed_cost)
        .sum();
    let lines_sum: Decimal = detail
        .lines
        .iter()
        .map(|l| Decimal::from_str(&l.billed).unwrap())
        .sum();
    assert_eq!(lines_sum, want);
    assert_eq!(
        Decimal::from_str(&detail.total[0].amount).unwrap(),
        want.normalize()
    );
    assert!(detail.lines.iter().all(|l| l.provenance == "demo"));
    // In the explorer's effective metric the drill-down totals effective cost.
    let effective =
        f.cl.explore_resource(
            &res,
            ("2026-02-01", "2026-03-01"),
            ExploreMetric::Effective,
            None,
            Locale::En,
        )
        .unwrap();
    let want_effective: Decimal = detail
        .lines
        .iter()
        .map(|l| Decimal::from_str(&l.effective).unwrap())
        .sum();
    assert_eq!(effective.metric, ExploreMetric::Effective);
    assert_eq!(
        Decimal::from_str(&effective.total[0].amount).unwrap(),
        want_effective.normalize()
    );
    assert!(detail.virtual_tags.iter().all(|t| t.key == "owner"));

    // The preview shows what a change would move, before saving.
    let preview = f.cl.preview_rules(&owner_rules("storage")).unwrap();
    assert_eq!(preview[0].tag, "owner");
    assert!(preview[0]
        .rows
        .iter()
        .any(|r| r.value.as_deref() == Some("storage") && r.before == "0" && r.after != "0"));

    // Removing the data moves the store generation: the snapshot is rebuilt.
    f.cl.remove_demo().unwrap();
    let r =
        f.cl.explore(
            &query(&["service"], "2025-01-01", "2026-12-01", Granularity::Month),
            ChartStyle::StackedBar,
            Locale::En,
        )
        .unwrap();
    assert!(r.rows.is_empty() && r.chart.is_none());
}

/// Who the audit log names for the test's changes, at a fixed time.
fn actor() -> cloudlens_api::Actor {
    cloudlens_api::Actor {
        os_user: "tester".into(),
        clock: || 1_749_945_600, // 2025-06-15
    }
}
