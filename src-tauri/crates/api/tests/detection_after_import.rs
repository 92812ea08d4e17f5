//! The session judges the days an import changed by itself: after an
//! import of a bill with a spike, a detection run starts, covers the new
//! days and finds the spike, with no `detect_anomalies` call.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_api::{
    AnomalyKind, AnomalyListQuery, DetectionEvent, ImportEvent, ImportFile, ImportRequest, Keychain, Session,
    SessionConfig, StoreState,
};
use zeroize::Zeroizing;

const HEADER: &str = "BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ContractedCost,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory,SubAccountId,SubAccountName,RegionId,ResourceId,PricingQuantity,PricingUnit,ListUnitPrice,Tags,InvoiceId";
const SERVICE: &str = "Spike Service";

fn line(day: NaiveDate, resource: &str, cost: &str) -> String {
    let next = day.succ_opt().unwrap();
    format!(
        "acct-spike,Spike,Billing Account,USD,{day}T00:00:00Z,{next}T00:00:00Z,{day}T00:00:00Z,{next}T00:00:00Z,{cost},{cost},{cost},{cost},Usage,,Compute,Usage-Based,Example,Example,Example,{SERVICE},Compute,sub-1,Dev,us-east-1,{resource},24,Hours,1,{{}},INV-1"
    )
}

fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_import_is_followed_by_detection_over_its_days() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-detect-test-unused"),
            passphrase: Some(Zeroizing::new("pass".to_string())),
            demo_lines: 3_000,
            demo_seed: 1,
            // 2026-05-28.
            clock: || 1_779_926_400,
            system_zone: None,
            audit: false,
            os_user: "tester".into(),
        },
        |_| {},
    );
    let detections = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&detections);
    session.on_detection(move |e| log.lock().unwrap().push(e));
    let imports = Arc::new(Mutex::new(Vec::new()));
    let ilog = Arc::clone(&imports);
    session.on_import(move |e| ilog.lock().unwrap().push(e));
    wait("the demo", || session.status().state == StoreState::Ready);
    // The demo's own detection settles first.
    wait("detection on the demo", || {
        session
            .detection_status()
            .is_ok_and(|d| !d.running && d.last_at.is_some())
    });
    detections.lock().unwrap().clear();

    let spike = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let mut rows = vec![HEADER.to_string()];
    for day in NaiveDate::from_ymd_opt(2026, 2, 27).unwrap().iter_days() {
        if day > NaiveDate::from_ymd_opt(2026, 5, 27).unwrap() {
            break;
        }
        rows.push(line(day, "vm-1", "100.00"));
        if day == spike {
            rows.push(line(day, "vm-2", "5000.00"));
        }
    }
    let bill = dir.path().join("bill.csv");
    std::fs::write(&bill, rows.join("\n") + "\n").unwrap();
    session
        .import_files(ImportRequest {
            files: vec![ImportFile {
                path: bill.display().to_string(),
                format: Some("focus".into()),
            }],
            lenient: false,
        })
        .unwrap();
    wait("the import", || {
        matches!(
            imports.lock().unwrap().last(),
            Some(ImportEvent::Finished { .. })
        )
    });
    wait("detection after the import", || {
        detections.lock().unwrap().iter().any(|e| {
            matches!(e, DetectionEvent::Finished { summary }
                if summary.to.as_deref() == Some("2026-05-27") && summary.found > 0)
        })
    });
    let status = session.detection_status().unwrap();
    assert!(status.error.is_none(), "{status:?}");

    let list = session.anomalies(AnomalyListQuery::default()).unwrap();
    let found: Vec<_> = list
        .anomalies
        .iter()
        .filter(|a| a.groups.get("service").cloned().flatten().as_deref() == Some(SERVICE))
        .collect();
    // The spike, and the service's first day reported once as new spend.
    let mut kinds: Vec<(AnomalyKind, &str)> =
        found.iter().map(|a| (a.kind, a.start.as_str())).collect();
    kinds.sort_by_key(|k| k.1);
    assert_eq!(
        kinds,
        vec![(AnomalyKind::New, "2026-02-27"), (AnomalyKind::Rise, "2026-05-20")],
        "{found:#?}"
    );
}
