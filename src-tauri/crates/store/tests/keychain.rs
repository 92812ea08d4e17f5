//! Uses the real OS keychain (Secret Service). `.ci/run` runs these under
//! `dbus-run-session` with an unlocked gnome-keyring.

mod common;

use cloudlens_store::{KeySource, Keychain, Store, StoreError};

fn keychain() -> Keychain {
    Keychain::with_service(&format!("CloudLens-test-{}", std::process::id()))
}

#[test]
#[ignore = "needs a Secret Service session (run by .ci/run)"]
fn a_new_store_keeps_its_key_in_the_keychain_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let kc = keychain();
    let store = Store::open(&path, &KeySource::Keychain(kc.clone())).unwrap();
    drop(store);

    let salt = Store::salt_of(&path).unwrap().unwrap();
    assert!(
        kc.load(salt).unwrap().is_some(),
        "no key was saved in the keychain"
    );
    let store = Store::open(&path, &KeySource::Keychain(kc.clone())).unwrap();
    assert_eq!(store.lines().line_count().unwrap(), 0);
    drop(store);

    // Without the keychain entry the store cannot be opened, and says why.
    kc.delete(salt).unwrap();
    let err = Store::open(&path, &KeySource::Keychain(kc)).unwrap_err();
    assert!(matches!(err, StoreError::NoKeyInKeychain(_)), "{err:?}");
}
