//! What a store holds, as JSON: runs, totals, a digest of every line, rules,
//! rates, views, connections (with the sealed secret), sync state, inventory
//! and settings. The fixture maker (`cloudlens-api` example
//! `make_store_fixture`) records this with the build that wrote the fixture;
//! the upgrade test reads the same facts with this build and compares, so a
//! migration that loses or changes anything fails.

use std::collections::BTreeMap;

use cloudlens_model::{CostLine, Decimal};
use cloudlens_store::{LineFilter, SecretHome, Store, StoreError};
use serde_json::{json, Value};

/// FNV-1a, 64 bits: a stable digest with no extra dependency.
fn fnv(hash: &mut u64, text: &str) {
    for b in text.bytes().chain([0u8]) {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x100_0000_01b3);
    }
}

fn line_text(l: &CostLine) -> String {
    let d = &l.dims;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: &Option<Decimal>| v.map(|x| x.to_string()).unwrap_or_default();
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:?}|{}|{}",
        l.billing_period_start,
        l.billing_period_end,
        l.charge_period_start,
        l.charge_period_end,
        l.billed_cost,
        l.effective_cost,
        l.list_cost,
        l.contracted_cost,
        n(&l.pricing_quantity),
        n(&l.consumed_quantity),
        n(&l.list_unit_price),
        n(&l.contracted_unit_price),
        d.provider_name,
        d.billing_account_id,
        o(&d.sub_account_id),
        d.billing_currency,
        d.service_name,
        d.charge_category.as_str(),
        o(&d.region_id),
        o(&d.resource_id),
        o(&d.sku_id),
        o(&d.commitment_discount_id),
        d.tags,
        o(&l.invoice_id),
        o(&l.extras),
    )
}

/// Every line in import order, folded into one digest, with the count and
/// the billed sum per currency so a mismatch says where to look.
fn lines(store: &Store) -> Value {
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let mut billed: BTreeMap<String, Decimal> = BTreeMap::new();
    let count = store
        .lines()
        .scan_lines(&LineFilter::default(), |l| {
            fnv(&mut digest, &line_text(&l));
            *billed.entry(l.dims.billing_currency.clone()).or_default() += l.billed_cost;
            Ok::<(), StoreError>(())
        })
        .expect("scan lines");
    let billed: BTreeMap<String, String> = billed
        .into_iter()
        .map(|(c, v)| (c, v.to_string()))
        .collect();
    json!({ "count": count, "digest": format!("{digest:016x}"), "billed": billed })
}

pub fn facts(store: &Store, connection: &str) -> Value {
    let runs: Vec<Value> = store
        .lines()
        .runs()
        .expect("runs")
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "kind": r.kind.as_str(), "source": r.source, "format": r.format,
                "started_at": r.started_at, "finished_at": r.finished_at, "lines": r.lines,
                "lines_imported": r.lines_imported, "content_hash": r.content_hash,
                "report": r.report, "restated_by": r.restated_by,
            })
        })
        .collect();
    let summary: Vec<Value> = store
        .lines()
        .summary()
        .expect("summary")
        .iter()
        .map(|s| {
            json!([
                s.provider,
                s.billing_currency,
                s.month,
                s.billed_cost.to_string(),
                s.effective_cost.to_string(),
                s.list_cost.to_string(),
                s.contracted_cost.to_string(),
                s.lines
            ])
        })
        .collect();
    let rules: Vec<Value> = store
        .allocation()
        .rule_versions()
        .expect("rule versions")
        .iter()
        .map(|v| json!([v.id, v.saved_at, v.note, v.rules]))
        .collect();
    let rates: Vec<Value> = store
        .allocation()
        .exchange_rates()
        .expect("rates")
        .iter()
        .map(|r| json!([r.date, r.from, r.to, r.rate]))
        .collect();
    let views: Vec<Value> = store
        .allocation()
        .saved_views()
        .expect("views")
        .iter()
        .map(|v| json!([v.name, v.link, v.saved_at]))
        .collect();
    let connections: Vec<Value> = store
        .sync()
        .connections()
        .expect("connections")
        .iter()
        .map(|c| json!(format!("{c:?}")))
        .collect();
    let secret = store
        .sync()
        .connection_secret(&SecretHome::Sealed, connection)
        .expect("secret")
        .map(|s| s.to_string());
    let sync_runs: Vec<Value> = store
        .sync()
        .sync_runs(None)
        .expect("sync runs")
        .iter()
        .map(|r| json!(format!("{r:?}")))
        .collect();
    let windows: Vec<Value> = store
        .sync()
        .sync_windows(connection)
        .expect("windows")
        .iter()
        .map(|w| json!(format!("{w:?}")))
        .collect();
    let mut months: Vec<String> = store
        .sync()
        .sync_windows(connection)
        .expect("windows")
        .into_iter()
        .map(|w| w.month)
        .collect();
    months.dedup();
    let month_totals: Vec<Value> = months
        .iter()
        .map(|m| {
            json!([
                m,
                store
                    .sync()
                    .month_totals(connection, m)
                    .expect("month totals")
            ])
        })
        .collect();
    let provenance = store
        .sync()
        .connection_line_provenance(connection)
        .expect("line provenance");
    let inventory: Vec<Value> = store
        .sync()
        .inventory(None)
        .expect("inventory")
        .iter()
        .map(|r| json!(format!("{r:?}")))
        .collect();
    let utilisation = store.sync().utilisation(connection).expect("utilisation");
    json!({
        "line_count": store.lines().line_count().expect("line count"),
        "generation": store.lines().generation().expect("generation"),
        "rollup_mismatches": store.lines().rollup_mismatches().expect("rollup check"),
        "runs": runs,
        "summary": summary,
        "lines": lines(store),
        "rule_versions": rules,
        "exchange_rates": rates,
        "saved_views": views,
        "connections": connections,
        "sealed_secret": secret,
        "sync_runs": sync_runs,
        "sync_windows": windows,
        "month_totals": month_totals,
        "synced_lines": store.sync().connection_lines(connection).expect("connection lines"),
        "synced_lines_without_page": provenance.iter().filter(|(_, p)| p.is_none()).count(),
        "inventory": inventory,
        "utilisation_samples": utilisation.len(),
        "schedule": store.settings().get("sync_every_hours").expect("setting"),
    })
}
