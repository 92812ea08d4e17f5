//! Every command of every domain, called on a store open in audit mode: the
//! list comes from the command tables themselves (`all_commands!`), so a
//! command added later is called here too. Each `change` entry must be
//! refused with `audit_mode` (a `{code, message}` error), every other
//! command must answer without it, and the store file must not change by a
//! byte. Arguments are built from one JSON sample per argument type; a new
//! argument type without a sample fails the test, naming the type.

use std::path::Path;
use std::time::{Duration, Instant};

use cloudlens_api::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// One command: its name, whether its table entry says it changes the
/// store, and the call with sample arguments.
struct Case {
    domain: &'static str,
    name: &'static str,
    changes: bool,
    call: CaseFn,
}

type CaseFn = Box<dyn Fn(&Session, &Path) -> Result<(), ApiError>>;

/// `change` and `change_session` entries change the store.
fn is_change(how: &str) -> bool {
    how.starts_with("change")
}

macro_rules! command_cases {
    ($(
        $domain:ident {
            $(
                $(#[$meta:meta])*
                fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty
                $(=> $how:ident $($body:expr)?)?;
            )*
        }
    )*) => {
        vec![$($(
            Case {
                domain: stringify!($domain),
                name: stringify!($name),
                changes: is_change(stringify!($($how)?)),
                call: Box::new(|session: &Session, dir: &Path| {
                    let _ = dir; // Commands without arguments take no sample.
                    $(let $arg: $ty = sample(stringify!($ty), stringify!($arg), dir);)*
                    session.$name($($arg),*).map(drop)
                }),
            },
        )*)*]
    };
}

fn cases() -> Vec<Case> {
    cloudlens_api::all_commands!([command_cases])
}

fn explore_query() -> Value {
    json!({
        "group_by": ["provider"], "filters": [], "from": "2026-04-01", "to": "2026-04-30",
        "granularity": "day", "metric": "billed", "display_currency": null,
        "rules_version": null, "apply_shared_costs": false, "limit": 10
    })
}

fn budget_spec() -> Value {
    json!({
        "name": "Team budget", "filters": [], "metric": "billed", "period": "month",
        "fiscal_start": 1, "amount": "1000", "currency": "USD",
        "thresholds": [{"kind": "actual", "percent": 80}], "channels": [],
        "apply_shared_costs": false
    })
}

/// A sample value of the type an argument is declared with; paths point
/// into the test's own folder, so a refused write would have nowhere else
/// to go.
fn sample_json(ty: &str, arg: &str, dir: &Path) -> Value {
    let file = |name: &str| json!(dir.join(name).display().to_string());
    match (ty, arg) {
        ("String", "path" | "out") => file(&format!("{arg}.csv")),
        ("String", "backup" | "package_path" | "signature_path") => file(arg),
        ("String", "from") => json!("2026-04-01"),
        ("String", "to") => json!("2026-04-30"),
        ("String", "provider") => json!("alibaba"),
        ("String", "dimension") => json!("provider"),
        ("String", _) => json!("sample"),
        ("Option<String>", _) => Value::Null,
        // `copy_budgets` previews without saving.
        ("bool", "save") => json!(false),
        ("bool", _) => json!(true),
        ("i64", _) => json!(1),
        ("u32", _) => json!(3),
        ("Locale", _) => json!("en"),
        ("CostMetric" | "ExploreMetric", _) => json!("billed"),
        ("DayZoneView", _) => json!({"zone": "Asia/Shanghai", "provider_zones": true}),
        ("ChartStyle", _) => json!("stacked_bar"),
        ("TableFormat", _) => json!("csv"),
        ("FeedbackAction", _) => json!("acknowledge"),
        ("RecommendationStatus", _) => json!("accepted"),
        ("ExploreQuery", _) => explore_query(),
        ("OverviewCharges", _) => json!({"hidden": [], "spread_periods": false}),
        ("CoverageQuery", _) => json!({
            "from": "2026-04-01", "to": "2026-05-01", "level": "service",
            "metric": "billed", "display_currency": null
        }),
        ("Vec<AmountOn>", _) => json!([{"amount": "1", "currency": "USD", "date": "2026-04-01"}]),
        ("ViewState", _) => json!({"query": explore_query(), "style": "line", "compare": false}),
        ("ForecastQuery", _) => json!({
            "group_by": ["provider"], "filters": [], "metric": "billed",
            "display_currency": null, "as_of": null, "horizon": 30,
            "rules_version": null, "apply_shared_costs": false
        }),
        ("ForecastSeriesKey", _) => {
            json!({"groups": ["aws"], "currency": "USD", "history_days": null})
        }
        ("RuleSet", _) => json!({"virtual_tags": [], "shared_costs": []}),
        ("ExchangeRate", _) => {
            json!({"date": "2026-04-01", "from": "USD", "to": "CNY", "rate": "7.1"})
        }
        ("ExportFilter", _) => json!({
            "from": null, "to": null, "providers": [], "billing_accounts": [],
            "sub_accounts": [], "services": [], "currencies": [], "run_id": null
        }),
        ("ImportRequest", _) => {
            json!({"files": [{"path": dir.join("bill.csv").display().to_string(), "format": null}], "lenient": false})
        }
        ("SyncRequest", _) => json!({"connection": null, "from": null, "to": null}),
        ("ScheduleView", _) => json!({"every_hours": 24}),
        ("AddConnectionRequest", _) => json!({
            "name": "sample", "provider": "aliyun", "key_id": "id", "secret": "s",
            "endpoint": null, "region": null, "site": null
        }),
        ("AddChannelRequest", _) => json!({
            "name": "sample", "kind": "desktop", "language": "en", "url": null, "secret": null
        }),
        ("AlertSettings", _) => {
            json!({"stale_after_days": 3, "evaluate_every_minutes": 60, "keep_in_tray": false})
        }
        ("BudgetSpec", _) => budget_spec(),
        ("BudgetCopyRequest", _) => json!({
            "template": budget_spec(), "dimension": "provider",
            "basis": "template_amount", "adjust_percent": 0
        }),
        ("MonitorInput", _) => json!({
            "name": "sample", "scope": {"group_by": ["provider"], "filters": []},
            "metric": "billed", "min_impact": "100", "impact_currency": "USD",
            "min_percent": 20.0, "falls": false, "new_spend": true, "muted": false,
            "alerts": {"channels": [], "min_severity": "low", "min_impact": null}
        }),
        ("AnomalyListQuery", _) => json!({
            "monitors": [], "from": null, "to": null, "statuses": [], "severities": [],
            "providers": [], "include_withdrawn": false
        }),
        ("RecommendationQuery", _) => json!({
            "kinds": [], "providers": [], "status": null, "search": null, "display_currency": null
        }),
        ("RecommendationSettingsView", _) => json!({
            "idle_cpu_percent": 5, "idle_lookback_days": 14, "rightsize_lookback_days": 30,
            "rightsize_min_days": 14, "rightsize_target_cpu_percent": 60,
            "rightsize_target_memory_percent": 70, "commitment_lookback_days": 60,
            "min_monthly_saving": "1", "renewal_horizon_days": 90,
            "discount_drop_points": "2", "ended_projects": []
        }),
        ("ReportFormat", _) => json!("pdf"),
        ("ReportDefinition", _) => json!({
            "title": "Monthly costs", "period": {"relative": "last_month"},
            "currency": null, "language": "en",
            "sections": [
                {"kind": "overview"},
                {"kind": "explorer", "query": explore_query()},
                {"kind": "invoice_reconciliation"},
                {"kind": "provenance"}
            ]
        }),
        ("InvoiceAmount", _) => json!({
            "provider": "AWS", "billing_account": "111", "month": "2026-04",
            "currency": "USD", "amount": "10.00"
        }),
        ("AuditLogFilter", _) => json!({"action": null, "text": null, "from": null, "to": null}),
        ("AuditPackRequest", _) => json!({
            "from": "2026-04", "to": "2026-04", "filters": [],
            "out": dir.join("pack.clpack").display().to_string(), "attachments": []
        }),
        _ => panic!("no sample for argument {arg}: {ty}; add one to sample_json"),
    }
}

fn sample<T: DeserializeOwned>(ty: &str, arg: &str, dir: &Path) -> T {
    let ty: String = ty.split_whitespace().collect();
    let value = sample_json(&ty, arg, dir);
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("the sample for {arg}: {ty} ({value}) does not parse: {e}"))
}

fn config(dir: &Path, audit: bool) -> SessionConfig {
    SessionConfig {
        updates: Default::default(),
        db_path: dir.join("s.db"),
        keychain: Keychain::with_service("CloudLens-audit-mode-test-unused"),
        passphrase: Some(Zeroizing::new("pw".to_string())),
        demo_lines: 3_000,
        demo_seed: 7,
        clock: || 1_780_000_000, // 2026-05-28
        os_user: "auditor".into(),
        audit,
        system_zone: Some("Asia/Shanghai".into()),
    }
}

fn wait_ready(session: &Session) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while session.status().state != StoreState::Ready {
        assert!(Instant::now() < deadline, "{:?}", session.status());
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn digest(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Commands whose answer depends on the machine, not on audit mode: they
/// are still called (and must not answer `audit_mode`), but may fail.
const MAY_FAIL: &[&str] = &[
    // The sample ids, paths and names name nothing in the store.
    "anomaly_detail",
    "budget",
    "recommendation_detail",
    "resource_detail",
    "inspect_file",
    "import_exchange_rates",
    "verify_audit_pack",
    "open_audit_pack",
    // No pack is open to close.
    "close_audit_pack",
    "update_from_file",
    "open_view_link",
    "rules_at",
    // The session is open already; there is nothing to unlock.
    "unlock",
    // The sample series is not one of the demo's.
    "forecast_chart",
];

#[test]
fn audit_mode_refuses_every_change_and_answers_every_read() {
    let dir = tempfile::tempdir().unwrap();
    {
        let session = Session::start(config(dir.path(), false), |_| {});
        wait_ready(&session);
        // Something to feedback on, a budget and a monitor to remove.
        session
            .add_budget(sample("BudgetSpec", "spec", dir.path()), Locale::En)
            .unwrap();
    }
    // The session's threads finish with it; give them a moment to let go.
    std::thread::sleep(Duration::from_millis(500));
    let db = dir.path().join("s.db");
    let before = digest(&db);

    let session = Session::start(config(dir.path(), true), |_| {});
    wait_ready(&session);
    assert!(session.status().audit.is_some(), "{:?}", session.status());

    let cases = cases();
    assert!(cases.len() > 80, "{} commands", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let result = (case.call)(&session, dir.path());
        let label = format!("{}::{}", case.domain, case.name);
        match (case.changes, result) {
            (true, Err(e)) if e.code == ErrorCode::AuditMode && !e.message.is_empty() => {}
            (true, other) => failures.push(format!("{label} changes but answered {other:?}")),
            (false, Ok(())) => {}
            (false, Err(e)) if e.code == ErrorCode::AuditMode => {
                failures.push(format!("{label} reads but was refused: {}", e.message))
            }
            (false, Err(e)) if MAY_FAIL.contains(&case.name) => {
                assert!(!e.message.is_empty(), "{label}: an error without a message");
            }
            (false, Err(e)) => failures.push(format!("{label} failed: {e:?}")),
        }
    }
    drop(session);
    std::thread::sleep(Duration::from_millis(500));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        digest(&db) == before,
        "the store file changed in audit mode"
    );
}
