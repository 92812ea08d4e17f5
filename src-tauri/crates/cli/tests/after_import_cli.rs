//! `cloudlens import` alone does what the app does after an import: the
//! anomaly in the new days is detected (listed without `anomalies detect`)
//! and a budget the import pushes over is alerted on a signed webhook
//! (without `alerts evaluate`), on a real encrypted store.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use cloudlens_mockcloud::webhooks::Receiver;
use common::{cloudlens, json, ok, webhook_channel};

const HEADER: &str = "BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ContractedCost,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory,SubAccountId,SubAccountName,RegionId,ResourceId,PricingQuantity,PricingUnit,ListUnitPrice,Tags,InvoiceId";

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap()
}

fn next_month(day: NaiveDate) -> NaiveDate {
    (month_start(day) + Duration::days(32)).with_day(1).unwrap()
}

fn line(day: NaiveDate, resource: &str, cost: &str) -> String {
    let (start, end, next) = (month_start(day), next_month(day), day.succ_opt().unwrap());
    format!(
        "acct-1,Main,Billing Account,USD,{start}T00:00:00Z,{end}T00:00:00Z,{day}T00:00:00Z,{next}T00:00:00Z,{cost},{cost},{cost},{cost},Usage,,Compute,Usage-Based,Example,Example,Example,Compute Engine,Compute,sub-1,Dev,us-east-1,{resource},24,Hours,1,{{}},INV-1"
    )
}

#[test]
fn import_alone_detects_anomalies_and_delivers_budget_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass, csv) = (
        dir.path().join("s.db"),
        dir.path().join("pass"),
        dir.path().join("bill.csv"),
    );
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let run = |args: &[&str]| cloudlens(&db, &pass, args);

    let hook = webhook_channel(&db, &pass, "hook");
    // This month's spend (a few days at 100 a day, at least) passes 10 USD.
    ok(&run(&[
        "budget",
        "add",
        "Tiny",
        "--amount",
        "10",
        "--currency",
        "USD",
        "--period",
        "month",
        "--notify",
        "hook",
    ]));

    // 90 steady days up to yesterday, with one resource's spike 8 days ago.
    // The CLI judges and evaluates as of the real clock, so the bill is dated from it.
    #[allow(clippy::disallowed_methods)]
    let today = Utc::now().date_naive();
    let spike = today - Duration::days(8);
    let mut rows = vec![HEADER.to_string()];
    for i in (1..=90).rev() {
        let day = today - Duration::days(i);
        rows.push(line(day, "vm-1", "100.00"));
        if day == spike {
            rows.push(line(day, "vm-2", "5000.00"));
        }
    }
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    let out = ok(&run(&["import", csv.to_str().unwrap()]));
    assert!(out.contains("anomalies: judged"), "{out}");
    assert!(out.contains("alerts: "), "{out}");

    let v = json(&run(&["anomalies", "--format", "json"]));
    let list = v["anomalies"].as_array().unwrap();
    let found = list.iter().find(|a| a["start"] == spike.to_string());
    let found = found.unwrap_or_else(|| panic!("no anomaly starting {spike}: {v}"));
    assert_eq!(found["kind"], "rise", "{found}");
    assert_eq!(found["root_cause"][0]["value"], "vm-2", "{found}");

    // Each threshold crossed (this month's and last month's) once.
    let keys = |hook: &Receiver| -> Vec<String> {
        hook.received()
            .iter()
            .map(|r| {
                r.body["alert"]["dedup_key"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let sent = keys(&hook);
    let month = today.format("%Y-%m").to_string();
    assert!(
        sent.contains(&format!("budget:1:r1:{month}:actual:100")),
        "{sent:?}"
    );
    let unique: std::collections::BTreeSet<_> = sent.iter().collect();
    assert_eq!(unique.len(), sent.len(), "{sent:?}");

    // Importing the same file again changes nothing and sends nothing new.
    let again = ok(&run(&["import", csv.to_str().unwrap()]));
    assert!(again.contains("already imported"), "{again}");
    let history = json(&run(&["alerts", "history", "--format", "json"]));
    let budget_alerts = history["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["source"] == "budget")
        .count();
    assert_eq!(budget_alerts, sent.len(), "{history}");
    assert_eq!(keys(&hook), sent, "nothing sent twice");
}
