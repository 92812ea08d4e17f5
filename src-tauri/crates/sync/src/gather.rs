//! What a run fetches once its windows are planned: the bills of every
//! window, and alongside them (each family of APIs has its own quota) the
//! inventory per region × kind followed by the CPU utilisation of the
//! instances found. Everything fetched goes to the writer as messages.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use cloudlens_providers::{ApiFamily, Client, InventoryKind, Window};
use futures_util::stream::{self, StreamExt};
use tokio::sync::mpsc::Sender;

use crate::bucket::{fetch_delivery, DeliveryWindow};
use crate::engine::{Progress, SyncOptions};
use crate::fetch::{Caller, Counters, Failure};
use crate::writer::{Msg, Page};

pub(crate) struct Shared<'a> {
    pub(crate) caller: Caller<'a>,
    pub(crate) counters: &'a Counters,
    /// What the bills are at; shown while they run.
    stage: Mutex<String>,
    /// What the inventory side is at; shown once the bills are done.
    side_stage: Mutex<String>,
    bills_running: AtomicBool,
    windows_total: u32,
    connection: String,
    progress: &'a (dyn Fn(&Progress) + Sync),
}

fn text_of(m: &Mutex<String>) -> String {
    m.lock().map(|s| s.clone()).unwrap_or_default()
}

fn put(m: &Mutex<String>, s: String) {
    if let Ok(mut g) = m.lock() {
        *g = s;
    }
}

impl<'a> Shared<'a> {
    pub(crate) fn new(
        caller: Caller<'a>,
        counters: &'a Counters,
        windows_total: u32,
        connection: String,
        progress: &'a (dyn Fn(&Progress) + Sync),
    ) -> Self {
        Self {
            caller,
            counters,
            stage: Mutex::new(String::from("planning")),
            side_stage: Mutex::new(String::new()),
            bills_running: AtomicBool::new(true),
            windows_total,
            connection,
            progress,
        }
    }

    pub(crate) fn report(&self) {
        let c = self.counters;
        let side = text_of(&self.side_stage);
        let stage = if self.bills_running.load(Ordering::Relaxed) || side.is_empty() {
            text_of(&self.stage)
        } else {
            side
        };
        (self.progress)(&Progress {
            connection: self.connection.clone(),
            windows_done: c.windows_done.load(Ordering::Relaxed) as u32,
            windows_total: self.windows_total,
            requests: c.requests.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            lines: c.lines.load(Ordering::Relaxed),
            resources: c.resources.load(Ordering::Relaxed),
            bytes: c.bytes.load(Ordering::Relaxed),
            stage,
        });
    }

    pub(crate) fn set_stage(&self, s: String) {
        put(&self.stage, s);
        self.report();
    }

    fn set_side_stage(&self, s: String) {
        put(&self.side_stage, s);
        self.report();
    }
}

async fn send_all(tx: &Sender<Msg>, msg: Option<Msg>) {
    if let Some(m) = msg {
        let _ = tx.send(m).await;
    }
}

/// What the bills side fetches: API windows, or bucket deliveries spooled
/// under a folder with the connection's prefix.
pub(crate) enum Bills {
    Api(Vec<Window>),
    Bucket {
        deliveries: Vec<DeliveryWindow>,
        spool: std::path::PathBuf,
        prefix: String,
    },
}

/// Bills for every window, side by side with inventory then utilisation.
pub(crate) async fn fetch_all(
    client: &Client,
    shared: &Shared<'_>,
    work: Bills,
    opts: &SyncOptions,
    tx: Sender<Msg>,
) {
    let in_flight = opts.windows_in_flight.clamp(1, opts.concurrency.max(1));
    let bills = async {
        match work {
            Bills::Api(windows) => {
                stream::iter(windows)
                    .map(|w| fetch_window(client, shared, w))
                    .buffer_unordered(in_flight)
                    .for_each(|msg| send_all(&tx, msg))
                    .await
            }
            Bills::Bucket {
                deliveries,
                spool,
                prefix,
            } => {
                stream::iter(deliveries)
                    .map(|d| fetch_delivery(client, shared, (&spool, &prefix), d))
                    .buffer_unordered(in_flight)
                    .for_each(|msg| send_all(&tx, msg))
                    .await
            }
        }
        shared.bills_running.store(false, Ordering::Relaxed);
        shared.report();
    };
    let side = async {
        if opts.inventory {
            fetch_inventory_side(client, shared, opts, &tx).await;
        }
        put(&shared.side_stage, String::new());
    };
    tokio::join!(bills, side);
}

/// Inventory per region × kind, then utilisation of the instances found.
async fn fetch_inventory_side(
    client: &Client,
    shared: &Shared<'_>,
    opts: &SyncOptions,
    tx: &Sender<Msg>,
) {
    let n = opts.concurrency.max(1);
    if shared.caller.cancelled() {
        return;
    }
    shared.set_side_stage("inventory".into());
    let (regions, _) = shared
        .caller
        .call(ApiFamily::Inventory, || client.regions())
        .await;
    let regions = match regions {
        Ok(r) => r,
        Err(Failure::Cancelled) => return,
        Err(f) => {
            let _ = tx.send(Msg::OtherFailed(f.provider())).await;
            return;
        }
    };
    let jobs: Vec<(String, InventoryKind)> = regions
        .iter()
        .flat_map(|r| {
            client
                .inventory_kinds()
                .iter()
                .map(move |k| (r.clone(), *k))
        })
        .collect();
    let instances: Vec<(String, Vec<String>)> = stream::iter(jobs)
        .map(|(region, kind)| fetch_inventory(client, shared, region, kind))
        .buffer_unordered(n)
        .then(|(msg, ids)| async move {
            send_all(tx, msg).await;
            ids
        })
        .collect()
        .await;
    let batch = opts.utilisation_batch.min(client.utilisation_batch());
    if opts.utilisation_days == 0 || batch == 0 || shared.caller.cancelled() {
        return;
    }
    shared.set_side_stage("utilisation".into());
    let to = opts.today;
    let from = to - chrono::Duration::days(i64::from(opts.utilisation_days));
    let batches: Vec<(String, Vec<String>)> = instances
        .into_iter()
        .flat_map(|(region, ids)| {
            ids.chunks(batch)
                .map(|c| (region.clone(), c.to_vec()))
                .collect::<Vec<_>>()
        })
        .collect();
    stream::iter(batches)
        .map(|(region, ids)| async move {
            let (r, _) = shared
                .caller
                .call(ApiFamily::Monitor, || {
                    client.utilisation(&region, &ids, from, to)
                })
                .await;
            match r {
                Ok(points) => Some(Msg::Util(points)),
                Err(Failure::Cancelled) => None,
                Err(f) => Some(Msg::OtherFailed(f.provider())),
            }
        })
        .buffer_unordered(n)
        .for_each(|msg| send_all(tx, msg))
        .await;
}

/// Every page of one window; `None` when cancelled (the window stays as it was).
async fn fetch_window(client: &Client, shared: &Shared<'_>, window: Window) -> Option<Msg> {
    shared.set_stage(format!(
        "bills {}",
        window
            .day
            .map_or_else(|| window.month.clone(), |d| d.to_string())
    ));
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    let mut attempts = 0;
    loop {
        let (page, n) = shared
            .caller
            .call(ApiFamily::Bills, || {
                client.bill_page(&window, cursor.as_deref())
            })
            .await;
        attempts += n;
        match page {
            Ok(p) => {
                pages.push(Page {
                    request_id: p.request_id,
                    lines: p.lines,
                });
                match p.next {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
            Err(Failure::Cancelled) => return None,
            Err(Failure::Provider(error)) => {
                return Some(Msg::WindowFailed {
                    window,
                    key: None,
                    error,
                    attempts,
                })
            }
        }
    }
    Some(Msg::Window {
        window,
        pages,
        attempts,
    })
}

/// Every page of one region's resources of one kind, and the instance ids
/// among them (for utilisation).
async fn fetch_inventory(
    client: &Client,
    shared: &Shared<'_>,
    region: String,
    kind: InventoryKind,
) -> (Option<Msg>, (String, Vec<String>)) {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let (page, _) = shared
            .caller
            .call(ApiFamily::Inventory, || {
                client.inventory_page(kind, &region, cursor.as_deref())
            })
            .await;
        match page {
            Ok(p) => {
                items.extend(p.items);
                match p.next {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
            Err(Failure::Cancelled) => return (None, (region, Vec::new())),
            Err(Failure::Provider(e)) => return (Some(Msg::OtherFailed(e)), (region, Vec::new())),
        }
    }
    let ids: Vec<String> = items
        .iter()
        .filter(|r| r.kind == InventoryKind::Instance)
        .map(|r| r.id.clone())
        .collect();
    (
        Some(Msg::Inventory {
            region: region.clone(),
            kind,
            items,
        }),
        (region, ids),
    )
}
