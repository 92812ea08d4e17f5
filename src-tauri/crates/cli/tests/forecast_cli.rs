//! `cloudlens forecast` on real encrypted stores: the documented JSON shape,
//! CSV, `--as-of` that never reads a line charged on or after the date (a
//! line is planted on it), and clear refusals.

mod common;

use std::collections::BTreeSet;
use std::str::FromStr;

use common::{cloudlens, load_demo, scratch_store, stderr};
use rust_decimal::Decimal;
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn decimal(v: &Value) -> Decimal {
    let s = v.as_str().unwrap_or_else(|| panic!("{v} is not a string"));
    assert_eq!(
        s.split('.').nth(1).map(str::len),
        Some(2),
        "{s}: two decimals"
    );
    Decimal::from_str(s).unwrap()
}

#[test]
fn forecast_json_has_the_documented_shape() {
    let (_dir, db, pass) = scratch_store();
    load_demo(&db, &pass, 8000, 5, "2026-06-30");

    let out = cloudlens(
        &db,
        &pass,
        &["forecast", "--group-by", "provider", "--timing"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("forecast: "), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&v), ["as_of", "series"]);
    assert_eq!(v["as_of"], "2026-07-01");
    let series = v["series"].as_array().unwrap();
    assert!(series.len() >= 3, "{series:?}");
    for s in series {
        assert_eq!(
            keys(s),
            [
                "backtest",
                "currency",
                "groups",
                "history_days",
                "model",
                "month_end",
                "points",
                "quarter_end"
            ]
        );
        assert_eq!(keys(&s["groups"]), ["provider"]);
        assert!(s["history_days"].as_u64().unwrap() > 300);
        let points = s["points"].as_array().unwrap();
        // To the end of the next month: July and August.
        assert_eq!(points.len(), 62);
        assert_eq!(points[0]["date"], "2026-07-01");
        assert_eq!(points[61]["date"], "2026-08-31");
        for p in points {
            assert_eq!(keys(p), ["date", "hi80", "hi95", "lo80", "lo95", "mean"]);
            let [lo95, lo80, mean, hi80, hi95] =
                ["lo95", "lo80", "mean", "hi80", "hi95"].map(|k| decimal(&p[k]));
            assert!(
                lo95 <= lo80 && lo80 <= mean && mean <= hi80 && hi80 <= hi95,
                "{p}"
            );
        }
        let m = &s["month_end"];
        assert_eq!(keys(m), ["actual_to_date", "hi80", "lo80", "mean", "month"]);
        assert_eq!(m["month"], "2026-07");
        assert_eq!(decimal(&m["actual_to_date"]), Decimal::ZERO);
        let july: Decimal = points[..31].iter().map(|p| decimal(&p["mean"])).sum();
        assert!(
            (decimal(&m["mean"]) - july).abs() <= Decimal::new(31, 2),
            "{m} vs {july}"
        );
        let q = &s["quarter_end"];
        assert_eq!(
            keys(q),
            ["actual_to_date", "hi80", "lo80", "mean", "quarter"]
        );
        assert_eq!(q["quarter"], "2026-Q3");
        let b = &s["backtest"];
        assert_eq!(keys(b), ["coverage80", "mase", "smape", "windows"]);
        if s["model"] == "stopped" {
            assert_eq!(b["windows"], 0, "{s}");
            assert!(b["mase"].is_null());
            assert!(points.iter().all(|p| decimal(&p["mean"]).is_zero()));
        } else {
            assert_eq!(b["windows"], 8, "{s}");
            assert!(b["mase"].as_f64().unwrap() > 0.0);
            assert!((0.0..=100.0).contains(&b["coverage80"].as_f64().unwrap()));
        }
    }

    // Without --group-by: one series per billing currency.
    let out = cloudlens(
        &db,
        &pass,
        &["forecast", "--horizon", "10", "--metric", "effective"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let currencies: BTreeSet<&str> = v["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, BTreeSet::from(["CNY", "USD"]));
    for s in v["series"].as_array().unwrap() {
        assert_eq!(keys(&s["groups"]).len(), 0);
        assert_eq!(s["points"].as_array().unwrap().len(), 10);
    }

    let out = cloudlens(
        &db,
        &pass,
        &[
            "forecast",
            "--group-by",
            "provider,tag:team",
            "--horizon",
            "3",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("provider,tag:team,currency,model,date,mean,lo80,hi80,lo95,hi95")
    );

    // A display currency without a rate, and bad options, are refused in words.
    let out = cloudlens(&db, &pass, &["forecast", "--currency", "CHF"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no exchange rate"),
        "{}",
        stderr(&out)
    );
    let out = cloudlens(&db, &pass, &["forecast", "--horizon", "400"]);
    assert!(
        stderr(&out).contains("horizon: expected 1 to 366"),
        "{}",
        stderr(&out)
    );
    let out = cloudlens(&db, &pass, &["forecast", "--metric", "list"]);
    assert!(
        stderr(&out).contains("--metric: expected billed or effective"),
        "{}",
        stderr(&out)
    );
}

const HEADER: &str = "BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ContractedCost,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory,SubAccountId,SubAccountName,RegionId,ResourceId,PricingQuantity,PricingUnit,ListUnitPrice,Tags,InvoiceId";

fn line(day: chrono::NaiveDate, cost: &str) -> String {
    let next = day.succ_opt().unwrap();
    format!(
        "acct-1,Main,Billing Account,USD,2026-03-01T00:00:00Z,2026-05-01T00:00:00Z,{day}T00:00:00Z,{next}T00:00:00Z,{cost},{cost},{cost},{cost},Usage,,Compute,Usage-Based,Example,Example,Example,Compute Engine,Compute,sub-1,Dev,us-east-1,vm-1,24,Hours,1,{{}},INV-1"
    )
}

#[test]
fn as_of_never_reads_a_line_charged_on_or_after_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass, csv) = (
        dir.path().join("s.db"),
        dir.path().join("pass"),
        dir.path().join("bill.csv"),
    );
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let planted = chrono::NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
    let mut rows = vec![HEADER.to_string()];
    for i in 0..61 {
        let day = start + chrono::Duration::days(i);
        rows.push(line(day, "100.00"));
        if day == planted {
            rows.push(line(day, "1000000.00"));
        }
    }
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    let out = cloudlens(&db, &pass, &["import", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let month_end = |as_of: &str| -> Value {
        let out = cloudlens(
            &db,
            &pass,
            &["forecast", "--as-of", as_of, "--horizon", "14"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["as_of"], as_of);
        v["series"][0].clone()
    };
    let before = month_end("2026-04-20");
    assert_eq!(before["month_end"]["actual_to_date"], "1900.00");
    assert_eq!(before["history_days"], 50);
    assert!(decimal(&before["points"][0]["hi95"]) < Decimal::from(1000));
    assert!(decimal(&before["month_end"]["hi80"]) < Decimal::from(4000));
    let after = month_end("2026-04-21");
    assert_eq!(after["month_end"]["actual_to_date"], "1002000.00");
}
