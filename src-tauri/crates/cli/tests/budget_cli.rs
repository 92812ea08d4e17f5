//! `cloudlens budget …` and budget alerts from the command line, on a real
//! encrypted store with the demo data: the documented JSON shape, figures
//! equal to `cloudlens explore` for the same scope, a budget below spend
//! "over" with the day each threshold was crossed, its alerts delivered once
//! to a signed webhook by `alerts evaluate`, and clear refusals.

mod common;

use std::path::Path;
use std::process::Output;
use std::str::FromStr;

use common::{json, ok, webhook_channel};

use rust_decimal::Decimal;
use serde_json::Value;

const AS_OF: &str = "2026-05-20";

fn cloudlens(db: &Path, pass: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    common::cloudlens_with(db, pass, args, envs)
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))).unwrap()
}

#[test]
fn budgets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let run = |args: &[&str]| cloudlens(&db, &pass, args, &[]);
    ok(&run(&[
        "demo",
        "--lines",
        "12000",
        "--seed",
        "7",
        "--end",
        "2026-05-19",
    ]));

    let hook = webhook_channel(&db, &pass, "hook");

    ok(&run(&[
        "budget",
        "add",
        "Alibaba month",
        "--amount",
        "100",
        "--currency",
        "CNY",
        "--period",
        "month",
        "--filter",
        "provider=Alibaba Cloud",
        "--notify",
        "hook",
    ]));
    ok(&run(&[
        "budget",
        "add",
        "Everything but Alibaba",
        "--amount",
        "100000000",
        "--currency",
        "CNY",
        "--period",
        "quarter",
        "--fiscal-start",
        "4",
        "--exclude",
        "provider=Alibaba Cloud",
        "--threshold",
        "actual:50",
        "--threshold",
        "forecast:90",
    ]));

    let list = json(&run(&[
        "budget", "list", "--format", "json", "--as-of", AS_OF,
    ]));
    let budgets = list["budgets"].as_array().unwrap();
    assert_eq!(budgets.len(), 2, "{list}");
    let over = budgets
        .iter()
        .find(|b| b["name"] == "Alibaba month")
        .unwrap();
    let mut keys: Vec<&str> = over
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "actual",
            "amount",
            "currency",
            "forecast",
            "forecast_hi80",
            "forecast_lo80",
            "name",
            "percent_used",
            "period",
            "status",
            "thresholds"
        ]
    );
    assert_eq!(over["period"], "2026-05");
    assert_eq!(over["status"], "over");
    assert_eq!(over["amount"], "100");
    assert!(over["percent_used"].as_f64().unwrap() > 100.0);
    assert!(dec(&over["forecast_lo80"]) <= dec(&over["forecast"]));
    assert!(dec(&over["forecast"]) <= dec(&over["forecast_hi80"]));
    let thresholds = over["thresholds"].as_array().unwrap();
    assert_eq!(
        thresholds.len(),
        3,
        "actual 80 and 100, forecast 100 by default"
    );
    for t in thresholds {
        let day = t["crossed_on"].as_str().unwrap_or_else(|| panic!("{t}"));
        assert!(day.starts_with("2026-05-"), "{t}");
    }

    // Actual to date is the explorer's sum for the same scope and days.
    let explored = json(&run(&[
        "explore",
        "--group-by",
        "provider",
        "--filter",
        "provider=Alibaba Cloud",
        "--from",
        "2026-05-01",
        "--to",
        AS_OF,
        "--granularity",
        "month",
        "--currency",
        "CNY",
        "--format",
        "json",
    ]));
    let sum: Decimal = explored["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(&r["amount"]))
        .sum();
    assert_eq!(dec(&over["actual"]), sum, "{explored}");

    let other = budgets
        .iter()
        .find(|b| b["name"] != "Alibaba month")
        .unwrap();
    assert_eq!(
        other["period"], "2026-Q1",
        "fiscal year from April: May is Q1"
    );
    assert_eq!(other["status"], "on_track");

    let shown = ok(&run(&["budget", "show", "Alibaba month", "--as-of", AS_OF]));
    assert!(
        shown.contains("crossed 2026-05-") && shown.contains("2026-04"),
        "{shown}"
    );

    // The alerts go out once.
    let out = ok(&run(&["alerts", "evaluate", "--as-of", AS_OF]));
    assert!(
        out.contains("3 new alert(s)") && out.contains("3 sent"),
        "{out}"
    );
    let again = ok(&run(&["alerts", "evaluate", "--as-of", AS_OF]));
    assert!(again.contains("0 new alert(s), 3 raised before"), "{again}");
    assert_eq!(hook.received().len(), 3);
    let history = json(&run(&["alerts", "history", "--format", "json"]));
    let sources: Vec<&str> = history["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(sources, ["budget", "budget", "budget"], "{history}");

    // Refusals name what is wrong.
    let bad = run(&[
        "budget",
        "add",
        "x",
        "--amount",
        "1,000",
        "--currency",
        "CNY",
        "--period",
        "month",
    ]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("amount"),
        "{bad:?}"
    );
    let bad = run(&[
        "budget",
        "add",
        "x",
        "--amount",
        "10",
        "--currency",
        "CNY",
        "--period",
        "month",
        "--threshold",
        "spent:80",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected actual:PCT or forecast:PCT"));

    ok(&run(&["budget", "remove", "Alibaba month"]));
    let list = json(&run(&[
        "budget", "list", "--format", "json", "--as-of", AS_OF,
    ]));
    assert_eq!(list["budgets"].as_array().unwrap().len(), 1);
}
