//! One sync of one connection: check the key, plan the windows, fetch bills
//! and inventory concurrently under the rate limit, write through the one
//! writer thread, and record the run and the connection's status.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_providers::{
    add_month_totals, ApiFamily, Client, MonthTotal, ProviderError, RateLimit, Window,
};
use cloudlens_store::{
    Auditor, ConnectionError, ConnectionRecord, ConnectionUpdate, Detail, Route, Store, StoreError,
    SyncRunRecord,
};
use zeroize::Zeroizing;

use crate::bucket::{clear_stale_spools, list_deliveries, plan_deliveries, spool_prefix};
use crate::fetch::{Buckets, Caller, Counters, Failure, Retry};
use crate::gather::{fetch_all, Bills, Shared};
use crate::months::{add_months, month_text, months_between, parse_month};
use crate::plan::{choose, month_windows, totals_text};
use crate::status::{error_text, status_of_error, Status};
use crate::writer::{MonthTrack, Msg, Writer};

#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// `YYYY-MM`; default: three months before `today`'s.
    pub from: Option<String>,
    /// `YYYY-MM` inclusive; default: `today`'s month.
    pub to: Option<String>,
    pub today: NaiveDate,
    /// Stamps the run and the connection's status.
    pub clock: fn() -> i64,
    /// Dates the provider requests: the machine's clock
    /// ([`crate::system_clock`]) unless a test serves a mock on another.
    pub request_clock: fn() -> i64,
    /// Requests in flight at once (the token bucket still caps the rate).
    pub concurrency: usize,
    /// Bill windows fetched at once: each is held in memory until its last
    /// page (it commits as one transaction), so this bounds memory.
    pub windows_in_flight: usize,
    pub max_attempts: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Days of CPU utilisation read per instance (0: none). The default is
    /// what rightsizing reads at most (it says nothing under 14 days).
    pub utilisation_days: u32,
    /// Instances per utilisation request, at most (the provider may take fewer).
    pub utilisation_batch: usize,
    pub inventory: bool,
    /// Rates other than the provider's documented ones (a private endpoint
    /// with its own quota, or a benchmark of the engine itself).
    pub rate_limit: Option<RateLimit>,
    /// Signs the audit entry of every window whose lines changed.
    pub auditor: Arc<Auditor>,
    /// Where bucket deliveries are spooled while they are read (deleted
    /// after each window); the store's folder when `None`.
    pub spool_dir: Option<std::path::PathBuf>,
}

impl SyncOptions {
    pub fn new(today: NaiveDate, clock: fn() -> i64, auditor: Arc<Auditor>) -> Self {
        Self {
            auditor,
            from: None,
            to: None,
            today,
            clock,
            request_clock: crate::system_clock,
            concurrency: 8,
            windows_in_flight: 4,
            max_attempts: 6,
            backoff_base: Duration::from_millis(200),
            backoff_cap: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            utilisation_days: 30,
            utilisation_batch: 50,
            inventory: true,
            rate_limit: None,
            spool_dir: None,
        }
    }
}

/// A snapshot for progress bars and events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub connection: String,
    pub windows_done: u32,
    pub windows_total: u32,
    pub requests: u64,
    pub retries: u64,
    pub lines: u64,
    pub resources: u64,
    /// Bytes of bill files downloaded (the bucket route).
    pub bytes: u64,
    pub stage: String,
}

/// Why a sync could not even start.
#[derive(Debug)]
pub enum SyncError {
    BadInput(String),
    Store(StoreError),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::BadInput(m) => f.write_str(m),
            SyncError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SyncError {}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store(e)
    }
}

fn month_arg(s: Option<&str>, default: (i32, u32), name: &str) -> Result<(i32, u32), SyncError> {
    match s {
        None => Ok(default),
        Some(t) => parse_month(t).ok_or_else(|| {
            SyncError::BadInput(format!("--{name} '{t}' is not a month (expected YYYY-MM)"))
        }),
    }
}

/// Syncs one connection into `store`. Provider failures are not errors
/// here: they end up in the returned run (outcome, message) and in the
/// connection's status; `Err` means the run could not start or record.
pub fn sync_connection(
    store: &mut Store,
    conn: &ConnectionRecord,
    secret: Zeroizing<String>,
    opts: &SyncOptions,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<SyncRunRecord, SyncError> {
    let this_month = parse_month(&crate::months::month_of(opts.today))
        .ok_or_else(|| SyncError::BadInput("today is not a date".into()))?;
    let from = month_arg(opts.from.as_deref(), add_months(this_month, -3), "from")?;
    let to = month_arg(opts.to.as_deref(), this_month, "to")?;
    if from > to {
        return Err(SyncError::BadInput(format!(
            "--from {} is after --to {}",
            month_text(from),
            month_text(to)
        )));
    }
    let started = (opts.clock)();
    let mut run = SyncRunRecord {
        id: store.sync_mut().begin_sync_run(&conn.name, started)?,
        connection: conn.name.clone(),
        started_at: started,
        outcome: "running".into(),
        ..Default::default()
    };
    store.sync_mut().update_connection(
        &conn.name,
        &ConnectionUpdate {
            status: Status::Syncing.as_str().into(),
            billing_account: None,
            success_at: None,
            error: None,
        },
    )?;
    let counters = Counters::default();
    let result = sync_inner(
        store,
        conn,
        secret,
        opts,
        cancel,
        progress,
        &counters,
        (from, to),
        &mut run,
    );
    run.finished_at = Some((opts.clock)());
    run.requests = counters.requests.load(Ordering::Relaxed);
    run.retries = counters.retries.load(Ordering::Relaxed);
    run.lines = counters.lines.load(Ordering::Relaxed);
    run.resources = counters.resources.load(Ordering::Relaxed);
    run.windows_done = counters.windows_done.load(Ordering::Relaxed) as u32;
    let now = (opts.clock)();
    let error_of = |e: &ProviderError, status: Status| ConnectionError {
        at: now,
        status: status.as_str().into(),
        message: error_text(e),
        request_id: e.request_id.clone(),
    };
    let (status, success_at, error, account) = match result {
        Ok(End {
            failure: None,
            account,
        }) => {
            run.outcome = "succeeded".into();
            (Status::UpToDate, Some(now), None, account)
        }
        Ok(End {
            failure: Some(_),
            account,
        }) if cancel.load(Ordering::Relaxed) => {
            run.outcome = "cancelled".into();
            run.message = Some("cancelled; finished windows are kept".into());
            let previous = Status::parse(&conn.status)
                .filter(|s| *s != Status::Syncing)
                .unwrap_or(Status::NotSynced);
            (previous, None, None, account)
        }
        Ok(End {
            failure: Some(e),
            account,
        }) => {
            let nothing = run.windows_done == 0 && run.resources == 0;
            run.outcome = if nothing { "failed" } else { "partial" }.into();
            run.message = Some(error_text(&e));
            let status = if nothing {
                status_of_error(&e)
            } else {
                Status::PartialData
            };
            (status, None, Some(error_of(&e, status)), account)
        }
        Err(e) => {
            run.outcome = "failed".into();
            run.message = Some(e.to_string());
            (
                Status::PartialData,
                None,
                Some(ConnectionError {
                    at: now,
                    status: Status::PartialData.as_str().into(),
                    message: e.to_string(),
                    request_id: None,
                }),
                None,
            )
        }
    };
    store.sync_mut().save_sync_run(&run)?;
    store.sync_mut().update_connection(
        &conn.name,
        &ConnectionUpdate {
            status: status.as_str().into(),
            billing_account: account,
            success_at,
            error,
        },
    )?;
    Ok(run)
}

struct End {
    /// The first failure, when anything failed.
    failure: Option<ProviderError>,
    account: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn sync_inner(
    store: &mut Store,
    conn: &ConnectionRecord,
    secret: Zeroizing<String>,
    opts: &SyncOptions,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&Progress) + Sync),
    counters: &Counters,
    (from, to): ((i32, u32), (i32, u32)),
    run: &mut SyncRunRecord,
) -> Result<End, StoreError> {
    let route = store.sources().connection_route(&conn.name)?;
    let bucket = route.source == "bucket";
    let client = match crate::build_client(conn, &route, secret, opts.timeout, opts.request_clock) {
        Ok(c) => c,
        Err(e) => {
            return Ok(End {
                failure: Some(e),
                account: None,
            })
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return Ok(End {
                failure: Some(ProviderError::new(
                    cloudlens_providers::ErrorKind::Unreachable,
                    e.to_string(),
                )),
                account: None,
            })
        }
    };
    let caller = Caller {
        buckets: Buckets::with_objects(
            opts.rate_limit.unwrap_or_else(|| client.rate_limit()),
            client.object_rate().max(1),
        ),
        retry: Retry {
            max_attempts: opts.max_attempts.max(1),
            base: opts.backoff_base,
            cap: opts.backoff_cap,
        },
        cancel,
        counters,
    };

    // The key first: nothing else is worth trying without it.
    let (info, _) = rt.block_on(caller.call(ApiFamily::Bills, || client.check()));
    let info = match info {
        Ok(i) => i,
        Err(f) => {
            return Ok(End {
                failure: Some(f.provider()),
                account: None,
            })
        }
    };
    let account = info.billing_account.clone();

    // Plan: provider totals for closed months, restated months invalidated.
    let previous_month = add_months(parse_month(&crate::month_of(opts.today)).unwrap_or(to), -1);
    let stored = store.sync().sync_windows(&conn.name)?;
    let done: HashSet<String> = stored
        .iter()
        .filter(|w| w.state == "done")
        .map(|w| w.key.clone())
        .collect();
    let previous: HashMap<String, i64> = stored
        .iter()
        .filter_map(|w| w.run_id.map(|r| (w.key.clone(), r)))
        .collect();
    let mut failure: Option<ProviderError> = None;
    let mut todo: Vec<Window> = Vec::new();
    let mut months: HashMap<String, MonthTrack> = HashMap::new();
    let mut deliveries = Vec::new();
    let spool = opts
        .spool_dir
        .clone()
        .or_else(|| store.path().parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default();
    let prefix = spool_prefix(&conn.name);
    if bucket {
        clear_stale_spools(&spool, &prefix);
        match rt.block_on(list_deliveries(&client, &caller)) {
            Ok(listed) => {
                for e in listed.failures {
                    failure.get_or_insert(e);
                }
                if !listed.unplaced.is_empty() {
                    failure.get_or_insert(ProviderError::new(
                        cloudlens_providers::ErrorKind::BadResponse,
                        format!(
                            "{} bill files name no billing period, the first {}",
                            listed.unplaced.len(),
                            listed.unplaced[0]
                        ),
                    ));
                }
                let range = (month_text(from), month_text(to));
                let (planned, skipped) = plan_deliveries(
                    store,
                    &conn.name,
                    &account,
                    listed.deliveries,
                    (&range.0, &range.1),
                    &done,
                )?;
                run.windows_skipped += skipped;
                deliveries = planned;
            }
            Err(Failure::Cancelled) => {}
            Err(f) => {
                return Ok(End {
                    failure: Some(f.provider()),
                    account: Some(account),
                })
            }
        }
    }
    for month in months_between(from, to).into_iter().filter(|_| !bucket) {
        let text = month_text(month);
        let provisional = month >= previous_month;
        let windows = month_windows(&account, month, opts.today, client.bills_by_day());
        let mut restated = false;
        let mut totals = None;
        if !provisional && !windows.is_empty() {
            match rt.block_on(month_total(&client, &caller, &text)) {
                Ok(t) => {
                    let now = totals_text(&t);
                    let before = store.sync().month_totals(&conn.name, &text)?;
                    restated = before.as_ref().is_some_and(|b| *b != now);
                    if restated {
                        store.sync_mut().invalidate_month(&conn.name, &text)?;
                    }
                    totals = Some(now);
                }
                Err(Failure::Cancelled) => break,
                Err(f) => {
                    failure.get_or_insert(f.provider());
                }
            }
        }
        let (fetch, skipped) = choose(windows, provisional, restated, &done);
        run.windows_skipped += skipped;
        if fetch.is_empty() {
            if let Some(t) = &totals {
                store.sync_mut().set_month_totals(&conn.name, &text, t)?;
            }
        } else {
            months.insert(
                text,
                MonthTrack {
                    left: fetch.len(),
                    failed: false,
                    totals,
                },
            );
        }
        todo.extend(fetch);
    }

    let shared = Shared::new(
        caller,
        counters,
        (todo.len() + deliveries.len()) as u32 + run.windows_skipped,
        conn.name.clone(),
        progress,
    );
    let writer = Writer {
        store,
        connection: conn.name.clone(),
        provider: conn.provider.clone(),
        sync_run: run.id,
        clock: opts.clock,
        auditor: &opts.auditor,
        previous,
        months,
        route: if bucket { Route::Bucket } else { Route::Api },
        // Cost Explorer and the Cost Management query state daily totals
        // by service and account or resource group only.
        detail: if !bucket && matches!(conn.provider.as_str(), "aws" | "azure") {
            Detail::DailySummary
        } else {
            Detail::Itemised
        },
        this_month: crate::month_of(opts.today),
        cancel,
    };
    let work = if bucket {
        Bills::Bucket {
            deliveries,
            spool,
            prefix,
        }
    } else {
        Bills::Api(todo)
    };
    // Finished windows waiting for the writer are held in memory too.
    let (tx, rx) = tokio::sync::mpsc::channel::<Msg>(opts.windows_in_flight.max(1));
    let report = || shared.report();
    let report: &(dyn Fn() + Sync) = &report;
    let summary = std::thread::scope(|scope| {
        let handle = scope.spawn(move || writer.run(rx, counters, report));
        rt.block_on(fetch_all(&client, &shared, work, opts, tx));
        handle.join()
    });
    let summary = summary.unwrap_or_default();
    run.windows_failed = summary.windows_failed;
    if let Some(e) = summary.first_error {
        failure.get_or_insert(e);
    }
    if let Some(e) = summary.store_error {
        failure.get_or_insert(ProviderError::new(
            cloudlens_providers::ErrorKind::InvalidRequest,
            format!("the store refused a write: {e}"),
        ));
    }
    if cancel.load(Ordering::Relaxed) {
        failure.get_or_insert(ProviderError::new(
            cloudlens_providers::ErrorKind::InvalidRequest,
            "cancelled",
        ));
    }
    Ok(End {
        failure,
        account: Some(account),
    })
}

/// The provider's total for `month`, page by page under the bills' rate
/// limit and retries.
async fn month_total(
    client: &Client,
    caller: &Caller<'_>,
    month: &str,
) -> Result<Vec<MonthTotal>, Failure> {
    let mut sums = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let (page, _) = caller
            .call(ApiFamily::Bills, || {
                client.month_total_page(month, cursor.as_deref())
            })
            .await;
        let page = page?;
        add_month_totals(&mut sums, page.totals);
        match page.next {
            Some(n) => cursor = Some(n),
            None => return Ok(sums),
        }
    }
}
