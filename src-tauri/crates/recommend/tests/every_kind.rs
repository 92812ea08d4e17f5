//! Every kind of recommendation on a fixture whose answers are worked out by
//! hand from its lines: the savings must match to the cent.

mod support;

use std::collections::HashMap;

use chrono::Duration;
use cloudlens_model::{day_start, ChargeCategory, PricingCategory};
use cloudlens_recommend::{
    realised_saving, recommend, BillingMode, Catalog, EndedProject, Finding, Kind, Measure,
    Recommendation, ResourceKind, Settings,
};
use support::*;

fn fixture() -> Fixture {
    let (feb1, mar1, mar31) = (day(2026, 2, 1), day(2026, 3, 1), day(2026, 3, 31));
    let mut lines = Vec::new();
    let mut inventory = Vec::new();
    let mut utilisation = HashMap::new();

    // An unattached disk: 1.10 a day.
    let mut disk = meter(&ali("d-free"), "系统盘 ESSD PL1", "GB-Hours");
    disk.service_name = "Elastic Block Storage".into();
    lines.extend(daily(disk, feb1, mar31, "1.10", "960", None));
    let mut f = facts(
        "alibaba",
        ResourceKind::Disk,
        "d-free",
        "cn-hangzhou",
        "Available",
    );
    f.attached = Some(false);
    inventory.push(f);
    // An attached one is left alone.
    lines.extend(daily(
        meter(&ali("d-used"), "系统盘", "GB-Hours"),
        feb1,
        mar31,
        "1.10",
        "960",
        None,
    ));
    inventory.push(facts(
        "alibaba",
        ResourceKind::Disk,
        "d-used",
        "cn-hangzhou",
        "In_use",
    ));

    // An address bound to nothing: 0.48 a day retention, 0.30 traffic.
    lines.extend(daily(
        meter(&ali("eip-free"), "保有费 Configuration Fee", "Hours"),
        feb1,
        mar31,
        "0.48",
        "24",
        None,
    ));
    lines.extend(daily(
        meter(&ali("eip-free"), "按流量计费 Outbound Traffic", "GB"),
        feb1,
        mar31,
        "0.30",
        "0.375",
        None,
    ));
    inventory.push(facts(
        "alibaba",
        ResourceKind::Ip,
        "eip-free",
        "cn-hangzhou",
        "Available",
    ));

    // A stopped subscription instance: 3.00 a day amortized, 90.00 paid on the 1st.
    lines.extend(g7_subscription("i-stop", Some("i-stop 包月"), feb1, mar31));
    let mut buy = meter(&ali("i-stop"), "实例规格 ecs.g7.large", "Months");
    buy.charge_category = ChargeCategory::Purchase;
    buy.pricing_category = Some(PricingCategory::Committed);
    buy.commitment_discount_id = Some("i-stop".into());
    buy.commitment_discount_category = Some("Usage".into());
    lines.extend(daily_with(buy, mar1, mar1, |l| {
        l.billed_cost = dec("90.00");
        l.list_cost = dec("150.00");
        l.contracted_cost = dec("90.00");
    }));
    let mut f = facts(
        "alibaba",
        ResourceKind::Instance,
        "i-stop",
        "cn-hangzhou",
        "Stopped",
    );
    f.size = Some("ecs.g7.large".into());
    f.billing_mode = Some(BillingMode::Subscription);
    f.expires_at = Some(day_start(day(2026, 4, 30)));
    f.auto_renew = Some(true);
    inventory.push(f);

    // An idle m6i.xlarge: 24 hours a day at 0.192.
    lines.extend(daily(
        meter(
            &aws("i-idle"),
            "On Demand Linux m6i.xlarge Instance Hour",
            "Hours",
        ),
        feb1,
        mar31,
        "4.608",
        "24",
        Some("0.192"),
    ));
    let mut f = facts(
        "aws",
        ResourceKind::Instance,
        "i-idle",
        "us-east-1",
        "running",
    );
    f.size = Some("m6i.xlarge".into());
    inventory.push(f);
    utilisation.insert(
        "i-idle".to_string(),
        samples(mar31, 14, &[1.0, 2.0, 3.0], None),
    );

    // An oversized m6i.2xlarge: CPU p95 20% over 30 days.
    lines.extend(daily(
        meter(
            &aws("i-big"),
            "On Demand Linux m6i.2xlarge Instance Hour",
            "Hours",
        ),
        feb1,
        mar31,
        "9.216",
        "24",
        Some("0.384"),
    ));
    let mut f = facts(
        "aws",
        ResourceKind::Instance,
        "i-big",
        "us-east-1",
        "running",
    );
    f.size = Some("m6i.2xlarge".into());
    inventory.push(f);
    utilisation.insert(
        "i-big".to_string(),
        samples(mar31, 30, &[12.0, 20.0, 15.0], None),
    );

    // Steady c6i.large pay-as-you-go in us-west-2: one always on, one on odd days.
    let west = |id| Res {
        region: "us-west-2",
        ..aws(id)
    };
    lines.extend(daily(
        meter(
            &west("i-c1"),
            "On Demand Linux c6i.large Instance Hour",
            "Hours",
        ),
        feb1,
        mar31,
        "2.04",
        "24",
        Some("0.085"),
    ));
    let c2 = meter(
        &west("i-c2"),
        "On Demand Linux c6i.large Instance Hour",
        "Hours",
    );
    for l in daily(c2, feb1, mar31, "2.04", "24", Some("0.085")) {
        if cloudlens_model::utc_day(l.charge_period_start)
            .is_some_and(|d| chrono::Datelike::day(&d) % 2 == 1)
        {
            lines.push(l);
        }
    }

    // A Savings Plan: 7.20 a day used (10.00 on demand), 0.50 a day unused.
    let sp = committed(
        meter(
            &aws("i-sp"),
            "On Demand Linux m7g.large Instance Hour",
            "Hours",
        ),
        "sp-1",
        "Spend",
        Some("Compute Savings Plan"),
    );
    lines.extend(covered_daily(sp, feb1, mar31, "7.20", "10.00", None));
    let mut spu = meter(&aws("sp-1"), "Unused Savings Plan commitment", "USD");
    spu.commitment_discount_id = Some("sp-1".into());
    spu.commitment_discount_category = Some("Spend".into());
    spu.commitment_discount_name = Some("Compute Savings Plan".into());
    lines.extend(daily_with(spu, feb1, mar31, |l| {
        l.effective_cost = dec("0.50");
        l.commitment_discount_status = Some("Unused".into());
    }));

    // A Tencent subscription whose usage fell from 24 to 8 hours a day:
    // 10.00 a day amortized, 6.00 at pay-as-you-go prices.
    let tc = Res {
        provider: "Tencent Cloud",
        account: "100001",
        currency: "CNY",
        service: "Cloud Virtual Machine",
        category: "Compute",
        region: "ap-guangzhou",
        id: "ins-sub",
    };
    let mut sub = meter(&tc, "计算资源 S5.LARGE8", "Hours");
    sub.pricing_category = Some(PricingCategory::Committed);
    sub.commitment_discount_id = Some("ins-sub".into());
    sub.commitment_discount_category = Some("Usage".into());
    sub.commitment_discount_name = Some("ins-sub 包年".into());
    lines.extend(daily_with(sub, feb1, mar31, |l| {
        let before = l.charge_period_start < day_start(day(2026, 3, 2));
        l.effective_cost = dec("10.00");
        l.contracted_cost = dec(if before { "18.00" } else { "6.00" });
        l.list_cost = l.contracted_cost;
        l.pricing_quantity = Some(dec(if before { "24" } else { "8" }));
        l.commitment_discount_status = Some("Used".into());
    }));

    // A load balancer with no traffic: 0.54 a day, LCU billed at zero.
    let lb = Res {
        service: "Elastic Load Balancing",
        category: "Networking",
        ..aws("lb-quiet")
    };
    let mut fee = meter(&lb, "Application Load Balancer Hour", "Hours");
    fee.service_subcategory = Some("Load Balancing".into());
    lines.extend(daily(fee, feb1, mar31, "0.54", "24", Some("0.0225")));
    let mut lcu = meter(&lb, "Load Balancer Capacity Units", "LCU-Hours");
    lcu.service_subcategory = Some("Load Balancing".into());
    lines.extend(daily(lcu, feb1, mar31, "0", "0", Some("0.008")));

    // A bucket of a project that ended on 15 March: 0.70 a day.
    let mut bucket = meter(
        &Res {
            service: "Amazon Simple Storage Service",
            category: "Storage",
            ..aws("apollo-assets")
        },
        "Standard Storage",
        "GB-Months",
    );
    bucket.tags.insert("project".into(), "apollo".into());
    lines.extend(daily(bucket, feb1, mar31, "0.70", "30", None));

    // A Huawei subscription expiring in 21 days with auto-renewal off, renewed for 300.00 on 22 March.
    let hw = Res {
        provider: "Huawei Cloud",
        account: "hw-1",
        currency: "CNY",
        service: "Elastic Cloud Server",
        category: "Compute",
        region: "cn-north-4",
        id: "ecs-exp",
    };
    let mut hbuy = meter(&hw, "s6.large.2 | Linux", "Months");
    hbuy.charge_category = ChargeCategory::Purchase;
    hbuy.commitment_discount_id = Some("ecs-exp".into());
    hbuy.commitment_discount_category = Some("Usage".into());
    lines.extend(daily_with(hbuy, day(2026, 3, 22), day(2026, 3, 22), |l| {
        l.billed_cost = dec("300.00")
    }));
    let mut f = facts(
        "huawei",
        ResourceKind::Instance,
        "ecs-exp",
        "cn-north-4",
        "ACTIVE",
    );
    f.billing_mode = Some(BillingMode::Subscription);
    f.expires_at = Some(day_start(day(2026, 4, 22)));
    f.auto_renew = Some(false);
    inventory.push(f);
    // One that renews itself while in use says nothing.
    let mut f = facts(
        "huawei",
        ResourceKind::Instance,
        "ecs-auto",
        "cn-north-4",
        "ACTIVE",
    );
    f.billing_mode = Some(BillingMode::Subscription);
    f.expires_at = Some(day_start(day(2026, 4, 10)));
    f.auto_renew = Some(true);
    inventory.push(f);

    let discounts = vec![
        month(
            "AWS",
            "111111111111",
            "Amazon Elastic Compute Cloud",
            "2026-02",
            "1000",
            "900",
        ),
        month(
            "AWS",
            "111111111111",
            "Amazon Elastic Compute Cloud",
            "2026-03",
            "1000",
            "950",
        ),
        month(
            "AWS",
            "222222222222",
            "Amazon Elastic Compute Cloud",
            "2026-03",
            "1000",
            "1000",
        ),
        month(
            "AWS",
            "222222222222",
            "Amazon Simple Storage Service",
            "2026-03",
            "200",
            "200",
        ),
    ];
    Fixture {
        today: day(2026, 4, 1),
        lines,
        inventory,
        utilisation,
        discounts,
    }
}

fn settings() -> Settings {
    Settings {
        ended_projects: vec![EndedProject {
            tag_key: "Project".into(),
            tag_value: "apollo".into(),
            ended_on: day(2026, 3, 15),
        }],
        ..Settings::default()
    }
}

fn run(fx: &Fixture) -> Vec<Recommendation> {
    let book = fx.book();
    recommend(&fx.inputs(&book), &settings(), Catalog::shipped().unwrap())
}

fn found(recs: &[Recommendation]) -> Vec<(Finding, String, String)> {
    let mut v: Vec<(Finding, String, String)> = recs
        .iter()
        .map(|r| {
            (
                r.finding,
                r.resource.clone().unwrap_or_else(|| {
                    format!(
                        "{}/{}",
                        r.billing_account,
                        r.service.clone().unwrap_or_default()
                    )
                }),
                r.monthly_saving.to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_kind_with_savings_to_the_cent() {
    let recs = run(&fixture());
    let want: Vec<(Finding, &str, &str)> = vec![
        (Finding::UnattachedDisk, "d-free", "33.00"),
        (Finding::UnassociatedIp, "eip-free", "14.40"),
        (Finding::StoppedBilled, "i-stop", "90.00"),
        (Finding::IdleInstance, "i-idle", "138.24"),
        (Finding::NoTraffic, "lb-quiet", "16.20"),
        (Finding::ProjectEnded, "apollo-assets", "21.00"),
        // m6i.2xlarge → m6i.xlarge at the bills' own unit prices (0.192 / 0.384).
        (Finding::Rightsize, "i-big", "138.24"),
        // 2.04 a day on the quietest days, at the user's own Savings Plan
        // discount: 1 - (7.20 + 0.50) / 10.00 = 23%; 2.04 × 30 × 0.23.
        (
            Finding::BuyCommitment,
            "111111111111/Amazon Elastic Compute Cloud",
            "14.08",
        ),
        (Finding::UnusedCommitment, "sp-1", "15.00"),
        // (10.00 − 6.00) × 30.
        (Finding::SubscriptionToPayg, "ins-sub", "120.00"),
        // 1000 × (10% − 5%).
        (
            Finding::DiscountDropped,
            "111111111111/Amazon Elastic Compute Cloud",
            "50.00",
        ),
        // 1200 at list price, the other AWS account gets 5%.
        (Finding::NoNegotiatedDiscount, "222222222222/", "60.00"),
        (Finding::Renewal, "ecs-exp", "0.00"),
        (Finding::Renewal, "i-stop", "0.00"),
    ];
    let mut want: Vec<(Finding, String, String)> = want
        .into_iter()
        .map(|(f, r, s)| (f, r.to_string(), s.to_string()))
        .collect();
    want.sort();
    assert_eq!(found(&recs), want);
    for k in Kind::ALL {
        assert!(recs.iter().any(|r| r.kind == k), "no {k:?}");
    }
}

fn get(recs: &[Recommendation], f: Finding) -> &Recommendation {
    recs.iter().find(|r| r.finding == f).unwrap()
}

#[test]
fn findings_carry_their_evidence_and_figures() {
    let recs = run(&fixture());
    let rs = get(&recs, Finding::Rightsize);
    assert_eq!(rs.evidence.figures["target_size"], "m6i.xlarge");
    assert_eq!(rs.evidence.figures["price_basis"], "bills");
    assert_eq!(rs.evidence.utilisation.as_ref().unwrap().cpu_p95, 20.0);
    assert!(rs.action.en.contains("m6i.xlarge") && rs.action.zh.contains("m6i.xlarge"));
    assert_eq!(rs.console.en, "EC2 console › Instances");

    let idle = get(&recs, Finding::IdleInstance);
    let util = idle.evidence.utilisation.as_ref().unwrap();
    assert_eq!((util.days, util.cpu_p95), (14, 3.0));
    let costs = idle.evidence.costs.as_ref().unwrap();
    assert_eq!((costs.from, costs.to), (day(2026, 3, 2), day(2026, 3, 31)));
    assert_eq!(costs.effective, dec("138.24"));

    let buy = get(&recs, Finding::BuyCommitment);
    assert_eq!(buy.evidence.figures["family"], "c6i");
    assert_eq!(buy.evidence.figures["covered_daily"], "2.04");
    assert_eq!(buy.evidence.figures["discount_basis"], "your_commitments");
    assert_eq!(buy.evidence.figures["break_even_month"], "1");
    assert_eq!(buy.region.as_deref(), Some("us-west-2"));

    let unused = get(&recs, Finding::UnusedCommitment);
    assert_eq!(unused.evidence.figures["utilisation_percent"], "93.51");

    let payg = get(&recs, Finding::SubscriptionToPayg);
    assert_eq!(payg.evidence.figures["usage_change_percent"], "-66.67");

    let renewals: Vec<&Recommendation> = recs
        .iter()
        .filter(|r| r.finding == Finding::Renewal)
        .collect();
    let exp = renewals
        .iter()
        .find(|r| r.resource.as_deref() == Some("ecs-exp"))
        .unwrap();
    assert_eq!(exp.evidence.figures["renewal_cost"], "300.00");
    assert_eq!(exp.evidence.figures["within_days"], "30");
    assert!(exp
        .action
        .en
        .starts_with("Renew before 2026-04-22 (21 days left)"));
    let stop = renewals
        .iter()
        .find(|r| r.resource.as_deref() == Some("i-stop"))
        .unwrap();
    assert!(
        stop.action.en.starts_with("Turn off auto-renewal"),
        "{}",
        stop.action.en
    );
    assert_eq!(stop.evidence.figures["renewal_cost"], "90.00");

    let drop = get(&recs, Finding::DiscountDropped);
    assert_eq!(drop.evidence.discounts.len(), 2);
    assert_eq!(
        drop.evidence.discounts[1].negotiated_rate,
        Some(dec("5.00"))
    );

    for r in &recs {
        assert!(
            !r.action.en.is_empty() && !r.action.zh.is_empty(),
            "{:?}",
            r.finding
        );
        assert!(r.id.starts_with("rec-"));
        assert!((0.0..=1.0).contains(&r.confidence));
    }
}

#[test]
fn the_same_inputs_give_the_same_ids_and_a_missing_resource_its_finding() {
    let fx = fixture();
    let a = run(&fx);
    assert_eq!(a, run(&fx));
    let mut fewer = fixture();
    fewer.inventory.retain(|f| f.id != "d-free");
    fewer
        .lines
        .retain(|l| l.dims.resource_id.as_deref() != Some("d-free"));
    let b = run(&fewer);
    assert_eq!(b.len(), a.len() - 1);
    let disk = get(&a, Finding::UnattachedDisk);
    assert!(b.iter().all(|r| r.id != disk.id));
    let ids: std::collections::HashSet<&str> = a.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), a.len(), "ids are unique");
}

#[test]
fn thresholds_are_settings() {
    let fx = fixture();
    let book = fx.book();
    let strict = Settings {
        idle_cpu_percent: 2.0,
        min_monthly_saving: dec("100"),
        ..settings()
    };
    let recs = recommend(&fx.inputs(&book), &strict, Catalog::shipped().unwrap());
    assert!(recs.iter().all(|r| r.finding != Finding::IdleInstance));
    assert!(recs
        .iter()
        .all(|r| r.monthly_saving >= dec("100") || r.finding == Finding::Renewal));
    assert!(strict.validate().is_ok());
    let bad = Settings {
        rightsize_lookback_days: 45,
        ..Settings::default()
    };
    assert_eq!(bad.validate().unwrap_err().field, "rightsize_lookback_days");
}

#[test]
fn realised_saving_is_read_from_the_following_bills() {
    let mut fx = fixture();
    // Released on 10 March after costing 2.00 a day.
    lines_until(&mut fx, "i-gone", day(2026, 3, 10));
    let book = fx.book();
    let inputs = fx.inputs(&book);
    let catalog = Catalog::shipped().unwrap();
    let gone = Measure::Resource {
        id: "i-gone".into(),
    };
    let r = realised_saving(&inputs, catalog, &gone, dec("60.00"), day(2026, 3, 10)).unwrap();
    assert_eq!((r.saving, r.days, r.complete), (dec("60.00"), 21, false));
    // Still running: nothing saved.
    let idle = Measure::Resource {
        id: "i-idle".into(),
    };
    let r = realised_saving(&inputs, catalog, &idle, dec("138.24"), day(2026, 3, 1)).unwrap();
    assert_eq!((r.saving, r.days, r.complete), (dec("0.00"), 30, true));
    // Too soon to tell.
    assert!(realised_saving(&inputs, catalog, &idle, dec("138.24"), day(2026, 3, 28)).is_none());
    // The Savings Plan's unused share went from 0.50 to nothing: still 0.50.
    let sp = Measure::CommitmentUnused { id: "sp-1".into() };
    let r = realised_saving(&inputs, catalog, &sp, dec("15.00"), day(2026, 3, 20)).unwrap();
    assert_eq!(r.saving, dec("0.00"));
}

fn lines_until(fx: &mut Fixture, id: &'static str, last: chrono::NaiveDate) {
    let from = last - Duration::days(40);
    fx.lines.extend(daily(
        meter(&aws(id), "On Demand Linux t3.small Instance Hour", "Hours"),
        from,
        last,
        "2.00",
        "24",
        None,
    ));
}
