//! The encrypted local store: SQLCipher through rusqlite, keyed from the OS
//! keychain or a passphrase. Lines are written only through [`Store::import`],
//! one transaction per run, and read through typed queries; no SQL leaves
//! this crate.

mod audit;
mod connections;
mod dsum;
mod error;
mod explore_read;
mod explore_saved;
mod import;
mod intern;
mod inventory;
mod key;
mod keychain;
mod money;
mod open;
mod prepared;
mod queries;
mod restate;
mod rollup;
mod runs;
mod scan;
mod schema;
mod secrets;
mod sync_state;

pub use audit::{
    label as audit_entry_label, verify_chain, AuditAction, AuditKey, AuditPublicKey, AuditRecord,
    Auditor, ChainEntry, ChainProblem, ChainReport, HeadStatus, ProblemKind, SignedHead,
    GENESIS as AUDIT_GENESIS,
};
pub use connections::{ConnectionError, ConnectionRecord, ConnectionUpdate, NewConnection};
pub use error::StoreError;
pub use explore_read::{DimsRecord, LineColumn, ResourceLineRecord};
pub use explore_saved::{RateRecord, RuleVersionRecord, SavedViewRecord};
pub use import::{ImportOutcome, LineSink, RunSpec, RunTx, StoredTotal};
pub use inventory::{InventoryRow, UtilSample};
pub use key::{KeySource, StoreKey};
pub use keychain::Keychain;
pub use money::{from_nanos, to_nanos};
pub use open::{Store, PAGE_SIZE};
pub use prepared::PreparedLine;
pub use queries::{day_index, AggRow, Metric, RollupDim, RollupRow, SummaryRow};
pub use runs::{RunKind, RunRecord};
pub use scan::LineFilter;
pub use secrets::SecretHome;
pub use sync_state::{LineSource, PageRecord, SyncRunRecord, WindowRecord};
