//! Provider sync's records: connections and their secrets, sync runs,
//! windows, page provenance, month totals, inventory and utilisation.

mod connections;
pub(crate) mod inventory;
mod schema;
mod secrets;
mod state;

pub use connections::{ConnectionError, ConnectionRecord, ConnectionUpdate, NewConnection};
pub use inventory::{InventoryRow, UtilSample};
pub(crate) use schema::AREA;
pub use secrets::SecretHome;
pub use state::{LineSource, PageRecord, SyncRunRecord, WindowRecord};

area_handles!(
    /// Connections, sync runs and windows, page provenance, inventory.
    SyncRecords,
    SyncRecordsMut,
    sync,
    sync_mut
);
