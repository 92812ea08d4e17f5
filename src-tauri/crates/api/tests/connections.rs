//! Connection secrets: never in a view, an error or `Debug`; in keychain
//! mode never in the store, and gone from the keychain when the connection
//! is removed. The keychain test needs a Secret Service session (`.ci/run`).

use chrono::NaiveDate;
use cloudlens_api::{
    secret_home, AddConnectionRequest, CloudLens, ErrorCode, KeySource, Keychain, SecretHome,
    SyncOptions, SyncRequest,
};
use cloudlens_mockcloud::tencent::start_tencent;
use cloudlens_mockcloud::{Account, AccountSpec};
use std::sync::atomic::AtomicBool;
use zeroize::Zeroizing;

const KEY_ID: &str = "AKIDmockTencent0000000000000000000001";
const SECRET: &str = "mockSecretKeyTencent0000000000001";

fn request(endpoint: &str, secret: &str) -> AddConnectionRequest {
    AddConnectionRequest {
        endpoint: Some(endpoint.into()),
        ..AddConnectionRequest::new("tc", "tencent", KEY_ID, secret)
    }
}

fn clock() -> i64 {
    1_749_945_600
}

/// Adds a connection, tests and syncs it, and checks that nothing the
/// caller can see or print holds the secret.
fn secret_never_leaks(key: KeySource) -> (CloudLens, SecretHome, tempfile::TempDir) {
    let mock = start_tencent(
        Account::generate(&AccountSpec {
            seed: 3,
            resources: 10,
            first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            days: 3,
            currency: "CNY".into(),
        }),
        KEY_ID,
        SECRET,
    )
    .unwrap();
    let request_text = format!("{:?}", request(&mock.endpoint(), SECRET));
    assert!(!request_text.contains(SECRET), "{request_text}");
    let dir = tempfile::tempdir().unwrap();
    let home = secret_home(&key);
    let cl = CloudLens::open(&dir.path().join("c.db"), &key, actor()).unwrap();
    let view = cl
        .add_connection(&home, request(&mock.endpoint(), SECRET), clock())
        .unwrap();
    let dup = cl
        .add_connection(&home, request(&mock.endpoint(), SECRET), clock())
        .unwrap_err();
    assert_eq!(dup.code, ErrorCode::InvalidInput);
    let mut seen = vec![
        format!("{view:?}"),
        serde_json::to_string(&view).unwrap(),
        format!("{dup:?}"),
        format!("{:?}", request(&mock.endpoint(), SECRET).name),
    ];
    let target = cl.connection_target(&home, "tc").unwrap();
    assert_eq!(target.secret.as_deref().map(|s| s.as_str()), Some(SECRET));
    seen.push(format!("{:?}", target.record));
    let test = cloudlens_api::test_target(target);
    assert!(test.ok, "{test:?}");
    seen.push(format!("{test:?}"));
    let mut writer = cl.writer().unwrap();
    let auditor = cl.auditor(&mut writer).unwrap();
    let runs = cloudlens_api::run_sync(
        &mut writer,
        &home,
        &SyncRequest {
            connection: Some("tc".into()),
            from: Some("2025-01".into()),
            to: Some("2025-01".into()),
        },
        SyncOptions::new(
            NaiveDate::from_ymd_opt(2025, 6, 15).unwrap(),
            clock,
            auditor,
        ),
        &AtomicBool::new(false),
        &|p| assert!(!format!("{p:?}").contains(SECRET)),
    )
    .unwrap();
    drop(writer);
    assert_eq!(runs[0].outcome, "succeeded", "{runs:?}");
    seen.push(format!("{runs:?}"));
    let views = cl.connection_views(&home).unwrap();
    assert!(views[0].lines >= 30, "{views:?}");
    assert_eq!(views[0].lines, runs[0].lines);
    seen.push(serde_json::to_string(&views).unwrap());
    seen.push(format!("{:?}", cl.sync_history(None).unwrap()));
    // A rejected key's error text does not echo the secret either.
    cl.writer()
        .unwrap()
        .sync_mut()
        .set_connection_secret(&home, "tc", "wrong-secret-value")
        .unwrap();
    let bad = cloudlens_api::test_target(cl.connection_target(&home, "tc").unwrap());
    assert!(!bad.ok);
    assert!(!bad.message.contains("wrong-secret-value"), "{bad:?}");
    seen.push(format!("{bad:?}"));
    for text in &seen {
        assert!(!text.contains(SECRET), "secret in {text}");
    }
    (cl, home, dir)
}

#[test]
fn passphrase_mode_seals_the_secret_and_no_view_shows_it() {
    let key = KeySource::Passphrase(Zeroizing::new("pw".into()));
    let (cl, home, _dir) = secret_never_leaks(key);
    assert!(matches!(home, SecretHome::Sealed));
    cl.remove_connection(&home, "tc").unwrap();
    assert!(cl.connection_target(&home, "tc").is_err());
    assert!(cl.connection_views(&home).unwrap().is_empty());
}

#[test]
#[ignore = "needs a Secret Service session (run by .ci/run)"]
fn keychain_mode_keeps_the_secret_out_of_the_store_and_removal_deletes_it() {
    let kc = Keychain::with_service(&format!("CloudLens-conn-test-{}", std::process::id()));
    let (cl, home, _dir) = secret_never_leaks(KeySource::Keychain(kc.clone()));
    // Nothing sealed in the store: the sealed column is empty.
    assert!(cl
        .writer()
        .unwrap()
        .sync()
        .connection_secret(&SecretHome::Sealed, "tc")
        .unwrap()
        .is_none());
    assert!(cl
        .writer()
        .unwrap()
        .sync()
        .connection_secret(&home, "tc")
        .unwrap()
        .is_some());
    cl.remove_connection(&home, "tc").unwrap();
    assert!(cl
        .writer()
        .unwrap()
        .sync()
        .connection_secret(&home, "tc")
        .unwrap()
        .is_none());
}

/// A connection's route is checked before anything is stored: the bucket
/// route needs its bucket, a role is read only for AWS;
/// an AWS connection defaults to the global partition and keeps its route.
#[test]
fn the_bill_route_is_checked_and_kept() {
    let key = KeySource::Passphrase(Zeroizing::new("pw".into()));
    let dir = tempfile::tempdir().unwrap();
    let home = secret_home(&key);
    let cl = CloudLens::open(&dir.path().join("c.db"), &key, actor()).unwrap();
    let aws =
        |source: Option<&str>, bucket: Option<&str>, role: Option<&str>| AddConnectionRequest {
            name: "aws".into(),
            provider: "aws".into(),
            key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret: SECRET.into(),
            endpoint: None,
            region: None,
            site: None,
            source: source.map(String::from),
            bucket: bucket.map(String::from),
            prefix: Some("cur2".into()),
            role_arn: role.map(String::from),
            billing_table: None,
            projects: None,
        };
    let refused = [
        (aws(Some("bucket"), None, None), "needs the bucket"),
        (aws(Some("ftp"), Some("b"), None), "not api or bucket"),
        (aws(None, Some("b"), None), "only with source 'bucket'"),
        (
            aws(Some("bucket"), Some("b"), Some("role/x")),
            "arn:aws:iam::",
        ),
    ];
    for (req, words) in refused {
        let e = cl.add_connection(&home, req, clock()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains(words), "{e:?}");
    }
    let mut tencent = request("http://127.0.0.1:1", SECRET);
    tencent.source = Some("bucket".into());
    let e = cl
        .add_connection(&home, tencent.clone(), clock())
        .unwrap_err();
    assert!(e.message.contains("needs the bucket"), "{e:?}");
    tencent.role_arn = Some("arn:aws:iam::123456789012:role/x".into());
    tencent.bucket = Some("bills-1250000000".into());
    let e = cl
        .add_connection(&home, tencent.clone(), clock())
        .unwrap_err();
    assert!(e.message.contains("only for aws"), "{e:?}");
    assert!(
        cl.connection_names().unwrap().is_empty(),
        "nothing was stored"
    );

    let role = "arn:aws:iam::123456789012:role/cloudlens";
    let view = cl
        .add_connection(
            &home,
            aws(Some("bucket"), Some("billing"), Some(role)),
            clock(),
        )
        .unwrap();
    assert_eq!(view.site, "international");
    let target = cl.connection_target(&home, "aws").unwrap();
    assert_eq!(target.route.source, "bucket");
    assert_eq!(target.route.bucket.as_deref(), Some("billing"));
    assert_eq!(target.route.prefix.as_deref(), Some("cur2"));
    assert_eq!(target.route.role_arn.as_deref(), Some(role));

    // The Chinese clouds read their bill subscriptions from a bucket too.
    tencent.role_arn = None;
    tencent.prefix = Some("bills/".into());
    cl.add_connection(&home, tencent, clock()).unwrap();
    let target = cl.connection_target(&home, "tc").unwrap();
    assert_eq!(target.route.source, "bucket");
    assert_eq!(target.route.bucket.as_deref(), Some("bills-1250000000"));
    assert_eq!(target.route.prefix.as_deref(), Some("bills/"));
}

/// An Azure connection names its app as TENANT/CLIENT-ID, its scope in the
/// role's place and its export's container as STORAGE-ACCOUNT/CONTAINER;
/// each is checked before anything is stored, and the bucket route is read.
#[test]
fn an_azure_connection_is_checked_and_kept() {
    let key = KeySource::Passphrase(Zeroizing::new("pw".into()));
    let dir = tempfile::tempdir().unwrap();
    let home = secret_home(&key);
    let cl = CloudLens::open(&dir.path().join("c.db"), &key, actor()).unwrap();
    let azure = |key_id: &str, scope: Option<&str>, bucket: Option<&str>| AddConnectionRequest {
        source: bucket.map(|_| "bucket".to_string()),
        bucket: bucket.map(String::from),
        prefix: Some("costs".into()),
        role_arn: scope.map(String::from),
        ..AddConnectionRequest::new("az", "azure", key_id, SECRET)
    };
    let ok_id = "72f988bf-0000-4000-8000-00000000aaaa/0f1e2d3c-0000-4000-8000-00000000bbbb";
    let refused = [
        (azure("0f1e2d3c", None, None), "TENANT/CLIENT-ID"),
        (
            azure(ok_id, Some("resourceGroups/x"), None),
            "subscriptions/SUBSCRIPTION-ID",
        ),
        (
            azure(ok_id, None, Some("Billing_Exports/c")),
            "STORAGE-ACCOUNT/CONTAINER",
        ),
        (
            azure(ok_id, None, Some("billingexports")),
            "STORAGE-ACCOUNT/CONTAINER",
        ),
    ];
    for (req, words) in refused {
        let e = cl.add_connection(&home, req, clock()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains(words), "{e:?}");
        assert!(!e.message.contains(SECRET));
    }
    assert!(
        cl.connection_names().unwrap().is_empty(),
        "nothing was stored"
    );

    let scope = "providers/Microsoft.Billing/billingAccounts/8611537";
    let view = cl
        .add_connection(
            &home,
            azure(ok_id, Some(scope), Some("billingexports/cost-exports")),
            clock(),
        )
        .unwrap();
    assert_eq!(
        (view.site.as_str(), view.key_id.as_str()),
        ("international", ok_id)
    );
    let target = cl.connection_target(&home, "az").unwrap();
    assert_eq!(target.route.source, "bucket");
    assert_eq!(
        target.route.bucket.as_deref(),
        Some("billingexports/cost-exports")
    );
    assert_eq!(target.route.role_arn.as_deref(), Some(scope));
}

/// Who the audit log names for the test's changes, at a fixed time.
fn actor() -> cloudlens_api::Actor {
    cloudlens_api::Actor {
        os_user: "tester".into(),
        clock: || 1_749_945_600, // 2025-06-15
    }
}

/// A Google Cloud connection: the key file is the secret and its client
/// email the key id; the billing table and projects are checked before
/// anything is stored, and no refusal echoes the key.
#[test]
fn a_gcp_connection_is_checked_and_named_by_its_key_file() {
    use cloudlens_mockcloud::gcp::{generate_key, service_account_json, DETAILED_TABLE};
    let key = KeySource::Passphrase(Zeroizing::new("pw".into()));
    let dir = tempfile::tempdir().unwrap();
    let home = secret_home(&key);
    let cl = CloudLens::open(&dir.path().join("c.db"), &key, actor()).unwrap();
    let email = "reader@billing-admin-4410.iam.gserviceaccount.com";
    let pem = generate_key().unwrap().pem;
    let key_file = service_account_json(email, "shop-prod-4411", &pem, None);
    let gcp = |secret: &str, table: Option<&str>, projects: &[&str]| AddConnectionRequest {
        billing_table: table.map(String::from),
        projects: Some(projects.iter().map(|p| p.to_string()).collect()),
        ..AddConnectionRequest::new("g", "gcp", "", secret)
    };
    let refused = [
        (gcp(&key_file, None, &[]), "billing export table"),
        (
            gcp(&key_file, Some("p.d.t"), &[]),
            "not a billing export table",
        ),
        (
            gcp(&key_file, Some(DETAILED_TABLE), &["Bad_Project"]),
            "not a Google Cloud project id",
        ),
        (
            gcp("{\"type\":\"service_account\"}", Some(DETAILED_TABLE), &[]),
            "client_email",
        ),
    ];
    for (req, words) in refused {
        let e = cl.add_connection(&home, req, clock()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains(words), "{e:?}");
        assert!(!e.message.contains("PRIVATE KEY"), "{e:?}");
    }
    assert!(
        cl.connection_names().unwrap().is_empty(),
        "nothing was stored"
    );

    let view = cl
        .add_connection(
            &home,
            gcp(&key_file, Some(DETAILED_TABLE), &["shop-prod-4411"]),
            clock(),
        )
        .unwrap();
    assert_eq!(view.key_id, email);
    assert_eq!(view.site, "international");
    let target = cl.connection_target(&home, "g").unwrap();
    assert_eq!(target.route.bucket.as_deref(), Some(DETAILED_TABLE));
    assert_eq!(target.route.prefix.as_deref(), Some("shop-prod-4411"));
    assert!(!format!("{view:?}").contains("PRIVATE KEY"));
}
