//! Real packages, real signatures: `.deb` files built with dpkg-deb, signed
//! with a key pair that Tauri's own signer makes for this test run (as the
//! release script signs releases), then tampered with, signed with another
//! key, made older, or made for another product.

mod signing;

use cloudlens_update::{
    install, verify_files, InstallContext, PackageKind, Running, UpdateError, UpdateKey,
    PACKAGE_NAME,
};
use signing::{deb, key_pair, sign};

const RUNNING: Running<'static> = Running {
    package: PACKAGE_NAME,
    version: "0.1.0",
};

#[test]
fn a_signed_newer_package_passes_and_every_bad_one_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ours = key_pair(d, "ours");
    let theirs = key_pair(d, "theirs");
    let key = UpdateKey::parse(&ours.public).unwrap();

    let newer = deb(d, PACKAGE_NAME, "0.1.1");
    let newer_sig = sign(&ours, &newer, Some("0.1.1"));
    let (ok, bytes) = verify_files(&newer, &newer_sig, &key, &RUNNING).unwrap();
    assert_eq!(ok.package.version, "0.1.1");
    assert_eq!(ok.package.kind, PackageKind::Deb);
    assert_eq!(ok.package.arch, "amd64");
    assert_eq!(bytes, std::fs::read(&newer).unwrap());

    // One byte changed after signing.
    let tampered = d.join("tampered.deb");
    let mut changed = std::fs::read(&newer).unwrap();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    std::fs::write(&tampered, changed).unwrap();
    let err = verify_files(&tampered, &newer_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::Tampered { .. }), "{err}");
    assert!(
        err.to_string().contains("changed after it was signed"),
        "{err}"
    );

    // Signed by someone else's key.
    let forged = d.join("forged.deb");
    std::fs::copy(&newer, &forged).unwrap();
    let forged_sig = sign(&theirs, &forged, Some("0.1.1"));
    let err = verify_files(&forged, &forged_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::OtherKey { .. }), "{err}");
    assert!(err.to_string().contains("signed with another key"), "{err}");

    // Another file's signature, and a file that is no signature at all.
    let other = deb(d, PACKAGE_NAME, "0.2.0");
    let err = verify_files(&other, &newer_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::Tampered { .. }), "{err}");
    let err = verify_files(&newer, &newer, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::BadSignature { .. }), "{err}");

    // Properly signed, but older or the same version.
    let older = deb(d, PACKAGE_NAME, "0.0.9");
    let older_sig = sign(&ours, &older, Some("0.0.9"));
    let err = verify_files(&older, &older_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::Older { .. }), "{err}");
    assert!(
        err.to_string().contains("older than the running 0.1.0"),
        "{err}"
    );
    let same = deb(d, PACKAGE_NAME, "0.1.0");
    let same_sig = sign(&ours, &same, None);
    let err = verify_files(&same, &same_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::SameVersion { .. }), "{err}");

    // Signed for another version than the package holds.
    let relabelled_sig = sign(&ours, &older, Some("0.3.0"));
    let err = verify_files(&older, &relabelled_sig, &key, &RUNNING).unwrap_err();
    assert!(
        matches!(err, UpdateError::SignedForAnotherVersion { .. }),
        "{err}"
    );

    // Signed with our key, but not CloudLens.
    let foreign = deb(d, "something-else", "9.0.0");
    let foreign_sig = sign(&ours, &foreign, None);
    let err = verify_files(&foreign, &foreign_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::OtherProduct { .. }), "{err}");

    // Not a package at all (signed anyway).
    let text = d.join("notes.txt");
    std::fs::write(&text, "release notes").unwrap();
    let text_sig = sign(&ours, &text, None);
    let err = verify_files(&text, &text_sig, &key, &RUNNING).unwrap_err();
    assert!(matches!(err, UpdateError::NotAPackage { .. }), "{err}");

    // Without privileges and without a prompt, installing says what to run;
    // a package of the other kind is refused.
    let ctx = InstallContext {
        root: false,
        pkexec: None,
        system: Some(PackageKind::Deb),
        staging: d.join("staging"),
        install_root: None,
    };
    let err = install(&ok, &bytes, &ctx).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, UpdateError::NeedsPrivileges { .. }), "{text}");
    assert!(
        text.contains("sudo dpkg -i ") && text.contains("cloud-lens_0.1.1.deb"),
        "{text}"
    );
    let staged = std::fs::read(d.join("staging/cloud-lens_0.1.1.deb")).unwrap();
    assert_eq!(staged, bytes, "the staged file is the verified bytes");
    let rpm_system = InstallContext {
        system: Some(PackageKind::Rpm),
        ..ctx
    };
    let err = install(&ok, &bytes, &rpm_system).unwrap_err();
    assert!(matches!(err, UpdateError::WrongPackageKind { .. }), "{err}");
}

#[test]
fn a_build_without_a_key_verifies_nothing() {
    for configured in ["", cloudlens_update::PLACEHOLDER] {
        assert!(matches!(
            UpdateKey::parse(configured),
            Err(UpdateError::NoKey)
        ));
    }
    let err = UpdateKey::parse("bm90IGEga2V5").unwrap_err();
    assert!(matches!(err, UpdateError::BadKey(_)), "{err}");
}
