//! Bucket-route benchmark: one provider's mock holds that provider's bill
//! export in its object store (AWS S3 Data Export, Azure Blob Cost
//! Management export, Alibaba OSS, Tencent COS, Huawei OBS) with RESOURCES
//! resources billing every day for DAYS days of one month, 20 ms latency
//! per request; the bucket route syncs it into a fresh encrypted store.
//!
//! The mock runs in a child process (the same binary with `--serve`), so
//! the peak memory printed is the sync's own. Two runs, each timed: the
//! bill files alone (inventory off), which is what the bucket route is
//! for, then the inventory and utilisation reads the same connection makes
//! next (the month's files are done and skipped), which the client paces
//! at the provider's documented rates. Prints wall time, requests, lines,
//! bytes in the bucket and peak RSS (VmHWM).
//!   bench_bucket PROVIDER [RESOURCES] [DAYS] [native|focus] [bills]
//! (`bills`: the first run only.)

// The app's allocator, so the memory figure is the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::bill_bucket::{BillBucketSpec, BillFile};
use cloudlens_mockcloud::{alibaba, aws, azure, huawei, tencent};
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_providers::{Client, ClientConfig, ConnectionExtras, Credentials, ProviderKind};
use cloudlens_store::ConnectionRoute;
use cloudlens_sync::sync_connection;

mod bench_common;
use bench_common::{clock, options, status_mib, store_with, stored_secret, BenchResult, Target};

/// Rows per delivered file for the exports that split a period into parts.
const ROWS_PER_FILE: usize = 200_000;

/// The connection's key and where its export lives.
struct Connection {
    key_id: &'static str,
    secret: &'static str,
    site: &'static str,
    route: ConnectionRoute,
}

const SECRET: &str = "bench-secret-000000000000001";
const CHINA_KEY_ID: &str = "BENCHKEYID0000000000000001";
const AWS_KEY_ID: &str = "AKIABENCHREADONLY001";
const AZURE_TENANT: &str = "72f988bf-0000-4000-8000-00000000aaaa";
const AZURE_CLIENT: &str = "0f1e2d3c-0000-4000-8000-00000000bbbb";
const AZURE_KEY_ID: &str =
    "72f988bf-0000-4000-8000-00000000aaaa/0f1e2d3c-0000-4000-8000-00000000bbbb";

fn china_bucket(provider: &str) -> &'static str {
    if provider == "tencent" {
        "bench-bills-1250000000"
    } else {
        "bench-bills"
    }
}

fn aws_spec(file: BillFile) -> aws::ExportSpec {
    let table = match file {
        BillFile::Focus => aws::ExportTable::Focus12,
        BillFile::Native => aws::ExportTable::Cur2,
    };
    aws::ExportSpec {
        rows_per_file: ROWS_PER_FILE,
        ..aws::ExportSpec::new(table, aws::FileFormat::CsvGzip)
    }
}

fn azure_spec(file: BillFile) -> azure::ExportSpec {
    let export_type = match file {
        BillFile::Focus => azure::ExportType::FocusCost,
        BillFile::Native => azure::ExportType::ActualCost,
    };
    azure::ExportSpec {
        rows_per_file: ROWS_PER_FILE,
        ..azure::ExportSpec::new(export_type, azure::BlobFormat::CsvGzip)
    }
}

/// The connection reading the export the mock of `provider` serves.
fn connection(provider: &str, file: BillFile, billing_account: &str) -> Connection {
    match provider {
        "aws" => {
            let spec = aws_spec(file);
            Connection {
                key_id: AWS_KEY_ID,
                secret: SECRET,
                site: "international",
                route: ConnectionRoute {
                    source: "bucket".into(),
                    bucket: Some(spec.bucket),
                    prefix: Some(spec.prefix),
                    role_arn: None,
                },
            }
        }
        "azure" => {
            let spec = azure_spec(file);
            Connection {
                key_id: AZURE_KEY_ID,
                secret: SECRET,
                site: "international",
                route: ConnectionRoute {
                    source: "bucket".into(),
                    bucket: Some(format!("{}/{}", spec.storage_account, spec.container)),
                    prefix: Some(spec.prefix),
                    role_arn: Some(format!(
                        "providers/Microsoft.Billing/billingAccounts/{billing_account}"
                    )),
                },
            }
        }
        _ => Connection {
            key_id: CHINA_KEY_ID,
            secret: SECRET,
            site: "china",
            route: ConnectionRoute {
                source: "bucket".into(),
                bucket: Some(china_bucket(provider).into()),
                prefix: Some("bills/".into()),
                role_arn: None,
            },
        },
    }
}

/// The mock of `provider` holding `account`'s export in its object store.
fn start_mock(provider: &str, account: Account, file: BillFile) -> Result<MockCloud, String> {
    let spec = || BillBucketSpec {
        gzip: true,
        ..BillBucketSpec::new(china_bucket(provider), file)
    };
    let mock = match provider {
        "aws" => aws::start_aws_with(
            account,
            aws::AwsMock::new(AWS_KEY_ID, SECRET).with_export(aws_spec(file)),
        ),
        "azure" => azure::start_azure_with(
            account,
            azure::AzureMock::new(AZURE_TENANT, AZURE_CLIENT, SECRET).with_export(azure_spec(file)),
        ),
        "alibaba" => alibaba::start_alibaba_with(
            account,
            alibaba::AlibabaMock::new(CHINA_KEY_ID, SECRET).with_bucket(spec()),
        ),
        "tencent" => tencent::start_tencent_with(
            account,
            tencent::TencentMock::new(CHINA_KEY_ID, SECRET).with_bucket(spec()),
        ),
        "huawei" => huawei::start_huawei_with(
            account,
            huawei::HuaweiMock::new(CHINA_KEY_ID, SECRET).with_bucket(spec()),
        ),
        other => return Err(format!("no bucket route for provider '{other}'")),
    };
    let mock = mock.map_err(|e| e.to_string())?;
    mock.set_clock(clock);
    mock.set_faults(Faults {
        latency: Duration::from_millis(20),
        ..Default::default()
    });
    Ok(mock)
}

/// The child's side: serves the mock, says where and for which billing
/// account, answers `stats` with its counts, and stops when its input
/// closes. A process of its own, so the parent's memory is the sync's alone.
fn serve(provider: &str, account: Account, file: BillFile) -> BenchResult<()> {
    let billing_account = account.billing_account.clone();
    let mock = start_mock(provider, account, file)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} {billing_account}", mock.endpoint())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        if line? == "stats" {
            let stats = mock.stats();
            writeln!(out, "requests {}", stats.requests)?;
            for (action, n) in &stats.by_action {
                writeln!(out, "action {n} {action}")?;
            }
            writeln!(out, "end")?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Requests the mock served, in all and per action.
struct Counts {
    total: u64,
    by_action: Vec<(String, u64)>,
}

/// The mock in its child process.
struct Served {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    endpoint: String,
    billing_account: String,
}

impl Served {
    fn start(args: &[String]) -> BenchResult<Self> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("--serve")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let input = child.stdin.take().ok_or("child stdin")?;
        let mut output = BufReader::new(child.stdout.take().ok_or("child stdout")?);
        let mut first = String::new();
        output.read_line(&mut first)?;
        let (endpoint, billing_account) = first
            .trim()
            .split_once(' ')
            .ok_or("the mock did not start")?;
        Ok(Self {
            endpoint: endpoint.to_string(),
            billing_account: billing_account.to_string(),
            child,
            input,
            output,
        })
    }

    /// Requests served so far, and per action.
    fn stats(&mut self) -> BenchResult<Counts> {
        writeln!(self.input, "stats")?;
        self.input.flush()?;
        let (mut total, mut by_action) = (0, Vec::new());
        loop {
            let mut line = String::new();
            if self.output.read_line(&mut line)? == 0 {
                return Err("the mock stopped".into());
            }
            let line = line.trim();
            if line == "end" {
                return Ok(Counts { total, by_action });
            }
            if let Some(n) = line.strip_prefix("requests ") {
                total = n.parse()?;
            } else if let Some((n, action)) =
                line.strip_prefix("action ").and_then(|r| r.split_once(' '))
            {
                by_action.push((action.to_string(), n.parse()?));
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() -> BenchResult<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let serving = args.first().is_some_and(|a| a == "--serve");
    if serving {
        args.remove(0);
    }
    let provider = args.first().map_or("alibaba", String::as_str).to_string();
    let resources: usize = args.get(1).map_or(Ok(100_000), |s| s.parse())?;
    let days: u32 = args.get(2).map_or(Ok(10), |s| s.parse())?;
    let file = match args.get(3).map(String::as_str) {
        Some("focus") => BillFile::Focus,
        _ => BillFile::Native,
    };
    if serving {
        let account = Account::generate(&AccountSpec {
            seed: 1,
            resources,
            first_day: NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?,
            days,
            currency: if matches!(provider.as_str(), "aws" | "azure") {
                "USD"
            } else {
                "CNY"
            }
            .into(),
        });
        return serve(&provider, account, file);
    }
    let provider = provider.as_str();
    let mut served = Served::start(&args)?;
    let bench = connection(provider, file, &served.billing_account);
    let kind = ProviderKind::parse(provider).ok_or("provider")?;
    let site = if bench.site == "china" {
        cloudlens_providers::Site::China
    } else {
        cloudlens_providers::Site::International
    };
    // The bucket's size, from a listing before the sync.
    let lister = Client::new(
        ClientConfig {
            kind,
            credentials: Credentials {
                key_id: bench.key_id.into(),
                secret: zeroize::Zeroizing::new(bench.secret.into()),
            },
            endpoint: Some(served.endpoint.clone()),
            region: None,
            site,
            timeout: Duration::from_secs(600),
            clock,
            extra: ConnectionExtras {
                role_arn: bench.route.role_arn.clone(),
                bucket: bench.route.bucket.clone(),
                prefix: bench.route.prefix.clone(),
                ..ConnectionExtras::default()
            },
        },
        reqwest::Client::new(),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut bytes = 0u64;
    let mut cursor: Option<String> = None;
    loop {
        let page = rt.block_on(lister.list_objects(cursor.as_deref()))?;
        bytes += page.objects.iter().map(|o| o.size).sum::<u64>();
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    drop((lister, rt));
    let listing_requests = served.stats()?.total;
    let before_sync = status_mib("VmHWM:");

    let dir = tempfile::tempdir()?;
    let (mut store, conn) = store_with(
        &dir,
        &Target {
            provider,
            key_id: bench.key_id,
            secret: bench.secret,
            endpoint: served.endpoint.clone(),
            site: bench.site,
            route: &bench.route,
        },
    )?;
    let mut opts = options()?;
    opts.request_clock = clock;
    opts.timeout = Duration::from_secs(600);
    opts.spool_dir = Some(dir.path().to_path_buf());
    let rates = cloudlens_sync::build_client(
        &conn,
        &bench.route,
        zeroize::Zeroizing::new(bench.secret.into()),
        opts.timeout,
        clock,
    )?
    .rate_limit();
    println!(
        "{provider} bucket ({file:?}, gzipped CSV, {:.1} MiB in the bucket; the mock serves from \
         another process; this one peaked at {before_sync:.0} MiB before the sync)",
        bytes as f64 / 1_048_576.0
    );
    let bills_only = args.get(4).is_some_and(|a| a == "bills");
    let phases: &[(&str, bool)] = if bills_only {
        &[("bills", false)]
    } else {
        &[("bills", false), ("inventory", true)]
    };
    for &(phase, inventory) in phases {
        opts.inventory = inventory;
        let secret = stored_secret(&store)?;
        let before = served.stats()?.total;
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
        let at_mock = served.stats()?.total - before;
        // The client paces inventory and monitoring reads at the
        // provider's documented rates; their sum bounds the time from below
        // when both run side by side.
        let floor = if inventory {
            format!(
                "; paced at {} inventory and {} monitoring reads/s, floor {:.0} s",
                rates.inventory,
                rates.monitor,
                at_mock as f64 / f64::from((rates.inventory + rates.monitor).max(1))
            )
        } else {
            String::new()
        };
        println!(
            "  {phase}: {} in {secs:.1} s; {} requests ({at_mock} at the mock), {} retries; \
             {} windows, {} lines, {} resources{floor}; peak RSS so far {:.0} MiB",
            run.outcome,
            run.requests,
            run.retries,
            run.windows_done,
            run.lines,
            run.resources,
            status_mib("VmHWM:"),
        );
        if let Some(m) = &run.message {
            println!("    {m}");
        }
    }
    let counts = served.stats()?;
    println!("  requests by action (the {listing_requests} of the size listing included):");
    for (action, n) in &counts.by_action {
        println!("    {action}: {n}");
    }
    Ok(())
}
