//! The engine against the Azure mock over real HTTP, into a real store
//! file: the API route (the Cost Management query, a daily summary per
//! service and resource group) and the bucket route (an actual-cost export
//! in a Blob Storage container), and one source of truth when both, or a
//! file import of the same month, feed it.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use cloudlens_providers::{
    Client, ClientConfig, ConnectionExtras, Credentials, ProviderKind, Site,
};
use cloudlens_store::{ConnectionRoute, Detail};
use common::*;
use zeroize::Zeroizing;

const TENANT: &str = "72f988bf-0000-4000-8000-00000000aaaa";

static P: Provider = Provider {
    name: "azure",
    key_id: "72f988bf-0000-4000-8000-00000000aaaa/0f1e2d3c-0000-4000-8000-00000000bbbb",
    secret: "mock~azure~client~secret~8f2b61c0a9d34e7f",
    start: cloudlens_mockcloud::azure::start_azure,
    inventory: 30,
};

fn billing_scope() -> String {
    format!(
        "providers/Microsoft.Billing/billingAccounts/{}",
        account().billing_account
    )
}

/// `name` reads the billing account, through the export's container or the query API.
fn route(s: &mut Setup, name: &str, bucket: bool) {
    s.store
        .sources_mut()
        .set_connection_route(
            name,
            &ConnectionRoute {
                source: if bucket { "bucket" } else { "api" }.into(),
                bucket: bucket.then(|| "cloudlensbilling/cost-exports".into()),
                prefix: bucket.then(|| "costs".into()),
                role_arn: Some(billing_scope()),
            },
        )
        .unwrap();
}

fn sync_reconciled(s: &mut Setup, name: &str) -> cloudlens_store::SyncRunRecord {
    let run = sync(&mut s.store, name);
    assert_eq!(run.outcome, "succeeded", "{run:?}");
    assert_eq!(s.mock.stats().bad_signatures, 0, "every token accepted");
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(stored_total(&s.store), cents(expected));
    assert_eq!(s.store.lines().rollup_mismatches().unwrap(), 0);
    run
}

fn resync_changes_nothing(s: &mut Setup, name: &str) {
    let before = line_dump(&s.store);
    let again = sync(&mut s.store, name);
    assert_eq!(again.outcome, "succeeded", "{again:?}");
    assert_eq!(again.windows_done, 0, "{again:?}");
    assert_eq!(line_dump(&s.store), before, "a re-sync changes nothing");
}

#[test]
fn the_query_api_reconciles_to_the_cent_and_resyncs_idempotently() {
    let mut s = setup(&P);
    // No scope named: the one subscription the app registration reads.
    sync_reconciled(&mut s, "c1");
    assert_eq!(s.store.sync().inventory(Some("c1")).unwrap().len(), 30);
    let sources = s.store.sources().scope_sources().unwrap();
    assert!(!sources.is_empty());
    assert!(
        sources
            .iter()
            .all(|o| o.route == "api" && o.detail == Detail::DailySummary && o.active),
        "{sources:?}"
    );
    resync_changes_nothing(&mut s, "c1");
}

#[test]
fn the_export_reconciles_joins_the_inventory_and_resyncs_idempotently() {
    let mut s = setup(&P);
    route(&mut s, "c1", true);
    let run = sync_reconciled(&mut s, "c1");
    assert!(run.lines >= 31 * 30, "{run:?}");
    let joined = s.store.sync().inventory_costs("c1").unwrap();
    assert_eq!(joined.len(), 30, "each resource has cost lines");
    let joined_total: cloudlens_model::Decimal = joined.iter().map(|j| j.3).sum();
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(
        joined_total,
        cents(expected),
        "all spend joins the inventory"
    );
    resync_changes_nothing(&mut s, "c1");

    // A rerun of January restates it: fetched again, the new total, no duplicates.
    let count = line_dump(&s.store).len();
    s.mock.with_account(|a| {
        a.adjustments.push(cloudlens_mockcloud::BillItem {
            resource: 4,
            day: day(2025, 1, 20),
            cents: 5_000,
        })
    });
    let run = sync_reconciled(&mut s, "c1");
    assert_eq!(run.windows_done, 1, "{run:?}");
    assert_eq!(line_dump(&s.store).len(), count);
}

/// The export and the query API feed the same month: the itemised export
/// holds it, the summary is set aside, and the total is counted once.
#[test]
fn an_export_and_the_query_api_of_one_month_do_not_add_up() {
    let mut s = setup(&P);
    let endpoint = s.mock.endpoint();
    route(&mut s, "c1", false);
    add(&mut s.store, &P, "export", &endpoint, P.secret);
    route(&mut s, "export", true);
    sync_reconciled(&mut s, "c1");
    sync_reconciled(&mut s, "export");
    let held = origins_held(&s.store);
    assert!(held.contains(&("bucket".into(), true)), "{held:?}");
    assert!(held.contains(&("api".into(), false)), "{held:?}");
}

/// Downloads January's export as the user would and imports the file.
fn import_januarys_file(s: &mut Setup) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(
        ClientConfig {
            kind: ProviderKind::Azure,
            credentials: Credentials {
                key_id: P.key_id.into(),
                secret: Zeroizing::new(P.secret.into()),
            },
            endpoint: Some(s.mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
            clock,
            extra: ConnectionExtras {
                role_arn: None,
                bucket: Some("cloudlensbilling/cost-exports".into()),
                prefix: Some("costs".into()),
                ..ConnectionExtras::default()
            },
        },
        reqwest::Client::new(),
    );
    let folder = s.dir.path().join("january");
    std::fs::create_dir_all(&folder).unwrap();
    rt.block_on(async {
        let page = client.list_objects(None).await.unwrap();
        for o in page
            .objects
            .iter()
            .filter(|o| o.key.contains("/20250101-20250131/") && o.key.ends_with(".csv.gz"))
        {
            let mut body = client.open_object(&o.key).await.unwrap();
            let mut bytes = Vec::new();
            while let Some(c) = body.chunk().await.unwrap() {
                bytes.extend(c);
            }
            let name = o.key.rsplit('/').next().unwrap();
            std::fs::write(folder.join(name), bytes).unwrap();
        }
    });
    import_file(&mut s.store, &folder);
}

/// A file import of January and a sync of it: the total is counted once,
/// whichever route the sync takes.
#[test]
fn an_imported_month_and_its_sync_are_counted_once() {
    let mut s = setup(&P);
    assert!(P.key_id.starts_with(TENANT));
    import_januarys_file(&mut s);
    let expected = s.mock.with_account(|a| a.month_cents("2025-01"));
    assert_eq!(stored_total(&s.store), cents(expected));
    route(&mut s, "c1", false);
    sync_reconciled(&mut s, "c1");
    let endpoint = s.mock.endpoint();
    add(&mut s.store, &P, "export", &endpoint, P.secret);
    route(&mut s, "export", true);
    sync_reconciled(&mut s, "export");
    let held = origins_held(&s.store);
    assert_eq!(
        held.iter().filter(|(_, active)| *active).count(),
        1,
        "{held:?}"
    );
    assert!(held.contains(&("file".into(), false)), "{held:?}");
}

/// Cancelled before the export's delivery is written, then killed halfway
/// through the pages of the query route: each next sync fetches what is
/// missing and ends as an uninterrupted one.
#[test]
fn cancelled_syncs_resume() {
    let mut s = setup(&P);
    route(&mut s, "c1", true);
    let cancel = AtomicBool::new(true);
    let run = sync_with(&mut s.store, "c1", &options(), &cancel, &|_| {});
    assert_eq!(run.outcome, "cancelled", "{run:?}");
    sync_reconciled(&mut s, "c1");

    let mut t = setup(&P);
    t.mock.set_page_size(20);
    let cancel = AtomicBool::new(false);
    let stop = |p: &cloudlens_sync::Progress| {
        if p.requests >= 4 {
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    };
    let run = sync_with(&mut t.store, "c1", &options(), &cancel, &stop);
    assert_eq!(run.outcome, "cancelled", "{run:?}");
    assert_eq!(stored_total(&t.store), cents(0), "nothing half-written");
    sync_reconciled(&mut t, "c1");
}

fn start_focus_parquet(
    account: cloudlens_mockcloud::Account,
    key_id: &str,
    secret: &str,
) -> std::io::Result<cloudlens_mockcloud::MockCloud> {
    use cloudlens_mockcloud::azure::{
        start_azure_with, AzureMock, BlobFormat, ExportSpec, ExportType,
    };
    let (tenant, client) = key_id.split_once('/').unwrap_or(("t", key_id));
    let mock = AzureMock::new(tenant, client, secret)
        .with_export(ExportSpec::new(ExportType::FocusCost, BlobFormat::Parquet));
    start_azure_with(account, mock)
}

static FOCUS: Provider = Provider {
    name: "azure",
    key_id: "72f988bf-0000-4000-8000-00000000aaaa/0f1e2d3c-0000-4000-8000-00000000bbbb",
    secret: "mock~azure~client~secret~8f2b61c0a9d34e7f",
    start: start_focus_parquet,
    inventory: 30,
};

/// A FOCUS export in Parquet takes the same route through the FOCUS mapper.
#[test]
fn a_focus_export_in_parquet_reconciles_and_joins_the_inventory() {
    let mut s = setup(&FOCUS);
    route(&mut s, "c1", true);
    let run = sync_reconciled(&mut s, "c1");
    assert!(run.lines >= 31 * 30, "{run:?}");
    assert_eq!(s.store.sync().inventory_costs("c1").unwrap().len(), 30);
}
