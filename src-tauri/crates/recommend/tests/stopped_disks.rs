//! A stopped instance is still billed through the disks attached to it:
//! releasing it saves their cost too, to the cent of the fixture's lines.

mod support;

use std::collections::HashMap;

use cloudlens_recommend::{
    recommend, BillingMode, Catalog, Finding, Measure, Recommendation, ResourceKind, Settings,
};
use support::*;

fn attached(
    provider: &str,
    id: &str,
    region: &str,
    to: &str,
) -> cloudlens_recommend::ResourceFacts {
    let mut f = facts(provider, ResourceKind::Disk, id, region, "in-use");
    f.attached = Some(true);
    f.attached_to = Some(to.to_string());
    f
}

fn fixture() -> Fixture {
    let (feb1, mar10, mar31) = (day(2026, 2, 1), day(2026, 3, 10), day(2026, 3, 31));
    let mut lines = Vec::new();
    let mut inventory = Vec::new();

    // Pay-as-you-go, stopped on 10 March: its compute stopped being billed
    // then, its two volumes (0.80 and 0.35 a day) did not.
    lines.extend(daily(
        meter(
            &aws("i-halt"),
            "On Demand Linux t3.small Instance Hour",
            "Hours",
        ),
        feb1,
        mar10,
        "2.00",
        "24",
        Some("0.0833"),
    ));
    for (id, amount) in [("vol-a", "0.80"), ("vol-b", "0.35")] {
        let mut d = meter(&aws(id), "EBS:VolumeUsage.gp3", "GB-Mo");
        d.service_subcategory = Some("Block Storage".into());
        lines.extend(daily(d, feb1, mar31, amount, "8", None));
        inventory.push(attached("aws", id, "us-east-1", "i-halt"));
    }
    inventory.push(facts(
        "aws",
        ResourceKind::Instance,
        "i-halt",
        "us-east-1",
        "stopped",
    ));
    // Attached to a running instance: nothing to say about it.
    lines.extend(daily(
        meter(&aws("vol-run"), "EBS:VolumeUsage.gp3", "GB-Mo"),
        feb1,
        mar31,
        "0.50",
        "8",
        None,
    ));
    inventory.push(attached("aws", "vol-run", "us-east-1", "i-run"));
    inventory.push(facts(
        "aws",
        ResourceKind::Instance,
        "i-run",
        "us-east-1",
        "running",
    ));

    // A stopped subscription (3.00 a day amortized) with its system disk (1.10 a day).
    lines.extend(g7_subscription("i-sub", None, feb1, mar31));
    lines.extend(daily(
        meter(&ali("d-sys"), "系统盘 ESSD PL1", "GB-Hours"),
        feb1,
        mar31,
        "1.10",
        "960",
        None,
    ));
    inventory.push(attached("alibaba", "d-sys", "cn-hangzhou", "i-sub"));
    let mut f = facts(
        "alibaba",
        ResourceKind::Instance,
        "i-sub",
        "cn-hangzhou",
        "Stopped",
    );
    f.billing_mode = Some(BillingMode::Subscription);
    inventory.push(f);

    Fixture {
        today: day(2026, 4, 1),
        lines,
        inventory,
        utilisation: HashMap::new(),
        discounts: Vec::new(),
    }
}

fn stopped(recs: &[Recommendation], id: &str) -> Recommendation {
    recs.iter()
        .find(|r| r.finding == Finding::StoppedBilled && r.resource.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{id} not found: {recs:#?}"))
        .clone()
}

#[test]
fn a_stopped_instance_saves_its_disks_as_well() {
    let fx = fixture();
    let book = fx.book();
    let recs = recommend(
        &fx.inputs(&book),
        &Settings::default(),
        Catalog::shipped().unwrap(),
    );
    let found: Vec<(&str, String)> = recs
        .iter()
        .filter(|r| r.finding == Finding::StoppedBilled)
        .map(|r| {
            (
                r.resource.as_deref().unwrap_or(""),
                r.monthly_saving.to_string(),
            )
        })
        .collect();
    // (0.80 + 0.35) × 30, the compute billed before the stop left out; and
    // (3.00 + 1.10) × 30.
    assert_eq!(
        found,
        vec![("i-sub", "123.00".into()), ("i-halt", "34.50".into())]
    );
    assert!(recs
        .iter()
        .all(|r| !matches!(r.resource.as_deref(), Some("vol-run" | "i-run"))));

    let halt = stopped(&recs, "i-halt");
    assert_eq!(halt.currency, "USD");
    assert_eq!(halt.evidence.figures["disk_monthly:vol-a"], "24.00");
    assert_eq!(halt.evidence.figures["disk_monthly:vol-b"], "10.50");
    assert!(!halt.evidence.figures.contains_key("instance_monthly"));
    let costs = halt.evidence.costs.as_ref().unwrap();
    assert_eq!(costs.effective, dec("34.5"));
    let described: Vec<&str> = costs.lines.iter().map(|l| l.description.as_str()).collect();
    assert_eq!(
        described,
        ["vol-a · EBS:VolumeUsage.gp3", "vol-b · EBS:VolumeUsage.gp3"]
    );
    says(&halt.action.en, "2 attached disk(s) (vol-a, vol-b)");
    says(&halt.action.zh, "vol-a、vol-b");
    assert_eq!(
        halt.measure,
        Measure::Resources {
            ids: vec!["i-halt".into(), "vol-a".into(), "vol-b".into()]
        }
    );
    assert_eq!(halt.baseline_monthly, dec("34.50"));

    let sub = stopped(&recs, "i-sub");
    assert_eq!(sub.currency, "CNY");
    assert_eq!(sub.evidence.figures["instance_monthly"], "90.00");
    assert_eq!(sub.evidence.figures["disk_monthly:d-sys"], "33.00");
    assert_eq!(sub.evidence.costs.as_ref().unwrap().effective, dec("123"));
}
