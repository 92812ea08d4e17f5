//! Bucket-route benchmark for the Chinese clouds: one provider's mock holds
//! a bill bucket (Alibaba OSS, Tencent COS or Huawei OBS) with RESOURCES
//! resources billing every day for DAYS days in one month (RESOURCES × DAYS
//! bill lines, gzipped CSV), 20 ms latency per request; the bucket route
//! syncs it into a fresh encrypted store. Prints wall time, requests,
//! lines, the bytes downloaded and peak RSS (VmHWM) with the part the
//! mock's account and generated bucket held before the sync began (the
//! mock runs in the same process).
//!   bench_china_bucket PROVIDER [RESOURCES] [DAYS] [native|focus]

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::bill_bucket::{BillBucketSpec, BillFile};
use cloudlens_mockcloud::{alibaba, huawei, tencent, Account, AccountSpec, Faults, MockCloud};
use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ProviderKind, Site,
};
use cloudlens_store::{
    AuditKey, Auditor, ConnectionRoute, NewConnection, SecretHome, Store, StoreKey,
};
use cloudlens_sync::{sync_connection, SyncOptions};

fn status_mib(field: &str) -> f64 {
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

fn clock() -> i64 {
    1_749_945_600 // 2025-06-15
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let provider = args.get(1).map(String::as_str).unwrap_or("alibaba");
    let resources: usize = args.get(2).map_or(Ok(100_000), |s| s.parse())?;
    let days: u32 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let file = match args.get(4).map(String::as_str) {
        Some("focus") => BillFile::Focus,
        _ => BillFile::Native,
    };
    let account = Account::generate(&AccountSpec {
        seed: 1,
        resources,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?,
        days,
        currency: "CNY".into(),
    });
    let bucket = match provider {
        "tencent" => "bench-bills-1250000000",
        _ => "bench-bills",
    };
    let spec = BillBucketSpec {
        gzip: true,
        ..BillBucketSpec::new(bucket, file)
    };
    let (key_id, secret) = ("BENCHKEYID0000000000000001", "bench-secret-000000000000001");
    let mock: MockCloud = match provider {
        "alibaba" => alibaba::start_alibaba_with(
            account,
            alibaba::AlibabaMock::new(key_id, secret).with_bucket(spec),
        )?,
        "tencent" => tencent::start_tencent_with(
            account,
            tencent::TencentMock::new(key_id, secret).with_bucket(spec),
        )?,
        "huawei" => huawei::start_huawei_with(
            account,
            huawei::HuaweiMock::new(key_id, secret).with_bucket(spec),
        )?,
        other => return Err(format!("no bucket mock for provider '{other}'").into()),
    };
    mock.set_clock(clock);
    mock.set_faults(Faults {
        latency: Duration::from_millis(20),
        ..Default::default()
    });
    let kind = ProviderKind::parse(provider).ok_or("provider")?;
    // The bucket is generated on its first listing: done before measuring,
    // so the mock's share of the memory is known.
    let lister = Client::new(
        ClientConfig {
            kind,
            credentials: Credentials {
                key_id: key_id.into(),
                secret: zeroize::Zeroizing::new(secret.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(600),
            clock,
            extra: ConnectionExtras {
                role_arn: None,
                bucket: Some(bucket.into()),
                prefix: Some("bills/".into()),
                ..ConnectionExtras::default()
            },
        },
        reqwest::Client::new(),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listed = rt.block_on(lister.list_objects(None))?;
    let bytes: u64 = listed.objects.iter().map(|o| o.size).sum();
    let mock_mib = status_mib("VmRSS:");

    let dir = tempfile::tempdir()?;
    let mut store = Store::open_with_key(
        &dir.path().join("bench.db"),
        &StoreKey::from_parts([1u8; 32], [2u8; 16]),
    )?;
    store.sync_mut().add_connection(
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
    store.sources_mut().set_connection_route(
        "bench",
        &ConnectionRoute {
            source: "bucket".into(),
            bucket: Some(bucket.into()),
            prefix: Some("bills/".into()),
            role_arn: None,
        },
    )?;
    let conn = store.sync().connection("bench")?.ok_or("connection")?;
    let secret = store
        .sync()
        .connection_secret(&SecretHome::Sealed, "bench")?
        .ok_or("secret")?;
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
    opts.request_clock = clock;
    opts.from = Some("2025-01".into());
    opts.to = Some("2025-01".into());
    opts.timeout = Duration::from_secs(600);
    opts.spool_dir = Some(dir.path().to_path_buf());
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
        "{provider} bucket ({file:?}, gzipped CSV, {:.1} MiB): {} in {secs:.1} s; {} requests \
         ({} at the mock), {} retries; {} lines, {} resources; peak RSS {:.0} MiB \
         ({:.0} MiB of it the mock's account and bucket, in the same process)",
        bytes as f64 / 1_048_576.0,
        run.outcome,
        run.requests,
        stats.requests,
        run.retries,
        run.lines,
        run.resources,
        status_mib("VmHWM:"),
        mock_mib
    );
    if let Some(m) = &run.message {
        println!("  {m}");
    }
    for (action, n) in &stats.by_action {
        println!("  {action}: {n}");
    }
    Ok(())
}
