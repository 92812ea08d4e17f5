//! Recommendations on the demo in a real encrypted store: every kind is
//! found, re-runs update rather than duplicate, statuses and their history
//! survive reopening, exports carry the list, and removing the demo closes
//! its recommendations because their resources are gone.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::{
    CloudLens, DemoOptions, KeySource, Locale, RecommendationKind, RecommendationQuery,
    RecommendationStatus, TableFormat,
};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

fn open(dir: &tempfile::TempDir) -> CloudLens {
    let key = KeySource::Passphrase(Zeroizing::new("recs test".into()));
    CloudLens::open(
        &dir.path().join("s.db"),
        &key,
        cloudlens_api::Actor::fixed("tester"),
    )
    .unwrap()
}

const END: (i32, u32, u32) = (2026, 11, 25);

/// The start of the demo's last day.
const END_TS: u64 = 1_795_564_800;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(END.0, END.1, END.2 + 1).unwrap()
}

fn loaded(dir: &tempfile::TempDir) -> CloudLens {
    let cl = open(dir);
    let opts = DemoOptions {
        lines: 300_000,
        seed: 42,
        end: NaiveDate::from_ymd_opt(END.0, END.1, END.2).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    cl
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Highest display-currency saving first, and on the demo that order is not
/// the order of the bare amounts (a CNY amount is larger than its USD worth).
fn ranked_in_the_display_currency(items: &[cloudlens_api::RecommendationView]) {
    let shown = |v: &cloudlens_api::RecommendationView| dec(v.display_saving.as_deref().unwrap());
    for w in items.windows(2) {
        assert!(
            shown(&w[0]) >= shown(&w[1]),
            "{} before {}",
            w[0].id,
            w[1].id
        );
    }
    let bare_disagrees = items.windows(2).any(|w| {
        w[0].currency != w[1].currency && dec(&w[0].monthly_saving) < dec(&w[1].monthly_saving)
    });
    assert!(
        bare_disagrees,
        "the demo ranks a smaller bare amount first somewhere"
    );
}

/// One block per currency (in the currencies' order), highest first in each.
fn ranked_per_currency(items: &[cloudlens_api::RecommendationView]) {
    assert!(items.iter().all(|v| v.display_saving.is_none()));
    for w in items.windows(2) {
        assert!(
            w[0].currency <= w[1].currency,
            "{} before {}",
            w[0].id,
            w[1].id
        );
        if w[0].currency == w[1].currency {
            assert!(dec(&w[0].monthly_saving) >= dec(&w[1].monthly_saving));
        }
    }
    let currencies: HashSet<&str> = items.iter().map(|v| v.currency.as_str()).collect();
    assert_eq!(currencies.len(), 2, "{currencies:?}");
}

fn all() -> RecommendationQuery {
    RecommendationQuery::default()
}

#[test]
fn the_demo_is_alive_and_statuses_are_tracked() {
    let dir = tempfile::tempdir().unwrap();
    let cl = loaded(&dir);
    let first = cl.refresh_recommendations(today(), 1_000).unwrap();
    assert!(first.found > 0 && first.created == first.found, "{first:?}");
    let list = cl.recommendations(&all(), Locale::En).unwrap();
    assert_eq!(list.items.len() as u32, first.found);
    let kinds: HashSet<RecommendationKind> = list.items.iter().map(|v| v.kind).collect();
    for k in [
        RecommendationKind::Idle,
        RecommendationKind::Rightsize,
        RecommendationKind::Commitment,
        RecommendationKind::Discount,
        RecommendationKind::Renewal,
    ] {
        assert!(kinds.contains(&k), "no {k:?} on the demo");
    }
    let findings: HashSet<&str> = list.items.iter().map(|v| v.finding.as_str()).collect();
    for f in [
        "unattached_disk",
        "unassociated_ip",
        "stopped_billed",
        "idle_instance",
        "unused_commitment",
    ] {
        assert!(findings.contains(f), "no {f} on the demo: {findings:?}");
    }
    // Ranked by saving; totals never mix currencies.
    for t in list
        .potential_by_kind
        .iter()
        .chain(&list.potential_by_provider)
    {
        assert!(["USD", "CNY"].contains(&t.currency.as_str()), "{t:?}");
    }
    let usd: Decimal = list
        .potential_by_kind
        .iter()
        .filter(|t| t.currency == "USD")
        .map(|t| t.amount.parse::<Decimal>().unwrap())
        .sum();
    let by_item: Decimal = list
        .items
        .iter()
        .filter(|v| v.currency == "USD")
        .map(|v| v.monthly_saving.parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(usd, by_item);

    // Savings shown in one display currency as well, at the stored rates.
    let shown = cl
        .recommendations(
            &RecommendationQuery {
                display_currency: Some("USD".into()),
                ..all()
            },
            Locale::En,
        )
        .unwrap();
    assert!(shown.missing_rates.is_empty(), "{:?}", shown.missing_rates);
    assert!(shown.items.iter().all(|v| v.display_saving.is_some()));
    let cny = shown
        .items
        .iter()
        .find(|v| v.currency == "CNY" && v.monthly_saving != "0.00")
        .unwrap();
    let (native, usd): (Decimal, Decimal) = (
        cny.monthly_saving.parse().unwrap(),
        cny.display_saving.as_deref().unwrap().parse().unwrap(),
    );
    assert!(
        usd < native && usd > Decimal::ZERO,
        "{native} CNY shown as {usd} USD"
    );
    assert!(shown.display_potential.unwrap().parse::<Decimal>().unwrap() > usd);
    ranked_in_the_display_currency(&shown.items);

    // With no rate into the display currency, or per billing currency,
    // amounts of different currencies are never ranked against each other.
    let no_rate = cl
        .recommendations(
            &RecommendationQuery {
                // The store's reference rates name no Swiss franc.
                display_currency: Some("CHF".into()),
                ..all()
            },
            Locale::En,
        )
        .unwrap();
    assert_eq!(
        no_rate.missing_rates.len(),
        2,
        "{:?}",
        no_rate.missing_rates
    );
    ranked_per_currency(&no_rate.items);
    ranked_per_currency(&list.items);

    // The discount table: six months per provider, account and service, with rates.
    let table = cl.discount_analysis(6).unwrap();
    let months: HashSet<&str> = table.iter().map(|r| r.month.as_str()).collect();
    assert_eq!(months.len(), 6, "{months:?}");
    assert!(table
        .iter()
        .any(|r| r.negotiated_rate.as_deref().is_some_and(|x| x != "0.00")));
    assert!(table
        .iter()
        .any(|r| r.negotiated_rate.as_deref() == Some("0.00")));
    // Every one of the six providers has its rows, in every month.
    let providers: HashSet<&str> = table.iter().map(|r| r.provider.as_str()).collect();
    assert_eq!(providers.len(), 6, "{providers:?}");
    for p in [
        "AWS",
        "Microsoft",
        "Google Cloud",
        "Alibaba Cloud",
        "Tencent Cloud",
        "Huawei Cloud",
    ] {
        let months: HashSet<&str> = table
            .iter()
            .filter(|r| r.provider == p)
            .map(|r| r.month.as_str())
            .collect();
        assert_eq!(months.len(), 6, "{p}: {months:?}");
    }

    // A second run updates, it does not add.
    let again = cl.refresh_recommendations(today(), 2_000).unwrap();
    assert_eq!(
        (again.created, again.closed, again.changed, again.reopened),
        (0, 0, 0, 0),
        "{again:?}"
    );
    assert_eq!(
        cl.recommendations(&all(), Locale::En).unwrap().items.len(),
        list.items.len()
    );

    // The evidence behind an idle instance, with its chart, in Chinese too.
    let idle = list
        .items
        .iter()
        .find(|v| v.finding == "idle_instance")
        .unwrap();
    let detail = cl.recommendation_detail(&idle.id, Locale::ZhCn).unwrap();
    let chart = detail.chart.unwrap();
    assert_eq!(
        chart.series.len(),
        2 + usize::from(
            detail
                .item
                .evidence
                .utilisation
                .as_ref()
                .unwrap()
                .memory_p95
                .is_some()
        )
    );
    assert!(chart.svg.contains("<polyline"));
    assert!(detail.item.action.contains("CPU"));
    assert!(detail.item.evidence.costs.is_some());

    // Dismiss one (with a reason), mark another done.
    let done = list
        .items
        .iter()
        .find(|v| v.finding == "unattached_disk")
        .unwrap();
    assert!(cl
        .set_recommendation_status(
            &idle.id,
            RecommendationStatus::Dismissed,
            None,
            "cli",
            3_000
        )
        .unwrap_err()
        .message
        .contains("reason"));
    cl.set_recommendation_status(
        &idle.id,
        RecommendationStatus::Dismissed,
        Some("batch host"),
        "cli",
        3_000,
    )
    .unwrap();
    // Done twenty days before the bills end: the disk is still billed, so
    // the realised saving read from those twenty days is nothing.
    let twenty_days_before = (END_TS - 20 * 86_400) as i64;
    cl.set_recommendation_status(
        &done.id,
        RecommendationStatus::Done,
        None,
        "cli",
        twenty_days_before,
    )
    .unwrap();
    drop(cl);
    let cl = open(&dir);
    let run = cl.refresh_recommendations(today(), 4_000).unwrap();
    assert_eq!(run.measured, 1, "{run:?}");
    let measured = cl.recommendation_detail(&done.id, Locale::En).unwrap().item;
    assert_eq!(measured.status, RecommendationStatus::Done);
    let realised: Decimal = measured
        .realised_saving
        .as_deref()
        .unwrap()
        .parse()
        .unwrap();
    let saving: Decimal = measured.monthly_saving.parse().unwrap();
    assert!(
        realised.abs() * Decimal::from(100) < saving,
        "{realised} realised of {saving}"
    );
    assert!(!measured.realised_complete);
    let dismissed = cl
        .recommendations(
            &RecommendationQuery {
                status: Some(RecommendationStatus::Dismissed),
                ..all()
            },
            Locale::En,
        )
        .unwrap();
    assert_eq!(dismissed.items.len(), 1);
    assert_eq!(
        dismissed.items[0].status_note.as_deref(),
        Some("batch host")
    );
    let history = cl
        .recommendation_detail(&done.id, Locale::En)
        .unwrap()
        .history;
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].to, RecommendationStatus::Done);
    assert_eq!(history[1].who, "cli");

    // Filters and export.
    let aws = cl
        .recommendations(
            &RecommendationQuery {
                providers: vec!["aws".into()],
                kinds: vec![RecommendationKind::Idle, RecommendationKind::Rightsize],
                ..all()
            },
            Locale::En,
        )
        .unwrap();
    assert!(aws.items.iter().all(|v| v.provider == "AWS"
        && matches!(
            v.kind,
            RecommendationKind::Idle | RecommendationKind::Rightsize
        )));
    let csv = dir.path().join("recs.csv");
    let n = cl
        .export_recommendations(&all(), Locale::En, TableFormat::Csv, csv.to_str().unwrap())
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count() as u32, n + 1);
    assert!(text.starts_with("id,kind,finding,provider"));
    let xlsx = dir.path().join("recs.xlsx");
    cl.export_recommendations(
        &all(),
        Locale::ZhCn,
        TableFormat::Xlsx,
        xlsx.to_str().unwrap(),
    )
    .unwrap();
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
}

#[test]
fn removing_the_demo_closes_what_it_found_and_settings_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cl = loaded(&dir);
    cl.refresh_recommendations(today(), 1_000).unwrap();
    let before = cl.recommendations(&all(), Locale::En).unwrap().items.len();
    cl.remove_demo().unwrap();
    let run = cl.refresh_recommendations(today(), 2_000).unwrap();
    assert_eq!(run.found, 0);
    assert_eq!(run.closed as usize, before);
    let closed = cl
        .recommendations(
            &RecommendationQuery {
                status: Some(RecommendationStatus::Closed),
                ..all()
            },
            Locale::En,
        )
        .unwrap();
    assert!(closed
        .items
        .iter()
        .filter(|v| v.resource.is_some())
        .all(|v| v.closed_reason.as_deref() == Some("resource_gone")));

    let mut s = cl.recommendation_settings().unwrap();
    assert!(
        cl.discount_analysis(6).unwrap().is_empty(),
        "no lines, no analysis"
    );
    assert_eq!(s.idle_cpu_percent, 5.0);
    s.idle_cpu_percent = 3.0;
    s.min_monthly_saving = "2.50".into();
    cl.save_recommendation_settings(&s).unwrap();
    assert_eq!(cl.recommendation_settings().unwrap(), s);
    s.rightsize_lookback_days = 60;
    let err = cl.save_recommendation_settings(&s).unwrap_err();
    assert!(
        err.message.contains("rightsize_lookback_days"),
        "{}",
        err.message
    );
}
