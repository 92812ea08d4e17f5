//! Choosing the day zone is a change like any other: it lands in the audit
//! log with the zone before and after, inside the entry's own transaction,
//! and is refused in audit mode.

use cloudlens_api::{Actor, AuditLogFilter, CloudLens, DayZoneView, ErrorCode, KeySource};
use zeroize::Zeroizing;

fn key() -> KeySource {
    KeySource::Passphrase(Zeroizing::new("day zone test".into()))
}

#[test]
fn setting_the_day_zone_is_logged_and_refused_in_audit_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let zone = |z: &str| DayZoneView {
        zone: z.into(),
        provider_zones: false,
    };
    {
        let cl = CloudLens::open(&db, &key(), Actor::fixed("tester")).unwrap();
        cl.set_day_zone(&zone("Asia/Shanghai")).unwrap();
        cl.set_day_zone(&zone("Europe/Berlin")).unwrap();
        assert_eq!(cl.day_zone().unwrap().current.zone, "Europe/Berlin");
        let log = cl
            .audit_log(&AuditLogFilter {
                action: Some("setting".into()),
                text: Some("day_zone".into()),
                from: None,
                to: None,
            })
            .unwrap();
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(log[1].os_user, "tester");
        assert!(log[1].before.as_deref().unwrap().contains("Asia/Shanghai"));
        assert!(log[1].after.as_deref().unwrap().contains("Europe/Berlin"));
        assert!(cl.verify_audit_log(None).unwrap().intact);
    }
    let cl = CloudLens::open_audit(&db, &key(), Actor::fixed("auditor")).unwrap();
    let err = cl.set_day_zone(&zone("UTC")).unwrap_err();
    assert_eq!(err.code, ErrorCode::AuditMode, "{err:?}");
    assert_eq!(cl.day_zone().unwrap().current.zone, "Europe/Berlin");
}
