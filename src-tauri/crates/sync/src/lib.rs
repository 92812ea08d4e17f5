//! The provider sync engine, shared by every provider: bill work is cut
//! into idempotent windows (billing account × month, or × day where the API
//! filters by day); fetchers run with bounded concurrency under a
//! token bucket per API family at its documented rate (bills and inventory
//! side by side), retrying throttling, 5xx and timeouts with
//! exponential backoff and full jitter; one writer thread owns the store
//! and commits each finished window (lines, page provenance, `done` mark)
//! in one transaction, so a run killed at any point resumes with the same
//! final data. No Tauri, no environment; the run's clock is passed in, and
//! provider requests are dated by the machine's clock ([`system_clock`])
//! unless the caller passes another.

mod bucket;
mod client;
mod deliver;
mod engine;
mod fetch;
mod gather;
mod limiter;
mod months;
mod plan;
mod status;
mod writer;

pub use client::{build_client, system_clock, test_connection};
pub use engine::{sync_connection, Progress, SyncError, SyncOptions};
pub use months::{month_of, parse_month};
pub use status::error_text as error_message;
pub use status::{advice, status_of_error, Status};
