//! Findings the larger fixture leaves out, each on lines whose answer is
//! worked out by hand: a NAT gateway with no traffic, an idle database, a
//! resize bound by memory, a held commitment's coverage and utilisation,
//! and renewals in the 60- and 90-day buckets.

mod support;

use std::collections::HashMap;

use cloudlens_model::day_start;
use cloudlens_recommend::{
    recommend, BillingMode, Catalog, Finding, Recommendation, ResourceKind, Settings,
};
use support::*;

fn fixture() -> Fixture {
    let (feb1, mar31) = (day(2026, 2, 1), day(2026, 3, 31));
    let mut lines = Vec::new();
    let mut inventory = Vec::new();
    let mut utilisation = HashMap::new();

    // NAT gateways: 1.08 a day in hours; one moves no bytes, the other does.
    for (id, bytes) in [("nat-quiet", "0"), ("nat-busy", "12")] {
        let nat = Res {
            service: "Amazon Virtual Private Cloud",
            category: "Networking",
            ..aws(id)
        };
        let mut hours = meter(&nat, "NatGateway-Hours", "Hours");
        hours.service_subcategory = Some("NAT Gateway".into());
        lines.extend(daily(hours, feb1, mar31, "1.08", "24", Some("0.045")));
        let mut moved = meter(&nat, "NatGateway-Bytes", "GB");
        moved.service_subcategory = Some("NAT Gateway".into());
        let cost = if bytes == "0" { "0" } else { "0.54" };
        lines.extend(daily(moved, feb1, mar31, cost, bytes, Some("0.045")));
    }

    // A database at CPU p95 3% for 14 days: 3.288 a day.
    let rds = Res {
        service: "Amazon Relational Database Service",
        category: "Databases",
        ..aws("db-idle")
    };
    lines.extend(daily(
        meter(&rds, "RDS db.m6g.large Multi-AZ instance hour", "Hours"),
        feb1,
        mar31,
        "3.288",
        "24",
        Some("0.137"),
    ));
    inventory.push(facts(
        "aws",
        ResourceKind::Database,
        "db-idle",
        "us-east-1",
        "available",
    ));
    utilisation.insert("db-idle".into(), samples(mar31, 14, &[1.0, 2.0, 3.0], None));

    // Two m6i.4xlarge (16 vCPU, 64 GiB) at CPU p95 10%: 2.67 vCPU needed,
    // so m6i.xlarge by CPU; one also at memory p95 35%, which needs
    // 35 / 75 × 64 = 29.9 GiB, so m6i.2xlarge.
    for (id, memory) in [("i-mem", Some(35.0)), ("i-cpu", None)] {
        lines.extend(daily(
            meter(
                &aws(id),
                "On Demand Linux m6i.4xlarge Instance Hour",
                "Hours",
            ),
            feb1,
            mar31,
            "18.432",
            "24",
            Some("0.768"),
        ));
        let mut f = facts("aws", ResourceKind::Instance, id, "us-east-1", "running");
        f.size = Some("m6i.4xlarge".into());
        inventory.push(f);
        utilisation.insert(id.into(), samples(mar31, 30, &[8.0, 10.0, 6.0], memory));
    }

    // A reservation in another account: 6.00 a day used, 1.50 unused,
    // beside 4.00 a day of on-demand hours of the same service.
    let other = |id| Res {
        account: "333333333333",
        ..aws(id)
    };
    let used = committed(
        meter(
            &other("i-ri"),
            "On Demand Linux c6i.xlarge Instance Hour",
            "Hours",
        ),
        "ri-1",
        "Usage",
        Some("EC2 Reserved Instance"),
    );
    lines.extend(covered_daily(used, feb1, mar31, "6.00", "8.16", Some("48")));
    let idle_share = committed(
        meter(&other("ri-1"), "Unused Reservation", "Hours"),
        "ri-1",
        "Usage",
        Some("EC2 Reserved Instance"),
    );
    lines.extend(daily_with(idle_share, feb1, mar31, |l| {
        l.effective_cost = dec("1.50");
        l.commitment_discount_status = Some("Unused".into());
    }));
    lines.extend(daily(
        meter(
            &other("i-od"),
            "On Demand Linux t3.medium Instance Hour",
            "Hours",
        ),
        feb1,
        mar31,
        "4.00",
        "24",
        None,
    ));

    // Subscriptions in use, auto-renewal off: due in 45, 75 and 95 days.
    for (id, due) in [
        ("ecs-45", day(2026, 5, 16)),
        ("ecs-75", day(2026, 6, 15)),
        ("ecs-95", day(2026, 7, 5)),
    ] {
        let mut f = facts("huawei", ResourceKind::Instance, id, "cn-north-4", "ACTIVE");
        f.billing_mode = Some(BillingMode::Subscription);
        f.expires_at = Some(day_start(due));
        f.auto_renew = Some(false);
        inventory.push(f);
    }

    Fixture {
        today: day(2026, 4, 1),
        lines,
        inventory,
        utilisation,
        discounts: Vec::new(),
    }
}

fn run() -> Vec<Recommendation> {
    let fx = fixture();
    let book = fx.book();
    recommend(
        &fx.inputs(&book),
        &Settings::default(),
        Catalog::shipped().unwrap(),
    )
}

fn of<'a>(recs: &'a [Recommendation], f: Finding, id: &str) -> Option<&'a Recommendation> {
    recs.iter()
        .find(|r| r.finding == f && r.resource.as_deref() == Some(id))
}

fn one<'a>(recs: &'a [Recommendation], f: Finding, id: &str) -> &'a Recommendation {
    of(recs, f, id).unwrap_or_else(|| panic!("no {f:?} on {id}"))
}

#[test]
fn a_nat_gateway_without_traffic() {
    let recs = run();
    let nat = one(&recs, Finding::NoTraffic, "nat-quiet");
    // 1.08 × 30.
    assert_eq!(nat.monthly_saving, dec("32.40"));
    assert_eq!(nat.console.en, "VPC console › NAT gateways");
    says(&nat.action.en, "delete the NAT gateway");
    assert!(nat.action.zh.contains("NAT网关"));
    assert_eq!(nat.evidence.figures["days_without_traffic"], "14");
    assert!(recs
        .iter()
        .all(|r| r.resource.as_deref() != Some("nat-busy")));
}

#[test]
fn an_idle_database_says_what_it_rests_on() {
    let recs = run();
    let db = one(&recs, Finding::IdleDatabase, "db-idle");
    // 3.288 × 30.
    assert_eq!(db.monthly_saving, dec("98.64"));
    assert_eq!(db.console.en, "RDS console › Databases");
    assert_eq!(db.evidence.figures["cpu_p95"], "3");
    assert_eq!(db.evidence.figures["idle_basis"], "cpu_p95");
    assert!(
        db.action
            .en
            .starts_with("CPU p95 was 3% over 14 days (idle by CPU alone"),
        "{}",
        db.action.en
    );
    says(&db.action.zh, "仅依据CPU判断闲置");
    assert_eq!(db.evidence.utilisation.as_ref().unwrap().days, 14);
}

#[test]
fn memory_bounds_the_target_size() {
    let recs = run();
    let by_memory = one(&recs, Finding::Rightsize, "i-mem");
    let by_cpu = one(&recs, Finding::Rightsize, "i-cpu");
    assert_eq!(by_memory.evidence.figures["target_size"], "m6i.2xlarge");
    assert_eq!(by_memory.evidence.figures["memory_p95"], "35");
    assert_eq!(by_cpu.evidence.figures["target_size"], "m6i.xlarge");
    assert!(!by_cpu.evidence.figures.contains_key("memory_p95"));
    // 18.432 × 30 = 552.96 a month; half of it at 0.384 / 0.768, three
    // quarters at 0.192 / 0.768.
    assert_eq!(by_memory.monthly_saving, dec("276.48"));
    assert_eq!(by_cpu.monthly_saving, dec("414.72"));
    says(&by_memory.action.en, "memory p95 35%");
}

#[test]
fn a_held_commitment_has_its_coverage_and_utilisation() {
    let recs = run();
    let ri = one(&recs, Finding::UnusedCommitment, "ri-1");
    let figures = &ri.evidence.figures;
    // 6.00 / (6.00 + 1.50) used; 6.00 / (6.00 + 4.00) of the service's hours covered.
    assert_eq!(figures["utilisation_percent"], "80.00");
    assert_eq!(figures["coverage_percent"], "60.00");
    assert_eq!(figures["used_monthly"], "180.00");
    assert_eq!(figures["unused_monthly"], "45.00");
    assert_eq!(ri.monthly_saving, dec("45.00"));
}

#[test]
fn renewals_fall_into_the_60_and_90_day_buckets() {
    let recs = run();
    for (id, days_left, within) in [("ecs-45", "45", "60"), ("ecs-75", "75", "90")] {
        let r = one(&recs, Finding::Renewal, id);
        assert_eq!(r.evidence.figures["days_left"], days_left, "{id}");
        assert_eq!(r.evidence.figures["within_days"], within, "{id}");
        assert!(r.action.en.starts_with("Renew before"), "{}", r.action.en);
    }
    assert!(
        of(&recs, Finding::Renewal, "ecs-95").is_none(),
        "beyond the 90-day horizon"
    );
}
