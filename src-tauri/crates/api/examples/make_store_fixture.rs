//! Writes a small store of the current schema for upgrade tests, and the
//! facts it holds as JSON: a demo subset, two imported files, an allocation
//! rule version, a user exchange rate, a saved view, a connection with its
//! secret sealed in the store (passphrase mode, so no keychain is needed),
//! one synced month from the local Alibaba Cloud mock, and the sync schedule.
//!
//! `cargo run --release -p cloudlens-api --example make_store_fixture -- OUT_DIR NAME`
//! writes `OUT_DIR/NAME.db` and `OUT_DIR/NAME.facts.json`
//! (see `tests/fixtures/stores/README.md`).

#[path = "../../store/tests/common/facts.rs"]
mod facts;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::{
    run_sync, Actor, AddConnectionRequest, CloudLens, Condition, DemoOptions, ExchangeRate,
    ImportFile, ImportRequest, KeySource, MatchOp, RuleSet, SecretHome, SharedCostRule,
    SplitMethod, SyncOptions, SyncRequest, VirtualTag, VirtualTagRule,
};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec};
use cloudlens_store::Store;
use zeroize::Zeroizing;

pub const PASSPHRASE: &str = "cloudlens-fixture";
const KEY_ID: &str = "LTAI5tFixtureReadOnly01";
const SECRET: &str = "fixture-secret-4c1d9a7e";

/// 2025-06-15, so the demo ends on 2025-06-14 and June is the synced month.
fn clock() -> i64 {
    1_749_945_600
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

fn condition(dimension: &str, values: &[&str]) -> Condition {
    Condition {
        dimension: dimension.into(),
        op: MatchOp::In,
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn rules() -> RuleSet {
    RuleSet {
        virtual_tags: vec![VirtualTag {
            name: "team".into(),
            rules: vec![
                VirtualTagRule {
                    conditions: vec![condition("provider", &["Alibaba Cloud"])],
                    value: "platform".into(),
                    value_from: None,
                },
                VirtualTagRule {
                    conditions: vec![condition("provider", &["AWS", "Microsoft"])],
                    value: "web".into(),
                    value_from: None,
                },
            ],
        }],
        shared_costs: vec![SharedCostRule {
            name: "support".into(),
            scope: vec![condition("charge_category", &["Tax"])],
            target_dimension: "vtag:team".into(),
            targets: vec!["platform".into(), "web".into()],
            method: SplitMethod::Even,
        }],
        tag_keys: Vec::new(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, name] = args.as_slice() else {
        return Err("usage: make_store_fixture OUT_DIR NAME".into());
    };
    let db: PathBuf = Path::new(out).join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let key = KeySource::Passphrase(Zeroizing::new(PASSPHRASE.into()));
    let cancel = AtomicBool::new(false);
    let cl = CloudLens::open(
        &db,
        &key,
        Actor {
            os_user: "fixture".into(),
            clock,
        },
    )?;

    let demo = DemoOptions {
        lines: 2_000,
        seed: 11,
        end: NaiveDate::from_ymd_opt(2025, 6, 14).ok_or("date")?,
    };
    cl.load_demo(&demo, clock, &cancel, &mut |_| {})?;
    let files = ["tencent_bill3_en.csv", "focus/quirks_focus_1.2.csv"];
    let req = ImportRequest {
        files: files
            .iter()
            .map(|f| ImportFile {
                path: fixture(f),
                format: None,
            })
            .collect(),
        lenient: false,
    };
    cl.import_files(&req, clock, &cancel, &mut |_| {})?;
    cl.save_rules(&rules(), "teams by provider")?;
    cl.set_exchange_rate(&ExchangeRate {
        date: "2025-06-01".into(),
        from: "USD".into(),
        to: "CNY".into(),
        rate: "7.1834".into(),
    })?;
    cl.writer()?.allocation_mut().save_view(
        "monthly by service",
        "cloudlens://explore?group=service&from=2025-01-01&to=2025-07-01&granularity=month",
        clock(),
    )?;

    let mock = start_alibaba(
        Account::generate(&AccountSpec {
            seed: 4,
            resources: 3,
            first_day: NaiveDate::from_ymd_opt(2025, 6, 1).ok_or("date")?,
            days: 5,
            currency: "CNY".into(),
        }),
        KEY_ID,
        SECRET,
    )?;
    cl.add_connection(
        &SecretHome::Sealed,
        AddConnectionRequest {
            endpoint: Some(mock.endpoint()),
            site: Some("china".into()),
            ..AddConnectionRequest::new("ali", "alibaba", KEY_ID, SECRET)
        },
        clock(),
    )?;
    let today = NaiveDate::from_ymd_opt(2025, 6, 15).ok_or("date")?;
    let sync = SyncRequest {
        connection: Some("ali".into()),
        from: Some("2025-06".into()),
        to: Some("2025-06".into()),
    };
    let mut writer = cl.writer()?;
    let auditor = cl.auditor(&mut writer)?;
    let runs = run_sync(
        &mut writer,
        &SecretHome::Sealed,
        &sync,
        SyncOptions::new(today, clock, auditor),
        &cancel,
        &|_| {},
    )?;
    drop(writer);
    if runs.iter().any(|r| r.outcome != "succeeded") {
        return Err(format!("the sync did not succeed: {runs:?}").into());
    }
    cl.writer()?
        .settings_mut()
        .set("sync_every_hours", Some("6"))?;
    cl.checkpoint()?;
    drop(cl);

    let store = Store::open(&db, &key)?;
    let facts = facts::facts(&store, "ali");
    drop(store);
    let json = Path::new(out).join(format!("{name}.facts.json"));
    std::fs::write(&json, serde_json::to_string_pretty(&facts)? + "\n")?;
    println!("wrote {} and {}", db.display(), json.display());
    Ok(())
}
