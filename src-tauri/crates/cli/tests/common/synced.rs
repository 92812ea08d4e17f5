//! A synced store's contents in a form two stores can be compared by.

use cloudlens_store::{LineFilter, Store, StoreError};

/// Lines, rollup totals, `connection`'s windows and inventory, each sorted
/// or in the store's order; checks the rollup agrees with the lines.
pub fn contents(store: &Store, connection: &str) -> [Vec<String>; 4] {
    let mut lines = Vec::new();
    store
        .lines()
        .scan_lines::<StoreError>(&LineFilter::default(), |l| {
            lines.push(format!(
                "{}|{:?}|{}|{}|{}|{}",
                l.dims.provider_name,
                l.dims.resource_id,
                l.charge_period_start,
                l.billed_cost,
                l.effective_cost,
                l.provenance.source_row
            ));
            Ok(())
        })
        .unwrap();
    lines.sort();
    let totals = store.lines().summary().unwrap();
    let windows = store.sync().sync_windows(connection).unwrap();
    let inventory = store.sync().inventory(Some(connection)).unwrap();
    assert_eq!(store.lines().rollup_mismatches().unwrap(), 0);
    [
        lines,
        totals.iter().map(|r| format!("{r:?}")).collect(),
        windows
            .iter()
            .map(|w| format!("{} {}", w.key, w.state))
            .collect(),
        inventory
            .iter()
            .map(|r| format!("{} {} {} {}", r.kind, r.id, r.region, r.state))
            .collect(),
    ]
}
