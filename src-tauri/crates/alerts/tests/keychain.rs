//! In keychain mode a channel's URL and secret live in the OS keychain (a
//! real Secret Service: run under `dbus-run-session` with gnome-keyring
//! unlocked, as `.ci/run` does), are read back to send, and go with the
//! channel.

mod common;

use cloudlens_alerts::{list_channels, remove_channel, Language, Sender, SystemClock};
use cloudlens_mockcloud::webhooks::Platform;
use cloudlens_store::{KeySource, Keychain, SecretHome, Store};
use common::*;

#[test]
fn channel_secrets_live_in_the_keychain_and_leave_with_the_channel() {
    let dir = tempfile::tempdir().unwrap();
    let kc = Keychain::with_service(&format!("cloudlens-alerts-test-{}", std::process::id()));
    let home = SecretHome::Keychain(kc.clone());
    let mut store =
        Store::open(&dir.path().join("kc.db"), &KeySource::Keychain(kc.clone())).unwrap();
    let r = receiver(Platform::Feishu);
    cloudlens_alerts::add_channel(
        &mut store.alerts_mut(),
        &home,
        cloudlens_alerts::NewChannel {
            name: "feishu".into(),
            kind: cloudlens_alerts::ChannelKind::Feishu,
            language: Language::En,
            url: Some(zeroize::Zeroizing::new(r.url())),
            secret: Some(zeroize::Zeroizing::new(SECRET.into())),
        },
        1_700_000_000,
    )
    .unwrap();
    // The store alone (passphrase-mode columns) holds nothing.
    assert!(store
        .alerts()
        .channel_secret(&SecretHome::Sealed, "feishu")
        .unwrap()
        .is_empty());
    assert!(list_channels(&store.alerts(), &home).unwrap()[0].ready);

    raise(&mut store, 0, 1);
    let report = Sender::new(&mut store, &home, &SystemClock, fast())
        .unwrap()
        .drain()
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(r.received().len(), 1);

    remove_channel(&mut store.alerts_mut(), &home, "feishu").unwrap();
    assert!(
        store
            .alerts()
            .channel_secret(&home, "feishu")
            .unwrap()
            .is_empty(),
        "the keychain entry is gone"
    );
    kc.delete(Store::salt_of(&dir.path().join("kc.db")).unwrap().unwrap())
        .unwrap();
}
