//! `cloudlens budget copy`: one budget per provider from last month's
//! spend + 10%, on the demo data: each basis equals `cloudlens explore`'s
//! spend for that provider and month converted into the budget's currency, each amount is the basis + 10% to the
//! cent, a dry run saves nothing, the copies are listed afterwards, and a
//! second copy is refused whole.

mod common;

use std::path::Path;
use std::str::FromStr;

use common::{cloudlens, json, load_demo, ok, scratch_store, stderr};
use rust_decimal::Decimal;
use serde_json::Value;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))).unwrap()
}

fn april_spend(db: &Path, pass: &Path, provider: &str) -> Decimal {
    let v = json(&cloudlens(
        db,
        pass,
        &[
            "explore",
            "--group-by",
            "provider",
            "--filter",
            &format!("provider={provider}"),
            "--from",
            "2026-04-01",
            // The end is exclusive, as a budget's as-of day.
            "--to",
            "2026-05-01",
            "--granularity",
            "month",
            "--currency",
            "CNY",
            "--format",
            "json",
        ],
    ));
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(&r["amount"]))
        .sum()
}

#[test]
fn copies_a_budget_per_provider_from_last_months_spend() {
    let (_dir, db, pass) = scratch_store();
    load_demo(&db, &pass, 12000, 7, "2026-05-19");
    let run = |args: &[&str]| cloudlens(&db, &pass, args);
    ok(&run(&[
        "budget",
        "add",
        "Cloud",
        "--amount",
        "1000",
        "--currency",
        "CNY",
        "--period",
        "month",
    ]));
    let copy = |extra: &[&str]| {
        let mut args = vec![
            "budget",
            "copy",
            "Cloud",
            "--per",
            "provider",
            "--adjust",
            "10",
            "--as-of",
            "2026-05-20",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };

    let planned = json(&copy(&["--dry-run"]));
    let items = planned["budgets"].as_array().unwrap();
    assert!(!items.is_empty(), "{planned}");
    let listed = json(&run(&[
        "budget",
        "list",
        "--format",
        "json",
        "--as-of",
        "2026-05-20",
    ]));
    assert_eq!(
        listed["budgets"].as_array().unwrap().len(),
        1,
        "a dry run saves nothing"
    );

    let hundred_ten = Decimal::from_str("1.1").unwrap();
    for item in items {
        let provider = item["value"].as_str().unwrap();
        assert_eq!(item["name"], format!("Cloud · {provider}"));
        assert_eq!(item["basis_period"], "2026-04", "{item}");
        let basis = dec(&item["basis_amount"]);
        assert_eq!(basis, april_spend(&db, &pass, provider), "{item}");
        assert_eq!(
            dec(&item["amount"]),
            (basis * hundred_ten)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero),
            "{item}"
        );
    }

    let saved = json(&copy(&[]));
    assert_eq!(saved, planned);
    let listed = json(&run(&[
        "budget",
        "list",
        "--format",
        "json",
        "--as-of",
        "2026-05-20",
    ]));
    let names: Vec<&str> = listed["budgets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), items.len() + 1, "{listed}");
    for item in items {
        assert!(names.contains(&item["name"].as_str().unwrap()), "{names:?}");
    }

    // The same copy again is refused and adds nothing.
    let again = copy(&[]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("exist already"),
        "{}",
        stderr(&again)
    );
    let same = json(&run(&[
        "budget",
        "list",
        "--format",
        "json",
        "--as-of",
        "2026-05-20",
    ]));
    assert_eq!(same["budgets"].as_array().unwrap().len(), items.len() + 1);

    // The template's amount for every copy.
    ok(&run(&[
        "budget",
        "add",
        "Flat",
        "--amount",
        "50",
        "--currency",
        "CNY",
        "--period",
        "month",
    ]));
    let flat = json(&run(&[
        "budget",
        "copy",
        "Flat",
        "--per",
        "provider",
        "--basis",
        "amount",
        "--dry-run",
        "--as-of",
        "2026-05-20",
        "--format",
        "json",
    ]));
    for item in flat["budgets"].as_array().unwrap() {
        assert_eq!(item["amount"], "50", "{item}");
        assert!(item["basis_amount"].is_null(), "{item}");
    }
}
