//! Audit packs end to end on a real SQLCipher store: built, verified with
//! nothing but the file, opened in audit mode with the same totals, and
//! every kind of tampering detected and named.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cloudlens_audit::{
    build_pack, open_pack, verify_pack, Attachment, PackProblemKind, PackRequest, PackScope,
    PackSummary,
};
use cloudlens_demo::DemoOptions;
use cloudlens_model::Decimal;
use cloudlens_store::{
    AuditAction, AuditKey, AuditRecord, Auditor, RateRecord, RunKind, RunSpec, Store, StoreError,
    StoreKey,
};
use zeroize::Zeroizing;

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    who: Auditor,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let key = StoreKey::from_parts([3u8; 32], [4u8; 16]);
    let mut store = Store::open_with_key(&dir.path().join("s.db"), &key).unwrap();
    let opts = DemoOptions {
        lines: 20_000,
        seed: 11,
        end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    };
    store
        .lines_mut()
        .import(
            RunSpec::plain(RunKind::Demo, "demo", None, || 1_767_225_600),
            |sink| {
                cloudlens_demo::generate(&opts, |l| sink.push(l))?;
                Ok::<(), StoreError>(())
            },
        )
        .unwrap();
    let who = Auditor {
        key: AuditKey::generate(),
        os_user: "alice".into(),
        clock: || 1_767_225_600,
    };
    store
        .audited(&who, |s| {
            let v = s.allocation_mut().save_rule_version(
                r#"[{"name":"team"}]"#,
                "first rules",
                1_767_225_600,
            )?;
            let r = AuditRecord::new(AuditAction::RuleVersion, format!("rule version {}", v.id));
            Ok::<_, StoreError>(((), Some(r)))
        })
        .unwrap();
    let rate = RateRecord {
        date: "2026-03-01".into(),
        from: "USD".into(),
        to: "CNY".into(),
        rate: "7.0312".into(),
    };
    store.allocation_mut().put_exchange_rates(&[rate]).unwrap();
    store
        .audited(&who, |_| {
            let r = AuditRecord::new(AuditAction::ExchangeRateSet, "USD/CNY 2026-03-01")
                .before("7.04")
                .after("7.0312");
            Ok::<_, StoreError>(((), Some(r)))
        })
        .unwrap();
    Fixture { dir, store, who }
}

fn request(passphrase: Option<&str>) -> PackRequest {
    PackRequest {
        scope: PackScope {
            from: "2026-01".into(),
            to: "2026-06".into(),
            filters: vec!["currency=CNY".into()],
        },
        created_at: 1_767_312_000,
        created_by: "CloudLens test".into(),
        attachments: vec![
            Attachment::Bytes {
                name: "reports/summary.pdf".into(),
                bytes: b"%PDF-1.7 stand-in bytes made by another crate".to_vec(),
            },
            Attachment::Bytes {
                name: "reconciliation/invoice.json".into(),
                bytes: br#"{"differences":[]}"#.to_vec(),
            },
        ],
        passphrase: passphrase.map(|p| Zeroizing::new(p.to_string())),
    }
}

fn build(f: &Fixture, name: &str, passphrase: Option<&str>) -> (PathBuf, PackSummary) {
    let out = f.dir.path().join(name);
    let summary = build_pack(
        &f.store.read_pool().get().unwrap(),
        &request(passphrase),
        &f.who.key,
        &out,
    )
    .unwrap();
    (out, summary)
}

/// (provider, currency, month) → billed, effective, lines.
fn totals(
    store: &Store,
    months: std::ops::RangeInclusive<&str>,
) -> BTreeMap<(String, String, String), (Decimal, Decimal, u64)> {
    store
        .lines()
        .summary()
        .unwrap()
        .into_iter()
        .filter(|r| months.contains(&r.month.as_str()) && r.billing_currency == "CNY")
        .map(|r| {
            (
                (r.provider, r.billing_currency, r.month),
                (r.billed_cost, r.effective_cost, r.lines),
            )
        })
        .collect()
}

#[test]
fn a_pack_verifies_offline_and_opens_in_audit_mode_with_the_same_totals() {
    let f = fixture();
    let (pack, summary) = build(&f, "q1.clpack", None);
    assert!(summary.lines > 1000, "{}", summary.lines);
    assert_eq!(summary.signer, f.who.key.public().to_string());

    let report = verify_pack(&pack, None, None).unwrap();
    assert!(report.is_verified(), "{:?}", report.problem);
    assert_eq!(report.signer, Some(f.who.key.public()));
    assert_eq!(report.members_checked, 9);
    assert!(report.log.as_ref().unwrap().is_intact());
    let report = verify_pack(&pack, Some(&f.who.key.public()), None).unwrap();
    assert!(report.is_verified(), "{:?}", report.problem);

    let mut opened = open_pack(&pack, Some(&f.who.key.public()), None, || 1_767_312_000).unwrap();
    let s = &mut opened.store;
    assert!(s.is_audit_mode());
    assert!(matches!(
        s.settings_mut().set("k", Some("v")),
        Err(StoreError::AuditMode)
    ));
    let original = totals(&f.store, "2026-01"..="2026-06");
    assert!(original.len() >= 6, "{original:?}");
    assert_eq!(
        totals(s, "0000"..="9999"),
        original,
        "pack totals differ from the store's"
    );
    assert_eq!(s.lines().line_count().unwrap(), summary.lines);
    assert_eq!(
        s.allocation().rule_versions().unwrap()[0].note,
        f.store.allocation().rule_versions().unwrap()[0].note
    );
    assert_eq!(
        s.allocation().exchange_rates().unwrap(),
        f.store.allocation().exchange_rates().unwrap()
    );
    assert_eq!(
        s.audit_log().entries().unwrap(),
        f.store.audit_log().entries().unwrap()
    );
    assert!(s
        .audit_log()
        .verify(&[f.who.key.public()])
        .unwrap()
        .is_intact());
    let pdf = std::fs::read(opened.files.member_file("reports/summary.pdf").unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let docs: Vec<String> = s
        .audit_log()
        .pack_documents()
        .unwrap()
        .into_iter()
        .map(|d| d.0)
        .collect();
    for name in [
        "provenance.json",
        "totals.json",
        "manifest.json",
        "reconciliation/invoice.json",
    ] {
        assert!(docs.iter().any(|d| d == name), "{name} not kept: {docs:?}");
    }
}

#[test]
fn the_pack_is_a_tar_any_tool_lists() {
    let f = fixture();
    let (pack, summary) = build(&f, "p.tar", None);
    let Ok(out) = std::process::Command::new("tar")
        .arg("-tf")
        .arg(&pack)
        .output()
    else {
        return; // no tar on this machine
    };
    let listed = String::from_utf8_lossy(&out.stdout);
    for m in &summary.members {
        assert!(
            listed.lines().any(|l| l == m.name),
            "{} not listed by tar",
            m.name
        );
    }
    assert!(listed.lines().any(|l| l == "manifest.sig"));
}

/// Rewrites a plain pack member by member: `edit` may change, drop (None)
/// or keep each member; `extra` members are appended.
fn rewrite(
    pack: &Path,
    out: &Path,
    edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: &[(&str, &[u8])],
) {
    let mut archive = tar::Archive::new(std::fs::File::open(pack).unwrap());
    let mut builder = tar::Builder::new(std::fs::File::create(out).unwrap());
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().display().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        members.push((name, bytes));
    }
    let extra = extra.iter().map(|(n, b)| (n.to_string(), b.to_vec()));
    for (name, bytes) in members.into_iter().chain(extra) {
        if let Some(bytes) = edit(&name, bytes) {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o644);
            builder
                .append_data(&mut h, &name, bytes.as_slice())
                .unwrap();
        }
    }
    builder.finish().unwrap();
}

/// A fresh pack named `name`, rewritten by `edit` (see `rewrite`).
fn tampered_pack(
    f: &Fixture,
    name: &str,
    edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: &[(&str, &[u8])],
) -> PathBuf {
    let (pack, _) = build(f, name, None);
    let out = f.dir.path().join(format!("tampered-{name}"));
    rewrite(&pack, &out, edit, extra);
    out
}

fn problem_of(
    pack: &Path,
    key: Option<&cloudlens_store::AuditPublicKey>,
    pass: Option<&str>,
) -> (PackProblemKind, Option<String>, String) {
    let p = verify_pack(pack, key, pass)
        .unwrap()
        .problem
        .expect("the tampering was not detected");
    (p.kind, p.member, p.message)
}

fn expect_named(
    pack: &Path,
    key: Option<&cloudlens_store::AuditPublicKey>,
    pass: Option<&str>,
    kind: PackProblemKind,
    member: &str,
) {
    let (k, m, msg) = problem_of(pack, key, pass);
    assert_eq!((k, m.as_deref()), (kind, Some(member)), "{msg}");
}

#[test]
fn a_changed_byte_in_a_member_is_named() {
    let f = fixture();
    let (pack, _) = build(&f, "p.tar", None);
    let mut bytes = std::fs::read(&pack).unwrap();
    let at = bytes
        .windows(22)
        .position(|w| w == b"CloudLens audit pack /")
        .unwrap();
    bytes[at + 3] ^= 0x20;
    std::fs::write(&pack, bytes).unwrap();
    expect_named(
        &pack,
        None,
        None,
        PackProblemKind::MemberChanged,
        "cloudlens-audit-pack.txt",
    );

    let out = tampered_pack(
        &f,
        "q.tar",
        |name, mut b| {
            if name == "lines.parquet" {
                let mid = b.len() / 2;
                b[mid] ^= 1;
            }
            Some(b)
        },
        &[],
    );
    expect_named(
        &out,
        None,
        None,
        PackProblemKind::MemberChanged,
        "lines.parquet",
    );
}

#[test]
fn a_removed_member_is_named() {
    let f = fixture();
    let out = tampered_pack(
        &f,
        "p.tar",
        |name, b| (name != "rates.json").then_some(b),
        &[],
    );
    expect_named(
        &out,
        None,
        None,
        PackProblemKind::MemberMissing,
        "rates.json",
    );
}

#[test]
fn an_added_member_is_named() {
    let f = fixture();
    let out = tampered_pack(
        &f,
        "p.tar",
        |_, b| Some(b),
        &[("reports/extra.csv", b"a,b\n1,2\n")],
    );
    expect_named(
        &out,
        None,
        None,
        PackProblemKind::MemberAdded,
        "reports/extra.csv",
    );

    // Bytes appended after the archive's end are read as members too.
    let (pack, _) = build(&f, "q.tar", None);
    let mut tail = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o644);
    tail.append_data(&mut h, "late.txt", &b"abc"[..]).unwrap();
    let mut bytes = std::fs::read(&pack).unwrap();
    bytes.extend(tail.into_inner().unwrap());
    std::fs::write(&pack, bytes).unwrap();
    expect_named(&pack, None, None, PackProblemKind::MemberAdded, "late.txt");
}

#[test]
fn a_replaced_manifest_is_named() {
    let f = fixture();
    let (pack, _) = build(&f, "p.tar", None);
    // Edited to cover a changed member, with the original signature.
    let out = f.dir.path().join("p2.tar");
    rewrite(
        &pack,
        &out,
        |name, b| match name {
            "totals.json" => Some(b"[]".to_vec()),
            "manifest.json" => {
                let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
                for member in m["members"].as_array_mut().unwrap() {
                    if member["name"] == "totals.json" {
                        member["bytes"] = 2.into();
                        member["sha256"] =
                            "cb5c5e0a5c8ad2cb4ad2d4f7d8b1ac7e2ed7ff8f6b9b3f3c3ad8a3cd2a3b8d0a"
                                .into();
                    }
                }
                Some(serde_json::to_vec_pretty(&m).unwrap())
            }
            _ => Some(b),
        },
        &[],
    );
    expect_named(
        &out,
        None,
        None,
        PackProblemKind::ManifestSignature,
        "manifest.json",
    );

    // Re-signed by someone else's key: refused against the expected key, and
    // even without one, the log inside is not signed by the manifest's key.
    let forger = AuditKey::generate();
    let out = f.dir.path().join("p3.tar");
    let forged = std::cell::RefCell::new(Vec::new());
    rewrite(
        &pack,
        &out,
        |name, b| match name {
            "manifest.json" => {
                let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
                m["signer"] = forger.public().to_string().into();
                let bytes = serde_json::to_vec_pretty(&m).unwrap();
                let msg = [b"cloudlens-audit-pack-manifest/1\0".as_slice(), &bytes].concat();
                *forged.borrow_mut() = hex::encode(forger.sign(&msg)).into_bytes();
                Some(bytes)
            }
            "manifest.sig" => Some(forged.borrow().clone()),
            _ => Some(b),
        },
        &[],
    );
    let (kind, _, msg) = problem_of(&out, Some(&f.who.key.public()), None);
    assert_eq!(kind, PackProblemKind::WrongKey, "{msg}");
    expect_named(&out, None, None, PackProblemKind::Log, "audit-log.json");
}

#[test]
fn a_wrong_key_is_named() {
    let f = fixture();
    let (pack, _) = build(&f, "p.tar", None);
    let other = AuditKey::generate().public();
    let (kind, _, msg) = problem_of(&pack, Some(&other), None);
    assert_eq!(kind, PackProblemKind::WrongKey, "{msg}");
    assert!(
        msg.contains(&other.to_string()) && msg.contains(&f.who.key.public().to_string()),
        "{msg}"
    );
    assert!(open_pack(&pack, Some(&other), None, || 0).is_err());
}

#[test]
fn an_encrypted_pack_needs_its_passphrase() {
    let f = fixture();
    let (pack, summary) = build(&f, "secret.clpack", Some("correct horse battery staple"));
    assert!(summary.encrypted);
    let bytes = std::fs::read(&pack).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(
        !bytes.windows(13).any(|w| w == b"lines.parquet"),
        "the member names are readable"
    );

    let (kind, _, msg) = problem_of(&pack, None, None);
    assert_eq!(kind, PackProblemKind::NeedsPassphrase, "{msg}");
    let (kind, _, msg) = problem_of(&pack, None, Some("wrong passphrase"));
    assert_eq!(kind, PackProblemKind::WrongPassphrase, "{msg}");
    let report = verify_pack(
        &pack,
        Some(&f.who.key.public()),
        Some("correct horse battery staple"),
    )
    .unwrap();
    assert!(report.is_verified(), "{:?}", report.problem);
    assert!(report.encrypted);

    // A changed byte inside the encrypted payload breaks its authentication.
    let mut bytes = bytes;
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&pack, bytes).unwrap();
    let (kind, _, msg) = problem_of(&pack, None, Some("correct horse battery staple"));
    assert_eq!(kind, PackProblemKind::Damaged, "{msg}");
}

#[test]
fn a_bad_scope_or_attachment_name_is_refused_with_the_reason() {
    let f = fixture();
    let out = f.dir.path().join("x.tar");
    let mut r = request(None);
    r.scope.from = "2026-13".into();
    let e = build_pack(&f.store.read_pool().get().unwrap(), &r, &f.who.key, &out)
        .unwrap_err()
        .to_string();
    assert!(e.contains("--from") && e.contains("YYYY-MM"), "{e}");
    let mut r = request(None);
    r.scope.filters = vec!["region=cn-hangzhou".into()];
    let e = build_pack(&f.store.read_pool().get().unwrap(), &r, &f.who.key, &out)
        .unwrap_err()
        .to_string();
    assert!(e.contains("region") && e.contains("provider"), "{e}");
    let mut r = request(None);
    r.attachments = vec![Attachment::Bytes {
        name: "../escape.pdf".into(),
        bytes: vec![],
    }];
    let e = build_pack(&f.store.read_pool().get().unwrap(), &r, &f.who.key, &out)
        .unwrap_err()
        .to_string();
    assert!(e.contains("../escape.pdf"), "{e}");
    assert!(!out.exists());
}
