//! Virtual tags, rule versions, shared costs and converted currency checked
//! against the explorer's oracle: the same rules written out by hand over
//! the demo's lines, summed with plain `Decimal` arithmetic.

mod explore_oracle;

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_api::*;
use cloudlens_model::CostLine;
use rust_decimal::Decimal;

use explore_oracle::*;

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
        tag_keys: Vec::new(),
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
