//! What the sync benchmarks share: the fixed clock their mocks run on, the
//! process's memory, and a fresh encrypted store holding the one connection
//! a run syncs, with the options every run starts from.

use chrono::NaiveDate;
use cloudlens_store::{
    AuditKey, Auditor, ConnectionRecord, ConnectionRoute, NewConnection, SecretHome, Store,
    StoreKey,
};
use cloudlens_sync::SyncOptions;

pub type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// A field of `/proc/self/status` (`VmRSS:`, `VmHWM:`) in MiB.
pub fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn clock() -> i64 {
    1_749_945_600 // 2025-06-15
}

/// The connection a run syncs.
pub struct Target<'a> {
    pub provider: &'a str,
    pub key_id: &'a str,
    pub secret: &'a str,
    pub endpoint: String,
    pub site: &'a str,
    pub route: &'a ConnectionRoute,
}

/// A fresh store (in `dir`, which must outlive it) with `target` as the
/// connection `bench`, and that connection as the store reads it back.
pub fn store_with(
    dir: &tempfile::TempDir,
    target: &Target,
) -> BenchResult<(Store, ConnectionRecord)> {
    let mut store = Store::open_with_key(
        &dir.path().join("bench.db"),
        &StoreKey::from_parts([1u8; 32], [2u8; 16]),
    )?;
    store.sync_mut().add_connection(
        &NewConnection {
            name: "bench".into(),
            provider: target.provider.into(),
            key_id: target.key_id.into(),
            endpoint: Some(target.endpoint.clone()),
            region: None,
            site: target.site.into(),
            created_at: clock(),
        },
        target.secret,
        &SecretHome::Sealed,
    )?;
    store
        .sources_mut()
        .set_connection_route("bench", target.route)?;
    let conn = store.sync().connection("bench")?.ok_or("connection")?;
    Ok((store, conn))
}

/// The connection's stored secret.
pub fn stored_secret(store: &Store) -> BenchResult<zeroize::Zeroizing<String>> {
    Ok(store
        .sync()
        .connection_secret(&SecretHome::Sealed, "bench")?
        .ok_or("secret")?)
}

/// Options for syncing January 2025 on 2025-06-15.
pub fn options() -> BenchResult<SyncOptions> {
    let auditor = std::sync::Arc::new(Auditor {
        key: AuditKey::generate(),
        os_user: "bench".into(),
        clock,
    });
    let mut opts = SyncOptions::new(
        NaiveDate::from_ymd_opt(2025, 6, 15).ok_or("date")?,
        clock,
        auditor,
    );
    opts.from = Some("2025-01".into());
    opts.to = Some("2025-01".into());
    Ok(opts)
}
