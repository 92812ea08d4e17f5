//! Tag key merges and tag coverage on the demo, whose bills spell the team
//! tag both `team` and `Team`: the merged key reads either spelling, the
//! explorer offers it once, and coverage sums agree with the explorer's.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::{
    ChartStyle, CloudLens, CoverageLevel, CoverageQuery, DemoOptions, ExploreMetric, ExploreQuery,
    Granularity, KeySource, Locale, TagKeyMerge,
};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

const FROM: &str = "2026-01-01";
const TO: &str = "2026-03-18";

fn demo(dir: &tempfile::TempDir) -> CloudLens {
    let key = KeySource::Passphrase(Zeroizing::new("tag keys".into()));
    let cl = CloudLens::open(
        &dir.path().join("s.db"),
        &key,
        cloudlens_api::Actor::fixed("tester"),
    )
    .unwrap();
    let opts = DemoOptions {
        lines: 40_000,
        seed: 5,
        end: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    cl
}

fn query(group_by: &[&str], version: Option<i64>) -> ExploreQuery {
    ExploreQuery {
        group_by: group_by.iter().map(|s| s.to_string()).collect(),
        filters: Vec::new(),
        from: FROM.into(),
        to: TO.into(),
        granularity: Granularity::Month,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: version,
        apply_shared_costs: false,
        limit: 0,
        spread_periods: false,
    }
}

type Totals = BTreeMap<(Vec<Option<String>>, String), Decimal>;

fn totals(cl: &CloudLens, q: &ExploreQuery) -> Totals {
    let r = cl.explore(q, ChartStyle::StackedBar, Locale::En).unwrap();
    let mut out = Totals::new();
    for t in r.totals {
        *out.entry((t.groups, t.currency)).or_default() += Decimal::from_str(&t.amount).unwrap();
    }
    out
}

fn merge_team(cl: &CloudLens) -> i64 {
    let mut rules = cl.rules(None).unwrap();
    rules.tag_keys = vec![TagKeyMerge {
        canonical: "team".into(),
        aliases: vec!["Team".into()],
    }];
    cl.save_rules(&rules, "merge team").unwrap().version
}

#[test]
fn the_merged_team_key_reads_both_spellings_and_is_offered_once() {
    let dir = tempfile::tempdir().unwrap();
    let cl = demo(&dir);
    let suggested = cl.suggest_tag_key_merges().unwrap();
    assert!(
        suggested.iter().any(|m| {
            let mut all: Vec<&str> = m.aliases.iter().map(|s| s.as_str()).collect();
            all.push(&m.canonical);
            all.sort();
            all == ["Team", "team"]
        }),
        "{suggested:?}"
    );
    let dims = cl.explore_dimensions().unwrap().dimensions;
    assert!(dims.contains(&"tag:Team".to_string()) && dims.contains(&"tag:team".to_string()));
    let before = cl.rule_versions().unwrap()[0].version;

    merge_team(&cl);
    let dims = cl.explore_dimensions().unwrap().dimensions;
    assert!(dims.contains(&"tag:team".to_string()), "{dims:?}");
    assert!(!dims.contains(&"tag:Team".to_string()), "{dims:?}");
    assert!(!cl
        .suggest_tag_key_merges()
        .unwrap()
        .iter()
        .any(|m| m.canonical == "team" || m.canonical == "Team"));

    // Under the version before the merge, both spellings apart; the merged
    // key takes `team`, else `Team`, and the sums agree to the nano-unit.
    let apart = totals(&cl, &query(&["tag:team", "tag:Team"], Some(before)));
    let mut expected = Totals::new();
    for ((g, cur), v) in apart {
        let merged = g[0].clone().or(g[1].clone());
        *expected.entry((vec![merged], cur)).or_default() += v;
    }
    let merged = totals(&cl, &query(&["tag:team"], None));
    assert_eq!(merged, expected);
    assert!(merged.keys().filter(|(g, _)| g[0].is_some()).count() > 3);
}

#[test]
fn coverage_per_provider_matches_the_explorer_in_billing_and_display_currency() {
    let dir = tempfile::tempdir().unwrap();
    let cl = demo(&dir);
    merge_team(&cl);
    for currency in [None, Some("USD".to_string())] {
        let cov = cl
            .tag_coverage(&CoverageQuery {
                from: FROM.into(),
                to: TO.into(),
                level: CoverageLevel::Provider,
                metric: ExploreMetric::Billed,
                display_currency: currency.clone(),
            })
            .unwrap();
        let team = cov.keys.iter().position(|k| k == "team").unwrap();
        assert!(!cov.keys.contains(&"Team".to_string()));
        let mut q = query(&["provider", "tag:team"], None);
        q.display_currency = currency.clone();
        let by_team = totals(&cl, &q);
        assert!(!cov.rows.is_empty());
        for row in &cov.rows {
            let (mut total, mut tagged) = (Decimal::ZERO, Decimal::ZERO);
            for ((g, cur), v) in &by_team {
                if g[0].as_deref() == Some(row.provider.as_str()) && *cur == row.currency {
                    total += v;
                    if g[1].is_some() {
                        tagged += v;
                    }
                }
            }
            // Converted, each side rounds its own day groups at the ninth place.
            let slack = if currency.is_some() {
                Decimal::new(1, 6)
            } else {
                Decimal::ZERO
            };
            let near = |a: &str, b: Decimal| (Decimal::from_str(a).unwrap() - b).abs() <= slack;
            assert!(near(&row.total, total), "{row:?} vs {total}");
            assert!(near(&row.tagged[team], tagged), "{row:?} vs {tagged}");
            assert!(tagged <= total);
        }
        assert_eq!(cov.rates_through.is_some(), currency.is_some());
    }
}

#[test]
fn service_rows_add_up_to_their_provider() {
    let dir = tempfile::tempdir().unwrap();
    let cl = demo(&dir);
    let at = |level| {
        cl.tag_coverage(&CoverageQuery {
            from: FROM.into(),
            to: TO.into(),
            level,
            metric: ExploreMetric::Effective,
            display_currency: None,
        })
        .unwrap()
    };
    let (providers, services) = (at(CoverageLevel::Provider), at(CoverageLevel::Service));
    assert_eq!(providers.keys, services.keys);
    for p in &providers.rows {
        let sum = |f: &dyn Fn(&cloudlens_api::CoverageRow) -> Decimal| -> Decimal {
            services
                .rows
                .iter()
                .filter(|s| s.provider == p.provider && s.currency == p.currency)
                .map(f)
                .sum()
        };
        assert_eq!(
            sum(&|s| Decimal::from_str(&s.total).unwrap()),
            Decimal::from_str(&p.total).unwrap()
        );
        for k in 0..providers.keys.len() {
            assert_eq!(
                sum(&|s| Decimal::from_str(&s.tagged[k]).unwrap()),
                Decimal::from_str(&p.tagged[k]).unwrap()
            );
        }
    }
}
