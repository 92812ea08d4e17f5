//! Properties of the generated dataset that features built on it rely on.
//! The 1M-line default dataset is generated once and summarised in a single
//! streaming pass; per-line invariants are asserted during that pass.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use cloudlens_demo::{generate, planted_anomalies, AnomalyKind, DemoOptions, DemoTotals};
use cloudlens_model::{
    utc_day, ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, PricingCategory,
};

fn opts(lines: u64) -> DemoOptions {
    DemoOptions {
        lines,
        ..DemoOptions::default()
    }
}

fn hash_dec(h: &mut DefaultHasher, d: Decimal) {
    // Exact representation, scale included.
    h.write(&d.serialize());
}

fn hash_opt(h: &mut DefaultHasher, d: Option<Decimal>) {
    d.is_some().hash(h);
    if let Some(d) = d {
        hash_dec(h, d);
    }
}

fn hash_line(h: &mut DefaultHasher, l: &CostLine) {
    l.dims.hash(h);
    (
        l.billing_period_start,
        l.billing_period_end,
        l.charge_period_start,
        l.charge_period_end,
    )
        .hash(h);
    for d in [
        l.billed_cost,
        l.effective_cost,
        l.list_cost,
        l.contracted_cost,
    ] {
        hash_dec(h, d);
    }
    for d in [
        l.pricing_quantity,
        l.consumed_quantity,
        l.list_unit_price,
        l.contracted_unit_price,
        l.commitment_discount_quantity,
    ] {
        hash_opt(h, d);
    }
    (
        &l.commitment_discount_status,
        &l.capacity_reservation_status,
        &l.invoice_id,
        &l.extras,
    )
        .hash(h);
    l.provenance.source_row.hash(h);
}

fn stream_hash(o: &DemoOptions) -> (u64, u64, DemoTotals) {
    let mut h = DefaultHasher::new();
    let mut n = 0;
    let totals = generate::<()>(o, |l| {
        hash_line(&mut h, &l);
        n += 1;
        Ok(())
    })
    .unwrap();
    (h.finish(), n, totals)
}

type GroupKey = (String, String, String);

#[derive(Default)]
struct Stats {
    lines: u64,
    groups: BTreeMap<GroupKey, ([Decimal; 4], u64)>,
    providers: BTreeSet<String>,
    billing_accounts: BTreeSet<String>,
    sub_accounts: BTreeSet<String>,
    currencies: BTreeSet<String>,
    months: BTreeSet<String>,
    kinds: BTreeMap<String, u64>,
    effective: Decimal,
    untagged: Decimal,
    tag_keys: BTreeSet<String>,
    /// Usage EffectiveCost per currency per day.
    daily: BTreeMap<(String, NaiveDate), Decimal>,
    /// EffectiveCost per (billing account, service, day) for anomaly services.
    watched: HashMap<(String, String, NaiveDate), Decimal>,
    /// (commitment id, month) -> (recurring purchase billed, covered effective).
    commitments: HashMap<(String, String), (Decimal, Decimal)>,
    chinese_cny: bool,
}

fn month_of(ts: i64) -> String {
    let d = utc_day(ts).unwrap();
    format!("{:04}-{:02}", d.year(), d.month())
}

fn scale_ok(d: Decimal) -> bool {
    d.scale() <= 6
}

fn collect(o: &DemoOptions) -> (Stats, DemoTotals) {
    let anomalies = planted_anomalies(o);
    let watched: BTreeSet<(String, String)> = anomalies
        .iter()
        .map(|a| (a.billing_account_id.clone(), a.service_name.clone()))
        .collect();
    let mut s = Stats {
        chinese_cny: true,
        ..Stats::default()
    };
    let mut last_start = i64::MIN;
    let totals = generate::<()>(o, |l| {
        s.lines += 1;
        let d = &l.dims;
        // Sequence, order and periods.
        assert_eq!(
            l.provenance.source_row, s.lines,
            "source_row is the 1-based sequence number"
        );
        assert!(
            l.charge_period_start >= last_start,
            "lines come in ascending charge-day order"
        );
        last_start = l.charge_period_start;
        assert!(l.charge_period_end > l.charge_period_start);
        assert!(
            l.billing_period_start <= l.charge_period_start
                && l.charge_period_end <= l.billing_period_end
        );
        assert_eq!(
            month_of(l.billing_period_start),
            month_of(l.charge_period_start)
        );
        assert_eq!(utc_day(l.billing_period_start).unwrap().day(), 1);
        assert_eq!(utc_day(l.billing_period_end).unwrap().day(), 1);
        // Money and units.
        for v in [
            l.billed_cost,
            l.effective_cost,
            l.list_cost,
            l.contracted_cost,
        ] {
            assert!(scale_ok(v), "{v} has more than 6 decimal places");
        }
        assert!(d
            .pricing_currency
            .as_deref()
            .is_none_or(|c| c == d.billing_currency));
        if d.charge_class.is_none() {
            if let (Some(q), Some(p)) = (l.pricing_quantity, l.list_unit_price) {
                assert_eq!(
                    p * q,
                    l.list_cost,
                    "ListCost = ListUnitPrice x PricingQuantity ({d:?})"
                );
            }
            if let (Some(q), Some(p)) = (l.pricing_quantity, l.contracted_unit_price) {
                assert_eq!(
                    p * q,
                    l.contracted_cost,
                    "ContractedCost = ContractedUnitPrice x PricingQuantity"
                );
            }
        }
        assert!(l.invoice_id.is_some());
        match d.charge_category {
            ChargeCategory::Purchase => {
                assert_eq!(
                    l.effective_cost,
                    Decimal::ZERO,
                    "prepaid purchases carry no EffectiveCost"
                );
                assert!(l.billed_cost > Decimal::ZERO);
                assert_eq!(d.pricing_category, Some(PricingCategory::Committed));
                assert!(d.commitment_discount_id.is_some());
            }
            ChargeCategory::Usage if l.commitment_discount_status.is_some() => {
                assert_eq!(
                    l.billed_cost,
                    Decimal::ZERO,
                    "committed usage is paid by the purchase"
                );
                assert!(l.effective_cost > Decimal::ZERO);
                assert!(l.commitment_discount_quantity.is_some());
            }
            ChargeCategory::Usage if d.charge_class.is_none() => {
                assert_eq!(l.billed_cost, l.effective_cost);
                assert!(l.billed_cost > Decimal::ZERO);
                assert_eq!(d.charge_frequency, Some(ChargeFrequency::UsageBased));
            }
            ChargeCategory::Credit => assert!(l.billed_cost < Decimal::ZERO),
            _ => {}
        }
        if matches!(d.provider_name.as_str(), "Tencent Cloud" | "Huawei Cloud")
            && d.billing_currency != "CNY"
        {
            s.chinese_cny = false;
        }
        // Summaries.
        let month = month_of(l.billing_period_start);
        let g = s
            .groups
            .entry((
                d.provider_name.clone(),
                d.billing_currency.clone(),
                month.clone(),
            ))
            .or_default();
        for (acc, v) in g.0.iter_mut().zip([
            l.billed_cost,
            l.effective_cost,
            l.list_cost,
            l.contracted_cost,
        ]) {
            *acc += v;
        }
        g.1 += 1;
        if !s.providers.contains(&d.provider_name) {
            s.providers.insert(d.provider_name.clone());
        }
        if !s.billing_accounts.contains(&d.billing_account_id) {
            s.billing_accounts.insert(d.billing_account_id.clone());
        }
        if let Some(sub) = d
            .sub_account_id
            .as_ref()
            .filter(|x| !s.sub_accounts.contains(*x))
        {
            s.sub_accounts.insert(sub.clone());
        }
        s.currencies.insert(d.billing_currency.clone());
        s.months.insert(month.clone());
        let kind = format!(
            "{}/{}/{}",
            d.charge_category,
            d.charge_class.map_or("-", ChargeClass::as_str),
            d.pricing_category.map_or("-", PricingCategory::as_str)
        );
        *s.kinds.entry(kind).or_default() += 1;
        s.effective += l.effective_cost;
        if d.tags.is_empty() {
            s.untagged += l.effective_cost;
        }
        for k in d.tags.keys() {
            if !s.tag_keys.contains(k) {
                s.tag_keys.insert(k.clone());
            }
        }
        let day = utc_day(l.charge_period_start).unwrap();
        if d.charge_category == ChargeCategory::Usage {
            *s.daily
                .entry((d.billing_currency.clone(), day))
                .or_default() += l.effective_cost;
        }
        let wkey = (d.billing_account_id.clone(), d.service_name.clone());
        if watched.contains(&wkey) {
            *s.watched.entry((wkey.0, wkey.1, day)).or_default() += l.effective_cost;
        }
        if let Some(id) = &d.commitment_discount_id {
            let recurring = d.charge_frequency == Some(ChargeFrequency::Recurring);
            if d.charge_category == ChargeCategory::Usage || recurring {
                let e = s.commitments.entry((id.clone(), month)).or_default();
                if recurring {
                    e.0 += l.billed_cost;
                } else {
                    e.1 += l.effective_cost;
                }
            }
        }
        Ok(())
    })
    .unwrap();
    (s, totals)
}

fn million() -> &'static (Stats, DemoTotals) {
    static CELL: OnceLock<(Stats, DemoTotals)> = OnceLock::new();
    CELL.get_or_init(|| collect(&DemoOptions::default()))
}

#[test]
fn same_options_give_the_same_stream_and_another_seed_does_not() {
    let o = opts(200_000);
    let (a, na, ta) = stream_hash(&o);
    let (b, nb, tb) = stream_hash(&o);
    assert_eq!((a, na), (b, nb));
    assert_eq!(ta, tb);
    let (c, _, tc) = stream_hash(&DemoOptions {
        seed: 7,
        ..o.clone()
    });
    assert_ne!(a, c);
    assert_ne!(ta, tc);
    assert_eq!(planted_anomalies(&o), planted_anomalies(&o));
}

#[test]
fn totals_equal_an_independent_sum_of_the_lines() {
    let (s, totals) = million();
    assert_eq!(totals.lines, s.lines);
    assert_eq!(totals.groups.len(), s.groups.len());
    for g in &totals.groups {
        let key = (
            g.provider_name.clone(),
            g.billing_currency.clone(),
            g.month.clone(),
        );
        let (sums, n) = &s.groups[&key];
        assert_eq!(
            [g.billed, g.effective, g.list, g.contracted],
            *sums,
            "{key:?}"
        );
        assert_eq!(g.lines, *n, "{key:?}");
        assert_eq!(totals.get(&key.0, &key.1, &key.2), Some(g));
    }
}

#[test]
fn line_count_lands_within_two_percent_of_the_target() {
    for target in [20_000u64, 200_000] {
        let mut n = 0u64;
        let totals = generate::<()>(&opts(target), |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(totals.lines, n);
        assert!(
            n.abs_diff(target) * 50 <= target,
            "{n} lines for a target of {target}"
        );
    }
    let n = million().0.lines;
    assert!(
        n.abs_diff(1_000_000) <= 20_000,
        "{n} lines for a target of 1000000"
    );
}

#[test]
fn the_estate_spans_six_providers_twenty_accounts_and_thirteen_months() {
    let s = &million().0;
    let providers: Vec<&str> = s.providers.iter().map(String::as_str).collect();
    assert_eq!(
        providers,
        [
            "AWS",
            "Alibaba Cloud",
            "Google Cloud",
            "Huawei Cloud",
            "Microsoft",
            "Tencent Cloud"
        ]
    );
    assert!(
        s.billing_accounts.len() >= 18,
        "{} billing accounts",
        s.billing_accounts.len()
    );
    assert!(
        s.sub_accounts.len() >= 40,
        "{} sub-accounts",
        s.sub_accounts.len()
    );
    assert!(s.currencies.contains("CNY") && s.currencies.contains("USD"));
    assert!(s.chinese_cny, "Tencent and Huawei bill in CNY");
    assert!(
        s.groups
            .keys()
            .any(|(p, c, _)| p == "Alibaba Cloud" && c == "USD"),
        "Alibaba international account"
    );
    assert_eq!(s.months.len(), 13);
    assert_eq!(s.months.last().map(String::as_str), Some("2026-11"));
    assert!(
        s.tag_keys.contains("team") && s.tag_keys.contains("Team"),
        "inconsistent tag keys: {:?}",
        s.tag_keys
    );
}

#[test]
fn every_kind_of_charge_is_present() {
    let k = &million().0.kinds;
    for kind in [
        "Usage/-/Standard",
        "Usage/-/Dynamic",
        "Usage/-/Committed",
        "Usage/Correction/Standard",
        "Purchase/-/Committed",
        "Tax/-/-",
        "Credit/-/-",
        "Adjustment/-/-",
    ] {
        assert!(
            k.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} lines in {k:?}"
        );
    }
}

#[test]
fn untagged_spend_is_a_realistic_minority() {
    let s = &million().0;
    let share = s.untagged / s.effective;
    assert!(
        share > Decimal::new(8, 2) && share < Decimal::new(25, 2),
        "untagged share {share}"
    );
}

#[test]
fn recurring_commitments_amortize_to_their_fee_over_a_full_month() {
    let s = &million().0;
    let last = s.months.last().unwrap();
    let mut checked = 0;
    for ((id, month), (fee, used)) in &s.commitments {
        if month != last && *fee > Decimal::ZERO {
            assert_eq!(fee, used, "{id} in {month}");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} commitment-months checked");
}

#[test]
fn planted_anomalies_stand_out_against_their_trailing_median() {
    let o = DemoOptions::default();
    let anomalies = planted_anomalies(&o);
    let kinds: BTreeSet<_> = anomalies.iter().map(|a| format!("{:?}", a.kind)).collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    let s = &million().0;
    for a in &anomalies {
        assert!(a.extra_cost > Decimal::ZERO, "{a:?}");
        assert!(a.day <= a.last_day && a.last_day <= o.end);
        let cost = |d: NaiveDate| {
            s.watched
                .get(&(a.billing_account_id.clone(), a.service_name.clone(), d))
                .copied()
                .unwrap_or_default()
        };
        let mut trailing: Vec<Decimal> = (1..=14)
            .map(|i| cost(a.day - chrono::Duration::days(i)))
            .collect();
        trailing.sort();
        let median = (trailing[6] + trailing[7]) / Decimal::TWO;
        let day = cost(a.day);
        assert!(
            day >= median * Decimal::TWO,
            "{a:?}: day {day} vs median {median}"
        );
        assert!(
            day - median >= a.extra_cost / Decimal::TWO,
            "{a:?}: day {day} vs median {median}"
        );
        if a.kind == AnomalyKind::Spike {
            let after = cost(a.last_day + chrono::Duration::days(7));
            assert!(
                after < day / Decimal::TWO,
                "{a:?}: a spike subsides ({after} a week later)"
            );
        }
    }
}

#[test]
fn weekends_dip_and_months_grow() {
    let s = &million().0;
    for currency in ["CNY", "USD"] {
        let (mut wd, mut we, mut nwd, mut nwe) = (Decimal::ZERO, Decimal::ZERO, 0u32, 0u32);
        for ((c, d), v) in &s.daily {
            if c != currency {
                continue;
            }
            if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                we += v;
                nwe += 1;
            } else {
                wd += v;
                nwd += 1;
            }
        }
        let (wd, we) = (wd / Decimal::from(nwd), we / Decimal::from(nwe));
        assert!(
            we < wd * Decimal::new(95, 2),
            "{currency}: weekend {we} vs weekday {wd}"
        );
        assert!(
            we > wd / Decimal::TWO,
            "{currency}: weekend {we} vs weekday {wd}"
        );
        // Month-over-month growth of a few percent between the first and the
        // last complete month.
        let month_total = |m: &str| -> Decimal {
            s.daily
                .iter()
                .filter(|((c, d), _)| c == currency && d.format("%Y-%m").to_string() == m)
                .map(|(_, v)| *v)
                .sum()
        };
        let months: Vec<&String> = s.months.iter().collect();
        let (first, last) = (month_total(months[1]), month_total(months[11]));
        let ratio = last / first;
        assert!(
            ratio > Decimal::new(110, 2) && ratio < Decimal::new(180, 2),
            "{currency}: {ratio}"
        );
    }
}

#[test]
fn a_failing_sink_stops_generation_with_its_error() {
    let mut seen = 0;
    let r = generate(&opts(20_000), |_| {
        seen += 1;
        if seen == 1234 {
            Err("cancelled")
        } else {
            Ok(())
        }
    });
    assert_eq!(r, Err("cancelled"));
    assert_eq!(seen, 1234);
}

#[test]
fn small_datasets_with_other_end_dates_still_cover_every_provider() {
    for (lines, end) in [
        (10_000u64, "2024-02-29"),
        (30_000, "2025-12-31"),
        (12_345, "2030-01-01"),
    ] {
        let o = DemoOptions {
            lines,
            seed: 3,
            end: end.parse().unwrap(),
        };
        let (s, totals) = collect(&o);
        assert!(
            s.lines.abs_diff(lines) * 50 <= lines,
            "{} lines for {lines}",
            s.lines
        );
        assert_eq!(totals.lines, s.lines);
        assert_eq!(s.providers.len(), 6, "{end}: {:?}", s.providers);
        assert_eq!(s.months.len(), 13);
        let last = NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap();
        assert_eq!(
            s.months.last().cloned(),
            Some(last.format("%Y-%m").to_string())
        );
        assert!(s.daily.keys().all(|(_, d)| *d <= last));
        for a in planted_anomalies(&o) {
            assert!(a.day <= last && a.last_day <= last, "{a:?}");
        }
    }
}
