mod common;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_demo::{DemoOptions, DemoTotals};
use cloudlens_model::{
    day_start, ChargeCategory, ChargeClass, ChargeFrequency, CostLine, Decimal, LineDims,
    PricingCategory, Provenance,
};
use cloudlens_store::{LineFilter, RunKind, Store, StoreError};
use common::*;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn demo_options() -> DemoOptions {
    DemoOptions {
        lines: 20_000,
        seed: 7,
        end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    }
}

fn load_demo(store: &mut Store) -> (i64, DemoTotals) {
    let mut totals = None;
    let outcome = store
        .lines_mut()
        .import(spec(RunKind::Demo), |sink| {
            totals = Some(cloudlens_demo::generate(&demo_options(), |l| sink.push(l))?);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    (outcome.run_id, totals.unwrap())
}

fn all_lines(store: &Store, filter: &LineFilter) -> Vec<CostLine> {
    let mut out = Vec::new();
    let n = store
        .lines()
        .scan_lines(filter, |l| {
            out.push(l);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(n as usize, out.len());
    out
}

/// Billed, effective, list and contracted totals and line counts per currency.
type Totals = BTreeMap<String, ([Decimal; 4], u64)>;

fn totals_of<'a>(lines: impl IntoIterator<Item = &'a CostLine>) -> Totals {
    let mut t = Totals::new();
    for l in lines {
        let e = t.entry(l.dims.billing_currency.clone()).or_default();
        e.0[0] += l.billed_cost;
        e.0[1] += l.effective_cost;
        e.0[2] += l.list_cost;
        e.0[3] += l.contracted_cost;
        e.1 += 1;
    }
    t
}

#[test]
fn demo_lines_scan_back_to_the_exact_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let (_, demo) = load_demo(&mut store);
    let lines = all_lines(&store, &LineFilter::default());
    assert_eq!(lines.len() as u64, demo.lines);
    let scanned = totals_of(&lines);

    let mut from_summary = Totals::new();
    for r in store.lines().summary().unwrap() {
        let e = from_summary.entry(r.billing_currency.clone()).or_default();
        e.0[0] += r.billed_cost;
        e.0[1] += r.effective_cost;
        e.0[2] += r.list_cost;
        e.0[3] += r.contracted_cost;
        e.1 += r.lines;
    }
    let mut from_demo = Totals::new();
    for g in &demo.groups {
        let e = from_demo.entry(g.billing_currency.clone()).or_default();
        e.0[0] += g.billed;
        e.0[1] += g.effective;
        e.0[2] += g.list;
        e.0[3] += g.contracted;
        e.1 += g.lines;
    }
    assert!(scanned.len() >= 2, "the demo bills in several currencies");
    assert_eq!(scanned, from_summary);
    assert_eq!(scanned, from_demo);

    // Dimensions are rebuilt once per distinct combination and shared.
    let distinct: std::collections::HashSet<*const LineDims> =
        lines.iter().map(|l| Arc::as_ptr(&l.dims)).collect();
    assert!(distinct.len() < lines.len() / 5, "{}", distinct.len());
    // Lines come back in import order, numbered as the generator numbered them.
    assert!(lines
        .windows(2)
        .all(|w| w[0].provenance.source_row < w[1].provenance.source_row));
}

#[test]
fn filters_select_exactly_the_matching_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let (demo_run, _) = load_demo(&mut store);
    let extra_dims = dims("AWS", "999", "USD", "Amazon S3");
    let extra = store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&extra_dims, (2026, 3, 5), "1.5", "1.5", 1))?;
            s.push(line(&extra_dims, (2026, 3, 6), "2.5", "2", 2))
        })
        .unwrap();
    let everything = all_lines(&store, &LineFilter::default());
    let some = |f: &dyn Fn(&CostLine) -> bool| -> Vec<&CostLine> {
        everything.iter().filter(|l| f(l)).collect()
    };
    let sample = &everything[everything.len() / 3];
    let d = &sample.dims;
    let sub = d
        .sub_account_id
        .clone()
        .expect("demo lines have sub-accounts");
    let from = day_start(NaiveDate::from_ymd_opt(2026, 1, 10).unwrap());
    let to = day_start(NaiveDate::from_ymd_opt(2026, 3, 6).unwrap());

    let cases: Vec<(LineFilter, Vec<&CostLine>)> = vec![
        (
            LineFilter {
                providers: vec![d.provider_name.clone()],
                ..Default::default()
            },
            some(&|l| l.dims.provider_name == d.provider_name),
        ),
        (
            LineFilter {
                billing_currencies: vec!["CNY".into(), "EUR".into()],
                ..Default::default()
            },
            some(&|l| ["CNY", "EUR"].contains(&l.dims.billing_currency.as_str())),
        ),
        (
            LineFilter {
                billing_account_ids: vec![d.billing_account_id.clone(), "no-such".into()],
                service_names: vec![d.service_name.clone()],
                ..Default::default()
            },
            some(&|l| {
                l.dims.billing_account_id == d.billing_account_id
                    && l.dims.service_name == d.service_name
            }),
        ),
        (
            LineFilter {
                sub_account_ids: vec![sub.clone()],
                ..Default::default()
            },
            some(&|l| l.dims.sub_account_id.as_deref() == Some(sub.as_str())),
        ),
        (
            LineFilter {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            some(&|l| l.charge_period_start >= from && l.charge_period_start < to),
        ),
        (
            LineFilter {
                from: Some(from),
                run_id: Some(extra.run_id),
                ..Default::default()
            },
            some(&|l| l.dims.billing_account_id == "999"),
        ),
        (
            LineFilter {
                run_id: Some(demo_run),
                providers: vec!["AWS".into()],
                to: Some(to),
                ..Default::default()
            },
            some(&|l| {
                l.dims.provider_name == "AWS"
                    && l.dims.billing_account_id != "999"
                    && l.charge_period_start < to
            }),
        ),
        (
            LineFilter {
                providers: vec!["Nobody".into()],
                ..Default::default()
            },
            vec![],
        ),
        (
            LineFilter {
                from: Some(to),
                to: Some(from),
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (i, (filter, expected)) in cases.iter().enumerate() {
        let got = all_lines(&store, filter);
        assert_eq!(got.len(), expected.len(), "case {i}: {filter:?}");
        assert!(
            got.iter().zip(expected).all(|(a, b)| a == *b),
            "case {i}: same lines in the same order"
        );
        if i < 7 {
            assert!(!got.is_empty(), "case {i} should select something");
        }
    }

    let err = store
        .lines()
        .scan_lines(
            &LineFilter {
                run_id: Some(9_999),
                ..Default::default()
            },
            |_| Ok::<(), StoreError>(()),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchRun(9_999)), "{err:?}");
}

#[test]
fn a_scan_stops_at_the_first_error_of_its_callback() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let d = dims("AWS", "111", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            (1..=5).try_for_each(|i| s.push(line(&d, (2026, 1, i as u32), "1", "1", i)))
        })
        .unwrap();
    #[derive(Debug)]
    enum Stop {
        Enough,
        Store(#[allow(dead_code)] StoreError),
    }
    impl From<StoreError> for Stop {
        fn from(e: StoreError) -> Self {
            Stop::Store(e)
        }
    }
    let mut seen = 0;
    let err = store
        .lines()
        .scan_lines(&LineFilter::default(), |_| {
            seen += 1;
            if seen == 3 {
                Err(Stop::Enough)
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert!(matches!(err, Stop::Enough), "{err:?}");
    assert_eq!(seen, 3);
    // The read snapshot ended with the scan: the store still takes writes
    // (another account, so the import adds to the first rather than
    // restating its period).
    let other = dims("AWS", "222", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&other, (2026, 1, 9), "1", "1", 1))
        })
        .unwrap();
    assert_eq!(all_lines(&store, &LineFilter::default()).len(), 6);
}

#[test]
fn a_line_with_every_field_set_comes_back_equal() {
    let mut d = LineDims::new(
        "Alibaba Cloud",
        "1234567890123456",
        "CNY",
        "Elastic Compute Service",
        "Compute",
        ChargeCategory::Usage,
    );
    d.publisher_name = "Alibaba Cloud Marketplace".into();
    d.invoice_issuer_name = "Aliyun Computing Co., Ltd.".into();
    d.billing_account_name = Some("主账号".into());
    d.billing_account_type = Some("Billing Account".into());
    d.sub_account_id = Some("2233445566".into());
    d.sub_account_name = Some("生产环境".into());
    d.sub_account_type = Some("Resource Directory Member".into());
    d.service_subcategory = Some("Virtual Machines".into());
    d.charge_class = Some(ChargeClass::Correction);
    d.charge_frequency = Some(ChargeFrequency::UsageBased);
    d.charge_description = Some("ecs.g7.large 按量付费".into());
    d.region_id = Some("cn-hangzhou".into());
    d.region_name = Some("华东1（杭州）".into());
    d.availability_zone = Some("cn-hangzhou-h".into());
    d.resource_id = Some("i-bp1abc".into());
    d.resource_name = Some("web-01".into());
    d.resource_type = Some("Virtual Machine".into());
    d.sku_id = Some("ecs.g7.large".into());
    d.sku_price_id = Some("ecs.g7.large-payg".into());
    d.sku_meter = Some("Instance Hours".into());
    d.pricing_category = Some(PricingCategory::Committed);
    d.pricing_unit = Some("Hours".into());
    d.pricing_currency = Some("USD".into());
    d.consumed_unit = Some("Hours".into());
    d.commitment_discount_id = Some("sp-001".into());
    d.commitment_discount_name = Some("Savings plan 1".into());
    d.commitment_discount_category = Some("Spend".into());
    d.commitment_discount_type = Some("Savings Plan".into());
    d.commitment_discount_unit = Some("CNY".into());
    d.capacity_reservation_id = Some("cr-9".into());
    d.tags.insert("team".into(), "支付".into());
    d.tags.insert("env".into(), String::new());
    let d = Arc::new(d);
    let start = day_start(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap());
    let original = CostLine {
        dims: Arc::clone(&d),
        billing_period_start: day_start(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
        billing_period_end: day_start(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
        charge_period_start: start,
        charge_period_end: start + 3_600,
        billed_cost: dec("-1234.567890123"),
        effective_cost: dec("0.000000001"),
        list_cost: dec("1000000000.123456789"),
        contracted_cost: dec("12.5"),
        pricing_quantity: Some(dec("0.0000000000000000000000000001")),
        consumed_quantity: Some(dec("79228162514264337593543950335")),
        list_unit_price: Some(dec("0.0000166667")),
        contracted_unit_price: Some(dec("1.20")),
        commitment_discount_status: Some("Used".into()),
        commitment_discount_quantity: Some(dec("-3.5")),
        capacity_reservation_status: Some("Unused".into()),
        invoice_id: Some("INV-2026-02-0001".into()),
        extras: Some(r#"{"SkuPriceDetails":"{\"CoreCount\":2}","x_BillingItem":"实例"}"#.into()),
        provenance: Provenance { source_row: 4_242 },
    };
    let mut bare = CostLine {
        dims: Arc::new(LineDims::new(
            "AWS",
            "111",
            "USD",
            "Tax",
            "Other",
            ChargeCategory::Tax,
        )),
        pricing_quantity: None,
        consumed_quantity: None,
        list_unit_price: None,
        contracted_unit_price: None,
        commitment_discount_status: None,
        commitment_discount_quantity: None,
        capacity_reservation_status: None,
        invoice_id: None,
        extras: None,
        provenance: Provenance { source_row: 1 },
        ..original.clone()
    };
    bare.billed_cost = Decimal::ZERO;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = open(&path);
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(original.clone())?;
            s.push(bare.clone())?;
            s.push(CostLine {
                provenance: Provenance { source_row: 7 },
                ..original.clone()
            })
        })
        .unwrap();
    drop(store);
    let store = open(&path);
    let back = all_lines(&store, &LineFilter::default());
    assert_eq!(back.len(), 3);
    assert_eq!(back[0], original);
    assert_eq!(back[1], bare);
    assert_eq!(back[2].provenance.source_row, 7);
    assert!(Arc::ptr_eq(&back[0].dims, &back[2].dims));
    assert_eq!(
        back[0].consumed_quantity.unwrap().to_string(),
        "79228162514264337593543950335"
    );
    let keys = store.lines().extras_keys(&LineFilter::default()).unwrap();
    assert_eq!(
        keys.into_iter().collect::<Vec<_>>(),
        ["SkuPriceDetails", "x_BillingItem"]
    );
}
