//! The demo's inventory and utilisation, written beside its lines when the
//! demo loads and removed with it, under the `demo` connection name.

use cloudlens_demo::{DemoOptions, DEMO_CONNECTION};
use cloudlens_store::{InventoryExtra, InventoryRow, Store, UtilisationRecord};

use crate::{ApiError, ErrorCode};

/// Replaces the demo's inventory with the one of `opts`, in one transaction.
pub(crate) fn write_demo_inventory(store: &mut Store, opts: &DemoOptions) -> Result<(), ApiError> {
    let inv = cloudlens_demo::inventory(opts);
    let mut rows = Vec::with_capacity(inv.resources.len());
    for r in inv.resources {
        let tags = serde_json::to_string(&r.tags)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        rows.push((
            InventoryRow {
                provider: r.provider.to_string(),
                kind: r.kind.to_string(),
                id: r.id,
                name: r.name,
                region: r.region,
                state: r.state.to_string(),
                size: r.size,
                tags,
                created_at: Some(r.created_at),
                last_seen: inv.seen_at,
            },
            InventoryExtra {
                attached: r.attached,
                attached_to: r.attached_to,
                billing_mode: Some(r.billing_mode.to_string()),
                expires_at: r.expires_at,
                auto_renew: r.auto_renew,
            },
        ));
    }
    let samples: Vec<UtilisationRecord> = inv
        .samples
        .into_iter()
        .map(|s| UtilisationRecord {
            resource_id: s.resource_id,
            at: s.at,
            cpu_percent: s.cpu,
            memory_percent: s.memory,
        })
        .collect();
    Ok(store.recommendations_mut().replace_connection_inventory(
        DEMO_CONNECTION,
        &rows,
        &samples,
    )?)
}

pub(crate) fn remove_demo_inventory(store: &mut Store) -> Result<(), ApiError> {
    Ok(store
        .recommendations_mut()
        .remove_connection_inventory(DEMO_CONNECTION)?)
}
