#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use cloudlens_ingest::{import_path, ImportOptions, ImportReport, Mode};
use cloudlens_store::{Store, StoreKey};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/ingest")
        .join(rel)
}

pub fn store(dir: &Path) -> Store {
    Store::open_with_key(
        &dir.join("store.db"),
        &StoreKey::from_parts([3u8; 32], [4u8; 16]),
    )
    .unwrap()
}

pub fn opts(mode: Mode) -> ImportOptions {
    ImportOptions {
        format: None,
        mode,
        clock: || 1_764_000_000,
    }
}

pub fn import(store: &mut Store, path: &Path, mode: Mode) -> ImportReport {
    import_path(
        store,
        path,
        &opts(mode),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}
