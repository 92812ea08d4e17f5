//! Rightsizing where the bills do not price an instance by the hour:
//! Tencent bills an instance's cores and memory apart, and Huawei's API fee
//! records state no unit. The saving is the machine's own monthly cost
//! scaled by vCPU, worked out by hand from the fixture's lines.

mod support;

use std::collections::HashMap;

use cloudlens_recommend::{recommend, Catalog, Finding, Recommendation, ResourceKind, Settings};
use support::*;

fn tencent(id: &'static str) -> Res<'static> {
    Res {
        provider: "Tencent Cloud",
        account: "100012345678",
        currency: "CNY",
        service: "Cloud Virtual Machine",
        category: "Compute",
        region: "ap-guangzhou",
        id,
    }
}

fn huawei(id: &'static str) -> Res<'static> {
    Res {
        provider: "Huawei Cloud",
        account: "0a1b2c3d4e",
        currency: "CNY",
        service: "Elastic Cloud Server",
        category: "Compute",
        region: "cn-north-4",
        id,
    }
}

fn oversized(provider: &str, id: &str, size: &str) -> cloudlens_recommend::ResourceFacts {
    let mut f = facts(provider, ResourceKind::Instance, id, "", "running");
    f.region = match provider {
        "tencent" => "ap-guangzhou",
        _ => "cn-north-4",
    }
    .to_string();
    f.size = Some(size.to_string());
    f
}

fn rightsized(fx: &Fixture) -> Vec<Recommendation> {
    let book = fx.book();
    recommend(
        &fx.inputs(&book),
        &Settings::default(),
        Catalog::shipped().unwrap(),
    )
    .into_iter()
    .filter(|r| r.finding == Finding::Rightsize)
    .collect()
}

fn fixture() -> Fixture {
    let (mar1, mar31) = (day(2026, 3, 1), day(2026, 3, 31));
    let mut lines = Vec::new();
    // An S5.2XLARGE16 (8 vCPU, 16 GiB): 192 core-hours a day at 0.10 and
    // 384 GB-hours of memory at 0.02, 26.88 a day; its system disk (GB-hours
    // too, 1.20 a day) does not change with the size.
    let ins = tencent("ins-big");
    lines.extend(daily(
        meter(&ins, "CPU - Standard S5", "Core-Hours"),
        mar1,
        mar31,
        "19.20",
        "192",
        Some("0.10"),
    ));
    lines.extend(daily(
        meter(&ins, "内存 - Standard S5", "GB-Hours"),
        mar1,
        mar31,
        "7.68",
        "384",
        Some("0.02"),
    ));
    lines.extend(daily(
        meter(&ins, "系统盘 - Premium Cloud Disk", "GB-Hours"),
        mar1,
        mar31,
        "1.20",
        "1200",
        Some("0.001"),
    ));
    // A c7.2xlarge.2 (8 vCPU, 16 GiB) whose fee records state no unit: 24.00 a day.
    let mut fee = meter(&huawei("ecs-big"), "c7.2xlarge.2", "");
    fee.pricing_unit = None;
    lines.extend(daily_with(fee, mar1, mar31, |l| {
        l.billed_cost = dec("24.00");
        l.effective_cost = dec("24.00");
        l.list_cost = dec("24.00");
        l.contracted_cost = dec("24.00");
    }));
    let cpu = samples(mar31, 30, &[12.0, 20.0, 15.0], None);
    Fixture {
        today: day(2026, 4, 1),
        lines,
        inventory: vec![
            oversized("tencent", "ins-big", "S5.2XLARGE16"),
            oversized("huawei", "ecs-big", "c7.2xlarge.2"),
        ],
        utilisation: HashMap::from([
            ("ins-big".to_string(), cpu.clone()),
            ("ecs-big".to_string(), cpu),
        ]),
        discounts: Vec::new(),
    }
}

#[test]
fn instances_billed_by_component_or_without_units_are_rightsized() {
    let recs = rightsized(&fixture());
    let mut found: Vec<(String, String, String, String)> = recs
        .iter()
        .map(|r| {
            (
                r.resource.clone().unwrap_or_default(),
                r.evidence.figures["target_size"].to_string(),
                r.monthly_saving.to_string(),
                r.evidence.figures["price_basis"].to_string(),
            )
        })
        .collect();
    found.sort();
    let want = |id: &str, target: &str, saving: &str| {
        (id.into(), target.into(), saving.into(), "vcpu_ratio".into())
    };
    // CPU p95 20% of 8 vCPU against a 60% target needs 2.7: the 4-vCPU
    // size, half the price. Huawei: 24.00 × 30 = 720.00 a month, saving
    // 360.00. Tencent: 26.88 × 30 = 806.40, saving 403.20 (the disk's
    // 36.00 stays).
    assert_eq!(
        found,
        vec![
            want("ecs-big", "c7.xlarge.2", "360.00"),
            want("ins-big", "S5.LARGE8", "403.20"),
        ]
    );
}
