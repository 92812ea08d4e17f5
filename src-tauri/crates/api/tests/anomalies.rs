//! Anomaly detection on a real encrypted store fed through the real
//! importer: a spike is found once with its root cause, re-runs never
//! duplicate it, a day's verdict ignores what came later, feedback stops
//! the same pattern from alarming again, a restated day is shown as such,
//! and statuses keep their history across a reopen.

mod anomaly_data;

use anomaly_data::{d, import, normal, open, scale, COMPUTE, STORAGE};
use cloudlens_api::{
    AnomalyKind, AnomalyList, AnomalyListQuery, AnomalyStatus, AnomalyView, CloudLens, ErrorCode,
    ExchangeRate, FeedbackAction, LearnedKind, Locale, MonitorInput, MonitorScope,
};

const NOW: i64 = 1_780_000_000;

fn all(cl: &CloudLens) -> AnomalyList {
    cl.anomalies(&AnomalyListQuery {
        include_withdrawn: true,
        ..AnomalyListQuery::default()
    })
    .unwrap()
}

fn of_service<'a>(list: &'a AnomalyList, service: &str) -> Vec<&'a AnomalyView> {
    list.anomalies
        .iter()
        .filter(|a| a.groups.get("service").cloned().flatten().as_deref() == Some(service))
        .collect()
}

fn summary(list: &AnomalyList) -> Vec<(String, String, String, String)> {
    list.anomalies
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.start.clone(),
                a.end.clone(),
                a.impact.clone(),
            )
        })
        .collect()
}

#[test]
fn a_spike_is_found_once_with_its_root_cause_and_reruns_add_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut cl = open(&dir);
    let mut costs = normal(d("2025-01-01"), d("2025-06-30"));
    scale(
        &mut costs,
        "i-0bbb",
        &[d("2025-05-20"), d("2025-05-21")],
        5.0,
    );
    import(&mut cl, &dir, "a", &costs);

    let first = cl.detect_anomalies(None, None, NOW).unwrap();
    assert_eq!(first.monitors, 2, "{first:?}");
    let list = all(&cl);
    let compute = of_service(&list, COMPUTE);
    assert_eq!(compute.len(), 1, "{:#?}", list.anomalies);
    let a = compute[0];
    assert_eq!(
        (a.kind, a.start.as_str(), a.end.as_str()),
        (AnomalyKind::Rise, "2025-05-20", "2025-05-21")
    );
    assert_eq!(a.detected_on, "2025-05-20");
    let cause = &a.root_cause[0];
    assert_eq!(
        (cause.dimension.as_str(), cause.value.as_deref()),
        ("resource", Some("i-0bbb"))
    );
    assert!(cause.share > 0.9, "{cause:?}");
    // Money is rounded once and adds up: actual = expected + impact.
    let dec = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(dec(&a.actual), dec(&a.expected) + dec(&a.impact));
    assert!(dec(&a.impact) > dec("2000"), "{a:?}");
    assert!(cause
        .explore_link
        .starts_with("cloudlens://explore?group=resource"));
    // Nothing else in six months of normal spend.
    assert!(
        list.anomalies.iter().all(|x| x.start == "2025-05-20"),
        "{:#?}",
        list.anomalies
    );

    // The open impact in another currency: at the anomaly's last day's rate,
    // and a currency with no rate says how many amounts it left out.
    cl.set_exchange_rate(&ExchangeRate {
        date: "2025-01-01".into(),
        from: a.currency.clone(),
        to: "JPY".into(),
        rate: "150".into(),
    })
    .unwrap();
    let in_currency = |to: &str| {
        cl.anomalies(&AnomalyListQuery {
            display_currency: Some(to.into()),
            ..AnomalyListQuery::default()
        })
        .unwrap()
        .open_impact_converted
        .unwrap()
    };
    let jpy = in_currency("JPY");
    assert_eq!(
        (dec(&jpy.amount), jpy.missing),
        (dec(&a.impact) * dec("150"), 0)
    );
    let chf = in_currency("CHF");
    assert_eq!((dec(&chf.amount), chf.missing), (dec("0"), 1));

    let before = summary(&list);
    let again = cl.detect_anomalies(None, None, NOW + 1).unwrap();
    assert_eq!(
        (again.monitors, again.found),
        (0, 0),
        "nothing is due: {again:?}"
    );
    let explicit = cl
        .detect_anomalies(Some("2025-01-01"), Some("2025-06-30"), NOW + 2)
        .unwrap();
    assert_eq!(explicit.found, 0, "{explicit:?}");
    assert_eq!(summary(&all(&cl)), before);
}

#[test]
fn planting_future_data_does_not_change_a_past_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let mut spike = normal(d("2025-01-01"), d("2025-05-31"));
    scale(&mut spike, "bucket-logs", &[d("2025-05-28")], 4.0);

    let mut short = open(&dir);
    import(&mut short, &dir, "short", &spike);
    short.detect_anomalies(None, None, NOW).unwrap();

    let dir2 = tempfile::tempdir().unwrap();
    let mut long = open(&dir2);
    let mut later = normal(d("2025-06-01"), d("2025-07-31"));
    for day in 0..40 {
        let when = d("2025-06-05") + chrono::Duration::days(day);
        scale(&mut later, "bucket-logs", &[when], 3.0 + day as f64);
        scale(&mut later, "i-0aaa", &[when], 0.1);
    }
    import(&mut long, &dir2, "long", &spike);
    long.detect_anomalies(None, None, NOW).unwrap();
    import(&mut long, &dir2, "later", &later);
    long.detect_anomalies(None, None, NOW + 1).unwrap();

    let may = |cl: &CloudLens| -> Vec<AnomalyView> {
        all(cl)
            .anomalies
            .into_iter()
            .filter(|a| a.start.as_str() <= "2025-05-31")
            .collect()
    };
    let (a, b) = (may(&short), may(&long));
    assert!(!a.is_empty());
    let verdict = |x: &AnomalyView| {
        let v = [
            &x.start,
            &x.end,
            &x.detected_on,
            &x.expected,
            &x.actual,
            &x.impact,
        ];
        (x.id.clone(), v.map(|s| s.clone()))
    };
    assert_eq!(
        a.iter().map(verdict).collect::<Vec<_>>(),
        b.iter().map(verdict).collect::<Vec<_>>()
    );
    // The later months were judged too, as their own anomalies.
    assert!(all(&long)
        .anomalies
        .iter()
        .any(|x| x.start.as_str() >= "2025-06-05"));
}

#[test]
fn an_expected_monthly_charge_stops_alarming_and_says_what_changed() {
    for (feedback, repeat_reported) in [(true, false), (false, true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut cl = open(&dir);
        let mut may = normal(d("2025-01-01"), d("2025-05-31"));
        scale(&mut may, "bucket-logs", &[d("2025-05-12")], 3.5);
        import(&mut cl, &dir, "to-may", &may);
        cl.detect_anomalies(None, None, NOW).unwrap();
        let first = of_service(&all(&cl), STORAGE)[0].id.clone();
        if feedback {
            let r = cl
                .anomaly_feedback(
                    &first,
                    FeedbackAction::Expected,
                    Some("monthly export"),
                    "tester",
                    NOW + 1,
                )
                .unwrap();
            assert_eq!(r.anomaly.status, AnomalyStatus::Expected);
            let f = r.feedback.unwrap();
            assert_eq!(
                (f.learned.kind, f.learned.day_of_month),
                (LearnedKind::Monthly, Some(12))
            );
            assert_eq!(f.actor, "tester");
        }
        let mut june = normal(d("2025-06-01"), d("2025-06-30"));
        scale(&mut june, "bucket-logs", &[d("2025-06-12")], 3.4);
        import(&mut cl, &dir, "june", &june);
        cl.detect_anomalies(None, None, NOW + 2).unwrap();
        let june_found = of_service(&all(&cl), STORAGE)
            .iter()
            .any(|a| a.start == "2025-06-12");
        assert_eq!(june_found, repeat_reported, "feedback given: {feedback}");
    }
}

#[test]
fn a_new_level_accepted_as_expected_stops_alarming() {
    for feedback in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut cl = open(&dir);
        let mut costs = normal(d("2025-01-01"), d("2025-05-31"));
        let step: Vec<_> = (0..4)
            .map(|i| d("2025-05-28") + chrono::Duration::days(i))
            .collect();
        scale(&mut costs, "i-0aaa", &step, 2.5);
        import(&mut cl, &dir, "a", &costs);
        cl.detect_anomalies(None, None, NOW).unwrap();
        let list = all(&cl);
        let rise = of_service(&list, COMPUTE);
        assert_eq!(rise.len(), 1, "{:#?}", list.anomalies);
        assert!(rise[0].ongoing && rise[0].end == "2025-05-31");
        let id = rise[0].id.clone();
        if feedback {
            let r = cl
                .anomaly_feedback(&id, FeedbackAction::Expected, None, "tester", NOW + 1)
                .unwrap();
            assert_eq!(r.feedback.unwrap().learned.kind, LearnedKind::AcceptLevel);
        }
        let mut june = normal(d("2025-06-01"), d("2025-06-30"));
        let days: Vec<_> = june.iter().map(|c| c.day).collect();
        scale(&mut june, "i-0aaa", &days, 2.5);
        import(&mut cl, &dir, "june", &june);
        cl.detect_anomalies(None, None, NOW + 2).unwrap();
        let list = all(&cl);
        let compute = of_service(&list, COMPUTE);
        assert_eq!(compute.len(), 1, "{:#?}", list.anomalies);
        // Accepted, the new level is the baseline: June judges it normal.
        // Not accepted, the rise goes on into June until the level adapts.
        assert_eq!(compute[0].end == "2025-05-31", feedback, "{:?}", compute[0]);
    }
}

#[test]
fn a_rise_called_not_an_anomaly_sets_the_tolerance_of_its_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut cl = open(&dir);
    let mut costs = normal(d("2025-01-01"), d("2025-04-30"));
    scale(&mut costs, "bucket-logs", &[d("2025-04-16")], 1.7);
    import(&mut cl, &dir, "a", &costs);
    cl.detect_anomalies(None, None, NOW).unwrap();
    let id = of_service(&all(&cl), STORAGE)[0].id.clone();
    let r = cl
        .anomaly_feedback(&id, FeedbackAction::NotAnomaly, None, "tester", NOW + 1)
        .unwrap();
    assert_eq!(r.feedback.unwrap().learned.kind, LearnedKind::Tolerance);
    let mut may = normal(d("2025-05-01"), d("2025-05-31"));
    scale(&mut may, "bucket-logs", &[d("2025-05-07")], 1.65);
    scale(&mut may, "bucket-logs", &[d("2025-05-21")], 4.0);
    import(&mut cl, &dir, "may", &may);
    cl.detect_anomalies(None, None, NOW + 2).unwrap();
    let starts: Vec<String> = of_service(&all(&cl), STORAGE)
        .iter()
        .map(|a| a.start.clone())
        .collect();
    assert!(starts.contains(&"2025-05-21".to_string()), "{starts:?}");
    assert!(!starts.contains(&"2025-05-07".to_string()), "{starts:?}");
}

#[test]
fn a_restated_day_is_shown_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut cl = open(&dir);
    let mut costs = normal(d("2025-01-01"), d("2025-05-31"));
    scale(&mut costs, "i-0ccc", &[d("2025-05-14")], 8.0);
    scale(&mut costs, "bucket-logs", &[d("2025-05-20")], 5.0);
    import(&mut cl, &dir, "first", &costs);
    cl.detect_anomalies(None, None, NOW).unwrap();
    let before = all(&cl);
    assert_eq!(before.anomalies.len(), 4, "{:#?}", before.anomalies);

    // The same May billed again (another file, lines in another order):
    // its days are judged again, and nothing reads as restated.
    let mut again: Vec<_> = costs
        .iter()
        .filter(|c| c.day >= d("2025-05-01"))
        .cloned()
        .collect();
    again.reverse();
    import(&mut cl, &dir, "again", &again);
    let s = cl.detect_anomalies(None, None, NOW + 1).unwrap();
    assert_eq!((s.monitors, s.found, s.withdrawn), (2, 0, 0), "{s:?}");
    assert_eq!(summary(&all(&cl)), summary(&before));
    assert!(all(&cl).anomalies.iter().all(|a| !a.restated));

    // The provider restates May: the compute spike was double-counted and
    // disappears; the storage spike was half as large as first billed.
    let mut restated = normal(d("2025-05-01"), d("2025-05-31"));
    scale(&mut restated, "bucket-logs", &[d("2025-05-20")], 2.5);
    import(&mut cl, &dir, "restated", &restated);
    let s = cl.detect_anomalies(None, None, NOW + 2).unwrap();
    assert!(s.withdrawn >= 1, "{s:?}");
    let after = all(&cl);
    let compute = of_service(&after, COMPUTE);
    assert!(
        compute
            .iter()
            .all(|a| a.withdrawn.as_deref() == Some("restated")),
        "{compute:#?}"
    );
    let storage = of_service(&after, STORAGE);
    assert_eq!(storage.len(), 1);
    assert!(
        storage[0].restated && storage[0].withdrawn.is_none(),
        "{:?}",
        storage[0]
    );
    // Withdrawn anomalies are kept but left out of the default list.
    let open_list = cl.anomalies(&AnomalyListQuery::default()).unwrap();
    assert!(open_list.anomalies.iter().all(|a| a.withdrawn.is_none()));
}

#[test]
fn statuses_keep_their_history_across_a_reopen_and_the_detail_has_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut cl = open(&dir);
        let mut costs = normal(d("2025-01-01"), d("2025-04-30"));
        scale(&mut costs, "i-0aaa", &[d("2025-04-10")], 4.0);
        import(&mut cl, &dir, "a", &costs);
        cl.detect_anomalies(None, None, NOW).unwrap();
        let id = of_service(&all(&cl), COMPUTE)[0].id.clone();
        cl.anomaly_feedback(
            &id,
            FeedbackAction::Acknowledge,
            Some("looking"),
            "ana",
            NOW + 10,
        )
        .unwrap();
        cl.anomaly_feedback(&id, FeedbackAction::Resolve, None, "ana", NOW + 20)
            .unwrap();
        id
    };
    let cl = open(&dir);
    let detail = cl.anomaly_detail(&id, Locale::ZhCn).unwrap();
    let statuses: Vec<_> = detail
        .history
        .iter()
        .map(|h| (h.status, h.actor.as_str()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (AnomalyStatus::Open, "detector"),
            (AnomalyStatus::Acknowledged, "ana"),
            (AnomalyStatus::Resolved, "ana"),
        ]
    );
    assert_eq!(detail.history[1].note.as_deref(), Some("looking"));
    // The legend is the page's (the SVG is drawn without one); the series carry the names.
    assert!(detail.chart.svg.contains("<svg"));
    assert!(detail.chart.series.iter().any(|s| s.label == "实际"));
    let mark = detail
        .chart
        .x
        .iter()
        .position(|x| x == "2025-04-10")
        .unwrap();
    assert_eq!(
        detail.chart.series[0].values[mark],
        detail
            .anomaly
            .days
            .last()
            .unwrap()
            .actual
            .trim_end_matches('0')
            .trim_end_matches('.')
    );
    let err = cl
        .anomaly_feedback(
            "an-0000000000000000",
            FeedbackAction::Resolve,
            None,
            "ana",
            NOW,
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn monitors_are_validated_added_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut cl = open(&dir);
    let input = |name: &str, group_by: &[&str]| MonitorInput {
        name: name.into(),
        scope: MonitorScope {
            group_by: group_by.iter().map(|s| s.to_string()).collect(),
            filters: Vec::new(),
        },
        metric: cloudlens_api::ExploreMetric::Effective,
        min_impact: "50".into(),
        impact_currency: "USD".into(),
        min_percent: 30.0,
        falls: true,
        new_spend: true,
        muted: false,
        alerts: Default::default(),
    };
    let err = cl
        .add_anomaly_monitor(&input("bad", &["colour"]), NOW)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("colour"), "{}", err.message);
    let m = cl
        .add_anomaly_monitor(&input("Regions", &["region"]), NOW)
        .unwrap();
    assert!(!m.builtin);
    let dup = cl
        .add_anomaly_monitor(&input("Regions", &["region"]), NOW)
        .unwrap_err();
    assert!(dup.message.contains("exists"), "{}", dup.message);
    // A user monitor exists, so the first detection adds no defaults.
    import(
        &mut cl,
        &dir,
        "a",
        &normal(d("2025-01-01"), d("2025-02-28")),
    );
    cl.detect_anomalies(None, None, NOW).unwrap();
    let names: Vec<String> = cl
        .anomaly_monitors()
        .unwrap()
        .into_iter()
        .map(|m| m.monitor.name)
        .collect();
    assert_eq!(names, vec!["Regions"]);
    cl.remove_anomaly_monitor("Regions").unwrap();
    assert!(cl.remove_anomaly_monitor("Regions").is_err());
}
