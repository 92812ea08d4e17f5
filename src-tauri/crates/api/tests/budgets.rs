//! Budgets through the API on a real encrypted store with the demo data:
//! their figures are the explorer's exact sums and the forecast's own
//! projections for the same scope, fiscal periods and past periods add up,
//! a missing rate is flagged (never taken as 1), copies per dimension value
//! come from last period's spend, and alerts fire once per crossing.

mod demo_store;

use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_api::*;
use rust_decimal::Decimal;

const AS_OF: &str = "2026-05-20";

fn demo() -> (tempfile::TempDir, CloudLens) {
    demo_store::demo("budget test")
}

fn as_of() -> NaiveDate {
    NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn alibaba() -> Vec<DimensionFilter> {
    vec![DimensionFilter {
        dimension: "provider".into(),
        values: vec![Some("Alibaba Cloud".into())],
        exclude: false,
    }]
}

fn spec(name: &str, period: BudgetPeriod, amount: &str, currency: &str) -> BudgetSpec {
    BudgetSpec {
        name: name.into(),
        filters: alibaba(),
        metric: CostMetric::Billed,
        period,
        fiscal_start: 1,
        amount: amount.into(),
        currency: currency.into(),
        thresholds: default_thresholds(),
        channels: Vec::new(),
        apply_shared_costs: false,
    }
}

/// The explorer's total of the Alibaba scope in `currency` over `[from, to)`.
fn explorer_sum(cl: &CloudLens, from: &str, to: &str, currency: &str) -> Decimal {
    let (rows, _) = cl
        .explore_rows(&ExploreQuery {
            group_by: Vec::new(),
            filters: alibaba(),
            from: from.into(),
            to: to.into(),
            granularity: Granularity::Month,
            metric: ExploreMetric::Billed,
            display_currency: Some(currency.into()),
            rules_version: None,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        })
        .unwrap();
    rows.rows.iter().map(|r| dec(&r.amount)).sum()
}

fn forecast(cl: &CloudLens, currency: &str) -> SeriesForecast {
    let r = cl
        .forecast(
            &ForecastQuery {
                group_by: Vec::new(),
                filters: alibaba(),
                metric: ExploreMetric::Billed,
                display_currency: Some(currency.into()),
                as_of: Some(AS_OF.into()),
                horizon: None,
                rules_version: None,
                apply_shared_costs: false,
            },
            Locale::En,
        )
        .unwrap();
    assert_eq!(r.series.len(), 1);
    r.series.into_iter().next().unwrap()
}

fn find<'a>(list: &'a [BudgetView], name: &str) -> &'a BudgetView {
    list.iter().find(|b| b.spec.name == name).unwrap()
}

#[test]
fn budget_figures_equal_the_explorers_sums_and_the_forecasts_projections() {
    let (_dir, cl) = demo();
    cl.add_budget(&spec("ali month", BudgetPeriod::Month, "10", "CNY"), 1)
        .unwrap();
    cl.add_budget(
        &spec("ali quarter", BudgetPeriod::Quarter, "1000000000", "CNY"),
        1,
    )
    .unwrap();
    let list = cl.budgets(as_of(), Locale::En).unwrap();

    let month = find(&list, "ali month");
    assert_eq!(month.period, "2026-05");
    assert_eq!(
        (month.period_start.as_str(), month.period_end.as_str()),
        ("2026-05-01", "2026-05-31")
    );
    let mtd = explorer_sum(&cl, "2026-05-01", AS_OF, "CNY");
    assert!(mtd > Decimal::ZERO);
    assert_eq!(dec(&month.actual), mtd);
    let fc = forecast(&cl, "CNY");
    let m = fc.month_end.as_ref().unwrap();
    assert_eq!(month.forecast.as_deref(), Some(m.mean.as_str()));
    assert_eq!(month.forecast_lo80.as_deref(), Some(m.lo80.as_str()));
    assert_eq!(month.forecast_hi80.as_deref(), Some(m.hi80.as_str()));
    assert_eq!(month.status, BudgetStatus::Over);
    assert!(month.percent_used > 100.0);
    // Every threshold is crossed: actual on a charge day, forecast as of today.
    for t in &month.thresholds {
        let day = t.crossed_on.as_deref().unwrap();
        match t.kind {
            ThresholdKind::Actual => assert!(("2026-05-01".."2026-05-20").contains(&day), "{day}"),
            ThresholdKind::Forecast => assert_eq!(day, AS_OF),
        }
    }

    let quarter = find(&list, "ali quarter");
    assert_eq!(quarter.period, "2026-Q2");
    assert_eq!(
        dec(&quarter.actual),
        explorer_sum(&cl, "2026-04-01", AS_OF, "CNY")
    );
    let q = fc.quarter_end.as_ref().unwrap();
    assert_eq!(quarter.forecast.as_deref(), Some(q.mean.as_str()));
    assert_eq!(quarter.forecast_hi80.as_deref(), Some(q.hi80.as_str()));
    assert_eq!(quarter.status, BudgetStatus::OnTrack);
    assert!(quarter.thresholds.iter().all(|t| t.crossed_on.is_none()));

    // The detail's chart ends at the forecast and the budget line.
    let detail = cl.budget("ali month", as_of(), Locale::ZhCn).unwrap();
    let chart = detail.chart.unwrap();
    assert_eq!(chart.x.len(), 31);
    assert_eq!(chart.series[0].label, "实际");
    assert_eq!(chart.series[0].values[18], month.actual);
    assert_eq!(chart.series[1].values[30], m.mean);
    assert!(chart.series[4].values.iter().all(|v| v == "10"));
    // Past months are the explorer's sums too.
    let april = detail
        .history
        .iter()
        .find(|h| h.period == "2026-04")
        .unwrap();
    assert_eq!(
        dec(&april.actual),
        explorer_sum(&cl, "2026-04-01", "2026-05-01", "CNY")
    );
    assert!(april.over);
    assert_eq!(detail.history[0].period, "2026-04");
}

#[test]
fn fiscal_years_history_and_missing_rates() {
    let (_dir, cl) = demo();
    let mut year = spec("ali fy", BudgetPeriod::Year, "5000000", "USD");
    year.fiscal_start = 4;
    cl.add_budget(&year, 1).unwrap();
    cl.add_budget(&spec("ali chf", BudgetPeriod::Month, "100", "CHF"), 1)
        .unwrap();
    let list = cl.budgets(as_of(), Locale::ZhCn).unwrap();

    let fy = find(&list, "ali fy");
    assert_eq!(
        (
            fy.period.as_str(),
            fy.period_start.as_str(),
            fy.period_end.as_str()
        ),
        ("2026", "2026-04-01", "2027-03-31")
    );
    assert_eq!(
        dec(&fy.actual),
        explorer_sum(&cl, "2026-04-01", AS_OF, "USD")
    );
    assert!(fy.forecast.is_some());
    let detail = cl.budget("ali fy", as_of(), Locale::En).unwrap();
    assert_eq!(detail.history[0].period, "2025");
    assert_eq!(
        dec(&detail.history[0].actual),
        explorer_sum(&cl, "2025-04-01", "2026-04-01", "USD")
    );

    // No CHF rate: the spend is listed as unconverted, not counted at 1.
    let chf = find(&list, "ali chf");
    assert!(!chf.missing_rates.is_empty());
    assert_eq!(dec(&chf.actual), Decimal::ZERO);
    assert!(chf.missing_rates.iter().all(|m| m.to == "CHF"));
    assert!(chf.forecast.is_none());
    assert!(
        chf.notes.iter().any(|n| n.contains("CHF")),
        "{:?}",
        chf.notes
    );
}

#[test]
fn budgets_are_checked_field_by_field() {
    let (_dir, cl) = demo();
    let bad = |f: &dyn Fn(&mut BudgetSpec), field: &str| {
        let mut s = spec("x", BudgetPeriod::Month, "10", "CNY");
        f(&mut s);
        let e = cl.add_budget(&s, 1).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.starts_with(field), "{}", e.message);
    };
    bad(&|s| s.amount = "ten".into(), "amount:");
    bad(&|s| s.amount = "-5".into(), "amount:");
    bad(&|s| s.currency = "yuan".into(), "currency:");
    bad(&|s| s.fiscal_start = 13, "fiscal_start:");
    bad(&|s| s.name = " ".into(), "name:");
    bad(&|s| s.filters[0].dimension = "colour".into(), "filters:");
    bad(&|s| s.thresholds[0].percent = 0.0, "thresholds:");
    cl.add_budget(&spec("x", BudgetPeriod::Month, "10", "CNY"), 1)
        .unwrap();
    let e = cl
        .add_budget(&spec(" x ", BudgetPeriod::Month, "10", "CNY"), 1)
        .unwrap_err();
    assert!(e.message.contains("exists already"), "{}", e.message);
    cl.remove_budget("x").unwrap();
    assert!(cl.remove_budget("x").is_err());
}

#[test]
fn copies_per_provider_come_from_last_quarters_spend_plus_ten_percent() {
    let (_dir, cl) = demo();
    let mut template = spec("Cloud", BudgetPeriod::Quarter, "1", "CNY");
    template.filters.clear();
    let request = BudgetCopyRequest {
        template,
        dimension: "provider".into(),
        basis: CopyBasis::LastPeriodSpend,
        adjust_percent: 10.0,
    };
    let items = cl_copy(&cl, &request);
    assert!(items.len() >= 3, "{items:?}");
    let (rows, _) = cl
        .explore_rows(&ExploreQuery {
            group_by: vec!["provider".into()],
            filters: Vec::new(),
            from: "2026-01-01".into(),
            to: "2026-04-01".into(),
            granularity: Granularity::Month,
            metric: ExploreMetric::Billed,
            display_currency: Some("CNY".into()),
            rules_version: None,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        })
        .unwrap();
    for item in &items {
        let spent: Decimal = rows
            .rows
            .iter()
            .filter(|r| r.groups[0].as_deref() == Some(item.value.as_str()))
            .map(|r| dec(&r.amount))
            .sum();
        assert_eq!(dec(item.basis_amount.as_deref().unwrap()), spent);
        assert_eq!(item.basis_period.as_deref(), Some("2026-Q1"));
        let want = (spent * dec("1.1"))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero);
        assert_eq!(dec(&item.amount), want, "{}", item.name);
        assert_eq!(item.name, format!("Cloud · {}", item.value));
    }
    let list = cl.budgets(as_of(), Locale::En).unwrap();
    assert_eq!(list.len(), items.len());
    let ali = find(&list, "Cloud · Alibaba Cloud");
    assert_eq!(
        dec(&ali.actual),
        explorer_sum(&cl, "2026-04-01", AS_OF, "CNY")
    );
}

fn cl_copy(cl: &CloudLens, req: &BudgetCopyRequest) -> Vec<BudgetCopyItem> {
    cl.copy_budgets(req, as_of(), true, 1).unwrap()
}

#[test]
fn a_crossing_alerts_once_per_period() {
    let (_dir, cl) = demo();
    cl.add_budget(&spec("ali month", BudgetPeriod::Month, "10", "CNY"), 1)
        .unwrap();
    let first = cl
        .evaluate_alerts(as_of(), 1_779_000_000, 1_779_000_000_000)
        .unwrap();
    // Actual 80% and 100%, forecast 100%; the store's data is fresh.
    assert_eq!(first.raised, 3, "{first:?}");
    let again = cl
        .evaluate_alerts(as_of(), 1_779_000_100, 1_779_000_100_000)
        .unwrap();
    assert_eq!((again.raised, again.known), (0, 3));
    let next_day = NaiveDate::from_ymd_opt(2026, 5, 21).unwrap();
    assert_eq!(
        cl.evaluate_alerts(next_day, 1_779_086_400, 1)
            .unwrap()
            .raised,
        0
    );

    let history = cl.alert_history(Locale::En, 50).unwrap();
    assert_eq!(history.alerts.len(), 3);
    assert!(history
        .alerts
        .iter()
        .all(|a| a.source == "budget" && a.open_view == "budgets"));
    assert!(history
        .alerts
        .iter()
        .any(|a| a.subject == "CloudLens: budget ali month is forecast to pass 100%"));
    let zh = cl.alert_history(Locale::ZhCn, 50).unwrap();
    assert!(zh
        .alerts
        .iter()
        .any(|a| a.subject == "CloudLens：预算 ali month 的实际支出已达 80%"));
    // The forecast crossing's day is kept.
    let view = cl.budgets(next_day, Locale::En).unwrap();
    let t = view[0]
        .thresholds
        .iter()
        .find(|t| t.kind == ThresholdKind::Forecast)
        .unwrap();
    assert_eq!(t.crossed_on.as_deref(), Some(AS_OF));

    // An edit is a new revision: its crossings alert again.
    let id = view[0].id;
    cl.update_budget(id, &spec("ali month", BudgetPeriod::Month, "20", "CNY"), 2)
        .unwrap();
    assert_eq!(
        cl.evaluate_alerts(next_day, 1_779_086_500, 2)
            .unwrap()
            .raised,
        3
    );
}
