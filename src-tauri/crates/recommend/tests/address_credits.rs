//! An address bound to nothing saves its time-based fee net of the credits
//! given on it (Google's export states credits as lines of their own,
//! without a unit), and not its traffic.

mod support;

use std::collections::HashMap;

use cloudlens_model::ChargeCategory;
use cloudlens_recommend::{recommend, Catalog, Finding, ResourceKind, Settings};
use support::*;

#[test]
fn a_free_address_saves_its_fee_net_of_credits() {
    let (feb1, mar31) = (day(2026, 2, 1), day(2026, 3, 31));
    let ip = Res {
        provider: "Google Cloud",
        account: "01A2B3-C4D5E6-F7A8B9",
        currency: "USD",
        service: "Compute Engine",
        category: "Networking",
        region: "us-central1",
        id: "addr-1",
    };
    let mut lines = daily(
        meter(&ip, "External IP Charge on a Standard VM", "Hours"),
        feb1,
        mar31,
        "0.48",
        "24",
        Some("0.02"),
    );
    lines.extend(daily(
        meter(&ip, "Network Internet Egress", "GiB"),
        feb1,
        mar31,
        "0.05",
        "0.4",
        None,
    ));
    let mut credit = meter(&ip, "External IP Charge on a Standard VM", "");
    credit.pricing_unit = None;
    credit.charge_category = ChargeCategory::Credit;
    lines.extend(daily(credit, feb1, mar31, "-0.12", "0", None));
    let mut f = facts("gcp", ResourceKind::Ip, "addr-1", "us-central1", "RESERVED");
    f.attached = Some(false);
    let fx = Fixture {
        today: day(2026, 4, 1),
        lines,
        inventory: vec![f],
        utilisation: HashMap::new(),
        discounts: Vec::new(),
    };
    let book = fx.book();
    let recs = recommend(
        &fx.inputs(&book),
        &Settings::default(),
        Catalog::shipped().unwrap(),
    );
    let ip = recs
        .iter()
        .find(|r| r.finding == Finding::UnassociatedIp)
        .expect("the free address");
    // (0.48 − 0.12) × 30; the traffic is not saved.
    assert_eq!(ip.monthly_saving, dec("10.80"));
}
