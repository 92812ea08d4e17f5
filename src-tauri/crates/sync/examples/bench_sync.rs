//! Sync benchmark: one provider's mock with RESOURCES resources billing every
//! day for DAYS days (RESOURCES × DAYS bill lines, plus the inventory), 20 ms
//! latency per request, synced into a fresh encrypted store at the client's
//! documented rate limit. Prints wall time, requests, retries, lines,
//! resources and peak RSS (VmHWM).
//!   bench_sync PROVIDER [RESOURCES] [DAYS] [PAGE_SIZE]

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_store::{NewConnection, SecretHome, Store, StoreKey};
use cloudlens_sync::{sync_connection, SyncOptions};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn clock() -> i64 {
    1_749_945_600 // 2025-06-15
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let provider = args.get(1).map(String::as_str).unwrap_or("alibaba");
    let resources: usize = args.get(2).map_or(Ok(100_000), |s| s.parse())?;
    let days: u32 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let page: usize = args.get(4).map_or(Ok(300), |s| s.parse())?;
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?;
    let account = Account::generate(&AccountSpec {
        seed: 1,
        resources,
        first_day: first,
        days,
        currency: "CNY".into(),
    });
    let (key_id, secret) = ("BENCHKEYID0000000000000001", "bench-secret-000000000000001");
    let mock: MockCloud = match provider {
        "alibaba" => cloudlens_mockcloud::alibaba::start_alibaba(account, key_id, secret)?,
        "tencent" => cloudlens_mockcloud::tencent::start_tencent(account, key_id, secret)?,
        "huawei" => cloudlens_mockcloud::huawei::start_huawei(account, key_id, secret)?,
        other => return Err(format!("no mock for provider '{other}' yet").into()),
    };
    mock.set_page_size(page);
    mock.set_faults(Faults {
        latency: Duration::from_millis(20),
        ..Default::default()
    });
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_with_key(
        &dir.path().join("bench.db"),
        &StoreKey::from_parts([1u8; 32], [2u8; 16]),
    )?;
    store.add_connection(
        &NewConnection {
            name: "bench".into(),
            provider: provider.into(),
            key_id: key_id.into(),
            endpoint: Some(mock.endpoint()),
            region: None,
            site: "china".into(),
            created_at: clock(),
        },
        secret,
        &SecretHome::Sealed,
    )?;
    let conn = store.connection("bench")?.ok_or("connection")?;
    let secret = store
        .connection_secret(&SecretHome::Sealed, "bench")?
        .ok_or("secret")?;
    let mut opts = SyncOptions::new(NaiveDate::from_ymd_opt(2025, 6, 15).ok_or("date")?, clock);
    opts.from = Some("2025-01".into());
    opts.to = Some("2025-01".into());
    opts.concurrency = 16;
    let started = Instant::now();
    let run = sync_connection(
        &mut store,
        &conn,
        secret,
        &opts,
        &AtomicBool::new(false),
        &|_| {},
    )?;
    let secs = started.elapsed().as_secs_f64();
    let stats = mock.stats();
    println!(
        "{provider}: {} in {secs:.1} s; {} requests ({} at the mock, {} throttled), {} retries; \
         {} lines, {} resources; peak RSS {:.0} MiB (mock included)",
        run.outcome,
        run.requests,
        stats.requests,
        stats.throttled,
        run.retries,
        run.lines,
        run.resources,
        peak_rss_mib()
    );
    Ok(())
}
