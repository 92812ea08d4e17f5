//! `cloudlens report` and `cloudlens invoice` as a user runs them, on a real
//! encrypted store in passphrase mode.

use std::path::Path;
use std::process::{Command, Output};

fn cloudlens(db: &Path, pass_file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .arg("--passphrase-file")
        .arg(pass_file)
        .args(args)
        .env_remove("CLOUDLENS_PASSPHRASE")
        .output()
        .expect("run cloudlens")
}

/// The JSON a `--json` command printed.
fn json(o: Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    String::from_utf8_lossy(&o.stdout).into_owned() + &err
}

const SPEC: &str = r#"{
  "title": "Monthly cost report",
  "period": {"from": "2026-01", "to": "2026-02"},
  "currency": "CNY",
  "language": "en",
  "sections": [
    {"kind": "overview"},
    {"kind": "explorer", "title": "By provider", "query": {
      "group_by": ["provider"], "filters": [], "from": "2000-01-01", "to": "2000-02-01",
      "granularity": "month", "metric": "billed", "display_currency": null,
      "rules_version": null, "apply_shared_costs": false, "limit": 0}},
    {"kind": "invoice_reconciliation"}
  ]
}"#;

#[test]
fn reports_run_from_a_spec_or_by_name_in_every_format_and_invoices_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let spec = dir.path().join("spec.json");
    std::fs::write(&spec, SPEC).unwrap();
    ok(cloudlens(
        &db,
        &pass,
        &[
            "demo",
            "--lines",
            "10000",
            "--seed",
            "3",
            "--end",
            "2026-02-28",
        ],
    ));

    for format in ["pdf", "html", "xlsx", "csv"] {
        let out = dir.path().join(format!("r.{format}"));
        let log = ok(cloudlens(
            &db,
            &pass,
            &[
                "report",
                "run",
                "--spec",
                spec.to_str().unwrap(),
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        assert!(log.contains("4 sections"), "{log}");
        let bytes = std::fs::read(&out).unwrap();
        let magic: &[u8] = match format {
            "pdf" => b"%PDF",
            "html" => b"<!DOCTYPE html>",
            _ => b"PK",
        };
        assert!(bytes.starts_with(magic), "{format}");
    }

    ok(cloudlens(
        &db,
        &pass,
        &["report", "save", "月报", "--spec", spec.to_str().unwrap()],
    ));
    let v = json(cloudlens(&db, &pass, &["report", "list", "--json"]));
    assert_eq!(v[0]["name"], "月报");
    assert_eq!(v[0]["definition"]["sections"].as_array().unwrap().len(), 3);
    let out = dir.path().join("named.pdf");
    ok(cloudlens(
        &db,
        &pass,
        &[
            "report",
            "run",
            "月报",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(out.exists());

    let bad = cloudlens(
        &db,
        &pass,
        &[
            "report",
            "run",
            "--spec",
            spec.to_str().unwrap(),
            "--format",
            "docx",
            "--out",
            "x",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected pdf, html, xlsx or csv"));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, SPEC.replace("\"en\"", "\"de\"")).unwrap();
    let bad = cloudlens(
        &db,
        &pass,
        &["report", "save", "x", "--spec", broken.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&bad.stderr).into_owned();
    assert!(
        !bad.status.success() && err.contains("broken.json, line 5, column"),
        "{err}"
    );

    ok(cloudlens(
        &db,
        &pass,
        &[
            "invoice",
            "set",
            "--provider",
            "AWS",
            "--billing-account",
            "123",
            "--month",
            "2026-01",
            "--currency",
            "USD",
            "--amount",
            "-12.30",
            "--invoice-id",
            "INV-9",
        ],
    ));
    let csv = dir.path().join("invoices.csv");
    std::fs::write(&csv, "provider,billing_account,month,currency,amount,note\nAlibaba Cloud,1688,2026-01,CNY,1000.5,发票\n").unwrap();
    assert!(ok(cloudlens(
        &db,
        &pass,
        &["invoice", "import", csv.to_str().unwrap()]
    ))
    .contains("1 added"));
    let v = json(cloudlens(&db, &pass, &["invoice", "list", "--json"]));
    assert_eq!(v.as_array().unwrap().len(), 2);
    let aws = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["invoice"]["provider"] == "AWS")
        .unwrap();
    assert_eq!(aws["invoice"]["amount"], "-12.3");
    assert_eq!(aws["invoice"]["invoice_id"], "INV-9");
    std::fs::write(
        &csv,
        "provider,billing_account,month,currency,amount\nAWS,1,2026-13,USD,1\n",
    )
    .unwrap();
    let bad = cloudlens(&db, &pass, &["invoice", "import", csv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&bad.stderr).into_owned();
    assert!(
        err.contains("line 2, column 3 (month)") && err.contains("YYYY-MM"),
        "{err}"
    );
    let rec = ok(cloudlens(
        &db,
        &pass,
        &[
            "report",
            "reconcile",
            "--from",
            "2026-01",
            "--to",
            "2026-01",
        ],
    ));
    assert!(rec.contains("AWS") && rec.contains("Invoice"), "{rec}");

    ok(cloudlens(&db, &pass, &["report", "remove", "月报"]));
    let bad = cloudlens(&db, &pass, &["report", "remove", "月报"]);
    assert!(!bad.status.success());
}
