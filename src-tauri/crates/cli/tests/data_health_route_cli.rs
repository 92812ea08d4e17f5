//! `cloudlens alerts data-health`: data-health alerts go to every channel
//! by default, and only to the channels named once the user chose some;
//! an unknown channel is refused.

mod common;

use chrono::{Duration, NaiveDate};
use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};
use common::{cloudlens, cloudlens_with, ok, stderr};

const HEADER: &str = "BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ContractedCost,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory,SubAccountId,SubAccountName,RegionId,ResourceId,PricingQuantity,PricingUnit,ListUnitPrice,Tags,InvoiceId";

fn bill(path: &std::path::Path, last: NaiveDate) {
    let mut rows = vec![HEADER.to_string()];
    for i in 0..5 {
        let day = last - Duration::days(i);
        let next = day + Duration::days(1);
        rows.push(format!("acct-1,Main,Billing Account,USD,{day}T00:00:00Z,{next}T00:00:00Z,{day}T00:00:00Z,{next}T00:00:00Z,10,10,10,10,Usage,,Compute,Usage-Based,Example,Example,Example,Compute Engine,Compute,sub-1,Dev,us-east-1,vm-1,24,Hours,1,{{}},INV-1"));
    }
    std::fs::write(path, rows.join("\n") + "\n").unwrap();
}

#[test]
fn data_health_alerts_go_to_the_chosen_channels() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let run = |args: &[&str]| cloudlens(&db, &pass, args);
    let receivers: Vec<Receiver> = (0..2)
        .map(|_| {
            Receiver::start(
                ReceiverConfig::new(Platform::Webhook, "hook-token", Some("hook-secret")),
                0,
            )
            .unwrap()
        })
        .collect();
    for (name, r) in ["ops", "audit"].iter().zip(&receivers) {
        ok(&cloudlens_with(
            &db,
            &pass,
            &[
                "channel",
                "add",
                name,
                "--kind",
                "webhook",
                "--url-env",
                "U",
                "--secret-env",
                "S",
            ],
            &[("U", &r.url()), ("S", "hook-secret")],
        ));
    }
    assert!(ok(&run(&["alerts", "data-health"])).contains("every channel"));
    let refused = run(&["alerts", "data-health", "--notify", "nobody"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("no channel named nobody"),
        "{}",
        stderr(&refused)
    );
    assert!(ok(&run(&["alerts", "data-health", "--notify", "audit"])).contains("go to: audit"));

    // Bill files only, newest day 2026-04-30: stale by now (the import
    // evaluates as of today) and on 2026-05-10.
    let csv = dir.path().join("bill.csv");
    bill(&csv, NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
    ok(&run(&["import", csv.to_str().unwrap()]));
    let out = ok(&run(&["alerts", "evaluate", "--as-of", "2026-05-10"]));
    assert!(out.contains("deliveries: "), "{out}");
    assert_eq!(receivers[0].received().len(), 0, "ops was not chosen");
    assert!(
        !receivers[1].received().is_empty(),
        "audit gets the stale-data alert"
    );
    let texts: Vec<String> = receivers[1]
        .received()
        .iter()
        .map(|r| r.body.to_string())
        .collect();
    assert!(texts.iter().any(|t| t.contains("2026-04-30")), "{texts:?}");

    // Back to every channel: the next data-health alert reaches both.
    assert!(ok(&run(&["alerts", "data-health", "--all"])).contains("every channel"));
    bill(&csv, NaiveDate::from_ymd_opt(2026, 5, 31).unwrap());
    ok(&run(&["import", csv.to_str().unwrap()]));
    ok(&run(&["alerts", "evaluate", "--as-of", "2026-06-20"]));
    assert!(receivers[0]
        .received()
        .iter()
        .any(|r| r.body.to_string().contains("2026-05-31")));
}
