//! The 12,000-line demo ending 2026-05-19 in a real encrypted store, which
//! the budget and forecast tests read.

use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::{Actor, CloudLens, DemoOptions, KeySource};
use zeroize::Zeroizing;

pub fn demo(passphrase: &str) -> (tempfile::TempDir, CloudLens) {
    let dir = tempfile::tempdir().unwrap();
    let key = KeySource::Passphrase(Zeroizing::new(passphrase.into()));
    let cl = CloudLens::open(&dir.path().join("s.db"), &key, Actor::fixed("tester")).unwrap();
    let opts = DemoOptions {
        lines: 12_000,
        seed: 11,
        end: NaiveDate::from_ymd_opt(2026, 5, 19).unwrap(),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    (dir, cl)
}
