//! Sync benchmark: one provider's mock with RESOURCES resources billing every
//! day for DAYS days (RESOURCES × DAYS bill lines, plus the inventory), 20 ms
//! latency per request, synced into a fresh encrypted store. The mock
//! throttles each action above its documented rate, as the real APIs do, and
//! the client paces itself at those rates; `unlimited` lifts both, to show
//! what the engine does when the provider is not the limit. Prints wall
//! time, requests, retries, throttled requests, lines, resources, the
//! floor the documented bill rate puts under the time, and peak RSS
//! (VmHWM) with the part the mock's account held before the sync began.
//!   bench_sync PROVIDER [RESOURCES] [DAYS] [PAGE_SIZE] [unlimited]

// The app's allocator, so the memory figure is the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_providers::RateLimit;
use cloudlens_sync::sync_connection;

mod bench_common;
use bench_common::{options, status_mib, store_with, stored_secret, BenchResult, Target};

/// The documented per-action rates the mock enforces: a default for the
/// provider's reads and the bill actions' own, lower, figures.
fn documented_caps(provider: &str) -> (u32, Vec<(String, u32)>) {
    match provider {
        // Tencent: DescribeBillDetail and DescribeBillResourceSummary 5/s,
        // the CVM, CBS, VPC and monitor reads 20/s or more.
        "tencent" => (
            20,
            vec![
                ("billing:DescribeBillDetail".into(), 5),
                ("billing:DescribeBillResourceSummary".into(), 5),
            ],
        ),
        // BigQuery: 100 API requests a second per user and method; Compute
        // Engine reads 20/s per project.
        "gcp" => (
            20,
            vec![
                ("bigquery.jobs.query".into(), 100),
                ("bigquery.jobs.getQueryResults".into(), 100),
            ],
        ),
        // Alibaba: DescribeInstanceBill 600/min; Huawei BSS: 10/s.
        _ => (10, Vec::new()),
    }
}

fn main() -> BenchResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let provider = args.get(1).map(String::as_str).unwrap_or("alibaba");
    let resources: usize = args.get(2).map_or(Ok(100_000), |s| s.parse())?;
    let days: u32 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let page: usize = args.get(4).map_or(Ok(300), |s| s.parse())?;
    let unlimited = args.get(5).is_some_and(|a| a == "unlimited");
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?;
    let account = Account::generate(&AccountSpec {
        seed: 1,
        resources,
        first_day: first,
        days,
        currency: "CNY".into(),
    });
    let (mut key_id, mut secret) = (
        "BENCHKEYID0000000000000001".to_string(),
        "bench-secret-000000000000001".to_string(),
    );
    if provider == "gcp" {
        // A service account's key file, made for the run.
        let key = cloudlens_mockcloud::gcp::generate_key()?;
        key_id = "bench@billing-admin-4410.iam.gserviceaccount.com".into();
        secret = cloudlens_mockcloud::gcp::service_account_json(
            &key_id,
            cloudlens_mockcloud::gcp::PROJECTS[0],
            &key.pem,
            None,
        );
    }
    let (key_id, secret) = (key_id.as_str(), secret.as_str());
    let mock: MockCloud = match provider {
        "alibaba" => cloudlens_mockcloud::alibaba::start_alibaba(account, key_id, secret)?,
        "tencent" => cloudlens_mockcloud::tencent::start_tencent(account, key_id, secret)?,
        "huawei" => cloudlens_mockcloud::huawei::start_huawei(account, key_id, secret)?,
        "gcp" => cloudlens_mockcloud::gcp::start_gcp(account, key_id, secret)?,
        other => return Err(format!("no mock for provider '{other}' yet").into()),
    };
    mock.set_page_size(page);
    let (default_cap, action_caps) = documented_caps(provider);
    mock.set_faults(Faults {
        latency: Duration::from_millis(20),
        max_per_second: (!unlimited).then_some(default_cap),
        action_max_per_second: if unlimited { Vec::new() } else { action_caps },
        ..Default::default()
    });
    let mock_mib = status_mib("VmRSS:");
    let route = if provider == "gcp" {
        cloudlens_store::ConnectionRoute {
            source: "api".into(),
            bucket: Some(cloudlens_mockcloud::gcp::DETAILED_TABLE.into()),
            prefix: Some(cloudlens_mockcloud::gcp::PROJECTS.join(",")),
            role_arn: None,
        }
    } else {
        cloudlens_store::ConnectionRoute {
            source: "api".into(),
            ..Default::default()
        }
    };
    let dir = tempfile::tempdir()?;
    let (mut store, conn) = store_with(
        &dir,
        &Target {
            provider,
            key_id,
            secret,
            endpoint: mock.endpoint(),
            site: "china",
            route: &route,
        },
    )?;
    let secret = stored_secret(&store)?;
    let mut opts = options()?;
    opts.concurrency = 16;
    if unlimited {
        opts.rate_limit = Some(RateLimit {
            bills: 100_000,
            inventory: 100_000,
            monitor: 100_000,
        });
    }
    let bill_rate = opts
        .rate_limit
        .unwrap_or_else(|| {
            cloudlens_sync::build_client(
                &conn,
                &route,
                secret.clone(),
                opts.timeout,
                opts.request_clock,
            )
            .map(|c| c.rate_limit())
            .unwrap_or(RateLimit {
                bills: 1,
                inventory: 1,
                monitor: 1,
            })
        })
        .bills;
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
    let bill_requests: u64 = stats
        .by_action
        .iter()
        .filter(|(a, _)| is_bill_action(a))
        .map(|(_, n)| n)
        .sum();
    println!(
        "{provider}{}: {} in {secs:.1} s; {} requests ({} at the mock, {bill_requests} for bills, \
         {} throttled by the mock), {} retries; {} lines, {} resources; \
         floor at {bill_rate} bill requests/s: {:.0} s; peak RSS {:.0} MiB ({:.0} MiB of it the \
         mock's account, in the same process)",
        if unlimited { " (no rate limit)" } else { "" },
        run.outcome,
        run.requests,
        stats.requests,
        stats.throttled,
        run.retries,
        run.lines,
        run.resources,
        bill_requests as f64 / f64::from(bill_rate.max(1)),
        status_mib("VmHWM:"),
        mock_mib
    );
    for (action, n) in &stats.by_action {
        println!("  {action}: {n}");
    }
    Ok(())
}

/// The actions that page through bill lines.
fn is_bill_action(action: &str) -> bool {
    [
        "DescribeInstanceBill",
        "DescribeBillDetail",
        "ListCustomerselfResourceRecordDetails",
        "bigquery.jobs",
    ]
    .iter()
    .any(|a| action.contains(a))
}
