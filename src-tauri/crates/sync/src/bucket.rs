//! The bucket route, written once for every provider's object storage:
//! the export's objects are listed (paged), its manifests read, and each
//! billing period's newest delivery (or, without manifests, each data
//! file) becomes a window. A window whose delivery has the signature
//! stored when it last committed is skipped; a different one (a restated
//! period) is fetched again and replaces the window's previous run. Files
//! are spooled to disk as they stream in, never held whole in memory, and
//! handed to the writer, which reads them through the importer's stages.
//! Every request is paced and retried like an API window's.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use cloudlens_providers::bucket::{newest_per_period, Delivery, ObjectInfo};
use cloudlens_providers::{Client, ErrorKind, ProviderError, Window};
use tokio::io::AsyncWriteExt;

use std::collections::HashSet;

use cloudlens_store::{Store, StoreError};

use crate::fetch::{Caller, Failure};
use crate::gather::Shared;
use crate::writer::Msg;

/// A connection's spool folders start with this; its next sync removes
/// the ones a killed run left.
pub fn spool_prefix(connection: &str) -> String {
    format!(".cloudlens-spool-{connection}-")
}

/// One window of the bucket route.
pub struct DeliveryWindow {
    pub window: Window,
    pub key: String,
    pub signature: String,
    pub delivery: Delivery,
}

/// What the listing and the manifests give: the newest delivery of each
/// period, and what could not be read (a failed manifest fails its own
/// period only).
pub struct Listed {
    pub deliveries: Vec<Delivery>,
    pub failures: Vec<ProviderError>,
    /// Data files whose period could not be read from their key.
    pub unplaced: Vec<String>,
}

/// Lists the bucket prefix and reads every manifest, under the objects' rate.
pub async fn list_deliveries(client: &Client, caller: &Caller<'_>) -> Result<Listed, Failure> {
    let mut objects: Vec<ObjectInfo> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let (page, _) = caller
            .call_objects(|| client.list_objects(cursor.as_deref()))
            .await;
        let page = page?;
        objects.extend(page.objects);
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let mut deliveries = Vec::new();
    let mut failures = Vec::new();
    for manifest in client.manifests(&objects) {
        let (read, _) = caller
            .call_objects(|| client.read_object(&manifest.key))
            .await;
        match read.and_then(|(bytes, _)| {
            client
                .delivery(&manifest, &bytes, &objects)
                .map_err(Failure::Provider)
        }) {
            Ok(d) => deliveries.push(d),
            Err(Failure::Cancelled) => return Err(Failure::Cancelled),
            Err(Failure::Provider(e)) => failures.push(e),
        }
    }
    let (loose, unplaced) = client.deliveries_without_manifest(&objects);
    deliveries.extend(loose);
    Ok(Listed {
        deliveries: newest_per_period(deliveries),
        failures,
        unplaced,
    })
}

/// The deliveries of periods from `from` to `to` (`YYYY-MM`, inclusive)
/// that are not in the store as they are now: a window done with the same
/// signature is skipped (counted), any other is fetched.
pub fn plan_deliveries(
    store: &Store,
    connection: &str,
    account: &str,
    deliveries: Vec<Delivery>,
    (from, to): (&str, &str),
    done: &HashSet<String>,
) -> Result<(Vec<DeliveryWindow>, u32), StoreError> {
    let mut todo = Vec::new();
    let mut skipped = 0;
    for delivery in deliveries {
        if delivery.period.as_str() < from || delivery.period.as_str() > to {
            continue;
        }
        let key = delivery.window_key(account);
        let signature = delivery.signature();
        if done.contains(&key)
            && store.sync().month_totals(connection, &key)?.as_deref() == Some(signature.as_str())
        {
            skipped += 1;
            continue;
        }
        todo.push(DeliveryWindow {
            window: Window {
                billing_account: account.to_string(),
                month: delivery.period.clone(),
                day: None,
            },
            key,
            signature,
            delivery,
        });
    }
    Ok((todo, skipped))
}

/// Streams one object into `path`, checking its size against the listing.
async fn download(client: &Client, file: &ObjectInfo, path: &Path) -> Result<u64, ProviderError> {
    let io = |e: std::io::Error| {
        ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("cannot write the spooled file {}: {e}", path.display()),
        )
    };
    let mut body = client.open_object(&file.key).await?;
    let mut out = tokio::fs::File::create(path).await.map_err(io)?;
    let mut written = 0u64;
    while let Some(chunk) = body.chunk().await? {
        out.write_all(&chunk).await.map_err(io)?;
        written += chunk.len() as u64;
    }
    out.flush().await.map_err(io)?;
    if written != file.size {
        return Err(ProviderError::new(
            ErrorKind::ServerError,
            format!("{} ended after {written} of {} bytes", file.key, file.size),
        ));
    }
    Ok(written)
}

/// A spooled delivery for the writer: the files in the manifest's order.
pub struct Spooled {
    /// Holds the spool folder until the delivery is written (removed on drop).
    pub _dir: tempfile::TempDir,
    pub files: Vec<(PathBuf, ObjectInfo)>,
}

/// Every file of one delivery spooled; `None` when cancelled.
pub async fn fetch_delivery(
    client: &Client,
    shared: &Shared<'_>,
    (spool, prefix): (&Path, &str),
    dw: DeliveryWindow,
) -> Option<Msg> {
    shared.set_stage(format!("bills {} (export)", dw.delivery.period));
    let failed = |error: ProviderError, attempts: u32, dw: DeliveryWindow| {
        Some(Msg::WindowFailed {
            window: dw.window,
            key: Some(dw.key),
            error,
            attempts,
        })
    };
    let dir = match tempfile::Builder::new().prefix(prefix).tempdir_in(spool) {
        Ok(d) => d,
        Err(e) => {
            let error = ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("cannot make a spool folder in {}: {e}", spool.display()),
            );
            return failed(error, 0, dw);
        }
    };
    let mut files = Vec::with_capacity(dw.delivery.files.len());
    let mut attempts = 0;
    for (i, file) in dw.delivery.files.iter().enumerate() {
        let name = file.key.rsplit('/').next().unwrap_or("part");
        let path = dir.path().join(format!("{:05}-{name}", i + 1));
        let (got, n) = shared
            .caller
            .call_objects(|| download(client, file, &path))
            .await;
        attempts += n;
        match got {
            Ok(bytes) => {
                shared.counters.bytes.fetch_add(bytes, Ordering::Relaxed);
                files.push((path, file.clone()));
            }
            Err(Failure::Cancelled) => return None,
            Err(Failure::Provider(e)) => return failed(e, attempts, dw),
        }
    }
    Some(Msg::Delivery {
        window: dw.window,
        key: dw.key,
        signature: dw.signature,
        spooled: Spooled { _dir: dir, files },
        attempts,
    })
}

/// Removes spool folders a killed run left behind.
pub fn clear_stale_spools(spool: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(spool) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
