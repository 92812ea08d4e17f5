//! Stores written by earlier builds open with this one and hold exactly what
//! they held: the fixture under `tests/fixtures/stores/` was written by the
//! build named in its README, together with the facts that build read back.

#[path = "common/facts.rs"]
mod facts;

use std::path::PathBuf;

use cloudlens_store::{KeySource, Store};
use zeroize::Zeroizing;

const PASSPHRASE: &str = "cloudlens-fixture";

fn fixtures() -> PathBuf {
    let manifest = String::from(env!("CARGO_MANIFEST_DIR"));
    PathBuf::from(manifest).join("../../../tests/fixtures/stores")
}

/// A copy of the fixture (opening it upgrades it in place) and its facts.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(format!("{name}.db"));
    std::fs::copy(fixtures().join(format!("{name}.db")), &db).unwrap();
    let text = std::fs::read_to_string(fixtures().join(format!("{name}.facts.json"))).unwrap();
    (dir, db, serde_json::from_str(&text).unwrap())
}

fn passphrase() -> KeySource {
    KeySource::Passphrase(Zeroizing::new(PASSPHRASE.into()))
}

#[test]
fn a_v4_store_opens_with_everything_it_held() {
    let (_dir, db, expected) = copy_of("store-v4");
    let store = Store::open(&db, &passphrase()).unwrap();
    let found = facts::facts(&store, "ali");
    assert_eq!(found, expected);
    drop(store);
    // Opening again changes nothing.
    let mut store = Store::open(&db, &passphrase()).unwrap();
    assert_eq!(facts::facts(&store, "ali"), expected);

    // Every area has taken every step, as in a new store.
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = Store::open(&fresh_dir.path().join("new.db"), &passphrase()).unwrap();
    assert_eq!(
        store.area_versions().unwrap(),
        fresh.area_versions().unwrap()
    );

    // And it works as one: a synced window's run goes with its lines and
    // rollup share, and readers see the result.
    let windows = store.sync().sync_windows("ali").unwrap();
    let run = windows[0].run_id.unwrap();
    let before = store.lines().line_count().unwrap();
    assert!(!store.sync().run_pages(run).unwrap().is_empty());
    store.lines_mut().remove_run(run).unwrap();
    // The step that makes page provenance follow its run came with the upgrade.
    assert!(store.sync().run_pages(run).unwrap().is_empty());
    let pool = store.read_pool();
    let reader = pool.get().unwrap();
    let removed = before - reader.lines().line_count().unwrap();
    assert!(removed > 0);
    assert_eq!(reader.lines().rollup_mismatches().unwrap(), 0);
    let synced = expected["synced_lines"].as_u64().unwrap();
    assert_eq!(
        reader.sync().connection_lines("ali").unwrap(),
        synced - removed
    );
}
